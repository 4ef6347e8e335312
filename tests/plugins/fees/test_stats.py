"""Collection statistics equal the sum of the issued receipts behind them."""

from __future__ import annotations

import datetime as dt
import uuid

from core.dossiers.service import DossierService
from core.i18n import TZ
from core.permissions import Actor
from plugins.fees.collection import collect_at_counter, record_online_payment
from plugins.fees.corrections import cancel_receipt
from plugins.fees.stats import Tally, collected
from plugins.fees.tables import Receipt
from tests.plugins.fees.conftest import awaiting_payment


def today() -> dt.date:
    return dt.datetime.now(TZ).date()


def around_today() -> tuple[dt.date, dt.date]:
    """A period surely holding every receipt this run issues, midnight or not."""
    return today() - dt.timedelta(days=1), today() + dt.timedelta(days=1)


def as_dict(tallies: list[Tally]) -> dict[str, tuple[int, int]]:
    return {t.key: (t.count, t.amount) for t in tallies}


async def test_statistics_match_the_issued_receipts(
    service: DossierService, officer: Actor, cashier: Actor
) -> None:
    before = await collected("ubnd-tinh", *around_today())

    cash = await awaiting_payment(service, officer, case="can-xac-minh", extra_copies=1)
    await collect_at_counter(cash.id, method="cash", actor=cashier)
    online = await awaiting_payment(service, officer)
    await record_online_payment(online.id, 200000, f"T{uuid.uuid4().hex}")
    mistaken = await awaiting_payment(service, officer)
    wrong = await collect_at_counter(mistaken.id, method="transfer", actor=cashier)
    await cancel_receipt(wrong.receipts[0].id, "Thu nhầm", cashier)

    after = await collected("ubnd-tinh", *around_today())

    # cash: 205.000 fee + 30.000 charge; online: 200.000; the cancelled one: nothing
    assert after.total - before.total == 435000
    assert after.receipts - before.receipts == 3
    issued = await Receipt.select(Receipt.amount).where(Receipt.status == "issued")
    assert after.total == sum(r["amount"] for r in issued)
    for breakdown in (after.by_unit, after.by_method, after.by_kind, after.by_channel):
        assert sum(t.amount for t in breakdown) == after.total
    assert sum(t.amount for t in after.by_item) == after.total
    grew = {
        key: (
            count - as_dict(before.by_item).get(key, (0, 0))[0],
            amount - as_dict(before.by_item).get(key, (0, 0))[1],
        )
        for key, (count, amount) in as_dict(after.by_item).items()
    }
    assert grew["phi-lltp"] == (2, 400000)
    assert grew["phieu-them"] == (1, 5000)
    assert grew["le-phi-tra"] == (1, 30000)
    methods = as_dict(after.by_method)
    old_methods = as_dict(before.by_method)
    assert methods["online"][1] - old_methods.get("online", (0, 0))[1] == 200000
    assert methods.get("transfer", (0, 0)) == old_methods.get("transfer", (0, 0))
    assert as_dict(after.by_channel).keys() <= {"counter", "online", "post"}


async def test_statistics_are_limited_to_the_subtree_and_the_period(
    service: DossierService, officer: Actor, cashier: Actor
) -> None:
    dossier = await awaiting_payment(service, officer)
    await collect_at_counter(dossier.id, method="cash", actor=cashier)
    department = await collected("stp", *around_today())
    assert department.total > 0
    assert {t.key for t in department.by_unit} == {"stp"}
    commune = await collected("xa-an-binh", *around_today())
    assert (commune.total, commune.receipts) == (0, 0)
    past = await collected("stp", dt.date(2020, 1, 1), dt.date(2020, 12, 31))
    assert past.total == 0
    unknown = await collected("khong-co-don-vi", *around_today())
    assert unknown.total == 0
