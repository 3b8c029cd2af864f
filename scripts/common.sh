# shellcheck shell=bash
# Shared helpers for the Makefile's scripts. Source it; do not run it.
# Every path here is absolute so the scripts work from any directory.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${VENV:-$ROOT/.venv}"
VPY="$VENV/bin/python"
BUILD="${BUILD:-$ROOT/.build}"
COLL="$BUILD/ansible_collections/copr/copr"
export ROOT VENV VPY BUILD COLL

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# The newest usable interpreter: 3.13, then 3.12 (pyenv installs, by full
# path: the pyenv shims exit 127 for non-default versions), then python3.
pick_python() {
    local roots=() r v p
    if command -v pyenv >/dev/null 2>&1; then
        r="$(pyenv root 2>/dev/null || true)"
        [ -n "$r" ] && roots+=("$r")
    fi
    roots+=("${PYENV_ROOT:-}" "$HOME/.pyenv" /root/.pyenv)
    for v in 3.13 3.12; do
        for r in "${roots[@]}"; do
            [ -n "$r" ] || continue
            for p in "$r"/versions/"$v"*/bin/python"$v"; do
                if [ -x "$p" ] && "$p" -c 'import venv, ensurepip' >/dev/null 2>&1; then
                    echo "$p"; return 0
                fi
            done
        done
        p="$(command -v "python$v" 2>/dev/null || true)"
        if [ -n "$p" ] && [[ "$p" != */shims/* ]] && "$p" -c 'import venv, ensurepip' >/dev/null 2>&1; then
            echo "$p"; return 0
        fi
    done
    command -v python3 || die "no python3 found"
}

# "3.13" for the venv's interpreter.
venv_pyver() {
    "$VPY" -c 'import sys; print("%d.%d" % sys.version_info[:2])'
}

require_venv() {
    [ -x "$VPY" ] || die "no virtualenv at $VENV: run 'make venv' first"
}

# Put the venv first on PATH (ansible-test looks up pythonX.Y and ansible-*
# there, never at the pyenv shims).
activate_venv() {
    require_venv
    export PATH="$VENV/bin:$PATH"
    export VIRTUAL_ENV="$VENV"
    unset PYTHONHOME
}

# Start the local Copr server on a free loopback port, the way a user starts it
# from an installed collection:
#   PYTHONPATH=<collections root> python -m ansible_collections.copr.copr.tests.copr_server
# (ansible_collections is a namespace package, so no installation step is
# needed). SERVER_COLLECTIONS is the collections root (default: the .build
# copy), SERVER_PYTHON a Python with flask (default: the venv's). Sets
# COPR_SERVER_URL and COPR_SERVER_PID and stops the server on EXIT.
# $1: log file. Extra arguments go to the server (e.g. --build-speed 0.2).
start_local_server() {
    local server_log=$1; shift
    local collections="${SERVER_COLLECTIONS:-$BUILD}" python="${SERVER_PYTHON:-$VPY}"
    [ -f "$collections/ansible_collections/copr/copr/tests/copr_server/__main__.py" ] \
        || die "no local Copr server under $collections/ansible_collections/copr/copr/tests/copr_server"
    mkdir -p "$(dirname "$server_log")"
    PYTHONPATH="$collections" "$python" -u -m ansible_collections.copr.copr.tests.copr_server \
        --host 127.0.0.1 --port 0 "$@" >"$server_log" 2>&1 &
    COPR_SERVER_PID=$!
    # shellcheck disable=SC2064  # expand now: the trap must stop this pid
    trap "stop_local_server '$server_log'" EXIT
    COPR_SERVER_URL=""
    local _
    for _ in $(seq 1 300); do
        COPR_SERVER_URL="$(sed -n 's#.*copr_server listening on \(http://[^[:space:]]*\).*#\1#p' "$server_log" | head -n1)"
        [ -n "$COPR_SERVER_URL" ] && break
        if ! kill -0 "$COPR_SERVER_PID" 2>/dev/null; then
            cat "$server_log" >&2
            die "the local Copr server exited before it was ready"
        fi
        sleep 0.1
    done
    if [ -z "$COPR_SERVER_URL" ]; then
        cat "$server_log" >&2
        die "the local Copr server did not print 'copr_server listening on ...' within 30 s"
    fi
    export COPR_SERVER_URL COPR_SERVER_PID
    log "local Copr server at $COPR_SERVER_URL (pid $COPR_SERVER_PID, from $collections)"
}

stop_local_server() {
    if [ -n "${COPR_SERVER_PID:-}" ] && kill -0 "$COPR_SERVER_PID" 2>/dev/null; then
        kill "$COPR_SERVER_PID" 2>/dev/null || true
        wait "$COPR_SERVER_PID" 2>/dev/null || true
        log "local Copr server stopped (log: $1)"
    fi
}
