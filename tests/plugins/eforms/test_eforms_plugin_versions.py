"""Form versions: a dossier keeps the exact form it was filed with, whatever the
province does to the form file afterwards."""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from structlog.testing import capture_logs

from core.catalogue.catalogue import Catalogue
from core.catalogue.loader import load_catalogue
from core.dossiers.service import DossierService
from core.dossiers.storage import LocalStorage
from core.plugin_manager import PluginManager
from plugins.eforms import runtime, versions
from plugins.eforms.formfiles import form_hash
from plugins.eforms.panels import dossier_panels, procedure_panels
from plugins.eforms.schema import load_form
from plugins.eforms.tables import FormVersion
from plugins.eforms.versions import FormRef, load_version, record_version
from tests.conftest import DEMO, unique
from tests.plugins.eforms.eforms_filing import BUILDING, file_example, new_citizen

OLD_LABEL = "Diện tích thửa đất (m²)"
NEW_LABEL = "Diện tích khu đất ghi trên Giấy chứng nhận (m²)"
FORM_FILE = Path("forms") / "don-gpxd.yaml"


@pytest.fixture(autouse=True)
def restore_runtime(catalogue: Catalogue) -> Iterator[None]:
    """Loading another province switches the plugin to it; switch back after."""
    yield
    runtime.configure(catalogue)


def changed_province(tmp_path: Path, version: int, plugins: PluginManager) -> Catalogue:
    """The demo province whose building form relabels the plot area."""
    folder = tmp_path / f"province-{version}-{unique()}"
    shutil.copytree(DEMO, folder)
    path = folder / FORM_FILE
    text = path.read_text(encoding="utf-8").replace(OLD_LABEL, NEW_LABEL)
    path.write_text(text.replace("version: 1", f"version: {version}"), encoding="utf-8")
    return load_catalogue(folder, plugins)


async def panel_html(record: Any, viewer: Any) -> str:
    [panel] = await dossier_panels(record.as_mapping(), viewer, "vi")
    return panel.html


async def test_an_old_dossier_keeps_its_form_after_a_new_version(
    service: DossierService, plugins: PluginManager, tmp_path: Path
) -> None:
    who = await new_citizen(service.catalogue)
    old = await file_example(service, who, BUILDING)
    assert old.plugin_data["eforms"]["version"] == 1

    changed = changed_province(tmp_path, 2, plugins)
    later = DossierService(changed, plugins, LocalStorage(tmp_path / "files"))
    new = await file_example(later, who, BUILDING)
    assert new.plugin_data["eforms"]["version"] == 2

    old_html = await panel_html(old, who)
    assert OLD_LABEL in old_html
    assert NEW_LABEL not in old_html
    new_html = await panel_html(new, who)
    assert NEW_LABEL in new_html
    assert OLD_LABEL not in new_html
    [outline] = procedure_panels(changed.procedures[BUILDING], "vi")
    assert NEW_LABEL in outline.html


async def test_a_form_changed_under_the_same_number_keeps_both_contents(
    service: DossierService, plugins: PluginManager, tmp_path: Path
) -> None:
    who = await new_citizen(service.catalogue)
    first = await file_example(service, who, BUILDING)
    changed = changed_province(tmp_path, 1, plugins)
    later = DossierService(changed, plugins, LocalStorage(tmp_path / "files"))
    with capture_logs() as logs:
        second = await file_example(later, who, BUILDING)
    one, two = first.plugin_data["eforms"], second.plugin_data["eforms"]
    assert (one["version"], two["version"]) == (1, 1)
    assert one["hash"] != two["hash"]
    assert {"event": "eforms_version_reused", "form": "don-gpxd", "version": 1} in [
        {k: e.get(k) for k in ("event", "form", "version")} for e in logs
    ]
    stored = await FormVersion.select(FormVersion.content_hash).where(
        (FormVersion.code == "don-gpxd") & (FormVersion.version == 1)
    )
    assert {one["hash"], two["hash"]} <= {row["content_hash"] for row in stored}
    assert OLD_LABEL in await panel_html(first, who)
    assert NEW_LABEL in await panel_html(second, who)


async def test_a_version_read_back_equals_the_form_recorded() -> None:
    form = load_form(
        f"code: t-{unique()}\nversion: 3\ntitle: T\nsections:\n"
        "  - key: s\n    title: S\n    fields:\n"
        "      - {key: a, type: date, label: A, min_date: 2020-01-01}\n"
    )
    ref = await record_version(form, dt.datetime.now(dt.UTC))
    assert ref == FormRef(form=form.code, version=3, hash=form_hash(form))
    versions._cache.clear()  # read from the database, not from this process
    assert await load_version(ref) == form


async def test_two_filings_recording_a_new_form_at_once_store_one_row() -> None:
    form = load_form(
        f"code: t-{unique()}\nversion: 1\ntitle: T\nsections:\n"
        "  - key: s\n    title: S\n    fields: [{key: a, type: text, label: A}]\n"
    )
    now = dt.datetime.now(dt.UTC)
    refs = await asyncio.gather(record_version(form, now), record_version(form, now))
    assert refs[0] == refs[1]
    assert await FormVersion.count().where(FormVersion.code == form.code) == 1


async def test_an_unknown_version_cannot_be_loaded() -> None:
    with pytest.raises(LookupError):
        await load_version(FormRef(form="x", version=1, hash="0" * 64))


async def test_a_dossier_whose_form_is_lost_says_so(service: DossierService) -> None:
    who = await new_citizen(service.catalogue)
    record = await file_example(service, who, BUILDING)
    mapping = record.as_mapping()
    mapping["plugin_data"] = {
        "eforms": {"form": "don-gpxd", "version": 9, "hash": "f" * 64}
    }
    [panel] = await dossier_panels(mapping, who, "en")
    assert "cannot be found" in panel.html
