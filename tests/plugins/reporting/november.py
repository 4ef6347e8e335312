"""A hand-built month of dossiers (November 2025) covering every edge of the rules.

Each dossier is named by a letter; the comment says where it must be counted in
form II.06a for November 2025 (period [2025-11-01 00:00, 2025-12-01 00:00) local
time). The expected tables of the tests are worked out from these comments, by hand.

Department of Justice (stp), test procedure of the province level:

- A carried over (received 20/10), resolved early on 03/11; rated very satisfied;
  an electronic result.
- B carried over (received 01/10), still pending, overdue since 08/10.
- C online, received 25/11, pending within its deadline (02/12); components
  uploaded and reused.
- D counter, received 10/11, resolved exactly on its appointment (14/11 17:00):
  on time; rated not satisfied; fees paid online.
- E by post, received 03/11, resolved late on 12/11; fees paid in cash.
- F counter, received 17/11, supplement requested 20/11 before its appointment,
  still paused at the end: within its deadline.
- F2 counter, received 03/11, supplement requested 12/11 after its appointment,
  still paused at the end: overdue.
- G online, received 04/11, withdrawn 06/11: received, neither resolved nor pending.
- H online, refused at receipt 05/11: counted nowhere.
- I counter, received 05/11 and refused an hour later: received, closed.
- J carried over (received 27/10), stopped 13/11: closed.
- K counter, received at 01/12 00:00 exactly: after the period.
- L counter, received at 01/11 00:00 exactly, resolved early 05/11; rated satisfied.
- M received 01/10, resolved 30/10, returned 03/11: before the period.
- N2 counter, received 24/11 at stp, transferred to sxd on 02/12: at stp at the end,
  pending within its deadline (01/12 09:00).
- O counter, received 03/11, two supplement requests, resolved on time 12/11: on
  time for the form, late for the index.
- P counter, received 20/11, resolved early 25/11, returned 02/12.

Department of Construction (sxd):

- N1 counter, received 06/11 at stp, transferred to sxd 07/11, pending and overdue
  (due 13/11).

Communes, test procedure of the commune level:

- Q1 xa-an-binh, counter, received 10/11 09:00, due 17/11 09:00, resolved early
  11/11 09:00 (8 working hours of 40 allowed).
- Q2 xa-an-binh, online, received 26/11, pending within its deadline (03/12).
- Q3 xa-tan-phu, counter, received 15/10, pending and overdue (due 22/10).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.calendar import WorkingCalendar
from tests.plugins.reporting.helpers import (
    COMMUNE_PROCEDURE,
    Step,
    add_component,
    add_dossier,
    add_rating,
    add_result_file,
    at,
    counter_life,
    online_life,
    resolve,
)

_BUILT: dict[str, dict[str, int]] = {}


def _pause(moment: dt.datetime) -> Step:
    return Step("request_supplement", 4, 5, moment, from_step="xu-ly", to_step="xu-ly")


def _resume(moment: dt.datetime) -> Step:
    return Step("resume", 5, 4, moment, from_step="xu-ly", to_step="xu-ly")


async def november(calendar: WorkingCalendar) -> dict[str, int]:
    """Write the month once per run and return the dossier ids by letter."""
    if "ids" in _BUILT:
        return _BUILT["ids"]
    ids: dict[str, int] = {}

    async def add(name: str, **kwargs: Any) -> None:
        ids[name], _code = await add_dossier(**kwargs)

    await add(
        "A",
        status=10,
        due=at("2025-11-05", "17:00"),
        result_class="early",
        finished=at("2025-11-03", "10:00"),
        steps=[
            *counter_life(at("2025-10-20")),
            resolve(at("2025-11-03", "10:00")),
            Step("return_result", 9, 10, at("2025-11-04", "08:00")),
        ],
    )
    await add("B", status=4, due=at("2025-10-08"), steps=counter_life(at("2025-10-01")))
    await add(
        "C",
        channel=2,
        status=4,
        due=at("2025-12-02"),
        steps=online_life(at("2025-11-24", "20:00"), at("2025-11-25")),
    )
    await add(
        "D",
        status=9,
        due=at("2025-11-14", "17:00"),
        result_class="on_time",
        finished=at("2025-11-14", "17:00"),
        steps=[
            *counter_life(at("2025-11-10", "08:00")),
            Step("confirm_payment", 4, 4, at("2025-11-11"), {"method": "online"}),
            resolve(at("2025-11-14", "17:00")),
        ],
    )
    await add(
        "E",
        channel=3,
        status=9,
        due=at("2025-11-10", "08:00"),
        result_class="late",
        finished=at("2025-11-12"),
        steps=[
            *counter_life(at("2025-11-03", "08:00")),
            Step("confirm_payment", 4, 4, at("2025-11-04"), {"method": "cash"}),
            resolve(at("2025-11-12")),
        ],
    )
    f_received, f_paused = at("2025-11-17", "08:00"), at("2025-11-20", "10:00")
    f_due = calendar.due_time(f_received, 5, "working_days")
    f_resumed = at("2025-12-03")
    await add(
        "F",
        status=4,
        supplements=1,
        due=calendar.shift_for_pause(f_due, f_paused, f_resumed),
        steps=[*counter_life(f_received), _pause(f_paused), _resume(f_resumed)],
    )
    f2_received, f2_paused = at("2025-11-03", "08:00"), at("2025-11-12")
    f2_due = calendar.due_time(f2_received, 5, "working_days")
    f2_resumed = at("2025-12-02", "10:00")
    await add(
        "F2",
        status=4,
        supplements=1,
        due=calendar.shift_for_pause(f2_due, f2_paused, f2_resumed),
        steps=[*counter_life(f2_received), _pause(f2_paused), _resume(f2_resumed)],
    )
    await add(
        "G",
        channel=2,
        status=7,
        due=at("2025-11-11"),
        steps=[
            *online_life(at("2025-11-03", "22:00"), at("2025-11-04")),
            Step("withdraw", 4, 7, at("2025-11-06", "10:00")),
        ],
    )
    await add(
        "H",
        channel=2,
        status=3,
        steps=[
            Step("submit", None, 1, at("2025-11-05", "08:00")),
            Step("refuse", 1, 3, at("2025-11-05")),
        ],
    )
    await add(
        "I",
        status=3,
        due=at("2025-11-12"),
        steps=[
            Step("receive", None, 2, at("2025-11-05")),
            Step("refuse", 2, 3, at("2025-11-05", "10:00")),
        ],
    )
    await add(
        "J",
        status=8,
        due=at("2025-11-03"),
        steps=[
            *counter_life(at("2025-10-27")),
            Step("stop", 4, 8, at("2025-11-13", "10:00")),
        ],
    )
    await add(
        "K",
        status=4,
        due=at("2025-12-08"),
        steps=counter_life(at("2025-12-01", "00:00")),
    )
    await add(
        "L",
        status=9,
        due=at("2025-11-07", "17:00"),
        result_class="early",
        finished=at("2025-11-05", "10:00"),
        steps=[
            *counter_life(at("2025-11-01", "00:00")),
            resolve(at("2025-11-05", "10:00")),
        ],
    )
    await add(
        "M",
        status=10,
        due=at("2025-10-08"),
        result_class="on_time",
        finished=at("2025-10-30", "10:00"),
        steps=[
            *counter_life(at("2025-10-01")),
            resolve(at("2025-10-30", "10:00")),
            Step("return_result", 9, 10, at("2025-11-03")),
        ],
    )
    await add(
        "N1",
        unit="sxd",
        status=4,
        due=at("2025-11-13"),
        steps=[
            *counter_life(at("2025-11-06")),
            Step("transfer", 4, 4, at("2025-11-07", "10:00"), {"from_unit": "stp"}),
        ],
    )
    await add(
        "N2",
        unit="sxd",
        status=4,
        due=at("2025-12-01"),
        steps=[
            *counter_life(at("2025-11-24")),
            Step("transfer", 4, 4, at("2025-12-02"), {"from_unit": "stp"}),
        ],
    )
    await add(
        "O",
        status=9,
        due=at("2025-11-14", "16:00"),
        result_class="on_time",
        finished=at("2025-11-12", "16:00"),
        supplements=2,
        steps=[
            *counter_life(at("2025-11-03")),
            _pause(at("2025-11-04")),
            _resume(at("2025-11-05")),
            _pause(at("2025-11-06")),
            _resume(at("2025-11-07")),
            resolve(at("2025-11-12", "16:00")),
        ],
    )
    await add(
        "P",
        status=10,
        due=at("2025-11-27"),
        result_class="early",
        finished=at("2025-11-25", "10:00"),
        steps=[
            *counter_life(at("2025-11-20")),
            resolve(at("2025-11-25", "10:00")),
            Step("return_result", 9, 10, at("2025-12-02")),
        ],
    )
    await add(
        "Q1",
        procedure=COMMUNE_PROCEDURE,
        unit="xa-an-binh",
        status=9,
        due=at("2025-11-17"),
        result_class="early",
        finished=at("2025-11-11"),
        steps=[*counter_life(at("2025-11-10")), resolve(at("2025-11-11"))],
    )
    await add(
        "Q2",
        procedure=COMMUNE_PROCEDURE,
        unit="xa-an-binh",
        channel=2,
        status=4,
        due=at("2025-12-03"),
        steps=online_life(at("2025-11-25", "21:00"), at("2025-11-26")),
    )
    await add(
        "Q3",
        procedure=COMMUNE_PROCEDURE,
        unit="xa-tan-phu",
        status=4,
        due=at("2025-10-22"),
        steps=counter_life(at("2025-10-15")),
    )
    await add_rating(ids["A"], "very_satisfied", at("2025-11-04"))
    await add_rating(ids["D"], "not_satisfied", at("2025-11-15"))
    await add_rating(ids["L"], "satisfied", at("2025-11-06"))
    await add_result_file(ids["A"], at("2025-11-03", "10:00"))
    await add_component(ids["C"], "don", "uploaded")
    await add_component(ids["C"], "giay-to", "reused")
    await add_component(ids["O"], "don", None)
    _BUILT["ids"] = ids
    return ids
