#!/usr/bin/env bash
# make package: the release artifact as a user gets it.
#   1. 'ansible-galaxy collection build' in the checkout (as a maintainer
#      releases it) into .build/release/; the tarball must hold what a user
#      needs and none of the venvs, .build copies, test output, caches and
#      tooling that build_ignore in galaxy.yml keeps out;
#   2. a fresh venv (same interpreter as .venv, same ansible-core; pip's cache
#      makes it quick) with only ansible-core and flask, then the
#      collection's own requirements.txt from the installed copy;
#   3. 'ansible-galaxy collection install' of the tarball into an empty
#      collections path;
#   4. scripts/run-examples.sh on the installed copy: the local Copr server
#      started from the installed collection, examples/ converged twice
#      (second run: changed=0), show.yml.
set -euo pipefail
# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"

require_venv
out="$BUILD/release"
rm -rf "$out"
mkdir -p "$out/dist" "$out/collections"

version="$("$VPY" -c 'import yaml, sys; print(yaml.safe_load(open(sys.argv[1]))["version"])' "$ROOT/galaxy.yml")"
tarball="$out/dist/copr-copr-$version.tar.gz"

log "ansible-galaxy collection build (in $ROOT)"
(cd "$ROOT" && "$VENV/bin/ansible-galaxy" collection build --force --output-path "$out/dist" >/dev/null)
[ -f "$tarball" ] || die "ansible-galaxy collection build made no $tarball"

log "checking the tarball's contents ($(tar tzf "$tarball" | wc -l) entries, $(du -k "$tarball" | cut -f1) kB)"
tar tzf "$tarball" | sed 's#^\./##' > "$out/contents.txt"
# Generated or developer-only content that must never ship.
unwanted='(^|/)(\.venv|\.build|\.nox|\.git|__pycache__|\.pytest_cache|\.mypy_cache|\.tox|\.cache)(/|$)|^tests/output(/|$)|\.pyc$|\.tar\.gz$|^tests/integration/(inventory|integration_config\.yml)$|^changelogs/\.plugin-cache\.yaml$|^(docs/build|\.build)(/|$)|^(scripts|\.ci)(/|$)|^(Makefile|noxfile\.py|antsibull-nox\.toml)$'
if grep -E "$unwanted" "$out/contents.txt" > "$out/unwanted.txt"; then
    head -n 20 "$out/unwanted.txt" >&2
    die "the tarball holds $(wc -l < "$out/unwanted.txt") unwanted entries (see above): extend build_ignore in galaxy.yml"
fi
# What an installed collection must offer: modules, role, docs, changelog,
# EE metadata, the examples and the local Copr server.
for f in MANIFEST.json FILES.json README.md LICENSE CHANGELOG.rst requirements.txt bindep.txt \
         meta/runtime.yml meta/execution-environment.yml changelogs/changelog.yaml \
         plugins/modules/copr_project.py plugins/module_utils/copr_api.py plugins/doc_fragments/copr.py \
         roles/projects/tasks/main.yml roles/projects/meta/argument_specs.yml \
         docs/docsite/extra-docs.yml docs/docsite/links.yml \
         examples/projects.yml examples/inventory.yml examples/export.yml \
         tests/copr_server/__main__.py tests/copr_server/seed.json; do
    grep -qx "$f" "$out/contents.txt" || die "the tarball lacks $f"
done

base_python="$("$VPY" -c 'import sys; print(getattr(sys, "_base_executable", sys.executable))')"
core="$("$VPY" -c 'import ansible.release; print(ansible.release.__version__)')"
log "fresh venv $out/venv ($base_python, ansible-core $core, flask)"
"$base_python" -m venv "$out/venv"
pip_install() {
    # The machine's pip config lists optional local indexes: drop their noise.
    "$out/venv/bin/python" -m pip install --quiet --disable-pip-version-check "$@" 2>&1 \
        | sed '/is ignored: it is neither a file nor a directory/d'
}
pip_install "ansible-core==$core" flask

log "ansible-galaxy collection install $(basename "$tarball") -p $out/collections"
(cd "$out" && env -u ANSIBLE_COLLECTIONS_PATH "$out/venv/bin/ansible-galaxy" collection install \
    --force -p "$out/collections" "$tarball" >"$out/install.log" 2>&1) \
    || { cat "$out/install.log" >&2; die "ansible-galaxy collection install failed"; }
installed="$out/collections/ansible_collections/copr/copr"
[ -f "$installed/MANIFEST.json" ] || die "nothing installed at $installed"
pip_install -r "$installed/requirements.txt"

"$ROOT/scripts/run-examples.sh" "$out/collections" "$out/venv/bin/python" "$out/logs"
log "release artifact OK: $tarball"
