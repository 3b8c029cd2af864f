# -*- coding: utf-8 -*-
# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Export: what Copr holds, written as declarations (items of the projects role's ``copr_projects``).

An item is exactly what copr_project (and so the role) takes: a project's
readable options, its chroots (a name, or a dict with the settings that are not
Copr's defaults), its packages (in copr_package's option names) and its
permissions.  Feeding an export back to the role against the same Copr changes
nothing, so an export leaves out what the role cannot declare without an error
or a write:

* what Copr never returns (the write-only fields of ProjectResource,
  ChrootResource and PackageResource: ``multilib``, ``delete_after_days``, a
  chroot's ``bootstrap``, a package's ``max_builds`` ...), and ``fork_from``;
* what no option declares: ``persistent``, ``storage`` (Copr admins only);
* ``auto_prune: false``, which only Copr admins may set;
* values that mean "not set" and that Copr cannot go back to once set
  (``homepage``, ``contact`` and ``repo_priority`` when null);
* a chroot's comps.xml (the option is a file to upload: the export has only its name);
* a package without a source (Copr keeps one after a reset), which a declaration cannot express;
* permissions that Copr does not show (they need edit rights on the project).

Whatever a project has that the export leaves out is said in one warning per
kind, naming the projects.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.copr.copr.plugins.module_utils.copr_api import CoprApiError
from ansible_collections.copr.copr.plugins.module_utils.copr_resources import (
    PROJECT_SPEC,
    ChrootResource,
    ProjectResource,
)
from ansible_collections.copr.copr.plugins.module_utils.copr_sources import canonical_source, source_parts


# Values of project options that a Copr user who is not a Copr admin cannot declare (Copr answers 403).
ADMIN_ONLY_VALUES = {"auto_prune": False}
# A chroot setting's value when nothing is set (Copr's defaults for a new project chroot).
CHROOT_DEFAULTS = {"isolation": "unchanged"}


def _readable(fields):
    """The option names of a resource's fields that Copr returns on GET, in the order given."""
    return [name for name, field in fields.items() if not field.write_only]


# The project options an export declares, in copr_project's option order; chroots come later.
PROJECT_OPTIONS = [name for name in PROJECT_SPEC if name in _readable(ProjectResource.fields) and name != "chroots"]
# The chroot settings an export declares (comps is a file to upload: left out, with a warning).
CHROOT_OPTIONS = [name for name in _readable(ChrootResource.fields) if name != "comps"]


def project_item(project):
    """A project (in option names, as read) as a declaration: ``(item, [options left out])``.

    No chroots, packages or permissions yet (see :class:`ProjectExporter`).
    """
    item = {"name": project["name"], "owner": project["owner"]}
    left_out = []
    for name in PROJECT_OPTIONS:
        value = project.get(name)
        if value is None:
            continue  # not set in Copr (or unknown): declaring it would be "leave it alone" anyway
        if name in ADMIN_ONLY_VALUES and value == ADMIN_ONLY_VALUES[name]:
            left_out.append("%s: %s" % (name, str(value).lower() if isinstance(value, bool) else value))
            continue
        item[name] = value
    return item, left_out


def chroot_item(name, chroot):
    """A project chroot as an item of ``chroots``: its name, or a dict with the settings that are not the default."""
    settings = {}
    for option in CHROOT_OPTIONS:
        value = (chroot or {}).get(option)
        if value in (None, [], "") or value == CHROOT_DEFAULTS.get(option):
            continue
        settings[option] = value
    if not settings:
        return name
    return dict([("name", name)] + list(settings.items()))


def minimal_source(kind, fields):
    """A source's fields without those that are Copr's default (what a declaration may leave out).

    A field is left out when the canonical source is the same without it; a
    dist-git source never declares its package name (the package's own name).
    """
    full = canonical_source(kind, fields)
    kept = {}
    for key, value in full.items():
        if kind == "distgit" and key == "package_name":
            continue
        rest = dict((other, other_value) for other, other_value in full.items() if other != key)
        if value is None or canonical_source(kind, rest) == full:
            continue
        kept[key] = value
    return kept


def package_item(package):
    """A package (as read) as an item of ``packages``, None when it has no source to declare."""
    if not package.get("source"):
        return None
    kind, fields = source_parts(package["source"])
    item = {"name": package["name"], kind: minimal_source(kind, fields)}
    if package.get("webhook_rebuild") is not None:
        item["webhook_rebuild"] = package["webhook_rebuild"]
    return item


def permissions_item(permissions):
    """``{user: {role: true}}``: the roles each user has (a role not given is false)."""
    return dict((user, dict((role, True) for role, granted in sorted(roles.items()) if granted))
                for user, roles in sorted((permissions or {}).items()) if any(roles.values()))


# What an export may leave out of a project, and what the warning says about it.
LEFT_OUT = (
    ("admin_only", "settings that only Copr admins may declare (a declaration would fail with 403): %s"),
    ("comps", "comps.xml files of chroots (the comps option is a file to upload, which the export cannot give; "
              "declare comps: <path of the file> in the chroot's item to manage it): %s"),
    ("no_source", "packages without a source (Copr keeps them after a reset; a declaration needs a source): %s"),
    ("permissions", "permissions, which Copr shows only to users with edit rights on the project: %s"),
    ("anonymous", "permissions, which Copr shows only to a logged-in user with edit rights on the project (no "
                  "API token was given): %s"),
)


class ProjectExporter:
    """Reads what an export needs beyond the projects themselves, and builds the items.

    Per project: one read per chroot, one read of its package list, one read of
    its permissions (none without credentials).
    """

    def __init__(self, module):
        self.module = module
        self.client = module.client
        self.left_out = dict((kind, []) for kind, _text in LEFT_OUT)

    def export(self, projects):
        """The declarations of ``projects`` (read with copr_project_info), then one warning per kind left out."""
        items = [self.project(project) for project in projects]
        for kind, text in LEFT_OUT:
            if self.left_out[kind]:
                self.module.warn("The export leaves out " + text % "; ".join(self.left_out[kind]))
        return items

    def project(self, project):
        owner, name = project["owner"], project["name"]
        label = "%s/%s" % (owner, name)
        item, admin_only = project_item(project)
        if admin_only:
            self.left_out["admin_only"].append("%s (%s)" % (label, ", ".join(admin_only)))
        item["chroots"] = [self.chroot(owner, name, chroot) for chroot in project.get("chroots") or []]
        packages = self.packages(owner, name)
        if packages:
            item["packages"] = packages
        permissions = self.permissions(owner, name)
        if permissions:
            item["permissions"] = permissions
        return item

    def chroot(self, owner, project, name):
        label = "%s/%s/%s" % (owner, project, name)
        chroot = self.module.call("read", "chroot %s" % label, self.client.get_chroot, owner, project, name)
        if chroot and chroot.get("comps_name"):
            self.left_out["comps"].append("%s (%s)" % (label, chroot["comps_name"]))
        return chroot_item(name, chroot)

    def packages(self, owner, project):
        label = "%s/%s" % (owner, project)
        packages = self.module.call("list", "packages of project %s" % label, self.client.list_packages,
                                    owner, project) or []
        items = []
        for package in packages:
            item = package_item(package)
            if item is None:
                self.left_out["no_source"].append("%s/%s" % (label, package["name"]))
            else:
                items.append(item)
        return items

    def permissions(self, owner, project):
        label = "%s/%s" % (owner, project)
        if not self.module.settings.has_credentials:
            self.left_out["anonymous"].append(label)
            return None
        permissions = self.module.call("read", "permissions of project %s" % label, self._read_permissions,
                                       owner, project, label)
        return permissions_item(permissions)

    def _read_permissions(self, owner, project, label):
        """The project's permissions; None (and noted) when Copr refuses to show them (403)."""
        try:
            return self.client.get_permissions(owner, project)
        except CoprApiError as exc:
            if exc.status == 403:
                self.left_out["permissions"].append(label)
                return None
            raise
