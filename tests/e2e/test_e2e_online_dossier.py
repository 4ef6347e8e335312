"""A dossier's whole life online, in the browser, person by person.

A citizen files online with the e-form; the receiving officer receives it and asks
for the fee; the citizen pays through the sandbox gateway; the officer passes it on;
the specialist asks for a supplement; the citizen answers it; the specialist
forwards; the leader approves; the clerk issues the result; the receiving officer
hands it over; the citizen rates the service. At each stage the status, the deadline
and the timeline are checked where the people concerned see them.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import expect

from core.demo import sample_pdf
from tests.e2e import eform_answers

pytestmark = pytest.mark.browser

PROCEDURE = "2.000488.H99"


def _pdf(name: str) -> dict[str, Any]:
    return {"name": name, "mimeType": "application/pdf", "buffer": sample_pdf(name)}


async def act(user: Any, action: str, *, reason: str = "", officer: str = "") -> None:
    """Open an action's form on the staff dossier page, fill it, submit it."""
    page = user.page
    await page.click(f"#action-{action} summary")
    if officer:
        await page.select_option(
            f"#action-{action} select[name=assignee_id]", label=officer
        )
    if reason:
        await page.fill(f"#a-{action}-reason", reason)
    async with page.expect_navigation():
        await page.click(f"#action-{action} button[type=submit]")


async def open_from_inbox(user: Any, tab: str, code: str) -> None:
    """Find the dossier in an inbox tab by its code and open it."""
    await user.go(f"/staff?tab={tab}")
    await user.page.fill("#f-q", code)
    await user.follow("form.filters button[type=submit]")
    await user.follow(f"a[href='/staff/dossiers/{code}']")


async def timeline(user: Any) -> list[str]:
    """The action titles of the timeline, oldest first."""
    items = user.page.locator("ol.timeline > li strong")
    return [str(t) for t in await items.all_inner_texts()]


async def test_a_dossier_from_online_filing_to_rating(person: Any) -> None:
    citizen = await person()
    await citizen.sign_in("congdan")

    # The citizen finds the procedure and files online.
    await citizen.go("/procedures")
    await citizen.screenshot("portal-procedures", full_page=False)
    await citizen.page.fill("#f-q", "ly lich tu phap")
    await citizen.follow("form.filters .searchbar button")
    await expect(citizen.page.locator(".proc-list > li")).to_have_count(1)
    await citizen.follow(f"a[href='/procedures/{PROCEDURE}']")
    await citizen.screenshot("portal-procedure")
    await citizen.follow(f"a.button[href='/procedures/{PROCEDURE}/file']")
    assert await citizen.page.input_value("#f-applicant\\.name") == "Nguyễn Văn An"
    await eform_answers.judicial_record(citizen.page, "Nguyễn Văn An", "001099012345")
    await citizen.page.set_input_files(
        "input[name='file.to-khai']", _pdf("to-khai.pdf")
    )
    await citizen.screenshot("portal-filing")
    await citizen.follow("#file-dossier")
    assert "Hồ sơ của bạn đã được nộp." in await citizen.text("main")
    code = (await citizen.text("h1 code")).strip()
    assert await citizen.text("#status") == "Mới đăng ký"
    assert await timeline(citizen) == ["Nộp hồ sơ trực tuyến"]

    # The receiving officer receives it: the receipt clock, then the appointment.
    officer = await person()
    await officer.sign_in("tiepnhan.ttpvhcc")
    await officer.go("/staff?tab=pool")
    assert code in await officer.text("table.inbox")
    await officer.screenshot("staff-inbox")
    await open_from_inbox(officer, "pool", code)
    assert "(để tiếp nhận)" in await officer.text(".page-head .deadline")
    await act(officer, "receive")
    assert await officer.text("#status") == "Được tiếp nhận"
    assert await officer.page.locator(".page-head .deadline.ok").count() == 1
    assert "Bổ sung hồ sơ xin việc" in await officer.text("main")  # the e-form
    await act(officer, "request_payment")
    assert await officer.text("#status") == "Chờ thực hiện nghĩa vụ tài chính"

    # The citizen pays the fee online through the sandbox gateway.
    await citizen.go(f"/my/dossiers/{code}")
    await citizen.follow("#panel-payments_gateway a.button")
    assert "200.000 đ" in await citizen.text("main")
    await citizen.follow("form button[type=submit].button")
    await citizen.follow("button[value=pay]")
    await citizen.go(f"/my/dossiers/{code}")
    for _ in range(20):  # the gateway confirms server to server, just after
        if await citizen.text("#status") == "Đang xử lý":
            break
        await citizen.page.wait_for_timeout(500)
        await citizen.page.reload()
    assert await citizen.text("#status") == "Đang xử lý"
    assert "Đã thanh toán" in await citizen.text("main")

    await officer.go(f"/staff/dossiers/{code}")
    await act(officer, "forward", officer="Lê Văn Cường")
    assert await officer.text("#status") == "Đang xử lý"

    # The specialist asks for a supplement: the clock stops.
    specialist = await person()
    await specialist.sign_in("chuyenvien.stp")
    await open_from_inbox(specialist, "mine", code)
    await specialist.screenshot("staff-dossier", full_page=False)
    await act(
        specialist, "request_supplement", reason="Bổ sung bản chụp căn cước còn hạn."
    )
    assert await specialist.text("#status") == "Yêu cầu bổ sung"
    assert await specialist.page.locator(".page-head .deadline.paused").count() == 1

    # The citizen sees what is asked and answers it.
    await citizen.go("/my/dossiers")
    assert "Cần làm: bổ sung hồ sơ" in await citizen.text("main")
    await citizen.follow(f"a[href='/my/dossiers/{code}']")
    assert "Bổ sung bản chụp căn cước còn hạn." in await citizen.text("#supplement")
    await citizen.page.set_input_files(
        "#supplement input[name='file.giay-to-tuy-than']", _pdf("can-cuoc.pdf")
    )
    await citizen.page.fill("#supplement textarea[name=reason]", "Đã bổ sung bản chụp.")
    await citizen.follow("#supplement button[type=submit]")
    assert "Hồ sơ bổ sung đã được gửi." in await citizen.text("main")
    assert await citizen.text("#status") == "Đang xử lý"

    # The specialist forwards to the leader, who approves.
    await specialist.go(f"/staff/dossiers/{code}")
    assert await specialist.page.locator(".page-head .deadline.ok").count() == 1
    assert "can-cuoc.pdf" in await specialist.text("#h-components + ul")
    await act(specialist, "forward", officer="Phạm Thị Dung")
    leader = await person()
    await leader.sign_in("lanhdao.stp")
    await open_from_inbox(leader, "mine", code)
    await act(leader, "approve")

    # The clerk issues the result; the receiving officer hands it over.
    clerk = await person()
    await clerk.sign_in("vanthu.stp")
    await open_from_inbox(clerk, "pool", code)
    await act(clerk, "resolve")
    assert await clerk.text("#status") == "Đã xử lý xong"
    assert "Đã giải quyết" in await clerk.text(".page-head .deadline")
    await open_from_inbox(officer, "pool", code)
    await act(officer, "return_result")
    assert await officer.text("#status") == "Đã trả kết quả"
    assert await timeline(officer) == [
        "Nộp hồ sơ trực tuyến",
        "Tiếp nhận hồ sơ",
        "Yêu cầu nộp phí, lệ phí",
        "Xác nhận đã thanh toán",
        "Chuyển bước tiếp theo",
        "Yêu cầu bổ sung",
        "Đã nhận hồ sơ bổ sung",
        "Chuyển bước tiếp theo",
        "Phê duyệt",
        "Hoàn thành xử lý",
        "Trả kết quả",
    ]

    # The citizen rates the service.
    await citizen.go(f"/my/dossiers/{code}")
    assert await citizen.text("#status") == "Đã trả kết quả"
    await citizen.page.click("label[for=r-very_satisfied]")
    await citizen.follow("#rating button[type=submit]")
    assert "Cảm ơn bạn đã đánh giá." in await citizen.text("main")
    assert "Rất hài lòng" in await citizen.text("main")
    await citizen.screenshot("portal-my-dossier")
