"""The public catalogue: searching procedures and reading a procedure's record."""

from __future__ import annotations

from typing import Any

from core.web.portal import ProcedureFilter, fold, search_procedures


def test_fold_drops_vietnamese_accents_and_case() -> None:
    assert fold("Đăng ký KHAI SINH") == "dang ky khai sinh"
    assert fold("Lý lịch tư pháp") == "ly lich tu phap"


def test_search_matches_names_without_accents_and_codes(catalogue: Any) -> None:
    by_words = search_procedures(catalogue, ProcedureFilter(q="dang ky khai sinh"))
    assert [p.code for p in by_words] == ["1.001193.H99"]
    by_code = search_procedures(catalogue, ProcedureFilter(q="2.000488"))
    assert [p.code for p in by_code] == ["2.000488.H99"]
    assert search_procedures(catalogue, ProcedureFilter(q="no such thing")) == []


def test_filters_combine(catalogue: Any) -> None:
    counter_only = search_procedures(catalogue, ProcedureFilter(online="none"))
    assert counter_only
    assert all(p.online_level == "none" for p in counter_only)
    justice = search_procedures(
        catalogue, ProcedureFilter(agency="stp", channel="online")
    )
    assert [p.code for p in justice] == ["2.000488.H99"]
    communes = search_procedures(
        catalogue, ProcedureFilter(level="commune", field="ho-tich")
    )
    assert {p.code for p in communes} == {"1.001193.H99", "1.000894.H99"}


async def test_catalogue_page_lists_and_filters(client: Any) -> None:
    page = await client.get("/procedures", params={"q": "khai sinh"})
    assert page.status_code == 200
    assert "/procedures/1.001193.H99" in page.text
    assert "/procedures/2.000488.H99" not in page.text
    everything = await client.get("/procedures")
    assert "/procedures/2.000488.H99" in everything.text
    assert "/procedures/1.001193.H99" in everything.text


async def test_catalogue_page_says_when_nothing_matches(client: Any) -> None:
    page = await client.get("/procedures", params={"q": "zzzz-nothing", "lang": "en"})
    assert page.status_code == 200
    assert "No procedure matches your search" in page.text


async def test_procedure_page_has_the_parts_of_a_complete_record(client: Any) -> None:
    page = await client.get("/procedures/2.000488.H99", params={"lang": "en"})
    assert page.status_code == 200
    text = page.text
    # name, steps, channels, components, time limit, who may apply, agency
    assert "Issuing a judicial record certificate" in text
    assert "File the form at the service centre or online" in text
    assert "At the counter, Online, By post" in text
    assert "Copy of a valid identity card or passport" in text
    assert "10 working days" in text
    assert "15 working days" in text  # the case that needs verification
    assert "Vietnamese citizens; foreigners who reside" in text
    assert "Department of Justice" in text
    assert "Luật Lý lịch tư pháp số 28/2009/QH12" in text
    assert 'href="/procedures/2.000488.H99/file"' in text


async def test_counter_only_procedure_offers_no_online_filing(
    client: Any, catalogue: Any
) -> None:
    code = next(c for c, p in catalogue.procedures.items() if p.online_level == "none")
    page = await client.get(f"/procedures/{code}")
    assert page.status_code == 200
    assert f"/procedures/{code}/file" not in page.text


async def test_blank_form_downloads(client: Any) -> None:
    page = await client.get("/procedures/1.001193.H99")
    assert "/procedures/1.001193.H99/templates/to-khai" in page.text
    blank = await client.get("/procedures/1.001193.H99/templates/to-khai")
    assert blank.status_code == 200
    assert "attachment" in blank.headers["content-disposition"]
    assert "TỜ KHAI ĐĂNG KÝ KHAI SINH" in blank.text


async def test_component_without_template_and_unknown_procedure_are_404(
    client: Any,
) -> None:
    assert (
        await client.get("/procedures/1.001193.H99/templates/giay-chung-sinh")
    ).status_code == 404
    assert (
        await client.get("/procedures/1.001193.H99/templates/province.yaml")
    ).status_code == 404
    assert (await client.get("/procedures/9.999999.H99")).status_code == 404


async def test_catalogue_pages_by_page(client: Any) -> None:
    page = await client.get("/procedures", params={"page": "abc"})
    assert page.status_code == 200
    beyond = await client.get("/procedures", params={"page": "50"})
    assert beyond.status_code == 200
    assert "/procedures/1.001193.H99" not in beyond.text
