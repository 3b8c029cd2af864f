#!/usr/bin/env bash
# make changelog: the release notes can be generated.
#   1. antsibull-changelog lint (config and every fragment) and
#      lint-changelog-yaml (changelogs/changelog.yaml);
#   2. CHANGELOG.rst is what antsibull-changelog generates from
#      changelogs/changelog.yaml (nobody edits it by hand);
#   3. a dry run of the next release, in a scratch copy: 'antsibull-changelog
#      release' must take every fragment into the new version's notes.
set -euo pipefail
# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"

activate_venv
cd "$ROOT"
log "antsibull-changelog lint"
antsibull-changelog lint
antsibull-changelog lint-changelog-yaml changelogs/changelog.yaml

scratch="$BUILD/changelog"
rm -rf "$scratch"
mkdir -p "$scratch"
cp -a "$COLL" "$scratch/copr"
cd "$scratch/copr"
log "CHANGELOG.rst is generated from changelogs/changelog.yaml"
antsibull-changelog generate 2> >(grep -v 'does not have a MANIFEST.json file' >&2)
if ! diff -u "$ROOT/CHANGELOG.rst" CHANGELOG.rst; then
    die "CHANGELOG.rst differs from what antsibull-changelog generates: run 'antsibull-changelog generate' and commit it"
fi

# The next version: galaxy.yml's version, or its next minor when that one
# is already released (the state between two releases).
next="$(python - <<'PY'
import yaml
version = yaml.safe_load(open("galaxy.yml"))["version"]
released = yaml.safe_load(open("changelogs/changelog.yaml"))["releases"] or {}
if version in released:
    major, minor, _patch = (int(x) for x in version.split("."))
    version = "%d.%d.0" % (major, minor + 1)
print(version)
PY
)"
fragments=(changelogs/fragments/*.y*ml)
if [ ! -e "${fragments[0]}" ]; then
    log "no changelog fragments: nothing to release"
    exit 0
fi
log "dry run: antsibull-changelog release --version $next (${#fragments[@]} fragments)"
antsibull-changelog release --version "$next" 2> >(grep -v 'does not have a MANIFEST.json file' >&2)
grep -qx "v$next" CHANGELOG.rst || die "the generated CHANGELOG.rst has no v$next section"
# Every fragment entry must appear in the new section (first 40 characters).
python - "$next" "${fragments[@]/#/$ROOT/}" <<'PY'
import sys
import yaml
version, paths = sys.argv[1], sys.argv[2:]
text = open("CHANGELOG.rst").read()
section = text.split("v" + version + "\n", 1)[1].split("\nv", 1)[0]
missing = []
for path in paths:
    for entries in (yaml.safe_load(open(path)) or {}).values():
        for entry in entries if isinstance(entries, list) else [entries]:
            if " ".join(entry.split())[:40] not in " ".join(section.split()):
                missing.append("%s: %s" % (path, entry[:60]))
if missing:
    sys.exit("not in the v%s release notes:\n  %s" % (version, "\n  ".join(missing)))
print("==> the v%s release notes take every fragment; preview:\n" % version + section.rstrip(), file=sys.stderr)
PY
