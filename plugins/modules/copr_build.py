#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: copr_build
short_description: Submit, wait for, cancel and delete Fedora Copr builds
version_added: 0.1.0
description:
  - Submits a build to a Copr project from exactly one source (SRPM or spec URLs, a local SRPM, a Git or SVN
    repository, PyPI, RubyGems, a custom script, dist-git, or a package defined in the project).
  - Idempotent by default. Before submitting, the module looks among the project's newest builds for a build
    of the same source that succeeded, was forked, or is still pending or running in the requested chroots.
    If there is one, it reports C(changed=false) and returns that build. O(force=true) always submits.
  - With O(wait=true) it polls until every build is final, with a growing interval between polls.
  - With O(build_id), it manages an existing build instead; O(state=canceled) cancels it and O(state=absent)
    deletes it.
  - Speaks Copr APIv3 (C(/api_3/)).
author:
  - copr.copr developers (@copr-ansible)
extends_documentation_fragment:
  - copr.copr.copr
  - copr.copr.copr.action_group
  - copr.copr.copr.attributes
attributes:
  check_mode:
    support: full
    details: Reads the project and its builds and reports whether it would submit (or cancel, or delete); sends nothing.
  diff_mode:
    support: full
    details: A submission shows what would be submitted; a cancel shows the state change; a delete shows the build.
options:
  owner:
    description:
      - Owner of the project, a user name or a group name with a leading C(@).
      - Defaults to C(username) from the config file or E(COPR_USERNAME), else to the user the API token belongs to.
    type: str
    aliases: [ownername]
  project:
    description:
      - Name of the project to build in. Required to submit a build.
      - With O(build_id), optional; when set, the build must belong to this project.
    type: str
    aliases: [projectname]
  url:
    description:
      - One or more URLs of SRPMs (C(.src.rpm), C(.nosrc.rpm)) or spec files (C(.spec)). Copr creates one build per URL.
      - A URL counts as already built when a build has the same URL, or, once Copr has imported it, the same
        package name and version-release as the URL's file name C(name-version-release.src.rpm).
    type: list
    elements: str
  srpm:
    description:
      - Path of a local source RPM, uploaded to Copr. The file is streamed from disk, so memory use does not
        grow with its size.
      - Its name, epoch, version and release are read from the RPM header (no rpm bindings needed); a build of
        the same name and C([epoch:]version-release) counts as already built.
    type: path
  scm:
    description:
      - Build from a Git or SVN repository. A build of the same clone URL, committish, subdirectory and spec
        counts as already built; a branch name is compared as a name, not resolved to a commit.
    type: dict
    suboptions:
      clone_url:
        description: URL to clone.
        type: str
        required: true
      committish:
        description: Branch, tag or commit. Default is the repository's default branch.
        type: str
      subdirectory:
        description: Subdirectory of the repository that holds the package.
        type: str
      spec:
        description: Path of the spec file in the subdirectory (found automatically when not set).
        type: str
      type:
        description: Version control system.
        type: str
        choices: [git, svn]
        default: git
      method:
        description: How Copr makes the SRPM.
        type: str
        choices: [rpkg, tito, tito_test, make_srpm]
        default: rpkg
  pypi:
    description:
      - Build a package from PyPI. A build of the same PyPI name and version counts as already built.
      - Without O(pypi.version), Copr builds the latest release, and a build submitted without a version counts
        as already built, even if PyPI has a newer release since; set the version (or O(force)) to move on.
    type: dict
    suboptions:
      package_name:
        description: Name of the package on PyPI.
        type: str
        required: true
      version:
        description: Version to build. Default is the latest.
        type: str
      spec_generator:
        description: Tool that writes the spec file.
        type: str
        choices: [pyp2rpm, pyp2spec]
      python_versions:
        description: Python major versions to build for (pyp2rpm only).
        type: list
        elements: str
  rubygems:
    description:
      - Build a gem from RubyGems. Copr's RubyGems source has no version, so any build of the same gem counts
        as already built; use O(force) to rebuild.
    type: dict
    suboptions:
      gem_name:
        description: Name of the gem.
        type: str
        required: true
  custom:
    description:
      - Build from the SRPM (or spec and sources) that a script produces. A build with the same script,
        chroot, build dependencies, result directory and repositories counts as already built.
    type: dict
    suboptions:
      script:
        description: The script (at most 4096 characters).
        type: str
        required: true
      chroot:
        description: Chroot the script runs in. Copr's default is C(fedora-latest-x86_64).
        type: str
      builddeps:
        description: Packages the script needs.
        type: list
        elements: str
      resultdir:
        description: Directory where the script leaves its results.
        type: str
      repos:
        description: Extra repositories for the script's chroot.
        type: list
        elements: str
  distgit:
    description:
      - Build a package from a dist-git instance. A build of the same package, instance, namespace and
        committish counts as already built.
    type: dict
    suboptions:
      package_name:
        description: Name of the package in dist-git.
        type: str
        required: true
      distgit:
        description: Dist-git instance, for example V(fedora) or V(centos). Default is the Copr deployment's first one.
        type: str
      namespace:
        description: Namespace in dist-git, for example V(forks/user).
        type: str
      committish:
        description: Branch, tag or commit.
        type: str
  package:
    description:
      - Rebuild a package defined in the project, from the source configured for it.
      - Any build of that package that succeeded, was forked or is still running in the requested chroots
        counts as already built; use O(force) to rebuild.
    type: str
  chroots:
    description:
      - Chroots to build in, names or shell patterns (for example V(fedora-*-x86_64)) over the project's chroots.
      - Default is every chroot of the project (for O(package), the package's chroots).
      - A name or pattern that matches none of the project's chroots is an error, and nothing is submitted.
    type: list
    elements: str
  exclude_chroots:
    description:
      - Chroots (names or patterns) not to build in, removed from O(chroots).
    type: list
    elements: str
  build_timeout:
    description:
      - Seconds Copr lets the build run before it kills it (Copr's C(timeout) build option). Copr's default is 18000.
      - Named C(build_timeout) because O(timeout) is the HTTP timeout of each request.
    type: int
  enable_net:
    description:
      - Whether the build has network access. Default is the project's setting.
    type: bool
  background:
    description:
      - Whether the build runs with lower priority.
    type: bool
  isolation:
    description:
      - Build isolation. V(unchanged) uses the project's and chroot's setting.
    type: str
    choices: [unchanged, default, nspawn, simple]
  bootstrap:
    description:
      - Mock bootstrap setting for this build. V(unchanged) uses the project's and chroot's setting.
    type: str
    choices: [unchanged, default, 'off', 'on', image]
  after_build_id:
    description:
      - Start this build after the batch of that build has finished.
    type: int
  with_build_id:
    description:
      - Put this build into the batch of that (unfinished) build.
    type: int
  force:
    description:
      - Submit even if a build of the same source already succeeded or is on its way.
    type: bool
    default: false
  build_id:
    description:
      - Manage this existing build instead of submitting one. Cannot be combined with a source.
      - With O(wait=true) and no O(state), waits for the build to finish.
    type: int
  state:
    description:
      - Only with O(build_id).
      - V(canceled) cancels the build; a build that is already final (succeeded, failed, canceled, ...) is left
        alone and the task reports no change.
      - V(absent) deletes the build; deleting a build that is gone is no change. Copr deletes only finished
        builds, so cancel an unfinished build first.
    type: str
    choices: [canceled, absent]
  wait:
    description:
      - Wait until every build is final (succeeded, failed, canceled, skipped or forked).
      - Polls each unfinished build once per interval; the interval starts at O(wait_interval) and grows by
        half each time up to 60 seconds. A failed poll (no answer, HTTP 5xx) is retried at the next interval.
    type: bool
    default: false
  wait_timeout:
    description:
      - Seconds to wait at most with O(wait=true). At the deadline the task fails and returns the builds as
        they are; the builds go on in Copr.
    type: int
    default: 3600
  wait_interval:
    description:
      - Seconds before the first poll with O(wait=true).
    type: float
    default: 5
  fail_on_build_failure:
    description:
      - With O(wait=true), fail the task when a build ends in any state but succeeded, forked or skipped. The
        message names the failed chroots and their result and log URLs.
    type: bool
    default: true
notes:
  - A submission is never retried. If the connection drops after the request was sent, the module looks for
    the build it may have created (a matching build newer than those seen before) instead of sending again;
    if it finds none it fails without resending.
  - The idempotency search looks at the project's 100 newest builds. For sources other than O(url), O(srpm) and
    O(package) it reads the source of each candidate build (one request each, 25 at most).
  - A build of an earlier version does not count; a failed build counts only for the chroots in which it
    succeeded.
seealso:
  - module: copr.copr.copr_build_info
  - name: Copr API documentation
    description: The Copr APIv3 reference.
    link: https://copr.fedorainfracloud.org/api_3/docs
"""

EXAMPLES = r"""
- name: Build an SRPM from a URL, once
  copr.copr.copr_build:
    owner: "@qa"
    project: tools
    url: https://example.com/pkgs/hello-1.0-1.fc43.src.rpm

- name: Upload a local SRPM, build it in two chroots and wait for the result
  copr.copr.copr_build:
    project: tools
    srpm: /tmp/rpmbuild/SRPMS/hello-1.0-1.src.rpm
    chroots:
      - fedora-rawhide-x86_64
      - epel-9-x86_64
    wait: true
    wait_timeout: 7200
  register: hello

- name: Show where the packages are
  ansible.builtin.debug:
    msg: "{{ hello.build.repo_url }}"

- name: Build a tag of a Git repository, credentials set once
  module_defaults:
    group/copr.copr.copr:
      api_login: "{{ copr_login }}"
      api_token: "{{ copr_token }}"
  block:
    - name: Build v2.1 with tito
      copr.copr.copr_build:
        project: tools
        scm:
          clone_url: https://github.com/example/hello.git
          committish: v2.1
          method: tito

- name: Build a PyPI release for Fedora only
  copr.copr.copr_build:
    project: python-stuff
    pypi:
      package_name: requests
      version: "2.32.3"
    chroots: ["fedora-*"]

- name: Rebuild a package of the project, even if it was built already
  copr.copr.copr_build:
    project: tools
    package: hello
    force: true

- name: Cancel a build
  copr.copr.copr_build:
    build_id: 123456
    state: canceled

- name: Delete a finished build
  copr.copr.copr_build:
    build_id: 123456
    state: absent
"""

RETURN = r"""
retries:
  description:
    - How many requests the task sent again after a transient failure (see O(retries)); V(0) when every request
      succeeded at once. A build submitted again after an ambiguous failure counts too.
  returned: always
  type: int
  sample: 0
build:
  description:
    - The build (the one submitted, the existing one that made submitting unnecessary, or the one named by
      O(build_id)), as Copr reports it at the end of the task.
    - V({}) after a delete, or in check mode when a build would be submitted.
    - Not returned when several URLs give several builds; see RV(builds).
  returned: when there is at most one build
  type: dict
  contains:
    id:
      description: Build id.
      type: int
      sample: 123456
    state:
      description: Overall state (importing, pending, starting, running, waiting, succeeded, failed, canceled, skipped, forked).
      type: str
      sample: succeeded
    owner:
      description: Owner of the project.
      type: str
      sample: "@qa"
    project:
      description: Name of the project.
      type: str
      sample: tools
    project_dirname:
      description: The project directory the build went to.
      type: str
      sample: tools
    chroots:
      description: Chroot names of the build (empty until Copr has imported the source when no chroots were given).
      type: list
      elements: str
      sample: [epel-9-x86_64, fedora-rawhide-x86_64]
    build_chroots:
      description: Per chroot, its C(state), C(result_url), C(log_url), C(started_on) and C(ended_on).
      type: dict
      sample:
        fedora-rawhide-x86_64:
          state: succeeded
          result_url: https://download.copr.fedorainfracloud.org/results/@qa/tools/fedora-rawhide-x86_64/00123456-hello/
          log_url: https://download.copr.fedorainfracloud.org/results/@qa/tools/fedora-rawhide-x86_64/00123456-hello/builder-live.log.gz
          started_on: 1795721800
          ended_on: 1795722400
    source_package:
      description: The source package, C(name), C(version) (C([epoch:]version-release)) and C(url); name and version
        are null until Copr has imported the source.
      type: dict
      sample: {name: hello, version: 1.0-1.fc43, url: "https://example.com/pkgs/hello-1.0-1.fc43.src.rpm"}
    repo_url:
      description: Base URL of the project's results (the repositories are per chroot below it).
      type: str
      sample: https://download.copr.fedorainfracloud.org/results/@qa/tools
    web_url:
      description: The build's page in the Copr web UI.
      type: str
      sample: https://copr.fedorainfracloud.org/coprs/build/123456/
    submitter:
      description: Who submitted the build.
      type: str
      sample: alice
    submitted_on:
      description: Submission time, Unix seconds.
      type: int
      sample: 1795721734
    started_on:
      description: Start of the first chroot, Unix seconds, or null.
      type: int
    ended_on:
      description: End of the last chroot, Unix seconds, or null until every chroot has ended.
      type: int
    is_background:
      description: Whether the build runs with lower priority.
      type: bool
builds:
  description:
    - Every build the task submitted, found or managed, each as in RV(build). V([]) when there is none.
  returned: always
  type: list
  elements: dict
  sample: [{id: 123456, state: pending, owner: alice, project: tools}]
operation:
  description: What was done (or would be done in check mode).
  returned: changed
  type: str
  choices: [create, cancel, delete]
  sample: create
"""

from ansible_collections.copr.copr.plugins.module_utils.copr_build_task import run_build
from ansible_collections.copr.copr.plugins.module_utils.copr_module import CoprModule

SOURCES = ("url", "srpm", "scm", "pypi", "rubygems", "custom", "distgit", "package")


def main():
    source_dict = dict(type="dict")
    module = CoprModule(
        argument_spec=dict(
            owner=dict(type="str", aliases=["ownername"]),
            project=dict(type="str", aliases=["projectname"]),
            url=dict(type="list", elements="str"),
            srpm=dict(type="path"),
            scm=dict(source_dict, options=dict(
                clone_url=dict(type="str", required=True),
                committish=dict(type="str"),
                subdirectory=dict(type="str"),
                spec=dict(type="str"),
                type=dict(type="str", default="git", choices=["git", "svn"]),
                method=dict(type="str", default="rpkg", choices=["rpkg", "tito", "tito_test", "make_srpm"]),
            )),
            pypi=dict(source_dict, options=dict(
                package_name=dict(type="str", required=True),
                version=dict(type="str"),
                spec_generator=dict(type="str", choices=["pyp2rpm", "pyp2spec"]),
                python_versions=dict(type="list", elements="str"),
            )),
            rubygems=dict(source_dict, options=dict(gem_name=dict(type="str", required=True))),
            custom=dict(source_dict, options=dict(
                script=dict(type="str", required=True),
                chroot=dict(type="str"),
                builddeps=dict(type="list", elements="str"),
                resultdir=dict(type="str"),
                repos=dict(type="list", elements="str"),
            )),
            distgit=dict(source_dict, options=dict(
                package_name=dict(type="str", required=True),
                distgit=dict(type="str"),
                namespace=dict(type="str"),
                committish=dict(type="str"),
            )),
            package=dict(type="str"),
            chroots=dict(type="list", elements="str"),
            exclude_chroots=dict(type="list", elements="str"),
            build_timeout=dict(type="int"),
            enable_net=dict(type="bool"),
            background=dict(type="bool"),
            isolation=dict(type="str", choices=["unchanged", "default", "nspawn", "simple"]),
            bootstrap=dict(type="str", choices=["unchanged", "default", "off", "on", "image"]),
            after_build_id=dict(type="int"),
            with_build_id=dict(type="int"),
            force=dict(type="bool", default=False),
            build_id=dict(type="int"),
            state=dict(type="str", choices=["canceled", "absent"]),
            wait=dict(type="bool", default=False),
            wait_timeout=dict(type="int", default=3600),
            wait_interval=dict(type="float", default=5.0),
            fail_on_build_failure=dict(type="bool", default=True),
        ),
        mutually_exclusive=[SOURCES + ("build_id",), ("after_build_id", "with_build_id")],
        required_one_of=[SOURCES + ("build_id",)],
        required_by={"state": "build_id"},
    )
    run_build(module)


if __name__ == "__main__":
    main()
