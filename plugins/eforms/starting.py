"""The values a signed-in applicant's form starts with.

A form opened for the first time starts from the applicant's saved draft for the
procedure when there is one; otherwise each field with ``prefill`` takes its value
from the account's profile or from the applicant's latest dossier filed with the
same form (see :mod:`.prefill`). Staff filing at the counter get an empty form:
their own profile is not the applicant's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from core.accounts.tables import Account
from core.dossiers.records import aware, decode_json
from core.dossiers.tables import Dossier
from core.permissions import Actor
from plugins.eforms.drafts import Draft, load_draft
from plugins.eforms.prefill import prefill
from plugins.eforms.schema import FormSpec

__all__ = ["PREVIOUS_LIMIT", "Start", "previous_dossiers", "profile_of", "start_values"]

PREVIOUS_LIMIT = 50
"""How many of the applicant's latest dossiers are searched for the same form."""


class Start(NamedTuple):
    """A form's starting values and the draft they came from, if any."""

    data: dict[str, Any]
    draft: Draft | None


async def profile_of(account_id: int) -> dict[str, Any]:
    """The profile keys a form may take values from, read from the account."""
    row = (
        await Account.select(
            Account.full_name,
            Account.identifier,
            Account.phone,
            Account.email,
            Account.address,
        )
        .where(Account.id == account_id)
        .first()
    )
    return {} if row is None else {k: v for k, v in row.items() if v}


async def previous_dossiers(account_id: int, form_code: str) -> list[dict[str, Any]]:
    """The applicant's latest dossiers filed with the form ``form_code``.

    Args:
        account_id: the applicant's account.
        form_code: the form's code (any version).

    Returns:
        Entries of ``form_code``, ``data`` and ``submitted_at``, newest first.
    """
    rows = (
        await Dossier.select(
            Dossier.form_data, Dossier.plugin_data, Dossier.submitted_at
        )
        .where(Dossier.account_id == account_id)
        .order_by(Dossier.submitted_at, ascending=False)
        .limit(PREVIOUS_LIMIT)
    )
    found = []
    for row in rows:
        ref = decode_json(row["plugin_data"]).get("eforms")
        if isinstance(ref, Mapping) and ref.get("form") == form_code:
            found.append(
                {
                    "form_code": form_code,
                    "data": decode_json(row["form_data"]),
                    "submitted_at": aware(row["submitted_at"]),
                }
            )
    return found


async def start_values(
    form: FormSpec, procedure_code: str, viewer: Actor | None
) -> Start:
    """What a freshly opened form shows for ``viewer``.

    Args:
        form: the form.
        procedure_code: the procedure being filed.
        viewer: the signed-in account; staff and visitors get no starting value.

    Returns:
        The draft's data when the applicant saved one, else the prefilled values.
    """
    if viewer is None or viewer.is_staff:
        return Start({}, None)
    draft = await load_draft(viewer.account_id, procedure_code)
    if draft is not None:
        known = {field.key for field in form.top_fields()}
        return Start({k: v for k, v in draft.data.items() if k in known}, draft)
    profile = await profile_of(viewer.account_id)
    previous = await previous_dossiers(viewer.account_id, form.code)
    return Start(prefill(form, profile, previous), None)
