# -*- coding: utf-8 -*-
# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the copr_build and copr_build_info tasks do with a CoprModule.

Builds are events, not resources, so they do not go through ``ensure()``:
this is the Ansible side of a build task (parameters, check mode, diff,
exit), on top of the Ansible-free logic in copr_builds.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

from ansible_collections.copr.copr.plugins.module_utils.copr_api import CoprApiError, CoprError
from ansible_collections.copr.copr.plugins.module_utils import copr_builds as cb
from ansible_collections.copr.copr.plugins.module_utils.copr_sources import declared_sources
from ansible_collections.copr.copr.plugins.module_utils.rpm_header import RpmHeaderError, read_srpm_nvr

# Option name -> field name of Copr's build API.
BUILD_OPTIONS = {"chroots": "chroots", "exclude_chroots": "exclude_chroots", "build_timeout": "timeout",
                 "enable_net": "enable_net", "background": "background", "isolation": "isolation",
                 "bootstrap": "bootstrap", "after_build_id": "after_build_id", "with_build_id": "with_build_id",
                 "memory": "memory"}
# Source option -> the client's source type.
SOURCE_TYPES = {"url": "url", "srpm": "upload", "scm": "scm", "pypi": "pypi", "rubygems": "rubygems",
                "custom": "custom", "distgit": "distgit", "package": "package"}
# copr_build_info's filters of a build list.
BUILD_QUERY = ("package", "state", "limit")
# Why an APIv1 frontend answers no build list (list_builds() gave None).
V1_NO_BUILD_LIST = "(a frontend from 2014 never can, one from 2021 not until a build of the project has been imported)"


def require_supported(module):
    """Fail, before anything is sent, on a source, build option or state the Copr API in use cannot express."""
    params = module.params
    module.require_supported("build_source", dict((option, kind) for option, kind in SOURCE_TYPES.items()
                                                  if params.get(option) is not None))
    module.require_supported("build_option", dict((option, api) for option, api in BUILD_OPTIONS.items()
                                                  if params.get(option) is not None))
    if params.get("state") is not None:
        module.require_supported("build_state", {"state=%s" % params["state"]: params["state"]})


def build_sources(module):
    """The BuildSource list of the task (one per URL), after local checks."""
    params = module.params
    if params["url"] is not None:
        if not params["url"]:
            module.fail("url must list at least one URL")
        return [cb.url_source(url) for url in params["url"]]
    if params["srpm"] is not None:
        path = params["srpm"]
        if not os.path.isfile(path):
            module.fail("SRPM %s does not exist (or is not a file); nothing was submitted" % path)
        if not path.endswith(cb.SRPM_SUFFIXES):
            module.fail("SRPM %s: Copr accepts only files named *.src.rpm or *.nosrc.rpm; nothing was submitted" % path)
        try:
            header = read_srpm_nvr(path)
        except RpmHeaderError as exc:
            module.fail("%s; nothing was submitted" % exc)
        return [cb.BuildSource("upload", {"path": path}, nvr=dict((key, header[key]) for key in
                                                                  ("name", "version", "release", "epoch")))]
    for kind in declared_sources(params):
        if kind == "distgit" and not params[kind].get("package_name"):
            # Optional in the shared source spec: a package's dist-git name is its own name.
            module.fail("distgit.package_name is required to build from dist-git; nothing was submitted")
        return [cb.BuildSource(kind, dict((k, v) for k, v in params[kind].items() if v is not None))]
    return [cb.BuildSource("package", {"package": params["package"]})]


def with_chroots(module, build):
    """The build plus its per-chroot states and result URLs (one GET)."""
    label = "build %s" % (build or {}).get("id")
    return module.call("read the chroots of", label, cb.with_chroot_details, module.client, build)


def finish(module, builds, operation=None, diff=None, failure=None):
    builds = [build for build in builds if build]
    output = {"changed": operation is not None, "builds": builds}
    if len(builds) <= 1:
        output["build"] = builds[0] if builds else {}
    if operation is not None:
        output["operation"] = operation
    if diff is not None and module.diff:
        output["diff"] = diff
    if failure:
        module.fail(failure, **output)
    module.exit(**output)


def read_builds(client, builds, ids):
    """``{id: build}`` for ``ids``: one build-list read per project, a GET for any build the list missed."""
    projects = {}
    for build in builds:
        if build["id"] in ids:
            projects.setdefault((build["owner"], build["project"]), []).append(build["id"])
    found = {}
    for (owner, project), group in sorted(projects.items()):
        found.update(client.poll_builds(owner, project, group, retry=False))
    for build_id in ids:
        if build_id not in found:
            build = client.get_build(build_id, retry=False)
            if build is None:
                raise LookupError("Build %s disappeared from Copr while waiting for it" % build_id)
            found[build_id] = build
    return found


def wait_and_finish(module, builds, operation=None, diff=None):
    params = module.params
    failure = None
    if params["wait"] and builds:
        backoff = cb.Backoff(first=params["wait_interval"], ceiling=60)
        progress = None
        if module.shows_progress:
            progress = cb.BuildProgress(lambda line: module.progress("copr_build: %s" % line),
                                        lambda owner, project: module.client.build_chroot_states(owner, project,
                                                                                                 retry=False))

        def poll(ids):
            try:
                return read_builds(module.client, builds, ids)
            except CoprApiError as exc:
                if cb.is_transient(exc):
                    module.count_retry()  # wait_for_builds reads again at the next interval
                raise

        try:
            builds, unfinished, _rounds = cb.wait_for_builds(poll, builds, params["wait_timeout"], backoff=backoff,
                                                             warn=module.warn, on_round=progress)
        except (CoprApiError, LookupError) as exc:
            module.fail("Failed while waiting for builds %s: %s"
                        % (", ".join(str(b["id"]) for b in builds), exc), builds=builds, changed=operation is not None)
        if unfinished:
            states = dict((b["id"], b["state"]) for b in builds)
            failure = "Timed out after %s s waiting for builds: %s" % (
                params["wait_timeout"], ", ".join("%s (%s)" % (i, states[i]) for i in unfinished))
    builds = [with_chroots(module, build) for build in builds]
    if params["wait"] and not failure and params["fail_on_build_failure"]:
        reports = []
        for build in builds:
            if build.get("state") in ("succeeded", "forked", "skipped"):
                continue
            chroots = [dict(value, name=name) for name, value in sorted(build.get("build_chroots", {}).items())]
            source_result = None
            if not any(item["state"] == "failed" for item in chroots):
                source_result = module.client.get_build_source_result(build["id"])
            reports.append(cb.failure_report(build, chroots, source_result))
        if reports:
            failure = "; ".join(reports)
    finish(module, builds, operation, diff, failure)


def submit(module):
    params = module.params
    client = module.client
    sources = build_sources(module)
    owner = module.default_owner()
    project = params["project"]
    label = "%s/%s" % (owner, project)
    current = module.call("read", "project %s" % label, client.get_project, owner, project)
    if current is None:
        module.missing_parent("project", label, "Cannot build in project %s: it does not exist; nothing was submitted"
                              % label)
        # Check mode, the project may be created earlier in the run: what would be submitted, as declared.
        after = {"owner": owner, "project": project, "sources": [source.view() for source in sources]}
        after.update((name, params[name]) for name in ("chroots", "exclude_chroots") if params[name] is not None)
        finish(module, [], "create", {"before": {}, "after": after})
    if current["chroots"] is None:
        # The API cannot list the project's chroots yet (APIv1 before the first build),
        # nor choose chroots for a build: Copr builds in all of them.
        wanted = None
    else:
        try:
            wanted = cb.requested_chroots(current["chroots"], params["chroots"], params["exclude_chroots"])
        except ValueError as exc:
            module.fail("Cannot build in project %s: chroots %s; nothing was submitted" % (label, exc))
        if not wanted:
            module.fail("Cannot build in project %s: no chroot left after exclude_chroots; nothing was submitted"
                        % label)
    recent = module.call("list the builds of", "project %s" % label, client.list_builds, owner, project,
                         limit=1 if params["force"] else cb.SEARCH_DEPTH)
    if recent is None:
        # APIv1: a 2014 frontend has no build list, a 2021 one none until a build was imported.
        if not params["force"]:
            module.fail("Cannot tell whether project %s already has a build of this source: Copr API v%d of this "
                        "frontend cannot list the project's builds now %s, so submitting could queue a duplicate; "
                        "nothing was submitted. Set force: true to submit anyway (then every run submits a build)"
                        % (label, module.api_version, V1_NO_BUILD_LIST))
        recent = []

    existing, todo = [], []
    for source in sources:
        found = None
        if not params["force"]:
            found = module.call("search the builds of", "project %s" % label, cb.find_existing,
                                client, owner, project, source, wanted or [], recent)
        if found:
            existing.append(found)
        else:
            todo.append(source)
    if not todo:
        wait_and_finish(module, existing)

    diff = {"before": {}, "after": {"owner": owner, "project": project, "chroots": wanted,
                                    "sources": [source.view() for source in todo]}}
    if module.check_mode:
        finish(module, existing, "create", diff)

    options = dict((api, params[name]) for name, api in BUILD_OPTIONS.items() if params[name] is not None)
    kind = todo[0].kind
    if kind == "upload":
        # Copr's dry run: permissions and chroots are checked before a big file travels.
        try:
            client.check_before_build(owner, project, options)
        except CoprApiError as exc:
            module.fail("Failed to submit a build to project %s: %s; nothing was submitted" % (label, exc),
                        status=exc.status)
    policy = client.transport.retry
    try:
        created = cb.submit_builds(client, owner, project, kind, todo, options, cb.newest_id(recent), module.warn,
                                   settle=policy.settle_delay(), resend=policy.retries > 0,
                                   on_resend=module.count_retry)
    except cb.BuildSubmissionError as exc:
        module.fail(str(exc), status=exc.status, builds=existing + exc.builds, changed=bool(exc.builds))
    except CoprApiError as exc:
        # Copr's own answer (not a gateway's, not a lost connection): final.
        module.fail("Failed to submit a build to project %s: %s; nothing was submitted" % (label, exc),
                    status=exc.status)
    except CoprError as exc:
        module.fail("Failed to submit a build to project %s: %s" % (label, exc))
    wait_and_finish(module, existing + created, "create", diff)


def manage(module):
    params = module.params
    client = module.client
    build_id = params["build_id"]
    label = "build %s" % build_id
    build = module.call("read", label, client.get_build, build_id)
    if build is None:
        if params["state"] == "absent":
            finish(module, [])
        module.fail("Build %s does not exist" % build_id)
    if params["project"] and (build["project"] != params["project"] or
                              (params["owner"] and build["owner"] != params["owner"])):
        module.fail("Build %s belongs to %s/%s, not to %s/%s" % (build_id, build["owner"], build["project"],
                                                                 params["owner"] or build["owner"], params["project"]))
    final = build["state"] in cb.FINAL_STATES
    if params["state"] == "absent":
        if not final:
            module.fail("Cannot delete build %s: it is still %s; cancel it first (state: canceled)"
                        % (build_id, build["state"]), build=build, builds=[build])
        diff = {"before": build, "after": {}}
        if not module.check_mode:
            try:
                client.delete_build(build_id)
            except CoprApiError as exc:
                if exc.status != 404:
                    module.fail("Failed to delete %s: %s" % (label, exc), status=exc.status)
        finish(module, [], "delete", diff)
    if params["state"] == "canceled" and not final:
        diff = {"before": {"id": build_id, "state": build["state"]}, "after": {"id": build_id, "state": "canceled"}}
        if module.check_mode:
            finish(module, [dict(build, state="canceled")], "cancel", diff)
        try:
            client.cancel_build(build_id)
        except CoprApiError as exc:
            if exc.status != 409:
                module.fail("Failed to cancel %s: %s" % (label, exc), status=exc.status)
            # 409: it is finished.  After an attempt whose answer was lost, that attempt canceled it.
            build = module.call("read", label, client.get_build, build_id)
            if exc.after_ambiguity and build and build["state"] == "canceled":
                wait_and_finish(module, [build], "cancel", diff)
            # Otherwise it finished meanwhile; nothing to cancel.
            wait_and_finish(module, [build])
        build = module.call("read", label, client.get_build, build_id)
        wait_and_finish(module, [build], "cancel", diff)
    wait_and_finish(module, [build])


def run_build(module):
    """The copr_build task: manage build_id, else submit (or find) a build of the source; exits the module."""
    require_supported(module)
    params = module.params
    if params["build_id"] is not None:
        if params["state"]:
            module.require_credentials("%s build %s" % ("cancel" if params["state"] == "canceled" else "delete",
                                                        params["build_id"]))
        manage(module)
    if not params["project"]:
        module.fail("project is required to submit a build")
    module.require_credentials("submit a build to project %s" % params["project"])
    submit(module)


def run_build_info(module):
    """The copr_build_info task: one build by id, or the project's builds; exits the module."""
    params = module.params
    client = module.client
    if params["build_id"] is not None:
        build = module.call("read", "build %s" % params["build_id"], client.get_build, params["build_id"])
        build = with_chroots(module, build) if build else {}
        module.exit(changed=False, build=build, builds=[build] if build else [])
    if params["limit"] is not None and params["limit"] < 1:
        module.fail("limit must be 1 or more")
    module.require_supported("build_query", [name for name in BUILD_QUERY if params[name] is not None])
    owner = module.default_owner()
    label = "%s/%s" % (owner, params["project"])
    builds = module.call("list the builds of", "project %s" % label, client.list_builds, owner, params["project"],
                         package=params["package"], state=params["state"], limit=params["limit"])
    if builds is None:
        module.fail("Cannot list the builds of project %s: Copr API v%d of this frontend cannot list them now %s; "
                    "read single builds with build_id" % (label, module.api_version, V1_NO_BUILD_LIST))
    if params["chroot_details"]:
        builds = [with_chroots(module, build) for build in builds]
    module.exit(changed=False, builds=builds)
