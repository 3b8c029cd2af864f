"""Fault injection for the local Copr server: seeded gateway errors, ambiguous answers,
latency, "action in progress" windows and tokens that expire mid-run.

Layers (see README "Fault injection"):

* ``FaultMiddleware`` wraps ``app.wsgi_app``.  For every request outside ``/_test/`` that
  is in scope (methods, path patterns) it takes the next number of its fault stream and
  draws that request's fault from ``seed`` + that number.  It sleeps the latency, answers
  502/503/504 itself (Flask never sees the request: nothing is processed), or lets the app
  run and then answers 504 or hangs up (the state has changed).
* ``FaultInjector`` holds the config, the streams and the counters.  The app calls it after
  authentication (``token_valid``, ``check_action_in_progress``): expired tokens and
  "action in progress" 500s are answered by the app itself, with the real bodies.
* ``record_api_request`` writes the request record (``/_test/requests``) with the fault
  fields, for the app and for the answers the middleware gives alone.
"""

import copy
import json
import random
import re
import secrets
import socket
import threading
import time

import flask

from .errors import ApiError

API = "/api_3"
API_V1 = "/api"
CONTROL = "/_test"
ENV_DECISION = "copr_server.fault_decision"
ENV_APP_FAULTS = "copr_server.app_faults"

GATEWAY_STATUSES = (502, 503, 504)
AFTER_KINDS = ("504", "hangup")
METHOD_SCOPES = ("all", "writes", "reads")
STREAMS = ("global", "path")
MAX_DELAY = 300.0
# What the real frontend renders for a pending project delete: the Action's str() is
# "Deleting {object_type} {old_value}", and send_delete_copr never sets old_value.
DELETE_ACTION = "Deleting copr None"
BUILD_MESSAGE = "Can't build while there is an operation in progress: {action}"
DELETE_MESSAGE = "Can't delete this project, another operation is in progress: {action}"

KINDS = ("gateway_502", "gateway_503", "gateway_504", "after_504", "hangup",
         "action_in_progress", "token_expired", "latency")

DEFAULTS = {
    "seed": 0,
    "stream": "global",
    "methods": "all",
    "paths": [],
    "gateway_rate": 0.0,
    "gateway_statuses": [502, 503, 504],
    "after_rate": 0.0,
    "after_kinds": ["504", "hangup"],
    "latency": 0.0,
    "jitter": 0.0,
    "action_in_progress": [],
    "expire_tokens": [],
}

# Apache's own error documents (mod_proxy in front of the frontend): HTML, never JSON.
_PAGE = ('<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>{0} {1}</title>\n'
         '</head><body>\n<h1>{1}</h1>\n{2}\n</body></html>\n')
GATEWAY_PAGES = {
    502: ("502 Proxy Error", _PAGE.format(
        502, "Proxy Error", "<p>The proxy server received an invalid\nresponse from an upstream server.<br />\n"
        "The proxy server could not handle the request<p>Reason: <strong>Error reading from remote server"
        "</strong></p></p>")),
    503: ("503 Service Unavailable", _PAGE.format(
        503, "Service Unavailable", "<p>The server is temporarily unable to service your\nrequest due to "
        "maintenance downtime or capacity\nproblems. Please try again later.</p>")),
    504: ("504 Gateway Timeout", _PAGE.format(
        504, "Gateway Timeout", "<p>The gateway did not receive a timely response\n"
        "from the upstream server or application.</p>")),
}
HTML = "text/html; charset=iso-8859-1"


def is_write(method, path):
    """The record's ``write``: every non-GET request except the dry runs and token checks
    (POST /api_3/build/check-before-build, POST /api/auth_check/)."""
    return method != "GET" and not (
        method == "POST" and path.rstrip("/") in (API + "/build/check-before-build", API_V1 + "/auth_check"))


def is_api(path):
    """A request of the API (v3 or the legacy v1), as recorded."""
    return any(path == prefix or path.startswith(prefix + "/") for prefix in (API, API_V1))


def is_control(path):
    return path == CONTROL or path.startswith(CONTROL + "/")


def wsgi_path(environ):
    """The decoded request path, as flask.request.path gives it."""
    return (environ.get("PATH_INFO") or "/").encode("latin-1").decode("utf-8", "replace")


# ------------------------------------------------------------------ config checks
class FaultConfigError(ValueError):
    """A bad fault config value (400 from the control API, a usage error on the command line)."""


def _number(key, value, low, high):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise FaultConfigError("{0} must be a number from {1} to {2}".format(key, low, high))
    return float(value)


def _check_seed(value):
    if value == "random":
        return secrets.randbelow(2 ** 32)
    if isinstance(value, bool) or not isinstance(value, int):
        raise FaultConfigError("seed must be an integer or \"random\"")
    return value


def _check_methods(value):
    if isinstance(value, str) and value in METHOD_SCOPES:
        return value
    if isinstance(value, list) and value and all(isinstance(m, str) and re.fullmatch("[A-Za-z]+", m) for m in value):
        return sorted({m.upper() for m in value})
    raise FaultConfigError("methods must be \"all\", \"writes\", \"reads\" or a non-empty list of HTTP methods")


def _check_paths(value):
    if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
        raise FaultConfigError("paths must be a list of regular expressions")
    for pattern in value:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise FaultConfigError("paths: bad regular expression {0!r}: {1}".format(pattern, exc)) from exc
    return list(value)


def _check_choices(key, value, choices):
    if not isinstance(value, list) or not value or any(v not in choices for v in value):
        raise FaultConfigError("{0} must be a non-empty list of {1}".format(key, ", ".join(str(c) for c in choices)))
    return [v for v in choices if v in value]


def _check_actions(value):
    if not isinstance(value, list):
        raise FaultConfigError("action_in_progress must be a list")
    out = []
    for entry in value:
        if not isinstance(entry, dict) or set(entry) - {"project", "seconds", "action"}:
            raise FaultConfigError("action_in_progress entries are {\"project\", \"seconds\"[, \"action\"]}")
        project = entry.get("project")
        if not isinstance(project, str) or not re.fullmatch(r"@?[^/\s]+/[^/\s]+", project):
            raise FaultConfigError("action_in_progress: project must be \"owner/project\"")
        item = {"project": project, "seconds": _number("action_in_progress: seconds", entry.get("seconds"), 0, 1e9)}
        action = entry.get("action", DELETE_ACTION)
        if not isinstance(action, str):
            raise FaultConfigError("action_in_progress: action must be a string")
        item["action"] = action
        out.append(item)
    return out


def _check_tokens(value):
    if not isinstance(value, list):
        raise FaultConfigError("expire_tokens must be a list")
    out = []
    for entry in value:
        if not isinstance(entry, dict) or not isinstance(entry.get("user"), str) or \
                set(entry) - {"user", "after_requests", "after_seconds"} or len(entry) < 2:
            raise FaultConfigError("expire_tokens entries are {\"user\", \"after_requests\" and/or \"after_seconds\"}")
        item = {"user": entry["user"]}
        if "after_requests" in entry:
            count = entry["after_requests"]
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                raise FaultConfigError("expire_tokens: after_requests must be an integer >= 0")
            item["after_requests"] = count
        if "after_seconds" in entry:
            item["after_seconds"] = _number("expire_tokens: after_seconds", entry["after_seconds"], 0, 1e9)
        out.append(item)
    return out


CHECKS = {
    "seed": _check_seed,
    "stream": lambda v: v if v in STREAMS else _fail("stream must be \"global\" or \"path\""),
    "methods": _check_methods,
    "paths": _check_paths,
    "gateway_rate": lambda v: _number("gateway_rate", v, 0, 1),
    "gateway_statuses": lambda v: _check_choices("gateway_statuses", v, GATEWAY_STATUSES),
    "after_rate": lambda v: _number("after_rate", v, 0, 1),
    "after_kinds": lambda v: _check_choices("after_kinds", v, AFTER_KINDS),
    "latency": lambda v: _number("latency", v, 0, MAX_DELAY),
    "jitter": lambda v: _number("jitter", v, 0, MAX_DELAY),
    "action_in_progress": _check_actions,
    "expire_tokens": _check_tokens,
}


def _fail(message):
    raise FaultConfigError(message)


def merge_config(base, raw):
    """``base`` (a full config) updated with the keys of ``raw``, every value checked."""
    if not isinstance(raw, dict):
        raise FaultConfigError("expected a JSON object")
    new = copy.deepcopy(base)
    for key, value in raw.items():
        if key not in CHECKS:
            raise FaultConfigError("unknown fault key {0}".format(key))
        new[key] = CHECKS[key](value)
    if new["gateway_rate"] + new["after_rate"] > 1:
        raise FaultConfigError("gateway_rate + after_rate must be <= 1")
    return new


def active(config):
    """True when the config can inject anything."""
    return bool(config["gateway_rate"] or config["after_rate"] or config["latency"] or config["jitter"]
                or config["action_in_progress"] or config["expire_tokens"])


# --------------------------------------------------------------------- the injector
class Decision:  # pylint: disable=too-few-public-methods
    """The fault drawn for one request: at most one of gateway (a status) and after (a kind)."""

    def __init__(self, seq, latency=0.0, gateway=None, after=None):
        self.seq = seq
        self.latency = latency
        self.gateway = gateway
        self.after = after


class FaultInjector:
    """Config, fault streams and counters; thread-safe (one lock)."""

    def __init__(self, config=None, clock=None):
        self.clock = clock or time.time
        self.lock = threading.Lock()
        self.startup = merge_config(DEFAULTS, config or {})
        self.reset()

    # ----------------------------------------------------------------- state
    def _restart(self, config):
        self.config = config
        self.started = self.clock()
        self.streams = {}            # stream key -> last number given
        self.counts = dict.fromkeys(KINDS, 0)
        self.seen = 0                # requests outside /_test/
        self.eligible = 0            # of those, in scope
        self.latency_total = 0.0
        self.auth_counts = {}        # user -> authenticated requests since the restart
        self.expired = set()
        self.paths = [re.compile(p) for p in config["paths"]]
        # Without rates or latency no request takes a number (the record's fault_seq stays null).
        self.random_faults = bool(config["gateway_rate"] or config["after_rate"] or config["latency"]
                                  or config["jitter"])

    def reset(self):
        """Back to the startup config; streams, counters and windows start again."""
        with self.lock:
            self._restart(copy.deepcopy(self.startup))
            return copy.deepcopy(self.config)

    def configure(self, raw):
        """Merge ``raw`` into the config (FaultConfigError on bad values) and restart."""
        with self.lock:
            new = merge_config(self.config, raw)
            self._restart(new)
            return copy.deepcopy(self.config)

    def get_config(self):
        with self.lock:
            return copy.deepcopy(self.config)

    def stats(self):
        with self.lock:
            now = self.clock()
            return {
                "seed": self.config["seed"],
                "requests": self.seen,
                "eligible": self.eligible,
                "counts": dict(self.counts),
                "latency_seconds": round(self.latency_total, 6),
                "streams": dict(self.streams),
                "actions": [{"project": a["project"],
                             "remaining": round(max(0.0, self.started + a["seconds"] - now), 3)}
                            for a in self.config["action_in_progress"]],
                "tokens": {t["user"]: {"authenticated": self.auth_counts.get(t["user"], 0),
                                       "expired": t["user"] in self.expired}
                           for t in self.config["expire_tokens"]},
            }

    # -------------------------------------------------------- per request
    def _in_scope(self, method, path):
        methods = self.config["methods"]
        if methods == "writes" and not is_write(method, path):
            return False
        if methods == "reads" and is_write(method, path):
            return False
        if isinstance(methods, list) and method not in methods:
            return False
        return not self.paths or any(p.search(path) for p in self.paths)

    def decide(self, method, path):
        """The fault of this request (a Decision), or None when it is out of scope."""
        if is_control(path):
            return None
        with self.lock:
            self.seen += 1
            config = self.config
            if not self.random_faults or not self._in_scope(method, path):
                return None
            self.eligible += 1
            key = "" if config["stream"] == "global" else "{0} {1}".format(method, path)
            seq = self.streams.get(key, 0) + 1
            self.streams[key] = seq
            # One generator per request, seeded by seed + stream key + number: the draws
            # do not depend on other streams, on timing or on which thread runs first.
            rng = random.Random("{0}|{1}|{2}".format(config["seed"], key, seq))
            pick, gateway_pick, after_pick, jitter_pick = rng.random(), rng.random(), rng.random(), rng.random()
            decision = Decision(seq, latency=config["latency"] + config["jitter"] * jitter_pick)
            if pick < config["gateway_rate"]:
                statuses = config["gateway_statuses"]
                decision.gateway = statuses[int(gateway_pick * len(statuses))]
                self.counts["gateway_{0}".format(decision.gateway)] += 1
            elif pick < config["gateway_rate"] + config["after_rate"]:
                kinds = config["after_kinds"]
                decision.after = kinds[int(after_pick * len(kinds))]
                self.counts["after_504" if decision.after == "504" else "hangup"] += 1
            if decision.latency > 0:
                self.counts["latency"] += 1
                self.latency_total += decision.latency
            return decision

    def token_valid(self, user_name, environ):
        """Called once a request authenticated as ``user_name``: False once the token expired."""
        with self.lock:
            rules = [t for t in self.config["expire_tokens"] if t["user"] == user_name]
            if not rules:
                return True
            now = self.clock()
            count = self.auth_counts.get(user_name, 0)
            for rule in rules:
                if "after_requests" in rule and count >= rule["after_requests"]:
                    self.expired.add(user_name)
                if "after_seconds" in rule and now >= self.started + rule["after_seconds"]:
                    self.expired.add(user_name)
            if user_name in self.expired:
                self.counts["token_expired"] += 1
                environ.setdefault(ENV_APP_FAULTS, []).append("token_expired")
                return False
            self.auth_counts[user_name] = count + 1
            return True

    def action_in_progress(self, projects, delete, environ):
        """The 500 ApiError for a write on a project inside its window, else None."""
        with self.lock:
            now = self.clock()
            for entry in self.config["action_in_progress"]:
                if entry["project"] in projects and now < self.started + entry["seconds"]:
                    self.counts["action_in_progress"] += 1
                    environ.setdefault(ENV_APP_FAULTS, []).append("action_in_progress")
                    message = DELETE_MESSAGE if delete else BUILD_MESSAGE
                    return ApiError(500, message.format(action=entry["action"]))
            return None

    def has_actions(self):
        return bool(self.config["action_in_progress"])


# ------------------------------------------------------------- app-side hooks
def _peek_body(request):
    """The request's input dict as app._input_dict reads it, without consuming anything."""
    if request.mimetype == "multipart/form-data":
        part = request.files.get("json")
        if part is not None:
            try:
                raw = part.read()
            finally:
                part.seek(0)
            try:
                return json.loads(raw.decode("utf-8") or "null") or {}
            except ValueError:
                return {}
        return dict(request.form)
    return request.get_json(silent=True) or dict(request.form)


def request_projects(request, store):
    """Every "owner/project" a write names: in its path, query, body, or through its build ids."""
    view_args = request.view_args or {}
    body = _peek_body(request)
    body = body if isinstance(body, dict) else {}
    names = set()
    owner = view_args.get("ownername")
    if owner and view_args.get("projectname"):
        names.add("{0}/{1}".format(owner, view_args["projectname"]))
    elif owner and isinstance(body.get("name"), str):      # project/add/<owner>
        names.add("{0}/{1}".format(owner, body["name"]))
    for source in (request.args, body):
        if isinstance(source.get("ownername"), str) and isinstance(source.get("projectname"), str):
            names.add("{0}/{1}".format(source["ownername"], source["projectname"]))
    build_ids = [view_args["build_id"]] if "build_id" in view_args else []
    if isinstance(body.get("builds"), list):
        build_ids += body["builds"]
    for build_id in build_ids:
        name = store.project_of_build(build_id)
        if name:
            names.add(name)
    return names


def check_action_in_progress(injector, store):
    """Raise the real "action in progress" 500 for a write on a project inside its window."""
    request = flask.request
    if not injector.has_actions() or not is_write(request.method, request.path):
        return
    delete = request.path.startswith(API + "/project/delete/")
    error = injector.action_in_progress(request_projects(request, store), delete, request.environ)
    if error is not None:
        raise error


def record_api_request(store, environ, method, path, query, status, user):
    """Add one /api_3 request to the record, with its fault fields."""
    if not is_api(path):
        return
    decision = environ.get(ENV_DECISION)
    faults = list(environ.get(ENV_APP_FAULTS, []))
    processed = not faults and status is not None
    answered = status
    if decision is not None and decision.gateway:
        faults.append("gateway_{0}".format(decision.gateway))
        answered = decision.gateway
    elif decision is not None and decision.after:
        faults.append("after_504" if decision.after == "504" else "hangup")
        answered = 504 if decision.after == "504" else None
    store.record({
        "method": method,
        "path": path,
        "query": query,
        "status": answered,
        "user": user,
        "write": is_write(method, path),
        "fault": faults[-1] if faults else None,
        "faults": faults,
        "processed": processed,
        "app_status": status,
        "latency": round(decision.latency, 6) if decision is not None else 0.0,
        "fault_seq": decision.seq if decision is not None else None,
        # The client's address and port: requests over one kept-alive connection share it.
        "peer": "%s:%s" % (environ.get("REMOTE_ADDR"), environ.get("REMOTE_PORT")),
    })


# ------------------------------------------------------------------ middleware
class FaultMiddleware:  # pylint: disable=too-few-public-methods
    """WSGI layer: latency, gateway errors before the app, 504 or hang-up after it."""

    def __init__(self, app, injector, store, sleep=None):
        self.app = app
        self.injector = injector
        self.store = store
        self.sleep = sleep or time.sleep

    def __call__(self, environ, start_response):
        method = environ.get("REQUEST_METHOD", "GET")
        path = wsgi_path(environ)
        decision = self.injector.decide(method, path)
        if decision is None:
            return self.app(environ, start_response)
        environ[ENV_DECISION] = decision
        if decision.latency > 0:
            self.sleep(decision.latency)
        if decision.gateway:
            query = environ.get("QUERY_STRING", "").encode("latin-1").decode("utf-8", "replace")
            record_api_request(self.store, environ, method, path, query, None, None)
            return self._page(start_response, decision.gateway)
        if not decision.after:
            return self.app(environ, start_response)
        # Run the app to the end (the state changes), drop its answer, then fault.
        iterable = self.app(environ, lambda status, headers, exc_info=None: lambda data: None)
        try:
            for _chunk in iterable:
                pass
        finally:
            if hasattr(iterable, "close"):
                iterable.close()
        if decision.after == "hangup":
            self._hang_up(environ)
        return self._page(start_response, 504)

    @staticmethod
    def _page(start_response, status):
        line, text = GATEWAY_PAGES[status]
        body = text.encode("iso-8859-1")
        start_response(line, [("Content-Type", HTML), ("Content-Length", str(len(body)))])
        return [body]

    @staticmethod
    def _hang_up(environ):
        """Close the connection without an answer.

        werkzeug's server puts the connection in environ["werkzeug.socket"]; after
        shutdown() the client reads EOF before any status line.  The exception is one of
        the errors werkzeug treats as a dropped connection, so it writes nothing and logs
        nothing.  Without a socket (Flask's test client) the exception reaches the caller.
        """
        sock = environ.get("werkzeug.socket")
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        raise ConnectionAbortedError("copr_server fault injection: hang-up after processing")


def install(app, injector, store):
    """Wrap the app in the middleware and register its hook and control routes."""
    app.config["FAULTS"] = injector
    app.wsgi_app = FaultMiddleware(app.wsgi_app, injector, store)

    @app.after_request
    def drain_before_hang_up(response):
        # Read what is left of the body, so that nothing unread follows the hang-up
        # (werkzeug would parse it as the next request).
        decision = flask.request.environ.get(ENV_DECISION)
        if decision is not None and decision.after == "hangup":
            flask.request.stream.exhaust()
        return response

    def control_body():
        data = flask.request.get_json(silent=True)
        if data is None and flask.request.get_data(cache=True).strip():
            raise ApiError(400, "body must be JSON")
        return data if data is not None else {}

    @app.route(CONTROL + "/faults", methods=["GET"])
    def control_fault_stats():
        return flask.jsonify(injector.stats())

    @app.route(CONTROL + "/faults/config", methods=["GET", "POST"])
    def control_fault_config():
        if flask.request.method == "GET":
            return flask.jsonify(injector.get_config())
        try:
            return flask.jsonify(injector.configure(control_body()))
        except FaultConfigError as exc:
            raise ApiError(400, str(exc)) from exc


# ------------------------------------------------------------------ command line
def _split(text):
    return [item for item in re.split(r"[\s,]+", text.strip()) if item]


def _parse_action(text):
    project, sep, seconds = text.rpartition(":")
    if not sep:
        raise FaultConfigError("action in progress: expected OWNER/PROJECT:SECONDS, got {0!r}".format(text))
    try:
        return {"project": project, "seconds": float(seconds)}
    except ValueError as exc:
        raise FaultConfigError("action in progress: bad seconds in {0!r}".format(text)) from exc


def _parse_token(text):
    user, sep, rest = text.partition(":")
    entry = {"user": user}
    for part in rest.split(",") if sep else []:
        key, eq, value = part.partition("=")
        try:
            if eq and key == "after_requests":
                entry[key] = int(value)
                continue
            if eq and key == "after_seconds":
                entry[key] = float(value)
                continue
        except ValueError:
            pass
        raise FaultConfigError("expire token: expected USER:after_requests=N and/or after_seconds=S, "
                               "got {0!r}".format(text))
    if len(entry) < 2:
        raise FaultConfigError("expire token: expected USER:after_requests=N or USER:after_seconds=S")
    return entry


def _parse_methods(text):
    return text if text in METHOD_SCOPES else [m.upper() for m in _split(text)]


def _parse_seed(text):
    return "random" if text == "random" else int(text)


# key, flag, environment variable, parser of one flag value / of the variable, repeatable, help
OPTIONS = (
    ("seed", "--fault-seed", "COPR_SERVER_FAULT_SEED", _parse_seed, _parse_seed, False,
     "seed of the fault streams: an integer or 'random' (default 0)"),
    ("stream", "--fault-stream", "COPR_SERVER_FAULT_STREAM", str, str, False,
     "'global': one numbered stream for all requests in scope; 'path': one per method + path"),
    ("methods", "--fault-methods", "COPR_SERVER_FAULT_METHODS", _parse_methods, _parse_methods, False,
     "'all' (default), 'writes', 'reads' or methods such as GET,POST"),
    ("paths", "--fault-path", "COPR_SERVER_FAULT_PATHS", str, _split, True,
     "regex searched in the path; repeat for more (default: every path); /_test/ is never faulted"),
    ("gateway_rate", "--fault-gateway-rate", "COPR_SERVER_FAULT_GATEWAY_RATE", float, float, False,
     "share of requests in scope answered 502/503/504 without being processed"),
    ("gateway_statuses", "--fault-gateway-statuses", "COPR_SERVER_FAULT_GATEWAY_STATUSES",
     lambda t: [int(s) for s in _split(t)], lambda t: [int(s) for s in _split(t)], False,
     "statuses to pick from (default 502,503,504)"),
    ("after_rate", "--fault-after-rate", "COPR_SERVER_FAULT_AFTER_RATE", float, float, False,
     "share of requests in scope processed, then answered 504 or hung up on"),
    ("after_kinds", "--fault-after-kinds", "COPR_SERVER_FAULT_AFTER_KINDS", _split, _split, False,
     "kinds to pick from: 504, hangup (default both)"),
    ("latency", "--fault-latency", "COPR_SERVER_FAULT_LATENCY", float, float, False,
     "seconds added to every request in scope"),
    ("jitter", "--fault-jitter", "COPR_SERVER_FAULT_JITTER", float, float, False,
     "up to this many more seconds, drawn per request"),
    ("action_in_progress", "--fault-action-in-progress", "COPR_SERVER_FAULT_ACTION_IN_PROGRESS",
     _parse_action, lambda t: [_parse_action(s) for s in t.split()], True,
     "OWNER/PROJECT:SECONDS: writes on the project get the 'action in progress' 500 that long; repeatable"),
    ("expire_tokens", "--fault-expire-token", "COPR_SERVER_FAULT_EXPIRE_TOKENS",
     _parse_token, lambda t: [_parse_token(s) for s in t.split()], True,
     "USER:after_requests=N and/or after_seconds=S: the user's token expires then; repeatable"),
)
JSON_ENV = "COPR_SERVER_FAULTS"


def add_arguments(parser):
    group = parser.add_argument_group("fault injection (see README; off by default)")
    group.add_argument("--faults", metavar="JSON", default=None,
                       help="the whole fault config as JSON, or @FILE (env {0})".format(JSON_ENV))
    for key, flag, env, _one, _env_parser, repeat, text in OPTIONS:
        group.add_argument(flag, dest="fault_" + key, metavar="VALUE", default=None,
                           action="append" if repeat else "store",
                           help="{0} (env {1})".format(text, env))


def _load_json(text, where):
    if text.startswith("@"):
        with open(text[1:], encoding="utf-8") as handle:
            text = handle.read()
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise FaultConfigError("{0}: not JSON: {1}".format(where, exc)) from exc
    if not isinstance(data, dict):
        raise FaultConfigError("{0}: expected a JSON object".format(where))
    return data


def config_from(args, environ):
    """The startup fault config: COPR_SERVER_FAULTS < COPR_SERVER_FAULT_* < --faults < --fault-*."""
    config = copy.deepcopy(DEFAULTS)
    layers = []
    if environ.get(JSON_ENV):
        layers.append(_load_json(environ[JSON_ENV], JSON_ENV))
    env_values = {}
    for key, _flag, env, _one, env_parser, _repeat, _text in OPTIONS:
        if environ.get(env):
            try:
                env_values[key] = env_parser(environ[env])
            except ValueError as exc:
                raise FaultConfigError("{0}: {1}".format(env, exc)) from exc
    layers.append(env_values)
    if args.faults:
        layers.append(_load_json(args.faults, "--faults"))
    flag_values = {}
    for key, flag, _env, one_parser, _env_parser, repeat, _text in OPTIONS:
        value = getattr(args, "fault_" + key)
        if value is None:
            continue
        try:
            flag_values[key] = [one_parser(v) for v in value] if repeat else one_parser(value)
        except ValueError as exc:
            raise FaultConfigError("{0}: {1}".format(flag, exc)) from exc
    layers.append(flag_values)
    for layer in layers:
        config = merge_config(config, layer)
    return config
