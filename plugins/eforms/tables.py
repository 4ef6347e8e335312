"""Database tables of the e-forms plugin: every form version seen, and drafts.

:class:`FormVersion` keeps the exact content of every form a dossier was filed
with, so that an old dossier is always shown and printed with its own form after
the province changes the file. Rows are written once and never changed; the
content hash is unique, so recording the same content twice finds the first row.

:class:`FormDraft` holds a citizen's half-filled form for one procedure, one per
account and procedure, until they file or discard it.
"""

from __future__ import annotations

from piccolo.columns import JSON, Integer, Serial, Timestamptz, Varchar
from piccolo.table import Table

__all__ = ["FormDraft", "FormVersion"]


class FormVersion(Table, tablename="eforms_form_version"):
    """One content of one form, as first used by a filing."""

    id = Serial(primary_key=True)

    code = Varchar(length=64, index=True)
    version = Integer()
    content_hash = Varchar(length=64, unique=True)
    spec = JSON()
    recorded_at = Timestamptz()


class FormDraft(Table, tablename="eforms_draft"):
    """A citizen's unfinished form for one procedure.

    ``key`` is ``<account id>/<procedure code>``: unique, so saving again replaces
    the draft instead of adding one.
    """

    id = Serial(primary_key=True)

    key = Varchar(length=96, unique=True)
    account_id = Integer(index=True)
    procedure_code = Varchar(length=64)
    form_code = Varchar(length=64)
    form_version = Integer()
    data = JSON(default="{}")
    updated_at = Timestamptz()
