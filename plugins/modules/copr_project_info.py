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
"""

from ansible_collections.copr.copr.plugins.module_utils import copr_checks
from ansible_collections.copr.copr.plugins.module_utils.copr_module import CoprModule


def main():
    module = CoprModule(
        argument_spec=dict(
            owner=dict(type="str", aliases=["ownername"]),
            name=dict(type="str", aliases=["projectname"]),
            query=dict(type="str"),
        ),
        checks=dict(owner=copr_checks.owner_name, name=copr_checks.project_name),
        mutually_exclusive=[("query", "owner"), ("query", "name")],
    )
    params = module.params
    client = module.client
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
    module.exit(changed=False, projects=projects)


if __name__ == "__main__":
    main()
