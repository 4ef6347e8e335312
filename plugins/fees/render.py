"""Rendering the plugin's own templates outside a page (dossier panels).

Pages go through the application's template engine, which finds this plugin's
folder through ``motcua_register_template_dirs``. A panel is HTML the plugin hands
to the core ready-made, so it is rendered here with the same translations and
filters.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from core import i18n
from plugins.fees.document import kind_label, method_label

__all__ = ["TEMPLATES_DIR", "render", "template_functions"]

TEMPLATES_DIR = Path(__file__).parent / "templates"

STAGE_LABELS = {
    "before": "Before processing",
    "after": "After processing",
    "on_return": "When the result is returned",
}
PAYMENT_STATUS_LABELS = {
    "unpaid": "Unpaid",
    "awaiting": "Awaiting payment",
    "paid": "Paid",
    "cancelled": "Cancelled",
    "refunded": "Refunded",
}
RECEIPT_STATUS_LABELS = {
    "issued": "Issued",
    "cancelled": "Cancelled",
    "replaced": "Replaced",
}


def template_functions() -> dict[str, Any]:
    """Functions the plugin's templates call, for both template engines."""
    return {
        "fee_kind": lambda kind: kind_label(kind, i18n.current_lang()),
        "fee_method": lambda method: method_label(method, i18n.current_lang()),
        "fee_stage": lambda stage: _translated(STAGE_LABELS, stage),
        "receipt_status": lambda status: _translated(RECEIPT_STATUS_LABELS, status),
        "payment_status": lambda status: _translated(PAYMENT_STATUS_LABELS, status),
    }


def _translated(labels: dict[str, str], key: str) -> str:
    return i18n.gettext(labels[key]) if key in labels else key


@functools.cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]
        i18n.gettext, i18n.ngettext, newstyle=True
    )
    env.filters.update(
        date=i18n.format_date,
        datetime=i18n.format_datetime,
        money=i18n.format_money,
    )
    env.globals.update(template_functions())
    return env


def render(template: str, **context: Any) -> Markup:
    """Render one of the plugin's templates to safe HTML.

    Args:
        template: the path under ``plugins/fees/templates``.
        context: the template's variables.

    Returns:
        The HTML.
    """
    return Markup(_environment().get_template(template).render(**context))  # noqa: S704
