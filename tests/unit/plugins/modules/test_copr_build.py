# -*- coding: utf-8 -*-
# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""copr_build's main() at scale, on both hosts, against the local Copr server in this process.

A busy project (300 newer builds) does not hide an existing build from the
"already built?" search, and waiting on many builds reads the project's build
list once a round instead of every build; only the controller prints progress.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

import pytest
import requests

from conftest import run_main
from ansible_collections.copr.copr.plugins.modules import copr_build

CHROOTS = ["fedora-rawhide-x86_64", "epel-9-x86_64"]


@pytest.fixture
def project(copr):
    """alice/busy with two chroots; returns a function that submits URL builds through the API."""
    session = requests.Session()
    session.auth = (copr.login, copr.token)
    response = session.post(copr.api_url + "/api_3/project/add/alice", json={"name": "busy", "chroots": CHROOTS})
    response.raise_for_status()

    def submit(*urls):
        response = session.post(copr.api_url + "/api_3/build/create/url",
                                json={"ownername": "alice", "projectname": "busy", "pkgs": list(urls)})
        response.raise_for_status()
        return [item["id"] for item in response.json()["items"]]

    def config(**values):
        session.post(copr.api_url + "/_test/config", json=values).raise_for_status()

    submit.config = config
    return submit


def run(copr, capsys, host, **args):
    args = dict(args, api_url=copr.api_url, api_login=copr.login, api_token=copr.token, owner="alice", project="busy")
    return run_main(copr_build.main, host, args, capsys=capsys, name="copr_build")


def reads_since(copr, seq):
    return [(r["method"], r["path"]) for r in copr.records()[seq:] if not r["write"]]


@pytest.mark.parametrize("host", ["module", "controller"])
def test_an_old_build_is_found_behind_300_newer_ones(copr, capsys, project, host):
    project.config(build_speed=0.001)   # every build is imported (package name known) at the next request
    (hello,) = project("https://example.com/pkgs/hello-1.0-1.src.rpm")
    for start in range(0, 300, 50):
        project(*["https://example.com/pkgs/other%d-1.0-1.src.rpm" % n for n in range(start, start + 50)])
    seq = len(copr.records())
    result, _out = run(copr, capsys, host, url=["https://example.com/pkgs/hello-1.0-1.src.rpm"])
    assert result["changed"] is False and result["build"]["id"] == hello
    assert not [r for r in copr.records()[seq:] if r["write"]]   # no duplicate submitted
    # The project, its newest 100 builds, then hello's own builds (and the found build's chroots for
    # the result): a bounded handful of reads.
    assert reads_since(copr, seq) == [("GET", "/api_3/project"), ("GET", "/api_3/build/list"),
                                      ("GET", "/api_3/build/list"), ("GET", "/api_3/build-chroot/list")]
    assert "packagename=hello" in copr.records()[-2]["query"]


@pytest.mark.parametrize("host", ["module", "controller"])
def test_waiting_on_110_builds_reads_the_list_not_each_build(copr, capsys, project, host):
    project.config(build_speed=0.15)
    urls = ["https://example.com/pkgs/mass%d-1.0-1.src.rpm" % n for n in range(110)]
    seq = len(copr.records())
    result, out = run(copr, capsys, host, url=urls, wait=True, wait_interval=0.2, force=True)
    assert result["changed"] is True and len(result["builds"]) == 110
    assert set(build["state"] for build in result["builds"]) == {"succeeded"}
    reads = reads_since(copr, seq)
    assert ("GET", "/api_3/build/%d" % result["builds"][0]["id"]) not in reads    # never one GET per build
    list_reads = reads.count(("GET", "/api_3/build/list"))
    rounds = list_reads // 2      # 110 builds: two pages of the build list a round
    assert rounds >= 1 and list_reads in (2 * rounds, 2 * rounds + 1)
    monitor_reads = reads.count(("GET", "/api_3/monitor"))
    lines = re.findall(r"copr_build: build \d+ \(alice/busy\)[^\n]*", out)
    if host == "module":
        assert monitor_reads == 0 and lines == []      # a module cannot speak before it ends
    else:
        assert monitor_reads >= 1
        first = result["builds"][0]["id"]
        mine = [line for line in lines if "build %d " % first in line]
        assert mine[0].startswith("copr_build: build %d (alice/busy): pending after " % first)
        assert any("fedora-rawhide-x86_64: succeeded after" in line for line in mine)
        assert mine[-1].split(" after ")[0].endswith("succeeded")
