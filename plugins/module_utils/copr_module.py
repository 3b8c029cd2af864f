# -*- coding: utf-8 -*-
# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The base every copr.copr module stands on.

It owns the connection options, turns client errors into clear failures, and
runs the one ``ensure()`` that every resource module uses: read the current
state, compare only the options the user set, pick create/update/delete/none,
stop before any write in check mode, write only what differs, and report the
before/after diff in option names.

A module does not know where it runs.  Its parameters, check and diff mode,
warnings, failure and exit come from a *host*: :class:`ModuleHost` when it
runs as an Ansible module (AnsibleModule), or the controller host that the
collection's action plugins install with :func:`hosted_by` to run the very
same ``main()`` inside the controller's worker process.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import os
import re
import traceback

from ansible.module_utils.basic import AnsibleModule, missing_required_lib
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.errors import UnsupportedError

from ansible_collections.copr.copr.plugins.module_utils.copr_api import (
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    CoprApiError,
    CoprClient,
    CoprConfigError,
    CoprError,
    resolve_settings,
)
from ansible_collections.copr.copr.plugins.module_utils.copr_checks import check_options
from ansible_collections.copr.copr.plugins.module_utils.copr_transport import is_loopback_url, resolve_retry_policy


# write_only: when the settings Copr never returns (Field(write_only=True)) are sent.
WRITE_ONLY_SPEC = dict(type="str", default="create", choices=["create", "always"])


# api_version -> the client's protocol backend (copr_api.BACKENDS).
API_VERSIONS = {1: "v1", 3: "v3"}
DEFAULT_API_VERSION = 3
API_VERSION_ENV = "COPR_API_VERSION"


def resolve_api_version(value, environ):
    """``api_version`` (an int when the task set it), else COPR_API_VERSION, else 3; CoprConfigError when invalid."""
    if value is None:
        raw = (environ.get(API_VERSION_ENV) or "").strip()
        if not raw:
            return DEFAULT_API_VERSION
        try:
            value = int(raw)
        except ValueError:
            value = None
        if value not in API_VERSIONS:
            raise CoprConfigError("%s must be %s, got %r" % (
                API_VERSION_ENV, " or ".join(str(v) for v in sorted(API_VERSIONS)), raw))
    return value


def copr_argument_spec():
    """Connection options shared by every module (documented in doc_fragments/copr.py)."""
    return dict(
        api_url=dict(type="str", aliases=["copr_url"]),
        api_login=dict(type="str", aliases=["login"], no_log=True),
        api_token=dict(type="str", aliases=["token"], no_log=True),
        config_file=dict(type="path"),
        validate_certs=dict(type="bool", default=True),
        timeout=dict(type="float", default=30.0),
        api_version=dict(type="int", choices=[1, 3]),
        # The retry budget; None = COPR_RETRIES / COPR_RETRY_MAX_TIME / COPR_RETRY_DELAY, else the defaults.
        retries=dict(type="int"),
        retry_max_time=dict(type="float"),
        retry_delay=dict(type="float"),
    )


def unsupported_message(names, api_version):
    """How an option the protocol cannot express is refused (one sentence per option)."""
    return "; ".join("%s is not supported by Copr API v%d (api_version: %d)" % (name, api_version, api_version)
                     for name in names)


# --------------------------------------------------------------------------
# Comparison: how a declared value and a value Copr returns are compared
# --------------------------------------------------------------------------

def _strip_scheme(value):
    return re.sub(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", "", value.strip())


# kind -> function mapping a value (declared or read) to its comparable form.
NORMALISERS = {
    # Copr strips every single-line string field and stores "" as null.
    "str": lambda value: (value.strip() or None) if isinstance(value, str) else value,
    # Text areas (description, instructions) are stored exactly.
    "text": lambda value: "" if value is None else value,
    "scalar": lambda value: value,
    # Whitespace-separated on the server: order kept, tokens split.
    "list": lambda value: [token for item in (value or []) for token in str(item).split()],
    # Order carries no meaning (chroot sets, packages).
    "set": lambda value: sorted(set(token for item in (value or []) for token in str(item).split())),
    # Items kept whole (module toggles contain no spaces but may be joined by ", ").
    "items": lambda value: [str(item).strip() for item in (value or []) if str(item).strip()],
    "urls": lambda value: [_strip_scheme(token) for item in (value or []) for token in str(item).split()],
    # {user: {role: bool}} compared as {user: [roles granted]}: a user with no role has no permission.
    "permissions": lambda value: dict((user, sorted(role for role, flag in (roles or {}).items() if flag))
                                      for user, roles in (value or {}).items() if any((roles or {}).values())),
}


class Field:
    """How one option is compared and whether Copr can read it back."""

    def __init__(self, kind="scalar", write_only=False, clearable=True):
        if kind not in NORMALISERS:
            raise ValueError("unknown field kind %r" % kind)
        self.kind = kind
        self.write_only = write_only
        self.clearable = clearable

    def normalise(self, value):
        return NORMALISERS[self.kind](value)


class MissingParent(CoprError):
    """Raised by a resource's read(): the object it lives in (its project) does not exist.

    ``ensure()`` fails with it outside check mode; in check mode an earlier
    task of the same run may be about to create the parent, so it reports
    what the task would do (see :meth:`CoprModule.missing_parent`).
    """

    def __init__(self, kind, label, hint=""):
        self.kind = kind
        self.label = label
        self.hint = hint
        super(MissingParent, self).__init__("%s %s does not exist%s" % (kind, label, " (%s)" % hint if hint else ""))


class CoprResource:
    """A resource description: what a module declares, the base does the rest.

    Subclasses set ``kind`` (for messages), ``result_key`` (return key),
    ``identity`` (option names that name the object) and ``fields`` (option
    name -> Field) and implement read/create/update/delete with the client.
    Every method receives and returns dicts in option names.

    read() raises :class:`MissingParent` when the object's parent (its
    project) does not exist.  Write-only fields are sent on create, and on an
    existing object only when the task's ``write_only`` option is ``always``.

    ``create_sets_fields`` is False when create() only makes the object exist
    (a chroot is created by enabling it in its project): ensure() then sends
    every declared field that still differs, write-only ones included, in one
    update right after the create.
    """

    kind = "resource"
    result_key = "resource"
    children_key = "children"
    # As a child: the key of the parent's result (and diff) it is reported under; None = the parent's
    # children_key.  named_child: reported by name() under that key (chroots, packages), or as the
    # key's value itself (the permissions of a project), as report_value() shows it.
    parent_key = None
    named_child = True
    identity = ()
    fields = {}
    create_sets_fields = True
    # True for a child that this run's write of its parent brought into existence (a chroot of a
    # new project, or newly added to its chroots): its write-only fields are sent as on create.
    new = False

    def __init__(self, module, params=None):
        self.module = module
        self.params = module.params if params is None else params

    @property
    def client(self):
        return self.module.client

    def options_in_use(self):
        """``{kind: [option names]}`` this task sets, for the protocol check before anything is sent.

        ``kind`` is the client's vocabulary (project, chroot); here an option counts as set
        when it is not None (a resource whose options have defaults overrides this).
        """
        return {self.kind: sorted(name for name in self.fields if self.params.get(name) is not None)}

    def label(self):
        return "/".join(str(self.params[key]) for key in self.identity)

    def name(self):
        """The last part of the identity: how a child is named in its parent's result."""
        return self.params[self.identity[-1]]

    def ident(self):
        return dict((key, self.params[key]) for key in self.identity)

    def desired(self):
        """The options the user set (None = not managed)."""
        return dict((name, self.params[name]) for name in self.fields if self.params.get(name) is not None)

    def validate(self, operation, desired, current):
        """Checks that need the server (e.g. known chroots); runs in check mode too."""

    def target(self, name, declared, current):
        """The value option ``name`` is to have after the run, given Copr's ``current`` one.

        The declared value itself, unless the option declares only part of a value
        (the permissions of the users listed): then the rest comes from ``current``.
        """
        return declared

    def predict_create(self):
        """What a created object holds before the declared options apply, for check mode: its identity."""
        return self.ident()

    def report_value(self, obj):
        """The object as the module returns it ({} when there is none)."""
        return obj or {}

    def children(self, after, before=None):
        """Resources converged right after this one, in the same module run (e.g. chroot settings of a project).

        ``before`` is the object before this run (None when it is being created).
        """
        return []

    def read(self):
        raise NotImplementedError

    def create(self, desired):
        raise NotImplementedError

    def update(self, current, delta):
        raise NotImplementedError

    def delete(self, current):
        raise NotImplementedError


class ModuleHost:
    """Runs a module as an Ansible module: AnsibleModule validates, exits and prints the result."""

    def __init__(self, argument_spec, **rules):
        self.ansible = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True, **rules)
        self.params = self.ansible.params
        self.check_mode = self.ansible.check_mode
        self.diff = self.ansible._diff
        self.environ = os.environ

    def warn(self, msg):
        self.ansible.warn(msg)

    def hide(self, values):
        """More no_log values to mask in the result (validated after AnsibleModule's own check)."""
        self.ansible.no_log_values.update(values)

    # A module can say nothing until it ends: progress lines are for the controller host only.
    shows_progress = False

    def progress(self, msg):
        """Dropped (see shows_progress)."""

    def session(self, settings):  # pylint: disable=unused-argument
        """A module run is one process: no HTTP session to share with another run."""
        return None

    def fail(self, msg, **result):
        self.ansible.fail_json(msg=msg, **result)

    def exit(self, **result):
        self.ansible.exit_json(**result)


# Host factories installed by hosted_by(); the innermost one hosts new CoprModules.
_HOST_FACTORIES = []


@contextlib.contextmanager
def hosted_by(factory):
    """Within this block, CoprModule(spec, **rules) gets its host from ``factory(spec, **rules)``."""
    _HOST_FACTORIES.append(factory)
    try:
        yield
    finally:
        _HOST_FACTORIES.pop()


DEFINITION_SPEC = dict(type="dict")


class CoprModule:
    """A host (module or controller) plus the Copr client and the shared ensure() logic.

    With ``definition=True`` the module also takes its resource options as one
    dict, ``definition`` (an item of the role's list, an export): the host
    checks each option's type only, and the options (from ``definition`` or
    set on the task, never both) are then validated together against the full
    argument spec and ``rules``.  One dict costs Ansible one template a loop
    item, where an option each costs one template per option per item.
    """

    def __init__(self, argument_spec, definition=False, checks=None, **rules):
        """``checks``: option name -> checker of copr_checks, run before anything is sent (check mode too)."""
        self._settings = None
        self._client = None
        self._owner = None
        self._api_version = None
        spec = copr_argument_spec()
        spec.update(argument_spec)
        factory = _HOST_FACTORIES[-1] if _HOST_FACTORIES else ModuleHost
        if definition:
            relaxed = dict((name, dict((key, value) for key, value in option.items() if key != "required"))
                           for name, option in spec.items())
            relaxed["definition"] = DEFINITION_SPEC
            self.host = factory(relaxed)
        else:
            self.host = factory(spec, **rules)
        self.params = self.host.params
        if definition:
            self._apply_definition(spec, argument_spec, rules)
        problems = check_options(self.params, checks or {})
        if problems:
            label = self.task_label()
            self.host.fail("%s%s; nothing was sent to Copr" % (label + ": " if label else "", "; ".join(problems)))
        if not HAS_REQUESTS:
            self.host.fail(missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)

    def _apply_definition(self, spec, resource_spec, rules):
        """Merge ``definition`` into the options and validate them all with the full spec and rules."""
        definition = self.params.get("definition") or {}
        options = dict((name, self.params[name]) for name in spec if self.params.get(name) is not None)
        if definition:
            connection = sorted(name for name in definition if name in spec and name not in resource_spec)
            if connection:
                self.fail("definition holds connection options (%s): set them on the task or in module_defaults, "
                          "not in the resource's definition" % ", ".join(connection))
            both = sorted(name for name in definition if name in resource_spec and
                          options.get(name) not in (None, resource_spec[name].get("default")))
            if both:
                self.fail("%s set both in definition and on the task: set each option in one place"
                          % ", ".join(both))
            options = dict((name, value) for name, value in options.items()
                           if name not in resource_spec or value != resource_spec[name].get("default"))
            options.update(definition)
        result = ArgumentSpecValidator(spec, **rules).validate(options)
        self.host.hide(result._no_log_values)  # pylint: disable=protected-access
        try:
            error = result.errors[0]
        except IndexError:
            error = None
        if error is not None:
            where = " in definition" if definition else ""
            if isinstance(error, UnsupportedError):
                self.fail("Unsupported parameters%s: %s" % (where, result.errors.msg))
            self.fail("%s%s" % (result.errors.msg, where))
        self.params.update(result.validated_parameters)
        self.params.pop("definition", None)

    def task_label(self):
        """What the task is about, from its options alone (no request): owner/project/name/chroot as set."""
        parts = [self.params.get(key) for key in ("owner", "project", "name", "chroot")]
        return "/".join(str(part) for part in parts if part)

    # --- what the host provides ----------------------------------------
    @property
    def check_mode(self):
        return self.host.check_mode

    @property
    def diff(self):
        return self.host.diff

    def warn(self, msg):
        self.host.warn(msg)

    @property
    def shows_progress(self):
        """Whether progress() lines reach the user while the task runs (only on the controller)."""
        return self.host.shows_progress

    def progress(self, msg):
        """A line shown while the task runs (controller host only; a module stays silent)."""
        self.host.progress(msg)

    def exit(self, **result):
        result.setdefault("retries", self.retries)
        self.host.exit(**result)

    @property
    def retries(self):
        """Requests resent in this run so far (every module result reports it as ``retries``)."""
        return self._client.transport.retries if self._client is not None else 0

    def count_retry(self):
        """Count a resend that the transport did not make (a build resubmission, a failed poll)."""
        if self._client is not None:
            self._client.transport.retries += 1

    # --- connection -------------------------------------------------------
    @property
    def api_version(self):
        """The Copr API spoken: ``api_version``, else COPR_API_VERSION, else 3."""
        if self._api_version is None:
            try:
                self._api_version = resolve_api_version(self.params.get("api_version"), self.host.environ)
            except CoprConfigError as exc:
                self.fail("Invalid Copr connection settings: %s" % exc)
        return self._api_version

    @property
    def settings(self):
        """The connection settings (resolved once, no request)."""
        if self._settings is None:
            try:
                self._settings = resolve_settings(
                    api_url=self.params["api_url"], api_login=self.params["api_login"],
                    api_token=self.params["api_token"], config_file=self.params["config_file"],
                    validate_certs=self.params["validate_certs"], timeout=self.params["timeout"],
                    environ=self.host.environ)
            except CoprError as exc:
                self.fail("Invalid Copr connection settings: %s" % exc)
            owner = self.params.get("owner")
            if owner and not owner.startswith("@"):
                self._settings.user_names.add(owner)
        return self._settings

    @property
    def client(self):
        if self._client is None:
            protocol = API_VERSIONS[self.api_version]
            settings = self.settings
            try:
                policy = resolve_retry_policy(self.params.get("retries"), self.params.get("retry_max_time"),
                                              self.params.get("retry_delay"), environ=self.host.environ)
                self._client = CoprClient(settings, protocol=protocol, warn=self.warn, retry=policy,
                                          session=self.host.session(settings))
            except CoprError as exc:
                self.fail("Invalid Copr connection settings: %s" % exc)
            if settings.api_url.startswith("http://") and not is_loopback_url(settings.api_url):
                self.warn("api_url %s is plain http: the API token travels unencrypted" % settings.api_url)
        return self._client

    def require_credentials(self, what):
        """Fail before any request when a write is coming and there are no credentials to send."""
        settings = self.settings
        if not self.check_mode and not settings.has_credentials:
            self.fail("Cannot %s: %s; %s. Nothing was sent to %s" % (
                what, settings.missing_credentials(), settings.credentials_link(), settings.api_url))

    def default_owner(self):
        """``owner`` if set, else the config's username, else who the token belongs to."""
        if self._owner is None:
            self._owner = self.params.get("owner") or self.settings.username
            if not self._owner:
                target = self.params.get("name") or self.params.get("project")
                label = "(the default owner of %s)" % target if target else "(the default owner)"
                settings = self.settings
                if not settings.has_credentials:
                    self.fail("owner is not set %s, and without credentials Copr cannot tell whose it is (%s): set "
                              "owner, or %s. Nothing was sent to %s" % (label, settings.missing_credentials(),
                                                                        settings.credentials_link(), settings.api_url))
                self._owner = self.call("find out which user the API token belongs to", label, self.client.whoami)
        return self._owner

    def missing_parent(self, kind, label, failure):
        """The project (``kind`` ``label``) a task works in does not exist.

        Outside check mode: fail with ``failure``.  In check mode the project may
        be created by an earlier task of the same run (check mode only predicted
        it): warn and return, so that the caller reports what it would do.
        """
        if not self.check_mode:
            self.fail(failure)
        self.warn("%s %s does not exist (yet): check mode shows what this task would do once it exists, for "
                  "example when an earlier task creates it; run for real, the task fails if it still does not "
                  "exist" % (kind, label))

    def unsupported_options(self, kind, names):
        """The sorted option ``names`` of ``kind`` that the Copr API in use cannot express.

        ``names`` are the option names the task set, or a dict of them to the names the
        client knows them by (``build_timeout`` -> ``timeout``, ``srpm`` -> ``upload``).
        ``kind``: project, chroot, build_source, build_option, build_state, build_query.
        """
        if not isinstance(names, dict):
            names = dict((name, name) for name in names)
        bad = set(self.client.unsupported(kind, list(names.values())))
        return sorted(option for option, name in names.items() if name in bad)

    def require_supported(self, kind, names):
        """Fail, before anything is sent, when the Copr API in use cannot express these options."""
        rejected = self.unsupported_options(kind, names)
        if rejected:
            self.fail(unsupported_message(rejected, self.api_version))

    def require_supported_resource(self, resource):
        """Fail, before anything is sent, naming every option of ``resource`` (and its children) the API cannot express."""
        rejected = []
        for kind, names in resource.options_in_use().items():
            rejected.extend(option for option in self.unsupported_options(kind, names) if option not in rejected)
        if rejected:
            self.fail(unsupported_message(rejected, self.api_version))

    # --- failures ---------------------------------------------------------
    def fail(self, msg, **kwargs):
        kwargs.setdefault("retries", self.retries)
        self.host.fail(msg, **kwargs)

    def call(self, action, label, func, *args, **kwargs):
        """Run a client call; a Copr error fails the task as "Failed to <action> <label>: ..."."""
        try:
            return func(*args, **kwargs)
        except CoprApiError as exc:
            self.fail("Failed to %s %s: %s" % (action, label, exc), status=exc.status)
        except CoprError as exc:
            self.fail("Failed to %s %s: %s" % (action, label, exc))
        except Exception as exc:  # pylint: disable=broad-except
            self.fail("Failed to %s %s: unexpected %s: %s" % (action, label, exc.__class__.__name__, exc),
                      exception=traceback.format_exc())
        return None  # not reached: fail() exits

    # --- the shared state engine -----------------------------------------
    def delta(self, resource, desired, current):
        """Options whose declared value differs from what Copr has (write-only ones excluded)."""
        changed = {}
        for name, value in desired.items():
            field = resource.fields[name]
            if field.write_only:
                continue
            value = resource.target(name, value, current.get(name))
            if field.normalise(value) != field.normalise(current.get(name)):
                if not field.clearable and field.normalise(value) is None:
                    self.fail("Cannot clear %s of %s %s: Copr's API cannot clear it once set (it stays %r)"
                              % (name, resource.kind, resource.label(), current.get(name)))
                changed[name] = value
        return changed

    def ensure(self, resource):
        """Converge ``resource`` (then its children) to the declared state and exit the module."""
        self.require_supported_resource(resource)
        self.require_credentials("%s %s" % ("delete" if resource.params.get("state") == "absent" else "converge",
                                            "%s %s" % (resource.kind, resource.label())))
        outcome = self.converge(resource)
        children = []
        if outcome["after"] is not None:
            children = [self.converge(child) for child in resource.children(outcome["after"], outcome["before"])]
        self.report(resource, outcome, children)

    @staticmethod
    def _read(resource):
        """resource.read(), or the MissingParent it raised."""
        try:
            return resource.read()
        except MissingParent as exc:
            return exc

    def converge(self, resource):
        """Read, compare, validate and (unless in check mode) write one resource.

        Returns the operation (None when nothing differs), the object before
        and after (predicted in check mode, as Copr reported it otherwise),
        the declared options and the changes sent (or to send).
        """
        state = resource.params.get("state") or "present"
        label = resource.label()
        desired = resource.desired()
        current = self.call("read", "%s %s" % (resource.kind, label), self._read, resource)
        if isinstance(current, MissingParent):
            self.missing_parent(current.kind, current.label, "Failed to read %s %s: %s" % (resource.kind, label, current))
            current = None
            if state == "absent":
                return {"resource": resource, "operation": None, "before": None, "after": None,
                        "desired": desired, "changes": {}}

        write_only = sorted(name for name in desired if resource.fields[name].write_only)
        if state == "absent":
            operation = "delete" if current is not None else None
            changes = {}
        elif current is None:
            operation = "create"
            changes = desired
        else:
            changes = self.delta(resource, desired, current)
            if write_only and (resource.new or resource.params.get("write_only") == "always"):
                changes.update((name, desired[name]) for name in write_only)
            elif write_only:
                them = "them" if len(write_only) > 1 else "it"
                self.warn("%s of %s %s: Copr never returns %s, so %s cannot be compared and %s sent only when the %s "
                          "is created; this run did not send %s (write_only: always sends %s on every run)"
                          % (", ".join(write_only), resource.kind, label, them, "they" if them == "them" else "it",
                             "are" if them == "them" else "is", resource.kind, them, them))
            operation = "update" if changes else None

        if operation is not None:
            self.call("validate", "%s %s" % (resource.kind, label), resource.validate, operation, changes, current)

        after = current
        if operation is not None and not self.check_mode:
            after = self.write(resource, operation, current, changes, desired)
        elif operation is not None:
            after = self.predict(resource, operation, current, changes)
        return {"resource": resource, "operation": operation, "before": current, "after": after, "desired": desired,
                "changes": changes}

    def predict(self, resource, operation, current, changes):
        if operation == "delete":
            return None
        after = dict(current or resource.predict_create())
        after.update((name, value) for name, value in changes.items() if not resource.fields[name].write_only)
        return after

    def write(self, resource, operation, current, changes, desired):
        label = "%s %s" % (resource.kind, resource.label())
        if operation == "delete":
            self.call("delete", label, resource.delete, current)
            return None
        if operation == "update":
            return self.call("update", label, resource.update, current, changes)
        created = self.call("create", label, resource.create, changes)
        # Copr may hand back an existing object (exist_ok after a retry or a race)
        # or ignore some fields on create: converge what still differs.
        rest = self.delta(resource, desired, created)
        if not resource.create_sets_fields:
            rest.update((name, value) for name, value in desired.items() if resource.fields[name].write_only)
        if rest:
            created = self.call("update", label, resource.update, created, rest)
        return created

    def report(self, resource, outcome, children):
        """Exit with the resource, the operation, and the diff; children are reported by label."""
        operation = outcome["operation"]
        if operation is None and any(child["operation"] for child in children):
            operation = "update"
        output = {"changed": operation is not None, resource.result_key: resource.report_value(outcome["after"])}
        output.update(self.children_view(resource, children, lambda child: child["after"]))
        if operation is not None:
            output["operation"] = operation
        if self.diff:
            diff = {}
            for side in ("before", "after"):
                diff[side] = self.diff_view(outcome, side)
                views = self.children_view(resource, children, lambda child, side=side: self.diff_view(child, side))
                if diff[side]:
                    diff[side].update(views)
            output["diff"] = diff
        self.exit(**output)

    @staticmethod
    def children_view(resource, children, pick):
        """The children's outcomes (``pick(outcome)``) as their parent reports them: {key: value}.

        Children go under their ``parent_key`` (else the parent's ``children_key``), keyed
        by name (chroot settings by chroot, packages by package); a child that is one
        value of its parent (``named_child`` false: the project's permissions) is that
        key's value itself.
        """
        views = {}
        for child in children:
            child_resource = child["resource"]
            key = child_resource.parent_key or resource.children_key
            value = child_resource.report_value(pick(child))
            if child_resource.named_child:
                views.setdefault(key, {})[child_resource.name()] = value
            else:
                views[key] = value
        return views

    @staticmethod
    def diff_view(outcome, side):
        """One side of a converge outcome, limited to its identity and the managed options ({} when absent).

        Write-only options appear on the after side when they are sent (Copr never shows them).
        """
        resource, obj, desired = outcome["resource"], outcome[side], outcome["desired"]
        if obj is None:
            return {}
        if outcome["operation"] == "delete":
            keys = list(resource.identity) + [name for name, field in resource.fields.items() if not field.write_only]
        else:
            keys = list(resource.identity) + [name for name in desired if not resource.fields[name].write_only]
        view = dict((key, obj.get(key)) for key in keys if key in obj)
        if side == "after" and outcome["operation"] in ("create", "update"):
            view.update((name, value) for name, value in outcome.get("changes", {}).items()
                        if resource.fields[name].write_only)
        return view
