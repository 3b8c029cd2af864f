# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the benchmarks need of the local Copr server: start it, read its request record."""

import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.request

TESTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _drain(stream):
    for _line in stream:
        pass


def start_server(*extra_args):
    """Start ``python -m copr_server`` on a free loopback port; return (process, base URL)."""
    env = dict(os.environ, PYTHONPATH=TESTS)
    proc = subprocess.Popen([sys.executable, "-u", "-m", "copr_server", "--host", "127.0.0.1", "--port", "0"]
                            + [str(arg) for arg in extra_args],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        match = re.search(r"copr_server listening on (http://\S+)", line or "")
        if match:
            # Keep reading its output (a log line per request): a full pipe would block the server.
            threading.Thread(target=_drain, args=(proc.stdout,), daemon=True).start()
            return proc, match.group(1)
        if proc.poll() is not None:
            break
    proc.kill()
    sys.exit("bench: the local Copr server did not start")


def http_json(url, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback only, never a proxy
    with opener.open(request, timeout=60) as response:
        return json.load(response)


def mark(url):
    """The sequence number of the server's last recorded request."""
    return http_json("%s/_test/requests?since=999999999" % url)["last_seq"]


def requests_since(url, seq):
    """The requests the server recorded after ``seq``: {seq, method, path, query, status, user, write}."""
    return http_json("%s/_test/requests?since=%d" % (url, seq))["items"]
