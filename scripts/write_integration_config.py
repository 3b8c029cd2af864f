"""Write tests/integration/integration_config.yml for a running local Copr server.

Usage: write_integration_config.py --url URL --seed SEED.json --out FILE

The seed file (tests/copr_server/seed.json) looks like
{"users": [{"name", "api_login", "api_token", "token_expiration", "admin", "groups"}],
 "groups": [...], "chroots": {"active": [...], "inactive": [...]}}.
alice is the main user (member of @qa), bob the other user, carol has an
expired token, admin is a Copr admin; @devs is a group alice is not in.
"""

import argparse
import json
import secrets
import sys


def fail(msg):
    sys.exit("write_integration_config: %s" % msg)


def user(seed, name):
    for item in seed.get("users", []):
        if item.get("name") == name:
            return item
    fail("seed has no user %r" % name)
    return None


def group_name(group):
    name = group["name"] if isinstance(group, dict) else str(group)
    return name if name.startswith("@") else "@" + name


def quote(value):
    # JSON strings are valid YAML scalars; they keep '@' and ':' safe.
    return json.dumps(value)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--seed", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    try:
        with open(args.seed, encoding="utf-8") as handle:
            seed = json.load(handle)
    except (OSError, ValueError) as exc:
        fail("cannot read seed file %s: %s" % (args.seed, exc))

    alice, bob, carol, admin = user(seed, "alice"), user(seed, "bob"), user(seed, "carol"), user(seed, "admin")
    if not admin.get("admin"):
        fail("the seed's user admin must be a Copr admin")
    alice_groups = {group_name(g) for g in alice.get("groups", [])}
    groups = {group_name(g) for g in seed.get("groups", [])} | alice_groups
    for name, member in (("@qa", True), ("@devs", False)):
        if name not in groups:
            fail("seed has no group %s" % name)
        if (name in alice_groups) != member:
            fail("alice must %sbe a member of %s" % ("" if member else "not ", name))

    chroots = seed.get("chroots", {})
    active, inactive = list(chroots.get("active", [])), list(chroots.get("inactive", []))
    if not active:
        fail("seed has no active chroots")
    if not inactive:
        fail("seed has no inactive (EOL) chroot")

    lines = [
        "# Written by scripts/write_integration_config.py for the local Copr server;",
        "# see integration_config.yml.sample. Do not commit.",
        "copr_api_url: %s" % quote(args.url.rstrip("/")),
        "copr_login: %s" % quote(alice["api_login"]),
        "copr_token: %s" % quote(alice["api_token"]),
        "copr_username: %s" % quote(alice["name"]),
        "copr_other_login: %s" % quote(bob["api_login"]),
        "copr_other_token: %s" % quote(bob["api_token"]),
        "copr_other_username: %s" % quote(bob["name"]),
        "copr_expired_login: %s" % quote(carol["api_login"]),
        "copr_expired_token: %s" % quote(carol["api_token"]),
        "copr_admin_login: %s" % quote(admin["api_login"]),
        "copr_admin_token: %s" % quote(admin["api_token"]),
        'copr_group: "@qa"',
        'copr_foreign_group: "@devs"',
        "copr_chroots:",
    ]
    lines += ["  - %s" % quote(c) for c in active]
    lines.append("copr_eol_chroot: %s" % quote(inactive[0]))
    # ansible-test defines resource_prefix only for cloud plugins; targets name
    # their projects from it, so give each run its own.
    lines.append("resource_prefix: %s" % quote("ci-" + secrets.token_hex(4)))
    with open(args.out, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
