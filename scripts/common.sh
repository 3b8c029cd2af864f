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
