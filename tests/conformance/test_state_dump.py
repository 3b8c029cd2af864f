"""GET /_test/state: a dump of what the API can change, equal across dumps with no write between them."""

import base64

from copr_server import create_app


def make_client():
    app = create_app(base_url="http://copr.test", build_speed=0)
    client = app.test_client()
    alice = [u for u in app.config["STORE"].seed["users"] if u["name"] == "alice"][0]
    token = base64.b64encode("{0}:{1}".format(alice["api_login"], alice["api_token"]).encode()).decode()
    return client, {"Authorization": "Basic " + token}


def test_state_dump_shows_every_write_and_only_writes():
    client, auth = make_client()
    empty = client.get("/_test/state").json
    assert empty == {"projects": [], "builds": [], "packages": [],
                     "next_ids": {"project": 1, "build": 1, "package": 1}}
    assert client.post("/api_3/project/add/alice", json={"name": "p", "chroots": ["fedora-43-x86_64"],
                                                         "delete_after_days": 3}, headers=auth).status_code == 200
    assert client.post("/api_3/build/create/url", json={"ownername": "alice", "projectname": "p",
                                                        "pkgs": ["https://e/x-1-1.src.rpm"]},
                       headers=auth).status_code == 200
    before = client.get("/_test/state").json
    # Reads and refused writes change nothing
    client.get("/api_3/project", query_string={"ownername": "alice", "projectname": "p"})
    assert client.put("/api_3/project/edit/alice/p", json={"homepage": "not a url"}, headers=auth).status_code == 400
    assert client.get("/_test/state").json == before
    project = before["projects"][0]
    assert (project["name"], project["deleted"]) == ("p", False)
    assert project["delete_after"].startswith("20")           # a date, as an ISO string
    assert list(project["chroots"]) == ["fedora-43-x86_64"]
    assert before["builds"][0]["source_dict"] == {"url": "https://e/x-1-1.src.rpm"}
    assert "step_since" not in before["builds"][0]
    # A delete keeps the row (so a project created twice would show twice)
    assert client.put("/api_3/build/cancel/1", headers=auth).status_code == 200
    assert client.delete("/api_3/project/delete/alice/p", json={}, headers=auth).status_code == 200
    after = client.get("/_test/state").json
    assert after["projects"][0]["deleted"] is True and after["next_ids"]["project"] == 2
    assert after["builds"] == []    # a project delete deletes its builds
