"""Project forks: POST (PUT) /api_3/project/fork/<owner>/<project> (no golden sample exists).

The expectations follow ProjectFork (apiv3_projects.py) and ComplexLogic.fork_copr /
ProjectForking (logic/complex_logic.py) of the real frontend.
"""

import base64
import json

import requests

from copr_server import create_app

SRC_SETTINGS = {
    "description": "source project", "instructions": "dnf copr enable alice/src",
    "homepage": "https://example.com/home", "contact": "alice@example.com",
    "additional_repos": ["https://example.com/repo/"], "enable_net": True, "unlisted_on_hp": True,
    "bootstrap": "on", "isolation": "nspawn", "module_hotfixes": True, "appstream": True,
    "packit_forge_projects_allowed": ["github.com/alice/src"], "follow_fedora_branching": False,
    "repo_priority": 5, "devel_mode": True,
}
CHROOT_SETTINGS = {"additional_packages": ["gcc"], "additional_repos": ["https://example.com/c/"],
                   "additional_modules": ["nodejs:20"], "with_opts": ["tests"], "without_opts": ["docs"],
                   "isolation": "simple"}
COMPS = b"<comps><group><id>x</id></group></comps>"


def fork(server, body, who="bob", source="alice/src", method="POST"):
    return server.api(method, "project/fork/" + source, who, json=body)


def error(resp):
    return resp.status_code, resp.json()["error"]


def add_package(server, name, source_type="scm", path="alice/src", **body):
    body.setdefault("package_name", name)
    if source_type == "scm":
        body.setdefault("clone_url", "https://example.com/{0}.git".format(name))
    resp = server.api("POST", "package/add/{0}/{1}/{2}".format(path, name, source_type), "alice", json=body)
    assert resp.status_code == 200, resp.text


def package_build(server, name, path="alice/src", **options):
    owner, project = path.split("/")
    resp = server.api("POST", "package/build", "alice", json=dict(options, ownername=owner, projectname=project,
                                                                  package_name=name))
    assert resp.status_code == 200, resp.text
    return resp.json()["id"]


def project_builds(server, path):
    owner, project = path.split("/")
    return server.api("GET", "build/list", params={"ownername": owner, "projectname": project}).json()["items"]


def make_source(server):
    """alice/src, made by the admin (persistent, auto_prune off), with chroot settings,
    a removed chroot, packages and builds in every state that matters for a fork."""
    server.config(build_speed=0)
    resp = server.api("POST", "project/add/alice", "admin", json=dict(
        SRC_SETTINGS, name="src", persistent=True, auto_prune=False,
        chroots=["fedora-rawhide-x86_64", "fedora-43-x86_64", "epel-9-x86_64"]))
    assert resp.status_code == 200, resp.text
    files = [("upload_comps", ("comps.xml", COMPS, "application/xml")),
             ("json", ("json", json.dumps(CHROOT_SETTINGS), "application/json"))]
    resp = requests.put(server.base_url + "/api_3/project-chroot/edit/alice/src/fedora-43-x86_64", files=files,
                        auth=server.auth("alice"), timeout=30)
    assert resp.status_code == 200, resp.text
    # removed (soft-deleted) chroots are not forked
    resp = server.api("PUT", "project/edit/alice/src", "admin", json={"chroots": ["fedora-43-x86_64", "epel-9-x86_64"]})
    assert resp.status_code == 200, resp.text
    server.api("PUT", "project/permissions/set/alice/src", "alice", json={"bob": {"builder": "approved"}})

    add_package(server, "hello", webhook_rebuild=True, timeout=600, chroot_denylist="fedora-rawhide-*",
                committish="main")
    add_package(server, "py", "pypi", pypi_package_name="requests")
    add_package(server, "nosrc", "rubygems", gem_name="rake")
    server.api("PUT", "package/reset", "alice",
               json={"ownername": "alice", "projectname": "src", "package_name": "nosrc"})
    ids = {}
    ids["old"] = package_build(server, "hello")                     # succeeded in both chroots
    server.control(ids["old"], "advance", {"to": "succeeded"})
    ids["mixed"] = package_build(server, "hello")                   # f43 succeeded, epel-9 failed
    server.control(ids["mixed"], "fail", {"chroots": ["epel-9-x86_64"]})
    server.control(ids["mixed"], "advance", {"to": "succeeded"})
    ids["failed"] = package_build(server, "hello")                  # the newest ended failed
    server.control(ids["failed"], "advance", {"to": "failed"})
    ids["running"] = package_build(server, "hello")                 # unfinished: ignored
    server.control(ids["running"], "advance", {"to": "running"})
    # a URL build gets its package ("foo", source unset) when imported
    resp = server.api("POST", "build/create/url", "alice", json={
        "ownername": "alice", "projectname": "src", "pkgs": ["https://example.com/p/foo-1.0-1.src.rpm"],
        "chroots": ["epel-9-x86_64"]})
    ids["url"] = resp.json()["items"][0]["id"]
    server.control(ids["url"], "advance", {"to": "succeeded"})
    return ids


def test_fork_copies_settings_chroots_packages_and_last_successful_builds(server):
    ids = make_source(server)
    source = server.api("GET", "project?ownername=alice&projectname=src").json()
    source_builds = project_builds(server, "alice/src")
    since = server.last_seq()

    resp = fork(server, {"ownername": "bob", "name": "dst", "confirm": False})
    assert resp.status_code == 200, resp.text
    assert [(r["method"], r["path"], r["write"]) for r in server.requests_since(since)] == [
        ("POST", "/api_3/project/fork/alice/src", True)]
    dst = resp.json()
    assert dst == server.api("GET", "project?ownername=bob&projectname=dst").json()
    assert (dst["name"], dst["ownername"], dst["full_name"]) == ("dst", "bob", "bob/dst")
    # everything is copied but persistent, auto_prune and contact
    assert (dst["persistent"], dst["auto_prune"], dst["contact"]) == (False, True, None)
    assert (source["persistent"], source["auto_prune"], source["contact"]) == (True, False, "alice@example.com")
    for key in set(source) - {"id", "name", "ownername", "full_name", "chroot_repos", "persistent", "auto_prune",
                              "contact"}:
        assert dst[key] == source[key], key
    assert dst["chroot_repos"] == {c: "{0}/results/bob/dst/{1}/".format(server.base_url, c)
                                   for c in ("fedora-43-x86_64", "epel-9-x86_64")}

    # chroot settings and the comps file come along; the removed chroot does not
    chroot = server.api("GET", "project-chroot?ownername=bob&projectname=dst&chrootname=fedora-43-x86_64").json()
    for key, value in CHROOT_SETTINGS.items():
        assert chroot[key] == value, key
    assert chroot["comps_name"] == "comps.xml"
    assert server.comps("bob", "dst", "fedora-43-x86_64")["sha256"] == server.comps(
        "alice", "src", "fedora-43-x86_64")["sha256"]
    resp = server.api("GET", "project-chroot?ownername=bob&projectname=dst&chrootname=fedora-rawhide-x86_64")
    assert error(resp) == (404, "Chroot name fedora-rawhide-x86_64 does not exist in Copr bob/dst.")
    # permissions are not copied
    assert error(server.api("GET", "project/permissions/get/bob/dst", "bob")) == (
        404, "No permissions set on bob/dst project")

    # every package, without webhook_rebuild; write-only fields copied
    packages = server.api("GET", "package/list?ownername=bob&projectname=dst").json()["items"]
    src_packages = server.api("GET", "package/list?ownername=alice&projectname=src").json()["items"]
    assert [(p["name"], p["source_type"], p["source_dict"]) for p in packages] == [
        (p["name"], p["source_type"], p["source_dict"]) for p in src_packages]
    assert [p["name"] for p in packages] == ["hello", "py", "nosrc", "foo"]
    assert [p["auto_rebuild"] for p in packages] == [False] * 4
    stored = server.package_info("bob", "dst", "hello")
    assert (stored["timeout"], stored["chroot_denylist"]) == (600, "fedora-rawhide-*")

    # per package and chroot, the newest build with a succeeded (or forked) chroot,
    # copied once per build with only those chroots, in state "forked"
    forked = sorted(project_builds(server, "bob/dst"), key=lambda b: b["id"])
    by_id = {b["id"]: b for b in source_builds}
    origins = [ids["mixed"], ids["old"], ids["url"]]
    assert [(b["source_package"]["name"], b["chroots"], b["state"]) for b in forked] == [
        ("hello", ["fedora-43-x86_64"], "forked"), ("hello", ["epel-9-x86_64"], "forked"),
        ("foo", ["epel-9-x86_64"], "forked")]
    for fbuild, origin in zip(forked, origins):
        original = by_id[origin]
        assert fbuild["id"] not in by_id
        assert (fbuild["ownername"], fbuild["projectname"], fbuild["project_dirname"]) == ("bob", "dst", "dst")
        assert fbuild["repo_url"] == server.base_url + "/results/bob/dst"
        # the submitter, times and version stay those of the original build
        for key in ("submitter", "submitted_on", "is_background"):
            assert fbuild[key] == original[key], key
        assert fbuild["source_package"]["version"] == original["source_package"]["version"]
        assert fbuild == server.api("GET", "build/{0}".format(fbuild["id"])).json()
        for chroot in server.api("GET", "build-chroot/list", params={"build_id": fbuild["id"]}).json()["items"]:
            assert chroot["state"] == "forked"
            assert chroot["result_url"] == "{0}/results/bob/dst/{1}/{2:08d}-{3}/".format(
                server.base_url, chroot["name"], fbuild["id"], fbuild["source_package"]["name"])
    assert forked[0]["submitter"] == "alice" and forked[2]["source_package"]["version"] == "1.0-1"
    config = server.api("GET", "build/source-build-config/{0}".format(forked[0]["id"])).json()
    assert (config["source_type"], config["timeout"]) == ("scm", 600)
    # forked is a final state: no cancel, but delete works; the latest build is the newest fork
    assert error(server.api("PUT", "build/cancel/{0}".format(forked[0]["id"]), "bob")) == (
        409, "Cannot cancel build {0}".format(forked[0]["id"]))
    package = server.api("GET", "package", params={"ownername": "bob", "projectname": "dst", "packagename": "hello",
                                                   "with_latest_build": "1", "with_latest_succeeded_build": "1"})
    assert package.json()["builds"]["latest"]["id"] == forked[1]["id"]
    assert package.json()["builds"]["latest_succeeded"] is None
    assert server.api("DELETE", "build/delete/{0}".format(forked[1]["id"]), "bob").status_code == 200
    # the source is untouched
    assert project_builds(server, "alice/src") == source_builds
    assert server.api("GET", "project?ownername=alice&projectname=src").json() == source

    # a fork of the fork: "forked" chroots count as successful
    resp = fork(server, {"ownername": "bob", "name": "dst2"}, source="bob/dst")
    assert [(b["source_package"]["name"], b["chroots"], b["state"]) for b in project_builds(server, "bob/dst2")] == [
        ("foo", ["epel-9-x86_64"], "forked"), ("hello", ["fedora-43-x86_64"], "forked")]
    # nothing unfinished: the fork can be deleted at once
    assert server.api("DELETE", "project/delete/bob/dst2", "bob").status_code == 200


def test_confirm_and_existing_destinations(server):
    make_source(server)
    assert fork(server, {"ownername": "bob", "name": "dst"}).status_code == 200
    count = len(project_builds(server, "bob/dst"))
    message = ("You are about to fork into existing project: dst\n"
               "Please use --confirm if you really want to do this")
    assert error(fork(server, {"ownername": "bob", "name": "dst"})) == (400, message)
    assert error(fork(server, {"ownername": "bob", "name": "dst", "confirm": "false"})) == (400, message)
    assert len(project_builds(server, "bob/dst")) == count

    # with confirm: the destination keeps its own settings and packages, gets the
    # missing packages, and the last successful builds again
    server.api("PUT", "project/edit/alice/src", "admin", json={"description": "changed", "chroots": [
        "fedora-43-x86_64", "epel-9-x86_64", "fedora-42-x86_64"]})
    server.api("PUT", "project/edit/bob/dst", "bob", json={"description": "bob's"})
    server.api("POST", "package/edit/bob/dst/hello", "bob", json={"package_name": "hello", "committish": "bob"})
    add_package(server, "new", "pypi", pypi_package_name="new")
    resp = fork(server, {"ownername": "bob", "name": "dst", "confirm": True})
    assert resp.status_code == 200, resp.text
    assert resp.json()["description"] == "bob's"
    assert sorted(resp.json()["chroot_repos"]) == ["epel-9-x86_64", "fedora-43-x86_64"]
    packages = {p["name"]: p for p in server.api("GET", "package/list?ownername=bob&projectname=dst").json()["items"]}
    assert sorted(packages) == ["foo", "hello", "new", "nosrc", "py"]
    assert packages["hello"]["source_dict"]["committish"] == "bob"
    assert len(project_builds(server, "bob/dst")) == 2 * count

    # the same project: refused (after the confirm check)
    assert error(fork(server, {"ownername": "alice", "name": "src"}, who="alice")) == (
        400, "You are about to fork into existing project: src\nPlease use --confirm if you really want to do this")
    assert error(fork(server, {"ownername": "alice", "name": "src", "confirm": True}, who="alice")) == (
        400, "Source project should not be same as destination")


def test_groups_and_the_personal_namespace_check(server):
    make_source(server)
    resp = fork(server, {"ownername": "@qa", "name": "team"}, who="alice")
    assert resp.status_code == 200, resp.text
    assert (resp.json()["full_name"], resp.json()["ownername"]) == ("@qa/team", "@qa")
    assert [b["state"] for b in project_builds(server, "@qa/team")] == ["forked"] * 3
    # only your own name and your groups are choices
    for owner in ("@qa", "@devs", "@nosuch", "alice"):
        assert error(fork(server, {"ownername": owner, "name": "x"})) == (400, "owner: Not a valid choice."), owner
    assert error(fork(server, {"ownername": "@qa", "name": "x"}, who="admin")) == (400, "owner: Not a valid choice.")

    # confirm is checked against every project *you created* with that name, even in a
    # group, so alice needs it for a personal fork named like her group project ...
    assert error(fork(server, {"ownername": "alice", "name": "team"}, who="alice")) == (
        400, "You are about to fork into existing project: team\nPlease use --confirm if you really want to do this")
    resp = fork(server, {"ownername": "alice", "name": "team", "confirm": True}, who="alice")
    assert resp.json()["full_name"] == "alice/team"
    # ... but not for an existing group project someone else created: it is forked into
    resp = server.api("POST", "project/add/@qa", "admin", json={"name": "shared", "chroots": ["fedora-42-x86_64"],
                                                                "description": "admin's"})
    assert resp.status_code == 200
    resp = fork(server, {"ownername": "@qa", "name": "shared"}, who="alice")
    assert resp.status_code == 200
    assert (resp.json()["description"], list(resp.json()["chroot_repos"])) == ("admin's", ["fedora-42-x86_64"])
    builds = project_builds(server, "@qa/shared")
    assert [b["chroots"] for b in builds] == [["epel-9-x86_64"], ["epel-9-x86_64"], ["fedora-43-x86_64"]]
    # the forked build chroots exist although the project has none of those chroots
    assert server.api("GET", "build-chroot", params={"build_id": builds[0]["id"],
                                                     "chrootname": "epel-9-x86_64"}).json()["state"] == "forked"


def test_form_errors_defaults_and_methods(server):
    make_source(server)
    assert error(fork(server, {"ownername": "bob", "name": "x"}, source="alice/nope")) == (
        404, "Project alice/nope does not exist.")
    assert error(fork(server, {"ownername": "bob", "name": "x"}, source="@qa/nope")) == (
        404, "Project @qa/nope does not exist.")
    assert fork(server, {"ownername": "bob", "name": "x"}, who="none").status_code == 401
    assert error(fork(server, {"name": "bad name!"})) == (
        400, "owner: Not a valid choice.\nname: Name must contain only letters, digits, underscores, dashes and dots.")
    assert error(fork(server, {"ownername": "", "name": " "})) == (
        400, "owner: Not a valid choice.\nowner: This field is required.\nname: This field is required.")
    assert server.api("GET", "project/list?ownername=bob").json()["items"] == []
    # no name: the source's name; PUT works but is the deprecated method here
    resp = fork(server, {"ownername": "bob"}, method="PUT")
    assert resp.status_code == 200 and resp.json()["full_name"] == "bob/src"
    assert resp.headers["Warning"] == "This method is deprecated: Use POST method instead of PUT"
    resp = fork(server, {"ownername": "bob", "name": "y"})
    assert resp.status_code == 200 and "Warning" not in resp.headers


def test_package_limit_is_for_non_admins():
    """More than FORK_PACKAGES_LIMIT (1000) packages: 500 unless you are a Copr admin."""
    app = create_app(build_speed=0)
    client = app.test_client()
    store = app.config["STORE"]

    def headers(name):
        user = store.user_by_name(name)
        token = base64.b64encode("{0}:{1}".format(user.api_login, user.api_token).encode()).decode()
        return {"Authorization": "Basic " + token}

    alice = headers("alice")
    assert client.post("/api_3/project/add/alice", json={"name": "big", "chroots": ["fedora-43-x86_64"]},
                       headers=alice).status_code == 200
    for index in range(1001):
        resp = client.post("/api_3/package/add/alice/big/p{0}/rubygems".format(index), headers=alice,
                           json={"package_name": "p{0}".format(index), "gem_name": "g"})
        assert resp.status_code == 200
    resp = client.post("/api_3/project/fork/alice/big", json={"ownername": "bob"}, headers=headers("bob"))
    assert resp.status_code == 500
    assert resp.json["error"].startswith("This project is too large to be forked, it has 1001 packages.")
    resp = client.post("/api_3/project/fork/alice/big", json={"ownername": "admin"}, headers=headers("admin"))
    assert resp.status_code == 200 and resp.json["full_name"] == "admin/big"
    assert len(client.get("/api_3/package/list?ownername=admin&projectname=big").json["items"]) == 1001
