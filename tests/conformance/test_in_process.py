"""create_app() works in-process with the Flask test client (as unit tests use it)."""

import base64

from copr_server import create_app


def test_in_process_client():
    app = create_app(base_url="http://copr.test")
    client = app.test_client()
    assert client.get("/api_3/").json == {"version": 3}
    seed = app.config["STORE"].seed["users"][0]
    token = base64.b64encode("{0}:{1}".format(seed["api_login"], seed["api_token"]).encode()).decode()
    resp = client.post("/api_3/project/add/alice", json={"name": "p", "chroots": ["fedora-43-x86_64"]},
                       headers={"Authorization": "Basic " + token})
    assert resp.status_code == 200
    assert resp.json["chroot_repos"] == {"fedora-43-x86_64": "http://copr.test/results/alice/p/fedora-43-x86_64/"}
    resp = client.get("/api_3/auth-check")
    assert resp.json["error"].startswith("Login invalid/expired. Please visit http://copr.test/api ")
    assert [r["write"] for r in client.get("/_test/requests").json["items"]] == [False, True, False]
