"""GET /api_3/monitor: the latest build of every package in every chroot of a project directory.

Like the real view (apiv3_monitor.py): ``{"output": "ok", "message": "Project
monitor request successful", "packages": [{"name", "chroots": {chroot:
{"state", "status", "build_id", "pkg_version"[, "url_build_log",
"url_backend_log"]}}}]}``, packages by name; only builds whose package is known
(imported) and only the project's active chroots appear.
"""

from .errors import ApiError

# StatusEnum of copr_common: the numeric "status" next to the state name.
STATUS_NUMBERS = {"failed": 0, "succeeded": 1, "canceled": 2, "running": 3, "pending": 4, "skipped": 5,
                  "starting": 6, "importing": 7, "forked": 8, "waiting": 9, "unknown": 1000}
ADDITIONAL_FIELDS = ("url_build_log", "url_backend_log", "url_build")


def monitor(store, ownername, projectname, project_dirname, additional_fields, results_url):
    bad = sorted(set(additional_fields) - set(ADDITIONAL_FIELDS))
    if bad:
        raise ApiError(400, "Wrong additional_fields argument(s): " + ", ".join(bad))
    with store.lock:
        project = store.get_project(ownername, projectname)
        dirname = project_dirname or project["name"]
        builds = store.project_builds(project)
        if project_dirname and not any(build["dirname"] == dirname for build in builds):
            raise ApiError(404, "Copr dir {0} doesn't exist.".format(dirname))
        active = set(store._active_project_chroots(project))  # pylint: disable=protected-access
        latest = {}
        for build in sorted(builds, key=lambda item: item["id"]):
            name = store._build_name(build)  # pylint: disable=protected-access
            if build["dirname"] != dirname or not name:
                continue
            for chroot in build["build_chroots"]:
                if chroot["name"] in active:
                    latest.setdefault(name, {})[chroot["name"]] = (build, chroot)
        packages = []
        for name in sorted(latest):
            chroots = {}
            for chroot_name, (build, chroot) in sorted(latest[name].items()):
                item = {"state": chroot["status"], "status": STATUS_NUMBERS.get(chroot["status"], 1000),
                        "build_id": build["id"], "pkg_version": build["pkg_version"]}
                result_url = store.build_chroot_dict(build, chroot, results_url)["result_url"]
                if "url_build_log" in additional_fields:
                    item["url_build_log"] = result_url + "builder-live.log.gz" if result_url else None
                if "url_backend_log" in additional_fields:
                    item["url_backend_log"] = result_url + "backend.log.gz" if result_url else None
                chroots[chroot_name] = item
            packages.append({"name": name, "chroots": chroots})
    return {"output": "ok", "message": "Project monitor request successful", "packages": packages}
