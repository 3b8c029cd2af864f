"""Flask routes of the local Copr server: APIv3 under /api_3, APIv1 under /api, /_test control.

Routes stay thin: they parse the request the way the real frontend does
(auth first, then query arguments, then the body) and call ``Store``.
The APIv1 routes live in routes_v1.py.
"""

import base64
import binascii
import functools
import json
import re

import flask
from werkzeug.exceptions import HTTPException

from . import faults
from .errors import ApiError, BUG_MESSAGE
from .routes_builds import StreamingRequest, register_build_api, register_build_control
from .routes_v1 import html_error, is_v1_path, redirect_response, register_v1_api, register_v1_hooks
from .store import Store
from .store_v1 import VARIANTS

API = "/api_3"
DEPRECATED = "This method is deprecated: Use {0} method instead of {1}"
# Routes an older frontend (before strict_slashes=False, 2023) defined with a trailing
# slash: asked for without it, they answered 308 (as of d1e30c98e^).
OLD_V3_SLASH_ROUTES = re.compile(r"^/api_3/(build/list|package/list|build-chroot/built-packages|"
                                 r"build/(source-chroot|source-build-config|built-packages)/[0-9]+)$")


def _json(body, status=200, headers=None):
    response = flask.jsonify(body)
    response.status_code = status
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def _base_url():
    return flask.current_app.config["BASE_URL"] or flask.request.host_url.rstrip("/")


def _results_url():
    return flask.current_app.config["RESULTS_URL"] or _base_url() + "/results"


def _store():
    return flask.current_app.config["STORE"]


def _faults():
    return flask.current_app.config["FAULTS"]


def _authenticate():
    """HTTP Basic <api_login>:<api_token>; every failure is the same 401."""
    unauthorized = ApiError(401, "Login invalid/expired. Please visit {0}/api to get or renew your API token."
                            .format(_base_url()), extra={"output": "notok"})
    header = flask.request.headers.get("Authorization")
    if not header:
        raise unauthorized
    parts = header.split()
    # The real server does not handle a malformed header: it crashes (500).
    if len(parts) != 2 or parts[0].lower() != "basic":
        raise ApiError(500, BUG_MESSAGE)
    try:
        login, token = base64.b64decode(parts[1], validate=True).decode("utf-8").split(":", 1)
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise ApiError(500, BUG_MESSAGE) from exc
    user = _store().authenticate(login, token)
    if user is None or not _faults().token_valid(user.name, flask.request.environ):
        raise unauthorized
    flask.g.user_name = user.name
    faults.check_action_in_progress(_faults(), _store())
    return user


def login_required(view):
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        return view(_authenticate(), *args, **kwargs)
    return wrapper


def _args(*names):
    # Returns one value per name (or raises), hence the unpacking in the routes.
    """query_to_parameters: a missing required argument is a 400."""
    values = []
    for name in names:
        value = flask.request.args.get(name)
        if value is None:
            raise ApiError(400, "Missing argument {0}".format(name))
        values.append(value)
    return values


def _input_dict():
    """JSON body (only with a JSON content type), else python-copr's multipart json part, else form."""
    request = flask.request
    if request.mimetype == "multipart/form-data":
        part = request.files.get("json")
        if part is not None:
            try:
                return json.loads(part.read().decode("utf-8") or "null") or {}
            except ValueError:
                return {}
        return dict(request.form)
    return request.get_json(silent=True) or dict(request.form)


def _deprecated(preferred, deprecated="POST"):
    """The Warning header of deprecated_route_method_type (sent only for the deprecated method)."""
    if flask.request.method == deprecated:
        return {"Warning": DEPRECATED.format(preferred, deprecated)}
    return {}


def register_api(app):  # pylint: disable=too-many-locals
    """All /api_3 routes (trailing slash optional thanks to strict_slashes=False)."""

    @app.route(API, methods=["GET"])
    @app.route(API + "/", methods=["GET"])
    def api_root():
        return _json({"version": 3})

    @app.route(API + "/auth-check", methods=["GET"])
    @login_required
    def auth_check(user):
        return _json({"id": user.id, "name": user.name})

    @app.route(API + "/mock-chroots/list", methods=["GET"])
    def mock_chroots():
        return _json(_store().mock_chroots())

    @app.route(API + "/project", methods=["GET"])
    def project_get():
        ownername, projectname = _args("ownername", "projectname")  # pylint: disable=unbalanced-tuple-unpacking
        store = _store()
        with store.lock:
            return _json(store.project_dict(store.get_project(ownername, projectname), _results_url()))

    @app.route(API + "/project/list", methods=["GET"])
    def project_list():
        return _json(_store().list_projects(flask.request.args.get("ownername"), flask.request.args, _results_url()))

    @app.route(API + "/project/search", methods=["GET"])
    def project_search():
        query = _args("query")[0]
        return _json(_store().search_projects(query, flask.request.args, _results_url()))

    @app.route(API + "/project/add/<ownername>", methods=["POST"])
    @login_required
    def project_add(user, ownername):
        # Only the exact string "True" counts, as on the real server.
        exist_ok = flask.request.args.get("exist_ok") == "True"
        return _json(_store().add_project(user, ownername, _input_dict(), exist_ok, _results_url()))

    @app.route(API + "/project/edit/<ownername>/<projectname>", methods=["PUT", "POST"])
    @login_required
    def project_edit(user, ownername, projectname):
        body = _store().edit_project(user, ownername, projectname, _input_dict(), _results_url())
        return _json(body, headers=_deprecated("PUT"))

    @app.route(API + "/project/fork/<ownername>/<projectname>", methods=["POST", "PUT"])
    @login_required
    def project_fork(user, ownername, projectname):
        body = _store().fork_project(user, ownername, projectname, _input_dict(), _results_url())
        return _json(body, headers=_deprecated("POST", deprecated="PUT"))

    @app.route(API + "/project/delete/<ownername>/<projectname>", methods=["DELETE", "POST"])
    @login_required
    def project_delete(user, ownername, projectname):
        body = _store().delete_project(user, ownername, projectname, _results_url())
        return _json(body, headers=_deprecated("DELETE"))

    @app.route(API + "/project-chroot", methods=["GET"])
    def project_chroot_get():
        return _json(_store().get_chroot(*_args("ownername", "projectname", "chrootname")))

    @app.route(API + "/project-chroot/build-config", methods=["GET"])
    def project_chroot_build_config():
        return _json(_store().chroot_build_config(*_args("ownername", "projectname", "chrootname"),
                                                  results_url=_results_url()))

    @app.route(API + "/project-chroot/edit/<ownername>/<projectname>/<chrootname>", methods=["PUT", "POST"])
    @login_required
    def project_chroot_edit(user, ownername, projectname, chrootname):
        comps = None
        upload = flask.request.files.get("upload_comps")
        if upload is not None and upload.filename:
            comps = (upload.filename, upload.read())
        body = _store().edit_chroot(user, ownername, projectname, chrootname, _input_dict(), comps)
        return _json(body, headers=_deprecated("PUT"))

    @app.route(API + "/project/permissions/can_build_in/<who>/<ownername>/<projectname>", methods=["GET"])
    def permissions_can_build_in(who, ownername, projectname):
        return _json(_store().can_build_in(who, ownername, projectname))

    @app.route(API + "/project/permissions/get/<ownername>/<projectname>", methods=["GET"])
    @login_required
    def permissions_get(user, ownername, projectname):
        return _json(_store().get_permissions(user, ownername, projectname))

    @app.route(API + "/project/permissions/set/<ownername>/<projectname>", methods=["PUT", "POST"])
    @login_required
    def permissions_set(user, ownername, projectname):
        raw = flask.request.get_json(silent=True)
        return _json(_store().set_permissions(user, ownername, projectname, raw))

    @app.route(API + "/project/permissions/request/<ownername>/<projectname>", methods=["PUT", "POST"])
    @login_required
    def permissions_request(user, ownername, projectname):
        raw = flask.request.get_json(silent=True)
        body = _store().request_permissions(user, ownername, projectname, raw)
        return _json(body, headers=_deprecated("PUT"))

    register_build_api(app, API, HELPERS)


def register_web(app):
    """The frontend's web pages that clients read (outside /api_3): a chroot's comps.xml.

    Real Copr (coprs_ns.chroot_view_comps) serves the stored content as text/plain, an
    empty body when the chroot has none, and its HTML 404 page for an unknown project
    or chroot.  A removed (soft-deleted) chroot still answers, like the API.
    """

    @app.route("/coprs/<ownername>/<projectname>/chroot/<chrootname>/comps/", methods=["GET"])
    @app.route("/coprs/g/<groupname>/<projectname>/chroot/<chrootname>/comps/", methods=["GET"])
    def chroot_comps(projectname, chrootname, ownername=None, groupname=None):
        owner = "@" + groupname if groupname else ownername
        try:
            content = _store().comps_content(owner, projectname, chrootname)
        except ApiError as exc:
            if exc.status != 404:
                raise
            return flask.Response("<html><body><h1>Page not found</h1></body></html>", 404, mimetype="text/html")
        return flask.Response(content or b"", mimetype="text/plain; charset=utf-8")


def register_test_control(app):
    """/_test/*: state inspection for tests; never recorded."""

    @app.route("/_test/requests", methods=["GET"])
    def test_requests():
        try:
            since = int(flask.request.args.get("since", "0"))
        except ValueError as exc:
            raise ApiError(400, "since must be an integer") from exc
        return _json(_store().requests_since(since))

    @app.route("/_test/reset", methods=["POST"])
    def test_reset():
        _store().reset()
        _faults().reset()
        return _json({"reset": True})

    @app.route("/_test/state", methods=["GET"])
    def test_state():
        return _json(_store().state_dump())

    @app.route("/_test/comps/<ownername>/<projectname>/<chrootname>", methods=["GET"])
    def test_comps(ownername, projectname, chrootname):
        return _json(_store().comps_info(ownername, projectname, chrootname))

    @app.route("/_test/packages/<ownername>/<projectname>/<packagename>", methods=["GET"])
    def test_package(ownername, projectname, packagename):
        return _json(_store().control_package_info(ownername, projectname, packagename))

    @app.route("/_test/search-index", methods=["POST"])
    def test_search_index():
        # The real cron job: manage.py update-indexes-quick.
        return _json(_store().refresh_search_index())

    @app.route("/_test/write-only/<ownername>/<projectname>", methods=["GET"])
    def test_write_only(ownername, projectname):
        return _json(_store().write_only_info(ownername, projectname))

    @app.route("/_test/builds", methods=["POST"])
    def test_builds():
        data = flask.request.get_json(silent=True) or {}
        try:
            owner, project = data["owner"], data["project"]
        except KeyError as exc:
            raise ApiError(400, "owner and project are required") from exc
        return _json(_store().add_test_build(owner, project, data.get("chroots", []), data.get("state", "running"),
                                             data.get("package")))

    register_build_control(app, HELPERS)


HELPERS = {"json": _json, "store": _store, "results_url": _results_url, "base_url": _base_url,
           "login_required": login_required, "args": _args, "input_dict": _input_dict, "deprecated": _deprecated}


def register_hooks(app):
    @app.before_request
    def advance_builds():
        # The fake builder is lazy: every request first catches builds up with the clock.
        _store().tick()

    @app.errorhandler(ApiError)
    def api_error(exc):
        return _json(exc.body(), exc.status)

    @app.before_request
    def old_v3_slash_redirect():
        request = flask.request
        if (flask.current_app.config["V3_OLD_SLASHES"] and request.method == "GET"
                and OLD_V3_SLASH_ROUTES.match(request.path)):
            query = request.query_string.decode("utf-8", "replace")
            location = request.host_url.rstrip("/") + request.path + "/" + ("?" + query if query else "")
            return redirect_response(location, 308)
        return None

    @app.errorhandler(HTTPException)
    def http_error(exc):
        if is_v1_path(flask.request.path):
            return html_error(exc.code)
        if exc.code == 404:
            message = "Such API endpoint doesn't exist"
        elif exc.code == 405:
            message = "The method is not allowed for the requested URL."
        else:
            message = exc.description
        return _json({"error": message}, exc.code)

    @app.errorhandler(Exception)
    def crash(exc):  # pylint: disable=unused-argument
        flask.current_app.logger.exception("unhandled error")
        if is_v1_path(flask.request.path):
            return html_error(500)
        return _json({"error": BUG_MESSAGE}, 500)

    @app.after_request
    def record(response):
        # Only metadata: never headers, credentials or bodies (/api_3 only; with the fault fields).
        request = flask.request
        faults.record_api_request(_store(), request.environ, request.method, request.path,
                                  request.query_string.decode("utf-8", "replace"), response.status_code,
                                  flask.g.get("user_name"))
        return response


def create_app(seed_path=None, base_url=None, results_url=None, build_speed=1.0, clock=None,  # pylint: disable=too-many-arguments
               fault_config=None, v1_variant="2021", v3_old_slashes=False):
    """Build the Flask app.  base_url is the URL clients use (default: from each request);
    results_url is the backend results base (default: <base_url>/results); build_speed is
    the seconds per build phase (0: builds move only by control calls); clock replaces
    time.time (tests, also for the fault windows); fault_config is the startup fault
    config (faults.py, README "Fault injection"; default: no faults); v1_variant is what
    /api answers like ("2021": the last APIv1, "2014": the seed's notes); v3_old_slashes
    makes GET /api_3/build/list and the other routes old frontends defined with a trailing
    slash answer 308 without it."""
    if v1_variant not in VARIANTS:
        raise ValueError("v1_variant must be one of {0}".format(", ".join(VARIANTS)))
    app = flask.Flask("copr_server")
    app.request_class = StreamingRequest
    app.url_map.strict_slashes = False
    app.json.sort_keys = False
    store = app.config["STORE"] = Store(seed_path, build_speed=build_speed, clock=clock)
    app.config["BASE_URL"] = base_url.rstrip("/") if base_url else None
    app.config["RESULTS_URL"] = results_url.rstrip("/") if results_url else None
    app.config["V1_VARIANT"] = v1_variant
    app.config["V3_OLD_SLASHES"] = bool(v3_old_slashes)
    register_api(app)
    register_v1_api(app, HELPERS)
    register_v1_hooks(app)
    register_web(app)
    register_test_control(app)
    register_hooks(app)
    faults.install(app, faults.FaultInjector(fault_config, clock=store.clock), store)
    return app
