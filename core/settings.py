"""Settings, read once from the environment.

Every setting has a default that runs the embedded demo: a SQLite file and a local
attachment folder under ``MOTCUA_DATA_DIR``, the demo province from ``config/demo``.
Secrets (session key, gateway keys) come from the environment only.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Literal

import msgspec

__all__ = ["REPO_ROOT", "Settings"]

REPO_ROOT = Path(__file__).resolve().parent.parent
Mode = Literal["demo", "development", "production"]


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    """The application's settings.

    Attributes:
        mode: ``demo`` shows demo accounts on the sign-in page and enables sandbox
            gateways; ``production`` refuses both.
        database_url: ``sqlite:///path`` or ``postgresql://user@host:port/db``.
        data_dir: where the SQLite file and attachments live by default.
        config_dir: the province folder to load.
        secret_key: signs session and CSRF cookies.
        base_url: the public address, used in QR codes and gateway return URLs.
        sandbox_gateways: run the built-in sandbox payment gateways.
        secure_cookies: send cookies with the Secure flag (behind HTTPS).
        db_pool: keep a pool of PostgreSQL connections (off in in-process tests,
            whose client runs the application on another event loop).
    """

    mode: Mode = "demo"
    database_url: str
    data_dir: Path
    config_dir: Path
    secret_key: str
    base_url: str = "http://127.0.0.1:8000"
    sandbox_gateways: bool = True
    secure_cookies: bool = False
    session_hours: int = 8
    db_pool: bool = True
    default_lang: str = "vi"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        """Build settings from environment variables (``MOTCUA_*``, ``DATABASE_URL``).

        Raises:
            ValueError: a production set-up lacks a secret key or asks for sandboxes.
        """
        env = dict(os.environ if env is None else env)
        mode = env.get("MOTCUA_MODE", "demo")
        if mode not in ("demo", "development", "production"):
            raise ValueError(
                f"MOTCUA_MODE must be demo, development or production, not {mode!r}"
            )
        data_dir = Path(env.get("MOTCUA_DATA_DIR", str(REPO_ROOT / "data"))).resolve()
        database_url = (
            env.get("DATABASE_URL") or f"sqlite:///{data_dir / 'motcua.sqlite3'}"
        )
        secret = env.get("MOTCUA_SECRET_KEY", "")
        sandbox = env.get(
            "MOTCUA_SANDBOX_GATEWAYS", "0" if mode == "production" else "1"
        )
        if mode == "production":
            if len(secret) < 32:
                raise ValueError(
                    "MOTCUA_SECRET_KEY must hold at least 32 characters in production"
                )
            if sandbox == "1":
                raise ValueError("sandbox gateways cannot run in production mode")
        return cls(
            mode=mode,  # type: ignore[arg-type]
            database_url=database_url,
            data_dir=data_dir,
            config_dir=Path(
                env.get("MOTCUA_CONFIG_DIR", str(REPO_ROOT / "config" / "demo"))
            ).resolve(),
            secret_key=secret or secrets.token_urlsafe(32),
            base_url=env.get("MOTCUA_BASE_URL", "http://127.0.0.1:8000").rstrip("/"),
            sandbox_gateways=sandbox == "1",
            secure_cookies=env.get("MOTCUA_SECURE_COOKIES", "0") == "1",
            session_hours=int(env.get("MOTCUA_SESSION_HOURS", "8")),
            db_pool=env.get("MOTCUA_DB_POOL", "1") == "1",
        )

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def attachments_dir(self) -> Path:
        return self.data_dir / "attachments"
