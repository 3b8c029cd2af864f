"""In-memory state of the local Copr server and the Copr business rules.

Everything lives in one ``Store`` guarded by one lock: the server is threaded
and tests hit it concurrently.  Writes work on a deep copy of the project and
swap it in only on success, which gives the real frontend's "whole request is
rolled back" behaviour (e.g. a 409 on chroot removal undoes the other fields).
"""

import copy
import datetime
import hashlib
import json
import os
import re
import threading
import time

from . import forms
from .builds import BuildsMixin
from .forks import ForkMixin
from .errors import ApiError, BUG_MESSAGE
from .store_v1 import V1Mixin

DEFAULT_SEED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "seed.json")

PERMISSION_STATES = ("nothing", "request", "approved")   # PermissionEnum.vals order
PERMISSION_ROLES = ("admin", "builder")
REMOVED_CHROOT_GRACE_DAYS = 7
DEFAULT_REPO_PRIORITY = 99
# Columns of the Copr table: ordering by anything else is a 500 on the real server.
COPR_COLUMNS = (
    "id", "name", "user_id", "group_id", "description", "instructions", "homepage", "contact",
    "repos", "created_on", "deleted", "persistent", "auto_prune", "unlisted_on_hp",
    "build_enable_net", "auto_createrepo", "bootstrap", "isolation", "follow_fedora_branching",
    "multilib", "module_hotfixes", "fedora_review", "appstream", "runtime_dependencies",
    "packit_forge_projects_allowed", "repo_priority", "storage", "delete_after", "latest_indexed_data_update",
)
# CoprChroot columns that `reset_fields` may name, with their model defaults.
CHROOT_RESET_DEFAULTS = {
    "buildroot_pkgs": None, "repos": "", "module_toggle": None, "with_opts": "", "without_opts": "",
    "isolation": "unchanged", "bootstrap": None, "bootstrap_image": None, "comps_name": None,
    "delete_after": None, "delete_notify": None,
}
CHROOT_RENAMES = {"additional_repos": "repos", "additional_packages": "buildroot_pkgs",
                  "additional_modules": "module_toggle"}
PROJECT_RENAMES = {"devel_mode": "disable_createrepo", "additional_repos": "repos"}
UPDATE_DENIED = "Only owners and admins may update their projects."


def pluralize(what, items, be_suffix=False):
    """Same wording as Copr's helpers.pluralize ("builds 1, 2, and 3 are")."""
    if len(items) > 1:
        return "{0}s {1}{2} and {3}{4}".format(
            what, ", ".join(str(i) for i in items[:-1]), "," if len(items) > 2 else "",
            items[-1], " are" if be_suffix else "")
    return "{0} {1}{2}".format(what, items[0], " is" if be_suffix else "")


def days_left(when):
    """Copr's delete_after_days: whole days left, never negative."""
    if when is None:
        return None
    days = (when - datetime.datetime.now()).days
    return days if days > 0 else 0


def split_ws(value):
    return (value or "").split()


class User:  # pylint: disable=too-few-public-methods
    """A seeded user; ``groups`` are the FAS groups the user is member of."""

    def __init__(self, uid, entry):
        self.id = uid
        self.name = entry["name"]
        self.api_login = entry["api_login"]
        self.api_token = entry["api_token"]
        self.token_expiration = datetime.date.fromisoformat(entry["token_expiration"])
        self.admin = bool(entry.get("admin", False))
        self.groups = list(entry.get("groups", []))


class Store(BuildsMixin, ForkMixin, V1Mixin):  # pylint: disable=too-many-instance-attributes,too-many-public-methods
    """All server state plus the operations the API routes call."""

    def __init__(self, seed_path=None, build_speed=1.0, clock=None):
        self.default_build_speed = float(build_speed)
        self.clock = clock or time.time
        self.seed_path = seed_path or DEFAULT_SEED
        with open(self.seed_path, encoding="utf-8") as handle:
            self.seed = json.load(handle)
        self.lock = threading.RLock()
        self.reset()

    # ------------------------------------------------------------------ state
    def reset(self):
        with self.lock:
            self.users = [User(i + 1, u) for i, u in enumerate(self.seed["users"])]
            self.groups = list(self.seed["groups"])
            self.active_chroots = list(self.seed["chroots"]["active"])
            self.inactive_chroots = list(self.seed["chroots"].get("inactive", []))
            self.projects = []          # deleted ones stay, flagged, like the real DB
            self.next_project_id = 1
            self.reset_builds()         # builds, packages, build config (builds.py)
            self.reset_v1()             # the APIv1 full-text search index (store_v1.py)
            self.requests = []
            self.seq = 0

    def record(self, entry):
        with self.lock:
            self.seq += 1
            entry = dict(entry, seq=self.seq)
            self.requests.append(entry)
            return entry

    def requests_since(self, since):
        with self.lock:
            return {"last_seq": self.seq, "items": [r for r in self.requests if r["seq"] > since]}

    # ---------------------------------------------------------------- lookups
    def authenticate(self, login, token):
        today = datetime.date.today()
        for user in self.users:
            if user.api_login == login:
                if user.api_token == token and user.token_expiration >= today:
                    return user
                return None
        return None

    def user_by_name(self, name):
        return next((u for u in self.users if u.name == name), None)

    def chroot_order(self, name):
        names = self.active_chroots + self.inactive_chroots
        return names.index(name) if name in names else len(names)

    def mock_chroots(self):
        return {name: "" for name in self.active_chroots}

    def live_projects(self):
        return [p for p in self.projects if not p["deleted"]]

    def find_project(self, ownername, name):
        for project in self.live_projects():
            if project["ownername"] == ownername and project["name"] == name:
                return project
        return None

    def get_project(self, ownername, name):
        project = self.find_project(ownername, name)
        if project is None:
            raise ApiError(404, "Project {0}/{1} does not exist.".format(ownername, name))
        return project

    def project_exists(self, ownername, name):
        return self.find_project(ownername, name) is not None

    def can_edit(self, user, project):
        if project["group"] is None and project["user"] == user.name:
            return True
        if user.admin:
            return True
        if project["permissions"].get(user.name, {}).get("admin") == "approved":
            return True
        return project["group"] is not None and project["group"] in user.groups

    def project_builds(self, project):
        """The project's builds in id order (self.builds is filled in id order)."""
        return [b for b in self.builds.values() if b["project_id"] == project["id"]]

    # --------------------------------------------------------- representation
    def project_dict(self, project, results_url):
        chroots = sorted((n for n, c in project["chroots"].items()
                          if not c["deleted"] and n in self.active_chroots), key=self.chroot_order)
        base = "{0}/{1}/{2}".format(results_url, project["ownername"], project["name"])
        return {
            "name": project["name"],
            "persistent": project["persistent"],
            "additional_repos": split_ws(project["repos"]),
            "storage": project["storage"],
            "homepage": project["homepage"],
            "contact": project["contact"],
            "description": project["description"],
            "instructions": project["instructions"],
            "devel_mode": project["disable_createrepo"],
            "unlisted_on_hp": project["unlisted_on_hp"],
            "auto_prune": project["auto_prune"],
            "enable_net": project["build_enable_net"],
            "bootstrap": project["bootstrap"],
            "isolation": project["isolation"],
            "module_hotfixes": project["module_hotfixes"],
            "appstream": project["appstream"],
            "packit_forge_projects_allowed": split_ws(project["packit_forge_projects_allowed"]),
            "follow_fedora_branching": project["follow_fedora_branching"],
            "repo_priority": project["repo_priority"],
            "id": project["id"],
            "ownername": project["ownername"],
            "full_name": "{0}/{1}".format(project["ownername"], project["name"]),
            "chroot_repos": {n: "{0}/{1}/".format(base, n) for n in chroots},
        }

    @staticmethod
    def chroot_dict(project, name):
        chroot = project["chroots"][name]
        return {
            "additional_repos": split_ws(chroot["repos"]),
            "additional_packages": split_ws(chroot["buildroot_pkgs"]),
            "additional_modules": [m for m in (chroot["module_toggle"] or "").split(", ") if m],
            "with_opts": split_ws(chroot["with_opts"]),
            "without_opts": split_ws(chroot["without_opts"]),
            "isolation": chroot["isolation"],
            "mock_chroot": name,
            "ownername": project["ownername"],
            "projectname": project["name"],
            "comps_name": chroot["comps_name"],
            "delete_after_days": days_left(chroot["delete_after"]),
        }

    # ---------------------------------------------------------------- listing
    @staticmethod
    def paginate(items, args):
        """Copr's Paginator over projects: sort, then slice."""
        limit, offset, order, order_type = forms.pagination_args(args, COPR_COLUMNS, "copr")

        def key(project):
            value = project.get(order)
            return (value is None, value if value is not None else 0)
        try:
            items = sorted(items, key=key, reverse=order_type == "DESC")
        except TypeError:
            items = sorted(items, key=lambda p: str(p.get(order)), reverse=order_type == "DESC")
        page = items[offset:offset + limit] if limit is not None else items[offset:]
        return page, {"limit": limit, "offset": offset, "order": order, "order_type": order_type}

    def list_projects(self, ownername, args, results_url):
        with self.lock:
            items = self.live_projects()
            if ownername:
                if ownername.startswith("@"):
                    items = [p for p in items if p["group"] == ownername[1:]]
                else:
                    items = [p for p in items if p["group"] is None and p["user"] == ownername]
            page, meta = self.paginate(items, args)
            return {"items": [self.project_dict(p, results_url) for p in page], "meta": meta}

    def search_projects(self, query, args, results_url):
        with self.lock:
            items = self.live_projects()
            if "/" in query:
                # owner/name: substring matches on both parts, the owner part
                # matching the creating user even for group projects (as real).
                owner, name = query.split("/", 1)
                if name:
                    items = [p for p in items if name.lower() in p["name"].lower()]
                if owner.startswith("@"):
                    items = [p for p in items if p["group"] and owner[1:].lower() in p["group"].lower()]
                elif owner:
                    items = [p for p in items if owner.lower() in p["user"].lower()]
            else:
                if len(query) < 3:
                    raise ApiError(400, "Search string must have at least 3 characters")
                words = query.lower().split()
                # The real full-text index never holds unlisted projects.
                items = [p for p in items if not p["unlisted_on_hp"] and all(
                    w in (p["name"] + " " + p["description"] + " " + p["ownername"]).lower() for w in words)]
            page, meta = self.paginate(items, args)
            return {"items": [self.project_dict(p, results_url) for p in page], "meta": meta}

    # --------------------------------------------------------------- projects
    def _resolve_owner(self, user, ownername):
        """owner2tuple: returns (creating user name, group name or None)."""
        if ownername.startswith("@"):
            group = ownername[1:]
            if group not in self.groups:
                raise ApiError(404, "Group {0} does not exist.".format(group))
            return user, group
        if ownername != user.name:
            owner = self.user_by_name(ownername)
            if owner is None:
                raise ApiError(404, "No such user `{0}'".format(ownername))
            return owner, None
        return user, None

    @staticmethod
    def _new_chroot():
        return {"buildroot_pkgs": None, "repos": "", "module_toggle": None, "with_opts": "",
                "without_opts": "", "isolation": "unchanged", "bootstrap": None, "bootstrap_image": None,
                "comps_name": None, "comps": None, "comps_uploads": 0, "deleted": False,
                "delete_after": None, "delete_notify": None}

    def add_project(self, user, ownername, raw, exist_ok, results_url):
        with self.lock:
            owner, group = self._resolve_owner(user, ownername)
            full_owner = "@" + group if group else owner.name
            data = forms.rename(forms.form_data(raw, preserve=("chroots",)), PROJECT_RENAMES)
            name = forms.to_str(data.get("name", "")).strip()
            existing = self.find_project(full_owner, name) if name else None
            if existing is not None and exist_ok:
                # The real server returns the stored project untouched, to anyone.
                return self.project_dict(existing, results_url)

            def name_taken(candidate):
                if self.find_project(full_owner, candidate) is None:
                    return None
                if group:
                    return "Group {0} (fas: {0}) already has a project named '{1}'.".format(group, candidate)
                return "You already have a project named '{0}'.".format(candidate)

            out = forms.validate_project_add(data, self.active_chroots, name_taken, self.project_exists)
            forms.check_unexpected_chroots(raw, self.active_chroots)
            if not user.admin and user is not owner:
                raise ApiError(403, "You were authorized as '{0}' user without permissions to access "
                               "projects of user '{1}'".format(user.name, owner.name))
            if not user.admin and out["persistent"]:
                raise ApiError(403, "Non-admin cannot create persistent project.")
            if not user.admin and not out.get("auto_prune", True):
                raise ApiError(403, "Non-admin cannot disable auto-prunning.")
            if not user.admin and out.get("storage"):
                raise ApiError(403, "Non-admin cannot set storage")
            if group and not user.admin and group not in owner.groups:
                raise ApiError(403, "User '{0}' doesn't have access to the copr group '{1}' (fas_name='{1}')"
                               .format(owner.name, group))
            bootstrap = None
            if out.get("use_bootstrap_container") is not None:
                bootstrap = "on" if out["use_bootstrap_container"] else "off"
            if out.get("bootstrap"):
                bootstrap = out["bootstrap"]
            values = dict(out, bootstrap=bootstrap,
                          build_enable_net=out.get("enable_net", out.get("build_enable_net", False)))
            project = self.insert_project(owner, group, values)
            return self.project_dict(project, results_url)

    def insert_project(self, owner, group, values):
        """Store a new project of user ``owner`` (in ``group`` when set) from validated values.

        Missing values get the APIv3 create defaults; APIv1 passes its own.
        """
        project = {
            "id": self.next_project_id, "name": values["name"], "user": owner.name, "group": group,
            "ownername": "@" + group if group else owner.name, "deleted": False, "permissions": {},
            "description": values.get("description", ""), "instructions": values.get("instructions", ""),
            "homepage": values.get("homepage"), "contact": values.get("contact"),
            "repos": " ".join(split_ws(values.get("repos", ""))),
            "runtime_dependencies": " ".join(split_ws(values.get("runtime_dependencies", ""))),
            "disable_createrepo": values.get("disable_createrepo", False),
            "unlisted_on_hp": values.get("unlisted_on_hp", False),
            "auto_prune": values.get("auto_prune", True), "persistent": values.get("persistent", False),
            "build_enable_net": values.get("build_enable_net", False), "bootstrap": values.get("bootstrap") or "default",
            "isolation": values.get("isolation") or "default",
            "follow_fedora_branching": values.get("follow_fedora_branching", True),
            "multilib": values.get("multilib", False), "module_hotfixes": values.get("module_hotfixes", False),
            "fedora_review": values.get("fedora_review", False), "appstream": values.get("appstream", False),
            "packit_forge_projects_allowed": " ".join(split_ws(values.get("packit_forge_projects_allowed", ""))),
            "repo_priority": values.get("repo_priority"), "storage": values.get("storage") or "backend",
            "delete_after": self._delete_after(values.get("delete_after_days", -1)),
            "created_on": int(datetime.datetime.now().timestamp()),
            "chroots": {},
        }
        for chroot in values.get("chroots", []):
            project["chroots"][chroot] = self._new_chroot()
        self.next_project_id += 1
        self.projects.append(project)
        return project

    @staticmethod
    def _delete_after(days):
        """Project delete_after_days -> absolute date (midnight, N+1 days ahead)."""
        if days is None or days == -1:
            return None
        when = datetime.datetime.now() + datetime.timedelta(days=days + 1)
        return when.replace(hour=0, minute=0, second=0, microsecond=0)

    def _unfinished_in_chroot(self, project, chroot):
        return [b["id"] for b in self.project_builds(project)
                if chroot in [c["name"] for c in b["build_chroots"]] and not self.build_finished(b)]

    def _update_chroots(self, user, project, names):
        """CoprChrootsLogic.update_from_names on a working copy of the project."""
        if not self.can_edit(user, project):
            raise ApiError(403, UPDATE_DENIED)
        for name in names:
            chroot = project["chroots"].get(name)
            if chroot is None:
                project["chroots"][name] = self._new_chroot()
            elif chroot["deleted"]:
                chroot["deleted"] = False
                chroot["delete_after"] = None
        running = []
        shortened = False
        for name in sorted(project["chroots"], key=self.chroot_order):
            if name in names or name not in self.active_chroots:
                continue   # EOL chroots are never touched
            for build_id in self._unfinished_in_chroot(project, name):
                if build_id in running:
                    continue
                if len(running) >= 5:
                    shortened = True
                    break
                running.append(build_id)
            chroot = project["chroots"][name]
            if not chroot["deleted"]:
                chroot["deleted"] = True
                chroot["delete_after"] = datetime.datetime.now() + datetime.timedelta(days=REMOVED_CHROOT_GRACE_DAYS)
        if running:
            items = sorted(running) + (["others"] if shortened else [])
            raise ApiError(409, "Can't drop chroot from project, related {0} still in progress".format(
                pluralize("build", items, be_suffix=True)))

    def edit_project(self, user, ownername, projectname, raw, results_url):
        with self.lock:
            current = self.get_project(ownername, projectname)
            data = forms.rename(forms.form_data(raw, preserve=("chroots",)), PROJECT_RENAMES)
            out, chroots = forms.validate_project_edit(data, self.active_chroots, self.project_exists)
            forms.check_unexpected_chroots(raw, self.active_chroots)
            project = copy.deepcopy(current)
            for key, value in out.items():
                if key == "enable_net":
                    key = "build_enable_net"
                if key == "delete_after_days":
                    project["delete_after"] = self._delete_after(value)
                    continue
                if key in ("repos", "runtime_dependencies", "packit_forge_projects_allowed"):
                    value = "\n".join(split_ws(value))
                project[key] = value
            if chroots:
                self._update_chroots(user, project, chroots)
            if not self.can_edit(user, project):
                raise ApiError(403, UPDATE_DENIED)
            if not user.admin and not project["auto_prune"]:
                raise ApiError(403, "Non-admin cannot disable auto-prunning.")
            current.clear()
            current.update(project)
            return self.project_dict(current, results_url)

    def delete_project(self, user, ownername, projectname, results_url):
        with self.lock:
            project = self.get_project(ownername, projectname)
            snapshot = self.project_dict(project, results_url)
            if project["persistent"]:
                raise ApiError(403, "This project is protected against deletion.")
            builds = self.project_builds(project)
            no_permission = [b["id"] for b in builds if not self.can_edit(user, project)]
            running = [b["id"] for b in builds
                       if self.can_edit(user, project) and not self.build_finished(b)]
            if no_permission or running:
                msg = ""
                if no_permission:
                    msg += "You don't have permissions to delete build(s) {0}.\n".format(
                        ", ".join(map(str, no_permission)))
                if running:
                    msg += "Build(s) {0} are still running.\n".format(", ".join(map(str, running)))
                raise ApiError(400, msg)
            if not user.admin:
                if project["group"]:
                    if project["group"] not in user.groups:
                        raise ApiError(403, "User '{0}' doesn't have access to the copr group '{1}' (fas_name='{1}')"
                                       .format(user.name, project["group"]))
                elif project["user"] != user.name:
                    raise ApiError(403, "Only owners may delete their projects.")
            for build in builds:
                del self.builds[build["id"]]
            for package in self.project_packages(project):
                del self.packages[package["id"]]
            project["deleted"] = True
            return snapshot

    # -------------------------------------------------------- project chroots
    def _get_chroot(self, project, chrootname):
        chroot = project["chroots"].get(chrootname)
        if chroot is None or chrootname not in self.active_chroots:
            raise ApiError(404, "Chroot name {0} does not exist in Copr {1}/{2}.".format(
                chrootname, project["ownername"], project["name"]))
        return chroot

    def get_chroot(self, ownername, projectname, chrootname):
        with self.lock:
            project = self.get_project(ownername, projectname)
            self._get_chroot(project, chrootname)
            return self.chroot_dict(project, chrootname)

    def edit_chroot(self, user, ownername, projectname, chrootname, raw, comps_file):
        """comps_file is (filename, bytes) or None."""
        with self.lock:
            current = self.get_project(ownername, projectname)
            data = forms.rename(forms.form_data(raw, preserve=("additional_modules",)), CHROOT_RENAMES)
            self._get_chroot(current, chrootname)
            out = forms.validate_chroot_edit(data, self.project_exists)
            project = copy.deepcopy(current)
            chroot = project["chroots"][chrootname]
            self._reset_chroot_fields(project, chrootname, out["reset_fields"])
            if not self.can_edit(user, project):
                raise ApiError(403, UPDATE_DENIED)
            if out["delete_comps"]:
                chroot["comps_name"] = None
                chroot["comps"] = None
            for field in ("buildroot_pkgs", "repos", "with_opts", "without_opts", "module_toggle"):
                if field in out:
                    chroot[field] = out[field]
            if comps_file is not None:
                chroot["comps_name"], chroot["comps"] = comps_file
                chroot["comps_uploads"] += 1
            if out["bootstrap"] is not None:
                chroot["bootstrap"] = out["bootstrap"]
            if out["isolation"] is not None:
                chroot["isolation"] = out["isolation"]
            if out["bootstrap_image"] is not None:
                if not out["bootstrap"]:
                    chroot["bootstrap"] = "custom_image"
                chroot["bootstrap_image"] = out["bootstrap_image"]
            current.clear()
            current.update(project)
            return self.chroot_dict(current, chrootname)

    @staticmethod
    def _reset_chroot_fields(project, chrootname, fields):
        chroot = project["chroots"][chrootname]
        for field in fields:
            field = CHROOT_RENAMES.get(field, field)
            if field not in CHROOT_RESET_DEFAULTS:
                raise ApiError(400, "Trying to reset an invalid attribute: {0}\nSee `copr-cli get-chroot "
                               "{1}/{2}' for all the possible attributes".format(
                                   field, project["ownername"] + "/" + project["name"], chrootname))
            # Resetting comps_name only blanks the name; the content stays (as real).
            chroot[field] = CHROOT_RESET_DEFAULTS[field]

    def chroot_build_config(self, ownername, projectname, chrootname, results_url):
        with self.lock:
            project = self.get_project(ownername, projectname)
            chroot = self._get_chroot(project, chrootname)
            if chroot["deleted"]:
                # The real view crashes on a removed chroot (empty build config).
                raise ApiError(500, BUG_MESSAGE)
            full = "{0}/{1}".format(project["ownername"], project["name"])
            base_url = "{0}/{1}/{2}/".format(results_url, full, chrootname)
            priority = project["repo_priority"]
            if priority == DEFAULT_REPO_PRIORITY:
                priority = None
            repos = [self._repo_view("copr_base", base_url, "Copr repository", priority, False,
                                     True if project["module_hotfixes"] else None)]
            if project["disable_createrepo"]:
                repos.append(self._repo_view("copr_base_devel", "{0}/{1}/{2}/devel/".format(results_url, full, chrootname),
                                             "Copr buildroot", priority, False, None))
            for url in split_ws(project["repos"]) + split_ws(chroot["repos"]):
                repos.append(self._additional_repo(url, chrootname, results_url))
            additional = ["copr://" + full] + split_ws(chroot["repos"]) + split_ws(project["repos"])
            if project["disable_createrepo"]:
                additional.append("copr://{0}/devel".format(full))
            return {
                "additional_repos": additional,
                "additional_packages": split_ws(chroot["buildroot_pkgs"]),
                "additional_modules": split_ws(chroot["module_toggle"]),
                "with_opts": split_ws(chroot["with_opts"]),
                "without_opts": split_ws(chroot["without_opts"]),
                "isolation": chroot["isolation"],
                "chroot": chrootname,
                "enable_net": project["build_enable_net"],
                "repos": repos,
            }

    @staticmethod
    def _repo_view(repo_id, baseurl, name, priority, gpgcheck, hotfixes):
        return {"baseurl": baseurl, "module_hotfixes": hotfixes, "priority": priority,
                "repo_gpgcheck": gpgcheck, "id": repo_id, "name": name}

    def _additional_repo(self, url, chrootname, results_url):
        repo_id = re.sub(r"[^a-zA-Z0-9]+", "_", url).strip("_")
        baseurl = url.replace("$chroot", chrootname)
        gpgcheck = hotfixes = None
        if url.startswith("copr://"):
            owner_project = url[len("copr://"):].strip("/")
            baseurl = "{0}/{1}/{2}/".format(results_url, owner_project, chrootname)
            parts = owner_project.split("/")
            target = self.find_project(parts[0], parts[1]) if len(parts) > 1 else None
            if target is not None:
                gpgcheck = False
                hotfixes = True if target["module_hotfixes"] else None
        return self._repo_view(repo_id, baseurl, "Additional repo " + repo_id, None, gpgcheck, hotfixes)

    # ------------------------------------------------------------ permissions
    # apiv3_permissions.py + CoprPermissionsLogic.  A project's "permissions" dict maps a
    # user name to {"admin": state, "builder": state} in row-creation order; rows are
    # never removed (setting both roles to "nothing" keeps the row).
    def _editable(self, user, ownername, projectname):
        """The editable_copr decorator: 404 for an unknown project, 403 without edit rights."""
        project = self.get_project(ownername, projectname)
        if not self.can_edit(user, project):
            raise ApiError(403, "User '{0}' can not see permissions for project '{1}/{2}' (missing admin rights)"
                           .format(user.name, ownername, projectname))
        return project

    def get_permissions(self, user, ownername, projectname):
        with self.lock:
            project = self._editable(user, ownername, projectname)
            if not project["permissions"]:
                raise ApiError(404, "No permissions set on {0}/{1} project".format(
                    project["ownername"], project["name"]))
            return {"permissions": copy.deepcopy(project["permissions"])}

    @staticmethod
    def _validate_permission(target, project, role, state):
        """CoprPermissionsLogic.validate_permission.  The "owner" is the user who created the
        project, also for group projects."""
        if role not in PERMISSION_ROLES:
            raise ApiError(400, "invalid permission '{0}', allowed {1}".format(role, "|".join(PERMISSION_ROLES)))
        if isinstance(state, (list, dict)):
            raise ApiError(500, BUG_MESSAGE)             # `state in dict_keys` on an unhashable value
        if state not in PERMISSION_STATES:
            raise ApiError(400, "invalid '{0}' permission state '{1}', use {2}".format(
                role, state, "|".join(PERMISSION_STATES)))
        if target == project["user"]:
            raise ApiError(400, "user '{0}' is owner of the '{1}/{2}' project".format(
                target, project["ownername"], project["name"]))

    def set_permissions(self, user, ownername, projectname, raw):
        """PUT /project/permissions/set: all or nothing; returns the users whose state changed."""
        with self.lock:
            current = self._editable(user, ownername, projectname)
            if not isinstance(raw, dict):
                raise ApiError(400, "request is not a dictionary, expected format: "
                               "{'username': {'admin': 'nothing', 'builder': 'request'} ...}")
            if not raw:
                raise ApiError(400, "no permission change requested")
            project = copy.deepcopy(current)
            updated = []
            for username, perms in raw.items():
                if self.user_by_name(username) is None:
                    raise ApiError(400, "user '{0}' doesn't exist in database".format(username))
                if not isinstance(perms, dict):
                    raise ApiError(500, BUG_MESSAGE)     # perm_set.items() on a non-dict
                for role, state in perms.items():
                    self._validate_permission(username, project, role, state)
                    # db.session.merge: the row appears with both roles "nothing", then one is set
                    entry = project["permissions"].setdefault(username, {"admin": "nothing", "builder": "nothing"})
                    if entry[role] != state:
                        entry[role] = state
                        if username not in updated:
                            updated.append(username)
            current.clear()
            current.update(project)
            return {"updated": updated}

    def request_permissions(self, user, ownername, projectname, raw):
        """PUT /project/permissions/request: {"admin": bool, "builder": bool}; True asks, False drops."""
        with self.lock:
            current = self.get_project(ownername, projectname)
            if not isinstance(raw, dict):
                raise ApiError(400, "invalid 'roles' dict format, expected: {'admin': True, 'builder': False}")
            if not raw:
                raise ApiError(400, "no permission requested")
            project = copy.deepcopy(current)
            changed = False
            for role, wanted in raw.items():
                if wanted is True:
                    state = "request"
                elif wanted is False:
                    state = "nothing"
                else:
                    raise ApiError(400, "invalid '{0}' permission request '{1}', expected True or False".format(
                        role, wanted))
                self._validate_permission(user.name, project, role, state)
                entry = project["permissions"].setdefault(user.name, {"admin": "nothing", "builder": "nothing"})
                if entry[role] == "approved" and state == "request":
                    raise ApiError(400, "You already are '{0}' in '{1}/{2}'".format(
                        role, project["ownername"], project["name"]))
                if entry[role] != state:
                    entry[role] = state
                    changed = True
            current.clear()
            current.update(project)
            return {"updated": changed}

    def can_build_in(self, who, ownername, projectname):
        """GET .../can_build_in/<who>/...: an unknown user is a 500 (the lookup's .one())."""
        with self.lock:
            user = self.user_by_name(who)
            if user is None:
                raise ApiError(500, BUG_MESSAGE)
            project = self.get_project(ownername, projectname)
            # copr.owner.name: a group's name has no "@"
            owner = project["group"] if project["group"] else project["ownername"]
            return {"who": who, "ownername": owner, "projectname": project["name"],
                    "can_build_in": self.can_build(user, project)}

    def comps_content(self, owner, projectname, chrootname):
        """The stored comps.xml bytes of a project chroot (None when it has none)."""
        with self.lock:
            project = self.get_project(owner, projectname)
            return self._get_chroot(project, chrootname)["comps"]

    # ----------------------------------------------------- test control hooks
    def write_only_info(self, owner, projectname):
        """What the API never returns: the project's write-only fields and its chroots' bootstrap settings."""
        with self.lock:
            project = self.get_project(owner, projectname)
            return {"multilib": project["multilib"], "fedora_review": project["fedora_review"],
                    "runtime_dependencies": split_ws(project["runtime_dependencies"]),
                    "delete_after_days": days_left(project["delete_after"]),
                    "chroots": dict((name, {"bootstrap": chroot["bootstrap"], "bootstrap_image": chroot["bootstrap_image"]})
                                    for name, chroot in sorted(project["chroots"].items()) if not chroot["deleted"])}

    # Fake-builder bookkeeping that moves with the clock alone (a held build restarts its
    # phase clock on every request): left out of the state dump.
    VOLATILE_BUILD_KEYS = ("step_since",)

    def state_dump(self):
        """Everything the API can change, as JSON-ready data (GET /_test/state).

        Projects include deleted ones (a project created twice shows twice), with their
        chroots (comps content as its sha256) and permissions; then builds (with their
        chroots), packages and the next ids.  The request record and the fault state are
        not part of it.  Two dumps with no write between them are equal.
        """
        def jsonable(value):
            if isinstance(value, dict):
                return {str(key): jsonable(item) for key, item in sorted(value.items(), key=lambda kv: str(kv[0]))}
            if isinstance(value, (list, tuple)):
                return [jsonable(item) for item in value]
            if isinstance(value, bytes):
                return "sha256:" + hashlib.sha256(value).hexdigest()
            if isinstance(value, (datetime.date, datetime.datetime)):
                return value.isoformat()
            if value is None or isinstance(value, (str, int, float, bool)):
                return value
            return str(value)

        with self.lock:
            self.tick()
            builds = []
            for build in self.builds.values():
                builds.append({key: value for key, value in build.items() if key not in self.VOLATILE_BUILD_KEYS})
            return jsonable({
                "projects": self.projects,
                "builds": builds,
                "packages": list(self.packages.values()),
                "next_ids": {"project": self.next_project_id, "build": self.next_build_id,
                             "package": self.next_package_id},
            })

    def comps_info(self, owner, projectname, chrootname):
        with self.lock:
            project = self.get_project(owner, projectname)
            chroot = self._get_chroot(project, chrootname)
            content = chroot["comps"]
            return {"comps_name": chroot["comps_name"],
                    "sha256": hashlib.sha256(content).hexdigest() if content is not None else None,
                    "uploads": chroot["comps_uploads"]}
