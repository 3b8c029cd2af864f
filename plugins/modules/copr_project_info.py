#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: copr_project_info
short_description: List, get and search Fedora Copr projects
version_added: 0.1.0
description:
  - Reads projects from Copr and returns them in the option names of M(copr.copr.copr_project).
  - With O(owner) alone, lists every project of that owner (all pages). With O(name), returns that one project,
    or an empty list when it does not exist. With O(query), searches all of Copr.
  - With neither O(name) nor O(query), lists the projects of O(owner) or of the default owner.
  - With O(export=true), also returns the projects it found as declarations, RV(copr_projects) - exactly the items
    of the C(copr_projects) list of the P(copr.copr.projects#role) role, with their chroot settings, packages and
    permissions. Running the role on them against the same Copr changes nothing, so an existing Copr account can be
    moved into Git in one command (see the collection's C(examples/export.yml)).
  - Never writes to Copr.
author:
  - copr.copr developers (@copr-ansible)
extends_documentation_fragment:
  - copr.copr.copr
  - copr.copr.copr.action_group
  - copr.copr.copr.info_attributes
options:
  owner:
    description:
      - Owner of the projects, a user name or a group name with a leading C(@) (for example V(@qa)); checked before
        any request.
      - A user's list holds only that user's own projects, not those of their groups.
      - Defaults to C(username) from the config file or E(COPR_USERNAME), else to the user the API token belongs to.
    type: str
    aliases: [ownername]
  name:
    description:
      - Name of one project of O(owner) to return, without its owner (the owner goes in O(owner)). Checked before
        any request with Copr's rule - letters, digits, underscores, dashes and dots, not only digits.
    type: str
    aliases: [projectname]
  query:
    description:
      - Search all of Copr. V(owner/name) matches substrings of both parts; other text is a full-text search.
      - At least 3 characters.
    type: str
  export:
    description:
      - Also return RV(copr_projects), the projects found as items of the P(copr.copr.projects#role) role's
        C(copr_projects) (each the O(copr.copr.copr_project#module:definition) of M(copr.copr.copr_project)).
      - "Each item has C(name), C(owner), every project option Copr returns (C(description), C(instructions),
        C(homepage), C(contact), C(additional_repos), C(enable_net), C(unlisted_on_hp), C(auto_prune),
        C(devel_mode), C(bootstrap), C(isolation), C(module_hotfixes), C(appstream), C(follow_fedora_branching),
        C(repo_priority), C(packit_forge_projects_allowed)), C(chroots) (each a chroot name, or a dictionary with
        C(name) and the settings that are not Copr's defaults - C(additional_packages), C(additional_repos),
        C(additional_modules), C(with_opts), C(without_opts), C(isolation)), C(packages) (each with C(name), its
        source in the options of M(copr.copr.copr_package) without the fields that are Copr's defaults, and
        C(webhook_rebuild)) and C(permissions) (the roles each user has)."
      - "Left out, because the role could not declare them without an error or a write - what Copr never returns (the
        write-only O(copr.copr.copr_project#module:multilib), O(copr.copr.copr_project#module:fedora_review),
        O(copr.copr.copr_project#module:runtime_dependencies), O(copr.copr.copr_project#module:delete_after_days),
        O(copr.copr.copr_project#module:bootstrap_image), a chroot's C(bootstrap) and C(bootstrap_image), a package's
        C(chroot_denylist), C(max_builds) and C(build_timeout)) and what a project was forked from; C(persistent) and
        C(storage), which no option declares (only Copr admins may set them); C(auto_prune=false), which only Copr
        admins may declare; C(homepage), C(contact) and C(repo_priority) when they are not set (Copr cannot go back to
        that once they are); empty chroot settings and C(isolation=unchanged)."
      - "Left out with a warning that names the projects - a chroot's comps.xml (the C(comps) option is a file to
        upload), a package without a source (after a reset), and permissions when Copr does not show them: it shows
        them only to a logged-in user with edit rights on the project (the owner, a member of its group, an admin
        of the project). The export does not fail for them."
      - Costs one read per chroot of each project, one read of its package list and one of its permissions.
      - Not supported with O(api_version=1) (APIv1 shows no packages, permissions or most settings); it fails before
        any request.
    type: bool
    default: false
    version_added: 0.2.0
notes:
  - Copr's full-text search uses an index that is refreshed periodically, so a new project may not be found by
    O(query) at once, and projects hidden from the home page (C(unlisted_on_hp)) are never found by full-text
    search. O(owner) and O(name) are always up to date.
  - Speaks Copr APIv3, or the legacy APIv1 with O(api_version=1). On APIv1, the C(chroots) of a project are
    V(null) until it has a build, fields APIv1 does not show are V(null), a full-text O(query) finds only what
    the frontend's search index held at its last update, and O(query=owner/name) is matched at once.
seealso:
  - module: copr.copr.copr_project
"""

EXAMPLES = r"""
- name: List the projects of a group
  copr.copr.copr_project_info:
    owner: "@qa"
  register: qa_projects

- name: Show the names
  ansible.builtin.debug:
    msg: "{{ qa_projects.projects | map(attribute='full_name') | list }}"

- name: Get one project (an empty list when it does not exist)
  copr.copr.copr_project_info:
    owner: "@qa"
    name: nightly
  register: nightly

- name: Fail early when it is missing
  ansible.builtin.assert:
    that: nightly.projects | length == 1

- name: Search Copr
  copr.copr.copr_project_info:
    query: "@qa/night"

- name: Export the projects of a group as declarations of the copr.copr.projects role
  copr.copr.copr_project_info:
    owner: "@qa"
    export: true
  register: qa_export

- name: Write them to a group_vars file (see examples/export.yml)
  ansible.builtin.copy:
    dest: group_vars/all/copr.yml
    content: "{{ {'copr_projects': qa_export.copr_projects} | copr.copr.to_group_vars }}"
    mode: "0644"
"""

RETURN = r"""
retries:
  description:
    - How many requests the task sent again after a transient failure (see O(retries)); V(0) when every request
      succeeded at once. A build submitted again after an ambiguous failure counts too.
  returned: always
  type: int
  sample: 0
projects:
  description:
    - The projects found, in the option names of M(copr.copr.copr_project) (the RV(copr.copr.copr_project#module:project)
      return value); an empty list when none.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 42
      name: nightly
      owner: "@qa"
      full_name: "@qa/nightly"
      chroots: [fedora-rawhide-x86_64]
      chroot_repos:
        fedora-rawhide-x86_64: https://download.copr.fedorainfracloud.org/results/@qa/nightly/fedora-rawhide-x86_64/
      description: ""
      instructions: ""
      homepage: null
      contact: null
      additional_repos: []
      enable_net: false
      unlisted_on_hp: true
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
copr_projects:
  description:
    - With O(export=true), the projects of RV(projects) as items of the C(copr_projects) list of the
      P(copr.copr.projects#role) role, in the same order; see O(export) for what they hold and leave out.
  returned: when O(export=true)
  type: list
  elements: dict
  sample:
    - name: nightly
      owner: "@qa"
      description: Nightly snapshots
      instructions: ""
      additional_repos: []
      enable_net: false
      unlisted_on_hp: true
      auto_prune: true
      devel_mode: false
      bootstrap: default
      isolation: default
      module_hotfixes: false
      appstream: false
      follow_fedora_branching: true
      packit_forge_projects_allowed: []
      chroots:
        - fedora-rawhide-x86_64
        - name: epel-9-x86_64
          additional_packages: [scl-utils]
          with_opts: [tests]
      packages:
        - name: hello
          scm:
            clone_url: https://github.com/example/hello.git
            committish: v2.1
          webhook_rebuild: true
      permissions:
        bob:
          builder: true
"""

from ansible_collections.copr.copr.plugins.module_utils import copr_checks
from ansible_collections.copr.copr.plugins.module_utils.copr_export import ProjectExporter
from ansible_collections.copr.copr.plugins.module_utils.copr_module import CoprModule


def main():
    module = CoprModule(
        argument_spec=dict(
            owner=dict(type="str", aliases=["ownername"]),
            name=dict(type="str", aliases=["projectname"]),
            query=dict(type="str"),
            export=dict(type="bool", default=False),
        ),
        checks=dict(owner=copr_checks.owner_name, name=copr_checks.project_name),
        mutually_exclusive=[("query", "owner"), ("query", "name")],
    )
    params = module.params
    client = module.client
    if params["export"]:
        # APIv1 cannot read packages, permissions or most settings: refused before any request.
        module.require_supported("project", ["export"])
    if params["query"] is not None:
        projects = module.call("search", "projects for %r" % params["query"], client.search_projects, params["query"])
    else:
        owner = module.default_owner()
        if params["name"] is not None:
            project = module.call("read", "project %s/%s" % (owner, params["name"]), client.get_project,
                                  owner, params["name"])
            projects = [project] if project is not None else []
        else:
            projects = module.call("list", "projects of %s" % owner, client.list_projects, owner)
    result = dict(changed=False, projects=projects)
    if params["export"]:
        result["copr_projects"] = ProjectExporter(module).export(projects)
    module.exit(**result)


if __name__ == "__main__":
    main()
