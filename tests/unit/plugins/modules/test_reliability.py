# -*- coding: utf-8 -*-
# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Issue 13 on both hosts, against the local Copr server in this process with seeded faults.

Each test picks a seed whose fault stream (stream "path": one per method + path)
gives the wanted sequence of outcomes, using the server's documented replay rule,
so each scenario happens exactly, not by chance.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import random

import pytest
import requests

from conftest import run_main
from ansible_collections.copr.copr.plugins.modules import copr_build, copr_project, copr_project_info

CHROOTS = ["fedora-rawhide-x86_64", "epel-9-x86_64"]
URL = "https://example.com/pkgs/hello-1.0-1.src.rpm"
FAST = {"retry_delay": 0.01}


def seed_for(key, outcomes, gateway_rate=0.4, after_rate=0.4):
    """The first seed whose requests 1, 2, ... on stream ``key`` get ``outcomes`` ("gateway", "after", "ok")."""
    for seed in range(100000):
        got = []
        for number in range(1, len(outcomes) + 1):
            pick = random.Random("%s|%s|%s" % (seed, key, number)).random()
            got.append("gateway" if pick < gateway_rate else "after" if pick < gateway_rate + after_rate else "ok")
        if got == list(outcomes):
            return seed
    raise AssertionError("no seed gives %s" % (outcomes,))


def faults_for(copr, method, path, outcomes, **extra):
    config = dict(seed=seed_for("%s %s" % (method, path), outcomes), stream="path", paths=["^%s$" % path],
                  gateway_rate=0.4, after_rate=0.4, **extra)
    return copr.faults(**config)


def warned(result, host, text):
    """Whether a warning holds ``text``.  In this process a module's own warnings go straight to the
    controller's display (see test_copr_action.py), so only the controller host's result has them."""
    return host == "module" or any(text in warning for warning in result.get("warnings", []))


def run(copr, capsys, host, main, module_name, **args):
    args = dict(FAST, api_url=copr.api_url, api_login=copr.login, api_token=copr.token, **args)
    return run_main(main, host, args, capsys=capsys, name=module_name)


@pytest.fixture
def project(copr):
    session = requests.Session()
    session.auth = (copr.login, copr.token)
    session.post(copr.api_url + "/api_3/project/add/alice", json={"name": "rel", "chroots": CHROOTS}).raise_for_status()
    return session


def builds_on_server(copr, project):
    return project.get(copr.api_url + "/api_3/build/list",
                       params={"ownername": "alice", "projectname": "rel"}).json()["items"]


@pytest.mark.parametrize("host", ["module", "controller"])
def test_a_build_created_behind_a_lost_answer_is_adopted(copr, capsys, project, host):
    faults_for(copr, "POST", "/api_3/build/create/url", ["after"])
    result, _out = run(copr, capsys, host, copr_build.main, "copr_build", owner="alice", project="rel", url=[URL])
    assert result.get("failed") is not True, result
    assert result["changed"] and len(builds_on_server(copr, project)) == 1
    assert warned(result, host, "Copr created build(s) %s: using them" % result["build"]["id"])
    assert result["retries"] == 0
    creates = [r for r in copr.records() if r["path"] == "/api_3/build/create/url"]
    assert len(creates) == 1 and creates[0]["processed"]


@pytest.mark.parametrize("host", ["module", "controller"])
def test_a_build_lost_before_copr_saw_it_is_resubmitted_once(copr, capsys, project, host):
    faults_for(copr, "POST", "/api_3/build/create/url", ["gateway", "ok"])
    result, _out = run(copr, capsys, host, copr_build.main, "copr_build", owner="alice", project="rel", url=[URL])
    assert result.get("failed") is not True, result
    assert len(builds_on_server(copr, project)) == 1
    assert result["retries"] == 1
    assert warned(result, host, "submitting it again, once")


@pytest.mark.parametrize("host", ["module", "controller"])
def test_two_lost_submissions_fail_and_never_submit_a_third_time(copr, capsys, project, host):
    faults_for(copr, "POST", "/api_3/build/create/url", ["gateway", "gateway", "ok"])
    result, _out = run(copr, capsys, host, copr_build.main, "copr_build", owner="alice", project="rel", url=[URL])
    assert result["failed"] and "may or may not have reached Copr" in result["msg"]
    assert "nothing was submitted" not in result["msg"]
    assert len([r for r in copr.records() if r["path"] == "/api_3/build/create/url"]) == 2
    assert builds_on_server(copr, project) == []
    # The rerun the message asks for finds nothing and submits (the faults are used up: "ok").
    result, _out = run(copr, capsys, host, copr_build.main, "copr_build", owner="alice", project="rel", url=[URL])
    assert result["changed"] and len(builds_on_server(copr, project)) == 1


@pytest.mark.parametrize("host", ["module", "controller"])
def test_copr_refusing_a_build_says_nothing_was_submitted(copr, capsys, project, host):
    result, _out = run(copr, capsys, host, copr_build.main, "copr_build", owner="alice", project="rel", url=[URL],
                       chroots=["fedora-rawhide-x86_64"], build_timeout=999999999)
    assert result["failed"] and result["status"] == 400 and "nothing was submitted" in result["msg"]
    assert result["retries"] == 0


@pytest.mark.parametrize("host", ["module", "controller"])
def test_a_project_created_behind_a_lost_answer_is_created_once(copr, capsys, host):
    faults_for(copr, "POST", "/api_3/project/add/alice", ["after", "ok"])
    result, _out = run(copr, capsys, host, copr_project.main, "copr_project", owner="alice", name="once",
                       chroots=CHROOTS, description="made once")
    assert result.get("failed") is not True, result
    assert result["changed"] and result["operation"] == "create" and result["retries"] == 1
    rows = [p for p in copr.store.projects if p["name"] == "once"]
    assert len(rows) == 1 and rows[0]["description"] == "made once"


@pytest.mark.parametrize("host", ["module", "controller"])
def test_a_delete_whose_answer_was_lost_is_done(copr, capsys, project, host):
    faults_for(copr, "DELETE", "/api_3/project/delete/alice/rel", ["after", "ok"])
    result, _out = run(copr, capsys, host, copr_project.main, "copr_project", owner="alice", name="rel",
                       state="absent")
    assert result.get("failed") is not True, result
    assert result["changed"] and result["operation"] == "delete" and result["retries"] == 1
    assert not copr.store.live_projects()


@pytest.mark.parametrize("host", ["module", "controller"])
def test_an_expired_token_fails_fast_with_the_renew_message(copr, capsys, project, host):
    copr.faults(expire_tokens=[{"user": "alice", "after_requests": 0}])  # reads are anonymous
    result, _out = run(copr, capsys, host, copr_project.main, "copr_project", owner="alice", name="rel",
                       description="changed")
    assert result["failed"] and result["status"] == 401
    assert "get or renew them at %s/api" % copr.api_url in result["msg"]
    assert result["retries"] == 0
    assert [r["status"] for r in copr.records() if r["path"].startswith("/api_3/project/edit")] == [401]


@pytest.mark.parametrize("host", ["module", "controller"])
def test_action_in_progress_is_waited_out(copr, capsys, project, host):
    copr.faults(action_in_progress=[{"project": "alice/rel", "seconds": 0.5}])
    result, _out = run(copr, capsys, host, copr_project.main, "copr_project", owner="alice", name="rel",
                       description="after the action", retry_delay=0.1, retries=20, retry_max_time=30)
    assert result.get("failed") is not True, result
    assert result["changed"] and result["retries"] >= 1
    assert warned(result, host, "operation in progress")


@pytest.mark.parametrize("host", ["module", "controller"])
def test_action_in_progress_longer_than_the_budget_fails_clearly(copr, capsys, project, host):
    copr.faults(action_in_progress=[{"project": "alice/rel", "seconds": 600}])
    result, _out = run(copr, capsys, host, copr_project.main, "copr_project", owner="alice", name="rel",
                       description="never", retry_delay=0.1, retries=50, retry_max_time=1)
    assert result["failed"] and result["status"] == 500
    assert "Failed to update project alice/rel" in result["msg"]
    assert "operation in progress" in result["msg"] and "gave up after" in result["msg"]
    assert "retry_max_time=1 s" in result["msg"]


@pytest.mark.parametrize("host", ["module", "controller"])
def test_every_result_says_how_many_retries(copr, capsys, project, host):
    faults_for(copr, "GET", "/api_3/project/list", ["gateway", "after", "ok"])
    result, _out = run(copr, capsys, host, copr_project_info.main, "copr_project_info", owner="alice")
    assert result["retries"] == 2 and [p["name"] for p in result["projects"]] == ["rel"]
    copr.faults(gateway_rate=0.0, after_rate=0.0)
    result, _out = run(copr, capsys, host, copr_project_info.main, "copr_project_info", owner="alice")
    assert result["retries"] == 0


@pytest.mark.parametrize("host", ["module", "controller"])
def test_the_budget_comes_from_the_environment_too(copr, capsys, monkeypatch, project, host):
    monkeypatch.setenv("COPR_RETRIES", "0")
    faults_for(copr, "GET", "/api_3/project/list", ["gateway", "ok"])
    args = dict(api_url=copr.api_url, api_login=copr.login, api_token=copr.token, owner="alice")
    result, _out = run_main(copr_project_info.main, host, args, capsys=capsys, name="copr_project_info")
    assert result["failed"] and "(HTTP 50" in result["msg"] and result["retries"] == 0
    monkeypatch.setenv("COPR_RETRIES", "lots")
    result, _out = run_main(copr_project_info.main, host, args, capsys=capsys, name="copr_project_info")
    assert result["failed"] and "COPR_RETRIES must be an integer" in result["msg"]
