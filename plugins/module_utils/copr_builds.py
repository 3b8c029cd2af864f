# -*- coding: utf-8 -*-
# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Build logic of copr_build that needs no Ansible: sources, idempotency, waiting.

Builds are events, not resources: Copr queues a new build for every
submission.  What makes ``copr_build`` idempotent is a search among the
project's recent builds for one of the same source that succeeded, was forked
or is still on its way in the requested chroots (:func:`find_existing`).

How "the same source" is decided, per source type:

* ``url``: the same URL (``source_package.url``), or, once Copr has imported
  the SRPM, the same package name and version-release as parsed from the URL's
  file name (``name-version-release.src.rpm``).  A ``.spec`` URL matches by URL.
* ``upload`` (a local SRPM): the same name and ``[epoch:]version-release`` as
  read from the SRPM's header; before Copr has imported a build (name and
  version still null) the uploaded file name is compared instead.
* ``scm``: the same clone URL, committish, subdirectory, spec and VCS type (a
  branch is compared as a name, not resolved to a commit).
* ``pypi``: the same PyPI name and version (no version = "latest", which
  matches a build that was also submitted without a version).
* ``rubygems``: the same gem name (Copr's rubygems source has no version).
* ``custom``: the same script, chroot, build dependencies, result directory
  and repositories (an unset chroot is Copr's fedora-latest-x86_64, and
  fedora-latest-<arch> also matches the fedora-<N>-<arch> Copr resolved it to).
* ``distgit``: the same package name, namespace and committish, and dist-git
  instance when one is declared.
* ``package``: a build of that package (``source_package.name``) made from the
  package's current source, the whole of it (read once with the package); a
  package without a source (or unknown) matches by name alone.

Fields are compared in copr_sources' canonical form (what Copr stores).
Sources other than url/upload are only visible through
``/build/source-build-config/<id>``, one GET per candidate build; candidates
are first narrowed by state, chroots and (for packages) name, and the search
stops at the first hit.

The search looks at the project's newest builds first (where a build still
being imported has no package name yet), then asks Copr for the builds of the
package the source produces (:meth:`BuildSource.package_names`), so an older
build is found however many builds of other packages a busy project holds.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import fnmatch
import os
import posixpath
import re
import time

from ansible_collections.copr.copr.plugins.module_utils.copr_api import (
    BUILD_FINAL_STATES,
    BUILD_UNFINISHED_STATES,
    source_to_options,
)
from ansible_collections.copr.copr.plugins.module_utils.copr_sources import comparable_source

try:
    from urllib.parse import unquote, urlparse
except ImportError:  # pragma: no cover - Python 2
    from urlparse import urlparse  # type: ignore
    from urllib import unquote  # type: ignore

from ansible_collections.copr.copr.plugins.module_utils.copr_transport import CoprApiError, CoprError

FINAL_STATES = BUILD_FINAL_STATES
# A build in one of these states is still on its way.
UNFINISHED_STATES = BUILD_UNFINISHED_STATES
# Chroot states that count as "already built (or being built)" for idempotency.
GOOD_CHROOT_STATES = frozenset(["succeeded", "forked"]) | UNFINISHED_STATES
# How many of the newest builds the idempotency search looks at.
SEARCH_DEPTH = 100
# Then, per package name the source produces, how many pages (of 100) of that package's builds.
PACKAGE_PAGES = 10
# How many source configurations it may fetch (one GET each) before giving up.
SOURCE_LOOKUPS = 25

SRPM_SUFFIXES = (".src.rpm", ".nosrc.rpm")

# Source type -> the names Copr's source-build-config uses for the source's identity.
SOURCE_TYPE_NAMES = {"url": "link", "upload": "upload", "scm": "scm", "pypi": "pypi", "rubygems": "rubygems",
                     "custom": "custom", "distgit": "distgit", "package": None}


def url_file_name(url):
    """The file name at the end of a URL's path (percent-decoded), '' when there is none."""
    return posixpath.basename(unquote(urlparse(url).path))


def nvr_from_file_name(file_name):
    """(name, version, release) from ``name-version-release.src.rpm``, None when it is not one."""
    for suffix in SRPM_SUFFIXES:
        if file_name.endswith(suffix):
            stem = file_name[:-len(suffix)]
            parts = stem.rsplit("-", 2)
            if len(parts) == 3 and all(parts):
                return tuple(parts)
            return None
    return None


def _split_epoch(version):
    """'2:1.0-1' -> ('2', '1.0-1'); '1.0-1' -> (None, '1.0-1')."""
    if version and ":" in version:
        epoch, rest = version.split(":", 1)
        return (epoch if epoch not in ("", "0") else None), rest
    return None, version


def same_version(build_version, name_version, epoch=None):
    """Whether Copr's ``source_package.version`` equals ``version-release`` (with ``epoch`` if known).

    Copr writes ``[epoch:]version-release``; a build without epoch matches
    when the epoch is unknown (a URL's file name carries none).
    """
    build_epoch, build_vr = _split_epoch(build_version)
    if build_vr != name_version:
        return False
    if epoch in (None, 0, "0"):
        return build_epoch is None or epoch is None
    return build_epoch is None or build_epoch == str(epoch)


# The fields that make a build "of the same source" (how the SRPM is made, or which Python
# versions pyp2rpm targets, do not): compared in copr_sources' canonical form.
BUILD_IDENTITY = {
    "scm": ("clone_url", "committish", "subdirectory", "spec", "type"),
    "pypi": ("package_name", "version"),
    "rubygems": ("gem_name",),
    "custom": ("script", "chroot", "builddeps", "resultdir", "repos"),
    "distgit": ("package_name", "distgit", "namespace", "committish"),
}
# Copr resolves a script chroot fedora-latest-<arch> to the newest Fedora when it creates the build.
FEDORA_LATEST = re.compile(r"^fedora-latest-(.+)$")


def same_source(expected, built, keys=None):
    """Whether the source a build was made from (``built``) is ``expected`` (both ``{type: fields}``).

    ``keys``: the fields compared (default all); the dist-git instance only when
    ``expected`` has one; an expected script chroot ``fedora-latest-<arch>`` also
    matches ``fedora-<N>-<arch>`` (Copr resolved it when it created the build).
    """
    if not expected or not built or list(expected) != list(built):
        return False
    kind = list(expected)[0]
    want = comparable_source(expected)[kind]
    have = comparable_source(built)[kind]
    latest = FEDORA_LATEST.match(want.get("chroot") or "") if kind == "custom" else None
    if latest and re.match(r"^fedora-\d+-%s$" % re.escape(latest.group(1)), have.get("chroot") or ""):
        have["chroot"] = want["chroot"]
    return all(want[key] == have[key] for key in (keys or want))


class BuildSource:
    """One submission: a source type, its fields (option names) and how to recognise it.

    ``kind`` is url, upload, scm, pypi, rubygems, custom, distgit or package;
    ``fields`` is what goes to CoprApiV3.create_build; ``nvr`` is
    ``{name, version, release, epoch}`` when known (SRPM header, URL file name).
    """

    def __init__(self, kind, fields, nvr=None):
        self.kind = kind
        self.fields = fields
        self.nvr = nvr
        # kind "package": the package's own source ({type: fields}) once read (resolve_package); None when
        # it has none (or does not exist), and builds are then matched by package name alone.
        self.package_source = None
        self.package_resolved = False

    def resolve_package(self, client, owner, project):
        """For a ``package`` source, read the package's source once (one request)."""
        if self.kind != "package" or self.package_resolved:
            return
        package = client.get_package(owner, project, self.fields["package"])
        self.package_source = package["source"] if package else None
        self.package_resolved = True

    @property
    def needs_source_config(self):
        return self.kind not in ("url", "upload", "package")

    def describe(self):
        """A short human description for messages and the diff."""
        fields = self.fields
        if self.kind == "url":
            return fields["url"][0]
        if self.kind == "upload":
            return fields["path"]
        if self.kind == "scm":
            return "%s%s" % (fields["clone_url"], "@" + fields["committish"] if fields.get("committish") else "")
        if self.kind == "pypi":
            return "pypi:%s%s" % (fields["package_name"], "==" + fields["version"] if fields.get("version") else "")
        if self.kind == "rubygems":
            return "rubygems:%s" % fields["gem_name"]
        if self.kind == "distgit":
            return "distgit:%s%s" % (fields["package_name"], "@" + fields["committish"] if fields.get("committish") else "")
        if self.kind == "package":
            return "package:%s" % fields["package"]
        return "custom script"

    def view(self):
        """The source for return values and diffs: its type and fields (no local reads)."""
        return {"source_type": self.kind, "source": dict(self.fields), "package": self.nvr}

    def package_names(self):
        """The names Copr's package for this source probably has, most likely first ([] when unknowable).

        Copr names the package after the imported spec's Name; this is what the
        source says of it: the SRPM's name, the package or dist-git name, PyPI's
        ``python-<name>``, ``rubygem-<gem>``, an SCM spec file or repository name.
        """
        fields = self.fields
        if self.kind in ("url", "upload"):
            names = [self.nvr["name"]] if self.nvr else []
        elif self.kind == "package":
            names = [fields["package"]]
        elif self.kind == "distgit":
            names = [fields["package_name"]]
        elif self.kind == "pypi":
            name = fields["package_name"]
            names = ["python-" + name, "python-" + name.lower(), "python-" + re.sub(r"[-_.]+", "-", name).lower()]
        elif self.kind == "rubygems":
            names = ["rubygem-" + fields["gem_name"]]
        elif self.kind == "scm":
            if fields.get("spec"):
                names = [posixpath.basename(fields["spec"])[:-len(".spec")] if fields["spec"].endswith(".spec")
                         else posixpath.basename(fields["spec"])]
            else:
                names = [re.sub(r"\.git$", "", (fields.get("clone_url") or "").rstrip("/").rsplit("/", 1)[-1])]
        else:
            names = []
        unique = []
        for name in names:
            if name and name not in unique:
                unique.append(name)
        return unique

    # --- matching ----------------------------------------------------------
    def matches_build(self, build):
        """True/False when the build dict alone decides; None when the source config is needed."""
        package = build.get("source_package") or {}
        if self.kind == "url":
            url = self.fields["url"][0]
            if package.get("url") == url:
                return True
            if self.nvr and package.get("name") and package.get("version"):
                return (package["name"] == self.nvr["name"] and
                        same_version(package["version"], "%s-%s" % (self.nvr["version"], self.nvr["release"])))
            return False
        if self.kind == "upload":
            if package.get("name") and package.get("version"):
                return (package["name"] == self.nvr["name"] and
                        same_version(package["version"], "%s-%s" % (self.nvr["version"], self.nvr["release"]),
                                     self.nvr.get("epoch")))
            # Not imported yet: Copr keeps the uploaded file's name in the URL.
            return bool(package.get("url")) and url_file_name(package["url"]) == os.path.basename(self.fields["path"])
        if self.kind == "package":
            if package.get("name") != self.fields["package"]:
                return False
            # Of the package's current source, as far as the build's source configuration says.
            return None if self.package_source else True
        return None  # only the build's source configuration can tell

    def matches_source_config(self, config):
        """Whether Copr's source-build-config (``{source_type, source_dict}``) is this source.

        For a package: the package's whole current source; otherwise the fields
        in BUILD_IDENTITY, as the build's task declares them.
        """
        if not config:
            return False
        if self.kind == "package":
            expected, keys = self.package_source, None
        elif self.kind in BUILD_IDENTITY:
            expected, keys = {self.kind: self.fields}, BUILD_IDENTITY[self.kind]
        else:
            return False
        if not expected:
            return False
        kind = list(expected)[0]
        if config.get("source_type") != SOURCE_TYPE_NAMES[kind]:
            return False
        name = self.fields["package"] if self.kind == "package" else None
        return same_source(expected, source_to_options(kind, config.get("source_dict"), name), keys)


def url_source(url):
    """A BuildSource for one SRPM or spec URL."""
    nvr = nvr_from_file_name(url_file_name(url))
    return BuildSource("url", {"url": [url]},
                       nvr=dict(zip(("name", "version", "release"), nvr), epoch=None) if nvr else None)


# --------------------------------------------------------------------------
# Chroots
# --------------------------------------------------------------------------

def requested_chroots(project_chroots, chroots=None, exclude_chroots=None):
    """The chroots a submission builds in, resolved like Copr does (fnmatch patterns).

    Raises ValueError naming a pattern that matches none of the project's chroots.
    """
    project_chroots = sorted(project_chroots)
    selected = set()
    unknown = []
    for pattern in chroots or []:
        found = fnmatch.filter(project_chroots, pattern)
        if not found:
            unknown.append(pattern)
        selected.update(found)
    if unknown:
        raise ValueError("%s not enabled in the project (its chroots: %s)"
                         % (", ".join(unknown), ", ".join(project_chroots) or "none"))
    if not chroots:
        selected = set(project_chroots)
    for pattern in exclude_chroots or []:
        selected -= set(fnmatch.filter(sorted(selected), pattern))
    return sorted(selected)


def covers(build, wanted, chroot_states=None):
    """Whether ``build`` succeeded, was forked or is still running in every chroot of ``wanted``.

    ``chroot_states`` is ``{chroot: state}`` when known (needed for a failed
    build, which may have succeeded in the chroots asked for now).
    """
    state = build.get("state")
    build_chroots = set(build.get("chroots") or [])
    if state in UNFINISHED_STATES and not build_chroots:
        return True  # chroots are created after the SRPM import; Copr builds in what was asked
    if not set(wanted) <= build_chroots:
        return False
    if state in ("succeeded", "forked") or state in UNFINISHED_STATES:
        return True
    if state == "failed" and chroot_states is not None:
        return all(chroot_states.get(name) in GOOD_CHROOT_STATES for name in wanted)
    return False


def find_existing(client, owner, project, source, wanted, builds=None):
    """The newest build of ``source`` that covers the ``wanted`` chroots, or None.

    ``builds`` are the project's newest builds (newest first); read when not given.
    When they hold no match, the builds of each package name the source may
    produce are read (newest first, at most PACKAGE_PAGES pages each): a bounded
    number of requests, whatever the size of the project.
    """
    if builds is None:
        builds = client.list_builds(owner, project, limit=SEARCH_DEPTH)
    source.resolve_package(client, owner, project)
    search = _Search(client, source, wanted)
    found = search.first(builds)
    if found is not None or len(builds) < SEARCH_DEPTH:
        return found  # fewer than SEARCH_DEPTH builds: that was the whole project
    for name in source.package_names():
        pages = client.build_pages(owner, project, package=name)
        for dummy in range(PACKAGE_PAGES):
            page = next(pages, None)
            if not page:
                break
            found = search.first(page)
            if found is not None:
                return found
    return None


class _Search:
    """One idempotency search: the builds already judged, and the source lookups left."""

    def __init__(self, client, source, wanted):
        self.client = client
        self.source = source
        self.wanted = wanted
        self.seen = set()
        self.lookups = 0

    def first(self, builds):
        """The first build of ``builds`` (newest first) that is this source and covers the chroots."""
        for build in builds:
            if build["id"] in self.seen:
                continue
            self.seen.add(build["id"])
            if self.matches(build):
                return build
        return None

    def matches(self, build):
        wanted = self.wanted
        if build.get("state") not in GOOD_CHROOT_STATES and build.get("state") != "failed":
            return False
        if not set(wanted) <= set(build.get("chroots") or []) and not (
                build.get("state") in UNFINISHED_STATES and not build.get("chroots")):
            return False
        verdict = self.source.matches_build(build)
        if verdict is None:
            if self.lookups >= SOURCE_LOOKUPS:
                return False
            self.lookups += 1
            verdict = self.source.matches_source_config(self.client.get_build_source(build["id"]))
        if not verdict:
            return False
        states = None
        if build.get("state") == "failed":
            states = dict((item["name"], item["state"]) for item in self.client.list_build_chroots(build["id"]))
        return covers(build, wanted, states)


def newest_id(builds):
    return max([build["id"] for build in builds] or [0])


def find_after_ambiguity(client, owner, project, sources, after_id):
    """Builds of ``sources`` that appeared after build ``after_id`` (a submission whose fate is unknown)."""
    found = []
    for build in client.list_builds(owner, project, limit=SEARCH_DEPTH) or []:  # None: cannot tell (APIv1)
        if build["id"] <= after_id:
            continue
        for source in sources:
            verdict = source.matches_build(build)
            if verdict is None:
                verdict = source.matches_source_config(client.get_build_source(build["id"]))
            if verdict:
                found.append(build)
                break
    return sorted(found, key=lambda build: build["id"])


def match_new_builds(client, owner, project, sources, after_id):
    """``{index in sources: build}``: for each source, the oldest build of it newer than build ``after_id``."""
    matched = {}
    configs = {}
    builds = sorted(client.list_builds(owner, project, limit=SEARCH_DEPTH), key=lambda build: build["id"])
    for build in builds:
        if build["id"] <= after_id:
            continue
        for index, source in enumerate(sources):
            if index in matched:
                continue
            verdict = source.matches_build(build)
            if verdict is None:
                if build["id"] not in configs:
                    configs[build["id"]] = client.get_build_source(build["id"])
                verdict = source.matches_source_config(configs[build["id"]])
            if verdict:
                matched[index] = build
                break
    return matched


def submission_fields(kind, sources):
    """What create_build takes for these sources: the URLs together, else the one source's fields."""
    if kind == "url":
        return {"url": [source.fields["url"][0] for source in sources]}
    return sources[0].fields


class BuildSubmissionError(CoprError):
    """A submission that went wrong after an ambiguous attempt; ``builds`` are those found meanwhile."""

    def __init__(self, message, status=None, builds=None):
        super(BuildSubmissionError, self).__init__(message)
        self.status = status
        self.builds = builds or []


def _look_after(client, owner, project, sources, after_id, error, adopted):
    """match_new_builds() after the ambiguous ``error``; a failed search is a BuildSubmissionError."""
    try:
        return match_new_builds(client, owner, project, sources, after_id)
    except CoprApiError as exc:
        raise BuildSubmissionError(
            "The build submission to project %s/%s got no clear answer (%s), and looking for the build it may "
            "have created failed: %s. Check the project's builds and run the task again"
            % (owner, project, error, exc), status=exc.status, builds=adopted)


def submit_builds(client, owner, project, kind, sources, options, after_id, warn, sleep=time.sleep,
                  settle=3.0, resend=True, on_resend=None):
    """Submit the builds of ``sources`` once; return the builds Copr created (oldest first).

    Copr's own error answer (4xx, a 500 with its JSON error) is final: the
    CoprApiError is raised as is and nothing was submitted.  An ambiguous
    failure (a gateway 502/503/504, a connection dropped after sending, no
    answer) may have created the builds:

    1. look for builds of the sources newer than build ``after_id``; adopt those found;
    2. for the sources still missing, wait ``settle`` seconds and look again;
    3. still missing: submit those again, **once** (a warning says so; never when
       ``resend`` is False), and go back to 1 if that answer is ambiguous too.

    Raises BuildSubmissionError when the builds are still missing after that, or the
    resubmission was refused.  ``on_resend()`` is called for the resubmission.
    """
    label = "%s/%s" % (owner, project)
    adopted = []
    pending = list(sources)
    first_error = None
    while True:
        try:
            created = client.create_build(owner, project, kind, submission_fields(kind, pending), options)
            return sorted(adopted + created, key=lambda build: build["id"])
        except CoprApiError as exc:
            if not exc.ambiguous:
                if first_error is None:
                    raise
                raise BuildSubmissionError(
                    "The build submission to project %s got no clear answer (%s) and no build of it appeared, so "
                    "it was submitted again, and Copr refused that: %s" % (label, first_error, exc),
                    status=exc.status, builds=adopted)
            error = exc
        matched = _look_after(client, owner, project, pending, after_id, error, adopted)
        if len(matched) < len(pending):
            sleep(settle)
            matched = _look_after(client, owner, project, pending, after_id, error, adopted)
        found = [matched[index] for index in sorted(matched)]
        if found:
            adopted.extend(found)
            warn("The build submission to project %s got no clear answer (%s), but Copr created build(s) %s: "
                 "using them" % (label, error, ", ".join(str(build["id"]) for build in found)))
        missing = [source for index, source in enumerate(pending) if index not in matched]
        if not missing:
            return sorted(adopted, key=lambda build: build["id"])
        what = ", ".join(source.describe() for source in missing)
        if first_error is not None or not resend:
            raise BuildSubmissionError(
                "The build submission to project %s may or may not have reached Copr (%s)%s. No new build of %s "
                "is visible, and the module does not submit it blindly %s: check the project's builds and run "
                "the task again" % (label, error, "; it was submitted twice" if first_error is not None else "",
                                    what, "a third time" if first_error is not None else "(retries is 0)"),
                status=error.status, builds=adopted)
        warn("The build submission to project %s got no clear answer (%s) and no build of %s appeared within "
             "%.1f s: submitting it again, once" % (label, error, what, settle))
        if on_resend is not None:
            on_resend()
        first_error = error
        pending = missing


# --------------------------------------------------------------------------
# Waiting
# --------------------------------------------------------------------------

class Backoff:
    """Poll intervals: ``first`` seconds, growing by ``factor`` up to ``ceiling``."""

    def __init__(self, first=5.0, factor=1.5, ceiling=60.0):
        self.first = float(first)
        self.factor = float(factor)
        self.ceiling = max(float(ceiling), self.first)

    def intervals(self):
        delay = self.first
        while True:
            yield delay
            delay = min(self.ceiling, delay * self.factor)


def is_transient(exc):
    """A failed poll worth retrying at the next interval (no answer, or a 5xx)."""
    status = getattr(exc, "status", None)
    return status is None or status >= 500


def wait_for_builds(read_builds, builds, timeout, backoff=None, sleep=time.sleep, clock=time.monotonic,
                    warn=None, on_round=None):
    """Poll the unfinished builds until all are final or ``timeout`` seconds pass.

    ``read_builds(ids)`` returns ``{id: build}`` for the ids given (one round's
    reads: a page of the project's build list covers up to 100 builds) and may
    raise; transient errors (no answer, 5xx) are tolerated until the next
    interval, others propagate.  ``on_round(builds)`` sees the latest builds
    before the first poll and after every round (progress lines).  Returns
    ``(builds, unfinished_ids, rounds)``: the latest dict of every build (in the
    given order), the ids still unfinished at the deadline, and the rounds polled.
    """
    backoff = backoff or Backoff()
    warn = warn or (lambda message: None)
    latest = dict((build["id"], build) for build in builds)
    order = [build["id"] for build in builds]
    deadline = clock() + float(timeout)
    rounds = 0
    if on_round:
        on_round([latest[build_id] for build_id in order])
    for delay in backoff.intervals():
        pending = [build_id for build_id in order if latest[build_id].get("state") not in FINAL_STATES]
        if not pending:
            break
        remaining = deadline - clock()
        if remaining <= 0:
            break
        sleep(min(delay, remaining))
        rounds += 1
        try:
            fresh = read_builds(pending)
        except Exception as exc:  # pylint: disable=broad-except
            if not is_transient(exc):
                raise
            warn("Polling builds %s failed (%s); trying again at the next interval"
                 % (", ".join(str(build_id) for build_id in pending), exc))
            continue
        latest.update((build_id, fresh[build_id]) for build_id in pending if build_id in fresh)
        if on_round:
            on_round([latest[build_id] for build_id in order])
    unfinished = [build_id for build_id in order if latest[build_id].get("state") not in FINAL_STATES]
    return [latest[build_id] for build_id in order], unfinished, rounds


def duration(seconds):
    """``1h02m03s``, ``2m05s`` or ``7s``."""
    seconds = int(max(0, seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return "%dh%02dm%02ds" % (hours, minutes, seconds)
    if minutes:
        return "%dm%02ds" % (minutes, seconds)
    return "%ds" % seconds


class BuildProgress:
    """Says when a build or one of its chroots changes state while a task waits (a line each).

    Chroot states come from ``chroot_states(owner, project)`` (one request a
    project a round); when that read fails, only build states are reported.
    """

    def __init__(self, say, chroot_states=None, clock=time.monotonic):
        self.say = say
        self.chroot_states = chroot_states
        self.clock = clock
        self.started = clock()
        self.seen = {}
        # The builds there is something to wait for: those unfinished when first seen (a build
        # found already finished needs no word).
        self.watched = set()
        self.known = set()

    def __call__(self, builds):
        for build in builds:
            if build["id"] not in self.known:
                self.known.add(build["id"])
                if build.get("state") not in FINAL_STATES:
                    self.watched.add(build["id"])
        builds = [build for build in builds if build["id"] in self.watched]
        elapsed = duration(self.clock() - self.started)
        chroots = self._chroots(builds)
        for build in builds:
            label = "build %s (%s/%s)" % (build["id"], build.get("owner"), build.get("project"))
            if self.seen.get(build["id"]) != build.get("state"):
                self.seen[build["id"]] = build.get("state")
                self.say("%s: %s after %s" % (label, build.get("state"), elapsed))
            for chroot, state in sorted(chroots.get(build["id"], {}).items()):
                key = (build["id"], chroot)
                if self.seen.get(key) != state:
                    self.seen[key] = state
                    self.say("%s %s: %s after %s" % (label, chroot, state, elapsed))

    def _chroots(self, builds):
        if self.chroot_states is None:
            return {}
        states = {}
        projects = sorted(set((build.get("owner"), build.get("project")) for build in builds
                              if build.get("state") not in FINAL_STATES or not self._all_seen_final(build)))
        for owner, project in projects:
            try:
                states.update(self.chroot_states(owner, project))
            except Exception:  # pylint: disable=broad-except
                self.chroot_states = None  # progress is a courtesy: never fail the wait for it
                return {}
        return states

    def _all_seen_final(self, build):
        return self.seen.get(build["id"]) in FINAL_STATES


def log_url(result_url):
    """Where the build log of a chroot lives, next to its results."""
    if not result_url:
        return None
    return result_url.rstrip("/") + "/builder-live.log.gz"


def with_chroot_details(client, build):
    """A copy of ``build`` with ``build_chroots``: per chroot its state, result and log URLs (one GET)."""
    if not build or build.get("id") is None:
        return build
    details = {}
    for item in client.list_build_chroots(build["id"]):
        details[item["name"]] = {"state": item["state"], "result_url": item["result_url"],
                                 "log_url": log_url(item["result_url"]), "started_on": item["started_on"],
                                 "ended_on": item["ended_on"]}
    build = dict(build)
    build["build_chroots"] = details
    return build


def failure_report(build, chroots, source_result=None):
    """A message for a failed build: its failed chroots with their result and log URLs."""
    failed = [item for item in chroots if item.get("state") == "failed"]
    parts = []
    for item in failed:
        if item.get("result_url"):
            parts.append("%s (results: %s, log: %s)" % (item["name"], item["result_url"], log_url(item["result_url"])))
        else:
            parts.append("%s (no results yet)" % item["name"])
    where = build.get("web_url") or "build %s" % build["id"]
    if parts:
        return "Build %s failed in %s; see %s" % (build["id"], "; ".join(parts), where)
    text = "Build %s %s" % (build["id"], build.get("state"))
    if source_result and source_result.get("result_url"):
        text += " in the SRPM phase (results: %s, log: %s)" % (
            source_result["result_url"], log_url(source_result["result_url"]))
    elif not chroots:
        text += " before any chroot was built (the SRPM phase failed)"
    return "%s; see %s" % (text, where)
