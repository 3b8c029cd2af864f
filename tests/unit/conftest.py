# -*- coding: utf-8 -*-
# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Shared fixtures: the local Copr server in this process, and a module runner for both hosts.

``run_module`` runs a module's ``main()`` either as Ansible runs a module
(AnsibleModule reading patched arguments, JSON on stdout, SystemExit) or as
the action plugins run it in the controller (ControllerHost, TaskExit); tests
parametrized with ``host`` prove both give the same results.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import threading

import pytest

from ansible.module_utils.testing import patch_module_args
from copr_server import create_app
from copr_server.serving import make_copr_server
from ansible_collections.copr.copr.plugins.plugin_utils.copr_action import TaskRun, run_on_controller

HOSTS = ("module", "controller")


@pytest.fixture
def copr(monkeypatch, tmp_path):
    """A fresh local Copr server on a free loopback port; yields its URL, the seed user and a record reader."""
    monkeypatch.setenv("HOME", str(tmp_path))  # no ~/.config/copr of the machine
    for name in ("COPR_URL", "COPR_LOGIN", "COPR_TOKEN", "COPR_USERNAME", "COPR_CONFIG", "COPR_EXECUTION"):
        monkeypatch.delenv(name, raising=False)
    app = create_app()
    server = make_copr_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    url = "http://127.0.0.1:%d" % server.server_port
    alice = [user for user in app.config["STORE"].seed["users"] if user["name"] == "alice"][0]
    client = app.test_client()

    class Copr:
        api_url = url
        login = alice["api_login"]
        token = alice["api_token"]
        store = app.config["STORE"]

        @staticmethod
        def records():
            return client.get("/_test/requests").json["items"]

        @staticmethod
        def faults(**config):
            """Reconfigure the server's fault injection (README "Fault injection"); returns the config."""
            response = client.post("/_test/faults/config", json=config)
            assert response.status_code == 200, response.json
            return response.json

        @staticmethod
        def writes():
            """Writes recorded so far, as (method, path); clears nothing."""
            return [(item["method"], item["path"]) for item in Copr.records() if item["write"]]

    yield Copr
    server.shutdown()
    thread.join(timeout=5)


def run_main(main, host, args, check=False, diff=False, capsys=None, environ=None, name="copr_module"):
    """Run ``main()`` on ``host`` ("module" or "controller"); return (result, everything it printed)."""
    if host == "module":
        args = dict(args, _ansible_check_mode=check, _ansible_diff=diff, _ansible_module_name=name)
        with patch_module_args(args):
            with pytest.raises(SystemExit):
                main()
        out = capsys.readouterr().out
        return json.loads(out), out
    lines = []
    task = TaskRun(name, args, check_mode=check, diff=diff, environ=environ, progress=lines.append)
    result = run_on_controller(main, task)
    return result, json.dumps(result) + "\n".join(lines)


@pytest.fixture(params=HOSTS)
def host(request):
    return request.param
