# -*- coding: utf-8 -*-
# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The modules on ``api_version: 1`` against the local server's APIv1, in both of its variants, on both hosts.

What the engine does for a protocol that expresses less: options APIv1 cannot
express fail before any request, only what APIv1 can read back is compared, a
chroot set APIv1 cannot list is handled, and copr_build does not submit when it
cannot tell whether the source was built already.  The integration target
``api_v1`` runs the same through ansible-playbook.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import logging
import threading

import pytest

from conftest import run_main
from copr_server import create_app
from copr_server.serving import make_copr_server
from ansible_collections.copr.copr.plugins.modules import (
    copr_build,
    copr_build_info,
    copr_chroot,
    copr_project,
    copr_project_info,
)

C0, C1, C2 = "fedora-rawhide-x86_64", "fedora-43-x86_64", "epel-9-x86_64"
SRPM = "https://example.com/pkgs/hello-2.10-1.src.rpm"
MODULES = {"copr_project": copr_project, "copr_chroot": copr_chroot, "copr_build": copr_build,
           "copr_build_info": copr_build_info, "copr_project_info": copr_project_info}


@pytest.fixture(scope="module")
def servers():
    """One local server per APIv1 variant for this module (each test resets it)."""
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    running = {}
    for variant in ("2021", "2014"):
        app = create_app(v1_variant=variant, build_speed=0)
        server = make_copr_server("127.0.0.1", 0, app)
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        thread.start()
        running[variant] = (server, thread, app)
    yield running
    for server, thread, _app in running.values():
        server.shutdown()
        thread.join(timeout=5)


class Server:
    """One variant, reset: runs modules with alice's credentials and reads the request record."""

    def __init__(self, app, url, variant, capsys, host):
        self.app = app
        self.url = url
        self.variant = variant
        self.capsys = capsys
        self.host = host
        self.control = app.test_client()
        self.users = dict((u["name"], u) for u in app.config["STORE"].seed["users"])
        self.seen = 0

    def run(self, module, check=False, diff=False, environ=None, **args):
        user = self.users["alice"]
        full = dict(api_url=self.url, api_login=user["api_login"], api_token=user["api_token"], api_version=1)
        full.update(args)
        full = dict((key, value) for key, value in full.items() if value is not None)
        result, _out = run_main(MODULES[module].main, self.host, full, check=check, diff=diff, capsys=self.capsys,
                                environ=environ, name=module)
        return result

    def requests(self):
        """(method, path) of every request since the last call."""
        items = self.control.get("/_test/requests", query_string={"since": self.seen}).json["items"]
        if items:
            self.seen = items[-1]["seq"]
        return [(item["method"], item["path"]) for item in items]

    def writes(self):
        return [request for request in self.requests() if request[0] != "GET"]

    def v3_project(self, name, owner="alice"):
        resp = self.control.get("/api_3/project", query_string={"ownername": owner, "projectname": name})
        return resp.json if resp.status_code == 200 else None

    def v3_chroot(self, name, chroot):
        return self.control.get("/api_3/project-chroot", query_string={
            "ownername": "alice", "projectname": name, "chrootname": chroot}).json

    def advance(self, build_id, to):
        assert self.control.post("/_test/builds/%d/advance" % build_id, json={"to": to}).status_code == 200

    def config(self, **values):
        assert self.control.post("/_test/config", json=values).status_code == 200


def _server(servers, variant, capsys, host, monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in ("COPR_URL", "COPR_LOGIN", "COPR_TOKEN", "COPR_CONFIG", "COPR_EXECUTION", "COPR_API_VERSION"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COPR_USERNAME", "alice")  # APIv1 cannot tell whom a token belongs to
    server, _thread, app = servers[variant]
    handle = Server(app, "http://127.0.0.1:%d" % server.server_port, variant, capsys, host)
    assert handle.control.post("/_test/reset").status_code == 200
    handle.requests()
    return handle


@pytest.fixture(params=["2021", "2014"])
def v1(request, servers, capsys, host, monkeypatch, tmp_path):  # pylint: disable=redefined-outer-name
    """A reset server of each APIv1 variant, on each host."""
    return _server(servers, request.param, capsys, host, monkeypatch, tmp_path)


@pytest.fixture
def v2021(servers, capsys, host, monkeypatch, tmp_path):  # pylint: disable=redefined-outer-name
    return _server(servers, "2021", capsys, host, monkeypatch, tmp_path)


def converge(v1, module, **args):  # pylint: disable=redefined-outer-name
    """check, real, check, real; the first check and the second pair write nothing. Returns the first real result."""
    checked = v1.run(module, check=True, diff=True, **args)
    assert checked.get("changed") is True, checked
    assert v1.writes() == []
    real = v1.run(module, diff=True, **args)
    assert real.get("changed") is True and real["operation"] == checked["operation"], real
    assert real["diff"]["before"] == checked["diff"]["before"]
    written = v1.writes()
    assert written, "the real run wrote nothing"
    again = v1.run(module, check=True, diff=True, **args)
    assert again.get("changed") is False, again
    again = v1.run(module, **args)
    assert again.get("changed") is False, again
    assert v1.writes() == []
    real["_writes"] = written
    return real


# ------------------------------------------------------------------ the option


def test_api_version_from_the_option_the_environment_or_3(v2021, monkeypatch):
    v2021.run("copr_project", name="demo", chroots=[C0])
    assert [path for _m, path in v2021.requests() if path.startswith("/api/")]
    # COPR_API_VERSION when the task does not set it
    monkeypatch.setenv("COPR_API_VERSION", "1")
    result = v2021.run("copr_project_info", api_version=None, name="demo")
    assert result["projects"][0]["description"] == "" and result["projects"][0]["id"] is None
    assert all(path.startswith("/api/") for _m, path in v2021.requests())
    # the option wins over the environment
    result = v2021.run("copr_project_info", api_version=3, name="demo")
    assert result["projects"][0]["id"] is not None
    assert all(path.startswith("/api_3/") for _m, path in v2021.requests())
    # set nowhere: APIv3
    monkeypatch.delenv("COPR_API_VERSION")
    result = v2021.run("copr_project_info", api_version=None, name="demo")
    assert result["projects"][0]["id"] is not None
    if v2021.host == "controller":
        # the task's environment: (what the action plugin passes the controller host)
        environ = {"COPR_API_VERSION": "1", "COPR_USERNAME": "alice", "HOME": "/nonexistent"}
        v2021.requests()
        result = v2021.run("copr_project_info", environ=environ, api_version=None, name="demo")
        assert result["projects"][0]["id"] is None
        assert all(path.startswith("/api/") for _m, path in v2021.requests())


def test_a_bad_api_version_fails_before_sending(v2021, monkeypatch):
    result = v2021.run("copr_project", api_version=2, name="demo", chroots=[C0])
    assert result["failed"] and "api_version" in result["msg"] and "1, 3" in result["msg"]
    monkeypatch.setenv("COPR_API_VERSION", "v2")
    result = v2021.run("copr_project", api_version=None, name="demo", chroots=[C0])
    assert result["msg"] == "Invalid Copr connection settings: COPR_API_VERSION must be 1 or 3, got 'v2'"
    assert v2021.requests() == []


# ------------------------------------------------ refused before any request

UNSUPPORTED = [
    ("copr_project", dict(name="demo", chroots=[C0], enable_net=True), "enable_net"),
    ("copr_project", dict(name="demo", chroots=[C0], homepage="https://e.org"), "homepage"),
    ("copr_project", dict(name="demo", chroots=[C0], delete_after_days=3), "delete_after_days"),
    ("copr_project", dict(name="demo", chroots=[C0], bootstrap="on"), "bootstrap"),
    ("copr_project", dict(name="demo", chroots=[{"name": C0, "with_opts": ["x"]}]), "with_opts"),
    ("copr_chroot", dict(project="demo", chroot=C0, with_opts=["x"]), "with_opts"),
    ("copr_chroot", dict(project="demo", chroot=C0, additional_modules=["a:1"]), "additional_modules"),
    ("copr_chroot", dict(project="demo", chroot=C0, delete_comps=True), "delete_comps"),
    ("copr_chroot", dict(project="demo", chroot=C0, isolation="simple"), "isolation"),
    ("copr_build", dict(project="demo", scm={"clone_url": "https://e.org/x.git"}), "scm"),
    ("copr_build", dict(project="demo", pypi={"package_name": "x"}), "pypi"),
    ("copr_build", dict(project="demo", package="hello"), "package"),
    ("copr_build", dict(project="demo", url=[SRPM], chroots=[C0]), "chroots"),
    ("copr_build", dict(project="demo", url=[SRPM], enable_net=True), "enable_net"),
    ("copr_build", dict(project="demo", url=[SRPM], after_build_id=1), "after_build_id"),
    ("copr_build", dict(build_id=1, state="absent"), "state=absent"),
    ("copr_build_info", dict(project="demo", package="hello"), "package"),
]


@pytest.mark.parametrize("module,args,option", UNSUPPORTED, ids=["%s-%s" % (m, o) for m, _a, o in UNSUPPORTED])
def test_unsupported_options_fail_before_any_request(v2021, module, args, option):
    result = v2021.run(module, **args)
    assert result["failed"] and result["msg"] == "%s is not supported by Copr API v1 (api_version: 1)" % option
    assert v2021.requests() == []


def test_several_unsupported_options_are_all_named(v2021):
    result = v2021.run("copr_project", name="demo", chroots=[{"name": C0, "with_opts": ["x"]}], enable_net=True,
                       contact="x@e.org")
    assert result["msg"] == ("contact is not supported by Copr API v1 (api_version: 1); "
                             "enable_net is not supported by Copr API v1 (api_version: 1); "
                             "with_opts is not supported by Copr API v1 (api_version: 1)")
    assert v2021.requests() == []


def test_memory_is_an_apiv1_build_option_only(v2021):
    result = v2021.run("copr_build", api_version=3, project="demo", url=[SRPM], memory=4096)
    assert result["msg"] == "memory is not supported by Copr API v3 (api_version: 3)"
    assert v2021.requests() == []


# ------------------------------------------------------------------ projects


def test_project_create_update_delete(v1):
    created = converge(v1, "copr_project", name="demo", chroots=[C0, C1], description="d",
                       additional_repos=["https://e.org/a/", "https://e.org/b/"])
    assert created["_writes"] == [("POST", "/api/coprs/alice/new/")]
    assert created["project"]["chroots"] == sorted([C0, C1])
    assert created["project"]["additional_repos"] == ["https://e.org/a/", "https://e.org/b/"]
    assert created["project"]["homepage"] is None and created["project"]["owner"] == "alice"
    assert sorted(v1.v3_project("demo")["chroot_repos"]) == sorted([C0, C1])

    updated = converge(v1, "copr_project", name="demo", description="new", instructions="dnf copr enable",
                       additional_repos=[])
    assert updated["_writes"] == [("POST", "/api/coprs/alice/demo/modify/")]
    assert updated["diff"]["before"]["description"] == "d" and updated["diff"]["after"]["description"] == "new"
    raw = v1.v3_project("demo")
    assert (raw["description"], raw["instructions"], raw["additional_repos"]) == ("new", "dnf copr enable", [])
    assert sorted(raw["chroot_repos"]) == sorted([C0, C1])      # the chroot set survived a JSON modify

    if v1.variant == "2014":
        result = v1.run("copr_project", name="demo", state="absent")
        assert result["failed"] and "cannot delete projects; nothing was sent" in result["msg"]
        assert v1.writes() == []
        return
    deleted = converge(v1, "copr_project", name="demo", state="absent")
    assert deleted["_writes"] == [("POST", "/api/coprs/alice/demo/delete/")]
    assert deleted["project"] == {} and v1.v3_project("demo") is None


def test_project_flags_and_chroot_set_on_2021(v2021):
    v2021.run("copr_project", name="demo", chroots=[C0, C1])
    v2021.requests()
    changed = converge(v2021, "copr_project", name="demo", chroots=[C0, C2], unlisted_on_hp=True, isolation="simple")
    assert changed["_writes"] == [("POST", "/api/coprs/alice/demo/modify/")]
    raw = v2021.v3_project("demo")
    assert sorted(raw["chroot_repos"]) == sorted([C0, C2]) and raw["unlisted_on_hp"] and raw["isolation"] == "simple"
    # without chroots, before the first build the set is unknown: a flag edit is refused before sending
    result = v2021.run("copr_project", name="demo", unlisted_on_hp=False)
    assert result["failed"] and "declare the project's chroots" in result["msg"]
    assert v2021.writes() == []


def test_the_2014_frontend_refuses_what_it_cannot_change(servers, capsys, host, monkeypatch, tmp_path):
    v2014 = _server(servers, "2014", capsys, host, monkeypatch, tmp_path)
    v2014.run("copr_project", name="demo", chroots=[C0])
    v2014.requests()
    result = v2014.run("copr_project", name="demo", unlisted_on_hp=True)
    assert result["failed"] and "this frontend's API (2014) cannot change project alice/demo with unlisted_on_hp" \
        in result["msg"]
    assert v2014.writes() == []


def test_project_info_list_get_search(v1):
    v1.run("copr_project", name="demo", chroots=[C0], description="the demo")
    v1.run("copr_project", name="other", chroots=[C1])
    v1.requests()
    listed = v1.run("copr_project_info")
    assert sorted(p["name"] for p in listed["projects"]) == ["demo", "other"]
    got = v1.run("copr_project_info", name="demo")["projects"]
    assert [(p["full_name"], p["description"], p["chroots"]) for p in got] == [("alice/demo", "the demo", None)]
    assert v1.run("copr_project_info", name="nope")["projects"] == []
    found = v1.run("copr_project_info", query="alice/demo")["projects"]
    assert [p["full_name"] for p in found] == ["alice/demo"] and set(found[0]) >= set(got[0])
    assert v1.writes() == []


# ------------------------------------------------------------------- chroots


def test_buildroot_packages_set_changed_cleared_and_kept(v1):
    v1.run("copr_project", name="demo", chroots=[C0, C1])
    v1.requests()
    set_ = converge(v1, "copr_chroot", project="demo", chroot=C0, additional_packages=["make", "gcc"])
    assert set_["_writes"] == [("POST", "/api/coprs/alice/demo/modify/%s/" % C0)]
    assert sorted(set_["chroot"]["additional_packages"]) == ["gcc", "make"] and set_["chroot"]["with_opts"] is None
    converge(v1, "copr_chroot", project="demo", chroot=C0, additional_packages=["make"])
    assert v1.v3_chroot("demo", C0)["additional_packages"] == ["make"]

    # only the project is edited (with and without the chroot set): the packages stay
    converge(v1, "copr_project", name="demo", description="edited")
    if v1.variant == "2021":
        converge(v1, "copr_project", name="demo", chroots=[C0, C1], unlisted_on_hp=True)
    assert v1.v3_chroot("demo", C0)["additional_packages"] == ["make"]
    # the same through copr_project's chroot items, then a chroot task that sets nothing else
    converge(v1, "copr_project", name="demo", chroots=[C1, {"name": C0, "additional_packages": ["make", "cmake"]}])
    assert v1.run("copr_chroot", project="demo", chroot=C0)["changed"] is False
    assert sorted(v1.v3_chroot("demo", C0)["additional_packages"]) == ["cmake", "make"]

    cleared = converge(v1, "copr_chroot", project="demo", chroot=C0, additional_packages=[])
    assert cleared["chroot"]["additional_packages"] == [] and v1.v3_chroot("demo", C0)["additional_packages"] == []


def test_enabling_a_chroot_needs_the_whole_set(v2021):
    v2021.run("copr_project", name="demo", chroots=[C0, C1])
    v2021.requests()
    # before the first build v1 cannot list the set: a chroot task cannot enable or remove one
    for state, chroot, verb in (("present", C2, "enable"), ("absent", C1, "remove")):
        result = v2021.run("copr_chroot", project="demo", chroot=chroot, state=state)
        assert result["failed"] and result["msg"].startswith(
            "Cannot %s chroot %s %s project alice/demo: Copr API v1 cannot list the project's chroots"
            % (verb, chroot, "in" if verb == "enable" else "from"))
        assert v2021.writes() == []
    # absent and not enabled: nothing to do
    assert v2021.run("copr_chroot", project="demo", chroot=C2, state="absent")["changed"] is False
    # once the project has a build, yum_repos lists the set
    build = v2021.run("copr_build", project="demo", url=[SRPM])
    v2021.advance(build["build"]["id"], "succeeded")
    v2021.requests()
    enabled = converge(v2021, "copr_chroot", project="demo", chroot=C2)
    assert enabled["_writes"] == [("POST", "/api/coprs/alice/demo/modify/")]
    assert sorted(v2021.v3_project("demo")["chroot_repos"]) == sorted([C0, C1, C2])
    removed = converge(v2021, "copr_chroot", project="demo", chroot=C1, state="absent")
    assert removed["operation"] == "delete"
    assert sorted(v2021.v3_project("demo")["chroot_repos"]) == sorted([C0, C2])


# -------------------------------------------------------------------- builds


def test_build_wait_no_duplicate_then_cancel(v2021):
    v2021.run("copr_project", name="demo", chroots=[C0])
    v2021.config(build_speed=0.01)
    v2021.requests()
    first = v2021.run("copr_build", project="demo", url=[SRPM], wait=True, wait_interval=0.05, build_timeout=600)
    assert first["changed"] and first["build"]["state"] == "succeeded", first
    assert first["build"]["source_package"]["url"] == SRPM
    assert first["build"]["build_chroots"][C0]["state"] == "succeeded"
    assert [w for w in v2021.writes() if "new_build" in w[1]] == [("POST", "/api/coprs/alice/demo/new_build/")]
    again = v2021.run("copr_build", project="demo", url=[SRPM], wait=True)
    assert again["changed"] is False and again["build"]["id"] == first["build"]["id"]
    checked = v2021.run("copr_build", project="demo", url=[SRPM], check=True)
    assert checked["changed"] is False
    assert v2021.writes() == []

    v2021.config(build_speed=0)
    other = v2021.run("copr_build", project="demo", url=["https://e.org/other-1-1.src.rpm"], force=True)
    build_id = other["build"]["id"]
    assert other["changed"] and other["build"]["state"] == "pending"
    v2021.requests()
    canceled = v2021.run("copr_build", build_id=build_id, state="canceled", check=True)
    assert canceled["changed"] and v2021.writes() == []
    canceled = v2021.run("copr_build", build_id=build_id, state="canceled")
    assert canceled["changed"] and canceled["build"]["state"] == "canceled"
    assert v2021.writes() == [("POST", "/api/coprs/cancel_build/%d/" % build_id)]
    assert v2021.run("copr_build", build_id=build_id, state="canceled")["changed"] is False
    assert v2021.writes() == []


def test_build_refused_when_copr_cannot_tell(v1):
    v1.run("copr_project", name="demo", chroots=[C0])
    pending = v1.run("copr_build", project="demo", url=[SRPM], force=v1.variant == "2014")
    assert pending["changed"], pending
    v1.requests()
    # a build that has not been imported yet (2021), or no build list at all (2014): refused
    for check in (True, False):
        result = v1.run("copr_build", project="demo", url=[SRPM], check=check)
        assert result["failed"] and result["msg"].startswith(
            "Cannot tell whether project alice/demo already has a build of this source: Copr API v1 of this "
            "frontend cannot list the project's builds now")
        assert "nothing was submitted. Set force: true" in result["msg"]
    assert v1.writes() == []
    forced = v1.run("copr_build", project="demo", url=[SRPM], force=True)
    assert forced["changed"] and forced["build"]["id"] != pending["build"]["id"]


def test_build_on_2014_waits_through_the_seed_states(servers, capsys, host, monkeypatch, tmp_path):
    v2014 = _server(servers, "2014", capsys, host, monkeypatch, tmp_path)
    v2014.run("copr_project", name="demo", chroots=[C0])
    v2014.config(build_speed=0.01)
    built = v2014.run("copr_build", project="demo", url=[SRPM], force=True, wait=True, wait_interval=0.05,
                      build_timeout=600, memory=4096)
    assert built["changed"] and built["build"]["state"] == "succeeded", built
    assert built["build"]["owner"] == "alice" and built["build"]["project"] == "demo"
    v2014.config(build_speed=0)
    other = v2014.run("copr_build", project="demo", url=[SRPM], force=True)["build"]["id"]
    canceled = v2014.run("copr_build", build_id=other, state="canceled")
    assert canceled["changed"] and canceled["build"]["state"] == "canceled"


def test_build_info_on_v1(v2021):
    v2021.run("copr_project", name="demo", chroots=[C0])
    v2021.config(build_speed=0.01)
    built = v2021.run("copr_build", project="demo", url=[SRPM], wait=True, wait_interval=0.05)["build"]
    v2021.requests()
    one = v2021.run("copr_build_info", build_id=built["id"])
    assert one["build"]["state"] == "succeeded" and one["build"]["build_chroots"][C0]["state"] == "succeeded"
    listed = v2021.run("copr_build_info", project="demo", state="succeeded", limit=5)
    assert [b["id"] for b in listed["builds"]] == [built["id"]]
    assert v2021.run("copr_build_info", build_id=999999)["builds"] == []
    assert v2021.writes() == []
