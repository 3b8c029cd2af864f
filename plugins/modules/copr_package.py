#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: copr_package
short_description: Create, update and delete the packages of a Fedora Copr project
version_added: 0.1.0
description:
  - Makes one package of a Copr project match what the task declares (its source, exactly one of O(scm),
    O(pypi), O(rubygems), O(custom) and O(distgit); whether webhooks rebuild it; its build settings).
    The module reads the package, compares, and adds the package, edits it, deletes it, or does nothing.
  - The declared source is complete. A source field that is not set means Copr's default for it (for
    example no O(scm.committish) is the default branch), so a field set earlier is cleared when it is removed
    from the task. Declaring another source type switches the package to it.
  - The source is compared as Copr stores it (strings stripped, a custom script with Copr's line ends, build
    dependencies and Python versions as sets; see the options).
  - A package that exists without a source (Copr's C(unset), for example after a reset, or a package that Copr
    created when it imported an SRPM) gets the declared source.
  - Builds of the package are made with M(copr.copr.copr_build) and O(copr.copr.copr_build#module:package).
  - Speaks Copr APIv3 (C(/api_3/)).
author:
  - copr.copr developers (@copr-ansible)
extends_documentation_fragment:
  - copr.copr.copr
  - copr.copr.copr.sources
  - copr.copr.copr.action_group
  - copr.copr.copr.attributes
attributes:
  check_mode:
    support: full
    details: Reads the package (and, to delete it, its newest builds) and reports what it would do; writes nothing.
  diff_mode:
    support: full
    details: The source before and after (in option names, as O(scm) and the other source options), and RV(package.webhook_rebuild) when it is set.
options:
  owner:
    description:
      - Owner of the project, a user name or a group name with a leading C(@) (for example V(@qa)).
      - Defaults to C(username) from the config file or E(COPR_USERNAME), else to the user the API token belongs to.
    type: str
    aliases: [ownername]
  project:
    description:
      - Name of the project. It must exist.
    type: str
    required: true
    aliases: [projectname]
  name:
    description:
      - Name of the package. Copr names the built packages after the spec file, so this should be the spec's
        C(Name).
      - A package cannot be renamed.
    type: str
    required: true
    aliases: [packagename]
  state:
    description:
      - V(present) adds the package or makes it match; one source option is required.
      - V(absent) deletes the package. Copr deletes a package B(together with all its builds), and refuses while
        one of them is unfinished; the module then fails, says which builds, and nothing is deleted.
    type: str
    choices: [present, absent]
    default: present
  scm:
    description:
      - Build the package from a Git or SVN repository.
      - Every edit sends the version control system (O(scm.type)), so an SVN package stays SVN.
  pypi:
    description:
      - Build the package from PyPI.
      - O(pypi.spec_generator) defaults to V(pyp2spec) and O(pypi.python_versions) to V(["3"]) (what copr-cli sends);
        they are compared with these values when not set.
  rubygems:
    description:
      - Build the package from a gem on RubyGems.
  custom:
    description:
      - Build the package from the SRPM (or spec and sources) a script produces.
      - O(custom.chroot) defaults to V(fedora-latest-x86_64); build dependencies are compared as a set,
        repositories as an ordered list.
  distgit:
    description:
      - Build the package from a dist-git instance, from the repository named like the package.
  webhook_rebuild:
    description:
      - Whether a push to the source repository (through the project's webhook) rebuilds the package.
      - Copr returns it as C(auto_rebuild); it is compared and returned as RV(package.webhook_rebuild).
    type: bool
  chroot_denylist:
    description:
      - Chroots (names or shell patterns such as V(epel-*)) that builds of the package without explicit chroots
        skip. Each pattern must match at least one active chroot of Copr. Write-only, see the notes.
    type: list
    elements: str
  max_builds:
    description:
      - How many builds of the package Copr keeps (V(0) keeps all; at most 100). Write-only, see the notes.
    type: int
  write_only:
    description:
      - When O(chroot_denylist), O(max_builds) and O(build_timeout) are sent. V(create) sends them only when the
        package is created (Copr never returns them, so they cannot be compared); V(always) sends them on every run
        (the task then always reports a change).
    type: str
    choices: [create, always]
    default: create
  build_timeout:
    description:
      - Seconds a build of the package may run before Copr kills it (Copr's package C(timeout)); a build's own
        O(copr.copr.copr_build#module:build_timeout) overrides it. Write-only, see the notes.
      - Named C(build_timeout) because O(timeout) is the HTTP timeout of each request.
    type: int
notes:
  - O(chroot_denylist), O(max_builds) and O(build_timeout) are write-only in Copr (its API never returns them).
    They are applied when the package is created; on an existing package they are neither compared nor sent,
    and the module warns that they were skipped.
  - Adding, editing and deleting packages needs admin rights in the project (its owner, a member of its group,
    or a user with the admin permission). A user with only the builder permission may build the packages, not
    change them; the module then fails and says so.
  - O(distgit.distgit) is compared only when it is set, because Copr's default instance depends on the deployment.
seealso:
  - module: copr.copr.copr_package_info
  - module: copr.copr.copr_build
  - module: copr.copr.copr_project
    description: Its O(copr.copr.copr_project#module:packages) converges many packages of a project in one task.
  - name: Copr API documentation
    description: The Copr APIv3 reference.
    link: https://copr.fedorainfracloud.org/api_3/docs
"""

EXAMPLES = r"""
- name: A package built from a tag of a Git repository, rebuilt on every push
  copr.copr.copr_package:
    project: tools
    name: hello
    scm:
      clone_url: https://github.com/example/hello.git
      committish: v2.1
      spec: hello.spec
    webhook_rebuild: true

- name: A package from an SVN repository, built with make_srpm, credentials set once
  module_defaults:
    group/copr.copr.copr:
      api_login: "{{ copr_login }}"
      api_token: "{{ copr_token }}"
  block:
    - name: Ensure the package
      copr.copr.copr_package:
        owner: "@qa"
        project: tools
        name: legacy-tool
        scm:
          clone_url: https://svn.example.com/repos/legacy-tool/trunk
          type: svn
          method: make_srpm

- name: A PyPI package, pinned, with write-only build settings applied at creation
  copr.copr.copr_package:
    project: python-stuff
    name: python-requests
    pypi:
      package_name: requests
      version: "2.32.3"
    chroot_denylist: ["epel-*"]
    max_builds: 10
    build_timeout: 7200

- name: A package from Fedora's dist-git
  copr.copr.copr_package:
    project: tools
    name: tar
    distgit:
      distgit: fedora
      committish: f43

- name: Then build it (once; see copr_build)
  copr.copr.copr_build:
    project: tools
    package: tar
    wait: true

- name: A package whose SRPM a script makes
  copr.copr.copr_package:
    project: tools
    name: nightly-snapshot
    custom:
      script: |
        #!/bin/sh -x
        curl -LO https://example.com/nightly/nightly-snapshot.spec
      builddeps: [curl]
      resultdir: .

- name: Delete a package and all its builds
  copr.copr.copr_package:
    project: tools
    name: old-tool
    state: absent
"""

RETURN = r"""
retries:
  description:
    - How many requests the task sent again after a transient failure (see O(retries)); V(0) when every request
      succeeded at once.
  returned: always
  type: int
  sample: 0
package:
  description:
    - The package as Copr reports it after the run, in option names; V({}) when it is absent.
    - In check mode, the predicted package.
  returned: always
  type: dict
  contains:
    id:
      description: Package id.
      type: int
      sample: 12
    name:
      description: Name of the package.
      type: str
      sample: hello
    owner:
      description: Owner of the project.
      type: str
      sample: "@qa"
    project:
      description: Name of the project.
      type: str
      sample: tools
    source_type:
      description: Copr's source type, V(scm), V(pypi), V(rubygems), V(custom), V(distgit), or V(unset) when the
        package has no source.
      type: str
      sample: scm
    source:
      description:
        - The source, as one key (the source option, for example C(scm)) whose value has every field of that
          option, with Copr's values (unset ones V(null)). V(null) when the package has no source.
        - This is what the diff shows and what the declared source is compared with.
      type: dict
      sample:
        scm:
          clone_url: https://github.com/example/hello.git
          committish: v2.1
          subdirectory: null
          spec: hello.spec
          type: git
          method: rpkg
    webhook_rebuild:
      description: Whether webhooks rebuild the package (Copr's C(auto_rebuild)).
      type: bool
      sample: true
operation:
  description: What was done (or would be done in check mode).
  returned: changed
  type: str
  choices: [create, update, delete]
  sample: update
"""

from ansible_collections.copr.copr.plugins.module_utils import copr_checks
from ansible_collections.copr.copr.plugins.module_utils.copr_module import WRITE_ONLY_SPEC, CoprModule
from ansible_collections.copr.copr.plugins.module_utils.copr_resources import PackageResource, package_argument_spec


def main():
    module = CoprModule(
        argument_spec=dict(
            owner=dict(type="str", aliases=["ownername"]),
            project=dict(type="str", required=True, aliases=["projectname"]),
            write_only=WRITE_ONLY_SPEC,
            **package_argument_spec()
        ),
        checks=dict(owner=copr_checks.owner_name, project=copr_checks.project_name),
    )
    module.params["owner"] = module.default_owner()
    module.ensure(PackageResource(module))


if __name__ == "__main__":
    main()
