# -*- coding: utf-8 -*-
# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The streamed multipart body: same bytes as requests' files=, bounded reads, right length."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import threading

import pytest
import requests
import urllib3.filepost

from ansible_collections.copr.copr.plugins.module_utils.multipart_stream import MultipartStream

try:
    from http.server import BaseHTTPRequestHandler, HTTPServer
except ImportError:  # pragma: no cover
    pytest.skip("Python 3 only", allow_module_level=True)

BOUNDARY = "0123456789abcdef0123456789abcdef"
JSON_PART = json.dumps({"ownername": "alice", "projectname": "demo", "chroots": ["fedora-43-x86_64"]})


def python_copr_body(path, monkeypatch):
    """What requests sends for python-copr's FileRequest layout, with a fixed boundary."""
    monkeypatch.setattr(urllib3.filepost, "choose_boundary", lambda: BOUNDARY)
    with open(path, "rb") as handle:
        files = [("pkgs", (os.path.basename(path), handle, "application/x-rpm")),
                 ("json", ("json", JSON_PART, "application/json"))]
        prepared = requests.Request("POST", "http://copr.example/api_3/build/create/upload", files=files).prepare()
    return prepared.body, prepared.headers["Content-Type"]


def make_stream(path):
    return MultipartStream([("pkgs", os.path.basename(path), "application/x-rpm", {"path": path}),
                            ("json", "json", "application/json", JSON_PART)], boundary=BOUNDARY)


@pytest.fixture
def srpm(tmp_path):
    path = tmp_path / "hello-1.0-1.src.rpm"
    path.write_bytes(os.urandom(100000) + b"\r\n--" + BOUNDARY.encode())
    return str(path)


def test_same_bytes_as_requests(srpm, monkeypatch):
    expected, content_type = python_copr_body(srpm, monkeypatch)
    stream = make_stream(srpm)
    assert stream.content_type == content_type
    assert len(stream) == len(expected)
    assert stream.read() == expected
    assert stream.read(10) == b""


@pytest.mark.parametrize("size", [1, 7, 100, 4096, 65536])
def test_read_never_returns_more_than_asked(srpm, monkeypatch, size):
    expected = python_copr_body(srpm, monkeypatch)[0]
    stream = make_stream(srpm)
    chunks = []
    while True:
        chunk = stream.read(size)
        assert len(chunk) <= size
        if not chunk:
            break
        chunks.append(chunk)
    assert b"".join(chunks) == expected
    assert all(len(chunk) == size for chunk in chunks[:-1])


def test_empty_file_and_bytes_parts(tmp_path, monkeypatch):
    path = tmp_path / "empty.src.rpm"
    path.write_bytes(b"")
    expected = python_copr_body(str(path), monkeypatch)[0]
    assert make_stream(str(path)).read() == expected


def test_file_that_changes_size_is_an_error(srpm):
    stream = make_stream(srpm)
    stream.read(50)
    with open(srpm, "ab") as handle:
        handle.write(b"more")
    with pytest.raises(IOError, match="grew"):
        stream.read()
    stream = make_stream(srpm)
    with open(srpm, "wb") as handle:
        handle.write(b"short")
    with pytest.raises(IOError, match="shrank"):
        stream.read()


class Recorder(BaseHTTPRequestHandler):
    received = {}

    def do_POST(self):  # noqa: N802 - http.server naming
        length = int(self.headers["Content-Length"])
        Recorder.received = {"headers": dict(self.headers), "body": self.rfile.read(length)}
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


def test_requests_streams_it_with_content_length(srpm, monkeypatch):
    """Through a real socket: Content-Length is set, no chunked encoding, the bytes arrive unchanged."""
    expected = python_copr_body(srpm, monkeypatch)[0]
    server = HTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02})
    thread.daemon = True
    thread.start()
    try:
        stream = make_stream(srpm)
        reads = []
        original = stream.read

        def spying_read(size=-1):
            reads.append(size)
            return original(size)

        stream.read = spying_read
        response = requests.post("http://127.0.0.1:%d/upload" % server.server_port, data=stream,
                                 headers={"Content-Type": stream.content_type}, timeout=10)
        assert response.status_code == 200
    finally:
        server.shutdown()
        server.server_close()
    headers = dict((key.lower(), value) for key, value in Recorder.received["headers"].items())
    assert headers["content-length"] == str(len(expected))
    assert "transfer-encoding" not in headers
    assert headers["content-type"] == "multipart/form-data; boundary=%s" % BOUNDARY
    assert Recorder.received["body"] == expected
    # It was pulled in blocks, never all at once.
    assert reads and all(0 < size < len(expected) for size in reads)
