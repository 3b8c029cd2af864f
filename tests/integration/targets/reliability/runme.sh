#!/usr/bin/env bash
# Reliability as a tested property (issue 13): real ansible-playbook runs against local
# Copr servers with seeded fault injection (tests/copr_server/README.md, "Fault injection").
# Each scenario starts its own server with its own fault flags, so nothing leaks into
# the shared server of the other targets.
#
#   1. converge   the examples/ inventory (projects, chroot settings, the build) with 20%
#                 gateway faults and 5% lost answers: succeeds, twice, and the server holds
#                 exactly what is declared, each project and the build made once
#   2. builds     ambiguous build submissions over many seeds: never a duplicate build
#   3. token      a token expiring mid-run fails fast with the renew message; nothing resent
#   4. action     "operation in progress" waited out within retry_max_time, then a clear failure
#   5. parallel   two converges of the same inventory at once: both succeed, projects made once
#   6. check      check mode writes nothing, for every module and the role, under faults
#   7. secrets    no token or login in -vvvv output, success and failure, every module, both paths
#   8. bad input  at least 30 bad inputs fail clearly, naming the resource; the state is unchanged
#
# Scenarios 3-8 run on both execution paths: in the controller (default) and as module
# processes (COPR_EXECUTION=module). Pass scenario names to run only those.
set -eu

here="$(pwd)"
work="${OUTPUT_DIR:?}/reliability"
rm -rf "$work" && mkdir -p "$work"

# The collection root: tests/copr_server, tests/bench/local_copr.py and examples/ live there.
COPR_COLL=""
IFS=: read -ra roots <<< "${ANSIBLE_COLLECTIONS_PATH:-}"
for root in "${roots[@]}"; do
    if [ -f "$root/ansible_collections/copr/copr/tests/copr_server/__main__.py" ]; then
        COPR_COLL="$root/ansible_collections/copr/copr"
        break
    fi
done
[ -n "$COPR_COLL" ] || { echo "FAIL: no copr.copr collection with tests/copr_server in ANSIBLE_COLLECTIONS_PATH" >&2; exit 1; }
export COPR_COLL

PY="$(command -v python)"
"$PY" -c 'import flask, yaml, requests' || { echo "FAIL: $PY cannot import flask, yaml and requests" >&2; exit 1; }
checks() { "$PY" "$here/checks.py" "$@"; }

SERVER_PIDS=()
stop_servers() {
    local pid
    for pid in "${SERVER_PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    SERVER_PIDS=()
}
trap stop_servers EXIT

# start_server NAME [server options]: a fresh local Copr server; sets URL and VARS.
start_server() {
    local name=$1; shift
    local log="$work/server-$name.log"
    PYTHONPATH="$COPR_COLL/tests" "$PY" -u -m copr_server --host 127.0.0.1 --port 0 "$@" >"$log" 2>&1 &
    SERVER_PIDS+=("$!")
    URL=""
    for _ in $(seq 1 300); do
        URL="$(sed -n 's#.*copr_server listening on \(http://[^[:space:]]*\).*#\1#p' "$log" | head -n1)"
        [ -n "$URL" ] && break
        sleep 0.1
    done
    [ -n "$URL" ] || { cat "$log" >&2; echo "FAIL: the $name server did not start" >&2; exit 1; }
    VARS="$work/vars-$name.yml"
    checks config "$URL" "$VARS"
    echo "== $name: local Copr server at $URL $*"
}

# play LOG [ansible-playbook arguments]: run a playbook, keep its output, show its tail on failure.
play() {
    local log="$work/$1.log"; shift
    if ! ansible-playbook "$@" >"$log" 2>&1; then
        tail -n 80 "$log"
        echo "FAIL: ansible-playbook $* (log: $log)" >&2
        exit 1
    fi
    grep -E '^(localhost|testhost) +:' "$log" | tail -n1 | sed 's/^/   /'
}

# changed_total LOG: the sum of changed= in the recap.
changed_total() {
    sed -n '/PLAY RECAP/,$p' "$work/$1.log" | grep -oE 'changed=[0-9]+' | awk -F= '{n += $2} END {print n + 0}'
}

# The examples/ playbooks read the connection from the environment, as in production.
demo_env() {
    "$PY" - "$COPR_COLL/tests/copr_server/seed.json" "$1" <<'PY'
import json, shlex, sys
with open(sys.argv[1]) as seed:
    alice = next(u for u in json.load(seed)["users"] if u["name"] == "alice")
print("export COPR_URL=%s COPR_LOGIN=%s COPR_TOKEN=%s" % (
    shlex.quote(sys.argv[2]), shlex.quote(alice["api_login"]), shlex.quote(alice["api_token"])))
PY
}

# The retry budget from the environment (the examples/ playbooks set none): a generous count
# and short waits, since these runs are about behaviour, not timing. Playbooks that test the
# budget itself set it in module_defaults or on the task.
export COPR_RETRIES=10 COPR_RETRY_DELAY=0.05

examples="$COPR_COLL/examples"
demo_playbooks=("$examples/projects.yml" "$examples/build.yml")

scenario_converge() {
    # One seed whose first build submission is answered 504/hang-up after Copr made the
    # build (adopted), one whose first submission never reached Copr (resubmitted once);
    # one fault stream per path, so the build's fate does not depend on how many reads
    # came before it.
    local key="POST /api_3/build/create/distgit" seed kind
    for kind in after gateway; do
        seed="$(checks seed-for "$key" 0.2 0.05 "$kind" ok)"
        start_server "converge-$kind" --build-speed 0.2 --fault-seed "$seed" --fault-stream path \
            --fault-gateway-rate 0.2 --fault-after-rate 0.05
        (
            eval "$(demo_env "$URL")"
            play "converge-$kind-1" -i "$examples/inventory.yml" "${demo_playbooks[@]}"
            checks demo "$URL" "$examples/group_vars/all/copr.yml" alice
            play "converge-$kind-2" -i "$examples/inventory.yml" "${demo_playbooks[@]}"
            [ "$(changed_total "converge-$kind-2")" = 0 ] || { echo "FAIL: the second converge changed something" >&2; exit 1; }
            checks demo "$URL" "$examples/group_vars/all/copr.yml" alice
        )
        grep -h -oE 'but Copr created build\(s\) [0-9]+: using them|submitting it again, once' \
            "$work/converge-$kind-1.log" | sort -u | sed 's/^/   warning: /'
        checks get "$URL" /_test/faults | sed 's/^/   faults: /'
        stop_servers
    done
}

scenario_builds() {
    start_server builds --build-speed 0
    play builds -e @"$VARS" builds.yml
    stop_servers
}

scenario_token() {
    start_server token
    play token -e @"$VARS" -e copr_record_url="$URL/_test/requests" token.yml
    stop_servers
}

scenario_action() {
    start_server action --build-speed 0
    play action -e @"$VARS" action.yml
    stop_servers
}

scenario_parallel() {
    start_server parallel --fault-seed 5 --fault-gateway-rate 0.1 --fault-after-rate 0.05
    (
        eval "$(demo_env "$URL")"
        ansible-playbook -i "$examples/inventory.yml" "$examples/projects.yml" >"$work/parallel-a.log" 2>&1 &
        a=$!
        ansible-playbook -i "$examples/inventory.yml" "$examples/projects.yml" >"$work/parallel-b.log" 2>&1 &
        b=$!
        rc=0
        wait "$a" || { tail -n 40 "$work/parallel-a.log"; rc=1; }
        wait "$b" || { tail -n 40 "$work/parallel-b.log"; rc=1; }
        [ "$rc" = 0 ] || { echo "FAIL: a parallel converge failed" >&2; exit 1; }
        # Both report a change for a project when they raced on it (both saw it missing).
        echo "   both converges succeeded; changed items: $(grep -c '^changed:' "$work/parallel-a.log") and" \
             "$(grep -c '^changed:' "$work/parallel-b.log")"
    )
    checks projects "$URL" "$examples/group_vars/all/copr.yml" alice
    stop_servers
}

scenario_check() {
    local mode
    start_server check --build-speed 0
    play check-setup -e @"$VARS" check_setup.yml
    checks faults "$URL" '{"seed": 3, "gateway_rate": 0.2, "after_rate": 0.05}' >/dev/null
    for mode in auto module; do
        checks state "$URL" "$work/check-before-$mode.json"
        since="$(checks mark "$URL")"
        COPR_EXECUTION=$mode play "check-$mode" --check -e @"$VARS" \
            -e "examples_vars=$examples/group_vars/all/copr.yml" check.yml
        checks no-writes "$URL" "$since"
        checks state "$URL" "$work/check-after-$mode.json"
        checks same "$work/check-before-$mode.json" "$work/check-after-$mode.json"
    done
    checks get "$URL" /_test/faults | sed 's/^/   faults: /'
    stop_servers
}

scenario_secrets() {
    local mode
    start_server secrets --build-speed 0 --fault-seed 9 --fault-gateway-rate 0.15 --fault-after-rate 0.05
    "$PY" - "$VARS" "$work/secrets.txt" <<'PY'
import sys, yaml
with open(sys.argv[1]) as handle:
    config = yaml.safe_load(handle)
with open(sys.argv[2], "w") as out:
    for key in ("copr_login", "copr_token", "copr_other_login", "copr_other_token"):
        out.write(config[key] + "\n")
    out.write("wrongtokenwrongtokenwrongtoken\n")
PY
    for mode in auto module; do
        # with the invocation (the task's arguments, no_log values masked) in every result
        ANSIBLE_INJECT_INVOCATION=1 COPR_EXECUTION=$mode play "secrets-$mode" -vvvv -e @"$VARS" -e "mode=$mode" secrets.yml
        checks secrets "$work/secrets-$mode.log" "$work/secrets.txt"
        # the output did show arguments (masked) and retries
        grep -q 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER' "$work/secrets-$mode.log" || { echo "FAIL: no masked argument in the output" >&2; exit 1; }
        grep -q 'retrying in' "$work/secrets-$mode.log" || { echo "FAIL: no retry warning in the output" >&2; exit 1; }
    done
    stop_servers
}

scenario_bad_input() {
    local mode
    start_server bad --build-speed 0
    play bad-setup -e @"$VARS" bad_setup.yml
    checks state "$URL" "$work/bad-before.json"
    for mode in auto module; do
        COPR_EXECUTION=$mode play "bad-$mode" -e @"$VARS" -e "workdir=$work" bad_input.yml
        checks state "$URL" "$work/bad-after-$mode.json"
        checks same "$work/bad-before.json" "$work/bad-after-$mode.json"
    done
    stop_servers
}

scenarios=("$@")
[ "${#scenarios[@]}" -gt 0 ] || scenarios=(converge builds token action parallel check secrets bad_input)
for scenario in "${scenarios[@]}"; do
    started=$SECONDS
    "scenario_$scenario"
    echo "ok: $scenario ($((SECONDS - started)) s)"
done
