#!/usr/bin/env bash
# The controller path (action plugins running the module's main() in the
# worker) against the module path (COPR_EXECUTION=module): the same playbook
# twice from the same server state, with results compared, at -vvvv with no
# secret in any line; progress lines only on the controller; the module path
# with a warning when the controller's Python lacks requests; ansible-doc
# unchanged by the action plugins.
set -eu

if [ -f ../../integration_config.yml ]; then
    set -- -e @../../integration_config.yml "$@"
fi
config=../../integration_config.yml
work="${OUTPUT_DIR:?}/parity"
rm -rf "$work" && mkdir -p "$work"
url="$(sed -n 's/^copr_api_url: *"\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$config")"
[ -n "$url" ] || { echo "FAIL: no copr_api_url in $config" >&2; exit 1; }

# localhost and a host whose tasks are all delegated to localhost (never contacted).
cat > "$work/inventory.ini" <<INI
localhost ansible_connection=local ansible_python_interpreter="{{ ansible_playbook_python }}"
parity_remote ansible_host=127.0.0.1 ansible_connection=ssh
INI

secrets() {
    sed -n 's/^copr_\(token\|login\|other_token\|other_login\): *"\{0,1\}\([^"]*\)"\{0,1\}$/\2/p' "$config"
}
# A config this pattern cannot read would make every secret check pass unseen.
[ "$(secrets | grep -c .)" -ge 4 ] || { echo "FAIL: cannot read the tokens and logins from $config" >&2; exit 1; }

check_no_secret() {
    local log=$1 secret
    while IFS= read -r secret; do
        [ -n "$secret" ] || continue
        if grep -qF -- "$secret" "$log"; then
            echo "FAIL: a token or login appears in $log" >&2
            exit 1
        fi
    done < <(secrets)
}

reset_server() {
    python3 -c "import urllib.request as u; u.urlopen(u.Request('$url/_test/reset', method='POST'), timeout=30)"
    python3 -c "import urllib.request as u, json; u.urlopen(u.Request('$url/_test/config', method='POST', data=json.dumps({'build_speed': 0.1}).encode(), headers={'Content-Type': 'application/json'}), timeout=30)"
}

run_parity() {
    local name=$1; shift
    reset_server
    if ! ansible-playbook -vvvv -i "$work/inventory.ini" parity.yml -e "out=$work/$name.json" "$@" \
            > "$work/$name.log" 2>&1; then
        tail -n 80 "$work/$name.log"
        echo "FAIL: parity playbook on the $name path" >&2
        exit 1
    fi
    check_no_secret "$work/$name.log"
    echo "ok: $name path ($(wc -l < "$work/$name.log") lines of -vvvv output, no secret)"
}

# 1. The same playbook on both paths, from the same (reset) server state.
COPR_EXECUTION=module run_parity module "$@"
run_parity controller "$@"
python3 compare.py "$work/module.json" "$work/controller.json"

# 2. Progress while waiting is printed on the controller only.
grep -Eq '^copr_build: build [0-9]+ \([^)]*/parity-one\) [^ ]+: succeeded after ' "$work/controller.log" \
    || { echo "FAIL: no chroot progress line on the controller path" >&2; exit 1; }
if grep -q '^copr_build: build' "$work/module.log"; then
    echo "FAIL: progress lines on the module path" >&2; exit 1
fi
echo "ok: progress lines on the controller path only"

# 3. No requests on the controller: the module path, with one warning for the whole run.
shadow="$work/no-requests"
mkdir -p "$shadow/requests"
echo 'raise ImportError("requests hidden by the test")' > "$shadow/requests/__init__.py"
reset_server
module_pythonpath="${PYTHONPATH:-}"
if ! PYTHONPATH="$shadow${module_pythonpath:+:$module_pythonpath}" ansible-playbook -i "$work/inventory.ini" \
        fallback.yml -e "module_pythonpath=$module_pythonpath" "$@" > "$work/fallback.log" 2>&1; then
    tail -n 60 "$work/fallback.log"
    echo "FAIL: the module path fallback" >&2
    exit 1
fi
count="$(grep -c "has no 'requests', so copr.copr runs its modules as separate" "$work/fallback.log" || true)"
[ "$count" = 1 ] || { cat "$work/fallback.log"; echo "FAIL: the fallback warning was shown $count times, not once" >&2; exit 1; }
echo "ok: without requests on the controller, modules run as processes (one warning)"

# 4. ansible-doc shows the module documentation (the action plugin has none of its own).
for module in copr_project copr_chroot copr_build copr_build_info copr_project_info; do
    ansible-doc -t module --json "copr.copr.$module" > "$work/doc-$module.json"
    python3 - "$work/doc-$module.json" "$module" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))["copr.copr." + sys.argv[2]]
assert doc["doc"]["module"] == sys.argv[2], doc["doc"].get("module")
assert "api_token" in doc["doc"]["options"] and doc["examples"] and doc["return"], sys.argv[2]
PY
done
echo "ok: ansible-doc unchanged for every module"
