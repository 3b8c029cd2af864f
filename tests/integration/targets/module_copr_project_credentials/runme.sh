#!/usr/bin/env bash
# Credentials from the environment and from a copr-cli config file, and the
# token never printed, even at -vvv.
set -eu

# ansible-test passes script targets no variables: read the integration config
# it copied next to the targets (when run by hand, pass -e @config yourself).
if [ -f ../../integration_config.yml ]; then
    set -- -e @../../integration_config.yml "$@"
fi

work="${OUTPUT_DIR:?}/credentials"
rm -rf "$work" && mkdir -p "$work"
export ANSIBLE_ROLES_PATH=..

# Writes $work/copr.env, $work/copr-config and $work/tokens (one secret a line).
ansible-playbook prepare.yml -e "work=$work" "$@"

check_no_secret() {
    local log=$1
    while IFS= read -r secret; do
        [ -n "$secret" ] || continue
        if grep -qF -- "$secret" "$log"; then
            echo "FAIL: a token or login appears in $log" >&2
            exit 1
        fi
    done < "$work/tokens"
}

run() {
    local name=$1; shift
    echo "== $name"
    if ! ansible-playbook -vvv "$@" > "$work/$name.log" 2>&1; then
        tail -n 60 "$work/$name.log"
        echo "FAIL: $name" >&2
        exit 1
    fi
    check_no_secret "$work/$name.log"
    echo "ok: $name (no secret in $(wc -l < "$work/$name.log") lines of -vvv output)"
}

# 1. Only environment variables: COPR_URL, COPR_LOGIN, COPR_TOKEN (owner from auth-check).
(
    set -a; . "$work/copr.env"; set +a
    run env_credentials env_credentials.yml -e "work=$work" "$@"
)

# 2. A config file named by the option, then by COPR_CONFIG (owner from its username).
run config_option config_credentials.yml -e "work=$work" -e use_env=false "$@"
COPR_CONFIG="$work/copr-config" run config_env config_credentials.yml -e "work=$work" -e use_env=true "$@"

# 3. Task options, a wrong token, check mode and diff: still nothing secret at -vvv.
run options_and_errors options_and_errors.yml -e "work=$work" "$@"
