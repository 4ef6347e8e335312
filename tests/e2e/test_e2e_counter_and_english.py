"""The counter's way in, with its printed receipt, and the interface in English."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from core.demo import sample_pdf
from tests.e2e import eform_answers

pytestmark = pytest.mark.browser


async def test_counter_filing_prints_the_receipt(person: Any) -> None:
    officer = await person()
    await officer.sign_in("tiepnhan.ttpvhcc")
    await officer.go("/staff")
    await officer.follow("a[href='/staff/intake']")
    # Live search narrows the procedures while typing.
    await officer.page.fill("#f-q", "ly lich")
    await officer.page.wait_for_function(
        "document.querySelectorAll('#procedure-list li').length === 1"
    )
    await officer.follow("a[href='/staff/intake/2.000488.H99']")
    await officer.page.fill("#f-applicant\\.name", "Hoàng Thị Mến")
    await officer.page.fill("#f-applicant\\.identifier", "001195002468")
    await officer.page.fill("#f-applicant\\.phone", "0987654321")
    await eform_answers.judicial_record(officer.page, "Hoàng Thị Mến", "001195002468")
    await officer.page.check("input[name='paper.to-khai']")
    await officer.page.fill("input[name='copies.giay-to-tuy-than']", "1")
    await officer.page.set_input_files(
        "input[name='file.to-khai']",
        {
            "name": "to-khai.pdf",
            "mimeType": "application/pdf",
            "buffer": sample_pdf("To khai"),
        },
    )
    await officer.screenshot("staff-intake")
    await officer.follow("#file-dossier")
    assert "Đã tiếp nhận hồ sơ" in await officer.text("h1")
    code = (await officer.text("#dossier-code")).strip()
    async with officer.page.context.expect_page() as opened:
        await officer.page.click("#print-receipt")
    receipt = await opened.value
    await receipt.wait_for_load_state()
    text = await receipt.inner_text("body")
    assert code in text
    assert "Hoàng Thị Mến" in text
    await officer.screenshot("staff-receipt-01", page=receipt)
    # The dossier is received, with its appointment, and waits at the first step.
    await officer.go(f"/staff/dossiers/{code}")
    assert await officer.text("#status") == "Được tiếp nhận"
    assert await officer.page.locator(".page-head .deadline.ok").count() == 1


async def test_an_english_walk_through(person: Any) -> None:
    visitor = await person(width=390, height=844)  # a phone
    await visitor.go("/")
    await visitor.follow("a.lang")
    assert "Administrative procedures, in one place" in await visitor.text("main")
    await visitor.follow("a.button[href='/procedures']")
    await visitor.page.fill("#f-q", "birth")
    await visitor.page.wait_for_function(
        "document.querySelector('#results .count-line').innerText.startsWith('1 ')"
    )
    await visitor.screenshot("portal-phone-en")
    await visitor.follow("a[href='/procedures/1.001193.H99']")
    assert "Birth registration" in await visitor.text("h1")
    assert "4 working hours" in await visitor.text("main")

    # Filing asks the visitor to sign in, then comes back to the form.
    await visitor.follow("a.button[href='/procedures/1.001193.H99/file']")
    assert "/login?next=/procedures/1.001193.H99/file" in visitor.page.url
    await visitor.page.fill("#f-username", "congdan")
    await visitor.page.fill("#f-password", "motcua-demo-2026")
    await visitor.follow("form[action='/login'] button[type=submit]")
    assert visitor.page.url.endswith("/procedures/1.001193.H99/file")
    # Forgetting to choose the commune brings the form back with the reason.
    await visitor.page.set_input_files(
        "input[name='file.to-khai']",
        {
            "name": "to-khai.pdf",
            "mimeType": "application/pdf",
            "buffer": sample_pdf("Declaration"),
        },
    )
    await visitor.follow("#file-dossier")
    assert "Choose where to file." in await visitor.text("#e-unit_id")
    assert await visitor.page.input_value("#f-applicant\\.name") == "Nguyễn Văn An"
    await visitor.page.select_option("#f-unit_id", label="An Binh Commune")
    born = (dt.date.today() - dt.timedelta(days=7)).isoformat()
    await eform_answers.birth(visitor.page, "Nguyễn Văn An", "001099012345", born)
    await visitor.page.set_input_files(
        "input[name='file.to-khai']",
        {
            "name": "to-khai.pdf",
            "mimeType": "application/pdf",
            "buffer": sample_pdf("Declaration"),
        },
    )
    await visitor.page.set_input_files(
        "input[name='file.giay-chung-sinh']",
        {
            "name": "giay-chung-sinh.pdf",
            "mimeType": "application/pdf",
            "buffer": sample_pdf("Hospital"),
        },
    )
    await visitor.follow("#file-dossier")
    assert "Your dossier was filed." in await visitor.text("main")
    assert await visitor.text("#status") == "Submitted online, awaiting receipt"
    code = (await visitor.text("h1 code")).strip()
    assert code.startswith("000.01.52.H99-")  # received by An Binh's service centre

    # Anyone can look it up with its code and the applicant's identifier.
    await visitor.follow("form[action='/logout'] button")
    await visitor.go(f"/lookup?code={code}")
    await visitor.page.fill("#f-secret", "001099012345")
    await visitor.follow("form[action='/lookup'] button[type=submit]")
    result = await visitor.text("#result")
    assert "Submitted online, awaiting receipt" in result
    assert "Birth registration" in result
    await visitor.screenshot("portal-lookup-en")
