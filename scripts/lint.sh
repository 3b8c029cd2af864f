#!/usr/bin/env bash
# yamllint over every YAML file, then ansible-lint (production profile,
# offline) over roles/ and examples/ plus the collection metadata, from the
# .build copy so copr.copr.* resolves.
set -euo pipefail
# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"

activate_venv
[ -d "$COLL" ] || die "no collection copy at $COLL (the Makefile makes it)"
cd "$COLL"

log "yamllint"
yamllint --strict -c .yamllint .

targets=()
for p in roles examples meta/runtime.yml meta/execution-environment.yml galaxy.yml; do
    [ -e "$p" ] && targets+=("$p")
done
if [ ! -d roles ] && [ ! -d examples ]; then
    log "ansible-lint: no roles/ or examples/ yet; linting collection metadata only"
fi
log "ansible-lint --profile production --offline ${targets[*]}"
ANSIBLE_COLLECTIONS_PATH="$BUILD" ansible-lint --profile production --offline --nocolor "${targets[@]}"
