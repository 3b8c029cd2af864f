"""Packages (APIv3 /package/*) and /build/list?packagename=, beyond the golden samples 69-84.

Every test checks the answer and what the server then holds: the package read back
through the API, and the write-only fields (chroot_denylist, max_builds, timeout)
through GET /_test/packages/<owner>/<project>/<name>.
"""

import time

CHROOTS = ["fedora-rawhide-x86_64", "fedora-43-x86_64", "epel-9-x86_64"]
SCM = {"clone_url": "https://github.com/example/hello.git", "committish": "main", "subdirectory": "sub",
       "spec": "hello.spec", "scm_type": "git", "source_build_method": "tito"}


def project(server, name="p", chroots=None, owner="alice", who="alice"):
    resp = server.api("POST", "project/add/" + owner, who, json={"name": name, "chroots": chroots or CHROOTS})
    assert resp.status_code == 200, resp.text


def add(server, name, source_type="scm", who="alice", owner="alice", proj="p", **body):
    body.setdefault("package_name", name)
    if source_type == "scm":
        for key, value in SCM.items():
            body.setdefault(key, value)
    return server.api("POST", "package/add/{0}/{1}/{2}/{3}".format(owner, proj, name, source_type), who, json=body)


def edit(server, name, source_type=None, who="alice", **body):
    body.setdefault("package_name", name)
    path = "package/edit/alice/p/{0}".format(name) + ("/" + source_type if source_type else "")
    return server.api("POST", path, who, json=body)


def get(server, name, **params):
    return server.api("GET", "package", params=dict(params, ownername="alice", projectname="p", packagename=name))


def build(server, name, who="alice", **options):
    return server.api("POST", "package/build", who, json=dict(options, ownername="alice", projectname="p",
                                                              package_name=name))


def error(resp):
    return resp.status_code, resp.json()["error"]


def test_add_get_and_edit_merge(server):
    project(server)
    resp = add(server, "hello", webhook_rebuild=True, max_builds=5, timeout=3600,
               chroot_denylist=" epel-* ,fedora-rawhide-x86_64")
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body == {"id": body["id"], "name": "hello", "ownername": "alice", "projectname": "p", "source_type": "scm",
                    "source_dict": {"type": "git", "clone_url": SCM["clone_url"], "subdirectory": "sub",
                                    "committish": "main", "spec": "hello.spec", "source_build_method": "tito"},
                    "auto_rebuild": True, "builds": {"latest": None, "latest_succeeded": None}}
    assert get(server, "hello").json() == body
    stored = server.package_info("alice", "p", "hello")
    # write-only: never in the answer, but stored (the denylist normalised to ", ")
    assert (stored["chroot_denylist"], stored["max_builds"], stored["timeout"]) == (
        "epel-*, fedora-rawhide-x86_64", 5, 3600)
    assert stored["chroots"] == ["fedora-43-x86_64"]

    # Edit: source keys not sent come from the stored source dict; the write-only
    # fields and webhook_rebuild are kept unless sent.
    resp = edit(server, "hello", "scm", committish="v2", spec=" other.spec ")
    assert resp.status_code == 200, resp.text
    source = resp.json()["source_dict"]
    assert (source["committish"], source["spec"], source["subdirectory"], source["source_build_method"]) == (
        "v2", "other.spec", "sub", "tito")
    assert resp.json()["auto_rebuild"] is True
    stored = server.package_info("alice", "p", "hello")
    assert (stored["chroot_denylist"], stored["max_builds"], stored["timeout"]) == (
        "epel-*, fedora-rawhide-x86_64", 5, 3600)
    # "" clears the optional fields; false switches webhook_rebuild off
    resp = edit(server, "hello", chroot_denylist="", max_builds="", webhook_rebuild=False)
    assert resp.json()["auto_rebuild"] is False
    stored = server.package_info("alice", "p", "hello")
    assert (stored["chroot_denylist"], stored["max_builds"], stored["timeout"]) == ("", None, 3600)
    assert stored["chroots"] == CHROOTS


def test_svn_package_flips_to_git_unless_scm_type_is_resent(server):
    project(server)
    assert add(server, "svnpkg", scm_type="svn").json()["source_dict"]["type"] == "svn"
    # resent: kept
    assert edit(server, "svnpkg", scm_type="svn", committish="r2").json()["source_dict"]["type"] == "svn"
    # The stored dict says "type": "svn", but the form reads "scm_type": the merge does not
    # carry it over, so the default git wins (the real trap).
    resp = edit(server, "svnpkg", committish="r3")
    assert resp.json()["source_dict"]["type"] == "git"
    assert resp.json()["source_dict"]["committish"] == "r3"
    assert server.package_info("alice", "p", "svnpkg")["source_dict"]["type"] == "git"


def test_edit_merges_other_source_types(server):
    project(server)
    add(server, "py", "pypi", pypi_package_name="requests", python_versions=[3, "2"], spec_generator="pyp2rpm",
        spec_template="fedora")
    body = edit(server, "py", pypi_package_version="2.0").json()
    assert body["source_dict"] == {"pypi_package_name": "requests", "pypi_package_version": "2.0",
                                   "spec_generator": "pyp2rpm", "spec_template": "fedora",
                                   "python_versions": ["3", "2"]}
    # without python_versions on add, the list is stored empty
    assert add(server, "py2", "pypi", pypi_package_name="six").json()["source_dict"]["python_versions"] == []
    body = add(server, "sh", "custom", script="echo hi", script_chroot="fedora-43-x86_64",
               script_builddeps="make", script_repos=["https://a.org/r"]).json()
    assert body["source_dict"] == {"script": "echo hi\n", "chroot": "fedora-43-x86_64", "builddeps": "make",
                                   "resultdir": None, "repos": "https://a.org/r"}
    body = edit(server, "sh", script_resultdir="out").json()
    assert body["source_dict"]["script"] == "echo hi\n" and body["source_dict"]["resultdir"] == "out"
    # a different source type on edit replaces the source
    body = edit(server, "sh", "rubygems", gem_name="rake").json()
    assert (body["source_type"], body["source_dict"]) == ("rubygems", {"gem_name": "rake"})
    body = add(server, "dg", "distgit", namespace="forks/alice/", committish="f43").json()
    assert body["source_dict"] == {"clone_url": "https://src.fedoraproject.org/rpms/dg", "distgit": "fedora",
                                   "namespace": "forks/alice", "committish": "f43"}


def test_add_and_edit_errors(server):
    project(server)
    assert add(server, "hello").status_code == 200
    assert error(add(server, "hello")) == (409, "Package hello already exists in copr alice/p.")
    assert error(add(server, "x", "upload")) == (400, "Unsupported package source type upload")
    assert error(add(server, "x", "scm", package_name=None)) == (
        400, "package_name: Please enter a valid package name in ^[-+_.a-zA-Z0-9]+$")
    long_name = "x" * 101
    assert error(add(server, long_name)) == (400, "package_name: Field cannot be longer than 100 characters.")
    assert error(add(server, "x", "scm", clone_url="not a url", spec="x.txt")) == (
        400, "clone_url: Invalid URL.\nspec: RPM spec file must end with .spec")
    assert error(add(server, "x", "pypi")) == (400, "pypi_package_name: This field is required.")
    assert error(add(server, "x", "pypi", pypi_package_name="a" * 94)) == (
        400, "pypi_package_name: Field cannot be longer than 93 characters.")
    assert error(add(server, "x", proj="nope")) == (404, "Project alice/nope does not exist.")
    assert error(edit(server, "nope", "scm")) == (404, "Package nope does not exists in copr alice/p.")
    assert add(server, "x", who="none").status_code == 401
    resp = server.api("PUT", "package/edit/alice/p/hello/scm", "alice", json={"package_name": "hello"})
    assert error(resp) == (405, "The method is not allowed for the requested URL.")
    # a reset package has the type "unset", which no form handles
    server.api("PUT", "package/reset", "alice",
               json={"ownername": "alice", "projectname": "p", "package_name": "hello"})
    assert error(edit(server, "hello", committish="x")) == (400, "Unsupported package source type unset")
    names = [p["name"] for p in server.api("GET", "package/list?ownername=alice&projectname=p").json()["items"]]
    assert names == ["hello"]


def test_body_name_differs_from_path_name(server):
    """The package is created under the body name; the answer looks up the path name and crashes."""
    project(server)
    resp = server.api("POST", "package/add/alice/p/pathname/scm", "alice", json=dict(SCM, package_name="bodyname"))
    assert error(resp) == (500, "Request wasn't successful, there is probably a bug in the Copr code.")
    assert get(server, "bodyname").status_code == 200
    assert error(get(server, "pathname")) == (404, "No package with name pathname in copr p")


def test_builders_may_build_but_not_edit(server):
    project(server)
    add(server, "hello")
    resp = server.api("PUT", "project/permissions/set/alice/p", "alice", json={"bob": {"builder": "approved"}})
    assert resp.json() == {"updated": ["bob"]}
    message = "You are not allowed to add or edit packages in this copr."
    assert error(add(server, "other", who="bob")) == (403, message)
    assert error(edit(server, "hello", who="bob", committish="x")) == (403, message)
    body = {"ownername": "alice", "projectname": "p", "package_name": "hello"}
    assert error(server.api("PUT", "package/reset", "bob", json=body)) == (
        403, "You are not allowed to reset package `{0}`.".format(get(server, "hello").json()["id"]))
    resp = build(server, "hello", who="bob")
    assert resp.status_code == 200 and resp.json()["submitter"] == "bob"
    # carol's token has expired; admin is a Copr admin
    assert add(server, "other", who="carol").status_code == 401
    assert add(server, "byadmin", who="admin").status_code == 200


def test_common_field_validation(server):
    project(server, chroots=["fedora-43-x86_64", "epel-9-x86_64"])
    cases = [
        ({"chroot_denylist": "fedora-99-*"}, 'chroot_denylist: no chroot matched by pattern "fedora-99-*"'),
        ({"chroot_denylist": "Fedora 43"}, 'chroot_denylist: Pattern "Fedora 43" does not match "^[a-z0-9-_*.+]+$"'),
        # lists are joined with a space, which no pattern may contain
        ({"chroot_denylist": ["epel-*", "fedora-*"]},
         'chroot_denylist: Pattern "epel-* fedora-*" does not match "^[a-z0-9-_*.+]+$"'),
        # an empty item is checked like the others (the first bad one is reported)
        ({"chroot_denylist": "epel-*,,fedora-99-*"}, 'chroot_denylist: Pattern "" does not match "^[a-z0-9-_*.+]+$"'),
        # inactive (EOL) chroots match nothing
        ({"chroot_denylist": "fedora-41-x86_64"}, 'chroot_denylist: no chroot matched by pattern "fedora-41-x86_64"'),
        ({"max_builds": 101}, "max_builds: Number must be between 0 and 100."),
        ({"max_builds": "many"}, "max_builds: Not a valid integer value."),
        ({"timeout": 108001}, "timeout: Number must be between 0 and 108000."),
        ({"timeout": -1, "max_builds": -1, "package_name": "bad name"},
         "package_name: Please enter a valid package name in ^[-+_.a-zA-Z0-9]+$\n"
         "max_builds: Number must be between 0 and 100.\ntimeout: Number must be between 0 and 108000."),
    ]
    for fields, message in cases:
        assert error(add(server, "x", **fields)) == (400, message), fields
    assert server.api("GET", "package/list?ownername=alice&projectname=p").json()["items"] == []

    # Patterns are checked against every active mock chroot, not the project's
    # chroots, and nothing stops a denylist that covers them all.
    assert add(server, "a", chroot_denylist="fedora-42-x86_64", max_builds=0, timeout=0).status_code == 200
    assert server.package_info("alice", "p", "a")["chroots"] == ["fedora-43-x86_64", "epel-9-x86_64"]
    assert (server.package_info("alice", "p", "a")["max_builds"], server.package_info("alice", "p", "a")["timeout"]) \
        == (0, 0)
    assert add(server, "b", chroot_denylist="*").status_code == 200
    assert server.package_info("alice", "p", "b")["chroot_denylist"] == "*"
    assert build(server, "b").json()["chroots"] == ["fedora-43-x86_64", "epel-9-x86_64"]


def test_package_build_chroots_timeout_and_errors(server):
    server.config(build_speed=0)
    project(server)
    add(server, "hello", chroot_denylist="epel-*", timeout=7200)
    resp = build(server, "hello")
    assert resp.status_code == 200, resp.text
    body = resp.json()
    # the package name is known at once, and the chroots (denylist applied) exist
    assert (body["state"], body["source_package"]["name"], body["chroots"]) == (
        "pending", "hello", ["fedora-rawhide-x86_64", "fedora-43-x86_64"])
    config = server.api("GET", "build/source-build-config/{0}".format(body["id"])).json()
    assert (config["source_type"], config["timeout"]) == ("scm", 7200)
    assert config["source_dict"]["clone_url"] == SCM["clone_url"]
    # explicit chroots win over the denylist; a sent timeout over the package's
    body = build(server, "hello", chroots=["epel-9-x86_64"], timeout=60).json()
    assert body["chroots"] == ["epel-9-x86_64"]
    assert server.api("GET", "build/source-build-config/{0}".format(body["id"])).json()["timeout"] == 60
    # exclude_chroots alone starts from all project chroots (the denylist is not applied)...
    assert build(server, "hello", exclude_chroots=["fedora-rawhide-*"]).json()["chroots"] == [
        "fedora-43-x86_64", "epel-9-x86_64"]
    # ... and when it excludes everything, the package's chroots are used
    assert build(server, "hello", exclude_chroots=["*"]).json()["chroots"] == [
        "fedora-rawhide-x86_64", "fedora-43-x86_64"]

    assert error(build(server, "hello", chroots=["fedora-42-x86_64"])) == (
        400, "chroots: 'fedora-42-x86_64' is not a valid choice for this field.")
    assert error(build(server, "hello", timeout=108001)) == (400, "timeout: Number must be between 0 and 108000.")
    assert error(build(server, "nope")) == (404, "No package with name nope in copr p")
    resp = server.api("POST", "package/build", "alice", json={"ownername": "alice", "projectname": "p"})
    assert error(resp) == (404, "No package with name None in copr p")
    resp = server.api("POST", "package/build", "alice", json={"projectname": "p", "package_name": "hello"})
    assert resp.status_code == 500
    # not /build/create's text: the check comes from BuildsLogic.add
    assert error(build(server, "hello", who="bob")) == (403, "You don't have permissions to build in this copr.")
    server.api("PUT", "package/reset", "alice",
               json={"ownername": "alice", "projectname": "p", "package_name": "hello"})
    # the unset source is reported before the permission check
    assert error(build(server, "hello", who="bob")) == (400, "Unset default source for package hello")


def test_get_list_latest_builds(server):
    server.config(build_speed=0)
    project(server)
    add(server, "hello")
    add(server, "py", "pypi", pypi_package_name="requests")
    first = build(server, "hello").json()["id"]
    server.control(first, "advance", {"to": "succeeded"})
    second = build(server, "hello").json()["id"]
    body = get(server, "hello", with_latest_build="True", with_latest_succeeded_build="True").json()
    assert (body["builds"]["latest"]["id"], body["builds"]["latest_succeeded"]["id"]) == (second, first)
    assert body["builds"]["latest"]["state"] == "pending"
    # GET /package: any non-empty value turns the option on, even "False"
    assert get(server, "hello", with_latest_build="False").json()["builds"]["latest"]["id"] == second
    assert get(server, "hello").json()["builds"] == {"latest": None, "latest_succeeded": None}
    # /package/list parses the flags
    page = server.api("GET", "package/list", params={"ownername": "alice", "projectname": "p",
                                                     "with_latest_build": "False"}).json()
    assert [p["builds"]["latest"] for p in page["items"]] == [None, None]
    page = server.api("GET", "package/list", params={"ownername": "alice", "projectname": "p", "order": "name",
                                                     "with_latest_build": "true", "limit": 1}).json()
    assert [(p["name"], p["builds"]["latest"]) for p in page["items"]] == [("hello", page["items"][0]["builds"]
                                                                            ["latest"])]
    assert page["items"][0]["builds"]["latest"]["id"] == second
    assert page["meta"] == {"limit": 1, "offset": 0, "order": "name", "order_type": "ASC"}
    resp = server.api("GET", "package/list?ownername=alice&projectname=p&order=bogus")
    assert error(resp) == (500, "Cannot order by bogus, package doesn't have such property")
    assert error(server.api("GET", "package?ownername=alice&projectname=p")) == (400, "Missing argument packagename")


def test_reset_keeps_the_package_settings(server):
    project(server)
    add(server, "hello", webhook_rebuild=True, timeout=99)
    body = {"ownername": "alice", "projectname": "p", "package_name": "hello"}
    resp = server.api("POST", "package/reset", "alice", json=body)
    assert resp.headers["Warning"] == "This method is deprecated: Use PUT method instead of POST"
    assert (resp.json()["source_type"], resp.json()["source_dict"], resp.json()["auto_rebuild"]) == ("unset", {}, True)
    assert server.package_info("alice", "p", "hello")["timeout"] == 99
    assert error(server.api("PUT", "package/reset", "alice", json=dict(body, package_name="x"))) == (
        404, "No package with name x in copr p")
    # a new source type brings the package back
    resp = server.api("POST", "package/edit/alice/p/hello/pypi", "alice",
                      json={"package_name": "hello", "pypi_package_name": "hello"})
    assert resp.json()["source_type"] == "pypi"


def test_delete_removes_the_builds_or_refuses(server):
    server.config(build_speed=0)
    project(server)
    add(server, "hello")
    add(server, "keep")
    done = build(server, "hello").json()["id"]
    server.control(done, "advance", {"to": "succeeded"})
    pending = build(server, "hello").json()["id"]
    other = build(server, "keep").json()["id"]
    body = {"ownername": "alice", "projectname": "p", "package_name": "hello"}
    resp = server.api("DELETE", "package/delete", "alice", json=body)
    assert error(resp) == (400, "Build(s) {0} are still running.\n".format(pending))
    # all or nothing: the finished build and the package are still there
    assert server.api("GET", "build/{0}".format(done)).status_code == 200
    assert get(server, "hello").status_code == 200
    assert error(server.api("DELETE", "package/delete", "bob", json=body)) == (
        403, "You are not allowed to delete package `{0}`.".format(get(server, "hello").json()["id"]))

    server.api("PUT", "build/cancel/{0}".format(pending), "alice")
    resp = server.api("DELETE", "package/delete", "alice", json=body)
    assert resp.status_code == 200 and resp.json()["name"] == "hello"
    for build_id in (done, pending):
        assert error(server.api("GET", "build/{0}".format(build_id))) == (
            404, "Build {0} does not exist.".format(build_id))
    assert server.api("GET", "build/{0}".format(other)).status_code == 200
    assert error(server.api("DELETE", "package/delete", "alice", json=body)) == (
        404, "No package with name hello in copr p")
    server.control(other, "advance", {"to": "failed"})
    resp = server.api("POST", "package/delete", "alice", json=dict(body, package_name="keep"))
    assert resp.headers["Warning"] == "This method is deprecated: Use DELETE method instead of POST"
    assert server.api("GET", "build/{0}".format(other)).status_code == 404
    assert server.api("GET", "package/list?ownername=alice&projectname=p").json()["items"] == []


def test_build_list_packagename_filters_before_pagination_in_a_busy_project(server):
    """320 builds: the filter runs in the query, so limit/offset page the package's builds only."""
    server.config(build_speed=0)
    project(server)
    for name in ("a", "b", "c", "d"):
        add(server, name)
    ids = {name: [] for name in "abcd"}
    for index in range(300):
        name = "abcd"[index % 4] if index < 290 else "d"
        ids[name].append(build(server, name).json()["id"])
    for index in range(20):
        resp = server.api("POST", "build/create/url", "alice", json={
            "ownername": "alice", "projectname": "p", "pkgs": ["https://example.com/x/u{0}-1-1.src.rpm".format(index)]})
        assert resp.status_code == 200
    started = time.monotonic()
    params = {"ownername": "alice", "projectname": "p", "packagename": "a", "order": "id", "order_type": "DESC",
              "limit": 5}
    page = server.api("GET", "build/list", params=params).json()
    # "a" has no build among the newest 30: a filter after the page would find nothing
    assert [b["id"] for b in page["items"]] == sorted(ids["a"], reverse=True)[:5]
    assert {b["source_package"]["name"] for b in page["items"]} == {"a"}
    page = server.api("GET", "build/list", params=dict(params, offset=70)).json()
    assert [b["id"] for b in page["items"]] == sorted(ids["a"], reverse=True)[70:75]
    everything = server.api("GET", "build/list", params={"ownername": "alice", "projectname": "p",
                                                         "packagename": "d"}).json()["items"]
    assert [b["id"] for b in everything] == sorted(ids["d"], reverse=True)
    # URL builds have no package until they are imported: never found by name
    assert server.api("GET", "build/list", params={"ownername": "alice", "projectname": "p",
                                                   "packagename": "u3"}).json()["items"] == []
    full = server.api("GET", "build/list?ownername=alice&projectname=p").json()["items"]
    assert len(full) == 320
    assert time.monotonic() - started < 5
