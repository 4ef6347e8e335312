"""Filing through the dossier service with the e-forms plugin: invalid data refused
with every field's reason, valid data kept cleaned with its form's version, and
the values other plugins read (fees by page count)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import msgspec
import pytest
from litestar.datastructures import FormMultiDict

from core.dossiers import queries
from core.dossiers.filing import ComponentInput
from core.dossiers.hooks import FilingRefused
from core.dossiers.service import DossierService
from core.dossiers.tables import Dossier
from plugins.eforms import runtime
from plugins.eforms.filing import CONTROLS_KEY, read_filing_form, render_filing_form
from plugins.eforms.formfiles import form_hash
from plugins.eforms.messages import message
from plugins.eforms.schema import FormSpec
from plugins.eforms.tables import FormVersion
from plugins.eforms.validate import validate
from tests.plugins.eforms.eforms_filing import (
    BUILDING,
    COPIES,
    HOUSEHOLD,
    JUDICIAL,
    draft_for,
    example,
    file_example,
    new_citizen,
    new_staff,
    section_of,
)


def form_of(service: DossierService, code: str) -> FormSpec:
    return runtime.library().form_of(section_of(service.catalogue, code))


async def refusal(service: DossierService, code: str, data: Any, **kw: Any) -> Any:
    who = await new_citizen(service.catalogue)
    draft = draft_for(code, data, account_id=who.account_id, **kw)
    with pytest.raises(FilingRefused) as caught:
        await service.file_dossier(draft, who)
    return caught.value, draft


async def test_invalid_data_is_refused_with_every_field_s_reason(
    service: DossierService,
) -> None:
    data = {
        "full_name": "Nguyễn Văn An",
        "gender": "x",
        "residence_history": [{"from_date": "2999-01-01"}],
        "ghost": "1",
    }
    refused, draft = await refusal(service, JUDICIAL, data)
    expected = validate(
        form_of(service, JUDICIAL),
        data,
        lang="vi",
        code_lists=runtime.library().code_lists,
        today=runtime.today(),
    ).errors
    eform_problems = [(p, m) for p, m in refused.problems if p.startswith("eforms.")]
    assert eform_problems == [(f"eforms.{e.path}", e.message) for e in expected]
    paths = {path for path, _message in eform_problems}
    assert {
        "eforms.gender",
        "eforms.birth_date",
        "eforms.residence_history[0].from_date",
        "eforms.residence_history[0].place",
        "eforms.ghost",
        "eforms.pledge",
    } <= paths
    assert "eforms" not in draft.plugin_data
    count = await Dossier.count().where(
        Dossier.applicant_identifier == draft.applicant.identifier
    )
    assert count == 0


async def test_messages_speak_the_dossier_s_language(service: DossierService) -> None:
    refused_vi, _draft = await refusal(service, BUILDING, {})
    refused_en, _draft = await refusal(service, BUILDING, {}, lang="en")
    assert dict(refused_vi.problems)["eforms.plot_number"] == message("required", "vi")
    assert dict(refused_en.problems)["eforms.plot_number"] == message("required", "en")
    assert message("required", "vi") != message("required", "en")


async def test_valid_data_is_kept_clean_with_its_form_s_version(
    service: DossierService,
) -> None:
    who = await new_citizen(service.catalogue)
    record = await file_example(service, who, HOUSEHOLD)
    form = form_of(service, HOUSEHOLD)
    assert record.plugin_data["eforms"] == {
        "form": "gdn-hkd",
        "version": form.version,
        "hash": form_hash(form),
    }
    assert record.form_data["capital"] == 150_000_000
    assert [m["contribution"] for m in record.form_data["members"]] == [
        100_000_000,
        50_000_000,
    ]
    assert record.form_data["owner_cccd"] == "001185004321"
    row = (
        await FormVersion.select()
        .where(FormVersion.content_hash == form_hash(form))
        .first()
    )
    assert row is not None
    assert (row["code"], row["version"]) == ("gdn-hkd", form.version)
    spec = row["spec"]
    stored = msgspec.json.decode(
        spec if isinstance(spec, str) else msgspec.json.encode(spec), type=FormSpec
    )
    assert stored == form


async def test_hidden_fields_are_not_kept(service: DossierService) -> None:
    who = await new_citizen(service.catalogue)
    record = await file_example(
        service, who, HOUSEHOLD, founded_by="individual", capital="80.000.000"
    )
    assert "members" not in record.form_data
    assert record.form_data["capital"] == 80_000_000


async def test_each_content_is_recorded_once(service: DossierService) -> None:
    who = await new_citizen(service.catalogue)
    await file_example(service, who, BUILDING)
    await file_example(service, who, BUILDING)
    rows = await FormVersion.count().where(
        FormVersion.content_hash == form_hash(form_of(service, BUILDING))
    )
    assert rows == 1


async def test_a_row_added_without_javascript_files_nothing(
    service: DossierService,
) -> None:
    post = FormMultiDict(
        [
            ("full_name", "Nguyễn Văn An"),
            ("residence_history[0].place", "12 Đường Lúa"),
            ("_count.residence_history", "1"),
            ("_add", "residence_history"),
        ]
    )
    data = read_filing_form(post)
    assert data[CONTROLS_KEY] == {
        "rows": {"residence_history": 2},
        "add": "residence_history",
    }
    refused, _draft = await refusal(service, JUDICIAL, data)
    assert [m for p, m in refused.problems if p == "eforms"] == [
        "Đã thêm một dòng vào tờ khai; vui lòng điền tiếp rồi nộp hồ sơ."
    ]
    assert not [p for p, _m in refused.problems if p.startswith("eforms.")]
    spec = service.catalogue.procedures[JUDICIAL]
    html = await render_filing_form(
        spec, section_of(service.catalogue, JUDICIAL), data, {}, "vi"
    )
    assert 'name="residence_history[1].place"' in html
    assert 'value="12 Đường Lúa"' in html
    assert 'name="residence_history[2].place"' not in html


async def test_certified_copies_are_charged_by_their_pages(
    service: DossierService,
) -> None:
    officer = await new_staff(
        service.catalogue, "xa-an-binh-pvhcc", "receiving_officer"
    )
    data = {**example(service.catalogue, COPIES), "so_trang": "5", "so_ban": "2"}
    record = await service.file_dossier(
        draft_for(COPIES, data, channel="counter"),
        officer,
        components=[ComponentInput(code="ban-chinh", paper_original=True)],
    )
    assert record.form_data["so_trang"] == 5
    # Two pages at 2.000 đ and three at 1.000 đ, for each of the two copies.
    assert record.plugin_data["fees"]["assessment"]["total"] == 14_000


async def test_a_page_count_in_words_is_refused_by_the_form(
    service: DossierService,
) -> None:
    officer = await new_staff(
        service.catalogue, "xa-an-binh-pvhcc", "receiving_officer"
    )
    data = {**example(service.catalogue, COPIES), "so_trang": "năm"}
    draft = draft_for(COPIES, data, channel="counter")
    with pytest.raises(FilingRefused) as caught:
        await service.file_dossier(
            draft,
            officer,
            components=[ComponentInput(code="ban-chinh", paper_original=True)],
        )
    assert "eforms.so_trang" in dict(caught.value.problems)


async def test_form_values_read_the_stored_dossier_flat_and_typed(
    service: DossierService,
) -> None:
    who = await new_citizen(service.catalogue)
    filed = await file_example(service, who, BUILDING)
    record = await queries.load(filed.id)
    assert record is not None
    assert record.form_data["plot_area"] == "120.5"  # JSON keeps exact decimals as text
    spec = service.catalogue.procedures[BUILDING]
    values = service.plugins.for_procedure(spec).motcua_form_values(
        dossier=record.as_mapping(), procedure=spec
    )
    assert values["plot_area"] == Decimal("120.5")
    assert values["floors"] == 3
    assert values["site_address.province"] == "99"
    assert values["site_address.commune"] == "xa-tan-phu"
    assert values["start_date"] == "2026-03-01"
    assert "site_address" not in values


async def test_form_values_name_group_items_by_their_row(
    service: DossierService,
) -> None:
    who = await new_citizen(service.catalogue)
    record = await file_example(service, who, HOUSEHOLD)
    spec = service.catalogue.procedures[HOUSEHOLD]
    values = service.plugins.for_procedure(spec).motcua_form_values(
        dossier=record.as_mapping(), procedure=spec
    )
    assert values["members[1].contribution"] == 50_000_000
    assert values["members[0].full_name"] == "Lê Thị Mai"


async def test_a_dossier_without_form_data_gives_no_values(
    service: DossierService,
) -> None:
    spec = service.catalogue.procedures[HOUSEHOLD]
    values = service.plugins.for_procedure(spec).motcua_form_values(
        dossier={"form_data": {"purpose": "x"}, "plugin_data": {}}, procedure=spec
    )
    assert values is None
