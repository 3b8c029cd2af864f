#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: copr_chroot
short_description: Enable, configure and remove the chroots of a Fedora Copr project
version_added: 0.1.0
description:
  - Makes one chroot of a Copr project match what the task declares. The module reads the project's chroot set
    and the chroot's settings, compares only the options that the task sets, and enables the chroot, edits only
    the settings that differ, removes the chroot from the project, or does nothing.
  - An option that is not set is left alone; an explicit empty list (V([])) clears the setting.
  - Enabling or removing a chroot edits the project's chroot set; the other chroots of the project are kept.
  - Speaks Copr APIv3 (C(/api_3/)), or the legacy APIv1 (C(/api/)) of old self-hosted frontends with
    O(api_version=1); see the notes for what APIv1 can do.
author:
  - copr.copr developers (@copr-ansible)
extends_documentation_fragment:
  - copr.copr.copr
  - copr.copr.copr.action_group
  - copr.copr.copr.attributes
options:
  owner:
    description:
      - Owner of the project, a user name or a group name with a leading C(@) (for example V(@qa)). Checked
        before any request - no C(/), no whitespace.
      - Defaults to C(username) from the config file or E(COPR_USERNAME), else to the user the API token belongs to.
    type: str
    aliases: [ownername]
  project:
    description:
      - Name of the project, without its owner (V(tools), not V(alice/tools); the owner goes in O(owner)).
        Checked before any request with Copr's rule - letters, digits, underscores, dashes and dots, not only digits.
      - It must exist. In check mode a missing project is reported as a warning and the task shows what it
        would do once the project exists (an earlier task may be about to create it).
    type: str
    required: true
    aliases: [projectname]
  chroot:
    description:
      - Name of the chroot, for example V(fedora-rawhide-x86_64). Checked before any request -
        C(<distribution>-<release>-<architecture>), lowercase letters, digits, C(_), C(.), C(+).
      - To enable it, it must be an active chroot of Copr; end-of-life chroots cannot be added. An unknown name
        fails with the nearest active names.
    type: str
    required: true
    aliases: [chrootname]
  state:
    description:
      - V(present) enables the chroot in the project (if it is not) and applies the settings.
      - V(absent) removes the chroot from the project. Copr keeps its settings and its comps.xml, and brings them
        back when the chroot is enabled again; the module then compares and edits them like any other difference.
      - Copr refuses to remove a chroot that still has unfinished builds (HTTP 409); cancel them or wait first.
      - The last chroot of a project cannot be removed (delete the project instead).
    type: str
    choices: [present, absent]
    default: present
  additional_packages:
    description:
      - Packages added to the minimal buildroot. Order does not matter. V([]) clears the list.
    type: list
    elements: str
  additional_repos:
    description:
      - Repositories added to builds in this chroot.
      - Each must be a URL Copr accepts, checked before any request - C(http://) or C(https://) with a host, or
        C(copr://owner/project).
      - The list is compared in order. V([]) clears it.
    type: list
    elements: str
  additional_modules:
    description:
      - Module toggles, V(name:stream) to enable a module stream or V(!name:stream) to disable it (checked before
        any request).
      - The list is compared in order. V([]) clears it.
    type: list
    elements: str
  with_opts:
    description:
      - C(rpmbuild --with) conditionals, for example V(tests). Order does not matter. V([]) clears the list.
    type: list
    elements: str
  without_opts:
    description:
      - C(rpmbuild --without) conditionals. Order does not matter. V([]) clears the list.
    type: list
    elements: str
  isolation:
    description:
      - Build isolation for this chroot; V(unchanged) (Copr's default for a chroot) inherits the project's setting.
    type: str
    choices: [unchanged, default, nspawn, simple]
  bootstrap:
    description:
      - The mock bootstrap setting for this chroot; V(unchanged) inherits the project's setting.
      - V(custom_image) needs O(bootstrap_image).
      - Write-only, see O(write_only).
    type: str
    choices: [unchanged, default, 'off', 'on', image, custom_image]
  bootstrap_image:
    description:
      - The container image for the bootstrap chroot, for example V(registry.fedoraproject.org/fedora:43).
        Copr sets O(bootstrap) to V(custom_image) when only this is sent.
      - Write-only, see O(write_only).
    type: str
  comps:
    description:
      - Path of a local C(comps.xml) file for this chroot (package groups for the buildroot).
      - It is uploaded only when its content differs from the comps.xml Copr has for the chroot.
    type: path
  delete_comps:
    description:
      - V(true) ensures that the chroot has no comps.xml (removes it if there is one).
      - V(false) leaves the comps.xml alone.
    type: bool
    default: false
  write_only:
    description:
      - When O(bootstrap) and O(bootstrap_image), which Copr accepts but never returns, are sent.
      - V(create) sends them only when this task enables the chroot in the project; on a chroot that is already
        enabled they are skipped, with a warning that names this option.
      - V(always) sends them on every run, so the task reports C(changed) whenever one is set.
    type: str
    choices: [create, always]
    default: create
notes:
  - O(bootstrap) and O(bootstrap_image) are write-only in Copr (its API never returns them for a project chroot),
    so they are never compared; O(write_only) says when they are sent.
  - The comps.xml is compared by content (SHA-256) with the copy Copr serves at
    C(<api_url>/coprs/<owner>/<project>/chroot/<chroot>/comps/), so renaming the local file does not upload it
    again. The result shows the digest under RV(chroot.comps) and the uploaded file name under RV(chroot.comps_name).
  - Enabling or removing a chroot sends the project's whole chroot set. Two tasks that change the chroot set of
    the same project at the same time (for example with C(async) or several hosts) can undo each other's change.
  - With O(api_version=1) (Copr APIv1), only O(additional_packages) can be set; any other setting fails before
    anything is sent. The chroot is not checked against Copr's active chroots (APIv1 cannot list them); Copr
    refuses an unknown one.
  - With O(api_version=1), Copr shows a project's chroot set only once the project has a build. Before that, a
    chroot that is enabled can be configured, but enabling or removing one fails (nothing is sent), because the
    module cannot know the rest of the set; declare the set with the O(copr.copr.copr_project#module:chroots)
    option of M(copr.copr.copr_project) instead. A frontend from 2014 cannot change a chroot set at all.
  - With O(api_version=1), the module always sends the whole O(additional_packages) list (APIv1 replaces it with
    what is sent), and a frontend from 2021 also clears the chroot's C(with_opts), C(without_opts) and module
    toggles on every such change; APIv1 cannot avoid that.
seealso:
  - module: copr.copr.copr_project
  - name: Copr API documentation
    description: The Copr APIv3 reference.
    link: https://copr.fedorainfracloud.org/api_3/docs
"""

EXAMPLES = r"""
- name: Enable EPEL 9 in a project, with build dependencies from another project
  copr.copr.copr_chroot:
    project: tools
    chroot: epel-9-x86_64
    additional_packages: [python3-devel, gcc]
    additional_repos:
      - copr://@qa/deps
    additional_modules:
      - nodejs:20
      - "!python:3.9"
    with_opts: [tests]

- name: Configure a group project's chroot, credentials set once
  module_defaults:
    group/copr.copr.copr:
      api_login: "{{ copr_login }}"
      api_token: "{{ copr_token }}"
  block:
    - name: Use a comps.xml and nspawn isolation in rawhide
      copr.copr.copr_chroot:
        owner: "@qa"
        project: nightly
        chroot: fedora-rawhide-x86_64
        comps: files/comps.xml
        isolation: nspawn

- name: Clear the module toggles and the extra packages, keep everything else
  copr.copr.copr_chroot:
    project: tools
    chroot: epel-9-x86_64
    additional_modules: []
    additional_packages: []

- name: Remove a chroot from a project
  copr.copr.copr_chroot:
    project: tools
    chroot: fedora-42-x86_64
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
chroot:
  description:
    - The chroot as Copr reports it after the run, in option names; V({}) when it is not enabled in the project.
    - In check mode, the predicted chroot.
  returned: always
  type: dict
  contains:
    owner:
      description: Owner of the project.
      type: str
      sample: "@qa"
    project:
      description: Name of the project.
      type: str
      sample: tools
    chroot:
      description: Name of the chroot.
      type: str
      sample: epel-9-x86_64
    additional_packages:
      description: Packages added to the buildroot.
      type: list
      elements: str
      sample: [python3-devel, gcc]
    additional_repos:
      description: Repositories added to builds.
      type: list
      elements: str
      sample: ["copr://@qa/deps"]
    additional_modules:
      description: Module toggles.
      type: list
      elements: str
      sample: ["nodejs:20", "!python:3.9"]
    with_opts:
      description: C(rpmbuild --with) conditionals.
      type: list
      elements: str
      sample: [tests]
    without_opts:
      description: C(rpmbuild --without) conditionals.
      type: list
      elements: str
      sample: []
    isolation:
      description: Build isolation.
      type: str
      sample: unchanged
    comps_name:
      description: File name of the comps.xml Copr has for the chroot, or V(null).
      type: str
      sample: comps.xml
    comps:
      description: SHA-256 digest of the chroot's comps.xml (V(null) when it has none).
      type: str
      returned: when O(comps) or O(delete_comps) is set
      sample: "sha256:0f343b0931126a20f133d67c2b018a3b1a22e8b6a1b3c2c1d0e9f8a7b6c5d4e3"
    delete_after_days:
      description: Days until Copr deletes the chroot's data (set for a chroot being removed), or V(null).
      type: int
      sample: null
  sample:
    owner: "@qa"
    project: tools
    chroot: epel-9-x86_64
    additional_packages: [python3-devel, gcc]
    additional_repos: ["copr://@qa/deps"]
    additional_modules: ["nodejs:20", "!python:3.9"]
    with_opts: [tests]
    without_opts: []
    isolation: unchanged
    comps_name: null
    delete_after_days: null
operation:
  description:
    - What was done (or would be done in check mode). V(create) means the chroot was enabled in the project
      (then its settings were edited to match), V(delete) that it was removed from the project.
  returned: changed
  type: str
  choices: [create, update, delete]
  sample: update
"""

from ansible_collections.copr.copr.plugins.module_utils import copr_checks
from ansible_collections.copr.copr.plugins.module_utils.copr_module import WRITE_ONLY_SPEC, CoprModule
from ansible_collections.copr.copr.plugins.module_utils.copr_resources import (
    CHROOT_SETTINGS_CHECKS,
    CHROOT_SETTINGS_RULES,
    CHROOT_SETTINGS_SPEC,
    ChrootResource,
)


def main():
    module = CoprModule(
        argument_spec=dict(
            owner=dict(type="str", aliases=["ownername"]),
            project=dict(type="str", required=True, aliases=["projectname"]),
            chroot=dict(type="str", required=True, aliases=["chrootname"]),
            state=dict(type="str", default="present", choices=["present", "absent"]),
            write_only=WRITE_ONLY_SPEC,
            **CHROOT_SETTINGS_SPEC
        ),
        checks=dict(owner=copr_checks.owner_name, project=copr_checks.project_name, chroot=copr_checks.chroot_name,
                    **CHROOT_SETTINGS_CHECKS),
        **CHROOT_SETTINGS_RULES
    )
    module.params["owner"] = module.default_owner()
    module.ensure(ChrootResource(module))


if __name__ == "__main__":
    main()
