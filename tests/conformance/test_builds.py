"""The fake builder, the build control API and streamed uploads (beyond the golden samples)."""

import hashlib
import json
import time

import requests

URL = "https://example.com/pkgs/{0}-1.0-1.src.rpm"


def project(server, chroots=("fedora-43-x86_64", "epel-9-x86_64")):
    resp = server.api("POST", "project/add/alice", "alice", json={"name": "p", "chroots": list(chroots)})
    assert resp.status_code == 200, resp.text


def url_build(server, name="foo", who="alice", **options):
    body = dict(options, ownername="alice", projectname="p", pkgs=[URL.format(name)])
    return server.api("POST", "build/create/url", who, json=body)


def test_config_defaults_set_and_reset(server):
    assert requests.get(server.base_url + "/_test/config", timeout=30).json() == {
        "build_speed": 1.0, "fail_packages": [], "hold_packages": []}
    assert server.config(build_speed=0, hold_packages=["x"])["hold_packages"] == ["x"]
    resp = requests.post(server.base_url + "/_test/config", json={"bogus": 1}, timeout=30)
    assert resp.status_code == 400
    server.reset()
    assert requests.get(server.base_url + "/_test/config", timeout=30).json()["build_speed"] == 1.0


def test_control_steps_through_every_state(server):
    server.config(build_speed=0)
    project(server)
    build_id = url_build(server).json()["items"][0]["id"]
    states = []
    for dummy in range(4):
        body = server.control(build_id, "advance").json()
        states.append((body["state"], body["chroots"], body["source_package"]["name"]))
    assert states == [("importing", [], None),
                      ("pending", ["fedora-43-x86_64", "epel-9-x86_64"], "foo"),
                      ("running", ["fedora-43-x86_64", "epel-9-x86_64"], "foo"),
                      ("succeeded", ["fedora-43-x86_64", "epel-9-x86_64"], "foo")]
    build = server.api("GET", "build/{0}".format(build_id)).json()
    assert build["source_package"]["version"] == "1.0-1" and build["ended_on"] >= build["started_on"]
    chroot = server.api("GET", "build-chroot", params={"build_id": build_id, "chrootname": "epel-9-x86_64"}).json()
    assert chroot["result_url"] == "{0}/results/alice/p/epel-9-x86_64/{1:08d}-foo/".format(server.base_url, build_id)
    assert server.control(build_id, "advance").status_code == 409
    package = server.api("GET", "package", params={"ownername": "alice", "projectname": "p", "packagename": "foo",
                                                   "with_latest_succeeded_build": "True"}).json()
    assert package["builds"]["latest_succeeded"]["id"] == build_id


def test_fail_some_chroots_and_cancel_rules(server):
    server.config(build_speed=0)
    project(server)
    build_id = url_build(server).json()["items"][0]["id"]
    body = server.control(build_id, "fail", {"chroots": ["epel-9-x86_64"]}).json()
    assert body["state"] == "pending"   # fedora-43 still to build
    body = server.control(build_id, "advance", {"to": "succeeded"}).json()
    assert body["state"] == "failed"    # one failed chroot fails the build
    resp = server.api("PUT", "build/cancel/{0}".format(build_id), "alice")
    assert (resp.status_code, resp.json()) == (409, {"error": "Cannot cancel build {0}".format(build_id)})
    resp = server.api("POST", "build/delete/{0}".format(build_id), "alice")
    assert resp.status_code == 200
    assert resp.headers["Warning"] == "This method is deprecated: Use DELETE method instead of POST"
    assert server.api("GET", "build/{0}".format(build_id)).json() == {"error": "Build {0} does not exist.".format(
        build_id)}


def test_time_based_progress_fail_and_hold(server):
    server.config(build_speed=0.05, fail_packages=["bad"], hold_packages=["slow"])
    project(server, ["fedora-43-x86_64"])
    ids = {n: url_build(server, n).json()["items"][0]["id"] for n in ("good", "bad", "slow")}
    time.sleep(0.5)
    states = {n: server.api("GET", "build/{0}".format(i)).json()["state"] for n, i in ids.items()}
    assert states == {"good": "succeeded", "bad": "failed", "slow": "running"}
    server.config(hold_packages=[])
    time.sleep(0.2)
    assert server.api("GET", "build/{0}".format(ids["slow"])).json()["state"] == "succeeded"


def test_build_errors(server):
    project(server, ["fedora-43-x86_64"])
    assert url_build(server, who="none").status_code == 401
    resp = url_build(server, who="bob")
    assert (resp.status_code, resp.json()) == (403, {"error": "User bob is not allowed to build in the copr: alice/p"})
    resp = server.api("POST", "build/create/url", "alice", json={"ownername": "alice", "projectname": "nope",
                                                                 "pkgs": [URL.format("x")]})
    assert (resp.status_code, resp.json()) == (404, {"error": "Project alice/nope does not exist."})
    resp = server.api("POST", "build/create/url", "alice", json={"ownername": "alice", "projectname": "p",
                                                                 "pkgs": ["https://example.com/readme.txt"]})
    assert resp.json() == {"error": "Bad request parameters: {'pkgs': [\"URLs must end with .src.rpm, .nosrc.rpm, "
                                    "or .spec ('https://example.com/readme.txt' doesn't seem to be a valid URL).\"]}"}
    resp = server.api("POST", "build/create/scm", "alice", json={"ownername": "alice", "projectname": "p",
                                                                 "clone_url": "x", "timeout": -1})
    assert resp.json() == {"error": "Bad request parameters: {'clone_url': ['Invalid URL.'], "
                                    "'timeout': ['Number must be between 0 and 108000.']}"}
    resp = server.api("POST", "build/check-before-build", "bob", json={"ownername": "alice", "projectname": "p"})
    assert (resp.status_code, resp.json()) == (403, {"error": "User 'bob' is not allowed to build in 'alice/p'"})


def test_streamed_upload_of_210_mb_broken_srpm(server):
    """A chunked 210 MB body: the server hashes it on the fly; not an RPM, so the import fails."""
    server.config(build_speed=0)
    project(server, ["fedora-43-x86_64"])
    boundary = "xxBOUNDARYxx"
    chunk = bytes(range(256)) * 4096           # 1 MiB
    total = 210
    digest = hashlib.sha256()
    for dummy in range(total):
        digest.update(chunk)

    def body():
        yield ("--{0}\r\nContent-Disposition: form-data; name=\"pkgs\"; filename=\"big-1-1.src.rpm\"\r\n"
               "Content-Type: application/x-rpm\r\n\r\n".format(boundary)).encode()
        for dummy in range(total):
            yield chunk
        yield ("\r\n--{0}\r\nContent-Disposition: form-data; name=\"json\"; filename=\"json\"\r\n"
               "Content-Type: application/json\r\n\r\n{1}\r\n--{0}--\r\n".format(
                   boundary, json.dumps({"ownername": "alice", "projectname": "p"}))).encode()

    resp = requests.post(server.base_url + "/api_3/build/create/upload", data=body(), auth=server.auth("alice"),
                         headers={"Content-Type": "multipart/form-data; boundary=" + boundary}, timeout=120)
    assert resp.status_code == 200, resp.text
    build_id = resp.json()["id"]
    info = requests.get("{0}/_test/builds/{1}".format(server.base_url, build_id), timeout=30).json()
    assert info["upload"]["size"] == total * len(chunk)
    assert info["upload"]["sha256"] == digest.hexdigest()
    assert "not an RPM package" in info["upload"]["error"]
    body = server.control(build_id, "advance", {"to": "succeeded"}).json()
    assert (body["state"], body["chroots"]) == ("failed", [])
