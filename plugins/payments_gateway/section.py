"""The ``plugins: payments_gateway:`` section of a procedure, and its checks.

A procedure that lets applicants pay online names the gateways it offers and how
long a payment stays open::

    plugins:
      fees: {...}
      payments_gateway:
        gateways: [vnpay, paygov]
        expire_minutes: 15

Credentials never appear here: they come from the environment (see
:mod:`plugins.payments_gateway.credentials`). The amount comes from the fees
plugin, so a procedure enabling this plugin must enable ``fees`` too.
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from core.catalogue.errors import Report
from core.catalogue.model import ProcedureSpec

__all__ = [
    "GATEWAYS",
    "BeneficiarySpec",
    "GatewayName",
    "PaymentsSection",
    "check_section",
]

GatewayName = Literal["vnpay", "paygov"]
"""The gateways the plugin speaks: VNPay 2.1.0 and the national portal's PayGov."""

GATEWAYS: tuple[str, ...] = GatewayName.__args__  # type: ignore[attr-defined]


class _Spec(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Base of the section's structs: immutable and strict about keys."""


class BeneficiarySpec(_Spec, frozen=True):
    """The collecting unit's bank account (tài khoản thụ hưởng) for PayGov.

    Attributes:
        bank_code: the bank's code at the payment platform.
        account_no: the account number.
        account_name: the account holder's name as the bank knows it.
    """

    bank_code: str
    account_no: str
    account_name: str


class PaymentsSection(_Spec, frozen=True):
    """How a procedure's dossiers are paid online.

    Attributes:
        gateways: the gateways offered to the applicant, in the order shown.
        expire_minutes: how long a started payment stays open at the gateway.
        beneficiary: the account PayGov credits; needed for PayGov outside the
            sandbox.
    """

    gateways: list[GatewayName] = msgspec.field(default_factory=lambda: ["vnpay"])
    expire_minutes: Annotated[int, msgspec.Meta(ge=5, le=1440)] = 15
    beneficiary: BeneficiarySpec | None = None


def check_section(
    procedure: ProcedureSpec, section: PaymentsSection, report: Report
) -> None:
    """Report what the section's types cannot say about one procedure.

    Args:
        procedure: the procedure the section belongs to.
        section: the decoded section.
        report: where to add errors; paths are relative to the section.
    """
    if not section.gateways:
        report.error(
            ("gateways",),
            "no gateway is listed",
            f"list at least one of: {', '.join(GATEWAYS)}",
        )
    seen: set[str] = set()
    for index, name in enumerate(section.gateways):
        if name in seen:
            report.error(
                ("gateways", index),
                f"gateway {name!r} is listed twice",
                "list each gateway once",
            )
        seen.add(name)
    if "fees" not in procedure.plugins:
        report.error(
            (),
            "online payment is enabled but the procedure has no fee schedule",
            "enable the fees plugin with the procedure's fees, or remove this section",
        )
