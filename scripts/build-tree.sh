#!/usr/bin/env bash
# Copy the collection (tracked plus untracked-but-not-ignored files) to
# .build/ansible_collections/copr/copr, fresh each run: ansible-test needs
# the collection at a real path ending in ansible_collections/NS/NAME.
set -euo pipefail
# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"

cd "$ROOT"
git rev-parse --is-inside-work-tree >/dev/null 2>&1 || die "$ROOT is not a git work tree"

rm -rf "$COLL"
mkdir -p "$COLL"
# -c also lists tracked files deleted in the work tree: copy only what exists.
git ls-files -z -co --exclude-standard \
    | while IFS= read -r -d '' f; do
        if [ -e "$f" ] || [ -L "$f" ]; then printf '%s\0' "$f"; fi
    done \
    | xargs -0 -r cp -a --parents -t "$COLL"
# .build is ignored by the enclosing repo, and ansible-test lists files with
# git from the nearest .git upwards: give the copy its own repository so it
# sees every copied file (the copied .gitignore keeps tests/output out).
git -C "$COLL" init -q
log "collection copied to $COLL ($(find "$COLL" -type f | wc -l) files)"
