# -*- coding: utf-8 -*-
# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Copr APIv3 (``/api_3/``), the protocol copr.fedorainfracloud.org speaks.

Translates between option names (what Copr returns on GET) and what the
APIv3 endpoints expect; the transport below it is shared by every protocol.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os

from ansible_collections.copr.copr.plugins.module_utils.copr_sources import SOURCE_TYPES, canonical_source
from ansible_collections.copr.copr.plugins.module_utils.copr_transport import (
    EVERY_NAME,
    RETRY_UNPROCESSED,
    CoprApiError,
    CoprConfigError,
    unsupported_names,
)
from ansible_collections.copr.copr.plugins.module_utils.multipart_stream import MultipartStream


# --------------------------------------------------------------------------
# Field vocabulary
# --------------------------------------------------------------------------

# Project fields as Copr returns them on GET (= option names).
PROJECT_READ_FIELDS = (
    "description", "instructions", "homepage", "contact", "additional_repos", "enable_net",
    "unlisted_on_hp", "auto_prune", "devel_mode", "bootstrap", "isolation", "module_hotfixes",
    "appstream", "follow_fedora_branching", "repo_priority", "packit_forge_projects_allowed",
)
# Accepted on write, never returned on GET.
PROJECT_WRITE_ONLY_FIELDS = ("delete_after_days", "multilib", "fedora_review", "runtime_dependencies",
                             "bootstrap_image")
# Per-chroot settings as returned on GET.
CHROOT_READ_FIELDS = ("additional_packages", "additional_repos", "additional_modules", "with_opts",
                      "without_opts", "isolation", "comps_name", "delete_after_days")
CHROOT_WRITE_ONLY_FIELDS = ("bootstrap", "bootstrap_image")


def project_to_options(raw):
    """An APIv3 project as a dict in option names (``owner``, ``chroots`` ...)."""
    result = {
        "id": raw.get("id"),
        "name": raw.get("name"),
        "owner": raw.get("ownername"),
        "full_name": raw.get("full_name"),
        "chroots": sorted((raw.get("chroot_repos") or {}).keys()),
        "chroot_repos": dict(raw.get("chroot_repos") or {}),
        "persistent": raw.get("persistent"),
        "storage": raw.get("storage"),
    }
    for field in PROJECT_READ_FIELDS:
        result[field] = raw.get(field)
    for field in ("additional_repos", "packit_forge_projects_allowed"):
        result[field] = list(result[field] or [])
    return result


# Permission roles (option names = Copr's role names) and the states Copr keeps per role.
PERMISSION_ROLES = ("builder", "admin")
PERMISSION_GRANTED = "approved"
PERMISSION_NONE = "nothing"


def permissions_to_options(raw):
    """Copr's permission rows (``{user: {"admin": state, "builder": state}}``) in option names.

    ``{user: {"builder": bool, "admin": bool}}``, a role being true when Copr has it
    ``approved``; a pending ``request`` is no permission.  Users with neither role
    (rows Copr keeps once set to ``nothing``, or only requests) are left out.
    """
    result = {}
    for user, states in (raw or {}).items():
        roles = dict((role, (states or {}).get(role) == PERMISSION_GRANTED) for role in PERMISSION_ROLES)
        if any(roles.values()):
            result[user] = roles
    return result


def chroot_to_options(raw):
    """An APIv3 project chroot as a dict in option names."""
    result = {"owner": raw.get("ownername"), "project": raw.get("projectname"),
              "chroot": raw.get("mock_chroot")}
    for field in CHROOT_READ_FIELDS:
        result[field] = raw.get(field)
    for field in ("additional_packages", "additional_repos", "additional_modules", "with_opts", "without_opts"):
        result[field] = list(result[field] or [])
    return result


# Source fields: option names -> the names Copr's build and package forms take.
SOURCE_WRITE_NAMES = {
    "scm": {"type": "scm_type", "method": "source_build_method"},
    "pypi": {"package_name": "pypi_package_name", "version": "pypi_package_version"},
}
# Keys of a stored ``source_dict`` (package or build) -> option names.  SCM keeps the
# VCS type as ``type`` and the SRPM method as ``srpm_build_method`` (a package answer
# renames it back to ``source_build_method``).
SOURCE_READ_NAMES = {
    "scm": {"scm_type": "type", "source_build_method": "method", "srpm_build_method": "method"},
    "pypi": {"pypi_package_name": "package_name", "pypi_package_version": "version"},
}
# Package fields: option names -> the names of Copr's package forms (``timeout`` is the build timeout).
PACKAGE_WRITE_NAMES = {"build_timeout": "timeout"}


def distgit_name(clone_url):
    """The package name at the end of a dist-git clone URL (``.../rpms/hello.git`` -> ``hello``)."""
    name = (clone_url or "").rstrip("/").rsplit("/", 1)[-1]
    return name[:-len(".git")] if name.endswith(".git") else name


def source_to_options(source_type, source_dict, package_name=None):
    """A stored source (``source_type`` + ``source_dict``) as ``{type: canonical fields}``, None when unset.

    A dist-git source stores only its clone URL: its package name is
    ``package_name`` (a package's own name) or the URL's last part.
    """
    if source_type not in SOURCE_TYPES or not source_dict:
        return None
    names = SOURCE_READ_NAMES.get(source_type, {})
    fields = dict((names.get(key, key), value) for key, value in source_dict.items())
    if source_type == "distgit" and not fields.get("package_name"):
        fields["package_name"] = package_name or distgit_name(source_dict.get("clone_url"))
    return {source_type: canonical_source(source_type, fields)}


def package_to_options(raw, frontend_url=None, builds=()):
    """An APIv3 package in option names.

    ``builds`` names the builds asked for (``latest``, ``latest_succeeded``):
    they are returned under ``builds``, each a build in option names or None.
    """
    result = {
        "id": raw.get("id"),
        "name": raw.get("name"),
        "owner": raw.get("ownername"),
        "project": raw.get("projectname"),
        "source_type": raw.get("source_type"),
        "source": source_to_options(raw.get("source_type"), raw.get("source_dict"), raw.get("name")),
        "webhook_rebuild": raw.get("auto_rebuild"),
    }
    if builds:
        found = raw.get("builds") or {}
        result["builds"] = dict((key, build_to_options(found[key], frontend_url) if found.get(key) else None)
                                for key in builds)
    return result


# Copr's final build states (FINISHED_STATES in the frontend's helpers.py), and those of a build on its way.
BUILD_FINAL_STATES = frozenset(["succeeded", "forked", "canceled", "skipped", "failed"])
BUILD_UNFINISHED_STATES = frozenset(["importing", "pending", "starting", "running", "waiting"])


def build_web_url(frontend_url, build_id):
    """The build's page in the Copr web UI (the frontend redirects it to the owner's URL)."""
    return "%s/coprs/build/%s/" % (frontend_url.rstrip("/"), build_id)


def build_to_options(raw, frontend_url=None):
    """An APIv3 build as a dict in option names (``owner``, ``project`` ...)."""
    source = raw.get("source_package") or {}
    result = {
        "id": raw.get("id"),
        "state": raw.get("state"),
        "owner": raw.get("ownername"),
        "project": raw.get("projectname"),
        "project_dirname": raw.get("project_dirname"),
        "chroots": sorted(raw.get("chroots") or []),
        "source_package": {"name": source.get("name"), "version": source.get("version"),
                           "url": source.get("url")},
        "repo_url": raw.get("repo_url"),
        "submitter": raw.get("submitter"),
        "submitted_on": raw.get("submitted_on"),
        "started_on": raw.get("started_on"),
        "ended_on": raw.get("ended_on"),
        "is_background": raw.get("is_background"),
    }
    if frontend_url and result["id"] is not None:
        result["web_url"] = build_web_url(frontend_url, result["id"])
    return result


def build_chroot_to_options(raw):
    """An APIv3 build chroot (one chroot of one build) in option names."""
    return {"name": raw.get("name"), "state": raw.get("state"), "result_url": raw.get("result_url"),
            "started_on": raw.get("started_on"), "ended_on": raw.get("ended_on")}


# --------------------------------------------------------------------------
# Protocol backends
# --------------------------------------------------------------------------

class CoprApiV3:
    """Copr APIv3 (``/api_3/``), what copr.fedorainfracloud.org speaks."""

    name = "v3"
    # Build options the create endpoints take (APIv3 names).
    BUILD_OPTIONS = ("chroots", "exclude_chroots", "timeout", "enable_net", "background", "isolation",
                     "bootstrap", "after_build_id", "with_build_id", "project_dirname")
    # What this protocol can express, per kind (the same keys as CoprApiV1.SUPPORTED): everything
    # but the build options it does not have (APIv1's ``memory``).
    SUPPORTED = {"project": EVERY_NAME, "chroot": EVERY_NAME, "build_source": EVERY_NAME,
                 "build_option": frozenset(BUILD_OPTIONS), "build_state": EVERY_NAME, "build_query": EVERY_NAME,
                 "package": EVERY_NAME, "permissions": EVERY_NAME}
    # Read names -> names the write endpoints document (the server accepts both).
    PROJECT_WRITE_NAMES = {"additional_repos": "repos", "devel_mode": "disable_createrepo"}
    # additional_modules keeps its name: the chroot edit keeps only a list sent under that
    # name whole; a module_toggle list is space-joined and then fails validation.
    CHROOT_WRITE_NAMES = {"additional_packages": "buildroot_pkgs", "additional_repos": "repos"}
    PAGE_SIZE = 100

    def __init__(self, transport):
        self.transport = transport
        self._active_chroots = None

    @classmethod
    def unsupported(cls, kind, names):
        """The sorted option ``names`` of ``kind`` this protocol cannot express (only build options for APIv3)."""
        return unsupported_names(cls.SUPPORTED, kind, names)

    # How each write is made safe against lost answers (gateway 502/503/504, a dropped
    # connection; README "Reliability" has the table):
    # * project add: POST with exist_ok, retried; a resent add answers the project made by
    #   the lost one, and ensure() then edits what still differs.
    # * project and chroot edits: PUT of the whole wanted values, retried (same result twice).
    # * project delete: DELETE, retried; a 404 after an attempt of unknown fate means done.
    # * build submission: POST, resent by the transport only when nothing was processed
    #   ("operation in progress", connection refused); anything ambiguous goes back to
    #   copr_builds.submit_builds(), which looks for the build before resending it once.
    # * build cancel: PUT, retried; a 409 after an attempt of unknown fate is checked by
    #   the caller (the build is canceled: done).  Build delete: DELETE, 404 = done.
    # * check-before-build: POST that changes nothing, retried.
    # * package add: POST, retried; a 409 after an attempt of unknown fate means the lost
    #   one made it (read it back; the engine edits what differs).  Package edit: POST of the
    #   whole wanted source, retried.  Package delete: as project delete (404 = done).
    # * permission set: PUT of the wanted states, retried.
    # * fork: a POST that must not run twice blindly; it is not retried, and after an
    #   ambiguous answer the task says so (run it again: the destination is read first).

    def _call(self, method, path, **kwargs):
        return self.transport.request(method, "api_3/" + path, **kwargs)

    def _delete(self, path, **kwargs):
        """A DELETE; None when a retry after an attempt of unknown fate finds it gone (404): done."""
        try:
            return self._call("DELETE", path, **kwargs)
        except CoprApiError as exc:
            if exc.status == 404 and exc.after_ambiguity:
                return None
            raise

    def _get_or_none(self, path, params):
        try:
            return self._call("GET", path, params=params)
        except CoprApiError as exc:
            if exc.status == 404:
                return None
            raise

    def _all_pages(self, path, params):
        items = []
        offset = 0
        while True:
            page_params = dict(params, limit=self.PAGE_SIZE, offset=offset)
            page = self._call("GET", path, params=page_params).get("items") or []
            items.extend(page)
            if len(page) < self.PAGE_SIZE:
                return items
            offset += self.PAGE_SIZE

    @staticmethod
    def _write_body(fields, names):
        return dict((names.get(key, key), value) for key, value in fields.items())

    # general
    def whoami(self):
        return self._call("GET", "auth-check")["name"]

    def active_chroots(self):
        # Read once per module run: a project and its chroots may all need the list.
        if self._active_chroots is None:
            self._active_chroots = sorted(self._call("GET", "mock-chroots/list").keys())
        return self._active_chroots

    # projects
    def get_project(self, owner, name, chroots_hint=None):  # pylint: disable=unused-argument
        """One project in option names, or None.  ``chroots_hint`` is for APIv1: APIv3 reads the chroot set."""
        raw = self._get_or_none("project", {"ownername": owner, "projectname": name})
        return project_to_options(raw) if raw is not None else None

    def list_projects(self, owner):
        return [project_to_options(raw) for raw in self._all_pages("project/list", {"ownername": owner})]

    def search_projects(self, query):
        return [project_to_options(raw) for raw in self._all_pages("project/search", {"query": query})]

    def create_project(self, owner, name, fields):
        body = self._write_body(fields, self.PROJECT_WRITE_NAMES)
        body["name"] = name
        # exist_ok must be exactly the string "True"; it makes a retried create safe.
        raw = self._call("POST", "project/add/%s" % owner, params={"exist_ok": "True"}, body=body, retry=True)
        return project_to_options(raw)

    def edit_project(self, owner, name, fields):
        raw = self._call("PUT", "project/edit/%s/%s" % (owner, name),
                         body=self._write_body(fields, self.PROJECT_WRITE_NAMES))
        return project_to_options(raw)

    def delete_project(self, owner, name):
        """Delete a project; None when an earlier attempt of unknown fate already deleted it."""
        raw = self._delete("project/delete/%s/%s" % (owner, name), body={})
        return project_to_options(raw) if raw is not None else None

    def fork_project(self, source_owner, source_name, owner, name):
        """Create ``owner/name`` as a fork of ``source_owner/source_name``; the new project in option names.

        ``confirm`` is sent because the caller forks only after reading that the
        destination does not exist: Copr asks for it whenever *any* project of that
        name was created by the caller (a group fork named like a personal project).
        Resent only when nothing was processed (connection refused, "operation in
        progress"): a fork resent after a lost answer would fork into the project the
        first one made.
        """
        body = {"ownername": owner, "name": name, "confirm": True}
        raw = self._call("POST", "project/fork/%s/%s" % (source_owner, source_name), body=body,
                         retry=RETRY_UNPROCESSED)
        return project_to_options(raw)

    # project permissions
    def get_permissions(self, owner, project):
        """``{user: {"builder": bool, "admin": bool}}`` of a project ({} when none is set), None when it does not exist.

        Needs edit rights on the project (Copr answers 403 otherwise).
        """
        try:
            raw = self._call("GET", "project/permissions/get/%s/%s" % (owner, project))
        except CoprApiError as exc:
            if exc.status == 404 and "No permissions set" in (exc.error or ""):
                return {}
            if exc.status == 404:
                return None
            raise
        return permissions_to_options(raw.get("permissions"))

    def set_permissions(self, owner, project, changes):
        """Set roles of users: ``{user: {role: bool}}`` (only the roles given are sent; true = approved).

        Copr applies all of it or nothing; returns the users whose state changed.
        """
        body = dict((user, dict((role, PERMISSION_GRANTED if value else PERMISSION_NONE)
                                for role, value in roles.items()))
                    for user, roles in changes.items())
        return list(self._call("PUT", "project/permissions/set/%s/%s" % (owner, project), body=body)
                    .get("updated") or [])

    # project chroots
    def get_chroot(self, owner, project, chroot):
        raw = self._get_or_none("project-chroot", {"ownername": owner, "projectname": project,
                                                   "chrootname": chroot})
        return chroot_to_options(raw) if raw is not None else None

    def get_chroot_comps(self, owner, project, chroot):
        """The comps.xml stored for a project chroot, as bytes (b"" when it has none).

        APIv3 shows only ``comps_name``; the frontend serves the content on the
        page that builders download it from (``coprs_ns.chroot_view_comps``).
        """
        if owner.startswith("@"):
            prefix = "coprs/g/%s" % owner[1:]
        else:
            prefix = "coprs/%s" % owner
        return self.transport.request("GET", "%s/%s/chroot/%s/comps/" % (prefix, project, chroot), raw=True)

    def edit_chroot(self, owner, project, chroot, fields, comps_path=None):
        fields = dict(fields)
        if fields.get("additional_modules") == []:
            # An empty additional_modules list is a no-op on APIv3; "" clears it.
            fields["additional_modules"] = ""
        body = self._write_body(fields, self.CHROOT_WRITE_NAMES)
        path = "project-chroot/edit/%s/%s/%s" % (owner, project, chroot)
        if comps_path is None:
            return chroot_to_options(self._call("PUT", path, body=body))
        # comps.xml files are small: read them whole so that a retried PUT resends the content.
        with open(comps_path, "rb") as comps:
            content = comps.read()
        files = [("upload_comps", (os.path.basename(comps_path), content, "application/xml")),
                 ("json", ("json", json.dumps(body), "application/json"))]
        return chroot_to_options(self._call("PUT", path, files=files))

    # builds
    BUILD_CREATE_PATHS = {
        "url": "build/create/url", "upload": "build/create/upload", "scm": "build/create/scm",
        "pypi": "build/create/pypi", "rubygems": "build/create/rubygems", "custom": "build/create/custom",
        "distgit": "build/create/distgit", "package": "package/build",
    }
    # Option names of each source -> the names the create endpoints take.
    BUILD_SOURCE_NAMES = dict(SOURCE_WRITE_NAMES, url={"url": "pkgs"}, package={"package": "package_name"})

    def _build(self, raw):
        return build_to_options(raw, self.transport.settings.api_url)

    def get_build(self, build_id, retry=None):
        """One build, or None when Copr does not know it.  ``retry=False`` for wait loops
        that tolerate a failed poll themselves."""
        try:
            return self._build(self._call("GET", "build/%d" % int(build_id), retry=retry))
        except CoprApiError as exc:
            if exc.status == 404:
                return None
            raise

    def list_builds(self, owner, project, package=None, state=None, limit=None):
        """Builds of a project, newest first, optionally of one package and/or in one state.

        Copr filters ``status`` after its paged query (its offset counts unfiltered
        builds), so a state filter is one request, never offset paging.
        """
        params = {"ownername": owner, "projectname": project, "order": "id", "order_type": "DESC"}
        if package:
            params["packagename"] = package
        if state:
            params["status"] = state
        if state or limit:
            if limit:
                params["limit"] = int(limit)
            raws = self._call("GET", "build/list", params=params).get("items") or []
        else:
            raws = self._all_pages("build/list", params)
        builds = [self._build(raw) for raw in raws]
        builds.sort(key=lambda build: build["id"] or 0, reverse=True)
        return builds[:int(limit)] if limit else builds

    def build_pages(self, owner, project, package=None, retry=None):
        """The project's builds as pages of up to PAGE_SIZE, newest first (lazily, one request a page).

        With ``package``, Copr filters by package name in its query, so the pages
        hold only that package's builds however busy the project is.
        """
        params = {"ownername": owner, "projectname": project, "order": "id", "order_type": "DESC",
                  "limit": self.PAGE_SIZE}
        if package:
            params["packagename"] = package
        offset = 0
        while True:
            raws = self._call("GET", "build/list", params=dict(params, offset=offset), retry=retry).get("items") or []
            yield sorted((self._build(raw) for raw in raws), key=lambda build: build["id"] or 0, reverse=True)
            if len(raws) < self.PAGE_SIZE:
                return
            offset += self.PAGE_SIZE

    def poll_builds(self, owner, project, build_ids, retry=None):
        """``{id: build}`` for builds of one project, read from its build list instead of one GET each.

        Pages are read newest first down to the oldest build asked for: waiting on
        a mass rebuild of 500 builds costs 5 requests a round, not 500.  A build
        missing from the answer (deleted meanwhile) is simply absent.
        """
        wanted = set(int(build_id) for build_id in build_ids)
        found = {}
        if not wanted:
            return found
        oldest = min(wanted)
        for page in self.build_pages(owner, project, retry=retry):
            found.update((build["id"], build) for build in page if build["id"] in wanted)
            if not page or len(found) == len(wanted) or page[-1]["id"] <= oldest:
                break
        return found

    def build_chroot_states(self, owner, project, retry=None):
        """``{build_id: {chroot: state}}`` for the latest build of each package in each chroot (one request).

        Copr's monitor view; builds not yet imported (no package name) are not in it.
        """
        body = self._call("GET", "monitor", params={"ownername": owner, "projectname": project}, retry=retry)
        states = {}
        for package in body.get("packages") or []:
            for chroot, item in (package.get("chroots") or {}).items():
                if item.get("build_id") is not None:
                    states.setdefault(int(item["build_id"]), {})[chroot] = item.get("state")
        return states

    def list_build_chroots(self, build_id):
        """The chroots of a build with their states and result URLs, sorted by name."""
        raws = self._all_pages("build-chroot/list", {"build_id": int(build_id)})
        return sorted((build_chroot_to_options(raw) for raw in raws), key=lambda item: item["name"] or "")

    def get_build_source(self, build_id):
        """``{source_type, source_dict, timeout, is_background}`` of a build, None when unknown."""
        raw = self._get_or_none("build/source-build-config/%d" % int(build_id), None)
        if raw is None:
            return None
        return {"source_type": raw.get("source_type"), "source_dict": raw.get("source_dict") or {},
                "timeout": raw.get("timeout"), "is_background": raw.get("is_background")}

    def get_build_source_result(self, build_id):
        """``{state, result_url}`` of a build's SRPM phase (None when Copr cannot say)."""
        try:
            return self._call("GET", "build/source-chroot/%d" % int(build_id), retry=False)
        except CoprApiError:
            return None  # the real frontend answers 500 before the SRPM phase starts

    def _build_body(self, owner, project, source_type, source, options):
        names = self.BUILD_SOURCE_NAMES.get(source_type, {})
        body = {"ownername": owner, "projectname": project}
        for key, value in (source or {}).items():
            if value is None:
                continue
            if source_type == "custom" and key in ("builddeps", "repos") and isinstance(value, list):
                value = " ".join(value)
            body[names.get(key, key)] = value
        for key in self.BUILD_OPTIONS:
            value = (options or {}).get(key)
            if value is not None and value != []:
                body[key] = value
        return body

    def check_before_build(self, owner, project, options):
        """Copr's dry run of a build submission (permissions, chroots); raises CoprApiError."""
        body = self._build_body(owner, project, None, {}, options)
        # A dry run: it changes nothing, so it is retried like a read.
        return self._call("POST", "build/check-before-build", body=body, retry=True)

    def create_build(self, owner, project, source_type, source, options):
        """Submit a build and return the list of builds Copr created (one per URL for ``url``).

        Resent only when nothing was processed ("operation in progress", connection
        refused): a resent submission may queue a duplicate.  A failure whose fate is
        unknown (502/503/504, a dropped connection, no answer) raises CoprApiError
        with ``ambiguous`` set; copr_builds.submit_builds() handles it.  For ``upload`` the
        SRPM at ``source["path"]`` is streamed from disk in python-copr's layout: the
        file part ``pkgs`` first, then a part ``json`` holding the other fields.
        """
        if source_type not in self.BUILD_CREATE_PATHS:
            raise CoprConfigError("Unknown build source type %r" % source_type)
        path = self.BUILD_CREATE_PATHS[source_type]
        if source_type != "upload":
            raw = self._call("POST", path, body=self._build_body(owner, project, source_type, source, options),
                             retry=RETRY_UNPROCESSED)
        else:
            body = self._build_body(owner, project, source_type, {}, options)
            stream = MultipartStream([
                ("pkgs", os.path.basename(source["path"]), "application/x-rpm", {"path": source["path"]}),
                ("json", "json", "application/json", json.dumps(body)),
            ])
            try:
                raw = self._call("POST", path, data=stream, headers={"Content-Type": stream.content_type},
                                 retry=RETRY_UNPROCESSED)
            finally:
                stream.close()
        raws = raw.get("items") if "items" in raw else [raw]
        return [self._build(item) for item in raws or []]

    def cancel_build(self, build_id):
        """Cancel an unfinished build (Copr answers 409 when it is already finished).

        Retried: a resent cancel of a build the lost one canceled gets the 409, with
        ``after_ambiguity`` set on the error.
        """
        return self._build(self._call("PUT", "build/cancel/%d" % int(build_id)))

    def delete_build(self, build_id):
        """Delete a finished build (Copr answers 500 while it is unfinished); None when it is gone."""
        raw = self._delete("build/delete/%d" % int(build_id))
        return self._build(raw) if raw is not None else None

    # packages
    # GET /package/ reads its with_latest_* flags as raw strings: any value, even
    # "False", turns them on, so a flag that is off is not sent at all.
    PACKAGE_BUILD_FLAGS = (("latest", "with_latest_build"), ("latest_succeeded", "with_latest_succeeded_build"))

    def _package_params(self, params, builds):
        for key, flag in self.PACKAGE_BUILD_FLAGS:
            if key in builds:
                params[flag] = "True"
        return params

    def get_package(self, owner, project, name, builds=()):
        """One package in option names, None when Copr answers 404 (no such package, or no such project).

        ``builds``: which of ``latest`` and ``latest_succeeded`` to return with it.
        """
        params = self._package_params({"ownername": owner, "projectname": project, "packagename": name}, builds)
        raw = self._get_or_none("package", params)
        return package_to_options(raw, self.transport.settings.api_url, builds) if raw is not None else None

    def list_packages(self, owner, project, builds=()):
        """Every package of a project (all pages), sorted by name; None when the project does not exist."""
        params = self._package_params({"ownername": owner, "projectname": project}, builds)
        try:
            raws = self._all_pages("package/list", params)
        except CoprApiError as exc:
            if exc.status == 404:
                return None
            raise
        packages = [package_to_options(raw, self.transport.settings.api_url, builds) for raw in raws]
        return sorted(packages, key=lambda package: package["name"] or "")

    @staticmethod
    def _package_body(name, source, fields):
        """A package add/edit body: ``package_name``, the source and the package fields in write names.

        Edits merge the stored source into the keys not sent, so every source
        field is sent: an unset one as "" (which clears it), and the SCM type
        always (an svn package edited without ``scm_type`` becomes git).  Only
        an unset dist-git instance is left out (Copr's default, or the stored one).
        """
        body = {"package_name": name}
        if source:
            kind = list(source)[0]
            names = SOURCE_WRITE_NAMES.get(kind, {})
            for key, value in source[kind].items():
                if kind == "distgit" and key == "package_name":
                    continue  # the package's own name, sent as package_name
                if value is None:
                    if kind == "distgit" and key == "distgit":
                        continue
                    value = ""
                elif isinstance(value, (list, tuple)):
                    value = list(value) if key == "python_versions" and value else " ".join(value)
                body[names.get(key, key)] = value
        for key, value in (fields or {}).items():
            if key == "chroot_denylist" and isinstance(value, (list, tuple)):
                value = ", ".join(value)
            body[PACKAGE_WRITE_NAMES.get(key, key)] = value
        return body

    def add_package(self, owner, project, name, source, fields):
        """Create a package with ``source`` ({type: fields}) and package ``fields``; answers the package.

        Retried like an edit: a second add of the same package answers 409, so a 409 after
        an attempt whose answer was lost means the first add made it; the package is then
        read back (the engine edits what still differs, as after any create).
        """
        kind = list(source)[0]
        try:
            raw = self._call("POST", "package/add/%s/%s/%s/%s" % (owner, project, name, kind),
                             body=self._package_body(name, source, fields), retry=True)
        except CoprApiError as exc:
            if exc.status == 409 and exc.after_ambiguity:
                found = self.get_package(owner, project, name)
                if found is not None:
                    return found
            raise
        return package_to_options(raw, self.transport.settings.api_url)

    def edit_package(self, owner, project, name, source, fields):
        """Edit a package, switching it to ``source``'s type; retried like any edit (same body, same result)."""
        kind = list(source)[0]
        raw = self._call("POST", "package/edit/%s/%s/%s/%s" % (owner, project, name, kind),
                         body=self._package_body(name, source, fields), retry=True)
        return package_to_options(raw, self.transport.settings.api_url)

    def delete_package(self, owner, project, name):
        """Delete a package and all its builds (Copr refuses while one is unfinished); None when already gone."""
        body = {"ownername": owner, "projectname": project, "package_name": name}
        try:
            raw = self._call("DELETE", "package/delete", body=body)
        except CoprApiError as exc:
            if exc.status == 404:
                return None  # gone already (e.g. a retried delete that had succeeded)
            raise
        return package_to_options(raw, self.transport.settings.api_url)
