"""Database tables of dossiers: the dossier, its components, files and history.

A dossier row holds its current state; :class:`DossierHistory` holds every change
(one row per action), which is what monitoring sheets and reports read. The current
step's unit and role are materialised on the dossier so that inboxes are plain
indexed queries. ``version`` is bumped by every change: an update names the version
it read, so two officers acting at once cannot both win.
"""

from __future__ import annotations

from piccolo.columns import (
    JSON,
    Boolean,
    ForeignKey,
    Integer,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table

__all__ = [
    "Apology",
    "Attachment",
    "Dossier",
    "DossierComponent",
    "DossierHistory",
    "DossierSequence",
    "LookupAttempt",
    "Rating",
]


def _when(index: bool = False) -> Timestamptz:
    """A nullable timestamp column (set when the moment happens)."""
    return Timestamptz(null=True, default=None, index=index)


class Dossier(Table, tablename="motcua_dossier"):
    """A dossier (hồ sơ) and its current state."""

    id = Serial(primary_key=True)
    code = Varchar(length=40, unique=True, index=True)
    procedure_code = Varchar(length=64, index=True)
    procedure_version = Integer()
    case_code = Varchar(length=64, null=True, default=None)
    channel = Integer()  # 1 counter, 2 online, 3 post
    status = Integer(index=True)
    status_before_pause = Integer(null=True, default=None)
    payment_status = Varchar(length=16, default="none")
    unit_id = Varchar(length=64, index=True)
    receiving_unit_id = Varchar(length=64, index=True)
    step_code = Varchar(length=64, null=True, default=None)
    step_unit_id = Varchar(length=64, null=True, default=None, index=True)
    step_role = Varchar(length=64, null=True, default=None)
    step_started_at = _when()
    assignee_id = Integer(null=True, default=None, index=True)
    applicant_kind = Varchar(length=16)
    applicant_name = Varchar(length=255)
    applicant_identifier_kind = Varchar(length=16)
    applicant_identifier = Varchar(length=32, index=True)
    applicant_phone = Varchar(length=32, null=True, default=None)
    applicant_email = Varchar(length=255, null=True, default=None)
    applicant_address = Varchar(length=512, null=True, default=None)
    applicant_category = Varchar(length=64, null=True, default=None)
    account_id = Integer(null=True, default=None, index=True)
    created_by = Integer(null=True, default=None)
    submitted_at = Timestamptz(index=True)
    received_at = _when(index=True)
    due_at = _when(index=True)
    step_due_at = _when()
    finished_at = _when(index=True)
    returned_at = _when()
    closed_at = _when()
    paused_at = _when()
    paused_seconds = Integer(default=0)
    supplement_count = Integer(default=0)
    result_class = Varchar(length=16, null=True, default=None)
    apology_due_at = _when()
    lang = Varchar(length=2, default="vi")
    version = Integer(default=1)
    updated_at = Timestamptz()
    form_data = JSON(default="{}")
    plugin_data = JSON(default="{}")


class DossierComponent(Table, tablename="motcua_dossier_component"):
    """A component (thành phần hồ sơ) as handed in for one dossier."""

    id = Serial(primary_key=True)

    dossier = ForeignKey(references=Dossier, index=True)
    component_code = Varchar(length=64)
    paper_original = Boolean(default=False)
    copies = Integer(default=0)
    # uploaded, digitised, reused or own_store; None until a file exists.
    source = Varchar(length=16, null=True, default=None)
    reused_from = Varchar(length=40, null=True, default=None)
    note = Text(default="")


class Attachment(Table, tablename="motcua_attachment"):
    """A stored file of a dossier: a component's scan or an electronic result."""

    id = Serial(primary_key=True)

    dossier = ForeignKey(references=Dossier, index=True)
    component_code = Varchar(length=64, null=True, default=None)
    purpose = Varchar(length=16, default="component")  # component or result
    storage_key = Varchar(length=255, unique=True)
    original_name = Varchar(length=255)
    mime_type = Varchar(length=100)
    extension = Varchar(length=8)
    size = Integer()
    sha256 = Varchar(length=64, index=True)
    uploaded_by = Integer(null=True, default=None)
    uploaded_at = Timestamptz()


class DossierHistory(Table, tablename="motcua_dossier_event"):
    """One recorded action on a dossier, written with the change it describes.

    A hand-over (forward, send back, transfer, approve) ends one step and starts
    another: ``step_due_at`` and ``step_result`` then class the step that ended.
    """

    id = Serial(primary_key=True)

    dossier = ForeignKey(references=Dossier, index=True)
    at = Timestamptz(index=True)
    actor_id = Integer(null=True, default=None)
    actor_role = Varchar(length=64, null=True, default=None)
    actor_unit_id = Varchar(length=64, null=True, default=None)
    action = Varchar(length=32, index=True)
    from_status = Integer(null=True, default=None)
    to_status = Integer()
    from_step = Varchar(length=64, null=True, default=None)
    to_step = Varchar(length=64, null=True, default=None)
    from_unit_id = Varchar(length=64, null=True, default=None)
    to_unit_id = Varchar(length=64, null=True, default=None)
    assignee_id = Integer(null=True, default=None)
    note = Text(default="")
    step_due_at = _when()
    step_result = Varchar(length=16, null=True, default=None)
    extra = JSON(default="{}")


class DossierSequence(Table, tablename="motcua_dossier_sequence"):
    """The last sequence number given by one unit on one day.

    ``key`` is ``<unit code>/<YYMMDD>``; it is unique so that the next number is
    taken by one atomic upsert.
    """

    id = Serial(primary_key=True)

    key = Varchar(length=96, unique=True)
    unit_code = Varchar(length=64)
    day = Varchar(length=6)
    last_value = Integer(default=0)


class Apology(Table, tablename="motcua_dossier_apology"):
    """An apology letter (thư xin lỗi) with the new appointment it promises."""

    id = Serial(primary_key=True)

    dossier = ForeignKey(references=Dossier, index=True)
    at = Timestamptz()
    actor_id = Integer(null=True, default=None)
    reason = Text()
    previous_due_at = _when()
    new_due_at = Timestamptz()


class Rating(Table, tablename="motcua_dossier_rating"):
    """The applicant's satisfaction with one dossier (đánh giá mức độ hài lòng)."""

    id = Serial(primary_key=True)

    dossier = ForeignKey(references=Dossier, unique=True, index=True)
    level = Varchar(length=16)  # very_satisfied, satisfied, not_satisfied
    channel = Varchar(length=16)  # online or kiosk
    comment = Text(default="")
    at = Timestamptz()


class LookupAttempt(Table, tablename="motcua_lookup_attempt"):
    """A public look-up that matched nothing, kept to throttle guessing."""

    id = Serial(primary_key=True)

    key = Varchar(length=100, index=True)
    at = Timestamptz(index=True)
