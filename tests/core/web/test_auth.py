"""Signing in over HTTP: cookies, CSRF, throttling, going back where one was."""

from __future__ import annotations

from typing import Any

from core.accounts.auth import MAX_FAILURES_PER_USER
from core.accounts.service import NewAccount, create_account
from tests.conftest import sign_in, unique


async def test_sign_in_sets_a_safe_session_cookie(client: Any) -> None:
    response = await sign_in(client, "tiepnhan.ttpvhcc")
    cookie = response.headers["set-cookie"].lower()
    assert "motcua_session=" in cookie
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    me = await client.get("/api/me")
    assert me.status_code == 200
    assert me.json()["username"] == "tiepnhan.ttpvhcc"
    assert "dossier.receive" in me.json()["permissions"]


async def test_wrong_password_says_nothing_about_the_username(client: Any) -> None:
    await client.get("/login")
    token = client.cookies.get("motcua_csrf")
    wrong_password = await client.post(
        "/login",
        data={
            "username": "congdan",
            "password": "nope-nope-nope",
            "_csrf_token": token,
        },
    )
    no_user = await client.post(
        "/login",
        data={
            "username": unique("ghost"),
            "password": "nope-nope-nope",
            "_csrf_token": token,
        },
    )
    assert wrong_password.status_code == no_user.status_code == 401
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in wrong_password.text
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in no_user.text


async def test_repeated_failures_are_throttled(client: Any, catalogue: Any) -> None:
    username = unique("thr")
    await create_account(
        NewAccount(
            username=username,
            password="right-password-1",
            full_name="A",
            identifier="001099012345",
        ),
        actor=None,
        catalogue=catalogue,
    )
    await client.get("/login")
    token = client.cookies.get("motcua_csrf")
    for _ in range(MAX_FAILURES_PER_USER):
        r = await client.post(
            "/login",
            data={
                "username": username,
                "password": "wrong-password",
                "_csrf_token": token,
            },
        )
        assert r.status_code == 401
    # Even the right password is refused while the window lasts.
    r = await client.post(
        "/login",
        data={
            "username": username,
            "password": "right-password-1",
            "_csrf_token": token,
        },
    )
    assert r.status_code == 429


async def test_a_form_without_csrf_token_is_refused(client: Any) -> None:
    await client.get("/login")
    r = await client.post(
        "/login", data={"username": "congdan", "password": "motcua-demo-2026"}
    )
    assert r.status_code == 403


async def test_protected_page_sends_the_visitor_to_sign_in_and_back(
    client: Any,
) -> None:
    r = await client.get("/admin/accounts?x=1", follow_redirects=False)
    assert r.status_code in (302, 303, 307)
    assert r.headers["location"] == "/login?next=/admin/accounts%3Fx%3D1"
    page = await client.get(r.headers["location"])
    assert 'name="next" value="/admin/accounts?x=1"' in page.text
    token = client.cookies.get("motcua_csrf")
    back = await client.post(
        "/login",
        data={
            "username": "quantri.anbinh",
            "password": "motcua-demo-2026",
            "next": "/admin/accounts?x=1",
            "_csrf_token": token,
        },
        follow_redirects=False,
    )
    assert back.headers["location"] == "/admin/accounts?x=1"


async def test_next_never_leaves_the_site(client: Any) -> None:
    await client.get("/login")
    token = client.cookies.get("motcua_csrf")
    r = await client.post(
        "/login",
        data={
            "username": "congdan",
            "password": "motcua-demo-2026",
            "next": "//evil.example/x",
            "_csrf_token": token,
        },
        follow_redirects=False,
    )
    assert r.headers["location"] == "/"


async def test_api_without_session_answers_401_json(client: Any) -> None:
    r = await client.get("/api/me")
    assert r.status_code == 401
    assert r.json()["status"] == 401


async def test_sign_out_ends_the_session(client: Any) -> None:
    await sign_in(client, "congdan")
    assert (await client.get("/api/me")).status_code == 200
    token = client.cookies.get("motcua_csrf")
    await client.post("/logout", data={"_csrf_token": token})
    assert (await client.get("/api/me")).status_code == 401


async def test_registration_keeps_what_was_typed_and_shows_errors_by_field(
    client: Any,
) -> None:
    await client.get("/register")
    token = client.cookies.get("motcua_csrf")
    r = await client.post(
        "/register",
        data={
            "kind": "citizen",
            "full_name": "Trần <b>Văn</b> C",
            "identifier": "123",
            "username": unique("reg"),
            "password": "long-enough-pass",
            "password2": "long-enough-pass",
            "_csrf_token": token,
        },
    )
    assert r.status_code == 400
    assert 'id="e-identifier"' in r.text
    # What was typed comes back, escaped.
    assert "Trần &lt;b&gt;Văn&lt;/b&gt; C" in r.text


async def test_english_is_one_click_away(client: Any) -> None:
    r = await client.get("/login?lang=en")
    assert "Sign in" in r.text
    assert 'lang="en"' in r.text
    again = await client.get("/login")
    assert 'lang="en"' in again.text
