#!/usr/bin/env bash
# Run the GitOps example (examples/ of a copr.copr collection) against a local
# Copr server started from that same collection, the way a user would:
#   1. start the server: PYTHONPATH=COLLECTIONS python -m ansible_collections.copr.copr.tests.copr_server
#   2. converge examples/projects.yml and examples/build.yml (build waited for):
#      the first run must report changes, the second must report changed=0;
#   3. run examples/show.yml, which must print every declared project;
#   4. run examples/export.yml (alice's and @qa's projects into a group_vars
#      file), then examples/projects.yml on that file: changed=0, and the
#      server recorded no write.
# Used by 'make demo' (the .build copy, the dev venv) and by the release test
# (the collection installed from the built tarball, a fresh venv).
#
# usage: run-examples.sh COLLECTIONS PYTHON LOGDIR
#   COLLECTIONS  a collections root holding ansible_collections/copr/copr
#   PYTHON       a Python with ansible-core, requests and flask; its bin/
#                directory provides ansible-playbook
#   LOGDIR       where the server and playbook logs go
set -euo pipefail
# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"

[ "$#" -eq 3 ] || die "usage: $0 COLLECTIONS PYTHON LOGDIR"
collections="$(cd "$1" && pwd)"
python="$2"
logs="$3"
coll="$collections/ansible_collections/copr/copr"
[ -d "$coll/examples" ] || die "no examples/ in $coll"
[ -x "$python" ] || die "no Python at $python"
mkdir -p "$logs"
logs="$(cd "$logs" && pwd)"
bindir="$(dirname "$python")"
[ -x "$bindir/ansible-playbook" ] || die "no ansible-playbook next to $python"

# Only the given collections root: a copy elsewhere (~/.ansible/collections,
# the checkout) must not be what runs.
export ANSIBLE_COLLECTIONS_PATH="$collections"
export ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false
export PATH="$bindir:$PATH"
unset ANSIBLE_CONFIG

# Builds take a few seconds per phase here, as if a builder were fast.
SERVER_COLLECTIONS="$collections" SERVER_PYTHON="$python" \
    start_local_server "$logs/server.log" --build-speed 0.5

# The same variables a user exports for production, here with alice's
# credentials from the local server's seed.
eval "$("$python" - "$coll/tests/copr_server/seed.json" <<'PY'
import json, shlex, sys
with open(sys.argv[1]) as seed:
    alice = next(u for u in json.load(seed)["users"] if u["name"] == "alice")
print("export COPR_LOGIN=%s COPR_TOKEN=%s" % (shlex.quote(alice["api_login"]), shlex.quote(alice["api_token"])))
PY
)"
export COPR_URL="$COPR_SERVER_URL"

cd "$coll"
log "ansible-playbook $(command -v ansible-playbook), collection $coll"
# Which copr.copr Ansible resolves: it must be the one under test.
found="$(ansible-galaxy collection list copr.copr --format json 2>/dev/null \
    | "$python" -c 'import json, sys; print(" ".join(json.load(sys.stdin)))')"
[ "$found" = "$collections/ansible_collections" ] \
    || die "ansible-galaxy sees copr.copr in '$found', expected only $collections/ansible_collections"

playbooks=(examples/projects.yml examples/build.yml)

# Run the playbooks, show their output, print the total of changed= from the recap.
converge() {
    local out="$logs/run$1.log" rc=0
    log "run $1: ansible-playbook ${playbooks[*]} ${*:2}   (COPR_URL=$COPR_URL)"
    ansible-playbook -i examples/inventory.yml "${playbooks[@]}" "${@:2}" >"$out" 2>&1 || rc=$?
    cat "$out" >&2
    [ "$rc" -eq 0 ] || die "run $1 failed (exit $rc)"
    grep -q 'PLAY RECAP' "$out" || die "run $1 printed no PLAY RECAP"
    sed -n '/PLAY RECAP/,$p' "$out" | grep -oE 'changed=[0-9]+' | awk -F= '{n += $2} END {print n + 0}'
}

first=$(converge 1)
[ "$first" -gt 0 ] || die "run 1 reported changed=0 against a fresh server; it must create the projects"
log "run 1 made changes: changed=$first"
second=$(converge 2)
[ "$second" = "0" ] || die "run 2 reported changed=$second; a second run must change nothing"
log "run 2: changed=0 — Copr already matched the playbooks"

log "the projects as copr.copr.copr_project_info sees them:"
ansible-playbook -i examples/inventory.yml examples/show.yml >"$logs/show.log" 2>&1 \
    || { cat "$logs/show.log" >&2; die "examples/show.yml failed"; }
grep -E '"msg"' "$logs/show.log" >&2
for project in demo-tools demo-nightly demo-python; do
    grep -q "/$project: chroots" "$logs/show.log" || die "examples/show.yml did not print $project"
done

# 4. Adopt: export what the server holds, converge the export - nothing to change.
export_file="$logs/export/group_vars/all/copr.yml"
rm -rf "$logs/export"
log "examples/export.yml -> $export_file"
ansible-playbook -i examples/inventory.yml examples/export.yml -e "copr_export_dest=$export_file" \
    -e '{"copr_export_owners": ["alice", "@qa"]}' >"$logs/export.log" 2>&1 \
    || { cat "$logs/export.log" >&2; die "examples/export.yml failed"; }
for project in demo-tools demo-nightly demo-python; do
    grep -q "^  - name: $project\$" "$export_file" || die "the export lacks $project: $(cat "$export_file")"
done
last_seq() {
    "$python" -c 'import json, sys, urllib.request
print(json.load(urllib.request.urlopen(sys.argv[1] + "/_test/requests?since=999999999"))["last_seq"])' "$COPR_URL"
}
writes_since() {
    "$python" -c 'import json, sys, urllib.request
items = json.load(urllib.request.urlopen("%s/_test/requests?since=%s" % tuple(sys.argv[1:])))["items"]
print(" ".join(item["method"] + " " + item["path"] for item in items if item["write"]))' "$COPR_URL" "$1"
}
mark="$(last_seq)"
# The export as the only copr_projects (extra vars win over examples/group_vars).
playbooks=(examples/projects.yml)
third=$(converge 3 -e "@$export_file")
writes="$(writes_since "$mark")"
if [ "$third" != "0" ] || [ -n "$writes" ]; then
    die "converging the export reported changed=$third and wrote: ${writes:-nothing}; it must change nothing"
fi
log "the export converges with changed=0 and no write: $(grep -c '^  - name: ' "$export_file") projects"
