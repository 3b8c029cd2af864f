"""The official copr-cli 2.6 (python-copr 2.7) against the local server.

Each test checks what copr-cli printed and what the server then holds (read
back through the API or the /_test control API).
"""

import os
import shutil
import subprocess
import sys

import pytest
import requests

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
