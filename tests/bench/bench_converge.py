# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark: converge 50 projects x 3 chroots x 2 packages with the copr.copr.projects role.

Against a local Copr server started here, it runs the role (first converge,
then no-op converges in the controller, the default, and as module processes,
COPR_EXECUTION=module), 50 ansible.builtin.ping tasks, and a loop of 50
copr_project_info reads on both paths, and reports wall time, reads and
writes (from the server's own request record) and loop items. Then, against a
second server with 20% of the requests faulted (15% gateway 502/503/504 before
Copr sees them, 5% answered 504 or hung up on after Copr did the work), the
same first and no-op converges with the default retry budget: wall time,
retries (the modules' ``retries``, summed), the faults injected, and whether
the server then holds exactly the declared projects, each created once.
Targets are reported, never asserted: the machines are shared.

Run it with the venv's python, ANSIBLE_COLLECTIONS_PATH pointing at a folder
holding ansible_collections/copr/copr (make bench does this).
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

from local_copr import configure_faults, declared_state_problems, fault_stats, mark, requests_since, start_server, state

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.dirname(HERE)


def record_since(url, seq):
    items = requests_since(url, seq)
    return {"reads": sum(1 for i in items if not i["write"]), "writes": sum(1 for i in items if i["write"]),
            "failed": sum(1 for i in items if i["status"] is None or i["status"] >= 400)}  # None: hung up


def run_playbook(workdir, playbook, env, inventory="inventory.yml", forks=None, execution=None, may_fail=False):
    """Run ansible-playbook; return wall seconds, loop items and how many reported changed.

    ``may_fail``: a failed run is reported (``failed``: the failed tasks of the recap), not fatal.
    """
    started = time.monotonic()
    command = ["ansible-playbook", "-i", os.path.join(workdir, inventory), os.path.join(workdir, playbook)]
    if forks:
        command += ["--forks", str(forks)]
    if execution:
        env = dict(env, COPR_EXECUTION=execution)
    proc = subprocess.run(command,
                          env=env, capture_output=True, text=True, check=False)
    wall = time.monotonic() - started
    if proc.returncode != 0 and not may_fail:
        sys.stderr.write(proc.stdout[-4000:] + proc.stderr[-4000:])
        sys.exit("bench: %s failed (exit %d)" % (playbook, proc.returncode))
    # Loop items as the default callback prints them: "ok: [host] => (item=...)".
    items = re.findall(r"^(ok|changed): \[[^]]+\] => \(item=", proc.stdout, re.M)
    runs = len(items)
    changed = items.count("changed")
    row = {"wall_s": round(wall, 2), "loop_items": runs, "changed": changed}
    if may_fail:
        row["failed_tasks"] = len(re.findall(r"^failed: \[[^]]+\] => \(item=", proc.stdout, re.M))
        row["messages"] = re.findall(r'"msg": "([^"]*)"', proc.stdout)[:5] if proc.returncode else []
    retries = re.findall(r"COPR_RETRIES=(\d+)", proc.stdout)
    if retries:
        row["retries"] = int(retries[-1])
    return row


def write_inventory(workdir, projects, chroots, url, user):
    project_list = []
    for index in range(projects):
        items = list(chroots[:2]) + [{"name": chroots[2], "additional_packages": ["scl-utils", "bench-%d" % index],
                                      "with_opts": ["tests"]}]
        # Two packages each, converged in the same module run (one package list read per project).
        packages = [{"name": "hello-%d" % index, "scm": {"clone_url": "https://git.example.com/hello-%d.git" % index,
                                                         "committish": "v1"}},
                    {"name": "python-bench%d" % index, "pypi": {"package_name": "bench%d" % index}}]
        # owner declared, as a GitOps inventory does: no auth-check per project
        project_list.append({"name": "bench-%02d" % index, "owner": user["name"],
                             "description": "Benchmark project %d" % index, "chroots": items, "packages": packages})
    inventory = {"all": {"hosts": {"localhost": {
        "ansible_connection": "local", "ansible_python_interpreter": sys.executable,
        "copr_api_url": url, "copr_api_login": user["api_login"], "copr_api_token": user["api_token"],
        "copr_projects": project_list}}}}
    with open(os.path.join(workdir, "inventory.yml"), "w") as handle:
        json.dump(inventory, handle)  # JSON is YAML
    # The same projects, one inventory host each (roles/projects/README.md), for forks.
    hosts = dict((item["name"], {"copr_project": item}) for item in project_list)
    per_host = {"all": {"children": {"copr_projects": {"hosts": hosts, "vars": {
        "ansible_connection": "local", "ansible_python_interpreter": sys.executable, "copr_api_url": url,
        "copr_api_login": user["api_login"], "copr_api_token": user["api_token"],
        "copr_projects": ["{{ copr_project }}"]}}}}}
    with open(os.path.join(workdir, "per-host.yml"), "w") as handle:
        json.dump(per_host, handle)
    with open(os.path.join(workdir, "converge-per-host.yml"), "w") as handle:
        handle.write("- hosts: copr_projects\n  gather_facts: false\n  roles: [copr.copr.projects]\n")
    with open(os.path.join(workdir, "converge.yml"), "w") as handle:
        handle.write("- hosts: localhost\n  gather_facts: false\n  roles: [copr.copr.projects]\n")
    with open(os.path.join(workdir, "info.yml"), "w") as handle:
        handle.write("- hosts: localhost\n  gather_facts: false\n  tasks:\n"
                     "    - copr.copr.copr_project_info:\n        api_url: \"{{ copr_api_url }}\"\n"
                     "        owner: \"%s\"\n        name: \"bench-{{ '%%02d' | format(item) }}\"\n"
                     "      loop: \"{{ range(%d) | list }}\"\n" % (user["name"], projects))
    # The same, saying how many requests the modules sent again (their results' retries, summed).
    with open(os.path.join(workdir, "converge-retries.yml"), "w") as handle:
        handle.write("- hosts: localhost\n  gather_facts: false\n  tasks:\n"
                     "    - block:\n"
                     "        - ansible.builtin.include_role: {name: copr.copr.projects}\n"
                     "      always:\n"
                     "        - ansible.builtin.debug:\n"
                     "            msg: \"COPR_RETRIES={{ copr_projects_result.results | map(attribute='retries', "
                     "default=0) | sum }}\"\n")
    with open(os.path.join(workdir, "ping.yml"), "w") as handle:
        handle.write("- hosts: localhost\n  gather_facts: false\n  tasks:\n"
                     "    - ansible.builtin.ping:\n      loop: \"{{ range(%d) | list }}\"\n" % projects)
    return project_list


def run_with_faults(args, chroots, user):
    """First and no-op converge of the same projects against a server faulting ``args.fault_rate``
    of the requests (three quarters gateway errors before processing, one quarter lost answers
    after it); the default retry budget. Returns the rows, the faults injected and the state check."""
    gateway, after = args.fault_rate * 0.75, args.fault_rate * 0.25
    server, url = start_server()
    rows = {}
    try:
        with tempfile.TemporaryDirectory(prefix="copr-bench-faults-") as workdir:
            projects = write_inventory(workdir, args.projects, chroots, url, user)
            env = dict(os.environ, ANSIBLE_STDOUT_CALLBACK="default", ANSIBLE_NOCOLOR="1",
                       ANSIBLE_DEPRECATION_WARNINGS="False")
            for name in ("first converge, faults", "no-op converge, faults"):
                configure_faults(url, seed=args.fault_seed, gateway_rate=gateway, after_rate=after)
                start = mark(url)
                row = run_playbook(workdir, "converge-retries.yml", env, may_fail=True)
                row.update(record_since(url, start))
                stats = fault_stats(url)
                row["faults_injected"] = sum(count for kind, count in stats["counts"].items() if kind != "latency")
                row["requests_seen"] = stats["requests"]
                rows[name] = row
            problems = declared_state_problems(state(url), projects, user["name"])
    finally:
        server.terminate()
        server.wait(timeout=10)
    return {"rows": rows, "gateway_rate": gateway, "after_rate": after, "seed": args.fault_seed,
            "state_problems": problems}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=50)
    parser.add_argument("--forks", type=int, default=4, help="forks for the one-host-per-project run")
    parser.add_argument("--output", default=os.path.join(TESTS, "output", "bench.json"))
    parser.add_argument("--fault-rate", type=float, default=0.2,
                        help="share of faulted requests in the converge with faults (0: skip it)")
    parser.add_argument("--fault-seed", type=int, default=13)
    args = parser.parse_args()

    with open(os.path.join(TESTS, "copr_server", "seed.json")) as handle:
        seed = json.load(handle)
    user = next(u for u in seed["users"] if u["name"] == "alice")
    chroots = seed["chroots"]["active"][:3]

    server, url = start_server()
    try:
        with tempfile.TemporaryDirectory(prefix="copr-bench-") as workdir:
            write_inventory(workdir, args.projects, chroots, url, user)
            env = dict(os.environ, ANSIBLE_STDOUT_CALLBACK="default", ANSIBLE_NOCOLOR="1",
                       ANSIBLE_DEPRECATION_WARNINGS="False")
            rows = {}
            runs = (("first converge", "converge.yml", "inventory.yml", None, None),
                    ("no-op converge", "converge.yml", "inventory.yml", None, None),
                    ("no-op as modules", "converge.yml", "inventory.yml", None, "module"),
                    ("50 pings", "ping.yml", "inventory.yml", None, None),
                    ("no-op per host", "converge-per-host.yml", "per-host.yml", args.forks, None),
                    ("50 info reads", "info.yml", "inventory.yml", None, None),
                    ("50 info as modules", "info.yml", "inventory.yml", None, "module"))
            for name, playbook, inventory, forks, execution in runs:
                start = mark(url)
                row = run_playbook(workdir, playbook, env, inventory, forks, execution)
                row.update(record_since(url, start))
                rows[name] = row
    finally:
        server.terminate()
        server.wait(timeout=10)

    faulty = {}
    if args.fault_rate > 0:
        faulty = run_with_faults(args, chroots, user)

    n = args.projects
    first, noop, modules, ping, per_host = (rows["first converge"], rows["no-op converge"],
                                            rows["no-op as modules"], rows["50 pings"], rows["no-op per host"])
    info, info_modules = rows["50 info reads"], rows["50 info as modules"]
    ratio = noop["wall_s"] / ping["wall_s"]
    ratio_modules = modules["wall_s"] / ping["wall_s"]
    ratio_per_host = per_host["wall_s"] / ping["wall_s"]
    per_project = noop["wall_s"] / n
    targets = [
        ("no-op converge writes", noop["writes"], "== 0", noop["writes"] == 0),
        ("no-op converge reads", noop["reads"],
         "<= %d (1/project + 1/chroot with settings + 1 package list/project)" % (3 * n), noop["reads"] <= 3 * n),
        ("first converge writes", first["writes"],
         "== %d (1/project + 1/chroot with settings + 1/package)" % (4 * n), first["writes"] == 4 * n),
        ("no-op s per project", round(per_project, 3), "<= 0.05 (controller, whole run)", per_project <= 0.05),
        ("no-op / pings wall ratio", round(ratio, 3), "<= 0.15 (controller, one host)", ratio <= 0.15),
        ("as modules: / pings ratio", round(ratio_modules, 2), "module path, for comparison", True),
        ("as modules: reads, writes", "%d, %d" % (modules["reads"], modules["writes"]), "same as the controller",
         (modules["reads"], modules["writes"]) == (noop["reads"], noop["writes"])),
        ("per-host no-op / pings ratio", round(ratio_per_host, 2), "host per project, %d forks" % args.forks, True),
        ("per-host no-op writes", per_host["writes"], "== 0", per_host["writes"] == 0),
        ("50 info reads: controller / modules", "%.2f s / %.2f s" % (info["wall_s"], info_modules["wall_s"]),
         "%d reads each" % info["reads"], info["reads"] == info_modules["reads"] == n),
    ]
    report = {"projects": n, "chroots_per_project": 3, "chroots_with_settings_per_project": 1,
              "packages_per_project": 2, "runs": rows,
              "noop_over_ping_ratio": round(ratio, 3), "noop_modules_over_ping_ratio": round(ratio_modules, 3),
              "per_host_noop_over_ping_ratio": round(ratio_per_host, 3),
              "forks_per_host_run": args.forks, "seconds_per_project_noop": round(per_project, 4),
              "seconds_per_project_noop_modules": round(modules["wall_s"] / n, 3),
              "targets": [{"what": t[0], "value": t[1], "target": t[2], "met": t[3]} for t in targets]}

    print("\nConverge benchmark: %d projects x 3 chroots (1 with settings) x 2 packages, local Copr server" % n)
    print("%-20s %8s %12s %8s %8s %8s" % ("run", "wall s", "loop items", "changed", "reads", "writes"))
    for name, row in rows.items():
        values = (name, row["wall_s"], row["loop_items"], row["changed"], row["reads"], row["writes"])
        print("%-20s %8.2f %12d %8d %8d %8d" % values)
    print("\n%-28s %10s  %-45s %s" % ("target", "value", "wanted", "met"))
    for what, value, wanted, met in targets:
        print("%-28s %10s  %-45s %s" % (what, value, wanted, "yes" if met else "NO"))
    print("\nOne project costs %.3f s in a no-op converge in the controller (the whole ansible-playbook run / %d), "
          "%.2f s as module processes; a ping costs %.2f s." % (per_project, n, modules["wall_s"] / n, ping["wall_s"] / n))
    if faulty:
        report["faults"] = faulty
        print("\nWith faults: %d%% of requests (%.0f%% gateway 502/503/504 unprocessed, %.0f%% answered 504 or hung up"
              " on after processing), seed %d, default retry budget" % (
                  round(args.fault_rate * 100), faulty["gateway_rate"] * 100, faulty["after_rate"] * 100,
                  faulty["seed"]))
        line = "%-26s %8s %8s %8s %8s %8s %8s %8s"
        print(line % ("run", "wall s", "changed", "failed", "reads", "writes", "faults", "retries"))
        for name, row in (("first converge, no faults", first), ("no-op converge, no faults", noop)):
            print(line % (name, "%.2f" % row["wall_s"], row["changed"], 0, row["reads"], row["writes"], "-", "-"))
        for name, row in faulty["rows"].items():
            print(line % (name, "%.2f" % row["wall_s"], row["changed"], row["failed_tasks"], row["reads"],
                          row["writes"], row["faults_injected"], row.get("retries", "?")))
            for message in row["messages"]:
                print("    failed: %s" % message[:300])
        problems = faulty["state_problems"]
        print("final state: %s" % ("exactly the declared %d projects, each created once" % n if not problems
                                   else "%d problems: %s" % (len(problems), "; ".join(problems[:5]))))
    os.makedirs(os.path.dirname(args.output), exist_ok=True)
    with open(args.output, "w") as handle:
        json.dump(report, handle, indent=2)
    print("saved %s" % args.output)


if __name__ == "__main__":
    main()
