"""Checks of a filing before anything is written: channel, units, case, applicant,
components and files.

Every check raises :class:`~core.dossiers.state.InvalidInput` naming the field at
fault, with the reason in Vietnamese and English.
"""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from core.catalogue.catalogue import Catalogue
from core.catalogue.model import ComponentSpec, ProcedureSpec
from core.catalogue.organisation import Unit
from core.dossiers.state import InvalidInput
from core.dossiers.statuses import Channel
from core.events import Applicant
from core.identifiers import InvalidIdentifier, validate_identifier

__all__ = [
    "COMPONENT_SOURCES",
    "ComponentInput",
    "Upload",
    "check_case",
    "check_channel",
    "check_components",
    "components_of",
    "normalise_applicant",
    "place",
]

COMPONENT_SOURCES = ("uploaded", "digitised", "reused", "own_store")
"""Where a component's electronic copy came from: uploaded by the applicant,
digitised by staff from paper, reused from an earlier dossier, or taken from the
citizen's data store (kho dữ liệu)."""

_PERSON_IDS = ("cccd", "old_id", "passport")


class ComponentInput(msgspec.Struct, frozen=True, kw_only=True):
    """What was handed in for one component.

    Attributes:
        code: the component's code in the procedure.
        paper_original: the paper original was received.
        copies: how many paper copies were received.
        source: where the electronic copy came from, if there is one.
        reused_from: the earlier dossier's code, when reused.
        note: a remark of the receiving officer.
    """

    code: str
    paper_original: bool = False
    copies: int = 0
    source: str | None = None
    reused_from: str | None = None
    note: str = ""


class Upload(msgspec.Struct, frozen=True, kw_only=True):
    """A file sent with a filing, a supplement or a result."""

    filename: str
    data: bytes
    component_code: str | None = None
    purpose: str = "component"


def check_channel(procedure: ProcedureSpec, channel: str) -> Channel:
    """The filing's channel, if the procedure accepts it.

    Raises:
        InvalidInput: unknown channel or not accepted by the procedure.
    """
    try:
        chosen = Channel(channel)
    except ValueError:
        chosen = None
    if chosen is None or chosen.value not in procedure.channels:
        accepted = ", ".join(procedure.channels)
        raise InvalidInput(
            f"Thủ tục này chỉ nhận hồ sơ qua: {accepted}.",
            f"This procedure accepts dossiers only by: {accepted}.",
            field="channel",
        )
    return chosen


def place(
    catalogue: Catalogue, procedure: ProcedureSpec, unit_id: str
) -> tuple[Unit, Unit]:
    """The implementing unit chosen for a dossier and the unit receiving it.

    Raises:
        InvalidInput: ``unit_id`` does not implement the procedure.
    """
    implementing = {u.id: u for u in catalogue.implementing_units(procedure)}
    if unit_id not in implementing:
        raise InvalidInput(
            "Đơn vị đã chọn không giải quyết thủ tục này.",
            "The chosen unit does not implement this procedure.",
            field="unit_id",
        )
    return implementing[unit_id], catalogue.receiving_unit(procedure, unit_id)


def check_case(procedure: ProcedureSpec, case_code: str | None) -> None:
    """Refuse a case the procedure does not have, or a missing one it needs.

    Raises:
        InvalidInput: unknown case, or no case although the procedure lists cases.
    """
    codes = [case.code for case in procedure.cases]
    if (case_code is None and codes) or (
        case_code is not None and case_code not in codes
    ):
        raise InvalidInput(
            "Cần chọn một trường hợp của thủ tục.",
            "Choose one of the procedure's cases.",
            field="case_code",
        )


def normalise_applicant(applicant: Applicant, procedure: ProcedureSpec) -> Applicant:
    """Check the applicant and spell identifiers canonically.

    Raises:
        InvalidInput: a kind the procedure does not serve, a missing name, or a
            malformed identifier, phone number or e-mail address.
    """
    if applicant.kind not in procedure.applicant_kinds:
        raise InvalidInput(
            "Thủ tục này không dành cho loại người nộp này.",
            "This procedure does not serve this kind of applicant.",
            field="applicant.kind",
        )
    if not applicant.name.strip():
        raise InvalidInput(
            "Cần nhập họ tên hoặc tên tổ chức.",
            "The applicant's name is required.",
            field="applicant.name",
        )
    expected = ("tax_code",) if applicant.kind == "business" else _PERSON_IDS
    if applicant.identifier_kind not in expected:
        raise InvalidInput(
            "Loại giấy tờ định danh không phù hợp với người nộp.",
            "This kind of identifier does not fit the applicant.",
            field="applicant.identifier_kind",
        )
    return msgspec.structs.replace(
        applicant,
        name=applicant.name.strip(),
        identifier=_valid(
            applicant.identifier_kind, applicant.identifier, "identifier"
        ),
        phone=_valid("phone", applicant.phone, "phone") if applicant.phone else None,
        email=_valid("email", applicant.email, "email") if applicant.email else None,
        address=(applicant.address or "").strip() or None,
    )


def _valid(kind: str, value: str, field: str) -> str:
    try:
        return validate_identifier(kind, value)
    except InvalidIdentifier as problem:
        raise InvalidInput(
            problem.message_vi, problem.message_en, field=f"applicant.{field}"
        ) from None


def components_of(
    procedure: ProcedureSpec, case_code: str | None
) -> list[ComponentSpec]:
    """The components that apply to a dossier of ``case_code``."""
    return [c for c in procedure.components if not c.cases or case_code in c.cases]


def check_components(
    procedure: ProcedureSpec,
    case_code: str | None,
    given: Sequence[ComponentInput],
    uploads: Sequence[Upload],
    upload_source: str = "uploaded",
) -> dict[str, ComponentInput]:
    """Match what was handed in with the procedure's components.

    Args:
        procedure: the procedure version.
        case_code: the dossier's case.
        given: what was handed in per component.
        uploads: the files sent with the filing.
        upload_source: the source of a component whose file came with the filing
            (``uploaded`` by the applicant, ``digitised`` by staff).

    Returns:
        One input per applicable component (defaults for those not mentioned), by
        code; a component with a file gets ``upload_source`` unless another source
        was given.

    Raises:
        InvalidInput: an unknown component, a bad source or a negative count.
    """
    known = {c.code for c in components_of(procedure, case_code)}
    for item in given:
        _check_component(item, known)
    for upload in uploads:
        if upload.purpose == "component" and upload.component_code not in known:
            raise _unknown_component("files")
    chosen = {code: ComponentInput(code=code) for code in sorted(known)}
    chosen.update({item.code: item for item in given})
    for upload in uploads:
        if upload.component_code in chosen:
            item = chosen[upload.component_code]
            if item.source is None:
                chosen[item.code] = msgspec.structs.replace(item, source=upload_source)
    return chosen


def _check_component(item: ComponentInput, known: set[str]) -> None:
    if item.code not in known:
        raise _unknown_component("components")
    if item.source is not None and item.source not in COMPONENT_SOURCES:
        raise InvalidInput(
            "Nguồn của thành phần hồ sơ không hợp lệ.",
            "Invalid source of a component.",
            field="components",
        )
    if item.copies < 0:
        raise InvalidInput(
            "Số bản sao không được âm.",
            "Copies cannot be negative.",
            field="components",
        )


def _unknown_component(field: str) -> InvalidInput:
    return InvalidInput(
        "Thành phần hồ sơ không thuộc thủ tục (hoặc trường hợp) này.",
        "A component does not belong to this procedure (or case).",
        field=field,
    )
