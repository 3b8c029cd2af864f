# -*- coding: utf-8 -*-
# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Local checks of option values with Copr's own rules, done before any request.

A module declares ``checks``: option name -> checker.  :class:`CoprModule`
runs them right after the argument spec is validated, on either host, so a
bad value fails in check mode too and nothing is sent to Copr.  The role runs
the very same checks over every item of ``copr_projects`` before its first
write (:func:`item_problems`, used by the ``copr.copr.project_problems``
filter).

A checker is ``checker(option, value) -> [problem, ...]`` where ``option`` is
the name to use in messages (``chroots[1] (epel-9-x86_64).additional_repos``
for nested values).  Messages use option names, never Copr's write names.

Copr's rules, as its frontend applies them (``forms.py``):

* project name: ``^[\\w.-]+$`` (letters, digits, underscores, dashes, dots)
  and not all digits (NameCharactersValidator, NameNotNumberValidator);
* owner: a user name, or a group name with a leading ``@``; neither has a
  ``/`` or whitespace (owner and project are separate options);
* chroot name: ``<distribution>-<release>-<architecture>`` in lowercase
  letters, digits, ``_``, ``.`` and ``+`` (for example
  ``fedora-rawhide-x86_64``, ``centos-stream+epel-next-9-x86_64``); whether
  Copr has it active is checked against the server later;
* repository URL (``additional_repos``, ``runtime_dependencies``, a chroot's
  ``additional_repos``): whitespace-separated tokens, each ``http://`` or
  ``https://`` with a host, or ``copr://owner/project`` (UrlRepoListValidator;
  whether a copr:// project exists is left to Copr);
* module toggle (a chroot's ``additional_modules``): ``name:stream`` or
  ``!name:stream``;
* permissions: ``{user: {builder: bool, admin: bool}}``, users only (Copr's
  permission API knows no groups), never the project's owner;
* fork source (``fork_from``): ``owner/project`` with the owner and project
  rules above.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import difflib
import re

from collections.abc import Mapping

try:
    from urllib.parse import urlparse
except ImportError:  # pragma: no cover - Python 2
    from urlparse import urlparse  # type: ignore

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.errors import UnsupportedError

string_types = (str,)

PROJECT_NAME = re.compile(r"^[\w.-]+$", re.UNICODE)
OWNER_NAME = re.compile(r"^@?[\w.-]+$", re.UNICODE)
CHROOT_NAME = re.compile(r"^[a-z0-9_.+]+(-[a-z0-9_.+]+){2,}$")
MODULE_TOGGLE = re.compile(r"^!?[^\s,:!]+:[^\s,:]+$")
REPO_SCHEMES = ("http", "https", "copr")


def plain_data(value, strict=True):
    """``value`` as plain dicts, lists, str, int, float, bool and None.

    Filters receive Ansible's lazy containers and tagged strings: validating
    them would deep-copy Ansible's templar with them (a deprecation warning on
    every run), and YAML cannot write them. Anything else is a TypeError that
    names it, or is kept as it is when not ``strict``.
    """
    if isinstance(value, Mapping):
        return dict((str(key), plain_data(item, strict)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return [plain_data(item, strict) for item in value]
    if isinstance(value, bool) or value is None:
        return value
    for kind in (int, float, str):
        if isinstance(value, kind):
            return kind(value)
    if not strict:
        return value
    raise TypeError("a %s (%r) is not data" % (type(value).__name__, value))


def _show(value):
    return repr(value) if not isinstance(value, string_types) else "'%s'" % value


def project_name(option, value, owner_option="owner"):
    """A project name (``name`` of copr_project, ``project`` of the others)."""
    if value is None:
        return []
    if not isinstance(value, string_types):
        return ["%s must be a project name, got %s" % (option, _show(value))]
    if "/" in value:
        owner, _sep, name = value.rpartition("/")
        return ["%s %s has a '/': it is only the project's name; put the owner in %s: (%s: %s, %s: %s)"
                % (option, _show(value), owner_option, owner_option, owner or "...", option, name or "...")]
    if not PROJECT_NAME.match(value):
        return ["%s %s is not a valid Copr project name: only letters, digits, underscores, dashes and dots"
                % (option, _show(value))]
    if value.isdigit():
        return ["%s %s is not a valid Copr project name: it cannot be only digits" % (option, _show(value))]
    return []


def owner_name(option, value):
    """A user name (``jdoe``) or a group name with a leading @ (``@qa``); "" means the default owner."""
    if value is None or value == "":
        return []
    if not isinstance(value, string_types):
        return ["%s must be a user name or @group, got %s" % (option, _show(value))]
    if "/" in value:
        return ["%s %s has a '/': it is only the user or @group; put the project in its own option"
                % (option, _show(value))]
    if not OWNER_NAME.match(value):
        return ["%s %s is not a Copr owner: a user name (jdoe) or a group name with a leading @ (@qa), made of "
                "letters, digits, underscores, dashes and dots" % (option, _show(value))]
    return []


def chroot_name(option, value):
    """A chroot name, e.g. fedora-rawhide-x86_64 (existence is Copr's business)."""
    if value is None:
        return []
    if not isinstance(value, string_types) or not CHROOT_NAME.match(value):
        return ["%s %s is not a chroot name: Copr's are <distribution>-<release>-<architecture> in lowercase, "
                "for example fedora-rawhide-x86_64 or epel-9-x86_64" % (option, _show(value))]
    return []


def repo_urls(option, values):
    """Repository URLs as Copr accepts them: http://, https:// (with a host) or copr://owner/project."""
    problems = []
    for item in values or []:
        for url in str(item).split():
            parsed = urlparse(url)
            ok = parsed.scheme in REPO_SCHEMES and bool(parsed.netloc)
            if ok and parsed.scheme == "copr":
                parts = parsed.path.split("/")
                ok = len(parts) >= 2 and parts[1] != ""
            if not ok:
                problems.append("%s item %s is not a repository URL Copr accepts: use http://..., https://... or "
                                "copr://owner/project" % (option, _show(url)))
    return problems


def module_toggles(option, values):
    """Module toggles as Copr's ModifyChrootForm accepts them: name:stream, or !name:stream to disable."""
    return ["%s item %s: expected name:stream to enable a module or !name:stream to disable it" % (option, _show(item))
            for item in values or [] if not MODULE_TOGGLE.match(str(item).strip())]


# A permission's roles: each a bool; a role not given is false.
PERMISSION_ROLES_SPEC = dict(builder=dict(type="bool", default=False), admin=dict(type="bool", default=False))


def permissions(option, value):
    """Permissions as declared: ``{user: {builder: bool, admin: bool}}`` (a user name, not a @group)."""
    if value is None:
        return []
    if not isinstance(value, dict):
        return ["%s must be a dict of users, each {builder: true/false, admin: true/false}, got %s"
                % (option, _show(value))]
    problems = []
    for user in sorted(value, key=str):
        where = "%s.%s" % (option, user)
        if isinstance(user, string_types) and user.startswith("@"):
            problems.append("%s: Copr gives permissions to users only, not to groups (members of the group that "
                            "owns a project can already edit it)" % where)
        elif not isinstance(user, string_types) or not PROJECT_NAME.match(user):
            problems.append("%s: %s is not a Copr user name" % (option, _show(user)))
        problems.extend(spec_problems(where, value[user], PERMISSION_ROLES_SPEC)[0])
    return problems


def owner_permission(option, owner, value):
    """A permission for the project's owner (a user): Copr refuses it, the owner has every right already."""
    if not isinstance(value, dict) or not isinstance(owner, string_types) or not owner or owner.startswith("@"):
        return []
    if owner in value:
        return ["%s.%s: %s owns the project and always has every permission in it; remove %s from %s"
                % (option, owner, owner, owner, option)]
    return []


def fork_source(option, value):
    """The project a new project is forked from: ``owner/project`` (``@group/project`` for a group's)."""
    if value is None:
        return []
    if not isinstance(value, string_types) or value.count("/") != 1:
        return ["%s must be owner/project (for example alice/tools or @qa/tools), got %s" % (option, _show(value))]
    owner, name = value.split("/")
    if not owner:
        return ["%s %s has no owner: write owner/project" % (option, _show(value))]
    problems = owner_name(option + " owner", owner)
    if not name:
        return problems + ["%s %s has no project name: write owner/project" % (option, _show(value))]
    if not PROJECT_NAME.match(name) or name.isdigit():
        problems.append("%s %s: %s is not a valid Copr project name" % (option, _show(value), _show(name)))
    return problems


def nearest(name, candidates, count=3):
    """Up to ``count`` names of ``candidates`` that look like ``name`` (for "did you mean")."""
    return difflib.get_close_matches(str(name), list(candidates), n=count, cutoff=0.6)


def spec_problems(option, value, spec, rules=None):
    """``value`` (a dict) checked against an argument spec; returns (problems, validated parameters).

    An unknown key is reported with the nearest known one ("did you mean ...").
    """
    if not isinstance(value, dict):
        return ["%s must be a dict, got %s" % (option, _show(value))], None
    known = set(spec)
    for name, data in spec.items():
        known.update(data.get("aliases") or [])
    problems = []
    for key in sorted(set(value) - known, key=str):
        close = nearest(key, sorted(known), 1)
        problems.append("%s: unknown option %s%s" % (option, key, " (did you mean %s?)" % close[0] if close else ""))
    result = ArgumentSpecValidator(spec, **(rules or {})).validate(dict(value))
    for error in result.errors:
        if not isinstance(error, UnsupportedError):
            problems.append("%s: %s" % (option, error))
    return problems, result.validated_parameters


def check_options(params, checks, prefix=""):
    """Every problem the ``checks`` (option -> checker) find in ``params``."""
    problems = []
    for option, checker in checks.items():
        if params.get(option) is not None:
            problems.extend(checker(prefix + option, params[option]))
    return problems


def item_problems(label, item, spec, checks, rules=None):
    """An item of a list of declarations (a role's ``copr_projects[2]``) checked as one task's options.

    ``spec`` is the module's own argument spec (without the connection options),
    ``checks`` its checks: one set of rules for the module and for the role.
    """
    if not isinstance(item, dict):
        return ["%s must be a dict of options, got %s" % (label, _show(item))]
    problems, params = spec_problems("", item, spec, rules)
    problems = [problem.lstrip(": ") for problem in problems]
    if params is not None:
        problems.extend(check_options(params, checks))
    return ["%s: %s" % (label, problem) for problem in problems]
