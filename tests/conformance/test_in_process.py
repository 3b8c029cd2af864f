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


def test_write_only_control_view():
    """/_test/write-only shows what project add/edit and chroot edit accepted but the API never returns."""
    app = create_app(base_url="http://copr.test")
    client = app.test_client()
    seed = app.config["STORE"].seed["users"][0]
    auth = {"Authorization": "Basic " + base64.b64encode(
        "{0}:{1}".format(seed["api_login"], seed["api_token"]).encode()).decode()}
    client.post("/api_3/project/add/alice", json={"name": "w", "chroots": ["fedora-43-x86_64"], "multilib": True},
                headers=auth)
    assert client.get("/_test/write-only/alice/w").json == {
        "multilib": True, "fedora_review": False, "runtime_dependencies": [], "delete_after_days": None,
        "chroots": {"fedora-43-x86_64": {"bootstrap": None, "bootstrap_image": None}}}
    client.put("/api_3/project/edit/alice/w", json={"fedora_review": True, "delete_after_days": 10,
                                                    "runtime_dependencies": ["https://example.com/r/"]}, headers=auth)
    client.put("/api_3/project-chroot/edit/alice/w/fedora-43-x86_64", json={"bootstrap_image": "fedora:43"},
               headers=auth)
    view = client.get("/_test/write-only/alice/w").json
    assert view["fedora_review"] and view["runtime_dependencies"] == ["https://example.com/r/"]
    assert view["delete_after_days"] in (10, 11)
    assert view["chroots"]["fedora-43-x86_64"] == {"bootstrap": "custom_image", "bootstrap_image": "fedora:43"}
    assert [r["path"] for r in client.get("/_test/requests").json["items"] if not r["write"]] == []
