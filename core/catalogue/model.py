"""The shape of a province's configuration, as immutable msgspec structs.

Every struct here is both the documentation of a YAML file and the value the
application works with after loading. The generic validator in
:mod:`core.catalogue.validate` walks these types to report every error of a file at
once, so fields use plain types only: ``str``, ``int``, ``float``, ``bool``,
``datetime.date``, lists, dicts, ``Literal``, optional values, nested structs, and the
``str | Text`` union for translatable labels.

Vietnamese terms, once: a procedure is a *thủ tục hành chính* (TTHC), a component is a
*thành phần hồ sơ*, a field is a *lĩnh vực*, a case is a *trường hợp*.
"""

from __future__ import annotations

# mypy reads msgspec's ``frozen`` option on the base only and then believes that each
# subclass is a mutable dataclass inheriting from a frozen one; msgspec itself
# inherits the option, so the subclasses are frozen at run time.
# mypy: disable-error-code="misc"
import datetime as dt
from typing import Any, Literal

import msgspec

__all__ = [
    "ACTIONS",
    "Action",
    "Approval",
    "AttachmentRules",
    "CaseSpec",
    "ComponentSpec",
    "Duration",
    "FieldSpec",
    "FocalPoint",
    "Label",
    "ProcedureSpec",
    "ProvinceSpec",
    "ResultSpec",
    "RoleSpec",
    "RolesFile",
    "StepSpec",
    "Text",
    "UnitSpec",
    "WorkflowSpec",
    "text_in",
]


class _Spec(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Base of every configuration struct: immutable and strict about keys."""


class Text(_Spec):
    """A label in Vietnamese with an optional English translation."""

    vi: str
    en: str | None = None


Label = str | Text
"""A translatable label: a plain string is Vietnamese."""


def text_in(label: Label | None, lang: str) -> str:
    """Return ``label`` in ``lang``, falling back to Vietnamese.

    Args:
        label: a plain Vietnamese string, a :class:`Text`, or ``None``.
        lang: ``"vi"`` or ``"en"``.

    Returns:
        The text to show; an empty string for ``None``.
    """
    if label is None:
        return ""
    if isinstance(label, str):
        return label
    if lang == "en" and label.en:
        return label.en
    return label.vi


TimeUnit = Literal["working_days", "working_hours", "calendar_days"]


class Duration(_Spec):
    """An amount of time in working days, working hours or calendar days."""

    amount: float
    unit: TimeUnit = "working_days"


# --- organisation -------------------------------------------------------------------

UnitKind = Literal[
    "province", "department", "agency", "centre", "district", "commune", "division"
]


class FocalPoint(_Spec):
    """A person to call when the unit's IT breaks (đầu mối hỗ trợ)."""

    name: str
    phone: str
    email: str
    role: Label | None = None


class UnitSpec(_Spec):
    """An organisation unit; ``children`` nest to any depth.

    ``id`` is the short key used across the configuration; ``code`` is the official
    identifier code (mã định danh) printed in dossier codes.
    """

    id: str
    code: str
    name: Label
    kind: UnitKind
    short_name: Label | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    focal_points: list[FocalPoint] = []
    children: list[UnitSpec] = []


class FieldSpec(_Spec):
    """A field of administrative procedures (lĩnh vực)."""

    code: str
    name: Label


class ProvinceSpec(_Spec):
    """``province.yaml``: the province itself, its field list and its unit tree."""

    code: str
    name: Label
    organisation: UnitSpec
    fields: list[FieldSpec] = []


class RoleSpec(_Spec):
    """A role an account may hold; ``permissions`` come from a fixed vocabulary."""

    code: str
    name: Label
    kind: Literal["staff", "public"] = "staff"
    permissions: list[str] = []


class RolesFile(_Spec):
    """``roles.yaml``."""

    roles: list[RoleSpec]


# --- procedures ---------------------------------------------------------------------

Action = Literal[
    "receive",
    "refuse",
    "assign",
    "forward",
    "send_back",
    "transfer",
    "request_supplement",
    "resume",
    "request_payment",
    "approve",
    "stop",
    "withdraw",
    "resolve",
    "return_result",
    "apologise",
]
ACTIONS: tuple[str, ...] = Action.__args__  # type: ignore[attr-defined]


class Approval(_Spec):
    """The decision that approved an internal electronic process."""

    number: str
    date: dt.date
    body: str


class StepSpec(_Spec):
    """One step of the internal workflow.

    ``unit`` is a unit id, or ``implementing`` for the unit that resolves the dossier,
    or ``receiving`` for the unit where it was received.
    """

    code: str
    name: Label
    role: str
    budget: Duration
    actions: list[Action]
    unit: str = "implementing"


class WorkflowSpec(_Spec):
    """The approved internal process of a procedure."""

    approved_by: Approval
    steps: list[StepSpec]


class ComponentSpec(_Spec):
    """A document the applicant hands in (thành phần hồ sơ)."""

    code: str
    name: Label
    originals: int = 0
    copies: int = 0
    required: bool = True
    digitise: Literal["required", "optional"] = "optional"
    template: str | None = None
    cases: list[str] = []
    note: Label | None = None


class CaseSpec(_Spec):
    """A case (trường hợp) whose rules differ; it may override the time limit."""

    code: str
    name: Label
    processing_time: Duration | None = None


class ResultSpec(_Spec):
    """What the applicant receives and where."""

    name: Label
    type: Literal["paper", "electronic", "both"] = "paper"
    collect_at: Label | None = None


class AttachmentRules(_Spec):
    """Limits on uploaded files for one procedure."""

    max_mb: float = 10
    types: list[Literal["pdf", "jpg", "png", "docx", "xlsx"]] = msgspec.field(
        default_factory=lambda: ["pdf", "jpg", "png"]
    )


class ProcedureSpec(_Spec):
    """One procedure file under ``procedures/``.

    ``units`` lists the implementing units by id; ``kind:<kind>`` stands for every
    unit of that kind (``kind:commune`` for a commune-level procedure). ``plugins``
    maps a plugin name to its section; the plugin validates its own section.
    """

    code: str
    name: Label
    field: str
    level: Literal["province", "commune"]
    units: list[str]
    channels: list[Literal["counter", "online", "post"]]
    online_level: Literal["full", "partial", "none"]
    processing_time: Duration
    result: ResultSpec
    legal_basis: list[str]
    effective_from: dt.date
    workflow: WorkflowSpec
    components: list[ComponentSpec]
    applicants: Label
    applicant_kinds: list[Literal["citizen", "business"]] = msgspec.field(
        default_factory=lambda: ["citizen"]
    )
    receiving_unit: str | None = None
    cases: list[CaseSpec] = []
    cutoff: str | None = None
    effective_until: dt.date | None = None
    public_steps: list[Label] = []
    attachments: AttachmentRules = msgspec.field(default_factory=AttachmentRules)
    plugins: dict[str, Any] = {}
