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
  - Speaks Copr APIv3 (C(/api_3/)), or the legacy APIv1 (C(/api/)) of old self-hosted frontends with
    O(api_version=1); see the notes for what APIv1 can do.
author:
  - copr.copr developers (@copr-ansible)
extends_documentation_fragment:
  - copr.copr.copr
  - copr.copr.copr.sources
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
      - Owner of the project, a user name or a group name with a leading C(@) (checked before any request).
      - Defaults to C(username) from the config file or E(COPR_USERNAME), else to the user the API token belongs to.
    type: str
    aliases: [ownername]
  project:
    description:
      - Name of the project to build in, without its owner (the owner goes in O(owner)). Required to submit a build.
        Checked before any request with Copr's rule - letters, digits, underscores, dashes and dots, not only digits.
      - In check mode, a project that does not exist (yet) gives a warning, and the task reports the build it
        would submit once an earlier task has created the project. Run for real, it fails.
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
      - Build from a Git or SVN repository. A build of the same clone URL, committish, subdirectory, spec and
        version control system counts as already built; a branch name is compared as a name, not resolved to a
        commit.
  pypi:
    description:
      - Build a package from PyPI. A build of the same PyPI name and version counts as already built.
      - Without O(pypi.version), Copr builds the latest release, and a build submitted without a version counts
        as already built, even if PyPI has a newer release since; set the version (or O(force)) to move on.
  rubygems:
    description:
      - Build a gem from RubyGems. Copr's RubyGems source has no version, so any build of the same gem counts
        as already built; use O(force) to rebuild.
  custom:
    description:
      - Build from the SRPM (or spec and sources) that a script produces. A build with the same script,
        chroot, build dependencies, result directory and repositories counts as already built.
  distgit:
    description:
      - Build a package from a dist-git instance (O(distgit.package_name) is required). A build of the same
        package, namespace and committish (and instance, when set) counts as already built.
  package:
    description:
      - Rebuild a package defined in the project (for example with M(copr.copr.copr_package)), from the source
        configured for it.
      - A build of that package from its current source (the same type and fields, compared like
        M(copr.copr.copr_package) compares them) that succeeded, was forked or is still running in the requested
        chroots counts as already built. After the package's source changed, its older builds no longer count.
        A package without a source (for example one Copr created when it imported an SRPM) is matched by name
        alone. Use O(force) to rebuild anyway.
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
      - Sent as C(timeout) with both values of O(api_version). A frontend from 2021 takes it on APIv1 but ignores
        it; one from 2014 honours it (1 to 36000) for "proven" users only.
    type: int
  memory:
    description:
      - Memory in MB for the build (2048 to 4096), an APIv1 build option (O(api_version=1)).
      - A frontend from 2014 honours it for "proven" users only; one from 2021 ignores it.
      - APIv3 has no such option; with O(api_version=3) the task fails before anything is sent.
    type: int
    version_added: 0.2.0
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
  - The idempotency search looks at the project's 100 newest builds. For sources other than O(url) and O(srpm)
    it reads the source of each candidate build (one request each, 25 at most); for O(package), it first reads
    the package (one request) and then the source of each build of that package it considers.
  - A build of an earlier version does not count; a failed build counts only for the chroots in which it
    succeeded.
  - With O(api_version=1) (Copr APIv1), only O(url) builds, O(build_timeout) and O(memory) can be used, and
    O(state=canceled) but not O(state=absent); anything else fails before anything is sent. Copr builds in all
    the project's chroots. A frontend from 2014 makes one build of all the URLs of O(url).
  - With O(api_version=1), whether a source was built already is decided from the project's build list, which a
    frontend from 2021 shows only once a build of the project has been imported and one from 2014 never shows.
    When the list cannot be read, the module refuses to submit (nothing is sent) rather than risk a duplicate
    build; O(force=true) submits anyway, on every run. Waiting reads each build (one request per build and poll).
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

from ansible_collections.copr.copr.plugins.module_utils import copr_checks
from ansible_collections.copr.copr.plugins.module_utils.copr_build_task import SOURCE_TYPES, run_build
from ansible_collections.copr.copr.plugins.module_utils.copr_module import CoprModule
from ansible_collections.copr.copr.plugins.module_utils.copr_sources import source_argument_spec

SOURCES = tuple(SOURCE_TYPES)


def main():
    module = CoprModule(
        argument_spec=dict(
            owner=dict(type="str", aliases=["ownername"]),
            project=dict(type="str", aliases=["projectname"]),
            url=dict(type="list", elements="str"),
            srpm=dict(type="path"),
            package=dict(type="str"),
            chroots=dict(type="list", elements="str"),
            exclude_chroots=dict(type="list", elements="str"),
            build_timeout=dict(type="int"),
            memory=dict(type="int"),
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
            **source_argument_spec()
        ),
        checks=dict(owner=copr_checks.owner_name, project=copr_checks.project_name),
        mutually_exclusive=[SOURCES + ("build_id",), ("after_build_id", "with_build_id")],
        required_one_of=[SOURCES + ("build_id",)],
        required_by={"state": "build_id"},
    )
    run_build(module)


if __name__ == "__main__":
    main()
