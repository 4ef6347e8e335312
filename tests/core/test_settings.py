"""Settings from the environment, and the refusals of production mode."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.settings import Settings


def test_defaults_run_the_embedded_demo(tmp_path: Path) -> None:
    settings = Settings.from_env({"MOTCUA_DATA_DIR": str(tmp_path)})
    assert settings.mode == "demo"
    assert settings.is_sqlite
    assert settings.database_url == f"sqlite:///{tmp_path / 'motcua.sqlite3'}"
    assert settings.config_dir.name == "demo"
    assert settings.sandbox_gateways
    assert len(settings.secret_key) >= 32


def test_production_requires_a_real_secret(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="MOTCUA_SECRET_KEY"):
        Settings.from_env(
            {"MOTCUA_MODE": "production", "MOTCUA_DATA_DIR": str(tmp_path)}
        )


def test_production_refuses_sandbox_gateways(tmp_path: Path) -> None:
    env = {
        "MOTCUA_MODE": "production",
        "MOTCUA_SECRET_KEY": "x" * 40,
        "MOTCUA_SANDBOX_GATEWAYS": "1",
    }
    with pytest.raises(ValueError, match="sandbox"):
        Settings.from_env(env)
    env.pop("MOTCUA_SANDBOX_GATEWAYS")
    assert not Settings.from_env(env).sandbox_gateways


def test_unknown_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="MOTCUA_MODE"):
        Settings.from_env({"MOTCUA_MODE": "staging"})
