# -*- coding: utf-8 -*-
# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""copr_project's main() against the local Copr server, started in this process.

Fast checks of the engine, on both hosts (module and controller) (the integration targets run the same module through
ansible-playbook): first run writes, second run and check mode write nothing,
the diff is in option names, chroot settings converge in the same run, and no
credential reaches the output.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from conftest import run_main
from ansible_collections.copr.copr.plugins.modules import copr_project

C0, C1 = "fedora-rawhide-x86_64", "epel-9-x86_64"


@pytest.fixture
def run(copr, capsys, host):
    """Run copr_project.main() on the host under test with these module args; return (result, raw output)."""
    def runner(check=False, diff=False, **args):
        args = dict(args, api_url=copr.api_url, api_login=copr.login, api_token=copr.token)
        return run_main(copr_project.main, host, args, check=check, diff=diff, capsys=capsys, name="copr_project")
    return runner


def test_create_then_nothing(copr, run):
    args = dict(name="demo", owner="alice", chroots=[C0, C1], description="d", additional_repos=["https://r/"])
    checked, _out = run(check=True, diff=True, **args)
    assert checked["changed"] and checked["operation"] == "create"
    assert checked["diff"] == {"before": {}, "after": dict(args, chroots=[C0, C1])}
    assert copr.writes() == []

    created, _out = run(**args)
    assert created["changed"] and created["operation"] == "create"
    assert created["project"]["chroots"] == sorted([C0, C1])
    assert copr.writes() == [("POST", "/api_3/project/add/alice")]

    again, _out = run(check=True, **args)
    assert not again["changed"] and "operation" not in again
    again, _out = run(**args)
    assert not again["changed"]
    assert copr.writes() == [("POST", "/api_3/project/add/alice")]


def test_update_sends_only_the_difference(copr, run):
    run(name="demo", owner="alice", chroots=[C0], description="old", homepage="https://example.com/h")
    result, _out = run(diff=True, name="demo", owner="alice", description="new", instructions="")
    assert result["operation"] == "update"
    assert result["diff"]["before"] == {"owner": "alice", "name": "demo", "description": "old", "instructions": ""}
    assert result["diff"]["after"]["description"] == "new"
    # instructions was already "" (nothing to send); homepage was not declared and survives
    assert result["project"]["homepage"] == "https://example.com/h"
    assert copr.writes()[-1] == ("PUT", "/api_3/project/edit/alice/demo")


def test_chroot_settings_in_the_same_run(copr, run):
    chroots = [C0, {"name": C1, "additional_packages": ["make"], "with_opts": ["tests"]}]
    result, _out = run(diff=True, name="demo", owner="alice", chroots=chroots)
    assert result["chroot_settings"][C1]["additional_packages"] == ["make"]
    assert result["diff"]["after"]["chroot_settings"][C1]["with_opts"] == ["tests"]
    assert copr.writes() == [("POST", "/api_3/project/add/alice"),
                             ("PUT", "/api_3/project-chroot/edit/alice/demo/%s" % C1)]
    again, _out = run(name="demo", owner="alice", chroots=chroots)
    assert not again["changed"]
    assert len(copr.writes()) == 2


def test_errors_name_the_project_and_hide_credentials(copr, run):
    result, out = run(name="bad name!", owner="alice", chroots=[C0])
    assert result["failed"]
    # checked with Copr's rule before any request
    assert result["msg"] == ("alice/bad name!: name 'bad name!' is not a valid Copr project name: only letters, "
                             "digits, underscores, dashes and dots; nothing was sent to Copr")
    assert copr.records() == []
    assert copr.token not in out and copr.login not in out

    result, out = run(name="x", owner="bob", chroots=[C0])
    assert result["msg"].startswith("Failed to create project bob/x: You were authorized as 'alice'")
    assert result["status"] == 403
    assert copr.token not in out and copr.login not in out
    assert copr.writes() == [("POST", "/api_3/project/add/bob")]


def test_definition_is_the_same_as_the_options(copr, run):
    item = {"name": "demo", "owner": "alice", "chroots": [C0, {"name": C1, "with_opts": ["tests"]}], "description": "d"}
    created, _out = run(diff=True, definition=item)
    assert created["changed"] and created["operation"] == "create"
    assert created["chroot_settings"][C1]["with_opts"] == ["tests"]
    again, _out = run(**item)
    assert not again["changed"]
    again, _out = run(definition=dict(item, state="present"))
    assert not again["changed"]
    deleted, _out = run(definition={"name": "demo", "owner": "alice", "state": "absent"})
    assert deleted["operation"] == "delete"


@pytest.mark.parametrize("args, message", [
    ({"definition": {"name": "demo", "api_token": "x"}},
     "definition holds connection options (api_token): set them on the task or in module_defaults, not in the "
     "resource's definition"),
    ({"definition": {"name": "demo", "description": "a"}, "description": "b"},
     "description set both in definition and on the task: set each option in one place"),
    ({"definition": {"name": "demo", "colour": "blue"}}, "Unsupported parameters in definition: colour. Supported"),
    ({"definition": {"name": "demo", "enable_net": "perhaps"}}, "argument 'enable_net' is of type str"),
    ({"definition": {"owner": "alice"}}, "missing required arguments: name in definition"),
    ({"owner": "alice"}, "missing required arguments: name"),
])
def test_definition_errors(copr, run, args, message):
    result, out = run(**args)
    assert result["failed"] and result["msg"].startswith(message)
    assert copr.records() == []
    assert copr.token not in out


# --- issue 11: what a new user trips over --------------------------------------

def test_chroots_string_is_refused_before_any_request(copr, run):
    result, _out = run(check=True, name="demo", owner="alice", chroots=C0)
    assert result["failed"]
    assert result["msg"].startswith("alice/demo: chroots must be a list, not the string '%s'" % C0)
    assert "chroots: [%s]" % C0 in result["msg"]
    assert copr.records() == []


def test_write_only_always_sends_them_to_an_existing_project(copr, run, host):
    run(name="demo", owner="alice", chroots=[C0])
    skipped, _out = run(name="demo", owner="alice", multilib=True)
    assert not skipped["changed"]
    if host == "controller":  # in this process, a module's warnings go to the display (see test_copr_action)
        assert any("write_only: always" in warning for warning in skipped["warnings"])
    checked, _out = run(check=True, diff=True, name="demo", owner="alice", multilib=True, write_only="always")
    assert checked["changed"] and checked["diff"]["after"]["multilib"] is True
    assert "multilib" not in checked["diff"]["before"] and "multilib" not in checked["project"]
    sent, _out = run(name="demo", owner="alice", multilib=True, write_only="always")
    assert sent["changed"] and sent["operation"] == "update"
    assert copr.writes()[-1] == ("PUT", "/api_3/project/edit/alice/demo")
    assert copr.store.find_project("alice", "demo")["multilib"] is True


def test_a_new_projects_chroot_gets_its_write_only_bootstrap(copr, run):
    run(name="demo", owner="alice", chroots=[C0, {"name": C1, "bootstrap": "on"}])
    assert copr.store.find_project("alice", "demo")["chroots"][C1]["bootstrap"] == "on"


def test_return_docs_describe_every_key(copr, run):
    """RETURN of copr_project describes every key of project and chroot_settings (validate-modules cannot tell)."""
    import yaml
    docs = yaml.safe_load(copr_project.RETURN)
    result, _out = run(name="demo", owner="alice", chroots=[C0, {"name": C1, "with_opts": ["x"], "delete_comps": True}])
    assert set(result["project"]) == set(docs["project"]["contains"])
    assert set(result["chroot_settings"][C1]) == set(docs["chroot_settings"]["contains"])


def test_no_credentials_no_request(copr, capsys, host, tmp_path):
    args = dict(api_url=copr.api_url, name="demo", owner="alice", chroots=[C0])
    environ = {"HOME": str(tmp_path)}
    if host == "module":
        import os
        environ = os.environ  # the copr fixture points HOME at tmp_path and removes COPR_*
    result, out = run_main(copr_project.main, host, args, capsys=capsys, environ=environ, name="copr_project")
    assert result["failed"]
    assert result["msg"].startswith("Cannot converge project alice/demo: no Copr API login and token: none in the task "
                                    "options (api_login, api_token)")
    assert result["msg"].endswith("Nothing was sent to %s" % copr.api_url)
    assert copr.records() == []


def test_plain_http_warning_only_for_other_hosts(copr):
    from ansible_collections.copr.copr.plugins.module_utils.copr_module import CoprModule, hosted_by
    from ansible_collections.copr.copr.plugins.plugin_utils.copr_action import ControllerHost, TaskRun
    for url, warned in ((copr.api_url, False), ("http://copr.example", True), ("https://copr.example", False)):
        task = TaskRun("copr_project_info", {"api_url": url, "api_login": "l", "api_token": "t"})
        with hosted_by(lambda spec, **rules: ControllerHost(task, spec, **rules)):
            module = CoprModule({})
            module.client  # pylint: disable=pointless-statement
        assert bool([w for w in module.host.warnings if "plain http" in w]) == warned, url
