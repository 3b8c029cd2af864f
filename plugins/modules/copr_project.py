#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: copr_project
short_description: Create, update and delete Fedora Copr projects
version_added: 0.1.0
description:
  - Makes a Copr project match what the task declares. The module reads the project, compares only the
    options that the task sets, and creates the project, edits only the fields that differ, deletes it, or
    does nothing.
  - An option that is not set is left alone; an explicit empty value (V("") or V([])) clears the field.
  - Speaks Copr APIv3 (C(/api_3/)).
author:
  - copr.copr developers (@copr-ansible)
extends_documentation_fragment:
  - copr.copr.copr
  - copr.copr.copr.action_group
  - copr.copr.copr.attributes
options:
  name:
    description:
      - Name of the project. Letters, digits, underscores, dashes and dots; not all digits.
      - A project cannot be renamed.
    type: str
    required: true
    aliases: [projectname]
  owner:
    description:
      - Owner of the project, a user name or a group name with a leading C(@) (for example V(@qa)).
      - Defaults to C(username) from the config file or E(COPR_USERNAME), else to the user the API token belongs to.
    type: str
    aliases: [ownername]
  state:
    description:
      - V(present) creates or updates the project; V(absent) deletes it.
      - Copr refuses to delete a project that has unfinished builds; cancel them first.
    type: str
    choices: [present, absent]
    default: present
  chroots:
    description:
      - The B(exact) set of chroots (for example V(fedora-rawhide-x86_64)) enabled in the project.
      - Chroots enabled in Copr but not listed here are removed from the project (Copr keeps their settings
        and brings them back if the chroot is enabled again).
      - Required to create a project. Must be active chroots; end-of-life chroots cannot be added.
      - Each item is a chroot name, or a dict with C(name) and any per-chroot setting of M(copr.copr.copr_chroot)
        (C(additional_packages), C(additional_repos), C(additional_modules), C(with_opts), C(without_opts),
        C(isolation), C(bootstrap), C(bootstrap_image), C(comps), C(delete_comps)). The settings of dict items are
        converged in the same module run, with the same rules as M(copr.copr.copr_chroot). Only declared settings
        are compared and only differing ones are sent; settings not declared are left alone.
      - One task then manages a whole project, which is much faster than one M(copr.copr.copr_chroot) task per
        chroot (each module run costs about half a second of start-up).
    type: list
    elements: raw
  description:
    description:
      - Description of the project (Markdown). V("") clears it.
    type: str
  instructions:
    description:
      - Installation instructions (Markdown). V("") clears it.
    type: str
  homepage:
    description:
      - Homepage URL of the project. Copr's API cannot clear it once set.
    type: str
  contact:
    description:
      - Contact e-mail address or URL. Copr's API cannot clear it once set.
    type: str
  additional_repos:
    description:
      - Repositories added to every build in the project (C(http://), C(https://) or C(copr://owner/project)).
      - The list is compared in order. V([]) clears it.
    type: list
    elements: str
  enable_net:
    description:
      - Whether builds have network access. Projects created through the API default to V(false).
    type: bool
  unlisted_on_hp:
    description:
      - Whether the project is hidden from the Copr home page.
    type: bool
  auto_prune:
    description:
      - Whether old builds are pruned automatically. Only Copr admins may set V(false).
    type: bool
  devel_mode:
    description:
      - Whether repository metadata is B(not) regenerated automatically after each build.
    type: bool
  bootstrap:
    description:
      - The mock bootstrap chroot setting for builds.
    type: str
    choices: [default, 'on', 'off', image]
  bootstrap_image:
    description:
      - Bootstrap image. Copr accepts it on project create and ignores it at project level; set it per
        chroot instead. Write-only, see the notes.
    type: str
  isolation:
    description:
      - Build isolation.
    type: str
    choices: [default, nspawn, simple]
  module_hotfixes:
    description:
      - Whether the project's repository sets C(module_hotfixes=1).
    type: bool
  appstream:
    description:
      - Whether AppStream metadata is generated. Projects created through the API default to V(false).
    type: bool
  follow_fedora_branching:
    description:
      - Whether a new Fedora branch chroot is added automatically when Fedora branches.
    type: bool
  repo_priority:
    description:
      - Priority of the project's repository (1 or more). Copr cannot reset it to the default once set.
    type: int
  packit_forge_projects_allowed:
    description:
      - Forge projects (for example V(github.com/owner/repo)) allowed to build in this project through Packit.
      - A URL scheme is stripped, as Copr does.
    type: list
    elements: str
  delete_after_days:
    description:
      - Delete the project this many days after it is created (V(-1) never). Write-only, see the notes.
    type: int
  multilib:
    description:
      - Whether to build multilib repositories. Write-only, see the notes.
    type: bool
  fedora_review:
    description:
      - Whether to run C(fedora-review) after each build. Write-only, see the notes.
    type: bool
  runtime_dependencies:
    description:
      - Repositories that users of this project's repository need too. Write-only, see the notes.
    type: list
    elements: str
notes:
  - O(delete_after_days), O(multilib), O(fedora_review), O(runtime_dependencies) and O(bootstrap_image) are
    write-only in Copr (its API never returns them). They are applied when the project is created; on an
    existing project they are neither compared nor sent, and the module warns that they were skipped.
  - O(homepage) and O(contact) cannot be cleared through Copr's API; asking to clear one that is set fails.
  - Creating uses C(exist_ok), so a retried or concurrent create finds the existing project, which the module
    then edits to match.
seealso:
  - name: Copr API documentation
    description: The Copr APIv3 reference.
    link: https://copr.fedorainfracloud.org/api_3/docs
"""

EXAMPLES = r"""
- name: Ensure a project exists with two chroots
  copr.copr.copr_project:
    name: tools
    chroots:
      - fedora-rawhide-x86_64
      - epel-9-x86_64
    description: Tools we ship
    additional_repos:
      - copr://@qa/deps
    enable_net: false

- name: A group project, credentials for every Copr task set once
  module_defaults:
    group/copr.copr.copr:
      api_login: "{{ copr_login }}"
      api_token: "{{ copr_token }}"
  block:
    - name: Ensure the group project
      copr.copr.copr_project:
        owner: "@qa"
        name: nightly
        chroots: [fedora-rawhide-x86_64]
        unlisted_on_hp: true

- name: A project and the buildroot settings of one of its chroots, in one task
  copr.copr.copr_project:
    name: tools
    chroots:
      - fedora-rawhide-x86_64
      - name: epel-9-x86_64
        additional_packages: [scl-utils]
        with_opts: [tests]

- name: Clear the instructions and the additional repositories
  copr.copr.copr_project:
    name: tools
    instructions: ""
    additional_repos: []

- name: Delete a project
  copr.copr.copr_project:
    name: scratch
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
project:
  description:
    - The project as Copr reports it after the run, in option names; V({}) when it is absent.
    - In check mode, the predicted project.
  returned: always
  type: dict
  sample:
    id: 42
    name: tools
    owner: "@qa"
    full_name: "@qa/tools"
    chroots: [epel-9-x86_64, fedora-rawhide-x86_64]
    description: Tools we ship
    instructions: ""
    homepage: null
    contact: null
    additional_repos: ["copr://@qa/deps"]
    enable_net: false
    unlisted_on_hp: false
    auto_prune: true
    devel_mode: false
    bootstrap: default
    isolation: default
    module_hotfixes: false
    appstream: false
    follow_fedora_branching: true
    repo_priority: null
    packit_forge_projects_allowed: []
    persistent: false
    storage: backend
    chroot_repos:
      epel-9-x86_64: https://download.copr.fedorainfracloud.org/results/@qa/tools/epel-9-x86_64/
chroot_settings:
  description:
    - For each chroot declared as a dict in O(chroots), the chroot as Copr reports it after the run, in the option
      names of M(copr.copr.copr_chroot).
  returned: when O(chroots) has dict items and O(state=present)
  type: dict
  sample:
    epel-9-x86_64:
      owner: "@qa"
      project: tools
      chroot: epel-9-x86_64
      additional_packages: [scl-utils]
      additional_repos: []
      additional_modules: []
      with_opts: [tests]
      without_opts: []
      isolation: unchanged
      comps_name: null
      delete_after_days: null
operation:
  description:
    - What was done (or would be done in check mode). V(update) also when only chroot settings changed.
  returned: changed
  type: str
  choices: [create, update, delete]
  sample: update
"""

from ansible_collections.copr.copr.plugins.module_utils.copr_module import CoprModule
from ansible_collections.copr.copr.plugins.module_utils.copr_resources import ProjectResource


def main():
    module = CoprModule(
        argument_spec=dict(
            name=dict(type="str", required=True, aliases=["projectname"]),
            owner=dict(type="str", aliases=["ownername"]),
            state=dict(type="str", default="present", choices=["present", "absent"]),
            chroots=dict(type="list", elements="raw"),
            description=dict(type="str"),
            instructions=dict(type="str"),
            homepage=dict(type="str"),
            contact=dict(type="str"),
            additional_repos=dict(type="list", elements="str"),
            enable_net=dict(type="bool"),
            unlisted_on_hp=dict(type="bool"),
            auto_prune=dict(type="bool"),
            devel_mode=dict(type="bool"),
            bootstrap=dict(type="str", choices=["default", "on", "off", "image"]),
            bootstrap_image=dict(type="str"),
            isolation=dict(type="str", choices=["default", "nspawn", "simple"]),
            module_hotfixes=dict(type="bool"),
            appstream=dict(type="bool"),
            follow_fedora_branching=dict(type="bool"),
            repo_priority=dict(type="int"),
            packit_forge_projects_allowed=dict(type="list", elements="str"),
            delete_after_days=dict(type="int"),
            multilib=dict(type="bool"),
            fedora_review=dict(type="bool"),
            runtime_dependencies=dict(type="list", elements="str"),
        ),
    )
    module.params["owner"] = module.default_owner()
    module.ensure(ProjectResource(module))


if __name__ == "__main__":
    main()
