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
RETRY_STATUSES = frozenset([502, 503, 504])
IDEMPOTENT_METHODS = frozenset(["GET", "PUT", "DELETE"])
# Redirects: 307/308 keep the method and body; 301/302/303 make HTTP clients send a GET.
REDIRECT_STATUSES = frozenset([301, 302, 303, 307, 308])
MAX_REDIRECTS = 5


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
    whose fate is unknown (the connection dropped after sending it).  ``body`` is
    the decoded JSON body of the answer (None when it was not JSON); it is never
    part of the message.
    """

    def __init__(self, error, status=None, hint=None, ambiguous=False, body=None):
        self.error = error
        self.status = status
        self.hint = hint
        self.ambiguous = ambiguous
        self.body = body
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
    """Resolved connection settings.  ``repr`` never shows the token."""

    def __init__(self, api_url, api_login=None, api_token=None, username=None,
                 validate_certs=True, timeout=DEFAULT_TIMEOUT, config_file=None):
        self.api_url = api_url
        self.api_login = api_login
        self.api_token = api_token
        self.username = username
        self.validate_certs = validate_certs
        self.timeout = timeout
        self.config_file = config_file

    @property
    def has_credentials(self):
        return bool(self.api_login and self.api_token)

    def __repr__(self):
        return "CoprSettings(api_url=%r, api_login=%r, api_token=%s, username=%r, config_file=%r)" % (
            self.api_url, self.api_login, "<set>" if self.api_token else None,
            self.username, self.config_file)


def read_config_file(path):
    """Read a copr-cli config file (INI, section ``[copr-cli]``).

    Returns a dict with the keys found among copr_url, login, token, username.
    Raises CoprConfigError when the file cannot be read or lacks the section.
    """
    parser = configparser.ConfigParser()
    try:
        with open(path) as handle:
            parser.read_file(handle)
    except (IOError, OSError) as exc:
        raise CoprConfigError("Cannot read the Copr config file %s: %s" % (path, exc.strerror or exc))
    except configparser.Error as exc:
        raise CoprConfigError("Cannot parse the Copr config file %s: %s" % (path, exc.__class__.__name__))
    if not parser.has_section("copr-cli"):
        raise CoprConfigError("The Copr config file %s has no [copr-cli] section" % path)
    section = parser["copr-cli"]
    return dict((key, section.get(key).strip()) for key in ("copr_url", "login", "token", "username")
                if section.get(key) and section.get(key).strip())


def resolve_settings(api_url=None, api_login=None, api_token=None, username=None,
                     config_file=None, validate_certs=True, timeout=None, environ=None):
    """Merge settings: explicit arguments, then COPR_* environment, then the config file.

    An explicitly named config file (argument or COPR_CONFIG) must be readable;
    the default ``~/.config/copr`` is optional, as in copr-cli.
    """
    environ = os.environ if environ is None else environ
    explicit = {"copr_url": api_url, "login": api_login, "token": api_token, "username": username}
    from_env = {"copr_url": environ.get("COPR_URL"), "login": environ.get("COPR_LOGIN"),
                "token": environ.get("COPR_TOKEN"), "username": environ.get("COPR_USERNAME")}

    config_path = config_file or environ.get("COPR_CONFIG")
    from_file = {}
    if config_path:
        config_path = os.path.expanduser(config_path)
        from_file = read_config_file(config_path)
    else:
        default_path = os.path.expanduser(DEFAULT_CONFIG_FILE)
        if os.path.isfile(default_path):
            config_path = default_path
            from_file = read_config_file(default_path)
        else:
            config_path = None

    def pick(key):
        for source in (explicit, from_env, from_file):
            if source.get(key):
                return source[key]
        return None

    url = (pick("copr_url") or DEFAULT_API_URL).strip().rstrip("/")
    if not re.match(r"^https?://[^/\s]+", url):
        raise CoprConfigError("api_url must be an http:// or https:// URL, got %r" % url)
    return CoprSettings(api_url=url, api_login=pick("login"), api_token=pick("token"),
                        username=pick("username"), validate_certs=validate_certs,
                        timeout=float(timeout) if timeout else DEFAULT_TIMEOUT,
                        config_file=config_path)


# --------------------------------------------------------------------------
# Transport: one requests.Session, errors, retries
# --------------------------------------------------------------------------

class RetryPolicy:
    """Bounded exponential backoff with jitter."""

    def __init__(self, attempts=5, base_delay=1.0, max_delay=20.0, max_total=90.0):
        self.attempts = attempts
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.max_total = max_total

    def delay(self, attempt):
        """Seconds to wait before attempt number ``attempt + 1`` (attempt counts from 1)."""
        ceiling = min(self.max_delay, self.base_delay * (2 ** (attempt - 1)))
        return ceiling * random.uniform(0.5, 1.0)


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
        self.session = session if session is not None else requests.Session()
        self.session.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})
        if settings.has_credentials:
            self.session.auth = (settings.api_login, settings.api_token)
        self.session.verify = settings.validate_certs

    @property
    def renew_hint(self):
        return ("the API token is missing, wrong or expired: get a new one at %s/api"
                % self.settings.api_url)

    def url(self, path):
        return "%s/%s" % (self.settings.api_url, path.lstrip("/"))

    def request(self, method, path, params=None, body=None, files=None, data=None, retry=None, headers=None, raw=False):
        """Send one request and return the decoded JSON body (the bytes of the body with ``raw``).

        ``retry`` defaults to True for GET, PUT and DELETE.  A POST is retried
        only when the caller says it is safe (a project add with exist_ok).
        ``headers`` are extra request headers (a streamed multipart upload sets its Content-Type).
        ``raw`` is for the few pages outside the JSON API (a chroot's comps.xml).
        """
        method = method.upper()
        retry = (method in IDEMPOTENT_METHODS) if retry is None else retry
        started = self._clock()
        attempt = 1
        while True:
            try:
                response = self._send(method, path, params, body, files, data, headers)
                return self._raw(response) if raw else self._decode(response)
            except CoprApiError as exc:
                if not (retry and self._is_transient(exc)):
                    raise
                wait = self.retry.delay(attempt)
                if attempt >= self.retry.attempts or self._clock() - started + wait > self.retry.max_total:
                    raise
                self.warn("Copr %s %s failed: %s; retrying in %.1f s (attempt %d of %d)"
                          % (method, path, exc, wait, attempt + 1, self.retry.attempts))
                self._sleep(wait)
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
            raise CoprApiError("Cannot connect to %s: connection timed out" % self.settings.api_url)
        except requests.exceptions.ConnectionError as exc:
            raise CoprApiError("Cannot connect to %s: %s" % (self.settings.api_url, _reason(exc)),
                               ambiguous=method not in IDEMPOTENT_METHODS and _maybe_sent(exc))
        except requests.exceptions.Timeout:
            raise CoprApiError("No answer from %s within %s s" % (self.settings.api_url, self.settings.timeout),
                               ambiguous=method not in IDEMPOTENT_METHODS)
        except requests.exceptions.RequestException as exc:
            raise CoprApiError("Request to %s failed: %s" % (self.settings.api_url, exc.__class__.__name__))

    def _decode(self, response):
        try:
            body = response.json()
        except ValueError:
            body = None
        status = response.status_code
        if isinstance(body, dict) and body.get("error") is not None:
            hint = self.renew_hint if status == 401 else None
            raise CoprApiError(str(body["error"]), status=status, hint=hint, body=body)
        if status >= 400:
            raise CoprApiError("Copr answered %s" % (response.reason or "an error"), status=status,
                               hint=self.renew_hint if status == 401 else None, body=body)
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
            return True
        if exc.status in RETRY_STATUSES:
            return True
        return exc.status == 500 and bool(ACTION_IN_PROGRESS.search(exc.error))


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
