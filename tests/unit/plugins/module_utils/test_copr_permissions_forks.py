# -*- coding: utf-8 -*-
# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Permissions and forks without a server: local checks, Copr's rows in option names, what a declaration
means against what Copr has (target, comparison, the roles a set call sends), the role's item check, the
predicted fork, and APIv1's refusals."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.copr.copr.plugins.module_utils import copr_checks as checks
from ansible_collections.copr.copr.plugins.module_utils.copr_api import (
    CoprApiV1,
    CoprApiV3,
    CoprUnsupportedError,
    permissions_to_options,
)
from ansible_collections.copr.copr.plugins.module_utils.copr_module import Field
from ansible_collections.copr.copr.plugins.module_utils.copr_resources import (
    PermissionsResource,
    declared_permissions,
    forked_copy,
    project_problems,
)


class FakeModule:
    """What a resource needs of CoprModule without a host: params, check mode, fail."""

    def __init__(self, check_mode=False):
        self.check_mode = check_mode
        self.params = {}
        self.failures = []

    def fail(self, msg, **kwargs):
        self.failures.append(msg)
        raise SystemExit(msg)


def resource(permissions, exclusive=False, owner="alice"):
    module = FakeModule()
    return PermissionsResource(module, dict(owner=owner, project="p", permissions=permissions, exclusive=exclusive,
                                            state="present"))


# --- local checks ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", [{}, {"bob": {"builder": True}}, {"bob": {}, "carol": {"admin": False}},
                                   {"bob.x-1_2": {"builder": "yes", "admin": "no"}}])
def test_valid_permissions(value):
    assert checks.permissions("permissions", value) == []


@pytest.mark.parametrize("value,problem", [
    ("bob", "permissions must be a dict of users, each {builder: true/false, admin: true/false}, got 'bob'"),
    ({"@qa": {"builder": True}}, "permissions.@qa: Copr gives permissions to users only, not to groups"),
    ({"bob smith": {"builder": True}}, "permissions: 'bob smith' is not a Copr user name"),
    ({"bob": {"bulider": True}}, "permissions.bob: unknown option bulider (did you mean builder?)"),
    ({"bob": {"builder": "perhaps"}}, "permissions.bob: argument 'builder' is of type str"),
    ({"bob": True}, "permissions.bob must be a dict, got True"),
    ({"bob": None}, "permissions.bob must be a dict, got None"),
])
def test_invalid_permissions(value, problem):
    problems = checks.permissions("permissions", value)
    assert problems and problems[0].startswith(problem), problems


def test_the_owner_is_refused_for_user_projects_only():
    assert checks.owner_permission("permissions", "alice", {"alice": {"builder": True}}) == [
        "permissions.alice: alice owns the project and always has every permission in it; remove alice from "
        "permissions"]
    # even when the owner is declared without roles: it says nothing Copr can keep
    assert checks.owner_permission("permissions", "alice", {"alice": {}})
    assert checks.owner_permission("permissions", "alice", {"bob": {"builder": True}}) == []
    # a group's owner (its creator) is only known to Copr; no owner set: the default owner is not known here
    assert checks.owner_permission("permissions", "@qa", {"alice": {"builder": True}}) == []
    assert checks.owner_permission("permissions", None, {"alice": {"builder": True}}) == []


@pytest.mark.parametrize("value,ok", [("alice/tools", True), ("@qa/tools", True), ("alice/my.tool-2", True),
                                      ("tools", False), ("alice/", False), ("/tools", False), ("a/b/c", False),
                                      ("alice/123", False), ("al ice/tools", False), ("alice/to ols", False)])
def test_fork_source(value, ok):
    assert (checks.fork_source("fork_from", value) == []) == ok, checks.fork_source("fork_from", value)


def test_fork_source_messages():
    assert checks.fork_source("fork_from", "tools") == [
        "fork_from must be owner/project (for example alice/tools or @qa/tools), got 'tools'"]
    assert checks.fork_source("fork_from", "/tools") == ["fork_from '/tools' has no owner: write owner/project"]


# --- Copr's rows in option names -----------------------------------------------------------------------------

def test_rows_in_option_names():
    raw = {"bob": {"admin": "nothing", "builder": "approved"},
           "carol": {"admin": "approved", "builder": "approved"},
           "dave": {"admin": "nothing", "builder": "nothing"},     # a row Copr keeps: no permission
           "erin": {"admin": "request", "builder": "nothing"}}     # a pending request: no permission
    assert permissions_to_options(raw) == {"bob": {"builder": True, "admin": False},
                                           "carol": {"builder": True, "admin": True}}
    assert permissions_to_options(None) == {}


def test_declared_roles_not_given_are_false():
    assert declared_permissions({"bob": {"builder": True}, "carol": {"admin": "yes"}, "dave": {}}) == {
        "bob": {"builder": True, "admin": False}, "carol": {"builder": False, "admin": True},
        "dave": {"builder": False, "admin": False}}


def test_comparison_ignores_users_without_roles_and_role_order():
    field = Field("permissions")
    assert field.normalise({"bob": {"builder": True, "admin": False}, "dave": {"builder": False, "admin": False}}) == \
        field.normalise({"bob": {"admin": False, "builder": True}})
    assert field.normalise({"bob": {"builder": True}}) != field.normalise({"bob": {"admin": True}})
    assert field.normalise(None) == field.normalise({}) == {}


# --- what a declaration means against what Copr has ----------------------------------------------------------

CURRENT = {"bob": {"builder": True, "admin": False}, "carol": {"builder": True, "admin": True}}


def test_target_leaves_unlisted_users_alone():
    res = resource({"dave": {"builder": True}, "carol": {"admin": True}})
    assert res.target("permissions", res.declared, CURRENT) == {
        "bob": {"builder": True, "admin": False}, "carol": {"builder": False, "admin": True},
        "dave": {"builder": True, "admin": False}}


def test_target_exclusive_drops_unlisted_users():
    res = resource({"carol": {"builder": True, "admin": True}}, exclusive=True)
    assert res.target("permissions", res.declared, CURRENT) == {"carol": {"builder": True, "admin": True}}
    res = resource({}, exclusive=True)
    assert res.target("permissions", res.declared, CURRENT) == {}


def test_users_declared_without_roles_are_not_in_the_target():
    res = resource({"bob": {"builder": False}, "dave": {}})
    assert res.target("permissions", res.declared, CURRENT) == {"carol": {"builder": True, "admin": True}}


class Recorder:
    def __init__(self):
        self.calls = []

    def set_permissions(self, owner, project, changes):
        self.calls.append((owner, project, changes))
        return list(changes)


def test_one_set_call_with_only_the_roles_that_differ(monkeypatch):
    res = resource({"bob": {"builder": True, "admin": True}, "carol": {"builder": True}, "dave": {"builder": True}},
                   exclusive=False)
    recorder = Recorder()
    monkeypatch.setattr(PermissionsResource, "client", recorder)
    current = {"owner": "alice", "project": "p", "permissions": CURRENT}
    wanted = res.target("permissions", res.declared, CURRENT)
    after = res.update(current, {"permissions": wanted})
    assert recorder.calls == [("alice", "p", {"bob": {"admin": True}, "carol": {"admin": False},
                                              "dave": {"builder": True}})]
    assert after == {"owner": "alice", "project": "p", "permissions": wanted}


def test_exclusive_set_takes_both_roles_away(monkeypatch):
    res = resource({}, exclusive=True)
    recorder = Recorder()
    monkeypatch.setattr(PermissionsResource, "client", recorder)
    res.update({"permissions": CURRENT}, {"permissions": {}})
    assert recorder.calls == [("alice", "p", {"bob": {"builder": False},
                                              "carol": {"builder": False, "admin": False}})]


def test_the_resource_refuses_the_owner_before_anything():
    with pytest.raises(SystemExit, match="permissions.alice: alice owns the project"):
        resource({"alice": {"builder": True}})


def test_reported_value_is_the_users():
    res = resource({})
    assert res.report_value({"owner": "alice", "project": "p", "permissions": CURRENT}) == CURRENT
    assert res.report_value(None) == {}


# --- the role's item check -----------------------------------------------------------------------------------

def test_project_items_with_permissions_and_forks():
    items = [
        {"name": "a", "owner": "alice", "permissions": {"bob": {"builder": True}}, "permissions_exclusive": True,
         "fork_from": "bob/src"},
        {"name": "b", "owner": "alice", "permissions": {"alice": {"builder": True}}},
        {"name": "c", "permissions": {"@qa": {"builder": True}, "bob": {"bulider": True}}},
        {"name": "d", "permissions_exclusive": True},
        {"name": "e", "fork_from": "src"},
        {"name": "f", "permissions": ["bob"]},
    ]
    problems = project_problems(items)
    assert problems[:5] == [
        "copr_projects[1] (alice/b): permissions.alice: alice owns the project and always has every permission in "
        "it; remove alice from permissions",
        "copr_projects[2] (c): permissions.@qa: Copr gives permissions to users only, not to groups (members of the "
        "group that owns a project can already edit it)",
        "copr_projects[2] (c): permissions.bob: unknown option bulider (did you mean builder?)",
        "copr_projects[3] (d): permissions_exclusive is True but all of the following are missing: permissions",
        "copr_projects[4] (e): fork_from must be owner/project (for example alice/tools or @qa/tools), got 'src'",
    ], problems[:5]
    # Ansible's own type message (its wording differs between ansible-core versions), then the shape
    assert problems[5].startswith("copr_projects[5] (f): argument 'permissions' is of type list")
    assert problems[6:] == ["copr_projects[5] (f): permissions must be a dict of users, each {builder: true/false, "
                            "admin: true/false}, got ['bob']"]


# --- forks ----------------------------------------------------------------------------------------------------

def test_forked_copy_predicts_what_copr_copies():
    source = {"id": 7, "name": "src", "owner": "alice", "full_name": "alice/src", "chroots": ["fedora-43-x86_64"],
              "chroot_repos": {"fedora-43-x86_64": "https://copr/results/alice/src/fedora-43-x86_64/"},
              "persistent": True, "auto_prune": False, "contact": "a@example.com", "description": "d",
              "enable_net": True}
    fork = forked_copy(source, "@qa", "dst")
    assert fork == dict(source, id=None, name="dst", owner="@qa", full_name="@qa/dst", persistent=False,
                        auto_prune=True, contact=None,
                        chroot_repos={"fedora-43-x86_64": "https://copr/results/@qa/dst/fedora-43-x86_64/"})
    assert source["owner"] == "alice"   # the source is not changed


# --- protocols ------------------------------------------------------------------------------------------------

def test_apiv1_refuses_forks_and_permissions_before_sending():
    backend = CoprApiV1(transport=None)   # nothing may be sent: there is no transport at all
    with pytest.raises(CoprUnsupportedError, match="cannot fork project alice/src into bob/dst .fork_from.: the "
                                                   "legacy API has no fork; nothing was sent"):
        backend.fork_project("alice", "src", "bob", "dst")
    with pytest.raises(CoprUnsupportedError, match="cannot read the permissions of project alice/p"):
        backend.get_permissions("alice", "p")
    with pytest.raises(CoprUnsupportedError, match="cannot set the permissions of project alice/p"):
        backend.set_permissions("alice", "p", {"bob": {"builder": True}})
    assert CoprApiV1.unsupported("permissions", ["permissions", "exclusive"]) == ["exclusive", "permissions"]
    assert CoprApiV1.unsupported("project", ["fork_from", "permissions", "permissions_exclusive", "description"]) == [
        "fork_from", "permissions", "permissions_exclusive"]
    assert CoprApiV3.unsupported("permissions", ["permissions", "exclusive"]) == []
