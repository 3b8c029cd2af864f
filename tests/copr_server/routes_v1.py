"""Routes of the legacy APIv1 (``/api/...``), served next to /api_3 from the same Store.

``app.config["V1_VARIANT"]`` picks what they answer like: ``"2021"`` (the last frontend
with APIv1, as recorded) or ``"2014"`` (the seed's API notes).  The order of the checks
follows the legacy views: routing (404/405, the slash redirect), then
``api_login_required``, then ``api_req_with_copr`` (the project), then the view.
"""

import base64
import binascii
import json

import flask
from werkzeug.routing import RequestRedirect

from .errors import V1Crash, V1Error

API_V1 = "/api"
REASONS = {301: "MOVED PERMANENTLY", 308: "PERMANENT REDIRECT"}
# Werkzeug 0.9-1.0 wrote this page for a redirect; 2014 (Werkzeug < 1.0) used 301, 2021 308.
REDIRECT_PAGE = ('<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">\n'
                 "<title>Redirecting...</title>\n"
                 "<h1>Redirecting...</h1>\n"
                 "<p>You should be redirected automatically to target URL: "
                 '<a href="{0}">{0}</a>.  If not click the link.')
# The frontend's HTML error page (its <title> says "Not Found" whatever the error).
ERROR_PAGE = ("<!DOCTYPE html>\n<html><head><title>Not Found</title></head>\n<body>\n"
              "<h1> Error {0} </h1> {1}\n</body></html>\n")
NOT_FOUND_TEXT = ("The requested URL was not found on the server. If you entered the URL manually "
                  "please check your spelling and try again.")


def is_v1_path(path):
    return path == API_V1 or path.startswith(API_V1 + "/")


def variant():
    return flask.current_app.config["V1_VARIANT"]


def success(body):
    """flask.jsonify of that frontend: compact, keys sorted, a trailing newline."""
    return flask.Response(json.dumps(body, sort_keys=True, separators=(",", ":")) + "\n",
                          mimetype="application/json")


def error_response(status, message):
    """2021: the api_ns error handler (json.dumps: keys error, output); 2014: flask.jsonify."""
    body = {"error": message, "output": "notok"}
    if variant() == "2014":
        response = success(body)
    else:
        response = flask.Response(json.dumps(body), mimetype="application/json")
    response.status_code = status
    return response


def html_error(status):
    if status == 404:
        page = ERROR_PAGE.format("404: Not Found", NOT_FOUND_TEXT)
    else:
        page = ERROR_PAGE.format(status, "Server error, contact admin")
    return flask.Response(page, status=status, mimetype="text/html")


def redirect_response(location, status):
    response = flask.Response(REDIRECT_PAGE.format(location), status=status, mimetype="text/html")
    response.headers["Location"] = location
    return response


def only_2021():
    """Routes added after 2014: the 2014 variant has no such URL."""
    if variant() == "2014":
        raise V1Crash(404)


def register_v1_api(app, helpers):  # pylint: disable=too-many-locals,too-many-statements
    """All /api routes.  Each rule ends with a slash and is strict: no slash means a redirect."""
    _store = helpers["store"]
    _results_url = helpers["results_url"]
    _base_url = helpers["base_url"]

    def route(rule, methods=("GET",)):
        return app.route(API_V1 + rule, methods=list(methods), strict_slashes=True)

    def authenticate():
        """api_login_required: Basic <api_login>:<api_token>; the scheme word is not checked."""
        header = flask.request.headers.get("Authorization")
        login = token = None
        if header:
            try:
                decoded = base64.b64decode(header.split()[1].strip()).decode("utf-8")
                login, token = decoded.split(":")
            except (IndexError, binascii.Error, UnicodeDecodeError, ValueError) as exc:
                raise V1Crash(500, "ValueError: {0}".format(exc.__class__.__name__)) from exc
        user = _store().authenticate(login, token) if login and token else None
        if user is None:
            if variant() == "2014":
                raise V1Error(500, "Login invalid/expired")
            message = "Login invalid/expired. Please visit {0}/api to get or renew your API token.".format(_base_url())
            response = success({"output": "notok", "error": message})
            response.status_code = 401
            flask.abort(response)
        flask.g.user_name = user.name
        return user

    def body():
        """(data, form keys): get_input_dict() - a JSON object with a JSON content type, else the form."""
        request = flask.request
        if request.is_json:
            data = request.get_json(silent=True)
            if isinstance(data, dict) and data:
                return data, None
        return {key: request.form.get(key) for key in request.form}, list(request.form.keys())

    def form_is_empty():
        """Flask-WTF's wrap_formdata: no form and a falsy JSON body means no form data at all."""
        request = flask.request
        return not request.form and not (request.is_json and request.get_json(silent=True))

    # ------------------------------------------------------------- general
    @app.route(API_V1 + "/status", methods=["GET"], strict_slashes=True)
    def v1_status():
        only_2021()
        return success(_store().v1_status())

    @route("/auth_check/", methods=["POST"])
    def v1_auth_check():
        only_2021()
        authenticate()
        return success({"output": "ok"})

    # ------------------------------------------------------------ projects
    @route("/coprs/")
    @route("/coprs/<username>/")
    def v1_list(username=None):
        username = flask.request.args.get("username") or username
        return success(_store().v1_list(username, variant(), _results_url()))

    @route("/coprs/<username>/new/", methods=["POST"])
    def v1_new(username):
        user = authenticate()
        data, form_keys = body()
        return success(_store().v1_new_project(user, username, data, form_keys, variant()))

    @route("/coprs/<username>/<coprname>/detail/")
    def v1_detail(username, coprname):
        return success(_store().v1_detail(username, coprname, variant(), _results_url()))

    @route("/coprs/<username>/<coprname>/modify/", methods=["POST"])
    def v1_modify(username, coprname):
        user = authenticate()
        data, form_keys = body()
        return success(_store().v1_modify(user, username, coprname, data, form_keys, variant()))

    @route("/coprs/<username>/<coprname>/modify/<chrootname>/", methods=["POST"])
    def v1_modify_chroot(username, coprname, chrootname):
        user = authenticate()
        data, _form_keys = body()
        return success(_store().v1_modify_chroot(user, username, coprname, chrootname, data, form_is_empty(),
                                                 variant()))

    @route("/coprs/<username>/<coprname>/detail/<chrootname>/")
    def v1_chroot_detail(username, coprname, chrootname):
        return success(_store().v1_chroot_detail(username, coprname, chrootname, variant()))

    @route("/coprs/<username>/<coprname>/build-config/<chrootname>/")
    def v1_build_config(username, coprname, chrootname):
        only_2021()
        return success(_store().v1_build_config(username, coprname, chrootname, _results_url()))

    @route("/coprs/<username>/<coprname>/delete/", methods=["POST"])
    def v1_delete(username, coprname):
        only_2021()
        user = authenticate()
        _store().v1_detail(username, coprname, variant(), _results_url())  # api_req_with_copr: 404 first
        data, _form_keys = body()
        return success(_store().v1_delete(user, username, coprname, data))

    @route("/coprs/search/")
    @route("/coprs/search/<project>/")
    def v1_search(project=None):
        query = flask.request.args.get("project") or project
        return success(_store().v1_search(query, variant()))

    # -------------------------------------------------------------- builds
    @route("/coprs/<username>/<coprname>/new_build/", methods=["POST"])
    def v1_new_build(username, coprname):
        user = authenticate()
        if variant() == "2021":
            _store().v1_detail(username, coprname, variant(), _results_url())  # api_req_with_copr: 404 first
        data, form_keys = body()
        return success(_store().v1_new_build(user, username, coprname, data, form_keys, variant(), _base_url()))

    def build_id_or_404(raw):
        if not raw.isdigit():
            if variant() == "2014":
                raise V1Error(404, "Invalid build")
            raise V1Crash(404)
        return int(raw)

    @route("/coprs/build_status/<build_id>/")
    def v1_build_status(build_id):
        if variant() == "2014":
            authenticate()  # the 2014 notes: build status needs the token
        return success(_store().v1_build_status(build_id_or_404(build_id), variant()))

    @route("/coprs/build_detail/<build_id>/")
    def v1_build_detail(build_id):
        return success(_store().v1_build_detail(build_id_or_404(build_id), variant(), _results_url()))

    @route("/coprs/build/<build_id>/")
    def v1_build_alias(build_id):
        only_2021()
        return success(_store().v1_build_detail(build_id_or_404(build_id), variant(), _results_url()))

    @route("/coprs/cancel_build/<build_id>/", methods=["GET", "POST"])
    def v1_cancel_build(build_id):
        # The 2014 notes show GET; the last APIv1 took POST only.
        if flask.request.method != ("GET" if variant() == "2014" else "POST"):
            raise V1Crash(405)
        user = authenticate()
        return success(_store().v1_cancel(user, build_id_or_404(build_id), variant()))

    @route("/coprs/<username>/<coprname>/monitor/")
    def v1_monitor(username, coprname):
        only_2021()
        return success(_store().v1_monitor(username, coprname))


def register_v1_hooks(app):
    """Errors under /api are JSON (V1Error) or the HTML page; a missing slash redirects."""

    @app.errorhandler(V1Error)
    def v1_error(exc):
        return error_response(exc.status, exc.message)

    @app.errorhandler(V1Crash)
    def v1_crash(exc):
        if exc.status == 500:
            flask.current_app.logger.info("APIv1 crash (as the real frontend): %s", exc.reason)
        return html_error(exc.status)

    @app.before_request
    def slash_redirect():
        """A strict rule asked for without its slash: Werkzeug's redirect, also for a POST."""
        exc = flask.request.routing_exception
        if isinstance(exc, RequestRedirect) and is_v1_path(flask.request.path):
            return redirect_response(exc.new_url, 301 if variant() == "2014" else 308)
        return None
