# -*- coding: utf-8 -*-
# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Issue 13: what is retried, what never is, the retry budget, and build submissions after lost answers."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest
import requests

from ansible_collections.copr.copr.plugins.module_utils import copr_api
from ansible_collections.copr.copr.plugins.module_utils import copr_builds as cb
from ansible_collections.copr.copr.plugins.module_utils.copr_api import CoprApiError, CoprClient, RetryPolicy
from ansible_collections.copr.copr.plugins.module_utils.copr_transport import (
    CoprConfigError,
    resolve_retry_policy,
)

TOKEN = "s3cr3t-t0ken-value"
URL = "https://example.com/pkgs/foo-1.0-1.src.rpm"
URL2 = "https://example.com/pkgs/bar-2.0-1.src.rpm"
IN_PROGRESS = (500, {"error": "Can't build while there is an operation in progress: Deleting copr None"})
GATEWAY = (504, "<html><body><h1>Gateway Timeout</h1></body></html>")


class Script:
    """Replaces Session.request: returns or raises the scripted outcomes in order."""

    def __init__(self, *outcomes):
        self.outcomes = list(outcomes)
        self.calls = []

    def __call__(self, method, url, **kwargs):
        self.calls.append((method, url, kwargs))
        outcome = self.outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        status, body = outcome
        response = requests.Response()
        response.status_code = status
        response.reason = "Reason"
        response._content = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        return response


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


def make_client(script, policy=None):
    clock = Clock()
    warnings = []
    settings = copr_api.CoprSettings("https://copr.example", "login", TOKEN)
    client = CoprClient(settings, warn=warnings.append, retry=policy or RetryPolicy(attempts=4), sleep=clock.sleep)
    client.transport._clock = clock
    client.transport.session.request = script
    return client, warnings, clock


def raw_build(build_id, url=URL, name=None):
    return {"id": build_id, "state": "pending", "ownername": "alice", "projectname": "p", "chroots": [],
            "source_package": {"name": name, "version": None, "url": url}}


# --- the budget ----------------------------------------------------------------

def test_budget_defaults_env_and_options():
    policy = resolve_retry_policy(environ={})
    assert (policy.retries, policy.max_total, policy.base_delay) == (6, 90.0, 1.0)
    env = {"COPR_RETRIES": "7", "COPR_RETRY_MAX_TIME": "12.5", "COPR_RETRY_DELAY": "0.25"}
    policy = resolve_retry_policy(environ=env)
    assert (policy.retries, policy.attempts, policy.max_total, policy.base_delay) == (7, 8, 12.5, 0.25)
    policy = resolve_retry_policy(retries=0, retry_max_time=3, retry_delay=0, environ=env)
    assert (policy.retries, policy.max_total, policy.base_delay) == (0, 3.0, 0.0)
    assert policy.settle_delay() == 0


@pytest.mark.parametrize("kwargs, env, message", [
    ({"retries": -1}, {}, "retries must be 0 or more"),
    ({}, {"COPR_RETRIES": "many"}, "the environment variable COPR_RETRIES must be an integer number, got 'many'"),
    ({}, {"COPR_RETRY_MAX_TIME": "-5"}, "COPR_RETRY_MAX_TIME must be 0 or more"),
])
def test_budget_bad_values(kwargs, env, message):
    with pytest.raises(CoprConfigError, match=message):
        resolve_retry_policy(environ=env, **kwargs)


def test_retries_are_counted_and_the_last_error_says_why_it_stopped():
    script = Script(GATEWAY, GATEWAY, GATEWAY, GATEWAY)
    client, warnings, _clock = make_client(script, RetryPolicy.from_budget(retries=3, retry_delay=0.5))
    with pytest.raises(CoprApiError) as info:
        client.get_project("alice", "p")
    assert client.transport.retries == 3 and len(warnings) == 3
    assert "gave up after 4 attempts in" in str(info.value)
    assert "retries=3, retry_max_time=90 s" in str(info.value)
    assert info.value.attempts == 4


def test_action_in_progress_is_waited_out_within_retry_max_time():
    policy = RetryPolicy.from_budget(retries=100, retry_max_time=10, retry_delay=1)
    # 1 + 2 + 4 s of waits at most before the fourth attempt: within 10 s
    client, _w, clock = make_client(Script(IN_PROGRESS, IN_PROGRESS, IN_PROGRESS, (200, raw_build(1))), policy)
    assert client.create_build("alice", "p", "url", {"url": [URL]}, {})[0]["id"] == 1
    assert client.transport.retries == 3 and clock.now <= 7


def test_action_in_progress_longer_than_retry_max_time_fails_clearly():
    policy = RetryPolicy.from_budget(retries=100, retry_max_time=10, retry_delay=1)
    client, _w, clock = make_client(Script(*([IN_PROGRESS] * 20)), policy)
    with pytest.raises(CoprApiError) as info:
        client.edit_project("alice", "p", {"description": "x"})
    assert info.value.status == 500 and not info.value.ambiguous
    assert "operation in progress" in str(info.value) and "gave up after" in str(info.value)
    assert "retry_max_time=10 s" in str(info.value)
    assert clock.now <= 10


def test_an_expired_token_fails_at_once():
    body = {"output": "notok", "error": "Login invalid/expired. Please visit https://copr.example/api to renew."}
    for call in (lambda c: c.get_project("alice", "p"), lambda c: c.edit_project("alice", "p", {"description": "x"}),
                 lambda c: c.create_build("alice", "p", "url", {"url": [URL]}, {})):
        script = Script((401, body))
        client, warnings, _clock = make_client(script)
        with pytest.raises(CoprApiError) as info:
            call(client)
        assert len(script.calls) == 1 and not warnings and client.transport.retries == 0
        assert "get or renew them at https://copr.example/api" in str(info.value)
        assert "gave up" not in str(info.value) and not info.value.ambiguous


def test_tls_errors_are_not_retried():
    script = Script(requests.exceptions.SSLError("certificate verify failed"))
    client, warnings, _clock = make_client(script)
    with pytest.raises(CoprApiError, match="TLS error"):
        client.get_project("alice", "p")
    assert len(script.calls) == 1 and not warnings


def test_retries_zero_sends_once():
    script = Script(GATEWAY)
    client, warnings, _clock = make_client(script, RetryPolicy.from_budget(retries=0))
    with pytest.raises(CoprApiError) as info:
        client.get_project("alice", "p")
    assert len(script.calls) == 1 and not warnings and "gave up" not in str(info.value)


# --- build submissions in the transport ------------------------------------------

@pytest.mark.parametrize("outcome", [
    (502, "<html>Proxy Error</html>"), (503, "<html>Service Unavailable</html>"), GATEWAY,
    requests.exceptions.ConnectionError("Connection aborted: RemoteDisconnected"),
    requests.exceptions.ReadTimeout("read timed out"),
])
def test_a_lost_build_submission_is_ambiguous_and_not_resent(outcome):
    script = Script(outcome, (200, raw_build(1)))
    client, warnings, _clock = make_client(script)
    with pytest.raises(CoprApiError) as info:
        client.create_build("alice", "p", "url", {"url": [URL]}, {})
    assert info.value.ambiguous and len(script.calls) == 1 and not warnings


@pytest.mark.parametrize("outcome", [IN_PROGRESS, requests.exceptions.ConnectionError("Connection refused")])
def test_a_build_submission_that_surely_was_not_processed_is_resent(outcome):
    script = Script(outcome, (200, raw_build(1)))
    client, warnings, _clock = make_client(script)
    assert client.create_build("alice", "p", "url", {"url": [URL]}, {})[0]["id"] == 1
    assert len(script.calls) == 2 and len(warnings) == 1 and client.transport.retries == 1


@pytest.mark.parametrize("status", [400, 403, 404, 500])
def test_copr_refusing_a_build_is_final(status):
    script = Script((status, {"error": "no"}))
    client, _w, _clock = make_client(script)
    with pytest.raises(CoprApiError) as info:
        client.create_build("alice", "p", "url", {"url": [URL]}, {})
    assert not info.value.ambiguous and len(script.calls) == 1


# --- other writes --------------------------------------------------------------------

def test_a_delete_answered_404_after_a_lost_answer_is_done():
    project = {"id": 1, "name": "p", "ownername": "alice", "chroot_repos": {}}
    for lost in (GATEWAY, requests.exceptions.ConnectionError("Connection aborted")):
        script = Script(lost, (404, {"error": "Project alice/p does not exist."}))
        client, _w, _clock = make_client(script)
        assert client.delete_project("alice", "p") is None
        assert [call[0] for call in script.calls] == ["DELETE", "DELETE"]
    # Without an earlier attempt of unknown fate, a 404 is an error
    client, _w, _clock = make_client(Script((404, {"error": "Project alice/p does not exist."})))
    with pytest.raises(CoprApiError):
        client.delete_project("alice", "p")
    # A 503 that surely came before processing is still "unknown" to the client
    client, _w, _clock = make_client(Script((503, "<html/>"), (200, project)))
    assert client.delete_project("alice", "p")["name"] == "p"


def test_a_refused_then_404_delete_is_an_error():
    script = Script(requests.exceptions.ConnectionError("Connection refused"), (404, {"error": "gone"}))
    client, _w, _clock = make_client(script)
    with pytest.raises(CoprApiError) as info:
        client.delete_build(5)
    assert info.value.status == 404 and not info.value.after_ambiguity


def test_cancel_is_retried_and_a_409_after_a_lost_answer_says_so():
    script = Script(GATEWAY, (409, {"error": "Cannot cancel build 5"}))
    client, _w, _clock = make_client(script)
    with pytest.raises(CoprApiError) as info:
        client.cancel_build(5)
    assert info.value.status == 409 and info.value.after_ambiguity


def test_project_create_is_retried_with_exist_ok():
    project = {"id": 1, "name": "p", "ownername": "alice", "chroot_repos": {"fedora-43-x86_64": "u"}}
    script = Script(requests.exceptions.ConnectionError("Connection aborted"), (200, project))
    client, _w, _clock = make_client(script)
    assert client.create_project("alice", "p", {"chroots": ["fedora-43-x86_64"]})["name"] == "p"
    assert all(call[2]["params"] == {"exist_ok": "True"} for call in script.calls)


def test_check_before_build_is_retried():
    script = Script(GATEWAY, (200, {"message": "ok"}))
    client, _w, _clock = make_client(script)
    client.check_before_build("alice", "p", {})
    assert len(script.calls) == 2


# --- submit_builds: look, wait, look, resubmit once ------------------------------------

class StubClient:
    """create_build outcomes in order; list_builds answers what is on the 'server' at each call."""

    def __init__(self, outcomes, listings):
        self.outcomes = list(outcomes)
        self.listings = list(listings)
        self.created = []
        self.lists = 0

    def create_build(self, owner, project, kind, fields, options):
        self.created.append(fields)
        outcome = self.outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    def list_builds(self, owner, project, limit=None):
        self.lists += 1
        listing = self.listings.pop(0) if self.listings else []
        if isinstance(listing, Exception):
            raise listing
        return [copr_api.build_to_options(raw) for raw in listing]

    def get_build_source(self, build_id):
        return None


def lost(status=504):
    exc = CoprApiError("Copr answered Gateway Timeout", status=status)
    exc.ambiguous = True
    return exc


def submit(client, sources=(URL,), resend=True):
    warnings, sleeps, resends = [], [], []
    builds = cb.submit_builds(client, "alice", "p", "url", [cb.url_source(url) for url in sources], {}, 10,
                              warnings.append, sleep=sleeps.append, settle=3.0, resend=resend,
                              on_resend=lambda: resends.append(1))
    return builds, warnings, sleeps, resends


def test_found_at_once_is_adopted_without_waiting():
    client = StubClient([lost()], [[raw_build(11), raw_build(9)]])
    builds, warnings, sleeps, resends = submit(client)
    assert [b["id"] for b in builds] == [11]
    assert len(client.created) == 1 and not sleeps and not resends
    assert "Copr created build(s) 11: using them" in warnings[0]


def test_found_at_the_second_look_is_adopted():
    client = StubClient([lost()], [[], [raw_build(11)]])
    builds, warnings, sleeps, resends = submit(client)
    assert [b["id"] for b in builds] == [11] and sleeps == [3.0] and not resends
    assert len(client.created) == 1 and len(warnings) == 1


def test_not_found_twice_is_resubmitted_once_with_a_warning():
    client = StubClient([lost(), [copr_api.build_to_options(raw_build(12))]], [[], []])
    builds, warnings, sleeps, resends = submit(client)
    assert [b["id"] for b in builds] == [12]
    assert len(client.created) == 2 and resends == [1] and sleeps == [3.0]
    assert "submitting it again, once" in warnings[0]


def test_never_a_third_submission():
    client = StubClient([lost(), lost(502), [copr_api.build_to_options(raw_build(13))]], [[], [], [], []])
    with pytest.raises(cb.BuildSubmissionError) as info:
        submit(client)
    assert len(client.created) == 2
    assert "may or may not have reached Copr" in str(info.value) and "it was submitted twice" in str(info.value)
    assert "check the project's builds" in str(info.value)


def test_second_submission_lost_but_visible_is_adopted():
    client = StubClient([lost(), lost()], [[], [], [raw_build(12)]])
    builds, warnings, _sleeps, resends = submit(client)
    assert [b["id"] for b in builds] == [12] and resends == [1] and len(warnings) == 2


def test_retries_zero_never_resubmits():
    client = StubClient([lost()], [[], []])
    with pytest.raises(cb.BuildSubmissionError, match="retries is 0"):
        submit(client, resend=False)
    assert len(client.created) == 1


def test_copr_refusal_is_final_and_nothing_is_searched():
    client = StubClient([CoprApiError("nope", status=400)], [])
    with pytest.raises(CoprApiError) as info:
        submit(client)
    assert not isinstance(info.value, cb.BuildSubmissionError) and client.lists == 0


def test_resubmission_refused_is_reported_with_the_first_error():
    client = StubClient([lost(), CoprApiError("Project alice/p does not exist.", status=404)], [[], []])
    with pytest.raises(cb.BuildSubmissionError) as info:
        submit(client)
    assert "submitted again, and Copr refused that" in str(info.value) and info.value.status == 404


def test_only_the_missing_urls_are_resubmitted():
    client = StubClient([lost(), [copr_api.build_to_options(raw_build(14, url=URL2))]],
                        [[raw_build(11)], [raw_build(11)]])
    builds, _warnings, _sleeps, _resends = submit(client, sources=(URL, URL2))
    assert [b["id"] for b in builds] == [11, 14]
    assert client.created == [{"url": [URL, URL2]}, {"url": [URL2]}]


def test_a_failed_search_is_not_called_nothing_submitted():
    client = StubClient([lost()], [CoprApiError("Login invalid/expired", status=401)])
    with pytest.raises(cb.BuildSubmissionError) as info:
        submit(client)
    assert "looking for the build it may have created failed" in str(info.value)
    assert "nothing was submitted" not in str(info.value)


def test_builds_older_than_the_submission_are_never_adopted():
    client = StubClient([lost(), [copr_api.build_to_options(raw_build(12))]], [[raw_build(10)], [raw_build(9)]])
    builds, _w, _s, resends = submit(client)
    assert [b["id"] for b in builds] == [12] and resends == [1]


def test_a_resent_upload_sends_the_whole_file_again(tmp_path):
    path = tmp_path / "hello-1-1.src.rpm"
    path.write_bytes(b"RPMDATA" * 5000)
    bodies = []

    def consume(outcome):
        def respond(method, url, **kwargs):
            bodies.append(kwargs["data"].read())  # as the HTTP library does: the stream is used up
            return outcome(method, url, **kwargs)
        return respond

    outcomes = [consume(Script(IN_PROGRESS)), consume(Script((200, raw_build(1))))]

    def session_request(method, url, **kwargs):
        return outcomes.pop(0)(method, url, **kwargs)

    client, _w, _clock = make_client(session_request)
    client.create_build("alice", "p", "upload", {"path": str(path)}, {})
    assert len(bodies) == 2 and bodies[0] == bodies[1]
    assert b"RPMDATA" * 5000 in bodies[1]
