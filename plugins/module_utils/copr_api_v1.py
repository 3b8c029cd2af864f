# -*- coding: utf-8 -*-
# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Copr APIv1 (``/api/``), the legacy protocol of frontends older than September 2021.

Copr removed APIv1 in commit ``d1e30c98e`` (2021); self-hosted frontends from
before still speak only it.  Two generations are in the wild and this backend
handles both: the API the seed's notes describe (2014) and the last one (2021).
The backend learns which one it talks to from the answers (``era``) and refuses,
before sending anything, what that generation cannot do.

The same method names and return shapes as :class:`CoprApiV3` (dicts in option
names); a value v1 cannot read is ``None``.  What v1 can express at all is in
``SUPPORTED``; ``unsupported(kind, names)`` lets the module layer reject the rest
before any request.  The legacy traps this file deals with:

* every path needs its trailing slash (without it: 308 in 2021, 301 in 2014);
* a JSON body counts only with its ``Content-Type``; project create and modify
  go form-encoded, because the 2021 views read the flags (``unlisted_on_hp``,
  ``auto_prune``, ``isolation``) and the chroot set from form bodies only;
* chroots on create are ``"<chroot>": "y"`` fields; ``repos`` is one
  space-separated string, read back newline- or space-separated;
* ``modify/`` needs ``chroots`` (a space-separated string) in every call and
  replaces the set with it: the current set is read first;
* errors are HTTP 500 with ``"output": "notok"`` and an ``error`` that may be
  empty (then the message names the action and the resource); an expired token
  is a 401 (2021) or a 500 ``Login invalid/expired`` (2014): both get the renew hint;
* ``/api/coprs/<user>/new/`` ignores ``<user>``: the project lands in the
  caller's namespace, so another user's namespace is refused before sending;
* a duplicate name on create is "it exists": it is read and returned;
* ``modify/<chroot>/`` overwrites ``buildroot_pkgs`` with what is sent (2014:
  nothing sent = null), so the value to keep is always sent;
* ``new_build`` answers ``ids`` (2021) or ``id`` (2014); ``cancel_build`` is a
  POST (2021) or a GET (2014): POST first, GET when POST gives 405;
* the full-text search sees only what the server's search index holds; an
  ``owner/name`` query (``?project=``) needs no index.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

try:
    from urllib.parse import quote, urlsplit
except ImportError:  # pragma: no cover - Python 2
    from urllib import quote  # type: ignore
    from urlparse import urlsplit  # type: ignore

from ansible_collections.copr.copr.plugins.module_utils.copr_transport import (
    CoprApiError,
    CoprUnsupportedError,
    unsupported_names,
)
from ansible_collections.copr.copr.plugins.module_utils.copr_api_v3 import (
    BUILD_FINAL_STATES,
    BUILD_UNFINISHED_STATES,
    CHROOT_READ_FIELDS,
    PROJECT_READ_FIELDS,
    build_web_url,
)

# APIv1 build states are the module's state names: the seed's four (failed,
# running, pending, succeeded) and 2014's canceled among them; the 2021 frontend
# sends the APIv3 names.  Anything else is "unknown" (an anomaly).
V1_BUILD_STATES = BUILD_FINAL_STATES | BUILD_UNFINISHED_STATES

# Project fields only a form-encoded modify/ (or new/) applies on the 2021 frontend.
FORM_ONLY_FIELDS = frozenset(["chroots", "unlisted_on_hp", "auto_prune", "isolation"])
# What a 2014-era frontend takes: new/ (name, chroots, description, instructions, repos)
# and modify/ (description, instructions, repos; no chroots).
FIELDS_2014 = frozenset(["chroots", "description", "instructions", "additional_repos"])
BOOL_FIELDS = frozenset(["unlisted_on_hp", "auto_prune", "devel_mode"])
# Error texts that say nothing about what failed (2014 views): the action is added to them.
GENERAL_ERRORS = frozenset(["Invalid request", "Validation error", "API error"])


def v1_state(status):
    """An APIv1 build status as the module's state name (``unknown`` for anything else)."""
    return status if status in V1_BUILD_STATES else "unknown"


def _words(value):
    """A v1 string list (space- or newline-separated) as a list; None stays None."""
    if value is None:
        return None
    return str(value).split()


def _form_bool(value):
    # WTForms BooleanField with Copr's FALSE_VALUES (False, "false", "").
    return "true" if value else "false"


class CoprApiV1:
    """Copr APIv1 (``/api/``) of old self-hosted frontends (2014 to 2021).

    ``era`` is ``"2014"``, ``"2021"`` or None (not known yet), learned from the
    answers: a project detail with ``auto_prune`` (2021) or without (2014); a
    missing project as 404 (2021) or 500 (2014); a 401 (2021) or a 500 login
    error (2014); ``ids`` or ``id`` from ``new_build``; a 405 on POST cancel (2014).
    """

    name = "v1"
    # Option names v1 can express, per kind (what the 2021 frontend takes and shows).
    # project: enable_net/bootstrap are write-only or lossy there, homepage, contact and
    # the other APIv3 fields do not exist.  chroot: only buildroot_pkgs.  build: URL
    # builds; timeout (validated but ignored by the 2021 frontend) and memory (2014,
    # honoured for "proven" users only; sent as the form's memory_reqs).  build_state:
    # a build can be canceled, not deleted.  build_query: a build list (the monitor)
    # filtered by state and cut to a limit here, never by package.
    SUPPORTED = {
        "project": frozenset(["chroots", "description", "instructions", "additional_repos", "unlisted_on_hp",
                              "auto_prune", "devel_mode", "isolation"]),
        "chroot": frozenset(["additional_packages"]),
        "build_source": frozenset(["url"]),
        "build_option": frozenset(["timeout", "memory"]),
        "build_state": frozenset(["canceled"]),
        "build_query": frozenset(["state", "limit"]),
        # v1 had package routes only at its very end, and the seed none: packages are not managed on v1.
        "package": frozenset(),
        # APIv1 has no permissions API and no fork; neither are copr_project's fork_from,
        # permissions and permissions_exclusive in "project" above.
        "permissions": frozenset(),
    }

    def __init__(self, transport):
        self.transport = transport
        self.era = None
        # (owner, name) -> the chroot set last determined for it (see get_project).
        self._chroot_sets = {}
        self._has_build_config = None

    @classmethod
    def unsupported(cls, kind, names):
        """The sorted option ``names`` of ``kind`` v1 cannot express.

        Kinds: project, chroot (option names), build_source (url, upload, scm, ...),
        build_option (the API's names: timeout, memory, chroots, ...), build_state
        (canceled, absent) and build_query (package, state, limit).
        """
        return unsupported_names(cls.SUPPORTED, kind, names)

    # ------------------------------------------------------------------ calls
    @staticmethod
    def _path(*parts):
        """``api/<parts>/``: every APIv1 route ends with a slash."""
        return "api/" + "/".join(quote(str(part), safe="@") for part in parts) + "/"

    def _learn(self, era):
        if self.era is None:
            self.era = era

    def _call(self, method, path, what, **kwargs):
        """One request; CoprApiError messages made useful for the legacy API.

        ``what`` names the action and the resource ("modify project alice/demo"): an
        empty error text, an HTML crash page or a missing route become sentences with it.
        """
        try:
            body = self.transport.request(method, path, **kwargs)
        except CoprApiError as exc:
            raise self._explain(exc, what)
        if isinstance(body, dict) and body.get("output") == "notok":
            raise self._explain(CoprApiError(str(body.get("error") or ""), status=200, body=body), what)
        return body

    def _explain(self, exc, what):
        if exc.status is None:
            return exc
        if exc.status == 401 or str(exc.error).startswith("Login invalid/expired"):
            self._learn("2021" if exc.status == 401 else "2014")
            # Where the credentials came from and what to check: the same advice as a v3 401.
            exc.hint = self.transport.error_hint(401, None)
            if exc.status != 401 or not exc.error.strip():
                exc.error = "Copr APIv1 refused the API login and token (%s)" % (exc.error.strip() or "no reason given")
        elif isinstance(exc.body, dict):
            text = (exc.body.get("error") or "").strip()
            if not text:
                exc.error = "Copr APIv1 refused to %s and gave no reason" % what
            elif text in GENERAL_ERRORS:
                exc.error = "Copr APIv1 refused to %s: %s" % (what, text)
        elif exc.status == 404:
            exc.error = "Copr APIv1 of this frontend has no URL to %s" % what
        elif exc.status == 405:
            exc.error = "Copr APIv1 of this frontend does not take this method to %s" % what
        elif exc.status >= 500:
            exc.error = "Copr APIv1 failed to %s: the frontend crashed (it answered its HTML error page)" % what
        return exc

    def _refuse(self, message):
        raise CoprUnsupportedError("Copr APIv1: %s; nothing was sent" % message)

    def _check(self, kind, names, what):
        bad = self.unsupported(kind, names)
        if bad:
            self._refuse("cannot %s with %s (the legacy API has no such field)" % (what, ", ".join(bad)))
        if self.era == "2014" and kind == "project":
            bad = sorted(set(names) - FIELDS_2014)
            if bad:
                self._refuse("this frontend's API (2014) cannot %s with %s" % (what, ", ".join(bad)))

    # ----------------------------------------------------- not in APIv1 at all
    def fork_project(self, source_owner, source_name, owner, name):
        self._refuse("cannot fork project %s/%s into %s/%s (fork_from): the legacy API has no fork"
                     % (source_owner, source_name, owner, name))

    def get_permissions(self, owner, project):
        self._refuse("cannot read the permissions of project %s/%s: the legacy API has no permissions"
                     % (owner, project))

    def set_permissions(self, owner, project, changes):
        self._refuse("cannot set the permissions of project %s/%s: the legacy API has no permissions"
                     % (owner, project))

    # ---------------------------------------------------------------- general
    def whoami(self):
        """The user name of the settings: APIv1 cannot tell whom an API token belongs to."""
        if not self.transport.settings.username:
            self._refuse("cannot tell which user the API token belongs to; set username (the username line of "
                         "the copr-cli config file or COPR_USERNAME)")
        return self.transport.settings.username

    def active_chroots(self):
        """None: APIv1 has no list of chroots, so whether a chroot is active is unknown."""
        return None

    # --------------------------------------------------------------- projects
    def _detail(self, owner, name):
        """The ``detail`` of a project, None when it does not exist (404; 2014: a 500 saying so)."""
        try:
            raw = self._call("GET", self._path("coprs", owner, name, "detail"), "read project %s/%s" % (owner, name))
        except CoprApiError as exc:
            if isinstance(exc.body, dict) and (exc.status == 404 or (
                    exc.status == 500 and str(exc.error).endswith("does not exist."))):
                self._learn("2021" if exc.status == 404 else "2014")
                return None
            raise
        detail = raw.get("detail") or {}
        self._learn("2021" if "auto_prune" in detail else "2014")
        return detail

    def get_project(self, owner, name, chroots_hint=None):
        """One project in option names, or None when it does not exist.

        APIv1 has no list of a project's chroots.  ``yum_repos`` lists them, but a
        frontend fills it only once the project has a build (2014: a build with
        results).  Until then each chroot of ``chroots_hint`` (pass the declared set)
        is probed: ``build-config/<chroot>/`` answers only for an enabled chroot
        (2021); where that route does not exist, ``detail/<chroot>/`` (which in 2021
        also answers for a removed chroot, hence not the first choice).  ``chroots``
        is then the members of the hint, and chroots outside the hint stay unknown;
        without a hint and before the first build ``chroots`` is None.  The set found
        is remembered for edit_project, which must send the whole set.
        """
        detail = self._detail(owner, name)
        if detail is None:
            self._chroot_sets.pop((owner, name), None)
            return None
        repos = detail.get("yum_repos") or {}
        if repos:
            chroots = set(repos)
        elif chroots_hint:
            chroots = set(c for c in chroots_hint if self._is_member(owner, name, c))
        else:
            chroots = None
        if chroots is not None:
            self._chroot_sets[(owner, name)] = chroots
        return self._project(owner, name, detail, chroots)

    def _is_member(self, owner, name, chroot):
        what = "read chroot %s of project %s/%s" % (chroot, owner, name)
        if self._has_build_config is not False:
            try:
                self._call("GET", self._path("coprs", owner, name, "build-config", chroot), what)
                self._has_build_config = True
                return True
            except CoprApiError as exc:
                if exc.status is None:
                    raise
                if isinstance(exc.body, dict):
                    return False  # 500 "Chroot not found." (or the project went away)
                if exc.status != 404:
                    raise
                self._has_build_config = False  # no such route: a 2014-era frontend
        try:
            self._call("GET", self._path("coprs", owner, name, "detail", chroot), what)
            return True
        except CoprApiError as exc:
            # 404 (2021), 500 "Invalid chroot name", or the 2014 view's crash on a chroot the project lacks
            if exc.status in (404, 500):
                return False
            raise

    @staticmethod
    def _project(owner, name, detail, chroots):
        result = dict((field, None) for field in PROJECT_READ_FIELDS)
        auto_createrepo = detail.get("auto_createrepo")
        result.update({
            "id": None,
            "name": detail.get("name", name),
            "owner": owner,
            "full_name": "%s/%s" % (owner, detail.get("name", name)),
            "chroots": sorted(chroots) if chroots is not None else None,
            "chroot_repos": dict(detail.get("yum_repos") or {}),
            "persistent": detail.get("persistent"),
            "storage": None,
            "description": detail.get("description"),
            "instructions": detail.get("instructions"),
            "additional_repos": _words(detail.get("additional_repos")),
            "unlisted_on_hp": detail.get("unlisted_on_hp"),
            "auto_prune": detail.get("auto_prune"),
            "devel_mode": (not auto_createrepo) if auto_createrepo is not None else None,
            "isolation": detail.get("isolation"),
        })
        return result

    @staticmethod
    def _owner_in_repos(repos):
        """The owner part of ``<results>/<owner>/<project>/<chroot>/`` URLs, None when unknown."""
        for url in (repos or {}).values():
            parts = [p for p in urlsplit(url).path.split("/") if p]
            if len(parts) >= 3:
                return parts[-3]
        return None

    def list_projects(self, owner):
        """The projects of ``owner``.

        A user's v1 list also holds the group projects that user created, and its
        entries name no owner: entries whose ``yum_repos`` show another owner are
        dropped, and the others (no build yet) are read one by one to be sure.
        """
        body = self._call("GET", self._path("coprs", owner), "list the projects of %s" % owner)
        projects = []
        seen = set()
        for entry in body.get("repos") or []:
            name = entry.get("name")
            if name in seen:
                continue
            repo_owner = self._owner_in_repos(entry.get("yum_repos"))
            if owner.startswith("@") or repo_owner == owner:
                chroots = set(entry.get("yum_repos") or {}) or None
                projects.append(self._project(owner, name, entry, chroots))
                seen.add(name)
            elif repo_owner is None:
                project = self.get_project(owner, name)
                if project is not None:
                    projects.append(project)
                    seen.add(name)
        return projects

    def search_projects(self, query):
        """Projects found by ``query``, as far as v1 shows them (name, owner, description).

        ``owner/name`` is matched at once; any other text only finds projects the
        server's search index held at its last update (a cron job on real frontends).
        v1 names the user who created a project, also for group projects.
        """
        body = self._call("GET", "api/coprs/search/", "search projects for %r" % query, params={"project": query})
        results = []
        for entry in body.get("repos") or []:
            results.append(self._project(entry.get("username"), entry.get("coprname"), entry, None))
        return results

    def _check_namespace(self, owner, label):
        """new/ ignores a user owner: refuse anything but the caller's own namespace."""
        if owner.startswith("@"):
            if self.era == "2014":
                self._refuse("this frontend's API (2014) cannot create group project %s (it would be created in "
                             "the namespace of the API token's user)" % label)
            return
        username = self.transport.settings.username
        if not username:
            self._refuse("cannot create project %s: the legacy API creates every project in the namespace of the "
                         "API token's user and cannot tell who that is; set username" % label)
        if owner != username:
            self._refuse("cannot create project %s: the legacy API ignores the owner in the URL and would create "
                         "%s/%s (the API token belongs to %s)" % (label, username, label.split("/", 1)[1], username))

    def _form_fields(self, fields):
        form = {}
        for key, value in fields.items():
            if key == "chroots":
                continue
            if key == "additional_repos":
                form["repos"] = " ".join(value or [])
            elif key == "devel_mode":
                form["disable_createrepo"] = _form_bool(value)
            elif key in BOOL_FIELDS:
                form[key] = _form_bool(value)
            else:
                form[key] = "" if value is None else str(value)
        return form

    def create_project(self, owner, name, fields):
        """Create a project (form-encoded new/, chroots as ``<chroot>=y``) and return it as read back.

        A duplicate name means the project exists: it is read and returned unchanged,
        like APIv3's ``exist_ok``.  Refused before sending: unsupported fields, no
        chroots, a user namespace other than the caller's (``username``).
        """
        label = "%s/%s" % (owner, name)
        self._check("project", fields, "create project %s" % label)
        chroots = list(fields.get("chroots") or [])
        if not chroots:
            self._refuse("cannot create project %s without chroots" % label)
        self._check_namespace(owner, label)
        form = self._form_fields(fields)
        form["name"] = name
        for chroot in chroots:
            form[chroot] = "y"
        try:
            # Safe to retry: a create that got through answers "already" the second time.
            self._call("POST", self._path("coprs", owner, "new"), "create project %s" % label, data=form, retry=True)
        except CoprApiError as exc:
            if exc.status != 500 or not ("already have project named" in exc.error or "already exists" in exc.error):
                raise
            existing = self.get_project(owner, name, chroots_hint=chroots)
            if existing is None:
                if owner.startswith("@"):
                    exc.hint = ("the legacy API also refuses a group project named like one of your own projects; "
                                "rename it or use APIv3")
                raise
            return existing
        project = self.get_project(owner, name, chroots_hint=chroots)
        if project is None:
            raise CoprApiError("Copr APIv1 said it created project %s, but it cannot be read back" % label,
                               hint="the API token may belong to another user than username %s, in whose "
                                    "namespace the project was then created" % self.transport.settings.username)
        self._verify(project, fields, "create project %s" % label)
        return project

    def _verify(self, project, fields, what):
        """A field written but absent from the read-back: this frontend ignored it."""
        ignored = sorted(key for key in fields if key in project and project[key] is None and fields[key] is not None)
        if ignored:
            raise CoprApiError("Copr APIv1 of this frontend ignored %s when asked to %s (the rest was done): "
                               "it cannot set them" % (", ".join(ignored), what))

    def _current_chroots(self, owner, name, label):
        known = self._chroot_sets.get((owner, name))
        if known is not None:
            return known
        detail = self._detail(owner, name)
        if detail is None:
            raise CoprApiError("Project %s does not exist" % label, status=404)
        if detail.get("yum_repos"):
            return set(detail["yum_repos"])
        return None

    def edit_project(self, owner, name, fields):
        """Change a project with modify/ and return it as read back.

        ``chroots``, ``unlisted_on_hp``, ``auto_prune`` and ``isolation`` need a
        form-encoded body, which also replaces the chroot set: the set sent is
        ``fields["chroots"]`` or the current one (from ``yum_repos`` or the last
        get_project with a hint); when it is unknown the edit is refused before
        sending.  The other fields go as JSON, whose ``chroots`` no APIv1 version
        read (it must be there, or the 2021 view crashes).
        """
        label = "%s/%s" % (owner, name)
        self._check("project", fields, "change project %s" % label)
        if self.era == "2014" and "chroots" in fields:
            self._refuse("this frontend's API (2014) cannot change the chroots of project %s" % label)
        if not fields:
            return self.get_project(owner, name)
        chroots = fields.get("chroots")
        if chroots is None:
            chroots = self._current_chroots(owner, name, label)
        path = self._path("coprs", owner, name, "modify")
        what = "modify project %s" % label
        if set(fields) & FORM_ONLY_FIELDS:
            if chroots is None:
                self._refuse("cannot change %s of project %s: a legacy edit of them replaces the chroot set, and "
                             "the set is unknown before the project's first build; declare the project's chroots"
                             % (", ".join(sorted(set(fields) & FORM_ONLY_FIELDS)), label))
            form = self._form_fields(fields)
            form["chroots"] = " ".join(sorted(chroots))
            answer = self._call("POST", path, what, data=form)
            if "chroots" in fields and "chroots" not in answer:
                self._learn("2014")
                raise CoprApiError("Copr APIv1 of this frontend ignored chroots when asked to %s: it cannot change "
                                   "a project's chroots" % what)
        else:
            body = {}
            for key, value in fields.items():
                if key == "additional_repos":
                    body["repos"] = " ".join(value or [])
                elif key == "devel_mode":
                    body["disable_createrepo"] = bool(value)
                else:
                    body[key] = value
            body["chroots"] = " ".join(sorted(chroots or []))
            self._call("POST", path, what, body=body)
        hint = set(chroots or []) | set(self._chroot_sets.get((owner, name)) or [])
        project = self.get_project(owner, name, chroots_hint=sorted(hint) or None)
        if project is None:
            raise CoprApiError("Project %s does not exist" % label, status=404)
        self._verify(project, fields, what)
        return project

    def delete_project(self, owner, name):
        """Delete a project (2021 only) and return it as it was."""
        label = "%s/%s" % (owner, name)
        if self.era == "2014":
            self._refuse("this frontend's API (2014) cannot delete projects")
        project = self.get_project(owner, name)
        if project is None:
            raise CoprApiError("Project %s does not exist" % label, status=404)
        self._call("POST", self._path("coprs", owner, name, "delete"), "delete project %s" % label,
                   body={"verify": "yes"})
        self._chroot_sets.pop((owner, name), None)
        return project

    # -------------------------------------------------------- project chroots
    def get_chroot(self, owner, project, chroot):
        """A project chroot (only ``additional_packages`` is known to v1), or None.

        None when the project or the chroot is unknown.  A 2021 frontend still
        answers for a chroot removed from the project: membership is get_project's.
        """
        what = "read chroot %s of project %s/%s" % (chroot, owner, project)
        try:
            raw = self._call("GET", self._path("coprs", owner, project, "detail", chroot), what)
        except CoprApiError as exc:
            # 404 (2021); 2014: 500 "Invalid copr name or username" / "Invalid chroot name", or its crash
            if exc.status in (404, 500) and (exc.status == 404 or self.era == "2014" or isinstance(exc.body, dict)):
                return None
            raise
        return self._chroot(owner, project, chroot, raw.get("buildroot_pkgs"))

    @staticmethod
    def _chroot(owner, project, chroot, buildroot_pkgs):
        result = {"owner": owner, "project": project, "chroot": chroot}
        for field in CHROOT_READ_FIELDS:
            result[field] = None
        result["additional_packages"] = _words(buildroot_pkgs) or []
        return result

    def get_chroot_comps(self, owner, project, chroot):
        self._refuse("has no comps.xml")

    def edit_chroot(self, owner, project, chroot, fields, comps_path=None):
        """Set ``additional_packages`` of a project chroot (modify/<chroot>/).

        That call overwrites buildroot_pkgs with what is sent (a 2014 frontend sets
        it to null when nothing is), so the value to keep is always sent.  A 2021
        frontend also blanks the chroot's with_opts, without_opts and module toggles
        on every such call (``update_chroot()`` defaults); v1 cannot avoid that.
        """
        label = "chroot %s of project %s/%s" % (chroot, owner, project)
        self._check("chroot", fields, "change %s" % label)
        if comps_path is not None:
            self._refuse("cannot upload a comps.xml")
        if "additional_packages" not in fields:
            # Nothing else passes _check: nothing to send.
            current = self.get_chroot(owner, project, chroot)
            if current is None:
                raise CoprApiError("%s does not exist" % label[0].upper() + label[1:], status=404)
            return current
        packages = list(fields["additional_packages"] or [])
        answer = self._call("POST", self._path("coprs", owner, project, "modify", chroot), "modify %s" % label,
                            body={"buildroot_pkgs": " ".join(packages)})
        return self._chroot(owner, project, chroot, answer.get("buildroot_pkgs"))

    # ----------------------------------------------------------------- builds
    def _build(self, build_id, raw, owner=None, project=None):
        chroots = raw.get("chroots")
        result = {
            "id": int(build_id),
            "state": v1_state(raw.get("status") if "status" in raw else raw.get("state")),
            "owner": raw.get("owner", owner),
            "project": raw.get("project", project),
            "project_dirname": raw.get("project_dirname"),
            "chroots": sorted(chroots) if chroots is not None else [],
            "source_package": {"name": None, "version": raw.get("src_version", raw.get("pkg_version")),
                               "url": raw.get("src_pkg")},
            "repo_url": raw.get("results"),
            "submitter": raw.get("submitted_by"),
            "submitted_on": raw.get("submitted_on"),
            "started_on": raw.get("started_on"),
            "ended_on": raw.get("ended_on"),
            "is_background": None,
            "web_url": build_web_url(self.transport.settings.api_url, build_id),
        }
        return result

    def _build_detail(self, build_id, retry=None):
        what = "read build %s" % build_id
        try:
            return self._call("GET", self._path("coprs", "build_detail", int(build_id)), what, retry=retry)
        except CoprApiError as exc:
            if exc.status == 404 and isinstance(exc.body, dict):
                return None
            raise

    def get_build(self, build_id, retry=None):
        """One build, or None when Copr does not know it (a 2014 frontend tells only owner, project, status)."""
        raw = self._build_detail(build_id, retry)
        return self._build(build_id, raw) if raw is not None else None

    def list_build_chroots(self, build_id):
        """The chroots of a build with their states (2021; a 2014 frontend has none to show)."""
        raw = self._build_detail(build_id) or {}
        results = raw.get("results_by_chroot") or {}
        return sorted(({"name": name, "state": v1_state(state), "result_url": results.get(name),
                        "started_on": None, "ended_on": None}
                       for name, state in (raw.get("chroots") or {}).items()), key=lambda item: item["name"])

    def get_build_source(self, build_id):
        """``{source_type, source_dict}`` of a URL build as v1 shows it (None when it cannot)."""
        raw = self._build_detail(build_id)
        if not raw or not raw.get("src_pkg"):
            return None
        return {"source_type": "link", "source_dict": {"url": raw["src_pkg"]}, "timeout": None,
                "is_background": None}

    def get_build_source_result(self, build_id):
        """None: APIv1 does not show the SRPM phase."""
        return None

    def list_builds(self, owner, project, package=None, state=None, limit=None):
        """The project's builds, newest first; None when this frontend cannot list them now.

        The only v1 listing is ``monitor/`` (2021): every build with its state and
        submitted URL (``source_package.url``), but chroots only where the build is
        its package's newest in that chroot, and no package names (the real view
        pairs them with the wrong results).  The 2021 view crashes until a build of
        the project has been imported: if the project has no build at all
        (``yum_repos`` empty) that is ``[]``, else None.  A 2014 frontend has no
        monitor: None.  ``package`` cannot be filtered on (refused).
        """
        label = "%s/%s" % (owner, project)
        if package:
            self._refuse("cannot list the builds of one package (project %s)" % label)
        what = "list the builds of project %s" % label
        try:
            raw = self._call("GET", self._path("coprs", owner, project, "monitor"), what)
        except CoprApiError as exc:
            if exc.status is None or isinstance(exc.body, dict) or exc.status not in (404, 500):
                raise
            if exc.status == 404:
                return None  # no monitor route: a 2014-era frontend
            detail = self._detail(owner, project)
            if detail is None:
                raise CoprApiError("Project %s does not exist" % label, status=404)
            return [] if self.era == "2021" and not detail.get("yum_repos") else None
        chroots = {}
        for entry in raw.get("packages") or []:
            for chroot, result in (entry.get("results") or {}).items():
                chroots.setdefault(result.get("build_id"), set()).add(chroot)
        builds = []
        for item in raw.get("builds") or []:
            # "status" is StatusEnum's number here; "state" is the name.
            build = self._build(item["id"], dict(item, status=item.get("state"),
                                                 chroots=sorted(chroots.get(item["id"], []))), owner, project)
            builds.append(build)
        builds.sort(key=lambda build: build["id"], reverse=True)
        if state:
            builds = [build for build in builds if build["state"] == state]
        return builds[:int(limit)] if limit else builds

    def build_pages(self, owner, project, package=None, retry=None):  # pylint: disable=unused-argument
        """The project's builds as one page (newest first), or no page when this frontend cannot list them.

        APIv1 has neither paging nor a package filter, and its builds carry no package
        name: with ``package`` the same whole list comes back, for the caller's own
        matching (an idempotency search by URL still finds a build older than the
        first ``limit`` builds it looked at).
        """
        builds = self.list_builds(owner, project)
        if builds:
            yield builds

    def poll_builds(self, owner, project, build_ids, retry=None):  # pylint: disable=unused-argument
        """``{id: build}`` for the builds asked for: one ``build_detail`` each.

        The only v1 build list (the 2021 monitor) cannot be read until a build has
        been imported, and a 2014 frontend has none; a build Copr no longer knows is absent.
        """
        found = {}
        for build_id in build_ids:
            build = self.get_build(build_id, retry=retry)
            if build is not None:
                found[build["id"]] = build
        return found

    def build_chroot_states(self, owner, project, retry=None):  # pylint: disable=unused-argument
        """``{}``: APIv1 has no per-chroot states of a project's builds in one request (progress shows build states)."""
        return {}

    def check_before_build(self, owner, project, options):
        self._refuse("has no dry run of a build submission")

    def create_build(self, owner, project, source_type, source, options):
        """Submit URL builds (new_build/) and return them as read back.

        Never retried (a resent submission queues duplicates).  A 2021 frontend makes
        one build per URL and answers ``ids``; a 2014 one makes one build of all the
        URLs and answers ``id``.
        """
        label = "%s/%s" % (owner, project)
        self._check("build_source", [source_type], "build in project %s" % label)
        options = dict((k, v) for k, v in (options or {}).items() if v is not None and v != [])
        self._check("build_option", options, "build in project %s" % label)
        urls = list(source.get("url") or [])
        if not urls:
            self._refuse("cannot build in project %s without a URL" % label)
        body = {"pkgs": " ".join(urls)}
        if "timeout" in options:
            body["timeout"] = int(options["timeout"])
        if "memory" in options:
            body["memory_reqs"] = int(options["memory"])
        answer = self._call("POST", self._path("coprs", owner, project, "new_build"), "build in project %s" % label,
                            body=body, retry=False)
        if "ids" in answer:
            self._learn("2021")
            ids = answer["ids"]
        else:
            self._learn("2014")
            ids = [answer["id"]]
        builds = []
        for build_id in ids:
            build = self.get_build(build_id)
            builds.append(build if build is not None else self._build(build_id, {"status": "pending"}, owner, project))
        return builds

    def cancel_build(self, build_id):
        """Cancel a build: POST (2021), or GET when POST is refused with 405 (2014); returns it read back."""
        path = self._path("coprs", "cancel_build", int(build_id))
        what = "cancel build %s" % build_id
        try:
            self._call("POST", path, what, retry=False)
        except CoprApiError as exc:
            if exc.status != 405:
                raise
            self._learn("2014")
            self._call("GET", path, what, retry=False)
        return self.get_build(build_id)

    def delete_build(self, build_id):
        self._refuse("the v1 backend does not delete builds")
