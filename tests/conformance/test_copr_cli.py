"""The official copr-cli 2.6 (python-copr 2.7) against the local server.

Each test checks what copr-cli printed and what the server then holds (read
back through the API or the /_test control API).
"""

import json
import os
import shutil
import subprocess
import sys

import pytest
import requests

from conftest import write_cli_config

CLI = shutil.which("copr-cli") or os.path.join(os.path.dirname(sys.executable), "copr-cli")
pytestmark = pytest.mark.skipif(not os.path.exists(CLI), reason="copr-cli is not installed")


def copr_cli(config, *args, ok=True):
    proc = subprocess.run([CLI, "--config", config] + list(args), capture_output=True, text=True,
                          timeout=60, check=False)
    if ok:
        assert proc.returncode == 0, proc.stderr
    return proc


def get_project(server, owner, name):
    return server.api("GET", "project", params={"ownername": owner, "projectname": name})


def get_chroot(server, owner, name, chroot):
    params = {"ownername": owner, "projectname": name, "chrootname": chroot}
    return server.api("GET", "project-chroot", params=params).json()


def writes(server, since):
    return [(r["method"], r["path"]) for r in server.requests_since(since) if r["write"]]


def test_whoami_and_list_chroots(server, alice_cli_config):  # pylint: disable=unused-argument
    assert copr_cli(alice_cli_config, "whoami").stdout == "alice\n"
    out = copr_cli(alice_cli_config, "list-chroots").stdout
    assert out.split() == ["fedora-rawhide-x86_64", "fedora-rawhide-aarch64", "fedora-43-x86_64",
                           "fedora-42-x86_64", "epel-9-x86_64"]
    assert "fedora-41-x86_64" not in out


def test_create_get_modify_delete(server, alice_cli_config):
    since = server.last_seq()
    out = copr_cli(alice_cli_config, "create", "demo", "--chroot", "fedora-43-x86_64", "--chroot", "epel-9-x86_64",
                   "--description", "Demo project", "--instructions", "dnf copr enable alice/demo",
                   "--repo", "https://example.com/repo/", "--enable-net", "on", "--isolation", "nspawn",
                   "--delete-after-days", "30").stdout
    assert out == "New project was successfully created: {0}/coprs/alice/demo/\n".format(server.base_url)
    assert writes(server, since) == [("POST", "/api_3/project/add/alice")]
    project = get_project(server, "alice", "demo").json()
    assert project["description"] == "Demo project"
    assert project["instructions"] == "dnf copr enable alice/demo"
    assert project["additional_repos"] == ["https://example.com/repo/"]
    assert (project["enable_net"], project["isolation"]) == (True, "nspawn")
    assert sorted(project["chroot_repos"]) == ["epel-9-x86_64", "fedora-43-x86_64"]

    out = copr_cli(alice_cli_config, "get", "demo").stdout
    assert out.splitlines() == [
        "Name: demo",
        "  Description: Demo project",
        "  Repo(s):",
        "    fedora-43-x86_64: {0}/results/alice/demo/fedora-43-x86_64/".format(server.base_url),
        "    epel-9-x86_64: {0}/results/alice/demo/epel-9-x86_64/".format(server.base_url),
        "  Additional repo: https://example.com/repo/",
        "",
    ]

    since = server.last_seq()
    copr_cli(alice_cli_config, "modify", "demo", "--description", "Changed", "--chroot", "fedora-42-x86_64",
             "--repo", "https://example.org/other/", "--enable-net", "off")
    assert writes(server, since) == [("PUT", "/api_3/project/edit/alice/demo")]
    project = get_project(server, "alice", "demo").json()
    assert (project["description"], project["enable_net"]) == ("Changed", False)
    assert project["additional_repos"] == ["https://example.org/other/"]
    assert list(project["chroot_repos"]) == ["fedora-42-x86_64"]
    assert project["instructions"] == "dnf copr enable alice/demo"  # not sent, kept
    # the removed chroots are soft-deleted
    assert get_chroot(server, "alice", "demo", "epel-9-x86_64")["delete_after_days"] == 6

    out = copr_cli(alice_cli_config, "delete", "demo").stdout
    assert out == "Project demo has been deleted.\n"
    assert get_project(server, "alice", "demo").status_code == 404
    proc = copr_cli(alice_cli_config, "delete", "demo", ok=False)
    assert proc.returncode != 0 and "Project alice/demo does not exist." in proc.stderr


def test_create_errors_are_reported(server, alice_cli_config):
    proc = copr_cli(alice_cli_config, "create", "bad", "--chroot", "fedora-41-x86_64", ok=False)
    assert proc.returncode != 0
    assert "chroots: 'fedora-41-x86_64' is not a valid choice for this field." in proc.stderr
    assert get_project(server, "alice", "bad").status_code == 404


def test_list_user_and_group(server, alice_cli_config):
    copr_cli(alice_cli_config, "create", "one", "--chroot", "fedora-43-x86_64", "--description", "first")
    copr_cli(alice_cli_config, "create", "@qa/team", "--chroot", "fedora-42-x86_64", "--description", "team")
    out = copr_cli(alice_cli_config, "list").stdout
    assert "Name: one\n  Description: first\n" in out and "team" not in out
    out = copr_cli(alice_cli_config, "list", "@qa").stdout
    assert out.startswith("Name: team\n  Description: team\n")
    assert "{0}/results/@qa/team/fedora-42-x86_64/".format(server.base_url) in out
    assert "Name: one" not in out
    assert [p["full_name"] for p in server.api("GET", "project/list").json()["items"]] == ["alice/one", "@qa/team"]
    proc = copr_cli(alice_cli_config, "list", "bob", ok=False)
    assert "No copr retrieved for user: 'bob'" in proc.stderr


def test_edit_chroot_and_get_chroot(server, alice_cli_config, tmp_path):
    copr_cli(alice_cli_config, "create", "demo", "--chroot", "fedora-43-x86_64")
    comps = tmp_path / "comps.xml"
    comps.write_text("<comps><group><id>x</id></group></comps>\n", encoding="utf-8")
    since = server.last_seq()
    out = copr_cli(alice_cli_config, "edit-chroot", "demo/fedora-43-x86_64", "--packages", "gcc make",
                   "--repos", "https://example.com/r/", "--modules", "nodejs:20,!python:3.11",
                   "--rpmbuild-with", "tests", "--rpmbuild-without", "docs", "--isolation", "simple",
                   "--upload-comps", str(comps)).stdout
    assert out == "Edit chroot operation was successful.\n"
    assert writes(server, since) == [("PUT", "/api_3/project-chroot/edit/alice/demo/fedora-43-x86_64")]
    chroot = get_chroot(server, "alice", "demo", "fedora-43-x86_64")
    assert chroot["additional_packages"] == ["gcc", "make"]
    assert chroot["additional_repos"] == ["https://example.com/r/"]
    assert chroot["additional_modules"] == ["nodejs:20", "!python:3.11"]
    assert (chroot["with_opts"], chroot["without_opts"], chroot["isolation"]) == (["tests"], ["docs"], "simple")
    assert chroot["comps_name"] == "comps.xml"
    assert server.comps("alice", "demo", "fedora-43-x86_64")["uploads"] == 1

    out = copr_cli(alice_cli_config, "get-chroot", "demo/fedora-43-x86_64").stdout
    assert '"additional_packages": [\n        "gcc",\n        "make"\n    ]' in out
    assert '"comps_name": "comps.xml"' in out and '"isolation": "simple"' in out

    copr_cli(alice_cli_config, "edit-chroot", "demo/fedora-43-x86_64", "--reset", "additional_packages",
             "--reset", "isolation", "--delete-comps")
    chroot = get_chroot(server, "alice", "demo", "fedora-43-x86_64")
    assert (chroot["additional_packages"], chroot["isolation"], chroot["comps_name"]) == ([], "unchanged", None)
    assert chroot["additional_modules"] == ["nodejs:20", "!python:3.11"]  # untouched
    assert server.comps("alice", "demo", "fedora-43-x86_64")["sha256"] is None

    proc = copr_cli(alice_cli_config, "edit-chroot", "demo/fedora-43-x86_64", "--reset", "bogus", ok=False)
    assert "Trying to reset an invalid attribute: bogus" in proc.stderr


# ------------------------------------------------------------------ builds

RPMBUILD = shutil.which("rpmbuild")
SPEC = """Name: cli-hello
Version: 2.5
Release: 3
Epoch: 1
Summary: test package
License: MIT
BuildArch: noarch

%description
A package built by the conformance tests.

%files
"""


def build_id_from(out):
    """copr-cli prints 'Created builds: N' (one line per build)."""
    line = next(line for line in out.splitlines() if line.startswith("Created builds:"))
    return [int(i) for i in line.split(":", 1)[1].split()]


def get_build(server, build_id):
    return server.api("GET", "build/{0}".format(build_id)).json()


def test_build_url_nowait_status_and_cancel(server, alice_cli_config):
    server.config(build_speed=0)
    copr_cli(alice_cli_config, "create", "demo", "--chroot", "fedora-43-x86_64", "--chroot", "epel-9-x86_64")
    since = server.last_seq()
    out = copr_cli(alice_cli_config, "build", "--nowait", "demo", "https://example.com/pkgs/foo-1.0-1.src.rpm",
                   "-r", "fedora-43-x86_64", "--timeout", "3600", "--background").stdout
    (build_id,) = build_id_from(out)
    assert "Build was added to demo:" in out
    assert "{0}/coprs/build/{1}".format(server.base_url, build_id) in out
    assert writes(server, since) == [("POST", "/api_3/build/create/url")]
    build = get_build(server, build_id)
    assert (build["state"], build["chroots"], build["is_background"]) == ("pending", ["fedora-43-x86_64"], True)
    assert server.api("GET", "build/source-build-config/{0}".format(build_id)).json()["timeout"] == 3600

    assert copr_cli(alice_cli_config, "status", str(build_id)).stdout == "pending\n"
    server.control(build_id, "advance", {"to": "running"})
    assert copr_cli(alice_cli_config, "status", str(build_id)).stdout == "running\n"

    out = copr_cli(alice_cli_config, "cancel", str(build_id)).stdout
    assert out == "canceled\n"
    assert get_build(server, build_id)["state"] == "canceled"
    proc = copr_cli(alice_cli_config, "cancel", str(build_id), ok=False)
    assert proc.returncode != 0 and "Cannot cancel build {0}".format(build_id) in proc.stderr


@pytest.mark.skipif(not RPMBUILD, reason="rpmbuild is not installed (Debian package: rpm)")
def test_build_local_srpm_nowait(server, alice_cli_config, tmp_path):
    server.config(build_speed=0)
    topdir = tmp_path / "rpmbuild"
    spec = tmp_path / "cli-hello.spec"
    spec.write_text(SPEC, encoding="utf-8")
    subprocess.run([RPMBUILD, "-bs", "--define", "_topdir " + str(topdir), str(spec)], check=True,
                   capture_output=True, timeout=60)
    (srpm,) = (topdir / "SRPMS").glob("*.src.rpm")
    copr_cli(alice_cli_config, "create", "demo", "--chroot", "fedora-43-x86_64")
    since = server.last_seq()
    out = copr_cli(alice_cli_config, "build", "--nowait", "demo", str(srpm)).stdout
    (build_id,) = build_id_from(out)
    assert list(writes(server, since)) == [("POST", "/api_3/build/create/upload")]
    assert ("POST", "/api_3/build/check-before-build") in [
        (r["method"], r["path"]) for r in server.requests_since(since)]
    build = get_build(server, build_id)
    assert build["source_package"]["url"].endswith("/cli-hello-2.5-3.src.rpm")
    assert build["source_package"]["name"] is None          # known only once imported
    info = requests.get("{0}/_test/builds/{1}".format(server.base_url, build_id), timeout=30).json()
    assert info["upload"]["size"] == srpm.stat().st_size
    assert info["upload"]["header"] == {"name": "cli-hello", "version": "2.5", "release": "3", "epoch": 1}
    build = server.control(build_id, "advance", {"to": "succeeded"}).json()
    assert build["source_package"] == {"name": "cli-hello", "url": build["source_package"]["url"],
                                       "version": "1:2.5-3"}
    assert copr_cli(alice_cli_config, "status", str(build_id)).stdout == "succeeded\n"


def test_buildpypi_buildscm_and_list_builds(server, alice_cli_config):
    server.config(build_speed=0)
    copr_cli(alice_cli_config, "create", "demo", "--chroot", "fedora-43-x86_64")
    out = copr_cli(alice_cli_config, "buildpypi", "--nowait", "demo", "--packagename", "requests",
                   "--packageversion", "2.32.3").stdout
    (pypi_id,) = build_id_from(out)
    config = server.api("GET", "build/source-build-config/{0}".format(pypi_id)).json()
    assert config["source_type"] == "pypi"
    assert config["source_dict"]["pypi_package_name"] == "requests"
    assert config["source_dict"]["pypi_package_version"] == "2.32.3"
    out = copr_cli(alice_cli_config, "buildscm", "--nowait", "demo", "--clone-url",
                   "https://github.com/example/hello.git", "--commit", "main", "--spec", "hello.spec").stdout
    (scm_id,) = build_id_from(out)
    config = server.api("GET", "build/source-build-config/{0}".format(scm_id)).json()
    assert (config["source_type"], config["source_dict"]["clone_url"]) == ("scm", "https://github.com/example/hello.git")
    assert (config["source_dict"]["committish"], config["source_dict"]["spec"]) == ("main", "hello.spec")
    server.control(pypi_id, "advance", {"to": "succeeded"})
    server.control(scm_id, "fail")

    out = copr_cli(alice_cli_config, "list-builds", "demo").stdout
    lines = [line.split("\t") for line in out.splitlines()]
    expected = [(scm_id, "hello", "failed"), (pypi_id, "python-requests", "succeeded")]
    assert [(int(line[0]), line[1], line[2]) for line in lines] == expected


def test_watch_build_until_it_ends(server, alice_cli_config):
    server.config(build_speed=0.05, fail_packages=["bad"])
    copr_cli(alice_cli_config, "create", "demo", "--chroot", "fedora-43-x86_64", "--chroot", "epel-9-x86_64")
    out = copr_cli(alice_cli_config, "build", "--nowait", "demo", "https://example.com/p/good-1.0-1.src.rpm",
                   "https://example.com/p/bad-1.0-1.src.rpm").stdout
    good, bad = build_id_from(out)
    proc = copr_cli(alice_cli_config, "watch-build", str(good), str(bad), ok=False)
    assert proc.returncode != 0                      # one build failed
    assert "Build {0}: succeeded".format(good) in proc.stdout
    assert "Build {0}: failed".format(bad) in proc.stdout
    assert get_build(server, good)["state"] == "succeeded"
    chroots = server.api("GET", "build-chroot/list", params={"build_id": bad}).json()["items"]
    assert [(c["name"], c["state"]) for c in chroots] == [("fedora-43-x86_64", "failed"), ("epel-9-x86_64", "failed")]


# ---------------------------------------------------------------- packages


def package_info(server, name, project="demo"):
    return server.package_info("alice", project, name)


def packages_json(out):
    return {p["name"]: p for p in json.loads(out)}


def test_add_edit_get_and_list_packages(server, alice_cli_config):
    copr_cli(alice_cli_config, "create", "demo", "--chroot", "fedora-43-x86_64", "--chroot", "epel-9-x86_64")
    since = server.last_seq()
    out = copr_cli(alice_cli_config, "add-package-scm", "demo", "--name", "hello", "--clone-url",
                   "https://example.com/hello.git", "--commit", "main", "--spec", "hello.spec", "--type", "svn",
                   "--method", "make_srpm", "--webhook-rebuild", "on", "--max-builds", "3", "--timeout", "600",
                   "--chroot-denylist", " epel-* ").stdout
    assert out == "Create or edit operation was successful.\n"
    assert writes(server, since) == [("POST", "/api_3/package/add/alice/demo/hello/scm")]
    stored = package_info(server, "hello")
    assert stored["source_dict"] == {"type": "svn", "clone_url": "https://example.com/hello.git", "subdirectory": "",
                                     "committish": "main", "spec": "hello.spec", "srpm_build_method": "make_srpm"}
    assert (stored["webhook_rebuild"], stored["max_builds"], stored["timeout"], stored["chroot_denylist"]) == (
        True, 3, 600, "epel-*")
    proc = copr_cli(alice_cli_config, "add-package-scm", "demo", "--name", "hello", "--clone-url",
                    "https://example.com/hello.git", ok=False)
    assert proc.returncode == 1 and "Error: Package hello already exists in copr alice/demo." in proc.stderr

    copr_cli(alice_cli_config, "add-package-pypi", "demo", "--name", "python-requests", "--packagename", "requests",
             "--packageversion", "2.32.3", "--pythonversions", "3", "2", "--spec-generator", "pyp2rpm")
    assert package_info(server, "python-requests")["source_dict"] == {
        "pypi_package_name": "requests", "pypi_package_version": "2.32.3", "spec_generator": "pyp2rpm",
        "spec_template": "", "python_versions": ["3", "2"]}

    # edit-package-scm sends its defaults too: --type git, --method rpkg and "" for the
    # commit, subdir and spec; so only a resent "--type svn" keeps svn ...
    since = server.last_seq()
    copr_cli(alice_cli_config, "edit-package-scm", "demo", "--name", "hello", "--clone-url",
             "https://example.com/hello.git", "--type", "svn", "--commit", "v2", "--spec", "hello.spec")
    assert writes(server, since) == [("POST", "/api_3/package/edit/alice/demo/hello/scm")]
    stored = package_info(server, "hello")
    assert (stored["source_dict"]["type"], stored["source_dict"]["committish"]) == ("svn", "v2")
    assert stored["source_dict"]["srpm_build_method"] == "rpkg"
    # ... the write-only fields that were not given are kept
    assert (stored["webhook_rebuild"], stored["max_builds"], stored["timeout"]) == (True, 3, 600)
    # ... and without --type the package becomes git, its commit and spec cleared
    copr_cli(alice_cli_config, "edit-package-scm", "demo", "--name", "hello", "--clone-url",
             "https://example.com/hello.git", "--webhook-rebuild", "off")
    stored = package_info(server, "hello")
    assert (stored["source_dict"]["type"], stored["source_dict"]["committish"], stored["source_dict"]["spec"]) == (
        "git", "", "")
    assert stored["webhook_rebuild"] is False

    out = copr_cli(alice_cli_config, "list-packages", "demo").stdout
    listed = packages_json(out)
    assert list(listed) == ["hello", "python-requests"]
    assert listed["hello"]["source_dict"]["type"] == "git" and listed["hello"]["auto_rebuild"] is False
    assert listed["python-requests"]["source_type"] == "pypi"
    assert (listed["hello"]["latest_build"], listed["hello"]["latest_succeeded_build"]) == (None, None)
    out = copr_cli(alice_cli_config, "get-package", "demo", "--name", "python-requests").stdout
    assert json.loads(out)["source_dict"]["pypi_package_version"] == "2.32.3"
    proc = copr_cli(alice_cli_config, "get-package", "demo", "--name", "nope", ok=False)
    assert proc.returncode == 1 and "Error: No package with name nope in copr demo" in proc.stderr


def test_build_reset_and_delete_package(server, alice_cli_config):
    server.config(build_speed=0)
    copr_cli(alice_cli_config, "create", "demo", "--chroot", "fedora-43-x86_64", "--chroot", "epel-9-x86_64")
    copr_cli(alice_cli_config, "add-package-scm", "demo", "--name", "hello", "--clone-url",
             "https://example.com/hello.git", "--chroot-denylist", "epel-*", "--timeout", "600")
    copr_cli(alice_cli_config, "add-package-pypi", "demo", "--name", "python-six", "--packagename", "six")

    since = server.last_seq()
    out = copr_cli(alice_cli_config, "build-package", "demo", "--name", "hello", "--nowait").stdout
    (first,) = build_id_from(out)
    assert "Build was added to demo:" in out
    assert writes(server, since) == [("POST", "/api_3/package/build")]
    build = get_build(server, first)
    # the package's chroots (denylist applied); its name is known at once
    assert (build["chroots"], build["source_package"]["name"], build["state"]) == (
        ["fedora-43-x86_64"], "hello", "pending")
    assert server.build_info(first)["timeout"] == 600
    out = copr_cli(alice_cli_config, "build-package", "demo", "--name", "hello", "--nowait", "-r", "epel-9-x86_64",
                   "--timeout", "60").stdout
    (second,) = build_id_from(out)
    assert get_build(server, second)["chroots"] == ["epel-9-x86_64"]
    assert server.build_info(second)["timeout"] == 60
    server.control(first, "advance", {"to": "succeeded"})

    out = copr_cli(alice_cli_config, "get-package", "demo", "--name", "hello", "--with-latest-build",
                   "--with-latest-succeeded-build").stdout
    package = json.loads(out)
    assert (package["latest_build"]["id"], package["latest_succeeded_build"]["id"]) == (second, first)
    assert package["latest_build"]["state"] == "pending"
    listed = packages_json(copr_cli(alice_cli_config, "list-packages", "demo", "--with-latest-build").stdout)
    assert listed["hello"]["latest_build"]["id"] == second and listed["python-six"]["latest_build"] is None
    out = copr_cli(alice_cli_config, "list-builds", "demo").stdout
    assert [line.split("\t")[:3] for line in out.splitlines()] == [
        [str(second), "hello", "pending"], [str(first), "hello", "succeeded"]]

    # an unfinished build stops the delete; nothing is deleted
    proc = copr_cli(alice_cli_config, "delete-package", "demo", "--name", "hello", ok=False)
    # copr-cli prints the lines of a multi-line message as a list
    assert proc.returncode == 1 and "- Build(s) {0} are still running.\n".format(second) in proc.stderr
    assert get_build(server, first)["state"] == "succeeded"
    copr_cli(alice_cli_config, "cancel", str(second))
    since = server.last_seq()
    out = copr_cli(alice_cli_config, "delete-package", "demo", "--name", "hello").stdout
    assert out == "Package hello was successfully deleted.\n"
    assert writes(server, since) == [("DELETE", "/api_3/package/delete")]
    for build_id in (first, second):
        assert server.api("GET", "build/{0}".format(build_id)).status_code == 404
    assert list(packages_json(copr_cli(alice_cli_config, "list-packages", "demo").stdout)) == ["python-six"]

    out = copr_cli(alice_cli_config, "reset-package", "demo", "--name", "python-six").stdout
    assert out == "Package's default source was successfully reseted.\n"
    assert (package_info(server, "python-six")["source_type"], package_info(server, "python-six")["source_dict"]) \
        == ("unset", {})
    proc = copr_cli(alice_cli_config, "build-package", "demo", "--name", "python-six", "--nowait", ok=False)
    assert proc.returncode == 1 and "Error: Unset default source for package python-six" in proc.stderr
    proc = copr_cli(alice_cli_config, "delete-package", "demo", "--name", "hello", ok=False)
    assert proc.returncode == 1 and "Error: No package with name hello in copr demo" in proc.stderr


# ------------------------------------------------------------- permissions


def test_permissions_request_edit_list(server, alice_cli_config, tmp_path):
    bob = write_cli_config(tmp_path / "copr-bob", server, "bob")
    copr_cli(alice_cli_config, "create", "demo", "--chroot", "fedora-43-x86_64")
    proc = copr_cli(alice_cli_config, "list-permissions", "demo", ok=False)
    assert proc.returncode == 1 and "Error: No permissions set on alice/demo project" in proc.stderr

    since = server.last_seq()
    assert copr_cli(bob, "request-permissions", "alice/demo", "--builder").stdout == "success\n"
    assert writes(server, since) == [("PUT", "/api_3/project/permissions/request/alice/demo")]
    assert copr_cli(alice_cli_config, "list-permissions", "demo").stdout == "bob:\n  admin: nothing\n  builder: request\n"
    # bob may not read them (403: copr-cli's authentication error)
    proc = copr_cli(bob, "list-permissions", "alice/demo", ok=False)
    assert proc.returncode == 7
    assert "User 'bob' can not see permissions for project 'alice/demo' (missing admin rights)" in proc.stderr

    since = server.last_seq()
    out = copr_cli(alice_cli_config, "edit-permissions", "demo", "--builder", "bob", "--admin", "bob=request").stdout
    assert out == "success\n"
    assert writes(server, since) == [("PUT", "/api_3/project/permissions/set/alice/demo")]
    assert copr_cli(alice_cli_config, "list-permissions", "demo").stdout == \
        "bob:\n  admin: request\n  builder: approved\n"
    proc = copr_cli(bob, "request-permissions", "alice/demo", "--builder", ok=False)
    assert proc.returncode == 1 and "Error: You already are 'builder' in 'alice/demo'" in proc.stderr
    # all or nothing: one unknown user, no change
    proc = copr_cli(alice_cli_config, "edit-permissions", "demo", "--builder", "bob=nothing", "--admin", "ghost",
                    ok=False)
    assert proc.returncode == 1 and "Error: user 'ghost' doesn't exist in database" in proc.stderr
    proc = copr_cli(alice_cli_config, "edit-permissions", "demo", "--admin", "alice", ok=False)
    assert "Error: user 'alice' is owner of the 'alice/demo' project" in proc.stderr
    assert server.api("GET", "project/permissions/get/alice/demo", "alice").json() == {
        "permissions": {"bob": {"admin": "request", "builder": "approved"}}}

    # the approved builder builds; dropping the role ("nothing") keeps the row
    out = copr_cli(bob, "build", "--nowait", "alice/demo", "https://example.com/p/x-1-1.src.rpm").stdout
    assert get_build(server, build_id_from(out)[0])["submitter"] == "bob"
    assert copr_cli(bob, "request-permissions", "alice/demo", "--builder", "nothing", "--admin", "nothing").stdout \
        == "success\n"
    assert copr_cli(alice_cli_config, "list-permissions", "demo").stdout == "bob:\n  admin: nothing\n  builder: nothing\n"
    proc = copr_cli(bob, "build", "--nowait", "alice/demo", "https://example.com/p/x-1-1.src.rpm", ok=False)
    # (copr-cli's check-before-build refuses first)
    assert "Error: User 'bob' is not allowed to build in 'alice/demo'" in proc.stderr


# -------------------------------------------------------------------- fork


def test_fork_new_and_existing(server, alice_cli_config, tmp_path):
    server.config(build_speed=0)
    bob = write_cli_config(tmp_path / "copr-bob", server, "bob")
    copr_cli(alice_cli_config, "create", "demo", "--chroot", "fedora-43-x86_64", "--chroot", "epel-9-x86_64",
             "--description", "alice's demo")
    copr_cli(alice_cli_config, "add-package-scm", "demo", "--name", "hello", "--clone-url",
             "https://example.com/hello.git", "--webhook-rebuild", "on")
    (built,) = build_id_from(copr_cli(alice_cli_config, "build-package", "demo", "--name", "hello",
                                      "--nowait").stdout)
    server.control(built, "advance", {"to": "succeeded"})

    since = server.last_seq()
    out = copr_cli(bob, "fork", "alice/demo", "mine").stdout
    assert out == ("Forking project alice/demo for you into bob/mine.\n"
                   "Please be aware that it may take a few minutes to duplicate backend data.\n")
    assert writes(server, since) == [("POST", "/api_3/project/fork/alice/demo")]
    project = get_project(server, "bob", "mine").json()
    assert (project["description"], sorted(project["chroot_repos"])) == (
        "alice's demo", ["epel-9-x86_64", "fedora-43-x86_64"])
    out = copr_cli(bob, "list-builds", "mine").stdout
    lines = [line.split("\t") for line in out.splitlines()]
    assert [(line[1], line[2]) for line in lines] == [("hello", "forked")]
    forked = int(lines[0][0])
    assert forked != built
    assert copr_cli(bob, "status", str(forked)).stdout == "forked\n"
    build = get_build(server, forked)
    assert (build["chroots"], build["submitter"], build["project_dirname"]) == (
        ["fedora-43-x86_64", "epel-9-x86_64"], "alice", "mine")
    package = json.loads(copr_cli(bob, "get-package", "mine", "--name", "hello").stdout)
    assert (package["auto_rebuild"], package["source_dict"]["clone_url"]) == (False, "https://example.com/hello.git")

    # into an existing project: refused without --confirm, nothing changes
    proc = copr_cli(bob, "fork", "alice/demo", "mine", ok=False)
    assert proc.returncode == 1
    assert "You are about to fork into existing project: mine" in proc.stderr
    assert "Please use --confirm if you really want to do this" in proc.stderr
    assert len(copr_cli(bob, "list-builds", "mine").stdout.splitlines()) == 1
    copr_cli(bob, "modify", "mine", "--description", "bob's copy")
    out = copr_cli(bob, "fork", "alice/demo", "mine", "--confirm").stdout
    assert out == ("Updating packages in bob/mine from alice/demo.\n"
                   "Please be aware that it may take a few minutes to duplicate backend data.\n")
    assert get_project(server, "bob", "mine").json()["description"] == "bob's copy"
    assert [line.split("\t")[2] for line in copr_cli(bob, "list-builds", "mine").stdout.splitlines()] == [
        "forked", "forked"]

    # a group destination, and the errors
    out = copr_cli(alice_cli_config, "fork", "demo", "@qa/team").stdout
    assert out.startswith("Forking project alice/demo for you into @qa/team.\n")
    proc = copr_cli(bob, "fork", "alice/demo", "@qa/team", ok=False)
    assert proc.returncode == 1 and "Error: owner: Not a valid choice." in proc.stderr
    proc = copr_cli(bob, "fork", "alice/nope", "x", ok=False)
    assert proc.returncode == 1 and "Error: Project alice/nope does not exist." in proc.stderr


def test_monitor_shows_the_latest_build_of_each_package_per_chroot(server, alice_cli_config):
    server.config(build_speed=0)
    copr_cli(alice_cli_config, "create", "demo", "--chroot", "fedora-43-x86_64", "--chroot", "epel-9-x86_64")
    out = copr_cli(alice_cli_config, "build", "--nowait", "demo", "https://example.com/p/foo-1.0-1.src.rpm",
                   "https://example.com/p/bar-2.0-1.src.rpm").stdout
    foo_id, bar_id = build_id_from(out)
    server.control(foo_id, "advance", {"to": "succeeded"})
    server.control(bar_id, "advance", {"to": "running"})
    out = copr_cli(alice_cli_config, "build", "--nowait", "demo", "https://example.com/p/foo-1.1-1.src.rpm",
                   "-r", "epel-9-x86_64").stdout
    (foo2,) = build_id_from(out)
    server.control(foo2, "advance", {"to": "pending"})
    out = copr_cli(alice_cli_config, "monitor", "demo", "--output-format", "text-row",
                   "--fields", "name,chroot,build_id,state,pkg_version").stdout
    assert sorted(line.split("\t") for line in out.splitlines()) == sorted(line.split() for line in [
        "bar fedora-43-x86_64 {0} running 2.0-1".format(bar_id),
        "bar epel-9-x86_64 {0} running 2.0-1".format(bar_id),
        "foo fedora-43-x86_64 {0} succeeded 1.0-1".format(foo_id),
        "foo epel-9-x86_64 {0} pending 1.1-1".format(foo2),
    ])
    response = server.api("GET", "monitor", params={"ownername": "alice", "projectname": "demo",
                                                    "additional_fields[]": ["url_build_log", "nope"]})
    assert (response.status_code, response.json()) == (400, {"error": "Wrong additional_fields argument(s): nope"})


def test_apiv1_projects_are_copr_cli_projects(server, alice_cli_config):
    """APIv1 and APIv3 share the state: copr-cli sees a legacy-made project, the legacy API sees copr-cli's."""
    body = {"name": "legacy", "fedora-43-x86_64": "y", "description": "made through APIv1"}
    assert server.v1("POST", "coprs/alice/new/", "alice", json=body).status_code == 200
    out = copr_cli(alice_cli_config, "get", "legacy").stdout
    assert out.splitlines()[:4] == [
        "Name: legacy", "  Description: made through APIv1", "  Repo(s):",
        "    fedora-43-x86_64: {0}/results/alice/legacy/fedora-43-x86_64/".format(server.base_url)]
    copr_cli(alice_cli_config, "create", "modern", "--chroot", "epel-9-x86_64", "--description", "made by copr-cli")
    assert server.v1("GET", "coprs/alice/modern/detail/").json()["detail"]["description"] == "made by copr-cli"
    assert [r["name"] for r in server.v1("GET", "coprs/alice/").json()["repos"]] == ["legacy", "modern"]
    copr_cli(alice_cli_config, "delete", "legacy")
    assert server.v1("GET", "coprs/alice/legacy/detail/").status_code == 404
