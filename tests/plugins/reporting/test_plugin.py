"""The plugin's registration, its translations, and how facts follow the history."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from core import i18n
from core.events import DossierEvent
from core.permissions import PERMISSIONS
from plugins.reporting import plugin
from plugins.reporting.tables import DossierFact
from plugins.reporting.web import ROUTES
from tests.plugins.reporting.helpers import (
    PROVINCE_PROCEDURE,
    add_dossier,
    at,
    counter_life,
)

HERE = Path(plugin.__file__).parent


def test_the_plugin_declares_its_database_app_and_pages() -> None:
    info = plugin.motcua_register_plugin()
    assert info.name == "reporting"
    assert info.section_type is None
    assert info.piccolo_apps == ("plugins.reporting.piccolo_app",)
    assert plugin.motcua_register_template_dirs() == [HERE / "templates"]
    assert plugin.motcua_register_static_dirs() == {"reporting": HERE / "static"}


def test_every_page_needs_the_report_permission() -> None:
    assert "reports.view" in PERMISSIONS
    for route in ROUTES:
        assert route.opt["permission"] == "reports.view", route


def test_every_message_of_the_pages_is_translated_into_vietnamese() -> None:
    used: set[str] = set()
    for template in (HERE / "templates").rglob("*.html"):
        text = template.read_text("utf-8")
        used |= set(re.findall(r'_\("([^"]*)"\)', text))
        used |= set(re.findall(r"_\('([^']*)'\)", text))
    i18n.add_catalog_dir(HERE / "locale")
    token = i18n.use_lang("vi")
    try:
        untranslated = [m for m in used if i18n.gettext(m) == m]
    finally:
        i18n._current.reset(token)
    assert used
    assert untranslated == []


async def _segments(dossier_id: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = await DossierFact.raw(
        "SELECT unit_id, seq FROM reporting_fact WHERE dossier_id = {} ORDER BY seq",
        dossier_id,
    )
    return rows


async def test_the_event_hook_brings_one_dossier_s_facts_up_to_date(
    report_catalogue: Any,
) -> None:
    plugin.motcua_catalogue_loaded(report_catalogue)
    dossier, code = await add_dossier(
        unit="sct", status=4, due=at("2033-01-14"), steps=counter_life(at("2033-01-07"))
    )
    assert await _segments(dossier) == []
    event = DossierEvent(
        dossier_id=dossier, dossier_code=code, procedure_code=PROVINCE_PROCEDURE,
        procedure_version=1, action="forward", from_status=2, to_status=4,
        step="xu-ly", actor_id=None, at=dt.datetime(2033, 1, 7, tzinfo=dt.UTC),
    )  # fmt: skip
    procedure = report_catalogue.procedures[PROVINCE_PROCEDURE]
    await plugin.motcua_dossier_event(event, procedure)
    assert await _segments(dossier) == [{"unit_id": "sct", "seq": 0}]
    # Running it again rewrites the same facts rather than adding to them.
    await plugin.motcua_dossier_event(event, procedure)
    assert len(await _segments(dossier)) == 1


async def test_a_refresh_reads_dossiers_whose_history_grew(
    report_catalogue: Any,
) -> None:
    from plugins.reporting.sync import refresh

    dossier, _code = await add_dossier(
        unit="stc", status=4, due=at("2033-02-14"), steps=counter_life(at("2033-02-07"))
    )
    assert await refresh(report_catalogue) >= 1
    assert len(await _segments(dossier)) == 1
