# -*- coding: utf-8 -*-
# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The action plugins' base: run a copr.copr module's own ``main()`` in the controller.

Copr tasks only talk HTTP, so they almost always run on the controller
(``hosts: localhost``, ``connection: local`` or ``delegate_to: localhost``).
There, starting a module process costs 0.3-0.7 s while its requests take
milliseconds.  When the task runs on the controller, the action plugin of the
same name imports the module and runs its ``main()`` in the worker process,
with a :class:`ControllerHost` in place of AnsibleModule: same argument
validation and messages, check mode, diff, warnings, ``no_log`` censoring,
and the same result.  Anything else (another host, ``async``, ``become``,
no ``requests`` on the controller, or the switch below) runs the module as
usual.

The switch: ``COPR_EXECUTION=module`` in the environment (the controller's or
the task's ``environment:``), or in ansible.cfg::

    [copr.copr]
    execution = module

``auto`` (the default) runs on the controller whenever the task does.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import configparser
import functools
import hashlib
import importlib
import os
import sys
import traceback

from ansible import constants as C
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.common.parameters import remove_values
from ansible.module_utils.errors import UnsupportedError
from ansible.plugins.action import ActionBase
from ansible.utils.display import Display
from ansible.utils.vars import merge_hash

from ansible_collections.copr.copr.plugins.module_utils import copr_transport
from ansible_collections.copr.copr.plugins.module_utils.copr_checks import plain_data
from ansible_collections.copr.copr.plugins.module_utils.copr_module import hosted_by

display = Display()

EXECUTION_ENV = "COPR_EXECUTION"
EXECUTION_INI_SECTION = "copr.copr"
EXECUTION_INI_KEY = "execution"
EXECUTION_CHOICES = ("auto", "module")
MODULES_PACKAGE = "ansible_collections.copr.copr.plugins.modules"

# Secrets a task may set in environment: -> the option (and its alias) each stands for.
SECRET_VARIABLES = {"COPR_LOGIN": ("api_login", "login"), "COPR_TOKEN": ("api_token", "token")}

REQUESTS_MISSING = ("The controller's Python (%s) has no 'requests', so copr.copr runs its modules as separate "
                    "processes (0.3-0.7 s each). Install requests next to ansible-core (pip install requests) "
                    "to run them in the controller at network speed.")

# HTTP sessions of this worker process (one task, all its loop items), by connection settings:
# keep-alive across loop items, never one session for two sets of credentials.
_SESSIONS = {}


def session_key(settings):
    token = hashlib.sha256((settings.api_token or "").encode("utf-8")).hexdigest()
    return (settings.api_url, settings.api_login or "", token, bool(settings.validate_certs))


def pooled_session(settings):
    """The worker's keep-alive session for exactly these connection settings."""
    key = session_key(settings)
    if key not in _SESSIONS:
        _SESSIONS[key] = copr_transport.requests.Session()
    return _SESSIONS[key]


class TaskExit(BaseException):
    """How a module run on the controller ends: its result (BaseException, like SystemExit for a module)."""

    def __init__(self, result):
        super(TaskExit, self).__init__("module exit")
        self.result = result


class TaskRun:
    """What the controller host needs to know about the task being run."""

    def __init__(self, name, args, check_mode=False, diff=False, environ=None, progress=None,
                 inject_invocation=False, session=None):
        self.name = name
        # What a module process gets (JSON): plain data, without Ansible's tags,
        # which validation would otherwise deep-copy value by value.
        self.args = plain_data(args, strict=False)
        self.check_mode = bool(check_mode)
        self.diff = bool(diff)
        self.environ = os.environ if environ is None else environ
        self.progress = progress or (lambda msg: None)
        self.inject_invocation = inject_invocation
        self.session = session or (lambda settings: None)


class ControllerHost:
    """AnsibleModule's part of a module run, done in the controller's worker process.

    Validation uses the argument spec the module passes, with AnsibleModule's
    messages; exit() and fail() raise :class:`TaskExit` carrying the result,
    censored of every ``no_log`` value as AnsibleModule censors it.
    """

    def __init__(self, task, argument_spec, **rules):
        self.task = task
        self.check_mode = task.check_mode
        self.diff = task.diff
        self.environ = task.environ
        self.warnings = []
        self.no_log_values = set()
        validator = ArgumentSpecValidator(argument_spec, **rules)
        result = validator.validate(dict(task.args))
        self.params = dict(task.args)
        self.params.update(result.validated_parameters)
        self.no_log_values.update(result._no_log_values)  # pylint: disable=protected-access
        for item in result._warnings:  # pylint: disable=protected-access
            self.warn("Both option {option} and its alias {alias} are set.".format(**item))
        try:
            error = result.errors[0]
        except IndexError:
            error = None
        if error is not None:
            msg = result.errors.msg
            if isinstance(error, UnsupportedError):
                msg = "Unsupported parameters for ({0}) module: {1}".format(task.name, msg)
            self.fail(msg)

    def warn(self, msg):
        if msg not in self.warnings:
            self.warnings.append(msg)

    def hide(self, values):
        """More no_log values to mask in the result."""
        self.no_log_values.update(values)

    shows_progress = True

    def progress(self, msg):
        self.task.progress(msg)

    def session(self, settings):
        return self.task.session(settings)

    def fail(self, msg, **result):
        result.update(failed=True, msg=str(msg))
        self._end(result)

    def exit(self, **result):
        self._end(result)

    def _end(self, result):
        if self.warnings:
            result["warnings"] = list(self.warnings)
        if self.task.inject_invocation:
            result["invocation"] = {"module_args": self.params}
        # As AnsibleModule: booleans and None survive, every no_log value is masked everywhere else.
        preserved = dict((key, value) for key, value in result.items() if value is None or isinstance(value, bool))
        result = remove_values(result, self.no_log_values)
        result.update(preserved)
        raise TaskExit(result)


def run_on_controller(module_main, task):
    """Run a module's ``main()`` with a ControllerHost; return its result dict."""
    try:
        with hosted_by(functools.partial(ControllerHost, task)):
            module_main()
    except TaskExit as exc:
        return exc.result
    return {"failed": True, "msg": "%s ended without a result" % task.name}


def execution_setting(environ, config_file):
    """``auto`` or ``module``, from COPR_EXECUTION, else ansible.cfg [copr.copr] execution, else auto."""
    value = environ.get(EXECUTION_ENV)
    where = "the environment variable %s" % EXECUTION_ENV
    if not value and config_file and os.path.isfile(config_file):
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read(config_file)
        except configparser.Error:
            parser = None
        if parser is not None and parser.has_option(EXECUTION_INI_SECTION, EXECUTION_INI_KEY):
            value = parser.get(EXECUTION_INI_SECTION, EXECUTION_INI_KEY)
            where = "%s ([%s] %s)" % (config_file, EXECUTION_INI_SECTION, EXECUTION_INI_KEY)
    value = (value or "auto").strip().lower()
    if value not in EXECUTION_CHOICES:
        raise ValueError("%s is %r: use one of %s" % (where, value, ", ".join(EXECUTION_CHOICES)))
    return value


class CoprAction(ActionBase):
    """Base of every copr.copr action plugin: set ``module_name`` to the module's name."""

    module_name = None
    _supports_check_mode = True
    _supports_async = True

    def run(self, tmp=None, task_vars=None):
        result = super(CoprAction, self).run(tmp, task_vars)
        del tmp  # no longer has any effect
        task_vars = task_vars or {}
        task_env = {}
        self._compute_environment_string(task_env)
        environ = dict(os.environ)
        environ.update((str(key), str(value)) for key, value in task_env.items())
        try:
            where = self.module_path_reason(environ)
        except ValueError as exc:
            result.update(failed=True, msg="Invalid copr.copr execution setting: %s" % exc)
            return result
        if where is None:
            return merge_hash(result, self.run_here(environ, task_vars))
        if where == "requests":
            display.warning(REQUESTS_MISSING % os.path.realpath(sys.executable))
        return merge_hash(result, self.run_module(task_env, task_vars))

    def run_module(self, task_env, task_vars):
        """Run the module as a process, with credentials from ``environment:`` passed as no_log options.

        ansible-core prints a module's environment in its command line at -vvv;
        COPR_LOGIN and COPR_TOKEN set on the task therefore travel as the options
        they stand for (same precedence: below task options, above the config file).
        """
        module_args = dict(self._task.args)
        moved = False
        for variable, names in SECRET_VARIABLES.items():
            if variable in task_env:
                if task_env[variable] and not any(module_args.get(name) for name in names):
                    module_args[names[0]] = task_env[variable]
                moved = True
        saved = self._task.environment
        if moved:
            self._task.environment = [dict((key, value) for key, value in task_env.items()
                                           if key not in SECRET_VARIABLES)]
        try:
            wrap_async = bool(self._task.async_val)
            result = self._execute_module(module_args=module_args, task_vars=task_vars, wrap_async=wrap_async)
            if not wrap_async:
                self._remove_tmp_path(self._connection._shell.tmpdir)
            return result
        finally:
            self._task.environment = saved

    def module_path_reason(self, environ):
        """Why this task must run the module as a process, or None to run it here."""
        if execution_setting(environ, C.CONFIG_FILE) == "module":
            return "forced"
        if getattr(self._connection, "transport", None) != "local":
            return "remote"
        if self._task.async_val:
            return "async"
        if self._play_context.become:
            return "become"
        if not copr_transport.HAS_REQUESTS:
            return "requests"
        return None

    def run_here(self, environ, task_vars):
        try:
            inject = C.config.get_config_value("INJECT_INVOCATION", variables=task_vars)
        except Exception:  # pylint: disable=broad-except
            inject = True  # ansible-core < 2.21 has no such setting: modules always report it
        task = TaskRun(self._task.action, self._task.args, check_mode=self._task.check_mode, diff=self._task.diff,
                       environ=environ, progress=display.display, inject_invocation=bool(inject),
                       session=pooled_session)
        try:
            main = importlib.import_module("%s.%s" % (MODULES_PACKAGE, self.module_name)).main
            return run_on_controller(main, task)
        except Exception as exc:  # pylint: disable=broad-except
            return {"failed": True, "exception": traceback.format_exc(),
                    "msg": "%s failed on the controller: %s: %s" % (self._task.action, exc.__class__.__name__, exc)}
