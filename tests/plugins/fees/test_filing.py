"""Fees are assessed when a dossier is filed and kept with the rule that set them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec
import pytest

from core.catalogue.catalogue import Catalogue
from core.dossiers.filing import ComponentInput
from core.dossiers.hooks import FilingRefused
from core.dossiers.service import DossierService
from core.events import FilingDraft
from core.hookspecs import PluginInfo, hookimpl
from core.permissions import Actor
from core.plugin_manager import PluginManager
from plugins.fees import plugin as fees_plugin
from plugins.fees.filing import handed_in, prepare_filing, quote, values_of_draft
from plugins.fees.ledger import FeesData
from plugins.fees.schema import FeesSection
from plugins.fees.tables import FeeAssessment
from tests.plugins.fees.conftest import JUDICIAL, applicant, file_judicial


class DraftWithComponents(FilingDraft, kw_only=True):
    """A draft that lists what was handed in, as the core's filing may."""

    components: list[Any] = msgspec.field(default_factory=list)


def judicial_draft(
    category: str | None = None, components: list[Any] | None = None, **form: Any
) -> DraftWithComponents:
    return DraftWithComponents(
        procedure_code=JUDICIAL,
        procedure_version=0,
        case_code="thong-thuong",
        channel="counter",
        unit_id="stp",
        applicant=applicant(category),
        form_data={"so_phieu_them": 0, **form},
        components=components or [],
    )


def core_draft(draft: FilingDraft) -> FilingDraft:
    """The core's own draft with the same filing, listing no components yet."""
    fields = (f for f in FilingDraft.__struct_fields__ if f != "components")
    return FilingDraft(**{f: getattr(draft, f) for f in fields})


def section_of(catalogue: Catalogue) -> FeesSection:
    section = catalogue.procedures[JUDICIAL].plugins["fees"]
    assert isinstance(section, FeesSection)
    return section


async def test_a_filed_dossier_keeps_its_assessment(
    service: DossierService, officer: Actor
) -> None:
    dossier = await file_judicial(service, officer, extra_copies=3)
    data = msgspec.convert(dossier.plugin_data["fees"], FeesData)
    assert data.assessment.total == 215000
    assert data.collecting_unit == "stp"
    row = (
        await FeeAssessment.select()
        .where(FeeAssessment.dossier_id == dossier.id)
        .first()
    )
    assert row is not None
    assert row["rule_version"] == "2026-01-01"
    assert (row["fee_total"], row["charge_total"], row["total"]) == (215000, 0, 215000)
    assert row["collecting_unit_id"] == "stp"
    assert row["dossier_code"] == dossier.code


async def test_a_reduction_without_its_evidence_refuses_the_filing(
    service: DossierService, officer: Actor
) -> None:
    with pytest.raises(FilingRefused) as refused:
        await file_judicial(service, officer, category="sinh-vien")
    assert [path for path, _ in refused.value.problems] == [
        "fees.components.van-ban-uy-quyen"
    ]


async def test_a_missing_quantity_refuses_the_filing(
    service: DossierService, officer: Actor
) -> None:
    draft = FilingDraft(
        procedure_code=JUDICIAL,
        procedure_version=0,
        case_code="thong-thuong",
        channel="counter",
        unit_id="stp",
        applicant=applicant(),
    )
    with pytest.raises(FilingRefused) as refused:
        await service.file_dossier(draft, officer)
    assert [path for path, _ in refused.value.problems] == ["fees.so_phieu_them"]


async def test_the_dossier_service_hands_the_received_evidence_to_the_plugin(
    service: DossierService, officer: Actor
) -> None:
    for received in (
        ComponentInput(code="van-ban-uy-quyen", paper_original=True),
        ComponentInput(code="van-ban-uy-quyen", copies=1),
        ComponentInput(code="van-ban-uy-quyen", source="own_store"),
    ):
        given = [ComponentInput(code="to-khai", paper_original=True), received]
        dossier = await service.file_dossier(
            core_draft(judicial_draft("sinh-vien")), officer, components=given
        )
        data = msgspec.convert(dossier.plugin_data["fees"], FeesData)
        line = data.assessment.lines[0]
        assert (line.amount, line.exemption) == (100000, "sinh-vien"), received


async def test_evidence_named_but_not_received_earns_no_reduction(
    service: DossierService, officer: Actor
) -> None:
    given = [
        ComponentInput(code="to-khai", paper_original=True),
        ComponentInput(code="van-ban-uy-quyen", note="sẽ bổ sung sau"),
    ]
    with pytest.raises(FilingRefused) as refused:
        await service.file_dossier(
            core_draft(judicial_draft("sinh-vien")), officer, components=given
        )
    assert [path for path, _ in refused.value.problems] == [
        "fees.components.van-ban-uy-quyen"
    ]


def test_a_reduction_with_its_evidence_is_granted(
    fees_catalogue: Catalogue, plugins: Any
) -> None:
    procedure = fees_catalogue.procedures[JUDICIAL]
    draft = judicial_draft("sinh-vien", components=["to-khai", "van-ban-uy-quyen"])
    problems = prepare_filing(draft, procedure, section_of(fees_catalogue), plugins)
    assert problems == []
    data = msgspec.convert(draft.plugin_data["fees"], FeesData)
    line = data.assessment.lines[0]
    assert (line.amount, line.exemption, line.percent) == (100000, "sinh-vien", 50)


def test_problems_speak_the_draft_language(
    fees_catalogue: Catalogue, plugins: Any
) -> None:
    procedure = fees_catalogue.procedures[JUDICIAL]
    draft = judicial_draft("sinh-vien")
    draft.lang = "en"
    ((path, message),) = prepare_filing(
        draft, procedure, section_of(fees_catalogue), plugins
    )
    assert path == "components.van-ban-uy-quyen"
    assert message.startswith("The reduction of fees needs the document")
    assert "Power of attorney" in message


def test_components_count_only_when_something_was_received() -> None:
    received = [
        ComponentInput(code="a", paper_original=True),
        ComponentInput(code="b", copies=1),
        ComponentInput(code="c", source="uploaded"),
        ComponentInput(code="d"),
    ]
    assert handed_in(judicial_draft(components=received)) == {"a", "b", "c"}
    assert handed_in(judicial_draft(components=["x", "y"])) == {"x", "y"}
    as_mapping = {item.code: item for item in received}
    draft = judicial_draft()
    draft.components = as_mapping  # type: ignore[assignment]
    assert handed_in(draft) == {"a", "b", "c"}
    # A draft of the core that lists nothing has handed in nothing.
    assert handed_in(core_draft(draft)) == set()


class EformsStandIn:
    """An e-forms plugin that gives cleaned values different from the raw data."""

    @hookimpl
    def motcua_register_plugin(self) -> PluginInfo:
        return PluginInfo(name="eforms", title="stand-in")

    @hookimpl
    def motcua_form_values(
        self, dossier: Mapping[str, Any], procedure: Any
    ) -> Mapping[str, Any]:
        assert dossier["form_data"]["so_phieu_them"] == "hai"
        return {"so_phieu_them": 2}


def test_form_values_come_from_the_eforms_plugin_when_enabled(
    fees_catalogue: Catalogue,
) -> None:
    manager = PluginManager()
    manager.register(fees_plugin, "fees")
    manager.register(EformsStandIn(), "eforms")
    judicial = fees_catalogue.procedures[JUDICIAL]
    with_form = msgspec.structs.replace(
        judicial, plugins={**judicial.plugins, "eforms": None}
    )
    draft = judicial_draft(so_phieu_them="hai")
    assert values_of_draft(draft, with_form, manager) == {"so_phieu_them": 2}
    assert prepare_filing(draft, with_form, section_of(fees_catalogue), manager) == []
    data = msgspec.convert(draft.plugin_data["fees"], FeesData)
    assert data.assessment.total == 210000
    # Without the e-forms plugin enabled, the raw form data is read.
    assert values_of_draft(draft, judicial, manager)["so_phieu_them"] == "hai"


def test_a_quote_tolerates_missing_values_and_unknown_cases(
    fees_catalogue: Catalogue,
) -> None:
    procedure = fees_catalogue.procedures[JUDICIAL]
    section = section_of(fees_catalogue)
    partial = quote(procedure, section, {}, None, "khong-co")
    assert partial.complete is False
    assert partial.case_code is None
    assert [line.item for line in partial.lines] == ["phi-lltp", "phieu-them"]
    full = quote(procedure, section, {"so_phieu_them": 1}, "tre-em", "can-xac-minh")
    assert full.complete is True
    assert full.totals == {"fee": 5000, "charge": 30000}
