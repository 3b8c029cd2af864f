"""APIv1 (``/api/...``) on the same state as APIv3: what the legacy views did with it.

Two variants of the legacy API are served (``variant`` below):

* ``"2021"``: the frontend at its last commit with APIv1 (``d1e30c98e^``), as recorded
  in copr-v1-real-behaviour.md; where the recording is silent, that commit's code.
* ``"2014"``: the seed's API notes (000_0fef347562441152.txt); where they are silent,
  the 2014 code (``5be287b82``).

Every method runs under the store lock; a write works on a copy of the project and
swaps it in only on success, like the APIv3 methods.  Errors are ``V1Error`` (JSON
``{"error", "output": "notok"}``) or ``V1Crash`` (the frontend's HTML error page).
"""

import copy
import re
from urllib.parse import urlparse

from . import forms
from .errors import ApiError, V1Crash, V1Error

VARIANTS = ("2021", "2014")
# copr_common.enums.StatusEnum: the monitor's "status" is the number.
STATUS_NUMBERS = {"failed": 0, "succeeded": 1, "canceled": 2, "running": 3, "pending": 4, "skipped": 5,
                  "starting": 6, "importing": 7, "forked": 8, "waiting": 9, "unknown": 1000}
# The 2014 StatusEnum knew five states; the notes list four (no "canceled").
STATES_2014 = {"pending": "pending", "importing": "pending", "waiting": "pending", "starting": "pending",
               "running": "running", "succeeded": "succeeded", "skipped": "succeeded", "forked": "succeeded",
               "failed": "failed", "canceled": "canceled"}
# 2014 constants (coprs/constants.py): memory in MB, timeout in seconds.
MEMORY_2014 = (2048, 4096)
TIMEOUT_2014 = (1, 36000)
TIMEOUT_2021 = (0, 108000)
DEFAULT_TIMEOUT = 18000
DEFAULT_MEMORY = 2048
FALSE_VALUES = (False, "false", "")
PROJECT_ISOLATION = ("default", "nspawn", "simple")
# Field names of the 2021 CoprFormFactory form: other form-encoded keys are "Unknown key" infos.
NEW_FORM_FIELDS = frozenset([
    "chroots", "description", "instructions", "homepage", "contact", "delete_after_days", "repos",
    "runtime_dependencies", "initial_pkgs", "disable_createrepo", "unlisted_on_hp", "auto_prune",
    "use_bootstrap_container", "bootstrap", "isolation", "follow_fedora_branching", "multilib",
    "build_enable_net", "enable_net", "module_hotfixes", "fedora_review", "appstream", "id", "group_id",
    "name", "persistent"])
# Field names of the 2021 BuildFormUrlFactory form.
BUILD_FORM_FIELDS = frozenset([
    "pkgs", "timeout", "enable_net", "background", "project_dirname", "bootstrap", "isolation", "package_name",
    "chroots", "exclude_chroots", "after_build_id", "with_build_id"])
NAME_RE = re.compile(r"^[\w.-]+$")
URL_LIST_2021 = ("A list of http[s] URLs separated by whitespace characters"
                 " is needed ('{0}' doesn't seem to be a valid URL).")
# The 2014 validator lost the second half of its message (a stray string statement).
URL_LIST_2014 = "A list of URLs separated by whitespace characters"
SRPM_SUFFIXES = (".src.rpm", ".nosrc.rpm", ".spec")


def to_bool(value):
    """WTForms BooleanField with Copr's FALSE_VALUES."""
    return value not in FALSE_VALUES


def text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def is_http_url(url):
    parsed = urlparse(url)
    return parsed.scheme.startswith("http") and bool(parsed.netloc)


class V1Mixin:  # pylint: disable=too-many-public-methods
    """Mixed into Store: APIv1 reads and writes plus the full-text search index."""

    # ------------------------------------------------------------------ index
    def reset_v1(self):
        # The whoosh index of the real frontend: only a cron job (update-indexes-quick) fills it.
        self.search_index = {}

    def refresh_search_index(self):
        """What ``manage.py update-indexes-quick`` does: index every live project as it is now."""
        with self.lock:
            self.search_index = {p["id"]: " ".join([p["name"], p["description"] or "", p["user"], p["ownername"]])
                                 .lower() for p in self.live_projects()}
            return {"indexed": len(self.search_index)}

    # -------------------------------------------------------------- helpers
    def _v1_project(self, ownername, name, variant):
        project = self.find_project(ownername, name)
        if project is None:
            if variant == "2014":
                raise V1Error(500, "Copr with name {0} does not exist.".format(name))
            raise V1Error(404, "Project {0}/{1} does not exist.".format(ownername, name))
        return project

    def _has_results(self, project, variant):
        builds = self.project_builds(project)
        if variant == "2014":
            # build.results is only set once the backend has picked the build.
            return any(c["result_dir"] for b in builds for c in b["build_chroots"])
        return bool(builds)

    def v1_yum_repos(self, project, variant, results_url):
        """Filled only when the project has a build (2014: a build with results), as real."""
        if not self._has_results(project, variant):
            return {}
        base = "{0}/{1}/{2}".format(results_url, project["ownername"], project["name"])
        return {name: "{0}/{1}/".format(base, name) for name in self._active_project_chroots(project)}

    def _last_modified(self, project):
        ended = [c["ended_on"] for b in self.project_builds(project) for c in b["build_chroots"]
                 if c["status"] in ("succeeded", "skipped") and c["ended_on"] is not None]
        return int(max(ended)) if ended else None

    def _active_in_order(self, project):
        """copr.active_chroots: enabled, active chroots in the order they were added."""
        return [n for n, c in project["chroots"].items() if not c["deleted"] and n in self.active_chroots]

    # ------------------------------------------------------------------ reads
    def v1_list(self, username, variant, results_url):
        with self.lock:
            if not username:
                raise V1Error(500, "Invalid request" if variant == "2014" else "Invalid request: missing `username` ")
            if username.startswith("@"):
                items = [p for p in self.live_projects() if p["group"] == username[1:]]
            else:
                # get_multiple_owned_by_username: also the group projects this user created.
                items = [p for p in self.live_projects() if p["user"] == username]

            def order(project):
                submitted = [b["submitted_on"] for b in self.project_builds(project)]
                return (0, -max(submitted), project["id"]) if submitted else (1, 0, project["id"])
            repos = []
            for project in sorted(items, key=order):
                entry = {"name": project["name"], "additional_repos": project["repos"],
                         "yum_repos": self.v1_yum_repos(project, variant, results_url),
                         "description": project["description"], "instructions": project["instructions"]}
                if variant == "2021":
                    entry.update(persistent=project["persistent"], unlisted_on_hp=project["unlisted_on_hp"],
                                 auto_prune=project["auto_prune"])
                repos.append(entry)
            return {"output": "ok", "repos": repos}

    def v1_detail(self, ownername, name, variant, results_url):
        with self.lock:
            project = self._v1_project(ownername, name, variant)
            detail = {"name": project["name"], "additional_repos": project["repos"],
                      "yum_repos": self.v1_yum_repos(project, variant, results_url),
                      "description": project["description"], "instructions": project["instructions"],
                      "last_modified": self._last_modified(project)}
            if variant == "2021":
                detail.update(auto_createrepo=not project["disable_createrepo"], persistent=project["persistent"],
                              unlisted_on_hp=project["unlisted_on_hp"], auto_prune=project["auto_prune"],
                              use_bootstrap_container=project["bootstrap"] == "on", isolation=project["isolation"])
            return {"output": "ok", "detail": detail}

    def _v1_chroot(self, project, chrootname, variant):
        """get_copr_chroot_safe (2021): a removed chroot is still found; 2014 deleted the row."""
        if variant == "2014":
            if chrootname not in self.active_chroots:
                raise V1Error(500, "Invalid chroot name")
            chroot = project["chroots"].get(chrootname)
            if chroot is None or chroot["deleted"]:
                # copr.check_copr_chroot() is None and the view reads .buildroot_pkgs from it.
                raise V1Crash(500, "AttributeError: 'NoneType' object has no attribute 'buildroot_pkgs'")
            return chroot
        chroot = project["chroots"].get(chrootname)
        if chroot is None or chrootname not in self.active_chroots:
            raise V1Error(404, "Chroot name {0} does not exist.".format(chrootname))
        return chroot

    def _v1_project_for_chroot(self, ownername, name, variant):
        if variant == "2014":
            project = self.find_project(ownername, name)
            if project is None:
                raise V1Error(500, "Invalid copr name or username")
            return project
        return self._v1_project(ownername, name, variant)

    def v1_chroot_detail(self, ownername, name, chrootname, variant):
        with self.lock:
            project = self._v1_project_for_chroot(ownername, name, variant)
            chroot = self._v1_chroot(project, chrootname, variant)
            return {"output": "ok", "buildroot_pkgs": chroot["buildroot_pkgs"]}

    def v1_build_config(self, ownername, name, chrootname, results_url):
        """GET /api/coprs/<o>/<p>/build-config/<chroot>/ (2021): only enabled chroots have one."""
        with self.lock:
            project = self._v1_project(ownername, name, "2021")
            if chrootname not in self._active_in_order(project):
                raise V1Error(500, "Chroot not found.")
            config = self.chroot_build_config(project["ownername"], project["name"], chrootname, results_url)
            repos = [{k: v for k, v in dict(r, url=r["baseurl"]).items() if v is not None} for r in config["repos"]]
            return {"output": "ok", "build_config": {
                "project_id": "{0}-{1}".format(project["ownername"].replace("@", "group_"), project["name"]),
                "additional_packages": config["additional_packages"], "repos": repos, "chroot": chrootname,
                "with_opts": config["with_opts"], "without_opts": config["without_opts"],
                "isolation": config["isolation"]}}

    def v1_search(self, query, variant):
        with self.lock:
            if not query:
                raise V1Error(500, "Invalid request" if variant == "2014" else "No project found.")
            live = self.live_projects()
            if "/" in query:
                # owner/name: SQL ILIKE on both parts, no index involved.
                owner, name = query.split("/")[0], query.split("/")[1]
                if owner.startswith("@"):
                    items = [p for p in live if p["group"] and owner[1:].lower() in p["group"].lower()]
                else:
                    items = [p for p in live if owner.lower() in p["user"].lower()]
                items = [p for p in items if name.lower() in p["name"].lower()]
                items.sort(key=lambda p: (-p["created_on"], len(p["user"]) + len(p["name"])))
            else:
                words = query.lower().split()
                items = [p for p in live if p["id"] in self.search_index
                         and all(w in self.search_index[p["id"]] for w in words)]
                items.sort(key=lambda p: -p["created_on"])
            return {"output": "ok", "repos": [{"username": p["user"], "coprname": p["name"],
                                               "description": p["description"]} for p in items]}

    # ---------------------------------------------------------------- writes
    def _v1_validate_new_2021(self, user, data):
        """CoprFormFactory.create_form_cls() in the legacy view: (values, chroots) or V1Error."""
        errors = []
        repos = forms.string_list(data["repos"]) if "repos" in data else ""
        for url in repos.split():
            parsed = urlparse(url)
            if parsed.scheme not in ("http", "https", "copr") or not parsed.netloc:
                errors.append(("repos", URL_LIST_2021.format(url)))
                break
            if parsed.scheme == "copr":
                parts = parsed.path.split("/")
                if len(parts) < 2 or not self.project_exists(parsed.netloc, parts[1]):
                    errors.append(("repos", "{0} does not exist.".format(url)))
                    break
        isolation = text(data.get("isolation", "")).strip() or "default"
        if isolation not in PROJECT_ISOLATION and isolation != "None":
            errors.append(("isolation", "Not a valid choice"))
        name = text(data.get("name", "")).strip()
        name_errors = []
        if not name:
            name_errors.append("This field is required.")
        else:
            if not NAME_RE.match(name):
                name_errors.append("Name must contain only letters, digits, underscores, dashes and dots.")
            # CoprUniqueNameValidator without user/group: the caller's own (non-group) projects.
            if any(p["name"] == name and p["group"] is None and p["user"] == user.name for p in self.live_projects()):
                name_errors.append("You already have project named '{0}'.".format(name))
            if name.isdigit():
                name_errors.append("Project's name can not be just number.")
        if name_errors:
            errors.append(("name", "\n".join(name_errors)))
        chroots = [c for c in self.active_chroots if data.get(c)]
        if not errors and not chroots:
            errors.append(("None", "At least one chroot must be selected"))
        if errors:
            message = "Validation error\n" + "".join("- {0}: {1}\n".format(f, m) for f, m in errors)
            raise V1Error(500, message.replace('"', "'"))
        values = {
            "name": name, "description": text(data.get("description", "")),
            "instructions": text(data.get("instructions", "")), "repos": repos,
            "disable_createrepo": to_bool(data["disable_createrepo"]) if "disable_createrepo" in data else False,
            "unlisted_on_hp": to_bool(data["unlisted_on_hp"]) if "unlisted_on_hp" in data else False,
            "build_enable_net": to_bool(data["build_enable_net"]) if "build_enable_net" in data else False,
            "persistent": to_bool(data["persistent"]) if "persistent" in data else False,
            "isolation": isolation if isolation in PROJECT_ISOLATION else "default",
            # CoprsLogic.add defaults of that version: appstream on, no branching.
            "appstream": True, "follow_fedora_branching": False, "chroots": chroots,
        }
        return values

    def v1_new_project(self, user, owner_in_path, data, form_keys, variant):
        """POST /api/coprs/<owner>/new/.  ``form_keys``: the keys of a form-encoded body (None for JSON)."""
        with self.lock:
            if variant == "2014":
                return self._v1_new_project_2014(user, data)
            infos = ["Unknown key '{0}' received.".format(k) for k in (form_keys or []) if k not in NEW_FORM_FIELDS]
            values = self._v1_validate_new_2021(user, data)
            group = None
            if owner_in_path.startswith("@"):
                group = owner_in_path[1:]
                if group not in self.groups:
                    raise V1Error(404, "Group {0} does not exist.".format(group))
            # Read from flask.request.form only: a JSON body cannot set them.
            form = form_keys or []
            values["auto_prune"] = to_bool(data["auto_prune"]) if "auto_prune" in form else True
            if "use_bootstrap_container" in form:
                values["bootstrap"] = "on" if to_bool(data["use_bootstrap_container"]) else "off"
            if not user.admin and values["persistent"]:
                raise V1Error(500, "Non-admin cannot create persistent project.")
            if not user.admin and not values["auto_prune"]:
                raise V1Error(500, "Non-admin cannot disable auto-prunning.")
            if group and self.find_project("@" + group, values["name"]) is not None:
                raise V1Error(500, "Copr: '@{0}/{1}' already exists".format(group, values["name"]))
            if group and not user.admin and group not in user.groups:
                raise V1Error(403, "User '{0}' doesn't have access to the copr group '{1}' (fas_name='{1}')"
                              .format(user.name, group))
            # The <username> of the path is ignored: the project belongs to the caller.
            self.insert_project(user, group, values)
            return {"output": "ok", "message": "\n".join(infos + ["New project was successfully created."])}

    def _v1_new_project_2014(self, user, data):
        name = text(data.get("name", "")).strip()
        name_errors = []
        if not name:
            name_errors.append("This field is required.")
        elif not NAME_RE.match(name):
            name_errors.append("Name must contain only letters,digits, underscores, dashes and dots.")
        repos = forms.string_list(data["repos"]) if "repos" in data else ""
        repo_errors = [URL_LIST_2014 for url in repos.split()[:1] if not is_http_url(url)]
        errors = [("name", m) for m in name_errors] + [("repos", m) for m in repo_errors]
        if errors:
            raise V1Error(500, ("Validation error\n" + "".join("- {0}: {1}\n".format(f, m) for f, m in errors))
                          .replace('"', "'"))
        if any(p["name"] == name and p["user"] == user.name and p["group"] is None for p in self.live_projects()):
            raise V1Error(500, "You already have project named '{0}'.".format(name))
        chroots = [c for c in self.active_chroots if data.get(c)]
        if not chroots:
            # The chroot error was kept out of form.errors: nothing but the prefix.
            raise V1Error(500, "Validation error\n")
        self.insert_project(user, None, {
            "name": name, "description": text(data.get("description", "")),
            "instructions": text(data.get("instructions", "")), "repos": repos, "chroots": chroots,
            "appstream": True, "follow_fedora_branching": False})
        return {"output": "ok", "message": "New project was successfully created."}

    def v1_modify(self, user, ownername, name, data, form_keys, variant):
        """POST /api/coprs/<o>/<p>/modify/."""
        with self.lock:
            if variant == "2014":
                return self._v1_modify_2014(user, ownername, name, data)
            current = self._v1_project(ownername, name, variant)
            if "chroots" not in data:
                raise V1Crash(500, "KeyError: 'chroots'")
            if not isinstance(data["chroots"], str):
                raise V1Crash(500, "AttributeError: '{0}' object has no attribute 'split'".format(
                    type(data["chroots"]).__name__))
            names = data["chroots"].split()
            errors = {}
            bad = [n for n in names if n not in self.active_chroots]
            if bad:
                errors["chroots"] = ["'{0}' is not a valid choice for this field.".format(bad[0])]
            repos = forms.string_list(data["repos"]) if "repos" in data else None
            for url in (repos or "").split():
                if not is_http_url(url) and not url.startswith("copr://"):
                    errors["repos"] = [URL_LIST_2021.format(url)]
                    break
            form = form_keys or []
            if "isolation" in data and text(data["isolation"]).strip() not in PROJECT_ISOLATION + ("", "None"):
                errors["isolation"] = ["Not a valid choice"]
            if errors:
                raise V1Error(500, "Invalid request: {0}".format(errors))
            project = copy.deepcopy(current)
            for field in ("description", "instructions"):
                if field in data:
                    project[field] = text(data[field])
            if repos is not None:
                project["repos"] = repos
            if "disable_createrepo" in data:
                project["disable_createrepo"] = to_bool(data["disable_createrepo"])
            # The flags and the chroot set are read from flask.request.form only.
            for field in ("unlisted_on_hp", "build_enable_net", "auto_prune"):
                if field in form:
                    project[field] = to_bool(data[field])
            if "use_bootstrap_container" in form:
                project["bootstrap"] = "on" if to_bool(data["use_bootstrap_container"]) else "off"
            if "isolation" in form:
                project["isolation"] = text(data["isolation"]).strip() or "default"
            if "chroots" in form:
                # update_from_names runs outside the view's try: its refusals keep their status.
                try:
                    self._update_chroots(user, project, names)
                except ApiError as exc:
                    raise V1Error(exc.status, exc.message) from exc
            if not self.can_edit(user, project):
                raise V1Error(500, "Invalid request: Only owners and admins may update their projects.")
            if not user.admin and not project["auto_prune"]:
                raise V1Error(500, "Invalid request: Non-admin cannot disable auto-prunning.")
            current.clear()
            current.update(project)
            return {"output": "ok", "description": current["description"], "instructions": current["instructions"],
                    "repos": current["repos"], "chroots": self._active_in_order(current)}

    def _v1_modify_2014(self, user, ownername, name, data):
        current = self.find_project(ownername, name)
        if current is None:
            raise V1Error(500, "Invalid copr name or username")
        repos = forms.string_list(data["repos"]) if "repos" in data else None
        if any(not is_http_url(url) for url in (repos or "").split()):
            raise V1Error(500, "Invalid request")
        if not self.can_edit(user, current):
            # The notes: the error text is "usually empty"; here, for refusals.
            raise V1Error(500, "")
        for field in ("description", "instructions"):
            if field in data:
                current[field] = text(data[field])
        if repos is not None:
            current["repos"] = repos
        return {"output": "ok", "description": current["description"], "instructions": current["instructions"],
                "repos": current["repos"]}

    def v1_modify_chroot(self, user, ownername, name, chrootname, data, empty, variant):
        """POST /api/coprs/<o>/<p>/modify/<chroot>/.  ``empty``: no form data at all (``{}``)."""
        with self.lock:
            project = self._v1_project_for_chroot(ownername, name, variant)
            if variant == "2014":
                if chrootname not in self.active_chroots:
                    raise V1Error(500, "Invalid chroot name")
                chroot = project["chroots"].get(chrootname)
                if chroot is None or chroot["deleted"]:
                    raise V1Crash(500, "AttributeError: 'NoneType' object has no attribute 'buildroot_pkgs'")
                # update_buildroot_pkgs() sets what was sent: nothing sent is None (the notes' warning).
                value = data.get("buildroot_pkgs")
                chroot["buildroot_pkgs"] = None if value is None else text(value)
                return {"output": "ok", "buildroot_pkgs": chroot["buildroot_pkgs"]}
            chroot = self._v1_chroot(project, chrootname, variant)
            if not self.can_edit(user, project):
                raise V1Error(403, "Only owners and admins may update their projects.")
            if not empty:
                # A StringField that was not sent is "" once there is form data.
                chroot["buildroot_pkgs"] = text(data.get("buildroot_pkgs", ""))
            # update_chroot()'s defaults: every legacy chroot edit blanks these three.
            chroot["with_opts"] = ""
            chroot["without_opts"] = ""
            chroot["module_toggle"] = ""
            return {"output": "ok", "buildroot_pkgs": chroot["buildroot_pkgs"]}

    def v1_delete(self, user, ownername, name, data):
        """POST /api/coprs/<o>/<p>/delete/ (2021 only)."""
        with self.lock:
            project = self._v1_project(ownername, name, "2021")
            verify = data.get("verify")
            if verify is None or text(verify).strip() == "":
                raise V1Error(500, "Invalid request: {'verify': ['This field is required.']}")
            if text(verify).strip() != "yes":
                raise V1Error(500, "Invalid request: {0}".format({"verify": ["Type 'yes' - without the quotes, lowercase."]}))
            if project["persistent"]:
                raise V1Error(500, "This project is protected against deletion.")
            builds = sorted(self.project_builds(project), key=lambda b: -b["id"])
            for build in builds:
                if not self.can_edit(user, project):
                    raise V1Error(500, "You are not allowed to delete build `{0}`.".format(build["id"]))
                if not self.build_finished(build):
                    raise V1Error(500, "You can not delete build `{0}` which is not finished.".format(build["id"]))
            if not user.admin:
                if project["group"] and project["group"] not in user.groups:
                    raise V1Error(500, "User '{0}' doesn't have access to the copr group '{1}' (fas_name='{1}')"
                                  .format(user.name, project["group"]))
                if not project["group"] and project["user"] != user.name:
                    raise V1Error(500, "Only owners may delete their projects.")
            for build in builds:
                del self.builds[build["id"]]
            for package in self.project_packages(project):
                del self.packages[package["id"]]
            project["deleted"] = True
            return {"output": "ok", "message": "Project {0} has been deleted.".format(project["name"])}

    # ----------------------------------------------------------------- builds
    def v1_new_build(self, user, ownername, name, data, form_keys, variant, base_url):
        """POST /api/coprs/<o>/<p>/new_build/: URL builds."""
        with self.lock:
            if variant == "2014":
                return self._v1_new_build_2014(user, ownername, name, data)
            project = self._v1_project(ownername, name, variant)
            infos = ["Unknown key '{0}' received.".format(k) for k in (form_keys or []) if k not in BUILD_FORM_FIELDS]
            errors = {}
            urls = forms.string_list(data.get("pkgs")).split()
            if not urls:
                errors["pkgs"] = ["URLs to packages are required"]
            else:
                bad = next((u for u in urls if not is_http_url(u)), None)
                if bad is not None:
                    errors["pkgs"] = [URL_LIST_2021.format(bad)]
                else:
                    bad = next((u for u in urls if not u.endswith(SRPM_SUFFIXES)), None)
                    if bad is not None:
                        errors["pkgs"] = ["URLs must end with .src.rpm, .nosrc.rpm, or .spec "
                                          "('{0}' doesn't seem to be a valid URL).".format(bad)]
            self._v1_int(errors, data, "timeout", TIMEOUT_2021)
            if errors:
                raise V1Error(500, "Invalid request: bad request parameters: {0}".format(errors))
            if not self.can_build(user, project):
                raise V1Error(500, "Invalid request: user {0} is not allowed to build in the copr: {1}".format(
                    user.name, project["ownername"] + "/" + project["name"]))
            # The view passes neither timeout nor chroots: chroots come at import, timeout is the default.
            builds = [self._v1_add_build(user, project, url, DEFAULT_TIMEOUT, DEFAULT_MEMORY) for url in urls]
            ids = [b["id"] for b in builds]
            lines = ["Build was added to {0}:".format(project["name"])]
            lines += ["  {0}/coprs/build/{1}/".format(base_url, i) for i in ids]
            return {"output": "ok", "ids": ids, "message": "\n".join(infos + lines)}

    @staticmethod
    def _v1_int(errors, data, field, bounds):
        raw = data.get(field)
        if raw is None or text(raw).strip() == "":
            return None
        try:
            value = int(raw)
        except (TypeError, ValueError):
            errors[field] = ["Not a valid integer value"]
            return None
        if not bounds[0] <= value <= bounds[1]:
            errors[field] = ["Number must be between {0} and {1}.".format(*bounds)]
            return None
        return value

    def _v1_add_build(self, user, project, pkgs, timeout, memory):
        """One URL build (2014: one build of all the URLs, space-separated, as build.pkgs)."""
        opts = {"chroots": [], "enable_net": None, "timeout": timeout, "background": False, "bootstrap": None,
                "isolation": None, "after_build_id": None, "with_build_id": None}
        build = self._add_build(user, project, "link", {"url": pkgs}, opts, project["name"],
                                srpm_url=None if pkgs.endswith(".spec") else pkgs)
        build["memory_limit"] = memory
        return build

    def _v1_new_build_2014(self, user, ownername, name, data):
        project = self.find_project(ownername, name)
        if project is None:
            raise V1Error(500, "Copr with name {0} does not exist.".format(name))
        errors = {}
        urls = forms.string_list(data.get("pkgs")).split()
        memory_field = "memory_reqs" if "memory_reqs" in data else "memory"
        memory = self._v1_int(errors, data, memory_field, MEMORY_2014)
        timeout = self._v1_int(errors, data, "timeout", TIMEOUT_2014)
        if errors or not urls or not all(is_http_url(u) for u in urls) or not self.can_build(user, project):
            raise V1Error(500, "Invalid request")
        # Only "proven" users may set them; this server counts Copr admins as proven.
        proven = user.admin
        build = self._v1_add_build(user, project, " ".join(urls),
                                   timeout if proven and timeout is not None else DEFAULT_TIMEOUT,
                                   memory if proven and memory is not None else DEFAULT_MEMORY)
        return {"output": "ok", "id": build["id"], "message": "Build was added to {0}.".format(name)}

    @staticmethod
    def _v1_pkgs(build):
        """build.pkgs: what was submitted (the URL(s) of a URL build)."""
        return (build["source_dict"] or {}).get("url") or build["srpm_url"]

    def _v1_build(self, build_id, variant):
        build = self.builds.get(build_id)
        if build is None:
            if variant == "2014":
                raise V1Error(404, "Invalid build")
            raise V1Error(404, "Build {0} does not exist.".format(build_id))
        return build

    def v1_state(self, build, variant):
        state = self.build_state(build)
        return STATES_2014.get(state, "pending") if variant == "2014" else state

    def v1_build_status(self, build_id, variant):
        with self.lock:
            return {"output": "ok", "status": self.v1_state(self._v1_build(build_id, variant), variant)}

    def v1_build_detail(self, build_id, variant, results_url):
        with self.lock:
            build = self._v1_build(build_id, variant)
            project = self._project_by_id(build["project_id"])
            if variant == "2014":
                return {"output": "ok", "owner": project["ownername"], "project": project["name"],
                        "status": self.v1_state(build, variant)}
            view = self.build_dict(build, results_url)
            results = {}
            for chroot in build["build_chroots"]:
                results[chroot["name"]] = "{0}/{1}/{2}/{3}/{4}".format(
                    results_url, project["ownername"], build["dirname"], chroot["name"], chroot["result_dir"] or "")
            return {
                "output": "ok", "status": view["state"], "project": project["name"],
                "project_dirname": build["dirname"], "owner": project["ownername"],
                "results": view["repo_url"], "built_pkgs": None, "src_version": build["pkg_version"],
                "chroots": {c["name"]: c["status"] for c in build["build_chroots"]},
                "submitted_on": view["submitted_on"], "started_on": view["started_on"],
                "ended_on": view["ended_on"], "src_pkg": self._v1_pkgs(build), "submitted_by": build["submitter"],
                "results_by_chroot": results,
            }

    def v1_cancel(self, user, build_id, variant):
        with self.lock:
            build = self._v1_build(build_id, variant)
            project = self._project_by_id(build["project_id"])
            if not self.can_build(user, project):
                if variant == "2014":
                    raise V1Error(500, "")
                raise V1Error(500, "Invalid request: You are not allowed to cancel this build.")
            if self.build_finished(build):
                if variant == "2014":
                    # The 2014 logic had no such check; a finished build simply stays as it is.
                    return {"output": "ok", "status": "Build canceled"}
                raise V1Error(409, "Cannot cancel build {0}".format(build_id))
            build["canceled"] = True
            build["step_since"] = None
            for chroot in build["build_chroots"]:
                if chroot["status"] not in ("succeeded", "failed", "canceled", "skipped", "forked"):
                    chroot["status"] = "canceled"
            return {"output": "ok", "status": "Build canceled"}

    def v1_monitor(self, ownername, name):
        """GET /api/coprs/<o>/<p>/monitor/ (2021): MonitorWrapper, bugs included.

        Rows: per package and active chroot, the newest build with a non-canceled build
        chroot there.  With no row at all the view crashes (``row`` is unbound); and
        render_packages() pairs each package's results with the *next* package's name.
        """
        with self.lock:
            project = self._v1_project(ownername, name, "2021")
            active = sorted(self._active_in_order(project))
            rows = []
            packages = sorted(self.project_packages(project),
                              key=lambda p: (p["name"], p["id"]))
            for package in packages:
                builds = [b for b in self.project_builds(project) if b["package_id"] == package["id"]]
                names = sorted({c["name"] for b in builds for c in b["build_chroots"] if c["status"] != "canceled"})
                for chroot_name in names:
                    build = max((b for b in builds for c in b["build_chroots"]
                                 if c["name"] == chroot_name and c["status"] != "canceled"), key=lambda b: b["id"])
                    status = next(c["status"] for c in build["build_chroots"] if c["name"] == chroot_name)
                    rows.append((package, build, chroot_name, status))
            if not rows:
                raise V1Crash(500, "UnboundLocalError: local variable 'row' referenced before assignment")
            rendered = []
            results = {}
            current = None
            row = None
            for row in rows:
                if row[0]["id"] != current:
                    if current:
                        rendered.append({"pkg_name": row[0]["name"], "pkg_version": None, "results": results})
                    current = row[0]["id"]
                    results = {}
                if row[2] in active:
                    results[row[2]] = {"build_id": row[1]["id"], "status": row[3], "pkg_version": row[1]["pkg_version"]}
            rendered.append({"pkg_name": row[0]["name"], "pkg_version": None, "results": results})
            return {"chroots": active, "builds": [self._v1_monitor_build(b) for b in self.project_builds(project)],
                    "packages": rendered}

    def _v1_monitor_build(self, build):
        view = self.build_dict(build, "")
        return {"id": build["id"], "pkg_version": build["pkg_version"], "status": STATUS_NUMBERS[view["state"]],
                "state": view["state"], "canceled": build["canceled"], "repos": None,
                "submitted_on": view["submitted_on"], "started_on": view["started_on"], "ended_on": view["ended_on"],
                "results": None, "memory_reqs": build["memory_limit"], "timeout": build["timeout"],
                "src_pkg": self._v1_pkgs(build), "built_packages": []}

    def v1_status(self):
        """GET /api/status (2021): queue sizes (build chroots by state, builds importing)."""
        with self.lock:
            chroots = [c["status"] for b in self.builds.values() for c in b["build_chroots"]]
            importing = sum(1 for b in self.builds.values() if self.build_state(b) == "importing")
            return {"importing": importing, "waiting": chroots.count("pending"), "running": chroots.count("running")}
