"""Project permissions (APIv3 /project/permissions/*), beyond the golden samples 92-95."""


def project(server, owner="alice", name="p", who="alice"):
    resp = server.api("POST", "project/add/" + owner, who, json={"name": name, "chroots": ["fedora-43-x86_64"]})
    assert resp.status_code == 200, resp.text


def perms(server, who="alice", path="alice/p"):
    return server.api("GET", "project/permissions/get/" + path, who)


def set_perms(server, body, who="alice", path="alice/p", method="PUT"):
    return server.api(method, "project/permissions/set/" + path, who, json=body)


def request(server, body, who="bob", path="alice/p", method="PUT"):
    return server.api(method, "project/permissions/request/" + path, who, json=body)


def can_build(server, who, path="alice/p"):
    return server.api("GET", "project/permissions/can_build_in/{0}/{1}".format(who, path)).json()


def error(resp):
    return resp.status_code, resp.json()["error"]


def test_request_set_get_and_rows_that_stay(server):
    project(server)
    assert error(perms(server)) == (404, "No permissions set on alice/p project")
    assert request(server, {"builder": True}).json() == {"updated": True}
    assert request(server, {"builder": True}).json() == {"updated": False}
    assert perms(server).json() == {"permissions": {"bob": {"admin": "nothing", "builder": "request"}}}
    assert can_build(server, "bob")["can_build_in"] is False

    assert set_perms(server, {"bob": {"builder": "approved"}}).json() == {"updated": ["bob"]}
    assert set_perms(server, {"bob": {"builder": "approved", "admin": "nothing"}}).json() == {"updated": []}
    assert can_build(server, "bob") == {"who": "bob", "ownername": "alice", "projectname": "p",
                                        "can_build_in": True}
    # bob may build now, but not read or change the permissions
    resp = server.api("POST", "build/create/url", "bob", json={
        "ownername": "alice", "projectname": "p", "pkgs": ["https://example.com/x-1-1.src.rpm"]})
    assert resp.status_code == 200
    assert error(perms(server, "bob")) == (
        403, "User 'bob' can not see permissions for project 'alice/p' (missing admin rights)")
    assert error(set_perms(server, {"admin": {"builder": "approved"}}, who="bob")) == (
        403, "User 'bob' can not see permissions for project 'alice/p' (missing admin rights)")

    # POST works like PUT for set (no deprecation there), and "nothing" keeps the row
    resp = set_perms(server, {"bob": {"builder": "nothing"}, "admin": {"admin": "request"}}, method="POST")
    assert resp.json() == {"updated": ["bob", "admin"]} and "Warning" not in resp.headers
    assert perms(server).json() == {"permissions": {"bob": {"admin": "nothing", "builder": "nothing"},
                                                    "admin": {"admin": "request", "builder": "nothing"}}}
    assert can_build(server, "bob")["can_build_in"] is False

    # a project admin may edit, see and set permissions
    set_perms(server, {"bob": {"admin": "approved"}})
    assert perms(server, "bob").status_code == 200
    assert set_perms(server, {"admin": {"admin": "nothing"}}, who="bob").json() == {"updated": ["admin"]}
    assert can_build(server, "bob")["can_build_in"] is True
    resp = server.api("PUT", "project/edit/alice/p", "bob", json={"description": "by bob"})
    assert resp.json()["description"] == "by bob"


def test_set_is_all_or_nothing_with_the_real_errors(server):
    project(server)
    before = set_perms(server, {"bob": {"builder": "request"}}).json()
    assert before == {"updated": ["bob"]}
    cases = [
        ({"bob": {"builder": "approved"}, "ghost": {"builder": "approved"}}, "user 'ghost' doesn't exist in database"),
        ({"bob": {"builder": "approved"}, "alice": {"builder": "approved"}},
         "user 'alice' is owner of the 'alice/p' project"),
        ({"bob": {"builder": "approved", "owner": "approved"}}, "invalid permission 'owner', allowed admin|builder"),
        ({"bob": {"admin": "yes"}}, "invalid 'admin' permission state 'yes', use nothing|request|approved"),
        ([["bob", "builder"]],
         "request is not a dictionary, expected format: {'username': {'admin': 'nothing', 'builder': 'request'} ...}"),
        ({}, "no permission change requested"),
    ]
    for body, message in cases:
        assert error(set_perms(server, body)) == (400, message), body
    # nothing of the failed requests was applied
    assert perms(server).json() == {"permissions": {"bob": {"admin": "nothing", "builder": "request"}}}
    # an empty role dict for the owner is no change at all
    assert set_perms(server, {"alice": {}}).json() == {"updated": []}
    assert set_perms(server, {"admin": {}}).json() == {"updated": []}
    assert list(perms(server).json()["permissions"]) == ["bob"]
    assert error(set_perms(server, {"bob": {"builder": "approved"}}, path="alice/nope")) == (
        404, "Project alice/nope does not exist.")
    assert set_perms(server, {"bob": {"builder": "approved"}}, who="none").status_code == 401


def test_group_project_owner_is_its_creator(server):
    project(server, owner="@qa", name="g")
    # alice created @qa/g: she counts as its owner for the permission rules
    assert error(set_perms(server, {"alice": {"admin": "approved"}}, path="@qa/g")) == (
        400, "user 'alice' is owner of the '@qa/g' project")
    assert error(request(server, {"builder": True}, who="alice", path="@qa/g")) == (
        400, "user 'alice' is owner of the '@qa/g' project")
    assert set_perms(server, {"bob": {"builder": "approved"}}, path="@qa/g").json() == {"updated": ["bob"]}
    # can_build_in answers with the group's name, without the "@"
    assert can_build(server, "bob", "@qa/g") == {"who": "bob", "ownername": "qa", "projectname": "g",
                                                 "can_build_in": True}
    assert can_build(server, "alice", "@qa/g")["can_build_in"] is True
    assert can_build(server, "admin", "@qa/g")["can_build_in"] is True
    assert error(perms(server, "bob", "@qa/g")) == (
        403, "User 'bob' can not see permissions for project '@qa/g' (missing admin rights)")


def test_request_rules(server):
    project(server)
    cases = [
        ({"builder": "yes"}, "invalid 'builder' permission request 'yes', expected True or False"),
        ({"builder": 1}, "invalid 'builder' permission request '1', expected True or False"),
        ({"owner": True}, "invalid permission 'owner', allowed admin|builder"),
        (["builder"], "invalid 'roles' dict format, expected: {'admin': True, 'builder': False}"),
        ({}, "no permission requested"),
    ]
    for body, message in cases:
        assert error(request(server, body)) == (400, message), body
    assert error(perms(server)) == (404, "No permissions set on alice/p project")
    assert error(request(server, {"admin": True}, who="alice")) == (400, "user 'alice' is owner of the 'alice/p' project")
    # False on a role you never asked for still creates the row
    assert request(server, {"admin": False}).json() == {"updated": False}
    assert perms(server).json() == {"permissions": {"bob": {"admin": "nothing", "builder": "nothing"}}}

    set_perms(server, {"bob": {"builder": "approved"}})
    assert error(request(server, {"admin": True, "builder": True})) == (
        400, "You already are 'builder' in 'alice/p'")
    # all or nothing: the admin request before the error was not kept
    assert perms(server).json()["permissions"]["bob"] == {"admin": "nothing", "builder": "approved"}
    # False drops an approved role
    resp = request(server, {"builder": False}, method="POST")
    assert resp.json() == {"updated": True}
    assert resp.headers["Warning"] == "This method is deprecated: Use PUT method instead of POST"
    assert perms(server).json()["permissions"]["bob"] == {"admin": "nothing", "builder": "nothing"}
    assert error(request(server, {"builder": True}, path="alice/nope")) == (404, "Project alice/nope does not exist.")
    assert request(server, {"builder": True}, who="none").status_code == 401


def test_can_build_in_errors(server):
    project(server)
    resp = server.api("GET", "project/permissions/can_build_in/ghost/alice/p")
    assert error(resp) == (500, "Request wasn't successful, there is probably a bug in the Copr code.")
    resp = server.api("GET", "project/permissions/can_build_in/bob/alice/nope")
    assert error(resp) == (404, "Project alice/nope does not exist.")
    assert can_build(server, "carol")["can_build_in"] is False
