#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: copr_build_info
short_description: Read Fedora Copr builds
version_added: 0.1.0
description:
  - With O(build_id), returns that build with the state and result URL of each of its chroots.
  - With O(project), lists the project's builds, newest first, optionally only those of one package or in
    one state, and at most O(limit) of them.
  - Never changes anything. Reading needs no credentials.
  - Speaks Copr APIv3 (C(/api_3/)), or the legacy APIv1 (C(/api/)) of old self-hosted frontends with
    O(api_version=1); see the notes for what APIv1 can do.
author:
  - copr.copr developers (@copr-ansible)
extends_documentation_fragment:
  - copr.copr.copr
  - copr.copr.copr.action_group
  - copr.copr.copr.info_attributes
options:
  build_id:
    description:
      - Id of the build to read. When it does not exist, RV(builds) is V([]) and RV(build) is V({}).
    type: int
  owner:
    description:
      - Owner of the project, a user name or a group name with a leading C(@).
      - Defaults to C(username) from the config file or E(COPR_USERNAME), else to the user the API token belongs to.
    type: str
    aliases: [ownername]
  project:
    description:
      - Name of the project whose builds to list, without its owner (the owner goes in O(owner)). Required unless
        O(build_id) is set. Checked before any request with Copr's rule - letters, digits, underscores, dashes and
        dots, not only digits.
    type: str
    aliases: [projectname]
  package:
    description:
      - List only builds of this package. Copr knows a build's package only once it has imported the source.
    type: str
    aliases: [packagename]
  state:
    description:
      - List only builds in this state.
    type: str
    choices: [importing, pending, starting, running, waiting, succeeded, failed, canceled, skipped, forked]
  limit:
    description:
      - Return at most this many builds (the newest). Default is all of them, read in pages of 100.
    type: int
  chroot_details:
    description:
      - When listing, also read each build's chroots (state and result URL per chroot), one request per build.
      - With O(build_id) the chroots are always read.
    type: bool
    default: false
notes:
  - With O(api_version=1) (Copr APIv1), O(package) cannot be used (it fails before anything is sent). A project's
    builds can be listed only from a frontend from 2021 and once a build of the project has been imported;
    otherwise the task fails and says so (read single builds with O(build_id)). Build fields APIv1 does not show
    are V(null); a frontend from 2014 shows only a build's owner, project and state.
seealso:
  - module: copr.copr.copr_build
"""

EXAMPLES = r"""
- name: Read one build
  copr.copr.copr_build_info:
    build_id: 123456
  register: info

- name: Fail unless it succeeded in rawhide
  ansible.builtin.assert:
    that: info.build.build_chroots['fedora-rawhide-x86_64'].state == 'succeeded'

- name: The latest build of a package
  copr.copr.copr_build_info:
    owner: "@qa"
    project: tools
    package: hello
    limit: 1
  register: latest

- name: Every build still pending
  copr.copr.copr_build_info:
    project: tools
    state: pending
"""

RETURN = r"""
retries:
  description:
    - How many requests the task sent again after a transient failure (see O(retries)); V(0) when every request
      succeeded at once. A build submitted again after an ambiguous failure counts too.
  returned: always
  type: int
  sample: 0
builds:
  description:
    - The builds, newest first, each as in RV(build) (RV(build.build_chroots) only with O(chroot_details) or O(build_id)).
  returned: always
  type: list
  elements: dict
  sample: [{id: 123456, state: succeeded, owner: "@qa", project: tools, chroots: [fedora-rawhide-x86_64]}]
build:
  description: The build named by O(build_id), V({}) when it does not exist.
  returned: when O(build_id) is set
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
      description: Chroot names of the build.
      type: list
      elements: str
      sample: [fedora-rawhide-x86_64]
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
      description: The source package, C(name), C(version) and C(url); name and version are null until Copr has
        imported the source.
      type: dict
      sample: {name: hello, version: 1.0-1.fc43, url: "https://example.com/pkgs/hello-1.0-1.fc43.src.rpm"}
    repo_url:
      description: Base URL of the project's results.
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
      description: End of the last chroot, Unix seconds, or null.
      type: int
    is_background:
      description: Whether the build runs with lower priority.
      type: bool
"""

from ansible_collections.copr.copr.plugins.module_utils import copr_checks
from ansible_collections.copr.copr.plugins.module_utils.copr_build_task import run_build_info
from ansible_collections.copr.copr.plugins.module_utils.copr_module import CoprModule


def main():
    module = CoprModule(
        argument_spec=dict(
            build_id=dict(type="int"),
            owner=dict(type="str", aliases=["ownername"]),
            project=dict(type="str", aliases=["projectname"]),
            package=dict(type="str", aliases=["packagename"]),
            state=dict(type="str", choices=["importing", "pending", "starting", "running", "waiting", "succeeded",
                                            "failed", "canceled", "skipped", "forked"]),
            limit=dict(type="int"),
            chroot_details=dict(type="bool", default=False),
        ),
        checks=dict(owner=copr_checks.owner_name, project=copr_checks.project_name),
        required_one_of=[("build_id", "project")],
    )
    run_build_info(module)


if __name__ == "__main__":
    main()
