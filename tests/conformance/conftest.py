"""Fixtures: one local Copr server subprocess per session, plus helpers."""

import contextlib
import json
import os
import subprocess
import sys
import threading

import pytest
import requests
from werkzeug.serving import make_server

TESTS_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEED_PATH = os.path.join(TESTS_DIR, "copr_server", "seed.json")
PREFIX = "copr_server listening on "
# Lets tests import copr_server in-process (create_app) without PYTHONPATH.
if TESTS_DIR not in sys.path:
    sys.path.insert(0, TESTS_DIR)


class Server:
    """A running server: its URL, the seed credentials and the control API."""

    def __init__(self, base_url):
        self.base_url = base_url
        with open(SEED_PATH, encoding="utf-8") as handle:
            self.seed = json.load(handle)
        self.users = {u["name"]: u for u in self.seed["users"]}

    def auth(self, name):
        """(login, token) of a seed user; 'bad' is alice's login with a wrong token."""
        if name in (None, "none"):
            return None
        if name == "bad":
            return (self.users["alice"]["api_login"], "x" * 30)
        user = self.users[name]
        return (user["api_login"], user["api_token"])

    def api(self, method, path, who="none", **kwargs):
        return requests.request(method, self.base_url + "/api_3/" + path.lstrip("/"),
                                auth=self.auth(who), timeout=30, **kwargs)

    def v1(self, method, path, who="none", **kwargs):
        """An APIv1 request (``path`` under /api/, given with its trailing slash); redirects are not followed."""
        return requests.request(method, self.base_url + "/api/" + path.lstrip("/"), auth=self.auth(who),
                                timeout=30, allow_redirects=False, **kwargs)

    def refresh_search_index(self):
        """What the real cron job (update-indexes-quick) does for the APIv1 full-text search."""
        response = requests.post(self.base_url + "/_test/search-index", timeout=30)
        response.raise_for_status()
        return response.json()

    def reset(self):
        requests.post(self.base_url + "/_test/reset", timeout=30).raise_for_status()

    def last_seq(self):
        return requests.get(self.base_url + "/_test/requests", timeout=30).json()["last_seq"]

    def requests_since(self, since):
        return requests.get(self.base_url + "/_test/requests", params={"since": since}, timeout=30).json()["items"]

    def add_build(self, owner, project, chroots, state="running", package=None):  # pylint: disable=too-many-arguments
        """POST /_test/builds: a frozen build in ``state`` (optionally of ``package``); returns its id."""
        body = {"owner": owner, "project": project, "chroots": chroots, "state": state}
        if package is not None:
            body["package"] = package
        response = requests.post(self.base_url + "/_test/builds", json=body, timeout=30)
        response.raise_for_status()
        return response.json()["id"]

    def package_info(self, owner, project, name):
        """GET /_test/packages/...: the stored package, with the write-only fields."""
        response = requests.get("{0}/_test/packages/{1}/{2}/{3}".format(self.base_url, owner, project, name),
                                timeout=30)
        response.raise_for_status()
        return response.json()

    def build_info(self, build_id):
        """GET /_test/builds/<id>: what the server recorded for a build."""
        return requests.get("{0}/_test/builds/{1}".format(self.base_url, build_id), timeout=30).json()

    def config(self, **values):
        """POST /_test/config (build_speed, fail_packages, hold_packages); returns the new config."""
        response = requests.post(self.base_url + "/_test/config", json=values, timeout=30)
        response.raise_for_status()
        return response.json()

    def control(self, build_id, action, body=None):
        """POST /_test/builds/<id>/<action> (advance, fail); returns the response."""
        return requests.post("{0}/_test/builds/{1}/{2}".format(self.base_url, build_id, action),
                             json=body, timeout=30)

    def faults(self, **values):
        """POST /_test/faults/config; returns the new fault config."""
        response = requests.post(self.base_url + "/_test/faults/config", json=values, timeout=30)
        response.raise_for_status()
        return response.json()

    def fault_stats(self):
        return requests.get(self.base_url + "/_test/faults", timeout=30).json()

    def comps(self, owner, project, chroot):
        return requests.get("{0}/_test/comps/{1}/{2}/{3}".format(self.base_url, owner, project, chroot),
                            timeout=30).json()


def server_env(**extra):
    """The environment for a server subprocess: tests/ on PYTHONPATH, no fault variables
    of the caller's shell (COPR_SERVER_FAULT*), plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COPR_SERVER_FAULT")}
    env["PYTHONPATH"] = TESTS_DIR + os.pathsep + os.environ.get("PYTHONPATH", "")
    env.update(extra)
    return env


@contextlib.contextmanager
def spawn_server(*args, env=None, stderr=subprocess.DEVNULL):
    """Run ``python -m copr_server --port 0 ARGS``; yields (Server, process) once it listens."""
    proc = subprocess.Popen(  # pylint: disable=consider-using-with
        [sys.executable, "-m", "copr_server", "--host", "127.0.0.1", "--port", "0"] + list(args),
        stdout=subprocess.PIPE, stderr=stderr, env=env or server_env(), text=True)
    try:
        line = proc.stdout.readline().strip()
        if not line.startswith(PREFIX):
            proc.kill()
            pytest.fail("server did not start: {0!r}".format(line))
        yield Server(line[len(PREFIX):]), proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        proc.stdout.close()


@pytest.fixture(scope="session")
def copr_server():
    """Start ``python -m copr_server --port 0`` and parse the port it printed (faults off):
    APIv3 plus the 2021 APIv1."""
    with spawn_server() as (srv, _proc):
        yield srv


@pytest.fixture(scope="session")
def copr_server_2014():
    """A server whose APIv1 answers like the seed's 2014 notes (``--v1-variant 2014``)."""
    with spawn_server("--v1-variant", "2014") as (srv, _proc):
        yield srv


@pytest.fixture
def start_server():
    """Factory: ``start_server(**create_app_kwargs)`` serves a new app with werkzeug's threaded
    server on a free loopback port in this process; returns (Server, app). Stopped at teardown."""
    from copr_server import create_app  # pylint: disable=import-outside-toplevel
    running = []

    def start(**kwargs):
        app = create_app(**kwargs)
        httpd = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        thread.start()
        running.append((httpd, thread))
        return Server("http://127.0.0.1:{0}".format(httpd.server_port)), app

    yield start
    for httpd, thread in running:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


@pytest.fixture
def server(copr_server):  # pylint: disable=redefined-outer-name
    """The session server, reset to the seed for this test."""
    copr_server.reset()
    return copr_server


@pytest.fixture
def server_2014(copr_server_2014):  # pylint: disable=redefined-outer-name
    """The 2014-variant session server, reset to the seed for this test."""
    copr_server_2014.reset()
    return copr_server_2014


def write_cli_config(path, srv, name):
    user = srv.users[name]
    path.write_text(
        "[copr-cli]\n"
        "copr_url = {0}\n"
        "login = {1}\n"
        "token = {2}\n"
        "username = {3}\n"
        "encrypted = False\n"
        "# expiration date: {4}\n".format(srv.base_url, user["api_login"], user["api_token"], name,
                                          user["token_expiration"]),
        encoding="utf-8")
    return str(path)


@pytest.fixture
def alice_cli_config(tmp_path, server):  # pylint: disable=redefined-outer-name
    """A copr-cli config file for alice (http, hence ``encrypted = False``)."""
    return write_cli_config(tmp_path / "copr-alice", server, "alice")
