"""The plugin's side of the contract with the core."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from core.catalogue.catalogue import Catalogue
from core.catalogue.errors import ConfigInvalid
from core.dossiers.service import DossierService
from core.events import DossierEvent
from core.permissions import PERMISSIONS, PUBLIC, SIGNED_IN, Actor
from plugins.fees import plugin, runtime
from plugins.fees.schema import FeesSection
from plugins.fees.tables import FeeAssessment
from tests.plugins.fees.conftest import DEMO, JUDICIAL, LAND_USE, file_judicial


def test_the_plugin_describes_its_section_and_tables() -> None:
    info = plugin.motcua_register_plugin()
    assert info.name == "fees"
    assert info.section_type is FeesSection
    assert info.piccolo_apps == ("plugins.fees.piccolo_app",)
    (folder,) = plugin.motcua_register_template_dirs()
    assert (folder / "fees" / "receipt.html").is_file()


def test_every_route_declares_a_known_permission() -> None:
    (router,) = plugin.motcua_register_routes()
    declared = {
        handler.handler_name: handler.opt.get("permission")
        for route in router.routes
        for handler in getattr(route, "route_handlers", [])
        if handler.handler_name != "options_handler"
    }
    assert len(declared) >= 10
    allowed = {PUBLIC, SIGNED_IN, *PERMISSIONS}
    assert {name: p for name, p in declared.items() if p not in allowed} == {}
    assert declared["collect"] == "dossier.collect_fee"
    assert declared["cancel"] == "dossier.collect_fee"
    assert declared["collected_json"] == "reports.view"
    assert declared["lookup"] == PUBLIC


def test_the_local_issuer_confirms_with_a_code_and_a_digest() -> None:
    receipt = {"series_symbol": "AA-26E", "number": "0000001", "amount": 200000}
    first = plugin.motcua_issue_receipt(receipt)
    again = plugin.motcua_issue_receipt(dict(receipt))
    other = plugin.motcua_issue_receipt(receipt | {"amount": 200001})
    assert first["issuer"] == "local"
    assert re.fullmatch(r"[0-9A-F]{10}", first["lookup_code"])
    assert first["digest"] == again["digest"] != other["digest"]
    assert dt.datetime.fromisoformat(first["confirmed_at"]).tzinfo is not None


async def test_the_first_event_of_a_dossier_stores_its_assessment(
    service: DossierService, officer: Actor, fees_catalogue: Catalogue
) -> None:
    dossier = await file_judicial(service, officer)
    await FeeAssessment.delete().where(FeeAssessment.dossier_id == dossier.id)
    procedure = fees_catalogue.procedures[JUDICIAL]

    def event(from_status: int | None) -> DossierEvent:
        return DossierEvent(
            dossier_id=dossier.id,
            dossier_code=dossier.code,
            procedure_code=JUDICIAL,
            procedure_version=dossier.procedure_version,
            action="forward" if from_status else "receive",
            from_status=from_status,
            to_status=4,
            step=None,
            actor_id=None,
            at=dt.datetime.now(dt.UTC),
        )

    await plugin.motcua_dossier_event(event=event(2), procedure=procedure)
    assert (
        await FeeAssessment.count().where(FeeAssessment.dossier_id == dossier.id) == 0
    )
    await plugin.motcua_dossier_event(event=event(None), procedure=procedure)
    assert (
        await FeeAssessment.count().where(FeeAssessment.dossier_id == dossier.id) == 1
    )


async def test_no_panel_without_fees(
    service: DossierService, officer: Actor, cashier: Actor, fees_catalogue: Catalogue
) -> None:
    dossier = await file_judicial(service, officer)
    await FeeAssessment.delete().where(FeeAssessment.dossier_id == dossier.id)
    mapping = dossier.as_mapping() | {"plugin_data": {}}
    from core.dossiers.tables import Dossier

    await Dossier.update({Dossier.plugin_data: "{}"}).where(Dossier.id == dossier.id)
    panels = await plugin.motcua_dossier_panels(
        dossier=mapping,
        procedure=fees_catalogue.procedures[JUDICIAL],
        viewer=cashier,
        lang="vi",
    )
    assert panels == []
    land_use = fees_catalogue.procedures[LAND_USE]
    assert plugin.motcua_procedure_panels(procedure=land_use, lang="vi") == []
    (schedule,) = plugin.motcua_procedure_panels(
        procedure=fees_catalogue.procedures[JUDICIAL], lang="en"
    )
    assert "200.000 đ" in schedule.html


def _province(tmp_path: Path, settings: str) -> Path:
    folder = tmp_path / "province"
    shutil.copytree(DEMO, folder)
    (folder / "plugins").mkdir()
    (folder / "plugins" / "fees.yaml").write_text(settings, encoding="utf-8")
    return folder


def test_a_broken_settings_file_stops_the_load(tmp_path: Path, plugins: Any) -> None:
    from core.catalogue.loader import load_catalogue

    folder = _province(tmp_path, "collectors:\n  - unit: khong-co\n")
    with pytest.raises(ConfigInvalid) as invalid:
        load_catalogue(folder, plugins)
    (error,) = invalid.value.errors
    assert error.path == "collectors[0].unit"
    assert error.file.endswith("fees.yaml")


def test_a_loaded_catalogue_sets_the_plugin_settings(
    tmp_path: Path, plugins: Any
) -> None:
    from core.catalogue.loader import load_catalogue

    folder = _province(tmp_path, "series_format: 'BL{yyyy}'\nnumber_width: 5\n")
    catalogue = load_catalogue(folder, plugins)
    assert runtime.catalogue() is catalogue
    assert runtime.settings().number_text(7) == "00007"
    assert runtime.settings().series_for("stp", "fee", 2026).series_symbol == "BL2026"
