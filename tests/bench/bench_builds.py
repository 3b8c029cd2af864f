# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark: copr.copr.copr_build uploading a ~200 MB SRPM, and waiting on 20 builds.

Against a local Copr server started here (python -m copr_server --port 0):

(a) rpmbuild makes a real SRPM whose only source is a ~200 MB file of random
    bytes (payload left uncompressed, _source_payload w0.ufdio, so rpmbuild
    does not spend minutes compressing noise; without rpmbuild, the SRPM of a
    tiny spec followed by random padding). ansible-playbook submits it with
    copr_build (srpm:). The Python process that runs the module is started by
    a wrapper interpreter (ansible_python_interpreter on that one task) that
    waits for it and reads getrusage(RUSAGE_CHILDREN).ru_maxrss: the kernel's
    peak resident set size of the module process and anything it started.
    The same is measured for a ~10 KB SRPM, so the growth with file size is
    visible. The server's view (size, sha256, RPM header) is compared with
    the local file.
(b) one copr_build task submits 20 URL builds and waits for all of them
    (wait: true). The server's request record gives the GETs of
    /api_3/build/<id>; a poll round is a run of GETs in increasing build id
    order, so "rounds x builds" is the most one-GET-per-build-per-interval
    can cost.

Targets are reported, never asserted: the machines are shared. Prints a table
and writes tests/output/bench-builds.json (see --output).
Run with the venv's python, ANSIBLE_COLLECTIONS_PATH pointing at a folder
holding ansible_collections/copr/copr (make bench-builds does this).
"""

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

from local_copr import http_json, mark, requests_since, start_server

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.dirname(HERE)
SEED = os.path.join(TESTS, "copr_server", "seed.json")
RSS_TARGET_MB = 100
CHUNK = 1 << 20
# The ansible-playbook of this interpreter's venv (the Makefile runs the venv python without activating it).
ANSIBLE_PLAYBOOK = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")
if not os.path.exists(ANSIBLE_PLAYBOOK):
    ANSIBLE_PLAYBOOK = "ansible-playbook"

# The wrapper interpreter: runs the real Python with the same arguments and the same
# stdin/stdout, then records the child's peak RSS (kB on Linux) in $BENCH_RSS_OUT.
WRAPPER = """#!%(python)s
import os, resource, subprocess, sys
code = subprocess.call([%(python)r] + sys.argv[1:])
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
out = os.environ.get("BENCH_RSS_OUT")
if out:
    with open(out, "w") as handle:
        handle.write("%%d\\n" %% peak)
sys.exit(code)
"""


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def write_random(path, size):
    with open(path, "wb") as handle:
        left = size
        while left > 0:
            handle.write(os.urandom(min(CHUNK, left)))
            left -= CHUNK


SPEC = """Name: %(name)s
Version: 1.0
Release: 1
Summary: bench package
License: MIT
BuildArch: noarch
%(source)s
%%description
Benchmark SRPM for copr_build.
%%files
"""


def make_srpm(workdir, name, payload_bytes):
    """A real SRPM from rpmbuild with a random source of payload_bytes; returns (path, method)."""
    top = os.path.join(workdir, "top-" + name)
    sources = os.path.join(top, "SOURCES")
    os.makedirs(sources)
    source = ""
    if payload_bytes:
        write_random(os.path.join(sources, "blob.bin"), payload_bytes)
        source = "Source0: blob.bin"
    spec = os.path.join(workdir, name + ".spec")
    with open(spec, "w") as handle:
        handle.write(SPEC % {"name": name, "source": source})
    if shutil.which("rpmbuild"):
        subprocess.run(["rpmbuild", "-bs", "--define", "_topdir " + top, "--define", "_srcrpmdir " + workdir,
                        "--define", "_sourcedir " + sources, "--define", "_source_payload w0.ufdio", spec],
                       check=True, capture_output=True)
        path = os.path.join(workdir, "%s-1.0-1.src.rpm" % name)
        shutil.rmtree(top)
        return path, "rpmbuild -bs, uncompressed payload (w0.ufdio)"
    sys.exit("bench: rpmbuild is needed (Debian package rpm)")


def run_playbook(workdir, name, tasks, env):
    """Run the tasks with ansible-playbook; return the wall time and the last task's result."""
    playbook = os.path.join(workdir, name + ".yml")
    result_file = os.path.join(workdir, name + ".result.json")
    tasks = list(tasks)
    tasks[-1] = dict(tasks[-1], register="bench_result")
    tasks.append({"name": "save the result", "ansible.builtin.copy": {
        "content": "{{ bench_result | to_json }}", "dest": result_file, "mode": "0600"}})
    with open(playbook, "w") as handle:
        json.dump([{"hosts": "localhost", "gather_facts": False, "tasks": tasks}], handle)
    started = time.monotonic()
    proc = subprocess.run([ANSIBLE_PLAYBOOK, "-i", "localhost,", "-c", "local", playbook],
                          env=env, capture_output=True, text=True, check=False)
    wall = time.monotonic() - started
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-4000:] + proc.stderr[-4000:])
        sys.exit("bench: %s failed (exit %d)" % (name, proc.returncode))
    with open(result_file) as handle:
        return wall, json.load(handle)


def connection(url, user):
    return {"api_url": url, "api_login": user["api_login"], "api_token": user["api_token"]}


def bench_upload(url, user, workdir, env, wrapper, size_mb):
    """Upload one SRPM through ansible-playbook; returns the measurements."""
    name = "bench-big" if size_mb else "bench-small"
    started = time.monotonic()
    path, method = make_srpm(workdir, name, size_mb * 1000 * 1000)
    made_s = time.monotonic() - started
    size = os.path.getsize(path)
    digest = sha256_of(path)
    rss_file = os.path.join(workdir, name + ".rss")
    module_args = dict(connection(url, user), project="bench", srpm=path, chroots=["fedora-rawhide-x86_64"])
    task = {"name": "upload", "copr.copr.copr_build": module_args,
            "vars": {"ansible_python_interpreter": wrapper},
            # A module process (the wrapper measures it), not the action plugin's run in the controller.
            "environment": {"BENCH_RSS_OUT": rss_file, "COPR_EXECUTION": "module"}}
    wall, result = run_playbook(workdir, name, [task], env)
    with open(rss_file) as handle:
        peak_kb = int(handle.read())
    build_id = result["build"]["id"]
    seen = http_json("%s/_test/builds/%d" % (url, build_id))["upload"] or {}
    os.unlink(path)
    return {"srpm_bytes": size, "srpm_method": method, "srpm_make_s": round(made_s, 1), "wall_s": round(wall, 2),
            "module_peak_rss_mb": round(peak_kb / 1024.0, 1), "build_id": build_id,
            "server_size": seen.get("size"), "server_sha256_match": seen.get("sha256") == digest,
            "server_size_match": seen.get("size") == size, "server_header": seen.get("header")}


def poll_rounds(ids_in_order):
    """Poll rounds in a sequence of build ids: a new round starts when an id is not above the previous one."""
    rounds = 0
    previous = None
    for build_id in ids_in_order:
        if previous is None or build_id <= previous:
            rounds += 1
        previous = build_id
    return rounds


def bench_wait(url, user, workdir, env, count, wait_interval):
    urls = ["https://example.com/pkgs/bench-w%02d-1.0-1.src.rpm" % i for i in range(count)]
    task = {"name": "submit and wait", "copr.copr.copr_build": dict(
        connection(url, user), project="bench", url=urls, chroots=["fedora-rawhide-x86_64", "fedora-43-x86_64"],
        wait=True, wait_interval=wait_interval, wait_timeout=600)}
    seq = mark(url)
    wall, result = run_playbook(workdir, "wait", [task], env)
    items = requests_since(url, seq)
    build_gets = []
    for item in items:
        match = re.match(r"^/api_3/build/(\d+)$", item["path"])
        if item["method"] == "GET" and match:
            build_gets.append(int(match.group(1)))
    states = sorted(set(b["state"] for b in result["builds"]))
    rounds = poll_rounds(build_gets)
    return {"builds": len(result["builds"]), "states": states, "wall_s": round(wall, 2),
            "wait_interval": wait_interval, "build_gets": len(build_gets), "poll_rounds": rounds,
            "max_gets_one_per_build_per_round": rounds * len(result["builds"]),
            "gets_per_build": round(len(build_gets) / float(len(result["builds"]) or 1), 2),
            "creates": sum(1 for i in items if i["write"]), "requests_total": len(items)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=200)
    parser.add_argument("--builds", type=int, default=20)
    parser.add_argument("--build-speed", type=float, default=0.5, help="seconds per fake build phase")
    parser.add_argument("--wait-interval", type=float, default=0.5)
    parser.add_argument("--output", default=os.path.join(TESTS, "output", "bench-builds.json"))
    args = parser.parse_args()

    with open(SEED) as handle:
        user = [u for u in json.load(handle)["users"] if u["name"] == "alice"][0]
    server, url = start_server("--build-speed", args.build_speed)
    workdir = tempfile.mkdtemp(prefix="bench-builds-")
    try:
        wrapper = os.path.join(workdir, "rss-python")
        with open(wrapper, "w") as handle:
            handle.write(WRAPPER % {"python": sys.executable})
        os.chmod(wrapper, 0o755)
        env = dict(os.environ, ANSIBLE_ACTION_WARNINGS="False",
                   ANSIBLE_DEPRECATION_WARNINGS="False", ANSIBLE_PYTHON_INTERPRETER=sys.executable,
                   no_proxy="127.0.0.1,localhost", NO_PROXY="127.0.0.1,localhost")
        setup = {"name": "project", "copr.copr.copr_project": dict(
            connection(url, user), name="bench", chroots=["fedora-rawhide-x86_64", "fedora-43-x86_64"])}
        run_playbook(workdir, "setup", [setup], env)
        small = bench_upload(url, user, workdir, env, wrapper, 0)
        big = bench_upload(url, user, workdir, env, wrapper, args.size_mb)
        wait = bench_wait(url, user, workdir, env, args.builds, args.wait_interval)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        server.terminate()
        server.wait()

    report = {
        "rss_method": "peak RSS (getrusage RUSAGE_CHILDREN ru_maxrss) of the Python process running the "
                      "copr_build module, started by a wrapper set as ansible_python_interpreter for that task",
        "rss_target_mb": RSS_TARGET_MB, "upload_small": small, "upload_big": big, "wait": wait,
        "poll_method": "GETs of /api_3/build/<id> in the server's request record during the one wait task; a "
                       "poll round is a run of increasing build ids",
    }
    rows = [
        ("SRPM upload %.1f MB: module peak RSS" % (big["srpm_bytes"] / 1e6), "%.1f MB" % big["module_peak_rss_mb"],
         "< %d MB: %s" % (RSS_TARGET_MB, "met" if big["module_peak_rss_mb"] < RSS_TARGET_MB else "MISSED")),
        ("SRPM upload %.0f kB: module peak RSS" % (small["srpm_bytes"] / 1e3), "%.1f MB" % small["module_peak_rss_mb"],
         "baseline"),
        ("big upload: server size / sha256", "%s / %s" % ("match" if big["server_size_match"] else "DIFFER",
                                                          "match" if big["server_sha256_match"] else "DIFFER"),
         "header %s" % (big["server_header"] or {}).get("name")),
        ("big upload: SRPM made by", big["srpm_method"], "%.1f s" % big["srpm_make_s"]),
        ("big upload: ansible-playbook wall", "%.1f s" % big["wall_s"], ""),
        ("wait on %d builds in one task: GETs /api_3/build/<id>" % wait["builds"], str(wait["build_gets"]),
         "%d rounds x %d builds = %d at most" % (wait["poll_rounds"], wait["builds"],
                                                 wait["max_gets_one_per_build_per_round"])),
        ("wait: final states / wall", "%s / %.1f s" % (",".join(wait["states"]), wait["wall_s"]),
         "interval %.1f s, growing x1.5" % wait["wait_interval"]),
    ]
    width = max(len(r[0]) for r in rows)
    print("copr_build benchmark (local Copr server, build_speed %.1f s/phase)" % args.build_speed)
    print("RSS: %s" % report["rss_method"])
    for row in rows:
        print("  %-*s  %-18s %s" % (width, row[0], row[1], row[2]))
    os.makedirs(os.path.dirname(args.output), exist_ok=True)
    with open(args.output, "w") as handle:
        json.dump(report, handle, indent=2, sort_keys=True)
    print("saved %s" % args.output)


if __name__ == "__main__":
    main()
