"""Project forks: ``POST (PUT) /api_3/project/fork/<owner>/<project>``.

Follows ``ProjectFork`` in apiv3_projects.py and ``ComplexLogic.fork_copr`` /
``ProjectForking`` in logic/complex_logic.py:

* the body is ``{"ownername": <destination owner>, "name": <destination name>, "confirm": bool}``;
  ``ownername`` must be you or ``@group`` you are a member of (else ``owner: Not a valid
  choice.``), a missing ``name`` means the source project's name;
* ``confirm`` is checked against *any* live project of that name that **you created**
  (personal or group), not against the destination itself;
* a new destination copies the project settings except ``persistent``, ``auto_prune`` and
  ``contact`` (and the webhook secret), and the active chroots with all their settings;
  an existing destination keeps its settings and chroots;
* every package is copied unless the destination has one of that name (``webhook_rebuild``
  is not copied), and for each package the newest build with a ``succeeded`` or ``forked``
  chroot, per package chroot, becomes a new build in state ``forked`` with only those chroots
  (also ``forked``), keeping the submitter, times and version of the original.

The real frontend then lets the backend copy the results; here the fork is complete at once.
"""

import copy

from . import forms
from .errors import ApiError

FORK_PACKAGES_LIMIT = 1000          # config.py
FORKABLE_CHROOT_STATES = ("succeeded", "forked")


class ForkMixin:  # pylint: disable=too-few-public-methods
    """Mixed into Store: needs the project, package and build helpers of Store and BuildsMixin."""

    def _fork_form(self, user, source, raw):
        """CoprForkFormFactory: (owner, name, confirm) or a 400 with the form errors."""
        data = forms.form_data(raw, preserve=("chroots",))
        choices = [user.name] + ["@" + g for g in self.groups if g in user.groups]
        errors = forms.Errors()
        # data["owner"] = data.get("ownername"): a missing value becomes the string "None"
        owner = forms.to_str(data["ownername"]) if "ownername" in data else "None"
        if owner not in choices:
            errors.add("owner", "Not a valid choice.")
        if not owner:
            errors.add("owner", "This field is required.")
        # The field's default (the source name) stays when the body has no name.
        name = forms.to_str(data["name"]).strip() if "name" in data else source["name"]
        if not name:
            errors.add("name", "This field is required.")
        elif not forms.NAME_RE.match(name):
            errors.add("name", "Name must contain only letters, digits, underscores, dashes and dots.")
        confirm = forms.to_bool(data["confirm"]) if "confirm" in data else False
        errors.raise_if_any()
        return owner, name, confirm

    def fork_project(self, user, ownername, projectname, raw, results_url):
        with self.lock:
            source = self.get_project(ownername, projectname)
            owner, name, confirm = self._fork_form(user, source, raw)
            group = owner[1:] if owner.startswith("@") else None
            created_by_you = [p for p in self.live_projects() if p["user"] == user.name and p["name"] == name]
            if created_by_you and not confirm:
                raise ApiError(400, "You are about to fork into existing project: {0}\n"
                               "Please use --confirm if you really want to do this".format(name))
            packages = self.project_packages(source)
            if len(packages) > FORK_PACKAGES_LIMIT and not user.admin:
                raise ApiError(500, "This project is too large to be forked, it has {0} packages. Forking this "
                               "such projects is restricted because it could cause unexpected performance or "
                               "storage issues. If you would like to proceed with this action, please contact "
                               "Copr maintainers.".format(len(packages)))
            if group:
                dest = self.find_project("@" + group, name)
            else:
                dest = next((p for p in self.live_projects()
                             if p["group"] is None and p["user"] == user.name and p["name"] == name), None)
            if dest is not None and dest["storage"] != source["storage"]:
                raise ApiError(500, "Cannot fork a project from one storage to another")
            if dest is source:
                raise ApiError(400, "Source project should not be same as destination")
            if dest is None:
                dest = self._fork_project_row(user, source, name, group)
            for package in packages:
                self._fork_package(source, dest, package)
            return self.project_dict(dest, results_url)

    def _fork_project_row(self, user, source, name, group):
        project = copy.deepcopy(source)
        project.update({
            "id": self.next_project_id, "name": name, "user": user.name, "group": group,
            "ownername": "@" + group if group else user.name, "deleted": False, "permissions": {},
            "persistent": False, "auto_prune": True, "contact": None,
            "created_on": int(self.clock()), "forked_from": source["id"],
            "chroots": {},
        })
        for chroot_name in self._active_project_chroots(source):
            chroot = copy.deepcopy(source["chroots"][chroot_name])
            chroot["comps_uploads"] = 0          # the content is copied, nothing was uploaded here
            project["chroots"][chroot_name] = chroot
        self.next_project_id += 1
        self.projects.append(project)
        return project

    def _fork_package(self, source, dest, package):
        fpackage = self._find_package(dest, package["name"])
        if fpackage is None:
            fpackage = self._new_package(dest, package["name"], package["source_type"],
                                         copy.deepcopy(package["source_dict"]))
            for key in ("chroot_denylist", "max_builds", "timeout"):
                fpackage[key] = package[key]
        builds = self._package_builds(package)
        picked = {}          # PackagesLogic.last_successful_build_chroots: build id -> its chroots
        for chroot_name in self.package_chroots(source, package):
            for build in reversed(builds):
                chroot = next((c for c in build["build_chroots"] if c["name"] == chroot_name), None)
                if chroot is None or chroot["status"] not in FORKABLE_CHROOT_STATES:
                    continue
                picked.setdefault(build["id"], (build, []))[1].append(chroot)
                break
        for build, chroots in picked.values():
            self._fork_build(dest, fpackage, build, chroots)

    def _fork_build(self, dest, fpackage, build, chroots):
        fbuild = copy.deepcopy(build)
        fbuild.update({
            "id": self.next_build_id, "project_id": dest["id"], "dirname": dest["name"],
            "package_id": fpackage["id"], "import_name": fpackage["name"],
            "source_status": "forked", "source_started": True, "forced_state": None,
            "after_build_id": None, "with_build_id": None, "upload": None,
            "step": 4, "step_since": None, "fail_chroots": [],
        })
        fbuild["build_chroots"] = [
            dict(copy.deepcopy(c), status="forked", result_dir="{0:08d}-{1}".format(fbuild["id"], fpackage["name"]))
            for c in chroots]
        self.builds[fbuild["id"]] = fbuild
        self.next_build_id += 1
        return fbuild
