#!/usr/bin/env bash
# Issue 11, "what a new user trips over": every point against the local Copr
# server, each asserting from the server's request record what was sent (no
# write, or no request at all). runme.sh because the README's examples run as
# a user runs them: their own inventory, COPR_* in the environment, --check --diff.
set -eu

# ansible-test passes script targets no variables: read the integration config
# it copied next to the targets (when run by hand, pass -e @config yourself).
if [ -f ../../integration_config.yml ]; then
    set -- -e @../../integration_config.yml "$@"
fi

work="${OUTPUT_DIR:?}/module_ux"
rm -rf "$work" && mkdir -p "$work"
export ANSIBLE_ROLES_PATH=..

# The collection's examples/ (ansible-test copies only tests/ next to the targets).
examples=""
IFS=: read -r -a roots <<< "${ANSIBLE_COLLECTIONS_PATH:-}"
for root in "${roots[@]}"; do
    if [ -f "$root/ansible_collections/copr/copr/examples/projects.yml" ]; then
        examples="$root/ansible_collections/copr/copr/examples"
        break
    fi
done
[ -n "$examples" ] || { echo "FAIL: no copr.copr examples/ on ANSIBLE_COLLECTIONS_PATH" >&2; exit 1; }

# 1. The README's first command on an account without the example projects:
#    ansible-playbook -i examples/inventory.yml examples/projects.yml examples/build.yml --check --diff
ansible-playbook examples_before.yml -e "work=$work" "$@"
if ! (set -a; . "$work/copr.env"; set +a
      ansible-playbook -i "$examples/inventory.yml" "$examples/projects.yml" "$examples/build.yml" \
          --check --diff > "$work/examples.log" 2>&1); then
    tail -n 60 "$work/examples.log"
    echo "FAIL: the examples' --check --diff run failed" >&2
    exit 1
fi
ansible-playbook examples_after.yml -e "work=$work" "$@"

# 2-7. Everything else, with the module defaults of the integration config.
ansible-playbook main.yml -e "work=$work" "$@"
