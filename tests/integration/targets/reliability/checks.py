# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What runme.sh asks of a local Copr server, and the checks on what it holds.

Usage: checks.py COMMAND ARGS (COPR_COLL: the collection root, for tests/bench/local_copr.py)

  config URL OUT.yml            write the playbooks' variables (users of the server's seed)
  faults URL JSON               merge JSON into the server's fault config
  mark URL                      print the last sequence number of the request record
  state URL OUT.json            save the server's state dump
  same A.json B.json            fail unless the two dumps are equal
  demo URL VARS.yml OWNER       the examples' projects and build exist exactly as declared, each made once
  projects URL VARS.yml OWNER   the examples' projects exist exactly as declared, each made once
  seed-for KEY GW AFTER OUTCOME...  the first fault seed giving these outcomes (gateway, after, ok) to the
                                requests 1, 2, ... of stream KEY ("METHOD path") at these rates
  no-writes URL SINCE           fail if any write reached the server after SINCE
  token-expiry URL SINCE N      the expired token got exactly N 401 answers, and nothing was resent after one
  secrets LOG FILE...           fail if a line of LOG holds a secret listed in FILE
"""

import json
import os
import random
import sys

sys.path.insert(0, os.path.join(os.environ.get("COPR_COLL", "."), "tests", "bench"))

import yaml  # noqa: E402 pylint: disable=wrong-import-position

from local_copr import (  # noqa: E402 pylint: disable=wrong-import-position
    configure_faults, declared_state_problems, http_json, mark, requests_since, state,
)


def fail(message):
    sys.exit("checks.py: FAIL: %s" % message)


def load_yaml(path):
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def cmd_config(url, out):
    with open(os.path.join(os.environ["COPR_COLL"], "tests", "copr_server", "seed.json"), encoding="utf-8") as handle:
        seed = json.load(handle)
    users = dict((user["name"], user) for user in seed["users"])
    config = {"copr_api_url": url, "copr_username": "alice",
              "copr_login": users["alice"]["api_login"], "copr_token": users["alice"]["api_token"],
              "copr_other_username": "bob", "copr_other_login": users["bob"]["api_login"],
              "copr_other_token": users["bob"]["api_token"],
              "copr_chroots": seed["chroots"]["active"][:3], "copr_eol_chroot": seed["chroots"]["inactive"][0]}
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(config, handle)  # JSON is YAML


def cmd_faults(url, config):
    print(json.dumps(configure_faults(url, **json.loads(config))))


def cmd_mark(url):
    print(mark(url))


def cmd_state(url, out):
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(state(url), handle, indent=1, sort_keys=True)


def cmd_same(first, second):
    with open(first, encoding="utf-8") as handle:
        before = json.load(handle)
    with open(second, encoding="utf-8") as handle:
        after = json.load(handle)
    if before != after:
        for key in sorted(set(before) | set(after)):
            if before.get(key) != after.get(key):
                print("differs: %s\n  before: %s\n  after:  %s" % (key, json.dumps(before.get(key))[:2000],
                                                                   json.dumps(after.get(key))[:2000]))
        fail("the server's state changed (%s vs %s)" % (first, second))
    print("the server's state is unchanged (%d projects, %d builds, %d packages)"
          % (len(after["projects"]), len(after["builds"]), len(after["packages"])))


def cmd_projects(url, vars_file, owner):
    declared = load_yaml(vars_file)
    problems = declared_state_problems(state(url), declared["copr_projects"], owner)
    if problems:
        fail("; ".join(problems))
    print("the server holds exactly the declared %d projects, each created once" % len(declared["copr_projects"]))


def cmd_seed_for(key, gateway_rate, after_rate, *outcomes):
    """The server's replay rule (README "Replay"): request n of a stream draws from
    random.Random("<seed>|<stream key>|<n>"); its first number picks the fault."""
    gateway_rate, after_rate = float(gateway_rate), float(after_rate)
    for seed in range(100000):
        got = []
        for number in range(1, len(outcomes) + 1):
            pick = random.Random("%s|%s|%s" % (seed, key, number)).random()
            got.append("gateway" if pick < gateway_rate else "after" if pick < gateway_rate + after_rate else "ok")
        if got == list(outcomes):
            print(seed)
            return
    fail("no seed gives %s" % (outcomes,))


def cmd_demo(url, vars_file, owner):
    declared = load_yaml(vars_file)
    dump = state(url)
    problems = declared_state_problems(dump, declared["copr_projects"], owner)
    project = [p for p in dump["projects"] if p["ownername"] == owner and p["name"] == declared["demo_build_project"]
               and not p["deleted"]]
    builds = [b for b in dump["builds"] if project and b["project_id"] == project[0]["id"]]
    wanted = [b for b in builds if b["source_type"] == "distgit"
              and b["source_dict"].get("clone_url", "").rstrip("/").rsplit("/", 1)[-1].replace(".git", "")
              == declared["demo_build_package"]]
    if len(wanted) != 1:
        problems.append("%d builds of %s in %s/%s (want exactly 1): %s" % (
            len(wanted), declared["demo_build_package"], owner, declared["demo_build_project"],
            [(b["id"], b["source_type"], b["source_dict"]) for b in builds]))
    if len(builds) != len(wanted):
        problems.append("other builds in %s/%s: %s" % (owner, declared["demo_build_project"], [b["id"] for b in builds]))
    if problems:
        fail("; ".join(problems))
    print("the server holds exactly the declared %d projects (each created once) and build %d"
          % (len(declared["copr_projects"]), wanted[0]["id"]))


def cmd_no_writes(url, since):
    writes = [item for item in requests_since(url, int(since)) if item["write"]]
    if writes:
        fail("%d writes reached the server: %s" % (len(writes), json.dumps(writes)[:3000]))
    print("no write reached the server (%d requests)" % len(requests_since(url, int(since))))


def cmd_token_expiry(url, since, expected):
    items = requests_since(url, int(since))
    refused = [item for item in items if item["status"] == 401]
    if len(refused) != int(expected):
        fail("%d answers were 401, expected %s: %s" % (len(refused), expected, json.dumps(refused)[:2000]))
    for item in refused:
        again = [other for other in items if other["seq"] > item["seq"] and other["method"] == item["method"]
                 and other["path"] == item["path"] and other["query"] == item["query"]]
        if again:
            fail("%s %s was sent again after its 401" % (item["method"], item["path"]))
    print("the expired token got %d 401 answers, none resent" % len(refused))


def cmd_secrets(log, *files):
    secrets = []
    for path in files:
        with open(path, encoding="utf-8") as handle:
            secrets.extend(line.strip() for line in handle if line.strip())
    with open(log, encoding="utf-8", errors="replace") as handle:
        lines = handle.readlines()
    for number, line in enumerate(lines, 1):
        for secret in secrets:
            if secret in line:
                fail("%s line %d holds a token or login" % (log, number))
    print("no token or login in %d lines of %s" % (len(lines), os.path.basename(log)))


COMMANDS = {"config": cmd_config, "faults": cmd_faults, "mark": cmd_mark, "state": cmd_state, "same": cmd_same,
            "demo": cmd_demo, "projects": cmd_projects, "seed-for": cmd_seed_for, "no-writes": cmd_no_writes,
            "token-expiry": cmd_token_expiry, "secrets": cmd_secrets, "get": lambda url, path: print(
                json.dumps(http_json(url + path)))}


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    COMMANDS[sys.argv[1]](*sys.argv[2:])


if __name__ == "__main__":
    main()
