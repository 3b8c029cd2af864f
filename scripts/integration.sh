#!/usr/bin/env bash
# ansible-test integration --local over every target in
# tests/integration/targets, against the local Copr server:
#   1. start 'python -m copr_server --port 0' from the .build copy, wait
#      (30 s at most) for "copr_server listening on http://HOST:PORT";
#   2. write tests/integration/integration_config.yml into the .build copy
#      from tests/copr_server/seed.json;
#   3. run ansible-test (the modules run in the controller, the default);
#   4. on a full run, run the targets of MODULE_PATH_TARGETS again with
#      COPR_EXECUTION=module, so the same tasks also pass as module processes;
#   stop the server on any exit (trap).
# Extra arguments go to ansible-test (e.g. a target name); then step 4 runs
# only when MODULE_PATH_TARGETS is set explicitly.
set -euo pipefail
# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"

activate_venv
[ -d "$COLL" ] || die "no collection copy at $COLL (the Makefile makes it)"
cd "$COLL"

if [ ! -f tests/copr_server/__main__.py ]; then
    die "tests/copr_server/__main__.py is missing: the local Copr server has not landed yet"
fi
[ -f tests/copr_server/seed.json ] || die "tests/copr_server/seed.json is missing"
if ! find tests/integration/targets -mindepth 1 -maxdepth 1 -type d 2>/dev/null | grep -q .; then
    die "no integration targets in tests/integration/targets"
fi

start_local_server "$COLL/tests/output/copr_server.log"
url="$COPR_SERVER_URL"

"$VPY" "$ROOT/scripts/write_integration_config.py" \
    --url "$url" --seed tests/copr_server/seed.json \
    --out tests/integration/integration_config.yml

pyver="$(venv_pyver)"
# Modules run on localhost with the venv's Python (requests lives there);
# ansible-test's inventory sets it for testhost, this covers 'localhost'
# in runme.sh-style targets too.
export ANSIBLE_PYTHON_INTERPRETER="$VPY"
export COPR_TEST_SERVER_URL="$url"
# INTEGRATION_EXCLUDE: targets a full run leaves out (make test runs them in another lane).
excludes=()
if [ $# -eq 0 ]; then
    for target in ${INTEGRATION_EXCLUDE:-}; do
        excludes+=(--exclude "$target")
    done
fi
log "ansible-test integration --local --python $pyver ${excludes[*]} $*"
ansible-test integration --local --python "$pyver" --color no "${excludes[@]}" "$@" 2>&1 \
    | tee tests/output/integration-controller.log

if [ $# -eq 0 ] || [ -n "${MODULE_PATH_TARGETS+set}" ]; then
    read -r -a module_targets <<< "${MODULE_PATH_TARGETS-module_copr_project module_copr_chroot module_copr_build role_projects}"
    if [ ${#module_targets[@]} -gt 0 ]; then
        # ansible-test passes targets no environment of ours (COPR_EXECUTION would not
        # arrive), but it reads tests/integration/integration.cfg: the ansible.cfg switch.
        cfg=tests/integration/integration.cfg
        [ ! -e "$cfg" ] || die "$cfg exists: the module path pass would overwrite it"
        printf '[copr.copr]\nexecution = module\n' > "$cfg"
        log "module path ([copr.copr] execution = module): ansible-test integration ${module_targets[*]}"
        status=0
        ansible-test integration --local --python "$pyver" --color no "${module_targets[@]}" 2>&1 \
            | tee tests/output/integration-module.log || status=$?
        rm -f "$cfg"
        [ "$status" -eq 0 ] || exit "$status"
        # Proof that the modules ran as processes: copr_build prints progress lines only in the controller.
        if grep -q '^copr_build: build ' tests/output/integration-module.log; then
            die "the module path pass printed controller progress lines: the modules did not run as processes"
        fi
        if [[ " ${module_targets[*]} " == *" module_copr_build "* ]] && [ $# -eq 0 ] \
                && ! grep -q '^copr_build: build ' tests/output/integration-controller.log; then
            die "the controller pass printed no progress line: the modules did not run in the controller"
        fi
    fi
fi
