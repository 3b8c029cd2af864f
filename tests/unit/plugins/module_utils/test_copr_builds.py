# -*- coding: utf-8 -*-
# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Build logic: NVR from URLs, the idempotency matcher, chroot resolution, the wait loop,
and the client's build requests (bodies, no retries, the streamed upload)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest
import requests

from ansible_collections.copr.copr.plugins.module_utils import copr_api
from ansible_collections.copr.copr.plugins.module_utils import copr_builds as cb
from ansible_collections.copr.copr.plugins.module_utils.copr_api import CoprApiError, CoprClient, RetryPolicy


# --- names and versions ------------------------------------------------------

@pytest.mark.parametrize("url, nvr", [
    ("https://example.com/pkgs/foo-1.0-1.src.rpm", ("foo", "1.0", "1")),
    ("https://example.com/a/python-foo-bar-2.3.4-0.1.rc1.fc43.src.rpm?x=1#y", ("python-foo-bar", "2.3.4", "0.1.rc1.fc43")),
    ("https://example.com/p/foo%2Bplus-1.0-1.nosrc.rpm", ("foo+plus", "1.0", "1")),
    ("https://example.com/pkgs/foo.spec", None),
    ("https://example.com/pkgs/foo-1.0.src.rpm", None),
    ("https://example.com/", None),
])
def test_nvr_from_url(url, nvr):
    assert cb.nvr_from_file_name(cb.url_file_name(url)) == nvr


@pytest.mark.parametrize("build_version, vr, epoch, same", [
    ("1.0-1", "1.0-1", None, True),
    ("0:1.0-1", "1.0-1", None, True),
    ("2:1.0-1", "1.0-1", None, True),      # a URL's file name has no epoch: V-R decides
    ("2:1.0-1", "1.0-1", 2, True),
    ("1.0-1", "1.0-1", 2, True),           # Copr may leave the epoch out
    ("3:1.0-1", "1.0-1", 2, False),
    ("1.0-2", "1.0-1", None, False),
    (None, "1.0-1", None, False),
])
def test_same_version(build_version, vr, epoch, same):
    assert cb.same_version(build_version, vr, epoch) is same


def build(build_id, state="succeeded", chroots=("fedora-43-x86_64", "epel-9-x86_64"), name=None, version=None,
          url=None):
    return {"id": build_id, "state": state, "chroots": sorted(chroots),
            "source_package": {"name": name, "version": version, "url": url}}


# --- chroots -------------------------------------------------------------------

PROJECT_CHROOTS = ["epel-9-x86_64", "fedora-43-x86_64", "fedora-rawhide-x86_64"]


def test_requested_chroots_patterns_and_excludes():
    assert cb.requested_chroots(PROJECT_CHROOTS) == PROJECT_CHROOTS
    assert cb.requested_chroots(PROJECT_CHROOTS, ["fedora-*"]) == ["fedora-43-x86_64", "fedora-rawhide-x86_64"]
    assert cb.requested_chroots(PROJECT_CHROOTS, None, ["epel-*"]) == ["fedora-43-x86_64", "fedora-rawhide-x86_64"]
    with pytest.raises(ValueError, match="fedora-99-x86_64 not enabled in the project"):
        cb.requested_chroots(PROJECT_CHROOTS, ["fedora-43-x86_64", "fedora-99-x86_64"])


def test_covers():
    wanted = ["fedora-43-x86_64"]
    assert cb.covers(build(1, "succeeded"), wanted)
    assert cb.covers(build(1, "forked"), wanted)
    assert cb.covers(build(1, "running"), wanted)
    assert cb.covers(build(1, "pending", chroots=()), wanted)      # chroots appear after import
    assert not cb.covers(build(1, "succeeded", chroots=("epel-9-x86_64",)), wanted)
    assert not cb.covers(build(1, "canceled"), wanted)
    assert not cb.covers(build(1, "failed"), wanted)
    assert cb.covers(build(1, "failed"), wanted, {"fedora-43-x86_64": "succeeded", "epel-9-x86_64": "failed"})
    assert not cb.covers(build(1, "failed"), wanted, {"fedora-43-x86_64": "failed"})


# --- idempotency ---------------------------------------------------------------

class StubClient:
    """Answers the three reads find_existing makes, and counts them."""

    def __init__(self, builds, sources=None, chroots=None, packages=None):
        self.builds = builds
        self.sources = sources or {}
        self.chroots = chroots or {}
        self.packages = packages or {}
        self.calls = []

    def list_builds(self, owner, project, package=None, state=None, limit=None):
        self.calls.append(("list", limit))
        return self.builds[:limit]

    def build_pages(self, owner, project, package=None):
        self.calls.append(("pages", package))
        builds = [b for b in self.builds if not package or (b.get("source_package") or {}).get("name") == package]
        for start in range(0, len(builds) + 1, 100):
            self.calls.append(("page", package, start))
            yield builds[start:start + 100]
            if len(builds[start:start + 100]) < 100:
                return

    def get_build_source(self, build_id):
        self.calls.append(("source", build_id))
        return self.sources.get(build_id)

    def get_package(self, owner, project, name):
        self.calls.append(("package", name))
        return self.packages.get(name)

    def list_build_chroots(self, build_id):
        self.calls.append(("chroots", build_id))
        return [{"name": name, "state": state} for name, state in self.chroots.get(build_id, {}).items()]


WANTED = ["fedora-43-x86_64"]
URL = "https://example.com/pkgs/foo-1.0-1.src.rpm"


def test_url_matches_by_url_then_by_nvr():
    source = cb.url_source(URL)
    assert cb.find_existing(StubClient([build(3, "pending", chroots=(), url=URL)]), "a", "p", source, WANTED)["id"] == 3
    imported = build(4, name="foo", version="1.0-1", url="https://backend/results/foo-1.0-1.src.rpm")
    assert cb.find_existing(StubClient([imported]), "a", "p", source, WANTED)["id"] == 4
    other = build(5, name="foo", version="1.1-1", url="https://example.com/pkgs/foo-1.1-1.src.rpm")
    assert cb.find_existing(StubClient([other]), "a", "p", source, WANTED) is None


def test_an_old_build_is_found_through_its_package_however_busy_the_project():
    # 300 newer builds of other packages: the newest 100 miss it, the package's own list has it.
    others = [build(1000 - index, name="other%d" % index, version="1-1", url="https://x/other%d-1-1.src.rpm" % index)
              for index in range(300)]
    old = build(5, name="foo", version="1.0-1", url=URL)
    client = StubClient(others + [old])
    assert cb.find_existing(client, "a", "p", cb.url_source(URL), WANTED)["id"] == 5
    assert client.calls == [("list", 100), ("pages", "foo"), ("page", "foo", 0)]


def test_the_package_search_is_bounded():
    # A package with 5000 builds of other versions: at most PACKAGE_PAGES pages are read, then no match.
    builds = [build(6000 - index, name="foo", version="0.%d-1" % index, url="https://x/foo-0.%d-1.src.rpm" % index)
              for index in range(5000)]
    client = StubClient(builds)
    assert cb.find_existing(client, "a", "p", cb.url_source(URL), WANTED) is None
    assert len([call for call in client.calls if call[0] == "page"]) == cb.PACKAGE_PAGES


@pytest.mark.parametrize("source, names", [
    (cb.url_source("https://x/y/hello-2.1-3.fc43.src.rpm"), ["hello"]),
    (cb.url_source("https://x/y/hello.spec"), []),
    (cb.BuildSource("package", {"package": "hello"}), ["hello"]),
    (cb.BuildSource("distgit", {"package_name": "tar"}), ["tar"]),
    (cb.BuildSource("pypi", {"package_name": "Flask_Login"}),
     ["python-Flask_Login", "python-flask_login", "python-flask-login"]),
    (cb.BuildSource("rubygems", {"gem_name": "rake"}), ["rubygem-rake"]),
    (cb.BuildSource("scm", {"clone_url": "https://github.com/e/hello.git"}), ["hello"]),
    (cb.BuildSource("scm", {"clone_url": "https://github.com/e/x.git", "spec": "rpm/hello.spec"}), ["hello"]),
    (cb.BuildSource("custom", {"script": "true"}), []),
])
def test_package_names_a_source_produces(source, names):
    assert source.package_names() == names


def test_newest_good_build_wins_and_bad_states_are_skipped():
    builds = [build(9, "canceled", url=URL), build(8, "failed", url=URL), build(7, "succeeded", url=URL)]
    client = StubClient(builds, chroots={8: {"fedora-43-x86_64": "failed", "epel-9-x86_64": "succeeded"}})
    assert cb.find_existing(client, "a", "p", cb.url_source(URL), WANTED)["id"] == 7
    # The failed build succeeded in epel-9: good enough when only epel-9 is asked for.
    assert cb.find_existing(client, "a", "p", cb.url_source(URL), ["epel-9-x86_64"])["id"] == 8


def test_upload_matches_header_nvr_or_file_name_before_import():
    nvr = {"name": "gs-hello", "version": "1.2.3", "release": "4", "epoch": 2}
    source = cb.BuildSource("upload", {"path": "/tmp/x/gs-hello-1.2.3-4.src.rpm"}, nvr=nvr)
    pending = build(1, "pending", url="http://copr/tmp/tmpab12/gs-hello-1.2.3-4.src.rpm")
    assert source.matches_build(pending) is True
    assert source.matches_build(build(2, name="gs-hello", version="2:1.2.3-4")) is True
    assert source.matches_build(build(2, name="gs-hello", version="1:1.2.3-4")) is False
    assert source.matches_build(build(3, name="gs-hello", version="1.2.3-5")) is False
    assert source.matches_build(build(4, "pending", url="http://copr/tmp/tmpab12/other-1-1.src.rpm")) is False


SCM = {"clone_url": "https://github.com/example/hello.git", "committish": "v1", "type": "git", "method": "rpkg"}


def test_scm_reads_source_configs_until_the_first_match():
    builds = [build(5, url=None), build(4, "canceled"), build(3), build(2)]
    sources = {
        5: {"source_type": "scm", "source_dict": dict(SCM, committish="v2")},
        3: {"source_type": "scm", "source_dict": {"type": "git", "clone_url": SCM["clone_url"], "committish": "v1",
                                                  "subdirectory": "", "spec": "", "srpm_build_method": "rpkg"}},
        2: {"source_type": "scm", "source_dict": dict(SCM)},
    }
    client = StubClient(builds, sources)
    found = cb.find_existing(client, "a", "p", cb.BuildSource("scm", dict(SCM)), WANTED, builds)
    assert found["id"] == 3
    # No list (builds given), canceled 4 never looked at, stops at 3.
    assert client.calls == [("source", 5), ("source", 3)]


@pytest.mark.parametrize("kind, fields, stored, same", [
    ("pypi", {"package_name": "requests", "version": "2.32.3"},
     {"source_type": "pypi", "source_dict": {"pypi_package_name": "requests", "pypi_package_version": "2.32.3"}}, True),
    ("pypi", {"package_name": "requests", "version": "2.32.4"},
     {"source_type": "pypi", "source_dict": {"pypi_package_name": "requests", "pypi_package_version": "2.32.3"}}, False),
    ("pypi", {"package_name": "requests"},
     {"source_type": "pypi", "source_dict": {"pypi_package_name": "requests", "pypi_package_version": None}}, True),
    ("rubygems", {"gem_name": "rake"}, {"source_type": "rubygems", "source_dict": {"gem_name": "rake"}}, True),
    ("rubygems", {"gem_name": "rake"}, {"source_type": "pypi", "source_dict": {"gem_name": "rake"}}, False),
    ("custom", {"script": "#!/bin/sh\r\necho", "builddeps": ["git", "curl"]},
     {"source_type": "custom", "source_dict": {"script": "#!/bin/sh\necho\n", "builddeps": "curl git"}}, True),
    ("custom", {"script": "#!/bin/sh\necho"},
     {"source_type": "custom", "source_dict": {"script": "#!/bin/sh\necho other\n"}}, False),
    ("distgit", {"package_name": "hello", "committish": "f43"},
     {"source_type": "distgit", "source_dict": {"clone_url": "https://src.fedoraproject.org/rpms/hello.git",
                                                "committish": "f43", "distgit": "fedora"}}, True),
    ("distgit", {"package_name": "hello", "committish": "f42"},
     {"source_type": "distgit", "source_dict": {"package_name": "hello", "committish": "f43"}}, False),
    ("scm", dict(SCM, type="svn"), {"source_type": "scm", "source_dict": dict(SCM)}, False),
    ("scm", SCM, None, False),
])
def test_source_config_matching(kind, fields, stored, same):
    assert cb.BuildSource(kind, fields).matches_source_config(stored) is same


def test_package_matches_by_name():
    source = cb.BuildSource("package", {"package": "gs-pkg"})
    assert source.matches_build(build(1, name="gs-pkg")) is True
    assert source.matches_build(build(1, name="other")) is False


PKG_SCM = {"type": "svn", "clone_url": "https://svn.example.com/hello", "committish": "", "subdirectory": "",
           "spec": "", "srpm_build_method": "make_srpm"}


def package(source_type, source_dict, name="hello"):
    """A package as CoprClient.get_package returns it (option names)."""
    return copr_api.package_to_options({"name": name, "source_type": source_type, "source_dict": source_dict})


def test_a_package_build_counts_only_when_it_was_made_from_the_packages_current_source():
    # Build 3 was made before the package's committish moved to v2; build 2 from the current source.
    builds = [build(4, name="other"), build(3, name="hello"), build(2, name="hello")]
    sources = {3: {"source_type": "scm", "source_dict": dict(PKG_SCM, committish="v1")},
               2: {"source_type": "scm", "source_dict": dict(PKG_SCM, committish="v2")}}
    client = StubClient(builds, sources, packages={"hello": package("scm", dict(PKG_SCM, committish="v2"))})
    source = cb.BuildSource("package", {"package": "hello"})
    assert cb.find_existing(client, "a", "p", source, WANTED, builds)["id"] == 2
    assert client.calls == [("package", "hello"), ("source", 3), ("source", 2)]
    # The whole source counts for a package: the same commit made another way is another source.
    other_method = dict(PKG_SCM, committish="v2", srpm_build_method="rpkg")
    client = StubClient(builds, {2: {"source_type": "scm", "source_dict": other_method}},
                        packages={"hello": package("scm", dict(PKG_SCM, committish="v2"))})
    assert cb.find_existing(client, "a", "p", cb.BuildSource("package", {"package": "hello"}), WANTED,
                            builds[2:]) is None


def test_a_package_without_a_source_is_matched_by_name():
    builds = [build(2, name="hello")]
    for packages in ({}, {"hello": package("unset", {})}):
        client = StubClient(builds, packages=packages)
        assert cb.find_existing(client, "a", "p", cb.BuildSource("package", {"package": "hello"}), WANTED,
                                builds)["id"] == 2
        assert client.calls == [("package", "hello")]


@pytest.mark.parametrize("declared, stored, same", [
    # Copr stores the default chroot of a script, and resolves fedora-latest-<arch> when it creates a build
    ({"script": "x"}, {"script": "x\n", "chroot": "fedora-latest-x86_64"}, True),
    ({"script": "x"}, {"script": "x\n", "chroot": "fedora-43-x86_64"}, True),
    ({"script": "x"}, {"script": "x\n", "chroot": "fedora-43-aarch64"}, False),
    ({"script": "x", "chroot": "epel-9-x86_64"}, {"script": "x\n", "chroot": "fedora-43-x86_64"}, False),
])
def test_custom_script_chroot(declared, stored, same):
    config = {"source_type": "custom", "source_dict": stored}
    assert cb.BuildSource("custom", declared).matches_source_config(config) is same


def test_find_after_ambiguity_only_looks_at_new_builds():
    builds = [build(12, "pending", url=URL), build(11, "pending", url="https://x/other-1-1.src.rpm"),
              build(10, "succeeded", url=URL)]
    found = cb.find_after_ambiguity(StubClient(builds), "a", "p", [cb.url_source(URL)], 10)
    assert [b["id"] for b in found] == [12]
    assert cb.find_after_ambiguity(StubClient(builds), "a", "p", [cb.url_source(URL)], 12) == []


# --- waiting -------------------------------------------------------------------

class Clock:
    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds

    def __call__(self):
        return self.now


def scripted_read(script, clock, log):
    """read_builds answering from ``script[id]``: a list of states (or exceptions) consumed per round."""
    def read(ids):
        log.append((clock.now, list(ids)))
        found = {}
        for build_id in ids:
            outcome = script[build_id].pop(0) if len(script[build_id]) > 1 else script[build_id][0]
            if isinstance(outcome, Exception):
                raise outcome
            found[build_id] = {"id": build_id, "state": outcome, "owner": "a", "project": "p"}
        return found
    return read


def test_backoff_grows_to_the_ceiling():
    intervals = cb.Backoff(5, 1.5, 60).intervals()
    assert [next(intervals) for dummy in range(9)] == [5, 7.5, 11.25, 16.875, 25.3125, 37.96875, 56.953125, 60, 60]


def test_one_read_of_the_unfinished_builds_per_interval():
    clock, log = Clock(), []
    script = {1: ["running", "succeeded"], 2: ["pending", "running", "running", "failed"], 3: ["succeeded"]}
    start = [{"id": 1, "state": "pending"}, {"id": 2, "state": "pending"}, {"id": 3, "state": "succeeded"}]
    builds, unfinished, rounds = cb.wait_for_builds(scripted_read(script, clock, log), start, 600,
                                                    backoff=cb.Backoff(5, 1.5, 60), sleep=clock.sleep, clock=clock)
    assert [b["state"] for b in builds] == ["succeeded", "failed", "succeeded"]
    assert unfinished == []
    assert clock.sleeps == [5, 7.5, 11.25, 16.875]
    # Round 1: 1 and 2; round 2: 1 (done) and 2; rounds 3-4: only 2. Build 3 is final from the start.
    assert [entry[1] for entry in log] == [[1, 2], [1, 2], [2], [2]]
    assert rounds == 4


def test_transient_errors_are_tolerated_others_are_not():
    clock, log, warnings = Clock(), [], []
    script = {1: [CoprApiError("Cannot connect"), CoprApiError("Bad gateway", status=502), "succeeded"]}
    builds, unfinished, rounds = cb.wait_for_builds(scripted_read(script, clock, log), [{"id": 1, "state": "pending"}],
                                                    600, sleep=clock.sleep, clock=clock, warn=warnings.append)
    assert builds[0]["state"] == "succeeded" and not unfinished and rounds == 3
    assert len(warnings) == 2
    script = {1: [CoprApiError("Forbidden", status=403)]}
    with pytest.raises(CoprApiError):
        cb.wait_for_builds(scripted_read(script, clock, []), [{"id": 1, "state": "pending"}], 600,
                           sleep=clock.sleep, clock=clock)


def test_timeout_returns_what_is_unfinished():
    clock, log = Clock(), []
    builds, unfinished, rounds = cb.wait_for_builds(scripted_read({1: ["running"]}, clock, log),
                                                    [{"id": 1, "state": "pending"}], 30,
                                                    backoff=cb.Backoff(5, 1.5, 60), sleep=clock.sleep, clock=clock)
    assert unfinished == [1] and builds[0]["state"] == "running"
    assert sum(clock.sleeps) == 30          # never sleeps past the deadline
    assert clock.sleeps[-1] == 30 - 5 - 7.5 - 11.25


def test_progress_says_each_change_of_a_build_or_chroot_once():
    clock, lines = Clock(), []
    chroot_script = [{}, {1: {"f43": "running", "epel9": "pending"}}, {1: {"f43": "succeeded", "epel9": "running"}},
                     {1: {"f43": "succeeded", "epel9": "succeeded"}}]
    progress = cb.BuildProgress(lines.append, lambda owner, project: chroot_script.pop(0), clock=clock)
    script = {1: ["running", "running", "succeeded"]}
    cb.wait_for_builds(scripted_read(script, clock, []), [{"id": 1, "state": "pending", "owner": "a", "project": "p"}],
                       600, backoff=cb.Backoff(60, 1, 60), sleep=clock.sleep, clock=clock, on_round=progress)
    assert lines == [
        "build 1 (a/p): pending after 0s",
        "build 1 (a/p): running after 1m00s",
        "build 1 (a/p) epel9: pending after 1m00s",
        "build 1 (a/p) f43: running after 1m00s",
        "build 1 (a/p) epel9: running after 2m00s",
        "build 1 (a/p) f43: succeeded after 2m00s",
        "build 1 (a/p): succeeded after 3m00s",
        "build 1 (a/p) epel9: succeeded after 3m00s",
    ]


def test_progress_says_nothing_of_builds_already_finished():
    clock, lines, reads = Clock(), [], []

    def states(owner, project):
        reads.append(project)
        return {}
    progress = cb.BuildProgress(lines.append, states, clock=clock)
    progress([{"id": 3, "state": "succeeded", "owner": "a", "p": "p", "project": "p"}])
    assert lines == [] and reads == []


def test_progress_goes_on_without_chroots_when_their_read_fails():
    clock, lines = Clock(), []

    def broken(owner, project):
        raise CoprApiError("Such API endpoint doesn't exist", status=404)
    progress = cb.BuildProgress(lines.append, broken, clock=clock)
    progress([{"id": 7, "state": "running", "owner": "a", "project": "p"}])
    progress([{"id": 7, "state": "failed", "owner": "a", "project": "p"}])
    assert lines == ["build 7 (a/p): running after 0s", "build 7 (a/p): failed after 0s"]
    assert progress.chroot_states is None


def test_failure_report_names_chroots_and_logs():
    chroots = [{"name": "fedora-43-x86_64", "state": "failed", "result_url": "http://be/results/a/p/fedora-43-x86_64/01-foo/"},
               {"name": "epel-9-x86_64", "state": "succeeded", "result_url": "http://be/r/e/"}]
    text = cb.failure_report({"id": 1, "state": "failed", "web_url": "http://copr/coprs/build/1/"}, chroots)
    assert "fedora-43-x86_64" in text and "epel-9" not in text
    assert "http://be/results/a/p/fedora-43-x86_64/01-foo/builder-live.log.gz" in text
    assert "http://copr/coprs/build/1/" in text
    assert "SRPM phase" in cb.failure_report({"id": 2, "state": "failed"}, [])


# --- the client's build requests -----------------------------------------------

class Script:
    def __init__(self, *outcomes):
        self.outcomes = list(outcomes)
        self.calls = []

    def __call__(self, method, url, **kwargs):
        data = kwargs.get("data")
        if data is not None and hasattr(data, "read"):
            kwargs["data_bytes"] = data.read()
        self.calls.append((method, url, kwargs))
        outcome = self.outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        status, body = outcome
        response = requests.Response()
        response.status_code = status
        response._content = json.dumps(body).encode()
        return response


RAW = {"id": 7, "state": "pending", "ownername": "@qa", "projectname": "p", "project_dirname": "p",
       "repo_url": "http://be/results/@qa/p", "chroots": ["fedora-43-x86_64"], "submitter": "alice",
       "source_package": {"name": None, "version": None, "url": URL}, "submitted_on": 1, "started_on": None,
       "ended_on": None, "is_background": False}


def make_client(script):
    client = CoprClient(copr_api.CoprSettings("https://copr.example", "l", "t"), retry=RetryPolicy(attempts=4),
                        sleep=lambda s: None)
    client.transport.session.request = script
    return client


def test_build_to_options():
    options = copr_api.build_to_options(RAW, "https://copr.example/")
    assert options["owner"] == "@qa" and options["project"] == "p"
    assert options["web_url"] == "https://copr.example/coprs/build/7/"
    assert options["source_package"] == {"name": None, "version": None, "url": URL}


def test_create_url_build_body_and_items():
    script = Script((200, {"items": [RAW, dict(RAW, id=8)], "meta": {}}))
    builds = make_client(script).create_build("@qa", "p", "url", {"url": [URL, URL]},
                                              {"chroots": ["fedora-43-x86_64"], "timeout": 600, "exclude_chroots": []})
    assert [b["id"] for b in builds] == [7, 8]
    method, url, kwargs = script.calls[0]
    assert (method, url) == ("POST", "https://copr.example/api_3/build/create/url")
    assert kwargs["json"] == {"ownername": "@qa", "projectname": "p", "pkgs": [URL, URL],
                              "chroots": ["fedora-43-x86_64"], "timeout": 600}


@pytest.mark.parametrize("kind, fields, body", [
    ("scm", {"clone_url": "https://g/x.git", "type": "svn", "method": "tito"},
     {"clone_url": "https://g/x.git", "scm_type": "svn", "source_build_method": "tito"}),
    ("pypi", {"package_name": "requests", "version": "1", "python_versions": ["3"]},
     {"pypi_package_name": "requests", "pypi_package_version": "1", "python_versions": ["3"]}),
    ("custom", {"script": "x", "builddeps": ["a", "b"], "repos": ["https://r"]},
     {"script": "x", "builddeps": "a b", "repos": "https://r"}),
    ("package", {"package": "hello"}, {"package_name": "hello"}),
])
def test_create_bodies(kind, fields, body):
    script = Script((200, RAW))
    assert make_client(script).create_build("a", "p", kind, fields, {})[0]["id"] == 7
    method, url, kwargs = script.calls[0]
    assert url.endswith("/api_3/" + copr_api.CoprApiV3.BUILD_CREATE_PATHS[kind])
    expected = {"ownername": "a", "projectname": "p"}
    expected.update(body)
    assert kwargs["json"] == expected


def test_upload_is_streamed_multipart(tmp_path):
    path = tmp_path / "hello-1-1.src.rpm"
    path.write_bytes(b"RPMDATA" * 1000)
    script = Script((200, RAW))
    make_client(script).create_build("a", "p", "upload", {"path": str(path)}, {"chroots": ["fedora-43-x86_64"]})
    method, url, kwargs = script.calls[0]
    assert url.endswith("/api_3/build/create/upload")
    assert kwargs["json"] is None and kwargs["files"] is None
    assert kwargs["headers"]["Content-Type"].startswith("multipart/form-data; boundary=")
    data = kwargs["data_bytes"]
    assert data.index(b'name="pkgs"; filename="hello-1-1.src.rpm"') < data.index(b'name="json"; filename="json"')
    assert b"RPMDATA" * 1000 in data
    assert json.dumps({"ownername": "a", "projectname": "p", "chroots": ["fedora-43-x86_64"]}).encode() in data


def test_build_submission_is_never_retried_and_marks_ambiguity():
    script = Script(requests.exceptions.ReadTimeout("read timed out"), (200, RAW))
    with pytest.raises(CoprApiError) as info:
        make_client(script).create_build("a", "p", "url", {"url": [URL]}, {})
    assert info.value.ambiguous
    assert len(script.calls) == 1
    # A gateway's 502 may come after Copr processed the submission (issue 13): ambiguous too.
    script = Script((502, {"error": "Bad gateway"}), (200, RAW))
    with pytest.raises(CoprApiError) as info:
        make_client(script).create_build("a", "p", "url", {"url": [URL]}, {})
    assert len(script.calls) == 1 and info.value.ambiguous


def test_list_builds_asks_newest_first_and_filters():
    script = Script((200, {"items": [RAW], "meta": {}}))
    make_client(script).list_builds("a", "p", package="foo", state="pending", limit=5)
    params = script.calls[0][2]["params"]
    assert params == {"ownername": "a", "projectname": "p", "order": "id", "order_type": "DESC",
                      "packagename": "foo", "status": "pending", "limit": 5}


def test_get_build_404_is_none_and_cancel_delete_paths():
    script = Script((404, {"error": "Build 9 does not exist."}), (200, RAW), (200, RAW))
    client = make_client(script)
    assert client.get_build(9) is None
    client.cancel_build(7)
    client.delete_build(7)
    paths = [(m, u.split("/api_3/")[1]) for m, u, dummy in script.calls[1:]]
    assert paths == [("PUT", "build/cancel/7"), ("DELETE", "build/delete/7")]
