"""The paper/electronic mismatch list of a unit's open dossiers."""

from __future__ import annotations

from typing import Any

from core.demo import sample_pdf
from core.dossiers.attachments import add_attachment
from core.dossiers.filing import Upload
from tests.conftest import unique
from tests.core.web.conftest import Desk, signed_in


async def test_paper_without_scan_is_listed_until_digitised(
    client: Any, desk: Desk
) -> None:
    record = await desk.file_counter(unique("Người nộp "))
    await signed_in(client, "tiepnhan.ttpvhcc")
    page = await client.get("/staff/mismatches", params={"lang": "en"})
    assert page.status_code == 200
    row = page.text.split(record.code, 2)[2].split("</tr>")[0]
    assert "Paper received, not digitised" in row
    await add_attachment(
        desk.service,
        record.id,
        Upload(filename="scan.pdf", data=sample_pdf("Scan"), component_code="to-khai"),
        await desk.actor("tiepnhan.ttpvhcc"),
    )
    after = await client.get("/staff/mismatches")
    assert record.code not in after.text


async def test_other_units_and_the_public_do_not_see_the_list(
    client: Any, desk: Desk
) -> None:
    record = await desk.file_counter(unique("Người nộp "))
    await signed_in(client, "motcua.anbinh")
    assert record.code not in (await client.get("/staff/mismatches")).text
    await signed_in(client, "congdan")
    assert (await client.get("/staff/mismatches")).status_code == 403
