"""Fixtures of the reporting tests: the test province, its catalogue and its app."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.plugins.reporting.helpers import make_province


@pytest.fixture(scope="session")
def province_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A province folder: the demo plus this run's test procedures and forms."""
    return make_province(tmp_path_factory.mktemp("reporting"))


@pytest.fixture(scope="session")
def report_catalogue(province_dir: Path, plugins: Any) -> Any:
    """The catalogue of :func:`province_dir`."""
    from core.catalogue.loader import load_catalogue

    return load_catalogue(province_dir, plugins)


@pytest.fixture
def report_settings(tmp_path: Path, province_dir: Path) -> Any:
    """Settings pointing at the test province."""
    import os

    from core.settings import Settings

    return Settings.from_env(
        {
            "DATABASE_URL": os.environ["DATABASE_URL"],
            "MOTCUA_DATA_DIR": str(tmp_path),
            "MOTCUA_CONFIG_DIR": str(province_dir),
            "MOTCUA_MODE": "demo",
            "MOTCUA_SECRET_KEY": "test-secret-key-that-is-long-enough-0123",
        }
    )


@pytest.fixture
def report_app(report_settings: Any, plugins: Any, report_catalogue: Any) -> Any:
    """The application on the test province."""
    from core.app import create_app

    return create_app(report_settings, plugins=plugins, catalogue=report_catalogue)


@pytest.fixture
async def report_client(report_app: Any) -> Any:
    """An HTTP client of :func:`report_app`."""
    from litestar.testing import AsyncTestClient

    async with AsyncTestClient(app=report_app) as test_client:
        yield test_client
