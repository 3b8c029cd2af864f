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

import fnmatch
import hashlib
import re

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.copr.copr.plugins.module_utils.copr_api import BUILD_FINAL_STATES, CoprApiError, CoprError
from ansible_collections.copr.copr.plugins.module_utils.copr_module import CoprResource, Field
from ansible_collections.copr.copr.plugins.module_utils.copr_sources import (
    SOURCE_TYPES,
    canonical_source,
    comparable_source,
    declared_sources,
    source_argument_spec,
)


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


def package_argument_spec():
    """A package: the options of copr_package but owner and project, and the keys of an item of
    copr_project's packages (a fresh copy)."""
    return dict(
        name=dict(type="str", required=True, aliases=["packagename"]),
        state=dict(type="str", default="present", choices=["present", "absent"]),
        webhook_rebuild=dict(type="bool"),
        chroot_denylist=dict(type="list", elements="str"),
        max_builds=dict(type="int"),
        build_timeout=dict(type="int"),
        **source_argument_spec()
    )


def require_active_chroots(resource, names, what):
    """Fail (``what`` % the bad names) unless every chroot in ``names`` is active in Copr."""
    active = resource.client.active_chroots()
    unknown = sorted(set(names) - set(active))
    if unknown:
        resource.module.fail("%s: not active in Copr (unknown or end of life). Active chroots: %s"
                             % (what % ", ".join(unknown), ", ".join(active)))


class ProjectResource(CoprResource):
    """A project; ``chroots`` items may be dicts that also declare a chroot's settings, and
    ``packages`` items declare packages (children, converged in the same run)."""

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
        self.packages = self._packages()

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

    def _packages(self):
        """Validate the items of ``packages``: a list of validated package parameters."""
        packages = []
        seen = set()
        validator = ArgumentSpecValidator(package_argument_spec())
        for item in self.params.get("packages") or []:
            if not isinstance(item, dict):
                self.module.fail("Invalid package %r in project %s: expected a dict of copr_package options "
                                 "(name, a source, ...)" % (item, self.label()))
            result = validator.validate(item)
            if result.error_messages:
                self.module.fail("Invalid package %s in project %s: %s" % (
                    item.get("name", "(no name)"), self.label(), "; ".join(result.error_messages)))
            params = result.validated_parameters
            if params["name"] in seen:
                self.module.fail("Package %s is listed twice in project %s" % (params["name"], self.label()))
            seen.add(params["name"])
            packages.append(params)
        return packages

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
        listing = PackageListing(self.client, self.params["owner"], self.params["name"])
        for package in self.packages:
            params = dict(package, owner=self.params["owner"], project=self.params["name"])
            children.append(PackageResource(self.module, params, listing=listing))
        return children

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

    def project_label(self):
        return "%s/%s" % (self.params["owner"], self.params["project"])

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
            project = self.client.get_project(self.params["owner"], self.params["project"])
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


# --------------------------------------------------------------------------
# Packages
# --------------------------------------------------------------------------

# Copr's rule for a chroot_denylist item (BasePackageForm); each must also match an active chroot.
DENYLIST_PATTERN = re.compile(r"^[a-z0-9-_*.+]+$")


def find_package(client, owner, project, name, builds=(), missing_project_ok=False):
    """A package (``builds`` as in CoprClient.get_package), or None when the project has none of that name.

    A 404 does not say whether the package or the project is missing: the
    project is then read too, and a missing project is a CoprError (None with
    ``missing_project_ok``).
    """
    package = client.get_package(owner, project, name, builds=builds)
    if package is None and not missing_project_ok and client.get_project(owner, project) is None:
        raise CoprError("project %s/%s does not exist (create it first, for example with copr.copr.copr_project)"
                        % (owner, project))
    return package


class SourceField(Field):
    """A package's source, ``{type: fields}`` in option names, compared as :func:`comparable_source` says."""

    def __init__(self):
        super(SourceField, self).__init__("scalar")

    def normalise(self, value):
        return comparable_source(value)


class PackageListing:
    """The packages of one project by name, read once (one paged list) for all its package children."""

    def __init__(self, client, owner, project):
        self.client = client
        self.owner = owner
        self.project = project
        self._packages = None

    def __call__(self):
        if self._packages is None:
            # None: the project does not exist yet (its creation predicted in check mode): no packages.
            packages = self.client.list_packages(self.owner, self.project) or []
            self._packages = dict((package["name"], package) for package in packages)
        return self._packages


class PackageResource(CoprResource):
    """A package of a project: its source, webhook rebuilds, and the write-only build settings.

    The source is one field, ``{type: fields}``: changing the type is an edit
    with the new type.  Every edit sends the whole declared source, because
    Copr fills the fields an edit leaves out from the stored source, except the
    SCM type, which it then resets to git.
    """

    kind = "package"
    result_key = "package"
    parent_key = "packages"
    identity = ("owner", "project", "name")
    fields = {
        "source": SourceField(),
        "webhook_rebuild": Field(),
        "chroot_denylist": Field("items", write_only=True),
        "max_builds": Field(write_only=True),
        "build_timeout": Field(write_only=True),
    }

    def __init__(self, module, params=None, listing=None):
        """``listing``: a PackageListing when a parent converges several packages of one project."""
        super(PackageResource, self).__init__(module, params)
        self.listing = listing

    def project_label(self):
        return "%s/%s" % (self.params["owner"], self.params["project"])

    def declared_source(self):
        """The declared source as ``{type: canonical fields}``, None when none is declared."""
        kinds = declared_sources(self.params)
        if len(kinds) > 1:
            self.module.fail("Package %s declares %d sources (%s): declare exactly one of %s"
                             % (self.label(), len(kinds), ", ".join(kinds), ", ".join(SOURCE_TYPES)))
        if not kinds:
            return None
        kind = kinds[0]
        fields = dict(self.params[kind])
        if kind == "distgit":
            name = self.params["name"]
            if fields.get("package_name") not in (None, name):
                self.module.fail("Package %s: distgit.package_name %s is not the package's name: Copr builds a "
                                 "dist-git package from the repository of its own name (leave "
                                 "distgit.package_name unset)" % (self.label(), fields["package_name"]))
            fields["package_name"] = name
        return {kind: canonical_source(kind, fields)}

    def desired(self):
        desired = super(PackageResource, self).desired()
        source = self.declared_source()
        if source is not None:
            desired["source"] = source
        elif self.params.get("state", "present") == "present":
            self.module.fail("Package %s declares no source: set one of %s"
                             % (self.label(), ", ".join(SOURCE_TYPES)))
        if "chroot_denylist" in desired:
            desired["chroot_denylist"] = [item.strip() for item in desired["chroot_denylist"]]
        return desired

    def read(self):
        owner, project, name = self.params["owner"], self.params["project"], self.params["name"]
        if self.listing is not None:
            return self.listing().get(name)
        return find_package(self.client, owner, project, name, missing_project_ok=self.params.get("state") == "absent")

    def validate(self, operation, desired, current):
        if desired.get("chroot_denylist") is not None:
            self._check_denylist(desired["chroot_denylist"])
        if operation == "delete":
            self._check_no_unfinished_builds()

    def _check_denylist(self, patterns):
        """Copr's rules: each pattern is ``[a-z0-9-_*.+]+`` and matches at least one active chroot."""
        active = self.client.active_chroots()
        for pattern in patterns:
            if not DENYLIST_PATTERN.match(pattern):
                self.module.fail("Invalid chroot_denylist pattern %r for package %s: Copr accepts only lowercase "
                                 "letters, digits and - _ * . + in a pattern" % (pattern, self.label()))
            if not fnmatch.filter(active, pattern):
                self.module.fail("Invalid chroot_denylist pattern %r for package %s: it matches no active chroot "
                                 "of Copr (%s)" % (pattern, self.label(), ", ".join(active)))

    def _check_no_unfinished_builds(self):
        """Copr deletes a package with all its builds, and refuses while one is unfinished: say so first.

        Reads the package's newest page of builds (unfinished builds are the
        newest); Copr's own refusal covers any older one.
        """
        owner, project, name = self.params["owner"], self.params["project"], self.params["name"]
        page = next(self.client.build_pages(owner, project, package=name), [])
        unfinished = [build for build in page if build.get("state") not in BUILD_FINAL_STATES]
        if unfinished:
            self.module.fail("Cannot delete package %s: %s; nothing was deleted" % (
                self.label(), self._unfinished_text(", ".join("%s (%s)" % (build["id"], build["state"])
                                                              for build in unfinished))))

    @staticmethod
    def _unfinished_text(builds):
        return ("Copr deletes a package together with all its builds, and builds %s are unfinished: cancel them "
                "(copr.copr.copr_build with build_id and state=canceled) or wait until they finish, then run the "
                "task again" % builds)

    def _write(self, func, *args):
        """Run a package write; a 403 says what rights packages need."""
        try:
            return func(*args)
        except CoprApiError as exc:
            if exc.status == 403:
                exc.hint = ("adding, editing or deleting a package needs admin rights in project %s (its owner, a "
                            "member of its group, or the admin permission); the builder permission only allows "
                            "building its packages (copr.copr.copr_build with package)" % self.project_label())
            raise

    def create(self, desired):
        fields = dict((key, value) for key, value in desired.items() if key != "source")
        return self._write(self.client.add_package, self.params["owner"], self.params["project"],
                           self.params["name"], desired["source"], fields)

    def update(self, current, delta):
        # The whole declared source, whatever changed: see the class docstring.
        fields = dict((key, value) for key, value in delta.items() if key != "source")
        return self._write(self.client.edit_package, self.params["owner"], self.params["project"],
                           self.params["name"], self.declared_source(), fields)

    def delete(self, current):
        try:
            return self._write(self.client.delete_package, self.params["owner"], self.params["project"],
                               self.params["name"])
        except CoprApiError as exc:
            if exc.status == 400 and "still running" in exc.error:
                exc.hint = self._unfinished_text("of it") + "; nothing was deleted"
            raise
