"""APIv1 (/api/...) of the local server against the real frontend's last APIv1 (2021).

``samples_v1/`` holds the 78 calls of copr-v1-real-behaviour.md as golden files
(request, status, headers, exact JSON text).  They form one story on a fresh
database, so the replay runs them in order on one reset server; the one step the
recording did outside the API (the search index cron job before 46) is replayed
with the server's control call.  The tests after the replay cover what the
recording does not show, taken from the code of that frontend (d1e30c98e^).
"""

import json
import os
import re

import pytest
import requests

SAMPLES_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "samples_v1")
REAL_FRONTEND = "http://127.0.0.1:5001"
REAL_BACKEND = "http://127.0.0.1:5003"
TIMESTAMPS = ("submitted_on", "started_on", "ended_on")
EPOCH_TEXT = re.compile(r'"(submitted_on|started_on|ended_on)":[0-9]+')
# Search results come in no defined order (ORDER BY created_on, equal within a second; whoosh relevance).
UNORDERED = {45, 46}
# The APIv3 of that version had fewer project fields: compare the ones it had.
V3_SUBSET = {65, 66}
C0, C1, C2 = "fedora-rawhide-x86_64", "fedora-43-x86_64", "epel-9-x86_64"


def _samples():
    return sorted(n for n in os.listdir(SAMPLES_DIR) if n.endswith(".json"))


def host(value, base_url):
    return value.replace(REAL_BACKEND, base_url).replace(REAL_FRONTEND, base_url)


def normalise(value, base_url):
    if isinstance(value, dict):
        return {k: "<epoch>" if k in TIMESTAMPS and isinstance(v, int) else normalise(v, base_url)
                for k, v in value.items()}
    if isinstance(value, list):
        return [normalise(v, base_url) for v in value]
    if isinstance(value, str):
        return host(value, base_url)
    return value


def mask(text):
    return EPOCH_TEXT.sub(r'"\1":0', text)


def send_v1(server, request):
    """Send one recorded request as curl did (form bodies form-encoded, JSON only with its header)."""
    headers = {}
    auth = None
    if request["auth"] == "malformed":
        headers["Authorization"] = "Basic Zm9v"  # base64 of "foo": no colon
    else:
        auth = server.auth(request["auth"])
    kwargs = {}
    body = request["body"]
    if request["content_type"] == "application/json":
        kwargs["data"] = json.dumps(body)
        headers["Content-Type"] = "application/json"
    elif body is not None:
        kwargs["data"] = body  # a dict is form-encoded; a string is sent as is (curl -d)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    return requests.request(request["method"], server.base_url + request["path_and_query"], auth=auth,
                            headers=headers, allow_redirects=False, timeout=30, **kwargs)


@pytest.fixture(name="story", scope="module")
def fixture_story(copr_server):
    copr_server.reset()
    copr_server.config(build_speed=0)  # the recording frontend had no backend
    yield copr_server
    copr_server.reset()


@pytest.mark.parametrize("name", _samples())
def test_golden_sample(story, name):
    with open(os.path.join(SAMPLES_DIR, name), encoding="utf-8") as handle:
        sample = json.load(handle)
    number = int(name[:2])
    if number == 46:
        story.refresh_search_index()  # "here: manage.py update-indexes-quick 60 was run"
    resp = send_v1(story, sample["request"])
    expected = sample["response"]
    assert resp.status_code == expected["status"], resp.text
    assert resp.headers["Content-Type"] == expected["headers"]["Content-Type"]
    if "Location" in expected["headers"]:
        assert resp.headers["Location"] == host(expected["headers"]["Location"], story.base_url)
    if "html" in expected:
        if expected["html"].startswith("<!DOCTYPE HTML PUBLIC"):
            assert resp.text == host(expected["html"], story.base_url)
        else:
            # The recording abbreviates the frontend's error page; its heading is what tells.
            heading = re.search(r"<h1> (Error [^<]*?) </h1>", expected["html"]).group(1)
            assert "<h1> {0} </h1>".format(heading) in resp.text
        return
    got, want = normalise(resp.json(), story.base_url), normalise(expected["body"], story.base_url)
    if number in V3_SUBSET:
        if "items" in want:
            assert len(got["items"]) == len(want["items"]) and got["meta"] == want["meta"]
        items = zip(got["items"], want["items"]) if "items" in want else [(got, want)]
        for got_item, want_item in items:
            assert {k: got_item[k] for k in want_item if k != "id"} == {k: v for k, v in want_item.items() if k != "id"}
        return
    if number in UNORDERED:
        got["repos"].sort(key=json.dumps)
        want["repos"].sort(key=json.dumps)
    assert got == want
    if number not in UNORDERED:
        # Exact text: success bodies are flask.jsonify (compact, sorted), errors json.dumps.
        assert mask(resp.text.rstrip("\n")) == mask(host(expected["text"], story.base_url))


# --------------------------------------------------------------------- helpers


def new(server, who, name, chroots=(C0,), owner="alice", **fields):
    body = dict(fields, name=name)
    body.update((c, "y") for c in chroots)
    return server.v1("POST", "coprs/{0}/new/".format(owner), who, json=body)


def v3_project(server, owner, name):
    return server.api("GET", "project", params={"ownername": owner, "projectname": name}).json()


# ------------------------------------------------------------ beyond the story


def test_same_state_as_v3(server):
    assert new(server, "alice", "via-v1", chroots=(C0, C1), description="one").status_code == 200
    project = v3_project(server, "alice", "via-v1")
    assert sorted(project["chroot_repos"]) == sorted([C0, C1]) and project["description"] == "one"
    # API create defaults of that version: appstream on, follow_fedora_branching off
    assert (project["appstream"], project["follow_fedora_branching"], project["enable_net"]) == (True, False, False)
    resp = server.api("POST", "project/add/alice", "alice", json={"name": "via-v3", "chroots": [C2],
                                                                  "additional_repos": ["https://a.org/r"]})
    assert resp.status_code == 200
    detail = server.v1("GET", "coprs/alice/via-v3/detail/").json()["detail"]
    assert detail["additional_repos"] == "https://a.org/r" and detail["yum_repos"] == {}
    names = [r["name"] for r in server.v1("GET", "coprs/alice/").json()["repos"]]
    assert names == ["via-v1", "via-v3"]


def test_yum_repos_after_the_first_build(server):
    new(server, "alice", "p", chroots=(C0, C2))
    assert server.v1("GET", "coprs/alice/p/detail/").json()["detail"]["yum_repos"] == {}
    resp = server.v1("POST", "coprs/alice/p/new_build/", "alice", json={"pkgs": "https://e.org/x-1-1.src.rpm"})
    assert resp.json()["ids"] == [1]
    repos = server.v1("GET", "coprs/alice/p/detail/").json()["detail"]["yum_repos"]
    assert repos == {c: "{0}/results/alice/p/{1}/".format(server.base_url, c) for c in (C0, C2)}


def test_membership_removed_chroot_and_build_config(server):
    """detail/<chroot>/ still answers for a removed chroot; build-config/<chroot>/ does not."""
    new(server, "alice", "p", chroots=(C0, C2))
    resp = server.v1("POST", "coprs/alice/p/modify/", "alice", data={"chroots": C0})
    assert resp.json()["chroots"] == [C0]
    assert server.v1("GET", "coprs/alice/p/detail/{0}/".format(C2)).status_code == 200
    resp = server.v1("GET", "coprs/alice/p/build-config/{0}/".format(C2))
    assert (resp.status_code, resp.text) == (500, '{"error": "Chroot not found.", "output": "notok"}')
    config = server.v1("GET", "coprs/alice/p/build-config/{0}/".format(C0)).json()["build_config"]
    assert config["chroot"] == C0 and config["repos"][0]["url"] == config["repos"][0]["baseurl"]
    assert server.v1("GET", "coprs/alice/p/detail/{0}/".format(C1)).status_code == 404


def test_chroot_modify_blanks_the_other_settings(server):
    """update_chroot()'s defaults: a v1 chroot edit blanks with/without opts and module toggles."""
    new(server, "alice", "p")
    url = "project-chroot/edit/alice/p/{0}".format(C0)
    body = {"with_opts": ["a"], "additional_modules": ["m:1"], "additional_packages": ["gcc"]}
    server.api("PUT", url, "alice", json=body)
    resp = server.v1("POST", "coprs/alice/p/modify/{0}/".format(C0), "alice", json={"foo": "bar"})
    assert resp.json() == {"buildroot_pkgs": "", "output": "ok"}   # form data without the field clears it
    chroot = server.api("GET", "project-chroot", params={"ownername": "alice", "projectname": "p",
                                                         "chrootname": C0}).json()
    assert (chroot["with_opts"], chroot["additional_modules"], chroot["additional_packages"]) == ([], [], [])


def test_json_modify_never_touches_chroots_or_flags(server):
    new(server, "alice", "p", chroots=(C0, C2))
    resp = server.v1("POST", "coprs/alice/p/modify/", "alice", json={"chroots": C0, "unlisted_on_hp": True,
                                                                     "disable_createrepo": True})
    assert resp.json()["chroots"] == [C0, C2]
    detail = server.v1("GET", "coprs/alice/p/detail/").json()["detail"]
    assert (detail["unlisted_on_hp"], detail["auto_createrepo"]) == (False, False)
    # form-encoded, the same fields work
    server.v1("POST", "coprs/alice/p/modify/", "alice", data={"chroots": C2, "unlisted_on_hp": "y",
                                                              "isolation": "simple"})
    project = v3_project(server, "alice", "p")
    assert (list(project["chroot_repos"]), project["unlisted_on_hp"], project["isolation"]) == ([C2], True, "simple")


def test_new_flags_from_form_only(server):
    assert new(server, "alice", "j", auto_prune="false").status_code == 200   # JSON: ignored
    assert v3_project(server, "alice", "j")["auto_prune"] is True
    resp = server.v1("POST", "coprs/alice/new/", "alice", data={"name": "f", C0: "y", "auto_prune": "false"})
    assert resp.status_code == 500 and resp.json()["error"] == "Non-admin cannot disable auto-prunning."
    resp = server.v1("POST", "coprs/alice/new/", "alice", data={"name": "f", C0: "y", "unlisted_on_hp": "y",
                                                                "use_bootstrap_container": "y"})
    assert resp.status_code == 200
    project = v3_project(server, "alice", "f")
    assert (project["unlisted_on_hp"], project["bootstrap"]) == (True, "on")


def test_group_duplicates_and_persistent(server):
    assert new(server, "alice", "g", owner="@qa").status_code == 200
    resp = new(server, "alice", "g", owner="@qa")
    assert (resp.status_code, resp.text) == (500, '{"error": "Copr: \'@qa/g\' already exists", "output": "notok"}')
    resp = new(server, "alice", "p", persistent=True)
    assert resp.json()["error"] == "Non-admin cannot create persistent project."


def test_search_index_and_project_query(server):
    new(server, "alice", "zebra-tool", description="stripes")
    assert server.v1("GET", "coprs/search/zebra/").json()["repos"] == []
    found = server.v1("GET", "coprs/search/", params={"project": "alice/zebra"}).json()["repos"]
    assert found == [{"coprname": "zebra-tool", "description": "stripes", "username": "alice"}]
    assert server.refresh_search_index() == {"indexed": 1}
    assert len(server.v1("GET", "coprs/search/stripes/").json()["repos"]) == 1
    resp = server.v1("GET", "coprs/search/")
    assert (resp.status_code, resp.json()) == (500, {"error": "No project found.", "output": "notok"})
    # a deleted project leaves the results even before the next index update
    server.v1("POST", "coprs/alice/zebra-tool/delete/", "alice", json={"verify": "yes"})
    assert server.v1("GET", "coprs/search/zebra/").json()["repos"] == []


def test_monitor(server):
    """MonitorWrapper: a crash before any build was imported; names paired with the next package."""
    new(server, "alice", "p", chroots=(C0, C2))
    resp = server.v1("GET", "coprs/alice/p/monitor/")
    assert resp.status_code == 500 and resp.headers["Content-Type"].startswith("text/html")
    ids = []
    for url in ("https://e.org/aaa-1-1.src.rpm", "https://e.org/bbb-2-1.src.rpm"):
        ids += server.v1("POST", "coprs/alice/p/new_build/", "alice", json={"pkgs": url}).json()["ids"]
    for build_id in ids:
        assert server.control(build_id, "advance", {"to": "succeeded"}).status_code == 200
    body = server.v1("GET", "coprs/alice/p/monitor/").json()
    assert body["chroots"] == sorted([C0, C2])
    assert [(b["id"], b["state"], b["status"], b["src_pkg"]) for b in body["builds"]] == [
        (ids[0], "succeeded", 1, "https://e.org/aaa-1-1.src.rpm"),
        (ids[1], "succeeded", 1, "https://e.org/bbb-2-1.src.rpm")]
    assert [p["pkg_name"] for p in body["packages"]] == ["bbb", "bbb"]
    assert [sorted({r["build_id"] for r in p["results"].values()}) for p in body["packages"]] == [[ids[0]], [ids[1]]]


def test_cancel_delete_and_status(server):
    new(server, "alice", "p")
    build_id = server.v1("POST", "coprs/alice/p/new_build/", "alice",
                         json={"pkgs": "https://e.org/x-1-1.src.rpm"}).json()["ids"][0]
    resp = server.v1("POST", "coprs/cancel_build/{0}/".format(build_id), "bob")
    assert resp.json() == {"error": "Invalid request: You are not allowed to cancel this build.", "output": "notok"}
    resp = server.v1("POST", "coprs/alice/p/delete/", "alice", json={"verify": "no"})
    assert resp.json()["error"] == "Invalid request: {'verify': [\"Type 'yes' - without the quotes, lowercase.\"]}"
    resp = server.v1("POST", "coprs/alice/p/delete/", "bob", json={"verify": "yes"})
    assert resp.json()["error"] == "You are not allowed to delete build `{0}`.".format(build_id)
    assert server.v1("POST", "coprs/cancel_build/{0}/".format(build_id), "alice").status_code == 200
    assert server.v1("GET", "coprs/build/{0}/".format(build_id)).json()["status"] == "canceled"
    resp = server.v1("POST", "coprs/alice/p/delete/", "bob", json={"verify": "yes"})
    assert resp.json()["error"] == "You are not allowed to delete build `{0}`.".format(build_id)
    assert server.v1("POST", "coprs/alice/p/delete/", "alice", json={"verify": "yes"}).status_code == 200
    new(server, "alice", "q")
    resp = server.v1("POST", "coprs/alice/q/delete/", "bob", json={"verify": "yes"})
    assert resp.json()["error"] == "Only owners may delete their projects."


def test_new_build_validation_and_permissions(server):
    new(server, "alice", "p")
    cases = [
        ({"pkgs": "ftp://x/y.src.rpm"}, "alice", "Invalid request: bad request parameters: {'pkgs': [\"A list of http[s] "
         "URLs separated by whitespace characters is needed ('ftp://x/y.src.rpm' doesn't seem to be a valid URL).\"]}"),
        ({"pkgs": "https://e.org/y.tar.gz"}, "alice", "Invalid request: bad request parameters: {'pkgs': [\"URLs must "
         "end with .src.rpm, .nosrc.rpm, or .spec ('https://e.org/y.tar.gz' doesn't seem to be a valid URL).\"]}"),
        ({"pkgs": "https://e.org/y.src.rpm", "timeout": 999999}, "alice",
         "Invalid request: bad request parameters: {'timeout': ['Number must be between 0 and 108000.']}"),
        ({"pkgs": "https://e.org/y.src.rpm"}, "bob", "Invalid request: user bob is not allowed to build in the "
         "copr: alice/p"),
    ]
    for body, who, error in cases:
        resp = server.v1("POST", "coprs/alice/p/new_build/", who, json=body)
        assert (resp.status_code, resp.json()["error"]) == (500, error), body
    resp = server.v1("POST", "coprs/alice/p/new_build/", "alice", data={"pkgs": "https://e.org/y-1-1.src.rpm",
                                                                        "memory": "4096"})
    assert resp.json()["message"].startswith("Unknown key 'memory' received.\nBuild was added to p:\n")
    resp = server.v1("POST", "coprs/alice/nope/new_build/", "alice", json={"pkgs": "https://e.org/y.src.rpm"})
    assert (resp.status_code, resp.json()["error"]) == (404, "Project alice/nope does not exist.")


def test_request_record(server):
    start = server.last_seq()
    new(server, "alice", "p")
    server.v1("GET", "coprs/alice/p/detail/")
    server.v1("POST", "auth_check/", "alice")
    server.v1("GET", "coprs/alice")
    server.v1("POST", "coprs/alice/p/modify/{0}/".format(C0), "bad", json={})
    items = server.requests_since(start)
    assert [(i["method"], i["path"], i["status"], i["user"], i["write"]) for i in items] == [
        ("POST", "/api/coprs/alice/new/", 200, "alice", True),
        ("GET", "/api/coprs/alice/p/detail/", 200, None, False),
        ("POST", "/api/auth_check/", 200, "alice", False),
        ("GET", "/api/coprs/alice", 308, None, False),
        ("POST", "/api/coprs/alice/p/modify/{0}/".format(C0), 401, None, True),
    ]
    text = json.dumps(items)
    for user in server.seed["users"]:
        assert user["api_token"] not in text and user["api_login"] not in text


def test_old_v3_slashes_option():
    """--v3-old-slashes: the 308 an older frontend gave for GET /api_3/build/list without its slash."""
    from copr_server import create_app  # pylint: disable=import-outside-toplevel
    client = create_app(base_url="http://copr.test", v3_old_slashes=True).test_client()
    resp = client.get("/api_3/build/list?ownername=alice&projectname=p")
    assert resp.status_code == 308
    assert resp.headers["Location"] == "http://localhost/api_3/build/list/?ownername=alice&projectname=p"
    assert client.get("/api_3/build/list/?ownername=alice&projectname=p").status_code == 404  # no such project
    assert client.get("/api_3/project/list").status_code == 200   # routes defined without a slash answer
    assert create_app().test_client().get("/api_3/build/list?ownername=a&projectname=b").status_code == 404
    with pytest.raises(ValueError):
        create_app(v1_variant="2017")
