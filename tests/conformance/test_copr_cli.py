"""The official copr-cli 2.6 (python-copr 2.7) against the local server.

Each test checks what copr-cli printed and what the server then holds (read
back through the API or the /_test control API).
"""

import os
import shutil
import subprocess
import sys

import pytest

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
