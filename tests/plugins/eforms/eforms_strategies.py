"""Hypothesis strategies for data that follows every rule of forms/residence.yaml."""

from __future__ import annotations

import datetime as dt
from typing import Any

import phonenumbers
from hypothesis import strategies as st

from core.identifiers import CCCD_PROVINCE_CODES
from tests.plugins.eforms.eforms_support import TODAY

LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạếềểễệốồổỗộớờởỡợứừửữựíìỉĩịýỳỷỹỵ"
words = st.text(alphabet=LETTERS + LETTERS.upper(), min_size=1, max_size=12)
names = st.lists(words, min_size=1, max_size=5).map(" ".join)
MOBILE_PREFIXES = [
    "090",
    "091",
    "093",
    "094",
    "096",
    "097",
    "098",
    "086",
    "088",
    "032",
    "070",
]


def dates(low: dt.date, high: dt.date) -> st.SearchStrategy[str]:
    def spell(day: dt.date, slashed: bool) -> str:
        return day.strftime("%d/%m/%Y") if slashed else day.isoformat()

    return st.builds(spell, st.dates(min_value=low, max_value=high), st.booleans())


cccds = st.builds(
    lambda province, rest: province + rest,
    st.sampled_from(sorted(CCCD_PROVINCE_CODES)),
    st.text(alphabet="0123456789", min_size=9, max_size=9),
)
phones = st.builds(
    lambda prefix, rest: prefix + rest,
    st.sampled_from(MOBILE_PREFIXES),
    st.text(alphabet="0123456789", min_size=7, max_size=7),
).filter(lambda number: phonenumbers.is_valid_number(phonenumbers.parse(number, "VN")))
emails = st.builds(
    lambda user, host: f"{user}@{host}.vn",
    st.text(
        alphabet="abcdefghijklmnopqrstuvwxyz0123456789._", min_size=1, max_size=20
    ).filter(lambda user: not user.startswith(".")),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=12),
)
money = st.integers(min_value=0, max_value=1_000_000_000)


@st.composite
def members(draw: st.DrawFn, born_before: dt.date) -> dict[str, Any]:
    member: dict[str, Any] = {
        "full_name": draw(names),
        "relation": draw(st.sampled_from(["head", "spouse", "child", "other"])),
    }
    if member["relation"] == "other":
        member["relation_note"] = draw(names)
    if draw(st.booleans()):
        last = born_before - dt.timedelta(days=1)
        member["birth_date"] = draw(dates(dt.date(1900, 1, 1), last))
    if draw(st.booleans()):
        member["ethnic_group"] = draw(
            st.sampled_from([f"{n:02d}" for n in range(1, 55)])
        )
    member["income"] = draw(
        st.one_of(money, money.map(lambda n: f"{n:,}".replace(",", ".")))
    )
    member["is_student"] = draw(st.sampled_from([True, False, "on", "false"]))
    return member


@st.composite
def valid_forms(draw: st.DrawFn) -> dict[str, Any]:
    notify = draw(st.booleans())
    data: dict[str, Any] = {
        "full_name": draw(names),
        "cccd": draw(cccds),
        "birth_date": draw(dates(dt.date(1900, 1, 1), TODAY)),
        "gender": draw(st.sampled_from(["1", "2"])),
        "notify_by_email": notify,
        "home": {
            "province": "99",
            "commune": draw(st.sampled_from(["xa-an-binh", "phuong-1", "xa-tan-phu"])),
            "street": draw(names),
        },
        "reason": draw(st.sampled_from(["move", "marriage", "other"])),
        "pledge": True,
    }
    if notify or draw(st.booleans()):
        data["email"] = draw(emails)
    if draw(st.booleans()):
        data["phone"] = draw(phones)
    if draw(st.booleans()):
        data["postcode"] = draw(st.text(alphabet="0123456789", min_size=6, max_size=6))
    moved_on = draw(st.dates(min_value=dt.date(1950, 1, 1), max_value=TODAY))
    if data["reason"] == "other":
        data["reason_detail"] = draw(names.filter(lambda text: len(text) >= 10))
    else:
        data["moved_on"] = moved_on.isoformat()
        if draw(st.booleans()):
            data["fee_paid_on"] = draw(dates(moved_on, TODAY))
    data["services"] = draw(
        st.lists(
            st.sampled_from(["water", "power", "internet"]), max_size=2, unique=True
        )
    )
    people = draw(st.lists(members(moved_on), min_size=1, max_size=10))
    data["members"] = people
    total = sum(int(str(m["income"]).replace(".", "")) for m in people)
    data["total_income"] = draw(st.sampled_from([total, str(total), f"{total:,} đ"]))
    area = draw(st.decimals(min_value=0, max_value=100_000, places=2))
    data["area"] = draw(st.sampled_from([str(area), str(area).replace(".", ","), area]))
    data["rooms"] = draw(st.integers(min_value=1, max_value=50))
    return data
