# -*- coding: utf-8 -*-
# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The controller runner: the same validation, censoring and results as a module, and when it is used."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import types

import pytest

from conftest import run_main
from ansible_collections.copr.copr.plugins.module_utils import copr_transport
from ansible_collections.copr.copr.plugins.module_utils.copr_transport import CoprSettings
from ansible_collections.copr.copr.plugins.modules import copr_build, copr_chroot, copr_project
from ansible_collections.copr.copr.plugins.plugin_utils import copr_action

C0 = "fedora-rawhide-x86_64"

# Arguments AnsibleModule refuses: each must fail with the same message on both hosts, before any request.
BAD_ARGS = [
    (copr_project, {"name": "p", "bogus": 1}),
    (copr_project, {"name": "p", "enable_net": "perhaps"}),
    (copr_project, {"name": "p", "state": "gone"}),
    (copr_project, {"owner": "alice"}),
    (copr_project, {"name": "p", "repo_priority": "high"}),
    (copr_chroot, {"project": "p", "chroot": C0, "comps": "/x.xml", "delete_comps": True}),
    (copr_chroot, {"project": "p", "chroot": C0, "bootstrap": "custom_image"}),
    (copr_build, {"project": "p"}),
    (copr_build, {"project": "p", "url": ["https://x/a.src.rpm"], "package": "a"}),
    (copr_build, {"project": "p", "state": "absent", "package": "a"}),
    (copr_build, {"project": "p", "scm": {"committish": "main"}}),
    (copr_build, {"project": "p", "pypi": {"package_name": "x", "what": 1}}),
]


@pytest.mark.parametrize("module, args", BAD_ARGS, ids=lambda value: getattr(value, "__name__", None))
def test_validation_messages_are_the_modules(copr, capsys, module, args):
    args = dict(args, api_url=copr.api_url, api_login=copr.login, api_token=copr.token)
    name = module.__name__.rsplit(".", 1)[-1]
    as_module, _out = run_main(module.main, "module", args, capsys=capsys, name=name)
    on_controller, _out = run_main(module.main, "controller", args, name=name)
    assert as_module["failed"] and on_controller["failed"]
    assert on_controller["msg"] == as_module["msg"]
    assert copr.records() == []  # refused before any request


def test_alias_warning_and_result_match(copr, capsys):
    args = dict(name="demo", projectname="demo", owner="alice", chroots=[C0], api_url=copr.api_url,
                api_login=copr.login, api_token=copr.token)
    as_module, _out = run_main(copr_project.main, "module", args, check=True, capsys=capsys, name="copr_project")
    on_controller, _out = run_main(copr_project.main, "controller", args, check=True, name="copr_project")
    # In this process a module's warnings go straight to the display (the controller's own Display is
    # loaded), so only the controller's are in its result; the integration parity test compares them.
    warnings = on_controller.pop("warnings")
    as_module.pop("warnings", None)
    assert on_controller == as_module
    assert warnings[0] == "Both option name and its alias projectname are set."


@pytest.mark.parametrize("host", ["module", "controller"])
def test_no_log_values_are_masked_everywhere(copr, capsys, host):
    # A no_log value that also appears in another option is masked wherever it shows, as AnsibleModule does.
    args = dict(name="demo", owner="alice", chroots=[C0], description="secret %s inside" % copr.token,
                api_url=copr.api_url, api_login=copr.login, api_token=copr.token)
    result, out = run_main(copr_project.main, host, args, diff=True, capsys=capsys, name="copr_project")
    assert result["changed"] is True
    assert result["project"]["description"] == "secret ******** inside"
    assert copr.token not in out and copr.login not in out


def test_controller_reads_the_task_environment(copr):
    # environment: on the task (COPR_*) reaches the settings, not only the process's os.environ.
    environ = {"COPR_URL": copr.api_url, "COPR_LOGIN": copr.login, "COPR_TOKEN": copr.token,
               "COPR_USERNAME": "alice", "HOME": "/nonexistent"}
    result, _out = run_main(copr_project.main, "controller", {"name": "envproj", "chroots": [C0]},
                            environ=environ, name="copr_project")
    assert result["changed"] and result["project"]["full_name"] == "alice/envproj"


def test_sessions_are_shared_only_for_the_same_credentials():
    copr_action._SESSIONS.clear()
    one = copr_action.pooled_session(CoprSettings("https://copr.example", "login", "token-a"))
    same = copr_action.pooled_session(CoprSettings("https://copr.example", "login", "token-a"))
    other_token = copr_action.pooled_session(CoprSettings("https://copr.example", "login", "token-b"))
    other_url = copr_action.pooled_session(CoprSettings("https://copr2.example", "login", "token-a"))
    assert one is same
    assert len(set(map(id, (one, other_token, other_url)))) == 3
    assert all("token-a" not in repr(key) for key in copr_action._SESSIONS)
    copr_action._SESSIONS.clear()


def test_one_session_serves_every_run_of_a_loop(copr):
    """The controller host hands each run the pooled session: one TCP connection for a loop's items."""
    copr_action._SESSIONS.clear()
    base = dict(api_url=copr.api_url, api_login=copr.login, api_token=copr.token, owner="alice", chroots=[C0])
    for index in range(3):
        task = copr_action.TaskRun("copr_project", dict(base, name="loop%d" % index), session=copr_action.pooled_session)
        assert copr_action.run_on_controller(copr_project.main, task)["changed"]
    peers = set(item["peer"] for item in copr.records())
    assert len(peers) == 1
    copr_action._SESSIONS.clear()


# --- when the controller path is used ---------------------------------------------

def action(transport="local", async_val=0, become=False):
    plugin = copr_action.CoprAction.__new__(copr_action.CoprAction)
    plugin._connection = types.SimpleNamespace(transport=transport)
    plugin._task = types.SimpleNamespace(async_val=async_val)
    plugin._play_context = types.SimpleNamespace(become=become)
    return plugin


def test_controller_path_is_the_default_on_the_controller(monkeypatch):
    monkeypatch.setattr(copr_action.C, "CONFIG_FILE", None)
    assert action().module_path_reason({}) is None


@pytest.mark.parametrize("plugin, reason", [
    (action(transport="ssh"), "remote"),
    (action(async_val=30), "async"),
    (action(become=True), "become"),
])
def test_module_path_rules(monkeypatch, plugin, reason):
    monkeypatch.setattr(copr_action.C, "CONFIG_FILE", None)
    assert plugin.module_path_reason({}) == reason


def test_module_path_without_requests(monkeypatch):
    monkeypatch.setattr(copr_action.C, "CONFIG_FILE", None)
    monkeypatch.setattr(copr_transport, "HAS_REQUESTS", False)
    assert action().module_path_reason({}) == "requests"


def test_switch_from_environment_and_ansible_cfg(monkeypatch, tmp_path):
    cfg = tmp_path / "ansible.cfg"
    cfg.write_text("[defaults]\nforks = 2\n[copr.copr]\nexecution = module\n")
    monkeypatch.setattr(copr_action.C, "CONFIG_FILE", str(cfg))
    assert action().module_path_reason({}) == "forced"
    # The environment wins over ansible.cfg, both ways.
    assert action().module_path_reason({"COPR_EXECUTION": "auto"}) is None
    monkeypatch.setattr(copr_action.C, "CONFIG_FILE", None)
    assert action().module_path_reason({"COPR_EXECUTION": "MODULE"}) == "forced"


def test_a_bad_switch_value_says_where_it_came_from(monkeypatch, tmp_path):
    monkeypatch.setattr(copr_action.C, "CONFIG_FILE", None)
    with pytest.raises(ValueError, match="environment variable COPR_EXECUTION is 'fast': use one of auto, module"):
        action().module_path_reason({"COPR_EXECUTION": "fast"})
    cfg = tmp_path / "ansible.cfg"
    cfg.write_text("[copr.copr]\nexecution = turbo\n")
    with pytest.raises(ValueError, match=r"ansible.cfg \(\[copr.copr\] execution\) is 'turbo'"):
        copr_action.execution_setting({}, str(cfg))


def test_the_controller_gets_plain_data_as_a_module_process_would():
    class Tagged(str):
        """Stands for Ansible's tagged strings (their origin in the inventory)."""

    class Lazy(dict):
        """Stands for Ansible's lazy containers."""

    marker = object()
    task = copr_action.TaskRun("copr_project", Lazy(name=Tagged("p"), chroots=(Tagged("c"),), other=marker))
    assert task.args == {"name": "p", "chroots": ["c"], "other": marker}
    assert task.args.__class__ is dict and task.args["name"].__class__ is str
    assert task.args["chroots"][0].__class__ is str
