# -*- coding: utf-8 -*-
# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Sources a package or a build is made from: one argument spec, and how two sources are compared.

copr_build (a build *from* a source) and copr_package (a package *with* a
source) declare their sources with the same options (:func:`source_argument_spec`),
documented once in the ``copr.copr.copr.sources`` doc fragment.

A source is written ``{type: fields}`` in option names, for example
``{"scm": {"clone_url": ..., "committish": None, ..., "type": "git", "method": "rpkg"}}``.
:func:`canonical_source` gives every field the value Copr stores for it, so a
declared source and one read back from Copr compare equal exactly when Copr
holds what the task declares:

* strings are stripped and an empty string is None (Copr strips every
  StringField and stores "" as empty);
* a field that is not declared is Copr's default: scm ``type`` git, ``method``
  rpkg, empty committish/subdirectory/spec; pypi ``spec_generator`` pyp2spec,
  ``python_versions`` ["3"] (what copr-cli and builds default to), no version;
  custom ``chroot`` fedora-latest-x86_64, no build dependencies, result
  directory or repositories; distgit no namespace and no committish;
* a custom script gets Copr's line ends: CRLF becomes LF when its first line
  ends in CR, and a trailing newline is added;
* custom build dependencies and pypi Python versions are sets (sorted),
  custom repositories an ordered list of whitespace-separated tokens;
* a dist-git namespace is normalised like a path (``forks/me/`` is ``forks/me``);
* the dist-git instance is compared only when declared: Copr's default is the
  deployment's first instance, which the client cannot know.

No Ansible imports: the APIv3 backend and the build matcher use it too.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import posixpath

SOURCE_TYPES = ("scm", "pypi", "rubygems", "custom", "distgit")

DEFAULT_SCM_TYPE = "git"
DEFAULT_SCM_METHOD = "rpkg"
DEFAULT_SPEC_GENERATOR = "pyp2spec"
DEFAULT_PYTHON_VERSIONS = ("3",)
DEFAULT_SCRIPT_CHROOT = "fedora-latest-x86_64"

_SOURCE_SPECS = {
    "scm": dict(type="dict", options=dict(
        clone_url=dict(type="str", required=True),
        committish=dict(type="str"),
        subdirectory=dict(type="str"),
        spec=dict(type="str"),
        type=dict(type="str", default=DEFAULT_SCM_TYPE, choices=["git", "svn"]),
        method=dict(type="str", default=DEFAULT_SCM_METHOD, choices=["rpkg", "tito", "tito_test", "make_srpm"]),
    )),
    "pypi": dict(type="dict", options=dict(
        package_name=dict(type="str", required=True),
        version=dict(type="str"),
        spec_generator=dict(type="str", choices=["pyp2rpm", "pyp2spec"]),
        python_versions=dict(type="list", elements="str"),
    )),
    "rubygems": dict(type="dict", options=dict(
        gem_name=dict(type="str", required=True),
    )),
    "custom": dict(type="dict", options=dict(
        script=dict(type="str", required=True),
        chroot=dict(type="str"),
        builddeps=dict(type="list", elements="str"),
        resultdir=dict(type="str"),
        repos=dict(type="list", elements="str"),
    )),
    "distgit": dict(type="dict", options=dict(
        # Required by copr_build; a package's dist-git name is the package's own name.
        package_name=dict(type="str"),
        distgit=dict(type="str"),
        namespace=dict(type="str"),
        committish=dict(type="str"),
    )),
}


def source_argument_spec():
    """The argument spec of the five source options (a fresh copy: callers may add to it)."""
    return copy.deepcopy(_SOURCE_SPECS)


def declared_sources(params):
    """The source types set in ``params`` (module or item parameters), in SOURCE_TYPES order."""
    return [kind for kind in SOURCE_TYPES if params.get(kind) is not None]


# --------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------

def _text(value):
    """A StringField as Copr stores it: stripped, and None when empty."""
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def _tokens(value):
    """Whitespace-separated tokens of a list or a string (Copr joins lists with spaces)."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [token for item in value for token in str(item).split()]
    return str(value).split()


def normalise_script(script):
    """A custom script as Copr stores it.

    Copr's form replaces CRLF by LF when the first line ends in CR, then
    appends a newline if the script does not end with one.
    """
    script = script or ""
    if script.split("\n", 1)[0].endswith("\r"):
        script = script.replace("\r\n", "\n")
    return script if script.endswith("\n") else script + "\n"


def _namespace(value):
    value = _text(value)
    return posixpath.normpath(value) if value else None


def canonical_source(kind, fields):
    """The fields of a ``kind`` source as Copr stores them, in option names (see the module docstring).

    ``fields`` may come from the task (option names, unset ones None or absent)
    or from Copr (translated to option names by the APIv3 backend); keys that
    are not options (a dist-git ``clone_url``, pypi ``spec_template``) are dropped.
    """
    fields = fields or {}
    if kind == "scm":
        return {"clone_url": _text(fields.get("clone_url")), "committish": _text(fields.get("committish")),
                "subdirectory": _text(fields.get("subdirectory")), "spec": _text(fields.get("spec")),
                "type": _text(fields.get("type")) or DEFAULT_SCM_TYPE,
                "method": _text(fields.get("method")) or DEFAULT_SCM_METHOD}
    if kind == "pypi":
        versions = fields.get("python_versions")
        versions = DEFAULT_PYTHON_VERSIONS if versions is None else _tokens(versions)
        return {"package_name": _text(fields.get("package_name")), "version": _text(fields.get("version")),
                "spec_generator": _text(fields.get("spec_generator")) or DEFAULT_SPEC_GENERATOR,
                "python_versions": sorted(set(versions))}
    if kind == "rubygems":
        return {"gem_name": _text(fields.get("gem_name"))}
    if kind == "custom":
        return {"script": normalise_script(fields.get("script")),
                "chroot": _text(fields.get("chroot")) or DEFAULT_SCRIPT_CHROOT,
                "builddeps": sorted(set(_tokens(fields.get("builddeps")))),
                "resultdir": _text(fields.get("resultdir")), "repos": _tokens(fields.get("repos"))}
    if kind == "distgit":
        return {"package_name": _text(fields.get("package_name")), "distgit": _text(fields.get("distgit")),
                "namespace": _namespace(fields.get("namespace")), "committish": _text(fields.get("committish"))}
    raise ValueError("unknown source type %r" % kind)


class _Unmanaged:
    """Equal to anything: a field the task leaves to Copr (the dist-git instance when not declared)."""

    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    def __hash__(self):
        return 0

    def __repr__(self):
        return "<any>"


UNMANAGED = _Unmanaged()


def comparable_source(source):
    """``{type: fields}`` (or None) in the form two sources are compared in.

    The canonical fields, except that an undeclared dist-git instance equals any.
    """
    if not source:
        return None
    kind, fields = source_parts(source)
    result = canonical_source(kind, fields)
    if kind == "distgit" and result["distgit"] is None:
        result["distgit"] = UNMANAGED
    return {kind: result}


def source_parts(source):
    """``(type, fields)`` of a ``{type: fields}`` source."""
    if not isinstance(source, dict) or len(source) != 1:
        raise ValueError("a source is {type: fields} with exactly one type, got %r" % (source,))
    kind = list(source)[0]
    return kind, source[kind]
