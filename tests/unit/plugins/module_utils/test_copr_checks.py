# -*- coding: utf-8 -*-
# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Copr's naming rules checked locally (copr_checks), and the role's per-item check (project_problems)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

import pytest

from ansible_collections.copr.copr.plugins.module_utils import copr_checks as checks
from ansible_collections.copr.copr.plugins.module_utils.copr_resources import project_chroots, project_problems


@pytest.mark.parametrize("name", ["tools", "my_tool.v2", "a-b", "x1", "ÄÖ"])
def test_valid_project_names(name):
    assert checks.project_name("name", name) == []


@pytest.mark.parametrize("name,problem", [
    ("alice/tools", "put the owner in owner: (owner: alice, name: tools)"),
    ("12345", "cannot be only digits"),
    ("my tool", "only letters, digits, underscores, dashes and dots"),
    ("tools!", "only letters, digits, underscores, dashes and dots"),
])
def test_invalid_project_names(name, problem):
    assert problem in checks.project_name("name", name)[0]


@pytest.mark.parametrize("owner,ok", [("alice", True), ("@qa", True), ("@my-group.x", True), ("a b", False),
                                      ("@qa/tools", False), ("@", False), ("a@b", False), ("", True)])
def test_owner_names(owner, ok):
    assert (checks.owner_name("owner", owner) == []) == ok


@pytest.mark.parametrize("chroot,ok", [
    ("fedora-rawhide-x86_64", True), ("epel-9-x86_64", True), ("centos-stream+epel-next-9-x86_64", True),
    ("opensuse-leap-15.6-x86_64", True), ("fedora-rawhide", False), ("fedora rawhide x86_64", False),
    ("fedora-rawhide-x86_64,epel-9-x86_64", False), ("Fedora-Rawhide-x86_64", False),
])
def test_chroot_names(chroot, ok):
    assert (checks.chroot_name("chroot", chroot) == []) == ok


def test_repo_urls_follow_coprs_validator():
    good = ["https://example.com/repo/", "http://example.com/$releasever/$basearch/", "copr://alice/tools",
            "copr://@qa/deps", "https://a.example/x https://b.example/y"]
    assert checks.repo_urls("additional_repos", good) == []
    problems = checks.repo_urls("additional_repos", ["ftp://example.com/r", "copr://alice", "example.com/r",
                                                     "https:///r"])
    assert len(problems) == 4
    assert all(problem.startswith("additional_repos item '") for problem in problems)
    assert not any(re.search(r"(?<![_a-z])repos\b", problem) for problem in problems)


def test_module_toggles():
    assert checks.module_toggles("additional_modules", ["nodejs:20", "!python:3.9"]) == []
    assert checks.module_toggles("additional_modules", ["python"]) == [
        "additional_modules item 'python': expected name:stream to enable a module or !name:stream to disable it"]


def test_chroots_must_be_a_list():
    problems = project_chroots("chroots", "fedora-rawhide-x86_64, epel-9-x86_64")
    assert len(problems) == 1
    assert "chroots must be a list, not the string" in problems[0]
    assert "chroots: [fedora-rawhide-x86_64, epel-9-x86_64]" in problems[0]
    assert project_chroots("chroots", ["fedora-rawhide-x86_64", {"name": "epel-9-x86_64", "with_opts": ["x"]}]) == []


def test_chroot_items_are_checked_like_copr_chroot_options():
    problems = project_chroots("chroots", [
        "fedora rawhide",
        {"name": "epel-9-x86_64", "additonal_packages": ["gcc"], "isolation": "bogus", "additional_repos": ["x"],
         "additional_modules": ["python"]},
        {"name": "epel-9-x86_64"},
        {"with_opts": ["x"]},
    ])
    assert problems[0].startswith("chroots[0] 'fedora rawhide' is not a chroot name")
    assert "chroots[1] (epel-9-x86_64): unknown option additonal_packages (did you mean additional_packages?)" in problems
    assert any(p.startswith("chroots[1] (epel-9-x86_64): value of isolation must be one of") for p in problems)
    assert any(p.startswith("chroots[1] (epel-9-x86_64).additional_repos item 'x'") for p in problems)
    assert any(p.startswith("chroots[1] (epel-9-x86_64).additional_modules item 'python'") for p in problems)
    assert "chroots[2] (epel-9-x86_64): chroot epel-9-x86_64 is listed twice" in problems
    assert "chroots[3]: missing required arguments: name" in problems


def test_project_problems_name_each_item():
    items = [
        {"name": "ok", "chroots": ["fedora-rawhide-x86_64"]},
        {"name": "tools", "owner": "@qa", "chroots": "fedora-rawhide-x86_64", "descripton": "typo"},
        {"description": "no name"},
        "not a dict",
    ]
    problems = project_problems(items)
    assert not any(p.startswith("copr_projects[0]") for p in problems)
    assert "copr_projects[1] (@qa/tools): unknown option descripton (did you mean description?)" in problems
    assert any(p.startswith("copr_projects[1] (@qa/tools): chroots must be a list") for p in problems)
    assert "copr_projects[2]: missing required arguments: name" in problems
    assert problems[-1].startswith("copr_projects[3] must be a dict of options")
    assert project_problems([]) == []
    assert project_problems("nope")[0].startswith("copr_projects must be a list")


def test_nearest():
    active = ["fedora-rawhide-x86_64", "fedora-43-x86_64", "epel-9-x86_64"]
    assert checks.nearest("fedora-rawhid-x86_64", active)[0] == "fedora-rawhide-x86_64"
    assert checks.nearest("zzz", active) == []
