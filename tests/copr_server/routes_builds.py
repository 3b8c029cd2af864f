"""Routes for builds, build chroots and packages (APIv3) and the build control calls.

Uploads are streamed: werkzeug's multipart parser writes each file part in
chunks to an unnamed temporary file (``StreamingRequest``), and the route keeps
only the file name, size, sha256 and the RPM header fields, never the body.
"""

import hashlib
import importlib.util
import json
import os
import secrets
import tempfile

import flask
from werkzeug.utils import secure_filename

from .errors import ApiError
from .monitor import monitor

CHUNK = 1024 * 1024
RPM_HEADER_PATH = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                               "plugins", "module_utils", "rpm_header.py")
_RPM_HEADER = None


def rpm_header():
    """The collection's pure-Python RPM header reader, loaded by path (no Ansible imports)."""
    global _RPM_HEADER  # pylint: disable=global-statement
    if _RPM_HEADER is None:
        if not os.path.exists(RPM_HEADER_PATH):
            return None   # then upload names come from the file name, like URL builds
        spec = importlib.util.spec_from_file_location("copr_server_rpm_header", RPM_HEADER_PATH)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        _RPM_HEADER = module
    return _RPM_HEADER


class StreamingRequest(flask.Request):
    """Every uploaded file part goes to a temporary file on disk, never to memory."""

    def _get_file_stream(self, total_content_length, content_type, filename=None, content_length=None):
        return tempfile.TemporaryFile("w+b")  # pylint: disable=consider-using-with


def inspect_upload(storage, base_url):
    """Hash and size the uploaded part in chunks; read the SRPM header from its start."""
    filename = secure_filename(storage.filename or "")
    stream = storage.stream
    stream.seek(0)
    digest = hashlib.sha256()
    size = 0
    while True:
        chunk = stream.read(CHUNK)
        if not chunk:
            break
        digest.update(chunk)
        size += len(chunk)
    header = error = None
    if filename.lower().endswith((".src.rpm", ".nosrc.rpm")):
        stream.seek(0)
        module = rpm_header()
    else:
        module = None
    if module is not None:
        try:
            parsed = module.read_srpm_nvr(filename, stream)
            header = {k: parsed[k] for k in ("name", "version", "release", "epoch")}
        except module.RpmHeaderError as exc:
            error = str(exc)
    storage.close()
    return {"filename": filename, "size": size, "sha256": digest.hexdigest(), "header": header,
            "error": error, "tmp_name": "tmp" + secrets.token_hex(4), "base_url": base_url}


def register_build_api(app, api, helpers):  # pylint: disable=too-many-locals,too-many-statements
    """helpers: dict of app.py functions (json, store, results_url, base_url, login_required, args, ...)."""
    _json = helpers["json"]
    _store = helpers["store"]
    _results_url = helpers["results_url"]
    _base_url = helpers["base_url"]
    login_required = helpers["login_required"]
    _args = helpers["args"]
    _input_dict = helpers["input_dict"]
    _deprecated = helpers["deprecated"]

    def body():
        raw = _input_dict()
        return raw if isinstance(raw, dict) else {}

    @app.route(api + "/build/<int:build_id>", methods=["GET"])
    def build_get(build_id):
        return _json(_store().build_get(build_id, _results_url()))

    @app.route(api + "/build/list", methods=["GET"])
    def build_list():
        ownername, projectname = _args("ownername", "projectname")  # pylint: disable=unbalanced-tuple-unpacking
        args = flask.request.args
        return _json(_store().build_list(ownername, projectname, args.get("packagename"), args.get("status"),
                                         args, _results_url()))

    @app.route(api + "/monitor", methods=["GET"])
    def project_monitor():
        ownername, projectname = _args("ownername", "projectname")  # pylint: disable=unbalanced-tuple-unpacking
        args = flask.request.args
        return _json(monitor(_store(), ownername, projectname, args.get("project_dirname"),
                             args.getlist("additional_fields[]"), _results_url()))

    @app.route(api + "/build/source-chroot/<int:build_id>", methods=["GET"])
    def build_source_chroot(build_id):
        return _json(_store().source_chroot(build_id, _results_url()))

    @app.route(api + "/build/source-build-config/<int:build_id>", methods=["GET"])
    def build_source_build_config(build_id):
        return _json(_store().source_build_config(build_id))

    @app.route(api + "/build/built-packages/<int:build_id>", methods=["GET"])
    def build_built_packages(build_id):
        return _json(_store().built_packages(build_id))

    @app.route(api + "/build/cancel/<int:build_id>", methods=["PUT", "POST"])
    @login_required
    def build_cancel(user, build_id):
        return _json(_store().cancel_build(user, build_id, _results_url()), headers=_deprecated("PUT"))

    @app.route(api + "/build/delete/<int:build_id>", methods=["DELETE", "POST"])
    @login_required
    def build_delete(user, build_id):
        return _json(_store().delete_build(user, build_id, _results_url()), headers=_deprecated("DELETE"))

    @app.route(api + "/build/delete/list", methods=["DELETE", "POST"])
    @login_required
    def build_delete_list(user):
        raw = flask.request.get_json(silent=True)
        if not isinstance(raw, dict) or "builds" not in raw:
            raise ApiError(500, "Request wasn't successful, there is probably a bug in the Copr code.")
        return _json(_store().delete_builds(user, raw["builds"]), headers=_deprecated("DELETE"))

    def make_create(source_type):
        @login_required
        def create(user):
            return _json(_store().create_builds(user, source_type, body(), _results_url()))
        create.__name__ = "build_create_" + source_type
        return create

    for source_type in ("url", "scm", "pypi", "rubygems", "custom", "distgit"):
        app.add_url_rule(api + "/build/create/" + source_type, view_func=make_create(source_type), methods=["POST"])

    @app.route(api + "/build/create/upload", methods=["POST"])
    @login_required
    def build_create_upload(user):
        storage = flask.request.files.get("pkgs")
        upload = inspect_upload(storage, _base_url()) if storage is not None else {
            "filename": "", "size": 0, "sha256": None, "header": None, "error": None,
            "tmp_name": "", "base_url": _base_url()}
        raw = body()
        return _json(_store().create_builds(user, "upload", raw, _results_url(), upload=upload))

    @app.route(api + "/build/check-before-build", methods=["POST"])
    @login_required
    def build_check(user):
        return _json(_store().check_before_build(user, body()))

    @app.route(api + "/build-chroot", methods=["GET"])
    @app.route(api + "/build-chroot/<int:build_id>/<chrootname>", methods=["GET"])
    def build_chroot_get(build_id=None, chrootname=None):
        if build_id is None:
            build_id, chrootname = _args("build_id", "chrootname")  # pylint: disable=unbalanced-tuple-unpacking
        return _json(_store().build_chroot_get(_int_id(build_id), chrootname, _results_url()))

    @app.route(api + "/build-chroot/list", methods=["GET"])
    @app.route(api + "/build-chroot/list/<int:build_id>", methods=["GET"])
    def build_chroot_list(build_id=None):
        if build_id is None:
            build_id = _args("build_id")[0]
        return _json(_store().build_chroot_list(_int_id(build_id), flask.request.args, _results_url()))

    @app.route(api + "/build-chroot/build-config", methods=["GET"])
    @app.route(api + "/build-chroot/build-config/<int:build_id>/<chrootname>", methods=["GET"])
    def build_chroot_config(build_id=None, chrootname=None):
        if build_id is None:
            build_id, chrootname = _args("build_id", "chrootname")  # pylint: disable=unbalanced-tuple-unpacking
        return _json(_store().build_chroot_config(_int_id(build_id), chrootname, _results_url()))

    @app.route(api + "/package", methods=["GET"])
    def package_get():
        ownername, projectname, packagename = _args(  # pylint: disable=unbalanced-tuple-unpacking
            "ownername", "projectname", "packagename")
        return _json(_store().package_get(ownername, projectname, packagename, flask.request.args, _results_url()))

    @app.route(api + "/package/list", methods=["GET"])
    def package_list():
        ownername, projectname = _args("ownername", "projectname")  # pylint: disable=unbalanced-tuple-unpacking
        return _json(_store().package_list(ownername, projectname, flask.request.args, _results_url()))

    @app.route(api + "/package/add/<ownername>/<projectname>/<package_name>/<source_type>", methods=["POST"])
    @login_required
    def package_add(user, ownername, projectname, package_name, source_type):
        return _json(_store().package_add_or_edit(user, ownername, projectname, package_name, source_type,
                                                  body(), _results_url()))

    @app.route(api + "/package/edit/<ownername>/<projectname>/<package_name>", methods=["POST"])
    @app.route(api + "/package/edit/<ownername>/<projectname>/<package_name>/<source_type>", methods=["POST"])
    @login_required
    def package_edit(user, ownername, projectname, package_name, source_type=None):
        return _json(_store().package_add_or_edit(user, ownername, projectname, package_name, source_type,
                                                  body(), _results_url(), edit=True))

    @app.route(api + "/package/build", methods=["POST"])
    @login_required
    def package_build(user):
        return _json(_store().package_build(user, body(), _results_url()))

    @app.route(api + "/package/delete", methods=["DELETE", "POST"])
    @login_required
    def package_delete(user):
        return _json(_store().package_delete(user, body(), _results_url()), headers=_deprecated("DELETE"))

    @app.route(api + "/package/reset", methods=["PUT", "POST"])
    @login_required
    def package_reset(user):
        return _json(_store().package_reset(user, body(), _results_url()), headers=_deprecated("PUT"))


def _int_id(value):
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise ApiError(404, "Build {0} does not exist.".format(value)) from exc


def register_build_control(app, helpers):
    _json = helpers["json"]
    _store = helpers["store"]
    _results_url = helpers["results_url"]

    def control_body():
        data = flask.request.get_json(silent=True)
        if data is None:
            raw = flask.request.get_data(cache=True)
            if raw.strip():
                try:
                    data = json.loads(raw)
                except ValueError as exc:
                    raise ApiError(400, "body must be JSON") from exc
        return data if data is not None else {}

    @app.route("/_test/builds/<int:build_id>", methods=["GET"])
    def control_build_info(build_id):
        return _json(_store().control_build_info(build_id))

    @app.route("/_test/builds/<int:build_id>/advance", methods=["POST"])
    def control_advance(build_id):
        data = control_body()
        if not isinstance(data, dict):
            raise ApiError(400, "body must be a JSON object")
        return _json(_store().control_advance(build_id, data.get("to"), _results_url()))

    @app.route("/_test/builds/<int:build_id>/fail", methods=["POST"])
    def control_fail(build_id):
        data = control_body()
        if not isinstance(data, dict):
            raise ApiError(400, "body must be a JSON object")
        chroots = data.get("chroots")
        if chroots is not None and (not isinstance(chroots, list) or not all(isinstance(c, str) for c in chroots)):
            raise ApiError(400, "chroots must be a list of chroot names")
        return _json(_store().control_fail(build_id, chroots, _results_url()))

    @app.route("/_test/config", methods=["GET", "POST"])
    def control_config():
        if flask.request.method == "GET":
            return _json(_store().get_config())
        return _json(_store().set_config(control_body()))
