# -*- coding: utf-8 -*-
# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Sources: the canonical form a declared source and Copr's stored one are compared in, the
translation of Copr's stored names, and the package add/edit bodies."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.copr.copr.plugins.module_utils import copr_api_v3
from ansible_collections.copr.copr.plugins.module_utils.copr_api import package_to_options, source_to_options
from ansible_collections.copr.copr.plugins.module_utils.copr_sources import (
    SOURCE_TYPES,
    canonical_source,
    comparable_source,
    normalise_script,
    source_argument_spec,
)


def same(declared, stored):
    """Whether a declared source (option names) equals a stored one (Copr's type and dict)."""
    kind = list(declared)[0]
    return comparable_source({kind: canonical_source(kind, declared[kind])}) == \
        comparable_source(source_to_options(stored[0], stored[1], "pkg"))


@pytest.mark.parametrize("script, stored", [
    ("echo", "echo\n"),
    ("echo\n", "echo\n"),
    ("#!/bin/sh\r\necho\r\n", "#!/bin/sh\necho\n"),
    ("#!/bin/sh\r\necho", "#!/bin/sh\necho\n"),
    # Copr converts only when the first line ends in CR
    ("#!/bin/sh\necho\r\n", "#!/bin/sh\necho\r\n"),
    ("  indented  \n", "  indented  \n"),    # a text area: not stripped
])
def test_script_gets_coprs_line_ends(script, stored):
    assert normalise_script(script) == stored


# Each case: declared fields (option names), what Copr stores (type, source_dict), equal?
CASES = [
    # scm: Copr's default type, method and empty strings; stored names type/srpm_build_method
    ({"scm": {"clone_url": " https://g/x.git ", "type": "git", "method": "rpkg"}},
     ("scm", {"type": "git", "clone_url": "https://g/x.git", "committish": "", "subdirectory": "", "spec": "",
              "srpm_build_method": "rpkg"}), True),
    ({"scm": {"clone_url": "https://g/x.git"}},
     ("scm", {"type": "git", "clone_url": "https://g/x.git", "committish": "", "subdirectory": "", "spec": "",
              "source_build_method": "rpkg"}), True),
    # an undeclared committish is the default branch: a stored one differs
    ({"scm": {"clone_url": "https://g/x.git"}},
     ("scm", {"type": "git", "clone_url": "https://g/x.git", "committish": "v1"}), False),
    ({"scm": {"clone_url": "https://g/x.git", "type": "svn"}},
     ("scm", {"type": "git", "clone_url": "https://g/x.git"}), False),
    ({"scm": {"clone_url": "https://g/x.git", "method": "tito"}},
     ("scm", {"type": "git", "clone_url": "https://g/x.git", "srpm_build_method": "rpkg"}), False),
    # pypi: names stripped, "" version is none, pyp2spec and ["3"] defaults, versions a set of strings
    ({"pypi": {"package_name": "requests ", "version": ""}},
     ("pypi", {"pypi_package_name": "requests", "pypi_package_version": None, "spec_generator": "pyp2spec",
               "spec_template": "", "python_versions": ["3"]}), True),
    ({"pypi": {"package_name": "requests", "python_versions": ["3", "2"], "spec_generator": "pyp2rpm"}},
     ("pypi", {"pypi_package_name": "requests", "spec_generator": "pyp2rpm", "python_versions": ["2", "3"]}), True),
    ({"pypi": {"package_name": "requests"}},
     ("pypi", {"pypi_package_name": "requests", "spec_generator": "pyp2spec", "python_versions": []}), False),
    ({"pypi": {"package_name": "requests", "version": "2.32.3"}},
     ("pypi", {"pypi_package_name": "requests", "pypi_package_version": "2.32.4",
               "spec_generator": "pyp2spec", "python_versions": ["3"]}), False),
    ({"rubygems": {"gem_name": "rake"}}, ("rubygems", {"gem_name": "rake"}), True),
    ({"rubygems": {"gem_name": "rake"}}, ("rubygems", {"gem_name": "rails"}), False),
    # custom: script line ends, default chroot, builddeps a set, repos ordered tokens, resultdir stripped
    ({"custom": {"script": "#!/bin/sh\r\nmake srpm", "builddeps": ["make", "git"], "repos": ["https://a https://b"],
                 "resultdir": " out "}},
     ("custom", {"script": "#!/bin/sh\nmake srpm\n", "chroot": "fedora-latest-x86_64", "builddeps": "git make",
                 "resultdir": "out", "repos": "https://a\nhttps://b"}), True),
    ({"custom": {"script": "x", "repos": ["https://b", "https://a"]}},
     ("custom", {"script": "x\n", "chroot": "fedora-latest-x86_64", "builddeps": None, "resultdir": None,
                 "repos": "https://a https://b"}), False),
    ({"custom": {"script": "x"}},
     ("custom", {"script": "x\n", "chroot": "fedora-43-x86_64", "builddeps": None, "resultdir": None,
                 "repos": ""}), False),
    # distgit: the name comes from the package; an undeclared instance is not compared; namespace as a path
    ({"distgit": {"package_name": "pkg", "namespace": "forks/me/", "committish": "f43"}},
     ("distgit", {"clone_url": "https://src.fedoraproject.org/forks/me/rpms/pkg", "distgit": "centos",
                  "namespace": "forks/me", "committish": "f43"}), True),
    ({"distgit": {"package_name": "pkg", "distgit": "fedora"}},
     ("distgit", {"clone_url": "https://git.centos.org/rpms/pkg", "distgit": "centos"}), False),
    ({"distgit": {"package_name": "pkg"}},
     ("distgit", {"clone_url": "https://src.fedoraproject.org/rpms/pkg", "distgit": "fedora", "committish": "f43"}),
     False),
    # another type, or no source at all (a reset package)
    ({"scm": {"clone_url": "https://g/x.git"}}, ("pypi", {"pypi_package_name": "x"}), False),
    ({"scm": {"clone_url": "https://g/x.git"}}, ("unset", {}), False),
]


@pytest.mark.parametrize("declared, stored, equal", CASES)
def test_declared_and_stored_sources_compare_as_copr_stores_them(declared, stored, equal):
    assert same(declared, stored) is equal


def test_a_distgit_source_read_from_a_build_takes_its_name_from_the_clone_url():
    built = source_to_options("distgit", {"clone_url": "https://src.fedoraproject.org/rpms/hello.git"})
    assert built == {"distgit": {"package_name": "hello", "distgit": None, "namespace": None, "committish": None}}


def test_unset_and_unknown_sources_are_none():
    assert source_to_options("unset", {}) is None
    assert source_to_options("link", {"url": "https://x"}) is None
    assert comparable_source(None) is None


def test_the_spec_is_one_for_both_modules_and_a_fresh_copy():
    spec = source_argument_spec()
    assert sorted(spec) == sorted(SOURCE_TYPES)
    spec["scm"]["options"]["type"]["default"] = "svn"
    assert source_argument_spec()["scm"]["options"]["type"]["default"] == "git"


def test_package_answer_in_option_names():
    raw = {"id": 3, "name": "hello", "ownername": "@qa", "projectname": "tools", "source_type": "scm",
           "source_dict": {"type": "svn", "clone_url": "https://s/x", "committish": "", "subdirectory": "",
                           "spec": "", "source_build_method": "make_srpm"},
           "auto_rebuild": True, "builds": {"latest": None, "latest_succeeded": None}}
    package = package_to_options(raw)
    assert package == {"id": 3, "name": "hello", "owner": "@qa", "project": "tools", "source_type": "scm",
                       "source": {"scm": {"clone_url": "https://s/x", "committish": None, "subdirectory": None,
                                          "spec": None, "type": "svn", "method": "make_srpm"}},
                       "webhook_rebuild": True}
    assert package_to_options(raw, builds=("latest",))["builds"] == {"latest": None}


@pytest.mark.parametrize("source, fields, body", [
    # an svn package keeps its type: scm_type is always sent; unset strings are sent as "" (they clear)
    ({"scm": canonical_source("scm", {"clone_url": "https://s/x", "type": "svn"})}, {},
     {"clone_url": "https://s/x", "committish": "", "subdirectory": "", "spec": "", "scm_type": "svn",
      "source_build_method": "rpkg"}),
    ({"pypi": canonical_source("pypi", {"package_name": "requests"})}, {"webhook_rebuild": False},
     {"pypi_package_name": "requests", "pypi_package_version": "", "spec_generator": "pyp2spec",
      "python_versions": ["3"], "webhook_rebuild": False}),
    ({"custom": canonical_source("custom", {"script": "x", "builddeps": ["b", "a"]})}, {},
     {"script": "x\n", "chroot": "fedora-latest-x86_64", "builddeps": "a b", "resultdir": "", "repos": ""}),
    # dist-git: the name is the package's; an undeclared instance is not sent
    ({"distgit": canonical_source("distgit", {"package_name": "hello"})},
     {"chroot_denylist": ["epel-*", "fedora-4*"], "max_builds": 5, "build_timeout": 600},
     {"namespace": "", "committish": "", "chroot_denylist": "epel-*, fedora-4*", "max_builds": 5, "timeout": 600}),
])
def test_package_bodies(source, fields, body):
    expected = dict(body, package_name="hello")
    assert copr_api_v3.CoprApiV3._package_body("hello", source, fields) == expected
