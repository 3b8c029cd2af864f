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

import hashlib
import re

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.copr.copr.plugins.module_utils.copr_api import CoprApiError, CoprError
from ansible_collections.copr.copr.plugins.module_utils.copr_module import CoprResource, Field


# Per-chroot settings: the options of copr_chroot, and the keys of a dict item in copr_project's chroots.
CHROOT_SETTINGS_SPEC = dict(
    additional_packages=dict(type="list", elements="str"),
    additional_repos=dict(type="list", elements="str"),
    additional_modules=dict(type="list", elements="str"),
    with_opts=dict(type="list", elements="str"),
    without_opts=dict(type="list", elements="str"),
    isolation=dict(type="str", choices=["unchanged", "default", "nspawn", "simple"]),
    bootstrap=dict(type="str", choices=["unchanged", "default", "off", "on", "image", "custom_image"]),
    bootstrap_image=dict(type="str"),
    comps=dict(type="path"),
    delete_comps=dict(type="bool", default=False),
)
CHROOT_SETTINGS_RULES = dict(
    mutually_exclusive=[("comps", "delete_comps")],
    required_if=[("bootstrap", "custom_image", ["bootstrap_image"])],
)


def chroot_options_in_use(params):
    """The per-chroot settings that ``params`` set (neither None nor their default)."""
    return sorted(name for name, spec in CHROOT_SETTINGS_SPEC.items()
                  if params.get(name) is not None and params.get(name) != spec.get("default"))


def require_active_chroots(resource, names, what):
    """Fail (``what`` % the bad names) unless every chroot in ``names`` is active in Copr.

    When the API in use cannot list Copr's chroots (APIv1), nothing is checked here:
    Copr itself refuses a chroot it does not know.
    """
    active = resource.client.active_chroots()
    if active is None:
        return
    unknown = sorted(set(names) - set(active))
    if unknown:
        resource.module.fail("%s: not active in Copr (unknown or end of life). Active chroots: %s"
                             % (what % ", ".join(unknown), ", ".join(active)))


class ProjectResource(CoprResource):
    """A project; ``chroots`` items may be dicts that also declare a chroot's settings (children)."""

    kind = "project"
    result_key = "project"
    children_key = "chroot_settings"
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

    def __init__(self, module, params=None):
        super(ProjectResource, self).__init__(module, params)
        self.chroot_settings = self._chroot_settings()

    def _chroot_settings(self):
        """Validate the dict items of ``chroots``: {chroot name: validated settings}."""
        settings = {}
        seen = set()
        validator = ArgumentSpecValidator(dict(CHROOT_SETTINGS_SPEC, name=dict(type="str", required=True)),
                                          **CHROOT_SETTINGS_RULES)
        for item in self.params.get("chroots") or []:
            if not isinstance(item, dict):
                name = str(item)
            else:
                result = validator.validate(item)
                if result.error_messages:
                    self.module.fail("Invalid settings for chroot %s in project %s: %s" % (
                        item.get("name", "(no name)"), self.label(), "; ".join(result.error_messages)))
                name = result.validated_parameters["name"]
                settings[name] = result.validated_parameters
            if name in seen:
                self.module.fail("Chroot %s is listed twice in project %s" % (name, self.label()))
            seen.add(name)
        return settings

    def options_in_use(self):
        used = super(ProjectResource, self).options_in_use()
        chroot_options = set()
        for settings in self.chroot_settings.values():
            chroot_options.update(chroot_options_in_use(settings))
        if chroot_options:
            used["chroot"] = sorted(chroot_options)
        return used

    def desired(self):
        desired = super(ProjectResource, self).desired()
        if "chroots" in desired:
            desired["chroots"] = [item["name"] if isinstance(item, dict) else str(item) for item in desired["chroots"]]
        return desired

    def children(self, after):
        """The chroots declared with settings, converged in this same run."""
        children = []
        for name, settings in sorted(self.chroot_settings.items()):
            params = dict(settings, owner=self.params["owner"], project=self.params["name"], chroot=name,
                          state="present")
            params.pop("name")
            children.append(ChrootResource(self.module, params, project_chroots=after.get("chroots")))
        return children

    def read(self):
        # The declared set tells an API that cannot list a project's chroots (APIv1
        # before the first build) which ones to look for.
        return self.client.get_project(self.params["owner"], self.params["name"],
                                       chroots_hint=self.desired().get("chroots"))

    def validate(self, operation, desired, current):
        if operation == "create" and not desired.get("chroots"):
            self.module.fail("Cannot create project %s: chroots is required (a project needs at least one chroot)"
                             % self.label())
        if "chroots" not in desired:
            return
        if not desired["chroots"]:
            self.module.fail("Cannot set chroots of project %s to an empty list: a project needs at least one chroot"
                             % self.label())
        require_active_chroots(self, desired["chroots"], "Cannot use chroots %%s in project %s" % self.label())

    def create(self, desired):
        return self.client.create_project(self.params["owner"], self.params["name"], desired)

    def update(self, current, delta):
        return self.client.edit_project(self.params["owner"], self.params["name"], delta)

    def delete(self, current):
        return self.client.delete_project(self.params["owner"], self.params["name"])


# Module toggles as Copr's ModifyChrootForm accepts them: name:stream, or !name:stream to disable.
MODULE_TOGGLE = re.compile(r"^!?[^\s,:!]+:[^\s,:]+$")


def comps_digest(content):
    """How a comps.xml is compared and shown: its SHA-256 (the content can be megabytes)."""
    return "sha256:%s" % hashlib.sha256(content).hexdigest()


class ChrootResource(CoprResource):
    """One chroot of a project: enabled or not, and its per-chroot settings.

    Membership is the project's chroot set (``chroots`` of the project): Copr
    keeps answering project-chroot GET for a removed chroot, so that GET says
    nothing about whether it is enabled.  "Create" enables the chroot with a
    project edit that sends the whole set plus this one; Copr then brings back
    whatever settings the chroot had before it was removed, and ensure()
    converges them in one chroot edit.
    """

    kind = "chroot"
    result_key = "chroot"
    identity = ("owner", "project", "chroot")
    create_sets_fields = False
    fields = {
        "additional_packages": Field("set"),
        "additional_repos": Field("list"),
        "additional_modules": Field("items"),
        "with_opts": Field("set"),
        "without_opts": Field("set"),
        "isolation": Field(),
        # The comps.xml compared by content digest; "" (from delete_comps) means none.
        "comps": Field("str"),
        "bootstrap": Field(write_only=True),
        "bootstrap_image": Field(write_only=True),
    }

    def __init__(self, module, params=None, project_chroots=None):
        """``project_chroots``: the project's chroot set when the caller already read it (saves a GET)."""
        super(ChrootResource, self).__init__(module, params)
        self.project_chroots = project_chroots
        # False when only this chroot's membership is known, not the whole set (see read()).
        self.whole_set_known = True

    def project_label(self):
        return "%s/%s" % (self.params["owner"], self.params["project"])

    def options_in_use(self):
        return {self.kind: chroot_options_in_use(self.params)}

    def desired(self):
        desired = super(ChrootResource, self).desired()
        for item in desired.get("additional_modules") or []:
            if not MODULE_TOGGLE.match(str(item).strip()):
                self.module.fail("Invalid additional_modules item %r for chroot %s: expected name:stream to enable "
                                 "a module or !name:stream to disable it" % (item, self.label()))
        if self.params.get("comps") is not None:
            path = self.params["comps"]
            try:
                with open(path, "rb") as handle:
                    desired["comps"] = comps_digest(handle.read())
            except (IOError, OSError) as exc:
                self.module.fail("Cannot read the comps file %s for chroot %s: %s"
                                 % (path, self.label(), exc.strerror or exc))
        elif self.params.get("delete_comps"):
            desired["comps"] = ""
        return desired

    def _manages_comps(self):
        return self.params.get("comps") is not None or bool(self.params.get("delete_comps"))

    def _read_chroot(self):
        owner, project, chroot = self.params["owner"], self.params["project"], self.params["chroot"]
        current = self.client.get_chroot(owner, project, chroot)
        if current is not None and self._manages_comps():
            current["comps"] = None
            if current.get("comps_name"):
                current["comps"] = comps_digest(self.client.get_chroot_comps(owner, project, chroot))
        return current

    def read(self):
        if self.project_chroots is None:
            owner, name = self.params["owner"], self.params["project"]
            project = self.client.get_project(owner, name)
            if project is not None and project["chroots"] is None:
                # The API cannot list the project's chroots yet (APIv1 before the project's
                # first build): ask whether this one is enabled; the whole set stays unknown.
                self.whole_set_known = False
                project = self.client.get_project(owner, name, chroots_hint=[self.params["chroot"]])
            if project is None:
                if self.params["state"] == "absent":
                    return None
                raise CoprError("project %s does not exist (create it first, for example with copr.copr.copr_project)"
                                % self.project_label())
            self.project_chroots = project["chroots"]
        if self.params["chroot"] not in self.project_chroots:
            return None
        return self._read_chroot()

    def validate(self, operation, desired, current):
        chroot = self.params["chroot"]
        if operation in ("create", "delete") and not self.whole_set_known:
            self.module.fail("Cannot %s chroot %s %s project %s: Copr API v%d cannot list the project's chroots "
                             "before its first build, and %s one means sending the whole set; declare the whole set "
                             "with the chroots option of copr.copr.copr_project instead"
                             % ("enable" if operation == "create" else "remove", chroot,
                                "in" if operation == "create" else "from", self.project_label(),
                                self.module.api_version, "enabling" if operation == "create" else "removing"))
        if operation == "create":
            require_active_chroots(self, [chroot], "Cannot enable chroot %%s in project %s" % self.project_label())
        if operation == "delete" and set(self.project_chroots) == set([chroot]):
            self.module.fail("Cannot remove chroot %s from project %s: it is the project's only chroot and Copr "
                             "cannot leave a project without chroots (delete the project instead)"
                             % (chroot, self.project_label()))

    def create(self, desired):
        chroots = sorted(set(self.project_chroots) | set([self.params["chroot"]]))
        self.client.edit_project(self.params["owner"], self.params["project"], {"chroots": chroots})
        return self._read_chroot()

    def update(self, current, delta):
        fields = dict(delta)
        comps_path = None
        if "comps" in fields:
            if fields.pop("comps"):
                comps_path = self.params["comps"]
            else:
                fields["delete_comps"] = True
        result = self.client.edit_chroot(self.params["owner"], self.params["project"], self.params["chroot"],
                                         fields, comps_path=comps_path)
        if self._manages_comps():
            # The edit answer names the comps file but has no content: read what Copr stored.
            result = self._read_chroot()
        return result

    def delete(self, current):
        chroots = sorted(set(self.project_chroots) - set([self.params["chroot"]]))
        try:
            self.client.edit_project(self.params["owner"], self.params["project"], {"chroots": chroots})
        except CoprApiError as exc:
            if exc.status == 409:
                exc.hint = ("builds in this chroot are still running or waiting: cancel them or wait until they "
                            "finish, then run the task again")
            raise
