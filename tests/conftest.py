"""Test set-up shared by the whole suite: one fresh database per run.

The database is chosen by ``DATABASE_URL`` (a temporary SQLite file when unset). A
PostgreSQL database is dropped and created anew, so a run never touches data it did
not make. Migrations run once; tests create their own rows with unique names.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

_TMP = Path(tempfile.mkdtemp(prefix="motcua-tests-"))
if "DATABASE_URL" not in os.environ or os.environ.get("MOTCUA_TEST_OWN_SQLITE"):
    # Our own SQLite file, made anew in each process: parallel workers inherit the
    # variables of the process that started them, so the marker tells them to make
    # their own file rather than share the first one.
    os.environ["DATABASE_URL"] = f"sqlite:///{_TMP / 'test.sqlite3'}"
    os.environ["MOTCUA_TEST_OWN_SQLITE"] = "1"
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if _WORKER and os.environ["DATABASE_URL"].startswith("postgres"):
    # Each parallel worker gets its own PostgreSQL database.
    os.environ["DATABASE_URL"] = f"{os.environ['DATABASE_URL']}_{_WORKER}"
os.environ["MOTCUA_DATA_DIR"] = str(_TMP / "data")
os.environ.setdefault("MOTCUA_LOG_LEVEL", "warning")
os.environ["PICCOLO_CONF"] = "core.piccolo_conf"

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "config" / "demo"
IS_POSTGRES = os.environ["DATABASE_URL"].startswith("postgres")


def _recreate_postgres(url: str) -> None:
    import asyncpg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    if not name.startswith(("motcua_test", "test_")):
        raise RuntimeError(
            f"refusing to recreate database {name!r}: use a test database"
        )

    async def go() -> None:
        conn = await asyncpg.connect(
            host=parsed.hostname,
            port=parsed.port or 5432,
            user=parsed.username or "postgres",
            database="postgres",
        )
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()

    asyncio.run(go())


@pytest.fixture(scope="session", autouse=True)
def database() -> str:
    """A fresh database with every migration applied."""
    from piccolo.apps.migrations.commands.forwards import run_forwards

    from core.logs import configure

    configure()
    url = os.environ["DATABASE_URL"]
    if IS_POSTGRES:
        _recreate_postgres(url)
    result = asyncio.run(run_forwards(app_name="all"))
    assert result.success, result.message
    return url


@pytest.fixture(scope="session")
def plugins() -> Any:
    """Every installed plugin, registered through the entry points."""
    from core.app import default_plugins

    return default_plugins()


@pytest.fixture(scope="session")
def catalogue(plugins: Any) -> Any:
    """The demo province, loaded once."""
    from core.catalogue.loader import load_catalogue

    return load_catalogue(DEMO, plugins)


@pytest.fixture
def settings(tmp_path: Path) -> Any:
    from core.settings import Settings

    return Settings.from_env(
        {
            "DATABASE_URL": os.environ["DATABASE_URL"],
            "MOTCUA_DATA_DIR": str(tmp_path),
            "MOTCUA_CONFIG_DIR": str(DEMO),
            "MOTCUA_MODE": "demo",
            "MOTCUA_SECRET_KEY": "test-secret-key-that-is-long-enough-0123",
            # The in-process client runs the app on its own event loop; pooled
            # connections would be bound to that loop and unusable from the test.
            "MOTCUA_DB_POOL": "0",
        }
    )


@pytest.fixture
def app(settings: Any, plugins: Any, catalogue: Any) -> Any:
    """The application on the demo province (demo accounts seeded at start-up)."""
    from core.app import create_app

    return create_app(settings, plugins=plugins, catalogue=catalogue)


@pytest.fixture
async def client(app: Any) -> AsyncIterator[Any]:
    """An HTTP client talking to the application in-process, lifespan included."""
    from litestar.testing import AsyncTestClient

    async with AsyncTestClient(app=app) as test_client:
        yield test_client


def unique(prefix: str = "u") -> str:
    """A name no other test uses."""
    return f"{prefix}{uuid.uuid4().hex[:10]}"


async def sign_in(
    client: Any, username: str, password: str = "motcua-demo-2026"
) -> Any:
    """Sign ``client`` in through the real form (CSRF token included)."""
    page = await client.get("/login")
    token = page.cookies.get("motcua_csrf") or client.cookies.get("motcua_csrf")
    response = await client.post(
        "/login",
        data={"username": username, "password": password, "_csrf_token": token or ""},
        follow_redirects=False,
    )
    assert response.status_code in (303, 302), response.text[:500]
    return response


def csrf(client: Any) -> dict[str, str]:
    """Headers carrying the CSRF token for JSON calls."""
    return {"x-csrftoken": client.cookies.get("motcua_csrf", "")}
