"""The sandbox's callback delivery: retried when unanswered, bounded, recorded.

A stand-in Motcua built with ``httpx.MockTransport`` answers each attempt as the
test says; the sandbox must stop at the first final answer, retry a missing
answer or a 99, give up after its last attempt, and record every attempt.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from typing import Any

import httpx
import msgspec
import pytest

from plugins.payments_gateway.protocols import paygov
from plugins.payments_gateway.sandbox import delivery, ledger
from tests.plugins.payments_gateway.conftest import BASE_URL, PAYGOV_SECRET

NOW = dt.datetime(2026, 12, 3, 2, 0, tzinfo=dt.UTC)


def answers(
    *replies: httpx.Response | Exception,
) -> tuple[httpx.MockTransport, list[httpx.Request]]:
    """A Motcua that gives ``replies`` in turn, keeping the requests."""
    queue: Iterator[httpx.Response | Exception] = iter(replies)
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        reply = next(queue)
        if isinstance(reply, Exception):
            raise reply
        return reply

    return httpx.MockTransport(handle), seen


def rsp(code: str) -> httpx.Response:
    return httpx.Response(200, json={"RspCode": code, "Message": "x"})


async def booked(gateway: str = "vnpay") -> ledger.SandboxRecord:
    return await ledger.open_transaction(
        gateway=gateway,
        merchant_ref=f"MCDELIVERY{gateway}",
        amount=1000,
        request={},
        now=NOW,
        expires_at=None,
    )


async def recorded(record: ledger.SandboxRecord) -> ledger.SandboxRecord:
    found = await ledger.by_transaction_no(record.gateway, record.transaction_no)
    assert found is not None
    return found


@pytest.mark.parametrize("final", ["00", "01", "02", "04", "97"])
async def test_a_final_answer_ends_the_delivery(
    pay_client: Any, rt: Any, final: str
) -> None:
    transport, seen = answers(rsp(final))
    record = await booked()

    code = await delivery.deliver_ipn(
        dataclasses.replace(rt, transport=transport), record.id, {"vnp_TxnRef": "X"}
    )

    assert code == final
    assert len(seen) == 1
    assert seen[0].url.path == "/payments/vnpay/ipn"
    assert seen[0].url.params["vnp_TxnRef"] == "X"
    assert str(seen[0].url).startswith(BASE_URL)
    stored = await recorded(record)
    assert (stored.deliveries, stored.delivered_code) == (1, final)


async def test_a_99_a_server_error_and_no_answer_are_retried(
    pay_client: Any, rt: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(delivery, "RETRY_DELAYS", (0.0, 0.0, 0.0))
    transport, seen = answers(
        rsp("99"),
        httpx.Response(502),
        httpx.ConnectError("refused"),
        rsp("00"),
    )
    record = await booked()

    code = await delivery.deliver_ipn(
        dataclasses.replace(rt, transport=transport), record.id, {}
    )

    assert code == "00"
    assert len(seen) == 4
    stored = await recorded(record)
    assert (stored.deliveries, stored.delivered_code) == (4, "00")


async def test_delivery_gives_up_after_its_last_attempt(
    pay_client: Any, rt: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(delivery, "RETRY_DELAYS", (0.0,) * 4)
    transport, seen = answers(*(rsp("99") for _ in range(10)))
    record = await booked()

    code = await delivery.deliver_ipn(
        dataclasses.replace(rt, transport=transport), record.id, {}
    )

    assert code == "99"
    assert len(seen) == 5
    stored = await recorded(record)
    assert stored.deliveries == 5


async def test_the_pauses_grow_between_attempts(
    pay_client: Any, rt: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    pauses: list[float] = []

    async def pause(seconds: float) -> None:
        pauses.append(seconds)

    monkeypatch.setattr(delivery, "RETRY_DELAYS", (0.5, 1.0, 2.0, 4.0))
    monkeypatch.setattr(delivery, "sleep", pause)
    transport, _seen = answers(*(httpx.Response(503) for _ in range(5)))
    record = await booked()

    await delivery.deliver_ipn(
        dataclasses.replace(rt, transport=transport), record.id, {}
    )

    assert pauses == [0.5, 1.0, 2.0, 4.0]


def confirm_message() -> paygov.ConfirmMessage:
    message = paygov.ConfirmMessage(
        partner_code="MOTCUA-SANDBOX",
        request_id="MCDELIVERYpaygov",
        transaction_id="PG1",
        amount=1000,
        status_code="00",
        paid_time="20261203090000",
    )
    return paygov.with_checksum(message, PAYGOV_SECRET)


def confirm_result(code: str, secret: str = PAYGOV_SECRET) -> httpx.Response:
    reply = paygov.ConfirmResultMessage(
        partner_code="MOTCUA-SANDBOX",
        request_id="MCDELIVERYpaygov",
        transaction_id="PG1",
        response_code=code,
    )
    return httpx.Response(
        200, content=msgspec.json.encode(paygov.with_checksum(reply, secret))
    )


async def test_a_confirm_is_posted_and_its_signed_answer_read(
    pay_client: Any, rt: Any
) -> None:
    transport, seen = answers(confirm_result("00"))
    record = await booked("paygov")

    code = await delivery.deliver_confirm(
        dataclasses.replace(rt, transport=transport),
        record.id,
        f"{BASE_URL}/payments/paygov/confirm",
        confirm_message(),
    )

    assert code == "00"
    [request] = seen
    assert request.method == "POST"
    sent = paygov.decode_message(request.content, paygov.ConfirmMessage)
    assert paygov.verify_message(sent, PAYGOV_SECRET)


async def test_an_unsigned_confirm_answer_counts_as_no_answer(
    pay_client: Any, rt: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(delivery, "RETRY_DELAYS", (0.0,))
    transport, seen = answers(
        confirm_result("00", secret="forged"), confirm_result("02")
    )
    record = await booked("paygov")

    code = await delivery.deliver_confirm(
        dataclasses.replace(rt, transport=transport),
        record.id,
        f"{BASE_URL}/payments/paygov/confirm",
        confirm_message(),
    )

    assert code == "02"
    assert len(seen) == 2


@pytest.mark.parametrize(
    "target",
    ["https://attacker.example/collect", f"{BASE_URL}.attacker.example/confirm"],
)
async def test_the_sandbox_calls_nowhere_but_motcua(
    pay_client: Any, rt: Any, target: str
) -> None:
    transport, seen = answers(confirm_result("00"))
    record = await booked("paygov")

    code = await delivery.deliver_confirm(
        dataclasses.replace(rt, transport=transport),
        record.id,
        target,
        confirm_message(),
    )

    assert code is None
    assert seen == []
