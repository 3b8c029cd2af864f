# -*- coding: utf-8 -*-
# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: undeclared_projects
short_description: The Copr projects that a list of declarations does not name
version_added: 0.2.0
description:
  - Given projects as M(copr.copr.copr_project_info) returns them (its RV(copr.copr.copr_project_info#module:projects)),
    returns those that no item of a list of M(copr.copr.copr_project) declarations (the C(copr_projects) of the
    P(copr.copr.projects#role) role) names by C(owner) and C(name), in their order.
  - An item counts whatever its C(state); an item without C(owner) names no project here (the role's pruning
    requires every item to name its owner).
  - The P(copr.copr.projects#role) role deletes these projects for the owners in C(copr_prune_owners).
  - No request is made.
author:
  - copr.copr developers (@copr-ansible)
options:
  _input:
    description: The projects, each a dictionary with at least C(owner) and C(name).
    type: list
    elements: dict
    required: true
  declared:
    description: The declarations, each a dictionary of M(copr.copr.copr_project) options.
    type: list
    elements: dict
    required: true
"""

EXAMPLES = r"""
- name: List the projects of @qa
  copr.copr.copr_project_info:
    owner: "@qa"
  register: qa

- name: Show the projects of @qa that copr_projects does not declare
  ansible.builtin.debug:
    msg: "{{ qa.projects | copr.copr.undeclared_projects(copr_projects) | map(attribute='full_name') }}"
"""

RETURN = r"""
_value:
  description: The projects of the input that no declaration names, unchanged.
  type: list
  elements: dict
"""

from ansible_collections.copr.copr.plugins.module_utils.copr_resources import undeclared_projects


class FilterModule:
    """copr.copr filters."""

    def filters(self):
        return {"undeclared_projects": undeclared_projects}
