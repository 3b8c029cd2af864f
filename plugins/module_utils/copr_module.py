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

from ansible_collections.copr.copr.plugins.module_utils.copr_api import (
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    CoprApiError,
    CoprClient,
    CoprError,
    resolve_settings,
)
from ansible_collections.copr.copr.plugins.module_utils.copr_transport import resolve_retry_policy


def copr_argument_spec():
    """Connection options shared by every module (documented in doc_fragments/copr.py)."""
    return dict(
        api_url=dict(type="str", aliases=["copr_url"]),
        api_login=dict(type="str", aliases=["login"], no_log=True),
        api_token=dict(type="str", aliases=["token"], no_log=True),
        config_file=dict(type="path"),
        validate_certs=dict(type="bool", default=True),
        timeout=dict(type="float", default=30.0),
        # The retry budget; None = COPR_RETRIES / COPR_RETRY_MAX_TIME / COPR_RETRY_DELAY, else the defaults.
        retries=dict(type="int"),
        retry_max_time=dict(type="float"),
        retry_delay=dict(type="float"),
    )


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


class CoprResource:
    """A resource description: what a module declares, the base does the rest.

    Subclasses set ``kind`` (for messages), ``result_key`` (return key),
    ``identity`` (option names that name the object) and ``fields`` (option
    name -> Field) and implement read/create/update/delete with the client.
    Every method receives and returns dicts in option names.

    ``create_sets_fields`` is False when create() only makes the object exist
    (a chroot is created by enabling it in its project): ensure() then sends
    every declared field that still differs, write-only ones included, in one
    update right after the create.
    """

    kind = "resource"
    result_key = "resource"
    children_key = "children"
    identity = ()
    fields = {}
    create_sets_fields = True

    def __init__(self, module, params=None):
        self.module = module
        self.params = module.params if params is None else params

    @property
    def client(self):
        return self.module.client

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

    def children(self, after):
        """Resources converged right after this one, in the same module run (e.g. chroot settings of a project)."""
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


class CoprModule:
    """A host (module or controller) plus the Copr client and the shared ensure() logic."""

    def __init__(self, argument_spec, **rules):
        spec = copr_argument_spec()
        spec.update(argument_spec)
        factory = _HOST_FACTORIES[-1] if _HOST_FACTORIES else ModuleHost
        self.host = factory(spec, **rules)
        self.params = self.host.params
        if not HAS_REQUESTS:
            self.host.fail(missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)
        self._client = None
        self._owner = None

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
    def client(self):
        if self._client is None:
            try:
                settings = resolve_settings(
                    api_url=self.params["api_url"], api_login=self.params["api_login"],
                    api_token=self.params["api_token"], config_file=self.params["config_file"],
                    validate_certs=self.params["validate_certs"], timeout=self.params["timeout"],
                    environ=self.host.environ)
                policy = resolve_retry_policy(self.params.get("retries"), self.params.get("retry_max_time"),
                                              self.params.get("retry_delay"), environ=self.host.environ)
                self._client = CoprClient(settings, warn=self.warn, retry=policy, session=self.host.session(settings))
            except CoprError as exc:
                self.fail("Invalid Copr connection settings: %s" % exc)
            if settings.api_url.startswith("http://"):
                self.warn("api_url %s is plain http: the API token travels unencrypted" % settings.api_url)
        return self._client

    def default_owner(self):
        """``owner`` if set, else the config's username, else who the token belongs to."""
        if self._owner is None:
            self._owner = self.params.get("owner") or self.client.settings.username
            if not self._owner:
                target = self.params.get("name") or self.params.get("project")
                label = "(the default owner of %s)" % target if target else "(the default owner)"
                self._owner = self.call("find out which user the API token belongs to", label, self.client.whoami)
        return self._owner

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
            if field.normalise(value) != field.normalise(current.get(name)):
                if not field.clearable and field.normalise(value) is None:
                    self.fail("Cannot clear %s of %s %s: Copr's API cannot clear it once set (it stays %r)"
                              % (name, resource.kind, resource.label(), current.get(name)))
                changed[name] = value
        return changed

    def ensure(self, resource):
        """Converge ``resource`` (then its children) to the declared state and exit the module."""
        outcome = self.converge(resource)
        children = []
        if outcome["after"] is not None:
            children = [self.converge(child) for child in resource.children(outcome["after"])]
        self.report(resource, outcome, children)

    def converge(self, resource):
        """Read, compare, validate and (unless in check mode) write one resource.

        Returns the operation (None when nothing differs), the object before
        and after (predicted in check mode, as Copr reported it otherwise),
        and the declared options.
        """
        state = resource.params.get("state") or "present"
        label = resource.label()
        desired = resource.desired()
        current = self.call("read", "%s %s" % (resource.kind, label), resource.read)

        write_only = sorted(name for name in desired if resource.fields[name].write_only)
        if state == "absent":
            operation = "delete" if current is not None else None
            changes = {}
        elif current is None:
            operation = "create"
            changes = desired
        else:
            changes = self.delta(resource, desired, current)
            operation = "update" if changes else None
            if write_only:
                self.warn("%s of %s %s cannot be read back from Copr: applied only when it is created, "
                                  "not compared or sent now" % (", ".join(write_only), resource.kind, label))

        if operation is not None:
            self.call("validate", "%s %s" % (resource.kind, label), resource.validate, operation, changes, current)

        after = current
        if operation is not None and not self.check_mode:
            after = self.write(resource, operation, current, changes, desired)
        elif operation is not None:
            after = self.predict(resource, operation, current, changes)
        return {"resource": resource, "operation": operation, "before": current, "after": after, "desired": desired}

    def predict(self, resource, operation, current, changes):
        if operation == "delete":
            return None
        after = dict(current or resource.ident())
        after.update(changes)
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
        output = {"changed": operation is not None, resource.result_key: outcome["after"] or {}}
        if children:
            output[resource.children_key] = dict((child["resource"].name(), child["after"] or {}) for child in children)
        if operation is not None:
            output["operation"] = operation
        if self.diff:
            diff = {}
            for side in ("before", "after"):
                diff[side] = self.diff_view(resource, outcome[side], outcome["desired"], outcome["operation"])
                views = dict((child["resource"].name(),
                              self.diff_view(child["resource"], child[side], child["desired"], child["operation"]))
                             for child in children)
                if views and diff[side]:
                    diff[side][resource.children_key] = views
            output["diff"] = diff
        self.exit(**output)

    @staticmethod
    def diff_view(resource, obj, desired, operation):
        """The object limited to its identity and the managed options ({} when absent)."""
        if obj is None:
            return {}
        if operation == "delete":
            keys = list(resource.identity) + [name for name, field in resource.fields.items() if not field.write_only]
        else:
            keys = list(resource.identity) + [name for name in desired if not resource.fields[name].write_only]
        return dict((key, obj.get(key)) for key in keys if key in obj)
