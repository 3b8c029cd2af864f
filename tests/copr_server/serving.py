"""The HTTP server: werkzeug's threaded server, with HTTP/1.1 keep-alive like the real frontend.

werkzeug's development server closes every connection ("Connection: close")
and, after each response, reads whatever the client sent next to throw it
away, which only works because the connection is closed anyway.  This
handler instead gives the application a body stream limited to the
request's length, drains exactly what the application left of that body once
the response is sent, hides the socket from werkzeug's read-everything step,
and keeps the connection open for the client's next request, as Apache in
front of the real Copr does.  Clients can therefore be tested for connection
reuse: the request record's ``peer`` is the client's address and port.
"""

import io
import socket

from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wsgi import LimitedStream

# Seconds an idle kept-alive connection stays open (Apache's KeepAliveTimeout is 5 s by default;
# a little longer here so that slow test runs still reuse connections).
IDLE_TIMEOUT = 15
HANDLER_KEY = "copr_server.handler"


class KeepAliveRequestHandler(WSGIRequestHandler):
    """Keeps HTTP/1.1 connections open between requests unless the client asks to close."""

    timeout = IDLE_TIMEOUT
    # TCP_NODELAY: the handler writes the headers and the body separately, and on a kept-alive
    # connection Nagle's algorithm holds the body until the client's delayed ACK (40 ms a request).
    disable_nagle_algorithm = True

    def setup(self):
        super().setup()
        # werkzeug writes the status line, headers and body in several small sends: without
        # TCP_NODELAY, Nagle's algorithm holds each later one for the client's delayed ACK
        # (40 ms a response) once the connection stays open.
        if self.connection.family in (socket.AF_INET, socket.AF_INET6):
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def make_environ(self):
        environ = super().make_environ()
        if not environ.get("wsgi.input_terminated"):
            environ["wsgi.input"] = LimitedStream(self.rfile, int(environ.get("CONTENT_LENGTH") or 0))
            environ["wsgi.input_terminated"] = True
        environ[HANDLER_KEY] = self
        return environ

    def response_sent(self, environ):
        """The application's response is out: read the rest of its request body, keep the socket to us."""
        try:
            while environ["wsgi.input"].read(65536):
                pass
        except (OSError, ValueError):
            self.close_connection = True
        # werkzeug now reads (and discards) whatever else the socket holds: the client's next request.
        self.rfile, self._socket_file = io.BytesIO(), self.rfile  # pylint: disable=attribute-defined-outside-init

    def run_wsgi(self):
        self._socket_file = None  # pylint: disable=attribute-defined-outside-init
        try:
            super().run_wsgi()
        finally:
            if self._socket_file is not None:
                self.rfile = self._socket_file

    def send_header(self, keyword, value):
        if (keyword.lower() == "connection" and value.lower() == "close" and self.request_version == "HTTP/1.1"
                and self.headers.get("Connection", "").lower() != "close"):
            return  # werkzeug's blanket "close": keep the connection for the client's next request
        super().send_header(keyword, value)


class KeepAliveApp:
    """WSGI wrapper that tells the handler when the response body has been sent in full."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        handler = environ.get(HANDLER_KEY)
        result = self.app(environ, start_response)
        try:
            yield from result
        finally:
            if hasattr(result, "close"):
                result.close()
        if handler is not None:
            handler.response_sent(environ)


def make_copr_server(host, port, app):
    """A threaded server for ``app`` on host:port (0 = a free port), listening already."""
    return make_server(host, port, KeepAliveApp(app), threaded=True, request_handler=KeepAliveRequestHandler)
