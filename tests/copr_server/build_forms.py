"""Validation of build and package requests, mimicking the frontend's WTForms classes.

Build-create forms report errors as ``Bad request parameters: {<form.errors repr>}``
(``process_creating_new_build``); package add/edit and ``/package/build`` report
``field: message`` lines (``InvalidForm``).  ``form.errors`` keeps field
declaration order: source fields, then the shared build options
(timeout ... exclude_chroots, batch ids), then ``pkgs`` for URL and upload builds.
"""

import fnmatch
import posixpath
import re
from urllib.parse import urlparse

from . import forms
from .errors import ApiError

DEFAULT_BUILD_TIMEOUT = 18000
MIN_BUILD_TIMEOUT = 0
MAX_BUILD_TIMEOUT = 108000
BUILD_BOOTSTRAP = ["unchanged", "default", "off", "on", "image"]
BUILD_ISOLATION = ["unchanged", "default", "nspawn", "simple"]
SCM_TYPES = ["git", "svn"]
SRPM_BUILD_METHODS = ["rpkg", "tito", "tito_test", "make_srpm"]
SPEC_GENERATORS = ["pyp2rpm", "pyp2spec"]
SPEC_TEMPLATES = ["", "fedora", "epel7", "mageia", "pld"]
PYTHON_VERSIONS = ["3", "2"]
DISTGIT_INSTANCES = ["fedora", "centos", "centos-stream", "copr"]
DISTGIT_CLONE = {
    "fedora": "https://src.fedoraproject.org/rpms/{0}",
    "centos": "https://git.centos.org/rpms/{0}",
    "centos-stream": "https://gitlab.com/redhat/centos-stream/rpms/{0}",
    "copr": "https://copr-dist-git.fedorainfracloud.org/git/{namespace}/{0}",
}
PACKAGE_NAME_RE = r"^[-+_.a-zA-Z0-9]+$"
PACKAGE_NAME_MAX = 100          # models.Package.name is String(100)
CHROOT_DENYLIST_RE = r"^[a-z0-9-_*.+]+$"
SOURCE_SUFFIXES = (".src.rpm", ".nosrc.rpm", ".spec")
URL_LIST_MSG = ("A list of http[s] URLs separated by whitespace characters"
                " is needed ('{0}' doesn't seem to be a valid URL).")
URL_SRPM_MSG = "URLs must end with .src.rpm, .nosrc.rpm, or .spec ('{0}' doesn't seem to be a valid URL)."
REQUIRED = "This field is required."


class FieldErrors:
    """An ordered ``form.errors``: field -> [messages]."""

    def __init__(self):
        self.errors = {}

    def add(self, field, message):
        self.errors.setdefault(field, []).append(message)

    def raise_bad_request(self):
        if self.errors:
            raise ApiError(400, "Bad request parameters: {0}".format(self.errors))

    def raise_invalid_form(self):
        if self.errors:
            raise ApiError(400, "\n".join("{0}: {1}".format(f, m) for f, ms in self.errors.items() for m in ms))


def form_data(raw, keep_lists=("chroots", "exclude_chroots")):
    """get_form_compatible_data: nulls dropped, lists joined except ``keep_lists``."""
    return forms.form_data(raw, preserve=keep_lists)


def _text(data, field):
    value = data.get(field)
    if value is None:
        return None
    return forms.to_str(value)


def _stripped(data, field):
    """A StringField: Copr's BaseForm strips every StringField (not TextAreaField)."""
    value = _text(data, field)
    return None if value is None else value.strip()


def _int(errors, data, field, minimum=None, maximum=None):
    return _check_int(errors, data, field, minimum, maximum)


def _check_int(errors, data, field, minimum, maximum):
    shim = forms.Errors()
    value = forms.check_int(shim, field, data, minimum, maximum)
    for name, message in shim.items:
        errors.add(name, message)
    return value


def _choice(errors, data, field, choices, default):
    if field not in data:
        return default
    value = forms.to_str(data[field])
    if value not in choices:
        errors.add(field, "Not a valid choice.")
        return default
    return value


def _optional_choice(errors, data, field, choices):
    """create_mock_bootstrap_field / create_isolation_field: empty means not set."""
    if field not in data:
        return None
    value = forms.to_str(data[field]).strip()
    if value in ("", "None"):
        return None
    if value not in choices:
        errors.add(field, "Not a valid choice.")
        return None
    return value


def _chroot_patterns(errors, data, field, available):
    values = data.get(field)
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    values = [forms.to_str(v) for v in values]
    for value in values:
        if value not in available and not fnmatch.filter(available, value):
            errors.add(field, "'{0}' is not a valid choice for this field.".format(value))
            break
    return values


def expand_chroots(patterns, available):
    matched = set()
    for pattern in patterns or []:
        if pattern in available:
            matched.add(pattern)
        else:
            matched.update(fnmatch.filter(available, pattern))
    return matched


def build_options(errors, data, active_chroots, build_exists):
    """The shared options of _get_build_form, in their declaration order."""
    available = sorted(active_chroots)
    opts = {}
    opts["timeout"] = _int(errors, data, "timeout", MIN_BUILD_TIMEOUT, MAX_BUILD_TIMEOUT)
    opts["enable_net"] = forms.to_bool(data["enable_net"]) if "enable_net" in data else None
    opts["background"] = forms.to_bool(data["background"]) if "background" in data else False
    dirname = _text(data, "project_dirname")
    opts["project_dirname"] = dirname or None
    opts["bootstrap"] = _optional_choice(errors, data, "bootstrap", BUILD_BOOTSTRAP)
    opts["isolation"] = _optional_choice(errors, data, "isolation", BUILD_ISOLATION) or "unchanged"
    chroots = _chroot_patterns(errors, data, "chroots", available)
    excluded = _chroot_patterns(errors, data, "exclude_chroots", available)
    selected = expand_chroots(chroots, available) if chroots else set()
    if excluded:
        selected = (selected or set(available)) - expand_chroots(excluded, available)
    opts["chroots"] = selected
    after = _int(errors, data, "after_build_id")
    with_ = _int(errors, data, "with_build_id")
    for field, value, other in (("after_build_id", after, with_), ("with_build_id", with_, after)):
        if value is None:
            continue
        if other:
            errors.add(field, "Only one batch option can be specified")
        elif not build_exists(value):
            errors.add(field, "Build {0} not found".format(value))
    opts["after_build_id"] = after
    opts["with_build_id"] = with_
    return opts


def _required(errors, data, field):
    value = _text(data, field)
    if value is None or not value.strip():
        errors.add(field, REQUIRED)
        return None
    return value


def cleanup_chroot_denylist(value):
    """cleanup_chroot_denylist + the strip filter: items stripped, joined with ", " (empty items kept)."""
    if not value:
        return value
    return ", ".join(item.strip() for item in value.split(",")).strip()


def _chroot_denylist(errors, data, mock_chroots):
    """BasePackageForm.chroot_denylist: Optional, then validate_chroot_denylist.

    Patterns are checked against every active mock chroot, not the project's chroots,
    and the first bad item ends the check.  The real validator's "patterns are
    deny-listing all chroots" branch compares a set with a list and never fires, so a
    pattern like ``*`` is accepted (``/package/build`` then falls back to all chroots).
    """
    raw = forms.to_str(data["chroot_denylist"])
    if not raw.strip():
        return cleanup_chroot_denylist(raw)
    value = cleanup_chroot_denylist(raw)
    for item in (x.strip() for x in value.split(",")):
        if not re.match(CHROOT_DENYLIST_RE, item):
            errors.add("chroot_denylist", 'Pattern "{0}" does not match "{1}"'.format(item, CHROOT_DENYLIST_RE))
            break
        if not fnmatch.filter(mock_chroots, item):
            errors.add("chroot_denylist", 'no chroot matched by pattern "{0}"'.format(item))
            break
    return value


def _package_common(errors, data, mock_chroots):
    """BasePackageForm fields after package_name; only the keys that were sent (the real edit rule)."""
    out = {}
    if "webhook_rebuild" in data:
        out["webhook_rebuild"] = forms.to_bool(data["webhook_rebuild"])
    if "chroot_denylist" in data:
        out["chroot_denylist"] = _chroot_denylist(errors, data, mock_chroots)
    if "max_builds" in data:
        out["max_builds"] = _int(errors, data, "max_builds", 0, 100)
    if "timeout" in data:
        out["timeout"] = _int(errors, data, "timeout", MIN_BUILD_TIMEOUT, MAX_BUILD_TIMEOUT)
    return out


def _max_length(errors, field, value, maximum):
    if value is not None and len(value) > maximum:
        errors.add(field, "Field cannot be longer than {0} characters.".format(maximum))


def _package_name(errors, data):
    """Length(max=100), then Regexp: both run, as in WTForms."""
    name = (_text(data, "package_name") or "").strip()
    _max_length(errors, "package_name", name, PACKAGE_NAME_MAX)
    if not re.match(PACKAGE_NAME_RE, name):
        errors.add("package_name", "Please enter a valid package name in " + PACKAGE_NAME_RE)
    return name


def source_fields(errors, source_type, data, active_chroots, mock_chroots=None):
    """The source part of a build or package form; returns the stored source dict."""
    if source_type == "scm":
        scm_type = _choice(errors, data, "scm_type", SCM_TYPES, "git")
        clone_url = _required(errors, data, "clone_url")
        if clone_url is not None:
            clone_url = clone_url.strip()
            if not forms.is_valid_url(clone_url):
                errors.add("clone_url", "Invalid URL.")
        spec = _stripped(data, "spec") or ""
        if spec and not re.match(r"^.+\.spec$", spec):
            errors.add("spec", "RPM spec file must end with .spec")
        method = _choice(errors, data, "srpm_build_method", SRPM_BUILD_METHODS, "rpkg")
        return {"type": scm_type, "clone_url": clone_url, "subdirectory": _stripped(data, "subdirectory") or "",
                "committish": _stripped(data, "committish") or "", "spec": spec, "srpm_build_method": method}
    if source_type == "pypi":
        name = _required(errors, data, "pypi_package_name")
        if name is not None:
            name = name.strip()
            _max_length(errors, "pypi_package_name", name, PACKAGE_NAME_MAX - len("python-"))
        version = _stripped(data, "pypi_package_version") or None
        generator = _choice(errors, data, "spec_generator", SPEC_GENERATORS, "pyp2spec")
        template = _choice(errors, data, "spec_template", SPEC_TEMPLATES, "")
        versions = data.get("python_versions")
        if versions is None or versions == "":
            versions = []
        elif not isinstance(versions, list):
            versions = forms.to_str(versions).split()
        versions = [forms.to_str(v) for v in versions]
        for value in versions:
            if value not in PYTHON_VERSIONS:
                errors.add("python_versions", "'{0}' is not a valid choice for this field.".format(value))
                break
        return {"pypi_package_name": name, "pypi_package_version": version, "spec_generator": generator,
                "spec_template": template, "python_versions": versions}
    if source_type == "rubygems":
        gem = _required(errors, data, "gem_name")
        if gem is not None:
            gem = gem.strip()
            _max_length(errors, "gem_name", gem, PACKAGE_NAME_MAX - len("rubygem-"))
        return {"gem_name": gem}
    if source_type == "custom":
        script = _required(errors, data, "script")
        if script is not None:
            if script.split("\n", maxsplit=1)[0].endswith("\r"):
                script = script.replace("\r\n", "\n")
            if not script.endswith("\n"):
                script += "\n"
            if len(script) > 4096:
                errors.add("script", "Maximum script size is 4kB")
        builddeps = _stripped(data, "builddeps") or None
        repos = forms.string_list(data.get("repos")) if "repos" in data else ""
        for url in repos.split():
            parsed = urlparse(url)
            if parsed.scheme not in ("http", "https", "copr") or not parsed.netloc:
                errors.add("repos", URL_LIST_MSG.format(url))
                break
        everything = mock_chroots or active_chroots
        arches = sorted({c.rsplit("-", 1)[-1] for c in everything if c.startswith("fedora-")})
        choices = ["fedora-latest-" + a for a in arches] + sorted(everything)
        chroot = _choice(errors, data, "chroot", choices, "fedora-latest-x86_64")
        return {"script": script, "chroot": chroot, "builddeps": builddeps,
                "resultdir": _stripped(data, "resultdir") or None, "repos": repos}
    if source_type == "distgit":
        distgit = _text(data, "distgit") or DISTGIT_INSTANCES[0]
        if distgit not in DISTGIT_INSTANCES:
            errors.add("distgit", "DistGit ID must be one of: {0}".format(", ".join(DISTGIT_INSTANCES)))
        namespace = _stripped(data, "namespace")
        namespace = posixpath.normpath(namespace) if namespace else None
        committish = _stripped(data, "committish") or None
        name = _stripped(data, "package_name") or ""
        out = {"clone_url": DISTGIT_CLONE.get(distgit, DISTGIT_CLONE["fedora"]).format(
            name, namespace=namespace or "")}
        out["distgit"] = distgit
        if namespace:
            out["namespace"] = namespace
        if committish:
            out["committish"] = committish
        return out
    raise ApiError(400, "Unsupported package source type {0}".format(source_type))


def validate_build(source_type, raw, active_chroots, build_exists, upload_name=None,  # pylint: disable=too-many-arguments
                   mock_chroots=None):
    """Validate a build-create body; returns (source_dict, options, extra)."""
    errors = FieldErrors()
    keep = ("chroots", "exclude_chroots") + (("python_versions",) if source_type == "pypi" else ())
    data = form_data(raw, keep)
    if source_type in ("scm", "distgit") and "source_build_method" in data:
        data["srpm_build_method"] = data.pop("source_build_method")
    extra = {}
    if source_type in ("url", "upload"):
        source = {}
    else:
        if source_type == "distgit":
            name = _text(data, "package_name") or ""
            if not name:
                errors.add("package_name", REQUIRED)
            elif not re.match(PACKAGE_NAME_RE, name):
                errors.add("package_name", "Please enter a valid package name in " + PACKAGE_NAME_RE)
            extra["package_name"] = name
        source = source_fields(errors, source_type, data, active_chroots, mock_chroots)
        if source_type == "pypi" and not source["python_versions"]:
            source["python_versions"] = ["3"]
        if source_type == "scm":
            # BuildsLogic.create_new_from_scm stores the keys in this order
            source = {k: source[k] for k in ("type", "clone_url", "committish", "subdirectory", "spec",
                                             "srpm_build_method")}
    opts = build_options(errors, data, active_chroots, build_exists)
    if source_type == "url":
        pkgs = forms.string_list(data.get("pkgs"))
        if not pkgs:
            errors.add("pkgs", "URLs to packages are required")
        else:
            for url in pkgs.split():
                parsed = urlparse(url)
                if not parsed.scheme.startswith("http") or not parsed.netloc:
                    errors.add("pkgs", URL_LIST_MSG.format(url))
                    break
            for url in pkgs.split():
                if not urlparse(url).path.endswith(SOURCE_SUFFIXES):
                    errors.add("pkgs", URL_SRPM_MSG.format(url))
                    break
        extra["urls"] = pkgs.split("\n") if pkgs else []
    if source_type == "upload":
        if not upload_name:
            errors.add("pkgs", REQUIRED)
        elif not upload_name.lower().endswith(SOURCE_SUFFIXES):
            errors.add("pkgs", "You can upload only .src.rpm, .nosrc.rpm, and .spec files")
    errors.raise_bad_request()
    return source, opts, extra


def validate_package(source_type, raw, active_chroots, stored_source=None, mock_chroots=None):
    """Package add/edit (InvalidForm messages).  ``stored_source`` fills keys not sent (edit).

    ``process_package_add_or_edit`` adds every stored source key the body lacks.  The
    stored SCM dict keeps the VCS type as ``type``, which the form does not read
    (its field is ``scm_type``), so an svn package edited without ``scm_type`` becomes git.
    """
    data = forms.form_data(raw, preserve=("python_versions",))
    renames = {"source_build_method": "srpm_build_method", "script_builddeps": "builddeps",
               "script_resultdir": "resultdir", "script_chroot": "chroot", "script_repos": "repos",
               "is_background": "background", "memory_limit": "memory_reqs"}
    data = forms.rename(data, renames)
    sent = set(data)
    if stored_source:
        for key, value in stored_source.items():
            if key not in data and value is not None:
                data[key] = value
    errors = FieldErrors()
    name = _package_name(errors, data)
    common = _package_common(errors, {k: v for k, v in data.items() if k in sent}, mock_chroots or active_chroots)
    source = source_fields(errors, source_type, data, active_chroots, mock_chroots)
    errors.raise_invalid_form()
    return name, source, common


def validate_package_build(raw, active_chroots, build_exists):
    """/package/build: RebuildPackageFactory (InvalidForm messages).

    ``opts["chroots"]`` is the form's ``selected_chroots``: empty when nothing was
    selected (the caller then uses the package's chroots).
    """
    data = form_data(raw, ("chroots", "exclude_chroots", "python_versions"))
    errors = FieldErrors()
    opts = build_options(errors, data, active_chroots, build_exists)
    errors.raise_invalid_form()
    return opts, data
