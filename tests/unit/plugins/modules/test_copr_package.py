# -*- coding: utf-8 -*-
# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""copr_package, copr_package_info and copr_project's packages against the local Copr server, on both hosts.

Every scenario checks the writes the server recorded: first run writes, check
mode and second runs write nothing, the diff is in option names.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest
import requests

from conftest import run_main
from ansible_collections.copr.copr.plugins.modules import copr_package, copr_package_info, copr_project

C0, C1 = "fedora-rawhide-x86_64", "epel-9-x86_64"
SCM = {"clone_url": "https://svn.example.com/repos/hello/trunk", "type": "svn", "method": "make_srpm"}


@pytest.fixture
def run(copr, capsys, host):
    """Run a module's main() on the host under test; alice's credentials unless others are given."""
    def runner(main=copr_package.main, check=False, diff=False, **args):
        args = dict(dict(api_url=copr.api_url, api_login=copr.login, api_token=copr.token), **args)
        return run_main(main, host, args, check=check, diff=diff, capsys=capsys, name=main.__module__.split(".")[-1])
    return runner


@pytest.fixture
def project(run):
    result, _out = run(copr_project.main, name="demo", owner="alice", chroots=[C0, C1])
    assert result["changed"]
    return dict(owner="alice", project="demo")


def api(copr, method, path, **kwargs):
    """A request to the server as alice (out-of-band changes)."""
    response = requests.request(method, "%s/%s" % (copr.api_url, path), auth=(copr.login, copr.token), **kwargs)
    assert response.status_code == 200, response.text
    return response.json()


def converge(copr, run, args, writes):
    """check, real, check, real: returns the first check and real results; asserts the writes."""
    before = len(copr.writes())
    checked, _out = run(check=True, diff=True, **args)
    assert checked["changed"], checked
    assert len(copr.writes()) == before
    real, _out = run(diff=True, **args)
    assert real["changed"] and real["operation"] == checked["operation"], real
    assert real["diff"]["before"] == checked["diff"]["before"]
    assert copr.writes()[before:] == writes
    again, _out = run(check=True, diff=True, **args)
    assert not again["changed"] and again["diff"]["before"] == again["diff"]["after"], again
    again, _out = run(**args)
    assert not again["changed"] and "operation" not in again, again
    assert copr.writes()[before:] == writes
    return checked, real


def test_create_edit_and_no_op(copr, run, project):
    args = dict(project, name="hello", scm=SCM, webhook_rebuild=True)
    checked, real = converge(copr, run, args, [("POST", "/api_3/package/add/alice/demo/hello/scm")])
    assert checked["diff"]["before"] == {}
    source = {"scm": {"clone_url": SCM["clone_url"], "committish": None, "subdirectory": None, "spec": None,
                      "type": "svn", "method": "make_srpm"}}
    assert checked["diff"]["after"] == dict(project, name="hello", source=source, webhook_rebuild=True)
    assert real["package"]["source"] == source and real["package"]["source_type"] == "scm"
    assert real["package"]["webhook_rebuild"] is True

    # An svn package edited: the type is sent again and stays svn.
    args["scm"] = dict(SCM, committish="r42")
    checked, real = converge(copr, run, args, [("POST", "/api_3/package/edit/alice/demo/hello/scm")])
    assert checked["diff"]["before"]["source"]["scm"]["committish"] is None
    assert checked["diff"]["after"]["source"]["scm"]["committish"] == "r42"
    assert copr.store.control_package_info("alice", "demo", "hello")["source_dict"]["type"] == "svn"

    # A field removed from the task goes back to Copr's default (cleared), not kept.
    args["scm"] = SCM
    converge(copr, run, args, [("POST", "/api_3/package/edit/alice/demo/hello/scm")])
    assert copr.store.control_package_info("alice", "demo", "hello")["source_dict"]["committish"] == ""


def test_changing_the_source_type_is_an_edit_with_the_new_type(copr, run, project):
    run(**dict(project, name="tool", scm=SCM))
    args = dict(project, name="tool", pypi={"package_name": "tool", "version": "1.0"})
    checked, real = converge(copr, run, args, [("POST", "/api_3/package/edit/alice/demo/tool/pypi")])
    assert list(checked["diff"]["before"]["source"]) == ["scm"]
    assert checked["diff"]["after"]["source"] == {"pypi": {"package_name": "tool", "version": "1.0",
                                                           "spec_generator": "pyp2spec", "python_versions": ["3"]}}
    assert real["package"]["source_type"] == "pypi"


def test_a_reset_package_gets_its_source_back(copr, run, project):
    args = dict(project, name="gem", rubygems={"gem_name": "rake"})
    run(**args)
    api(copr, "PUT", "api_3/package/reset", json={"ownername": "alice", "projectname": "demo", "package_name": "gem"})
    checked, real = converge(copr, run, args, [("POST", "/api_3/package/edit/alice/demo/gem/rubygems")])
    assert checked["operation"] == "update" and checked["diff"]["before"]["source"] is None
    assert real["package"]["source"] == {"rubygems": {"gem_name": "rake"}}


def test_write_only_fields_are_applied_on_create_only(copr, run, project, host):
    args = dict(project, name="hello", distgit={"committish": "f43"}, chroot_denylist=[" epel-* "], max_builds=5,
                build_timeout=7200)
    converge(copr, run, args, [("POST", "/api_3/package/add/alice/demo/hello/distgit")])
    stored = copr.store.control_package_info("alice", "demo", "hello")
    assert (stored["chroot_denylist"], stored["max_builds"], stored["timeout"]) == ("epel-*", 5, 7200)
    assert stored["chroots"] == [C0]
    result, _out = run(**dict(args, max_builds=9))
    assert not result["changed"], result
    if host == "controller":  # a module's warnings go to the display in this process (see test_copr_action)
        assert any("build_timeout, chroot_denylist, max_builds of package alice/demo/hello: Copr never returns them"
                   in warning for warning in result["warnings"])
    assert copr.store.control_package_info("alice", "demo", "hello")["max_builds"] == 5
    always, _out = run(**dict(args, max_builds=9, write_only="always"))
    assert always["changed"] and copr.writes()[-1] == ("POST", "/api_3/package/edit/alice/demo/hello/distgit")
    assert copr.store.control_package_info("alice", "demo", "hello")["max_builds"] == 9


def test_delete_refused_while_a_build_is_unfinished(copr, run, project):
    args = dict(project, name="hello", custom={"script": "#!/bin/sh\r\nexit 0"})
    run(**args)
    busy = copr.store.add_test_build("alice", "demo", [C0], "running", package_name="hello")
    for check in (True, False):
        result, _out = run(check=check, **dict(args, state="absent"))
        assert result["failed"] and not result.get("changed")
        assert result["msg"] == (
            "Cannot delete package alice/demo/hello: Copr deletes a package together with all its builds, and builds "
            "%s (running) are unfinished: cancel them (copr.copr.copr_build with build_id and state=canceled) or "
            "wait until they finish, then run the task again; nothing was deleted" % busy["id"])
    assert copr.writes() == [("POST", "/api_3/project/add/alice"), ("POST", "/api_3/package/add/alice/demo/hello/custom")]
    api(copr, "PUT", "api_3/build/cancel/%d" % busy["id"])
    checked, real = converge(copr, run, dict(args, state="absent"), [("DELETE", "/api_3/package/delete")])
    assert checked["operation"] == "delete" and real["package"] == {}
    assert checked["diff"]["after"] == {} and list(checked["diff"]["before"]["source"]) == ["custom"]


@pytest.mark.parametrize("args, message", [
    (dict(name="two", scm=SCM, pypi={"package_name": "x"}),
     "Package alice/demo/two declares 2 sources (scm, pypi): declare exactly one of scm, pypi, rubygems, custom, "
     "distgit"),
    (dict(name="none"), "Package alice/demo/none declares no source: set one of scm, pypi, rubygems, custom, distgit"),
    (dict(name="dg", distgit={"package_name": "other"}),
     "Package alice/demo/dg: distgit.package_name other is not the package's name"),
    (dict(name="deny", rubygems={"gem_name": "x"}, chroot_denylist=["fedora-99-*"]),
     "Invalid chroot_denylist pattern 'fedora-99-*' for package alice/demo/deny: it matches no active chroot"),
    (dict(name="deny", rubygems={"gem_name": "x"}, chroot_denylist=["Fedora"]),
     "Invalid chroot_denylist pattern 'Fedora' for package alice/demo/deny: Copr accepts only lowercase"),
])
def test_bad_input_fails_naming_the_package_and_writes_nothing(copr, run, project, args, message):
    for check in (True, False):
        result, _out = run(check=check, **dict(project, **args))
        assert result["failed"] and result["msg"].startswith(message), result["msg"]
    assert copr.writes() == [("POST", "/api_3/project/add/alice")]


@pytest.mark.parametrize("main", [copr_package.main, copr_package_info.main])
def test_an_owner_in_the_project_name_fails_before_any_request(copr, run, main):
    args = dict(project="alice/demo", name="x")
    if main is copr_package.main:
        args["rubygems"] = {"gem_name": "x"}
    result, _out = run(main=main, **args)
    assert result["failed"] and "put the owner in" in result["msg"], result["msg"]
    assert copr.records() == []


def test_a_missing_project_fails_for_real_and_is_reported_in_check_mode(copr, run, project):
    args = dict(project, project="nope", name="x", rubygems={"gem_name": "x"})
    checked, _out = run(check=True, **args)
    assert checked["changed"] and checked["operation"] == "create"
    result, _out = run(**args)
    assert result["failed"] and result["msg"].startswith(
        "Failed to read package alice/nope/x: project alice/nope does not exist (create it first")
    assert copr.writes() == [("POST", "/api_3/project/add/alice")]


def test_a_builder_is_told_that_packages_need_admin_rights(copr, run, project):
    api(copr, "PUT", "api_3/project/permissions/set/alice/demo", json={"bob": {"builder": "approved"}})
    bob = [user for user in copr.store.seed["users"] if user["name"] == "bob"][0]
    result, out = run(api_login=bob["api_login"], api_token=bob["api_token"], **dict(project, name="hello", scm=SCM))
    assert result["failed"] and result["status"] == 403
    assert result["msg"] == (
        "Failed to create package alice/demo/hello: You are not allowed to add or edit packages in this copr. "
        "(HTTP 403); adding, editing or deleting a package needs admin rights in project alice/demo (its owner, a "
        "member of its group, or the admin permission); the builder permission only allows building its packages "
        "(copr.copr.copr_build with package)")
    assert bob["api_token"] not in out


def test_project_packages_one_list_read_and_only_differing_writes(copr, run):
    packages = [{"name": "hello", "scm": SCM}, {"name": "gem", "rubygems": {"gem_name": "rake"}},
                {"name": "py", "pypi": {"package_name": "py"}}]
    args = dict(name="demo", owner="alice", chroots=[C0, {"name": C1, "with_opts": ["tests"]}], packages=packages)
    checked, _out = run(copr_project.main, check=True, diff=True, **args)
    assert checked["operation"] == "create" and sorted(checked["diff"]["after"]["packages"]) == ["gem", "hello", "py"]
    assert copr.writes() == []
    created, _out = run(copr_project.main, **args)
    assert sorted(created["packages"]) == ["gem", "hello", "py"]
    assert created["packages"]["gem"]["source"] == {"rubygems": {"gem_name": "rake"}}
    assert [path for _method, path in copr.writes()] == [
        "/api_3/project/add/alice", "/api_3/project-chroot/edit/alice/demo/%s" % C1,
        "/api_3/package/add/alice/demo/hello/scm", "/api_3/package/add/alice/demo/gem/rubygems",
        "/api_3/package/add/alice/demo/py/pypi"]

    seq = copr.records()[-1]["seq"]
    again, _out = run(copr_project.main, **args)
    records = [item for item in copr.records() if item["seq"] > seq]
    assert not again["changed"]
    assert [item["path"] for item in records] == ["/api_3/project", "/api_3/project-chroot", "/api_3/package/list"]

    # One package changes, one is deleted, an undeclared one is left alone.
    api(copr, "POST", "api_3/package/add/alice/demo/manual/rubygems", json={"package_name": "manual", "gem_name": "x"})
    packages = [{"name": "hello", "scm": dict(SCM, committish="r1")}, {"name": "gem", "state": "absent"},
                {"name": "py", "pypi": {"package_name": "py"}}]
    seq = copr.records()[-1]["seq"]
    changed, _out = run(copr_project.main, diff=True, **dict(args, packages=packages))
    writes = [(item["method"], item["path"]) for item in copr.records() if item["seq"] > seq and item["write"]]
    assert changed["operation"] == "update"
    assert writes == [("POST", "/api_3/package/edit/alice/demo/hello/scm"), ("DELETE", "/api_3/package/delete")]
    assert changed["packages"]["gem"] == {}
    assert changed["diff"]["before"]["packages"]["hello"]["source"]["scm"]["committish"] is None
    assert changed["diff"]["after"]["packages"]["hello"]["source"]["scm"]["committish"] == "r1"
    assert "py" not in changed["diff"]["before"]["packages"] or \
        changed["diff"]["before"]["packages"]["py"] == changed["diff"]["after"]["packages"]["py"]
    listed, _out = run(copr_package_info.main, owner="alice", project="demo")
    assert [package["name"] for package in listed["packages"]] == ["hello", "manual", "py"]


@pytest.mark.parametrize("packages, message", [
    ([{"name": "a", "scm": SCM}, {"name": "a", "scm": SCM}], "packages[1] (a): package a is listed twice"),
    ([{"name": "a", "owner": "bob", "scm": SCM}], "packages[0] (a): unknown option owner"),
    ([{"name": "a", "scm": {"type": "svn"}}], "packages[0] (a): missing required arguments: clone_url found in scm"),
    (["hello"], "Elements value for option 'packages' is of type str and we were unable to convert to dict"),
])
def test_project_package_items_are_validated(copr, run, packages, message):
    result, _out = run(copr_project.main, check=True, name="demo", owner="alice", chroots=[C0], packages=packages)
    # Local checks name the project first; the argument spec's own type errors come as Ansible words them.
    assert result["failed"] and (result["msg"].startswith("alice/demo: " + message) or
                                 result["msg"].startswith(message) and message.startswith("Elements")), result["msg"]


def test_info_one_or_all_with_latest_builds_only_when_asked(copr, run, project):
    run(**dict(project, name="hello", distgit={}))
    run(**dict(project, name="gem", rubygems={"gem_name": "rake"}))
    build = copr.store.add_test_build("alice", "demo", [C0], "succeeded", package_name="hello")
    seq = copr.records()[-1]["seq"]
    one, _out = run(copr_package_info.main, check=True, **dict(project, name="hello"))
    assert one["package"]["source"]["distgit"]["package_name"] == "hello" and "builds" not in one["package"]
    assert one["packages"] == [one["package"]]
    both, _out = run(copr_package_info.main, **dict(project, name="hello", with_latest_build=True,
                                                    with_latest_succeeded_build=True))
    assert both["package"]["builds"]["latest"]["id"] == build["id"]
    assert both["package"]["builds"]["latest_succeeded"]["id"] == build["id"]
    listed, _out = run(copr_package_info.main, **dict(project, with_latest_succeeded_build=True))
    assert [(p["name"], p["builds"]) for p in listed["packages"]][0] == ("gem", {"latest_succeeded": None})
    queries = [item["query"] for item in copr.records() if item["seq"] > seq]
    # Copr's single-package read turns a flag on for any value: an unset flag is not sent at all.
    assert "with_latest" not in queries[0]
    assert "with_latest_build=True" in queries[1] and "with_latest_succeeded_build=True" in queries[1]
    assert "with_latest_build" not in queries[2] and "with_latest_succeeded_build=True" in queries[2]
    assert all(not item["write"] for item in copr.records() if item["seq"] > seq)
    missing, _out = run(copr_package_info.main, **dict(project, name="nope"))
    assert missing["packages"] == [] and missing["package"] == {}
    result, _out = run(copr_package_info.main, owner="alice", project="nope")
    assert result["failed"] and result["msg"] == ("Failed to read the packages of project alice/nope: project "
                                                  "alice/nope does not exist")
