# -*- coding: utf-8 -*-
# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What every Copr protocol shares: settings, errors and the HTTP transport.

No Ansible here: the protocol backends (copr_api_v3.py, ...) and the client
in copr_api.py stand on this file, and it can be unit-tested alone.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import configparser
import os
import random
import re
import time

try:
    from urllib.parse import urljoin, urlsplit
except ImportError:  # pragma: no cover - Python 2
    from urlparse import urljoin, urlsplit  # type: ignore

try:
    import requests
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - exercised by the sanity import test
    requests = None
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = exc

COLLECTION_VERSION = "0.1.0"
DEFAULT_API_URL = "https://copr.fedorainfracloud.org"
DEFAULT_CONFIG_FILE = "~/.config/copr"
DEFAULT_TIMEOUT = 30.0
USER_AGENT = "copr.copr-ansible-collection/%s" % COLLECTION_VERSION

# Copr's ActionInProgressException comes back as HTTP 500; it clears by itself.
ACTION_IN_PROGRESS = re.compile(r"operation (is )?in progress", re.IGNORECASE)
# Gateway answers (Apache in front of Copr): the request may or may not have been processed.
RETRY_STATUSES = frozenset([502, 503, 504])
IDEMPOTENT_METHODS = frozenset(["GET", "PUT", "DELETE"])
# Redirects: 307/308 keep the method and body; 301/302/303 make HTTP clients send a GET.
REDIRECT_STATUSES = frozenset([301, 302, 303, 307, 308])
MAX_REDIRECTS = 5
# Copr's 404 for an owner that is no user ("owner: qa" meant "@qa").
NO_SUCH_USER = re.compile(r"No such user `([^'`]+)'")

# The retry budget (options retries, retry_max_time, retry_delay; doc_fragments/copr.py).
DEFAULT_RETRIES = 6
DEFAULT_RETRY_MAX_TIME = 90.0
DEFAULT_RETRY_DELAY = 1.0
RETRY_ENV = {"retries": "COPR_RETRIES", "retry_max_time": "COPR_RETRY_MAX_TIME", "retry_delay": "COPR_RETRY_DELAY"}

# What CoprTransport.request(retry=...) resends after a failure:
# True: every transient failure (no answer, 502/503/504, "operation in progress").
#   For requests whose repetition is harmless: GET, PUT and DELETE (edits send the
#   whole wanted value; a DELETE answered 404 after an ambiguous attempt is done,
#   see CoprApiError.after_ambiguity) and POSTs made safe (project add with exist_ok).
# RETRY_UNPROCESSED: only failures that prove nothing was processed (the connection
#   was refused, "operation in progress").  For POSTs that must never run twice
#   (build submissions): their other failures are ambiguous, and the caller decides.
# False: never.
RETRY_UNPROCESSED = "unprocessed"


class CoprError(Exception):
    """Base class: every failure the client reports is one of these."""


class CoprConfigError(CoprError):
    """The settings are unusable (missing config file, bad URL, ...)."""


class CoprUnsupportedError(CoprConfigError):
    """The protocol cannot express what was asked; raised before any request is sent."""


class EveryName(object):
    """The ``SUPPORTED`` set of a protocol that expresses every option name (APIv3)."""

    def __contains__(self, name):
        return True

    def __repr__(self):
        return "EveryName()"


EVERY_NAME = EveryName()


def unsupported_names(supported, kind, names):
    """The sorted ``names`` (option names, or a dict of them) that ``supported[kind]`` lacks.

    ``kind`` is project, chroot, build_source or build_option; an unknown kind is a ValueError.
    """
    if kind not in supported:
        raise ValueError("Unknown kind %r (known: %s)" % (kind, ", ".join(sorted(supported))))
    return sorted(set(name for name in names if name not in supported[kind]))


class CoprApiError(CoprError):
    """Copr (or the network) refused a request.

    ``status`` is the HTTP status or None when no answer arrived; ``error`` is
    the server's ``error`` text.  ``ambiguous`` marks a non-idempotent request
    whose fate is unknown: a gateway answered 502/503/504 (Copr may still have
    processed it) or the connection dropped after sending it.

    ``sent`` is False when the request surely never reached the server
    (connection refused), True or None otherwise.  ``retryable`` False says a
    failure without an answer is not worth retrying (a TLS error).
    ``after_ambiguity`` marks the answer to a *resent* request after an earlier
    attempt whose fate is unknown: a 404 on a DELETE then means the first one
    did it.  ``attempts`` is how many times the request was sent.  ``body`` is
    the decoded JSON body of the answer (None when it was not JSON); it is never
    part of the message.
    """

    def __init__(self, error, status=None, hint=None, ambiguous=False, sent=None, retryable=True, body=None):
        self.error = error
        self.status = status
        self.hint = hint
        self.ambiguous = ambiguous
        self.body = body
        self.sent = sent
        self.retryable = retryable
        self.after_ambiguity = False
        self.attempts = 1
        super(CoprApiError, self).__init__(str(self))

    def __str__(self):
        text = self.error.rstrip()
        if self.status is not None:
            text = "%s (HTTP %s)" % (text, self.status)
        if self.hint:
            text = "%s; %s" % (text, self.hint)
        return text


# --------------------------------------------------------------------------
# Settings
# --------------------------------------------------------------------------

class CoprSettings:
    """Resolved connection settings.  ``repr`` never shows the token.

    ``sources`` says where each setting came from (``copr_url``, ``login``,
    ``token``, ``username`` -> a description such as "the task option
    api_token"); ``token_expiration`` is the date of the config file's
    ``# expiration date:`` comment when the token came from that file.
    """

    def __init__(self, api_url, api_login=None, api_token=None, username=None,
                 validate_certs=True, timeout=DEFAULT_TIMEOUT, config_file=None, sources=None,
                 token_expiration=None, searched_config=None):
        self.api_url = api_url
        self.api_login = api_login
        self.api_token = api_token
        self.username = username
        self.validate_certs = validate_certs
        self.timeout = timeout
        self.config_file = config_file
        self.sources = dict(sources or {})
        self.token_expiration = token_expiration
        # The config file that was looked for when none was named (and did not exist), for messages.
        self.searched_config = searched_config
        # User names the task mentions (owner): an api_login equal to one of them is a user name.
        self.user_names = set()

    @property
    def has_credentials(self):
        return bool(self.api_login and self.api_token)

    def __repr__(self):
        return "CoprSettings(api_url=%r, api_login=%s, api_token=%s, username=%r, config_file=%r)" % (
            self.api_url, "<set>" if self.api_login else None, "<set>" if self.api_token else None,
            self.username, self.config_file)

    # --- messages about the credentials (never their values) ---------------
    def _config_place(self):
        if self.config_file:
            return "the config file %s" % self.config_file
        return "no config file (%s does not exist)" % (self.searched_config or DEFAULT_CONFIG_FILE)

    def missing_credentials(self):
        """What is missing and where it was looked for ("" when both halves are there)."""
        if self.has_credentials:
            return ""
        if not self.api_login and not self.api_token:
            where = "none in the task options (api_login, api_token), none in the environment (COPR_LOGIN, COPR_TOKEN)"
            where += (", none in %s" % self._config_place()) if self.config_file else (", and %s" % self._config_place())
            text = "no Copr API login and token: %s" % where
        else:
            have, lack, option, env, key = (("API token", "API login", "api_login", "COPR_LOGIN", "login")
                                            if self.api_token else
                                            ("API login", "API token", "api_token", "COPR_TOKEN", "token"))
            source = self.sources.get("token" if self.api_token else "login")
            where = "no task option %s, no %s in the environment, " % (option, env)
            where += ("no %s in %s" % (key, self._config_place())) if self.config_file else self._config_place()
            text = "an %s (from %s) but no %s: %s" % (have, source, lack, where)
        return text

    def credentials_link(self):
        return "get the login and token at %s/api" % self.api_url

    def credentials_origin(self):
        """Where the login and token came from, e.g. "both came from the environment variables ..."."""
        given = "the settings the client was given"
        login, token = self.sources.get("login", given), self.sources.get("token", given)
        if _plural_source(login) == _plural_source(token):
            return "both came from %s" % _plural_source(login)
        return "the login came from %s and the token from %s (do they belong together?)" % (login, token)

    def rejected_hint(self):
        """Where the credentials Copr refused (401) came from, and what to check (one renew link)."""
        parts = [self.credentials_origin()]
        if self.token_expiration and self.token_expiration < time.strftime("%Y-%m-%d"):
            parts.append("its '# expiration date' comment says the token expired on %s: renew it at %s/api"
                         % (self.token_expiration, self.api_url))
        elif self.api_login and (self.api_login in self.user_names or self.api_login == self.username):
            parts.append("the API login is set to your Copr user name, but it is the random login shown next to "
                         "the token at %s/api" % self.api_url)
        elif self.api_login and not re.match(r"^[a-z]+$", self.api_login):
            parts.append("the API login has characters other than lowercase letters, which Copr's API logins never "
                         "have: is it a user name? Copy the random login shown next to the token at %s/api"
                         % self.api_url)
        else:
            parts.append("Copr answers the same for a wrong token, an expired one (tokens last 180 days) and a login "
                         "that is not the API login; get or renew them at %s/api" % self.api_url)
        return "; ".join(parts)


def _plural_source(source):
    """'the task option api_login' -> 'the task options (api_login, api_token)' for both halves."""
    if source.startswith("the task option"):
        return "the task options api_login and api_token"
    if source.startswith("the environment"):
        return "the environment variables COPR_LOGIN and COPR_TOKEN"
    return source


def read_config_file(path):
    """Read a copr-cli config file (INI, section ``[copr-cli]``).

    Returns a dict with the keys found among copr_url, login, token, username,
    plus ``expiration`` from the ``# expiration date: YYYY-MM-DD`` comment that
    Copr's /api page and copr-cli write.
    Raises CoprConfigError when the file cannot be read or lacks the section.
    """
    parser = configparser.ConfigParser()
    try:
        with open(path) as handle:
            text = handle.read()
        parser.read_string(text)
    except (IOError, OSError) as exc:
        raise CoprConfigError("Cannot read the Copr config file %s: %s" % (path, exc.strerror or exc))
    except configparser.Error as exc:
        raise CoprConfigError("Cannot parse the Copr config file %s: %s" % (path, exc.__class__.__name__))
    if not parser.has_section("copr-cli"):
        raise CoprConfigError("The Copr config file %s has no [copr-cli] section" % path)
    section = parser["copr-cli"]
    values = dict((key, section.get(key).strip()) for key in ("copr_url", "login", "token", "username")
                  if section.get(key) and section.get(key).strip())
    expiration = re.search(r"^\s*[#;]\s*expiration date:\s*(\d{4}-\d{2}-\d{2})", text, re.MULTILINE | re.IGNORECASE)
    if expiration:
        values["expiration"] = expiration.group(1)
    return values


def _expand_user(path, environ):
    """``~`` expanded with the HOME of ``environ`` (the task's environment on the controller host)."""
    home = environ.get("HOME")
    if home and (path == "~" or path.startswith("~/")):
        return home + path[1:]
    return os.path.expanduser(path)


# A frontend URL given with the API prefix: accepted, the prefix is added to every request anyway.
API_PREFIX_SUFFIX = re.compile(r"/api_3/*$")


def resolve_settings(api_url=None, api_login=None, api_token=None, username=None,
                     config_file=None, validate_certs=True, timeout=None, environ=None):
    """Merge settings: explicit arguments, then COPR_* environment, then the config file.

    An explicitly named config file (argument or COPR_CONFIG) must be readable;
    the default ``~/.config/copr`` is optional, as in copr-cli.  A URL ending in
    ``/api_3`` is accepted as the frontend URL without it.
    """
    environ = os.environ if environ is None else environ
    explicit = {"copr_url": api_url, "login": api_login, "token": api_token, "username": username}
    option_names = {"copr_url": "api_url", "login": "api_login", "token": "api_token", "username": "username"}
    env_names = {"copr_url": "COPR_URL", "login": "COPR_LOGIN", "token": "COPR_TOKEN", "username": "COPR_USERNAME"}
    from_env = dict((key, environ.get(name)) for key, name in env_names.items())

    config_path = config_file or environ.get("COPR_CONFIG")
    from_file = {}
    searched = None
    if config_path:
        config_path = _expand_user(config_path, environ)
        from_file = read_config_file(config_path)
    else:
        default_path = _expand_user(DEFAULT_CONFIG_FILE, environ)
        if os.path.isfile(default_path):
            config_path = default_path
            from_file = read_config_file(default_path)
        else:
            config_path = None
            searched = default_path

    sources = {}

    def pick(key):
        for source, where in ((explicit, "the task option %s" % option_names[key]),
                              (from_env, "the environment variable %s" % env_names[key]),
                              (from_file, "the config file %s" % config_path)):
            if source.get(key):
                sources[key] = where
                return source[key]
        return None

    url = pick("copr_url") or DEFAULT_API_URL
    if "copr_url" not in sources:
        sources["copr_url"] = "the default"
    url = API_PREFIX_SUFFIX.sub("", url.strip()).rstrip("/")
    if not re.match(r"^https?://[^/\s]+", url):
        raise CoprConfigError("api_url must be an http:// or https:// URL, got %r (from %s)"
                              % (url, sources["copr_url"]))
    token = pick("token")
    expiration = from_file.get("expiration") if sources.get("token", "").startswith("the config file") else None
    return CoprSettings(api_url=url, api_login=pick("login"), api_token=token,
                        username=pick("username"), validate_certs=validate_certs,
                        timeout=float(timeout) if timeout else DEFAULT_TIMEOUT,
                        config_file=config_path, sources=sources, token_expiration=expiration,
                        searched_config=searched)


def is_loopback_url(url):
    """Whether ``url`` points at this machine (localhost, 127.0.0.0/8, ::1): plain http is fine there."""
    match = re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://(\[[^\]]*\]|[^/:?#]*)", url)
    host = (match.group(1) if match else "").strip("[]").lower()
    return host in ("localhost", "::1") or host.endswith(".localhost") or bool(
        re.match(r"^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$", host))


# --------------------------------------------------------------------------
# Transport: one requests.Session, errors, retries
# --------------------------------------------------------------------------

class RetryPolicy:
    """Bounded exponential backoff with jitter.

    ``attempts`` counts the first send (``retries + 1``); ``max_total`` is the most
    seconds spent on one request, waits included: no retry starts that would
    end its wait past it.
    """

    def __init__(self, attempts=DEFAULT_RETRIES + 1, base_delay=DEFAULT_RETRY_DELAY, max_delay=20.0,
                 max_total=DEFAULT_RETRY_MAX_TIME):
        self.attempts = attempts
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.max_total = max_total

    @classmethod
    def from_budget(cls, retries=DEFAULT_RETRIES, retry_max_time=DEFAULT_RETRY_MAX_TIME,
                    retry_delay=DEFAULT_RETRY_DELAY):
        """The policy of the retries, retry_max_time and retry_delay options."""
        return cls(attempts=int(retries) + 1, base_delay=float(retry_delay), max_total=float(retry_max_time),
                   max_delay=max(20.0, float(retry_delay)))

    @property
    def retries(self):
        return max(0, self.attempts - 1)

    def delay(self, attempt):
        """Seconds to wait before attempt number ``attempt + 1`` (attempt counts from 1)."""
        ceiling = min(self.max_delay, self.base_delay * (2 ** (attempt - 1)))
        return ceiling * random.uniform(0.5, 1.0)

    def settle_delay(self):
        """How long to wait before looking a second time for what an ambiguous write may have created."""
        return min(self.max_total, 3 * self.base_delay)

    def describe(self):
        return "retries=%d, retry_max_time=%g s" % (self.retries, self.max_total)


def resolve_retry_policy(retries=None, retry_max_time=None, retry_delay=None, environ=None):
    """The retry budget: explicit values, then COPR_RETRIES / COPR_RETRY_MAX_TIME / COPR_RETRY_DELAY, then defaults.

    Raises CoprConfigError for a value that is not a number >= 0.
    """
    environ = os.environ if environ is None else environ
    values = {}
    for name, given, default, kind in (("retries", retries, DEFAULT_RETRIES, int),
                                       ("retry_max_time", retry_max_time, DEFAULT_RETRY_MAX_TIME, float),
                                       ("retry_delay", retry_delay, DEFAULT_RETRY_DELAY, float)):
        where = name
        value = given
        if value is None and environ.get(RETRY_ENV[name], "").strip():
            value = environ[RETRY_ENV[name]].strip()
            where = "the environment variable %s" % RETRY_ENV[name]
        if value is None:
            value = default
        try:
            value = kind(value)
        except (TypeError, ValueError):
            raise CoprConfigError("%s must be a%s number, got %r" % (where, "n integer" if kind is int else "", value))
        if value < 0:
            raise CoprConfigError("%s must be 0 or more, got %r" % (where, value))
        values[name] = value
    return RetryPolicy.from_budget(**values)


class CoprTransport:
    """Sends requests to ``<api_url>/api_3/...`` and turns failures into CoprApiError."""

    def __init__(self, settings, warn=None, retry=None, sleep=time.sleep, clock=time.monotonic, session=None):
        """``session``: a requests.Session to reuse (keep-alive across runs with these same settings)."""
        if not HAS_REQUESTS:
            raise CoprConfigError("The Python library 'requests' is required")
        self.settings = settings
        self.warn = warn or (lambda message: None)
        self.retry = retry or RetryPolicy()
        self._sleep = sleep
        self._clock = clock
        # Requests resent in this run (reported as ``retries`` in every module result).
        self.retries = 0
        self.session = session if session is not None else requests.Session()
        self.session.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})
        if settings.has_credentials:
            self.session.auth = (settings.api_login, settings.api_token)
        self.session.verify = settings.validate_certs

    def error_hint(self, status, error):
        """Advice for an error answer: what to check for a 401, "@group?" for an unknown user."""
        if status == 401:
            if not self.settings.has_credentials:
                return "%s; %s" % (self.settings.missing_credentials(), self.settings.credentials_link())
            return self.settings.rejected_hint()
        match = NO_SUCH_USER.search(error or "")
        if status == 404 and match:
            name = match.group(1)
            return ('did you mean the group @%s? A group owner starts with @ (quote it in YAML: owner: "@%s")'
                    % (name, name))
        return None

    def url(self, path):
        return "%s/%s" % (self.settings.api_url, path.lstrip("/"))

    def request(self, method, path, params=None, body=None, files=None, data=None, retry=None, headers=None, raw=False):
        """Send one request and return the decoded JSON body (the bytes of the body with ``raw``).

        ``retry`` (True, False or RETRY_UNPROCESSED, see above) defaults to True
        for GET, PUT and DELETE and to False for POST: a POST is retried only
        when the caller says it is safe (a project add with exist_ok).
        ``headers`` are extra request headers (a streamed multipart upload sets its Content-Type).
        ``raw`` is for the few pages outside the JSON API (a chroot's comps.xml).

        A POST whose fate is unknown raises CoprApiError with ``ambiguous``; an
        error answered after an earlier attempt of unknown fate carries
        ``after_ambiguity``; the last error says how many attempts were made.
        """
        method = method.upper()
        retry = (method in IDEMPOTENT_METHODS) if retry is None else retry
        started = self._clock()
        attempt = 1
        unknown_before = False
        while True:
            try:
                response = self._send(method, path, params, body, files, data, headers)
                return self._raw(response) if raw else self._decode(response)
            except CoprApiError as exc:
                exc.attempts = attempt
                exc.after_ambiguity = unknown_before
                if method not in IDEMPOTENT_METHODS and self._fate_unknown(exc):
                    exc.ambiguous = True
                if not self._should_retry(retry, exc):
                    raise
                wait = self.retry.delay(attempt)
                elapsed = self._clock() - started
                if attempt >= self.retry.attempts or elapsed + wait > self.retry.max_total:
                    if attempt > 1 or self.retry.attempts > 1:
                        exc.hint = "; ".join(text for text in (exc.hint, "gave up after %d attempt%s in %.1f s (%s)" % (
                            attempt, "s" if attempt > 1 else "", elapsed, self.retry.describe())) if text)
                    raise
                unknown_before = unknown_before or self._fate_unknown(exc)
                self.warn("Copr %s %s failed: %s; retrying in %.1f s (attempt %d of %d)"
                          % (method, path, exc, wait, attempt + 1, self.retry.attempts))
                self._sleep(wait)
                if hasattr(data, "rewind"):
                    data.rewind()  # a streamed body (MultipartStream) was consumed by the failed attempt
                self.retries += 1
                attempt += 1

    def _send(self, method, path, params, body, files, data, headers=None):
        """One request, following redirects within the same site (scheme, host and port).

        Old frontends redirect a path without its trailing slash (APIv1 always; APIv3
        before 2023 for ``GET build/list`` and a few more) with 301 or 308.  A 307/308
        is resent with the same method and body; a 301/302/303 only for GET, because
        following it turns any other method into a GET.  A redirect to another site is
        refused: the credentials stay with the configured ``api_url``.
        """
        url = self.url(path)
        for _hop in range(MAX_REDIRECTS + 1):
            response = self._send_once(method, url, params, body, files, data, headers)
            location = response.headers.get("Location")
            if response.status_code not in REDIRECT_STATUSES or not location:
                return response
            target = urljoin(url, location)
            self._check_redirect(method, url, target, response.status_code, data)
            url, params = target, None  # the Location carries the query
        raise CoprApiError("Copr redirected %s %s more than %d times" % (method, path, MAX_REDIRECTS),
                           status=response.status_code)

    @staticmethod
    def _origin(url):
        parts = urlsplit(url)
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme.lower())
        return parts.scheme.lower(), (parts.hostname or "").lower(), port

    def _check_redirect(self, method, url, target, status, data):
        if self._origin(target) != self._origin(url):
            message = ("Copr answered %s %s with a redirect to another site (%s); it was not followed: "
                       "set api_url to the address Copr answers at" % (method, urlsplit(url).path, _site(target)))
            raise CoprApiError(message, status=status)
        if status in (301, 302, 303) and method not in ("GET", "HEAD"):
            raise CoprApiError("Copr redirected %s %s to %s with HTTP %s, which would turn it into a GET; "
                               "nothing was resent" % (method, urlsplit(url).path, urlsplit(target).path, status),
                               status=status)
        if data is not None and not isinstance(data, (bytes, str, dict, list, tuple)):
            raise CoprApiError("Copr redirected %s %s to %s; a streamed body cannot be sent twice"
                               % (method, urlsplit(url).path, urlsplit(target).path), status=status)

    def _send_once(self, method, url, params, body, files, data, headers):
        try:
            return self.session.request(method, url, params=params, json=body, files=files,
                                        data=data, headers=headers, timeout=self.settings.timeout,
                                        allow_redirects=False)
        except requests.exceptions.ConnectTimeout:
            # Nothing reached the server: safe to report as a plain connection failure.
            raise CoprApiError("Cannot connect to %s: connection timed out" % self.settings.api_url, sent=False)
        except requests.exceptions.SSLError as exc:
            # Certificates do not fix themselves: fail at once.
            raise CoprApiError("Cannot connect to %s: TLS error: %s" % (self.settings.api_url, _reason(exc)),
                               sent=False, retryable=False)
        except requests.exceptions.ConnectionError as exc:
            sent = _maybe_sent(exc)
            raise CoprApiError("Cannot connect to %s: %s" % (self.settings.api_url, _reason(exc)),
                               ambiguous=method not in IDEMPOTENT_METHODS and sent, sent=sent)
        except requests.exceptions.Timeout:
            raise CoprApiError("No answer from %s within %s s" % (self.settings.api_url, self.settings.timeout),
                               ambiguous=method not in IDEMPOTENT_METHODS, sent=True)
        except requests.exceptions.RequestException as exc:
            raise CoprApiError("Request to %s failed: %s" % (self.settings.api_url, exc.__class__.__name__),
                               retryable=False)

    def _decode(self, response):
        try:
            body = response.json()
        except ValueError:
            body = None
        status = response.status_code
        if status == 401:
            # Copr's text ("Login invalid/expired. Please visit ...") cannot tell the causes apart:
            # say where the credentials came from instead.
            error = "Copr refused the API login and token" if self.settings.has_credentials else \
                "Copr needs credentials for this"
            raise CoprApiError(error, status=status, hint=self.error_hint(status, None))
        if isinstance(body, dict) and body.get("error") is not None:
            error = str(body["error"])
            raise CoprApiError(error, status=status, hint=self.error_hint(status, error), body=body)
        if status >= 400:
            raise CoprApiError("Copr answered %s" % (response.reason or "an error"), status=status, body=body)
        if body is None:
            raise CoprApiError("Copr answered with a body that is not JSON", status=status)
        return body

    def _raw(self, response):
        if response.status_code >= 400:
            self._decode(response)  # raises, with the JSON error text when there is one
        return response.content

    @staticmethod
    def _is_transient(exc):
        if exc.status is None:
            return exc.retryable
        if exc.status in RETRY_STATUSES:
            return True
        return is_action_in_progress(exc)

    @staticmethod
    def _fate_unknown(exc):
        """Whether the server may have processed the request that failed with ``exc``."""
        if exc.status is None:
            return exc.sent is not False
        return exc.status in RETRY_STATUSES

    def _should_retry(self, mode, exc):
        if mode == RETRY_UNPROCESSED:
            return (exc.status is None and exc.sent is False and exc.retryable) or is_action_in_progress(exc)
        return bool(mode) and self._is_transient(exc)


def is_action_in_progress(exc):
    """Copr's "operation in progress" 500: nothing was done, and it clears by itself."""
    return exc.status == 500 and bool(ACTION_IN_PROGRESS.search(exc.error or ""))


def _site(url):
    """scheme://host[:port] of a URL (no path, no credentials)."""
    parts = urlsplit(url)
    return "%s://%s%s" % (parts.scheme, parts.hostname or "", ":%s" % parts.port if parts.port else "")


def _reason(exc):
    """A short, credential-free description of a requests exception."""
    reason = exc.args[0] if exc.args else exc
    reason = getattr(reason, "reason", reason)
    return str(reason).split(": ", 1)[-1] if str(reason) else exc.__class__.__name__


def _maybe_sent(exc):
    """False when the connection was refused before anything was sent."""
    text = str(exc).lower()
    not_sent = ("refused", "name or service not known", "nodename nor servname", "failed to resolve",
                "no route to host")
    return not any(word in text for word in not_sent)
