"""Fixtures of the e-forms tests: code lists with the demo province, a rich form,
and the demo province with a dossier service for the plugin's hooks."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.catalogue.catalogue import Catalogue
from core.dossiers.service import DossierService
from core.dossiers.storage import LocalStorage
from core.plugin_manager import PluginManager
from plugins.eforms import runtime
from plugins.eforms.codelists import CodeList
from plugins.eforms.schema import FormSpec
from tests.plugins.eforms.eforms_support import residence_form, shared_code_lists


@pytest.fixture(scope="session")
def code_lists() -> dict[str, CodeList]:
    return shared_code_lists()


@pytest.fixture(scope="session")
def residence() -> FormSpec:
    return residence_form()


@pytest.fixture
def demo(catalogue: Catalogue) -> Catalogue:
    """The demo province, its forms in use by the plugin."""
    runtime.configure(catalogue)
    return catalogue


@pytest.fixture
def service(demo: Catalogue, plugins: PluginManager, tmp_path: Path) -> DossierService:
    """The dossier service on the demo province with every installed plugin."""
    return DossierService(demo, plugins, LocalStorage(tmp_path / "files"))
