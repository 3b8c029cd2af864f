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

from ansible_collections.copr.copr.plugins.module_utils import copr_checks as checks
from ansible_collections.copr.copr.plugins.module_utils.copr_checks import string_types
from ansible_collections.copr.copr.plugins.module_utils.copr_api import BUILD_FINAL_STATES, CoprApiError, CoprError
from ansible_collections.copr.copr.plugins.module_utils.copr_module import (
    WRITE_ONLY_SPEC,
    CoprResource,
    Field,
    MissingParent,
)
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


# A dict item of copr_project's chroots: a chroot name plus its settings.
CHROOT_ITEM_SPEC = dict(CHROOT_SETTINGS_SPEC, name=dict(type="str", required=True))
# Checks of a chroot's settings, as options of copr_chroot or keys of a chroots item.
CHROOT_SETTINGS_CHECKS = dict(additional_repos=checks.repo_urls, additional_modules=checks.module_toggles)


def project_chroots(option, value):
    """copr_project's ``chroots``: a real list (the exact set) of chroot names or dicts with settings.

    A string is refused rather than turned into a one-item list, which would
    remove every other chroot of the project.
    """
    if not isinstance(value, list):
        if isinstance(value, string_types):
            names = [name for name in re.split(r"[\s,]+", value) if name] or ["fedora-rawhide-x86_64"]
            return ["%s must be a list, not the string '%s': it is the exact set of the project's chroots, and a "
                    "one-item list would remove all the others. Write it as a list: %s: [%s] (or one '- name' line "
                    "per chroot)" % (option, value, option, ", ".join(names))]
        return ["%s must be a list of chroot names or dicts, got %r" % (option, value)]
    problems = []
    seen = set()
    for index, item in enumerate(value):
        where = "%s[%d]" % (option, index)
        if isinstance(item, dict):
            name = item.get("name")
            where = "%s (%s)" % (where, name) if isinstance(name, string_types) else where
            item_problems, params = checks.spec_problems(where, item, CHROOT_ITEM_SPEC, CHROOT_SETTINGS_RULES)
            problems.extend(item_problems)
            if params is not None:
                problems.extend(checks.check_options(params, dict(CHROOT_SETTINGS_CHECKS, name=checks.chroot_name),
                                                     prefix=where + "."))
        elif isinstance(item, string_types):
            name = item
            problems.extend(checks.chroot_name(where, item))
        else:
            name = None
            problems.append("%s must be a chroot name or a dict with name and settings, got %r" % (where, item))
        if isinstance(name, string_types):
            if name in seen:
                problems.append("%s: chroot %s is listed twice" % (where, name))
            seen.add(name)
    return problems


# copr_project's options (without the connection options); the role's items are checked against them too.
PROJECT_SPEC = dict(
    name=dict(type="str", required=True, aliases=["projectname"]),
    owner=dict(type="str", aliases=["ownername"]),
    state=dict(type="str", default="present", choices=["present", "absent"]),
    # raw: Ansible's list type would turn a string into a one-item list (project_chroots refuses strings).
    chroots=dict(type="raw"),
    description=dict(type="str"),
    instructions=dict(type="str"),
    homepage=dict(type="str"),
    contact=dict(type="str"),
    additional_repos=dict(type="list", elements="str"),
    enable_net=dict(type="bool"),
    unlisted_on_hp=dict(type="bool"),
    auto_prune=dict(type="bool"),
    devel_mode=dict(type="bool"),
    bootstrap=dict(type="str", choices=["default", "on", "off", "image"]),
    bootstrap_image=dict(type="str"),
    isolation=dict(type="str", choices=["default", "nspawn", "simple"]),
    module_hotfixes=dict(type="bool"),
    appstream=dict(type="bool"),
    follow_fedora_branching=dict(type="bool"),
    repo_priority=dict(type="int"),
    packit_forge_projects_allowed=dict(type="list", elements="str"),
    delete_after_days=dict(type="int"),
    multilib=dict(type="bool"),
    fedora_review=dict(type="bool"),
    runtime_dependencies=dict(type="list", elements="str"),
    packages=dict(type="list", elements="dict"),
    write_only=WRITE_ONLY_SPEC,
    fork_from=dict(type="str"),
    permissions=dict(type="dict"),
    permissions_exclusive=dict(type="bool", default=False),
)
PROJECT_RULES = dict(
    required_if=[("permissions_exclusive", True, ["permissions"])],
)


def project_problems(items, variable="copr_projects", prune_owners=None, prune_allow_empty=False):
    """Every problem in a list of copr_project declarations (the role's copr_projects), no request made.

    With ``prune_owners`` (the role's copr_prune_owners), also what makes pruning
    unsafe (see :func:`prune_problems`).
    """
    if not isinstance(items, list):
        return ["%s must be a list of projects, got %r" % (variable, items)]
    problems = []
    for index, item in enumerate(items):
        label = _item_label(variable, index, item)
        problems.extend(checks.item_problems(label, item, PROJECT_SPEC, PROJECT_CHECKS, PROJECT_RULES))
        if isinstance(item, dict):
            problems.extend("%s: %s" % (label, problem) for problem in checks.owner_permission(
                "permissions", item.get("owner"), item.get("permissions")))
    if prune_owners:
        problems.extend(prune_problems(items, prune_owners, prune_allow_empty, variable))
    return problems


def _item_label(variable, index, item):
    label = "%s[%d]" % (variable, index)
    if isinstance(item, dict) and isinstance(item.get("name"), string_types):
        owner = item.get("owner")
        label += " (%s)" % ("%s/%s" % (owner, item["name"]) if owner else item["name"])
    return label


# --------------------------------------------------------------------------
# Pruning: the projects of some owners that a list of declarations does not name
# --------------------------------------------------------------------------

def _declared(item):
    """``(owner, name, state)`` of a declaration (option aliases included); None for a part it lacks."""
    if not isinstance(item, dict):
        return None, None, None
    owner = item.get("owner", item.get("ownername"))
    name = item.get("name", item.get("projectname"))
    return owner or None, name, item.get("state") or "present"


def prune_problems(items, owners, allow_empty=False, variable="copr_projects", owners_variable="copr_prune_owners"):
    """What makes pruning the projects of ``owners`` that ``items`` do not declare unsafe, no request made.

    ``owners`` must be a list of users and @groups.  Every item must name its
    owner: which projects are kept must not depend on whose API token runs the
    play.  An owner for whom no item declares a present project would lose
    every project: refused unless ``allow_empty``.
    """
    if not isinstance(owners, list):
        return ["%s must be a list of users and @groups, got %r" % (owners_variable, owners)]
    problems = []
    for index, owner in enumerate(owners):
        where = "%s[%d]" % (owners_variable, index)
        if not isinstance(owner, string_types) or not owner:
            problems.append("%s must be a user name or @group, got %r" % (where, owner))
        else:
            problems.extend(checks.owner_name(where, owner))
    if problems or not isinstance(items, list):
        return problems
    present = set()
    for index, item in enumerate(items):
        owner, _name, state = _declared(item)
        if owner is None:
            problems.append("%s: has no owner: with %s set, every item names its owner, so that which projects are "
                            "kept never depends on whose API token runs the play" % (_item_label(variable, index, item),
                                                                                     owners_variable))
        elif state == "present":
            present.add(owner)
    if not allow_empty:
        for owner in owners:
            if owner not in present:
                problems.append("%s lists %s, but %s declares no project of %s (state present): pruning would delete "
                                "every project of %s; set copr_prune_allow_empty: true if that is what you want"
                                % (owners_variable, owner, variable, owner, owner))
    return problems


def undeclared_projects(projects, items):
    """The ``projects`` (read with copr_project_info) that no item of ``items`` declares, in their order.

    An item declares a project by its owner and name, whatever its ``state``
    (a project declared absent is deleted by its own item).
    """
    declared = set()
    for item in items or []:
        owner, name, _state = _declared(item)
        if owner is not None and name is not None:
            declared.add((owner, name))
    return [project for project in projects or [] if (project.get("owner"), project.get("name")) not in declared]


def chroot_options_in_use(params):
    """The per-chroot settings that ``params`` set (neither None nor their default)."""
    return sorted(name for name, spec in CHROOT_SETTINGS_SPEC.items()
                  if params.get(name) is not None and params.get(name) != spec.get("default"))


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


def project_packages(option, value):
    """copr_project's ``packages``: dicts of copr_package options (no owner, no project), each name once."""
    if not isinstance(value, list):
        return ["%s must be a list of dicts of copr_package options, got %r" % (option, value)]
    problems = []
    seen = set()
    for index, item in enumerate(value):
        where = "%s[%d]" % (option, index)
        name = item.get("name") if isinstance(item, dict) else None
        if isinstance(name, string_types):
            where = "%s (%s)" % (where, name)
            if name in seen:
                problems.append("%s: package %s is listed twice" % (where, name))
            seen.add(name)
        item_problems, params = checks.spec_problems(where, item, package_argument_spec())
        problems.extend(item_problems)
        if params is not None and not item_problems and len(declared_sources(params)) > 1:
            problems.append("%s: declares %s: declare exactly one source" % (where, ", ".join(declared_sources(params))))
    return problems


# Checks of copr_project's options before any request. A new nested list (packages,
# permissions) adds its checker here, and both the module and the role apply it.
PROJECT_CHECKS = dict(
    name=checks.project_name,
    owner=checks.owner_name,
    chroots=project_chroots,
    additional_repos=checks.repo_urls,
    runtime_dependencies=checks.repo_urls,
    packages=project_packages,
    fork_from=checks.fork_source,
    permissions=checks.permissions,
)


def require_active_chroots(resource, names, what):
    """Fail (``what`` % the bad names) unless every chroot in ``names`` is active in Copr.

    The message suggests the nearest active names rather than listing them all
    (production has dozens).  When the API in use cannot list Copr's chroots
    (APIv1), nothing is checked here: Copr itself refuses a chroot it does not know.
    """
    active = resource.client.active_chroots()
    if active is None:
        return
    unknown = sorted(set(names) - set(active))
    if unknown:
        hints = []
        for name in unknown:
            close = checks.nearest(name, active)
            if close:
                hints.append("for %s, did you mean %s?" % (name, " or ".join(close)))
        hint = " ".join(hints) if hints else "no active chroot has a similar name"
        resource.module.fail("%s: not active in Copr (unknown or end of life); %s (all %d active chroots: %s/api_3/"
                             "mock-chroots/list)" % (what % ", ".join(unknown), hint, len(active),
                                                     resource.client.settings.api_url))


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
        if self.params.get("permissions") is not None:
            refuse_owner_permission(module, self.params["owner"], self.params["permissions"])
        # The project fork_from names, read in check mode to predict the fork.
        self.fork_source = None

    @property
    def create_sets_fields(self):
        """A fork copies the source's settings: every declared option is converged right after it."""
        return not self.params.get("fork_from")

    def _chroot_settings(self):
        """The dict items of ``chroots`` (checked by project_chroots already): {chroot name: settings}."""
        settings = {}
        validator = ArgumentSpecValidator(CHROOT_ITEM_SPEC, **CHROOT_SETTINGS_RULES)
        for item in self.params.get("chroots") or []:
            if isinstance(item, dict):
                params = validator.validate(item).validated_parameters
                settings[params["name"]] = params
        return settings

    def options_in_use(self):
        used = super(ProjectResource, self).options_in_use()
        chroot_options = set()
        for settings in self.chroot_settings.values():
            chroot_options.update(chroot_options_in_use(settings))
        if chroot_options:
            used["chroot"] = sorted(chroot_options)
        extra = [name for name in ("packages", "permissions", "fork_from") if self.params.get(name)]
        if extra:
            used["project"] = sorted(set(used.get("project", [])) | set(extra))
        return used

    def _packages(self):
        """The items of ``packages`` (checked by project_packages already) as validated package parameters."""
        validator = ArgumentSpecValidator(package_argument_spec())
        return [validator.validate(item).validated_parameters for item in self.params.get("packages") or []]

    def desired(self):
        desired = super(ProjectResource, self).desired()
        if "chroots" in desired:
            desired["chroots"] = [item["name"] if isinstance(item, dict) else str(item) for item in desired["chroots"]]
        return desired

    def children(self, after, before=None):
        """The chroots declared with settings, converged in this same run."""
        enabled_before = set((before or {}).get("chroots") or [])
        children = []
        for name, settings in sorted(self.chroot_settings.items()):
            params = dict(settings, owner=self.params["owner"], project=self.params["name"], chroot=name,
                          state="present", write_only=self.params.get("write_only"))
            params.pop("name")
            child = ChrootResource(self.module, params, project_chroots=after.get("chroots"))
            child.new = name not in enabled_before
            children.append(child)
        listing = PackageListing(self.client, self.params["owner"], self.params["name"])
        for package in self.packages:
            params = dict(package, owner=self.params["owner"], project=self.params["name"],
                          write_only=self.params.get("write_only"))
            children.append(PackageResource(self.module, params, listing=listing))
        if self.params.get("permissions") is not None:
            child = PermissionsResource(self.module, dict(
                owner=self.params["owner"], project=self.params["name"], permissions=self.params["permissions"],
                exclusive=self.params.get("permissions_exclusive"), state="present"))
            child.new = before is None
            children.append(child)
        return children

    def read(self):
        # The declared set tells an API that cannot list a project's chroots (APIv1
        # before the first build) which ones to look for.
        return self.client.get_project(self.params["owner"], self.params["name"],
                                       chroots_hint=self.desired().get("chroots"))

    def validate(self, operation, desired, current):
        if operation == "create" and self.params.get("fork_from"):
            if self.module.check_mode:
                # Check mode shows the fork as it would be: the source's settings and chroots.
                owner, name = self.params["fork_from"].split("/")
                self.fork_source = self.client.get_project(owner, name)
                if self.fork_source is None:
                    self.module.missing_parent(
                        "project", self.params["fork_from"],
                        "Cannot fork project %s: it does not exist" % self.params["fork_from"])
        elif operation == "create" and not desired.get("chroots"):
            self.module.fail("Cannot create project %s: chroots is required (a project needs at least one chroot)"
                             % self.label())
        if "chroots" not in desired:
            return
        if not desired["chroots"]:
            self.module.fail("Cannot set chroots of project %s to an empty list: a project needs at least one chroot"
                             % self.label())
        require_active_chroots(self, desired["chroots"], "Cannot use chroots %%s in project %s" % self.label())

    def predict_create(self):
        if self.fork_source is None:
            return self.ident()
        return forked_copy(self.fork_source, self.params["owner"], self.params["name"])

    def create(self, desired):
        if self.params.get("fork_from"):
            return self._fork()
        return self.client.create_project(self.params["owner"], self.params["name"], desired)

    def _fork(self):
        """Create the project as a fork of fork_from; the declared options are converged after it."""
        source = self.params["fork_from"]
        owner, name = source.split("/")
        try:
            return self.client.fork_project(owner, name, self.params["owner"], self.params["name"])
        except CoprApiError as exc:
            exc.error = "forking %s: %s" % (source, (exc.error or "").rstrip())
            if exc.status == 400 and "owner: Not a valid choice" in exc.error:
                exc.hint = ("a fork goes to your own namespace or to a @group you are a member of (owner %s)"
                            % self.params["owner"])
            elif exc.ambiguous:
                exc.hint = ("Copr may have made the fork: run the task again, it converges the project if it exists "
                            "(a fork is never resent blindly)")
            raise

    def update(self, current, delta):
        return self.client.edit_project(self.params["owner"], self.params["name"], delta)

    def delete(self, current):
        try:
            return self.client.delete_project(self.params["owner"], self.params["name"])
        except CoprApiError as exc:
            running = RUNNING_BUILDS.search(exc.error or "")
            if exc.status == 400 and running:
                ids = [int(word) for word in re.findall(r"\d+", running.group(1))]
                exc.hint = ("cancel them first, for example with copr.copr.copr_build (build_id: %d, state: canceled)%s, "
                            "or wait until they finish, then run the task again"
                            % (ids[0], " for each of them" if len(ids) > 1 else ""))
            raise


def forked_copy(source, owner, name):
    """What Copr makes of project ``source`` forked into ``owner/name`` (check mode's prediction).

    Everything is copied but ``persistent``, ``auto_prune`` and ``contact`` (back to
    the defaults); only the enabled chroots, which ``chroots`` lists.
    """
    fork = dict(source, id=None, owner=owner, name=name, full_name="%s/%s" % (owner, name), persistent=False,
                auto_prune=True, contact=None)
    old = "/%s/%s/" % (source.get("owner"), source.get("name"))
    new = "/%s/%s/" % (owner, name)
    fork["chroot_repos"] = dict((chroot, (url or "").replace(old, new))
                                for chroot, url in (source.get("chroot_repos") or {}).items())
    return fork


def declared_permissions(value):
    """``permissions`` as declared (checked by copr_checks.permissions) with both roles as bools."""
    validator = ArgumentSpecValidator(checks.PERMISSION_ROLES_SPEC)
    declared = {}
    for user, roles in (value or {}).items():
        params = validator.validate(dict(roles or {})).validated_parameters
        declared[user] = dict((role, params[role]) for role in checks.PERMISSION_ROLES_SPEC)
    return declared


def refuse_owner_permission(module, owner, permissions):
    """Fail before any write when ``permissions`` names the project's owner (Copr refuses it)."""
    problems = checks.owner_permission("permissions", owner, permissions)
    if problems:
        module.fail("; ".join(problems) + "; nothing was written to Copr")


class PermissionsResource(CoprResource):
    """The builder and admin permissions of users on one project.

    ``permissions`` is ``{user: {builder: bool, admin: bool}}`` (a role not given is
    false).  Only the users listed are managed; with ``exclusive``, every other user
    is to end with neither role.  Copr's rows set to ``nothing`` and pending requests
    count as no permission.  One read (Copr's 404 "No permissions set" is none) and,
    when something differs, one set call with only the roles that differ.
    """

    kind = "permissions of project"
    result_key = "permissions"
    parent_key = "permissions"
    named_child = False
    identity = ("owner", "project")
    fields = {"permissions": Field("permissions")}

    def __init__(self, module, params=None):
        super(PermissionsResource, self).__init__(module, params)
        refuse_owner_permission(module, self.params["owner"], self.params["permissions"])
        self.declared = declared_permissions(self.params["permissions"])

    def options_in_use(self):
        # Permissions are a whole kind of resource to a protocol: named by the module that manages them.
        return {"permissions": ["copr_permissions"]}

    def desired(self):
        return {"permissions": self.declared}

    def report_value(self, obj):
        return (obj or {}).get("permissions") or {}

    def target(self, name, declared, current):
        """The listed users as declared; the others as Copr has them, or without any role when exclusive."""
        users = {} if self.params.get("exclusive") else dict(current or {})
        users.update(declared)
        return dict((user, roles) for user, roles in users.items() if any(roles.values()))

    def read(self):
        owner, project = self.params["owner"], self.params["project"]
        empty = dict(self.ident(), permissions={})
        if self.new and self.module.check_mode:
            return empty  # the project is only predicted: a new project (a fork too) has no permissions
        current = self.client.get_permissions(owner, project)
        if current is None:
            label = "%s/%s" % (owner, project)
            self.module.missing_parent("project", label, "Failed to read permissions of project %s: project %s does "
                                       "not exist (create it first, for example with copr.copr.copr_project)"
                                       % (label, label))
            return empty
        return dict(self.ident(), permissions=current)

    def update(self, current, delta):
        wanted, had = delta["permissions"], current.get("permissions") or {}
        changes = {}
        for user in sorted(set(wanted) | set(had)):
            for role in checks.PERMISSION_ROLES_SPEC:
                value = wanted.get(user, {}).get(role, False)
                if value != had.get(user, {}).get(role, False):
                    changes.setdefault(user, {})[role] = value
        try:
            self.client.set_permissions(self.params["owner"], self.params["project"], changes)
        except CoprApiError as exc:
            unknown = UNKNOWN_USER.search(exc.error or "")
            owner = PROJECT_OWNER.search(exc.error or "")
            if exc.status == 400 and unknown:
                exc.hint = ("Copr has no user %s (a user exists in Copr once they have logged in to it); nothing was "
                            "changed" % unknown.group(1))
            elif exc.status == 400 and owner:
                exc.hint = ("Copr counts %s, who created the project, as its owner with every permission: remove %s "
                            "from permissions; nothing was changed" % (owner.group(1), owner.group(1)))
            raise
        return dict(self.ident(), permissions=wanted)


# Copr's 400s for a permission set: an unknown user, and the project's owner (its creator).
UNKNOWN_USER = re.compile(r"user '([^']*)' doesn't exist in database")
PROJECT_OWNER = re.compile(r"user '([^']*)' is owner of the ")


# Copr's 400 for a project delete while builds run: "Build(s) 4, 5 are still running."
RUNNING_BUILDS = re.compile(r"Build\(s\) ([\d, ]+) are still running")


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
                raise MissingParent("project", self.project_label(),
                                    "create it first, for example with copr.copr.copr_project")
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


# --------------------------------------------------------------------------
# Packages
# --------------------------------------------------------------------------

# Copr's rule for a chroot_denylist item (BasePackageForm); each must also match an active chroot.
DENYLIST_PATTERN = re.compile(r"^[a-z0-9-_*.+]+$")


def find_package(client, owner, project, name, builds=(), missing_project_ok=False):
    """A package (``builds`` as in CoprClient.get_package), or None when the project has none of that name.

    A 404 does not say whether the package or the project is missing: the
    project is then read too, and a missing project is a MissingParent (None
    with ``missing_project_ok``).
    """
    package = client.get_package(owner, project, name, builds=builds)
    if package is None and not missing_project_ok and client.get_project(owner, project) is None:
        raise MissingParent("project", "%s/%s" % (owner, project), "create it first, for example with "
                            "copr.copr.copr_project")
    return package


def read_packages(client, owner, project, name=None, builds=()):
    """The packages asked for (the one named, or all of the project); CoprError when the project does not exist."""
    if name is not None:
        package = find_package(client, owner, project, name, builds=builds)
        return [package] if package is not None else []
    packages = client.list_packages(owner, project, builds=builds)
    if packages is None:
        raise CoprError("project %s/%s does not exist" % (owner, project))
    return packages


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

    def options_in_use(self):
        # Packages are a whole kind of resource to a protocol: named by the module that manages them.
        return {"package": ["copr_package"]}

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
