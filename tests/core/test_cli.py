"""The ``motcua`` command as an operator uses it, in a real subprocess."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.conftest import DEMO, REPO, unique

MOTCUA = [sys.executable, "-m", "core.cli"]


def motcua(
    *args: str, env: dict[str, str] | None = None, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*MOTCUA, *args],
        cwd=REPO,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        input=input,
        timeout=120,
        check=False,
    )


def test_config_check_accepts_the_demo_province() -> None:
    result = motcua("config", "check", str(DEMO))
    assert result.returncode == 0, result.stderr
    assert "The configuration is valid" in result.stdout


def test_config_check_lists_every_error_and_fails() -> None:
    broken = REPO / "tests" / "fixtures" / "config" / "broken"
    result = motcua("config", "check", str(broken))
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if ".yaml:" in line]
    assert len(lines) >= 5
    assert all(":" in line.split(".yaml:")[1] for line in lines)
    assert "configuration errors" in result.stderr


def test_plugins_list_shows_version_origin_and_procedures() -> None:
    result = motcua("plugins", "list")
    assert result.returncode == 0, result.stderr
    for name in ("eforms", "fees", "payments_gateway", "reporting"):
        assert f"{name} 0.1.0  (motcua: plugins.{name}.plugin)" in result.stdout
    assert "enabled by" in result.stdout


def test_users_create_makes_an_account_that_can_sign_in() -> None:
    username = unique("cli")
    result = motcua(
        "users",
        "create",
        "--username",
        username,
        "--full-name",
        "Quản trị",
        "--unit",
        "stp",
        "--role",
        "unit_admin",
        "--password",
        "cli-password-123",
    )
    assert result.returncode == 0, result.stderr
    assert f"Account {username!r} created" in result.stdout
    again = motcua(
        "users",
        "create",
        "--username",
        username,
        "--full-name",
        "X",
        "--unit",
        "stp",
        "--password",
        "cli-password-123",
    )
    assert again.returncode == 1
    assert "taken" in again.stderr


def test_db_upgrade_is_repeatable_and_keeps_data(tmp_path: Path) -> None:
    db = tmp_path / "upgrade.sqlite3"
    env = {"DATABASE_URL": f"sqlite:///{db}"}
    first = motcua("db", "upgrade", env=env)
    assert first.returncode == 0, first.stderr
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT INTO motcua_unit"
            " (unit_id, code, name_vi, name_en, kind, path, depth, active)"
            " VALUES ('kept', 'K', 'Giữ', 'Kept', 'agency', '/kept/', 0, 1)"
        )
    second = motcua("db", "upgrade", env=env)
    assert second.returncode == 0, second.stderr
    assert "up to date" in second.stdout
    with sqlite3.connect(db) as conn:
        assert conn.execute(
            "SELECT name_vi FROM motcua_unit WHERE unit_id = 'kept'"
        ).fetchone() == ("Giữ",)
