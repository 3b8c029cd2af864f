# -*- coding: utf-8 -*-
# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""copr_permissions, and copr_project's permissions and fork_from, on both hosts against the local Copr server.

Idempotence through the shared engine (one read, one set call with the roles that differ), check mode and diff,
the errors and what they leave written, and forks (create-only, then converged; forked builds count as built).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest
import requests

from conftest import run_main
from ansible_collections.copr.copr.plugins.modules import copr_build, copr_build_info, copr_permissions, copr_project

C0, C1 = "fedora-rawhide-x86_64", "epel-9-x86_64"
SRPM = "https://example.com/pkgs/hello-1.0-1.src.rpm"


def user(copr, name):
    return [item for item in copr.store.seed["users"] if item["name"] == name][0]


@pytest.fixture
def api(copr):
    """An authenticated session as alice (or ``as_user``) for setting things up out of band."""
    def session(as_user="alice"):
        http = requests.Session()
        seed = user(copr, as_user)
        http.auth = (seed["api_login"], seed["api_token"])
        return http
    return session


@pytest.fixture
def run(copr, capsys, host):
    """Run a module's main() on the host under test (alice's credentials unless given); return the result."""
    def runner(main, check=False, diff=False, **args):
        args = dict(dict(api_url=copr.api_url, api_login=copr.login, api_token=copr.token), **args)
        return run_main(main, host, args, check=check, diff=diff, capsys=capsys, name=main.__module__)[0]
    return runner


def make_project(api, copr, owner="alice", name="p", chroots=(C0,)):
    api().post(copr.api_url + "/api_3/project/add/" + owner, json={"name": name, "chroots": list(chroots)}) \
        .raise_for_status()


def rows(api, copr, path="alice/p"):
    response = api().get(copr.api_url + "/api_3/project/permissions/get/" + path)
    return response.json().get("permissions") if response.status_code == 200 else None


def warned(result, host, text):
    """Whether the run warned ``text`` (a module run in this process shows warnings on the display instead)."""
    return host == "module" or any(text in warning for warning in result.get("warnings", []))


def since(copr, seq, writes=None):
    return [(item["method"], item["path"], item["status"]) for item in copr.records()[seq:]
            if writes is None or item["write"] == writes]


# --- copr_permissions -----------------------------------------------------------------------------------------

def test_check_real_check_real(copr, api, run):
    make_project(api, copr)
    args = dict(owner="alice", project="p", permissions={"bob": {"builder": True}, "admin": {"admin": True}})
    seq = len(copr.records())
    checked = run(copr_permissions.main, check=True, diff=True, **args)
    assert checked["changed"] and checked["operation"] == "update"
    assert checked["diff"]["before"] == {"owner": "alice", "project": "p", "permissions": {}}
    assert checked["diff"]["after"]["permissions"] == {"bob": {"builder": True, "admin": False},
                                                       "admin": {"builder": False, "admin": True}}
    assert checked["permissions"] == checked["diff"]["after"]["permissions"]
    assert since(copr, seq) == [("GET", "/api_3/project/permissions/get/alice/p", 404)]

    seq = len(copr.records())
    done = run(copr_permissions.main, diff=True, **args)
    assert done["changed"] and done["permissions"] == checked["permissions"]
    assert since(copr, seq, writes=True) == [("PUT", "/api_3/project/permissions/set/alice/p", 200)]
    assert rows(api, copr) == {"bob": {"admin": "nothing", "builder": "approved"},
                               "admin": {"admin": "approved", "builder": "nothing"}}

    seq = len(copr.records())
    for check in (True, False):
        again = run(copr_permissions.main, check=check, **args)
        assert not again["changed"] and "operation" not in again
        assert again["permissions"] == checked["permissions"]
    assert since(copr, seq) == [("GET", "/api_3/project/permissions/get/alice/p", 200)] * 2


def test_only_the_roles_that_differ_are_sent_and_exclusive(copr, api, run):
    make_project(api, copr)
    api().put(copr.api_url + "/api_3/project/permissions/set/alice/p", json={
        "bob": {"builder": "approved"}, "admin": {"admin": "approved", "builder": "approved"},
        "carol": {"admin": "request"}}).raise_for_status()
    # bob keeps builder and gains admin; admin, not listed, is left alone; carol's request stays pending
    result = run(copr_permissions.main, owner="alice", project="p", permissions={"bob": {"builder": True, "admin": True}})
    assert result["permissions"] == {"bob": {"builder": True, "admin": True}, "admin": {"builder": True, "admin": True}}
    assert rows(api, copr)["bob"] == {"admin": "approved", "builder": "approved"}
    assert rows(api, copr)["carol"] == {"admin": "request", "builder": "nothing"}

    seq = len(copr.records())
    result = run(copr_permissions.main, diff=True, owner="alice", project="p", permissions={"bob": {"builder": True}},
                 exclusive=True)
    assert result["changed"] and result["permissions"] == {"bob": {"builder": True, "admin": False}}
    assert result["diff"]["before"]["permissions"] == {"bob": {"builder": True, "admin": True},
                                                       "admin": {"builder": True, "admin": True}}
    assert since(copr, seq, writes=True) == [("PUT", "/api_3/project/permissions/set/alice/p", 200)]
    # Copr keeps the rows, set to nothing: no permission, so the next run changes nothing
    assert rows(api, copr)["admin"] == {"admin": "nothing", "builder": "nothing"}
    assert rows(api, copr)["carol"] == {"admin": "request", "builder": "nothing"}
    again = run(copr_permissions.main, owner="alice", project="p", permissions={"bob": {"builder": True}},
                exclusive=True)
    assert not again["changed"]

    # {} exclusive: nobody keeps a permission
    result = run(copr_permissions.main, owner="alice", project="p", permissions={}, exclusive=True)
    assert result["changed"] and result["permissions"] == {}
    assert rows(api, copr)["bob"] == {"admin": "nothing", "builder": "nothing"}


def test_errors_name_the_project_and_write_nothing(copr, api, run, host):
    make_project(api, copr)
    make_project(api, copr, owner="@qa", name="g")

    # the owner: refused before any request
    seq = len(copr.records())
    result = run(copr_permissions.main, owner="alice", project="p", permissions={"alice": {"builder": True}})
    assert result["failed"] and result["msg"] == (
        "permissions.alice: alice owns the project and always has every permission in it; remove alice from "
        "permissions; nothing was written to Copr")
    assert since(copr, seq) == []

    # a group: refused by the local check, before any request
    result = run(copr_permissions.main, owner="alice", project="p", permissions={"@qa": {"builder": True}})
    assert result["failed"] and "Copr gives permissions to users only" in result["msg"]
    assert since(copr, seq) == []

    # an unknown user: Copr's 400 names it; all or nothing
    result = run(copr_permissions.main, owner="alice", project="p",
                 permissions={"bob": {"builder": True}, "ghost": {"builder": True}})
    assert result["failed"] and result["status"] == 400
    assert result["msg"].startswith("Failed to update permissions of project alice/p: user 'ghost' doesn't exist in "
                                    "database (HTTP 400); Copr has no user ghost")
    assert rows(api, copr) is None

    # the creator of a group project is its owner for Copr (only Copr knows who that is)
    result = run(copr_permissions.main, owner="@qa", project="g", permissions={"alice": {"admin": True}})
    assert result["failed"] and result["msg"].startswith(
        "Failed to update permissions of project @qa/g: user 'alice' is owner of the '@qa/g' project (HTTP 400); "
        "Copr counts alice, who created the project, as its owner")

    # no edit rights: Copr refuses even the read
    seq = len(copr.records())
    bob = user(copr, "bob")
    result = run(copr_permissions.main, owner="alice", project="p", permissions={"carol": {"builder": True}},
                 api_login=bob["api_login"], api_token=bob["api_token"])
    assert result["failed"] and result["status"] == 403
    assert result["msg"] == ("Failed to read permissions of project alice/p: User 'bob' can not see permissions for "
                             "project 'alice/p' (missing admin rights) (HTTP 403)")
    assert since(copr, seq, writes=True) == []

    # a missing project: fails for real, a warning and the prediction in check mode
    result = run(copr_permissions.main, owner="alice", project="nope", permissions={"bob": {"builder": True}})
    assert result["failed"] and result["msg"] == (
        "Failed to read permissions of project alice/nope: project alice/nope does not exist (create it first, for "
        "example with copr.copr.copr_project)")
    result = run(copr_permissions.main, check=True, owner="alice", project="nope",
                 permissions={"bob": {"builder": True}})
    assert result["changed"] and result["permissions"] == {"bob": {"builder": True, "admin": False}}
    assert warned(result, host, "project alice/nope does not exist (yet)")
    assert since(copr, seq, writes=True) == []


# --- copr_project: permissions as children ---------------------------------------------------------------------

def test_project_and_permissions_in_one_run(copr, api, run):
    args = dict(name="p", owner="alice", chroots=[C0], permissions={"bob": {"builder": True}})
    seq = len(copr.records())
    checked = run(copr_project.main, check=True, diff=True, **args)
    assert checked["operation"] == "create" and checked["permissions"] == {"bob": {"builder": True, "admin": False}}
    assert checked["diff"]["after"]["permissions"] == checked["permissions"]
    # the project is only predicted: no permission read for it
    assert [path for _m, path, _s in since(copr, seq)] == ["/api_3/project", "/api_3/mock-chroots/list"]

    created = run(copr_project.main, definition=args)
    assert created["operation"] == "create" and created["permissions"] == checked["permissions"]
    assert since(copr, seq, writes=True) == [("POST", "/api_3/project/add/alice", 200),
                                             ("PUT", "/api_3/project/permissions/set/alice/p", 200)]

    seq = len(copr.records())
    again = run(copr_project.main, definition=args)
    assert not again["changed"] and again["permissions"] == checked["permissions"]
    assert since(copr, seq) == [("GET", "/api_3/project", 200), ("GET", "/api_3/project/permissions/get/alice/p", 200)]

    # only permissions differ: the project's operation is update, one write
    changed = run(copr_project.main, diff=True, definition=dict(args, permissions={"carol": {"admin": True}},
                                                                permissions_exclusive=True))
    assert changed["operation"] == "update"
    assert changed["permissions"] == {"carol": {"builder": False, "admin": True}}
    assert changed["diff"]["before"]["permissions"] == {"bob": {"builder": True, "admin": False}}
    assert since(copr, seq, writes=True) == [("PUT", "/api_3/project/permissions/set/alice/p", 200)]


def test_project_permission_errors_come_before_any_write(copr, run):
    result = run(copr_project.main, name="p", owner="alice", chroots=[C0], permissions={"alice": {"admin": True}})
    assert result["failed"] and result["msg"].startswith("permissions.alice: alice owns the project")
    result = run(copr_project.main, name="p", owner="alice", chroots=[C0], permissions_exclusive=True)
    assert result["failed"] and result["msg"] == "permissions_exclusive is True but all of the following are " \
                                                 "missing: permissions"
    assert copr.writes() == []


# --- copr_project: fork_from ------------------------------------------------------------------------------------

def make_source(copr, api):
    """alice/src: two chroots, settings, and one succeeded URL build of hello."""
    http = api()
    http.post(copr.api_url + "/api_3/project/add/alice", json={
        "name": "src", "chroots": [C0, C1], "description": "source", "contact": "alice@example.com",
        "enable_net": True}).raise_for_status()
    response = http.post(copr.api_url + "/api_3/build/create/url",
                         json={"ownername": "alice", "projectname": "src", "pkgs": [SRPM]})
    build_id = response.json()["items"][0]["id"]
    http.post(copr.api_url + "/_test/builds/%d/advance" % build_id, json={"to": "succeeded"}).raise_for_status()
    return build_id


def test_fork_check_real_check_real(copr, api, run):
    make_source(copr, api)
    args = dict(name="dst", owner="@qa", fork_from="alice/src", description="the fork")
    seq = len(copr.records())
    checked = run(copr_project.main, check=True, diff=True, **args)
    assert checked["operation"] == "create"
    # predicted from the source: its chroots and settings, not its contact
    project = checked["project"]
    assert (project["full_name"], project["chroots"], project["enable_net"], project["contact"],
            project["description"]) == ("@qa/dst", sorted([C0, C1]), True, None, "the fork")
    assert since(copr, seq, writes=True) == []

    done = run(copr_project.main, diff=True, **args)
    assert done["operation"] == "create"
    assert (done["project"]["chroots"], done["project"]["enable_net"], done["project"]["description"]) == (
        sorted([C0, C1]), True, "the fork")
    assert since(copr, seq, writes=True) == [("POST", "/api_3/project/fork/alice/src", 200),
                                             ("PUT", "/api_3/project/edit/@qa/dst", 200)]

    seq = len(copr.records())
    for check in (True, False):
        again = run(copr_project.main, check=check, **args)
        assert not again["changed"]
    # fork_from is create-only: a project that exists is not forked again, whatever it names
    other = run(copr_project.main, name="dst", owner="@qa", fork_from="bob/whatever")
    assert not other["changed"]
    assert since(copr, seq, writes=True) == []


def test_fork_builds_count_as_built(copr, api, run):
    make_source(copr, api)
    forked = run(copr_project.main, name="dst", owner="alice", fork_from="alice/src")
    assert forked["operation"] == "create"
    assert [("POST", "/api_3/project/fork/alice/src", 200)] == [w for w in since(copr, 0, writes=True)
                                                                if "/fork/" in w[1]]
    info = run(copr_build_info.main, owner="alice", project="dst")
    assert [build["state"] for build in info["builds"]] == ["forked"]
    seq = len(copr.records())
    build = run(copr_build.main, owner="alice", project="dst", url=[SRPM])
    assert not build["changed"] and build["build"]["state"] == "forked"
    assert since(copr, seq, writes=True) == []


def test_fork_failures_write_nothing_else(copr, api, run, host):
    make_source(copr, api)
    seq = len(copr.records())
    result = run(copr_project.main, name="dst", owner="alice", fork_from="alice/nope", description="x",
                 permissions={"bob": {"builder": True}})
    assert result["failed"] and result["status"] == 404
    assert result["msg"] == "Failed to create project alice/dst: forking alice/nope: Project alice/nope does not " \
                            "exist. (HTTP 404)"
    assert since(copr, seq, writes=True) == [("POST", "/api_3/project/fork/alice/nope", 404)]

    seq = len(copr.records())
    result = run(copr_project.main, name="dst", owner="@devs", fork_from="alice/src")
    assert result["failed"] and result["status"] == 400
    assert result["msg"].startswith("Failed to create project @devs/dst: forking alice/src: owner: Not a valid choice.")
    assert "a fork goes to your own namespace or to a @group you are a member of" in result["msg"]
    assert since(copr, seq, writes=True) == [("POST", "/api_3/project/fork/alice/src", 400)]

    # check mode with a missing source: a warning, nothing read but the two projects, nothing written
    seq = len(copr.records())
    result = run(copr_project.main, check=True, name="dst", owner="alice", fork_from="alice/nope")
    assert result["changed"] and warned(result, host, "project alice/nope does not exist (yet)")
    assert since(copr, seq) == [("GET", "/api_3/project", 404), ("GET", "/api_3/project", 404)]


def test_a_fork_with_write_only_options_chroot_settings_and_permissions(copr, api, run):
    make_source(copr, api)
    args = dict(name="dst", owner="alice", fork_from="alice/src", multilib=True,
                chroots=[C0, {"name": C1, "with_opts": ["tests"]}], permissions={"bob": {"builder": True}})
    result = run(copr_project.main, **args)
    assert result["operation"] == "create"
    assert result["chroot_settings"][C1]["with_opts"] == ["tests"]
    assert result["permissions"] == {"bob": {"builder": True, "admin": False}}
    writes = [(method, path) for method, path, _status in since(copr, 0, writes=True)]
    assert writes[-4:] == [("POST", "/api_3/project/fork/alice/src"), ("PUT", "/api_3/project/edit/alice/dst"),
                           ("PUT", "/api_3/project-chroot/edit/alice/dst/%s" % C1),
                           ("PUT", "/api_3/project/permissions/set/alice/dst")]
    write_only = requests.get(copr.api_url + "/_test/write-only/alice/dst").json()
    assert write_only.get("multilib") is True, write_only
    assert not run(copr_project.main, **args)["changed"]
