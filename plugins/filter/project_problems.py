# -*- coding: utf-8 -*-
# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: project_problems
short_description: Check a list of Copr project declarations before anything is written
version_added: 0.1.0
description:
  - Checks every item of a list of M(copr.copr.copr_project) declarations (the C(copr_projects) of the
    C(copr.copr.projects) role) with the module's own argument spec and its local checks (project and owner names,
    chroot names, chroot setting dicts, repository URLs, C(chroots) being a list), without any request to Copr.
  - "Returns the problems, each naming its item, for example
    C(copr_projects[2] (@qa/foo-tools): chroots[1] (epel-9-x86_64): unknown option additonal_packages (did you mean
    additional_packages?)); an empty list when every item is fine."
  - With O(prune_owners) (the role's C(copr_prune_owners)), also checks that pruning is safe - O(prune_owners) is a
    list of users and C(@groups), every item names its C(owner), and each owner in O(prune_owners) has at least one
    declared project in state C(present) unless O(prune_allow_empty=true).
  - Whether a chroot is active in Copr, permissions and everything else that needs the server are checked by the
    module when it runs.
author:
  - copr.copr developers (@copr-ansible)
options:
  _input:
    description: The project declarations, each a dict of M(copr.copr.copr_project) options.
    type: list
    elements: dict
    required: true
  variable:
    description: The name used for the list in messages.
    type: str
    default: copr_projects
  prune_owners:
    description:
      - The owners whose undeclared projects are to be deleted (the role's C(copr_prune_owners)); V([]) or unset when
        nothing is pruned.
    type: list
    elements: str
    version_added: 0.2.0
  prune_allow_empty:
    description: Accept an owner in O(prune_owners) for whom no project is declared (all of its projects go).
    type: bool
    default: false
    version_added: 0.2.0
"""

EXAMPLES = r"""
- name: Fail before writing anything when a declaration is wrong
  ansible.builtin.assert:
    that: problems | length == 0
    fail_msg: "{{ problems | join('; ') }}"
  vars:
    problems: "{{ copr_projects | copr.copr.project_problems }}"

- name: The same, when the undeclared projects of some owners are to be deleted
  ansible.builtin.assert:
    that: problems | length == 0
    fail_msg: "{{ problems | join('; ') }}"
  vars:
    problems: "{{ copr_projects | copr.copr.project_problems(prune_owners=['@qa']) }}"
"""

RETURN = r"""
_value:
  description: One message per problem, naming the item and the option; empty when there is none.
  type: list
  elements: str
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.copr.copr.plugins.module_utils.copr_checks import plain_data
from ansible_collections.copr.copr.plugins.module_utils.copr_resources import project_problems


def project_problems_filter(items, variable="copr_projects", prune_owners=None, prune_allow_empty=False):
    """project_problems over plain data (see copr_checks.plain_data)."""
    try:
        items, prune_owners = plain_data(items), plain_data(prune_owners)
    except TypeError as exc:
        raise AnsibleFilterError("project_problems: %s in %s" % (exc, variable))
    return project_problems(items, variable, prune_owners, prune_allow_empty)


class FilterModule:
    """copr.copr filters."""

    def filters(self):
        return {"project_problems": project_problems_filter}
