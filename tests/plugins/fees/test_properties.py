"""Properties that hold for any schedule, quantity or receipt, checked on many."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from decimal import Decimal

import msgspec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.db import write_transaction
from core.i18n import TZ
from plugins.fees.assessment import assess
from plugins.fees.document import (
    Organisation,
    Payer,
    ReceiptDocument,
    ReceiptLine,
)
from plugins.fees.receipt_xml import build_receipt_xml, parse_receipt_xml
from plugins.fees.schema import FeesSection
from plugins.fees.series import current_series, next_number
from plugins.fees.settings import FeesSettings

prices = st.integers(min_value=0, max_value=100_000)
steps = st.lists(
    st.tuples(st.integers(min_value=2, max_value=50), prices), max_size=3
).map(lambda pairs: sorted(dict(pairs).items()))


def per_page(unit: int, then: list[tuple[int, int]], cap: int | None) -> FeesSection:
    rule: dict[str, object] = {
        "field": "q",
        "unit_amount": unit,
        "then": [{"from_unit": s, "unit_amount": p} for s, p in then],
    }
    if cap is not None:
        rule["max"] = cap
    return msgspec.convert(
        {
            "rule_version": 1,
            "legal_basis": "x",
            "items": [{"code": "i", "name": "I", "kind": "fee", "per": rule}],
        },
        FeesSection,
    )


@given(
    unit=prices,
    then=steps,
    cap=st.none() | st.integers(min_value=0, max_value=10**7),
    quantity=st.decimals(min_value=0, max_value=10_000, places=2),
    more=st.decimals(min_value=0, max_value=100, places=2),
)
def test_an_amount_per_quantity_never_falls_as_the_quantity_grows(
    unit: int,
    then: list[tuple[int, int]],
    cap: int | None,
    quantity: Decimal,
    more: Decimal,
) -> None:
    section = per_page(unit, then, cap)
    low = assess(section, {"q": str(quantity)}, None, None).total
    high = assess(section, {"q": str(quantity + more)}, None, None).total
    assert 0 <= low <= high
    if cap is not None:
        assert high <= cap
    highest = max([unit, *(price for _, price in then)])
    assert high <= highest * (quantity + more) + 1  # one đồng of rounding


@given(pages=st.integers(min_value=0, max_value=1000), copies=st.integers(0, 20))
def test_copies_multiply_the_capped_amount(pages: int, copies: int) -> None:
    section = msgspec.convert(
        {
            "rule_version": 1,
            "legal_basis": "x",
            "items": [
                {
                    "code": "c",
                    "name": "C",
                    "kind": "fee",
                    "per": {
                        "field": "p",
                        "unit_amount": 2000,
                        "then": [{"from_unit": 3, "unit_amount": 1000}],
                        "max": 200000,
                        "times_field": "n",
                    },
                }
            ],
        },
        FeesSection,
    )
    one = assess(section, {"p": pages, "n": 1}, None, None).total
    many = assess(section, {"p": pages, "n": copies}, None, None).total
    assert many == one * copies
    expected = min(2000 * min(pages, 2) + 1000 * max(pages - 2, 0), 200000)
    assert one == expected


# XML 1.0 cannot hold control characters or lone surrogates; everything else goes.
texts = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufffe\uffff"
    ),
    max_size=40,
)


@given(
    name=texts,
    address=texts,
    item=texts,
    amount=st.integers(min_value=0, max_value=10**12),
    lines=st.integers(min_value=1, max_value=4),
    extra=st.dictionaries(
        st.text("abcdefgh_", min_size=1, max_size=8),
        texts | st.integers() | st.booleans(),
        max_size=3,
    ),
)
def test_any_receipt_survives_its_xml_copy(
    name: str,
    address: str,
    item: str,
    amount: int,
    lines: int,
    extra: dict[str, object],
) -> None:
    document = ReceiptDocument(
        template_symbol="01BLP0-001",
        series_symbol="AA-26E",
        number="0000001",
        kind="charge",
        issued_at=dt.datetime(2026, 1, 1, 7, 0, tzinfo=TZ),
        collector=Organisation(unit_id="stp", name=name, tax_code="", address=address),
        payer=Payer(name=name, address=address, identifier=""),
        dossier_code="X",
        procedure_code="Y",
        item_name=item,
        lines=[
            ReceiptLine(item=f"i{n}", name=item, amount=amount) for n in range(lines)
        ],
        amount=amount * lines,
        amount_in_words="",
        method="online",
        confirmation=extra,
    )
    back = parse_receipt_xml(build_receipt_xml(document))
    # ElementTree reads an empty element's text as "", like an empty string.
    assert back == document


@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    plan=st.lists(
        st.tuples(st.integers(0, 2), st.sampled_from(["fee", "charge"])),
        min_size=1,
        max_size=24,
    )
)
def test_interleaved_issues_number_each_series_from_one_without_gaps(
    plan: list[tuple[int, str]],
) -> None:
    units = [f"p-{uuid.uuid4().hex[:8]}" for _ in range(3)]
    now = dt.datetime(2026, 5, 5, 10, 0, tzinfo=TZ)
    config = FeesSettings()

    async def issue(unit: str, kind: str) -> tuple[str, str, int]:
        async with write_transaction():
            series = await current_series(config, unit, kind, now)
            number = await next_number(series["id"])
            await asyncio.sleep(0)
        return unit, kind, number

    async def run() -> list[tuple[str, str, int]]:
        from core.db import get_engine

        get_engine()  # the engine exists before the loop starts issuing
        return await asyncio.gather(*(issue(units[u], k) for u, k in plan))

    issued = asyncio.run(run())
    for unit in units:
        for kind in ("fee", "charge"):
            numbers = sorted(n for u, k, n in issued if (u, k) == (unit, kind))
            assert numbers == list(range(1, len(numbers) + 1))
