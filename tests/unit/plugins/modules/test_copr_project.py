# -*- coding: utf-8 -*-
# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""copr_project's main() against the local Copr server, started in this process.

Fast checks of the engine (the integration targets run the same module through
ansible-playbook): first run writes, second run and check mode write nothing,
the diff is in option names, chroot settings converge in the same run, and no
credential reaches the output.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import threading

import pytest

from ansible.module_utils.testing import patch_module_args
from werkzeug.serving import make_server

from copr_server import create_app
from ansible_collections.copr.copr.plugins.modules import copr_project

C0, C1 = "fedora-rawhide-x86_64", "epel-9-x86_64"


@pytest.fixture
def copr(monkeypatch, tmp_path):
    """A fresh local Copr server on a free loopback port; yields its URL, the seed user and a record reader."""
    monkeypatch.setenv("HOME", str(tmp_path))  # no ~/.config/copr of the machine
    for name in ("COPR_URL", "COPR_LOGIN", "COPR_TOKEN", "COPR_USERNAME", "COPR_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    app = create_app()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = "http://127.0.0.1:%d" % server.server_port
    alice = [user for user in app.config["STORE"].seed["users"] if user["name"] == "alice"][0]
    client = app.test_client()

    class Copr:
        api_url = url
        login = alice["api_login"]
        token = alice["api_token"]

        @staticmethod
        def writes():
            """Writes recorded so far, as (method, path); clears nothing."""
            items = client.get("/_test/requests").json["items"]
            return [(item["method"], item["path"]) for item in items if item["write"]]

    yield Copr
    server.shutdown()
    thread.join(timeout=5)


def run(copr, capsys, check=False, diff=False, **args):
    """Run copr_project.main() with these module args; return (result, raw stdout)."""
    args = dict(args, api_url=copr.api_url, api_login=copr.login, api_token=copr.token,
                _ansible_check_mode=check, _ansible_diff=diff)
    with patch_module_args(args):
        with pytest.raises(SystemExit):
            copr_project.main()
    out = capsys.readouterr().out
    return json.loads(out), out


def test_create_then_nothing(copr, capsys):
    args = dict(name="demo", owner="alice", chroots=[C0, C1], description="d", additional_repos=["https://r/"])
    checked, _out = run(copr, capsys, check=True, diff=True, **args)
    assert checked["changed"] and checked["operation"] == "create"
    assert checked["diff"] == {"before": {}, "after": dict(args, chroots=[C0, C1])}
    assert copr.writes() == []

    created, _out = run(copr, capsys, **args)
    assert created["changed"] and created["operation"] == "create"
    assert created["project"]["chroots"] == sorted([C0, C1])
    assert copr.writes() == [("POST", "/api_3/project/add/alice")]

    again, _out = run(copr, capsys, check=True, **args)
    assert not again["changed"] and "operation" not in again
    again, _out = run(copr, capsys, **args)
    assert not again["changed"]
    assert copr.writes() == [("POST", "/api_3/project/add/alice")]


def test_update_sends_only_the_difference(copr, capsys):
    run(copr, capsys, name="demo", owner="alice", chroots=[C0], description="old", homepage="https://example.com/h")
    result, _out = run(copr, capsys, diff=True, name="demo", owner="alice", description="new", instructions="")
    assert result["operation"] == "update"
    assert result["diff"]["before"] == {"owner": "alice", "name": "demo", "description": "old", "instructions": ""}
    assert result["diff"]["after"]["description"] == "new"
    # instructions was already "" (nothing to send); homepage was not declared and survives
    assert result["project"]["homepage"] == "https://example.com/h"
    assert copr.writes()[-1] == ("PUT", "/api_3/project/edit/alice/demo")


def test_chroot_settings_in_the_same_run(copr, capsys):
    chroots = [C0, {"name": C1, "additional_packages": ["make"], "with_opts": ["tests"]}]
    result, _out = run(copr, capsys, diff=True, name="demo", owner="alice", chroots=chroots)
    assert result["chroot_settings"][C1]["additional_packages"] == ["make"]
    assert result["diff"]["after"]["chroot_settings"][C1]["with_opts"] == ["tests"]
    assert copr.writes() == [("POST", "/api_3/project/add/alice"),
                             ("PUT", "/api_3/project-chroot/edit/alice/demo/%s" % C1)]
    again, _out = run(copr, capsys, name="demo", owner="alice", chroots=chroots)
    assert not again["changed"]
    assert len(copr.writes()) == 2


def test_errors_name_the_project_and_hide_credentials(copr, capsys):
    result, out = run(copr, capsys, name="bad name!", owner="alice", chroots=[C0])
    assert result["failed"]
    assert result["msg"] == ("Failed to create project alice/bad name!: name: Name must contain only letters, "
                             "digits, underscores, dashes and dots. (HTTP 400)")
    assert copr.token not in out and copr.login not in out

    result, out = run(copr, capsys, name="x", owner="bob", chroots=[C0])
    assert result["msg"].startswith("Failed to create project bob/x: You were authorized as 'alice'")
    assert result["status"] == 403
    assert copr.token not in out and copr.login not in out
    assert copr.writes() == [("POST", "/api_3/project/add/alice"), ("POST", "/api_3/project/add/bob")]
