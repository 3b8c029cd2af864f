#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: copr_package_info
short_description: Read the packages of a Fedora Copr project
version_added: 0.1.0
description:
  - Reads packages from Copr and returns them in the option names of M(copr.copr.copr_package).
  - With O(name), returns that one package (or nothing when it does not exist); without it, every package of
    the project (all pages, one request per 100 packages).
  - Optionally with the latest build and the latest succeeded build of each package.
  - Never writes to Copr; reading needs no credentials.
author:
  - copr.copr developers (@copr-ansible)
extends_documentation_fragment:
  - copr.copr.copr
  - copr.copr.copr.action_group
  - copr.copr.copr.info_attributes
options:
  owner:
    description:
      - Owner of the project, a user name or a group name with a leading C(@) (for example V(@qa)).
      - Defaults to C(username) from the config file or E(COPR_USERNAME), else to the user the API token belongs to.
    type: str
    aliases: [ownername]
  project:
    description:
      - Name of the project. A project that does not exist is an error.
    type: str
    required: true
    aliases: [projectname]
  name:
    description:
      - Name of one package to return.
    type: str
    aliases: [packagename]
  with_latest_build:
    description:
      - Also return the newest build of each package, in RV(packages[].builds.latest).
    type: bool
    default: false
  with_latest_succeeded_build:
    description:
      - Also return the newest succeeded build of each package, in RV(packages[].builds.latest_succeeded).
    type: bool
    default: false
notes:
  - Copr's single-package read turns the latest builds on for any value of its flags, even C(False); the module
    sends a flag only when it is V(true).
  - Copr never returns a package's C(chroot_denylist), C(max_builds) and build timeout, so neither does this module.
seealso:
  - module: copr.copr.copr_package
  - module: copr.copr.copr_build_info
"""

EXAMPLES = r"""
- name: Every package of a project
  copr.copr.copr_package_info:
    owner: "@qa"
    project: tools
  register: tools_packages

- name: Their names and source types
  ansible.builtin.debug:
    msg: "{{ tools_packages.packages | items2dict(key_name='name', value_name='source_type') }}"

- name: One package with its latest succeeded build
  copr.copr.copr_package_info:
    project: tools
    name: hello
    with_latest_succeeded_build: true
  register: hello

- name: Where the latest good build of hello is
  ansible.builtin.debug:
    msg: "{{ hello.package.builds.latest_succeeded.repo_url | default('never built') }}"
"""

RETURN = r"""
retries:
  description:
    - How many requests the task sent again after a transient failure (see O(retries)); V(0) when every request
      succeeded at once.
  returned: always
  type: int
  sample: 0
packages:
  description:
    - The packages, sorted by name, each as RV(copr.copr.copr_package#module:package) of M(copr.copr.copr_package);
      with O(name), the one package or V([]).
  returned: always
  type: list
  elements: dict
  contains:
    builds:
      description:
        - With O(with_latest_build) and/or O(with_latest_succeeded_build), C(latest) and/or C(latest_succeeded),
          each a build as returned by M(copr.copr.copr_build_info), or V(null) when there is none.
      returned: when O(with_latest_build) or O(with_latest_succeeded_build)
      type: dict
      contains:
        latest:
          description: The newest build of the package (any state), V(null) when it has none.
          returned: when O(with_latest_build)
          type: dict
        latest_succeeded:
          description: The newest build of the package in state C(succeeded), V(null) when there is none.
          returned: when O(with_latest_succeeded_build)
          type: dict
  sample:
    - id: 12
      name: hello
      owner: "@qa"
      project: tools
      source_type: distgit
      source:
        distgit: {package_name: hello, distgit: fedora, namespace: null, committish: f43}
      webhook_rebuild: false
      builds:
        latest: {id: 123456, state: succeeded, owner: "@qa", project: tools}
package:
  description: The package named by O(name), as an item of RV(packages); V({}) when it does not exist.
  returned: when O(name) is set
  type: dict
  sample:
    id: 12
    name: hello
    owner: "@qa"
    project: tools
    source_type: scm
    source:
      scm: {clone_url: "https://github.com/example/hello.git", committish: null, subdirectory: null, spec: null,
            type: git, method: rpkg}
    webhook_rebuild: true
"""

from ansible_collections.copr.copr.plugins.module_utils import copr_checks
from ansible_collections.copr.copr.plugins.module_utils.copr_module import CoprModule
from ansible_collections.copr.copr.plugins.module_utils.copr_resources import read_packages


def main():
    module = CoprModule(
        argument_spec=dict(
            owner=dict(type="str", aliases=["ownername"]),
            project=dict(type="str", required=True, aliases=["projectname"]),
            name=dict(type="str", aliases=["packagename"]),
            with_latest_build=dict(type="bool", default=False),
            with_latest_succeeded_build=dict(type="bool", default=False),
        ),
        checks=dict(owner=copr_checks.owner_name, project=copr_checks.project_name),
    )
    params = module.params
    owner = module.default_owner()
    builds = tuple(key for key, flag in (("latest", "with_latest_build"),
                                         ("latest_succeeded", "with_latest_succeeded_build")) if params[flag])
    label = "%s/%s" % (owner, params["project"])
    if params["name"] is not None:
        label = "package %s/%s" % (label, params["name"])
    else:
        label = "the packages of project %s" % label
    packages = module.call("read", label, read_packages, module.client, owner, params["project"], params["name"],
                           builds)
    result = {"changed": False, "packages": packages}
    if params["name"] is not None:
        result["package"] = packages[0] if packages else {}
    module.exit(**result)


if __name__ == "__main__":
    main()
