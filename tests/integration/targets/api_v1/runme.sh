#!/usr/bin/env bash
# The modules and the role on api_version: 1 (Copr's legacy APIv1) through
# ansible-playbook: first against the default local server, whose /api/ answers
# like the last frontend with APIv1 (2021); then against a server of its own
# whose /api/ answers like the seed's notes (2014), started with
# scripts/common.sh's start_local_server.
set -eu

# ansible-test passes script targets no variables: read the integration config
# it copied next to the targets (when run by hand, pass -e @config yourself).
if [ -f ../../integration_config.yml ]; then
    set -- -e @../../integration_config.yml "$@"
fi
work="${OUTPUT_DIR:?}/api_v1"
rm -rf "$work" && mkdir -p "$work"

run() {
    local name=$1; shift
    echo "== $name"
    if ! ansible-playbook "$@" > "$work/$name.log" 2>&1; then
        tail -n 80 "$work/$name.log"
        echo "FAIL: $name (log: $work/$name.log)" >&2
        exit 1
    fi
    grep -E '^localhost +: ' "$work/$name.log" || true
}

# 1. The 2021 variant: the server 'make integration' started.
run v1-2021 playbook.yml -e v1_variant=2021 "$@"

# 2. The 2014 variant: a fresh server of our own (same seed: same users and tokens).
collections="${ANSIBLE_COLLECTIONS_PATH:-}"
collections="${collections%%:*}"
common="$collections/ansible_collections/copr/copr/scripts/common.sh"
[ -f "$common" ] || { echo "FAIL: no $common (ANSIBLE_COLLECTIONS_PATH=${ANSIBLE_COLLECTIONS_PATH:-})" >&2; exit 1; }
# shellcheck source=/dev/null
. "$common"
SERVER_COLLECTIONS="$collections" SERVER_PYTHON="$(command -v python)" \
    start_local_server "$work/server-2014.log" --v1-variant 2014 --build-speed 0.05
run v1-2014 playbook.yml -e v1_variant=2014 "$@" -e "copr_api_url=$COPR_SERVER_URL"
