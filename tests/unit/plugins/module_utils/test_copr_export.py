# -*- coding: utf-8 -*-
# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Adopting a Copr account: the export's items, pruning's checks, and the group_vars writer.

The items of an export are what the role declares: a project with every kind of
setting exported on both hosts must come back from copr_project (the role's
module) with changed=False and no write.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest
import requests
import yaml

from ansible.errors import AnsibleFilterError

from conftest import run_main
from ansible_collections.copr.copr.plugins.filter.to_group_vars import to_group_vars
from ansible_collections.copr.copr.plugins.module_utils import copr_export
from ansible_collections.copr.copr.plugins.module_utils.copr_checks import plain_data
from ansible_collections.copr.copr.plugins.module_utils.copr_resources import (
    project_problems,
    prune_problems,
    undeclared_projects,
)
from ansible_collections.copr.copr.plugins.modules import copr_chroot, copr_project, copr_project_info

C0, C1, C2 = "fedora-rawhide-x86_64", "epel-9-x86_64", "fedora-43-x86_64"


# --- items ------------------------------------------------------------------

def test_chroot_item_is_a_name_without_settings_and_a_dict_with_them():
    assert copr_export.chroot_item(C0, {"additional_packages": [], "with_opts": [], "isolation": "unchanged",
                                        "additional_repos": [], "additional_modules": [], "without_opts": []}) == C0
    assert copr_export.chroot_item(C0, None) == C0
    item = copr_export.chroot_item(C1, {"additional_packages": ["scl-utils"], "isolation": "simple",
                                        "with_opts": [], "comps_name": "comps.xml"})
    assert item == {"name": C1, "additional_packages": ["scl-utils"], "isolation": "simple"}
    assert list(item) == ["name", "additional_packages", "isolation"]


@pytest.mark.parametrize("kind, fields, expected", [
    ("scm", {"clone_url": "https://g/a.git", "type": "git", "method": "rpkg", "committish": "",
             "subdirectory": "", "spec": ""}, {"clone_url": "https://g/a.git"}),
    ("scm", {"clone_url": "https://s/b", "type": "svn", "method": "tito"},
     {"clone_url": "https://s/b", "type": "svn", "method": "tito"}),
    ("pypi", {"package_name": "foo", "spec_generator": "pyp2spec", "python_versions": ["3"], "version": ""},
     {"package_name": "foo"}),
    ("pypi", {"package_name": "foo", "spec_generator": "pyp2rpm", "version": "1.2"},
     {"package_name": "foo", "spec_generator": "pyp2rpm", "version": "1.2"}),
    ("rubygems", {"gem_name": "rake"}, {"gem_name": "rake"}),
    ("distgit", {"package_name": "hello", "distgit": "fedora", "committish": "f43"},
     {"distgit": "fedora", "committish": "f43"}),
])
def test_a_source_is_declared_without_copr_defaults(kind, fields, expected):
    assert copr_export.minimal_source(kind, fields) == expected


def test_a_package_without_source_cannot_be_declared():
    assert copr_export.package_item({"name": "reset", "source": None}) is None


def test_permissions_keep_only_the_roles_users_have():
    assert copr_export.permissions_item({"bob": {"builder": True, "admin": False},
                                         "carol": {"builder": False, "admin": False}}) == {"bob": {"builder": True}}
    assert copr_export.permissions_item(None) == {}


def test_a_project_item_leaves_out_unset_values_and_what_only_admins_may_declare():
    item, left_out = copr_export.project_item({
        "name": "p", "owner": "alice", "full_name": "alice/p", "homepage": None, "contact": None,
        "repo_priority": None, "description": "", "auto_prune": False, "persistent": False, "storage": "pulp",
        "enable_net": True, "chroots": [C0]})
    assert item == {"name": "p", "owner": "alice", "description": "", "enable_net": True}
    assert left_out == ["auto_prune: false"]


# --- the whole export, on both hosts ---------------------------------------------

@pytest.fixture
def run(copr, capsys, host):
    def runner(main, check=False, **args):
        args = dict(dict(api_url=copr.api_url, api_login=copr.login, api_token=copr.token), **args)
        return run_main(main, host, args, check=check, capsys=capsys, name=main.__module__)[0]
    return runner


RICH = {
    "name": "rich", "owner": "alice", "description": "two\nlines\n", "homepage": "https://example.com/rich",
    "additional_repos": ["https://example.com/repo/"], "enable_net": True, "isolation": "nspawn",
    "repo_priority": 7, "packit_forge_projects_allowed": ["github.com/example/rich"], "multilib": True,
    "chroots": [C0, {"name": C1, "additional_packages": ["scl-utils"], "with_opts": ["tests"]}],
    "packages": [
        {"name": "hello", "scm": {"clone_url": "https://example.com/hello.git", "committish": "v1"},
         "webhook_rebuild": True},
        {"name": "tool", "pypi": {"package_name": "tool", "spec_generator": "pyp2rpm"}},
        {"name": "script", "custom": {"script": "#!/bin/sh\necho hi\n", "builddeps": ["git"]}},
    ],
    "permissions": {"bob": {"builder": True}},
}


def test_an_export_converges_with_no_change_and_no_write(copr, run):
    created = run(copr_project.main, definition=RICH)
    assert created["changed"]
    before = len(copr.writes())

    exported = run(copr_project_info.main, check=True, owner="alice", export=True)
    assert exported["changed"] is False
    assert len(copr.writes()) == before
    [item] = exported["copr_projects"]
    assert item["chroots"] == [{"name": C1, "additional_packages": ["scl-utils"], "with_opts": ["tests"]}, C0]
    assert item["packages"][0] == {"name": "hello", "scm": {"clone_url": "https://example.com/hello.git",
                                                            "committish": "v1"}, "webhook_rebuild": True}
    assert item["permissions"] == {"bob": {"builder": True}}
    assert "multilib" not in item and "persistent" not in item

    # Through the YAML file a team commits.
    reloaded = yaml.safe_load(to_group_vars({"copr_projects": exported["copr_projects"]}))["copr_projects"]
    assert reloaded == exported["copr_projects"]
    assert project_problems(reloaded) == []
    again = run(copr_project.main, definition=reloaded[0])
    assert again["changed"] is False
    assert len(copr.writes()) == before


def test_what_cannot_be_declared_is_left_out_with_one_warning_each(copr, run, tmp_path, host):
    run(copr_project.main, name="p", chroots=[C0])
    comps = tmp_path / "comps.xml"
    comps.write_text(u"<comps/>\n")
    run(copr_chroot.main, project="p", chroot=C0, comps=str(comps))
    admin = [user for user in copr.store.seed["users"] if user["name"] == "admin"][0]
    requests.post(copr.api_url + "/api_3/project/add/alice", json={"name": "q", "chroots": [C0], "auto_prune": False},
                  auth=(admin["api_login"], admin["api_token"])).raise_for_status()

    exported = run(copr_project_info.main, owner="alice", export=True)
    items = dict((item["name"], item) for item in exported["copr_projects"])
    assert items["p"]["chroots"] == [C0]
    assert "auto_prune" not in items["q"]
    if host == "controller":  # a module run in this process shows its warnings on the display instead
        assert any("comps.xml files of chroots" in text and "alice/p/%s (comps.xml)" % C0 in text
                   for text in exported["warnings"])
        assert any("only Copr admins may declare" in text and "alice/q (auto_prune: false)" in text
                   for text in exported["warnings"])


def test_without_credentials_permissions_are_left_out(copr, run, host):
    run(copr_project.main, name="p", chroots=[C0], permissions={"bob": {"builder": True}})
    exported = run(copr_project_info.main, owner="alice", export=True, api_login=None, api_token=None)
    assert "permissions" not in exported["copr_projects"][0]
    if host == "controller":
        assert any("no API token was given" in text for text in exported["warnings"])


def test_export_on_api_v1_is_refused_before_any_request(copr, run):
    result = run(copr_project_info.main, owner="alice", export=True, api_version=1)
    assert result["failed"] and "export" in result["msg"]
    assert copr.records() == []


# --- pruning ---------------------------------------------------------------------

def test_pruning_is_refused_when_unsafe():
    items = [{"name": "a", "owner": "alice"}, {"name": "b"}, {"name": "c", "owner": "@qa", "state": "absent"}]
    problems = prune_problems(items, ["alice", "@qa"])
    assert problems == [
        "copr_projects[1] (b): has no owner: with copr_prune_owners set, every item names its owner, so that which "
        "projects are kept never depends on whose API token runs the play",
        "copr_prune_owners lists @qa, but copr_projects declares no project of @qa (state present): pruning would "
        "delete every project of @qa; set copr_prune_allow_empty: true if that is what you want",
    ]
    assert prune_problems(items[:1] + items[2:], ["alice", "@qa"], allow_empty=True) == []
    assert prune_problems(items, "alice") == ["copr_prune_owners must be a list of users and @groups, got 'alice'"]
    assert prune_problems(items, ["", 3])[0].startswith("copr_prune_owners[0] must be a user name or @group")
    assert project_problems(items[:1], prune_owners=["alice"]) == []
    assert project_problems(items[:1]) == []


def test_undeclared_projects_are_those_no_item_names():
    projects = [{"owner": "alice", "name": "a"}, {"owner": "alice", "name": "gone"}, {"owner": "@qa", "name": "a"}]
    declared = [{"owner": "alice", "name": "a"}, {"ownername": "@qa", "projectname": "a", "state": "absent"}]
    assert undeclared_projects(projects, declared) == [{"owner": "alice", "name": "gone"}]
    assert undeclared_projects(projects, []) == projects


# --- the group_vars writer -------------------------------------------------------------

def test_group_vars_load_back_exactly():
    variables = {"copr_projects": [{
        "name": "p", "owner": "@qa", "description": "line one\nline two: colon\n", "bootstrap": "on",
        "version": "1.2", "flag": "yes", "trailing": "spaces  \nhere", "chroots": ["a", {"name": "b", "with_opts": []}],
        "repo_priority": 5, "enable_net": False, "none": None}]}
    text = to_group_vars(variables)
    assert text.startswith("---\n")
    assert "    description: |\n      line one\n" in text
    assert "    chroots:\n      - a\n" in text
    assert yaml.safe_load(text) == variables


def test_group_vars_refuse_what_is_not_data():
    with pytest.raises(AnsibleFilterError, match="a set"):
        to_group_vars({"x": set([1])})
    with pytest.raises(AnsibleFilterError, match="expects a dictionary"):
        to_group_vars(["x"])


def test_plain_data_unwraps_subclasses():
    class Text(str):
        pass

    class Mapping(dict):
        pass

    value = plain_data(Mapping(a=[Text("x"), (1, 2.5, True, None)]))
    assert value == {"a": ["x", [1, 2.5, True, None]]}
    assert value.__class__ is dict and value["a"][0].__class__ is str
