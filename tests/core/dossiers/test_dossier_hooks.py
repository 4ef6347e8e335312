"""Plugins take part in filing and hear about changes, only for procedures that
enable them; their failures never undo a committed change."""

from __future__ import annotations

import dataclasses
from typing import Any

import msgspec
import pytest

from core.catalogue.canonical import content_hash
from core.dossiers.hooks import FilingRefused
from core.dossiers.service import DossierService
from core.dossiers.state import ActionInput
from core.dossiers.storage import LocalStorage
from core.dossiers.tables import Dossier
from core.events import DossierEvent, FilingDraft
from core.hookspecs import PluginInfo, hookimpl
from core.permissions import Actor
from core.plugin_manager import PluginManager
from tests.core.dossiers.conftest import JUDICIAL, Clock, draft

PROBED = "9.000001.H99"


class Probe:
    """A plugin that checks a form field, stores derived data and records events."""

    def __init__(self) -> None:
        self.events: list[DossierEvent] = []
        self.fail_events = False

    @hookimpl
    def motcua_register_plugin(self) -> PluginInfo:
        return PluginInfo(name="probe", title="Probe")

    @hookimpl
    async def motcua_prepare_filing(
        self, draft: FilingDraft, procedure: Any, section: Any
    ) -> list[tuple[str, str]]:
        if not draft.form_data.get("purpose"):
            return [("purpose", "Cần nêu mục đích")]
        draft.plugin_data["probe"] = {"length": len(draft.form_data["purpose"])}
        return []

    @hookimpl
    def motcua_dossier_event(self, event: DossierEvent, procedure: Any) -> Any:
        if self.fail_events:
            raise RuntimeError("the probe is broken")

        async def remember() -> None:
            self.events.append(event)

        return remember()


@pytest.fixture
def probe() -> Probe:
    return Probe()


@pytest.fixture
def probed(
    catalogue: Any, storage: LocalStorage, clock: Clock, probe: Probe
) -> DossierService:
    base = catalogue.procedures[JUDICIAL]
    spec = msgspec.structs.replace(base, code=PROBED, plugins={"probe": None})
    extended = dataclasses.replace(
        catalogue,
        procedures={**catalogue.procedures, PROBED: spec},
        hashes={**catalogue.hashes, PROBED: content_hash(spec)},
        sources={**catalogue.sources, PROBED: "procedures/probe.yaml"},
    )
    manager = PluginManager()
    manager.register(probe, "probe")
    return DossierService(extended, manager, storage, clock=clock)


async def test_plugin_problems_refuse_the_filing(
    probed: DossierService, citizen: Actor, probe: Probe
) -> None:
    before = await Dossier.count()
    with pytest.raises(FilingRefused) as caught:
        await probed.file_dossier(draft(procedure=PROBED, form_data={}), citizen)
    assert caught.value.problems == [("probe.purpose", "Cần nêu mục đích")]
    assert caught.value.status == 400
    assert await Dossier.count() == before
    assert probe.events == []


async def test_plugin_data_is_stored_and_events_reach_the_plugin(
    probed: DossierService, citizen: Actor, desk: Actor, probe: Probe
) -> None:
    dossier = await probed.file_dossier(
        draft(procedure=PROBED, form_data={"purpose": "du học"}), citizen
    )
    assert dossier.plugin_data == {"probe": {"length": 6}}
    dossier = await probed.act(
        dossier.id, "receive", ActionInput(), desk, dossier.version
    )
    assert [(e.action, e.from_status, e.to_status) for e in probe.events] == [
        ("submit", None, 1),
        ("receive", 1, 2),
    ]
    assert probe.events[1].dossier_code == dossier.code
    assert probe.events[1].actor_id == desk.account_id


async def test_failing_event_hook_never_undoes_the_change(
    probed: DossierService, citizen: Actor, desk: Actor, probe: Probe
) -> None:
    dossier = await probed.file_dossier(
        draft(procedure=PROBED, form_data={"purpose": "x"}), citizen
    )
    probe.fail_events = True
    received = await probed.act(
        dossier.id, "receive", ActionInput(), desk, dossier.version
    )
    assert received.status == 2
    row = await Dossier.select(Dossier.status).where(Dossier.id == dossier.id).first()
    assert row is not None
    assert row["status"] == 2


async def test_plugins_not_enabled_by_the_procedure_are_not_called(
    probed: DossierService, citizen: Actor, probe: Probe
) -> None:
    await probed.file_dossier(draft(procedure=JUDICIAL, form_data={}), citizen)
    assert probe.events == []
