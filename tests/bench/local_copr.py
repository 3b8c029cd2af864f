# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the benchmarks need of the local Copr server: start it, read its request record."""

import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request

TESTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def start_server(*extra_args):
    """Start ``python -m copr_server`` on a free loopback port; return (process, base URL).

    Its output goes to a log file, never to a pipe nobody reads: werkzeug logs
    every request, and a full pipe would block the server mid-benchmark.
    """
    env = dict(os.environ, PYTHONPATH=TESTS)
    log_dir = tempfile.mkdtemp(prefix="copr-bench-server-")
    log_path = os.path.join(log_dir, "server.log")
    with open(log_path, "w") as log:
        proc = subprocess.Popen([sys.executable, "-u", "-m", "copr_server", "--host", "127.0.0.1", "--port", "0"]
                                + [str(arg) for arg in extra_args],
                                env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with open(log_path) as log:
            match = re.search(r"copr_server listening on (http://\S+)", log.read())
        if match:
            return proc, match.group(1)
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    proc.kill()
    sys.exit("bench: the local Copr server did not start (log: %s)" % log_path)


def http_json(url, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback only, never a proxy
    with opener.open(request, timeout=60) as response:
        return json.load(response)


def mark(url):
    """The sequence number of the server's last recorded request."""
    return http_json("%s/_test/requests?since=999999999" % url)["last_seq"]


def requests_since(url, seq):
    """The requests the server recorded after ``seq``: {seq, method, path, query, status, user, write}."""
    return http_json("%s/_test/requests?since=%d" % (url, seq))["items"]


def state(url):
    """The server's state dump (GET /_test/state): projects (deleted ones too), builds, packages."""
    return http_json("%s/_test/state" % url)


def configure_faults(url, **config):
    """Merge ``config`` into the server's fault config (POST /_test/faults/config); returns the new config."""
    return http_json("%s/_test/faults/config" % url, config)


def fault_stats(url):
    return http_json("%s/_test/faults" % url)


# Declared option -> (field of the stored project row, how a declared value is stored).
def _words(value):
    return " ".join(str(item) for item in (value or []) for item in str(item).split())


PROJECT_FIELDS = {
    "description": ("description", lambda v: v or ""), "instructions": ("instructions", lambda v: v or ""),
    "homepage": ("homepage", lambda v: v or None), "contact": ("contact", lambda v: v or None),
    "additional_repos": ("repos", _words), "enable_net": ("build_enable_net", bool),
    "unlisted_on_hp": ("unlisted_on_hp", bool), "auto_prune": ("auto_prune", bool),
    "devel_mode": ("disable_createrepo", bool), "isolation": ("isolation", str), "bootstrap": ("bootstrap", str),
    "module_hotfixes": ("module_hotfixes", bool), "appstream": ("appstream", bool),
    "follow_fedora_branching": ("follow_fedora_branching", bool), "repo_priority": ("repo_priority", int),
}
CHROOT_FIELDS = {
    "additional_packages": ("buildroot_pkgs", lambda v: sorted(_words(v).split())),
    "with_opts": ("with_opts", lambda v: sorted(_words(v).split())),
    "without_opts": ("without_opts", lambda v: sorted(_words(v).split())),
    "additional_repos": ("repos", _words),
    "additional_modules": ("module_toggle", lambda v: ", ".join(v or []) or None),
    "isolation": ("isolation", str),
}
SPLIT_STORED = ("buildroot_pkgs", "with_opts", "without_opts")


def declared_state_problems(dump, projects, default_owner):
    """What differs between the server's state dump and the declared ``projects`` (the role's
    ``copr_projects`` items); [] when it holds exactly what is declared.

    Each declared project must have been created exactly once (one stored row, deleted ones
    counted) and be live with exactly the declared chroot set; every declared field of the
    project and of each chroot declared as a dict must be stored as declared (fields this
    check does not know are listed as problems, so nothing is skipped silently).
    """
    problems = []
    for item in projects:
        owner = item.get("owner") or default_owner
        label = "%s/%s" % (owner, item["name"])
        rows = [row for row in dump["projects"] if row["ownername"] == owner and row["name"] == item["name"]]
        live = [row for row in rows if not row["deleted"]]
        if item.get("state") == "absent":
            if live:
                problems.append("%s: declared absent, but exists" % label)
            continue
        if len(rows) != 1 or len(live) != 1:
            problems.append("%s: created %d times, %d live (want once, live)" % (label, len(rows), len(live)))
            if not live:
                continue
        row = live[0]
        chroots = dict((c["name"], c) if isinstance(c, dict) else (c, {"name": c}) for c in item.get("chroots") or [])
        enabled = sorted(name for name, chroot in row["chroots"].items() if not chroot["deleted"])
        if "chroots" in item and enabled != sorted(chroots):
            problems.append("%s: chroots %s, declared %s" % (label, enabled, sorted(chroots)))
        problems.extend(_package_problems(dump, row, label, item.get("packages") or []))
        for key, value in item.items():
            if key in ("name", "owner", "state", "chroots", "packages"):
                continue
            if key not in PROJECT_FIELDS:
                problems.append("%s: %s is declared, and this check does not know it" % (label, key))
                continue
            field, stored_as = PROJECT_FIELDS[key]
            if row[field] != stored_as(value):
                problems.append("%s: %s is %r, declared %r" % (label, key, row[field], value))
        for name, settings in sorted(chroots.items()):
            stored = row["chroots"].get(name) or {}
            for key, value in settings.items():
                if key == "name":
                    continue
                if key not in CHROOT_FIELDS:
                    problems.append("%s/%s: %s is declared, and this check does not know it" % (label, name, key))
                    continue
                field, stored_as = CHROOT_FIELDS[key]
                have = stored.get(field)
                if field in SPLIT_STORED:
                    have = sorted((have or "").split())
                if have != stored_as(value):
                    problems.append("%s/%s: %s is %r, declared %r" % (label, name, key, have, value))
    return problems


def _package_problems(dump, row, label, packages):
    """Each declared package stored once in the project, with the declared source type and
    the declared source fields (in Copr's stored names where they differ), and webhook_rebuild."""
    problems = []
    stored_names = {"pypi": {"package_name": "pypi_package_name", "version": "pypi_package_version"},
                    "scm": {"type": "type", "method": "srpm_build_method"}}
    for package in packages:
        where = "%s/%s" % (label, package["name"])
        rows = [p for p in dump["packages"] if p["project_id"] == row["id"] and p["name"] == package["name"]]
        if package.get("state") == "absent":
            if rows:
                problems.append("%s: declared absent, but exists" % where)
            continue
        if len(rows) != 1:
            problems.append("%s: stored %d times (want once)" % (where, len(rows)))
            continue
        stored = rows[0]
        kinds = [kind for kind in ("scm", "pypi", "rubygems", "custom", "distgit") if kind in package]
        if kinds and stored["source_type"] != kinds[0]:
            problems.append("%s: source type %s, declared %s" % (where, stored["source_type"], kinds[0]))
        for kind in kinds:
            names = stored_names.get(kind, {})
            for key, value in (package[kind] or {}).items():
                have = (stored["source_dict"] or {}).get(names.get(key, key))
                if value is not None and have != value:
                    problems.append("%s: %s.%s is %r, declared %r" % (where, kind, key, have, value))
        if "webhook_rebuild" in package and bool(stored["webhook_rebuild"]) != bool(package["webhook_rebuild"]):
            problems.append("%s: webhook_rebuild is %r, declared %r"
                            % (where, stored["webhook_rebuild"], package["webhook_rebuild"]))
    return problems
