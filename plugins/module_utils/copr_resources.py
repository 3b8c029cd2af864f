# -*- coding: utf-8 -*-
# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Resource descriptions: what each Copr object is made of and how it is read and written.

Modules are documentation, an argument spec and main(); the description of
the resource they manage lives here so that other modules (and the role's
one-task-per-project path) reuse it rather than repeat it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.copr.copr.plugins.module_utils.copr_module import CoprResource, Field


class ProjectResource(CoprResource):
    kind = "project"
    result_key = "project"
    identity = ("owner", "name")
    fields = {
        "chroots": Field("set"),
        "description": Field("text"),
        "instructions": Field("text"),
        "homepage": Field("str", clearable=False),
        "contact": Field("str", clearable=False),
        "additional_repos": Field("list"),
        "enable_net": Field(),
        "unlisted_on_hp": Field(),
        "auto_prune": Field(),
        "devel_mode": Field(),
        "bootstrap": Field(),
        "isolation": Field(),
        "module_hotfixes": Field(),
        "appstream": Field(),
        "follow_fedora_branching": Field(),
        "repo_priority": Field(),
        "packit_forge_projects_allowed": Field("urls"),
        "bootstrap_image": Field(write_only=True),
        "delete_after_days": Field(write_only=True),
        "multilib": Field(write_only=True),
        "fedora_review": Field(write_only=True),
        "runtime_dependencies": Field(write_only=True),
    }

    def read(self):
        return self.client.get_project(self.params["owner"], self.params["name"])

    def validate(self, operation, desired, current):
        if operation == "create" and not desired.get("chroots"):
            self.module.fail("Cannot create project %s: chroots is required (a project needs at least one chroot)"
                             % self.label())
        if "chroots" not in desired:
            return
        if not desired["chroots"]:
            self.module.fail("Cannot set chroots of project %s to an empty list: a project needs at least one chroot"
                             % self.label())
        active = self.client.active_chroots()
        unknown = sorted(set(desired["chroots"]) - set(active))
        if unknown:
            self.module.fail("Cannot use chroots %s in project %s: not active in Copr (unknown or end of life). "
                             "Active chroots: %s" % (", ".join(unknown), self.label(), ", ".join(active)))

    def create(self, desired):
        return self.client.create_project(self.params["owner"], self.params["name"], desired)

    def update(self, current, delta):
        return self.client.edit_project(self.params["owner"], self.params["name"], delta)

    def delete(self, current):
        return self.client.delete_project(self.params["owner"], self.params["name"])
