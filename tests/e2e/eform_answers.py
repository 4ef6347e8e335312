"""Filling the demo province's e-forms in the browser, as a person types them.

Inputs are named after their data path and identified as ``ef-<path>`` with every
run of other characters replaced by ``-``; choices of up to four options are radio
buttons numbered from 0, longer lists are selects. The page's own script shows
conditional fields and filters communes by province, so each step waits for the
input it needs.
"""

from __future__ import annotations

from typing import Any

ADDRESS = {"province": "99", "commune": "phuong-1", "street": "12 Đường Lê Lợi"}


async def _address(page: Any, key: str) -> None:
    await page.select_option(f"#ef-{key}-province", ADDRESS["province"])
    await page.select_option(f"#ef-{key}-commune", ADDRESS["commune"])
    await page.fill(f"#ef-{key}-street", ADDRESS["street"])


async def judicial_record(page: Any, name: str, cccd: str) -> None:
    """Answer the request for a judicial record certificate (tk-lltp)."""
    await page.fill("#ef-full_name", name)
    await page.check("#ef-gender-0")
    await page.fill("#ef-birth_date", "1999-05-12")
    await page.fill("#ef-birth_place", "Tỉnh Demo")
    await page.select_option("#ef-nationality", "VN")
    await page.select_option("#ef-ethnic_group", "01")
    await page.check("#ef-id_kind-0")
    await page.fill("#ef-cccd", cccd)
    await page.fill("#ef-id_issued_on", "2021-06-01")
    await _address(page, "permanent_address")
    await page.fill("#ef-phone", "0912345678")
    await page.fill("#ef-residence_history-0-from_date", "2013-06-01")
    await page.fill("#ef-residence_history-0-place", "12 Đường Lê Lợi, phường 1")
    await page.check("#ef-has_conviction-0")
    await page.check("#ef-certificate_type-0")
    await page.fill("#ef-purpose", "Bổ sung hồ sơ xin việc")
    await page.check("#ef-pledge")


async def birth(page: Any, mother: str, cccd: str, child_born: str) -> None:
    """Answer the birth registration declaration (tk-khai-sinh)."""
    await page.fill("#ef-requester_name", mother)
    await page.fill("#ef-requester_cccd", cccd)
    await page.check("#ef-requester_relation-1")  # the mother
    await page.fill("#ef-requester_phone", "0912345678")
    await page.fill("#ef-child_name", "Nguyễn Minh Khang")
    await page.check("#ef-child_gender-0")
    await page.fill("#ef-child_birth_date", child_born)
    await page.check("#ef-birth_place_kind-0")  # a health facility
    await page.fill("#ef-health_facility", "Bệnh viện Đa khoa tỉnh Demo")
    await _address(page, "birth_place")
    await page.select_option("#ef-child_ethnic_group", "01")
    await page.select_option("#ef-child_nationality", "VN")
    await page.fill("#ef-hometown", "Xã An Bình, tỉnh Demo")
    await page.fill("#ef-mother_name", mother)
    await page.fill("#ef-mother_birth_date", "1999-05-12")
    await page.select_option("#ef-mother_ethnic_group", "01")
    await page.select_option("#ef-mother_nationality", "VN")
    await page.fill("#ef-mother_cccd", cccd)
    await _address(page, "mother_residence")
    await page.check("#ef-pledge")
