# -*- coding: utf-8 -*-
# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Unit tests of the HTTP client: settings, error mapping, retries, secrecy.

Network faults (502, dropped connections) cannot be produced by the local
Copr server, so these tests replace ``Session.request`` with a scripted
sequence of outcomes; everything above the socket is the real client.  The
old frontend's slash redirect is tested against the local server itself.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import threading

import pytest
import requests
from werkzeug.serving import make_server

from copr_server import create_app
from ansible_collections.copr.copr.plugins.module_utils import copr_api
from ansible_collections.copr.copr.plugins.module_utils.copr_transport import is_loopback_url
from ansible_collections.copr.copr.plugins.module_utils.copr_api import (
    CoprApiError,
    CoprClient,
    CoprConfigError,
    RetryPolicy,
    resolve_settings,
)

TOKEN = "tokentokentokentokentokentoken"
LOGIN = "loginabc"


def write_config(path, **values):
    lines = ["[copr-cli]"] + ["%s = %s" % item for item in values.items()]
    path.write_text("\n".join(lines) + "\n")
    return str(path)


# --- settings ----------------------------------------------------------------

def test_default_url_without_anything(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    settings = resolve_settings(environ={})
    assert settings.api_url == "https://copr.fedorainfracloud.org"
    assert not settings.has_credentials
    assert settings.config_file is None


def test_precedence_option_env_file(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    cfg = write_config(tmp_path / "copr", copr_url="https://file.example", login="filelogin",
                       token="filetoken", username="fileuser")
    env = {"COPR_URL": "https://env.example", "COPR_LOGIN": "envlogin", "COPR_CONFIG": cfg}
    settings = resolve_settings(api_login="optlogin", environ=env)
    assert settings.api_login == "optlogin"          # option beats env
    assert settings.api_url == "https://env.example"  # env beats file
    assert settings.api_token == "filetoken"         # file fills the rest
    assert settings.username == "fileuser"
    env["COPR_USERNAME"] = "envuser"
    assert resolve_settings(environ=env).username == "envuser"


def test_default_config_file_is_read(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / ".config").mkdir()
    write_config(tmp_path / ".config" / "copr", copr_url="https://home.example/", login="l", token="t")
    settings = resolve_settings(environ={})
    assert settings.api_url == "https://home.example"
    assert settings.api_login == "l"
    assert settings.config_file == str(tmp_path / ".config" / "copr")


def test_explicit_missing_config_file_is_an_error(tmp_path):
    with pytest.raises(CoprConfigError, match="Cannot read the Copr config file .*nope"):
        resolve_settings(config_file=str(tmp_path / "nope"), environ={})
    with pytest.raises(CoprConfigError, match="nope"):
        resolve_settings(environ={"COPR_CONFIG": str(tmp_path / "nope")})


def test_config_file_without_section_is_an_error(tmp_path):
    path = tmp_path / "copr"
    path.write_text("[other]\nlogin = x\n")
    with pytest.raises(CoprConfigError, match=r"no \[copr-cli\] section"):
        resolve_settings(config_file=str(path), environ={})


@pytest.mark.parametrize("url", ["ftp://copr.example", "copr.example", "file:///etc/passwd", ""])
def test_url_must_be_http(url, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    if url == "":
        # empty means "not set": falls back to the default
        assert resolve_settings(api_url=url, environ={}).api_url.startswith("https://")
        return
    with pytest.raises(CoprConfigError, match="http:// or https://"):
        resolve_settings(api_url=url, environ={})


def test_settings_repr_hides_token():
    settings = copr_api.CoprSettings("https://x", LOGIN, TOKEN)
    assert TOKEN not in repr(settings) and LOGIN not in repr(settings)


@pytest.mark.parametrize("url", ["https://copr.example/api_3", "https://copr.example/api_3/",
                                 "https://copr.example/api_3//", "https://copr.example/"])
def test_url_with_the_api_prefix_is_the_frontend(url):
    assert resolve_settings(api_url=url, environ={"HOME": "/nonexistent"}).api_url == "https://copr.example"


def test_sources_say_where_each_setting_came_from(tmp_path):
    cfg = write_config(tmp_path / "copr", login="filelogin", token="filetoken", username="u")
    settings = resolve_settings(api_url="https://x.example", environ={"COPR_LOGIN": "envlogin", "COPR_CONFIG": cfg})
    assert settings.sources == {"copr_url": "the task option api_url", "login": "the environment variable COPR_LOGIN",
                                "token": "the config file %s" % cfg, "username": "the config file %s" % cfg}
    hint = settings.rejected_hint()
    assert hint.startswith("the login came from the environment variable COPR_LOGIN and the token from the config "
                           "file %s (do they belong together?)" % cfg)
    assert "envlogin" not in hint and "filetoken" not in hint


def test_default_config_file_follows_the_environments_home(tmp_path):
    (tmp_path / ".config").mkdir()
    write_config(tmp_path / ".config" / "copr", login="l", token="t")
    settings = resolve_settings(environ={"HOME": str(tmp_path)})
    assert settings.config_file == str(tmp_path / ".config" / "copr")
    assert settings.sources["token"] == "the config file %s" % settings.config_file


def test_expired_token_from_the_config_comment(tmp_path):
    path = tmp_path / "copr"
    path.write_text("[copr-cli]\nlogin = abc\ntoken = xyz\nusername = carol\n# expiration date: 2020-01-01\n")
    settings = resolve_settings(config_file=str(path), environ={})
    assert settings.token_expiration == "2020-01-01"
    assert settings.rejected_hint() == ("both came from the config file %s; its '# expiration date' comment says the "
                                        "token expired on 2020-01-01: renew it at %s/api" % (path, settings.api_url))
    # a token from elsewhere is not the one the comment talks about
    assert resolve_settings(config_file=str(path), api_token="other", environ={}).token_expiration is None


def test_user_name_as_login():
    settings = resolve_settings(api_url="https://x.example", api_login="alice", api_token=TOKEN, environ={})
    settings.user_names.add("alice")
    assert "the API login is set to your Copr user name" in settings.rejected_hint()
    settings = resolve_settings(api_url="https://x.example", api_login="j.doe", api_token=TOKEN, environ={})
    assert "characters other than lowercase letters" in settings.rejected_hint()


def test_missing_credentials_say_where_they_were_looked_for(tmp_path):
    settings = resolve_settings(environ={"HOME": str(tmp_path)})
    assert settings.missing_credentials() == (
        "no Copr API login and token: none in the task options (api_login, api_token), none in the environment "
        "(COPR_LOGIN, COPR_TOKEN), and no config file (%s/.config/copr does not exist)" % tmp_path)
    settings = resolve_settings(environ={"HOME": str(tmp_path), "COPR_TOKEN": TOKEN})
    assert settings.missing_credentials().startswith(
        "an API token (from the environment variable COPR_TOKEN) but no API login: no task option api_login")
    assert TOKEN not in settings.missing_credentials()


@pytest.mark.parametrize("url,loopback", [
    ("http://127.0.0.1:8765", True), ("http://localhost/", True), ("http://[::1]:80", True),
    ("http://127.1.2.3", True), ("http://copr.example", False), ("http://127.0.0.1.example.org", False),
    ("http://10.0.0.1", False),
])
def test_loopback_urls(url, loopback):
    assert is_loopback_url(url) == loopback


def test_no_such_user_suggests_the_group():
    client, _w, _s = make_client(Script((404, {"error": "No such user `qa'"})))
    with pytest.raises(CoprApiError) as info:
        client.create_project("qa", "x", {"chroots": ["c"]})
    assert str(info.value) == ("No such user `qa' (HTTP 404); did you mean the group @qa? A group owner starts with @ "
                               "(quote it in YAML: owner: \"@qa\")")


# --- scripted transport ------------------------------------------------------

class Script:
    """Replaces Session.request: returns or raises the scripted outcomes in order."""

    def __init__(self, *outcomes):
        self.outcomes = list(outcomes)
        self.calls = []

    def __call__(self, method, url, **kwargs):
        self.calls.append((method, url, kwargs))
        outcome = self.outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        status, body = outcome[:2]
        response = requests.Response()
        response.status_code = status
        response.reason = "Reason"
        response._content = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        response.headers.update(outcome[2] if len(outcome) > 2 else {})
        return response


def make_client(script, attempts=4):
    warnings = []
    sleeps = []
    settings = copr_api.CoprSettings("https://copr.example", LOGIN, TOKEN, timeout=7)
    client = CoprClient(settings, warn=warnings.append, retry=RetryPolicy(attempts=attempts), sleep=sleeps.append)
    client.transport.session.request = script
    return client, warnings, sleeps


PROJECT = {"id": 1, "name": "demo", "ownername": "alice", "full_name": "alice/demo", "description": "",
           "chroot_repos": {"fedora-43-x86_64": "u1", "epel-9-x86_64": "u2"}, "additional_repos": ["https://r"]}


def test_session_basics():
    script = Script((200, PROJECT))
    client, _warnings, _sleeps = make_client(script)
    project = client.get_project("alice", "demo")
    method, url, kwargs = script.calls[0]
    assert (method, url) == ("GET", "https://copr.example/api_3/project")
    assert kwargs["params"] == {"ownername": "alice", "projectname": "demo"}
    assert kwargs["timeout"] == 7
    session = client.transport.session
    assert session.auth == (LOGIN, TOKEN)
    assert session.headers["User-Agent"].startswith("copr.copr-ansible-collection/")
    # option vocabulary: owner, chroots from chroot_repos keys (sorted)
    assert project["owner"] == "alice"
    assert project["chroots"] == ["epel-9-x86_64", "fedora-43-x86_64"]


def test_get_404_is_absent():
    client, _w, _s = make_client(Script((404, {"error": "Project alice/nope does not exist."})))
    assert client.get_project("alice", "nope") is None


def test_error_mapping_and_401_hint():
    body = {"output": "notok", "error": "Login invalid/expired. Please visit https://copr.example/api to renew."}
    client, _w, _s = make_client(Script((401, body)))
    with pytest.raises(CoprApiError) as info:
        client.whoami()
    assert info.value.status == 401
    assert "(HTTP 401)" in str(info.value)
    # one renew link, ours (Copr's "Please visit ..." text is replaced, not repeated)
    assert str(info.value).count("/api") == 1
    assert "get or renew them at https://copr.example/api" in str(info.value)
    assert TOKEN not in str(info.value) and LOGIN not in str(info.value)


def test_error_key_with_200_is_an_error():
    client, _w, _s = make_client(Script((200, {"error": "weird"})))
    with pytest.raises(CoprApiError, match="weird"):
        client.whoami()


def test_non_json_body_is_an_error():
    client, _w, _s = make_client(Script((200, "<html>")))
    with pytest.raises(CoprApiError, match="not JSON"):
        client.whoami()


def test_create_sends_exist_ok_and_write_names():
    script = Script((200, PROJECT))
    client, _w, _s = make_client(script)
    client.create_project("alice", "demo", {"chroots": ["fedora-43-x86_64"], "additional_repos": ["https://r"],
                                            "devel_mode": True})
    method, url, kwargs = script.calls[0]
    assert (method, url) == ("POST", "https://copr.example/api_3/project/add/alice")
    assert kwargs["params"] == {"exist_ok": "True"}
    assert kwargs["json"] == {"name": "demo", "chroots": ["fedora-43-x86_64"], "repos": ["https://r"],
                              "disable_createrepo": True}


@pytest.mark.parametrize("method_name,args,http_method", [
    ("get_project", ("alice", "demo"), "GET"),
    ("edit_project", ("alice", "demo", {"description": "x"}), "PUT"),
    ("delete_project", ("alice", "demo"), "DELETE"),
    ("create_project", ("alice", "demo", {"chroots": ["c"]}), "POST"),  # exist_ok makes it safe
])
@pytest.mark.parametrize("fault", [
    (502, "<html>Bad gateway</html>"),
    (503, {"error": "maintenance"}),
    (504, "<html>Gateway Time-out</html>"),
    (500, {"error": "Can't delete this project, another operation is in progress: delete"}),
    requests.exceptions.ConnectionError("Connection aborted"),
])
def test_transient_failures_are_retried(method_name, args, http_method, fault):
    script = Script(fault, fault, (200, PROJECT))
    client, warnings, sleeps = make_client(script)
    getattr(client, method_name)(*args)
    assert [call[0] for call in script.calls] == [http_method] * 3
    assert len(warnings) == 2 and "retrying in" in warnings[0]
    assert len(sleeps) == 2
    assert all(TOKEN not in text for text in warnings)


def test_retries_are_bounded():
    script = Script(*([(503, {"error": "down"})] * 4))
    client, warnings, sleeps = make_client(script, attempts=4)
    with pytest.raises(CoprApiError, match="down"):
        client.get_project("alice", "demo")
    assert len(script.calls) == 4
    assert len(warnings) == 3


def test_backoff_grows_with_jitter():
    policy = RetryPolicy(base_delay=1.0, max_delay=8.0)
    for attempt, ceiling in ((1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (6, 8.0)):
        delays = set(policy.delay(attempt) for dummy in range(20))
        assert all(ceiling / 2 <= delay <= ceiling for delay in delays)
        assert len(delays) > 1  # jitter


@pytest.mark.parametrize("status,body", [
    (400, {"error": "name: Name must contain only letters"}),
    (403, {"error": "Only owners and admins may update their projects."}),
    (409, {"error": "Can't drop chroot from project"}),
    (500, {"error": "Request wasn't successful, there is probably a bug in the Copr code."}),
])
def test_client_errors_are_not_retried(status, body):
    script = Script((status, body))
    client, warnings, _s = make_client(script)
    with pytest.raises(CoprApiError) as info:
        client.edit_project("alice", "demo", {"description": "x"})
    assert info.value.status == status
    assert len(script.calls) == 1 and not warnings


def test_plain_post_is_never_retried_and_marks_ambiguity():
    script = Script(requests.exceptions.ConnectionError("Connection aborted: RemoteDisconnected"))
    client, warnings, _s = make_client(script)
    with pytest.raises(CoprApiError) as info:
        client.transport.request("POST", "api_3/build/create/url", body={"pkgs": "x"})
    assert len(script.calls) == 1 and not warnings
    assert info.value.ambiguous


def test_refused_connection_is_not_ambiguous():
    script = Script(requests.exceptions.ConnectionError("Connection refused"))
    client, _w, _s = make_client(script)
    with pytest.raises(CoprApiError) as info:
        client.transport.request("POST", "api_3/build/create/url", body={})
    assert not info.value.ambiguous
    assert "Cannot connect to https://copr.example" in str(info.value)


def test_list_projects_reads_all_pages(monkeypatch):
    monkeypatch.setattr(copr_api.CoprApiV3, "PAGE_SIZE", 2)
    items = [dict(PROJECT, id=i, name="p%d" % i) for i in range(5)]
    script = Script((200, {"items": items[:2]}), (200, {"items": items[2:4]}), (200, {"items": items[4:]}))
    client, _w, _s = make_client(script)
    assert [p["name"] for p in client.list_projects("alice")] == ["p0", "p1", "p2", "p3", "p4"]
    assert [call[2]["params"]["offset"] for call in script.calls] == [0, 2, 4]


def test_unknown_protocol():
    with pytest.raises(CoprConfigError, match="Unknown Copr API protocol"):
        CoprClient(copr_api.CoprSettings("https://x"), protocol="v9")


def test_version_matches_galaxy():
    import os
    import re
    galaxy = os.path.join(os.path.dirname(copr_api.__file__), "..", "..", "galaxy.yml")
    with open(galaxy) as handle:
        version = re.search(r"^version:\s*(\S+)", handle.read(), re.M).group(1)
    assert copr_api.COLLECTION_VERSION == version


# --- project chroots ---------------------------------------------------------

CHROOT = {"mock_chroot": "fedora-43-x86_64", "ownername": "alice", "projectname": "demo", "comps_name": None,
          "additional_packages": ["gcc"], "additional_repos": [], "additional_modules": ["nodejs:20"],
          "with_opts": [], "without_opts": [], "isolation": "unchanged", "delete_after_days": None}


def test_edit_chroot_write_names_and_module_clear():
    script = Script((200, CHROOT), (200, CHROOT))
    client, _w, _s = make_client(script)
    chroot = client.edit_chroot("alice", "demo", "fedora-43-x86_64",
                                {"additional_packages": ["gcc"], "additional_repos": [], "additional_modules": []})
    method, url, kwargs = script.calls[0]
    assert (method, url) == ("PUT", "https://copr.example/api_3/project-chroot/edit/alice/demo/fedora-43-x86_64")
    # [] does not clear module toggles on APIv3, "" does; additional_modules keeps its name
    # (a module_toggle list would be space-joined by the server).
    assert kwargs["json"] == {"buildroot_pkgs": ["gcc"], "repos": [], "additional_modules": ""}
    assert chroot["chroot"] == "fedora-43-x86_64" and chroot["project"] == "demo"
    client.edit_chroot("alice", "demo", "fedora-43-x86_64", {"additional_modules": ["a:1", "!b:2"]})
    assert script.calls[1][2]["json"] == {"additional_modules": ["a:1", "!b:2"]}


def test_edit_chroot_uploads_comps_as_multipart(tmp_path):
    comps = tmp_path / "my-comps.xml"
    comps.write_bytes(b"<comps/>\n")
    script = Script((200, CHROOT))
    client, _w, _s = make_client(script)
    client.edit_chroot("alice", "demo", "fedora-43-x86_64", {"with_opts": ["x"]}, comps_path=str(comps))
    files = dict((name, part) for name, part in script.calls[0][2]["files"])
    assert files["upload_comps"][:2] == ("my-comps.xml", b"<comps/>\n")
    assert json.loads(files["json"][1]) == {"with_opts": ["x"]}
    assert script.calls[0][2]["json"] is None


@pytest.mark.parametrize("owner,path", [
    ("alice", "coprs/alice/demo/chroot/fedora-43-x86_64/comps/"),
    ("@qa", "coprs/g/qa/demo/chroot/fedora-43-x86_64/comps/"),
])
def test_get_chroot_comps_reads_the_frontend_page(owner, path):
    script = Script((200, "<comps>é</comps>"))
    client, _w, _s = make_client(script)
    assert client.get_chroot_comps(owner, "demo", "fedora-43-x86_64") == "<comps>é</comps>".encode()
    assert script.calls[0][:2] == ("GET", "https://copr.example/" + path)


def test_get_chroot_comps_errors():
    client, _w, _s = make_client(Script((404, "<html>Not found</html>")))
    with pytest.raises(CoprApiError) as info:
        client.get_chroot_comps("alice", "nope", "fedora-43-x86_64")
    assert info.value.status == 404


# --- redirects ---------------------------------------------------------------

def test_redirect_within_the_site_is_followed_with_the_query_of_the_location():
    script = Script((308, "<html>", {"Location": "https://copr.example/api_3/build/list/?ownername=alice"}),
                    (200, {"items": []}))
    client, _w, _s = make_client(script)
    assert client.transport.request("GET", "api_3/build/list", params={"ownername": "alice"}) == {"items": []}
    assert [(call[0], call[1], call[2]["params"]) for call in script.calls] == [
        ("GET", "https://copr.example/api_3/build/list", {"ownername": "alice"}),
        ("GET", "https://copr.example/api_3/build/list/?ownername=alice", None)]


@pytest.mark.parametrize("location", ["https://evil.example/api_3/build/list/", "http://copr.example/api_3/x/",
                                      "https://copr.example:8443/api_3/x/"])
def test_redirect_to_another_site_is_not_followed(location):
    script = Script((308, "<html>", {"Location": location}))
    client, _w, _s = make_client(script)
    with pytest.raises(CoprApiError, match="redirect to another site") as info:
        client.transport.request("GET", "api_3/build/list")
    assert info.value.status == 308 and len(script.calls) == 1
    assert TOKEN not in str(info.value) and LOGIN not in str(info.value)


def test_redirect_loops_are_bounded():
    script = Script(*([(308, "<html>", {"Location": "/api/coprs/alice/"})] * 6))
    client, _w, _s = make_client(script)
    with pytest.raises(CoprApiError, match="more than 5 times"):
        client.transport.request("GET", "api/coprs/alice")
    assert len(script.calls) == 6


def test_v3_against_an_old_frontend_that_redirects_build_list():
    """--v3-old-slashes: GET /api_3/build/list answers 308 (as frontends before 2023); reads follow it."""
    app = create_app(v3_old_slashes=True, build_speed=0)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        alice = [u for u in app.config["STORE"].seed["users"] if u["name"] == "alice"][0]
        settings = copr_api.CoprSettings("http://127.0.0.1:%d" % server.server_port, alice["api_login"],
                                         alice["api_token"])
        client = CoprClient(settings)
        client.create_project("alice", "demo", {"chroots": ["fedora-43-x86_64"]})
        build = client.create_build("alice", "demo", "url", {"url": ["https://e.org/x-1-1.src.rpm"]}, {})[0]
        assert [b["id"] for b in client.list_builds("alice", "demo")] == [build["id"]]
        assert client.get_build_source(build["id"])["source_dict"] == {"url": "https://e.org/x-1-1.src.rpm"}
        record = [(i["method"], i["path"], i["status"]) for i in app.test_client().get("/_test/requests").json["items"]]
        assert record[2:] == [
            ("GET", "/api_3/build/list", 308), ("GET", "/api_3/build/list/", 200),
            ("GET", "/api_3/build/source-build-config/%d" % build["id"], 308),
            ("GET", "/api_3/build/source-build-config/%d/" % build["id"], 200)]
    finally:
        server.shutdown()
        thread.join(timeout=5)
