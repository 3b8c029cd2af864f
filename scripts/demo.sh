#!/usr/bin/env bash
# make demo: start the local Copr server, converge the example projects and
# build (waited for) twice (the second run must report changed=0), print the
# projects as copr_project_info sees them, then stop the server.
set -euo pipefail
# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"

activate_venv
cd "$COLL"
# Builds take a few seconds per phase here, as if a builder were fast.
start_local_server "$BUILD/demo-server.log" --build-speed 0.5

# The same variables a user exports for production, here with alice's
# credentials from the local server's seed.
eval "$("$VPY" - tests/copr_server/seed.json <<'PY'
import json, shlex, sys
with open(sys.argv[1]) as seed:
    alice = next(u for u in json.load(seed)["users"] if u["name"] == "alice")
print("export COPR_LOGIN=%s COPR_TOKEN=%s" % (shlex.quote(alice["api_login"]), shlex.quote(alice["api_token"])))
PY
)"
export COPR_URL="$COPR_SERVER_URL"
export ANSIBLE_COLLECTIONS_PATH="$BUILD"

playbooks=(examples/projects.yml examples/build.yml)

# Run the playbooks, show their output, print the total of changed= from the recap.
converge() {
    local out="$BUILD/demo-run$1.log" rc=0
    log "run $1: ansible-playbook ${playbooks[*]}   (COPR_URL=$COPR_URL)"
    ansible-playbook -i examples/inventory.yml "${playbooks[@]}" >"$out" 2>&1 || rc=$?
    cat "$out" >&2
    [ "$rc" -eq 0 ] || die "run $1 failed (exit $rc)"
    sed -n '/PLAY RECAP/,$p' "$out" | grep -oE 'changed=[0-9]+' | awk -F= '{n += $2} END {print n + 0}'
}

first=$(converge 1)
log "run 1 made changes: changed=$first"
second=$(converge 2)
[ "$second" = "0" ] || die "run 2 reported changed=$second; a second run must change nothing"
log "run 2: changed=0 — Copr already matched the playbooks"

log "the projects as copr.copr.copr_project_info sees them:"
ansible-playbook -i examples/inventory.yml examples/show.yml 2>&1 | grep -E '"msg"|failed=' >&2
