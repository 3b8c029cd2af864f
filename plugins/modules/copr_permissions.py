#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: copr_permissions
short_description: Declare who may build in and administer a Fedora Copr project
version_added: 0.2.0
description:
  - Makes the builder and admin permissions of users on a Copr project match what the task declares. The module
    reads the project's permissions, compares them with O(permissions), and, when something differs, sends B(one)
    change with only the users and roles that differ.
  - A B(builder) may submit and cancel builds in the project. An B(admin) may also edit the project, its chroots and
    its packages, and read and set its permissions (but not delete it).
  - Users not listed are left alone, unless O(exclusive=true).
  - Reading and setting permissions needs edit rights on the project (its owner, a member of the group that owns it,
    or a project admin).
  - Speaks Copr APIv3 (C(/api_3/)).
  - The same can be declared inside M(copr.copr.copr_project) (its O(copr.copr.copr_project#module:permissions)
    option), converged in the same run as the project.
author:
  - copr.copr developers (@copr-ansible)
extends_documentation_fragment:
  - copr.copr.copr
  - copr.copr.copr.action_group
  - copr.copr.copr.attributes
options:
  owner:
    description:
      - Owner of the project, a user name or a group name with a leading C(@) (for example V(@qa), quoted in YAML
        because of the C(@)). Checked before any request - no C(/), no whitespace.
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
  permissions:
    description:
      - The permissions of users on the project, as a dictionary. Each key is a Copr user name (not a C(@group),
        Copr gives permissions to users only); each value is a dictionary with C(builder) and C(admin), each
        V(true) or V(false). A role that is not given is V(false), so every user listed ends with exactly the
        roles declared.
      - The project's owner always has every permission; listing the owner (of a project owned by a user) fails
        before any request that writes. For a group project, Copr counts the user who created it as its owner and
        refuses a permission for that user (nothing is changed then).
      - Copr keeps a user whose roles were taken away, with both roles set to C(nothing); such a user, and a user
        who has only asked for a role (a pending request), has no permission here. Declaring a role V(true) for a
        user who asked for it approves the request; other pending requests are left pending.
      - An unknown user fails with Copr's message, which names the user; nothing is changed (Copr applies all of
        the change or nothing of it).
      - V({}) with O(exclusive=true) takes every permission away.
    type: dict
    required: true
  exclusive:
    description:
      - V(false) leaves the permissions of users who are not listed in O(permissions) alone.
      - V(true) makes O(permissions) the complete list - every user not listed ends with neither permission.
    type: bool
    default: false
notes:
  - Copr's permission API needs edit rights even to read; without them the task fails with Copr's message (HTTP
    403), in check mode too.
seealso:
  - module: copr.copr.copr_project
    description: Declares permissions together with the project, in the same run.
  - name: Copr API documentation
    description: The Copr APIv3 reference.
    link: https://copr.fedorainfracloud.org/api_3/docs
"""

EXAMPLES = r"""
- name: Bob may build in alice's tools project, carol may also administer it
  copr.copr.copr_permissions:
    owner: alice
    project: tools
    permissions:
      bob:
        builder: true
      carol:
        builder: true
        admin: true

- name: Exactly these users have permissions on the group project; everyone else loses theirs
  copr.copr.copr_permissions:
    owner: "@qa"
    project: nightly
    permissions:
      bob: {builder: true}
    exclusive: true

- name: Take bob's permissions away, leave the other users alone
  copr.copr.copr_permissions:
    owner: alice
    project: tools
    permissions:
      bob: {builder: false, admin: false}

- name: Nobody but the owner (and the owning group) has any permission
  copr.copr.copr_permissions:
    owner: alice
    project: tools
    permissions: {}
    exclusive: true
"""

RETURN = r"""
retries:
  description:
    - How many requests the task sent again after a transient failure (see O(retries)); V(0) when every request
      succeeded at once.
  returned: always
  type: int
  sample: 0
permissions:
  description:
    - The users who have at least one permission on the project after the run (predicted in check mode), each with
      both roles; users with neither role are left out.
  returned: success
  type: dict
  sample:
    bob:
      builder: true
      admin: false
    carol:
      builder: true
      admin: true
operation:
  description: V(update) when permissions were changed (or would be, in check mode).
  returned: changed
  type: str
  choices: [update]
  sample: update
"""

from ansible_collections.copr.copr.plugins.module_utils import copr_checks
from ansible_collections.copr.copr.plugins.module_utils.copr_module import CoprModule
from ansible_collections.copr.copr.plugins.module_utils.copr_resources import PermissionsResource


def main():
    module = CoprModule(
        argument_spec=dict(
            owner=dict(type="str", aliases=["ownername"]),
            project=dict(type="str", required=True, aliases=["projectname"]),
            permissions=dict(type="dict", required=True),
            exclusive=dict(type="bool", default=False),
        ),
        checks=dict(owner=copr_checks.owner_name, project=copr_checks.project_name,
                    permissions=copr_checks.permissions),
    )
    module.params["owner"] = module.default_owner()
    module.ensure(PermissionsResource(module))


if __name__ == "__main__":
    main()
