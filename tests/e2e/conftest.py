"""End-to-end set-up: the real application served by uvicorn, driven by Chromium.

One server runs for the whole session on a free localhost port, in demo mode, with
its own SQLite file and data folder; it is stopped by process id at the end and
checked to be gone. Each test gets a fresh headless Chromium (Debian's
``/usr/bin/chromium`` through Playwright; nothing is downloaded). Screenshots of the
main pages are written to ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
PASSWORD = "motcua-demo-2026"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(
    url: str, process: subprocess.Popen[bytes], seconds: float = 90
) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with status {process.returncode}")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(url, timeout=2) as answer,  # noqa: S310 - localhost
        ):
            if answer.status == 200:
                return
        time.sleep(0.3)
    raise RuntimeError("the server did not start in time")


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the server by its process id and make sure it is gone."""
    if process.poll() is None:
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    with pytest.raises(ProcessLookupError):
        os.kill(process.pid, 0)


@dataclass(frozen=True)
class Server:
    """The running application."""

    url: str
    data_dir: Path


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    """Motcua in demo mode on a free port, with its own database and data folder."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (./dev test installs it)")
    folder = Path(tempfile.mkdtemp(prefix="motcua-e2e-"))
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'motcua.sqlite3'}",
        "MOTCUA_DATA_DIR": str(folder / "data"),
        "MOTCUA_MODE": "demo",
        "MOTCUA_SECRET_KEY": "e2e-secret-key-long-enough-for-the-tests-0123",
        "MOTCUA_BASE_URL": url,
        "MOTCUA_LOG_LEVEL": "warning",
    }
    env["PICCOLO_CONF"] = "core.piccolo_conf"
    log = (folder / "server.log").open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "core.cli",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_until_up(f"{url}/procedures", process)
        yield Server(url=url, data_dir=folder / "data")
    finally:
        _stop(process)
        log.close()


@pytest.fixture
async def browser(server: Server) -> AsyncIterator[Any]:
    """A headless Chromium for one test."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield launched
        finally:
            await launched.close()


class User:
    """One person at their own browser window (their own cookies)."""

    def __init__(self, page: Any, server: Server) -> None:
        self.page = page
        self.server = server

    async def go(self, path: str) -> Any:
        """Open a page of the application and return the response."""
        return await self.page.goto(self.server.url + path)

    async def sign_in(self, username: str) -> None:
        """Sign in through the form, as a person would."""
        await self.go("/login")
        await self.page.fill("#f-username", username)
        await self.page.fill("#f-password", PASSWORD)
        await self.follow("form[action='/login'] button[type=submit]")

    async def screenshot(
        self, name: str, page: Any = None, full_page: bool = True
    ) -> Path:
        """Save the page (or another tab of this window) under
        ``test-artifacts/screenshots/<name>.png``; ``full_page=False`` keeps what
        the window shows."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        await (page or self.page).screenshot(path=str(path), full_page=full_page)
        return path

    async def follow(self, selector: str) -> None:
        """Click a link or a submit button and wait for the page it leads to.

        Waiting for the navigation itself, not for the current page's load state,
        keeps a slow machine from reading the old page after the click.
        """
        async with self.page.expect_navigation():
            await self.page.click(selector)

    async def text(self, selector: str) -> str:
        """The visible text of the first element matching ``selector``."""
        return str(await self.page.locator(selector).first.inner_text())


@pytest.fixture
def person(browser: Any, server: Server) -> Any:
    """Open a new window for someone: ``await person(width=..., lang=...)``."""

    async def open_window(width: int = 1366, height: int = 900) -> User:
        context = await browser.new_context(
            viewport={"width": width, "height": height}, locale="vi-VN"
        )
        page = await context.new_page()
        page.set_default_timeout(15_000)
        return User(page, server)

    return open_window
