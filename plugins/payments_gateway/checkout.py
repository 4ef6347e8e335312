"""Starting an online payment: who may pay what, and where to send them.

Only the dossier's own applicant pays online, and only while the dossier awaits
payment (status 6) under a procedure that offers online payment. The amount is
what the fees plugin says the dossier owes. An unfinished order of the same
gateway and amount is resumed rather than duplicated, so pressing "Pay" twice
does not open two payments.
"""

from __future__ import annotations

import msgspec
import structlog

from core.dossiers.queries import load
from core.dossiers.records import DossierRecord
from core.dossiers.statuses import Status
from core.errors import Conflict, NotFound, UserError
from core.permissions import Actor
from plugins.payments_gateway import gateways
from plugins.payments_gateway.gateways import Checkout, CheckoutLine, GatewayError
from plugins.payments_gateway.orders import OrderRecord, create_order, open_order
from plugins.payments_gateway.runtime import Runtime
from plugins.payments_gateway.section import BeneficiarySpec, PaymentsSection
from plugins.payments_gateway.tables import PaymentOrder

__all__ = ["PLUGIN", "Payable", "is_applicant", "payable", "start_payment"]

log = structlog.get_logger(__name__)

PLUGIN = "payments_gateway"


class Payable(msgspec.Struct, frozen=True, kw_only=True):
    """A dossier its applicant may pay online now.

    Attributes:
        dossier: the dossier.
        section: its procedure's payment settings.
        amount: what it owes, in đồng.
        lines: the owed fees and charges.
        gateways: the gateways offered that are available now.
    """

    dossier: DossierRecord
    section: PaymentsSection
    amount: int
    lines: list[CheckoutLine]
    gateways: list[str]


def is_applicant(actor: Actor | None, dossier: DossierRecord) -> bool:
    """Whether ``actor`` is the citizen or business account that filed ``dossier``."""
    return (
        actor is not None
        and not actor.is_staff
        and dossier.account_id is not None
        and dossier.account_id == actor.account_id
    )


async def _section(rt: Runtime, dossier: DossierRecord) -> PaymentsSection | None:
    spec = await rt.dossiers.versions.spec_of(
        dossier.procedure_code, dossier.procedure_version
    )
    if PLUGIN not in spec.plugins:
        return None
    section = spec.plugins[PLUGIN]
    return section if isinstance(section, PaymentsSection) else PaymentsSection()


async def _owed(dossier: DossierRecord) -> tuple[int, list[CheckoutLine]]:
    from plugins.fees.ledger import amount_due, outstanding

    amount = await amount_due(dossier.id)
    lines = [
        CheckoutLine(
            code=line.item, name=line.name, kind=line.kind, amount=line.amount or 0
        )
        for line in await outstanding(dossier)
    ]
    return amount, lines


async def payable(rt: Runtime, dossier_id: int, actor: Actor | None) -> Payable:
    """Check that ``actor`` may pay ``dossier_id`` online now, and what.

    Raises:
        NotFound: no such dossier, not the actor's own, or no online payment
            for its procedure (404).
        Conflict: the dossier does not await payment or owes nothing (409).
    """
    dossier = await load(dossier_id)
    if dossier is None or not is_applicant(actor, dossier):
        raise NotFound("Không tìm thấy hồ sơ", "No such dossier")
    section = await _section(rt, dossier)
    if section is None:
        raise NotFound(
            "Thủ tục này không nhận thanh toán trực tuyến",
            "This procedure takes no online payment",
        )
    if dossier.status != Status.PAYMENT:
        raise Conflict(
            "Hồ sơ không ở trạng thái chờ thanh toán",
            "The dossier is not awaiting payment",
        )
    amount, lines = await _owed(dossier)
    if amount <= 0:
        raise Conflict("Hồ sơ không còn khoản phải nộp", "Nothing is owed")
    offered = [str(name) for name in section.gateways if rt.credentials.available(name)]
    return Payable(
        dossier=dossier, section=section, amount=amount, lines=lines, gateways=offered
    )


def _checkout(
    rt: Runtime, target: Payable, order: OrderRecord, ip_addr: str, lang: str
) -> Checkout:
    unit = rt.catalogue.units.get(target.dossier.unit_id)
    return Checkout(
        txn_ref=order.txn_ref,
        amount=order.amount,
        created_at=order.created_at,
        expires_at=order.expires_at,
        dossier_code=target.dossier.code,
        procedure_code=target.dossier.procedure_code,
        unit_code=unit.code if unit else target.dossier.unit_id,
        payer_name=target.dossier.applicant_name,
        payer_identifier=target.dossier.applicant_identifier,
        lines=target.lines,
        ip_addr=ip_addr,
        lang=lang,
        beneficiary=target.section.beneficiary or _sandbox_beneficiary(rt),
    )


def _sandbox_beneficiary(rt: Runtime) -> BeneficiarySpec | None:
    if not rt.credentials.paygov_sandbox:
        return None
    # The sandbox platform credits nobody; a visibly fake account keeps INIT whole.
    return BeneficiarySpec(
        bank_code="SANDBOX", account_no="0000000000", account_name="MOTCUA SANDBOX"
    )


async def _open_at_gateway(
    rt: Runtime, gateway: str, checkout: Checkout
) -> gateways.PaymentStart:
    if gateway == "vnpay" and rt.credentials.vnpay is not None:
        return gateways.vnpay_start(
            rt.credentials.vnpay, checkout, rt.settings.base_url
        )
    if gateway == "paygov" and rt.credentials.paygov is not None:
        async with rt.client() as client:
            return await gateways.paygov_start(
                client,
                rt.credentials.paygov,
                checkout,
                base_url=rt.settings.base_url,
                now=rt.clock(),
            )
    raise GatewayError(f"{gateway} is not configured")


async def start_payment(
    rt: Runtime,
    target: Payable,
    gateway: str,
    actor: Actor,
    *,
    ip_addr: str,
    lang: str,
) -> OrderRecord:
    """Open (or resume) the payment of a dossier through ``gateway``.

    Args:
        rt: the application.
        target: what :func:`payable` allowed.
        gateway: the gateway the applicant chose.
        actor: the applicant.
        ip_addr: the applicant's address, which VNPay asks for.
        lang: the page language, passed to the gateway.

    Returns:
        The order, with ``redirect_url`` set.

    Raises:
        UserError: the gateway is not offered, or could not open the payment
            (503); the order is then marked failed.
    """
    if gateway not in target.gateways:
        raise UserError(
            "Cổng thanh toán không được hỗ trợ",
            "This gateway is not offered",
            field="gateway",
        )
    now = rt.clock()
    resumed = await open_order(target.dossier.id, gateway, target.amount, now)
    if resumed is not None:
        return resumed
    order = await create_order(
        dossier_id=target.dossier.id,
        dossier_code=target.dossier.code,
        gateway=gateway,
        amount=target.amount,
        account_id=actor.account_id,
        expire_minutes=target.section.expire_minutes,
        now=now,
    )
    try:
        started = await _open_at_gateway(
            rt, gateway, _checkout(rt, target, order, ip_addr, lang)
        )
    except GatewayError as exc:
        await _abandon(order, str(exc))
        raise UserError(
            "Không kết nối được cổng thanh toán; vui lòng thử lại sau",
            "The payment gateway could not be reached; please try again later",
            status=503,
        ) from exc
    await PaymentOrder.update(
        {
            PaymentOrder.redirect_url: started.redirect_url,
            PaymentOrder.gateway_transaction_no: started.transaction_no,
        }
    ).where(PaymentOrder.id == order.id)
    log.info(
        "payment_order_started",
        dossier=order.dossier_code,
        order=order.txn_ref,
        gateway=gateway,
    )
    return msgspec.structs.replace(
        order,
        redirect_url=started.redirect_url,
        gateway_transaction_no=started.transaction_no,
    )


async def _abandon(order: OrderRecord, reason: str) -> None:
    await PaymentOrder.update(
        {PaymentOrder.status: "failed", PaymentOrder.problem: "not_opened"}
    ).where((PaymentOrder.id == order.id) & (PaymentOrder.status == "pending"))
    log.warning("payment_order_not_opened", order=order.txn_ref, error=reason)
