"""Fault injection of the local Copr server (tests/copr_server/faults.py, README "Fault injection").

Every fault is observed the way a client sees it: a plain ``requests`` call over loopback,
against werkzeug's threaded server (in this process through ``start_server``, or as
``python -m copr_server`` for the command line and environment).  Loops are bounded.
"""

import subprocess
import sys
import threading
import time

import pytest
import requests

from conftest import SEED_PATH, server_env, spawn_server  # pylint: disable=import-error

C43 = "fedora-43-x86_64"
DEFAULTS = {
    "seed": 0, "stream": "global", "methods": "all", "paths": [], "gateway_rate": 0.0,
    "gateway_statuses": [502, 503, 504], "after_rate": 0.0, "after_kinds": ["504", "hangup"],
    "latency": 0.0, "jitter": 0.0, "action_in_progress": [], "expire_tokens": [],
}
BUILD_TEXT = "Can't build while there is an operation in progress: Deleting copr None"
DELETE_TEXT = "Can't delete this project, another operation is in progress: Deleting copr None"
TITLES = {502: "502 Proxy Error", 503: "503 Service Unavailable", 504: "504 Gateway Timeout"}


class Clock:  # pylint: disable=too-few-public-methods
    """A settable time.time for the action windows and token expiry."""

    def __init__(self):
        self.now = 1_000_000.0

    def __call__(self):
        return self.now


def unauthorized(srv):
    return {"output": "notok",
            "error": "Login invalid/expired. Please visit {0}/api to get or renew your API token.".format(srv.base_url)}


def add(srv, name, who="alice", owner="alice"):
    return srv.api("POST", "project/add/" + owner, who, json={"name": name, "chroots": [C43]})


def project_status(srv, name, owner="alice"):
    return srv.api("GET", "project", params={"ownername": owner, "projectname": name}).status_code


def outcome(call):
    """What a client saw: the status code, or "hangup" for a connection closed without an answer."""
    try:
        return call().status_code
    except requests.ConnectionError:
        return "hangup"


def assert_gateway_page(resp, status):
    assert resp.status_code == status
    assert resp.headers["Content-Type"] == "text/html; charset=iso-8859-1"
    assert "<title>{0}</title>".format(TITLES[status]) in resp.text
    with pytest.raises(ValueError):
        resp.json()


def last_record(srv):
    return srv.requests_since(0)[-1]


# ------------------------------------------------------------- defaults and /_test


def test_faults_off_by_default(server):
    """The session server (no flags, no environment) injects nothing and records so."""
    resp = requests.get(server.base_url + "/_test/faults/config", timeout=30)
    assert resp.json() == DEFAULTS
    start = server.last_seq()
    assert add(server, "p").status_code == 200
    assert server.api("GET", "auth-check", "bad").status_code == 401
    items = server.requests_since(start)
    assert [(i["status"], i["app_status"], i["fault"], i["faults"], i["processed"], i["latency"], i["fault_seq"])
            for i in items] == [(200, 200, None, [], True, 0.0, None), (401, 401, None, [], True, 0.0, None)]
    stats = server.fault_stats()
    assert stats["requests"] == 2 and stats["eligible"] == 0
    assert set(stats["counts"].values()) == {0}


def test_control_routes_never_faulted(start_server):
    srv, _app = start_server(fault_config={"gateway_rate": 1.0, "gateway_statuses": [502], "paths": ["."]})
    assert_gateway_page(srv.api("GET", "/"), 502)
    for method, path, body in (("GET", "/_test/requests", None), ("GET", "/_test/faults", None),
                               ("GET", "/_test/faults/config", None), ("GET", "/_test/config", None),
                               ("POST", "/_test/config", {"build_speed": 0}), ("POST", "/_test/reset", None)):
        resp = requests.request(method, srv.base_url + path, json=body, timeout=30)
        assert resp.status_code == 200 and resp.headers["Content-Type"] == "application/json", path
    stats = srv.fault_stats()
    assert stats["requests"] == 0     # the reset restarted the counters; /_test/* is never counted
    assert_gateway_page(srv.api("GET", "/"), 502)
    assert srv.fault_stats()["requests"] == 1


# ------------------------------------------------------------------- the kinds


@pytest.mark.parametrize("status", [502, 503, 504])
def test_gateway_error_is_not_processed(start_server, status):
    srv, _app = start_server(fault_config={"methods": "writes", "gateway_rate": 1.0, "gateway_statuses": [status]})
    resp = add(srv, "p")
    assert_gateway_page(resp, status)
    assert project_status(srv, "p") == 404          # reads are out of scope: the add never happened
    record = srv.requests_since(0)[0]
    assert {k: record[k] for k in ("method", "path", "status", "user", "write", "fault", "faults", "processed",
                                   "app_status", "fault_seq")} == {
        "method": "POST", "path": "/api_3/project/add/alice", "status": status, "user": None, "write": True,
        "fault": "gateway_{0}".format(status), "faults": ["gateway_{0}".format(status)], "processed": False,
        "app_status": None, "fault_seq": 1}
    assert srv.fault_stats()["counts"]["gateway_{0}".format(status)] == 1


def test_after_504_is_processed(start_server):
    srv, _app = start_server(fault_config={"methods": "writes", "after_rate": 1.0, "after_kinds": ["504"]})
    assert_gateway_page(add(srv, "p"), 504)
    assert project_status(srv, "p") == 200          # the project was created all the same
    resp = srv.api("PUT", "project/edit/alice/p", "alice", json={"description": "new"})
    assert_gateway_page(resp, 504)
    assert srv.api("GET", "project", params={"ownername": "alice", "projectname": "p"}).json()["description"] == "new"
    writes = [r for r in srv.requests_since(0) if r["write"]]
    assert [(r["status"], r["app_status"], r["fault"], r["processed"], r["user"]) for r in writes] == [
        (504, 200, "after_504", True, "alice")] * 2
    assert srv.fault_stats()["counts"]["after_504"] == 2


def test_hangup_after_processing(start_server):
    """werkzeug's threaded server: the client gets a ConnectionError, the state changed."""
    srv, _app = start_server(fault_config={"methods": "writes", "after_rate": 1.0, "after_kinds": ["hangup"]})
    with pytest.raises(requests.ConnectionError):
        add(srv, "p")
    assert project_status(srv, "p") == 200
    # A body the app never reads (bad token: 401 before the body) and a streamed upload.
    with pytest.raises(requests.ConnectionError):
        srv.api("PUT", "project/edit/alice/p", "bad", json={"description": "x" * 200_000})
    with pytest.raises(requests.ConnectionError):
        srv.api("POST", "build/create/upload", "alice",
                files=[("json", ("json", '{"ownername": "alice", "projectname": "p"}', "application/json")),
                       ("pkgs", ("hello-1.0-1.src.rpm", b"\0" * 300_000, "application/x-rpm"))])
    builds = srv.api("GET", "build/list", params={"ownername": "alice", "projectname": "p"}).json()["items"]
    assert len(builds) == 1
    # The unread rest of a body is drained before the hang-up, so werkzeug never reads it as
    # a next request on that connection (this body is one).
    with pytest.raises(requests.ConnectionError):
        srv.api("PUT", "project/edit/alice/p", "bad", data=b"GET /api_3/mock-chroots/list HTTP/1.1\r\nHost: x\r\n\r\n")
    writes = [r for r in srv.requests_since(0) if r["write"]]
    assert [(r["status"], r["app_status"], r["fault"], r["processed"]) for r in writes] == [
        (None, 200, "hangup", True), (None, 401, "hangup", True), (None, 200, "hangup", True),
        (None, 401, "hangup", True)]
    assert "/api_3/mock-chroots/list" not in [r["path"] for r in srv.requests_since(0)]
    assert srv.fault_stats()["counts"]["hangup"] == 4
    assert srv.api("GET", "/").json() == {"version": 3}     # the server carries on


def test_hangup_in_process_test_client():
    """Under Flask's test client (no socket) the hang-up reaches the caller as ConnectionAbortedError."""
    from copr_server import create_app  # pylint: disable=import-outside-toplevel
    app = create_app(fault_config={"methods": "writes", "after_rate": 1.0, "after_kinds": ["hangup"]})
    client = app.test_client()
    with pytest.raises(ConnectionAbortedError):
        client.post("/api_3/project/add/alice", json={"name": "p", "chroots": [C43]},
                    auth=tuple(app.config["STORE"].seed["users"][0][k] for k in ("api_login", "api_token")))
    assert client.get("/api_3/project?ownername=alice&projectname=p").status_code == 200


def test_latency_and_jitter(start_server):
    srv, _app = start_server(fault_config={"latency": 0.2, "methods": ["GET"]})
    began = time.monotonic()
    assert srv.api("GET", "/").status_code == 200
    assert time.monotonic() - began >= 0.2
    srv.api("POST", "build/check-before-build", "alice", json={})      # POST is out of scope
    assert [(r["latency"], r["fault_seq"]) for r in srv.requests_since(0)] == [(0.2, 1), (0.0, None)]
    srv.faults(latency=0.0, jitter=0.15)
    delays = []
    for _attempt in range(8):
        began = time.monotonic()
        srv.api("GET", "/")
        delays.append(time.monotonic() - began)
    recorded = [r["latency"] for r in srv.requests_since(0)[2:]]
    assert len(recorded) == 8 and len(set(recorded)) == 8 and all(0 <= d < 0.15 for d in recorded)
    assert all(seen >= wanted - 0.005 for seen, wanted in zip(delays, recorded))
    stats = srv.fault_stats()
    assert stats["counts"]["latency"] == 8 and abs(stats["latency_seconds"] - sum(recorded)) < 1e-3


# ------------------------------------------------------------ action in progress


def test_action_in_progress_window(start_server):
    clock = Clock()
    srv, _app = start_server(clock=clock, build_speed=0)
    for name in ("p", "q"):
        assert add(srv, name).status_code == 200
    build_id = srv.api("POST", "build/create/url", "alice", json={
        "ownername": "alice", "projectname": "p", "pkgs": ["https://example.org/hello-1.0-1.src.rpm"]}).json()["items"][0]["id"]
    srv.faults(action_in_progress=[{"project": "alice/p", "seconds": 30}])
    start = srv.last_seq()
    blocked = [
        ("PUT", "project/edit/alice/p", {"json": {"description": "x"}}, BUILD_TEXT),
        ("PUT", "project-chroot/edit/alice/p/" + C43, {"json": {"with_opts": ["x"]}}, BUILD_TEXT),
        ("POST", "build/create/url", {"json": {"ownername": "alice", "projectname": "p",
                                               "pkgs": ["https://example.org/hello-1.0-1.src.rpm"]}}, BUILD_TEXT),
        ("PUT", "build/cancel/{0}".format(build_id), {}, BUILD_TEXT),
        ("POST", "package/add/alice/p/hello/pypi", {"json": {"pypi_package_name": "hello"}}, BUILD_TEXT),
        ("DELETE", "project/delete/alice/p", {}, DELETE_TEXT),
    ]
    for method, path, kwargs, text in blocked:
        resp = srv.api(method, path, "alice", **kwargs)
        assert (resp.status_code, resp.json()) == (500, {"error": text}), path
    # Reads, other projects, POSTs that are no writes and bad tokens are not blocked.
    assert project_status(srv, "p") == 200
    assert srv.api("PUT", "project/edit/alice/q", "alice", json={"description": "q"}).status_code == 200
    assert srv.api("POST", "build/check-before-build", "alice",
                   json={"ownername": "alice", "projectname": "p"}).status_code == 200
    assert srv.api("PUT", "project/edit/alice/p", "bad", json={"description": "x"}).status_code == 401
    records = srv.requests_since(start)
    assert [(r["fault"], r["processed"], r["status"], r["user"]) for r in records[:len(blocked)]] == [
        ("action_in_progress", False, 500, "alice")] * len(blocked)
    assert all(r["fault"] is None for r in records[len(blocked):])
    stats = srv.fault_stats()
    assert stats["counts"]["action_in_progress"] == len(blocked)
    assert stats["actions"] == [{"project": "alice/p", "remaining": 30.0}]
    project = srv.api("GET", "project", params={"ownername": "alice", "projectname": "p"}).json()
    assert project["description"] == ""            # nothing was changed
    clock.now += 29.9
    assert srv.api("PUT", "project/edit/alice/p", "alice", json={"description": "x"}).status_code == 500
    clock.now += 0.1                                # the window has ended
    assert srv.api("PUT", "project/edit/alice/p", "alice", json={"description": "x"}).status_code == 200
    assert srv.api("DELETE", "project/delete/alice/p", "alice").status_code == 400   # the real rule: builds running


def test_action_in_progress_ends_in_real_time(server):
    assert add(server, "p").status_code == 200
    server.faults(action_in_progress=[{"project": "alice/p", "seconds": 0.5}])
    resp = server.api("PUT", "project/edit/alice/p", "alice", json={"description": "x"})
    assert (resp.status_code, resp.json()) == (500, {"error": BUILD_TEXT})
    deadline = time.monotonic() + 5
    while server.fault_stats()["actions"][0]["remaining"] > 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.api("PUT", "project/edit/alice/p", "alice", json={"description": "x"}).status_code == 200


# ------------------------------------------------------------------ token expiry


def test_token_expires_after_requests(start_server):
    srv, _app = start_server(fault_config={"expire_tokens": [{"user": "alice", "after_requests": 2}]})
    assert [srv.api("GET", "auth-check", "alice").status_code for _attempt in range(2)] == [200, 200]
    resp = srv.api("GET", "auth-check", "alice")
    assert (resp.status_code, resp.json()) == (401, unauthorized(srv))
    resp = add(srv, "p")
    assert (resp.status_code, resp.json()) == (401, unauthorized(srv))
    assert project_status(srv, "p") == 404
    assert srv.api("GET", "project/list", params={"ownername": "alice"}).status_code == 200   # anonymous reads work
    assert srv.api("GET", "auth-check", "bob").json()["name"] == "bob"
    records = srv.requests_since(0)
    assert [(r["status"], r["user"], r["fault"], r["processed"]) for r in records[:4]] == [
        (200, "alice", None, True), (200, "alice", None, True),
        (401, None, "token_expired", False), (401, None, "token_expired", False)]
    stats = srv.fault_stats()
    assert stats["tokens"] == {"alice": {"authenticated": 2, "expired": True}}
    assert stats["counts"]["token_expired"] == 2
    srv.reset()                                     # back to the startup config: a fresh count
    assert srv.api("GET", "auth-check", "alice").status_code == 200


def test_token_expires_after_seconds(start_server):
    clock = Clock()
    srv, _app = start_server(clock=clock)
    srv.faults(expire_tokens=[{"user": "bob", "after_seconds": 60}])
    assert srv.api("GET", "auth-check", "bob").status_code == 200
    clock.now += 60
    resp = srv.api("GET", "auth-check", "bob")
    assert (resp.status_code, resp.json()) == (401, unauthorized(srv))
    assert srv.api("GET", "auth-check", "alice").status_code == 200


# ------------------------------------------------------------- scope and replay


def test_scope_only_build_submissions(start_server):
    srv, _app = start_server(fault_config={"methods": "writes", "paths": ["^/api_3/build/create/"],
                                           "gateway_rate": 1.0, "gateway_statuses": [503]})
    assert add(srv, "p").status_code == 200
    assert srv.api("PUT", "project/edit/alice/p", "alice", json={"description": "x"}).status_code == 200
    assert srv.api("POST", "build/check-before-build", "alice",
                   json={"ownername": "alice", "projectname": "p"}).status_code == 200
    resp = srv.api("POST", "build/create/url", "alice", json={
        "ownername": "alice", "projectname": "p", "pkgs": ["https://example.org/hello-1.0-1.src.rpm"]})
    assert_gateway_page(resp, 503)
    assert srv.api("GET", "build/list", params={"ownername": "alice", "projectname": "p"}).json()["items"] == []
    srv.faults(methods=["GET"], paths=[])
    assert srv.api("GET", "/").status_code == 503
    assert srv.api("PUT", "project/edit/alice/p", "alice", json={"description": "y"}).status_code == 200
    assert [r["fault"] for r in srv.requests_since(0)] == [None, None, None, "gateway_503", None,
                                                           "gateway_503", None]


MIXED = {"seed": 11, "gateway_rate": 0.3, "after_rate": 0.3}


def run_mixed(srv, count=45):
    """A fixed request sequence (reads, auth checks, writes); returns what the client saw."""
    seen = []
    for i in range(count):
        step = i % 3
        if step == 0:
            seen.append(outcome(lambda: srv.api("GET", "/")))
        elif step == 1:
            seen.append(outcome(lambda: srv.api("GET", "auth-check", "alice")))
        else:
            seen.append(outcome(lambda i=i: add(srv, "p{0}".format(i))))
    return seen


def test_seeded_replay(start_server):
    srv, _app = start_server(fault_config=MIXED)
    first = run_mixed(srv)
    first_faults = [r["fault"] for r in srv.requests_since(0)]
    assert {"hangup", 200, 502, 503, 504} <= set(first)
    srv.reset()                                     # startup config again: the same seed, a new sequence
    assert run_mixed(srv) == first
    assert [r["fault"] for r in srv.requests_since(0)] == first_faults
    other, _app = start_server(fault_config=MIXED)  # another server, same seed
    assert run_mixed(other) == first
    srv.reset()
    srv.faults(seed=12)
    assert run_mixed(srv) != first


def test_per_path_streams_ignore_interleaving(start_server):
    config = {"seed": 3, "stream": "path", "gateway_rate": 0.5, "gateway_statuses": [503]}
    paths = ("/", "mock-chroots/list")

    def run(srv, order):
        seen = {path: [] for path in paths}
        for path in order:
            seen[path].append(srv.api("GET", path).status_code)
        return seen

    apart, _app = start_server(fault_config=config)
    mixed, _app = start_server(fault_config=config)
    assert run(apart, [paths[0]] * 12 + [paths[1]] * 12) == run(mixed, list(paths) * 12)
    assert mixed.fault_stats()["streams"] == {"GET /api_3/": 12, "GET /api_3/mock-chroots/list": 12}
    # One global stream: the same requests in another order get other faults.
    apart.faults(stream="global")
    mixed.faults(stream="global")
    assert run(apart, [paths[0]] * 12 + [paths[1]] * 12) != run(mixed, list(paths) * 12)


def test_parallel_clients_replay_with_path_streams(start_server):
    """Four clients at once, one project each: each sees what it sees when run alone."""
    config = {"seed": 21, "stream": "path", "methods": "writes", "gateway_rate": 0.3, "after_rate": 0.3}

    def client(srv, name):
        return [outcome(lambda i=i: srv.api("PUT", "project/edit/alice/" + name, "alice",
                                            json={"description": str(i)})) for i in range(10)]

    names = ["p{0}".format(i) for i in range(4)]
    alone, _app = start_server(fault_config=config)
    together, _app = start_server(fault_config=config)
    for srv in (alone, together):
        srv.faults(gateway_rate=0.0, after_rate=0.0)
        assert all(add(srv, name).status_code == 200 for name in names)
        srv.faults(**config)                    # the streams start again at 1
    expected = {name: client(alone, name) for name in names}
    results = {}
    threads = [threading.Thread(target=lambda n=name: results.__setitem__(n, client(together, n))) for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert results == expected
    assert {"hangup", 200, 502, 503, 504} <= {o for seen in expected.values() for o in seen}


def test_rates_roughly_honoured(start_server):
    srv, _app = start_server(fault_config={"seed": 5, "gateway_rate": 0.2, "after_rate": 0.1, "after_kinds": ["504"]})
    total = 450
    statuses = [srv.api("GET", "/").status_code for _attempt in range(total)]
    records = srv.requests_since(0)
    kinds = [r["fault"] for r in records]
    gateway = sum(1 for k in kinds if k and k.startswith("gateway_"))
    after = kinds.count("after_504")
    assert 60 <= gateway <= 120 and 25 <= after <= 65       # expected 90 and 45
    for status in (502, 503):
        assert 15 <= statuses.count(status) <= 50           # expected 30 each
    assert statuses.count(504) == kinds.count("gateway_504") + after
    assert statuses.count(200) == total - gateway - after
    counts = srv.fault_stats()["counts"]
    assert counts["after_504"] == after and sum(counts["gateway_{0}".format(s)] for s in (502, 503, 504)) == gateway
    assert [r["fault_seq"] for r in records] == list(range(1, total + 1))


def test_record_counts_real_changes(start_server):
    """Writes the app processed with 200 are exactly the projects that exist, whatever clients saw."""
    srv, _app = start_server(fault_config={"seed": 2, "methods": "writes", "gateway_rate": 0.3, "after_rate": 0.4})
    seen = [outcome(lambda i=i: add(srv, "p{0}".format(i))) for i in range(30)]
    assert seen.count(200) < 30 and "hangup" in seen
    changed = [r for r in srv.requests_since(0) if r["write"] and r["processed"] and r["app_status"] == 200]
    projects = srv.api("GET", "project/list", params={"ownername": "alice"}).json()["items"]
    assert len(projects) == len(changed) > seen.count(200)
    assert sorted(p["name"] for p in projects) == sorted(
        "p{0}".format(i) for i, r in enumerate(srv.requests_since(0)[:30]) if r["processed"])


# ------------------------------------------------------------ the control API


@pytest.mark.parametrize("body, message", [
    ({"gateway_rat": 0.1}, "unknown fault key gateway_rat"),
    ({"gateway_rate": 1.5}, "gateway_rate must be a number from 0 to 1"),
    ({"gateway_rate": 0.6, "after_rate": 0.6}, "gateway_rate + after_rate must be <= 1"),
    ({"gateway_statuses": [500]}, "gateway_statuses must be a non-empty list of 502, 503, 504"),
    ({"after_kinds": []}, "after_kinds must be a non-empty list of 504, hangup"),
    ({"methods": "some"}, "methods must be"),
    ({"paths": ["("]}, "paths: bad regular expression '('"),
    ({"seed": "x"}, "seed must be an integer"),
    ({"latency": -1}, "latency must be a number from 0 to 300"),
    ({"action_in_progress": [{"project": "p", "seconds": 1}]}, "action_in_progress: project must be \"owner/project\""),
    ({"expire_tokens": [{"user": "alice"}]}, "expire_tokens entries are"),
    ([1], "expected a JSON object"),
])
def test_control_rejects_bad_config(server, body, message):
    resp = requests.post(server.base_url + "/_test/faults/config", json=body, timeout=30)
    assert resp.status_code == 400 and resp.json()["error"].startswith(message)
    assert requests.get(server.base_url + "/_test/faults/config", timeout=30).json() == DEFAULTS


def test_control_merges_and_reset_restores(server):
    config = server.faults(gateway_rate=0.25, seed="random")
    assert config["gateway_rate"] == 0.25 and isinstance(config["seed"], int)
    config = server.faults(latency=0.01, expire_tokens=[{"user": "bob", "after_requests": 0}])
    assert (config["gateway_rate"], config["latency"]) == (0.25, 0.01)
    assert config["expire_tokens"] == [{"user": "bob", "after_requests": 0}]
    server.reset()
    assert requests.get(server.base_url + "/_test/faults/config", timeout=30).json() == DEFAULTS


# --------------------------------------------------- command line and environment


def test_command_line_environment_and_reset():
    env = server_env(COPR_SERVER_FAULTS='{"latency": 0.01, "seed": 1}', COPR_SERVER_FAULT_SEED="9",
                     COPR_SERVER_FAULT_AFTER_RATE="0.5", COPR_SERVER_FAULT_AFTER_KINDS="504")
    args = ["--fault-after-rate", "1", "--fault-after-kinds", "hangup", "--fault-methods", "writes",
            "--fault-path", "^/api_3/project/add/", "--fault-path", "^/api_3/build/create/",
            "--fault-action-in-progress", "alice/q:60", "--fault-expire-token", "bob:after_requests=1,after_seconds=600"]
    with spawn_server(*args, env=env, stderr=subprocess.PIPE) as (srv, proc):
        startup = requests.get(srv.base_url + "/_test/faults/config", timeout=30).json()
        assert startup == dict(
            DEFAULTS, seed=9, latency=0.01, after_rate=1.0, after_kinds=["hangup"], methods="writes",
            paths=["^/api_3/project/add/", "^/api_3/build/create/"],
            action_in_progress=[{"project": "alice/q", "seconds": 60.0, "action": "Deleting copr None"}],
            expire_tokens=[{"user": "bob", "after_requests": 1, "after_seconds": 600.0}])
        with pytest.raises(requests.ConnectionError):
            add(srv, "p")
        assert project_status(srv, "p") == 200
        assert srv.api("PUT", "project/edit/alice/p", "alice", json={"description": "x"}).status_code == 200
        assert [srv.api("GET", "auth-check", "bob").status_code for _attempt in range(2)] == [200, 401]
        srv.faults(after_rate=0.0)
        resp = add(srv, "q")
        assert (resp.status_code, resp.json()) == (500, {"error": BUILD_TEXT})
        srv.reset()
        assert requests.get(srv.base_url + "/_test/faults/config", timeout=30).json() == startup
        with pytest.raises(requests.ConnectionError):
            add(srv, "p")
    assert proc.stderr.readline().startswith("copr_server faults: {")
    proc.stderr.close()


def test_environment_only():
    env = server_env(COPR_SERVER_FAULT_GATEWAY_RATE="1", COPR_SERVER_FAULT_GATEWAY_STATUSES="503",
                     COPR_SERVER_FAULT_PATHS="^/api_3/$ ^/api_3/auth-check",
                     COPR_SERVER_FAULT_EXPIRE_TOKENS="alice:after_requests=0")
    with spawn_server(env=env) as (srv, _proc):
        assert_gateway_page(srv.api("GET", "/"), 503)
        assert srv.api("GET", "mock-chroots/list").status_code == 200
        resp = add(srv, "p")
        assert (resp.status_code, resp.json()) == (401, unauthorized(srv))


@pytest.mark.parametrize("args, env, message", [
    (["--fault-gateway-rate", "2"], {}, "gateway_rate must be a number from 0 to 1"),
    (["--fault-expire-token", "alice"], {}, "expire token: expected USER:after_requests=N"),
    (["--fault-action-in-progress", "alice/p"], {}, "action in progress: expected OWNER/PROJECT:SECONDS"),
    ([], {"COPR_SERVER_FAULT_LATENCY": "soon"}, "COPR_SERVER_FAULT_LATENCY"),
    ([], {"COPR_SERVER_FAULTS": "{"}, "COPR_SERVER_FAULTS: not JSON"),
])
def test_bad_startup_config_is_a_usage_error(args, env, message):
    result = subprocess.run([sys.executable, "-m", "copr_server", "--port", "0", "--seed", SEED_PATH] + args,
                            env=server_env(**env), capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2 and message in result.stderr and result.stdout == ""
