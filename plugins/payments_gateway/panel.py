"""The online payment panel on a dossier's page.

The panel lists the dossier's payment orders and, for the applicant of a
dossier awaiting payment, links to the payment page. The core hands panels over
as ready HTML, so the plugin renders its own template with the core's
translations and formatting filters.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from core import i18n
from core.dossiers.statuses import Status
from core.events import Panel
from core.permissions import Actor
from plugins.payments_gateway.orders import orders_of_dossier

__all__ = ["TEMPLATES", "render_panel", "status_labels"]

TEMPLATES = Path(__file__).parent / "templates"
_GATEWAY_NAMES = {"vnpay": "VNPay", "paygov": "PayGov"}


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(money=i18n.format_money, datetime=i18n.format_datetime)
    return env


def status_labels() -> dict[str, str]:
    """Order statuses in the current language."""
    _ = i18n.gettext
    return {
        "pending": _("Pending"),
        "paid": _("Paid"),
        "failed": _("Failed"),
        "cancelled": _("Cancelled"),
        "expired": _("Expired"),
        "refunded": _("Refunded"),
    }


def _is_applicant(viewer: Any, dossier: Mapping[str, Any]) -> bool:
    return (
        isinstance(viewer, Actor)
        and not viewer.is_staff
        and dossier.get("account_id") is not None
        and dossier.get("account_id") == viewer.account_id
    )


async def render_panel(dossier: Mapping[str, Any], viewer: Any) -> Panel:
    """Build the panel for one dossier page.

    The "Pay online" link is shown to the applicant of a dossier awaiting
    payment; the payment page itself says when no gateway is available.

    Args:
        dossier: the dossier as a mapping.
        viewer: the signed-in account looking at the page.

    Returns:
        The panel, titled in the page's language.
    """
    from plugins.fees.ledger import amount_due

    dossier_id = int(dossier["id"])
    awaiting = dossier.get("status") == Status.PAYMENT
    amount = await amount_due(dossier_id) if awaiting else 0
    can_pay = awaiting and amount > 0 and _is_applicant(viewer, dossier)
    html = (
        _environment()
        .get_template("payments_gateway/panel.html")
        .render(
            dossier_id=dossier_id,
            orders=await orders_of_dossier(dossier_id),
            can_pay=can_pay,
            amount=amount,
            payment_status=dossier.get("payment_status"),
            status_labels=status_labels(),
            gateway_names=_GATEWAY_NAMES,
        )
    )
    return Panel(
        key="payments_gateway",
        title=i18n.gettext("Online payment"),
        html=html,
        order=60,
    )
