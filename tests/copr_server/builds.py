"""Builds, build chroots and packages of the local Copr server, with a fake builder.

There is no backend: a build walks through the phases below, advanced lazily
from timestamps (``build_speed`` seconds per phase, computed on every request,
no threads) or by the ``/_test/builds/<id>/...`` control calls.

====  ===============================================================  ===========
step  what holds                                                       build state
====  ===============================================================  ===========
0     source ``pending``; requested chroots exist as ``waiting``       pending
1     source ``importing``                                             importing
2     source ``succeeded``: package and version known, build chroots   pending
      created (project chroots when none were asked) or flipped to
      ``pending``.  A broken uploaded SRPM fails here instead.
3     chroots ``running`` (``started_on``, ``result_url`` set)         running
4     chroots ``succeeded`` or ``failed`` (``ended_on`` set)           derived
====  ===============================================================  ===========

The build state is derived from the source phase and the chroots as
``Build.status`` does in the real frontend (see copr-api.md section 3).
"""

import copy
import fnmatch
import os
import re

from .errors import ApiError, BUG_MESSAGE
from . import build_forms, forms

FINISHED_STATES = ("succeeded", "failed", "canceled", "skipped", "forked")
UNFINISHED = ("pending", "importing", "waiting", "starting", "running")
STEP_NAMES = {"pending": 0, "importing": 1, "imported": 2, "running": 3}
DEFAULT_MEMORY = 2048
SRPM_NAME_RE = re.compile(r"^(?P<name>.+)-(?P<version>[^-]+)-(?P<release>[^-]+)\.(?:no)?src\.rpm$")


def guess_source_package(source_type, source, package_name=None):
    """(name, version) the fake import assigns; None where no SRPM could tell."""
    if package_name:
        return package_name, None
    if source_type in ("link", "upload"):
        filename = os.path.basename(source.get("url", "").split("?")[0])
        match = SRPM_NAME_RE.match(filename)
        if match:
            return match.group("name"), "{0}-{1}".format(match.group("version"), match.group("release"))
        if filename.endswith(".spec"):
            return filename[:-len(".spec")], None
        return None, None
    if source_type == "scm":
        if source.get("spec"):
            return os.path.basename(source["spec"])[:-len(".spec")], None
        base = (source.get("clone_url") or "").rstrip("/").rsplit("/", 1)[-1]
        return (base[:-4] if base.endswith(".git") else base) or None, None
    if source_type == "pypi":
        version = source.get("pypi_package_version")
        return "python-" + source["pypi_package_name"], (version + "-1") if version else None
    if source_type == "rubygems":
        return "rubygem-" + source["gem_name"], None
    return None, None


class BuildsMixin:  # pylint: disable=too-many-public-methods
    """Mixed into Store: needs self.lock, self.builds, self.projects, chroot helpers."""

    # ----------------------------------------------------------------- config
    def reset_builds(self):
        # Both dicts are keyed by id and filled in id order, so iterating them is id order.
        self.builds = {}
        self.packages = {}
        self.next_build_id = 1
        self.next_package_id = 1
        self.config = {"build_speed": self.default_build_speed, "fail_packages": [], "hold_packages": []}

    def get_config(self):
        with self.lock:
            return copy.deepcopy(self.config)

    def set_config(self, raw):
        with self.lock:
            if not isinstance(raw, dict):
                raise ApiError(400, "expected a JSON object")
            self.tick()   # finish what happened under the old speed
            new = copy.deepcopy(self.config)
            for key, value in raw.items():
                if key == "build_speed":
                    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                        raise ApiError(400, "build_speed must be a number >= 0")
                    new[key] = float(value)
                elif key in ("fail_packages", "hold_packages"):
                    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                        raise ApiError(400, "{0} must be a list of package names".format(key))
                    new[key] = list(value)
                else:
                    raise ApiError(400, "unknown config key {0}".format(key))
            now = self.clock()
            for build in self.builds.values():
                build["step_since"] = now if build["step_since"] is not None else None
            self.config = new
            return copy.deepcopy(self.config)

    # ------------------------------------------------------------ the machine
    def _build_name(self, build):
        package = self._package_by_id(build["package_id"])
        return package["name"] if package else None

    def build_state(self, build):
        if build["canceled"]:
            return "canceled"
        if build.get("forced_state"):
            return build["forced_state"]
        if build["source_status"] in ("starting", "pending", "running", "importing", "failed"):
            return build["source_status"]
        states = [c["status"] for c in build["build_chroots"]]
        if not states:
            return build.get("forced_state") or "waiting"
        for state in ("running", "starting", "pending", "failed", "succeeded", "skipped", "forked"):
            if state in states:
                return state
        if "waiting" in states:
            return "pending"
        return "unknown"

    @staticmethod
    def build_finished(build):
        if build["canceled"] or build["source_status"] in ("failed", "canceled"):
            return True
        if build.get("forced_state"):
            return build["forced_state"] in FINISHED_STATES
        if not build["build_chroots"]:
            return build["source_status"] in FINISHED_STATES
        return all(c["status"] in FINISHED_STATES for c in build["build_chroots"])

    def tick(self):
        """Advance every machine-driven build up to now (lazy time-based builder)."""
        with self.lock:
            speed = self.config["build_speed"]
            if speed <= 0:
                return
            now = self.clock()
            for build in self.builds.values():
                while build["step_since"] is not None and not self.build_finished(build):
                    due = build["step_since"] + speed
                    if now < due:
                        break
                    if not self._step(build, due, held_ok=False):
                        build["step_since"] = now
                        break

    def _step(self, build, when, held_ok=True, force=None):
        """Move one phase forward at time ``when``; False when held."""
        step = build["step"]
        project = self._project_by_id(build["project_id"])
        if step == 0:
            build["source_status"] = "importing"
            build["source_started"] = True
        elif step == 1:
            self._import(build, project)
        elif step == 2:
            for chroot in build["build_chroots"]:
                if chroot["status"] in ("pending", "waiting"):
                    chroot["status"] = "running"
                    chroot["started_on"] = when
                    chroot["result_dir"] = "{0:08d}-{1}".format(build["id"], self._build_name(build) or "unknown")
        elif step == 3:
            name = self._build_name(build)
            if not held_ok and name and name in self.config["hold_packages"]:
                return False
            listed = name is not None and name in self.config["fail_packages"]
            fail_all = force == "failed" or (force is None and listed)
            for chroot in build["build_chroots"]:
                if chroot["status"] not in FINISHED_STATES:
                    failed = force != "succeeded" and (fail_all or chroot["name"] in build["fail_chroots"])
                    chroot["status"] = "failed" if failed else "succeeded"
                    chroot["ended_on"] = when
        else:
            return True
        build["step"] = step + 1
        build["step_since"] = when
        if self.build_finished(build):
            build["step_since"] = None
        return True

    def _import(self, build, project):
        if build.get("upload") is not None and build["upload"].get("error"):
            build["source_status"] = "failed"
            return
        build["source_status"] = "succeeded"
        name, version = build["import_name"], build["import_version"]
        if name and build["package_id"] is None:
            package = self._find_package(project, name)
            if package is None:
                package = self._new_package(project, name, "unset", {})
            build["package_id"] = package["id"]
        build["pkg_version"] = version
        if not build["build_chroots"]:
            names = list(self._active_project_chroots(project))
            build["build_chroots"] = [self._new_build_chroot(n, "pending") for n in names]
        for chroot in build["build_chroots"]:
            if chroot["status"] == "waiting":
                chroot["status"] = "pending"

    @staticmethod
    def _new_build_chroot(name, status):
        return {"name": name, "status": status, "started_on": None, "ended_on": None, "result_dir": None}

    # ------------------------------------------------------------- helpers
    def _project_by_id(self, project_id):
        return next(p for p in self.projects if p["id"] == project_id)

    def _active_project_chroots(self, project):
        return sorted((n for n, c in project["chroots"].items() if not c["deleted"] and n in self.active_chroots),
                      key=self.chroot_order)

    def project_of_build(self, build_id):
        """The "owner/project" of a build, or None (unknown id)."""
        with self.lock:
            build = self.builds.get(build_id) if isinstance(build_id, int) and not isinstance(build_id, bool) else None
            if build is None:
                return None
            project = self._project_by_id(build["project_id"])
            return "{0}/{1}".format(project["ownername"], project["name"])

    def get_build(self, build_id):
        build = self.builds.get(build_id)
        if build is None:
            raise ApiError(404, "Build {0} does not exist.".format(build_id))
        return build

    def can_build(self, user, project):
        return self.can_edit(user, project) or \
            project["permissions"].get(user.name, {}).get("builder") == "approved"

    def build_dict(self, build, results_url):
        project = self._project_by_id(build["project_id"])
        chroots = build["build_chroots"]
        started = [c["started_on"] for c in chroots if c["started_on"]]
        ended = None
        if chroots and all(c["ended_on"] is not None for c in chroots):
            ended = max(c["ended_on"] for c in chroots)
        return {
            "chroots": [c["name"] for c in chroots],
            "ended_on": _epoch(ended),
            "id": build["id"],
            "is_background": build["is_background"],
            "ownername": project["ownername"],
            "project_dirname": build["dirname"],
            "projectname": project["name"],
            "repo_url": "{0}/{1}/{2}".format(results_url, project["ownername"], project["name"]),
            "started_on": _epoch(min(started)) if started else None,
            "state": self.build_state(build),
            "submitted_on": _epoch(build["submitted_on"]),
            "submitter": build["submitter"],
            "source_package": {"name": self._build_name(build), "url": build["srpm_url"],
                               "version": build["pkg_version"]},
        }

    def build_chroot_dict(self, build, chroot, results_url):
        project = self._project_by_id(build["project_id"])
        result_url = None
        if chroot["result_dir"]:
            result_url = "{0}/{1}/{2}/{3}/{4}/".format(results_url, project["ownername"], build["dirname"],
                                                       chroot["name"], chroot["result_dir"])
        return {"started_on": _epoch(chroot["started_on"]), "ended_on": _epoch(chroot["ended_on"]),
                "state": chroot["status"], "name": chroot["name"], "result_url": result_url}

    # ----------------------------------------------------------- build create
    def _copr_for_build(self, raw):
        """get_copr(): ownername/projectname from the body, KeyError -> 500 as real."""
        if not isinstance(raw, dict) or "ownername" not in raw or "projectname" not in raw:
            raise ApiError(500, BUG_MESSAGE)
        return self.get_project(str(raw["ownername"]), str(raw["projectname"]))

    def _dirname(self, project, dirname):
        if not dirname or dirname == project["name"]:
            return project["name"]
        if dirname.startswith(project["name"] + ":") and re.match(r"^[\w.:-]+$", dirname):
            return dirname
        raise ApiError(400, "Please use directory format {0}:custom:<SUFFIX_OF_CHOICE> "
                       "or {0}:pr:<ID> (non-empty string)".format(project["name"]))

    def create_builds(self, user, source_type, raw, results_url, upload=None):
        """POST /build/create/<type>; returns one build dict, or a page for URL builds."""
        with self.lock:
            project = self._copr_for_build(raw)
            active = self._active_project_chroots(project)
            source, opts, extra = build_forms.validate_build(
                source_type, raw, active, lambda i: i in self.builds,
                upload_name=upload["filename"] if upload is not None else None, mock_chroots=self.active_chroots)
            if not self.can_build(user, project):
                raise ApiError(403, "User {0} is not allowed to build in the copr: {1}".format(
                    user.name, project["ownername"] + "/" + project["name"]))
            if not active:
                raise ApiError(400, "Can't create build - project {0} has no active chroots".format(
                    project["ownername"] + "/" + project["name"]))
            dirname = self._dirname(project, opts["project_dirname"])
            if source_type == "url":
                builds = [self._add_build(user, project, "link", {"url": url}, opts, dirname,
                                          srpm_url=None if url.endswith(".spec") else url)
                          for url in extra["urls"]]
                return {"items": [self.build_dict(b, results_url) for b in builds],
                        "meta": {"limit": None, "offset": None, "order": None, "order_type": None}}
            if source_type == "upload":
                url = "{0}/tmp/{1}/{2}".format(upload["base_url"], upload["tmp_name"], upload["filename"])
                source = {"url": url, "pkg": upload["filename"], "tmp": upload["tmp_name"]}
                build = self._add_build(user, project, "upload", source, opts, dirname,
                                        srpm_url=None if url.endswith(".spec") else url, upload=upload)
                return self.build_dict(build, results_url)
            package_name = extra.get("package_name") if source_type == "distgit" else None
            build = self._add_build(user, project, source_type, source, opts, dirname, package_name=package_name)
            return self.build_dict(build, results_url)

    def _add_build(self, user, project, source_type, source, opts, dirname,  # pylint: disable=too-many-arguments
                   srpm_url=None, upload=None, package=None, package_name=None):
        chroots = [n for n in self._active_project_chroots(project) if n in opts["chroots"]]
        if upload is not None and upload.get("header"):
            header = upload["header"]
            name = header["name"]
            version = "{0}-{1}".format(header["version"], header["release"])
            if header.get("epoch"):
                version = "{0}:{1}".format(header["epoch"], version)
        elif package is not None:
            name, version = package["name"], None
        else:
            name, version = guess_source_package(source_type, source, package_name)
        enable_net = opts["enable_net"] if opts["enable_net"] is not None else project["build_enable_net"]
        timeout = opts["timeout"]
        if timeout is None:
            timeout = (package or {}).get("timeout") or build_forms.DEFAULT_BUILD_TIMEOUT
        now = self.clock()
        build = {
            "id": self.next_build_id, "project_id": project["id"], "dirname": dirname,
            "submitter": user.name, "submitted_on": now, "source_type": source_type,
            "source_dict": source, "srpm_url": srpm_url,
            "package_id": package["id"] if package else None,
            "import_name": name, "import_version": version, "pkg_version": None,
            "source_status": "pending", "canceled": False,
            "build_chroots": [self._new_build_chroot(n, "waiting") for n in chroots],
            "timeout": timeout, "enable_net": enable_net, "is_background": opts["background"],
            "bootstrap": opts["bootstrap"], "isolation": opts["isolation"],
            "after_build_id": opts["after_build_id"], "with_build_id": opts["with_build_id"],
            "memory_limit": DEFAULT_MEMORY, "upload": upload,
            "step": 0, "step_since": now, "fail_chroots": [],
        }
        if upload is not None:
            build["upload"] = {k: v for k, v in upload.items() if k != "base_url"}
        self.builds[build["id"]] = build
        self.next_build_id += 1
        return build

    def check_before_build(self, user, raw):
        with self.lock:
            project = self._copr_for_build(raw)
            data = build_forms.form_data(raw)
            if data.get("project_dirname"):
                self._dirname(project, forms_text(data["project_dirname"]))
            if not self.can_build(user, project):
                raise ApiError(403, "User '{0}' is not allowed to build in '{1}'".format(
                    user.name, project["ownername"] + "/" + project["name"]))
            errors = build_forms.FieldErrors()
            build_forms.build_options(errors, data, self._active_project_chroots(project), lambda i: i in self.builds)
            errors.raise_bad_request()
            return {"message": "It should be safe to submit a build like this"}

    # ------------------------------------------------------------- build read
    def build_get(self, build_id, results_url):
        with self.lock:
            return self.build_dict(self.get_build(build_id), results_url)

    def build_list(self, ownername, projectname, packagename, status, args, results_url):
        with self.lock:
            project = self.get_project(ownername, projectname)
            items = list(self.project_builds(project))
            if packagename:
                items = [b for b in items if self._build_name(b) == packagename and b["package_id"] is not None]
            columns = ("id", "submitted_on", "package_id", "timeout", "is_background", "source_status")
            limit, offset, order, order_type = forms.pagination_args(args, columns, "build")
            key_items = sorted(items, key=lambda b: (b.get(order) is None, b.get(order) or 0, b["id"]),
                               reverse=order_type == "DESC")
            page_limit = None if status else limit
            page = key_items[offset:offset + page_limit] if page_limit else key_items[offset:]
            # The page is picked in a subquery; the outer query orders by id DESC.
            page = sorted(page, key=lambda b: b["id"], reverse=True)
            dicts = [self.build_dict(b, results_url) for b in page]
            if status:
                dicts = [d for d in dicts if d["state"] == status][:limit]
            return {"items": dicts, "meta": {"limit": limit, "offset": offset, "order": order,
                                             "order_type": order_type}}

    def source_chroot(self, build_id, results_url):
        with self.lock:
            build = self.get_build(build_id)
            if not build.get("source_started"):
                # No SRPM result directory yet: the real view crashes on None.
                raise ApiError(500, BUG_MESSAGE)
            project = self._project_by_id(build["project_id"])
            return {"state": build["source_status"],
                    "result_url": "{0}/{1}/{2}/srpm-builds/{3:08d}".format(
                        results_url, project["ownername"], build["dirname"], build["id"])}

    def source_build_config(self, build_id):
        with self.lock:
            build = self.get_build(build_id)
            return {"source_type": build["source_type"], "source_dict": copy.deepcopy(build["source_dict"]),
                    "memory_limit": build["memory_limit"], "timeout": build["timeout"],
                    "is_background": build["is_background"]}

    def built_packages(self, build_id):
        with self.lock:
            build = self.get_build(build_id)
            return {c["name"]: self._built_packages(build, c) for c in build["build_chroots"]}

    def _built_packages(self, build, chroot):
        name = self._build_name(build)
        if chroot["status"] != "succeeded" or not name or not build["pkg_version"]:
            return {"packages": []}
        evr = build["pkg_version"]
        epoch = 0
        if ":" in evr:
            epoch, evr = evr.split(":", 1)
            epoch = int(epoch)
        version, release = evr.rsplit("-", 1)
        arch = chroot["name"].rsplit("-", 1)[-1]
        return {"packages": [
            {"name": name, "epoch": epoch, "version": version, "release": release, "arch": "src"},
            {"name": name, "epoch": epoch, "version": version, "release": release, "arch": arch}]}

    def _get_build_chroot(self, build_id, chrootname):
        build = self.get_build(build_id)
        for chroot in build["build_chroots"]:
            if chroot["name"] == chrootname:
                return build, chroot
        if chrootname in self.active_chroots or chrootname in self.inactive_chroots:
            raise ApiError(404, "Build {0} was not submitted to {1} chroot.".format(build_id, chrootname))
        raise ApiError(404, "Chroot {0} does not exist".format(chrootname))

    def build_chroot_get(self, build_id, chrootname, results_url):
        with self.lock:
            build, chroot = self._get_build_chroot(build_id, chrootname)
            return self.build_chroot_dict(build, chroot, results_url)

    def build_chroot_list(self, build_id, args, results_url):
        with self.lock:
            args = dict(args)
            if args.get("order") == "name":
                args.pop("order")
            limit, offset, order, order_type = forms.pagination_args(args, ("id", "status", "started_on", "ended_on"), "build_chroot")
            build = self.builds.get(build_id)
            chroots = list(build["build_chroots"]) if build else []
            if order_type == "DESC":
                chroots.reverse()
            page = chroots[offset:offset + limit] if limit else chroots[offset:]
            return {"items": [self.build_chroot_dict(build, c, results_url) for c in page],
                    "meta": {"limit": limit, "offset": offset, "order": order, "order_type": order_type}}

    def build_chroot_config(self, build_id, chrootname, results_url):
        with self.lock:
            build, chroot = self._get_build_chroot(build_id, chrootname)
            project = self._project_by_id(build["project_id"])
            out = {}
            project_chroot = project["chroots"].get(chrootname)
            if project_chroot is not None and not project_chroot["deleted"]:
                config = self.chroot_build_config(project["ownername"], project["name"], chrootname, results_url)
                out["additional_repos"] = config["additional_repos"]
                out["additional_packages"] = config["additional_packages"]
                out["with_opts"] = config["with_opts"]
                out["without_opts"] = config["without_opts"]
                repos = config["repos"]
            else:
                out.update({"additional_repos": [], "additional_packages": [], "with_opts": [], "without_opts": []})
                repos = None
            out["enable_net"] = build["enable_net"]
            out["is_background"] = build["is_background"]
            out["memory_limit"] = build["memory_limit"]
            out["timeout"] = build["timeout"]
            bootstrap = build["bootstrap"]
            image = None
            if bootstrap in (None, "unchanged") and project_chroot is not None:
                if project_chroot["bootstrap"] not in (None, "unchanged"):
                    bootstrap, image = project_chroot["bootstrap"], project_chroot["bootstrap_image"]
            if bootstrap in (None, "unchanged"):
                bootstrap = project["bootstrap"]
            if bootstrap not in (None, "default", "unchanged"):
                out["bootstrap"] = bootstrap
                if bootstrap in ("image", "custom_image") and image:
                    out["bootstrap_image"] = image
            if repos is not None:
                out["repos"] = repos
            return out

    # -------------------------------------------------------- cancel / delete
    def cancel_build(self, user, build_id, results_url):
        with self.lock:
            build = self.get_build(build_id)
            project = self._project_by_id(build["project_id"])
            if not self.can_build(user, project):
                raise ApiError(403, "You are not allowed to cancel this build.")
            if self.build_finished(build):
                raise ApiError(409, "Cannot cancel build {0}".format(build_id))
            build["canceled"] = True
            build["step_since"] = None
            for chroot in build["build_chroots"]:
                if chroot["status"] not in FINISHED_STATES:
                    chroot["status"] = "canceled"
            return self.build_dict(build, results_url)

    def _check_build_delete(self, user, build):
        project = self._project_by_id(build["project_id"])
        if project["persistent"]:
            raise ApiError(403, "User '{0}' can not delete a persistent build {1}".format(user.name, build["id"]))
        if not self.can_edit(user, project):
            raise ApiError(403, "User '{0}' doesn't have permissions to delete build {1}".format(
                user.name, build["id"]))
        if not self.build_finished(build):
            raise ApiError(500, "User '{0}' can not delete build {1}".format(user.name, build["id"]))

    def delete_build(self, user, build_id, results_url):
        with self.lock:
            build = self.get_build(build_id)
            snapshot = self.build_dict(build, results_url)
            self._check_build_delete(user, build)
            del self.builds[build_id]
            return snapshot

    def delete_builds(self, user, build_ids):
        """DELETE /build/delete/list: all or nothing."""
        with self.lock:
            if not isinstance(build_ids, list):
                raise ApiError(500, BUG_MESSAGE)
            self._delete_build_ids(user, build_ids)
            return {"builds": build_ids}

    def _delete_build_ids(self, user, build_ids):
        missing, no_permission, running = [], [], []
        for build_id in sorted(set(build_ids)):
            build = self.builds.get(build_id)
            if build is None:
                missing.append(build_id)
                continue
            try:
                self._check_build_delete(user, build)
            except ApiError as exc:
                (running if exc.status == 500 else no_permission).append(build_id)
        if missing or no_permission or running:
            msg = ""
            if no_permission:
                msg += "You don't have permissions to delete build(s) {0}.\n".format(", ".join(map(str, no_permission)))
            if running:
                msg += "Build(s) {0} are still running.\n".format(", ".join(map(str, running)))
            if missing:
                msg += "Build(s) {0} don't exist.\n".format(", ".join(map(str, missing)))
            raise ApiError(400, msg)
        for build_id in set(build_ids):
            del self.builds[build_id]

    # --------------------------------------------------------------- packages
    def _package_by_id(self, package_id):
        return self.packages.get(package_id) if package_id is not None else None

    def project_packages(self, project):
        return [p for p in self.packages.values() if p["project_id"] == project["id"]]

    def _find_package(self, project, name):
        return next((p for p in self.packages.values() if p["project_id"] == project["id"] and p["name"] == name),
                    None)

    def _new_package(self, project, name, source_type, source):
        package = {"id": self.next_package_id, "project_id": project["id"], "name": name,
                   "source_type": source_type, "source_dict": source, "webhook_rebuild": False,
                   "chroot_denylist": None, "max_builds": None, "timeout": None}
        self.next_package_id += 1
        self.packages[package["id"]] = package
        return package

    def _package_builds(self, package):
        return [b for b in self.builds.values() if b["package_id"] == package["id"]]

    @staticmethod
    def denylist_patterns(package):
        """Package.chroot_denylist: the stored string split on commas, items stripped, empty ones dropped."""
        return [p.strip() for p in (package["chroot_denylist"] or "").split(",") if p.strip()]

    def package_chroots(self, project, package):
        """Package.chroots: active project chroots minus the denylist; all of them if nothing is left."""
        active = self._active_project_chroots(project)
        patterns = self.denylist_patterns(package)
        allowed = [c for c in active if not any(fnmatch.fnmatch(c, p) for p in patterns)]
        return allowed or active

    def package_dict(self, package, results_url, with_latest=False, with_latest_succeeded=False):
        project = self._project_by_id(package["project_id"])
        source = copy.deepcopy(package["source_dict"])
        if "srpm_build_method" in source:
            source["source_build_method"] = source.pop("srpm_build_method")
        builds = self._package_builds(package)
        latest = latest_ok = None
        if with_latest and builds:
            latest = self.build_dict(builds[-1], results_url)
        if with_latest_succeeded:
            ok = [b for b in builds if self.build_state(b) == "succeeded"]
            latest_ok = self.build_dict(ok[-1], results_url) if ok else None
        return {"id": package["id"], "name": package["name"], "ownername": project["ownername"],
                "projectname": project["name"], "source_type": package["source_type"], "source_dict": source,
                "auto_rebuild": package["webhook_rebuild"],
                "builds": {"latest": latest, "latest_succeeded": latest_ok}}

    def _get_package(self, project, name):
        package = self._find_package(project, name) if name is not None else None
        if package is None:
            raise ApiError(404, "No package with name {0} in copr {1}".format(name, project["name"]))
        return package

    def package_get(self, ownername, projectname, packagename, args, results_url):
        with self.lock:
            project = self.get_project(ownername, projectname)
            package = self._get_package(project, packagename)
            # Raw strings: any non-empty value (even "False") turns the option on.
            return self.package_dict(package, results_url, bool(args.get("with_latest_build")),
                                     bool(args.get("with_latest_succeeded_build")))

    def package_list(self, ownername, projectname, args, results_url):
        with self.lock:
            project = self.get_project(ownername, projectname)
            items = self.project_packages(project)
            columns = ("id", "name", "webhook_rebuild", "source_type", "max_builds", "timeout")
            limit, offset, order, order_type = forms.pagination_args(args, columns, "package")
            items = sorted(items, key=lambda p: (p.get(order) is None, p.get(order) or 0),
                           reverse=order_type == "DESC")
            page = items[offset:offset + limit] if limit else items[offset:]

            def on(value):
                return value in ("True", "true", "1")
            return {"items": [self.package_dict(p, results_url, on(args.get("with_latest_build")),
                                                on(args.get("with_latest_succeeded_build"))) for p in page],
                    "meta": {"limit": limit, "offset": offset, "order": order, "order_type": order_type}}

    def package_add_or_edit(self, user, ownername, projectname, package_name, source_type, raw, results_url,
                            edit=False):
        with self.lock:
            project = self.get_project(ownername, projectname)
            package = None
            if edit:
                package = self._find_package(project, package_name)
                if package is None:
                    raise ApiError(404, "Package {0} does not exists in copr {1}.".format(
                        package_name, project["ownername"] + "/" + project["name"]))
                source_type = source_type or package["source_type"]
            if not self.can_edit(user, project):
                raise ApiError(403, "You are not allowed to add or edit packages in this copr.")
            if source_type not in ("scm", "pypi", "rubygems", "custom", "distgit"):
                raise ApiError(400, "Unsupported package source type {0}".format(source_type))
            stored = package["source_dict"] if package else None
            name, source, common = build_forms.validate_package(
                source_type, raw, self._active_project_chroots(project), stored, self.active_chroots)
            if package is None:
                if self._find_package(project, name) is not None:
                    raise ApiError(409, "Package {0} already exists in copr {1}.".format(
                        name, project["ownername"] + "/" + project["name"]))
                package = self._new_package(project, name, source_type, source)
            package["source_type"] = source_type
            package["source_dict"] = source
            package.update(common)
            target = self._find_package(project, package_name)
            if target is None:
                # The response is looked up by the path name: a mismatch crashes the real view.
                raise ApiError(500, BUG_MESSAGE)
            return self.package_dict(target, results_url)

    def package_build(self, user, raw, results_url):
        """POST /package/build, in the order of the real view and PackagesLogic.build_package."""
        with self.lock:
            project = self._copr_for_build(raw)
            active = self._active_project_chroots(project)
            name = raw.get("package_name")
            package = self._get_package(project, None if name is None else str(name))
            opts, data = build_forms.validate_package_build(raw, active, lambda i: i in self.builds)
            if package["source_type"] == "unset" or not package["source_dict"]:
                raise ApiError(400, "Unset default source for package {0}".format(package["name"]))
            if not active:
                raise ApiError(400, "Can't create build - project {0} has no active chroots".format(
                    project["ownername"] + "/" + project["name"]))
            if not self.can_build(user, project):
                # BuildsLogic.add's check: not the text of /build/create/* (no view-level check here).
                raise ApiError(403, "You don't have permissions to build in this copr.")
            if not opts["chroots"]:
                # BuildsLogic._chroots_to_add: nothing selected (also: everything excluded) means
                # the package's chroots, i.e. the denylist applies only then.
                opts["chroots"] = set(self.package_chroots(project, package))
            if "timeout" not in data:
                opts["timeout"] = None       # then the package's timeout, else the default
            dirname = self._dirname(project, opts["project_dirname"])
            build = self._add_build(user, project, package["source_type"], copy.deepcopy(package["source_dict"]),
                                    opts, dirname, package=package)
            return self.build_dict(build, results_url)

    def package_delete(self, user, raw, results_url):
        """Deletes the package and all its builds; 400 (nothing deleted) if one is unfinished."""
        with self.lock:
            project = self._copr_for_build(raw)
            name = raw.get("package_name")
            package = self._get_package(project, None if name is None else str(name))
            if not self.can_edit(user, project):
                raise ApiError(403, "You are not allowed to delete package `{0}`.".format(package["id"]))
            snapshot = self.package_dict(package, results_url)
            self._delete_build_ids(user, [b["id"] for b in self._package_builds(package)])
            del self.packages[package["id"]]
            return snapshot

    def package_reset(self, user, raw, results_url):
        with self.lock:
            project = self._copr_for_build(raw)
            name = raw.get("package_name")
            package = self._get_package(project, None if name is None else str(name))
            if not self.can_edit(user, project):
                raise ApiError(403, "You are not allowed to reset package `{0}`.".format(package["id"]))
            package["source_type"] = "unset"
            package["source_dict"] = {}
            return self.package_dict(package, results_url)

    # ------------------------------------------------------ test control API
    def control_advance(self, build_id, target, results_url):
        with self.lock:
            build = self.get_build(build_id)
            if build.get("forced_state"):
                raise ApiError(409, "Build {0} was added by POST /_test/builds and has no builder".format(build_id))
            if target not in (None, "importing", "pending", "running", "succeeded", "failed"):
                raise ApiError(400, "to must be one of importing, pending, running, succeeded, failed")
            if self.build_finished(build):
                raise ApiError(409, "Build {0} is already {1}".format(build_id, self.build_state(build)))
            now = self.clock()
            if target is None:
                self._step(build, now)
            elif target in ("succeeded", "failed"):
                while not self.build_finished(build):
                    self._step(build, now, force=target)
            else:
                while self.build_state(build) != target or (target == "pending" and build["step"] < 2):
                    if self.build_finished(build) or build["step"] >= 4:
                        raise ApiError(409, "Build {0} cannot reach {1}".format(build_id, target))
                    self._step(build, now)
            if build["step_since"] is not None:
                build["step_since"] = now
            return self.build_dict(build, results_url)

    def control_fail(self, build_id, chroots, results_url):
        with self.lock:
            build = self.get_build(build_id)
            if self.build_finished(build):
                raise ApiError(409, "Build {0} is already {1}".format(build_id, self.build_state(build)))
            now = self.clock()
            while build["step"] < 2:
                self._step(build, now)
            if build["source_status"] == "failed":
                return self.build_dict(build, results_url)
            names = [c["name"] for c in build["build_chroots"]]
            chroots = names if chroots is None else chroots
            unknown = [c for c in chroots if c not in names]
            if unknown:
                raise ApiError(400, "Build {0} has no chroot {1}".format(build_id, ", ".join(unknown)))
            for chroot in build["build_chroots"]:
                if chroot["name"] in chroots and chroot["status"] not in FINISHED_STATES:
                    chroot["status"] = "failed"
                    chroot["started_on"] = chroot["started_on"] or now
                    chroot["ended_on"] = now
                    if build["fail_chroots"] is not None:
                        build["fail_chroots"].append(chroot["name"])
            if self.build_finished(build):
                build["step"] = 4
                build["step_since"] = None
            return self.build_dict(build, results_url)

    def control_build_info(self, build_id):
        with self.lock:
            build = self.get_build(build_id)
            info = {k: copy.deepcopy(build.get(k)) for k in (
                "id", "source_type", "source_dict", "timeout", "enable_net", "is_background", "bootstrap",
                "isolation", "after_build_id", "with_build_id", "dirname", "step", "memory_limit")}
            upload = build.get("upload")
            info["upload"] = None if upload is None else {
                k: upload.get(k) for k in ("filename", "size", "sha256", "header", "error")}
            info["package_name"] = self._build_name(build) or build["import_name"]
            info["state"] = self.build_state(build)
            return info

    def control_package_info(self, owner, projectname, name):
        """GET /_test/packages/<owner>/<project>/<name>: the stored package, write-only fields included."""
        with self.lock:
            project = self.get_project(owner, projectname)
            package = self._get_package(project, name)
            info = {k: copy.deepcopy(package[k]) for k in (
                "id", "name", "source_type", "source_dict", "webhook_rebuild", "chroot_denylist", "max_builds",
                "timeout")}
            info["chroots"] = self.package_chroots(project, package)
            return info

    def add_test_build(self, owner, projectname, chroots, state, package_name=None):  # pylint: disable=too-many-arguments
        """POST /_test/builds: a frozen build row in a given state (no builder), optionally of a package."""
        with self.lock:
            project = self.get_project(owner, projectname)
            if state not in FINISHED_STATES + UNFINISHED:
                raise ApiError(400, "Unknown build state {0}".format(state))
            package = None
            if package_name is not None:
                package = self._find_package(project, package_name)
                if package is None:
                    raise ApiError(400, "No package {0} in {1}/{2}".format(package_name, owner, projectname))
            unknown = [c for c in (chroots or []) if c not in self.active_chroots + self.inactive_chroots]
            if unknown:
                raise ApiError(400, "Unknown chroot {0}".format(", ".join(unknown)))
            now = self.clock()
            build = {
                "id": self.next_build_id, "project_id": project["id"], "dirname": project["name"],
                "submitter": project["user"], "submitted_on": now, "source_type": "link",
                "source_dict": {}, "srpm_url": None, "package_id": package["id"] if package else None,
                "import_name": package["name"] if package else None,
                "import_version": None, "pkg_version": None, "source_status": "succeeded",
                "canceled": False, "forced_state": state,
                "build_chroots": [dict(self._new_build_chroot(n, state),
                                       ended_on=now if state in FINISHED_STATES else None)
                                  for n in (chroots or [])],
                "timeout": build_forms.DEFAULT_BUILD_TIMEOUT, "enable_net": False, "is_background": False,
                "bootstrap": None, "isolation": "unchanged", "after_build_id": None, "with_build_id": None,
                "memory_limit": DEFAULT_MEMORY, "upload": None, "step": 4, "step_since": None, "fail_chroots": [],
            }
            self.builds[build["id"]] = build
            self.next_build_id += 1
            return {"id": build["id"]}


def forms_text(value):
    return value if isinstance(value, str) else str(value)


def _epoch(value):
    return None if value is None else int(value)
