"""The reporting pages as a user meets them: permissions, units, links, refusals."""

from __future__ import annotations

import io
import re
from html import unescape
from typing import Any

import pytest
from openpyxl import load_workbook

from plugins.reporting.sync import calendar_of
from tests.conftest import sign_in
from tests.plugins.reporting.helpers import FIELD, PROVINCE_PROCEDURE
from tests.plugins.reporting.november import november

pytestmark = pytest.mark.usefixtures("month")


@pytest.fixture
async def month(report_catalogue: Any) -> dict[str, int]:
    return await november(calendar_of(report_catalogue))


def links(html: str, prefix: str) -> list[str]:
    return [
        unescape(h) for h in re.findall(r'href="([^"]+)"', html) if h.startswith(prefix)
    ]


def count_shown(html: str) -> int:
    found = re.search(r'<strong id="count">(\d+)</strong>', html)
    assert found, html[:2000]
    return int(found[1])


# --- who may see what ---------------------------------------------------------------


async def test_a_visitor_is_sent_to_sign_in(report_client: Any) -> None:
    response = await report_client.get("/reports", follow_redirects=False)
    assert response.status_code in (302, 303)
    assert response.headers["location"].startswith("/login")


@pytest.mark.parametrize("username", ["congdan", "tiepnhan.ttpvhcc"])
async def test_accounts_without_the_report_permission_are_refused(
    report_client: Any, username: str
) -> None:
    await sign_in(report_client, username)
    for url in ("/reports", "/reports/tii06a", "/reports/dashboard"):
        assert (await report_client.get(url)).status_code == 403


async def test_a_commune_sees_its_own_reports_but_not_a_department_s(
    report_client: Any,
) -> None:
    await sign_in(report_client, "quantri.anbinh")
    own = await report_client.get("/reports/tii06a?period=2025-11")
    assert own.status_code == 200
    assert "Xã An Bình" in own.text
    assert "Sở Tư pháp" not in own.text
    for unit in ("stp", "ubnd-tinh"):
        refused = await report_client.get(f"/reports/tii06a?period=2025-11&unit={unit}")
        assert refused.status_code == 403
    export = await report_client.get("/reports/tii06a/export?period=2025-11&unit=stp")
    assert export.status_code == 403


# --- refusals -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("/reports/tii06a?unit=khong-co", "khong-co"),
        ("/reports/tii06a?period=2026-02-10..2026-01-05", "kết thúc trước"),
        ("/reports/tii06a?period=thang-11", "không hợp lệ"),
        ("/reports/tbroken", "solved"),
        ("/reports/tii06a/cell?period=2025-11&col=khong-co", "khong-co"),
        ("/reports/tii06a/cell?period=2025-11&col=online&page=0", "trang"),
        ("/reports/tii06a/export?period=2025-11&format=pdf", "xlsx"),
        ("/reports/process?period=2025-11&procedure=9.999", "9.999"),
    ],
)
async def test_bad_requests_are_refused_with_a_reason(
    report_client: Any, url: str, words: str
) -> None:
    await sign_in(report_client, "baocao.tinh")
    response = await report_client.get(url)
    assert response.status_code == 400
    assert words in unescape(response.text)


async def test_an_unknown_form_is_not_found(report_client: Any) -> None:
    await sign_in(report_client, "baocao.tinh")
    assert (await report_client.get("/reports/ii99")).status_code == 404


async def test_the_list_shows_usable_forms_and_explains_broken_ones(
    report_client: Any,
) -> None:
    await sign_in(report_client, "baocao.tinh")
    page = (await report_client.get("/reports?lang=en")).text
    assert "II.06a" in page
    assert "tii06a" in page
    assert "Forms that cannot be used" in page
    assert (
        "unknown measure &#39;solved&#39;" in page or "unknown measure 'solved'" in page
    )


# --- forms and drill-down -----------------------------------------------------------


async def test_each_figure_of_a_form_links_to_the_dossiers_it_counts(
    report_client: Any, month: dict[str, int]
) -> None:
    await sign_in(report_client, "baocao.tinh")
    page = await report_client.get("/reports/tii06a?period=2025-11&unit=ubnd-tinh")
    assert page.status_code == 200
    cells = links(page.text, "/reports/tii06a/cell?")
    # 11 columns for 4 units x (row + subtotal) and the total.
    assert len(cells) == 11 * 9
    overdue = next(c for c in cells if "col=pending_overdue" in c and "section=stp" in c
                   and f"row={FIELD}" in c)  # fmt: skip
    listing = await report_client.get(overdue)
    assert listing.status_code == 200
    assert count_shown(listing.text) == 2
    assert listing.text.count('class="entry"') == 2
    for cell in cells[:22]:
        shown = await report_client.get(cell)
        figure = re.search(
            re.escape(cell.replace("&", "&amp;")) + r'" title="[^"]*">(\d+)<', page.text
        )
        assert figure, cell
        assert count_shown(shown.text) == int(figure[1])


async def test_the_export_over_http_is_a_spreadsheet_with_the_same_figures(
    report_client: Any,
) -> None:
    await sign_in(report_client, "baocao.tinh")
    response = await report_client.get("/reports/tii06a/export?period=2025-11&unit=stp")
    assert response.status_code == 200
    assert "II.06a-2025-11-stp.xlsx" in response.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [c.value for c in sheet[14]][2:13]
    assert values == [14, 3, 2, 9, 6, 3, 2, 1, 5, 3, 2]
    csv_response = await report_client.get(
        "/reports/tii06a/export?period=2025-11&unit=stp&format=csv"
    )
    assert csv_response.headers["content-type"].startswith("text/csv")
    assert "14,3,2,9,6,3,2,1,5,3,2" in csv_response.content.decode("utf-8-sig")


async def test_the_index_page_shows_rates_and_links_dossier_counts(
    report_client: Any,
) -> None:
    await sign_in(report_client, "baocao.tinh")
    page = await report_client.get("/reports/tindex766?period=2025-11&unit=stp")
    assert page.status_code == 200
    assert "63.64%" in page.text
    assert "N/A" in page.text
    numerator = next(
        link for link in links(page.text, "/reports/tindex766/cell?")
        if "indicator=timely" in link and "numerator" in link
    )  # fmt: skip
    assert count_shown((await report_client.get(numerator)).text) == 7


async def test_a_procedure_form_lists_procedures_behind_a_figure(
    report_client: Any,
) -> None:
    await sign_in(report_client, "baocao.tinh")
    page = await report_client.get("/reports/tii07a?period=2025")
    cells = links(page.text, "/reports/tii07a/cell?")
    cell = next(c for c in cells if "col=online_full" in c and "row=" not in c)
    listing = await report_client.get(cell)
    assert count_shown(listing.text) == 1
    assert PROVINCE_PROCEDURE in listing.text


# --- dashboard ----------------------------------------------------------------------


async def test_the_dashboard_draws_inline_charts_that_link_to_dossiers(
    report_client: Any,
) -> None:
    await sign_in(report_client, "lanhdao.anbinh")
    page = await report_client.get("/reports/dashboard?period=2025")
    assert page.status_code == 200
    html = page.text
    assert html.count("<svg") == 4
    svg = "".join(re.findall(r"<svg.*?</svg>", html, flags=re.S))
    assert re.findall(r"https?://[^\"']+", svg) == ["http://www.w3.org/2000/svg"] * 4
    assert "<script" not in svg
    assert "<image" not in svg
    bars = links(svg, "/reports/overview")
    assert bars
    assert all("unit=xa-an-binh" in b for b in bars)
    november_received = next(
        b for b in bars if "period=2025-11" in b and b.endswith("col=received")
    )
    # Q1 and Q2 were received in November at An Bình.
    assert count_shown((await report_client.get(november_received)).text) == 2


# --- snapshots, review, process -----------------------------------------------------


async def test_a_snapshot_taken_on_a_page_is_kept_and_shown_to_its_unit_only(
    report_client: Any,
) -> None:
    await sign_in(report_client, "quantri.anbinh")
    token = report_client.cookies.get("motcua_csrf", "")
    response = await report_client.post(
        "/reports/snapshots",
        data={"form": "tii06a", "period": "2025-11", "unit": "xa-an-binh",
              "note": "gửi tỉnh", "_csrf_token": token},
        follow_redirects=False,
    )  # fmt: skip
    assert response.status_code == 303
    location = response.headers["location"]
    shown = await report_client.get(location)
    assert shown.status_code == 200
    assert "gửi tỉnh" in shown.text
    assert "SHA-256" in shown.text
    sheet = load_workbook(
        io.BytesIO((await report_client.get(location + "/export")).content)
    ).active
    assert sheet["A5"].value.startswith("Kỳ báo cáo: Tháng 11/2025")
    listed = await report_client.get("/reports/snapshots")
    assert location in listed.text
    # Another unit's leader does not learn that the snapshot exists.
    report_client.cookies.clear()
    await sign_in(report_client, "lanhdao.stp")
    assert (await report_client.get(location)).status_code == 404


async def test_the_review_names_what_a_procedure_lacks(report_client: Any) -> None:
    await sign_in(report_client, "baocao.tinh")
    page = await report_client.get("/reports/review?unit=stp")
    row = re.search(
        rf'id="p-{re.escape(PROVINCE_PROCEDURE)}".*?</tr>', page.text, flags=re.S
    )
    assert row
    assert "Không có biểu mẫu điện tử" in row[0]


async def test_the_process_analysis_shows_steps_against_their_budget(
    report_client: Any,
) -> None:
    await sign_in(report_client, "baocao.tinh")
    page = await report_client.get(
        f"/reports/process?period=2025-11&unit=ubnd-tinh&procedure={PROVINCE_PROCEDURE}&lang=en"
    )
    assert page.status_code == 200
    lines = re.findall(r'<tr class="entry.*?</tr>', page.text, flags=re.S)
    receive = next(line for line in lines if ">Receive<" in line)
    cells = re.findall(r'<td class="num">([^<]*)</td>', receive)
    # Budget 4 h; passages C D E F F2 G L N1 N2 O P, all early.
    assert cells[0] == "4.00"
    assert cells[1] == "11"
    assert cells[-3:] == ["11", "0", "0"]


# --- pages in English, labels as text, snapshots of the index -----------------------


async def test_labels_from_a_province_s_yaml_are_shown_as_text(
    report_client: Any,
) -> None:
    await sign_in(report_client, "baocao.tinh")
    page = await report_client.get("/reports/tscript?period=2025-11")
    assert page.status_code == 200
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Biểu" in page.text
    assert "&lt;b&gt;A&lt;/b&gt;" in page.text


async def test_pages_speak_english_when_asked(report_client: Any) -> None:
    await sign_in(report_client, "baocao.tinh")
    page = await report_client.get("/reports/tii06a?period=2025-11&unit=stp&lang=en")
    assert "Situation and results of resolving administrative procedures" in page.text
    assert "Dossiers to resolve" in page.text
    assert "Month 11/2025" in page.text
    assert "Keep a snapshot" in page.text
    vietnamese = await report_client.get(
        "/reports/tii06a?period=2025-11&unit=stp&lang=vi"
    )
    assert "Lưu bản chốt số liệu" in vietnamese.text
    assert "Số hồ sơ nhận giải quyết" in vietnamese.text


async def test_an_index_snapshot_shows_the_kept_scores(report_client: Any) -> None:
    await sign_in(report_client, "baocao.tinh")
    token = report_client.cookies.get("motcua_csrf", "")
    response = await report_client.post(
        "/reports/snapshots",
        data={"form": "tindex766", "period": "2025-11", "unit": "stp",
              "_csrf_token": token},
        follow_redirects=False,
    )  # fmt: skip
    assert response.status_code == 303
    shown = await report_client.get(response.headers["location"])
    assert "63.64%" in shown.text
    # A kept index links to no live list: its figures may no longer match one.
    assert "/reports/tindex766/cell?" not in shown.text
    exported = await report_client.get(
        response.headers["location"] + "/export?format=csv"
    )
    assert "63.64%" in exported.content.decode("utf-8-sig")


async def test_a_snapshot_needs_a_valid_form_and_period(report_client: Any) -> None:
    await sign_in(report_client, "baocao.tinh")
    token = report_client.cookies.get("motcua_csrf", "")
    for data, status in (
        ({"form": "ii99", "period": "2025-11"}, 404),
        ({"form": "tii06a", "period": "2025-13"}, 400),
        ({"form": "tbroken", "period": "2025-11"}, 400),
    ):
        response = await report_client.post(
            "/reports/snapshots", data={**data, "_csrf_token": token}
        )
        assert response.status_code == status, data


async def test_snapshots_need_the_csrf_token(report_client: Any) -> None:
    await sign_in(report_client, "baocao.tinh")
    response = await report_client.post(
        "/reports/snapshots", data={"form": "tii06a", "period": "2025-11"}
    )
    assert response.status_code == 403


async def test_a_leader_s_dashboard_defaults_to_the_current_year_and_own_unit(
    report_client: Any,
) -> None:
    await sign_in(report_client, "lanhdao.stp")
    page = await report_client.get("/reports/dashboard")
    assert page.status_code == 200
    assert 'option value="stp" selected' in page.text
    assert "Sở Xây dựng" not in page.text  # another department is not offered


@pytest.fixture
async def many_dossiers() -> list[int]:
    """105 dossiers of one past month, resolved within it, so that no other
    test's month sees them (pages cut running and future periods at now).

    Written before the application starts: on PostgreSQL the running application
    holds the connection pool of its own event loop.
    """
    from core.dossiers.tables import Dossier, DossierHistory
    from tests.plugins.reporting.helpers import RUN, at

    received, resolved = at("2019-05-06", "08:00"), at("2019-05-07", "08:00")
    rows = [
        Dossier(
            code=f"P{RUN}-{n:04d}", procedure_code=PROVINCE_PROCEDURE,
            procedure_version=1, channel=1, status=9, unit_id="stc",
            receiving_unit_id="ttpvhcc", applicant_kind="citizen",
            applicant_name="Người thử nghiệm", applicant_identifier_kind="cccd",
            applicant_identifier="001099000000", submitted_at=received,
            received_at=received, due_at=at("2019-05-13"), finished_at=resolved,
            result_class="early", updated_at=resolved,
        )
        for n in range(105)
    ]  # fmt: skip
    ids = [r["id"] for r in await Dossier.insert(*rows)]
    await DossierHistory.insert(
        *(
            DossierHistory(dossier=i, at=received, action="receive", to_status=2)
            for i in ids
        ),
        *(
            DossierHistory(
                dossier=i, at=resolved, action="resolve", from_status=2, to_status=9
            )
            for i in ids
        ),
    )
    return ids


async def test_a_long_list_of_dossiers_is_paged(
    many_dossiers: list[int], report_client: Any
) -> None:
    from tests.plugins.reporting.helpers import RUN

    await sign_in(report_client, "baocao.tinh")
    url = "/reports/tii06a/cell?period=2019-05&unit=stc&col=resolved_early"
    first = await report_client.get(url)
    assert count_shown(first.text) == len(many_dossiers) == 105
    assert first.text.count('class="entry"') == 100
    following = links(first.text, "/reports/tii06a/cell?")
    second_page = next(link for link in following if "page=2" in link)
    second = await report_client.get(second_page)
    assert second.text.count('class="entry"') == 5
    assert "page=1" in "".join(links(second.text, "/reports/tii06a/cell?"))
    pattern = r"<code>(P" + RUN + r"-\d{4})</code>"
    codes = set(re.findall(pattern, first.text + second.text))
    assert len(codes) == 105
