# -*- coding: utf-8 -*-
# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: to_group_vars
short_description: Write variables as a YAML file for group_vars, the way a person would
version_added: 0.2.0
description:
  - Renders a dictionary of variables (for example C(copr_projects), as M(copr.copr.copr_project_info) exports
    it with O(copr.copr.copr_project_info#module:export=true)) as a YAML document to keep in Git.
  - Keys stay in their order; sequences are indented under their key; a list of short values (chroot names,
    options) is written on one line (V([a, b])); text of several lines (descriptions, instructions, custom
    scripts) is a literal block (C(|)), kept exactly; the document starts with C(---).
  - Loading the result gives back the input exactly.
author:
  - copr.copr developers (@copr-ansible)
options:
  _input:
    description: The variables, a dictionary.
    type: dict
    required: true
"""

EXAMPLES = r"""
- name: Write the export of a group's projects to a group_vars file
  ansible.builtin.copy:
    dest: group_vars/all/copr.yml
    content: "{{ {'copr_projects': exported.copr_projects} | copr.copr.to_group_vars }}"
    mode: "0644"
"""

RETURN = r"""
_value:
  description: The YAML document.
  type: str
"""

from collections.abc import Mapping

import yaml

from ansible.errors import AnsibleFilterError

from ansible_collections.copr.copr.plugins.module_utils.copr_checks import plain_data

# A list of scalars is written on one line when it is this short.
FLOW_WIDTH = 80


class _Dumper(yaml.SafeDumper):  # pylint: disable=too-many-ancestors
    def increase_indent(self, flow=False, indentless=False):
        # Block sequences indented under their key, as yamllint's default wants them.
        return super(_Dumper, self).increase_indent(flow, False)


def _represent_str(dumper, value):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _short_scalars(value):
    if not value or any(isinstance(item, (dict, list)) or (isinstance(item, str) and "\n" in item) for item in value):
        return False
    return len(", ".join(str(item) for item in value)) + 2 <= FLOW_WIDTH


def _represent_list(dumper, value):
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=_short_scalars(value))


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(list, _represent_list)


def to_group_vars(variables):
    """The YAML document of ``variables`` (see DOCUMENTATION)."""
    if not isinstance(variables, Mapping):
        raise AnsibleFilterError("to_group_vars expects a dictionary of variables, got %s" % type(variables).__name__)
    try:
        variables = plain_data(variables)
    except TypeError as exc:
        raise AnsibleFilterError("to_group_vars: cannot write %s as YAML" % exc)
    return yaml.dump(variables, Dumper=_Dumper, explicit_start=True, default_flow_style=False,
                     sort_keys=False, allow_unicode=True, width=120, indent=2)


class FilterModule:
    """copr.copr filters."""

    def filters(self):
        return {"to_group_vars": to_group_vars}
