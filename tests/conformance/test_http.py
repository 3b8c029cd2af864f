"""Replay golden samples recorded on the real Copr frontend, then extra error cases.

The samples (copied from the shared docs into ``samples/``) form one story:
each later sample depends on the state left by the earlier ones, so the replay
runs them in order on one reset server and performs the requests that were
sent but not recorded (see the samples README) at the same points.
"""

import hashlib
import json
import os
import re

import pytest
import requests

SAMPLES_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "samples")
REAL_FRONTEND = "http://127.0.0.1:5000"
REAL_BACKEND = "http://127.0.0.1:5002"
# 24 shows the real full-text index before `update-indexes` ran; this server
# has no stale index (documented difference).
SKIPPED = {24}
# These samples keep only the first 3 items of a longer list (samples README).
TRUNCATED_ITEMS = {80: 3, 82: 3}
TIMESTAMPS = ("submitted_on", "started_on", "ended_on")
UPLOAD_TMP = re.compile(r"/tmp/tmp[A-Za-z0-9_]+/")

CHROOT_EDIT_AFTER_41 = {
    "additional_repos": ["https://example.com/chroot-repo/"], "additional_packages": ["gcc", "make"],
    "additional_modules": ["nodejs:20"], "with_opts": ["tests"], "without_opts": ["checks"],
}


def _samples():
    names = sorted(n for n in os.listdir(SAMPLES_DIR) if n.endswith(".json"))
    return [n for n in names if int(n[:2]) not in SKIPPED]


def normalise(value, base_url):
    """Drop run-dependent ids, mask timestamps and map the recorded hosts to this server."""
    if isinstance(value, dict):
        return {k: "<epoch>" if k in TIMESTAMPS and isinstance(v, int) else normalise(v, base_url)
                for k, v in value.items() if k != "id" or not isinstance(v, int)}
    if isinstance(value, list):
        return [normalise(v, base_url) for v in value]
    if isinstance(value, str):
        value = value.replace(REAL_BACKEND, base_url).replace(REAL_FRONTEND, base_url)
        # the upload's random temporary directory
        return UPLOAD_TMP.sub("/tmp/<tmpdir>/", value)
    return value


def key_orders(value):
    """All dict key sequences, to check the key order matches too."""
    if isinstance(value, dict):
        return [list(value)] + [o for v in value.values() for o in key_orders(v)]
    if isinstance(value, list):
        return [o for v in value for o in key_orders(v)]
    return []


def send(server, request):
    method = request["method"]
    path = request["path_and_query"]
    auth = server.auth(request["auth"])
    url = server.base_url + path
    body = request["body"]
    if isinstance(body, dict) and "multipart_parts" in body:
        files = []
        for part in body["multipart_parts"]:
            content = part["content"]
            if not isinstance(content, str):
                content = json.dumps(content)
            files.append((part["name"], (part["filename"], content, part["content_type"])))
        return requests.request(method, url, files=files, auth=auth, timeout=30)
    if body is None:
        return requests.request(method, url, auth=auth, timeout=30)
    return requests.request(method, url, json=body, auth=auth, timeout=30)


def setup_before(server, number):
    """The unrecorded requests of the real session, replayed at the same points."""
    if number == 22:
        for name in ("gs-bob-one", "gs-bob-two"):
            resp = server.api("POST", "project/add/bob?ownername=bob&exist_ok=False", "bob", json={
                "name": name, "chroots": ["fedora-43-x86_64"], "description": "bob's list sample " + name})
            assert resp.status_code == 200, resp.text
    if number in (42, 43):
        body = dict(CHROOT_EDIT_AFTER_41)
        if number == 43:
            body["isolation"] = "simple"
        resp = server.api("PUT", "project-chroot/edit/alice/gs-full/fedora-43-x86_64", "alice", json=body)
        assert resp.status_code == 200, resp.text
    if number == 48:
        resp = server.api("POST", "project/add/alice", "alice", json={
            "name": "gs-builds", "chroots": ["fedora-rawhide-x86_64", "fedora-43-x86_64", "epel-9-x86_64"]})
        assert resp.status_code == 200, resp.text
    if number == 85:
        resp = server.api("POST", "build/create/url", "alice", json={
            "ownername": "alice", "projectname": "gs-full", "pkgs": ["https://example.com/pkgs/foo-1.0-1.src.rpm"],
            "chroots": ["fedora-43-x86_64"]})
        assert resp.status_code == 200 and resp.json()["items"][0]["id"] == 13, resp.text


@pytest.fixture(name="story", scope="module")
def fixture_story(copr_server):
    copr_server.reset()
    # The recording frontend had no backend: its builds never moved.
    copr_server.config(build_speed=0)
    yield copr_server
    copr_server.reset()


@pytest.mark.parametrize("name", _samples())
def test_golden_sample(story, name):
    with open(os.path.join(SAMPLES_DIR, name), encoding="utf-8") as handle:
        sample = json.load(handle)
    setup_before(story, int(name[:2]))
    resp = send(story, sample["request"])
    expected = sample["response"]
    assert resp.status_code == expected["status"], resp.text
    assert resp.headers["Content-Type"] == "application/json"
    assert resp.headers.get("Warning") == expected["headers"].get("Warning")
    got = normalise(resp.json(), story.base_url)
    want = normalise(expected["body"], story.base_url)
    if int(name[:2]) in TRUNCATED_ITEMS:
        assert len(got["items"]) > TRUNCATED_ITEMS[int(name[:2])]
        got["items"] = got["items"][:TRUNCATED_ITEMS[int(name[:2])]]
    assert got == want
    assert key_orders(got) == key_orders(want)


# ---------------------------------------------------------------- general


def test_root_and_slashes_without_redirect(server):
    for path in ("/api_3", "/api_3/", "/api_3/mock-chroots/list/", "/api_3/project/list/"):
        resp = requests.get(server.base_url + path, allow_redirects=False, timeout=30)
        assert resp.status_code == 200, path
    assert requests.get(server.base_url + "/api_3", timeout=30).json() == {"version": 3}


def test_unknown_endpoint_and_wrong_method(server):
    resp = server.api("GET", "nonexistent")
    assert (resp.status_code, resp.json()) == (404, {"error": "Such API endpoint doesn't exist"})
    for method, path in (("GET", "project/add/alice"), ("PATCH", "project/edit/alice/x")):
        resp = server.api(method, path, "alice")
        assert (resp.status_code, resp.json()) == (405, {"error": "The method is not allowed for the requested URL."})


def test_auth_failures(server):
    expected = {"output": "notok",
                "error": "Login invalid/expired. Please visit {0}/api to get or renew your API token.".format(
                    server.base_url)}
    unknown = ("nosuchlogin", "x" * 30)
    for auth in (None, server.auth("bad"), server.auth("carol"), unknown):
        resp = requests.get(server.base_url + "/api_3/auth-check", auth=auth, timeout=30)
        assert (resp.status_code, resp.json()) == (401, expected)
    resp = server.api("POST", "project/add/alice", json={"name": "x", "chroots": ["fedora-43-x86_64"]})
    assert resp.status_code == 401
    resp = requests.get(server.base_url + "/api_3/auth-check", headers={"Authorization": "Bearer abc"}, timeout=30)
    assert resp.status_code == 500
    assert resp.json() == {"error": "Request wasn't successful, there is probably a bug in the Copr code."}
    # anonymous reads ignore credentials
    assert server.api("GET", "mock-chroots/list", "bad").status_code == 200
    assert server.api("GET", "auth-check", "admin").json() == {"id": 3, "name": "admin"}


# --------------------------------------------------------------- projects


def add(server, who, owner, body, query=""):
    return server.api("POST", "project/add/{0}{1}".format(owner, query), who, json=body)


def test_add_validation_errors(server):
    base = {"name": "p", "chroots": ["fedora-43-x86_64"]}
    cases = [
        ("alice", "alice", dict(base, name="123"), 400, "name: Project's name can not be just number."),
        ("alice", "alice", dict(base, chroots=[]), 400, "chroots: '[]' is not a valid choice for this field."),
        ("alice", "alice", dict(base, auto_prune=False), 403, "Non-admin cannot disable auto-prunning."),
        ("alice", "alice", dict(base, storage="backend"), 403, "Non-admin cannot set storage"),
        ("alice", "@nosuch", base, 404, "Group nosuch does not exist."),
        ("bob", "@devs", base, 403, "User 'bob' doesn't have access to the copr group 'devs' (fas_name='devs')"),
        ("alice", "alice", dict(base, homepage="not a url"), 400, "homepage: Invalid URL."),
        ("alice", "alice", dict(base, additional_repos=["ftp://x.org/r"]), 400,
         "repos: A list of http[s] URLs separated by whitespace characters is needed "
         "('ftp://x.org/r' doesn't seem to be a valid URL)."),
        ("alice", "alice", dict(base, additional_repos=["copr://alice/nope"]), 400,
         "repos: copr://alice/nope does not exist."),
        ("alice", "alice", dict(base, delete_after_days=721), 400, "delete_after_days: Number must be between -1 and 720."),
        ("alice", "alice", dict(base, repo_priority=0), 400, "repo_priority: Number must be at least 1."),
        ("alice", "alice", dict(base, chroots=["fedora-41-x86_64", "x"]), 400,
         "chroots: 'fedora-41-x86_64', 'x' are not valid choices for this field."),
    ]
    for who, owner, body, status, error in cases:
        resp = add(server, who, owner, body)
        assert (resp.status_code, resp.json()) == (status, {"error": error}), body
    assert server.api("GET", "project/list").json()["items"] == []


def test_add_admin_and_bool_strings(server):
    resp = add(server, "admin", "alice", {"name": "p", "chroots": ["fedora-43-x86_64"], "persistent": True,
                                          "auto_prune": "false", "storage": "pulp", "enable_net": "yes",
                                          "unlisted_on_hp": "False", "appstream": ""})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert (body["ownername"], body["persistent"], body["auto_prune"], body["storage"]) == ("alice", True, False, "pulp")
    # only false, "false" and "" are false: "False" and "yes" are true
    assert (body["enable_net"], body["unlisted_on_hp"], body["appstream"]) == (True, True, False)


def test_exist_ok_exact_string(server):
    assert add(server, "alice", "alice", {"name": "p", "chroots": ["fedora-43-x86_64"]}).status_code == 200
    resp = add(server, "alice", "alice", {"name": "p", "chroots": ["fedora-42-x86_64"]}, "?exist_ok=true")
    assert (resp.status_code, resp.json()) == (400, {"error": "name: You already have a project named 'p'."})
    resp = add(server, "alice", "alice", {"name": "p", "chroots": ["fedora-42-x86_64"]}, "?exist_ok=True")
    assert resp.status_code == 200 and list(resp.json()["chroot_repos"]) == ["fedora-43-x86_64"]


def test_write_only_fields_and_aliases(server):
    resp = add(server, "alice", "alice", {"name": "p", "chroots": ["fedora-43-x86_64"], "repos": ["https://a.org/r"],
                                          "disable_createrepo": True, "multilib": True, "fedora_review": True,
                                          "runtime_dependencies": ["https://b.org/"], "delete_after_days": 5})
    body = resp.json()
    assert body["additional_repos"] == ["https://a.org/r"] and body["devel_mode"] is True
    for key in ("multilib", "fedora_review", "runtime_dependencies", "delete_after_days", "projectname"):
        assert key not in body
    resp = server.api("PUT", "project/edit/alice/p", "alice", json={
        "build_enable_net": True, "devel_mode": False, "name": "renamed", "bogus": 1, "persistent": True})
    body = resp.json()
    assert (body["name"], body["enable_net"], body["devel_mode"], body["persistent"]) == ("p", True, False, False)


def test_list_pagination_errors_and_order(server):
    for name in ("b", "a", "c"):
        assert add(server, "alice", "alice", {"name": name, "chroots": ["fedora-43-x86_64"]}).status_code == 200
    page = server.api("GET", "project/list?ownername=alice&order=name&limit=2&offset=1").json()
    assert [p["name"] for p in page["items"]] == ["b", "c"]
    assert page["meta"] == {"limit": 2, "offset": 1, "order": "name", "order_type": "ASC"}
    assert [p["name"] for p in server.api("GET", "project/list").json()["items"]] == ["b", "a", "c"]
    assert server.api("GET", "project/list?ownername=ghost").json()["items"] == []
    resp = server.api("GET", "project/list?order=bogus")
    assert (resp.status_code, resp.json()) == (500, {"error": "Cannot order by bogus, copr doesn't have such property"})
    resp = server.api("GET", "project/list?limit=abc")
    assert (resp.status_code, resp.json()) == (500, {"error": "{'limit': ['Not a valid integer value.']}"})


def test_search_and_missing_arguments(server):
    add(server, "alice", "alice", {"name": "alpha", "chroots": ["fedora-43-x86_64"], "description": "A zebra tool"})
    add(server, "alice", "alice", {"name": "hidden", "chroots": ["fedora-43-x86_64"], "description": "zebra",
                                   "unlisted_on_hp": True})
    assert [p["name"] for p in server.api("GET", "project/search?query=zebra").json()["items"]] == ["alpha"]
    assert len(server.api("GET", "project/search?query=alice/").json()["items"]) == 2
    for path, error in (("project/search?query=ab", "Search string must have at least 3 characters"),
                        ("project/search", "Missing argument query"),
                        ("project?ownername=alice", "Missing argument projectname"),
                        ("project-chroot?ownername=alice&projectname=alpha", "Missing argument chrootname")):
        resp = server.api("GET", path)
        assert (resp.status_code, resp.json()) == (400, {"error": error}), path


def test_edit_chroot_set_soft_delete_and_restore(server):
    add(server, "alice", "alice", {"name": "p", "chroots": ["fedora-43-x86_64", "epel-9-x86_64"]})
    server.api("PUT", "project-chroot/edit/alice/p/epel-9-x86_64", "alice", json={"additional_packages": ["gcc"]})
    resp = server.api("PUT", "project/edit/alice/p", "alice", json={"chroots": ["fedora-43-x86_64"]})
    assert list(resp.json()["chroot_repos"]) == ["fedora-43-x86_64"]
    removed = server.api("GET", "project-chroot?ownername=alice&projectname=p&chrootname=epel-9-x86_64").json()
    assert removed["delete_after_days"] == 6 and removed["additional_packages"] == ["gcc"]
    resp = server.api("GET", "project-chroot/build-config?ownername=alice&projectname=p&chrootname=epel-9-x86_64")
    assert resp.status_code == 500
    resp = server.api("PUT", "project/edit/alice/p", "alice", json={"chroots": ["fedora-43-x86_64", "epel-9-x86_64"]})
    assert sorted(resp.json()["chroot_repos"]) == ["epel-9-x86_64", "fedora-43-x86_64"]
    back = server.api("GET", "project-chroot?ownername=alice&projectname=p&chrootname=epel-9-x86_64").json()
    assert back["delete_after_days"] is None and back["additional_packages"] == ["gcc"]


def test_edit_409_rolls_back_whole_edit(server):
    add(server, "alice", "alice", {"name": "p", "chroots": ["fedora-43-x86_64", "epel-9-x86_64"], "description": "old"})
    build_a = server.add_build("alice", "p", ["epel-9-x86_64"], "running")
    build_b = server.add_build("alice", "p", ["epel-9-x86_64"], "pending")
    server.add_build("alice", "p", ["epel-9-x86_64"], "succeeded")
    resp = server.api("PUT", "project/edit/alice/p", "alice", json={"chroots": ["fedora-43-x86_64"], "description": "new"})
    assert resp.status_code == 409
    assert resp.json() == {"error": "Can't drop chroot from project, related builds {0} and {1} are still in progress"
                                    .format(build_a, build_b)}
    project = server.api("GET", "project?ownername=alice&projectname=p").json()
    assert project["description"] == "old" and len(project["chroot_repos"]) == 2
    # the same edit works on a chroot without unfinished builds
    resp = server.api("PUT", "project/edit/alice/p", "alice", json={"chroots": ["epel-9-x86_64"], "description": "new"})
    assert resp.status_code == 200 and list(resp.json()["chroot_repos"]) == ["epel-9-x86_64"]


def test_edit_permissions_and_auto_prune(server):
    add(server, "alice", "@qa", {"name": "g", "chroots": ["fedora-43-x86_64"]})
    resp = server.api("PUT", "project/edit/@qa/g", "bob", json={"description": "x"})
    assert (resp.status_code, resp.json()) == (403, {"error": "Only owners and admins may update their projects."})
    resp = server.api("PUT", "project/edit/@qa/g", "alice", json={"auto_prune": False})
    assert (resp.status_code, resp.json()) == (403, {"error": "Non-admin cannot disable auto-prunning."})
    assert server.api("PUT", "project/edit/@qa/g", "admin", json={"description": "by admin"}).status_code == 200
    resp = server.api("PUT", "project/edit/alice/nope", "alice", json={})
    assert (resp.status_code, resp.json()) == (404, {"error": "Project alice/nope does not exist."})


def test_delete_rules(server):
    add(server, "alice", "alice", {"name": "p", "chroots": ["fedora-43-x86_64"]})
    build_a = server.add_build("alice", "p", ["fedora-43-x86_64"], "running")
    build_b = server.add_build("alice", "p", ["fedora-43-x86_64"], "pending")
    resp = server.api("DELETE", "project/delete/alice/p", "alice", json={"verify": True})
    assert (resp.status_code, resp.json()) == (400, {"error": "Build(s) {0}, {1} are still running.\n".format(build_a, build_b)})
    resp = server.api("DELETE", "project/delete/alice/p", "bob")
    assert (resp.status_code, resp.json()) == (400, {"error": "You don't have permissions to delete build(s) {0}, {1}.\n"
                                                              .format(build_a, build_b)})
    add(server, "alice", "alice", {"name": "q", "chroots": ["fedora-43-x86_64"]})
    server.add_build("alice", "q", ["fedora-43-x86_64"], "succeeded")
    resp = server.api("POST", "project/delete/alice/q", "alice")
    assert resp.status_code == 200
    assert resp.headers["Warning"] == "This method is deprecated: Use DELETE method instead of POST"
    assert server.api("DELETE", "project/delete/alice/q", "alice").status_code == 404
    assert add(server, "alice", "alice", {"name": "q", "chroots": ["fedora-42-x86_64"]}).status_code == 200


# -------------------------------------------------------- project chroots


def test_chroot_edit_validation(server):
    add(server, "alice", "alice", {"name": "p", "chroots": ["fedora-43-x86_64"]})
    url = "project-chroot/edit/alice/p/fedora-43-x86_64"
    cases = [
        ({"additional_modules": ["nodejs:20", "!python"]}, "module_toggle: Module name ' !python' must consist of "
                                                           "two parts separated with colon, e.g. module:stream"),
        ({"isolation": "bogus"}, "isolation: Not a valid choice."),
        ({"reset_fields": ["bogus"]}, "Trying to reset an invalid attribute: bogus\n"
                                      "See `copr-cli get-chroot alice/p/fedora-43-x86_64' for all the possible attributes"),
    ]
    for body, error in cases:
        resp = server.api("PUT", url, "alice", json=body)
        assert (resp.status_code, resp.json()) == (400, {"error": error}), body
    resp = server.api("PUT", "project-chroot/edit/alice/p/fedora-42-x86_64", "alice", json={})
    assert (resp.status_code, resp.json()) == (404, {"error": "Chroot name fedora-42-x86_64 does not exist in Copr alice/p."})
    assert server.api("PUT", url, "bob", json={}).status_code == 403
    assert server.api("PUT", url, "none", json={}).status_code == 401


def test_chroot_edit_aliases_isolation_and_lists(server):
    add(server, "alice", "alice", {"name": "p", "chroots": ["fedora-43-x86_64"]})
    url = "project-chroot/edit/alice/p/fedora-43-x86_64"
    aliases = {"buildroot_pkgs": "a b", "repos": "https://x.org/r", "module_toggle": "m:1, !n:2",
               "isolation": "simple", "bootstrap_image": "fedora:43"}
    body = server.api("PUT", url, "alice", json=aliases).json()
    assert body["additional_packages"] == ["a", "b"] and body["additional_repos"] == ["https://x.org/r"]
    assert body["additional_modules"] == ["m:1", "!n:2"] and body["isolation"] == "simple"
    assert "bootstrap" not in body and "bootstrap_image" not in body
    body = server.api("PUT", url, "alice", json={"additional_modules": [], "additional_packages": []}).json()
    assert body["additional_modules"] == ["m:1", "!n:2"] and body["additional_packages"] == []
    resp = server.api("POST", url, "alice", json={"isolation": "unchanged"})
    assert resp.json()["isolation"] == "unchanged"
    assert resp.headers["Warning"] == "This method is deprecated: Use PUT method instead of POST"


def test_comps_upload_visible_in_control_api(server):
    add(server, "alice", "alice", {"name": "p", "chroots": ["fedora-43-x86_64"]})
    url = server.base_url + "/api_3/project-chroot/edit/alice/p/fedora-43-x86_64"
    files = [("upload_comps", ("my-comps.xml", b"<comps/>", "application/text")),
             ("json", ("json", json.dumps({"additional_packages": ["x"]}), "application/json"))]
    resp = requests.put(url, files=files, auth=server.auth("alice"), timeout=30)
    assert resp.json()["comps_name"] == "my-comps.xml" and resp.json()["additional_packages"] == ["x"]
    info = server.comps("alice", "p", "fedora-43-x86_64")
    assert info == {"comps_name": "my-comps.xml", "uploads": 1, "sha256": hashlib.sha256(b"<comps/>").hexdigest()}
    files = [("json", ("json", json.dumps({"delete_comps": True}), "application/json"))]
    assert requests.put(url, files=files, auth=server.auth("alice"), timeout=30).json()["comps_name"] is None
    assert server.comps("alice", "p", "fedora-43-x86_64") == {"comps_name": None, "sha256": None, "uploads": 1}


# ------------------------------------------------------------- the record


def test_request_record(server):
    start = server.last_seq()
    add(server, "alice", "alice", {"name": "p", "chroots": ["fedora-43-x86_64"]}, "?exist_ok=False")
    server.api("GET", "project?ownername=alice&projectname=p")
    server.api("POST", "build/check-before-build", "alice", json={"ownername": "alice", "projectname": "p"})
    server.api("GET", "auth-check", "bad")
    items = server.requests_since(start)
    assert [(i["method"], i["path"], i["status"], i["user"], i["write"]) for i in items] == [
        ("POST", "/api_3/project/add/alice", 200, "alice", True),
        ("GET", "/api_3/project", 200, None, False),
        # a POST, but never counted as a write
        ("POST", "/api_3/build/check-before-build", 200, "alice", False),
        ("GET", "/api_3/auth-check", 401, None, False),
    ]
    assert items[0]["query"] == "exist_ok=False"
    assert [i["seq"] for i in items] == list(range(start + 1, start + 5))
    text = json.dumps(items)
    for user in server.seed["users"]:
        assert user["api_token"] not in text and user["api_login"] not in text
    server.reset()
    assert server.requests_since(0) == []


def test_login_and_token_shapes(server):
    for user in server.seed["users"]:
        assert re.fullmatch("[a-z]{30}", user["api_token"])
        assert re.fullmatch("[a-z]+", user["api_login"]) and len(user["api_login"]) < 30


def test_body_must_be_json(server):
    resp = server.api("POST", "project/add/alice", "alice", data={"name": "q", "chroots": "fedora-43-x86_64"})
    assert resp.status_code == 400 and resp.json()["error"].startswith("Unexpected chroot: ")
    resp = server.api("POST", "project/add/alice", "alice", data="{broken", headers={"Content-Type": "application/json"})
    assert (resp.status_code, resp.json()) == (
        400, {"error": "name: This field is required.\nchroots: '[]' is not a valid choice for this field."})
