"""What a citizen's fresh form starts with: their saved draft first, else their
profile and their last dossier of the same form; and how drafts are kept."""

from __future__ import annotations

import datetime as dt

import pytest

from core.dossiers.service import DossierService
from core.permissions import Actor
from plugins.eforms import runtime
from plugins.eforms.drafts import DraftTooLarge, load_draft, save_draft
from plugins.eforms.filing import render_filing_form
from plugins.eforms.schema import FormSpec
from plugins.eforms.starting import start_values
from plugins.eforms.tables import FormDraft
from tests.plugins.eforms.eforms_filing import (
    COPIES,
    HOUSEHOLD,
    JUDICIAL,
    file_example,
    new_citizen,
    new_staff,
    section_of,
)
from tests.plugins.eforms.eforms_support import minimal_form

NOW = dt.datetime(2026, 12, 3, 2, 30, tzinfo=dt.UTC)  # 09:30 in Viet Nam


def form_of(service: DossierService, code: str) -> FormSpec:
    return runtime.library().form_of(section_of(service.catalogue, code))


async def fresh_html(service: DossierService, code: str, viewer: Actor | None) -> str:
    spec = service.catalogue.procedures[code]
    return str(
        await render_filing_form(
            spec, section_of(service.catalogue, code), {}, {}, "vi", viewer=viewer
        )
    )


async def test_a_fresh_form_starts_from_the_profile(service: DossierService) -> None:
    who = await new_citizen(
        service.catalogue,
        full_name="Trần Thị Hoa",
        identifier="001195004567",
        phone="0987 654 321",
        email="hoa@example.vn",
    )
    start = await start_values(form_of(service, JUDICIAL), JUDICIAL, who)
    assert start.draft is None
    assert start.data == {
        "full_name": "Trần Thị Hoa",
        "cccd": "001195004567",
        "phone": "+84987654321",
        "email": "hoa@example.vn",
    }
    html = await fresh_html(service, JUDICIAL, who)
    assert 'value="Trần Thị Hoa"' in html
    assert 'value="001195004567"' in html


async def test_the_last_dossier_of_the_same_form_fills_what_rarely_changes(
    service: DossierService,
) -> None:
    who = await new_citizen(service.catalogue, full_name="Nguyễn Văn An")
    filed = await file_example(service, who, JUDICIAL)
    start = await start_values(form_of(service, JUDICIAL), JUDICIAL, who)
    assert start.data["residence_history"] == filed.form_data["residence_history"]
    assert start.data["permanent_address"] == filed.form_data["permanent_address"]
    assert start.data["father_name"] == "Nguyễn Văn Bình"
    # Answers about this request are asked again.
    assert "purpose" not in start.data
    assert "certificate_type" not in start.data


async def test_the_latest_dossier_wins(service: DossierService) -> None:
    who = await new_citizen(service.catalogue)
    await file_example(service, who, JUDICIAL, father_name="Nguyễn Văn Bình")
    await file_example(service, who, JUDICIAL, father_name="Nguyễn Văn Bính")
    start = await start_values(form_of(service, JUDICIAL), JUDICIAL, who)
    assert start.data["father_name"] == "Nguyễn Văn Bính"


async def test_other_forms_and_other_people_s_dossiers_are_not_used(
    service: DossierService,
) -> None:
    who = await new_citizen(service.catalogue)
    other = await new_citizen(service.catalogue)
    await file_example(service, who, HOUSEHOLD)
    await file_example(service, other, JUDICIAL)
    start = await start_values(form_of(service, JUDICIAL), JUDICIAL, who)
    assert "residence_history" not in start.data
    household = await start_values(form_of(service, HOUSEHOLD), HOUSEHOLD, other)
    assert "members" not in household.data


async def test_staff_at_a_counter_get_an_empty_form(service: DossierService) -> None:
    officer = await new_staff(service.catalogue, "ttpvhcc", "receiving_officer")
    start = await start_values(form_of(service, JUDICIAL), JUDICIAL, officer)
    assert start.data == {}
    html = await fresh_html(service, JUDICIAL, officer)
    assert "/eforms/drafts/" not in html
    assert await start_values(form_of(service, JUDICIAL), JUDICIAL, None) == (
        {},
        None,
    )


async def test_a_posted_form_is_shown_as_posted(service: DossierService) -> None:
    who = await new_citizen(service.catalogue, full_name="Trần Thị Hoa")
    spec = service.catalogue.procedures[JUDICIAL]
    html = await render_filing_form(
        spec,
        section_of(service.catalogue, JUDICIAL),
        {"full_name": "Lê Văn Tư"},
        {"full_name": ["Sai tên"]},
        "vi",
        viewer=who,
    )
    assert 'value="Lê Văn Tư"' in html
    assert "Trần Thị Hoa" not in html
    assert "Sai tên" in html


async def test_a_citizen_s_form_offers_to_save_a_draft(
    service: DossierService,
) -> None:
    who = await new_citizen(service.catalogue)
    html = await fresh_html(service, JUDICIAL, who)
    assert f'formaction="/eforms/drafts/{JUDICIAL}"' in html
    assert "/discard" not in html
    # Certified copies are asked for at the counter only: no draft to keep.
    assert "/eforms/drafts/" not in await fresh_html(service, COPIES, who)


async def test_a_saved_draft_comes_back_before_any_prefill(
    service: DossierService,
) -> None:
    who = await new_citizen(service.catalogue, full_name="Trần Thị Hoa")
    form = form_of(service, JUDICIAL)
    await save_draft(
        who.account_id, JUDICIAL, form, {"purpose": "Du học", "ghost": "x"}, NOW
    )
    start = await start_values(form, JUDICIAL, who)
    assert start.data == {"purpose": "Du học"}
    assert start.draft is not None
    assert start.draft.data == {"purpose": "Du học"}
    assert start.draft.form_version == form.version
    html = await fresh_html(service, JUDICIAL, who)
    assert 'value="Du học"' in html
    assert "09:30 03/12/2026" in html
    assert f'formaction="/eforms/drafts/{JUDICIAL}/discard"' in html


async def test_a_draft_is_seen_by_its_owner_only(service: DossierService) -> None:
    owner = await new_citizen(service.catalogue)
    stranger = await new_citizen(service.catalogue, full_name="Lê Văn Tư")
    form = form_of(service, JUDICIAL)
    await save_draft(owner.account_id, JUDICIAL, form, {"purpose": "Du học"}, NOW)
    start = await start_values(form, JUDICIAL, stranger)
    assert start.draft is None
    assert start.data["full_name"] == "Lê Văn Tư"
    assert "purpose" not in start.data
    assert await load_draft(stranger.account_id, JUDICIAL) is None


async def test_saving_again_replaces_the_draft(service: DossierService) -> None:
    who = await new_citizen(service.catalogue)
    form = form_of(service, JUDICIAL)
    await save_draft(who.account_id, JUDICIAL, form, {"purpose": "A"}, NOW)
    later = NOW + dt.timedelta(hours=1)
    await save_draft(who.account_id, JUDICIAL, form, {"purpose": "B"}, later)
    draft = await load_draft(who.account_id, JUDICIAL)
    assert draft is not None
    assert (draft.data, draft.updated_at) == ({"purpose": "B"}, later)
    assert await FormDraft.count().where(FormDraft.account_id == who.account_id) == 1


async def test_filing_the_dossier_forgets_the_draft(service: DossierService) -> None:
    who = await new_citizen(service.catalogue)
    form = form_of(service, JUDICIAL)
    await save_draft(who.account_id, JUDICIAL, form, {"purpose": "A"}, NOW)
    await save_draft(who.account_id, HOUSEHOLD, form_of(service, HOUSEHOLD), {}, NOW)
    await file_example(service, who, JUDICIAL)
    assert await load_draft(who.account_id, JUDICIAL) is None
    assert await load_draft(who.account_id, HOUSEHOLD) is not None


async def test_an_oversized_draft_is_refused(service: DossierService) -> None:
    who = await new_citizen(service.catalogue)
    huge = {"purpose": "x" * 300_000}
    with pytest.raises(DraftTooLarge):
        await save_draft(
            who.account_id, JUDICIAL, form_of(service, JUDICIAL), huge, NOW
        )
    assert await load_draft(who.account_id, JUDICIAL) is None


async def test_a_draft_of_an_older_form_drops_questions_no_longer_asked(
    service: DossierService,
) -> None:
    who = await new_citizen(service.catalogue)
    older = minimal_form(
        """
        - {key: purpose, type: text, label: Mục đích}
        - {key: fax, type: text, label: Số fax}
        """
    )
    await save_draft(
        who.account_id, JUDICIAL, older, {"purpose": "Du học", "fax": "0291"}, NOW
    )
    start = await start_values(form_of(service, JUDICIAL), JUDICIAL, who)
    assert start.data == {"purpose": "Du học"}
