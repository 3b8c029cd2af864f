#!/usr/bin/env bash
# ansible-test sanity over the .build copy, in ansible-test's own venvs
# (--venv) for the venv's Python version. Extra arguments go to
# ansible-test (e.g. 'make sanity SANITY_ARGS="--test pep8"').
set -euo pipefail
# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"

activate_venv
"$ROOT/scripts/apt-deps.sh" shellcheck
"$VPY" "$ROOT/scripts/get_pip_shim.py"
pyver="$(venv_pyver)"
[ -d "$COLL" ] || die "no collection copy at $COLL (the Makefile makes it)"
cd "$COLL"
log "ansible-test sanity --venv --python $pyver $*"
ansible-test sanity --venv --python "$pyver" --color no "$@"
