"""A citizen's half-filled form, saved to be finished later.

One draft is kept per account and procedure: saving again replaces it, filing a
dossier of that procedure deletes it. A draft is what was typed, not yet checked,
so it is capped by the same size limits as a submission and is only ever shown
back to the account that saved it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import msgspec
import structlog
from piccolo.columns.base import Column

from core.dossiers.records import aware, decode_json
from plugins.eforms.context import Limits
from plugins.eforms.payload import payload_fits
from plugins.eforms.schema import FormSpec
from plugins.eforms.tables import FormDraft

__all__ = ["Draft", "DraftTooLarge", "delete_draft", "load_draft", "save_draft"]

log = structlog.get_logger(__name__)


class DraftTooLarge(ValueError):
    """The data to save is beyond the size caps of a submission."""


class Draft(msgspec.Struct, frozen=True, kw_only=True):
    """A saved draft.

    Attributes:
        procedure_code: the procedure it is for.
        form_code: the form's code when it was saved.
        form_version: the form's version when it was saved.
        data: what was typed, as posted.
        updated_at: when it was last saved.
    """

    procedure_code: str
    form_code: str
    form_version: int
    data: dict[str, Any]
    updated_at: dt.datetime


def _key(account_id: int, procedure_code: str) -> str:
    return f"{account_id}/{procedure_code}"


async def save_draft(
    account_id: int,
    procedure_code: str,
    form: FormSpec,
    data: Mapping[str, Any],
    now: dt.datetime,
) -> None:
    """Keep ``data`` as the account's draft for the procedure, replacing any other.

    Args:
        account_id: the citizen's or business's account.
        procedure_code: the procedure being filed.
        form: the form being filled.
        data: the posted data (see :func:`.formpost.parse_form_post`); keys that
            are not top-level fields of ``form`` are left out.
        now: the moment of saving.

    Raises:
        DraftTooLarge: ``data`` exceeds the size caps.
    """
    if not payload_fits(data, Limits()):
        raise DraftTooLarge(procedure_code)
    # The filing page posts its own fields too; only the form's answers are kept.
    known = {field.key for field in form.top_fields()}
    answers = {key: value for key, value in data.items() if key in known}
    key = _key(account_id, procedure_code)
    values: dict[Column | str, Any] = {
        FormDraft.form_code: form.code,
        FormDraft.form_version: form.version,
        FormDraft.data: msgspec.json.encode(answers).decode(),
        FormDraft.updated_at: now,
    }
    updated = (
        await FormDraft.update(values)
        .where(FormDraft.key == key)
        .returning(FormDraft.id)
    )
    if not updated:
        await FormDraft.insert(
            FormDraft(
                key=key,
                account_id=account_id,
                procedure_code=procedure_code,
                form_code=form.code,
                form_version=form.version,
                data=values[FormDraft.data],
                updated_at=now,
            )
        )
    log.info("eforms_draft_saved", procedure=procedure_code, form=form.code)


async def load_draft(account_id: int, procedure_code: str) -> Draft | None:
    """The account's draft for the procedure, if there is one."""
    row = (
        await FormDraft.select(
            FormDraft.procedure_code,
            FormDraft.form_code,
            FormDraft.form_version,
            FormDraft.data,
            FormDraft.updated_at,
        )
        .where(FormDraft.key == _key(account_id, procedure_code))
        .first()
    )
    if row is None:
        return None
    data = decode_json(row["data"])
    return Draft(
        procedure_code=row["procedure_code"],
        form_code=row["form_code"],
        form_version=int(row["form_version"]),
        data=data if isinstance(data, dict) else {},
        updated_at=aware(row["updated_at"]) or row["updated_at"],
    )


async def delete_draft(account_id: int, procedure_code: str) -> None:
    """Forget the account's draft for the procedure, if there is one."""
    await FormDraft.delete().where(FormDraft.key == _key(account_id, procedure_code))
