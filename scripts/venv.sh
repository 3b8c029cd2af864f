#!/usr/bin/env bash
# Create or reuse .venv with the newest available Python and install
# tests/requirements.txt (which pins ansible-core per Python version).
# Idempotent: a stamp of interpreter + requirement files skips pip when
# nothing changed; a different interpreter recreates the venv.
set -euo pipefail
# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"

PYTHON="${PYTHON:-$(pick_python)}"
pyver="$("$PYTHON" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])')"

reqs=("$ROOT/tests/requirements.txt" "$ROOT/requirements.txt")
[ -f "$ROOT/tests/copr_server/requirements.txt" ] && reqs+=("$ROOT/tests/copr_server/requirements.txt")
stamp="$( { echo "$PYTHON $pyver"; cat "${reqs[@]}"; } | sha256sum | cut -c1-16)"
stamp_file="$VENV/.copr-stamp"

if [ -x "$VPY" ] && [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$stamp" ]; then
    log "venv up to date: $VENV (Python $pyver)"
    exit 0
fi

if [ -x "$VPY" ]; then
    have="$("$VPY" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])' 2>/dev/null || echo none)"
    if [ "$have" != "$pyver" ]; then
        log "venv has Python $have, want $pyver: recreating"
        rm -rf "$VENV"
    fi
fi
if [ ! -x "$VPY" ]; then
    log "creating venv $VENV with $PYTHON (Python $pyver)"
    "$PYTHON" -m venv "$VENV"
fi

log "installing test requirements into $VENV"
# tests/copr_server/requirements.txt (owned by the server's authors) is added
# when it exists; pip cannot make an -r include optional.
args=(-r "$ROOT/tests/requirements.txt" -r "$ROOT/requirements.txt")
if [ -f "$ROOT/tests/copr_server/requirements.txt" ]; then
    args+=(-r "$ROOT/tests/copr_server/requirements.txt")
fi
# The machine's pip config lists optional local indexes; silence their
# "is ignored" noise, keep every other line.
"$VPY" -m pip install --quiet --disable-pip-version-check "${args[@]}" 2>&1 \
    | sed '/is ignored: it is neither a file nor a directory/d'

"$VPY" - <<'PY'
import sys
import ansible.release
print("==> venv ready: Python %d.%d.%d, ansible-core %s" % (sys.version_info[:3] + (ansible.release.__version__,)), file=sys.stderr)
PY
echo "$stamp" > "$stamp_file"
