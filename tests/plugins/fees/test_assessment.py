"""Assessing fees: fixed, per quantity, tiered, reductions, cases and stages."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from plugins.fees.assessment import AssessmentError, assess, form_value
from plugins.fees.schema import FeesSection


def schedule(*items: dict[str, Any], **extra: Any) -> FeesSection:
    """A schedule built from plain values, as YAML would give them."""
    return msgspec.convert(
        {"rule_version": 3, "legal_basis": "Thông tư 1/2026", "items": list(items)}
        | extra,
        FeesSection,
    )


FIXED = {"code": "phi", "name": "Phí thẩm định", "kind": "fee", "amount": 200000}
COPIES = {
    "code": "chung-thuc",
    "name": "Phí chứng thực bản sao",
    "kind": "fee",
    "per": {
        "field": "so_trang",
        "unit_amount": 2000,
        "then": [{"from_unit": 3, "unit_amount": 1000}],
        "max": 200000,
        "times_field": "so_ban",
    },
}
CAPITAL = {
    "code": "le-phi-dkkd",
    "name": "Lệ phí đăng ký",
    "kind": "charge",
    "tiers": {
        "field": "von",
        "bands": [
            {"upto": 1_000_000_000, "amount": 100000},
            {"upto": 10_000_000_000, "amount": 300000},
            {"amount": 500000},
        ],
    },
}


def test_a_fixed_fee_is_owed_in_full() -> None:
    result = assess(schedule(FIXED), {}, None, None)
    (line,) = result.lines
    assert (line.item, line.kind, line.amount, line.base_amount) == (
        "phi",
        "fee",
        200000,
        200000,
    )
    assert result.totals == {"fee": 200000, "charge": 0}
    assert result.total == 200000
    assert result.rule_version == "3"
    assert result.legal_basis == ["Thông tư 1/2026"]


@pytest.mark.parametrize(
    ("pages", "copies", "expected"),
    [
        (1, 1, 2000),
        (2, 1, 4000),
        (3, 1, 5000),  # from the third page on, 1.000 đ a page
        (10, 1, 12000),
        (10, 3, 36000),
        (500, 1, 200000),  # capped per copy
        (500, 2, 400000),  # the cap applies to each copy
        (0, 1, 0),
    ],
)
def test_certified_copies_are_priced_per_page_with_a_cap_per_copy(
    pages: int, copies: int, expected: int
) -> None:
    result = assess(schedule(COPIES), {"so_trang": pages, "so_ban": copies}, None, None)
    assert result.lines[0].amount == expected
    assert result.lines[0].quantity == pages


def test_a_minimum_applies_only_when_something_is_declared() -> None:
    item = {
        "code": "x",
        "name": "X",
        "kind": "fee",
        "per": {"field": "m2", "unit_amount": 100, "min": 50000},
    }
    assert assess(schedule(item), {"m2": 10}, None, None).total == 50000
    assert assess(schedule(item), {"m2": 1000}, None, None).total == 100000
    assert assess(schedule(item), {"m2": 0}, None, None).total == 0


def test_fractional_quantities_are_rounded_to_the_dong() -> None:
    item = {
        "code": "x",
        "name": "X",
        "kind": "fee",
        "per": {"field": "m2", "unit_amount": 3},
    }
    assert assess(schedule(item), {"m2": "10.5"}, None, None).total == 32  # 31.5 up


@pytest.mark.parametrize(
    ("capital", "expected"),
    [
        (0, 100000),
        (1_000_000_000, 100000),  # a value equal to 'upto' falls in that band
        (1_000_000_001, 300000),
        (10_000_000_000, 300000),
        (50_000_000_000, 500000),
    ],
)
def test_tiers_pick_the_band_the_value_falls_in(capital: int, expected: int) -> None:
    result = assess(schedule(CAPITAL), {"von": capital}, None, None)
    assert result.lines[0].amount == expected
    assert result.totals == {"fee": 0, "charge": expected}


def test_a_value_above_a_closed_last_band_is_refused() -> None:
    closed = {
        "code": "t",
        "name": "T",
        "kind": "fee",
        "tiers": {"field": "dien_tich", "bands": [{"upto": 100, "amount": 1}]},
    }
    with pytest.raises(AssessmentError) as refused:
        assess(schedule(closed), {"dien_tich": 101}, None, None)
    assert refused.value.field == "dien_tich"


REDUCED = FIXED | {
    "exemptions": [
        {
            "category": "sinh-vien",
            "percent": 50,
            "name": "Sinh viên",
            "evidence_component": "the-sv",
        },
        {"category": "tre-em", "percent": 100, "name": "Trẻ em"},
    ]
}


def test_a_reduction_halves_the_amount_and_names_its_evidence() -> None:
    result = assess(schedule(REDUCED), {}, "sinh-vien", None)
    (line,) = result.lines
    assert line.amount == 100000
    assert line.base_amount == 200000
    assert (line.exemption, line.percent, line.exemption_name) == (
        "sinh-vien",
        50,
        "Sinh viên",
    )
    assert result.evidence_required() == ["the-sv"]
    assert result.total == 100000


def test_a_waiver_leaves_nothing_to_pay() -> None:
    result = assess(schedule(REDUCED), {}, "tre-em", None)
    assert result.lines[0].amount == 0
    assert result.total == 0
    assert result.due_lines() == []
    assert result.evidence_required() == []


def test_another_category_pays_in_full() -> None:
    result = assess(schedule(REDUCED), {}, "nguoi-cao-tuoi", None)
    assert result.lines[0].amount == 200000
    assert result.lines[0].exemption is None


def test_reductions_round_to_the_nearest_dong() -> None:
    odd = {
        "code": "o",
        "name": "O",
        "kind": "fee",
        "amount": 5001,
        "exemptions": [{"category": "c", "percent": 50, "name": "C"}],
    }
    assert assess(schedule(odd), {}, "c", None).total == 2501


def test_items_limited_to_cases_apply_only_to_those_cases() -> None:
    verified = FIXED | {"code": "xac-minh", "amount": 50000, "cases": ["can-xac-minh"]}
    plain = assess(schedule(FIXED, verified), {}, None, "thong-thuong")
    assert [line.item for line in plain.lines] == ["phi"]
    checked = assess(schedule(FIXED, verified), {}, None, "can-xac-minh")
    assert [line.item for line in checked.lines] == ["phi", "xac-minh"]
    assert checked.total == 250000


def test_each_line_keeps_its_collection_stage_and_kinds_add_up_apart() -> None:
    on_return = {
        "code": "tra",
        "name": "Gửi trả",
        "kind": "charge",
        "amount": 30000,
        "collect": "on_return",
    }
    result = assess(schedule(FIXED, on_return), {}, None, None)
    assert [(line.item, line.collect) for line in result.lines] == [
        ("phi", "before"),
        ("tra", "on_return"),
    ]
    assert result.totals == {"fee": 200000, "charge": 30000}


def test_a_missing_quantity_refuses_a_filing_but_not_a_quote() -> None:
    with pytest.raises(AssessmentError) as refused:
        assess(schedule(FIXED, COPIES), {}, None, None)
    assert refused.value.field == "so_trang"
    partial = assess(schedule(FIXED, COPIES), {}, None, None, require_values=False)
    assert partial.complete is False
    assert partial.lines[1].amount is None
    assert partial.lines[1].needs == "so_trang"
    assert partial.total == 200000


@pytest.mark.parametrize("bad", ["mười", -1, True, "nan", "1e999999"])
def test_unusable_quantities_are_refused(bad: Any) -> None:
    with pytest.raises(AssessmentError):
        assess(schedule(COPIES), {"so_trang": bad, "so_ban": 1}, None, None)


def test_dotted_paths_reach_nested_form_values() -> None:
    assert form_value({"dat": {"dien_tich": 120}}, "dat.dien_tich") == 120
    assert form_value({"dat.dien_tich": 80}, "dat.dien_tich") == 80
    assert form_value({"dat": 5}, "dat.dien_tich") is None


def test_a_date_rule_version_is_kept_as_iso_text() -> None:
    import datetime as dt

    section = schedule(FIXED, rule_version=dt.date(2026, 7, 1))
    assert assess(section, {}, None, None).rule_version == "2026-07-01"


@given(
    amount=st.integers(min_value=0, max_value=10**9),
    percent=st.integers(min_value=1, max_value=100),
    pages=st.integers(min_value=0, max_value=10_000),
)
def test_totals_are_the_sum_of_lines_and_reductions_never_raise_amounts(
    amount: int, percent: int, pages: int
) -> None:
    reduced = {
        "code": "r",
        "name": "R",
        "kind": "charge",
        "amount": amount,
        "exemptions": [{"category": "c", "percent": percent, "name": "C"}],
    }
    section = schedule(reduced, COPIES)
    values = {"so_trang": pages, "so_ban": 1}
    full = assess(section, values, None, None)
    cut = assess(section, values, "c", None)
    assert cut.total == sum(line.amount or 0 for line in cut.lines)
    assert cut.lines[0].amount is not None
    assert 0 <= cut.lines[0].amount <= full.lines[0].amount == amount
    assert cut.lines[1].amount == full.lines[1].amount


ONLINE = FIXED | {
    "exemptions": [
        {"channel": "online", "percent": 50, "name": "Nộp trực tuyến"},
        {
            "category": "ho-ngheo",
            "channel": "online",
            "percent": 100,
            "name": "Hộ nghèo nộp trực tuyến",
        },
    ]
}


@pytest.mark.parametrize(
    ("category", "channel", "amount", "key"),
    [
        (None, "counter", 200000, None),
        (None, "online", 100000, "@online"),
        ("ho-ngheo", "counter", 200000, None),
        ("ho-ngheo", "online", 0, "ho-ngheo@online"),
        (None, None, 200000, None),
    ],
)
def test_reductions_may_depend_on_the_filing_channel(
    category: str | None, channel: str | None, amount: int, key: str | None
) -> None:
    result = assess(schedule(ONLINE), {}, category, None, channel=channel)
    assert result.lines[0].amount == amount
    assert result.lines[0].exemption == key
