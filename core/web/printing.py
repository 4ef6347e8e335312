"""Links to the printed documents of a dossier that exist at its present stage.

The documents themselves (01 receipt and appointment to 06 monitoring sheet, 07
dossier register) are rendered by the dossier print routes; pages only offer the
ones that make sense now: a refusal letter for a refused dossier, an apology once one
was made, and so on.
"""

from __future__ import annotations

from typing import NamedTuple

from core.dossiers.records import DossierRecord
from core.dossiers.statuses import Status
from core.i18n import gettext as _

__all__ = ["PRINT_URL", "REGISTER_URL", "PrintLink", "print_links"]

PRINT_URL = "/dossiers/{code}/print/{document}"
"""Where the print route of one document of one dossier answers."""

REGISTER_URL = "/staff/register/print"
"""The dossier register (document 07) of the viewer's unit."""


class PrintLink(NamedTuple):
    """A printable document: its number, title and address."""

    number: str
    title: str
    url: str


def print_links(record: DossierRecord) -> list[PrintLink]:
    """The documents of ``record`` that can be printed now.

    Args:
        record: the dossier.

    Returns:
        Links in document-number order.
    """
    status = Status(record.status)
    wanted = [
        ("01", _("Receipt and appointment"), record.received_at is not None),
        ("02", _("Supplement request"), record.supplement_count > 0),
        ("03", _("Refusal"), status is Status.REFUSED),
        ("04", _("Apology and new appointment"), record.apology_due_at is not None),
        ("05", _("Stop notice"), status is Status.STOPPED),
        ("06", _("Monitoring sheet"), True),
    ]
    return [
        PrintLink(number, title, PRINT_URL.format(code=record.code, document=number))
        for number, title, applies in wanted
        if applies
    ]
