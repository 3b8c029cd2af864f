#!/usr/bin/env bash
# make ee: 'ansible-builder create' (no container build) on the example
# execution environment (examples/execution-environment.yml, version 3) with
# copr.copr taken from a freshly built tarball, then check that the context
# installs the collection's Python and system requirements:
#   - the Containerfile installs the collections from _build/requirements.yml,
#     runs the introspection and installs what it found (pip and bindep);
#   - the galaxy stage, replayed here (ansible-galaxy collection install -r
#     requirements.yml in _build), installs copr.copr from the tarball in the
#     context, and the context's own introspect.py finds requests and
#     python3-requests in it (from meta/execution-environment.yml).
set -euo pipefail
# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"

activate_venv
out="$BUILD/ee"
rm -rf "$out"
mkdir -p "$out/dist"
(cd "$ROOT" && ansible-galaxy collection build --force --output-path "$out/dist" >/dev/null)
tarball="$(ls "$out"/dist/copr-copr-*.tar.gz)"

# The example definition, with copr.copr from the tarball instead of Galaxy.
"$VPY" - "$ROOT/examples/execution-environment.yml" "$tarball" "$out/execution-environment.yml" <<'PY'
import os, sys
import yaml
src, tarball, dst = sys.argv[1:]
with open(src) as f:
    ee = yaml.safe_load(f)
assert ee["version"] == 3, "examples/execution-environment.yml must use ansible-builder schema version 3"
ee["additional_build_files"] = [{"src": tarball, "dest": "collections"}]
ee["dependencies"]["galaxy"] = {"collections": [
    {"name": "collections/" + os.path.basename(tarball), "type": "file"}]}
with open(dst, "w") as f:
    yaml.safe_dump(ee, f)
PY

log "ansible-builder create ($(ansible-builder --version))"
ansible-builder create -f "$out/execution-environment.yml" -c "$out/context" \
    --output-filename Containerfile -v 1 >"$out/create.log" 2>&1 \
    || { cat "$out/create.log" >&2; die "ansible-builder create failed"; }
ctx="$out/context"
[ -f "$ctx/Containerfile" ] || die "no Containerfile in $ctx"
for step in 'ansible-galaxy collection install .*-r requirements.yml' \
            'introspect.py introspect' '/output/scripts/assemble' '/output/scripts/install-from-bindep'; do
    grep -qE "$step" "$ctx/Containerfile" || die "the Containerfile does not run: $step"
done
[ -f "$ctx/_build/collections/$(basename "$tarball")" ] || die "the tarball was not copied into the context"

# Replay the galaxy stage and the introspection with the context's own script.
(cd "$ctx/_build" && ansible-galaxy collection install -r requirements.yml \
    -p "$out/collections" >"$out/galaxy.log" 2>&1) \
    || { cat "$out/galaxy.log" >&2; die "ansible-galaxy collection install -r requirements.yml failed in the context"; }
"$VPY" "$ctx/_build/scripts/introspect.py" introspect --sanitize \
    --write-pip="$out/requirements.txt" --write-bindep="$out/bindep.txt" "$out/collections" >"$out/introspect.log"
cat "$out/requirements.txt" "$out/bindep.txt" >&2
grep -qE '^requests>=2\.28 +# from collection copr\.copr$' "$out/requirements.txt" \
    || die "the EE would not install requests for copr.copr (requirements.txt)"
grep -qE '^python3-requests \[platform:rpm\] +# from collection copr\.copr$' "$out/bindep.txt" \
    || die "the EE would not install python3-requests for copr.copr (bindep.txt)"
# Test-only system packages carry the [test] profile, which bindep skips at build time.
if grep -vE '\[[^]]*\b(test)\b[^]]*\]' "$out/bindep.txt" | grep -qE '^rpm\b'; then
    die "rpm (a test requirement) would be installed in the EE"
fi
log "ansible-builder context OK: $ctx"
