"""Every example request of the seed's API notes (2014) against the server's 2014 variant.

The seed (000_0fef347562441152.txt) shows each APIv1 endpoint with one httpie call
and its answer.  Here the same calls are made (``--v1-variant 2014``) and each
answer must have the seed's shape: the same keys, the same literal texts where the
seed gives one, values of the same kind otherwise.  The seed's user ``codeblock`` is
alice here, and its chroots map to the server's (fedora-20-x86_64 -> fedora-43-x86_64,
fedora-rawhide-i386 -> fedora-rawhide-aarch64, epel-6/7 -> epel-9).
"""

import json

import requests

C20, RAWHIDE_I386, EPEL = "fedora-43-x86_64", "fedora-rawhide-aarch64", "epel-9-x86_64"
SEED_STATES = ("failed", "running", "pending", "succeeded")
DMTCP = "https://kojipkgs.fedoraproject.org//packages/dmtcp/2.1/1.fc20/src/dmtcp-2.1-1.fc20.src.rpm"


class Mapping:  # pylint: disable=too-few-public-methods
    """A dict whose keys and values have these shapes (yum_repos: chroot -> URL)."""

    def __init__(self, keys, values):
        self.keys, self.values = keys, values


class OneOf:  # pylint: disable=too-few-public-methods
    def __init__(self, *choices):
        self.choices = choices


def check_shape(shape, value, where="body"):
    """Types match types, literals must be equal, dicts have exactly the shape's keys."""
    if isinstance(shape, type):
        assert isinstance(value, shape) and not isinstance(value, bool), "{0}: {1!r} is not {2}".format(
            where, value, shape.__name__)
    elif isinstance(shape, tuple):
        assert any(_fits(s, value) for s in shape), "{0}: {1!r} fits none of {2}".format(where, value, shape)
    elif isinstance(shape, OneOf):
        assert value in shape.choices, "{0}: {1!r} not in {2}".format(where, value, shape.choices)
    elif isinstance(shape, Mapping):
        assert isinstance(value, dict), where
        for key, item in value.items():
            check_shape(shape.keys, key, where + " key")
            check_shape(shape.values, item, "{0}[{1}]".format(where, key))
    elif isinstance(shape, dict):
        assert isinstance(value, dict) and sorted(value) == sorted(shape), "{0}: keys {1} != {2}".format(
            where, sorted(value) if isinstance(value, dict) else value, sorted(shape))
        for key, item in shape.items():
            check_shape(item, value[key], "{0}.{1}".format(where, key))
    elif isinstance(shape, list):
        assert isinstance(value, list), where
        for index, item in enumerate(value):
            check_shape(shape[0], item, "{0}[{1}]".format(where, index))
    else:
        assert value == shape, "{0}: {1!r} != {2!r}".format(where, value, shape)


def _fits(shape, value):
    try:
        check_shape(shape, value)
    except AssertionError:
        return False
    return True


# The seed's answers, as shapes.
LIST = {"output": "ok", "repos": [{"additional_repos": str, "description": str, "instructions": str, "name": str,
                                   "yum_repos": Mapping(str, str)}]}
DETAIL = {"detail": {"additional_repos": str, "description": str, "instructions": str,
                     "last_modified": (int, type(None)), "name": str, "yum_repos": Mapping(str, str)},
          "output": "ok"}
CREATED = {"message": "New project was successfully created.", "output": "ok"}
DUPLICATE = {"error": "You already have project named 'testproject'.", "output": "notok"}
NEW_BUILD = {"id": int, "message": "Build was added to testproject.", "output": "ok"}
BUILD_STATUS = {"output": "ok", "status": OneOf(*SEED_STATES)}
BUILD_DETAIL = {"output": "ok", "owner": "alice", "project": "testproject", "status": OneOf(*SEED_STATES)}
CANCELED = {"status": "Build canceled", "output": "ok"}
MODIFIED = {"description": "new description", "instructions": "Install this project by doing X, Y, and Z.",
            "output": "ok", "repos": ""}
CHROOT = {"buildroot_pkgs": (str, type(None)), "output": "ok"}
SEARCH = {"output": "ok", "repos": [{"coprname": str, "description": str, "username": str}]}
LOGIN = {"error": "Login invalid/expired", "output": "notok"}


def v1(server, method, path, who="none", **kwargs):
    return server.v1(method, path, who, **kwargs)


def httpie(server, method, path, who="alice", **fields):
    """httpie sends ``key=value`` items as a JSON object, with the JSON content type."""
    return v1(server, method, path, who, json=fields or None)


def setup_codeblock(server):
    """watchman (with a built build, so yum_repos is filled), haskell-infra and evalso, made through v1."""
    for name, chroots in (("watchman", (C20, RAWHIDE_I386, EPEL)), ("haskell-infra", (EPEL,)),
                          ("evalso", (C20,))):
        fields = dict((c, "y") for c in chroots)
        assert httpie(server, "POST", "coprs/alice/new/", name=name, **fields).json() == CREATED
    build_id = httpie(server, "POST", "coprs/alice/watchman/new_build/",
                      pkgs="https://example.com/watchman-4.9-1.src.rpm").json()["id"]
    assert server.control(build_id, "advance", {"to": "running"}).status_code == 200


def test_list_someones_projects(server_2014):
    setup_codeblock(server_2014)
    body = v1(server_2014, "GET", "coprs/alice/").json()
    check_shape(LIST, body)
    repos = {r["name"]: r["yum_repos"] for r in body["repos"]}
    assert repos["watchman"] == {c: "{0}/results/alice/watchman/{1}/".format(server_2014.base_url, c)
                                 for c in (C20, RAWHIDE_I386, EPEL)}
    assert repos["haskell-infra"] == {}   # no build with results yet
    # no username at all: the 2014 code's answer
    resp = v1(server_2014, "GET", "coprs/")
    assert (resp.status_code, resp.json()) == (500, {"error": "Invalid request", "output": "notok"})


def test_project_detail(server_2014):
    setup_codeblock(server_2014)
    check_shape(DETAIL, v1(server_2014, "GET", "coprs/alice/evalso/detail/").json())
    resp = v1(server_2014, "GET", "coprs/alice/nope/detail/")
    assert (resp.status_code, resp.json()) == (500, {"error": "Copr with name nope does not exist.", "output": "notok"})


def test_create_and_duplicate(server_2014):
    resp = httpie(server_2014, "POST", "coprs/alice/new/", name="testproject", **{C20: "y", RAWHIDE_I386: "y"})
    assert (resp.status_code, resp.json()) == (200, CREATED)
    resp = httpie(server_2014, "POST", "coprs/alice/new/", name="testproject", **{C20: "y"})
    assert (resp.status_code, resp.json()) == (500, DUPLICATE)
    # the owner in the path is ignored: this lands in alice's namespace, not in the group's
    resp = httpie(server_2014, "POST", "coprs/@qa/new/", name="grp", **{C20: "y"})
    assert resp.json() == CREATED
    assert server_2014.api("GET", "project", params={"ownername": "alice", "projectname": "grp"}).status_code == 200
    # no chroot: only the prefix of the message is left
    resp = httpie(server_2014, "POST", "coprs/alice/new/", name="nochroot")
    assert (resp.status_code, resp.json()) == (500, {"error": "Validation error\n", "output": "notok"})


def test_builds_status_detail_cancel(server_2014):
    httpie(server_2014, "POST", "coprs/alice/new/", name="testproject", **{C20: "y"})
    resp = httpie(server_2014, "POST", "coprs/alice/testproject/new_build/", pkgs=DMTCP)
    check_shape(NEW_BUILD, resp.json())
    build_id = resp.json()["id"]
    resp = v1(server_2014, "GET", "coprs/build_status/{0}/".format(build_id), "alice")
    check_shape(BUILD_STATUS, resp.json())
    # build status needs the token (the seed's asterisk); build detail does not
    assert v1(server_2014, "GET", "coprs/build_status/{0}/".format(build_id)).json() == LOGIN
    check_shape(BUILD_DETAIL, v1(server_2014, "GET", "coprs/build_detail/{0}/".format(build_id)).json())
    server_2014.control(build_id, "advance", {"to": "importing"})
    assert v1(server_2014, "GET", "coprs/build_detail/{0}/".format(build_id)).json()["status"] == "pending"
    # cancel is a GET in the notes; a POST is refused
    assert v1(server_2014, "POST", "coprs/cancel_build/{0}/".format(build_id), "alice").status_code == 405
    resp = v1(server_2014, "GET", "coprs/cancel_build/{0}/".format(build_id), "alice")
    assert (resp.status_code, resp.json()) == (200, CANCELED)
    resp = v1(server_2014, "GET", "coprs/build_detail/999/")
    assert (resp.status_code, resp.json()) == (404, {"error": "Invalid build", "output": "notok"})


def test_new_build_id_one_build_for_all_urls(server_2014):
    httpie(server_2014, "POST", "coprs/alice/new/", name="testproject", **{C20: "y"})
    urls = "https://e.org/a-1-1.src.rpm https://e.org/b-1-1.src.rpm"
    body = httpie(server_2014, "POST", "coprs/alice/testproject/new_build/", pkgs=urls).json()
    check_shape(NEW_BUILD, body)
    assert server_2014.api("GET", "build/{0}".format(body["id"])).json()["source_package"]["url"] == urls
    # memory and timeout only count for "proven" users (here: Copr admins)
    for who, expected in (("alice", (2048, 18000)), ("admin", (4096, 60))):
        build_id = httpie(server_2014, "POST", "coprs/alice/testproject/new_build/", who, pkgs=DMTCP,
                          memory_reqs=4096, timeout=60).json()["id"]
        info = requests.get("{0}/_test/builds/{1}".format(server_2014.base_url, build_id), timeout=30).json()
        assert (info["memory_limit"], info["timeout"]) == expected
    resp = httpie(server_2014, "POST", "coprs/alice/testproject/new_build/", pkgs=DMTCP, memory=9999)
    assert (resp.status_code, resp.json()) == (500, {"error": "Invalid request", "output": "notok"})


def test_modify_project(server_2014):
    setup_codeblock(server_2014)
    resp = httpie(server_2014, "POST", "coprs/alice/evalso/modify/", description="new description",
                  instructions="Install this project by doing X, Y, and Z.")
    assert (resp.status_code, resp.json()) == (200, MODIFIED)
    # no chroot set, no flags in this version: they are ignored
    resp = v1(server_2014, "POST", "coprs/alice/evalso/modify/", "alice",
              data={"chroots": EPEL, "unlisted_on_hp": "y"})
    assert resp.json() == dict(MODIFIED)
    project = server_2014.api("GET", "project", params={"ownername": "alice", "projectname": "evalso"}).json()
    assert (list(project["chroot_repos"]), project["unlisted_on_hp"]) == ([C20], False)
    # someone else's project: a 500 whose error text is empty
    resp = httpie(server_2014, "POST", "coprs/alice/evalso/modify/", "bob", description="x")
    assert (resp.status_code, resp.json()) == (500, {"error": "", "output": "notok"})


def test_modify_chroot_and_chroot_detail(server_2014):
    setup_codeblock(server_2014)
    path = "coprs/alice/evalso/modify/{0}".format(C20)
    # the seed's own call: no trailing slash (a 301 in 2014, which clients turn into a GET) ...
    resp = httpie(server_2014, "POST", path, buildroot_pages="firefox")
    assert resp.status_code == 301 and resp.headers["Location"] == "{0}/api/{1}/".format(server_2014.base_url, path)
    # ... and its typo: without buildroot_pkgs the value becomes null (the seed's warning)
    httpie(server_2014, "POST", path + "/", buildroot_pkgs="gcc")
    resp = httpie(server_2014, "POST", path + "/", buildroot_pages="firefox")
    assert resp.json() == {"buildroot_pkgs": None, "output": "ok"}
    resp = httpie(server_2014, "POST", path + "/", buildroot_pkgs="firefox")
    assert resp.json() == {"buildroot_pkgs": "firefox", "output": "ok"}
    check_shape(CHROOT, v1(server_2014, "GET", "coprs/alice/evalso/detail/{0}/".format(C20)).json())
    assert v1(server_2014, "POST", path + "/", "alice", json={}).json() == {"buildroot_pkgs": None, "output": "ok"}
    assert v1(server_2014, "GET", "coprs/alice/evalso/detail/{0}/".format(C20)).json() == CHROOT_NULL
    # a chroot the project lacks: the 2014 view crashes on it
    resp = v1(server_2014, "GET", "coprs/alice/evalso/detail/{0}/".format(EPEL))
    assert resp.status_code == 500 and resp.headers["Content-Type"].startswith("text/html")
    resp = v1(server_2014, "GET", "coprs/alice/evalso/detail/foo-1-x86_64/")
    assert resp.json() == {"error": "Invalid chroot name", "output": "notok"}


CHROOT_NULL = {"buildroot_pkgs": None, "output": "ok"}


def test_search(server_2014):
    setup_codeblock(server_2014)
    assert v1(server_2014, "GET", "coprs/search/watchman/").json() == {"output": "ok", "repos": []}
    server_2014.refresh_search_index()
    body = v1(server_2014, "GET", "coprs/search/watchman/").json()
    check_shape(SEARCH, body)
    assert [(r["coprname"], r["username"]) for r in body["repos"]] == [("watchman", "alice")]
    assert v1(server_2014, "GET", "coprs/search/nothing-like-it/").json() == {"output": "ok", "repos": []}


def test_quick_start_notes(server_2014):
    """The notes' general remarks: slashes, auth, Accept, the JSON content type, expired tokens."""
    resp = v1(server_2014, "GET", "coprs/alice")
    assert (resp.status_code, resp.headers["Location"]) == (301, server_2014.base_url + "/api/coprs/alice/")
    # authentication is ignored where it is not needed; Accept: text/html still gives JSON
    resp = v1(server_2014, "GET", "coprs/alice/", "alice", headers={"Accept": "text/html"})
    assert resp.headers["Content-Type"] == "application/json" and resp.json()["output"] == "ok"
    # JSON without its content type is an empty form
    resp = v1(server_2014, "POST", "coprs/alice/new/", "alice", data=json.dumps({"name": "x", C20: "y"}))
    assert (resp.status_code, resp.json()) == (500, {"error": "Validation error\n- name: This field is required.\n",
                                                     "output": "notok"})
    # "What happens when they expire?": the 2014 answer was a 500
    for who in ("carol", "bad", "none"):
        resp = httpie(server_2014, "POST", "coprs/alice/new/", who, name="x", **{C20: "y"})
        assert (resp.status_code, resp.json()) == (500, LOGIN), who
    # the notes' heading for "Add a new build" (POST /api/coprs/[username]/[copr_name]/) is not a route:
    # its example, like the code, uses new_build/
    httpie(server_2014, "POST", "coprs/alice/new/", name="testproject", **{C20: "y"})
    assert httpie(server_2014, "POST", "coprs/alice/testproject/", pkgs=DMTCP).status_code == 404
    # routes added after 2014 do not exist
    for method, path in (("POST", "auth_check/"), ("POST", "coprs/alice/x/delete/"), ("GET", "coprs/build/1/")):
        assert v1(server_2014, method, path, "alice").status_code == 404, path
