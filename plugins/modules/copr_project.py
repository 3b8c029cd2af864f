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
  - Speaks Copr APIv3 (C(/api_3/)), or the legacy APIv1 (C(/api/)) of old self-hosted frontends with
    O(api_version=1); see the notes for what APIv1 can do.
author:
  - copr.copr developers (@copr-ansible)
extends_documentation_fragment:
  - copr.copr.copr
  - copr.copr.copr.action_group
  - copr.copr.copr.attributes
options:
  name:
    description:
      - Name of the project, without its owner (V(tools), not V(alice/tools); the owner goes in O(owner)).
      - Copr's rule, checked before any request (in check mode too) - letters, digits, underscores, dashes and
        dots (C(^[\w.-]+$)), and not only digits.
      - A project cannot be renamed.
      - Required, here or in O(definition).
    type: str
    aliases: [projectname]
  definition:
    description:
      - The project's options as one dictionary, with the same keys and rules as the options of this module (for
        example an item of the P(copr.copr.projects#role) role's C(copr_projects) list).
      - An option is set either in O(definition) or on the task, not in both. Connection options (O(api_url),
        O(api_token), ...) are never part of it.
      - Useful in loops over data, where it is cheaper than one templated option each.
    type: dict
    version_added: 0.2.0
  owner:
    description:
      - Owner of the project, a user name or a group name with a leading C(@) (for example V(@qa), quoted in YAML
        because of the C(@)). Checked before any request - no C(/), no whitespace.
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
      - The B(exact) set of chroots (for example V(fedora-rawhide-x86_64)) enabled in the project, as a B(list).
      - Chroots enabled in Copr but not listed here are removed from the project (Copr keeps their settings
        and brings them back if the chroot is enabled again).
      - A string such as V(fedora-rawhide-x86_64) is refused before any request, rather than turned into a
        one-item list that would remove every other chroot; write the list V([fedora-rawhide-x86_64]).
      - Required to create a project, except a fork (see O(fork_from)). Must be active chroots; end-of-life
        chroots cannot be added. Names are checked before any request (C(<distribution>-<release>-<architecture>),
        lowercase letters, digits, C(_), C(.), C(+)); an unknown name fails with the nearest active names.
      - Each item is a chroot name, or a dict with C(name) and any per-chroot setting of M(copr.copr.copr_chroot)
        (C(additional_packages), C(additional_repos), C(additional_modules), C(with_opts), C(without_opts),
        C(isolation), C(bootstrap), C(bootstrap_image), C(comps), C(delete_comps)). The settings of dict items are
        converged in the same module run, with the same rules as M(copr.copr.copr_chroot). Only declared settings
        are compared and only differing ones are sent; settings not declared are left alone.
      - One task then manages a whole project, which is much faster than one M(copr.copr.copr_chroot) task per
        chroot.
    type: raw
  packages:
    description:
      - Packages of the project, converged in the same module run (after the project and its chroot settings),
        each with the rules of M(copr.copr.copr_package).
      - Each item is a dict of the options of M(copr.copr.copr_package) but O(copr.copr.copr_package#module:owner)
        and O(copr.copr.copr_package#module:project), that is C(name), C(state), exactly one source (C(scm), C(pypi),
        C(rubygems), C(custom), C(distgit), with the suboptions of M(copr.copr.copr_package)), C(webhook_rebuild),
        C(chroot_denylist), C(max_builds) and C(build_timeout). Items are validated against the same rules.
      - The project's packages are read once (one request per 100 packages), however many are declared; only
        packages that differ are written.
      - Packages of the project that are not listed are left alone; an item with C(state=absent) deletes that
        package (and its builds).
    type: list
    elements: dict
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
      - Repositories added to every build in the project.
      - Each must be a URL Copr accepts, checked before any request - C(http://) or C(https://) with a host, or
        C(copr://owner/project) (whether that project exists is left to Copr).
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
      - Bootstrap image. Copr accepts it on project create and edit and ignores it at project level; set it per
        chroot instead. Write-only, see O(write_only).
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
      - Delete the project this many days from when it is sent (V(-1) never). Write-only, see O(write_only); sending
        it again moves the deletion date.
    type: int
  multilib:
    description:
      - Whether to build multilib repositories. Write-only, see O(write_only).
    type: bool
  fedora_review:
    description:
      - Whether to run C(fedora-review) after each build. Write-only, see O(write_only).
    type: bool
  runtime_dependencies:
    description:
      - Repositories that users of this project's repository need too, with the same URL rules as
        O(additional_repos). Write-only, see O(write_only).
    type: list
    elements: str
  write_only:
    description:
      - When the write-only settings that the task sets (O(delete_after_days), O(multilib), O(fedora_review),
        O(runtime_dependencies), O(bootstrap_image), and O(chroots) items' C(bootstrap) and C(bootstrap_image))
        are sent. Copr accepts them but never returns them, so they cannot be compared.
      - V(create) sends them only when the project (or the chroot) is created; on an existing one they are
        skipped, with a warning that names this option.
      - V(always) sends them on every run, so the task reports C(changed) whenever one is set. Use it once to
        apply a changed value to an existing project.
    type: str
    choices: [create, always]
    default: create
  fork_from:
    description:
      - Create the project as a B(fork) of this project, C(owner/project) (V(@group/project) for a group's), when
        it does not exist yet. Copr copies the source's settings (not C(persistent), C(auto_prune) and C(contact)),
        its enabled chroots with their settings, its packages and the newest successful build of each package
        (those builds are in state V(forked) in the new project); it copies no permissions.
      - The fork goes to O(owner), which must be you or a C(@group) you are a member of (anyone may fork any
        project).
      - Every other option the task sets is then converged as usual (one edit for what differs from the copy;
        write-only options are sent too). O(chroots) is not required for a fork.
      - B(Create-only) - when the project exists, O(fork_from) is not applied again, whatever project it names
        (Copr does not say what a project was forked from), and the task converges the other options.
      - A source that does not exist, or a fork Copr refuses, fails with Copr's message, and nothing else is
        written. In check mode, the source is read to show the fork as it would be made.
    type: str
    version_added: 0.2.0
  permissions:
    description:
      - The builder and admin permissions of users on the project, converged in the same module run as the
        project, right after it, with the rules of M(copr.copr.copr_permissions) (its
        O(copr.copr.copr_permissions#module:permissions) option) - a dictionary of users, each with C(builder) and
        C(admin), V(true) or V(false); a role not given is V(false); users not listed are left alone unless
        O(permissions_exclusive=true).
      - Listing the project's owner (a user) fails before anything is written.
      - One more read per run (Copr's permissions need edit rights to read) and, when something differs, one write.
    type: dict
    version_added: 0.2.0
  permissions_exclusive:
    description:
      - V(true) makes O(permissions) the complete list - every user not listed ends with neither permission.
        Requires O(permissions) (V({}) takes every permission away).
    type: bool
    default: false
    version_added: 0.2.0
notes:
  - O(delete_after_days), O(multilib), O(fedora_review), O(runtime_dependencies) and O(bootstrap_image) are
    write-only in Copr (its API never returns them). By default they are sent when the project is created; see
    O(write_only) to send them to an existing project.
  - In check mode, chroot settings of a project that would be created are shown as they would be set.
  - O(homepage) and O(contact) cannot be cleared through Copr's API; asking to clear one that is set fails.
  - Creating uses C(exist_ok), so a retried or concurrent create finds the existing project, which the module
    then edits to match.
  - With O(api_version=1) (Copr APIv1, self-hosted frontends older than September 2021), only O(chroots),
    O(description), O(instructions), O(additional_repos), O(unlisted_on_hp), O(auto_prune), O(devel_mode) and
    O(isolation) can be set, and dict items of O(chroots) only with C(additional_packages). Any other option
    fails before anything is sent. A frontend from 2014 takes only O(chroots) (when creating), O(description),
    O(instructions) and O(additional_repos), and cannot delete projects; the module finds out from its answers.
  - With O(api_version=1), Copr shows a project's chroot set only once the project has a build. Before that the
    module asks for each chroot of O(chroots) whether it is enabled (one request each) and cannot see chroots
    enabled outside O(chroots), so it does not remove them; without O(chroots), C(project.chroots) is V(null).
    An edit of O(unlisted_on_hp), O(auto_prune) or O(isolation) sends the whole chroot set, so before the first
    build it needs O(chroots).
  - With O(api_version=1), a project is always created in the namespace of the API token's user (APIv1 ignores
    the owner of the URL); another user's namespace fails before anything is sent. Fields APIv1 does not show
    (O(homepage), O(enable_net), ...) are V(null) in RV(project).
  - The write-only fields of O(packages) items (C(chroot_denylist), C(max_builds), C(build_timeout)) follow the
    same rule as those of the project, see M(copr.copr.copr_package).
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

- name: Projects from data, one dictionary each (the same keys as the options)
  copr.copr.copr_project:
    definition: "{{ item }}"
  loop:
    - {name: tools, chroots: [fedora-rawhide-x86_64], description: Tools we ship}
    - {name: scratch, state: absent}

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

- name: A project and its packages, in one task
  copr.copr.copr_project:
    name: tools
    chroots: [fedora-rawhide-x86_64, epel-9-x86_64]
    packages:
      - name: hello
        scm:
          clone_url: https://github.com/example/hello.git
          committish: v2.1
        webhook_rebuild: true
      - name: python-requests
        pypi:
          package_name: requests
        chroot_denylist: ["epel-*"]
      - name: old-tool
        state: absent

- name: Clear the instructions and the additional repositories
  copr.copr.copr_project:
    name: tools
    instructions: ""
    additional_repos: []

- name: Send a write-only setting to an existing project (it is sent, and reported changed, on every run)
  copr.copr.copr_project:
    name: tools
    multilib: true
    write_only: always

- name: Fork a project into a group (only when @qa/tools-next does not exist yet), then set its description
  copr.copr.copr_project:
    owner: "@qa"
    name: tools-next
    fork_from: jdoe/tools
    description: The next tools, forked from jdoe/tools

- name: A project and who may build in it, in one task; nobody else has permissions
  copr.copr.copr_project:
    name: tools
    chroots: [fedora-rawhide-x86_64]
    permissions:
      bob: {builder: true}
      carol: {builder: true, admin: true}
    permissions_exclusive: true

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
    - In check mode, the predicted project (the current one with the declared changes).
    - Write-only options are never part of it (Copr does not return them).
  returned: always
  type: dict
  contains:
    id:
      description: Numeric id of the project.
      type: int
      sample: 42
    name:
      description: Name of the project.
      type: str
      sample: tools
    owner:
      description: Owner, a user name or V(@group).
      type: str
      sample: jdoe
    full_name:
      description: C(owner/name).
      type: str
      sample: jdoe/tools
    chroots:
      description: The enabled chroots, sorted.
      type: list
      elements: str
      sample: [epel-9-x86_64, fedora-rawhide-x86_64]
    chroot_repos:
      description: For each enabled chroot, the base URL of its repository.
      type: dict
      sample:
        epel-9-x86_64: https://download.copr.fedorainfracloud.org/results/jdoe/tools/epel-9-x86_64/
        fedora-rawhide-x86_64: https://download.copr.fedorainfracloud.org/results/jdoe/tools/fedora-rawhide-x86_64/
    description:
      description: Description (Markdown).
      type: str
      sample: Tools we ship
    instructions:
      description: Installation instructions (Markdown).
      type: str
      sample: ""
    homepage:
      description: Homepage URL, or V(null).
      type: str
      sample: null
    contact:
      description: Contact e-mail address or URL, or V(null).
      type: str
      sample: null
    additional_repos:
      description: Repositories added to every build.
      type: list
      elements: str
      sample: ["copr://@qa/deps"]
    enable_net:
      description: Whether builds have network access.
      type: bool
      sample: false
    unlisted_on_hp:
      description: Whether the project is hidden from the Copr home page.
      type: bool
      sample: false
    auto_prune:
      description: Whether old builds are pruned automatically.
      type: bool
      sample: true
    devel_mode:
      description: Whether repository metadata is not regenerated automatically.
      type: bool
      sample: false
    bootstrap:
      description: Mock bootstrap setting (V(default), V(on), V(off), V(image)).
      type: str
      sample: default
    isolation:
      description: Build isolation (V(default), V(nspawn), V(simple)).
      type: str
      sample: default
    module_hotfixes:
      description: Whether the repository sets C(module_hotfixes=1).
      type: bool
      sample: false
    appstream:
      description: Whether AppStream metadata is generated.
      type: bool
      sample: false
    follow_fedora_branching:
      description: Whether new Fedora branch chroots are added automatically.
      type: bool
      sample: true
    repo_priority:
      description: Priority of the project's repository, or V(null) for Copr's default.
      type: int
      sample: null
    packit_forge_projects_allowed:
      description: Forge projects allowed to build through Packit (without URL scheme).
      type: list
      elements: str
      sample: []
    persistent:
      description: Whether the project and its builds are protected against deletion (set by Copr admins).
      type: bool
      sample: false
    storage:
      description: Where Copr stores the results (V(backend) or V(pulp)).
      type: str
      sample: backend
chroot_settings:
  description:
    - For each chroot declared as a dict in O(chroots), the chroot as Copr reports it after the run (predicted in
      check mode), in the option names of M(copr.copr.copr_chroot), keyed by chroot name.
  returned: when O(chroots) has dict items and O(state=present)
  type: dict
  contains:
    owner:
      description: Owner of the project.
      type: str
      sample: jdoe
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
      sample: [scl-utils]
    additional_repos:
      description: Repositories added to builds in this chroot.
      type: list
      elements: str
      sample: []
    additional_modules:
      description: Module toggles.
      type: list
      elements: str
      sample: []
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
      description: Build isolation of the chroot (V(unchanged) inherits the project's).
      type: str
      sample: unchanged
    comps_name:
      description: File name of the chroot's comps.xml, or V(null).
      type: str
      sample: null
    comps:
      description: SHA-256 digest of the chroot's comps.xml (V(null) when it has none).
      type: str
      returned: when the item sets C(comps) or C(delete_comps)
      sample: null
    delete_after_days:
      description: Days until Copr deletes the chroot's data (only for a chroot being removed), or V(null).
      type: int
      sample: null
  sample:
    epel-9-x86_64:
      owner: jdoe
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
packages:
  description:
    - For each item of O(packages), the package as Copr reports it after the run, as
      RV(copr.copr.copr_package#module:package) of M(copr.copr.copr_package); V({}) for a package that is absent.
  returned: when O(packages) is set and O(state=present)
  type: dict
  sample:
    hello:
      id: 12
      name: hello
      owner: "@qa"
      project: tools
      source_type: scm
      source:
        scm: {clone_url: "https://github.com/example/hello.git", committish: v2.1, subdirectory: null, spec: null,
              type: git, method: rpkg}
      webhook_rebuild: true
permissions:
  description:
    - When O(permissions) is set, the users who have at least one permission on the project after the run
      (predicted in check mode), each with both roles, as M(copr.copr.copr_permissions) returns them.
  returned: when O(permissions) is set and O(state=present)
  type: dict
  sample:
    bob:
      builder: true
      admin: false
operation:
  description:
    - What was done (or would be done in check mode). V(update) also when only chroot settings, packages or
      permissions changed. V(create) also for a fork.
  returned: changed
  type: str
  choices: [create, update, delete]
  sample: update
"""

from ansible_collections.copr.copr.plugins.module_utils.copr_module import CoprModule
from ansible_collections.copr.copr.plugins.module_utils.copr_resources import (
    PROJECT_CHECKS,
    PROJECT_RULES,
    PROJECT_SPEC,
    ProjectResource,
)


def main():
    module = CoprModule(argument_spec=PROJECT_SPEC, definition=True, checks=PROJECT_CHECKS, **PROJECT_RULES)
    module.params["owner"] = module.default_owner()
    module.ensure(ProjectResource(module))


if __name__ == "__main__":
    main()
