"""Public look-up of a dossier (tra cứu hồ sơ) by its code and a secret.

Anyone holding a dossier's code and the applicant's identifier or phone number sees
its status, appointment and a timeline of what happened, without names, notes or
other personal data. A wrong pair gets the same answer as an unknown code, and each
failure counts against the caller's address: too many within a window are refused
(429) until the window passes, so codes and identifiers cannot be guessed in bulk.
"""

from __future__ import annotations

import datetime as dt
import hmac
import re

import msgspec

from core.catalogue.model import text_in
from core.dossiers import queries
from core.dossiers.records import DossierRecord, HistoryRecord
from core.dossiers.service import DossierService
from core.dossiers.state import action_label
from core.dossiers.statuses import Status, status_label
from core.dossiers.tables import LookupAttempt
from core.errors import NotFound, UserError
from core.identifiers import InvalidIdentifier, validate_phone

__all__ = [
    "MAX_FAILURES",
    "WINDOW",
    "LookupResult",
    "TimelineEntry",
    "TooManyLookups",
    "lookup",
]

MAX_FAILURES = 10
"""Failed look-ups allowed per address within :data:`WINDOW`."""
WINDOW = dt.timedelta(minutes=15)
_SEPARATORS = re.compile(r"[\s.\-]+")
# Actions the public timeline shows; assignments inside a unit are internal.
_PUBLIC_ACTIONS = frozenset(
    {
        "submit",
        "receive",
        "refuse",
        "forward",
        "send_back",
        "transfer",
        "request_supplement",
        "resume",
        "request_payment",
        "confirm_payment",
        "approve",
        "stop",
        "withdraw",
        "resolve",
        "return_result",
        "apologise",
    }
)


class TooManyLookups(UserError):
    """Too many failed look-ups from one address (429)."""

    status = 429

    def __init__(self) -> None:
        super().__init__(
            "Bạn đã tra cứu sai quá nhiều lần. Vui lòng thử lại sau 15 phút.",
            "Too many unsuccessful look-ups. Please try again in 15 minutes.",
        )


class TimelineEntry(msgspec.Struct, frozen=True, kw_only=True):
    """One public step of a dossier's history."""

    at: dt.datetime
    action: str
    action_label: str
    status: int
    status_label: str
    unit_name: str


class LookupResult(msgspec.Struct, frozen=True, kw_only=True):
    """What the public learns about a dossier."""

    code: str
    procedure_code: str
    procedure_name: str
    status: int
    status_label: str
    submitted_at: dt.datetime
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    new_due_at: dt.datetime | None
    finished_at: dt.datetime | None
    returned_at: dt.datetime | None
    collect_at: str
    timeline: list[TimelineEntry]


def _not_found() -> NotFound:
    return NotFound(
        "Không tìm thấy hồ sơ khớp với mã và thông tin đã nhập.",
        "No dossier matches this code and these details.",
    )


def _matches(record: DossierRecord, secret: str) -> bool:
    """Whether ``secret`` is the applicant's identifier or phone number."""
    typed = _SEPARATORS.sub("", secret).upper()
    if typed and hmac.compare_digest(
        typed.encode(), record.applicant_identifier.upper().encode()
    ):
        return True
    if not record.applicant_phone:
        return False
    try:
        phone = validate_phone(secret)
    except InvalidIdentifier:
        return False
    return hmac.compare_digest(phone.encode(), record.applicant_phone.encode())


async def _failures(client: str, now: dt.datetime) -> int:
    count = await LookupAttempt.count().where(
        (LookupAttempt.key == client) & (LookupAttempt.at > now - WINDOW)
    )
    return int(count)


async def _fail(client: str, now: dt.datetime) -> NotFound:
    await LookupAttempt.delete().where(
        (LookupAttempt.key == client) & (LookupAttempt.at <= now - WINDOW)
    )
    await LookupAttempt.insert(LookupAttempt(key=client[:100], at=now))
    return _not_found()


async def lookup(
    service: DossierService, code: str, secret: str, client: str, lang: str = "vi"
) -> LookupResult:
    """Look a dossier up for the public.

    Args:
        service: the dossier service (catalogue and clock).
        code: the dossier code as printed on the receipt.
        secret: the applicant's identifier or phone number.
        client: who asks, for throttling (the client's IP address).
        lang: the language of labels.

    Returns:
        The dossier's public status and timeline.

    Raises:
        TooManyLookups: too many failures from ``client`` lately (429).
        NotFound: no dossier matches the pair (404), whatever was wrong.
    """
    now = service.clock()
    client = client[:100]
    if await _failures(client, now) >= MAX_FAILURES:
        raise TooManyLookups()
    record = await queries.load_by_code(code) if code.strip() else None
    if record is None or not secret.strip() or not _matches(record, secret):
        raise await _fail(client, now)
    return await _result(service, record, lang)


async def _result(
    service: DossierService, record: DossierRecord, lang: str
) -> LookupResult:
    procedure = await service.versions.spec_of(
        record.procedure_code, record.procedure_version
    )
    history = await queries.history(record.id)
    return LookupResult(
        code=record.code,
        procedure_code=record.procedure_code,
        procedure_name=text_in(procedure.name, lang),
        status=record.status,
        status_label=status_label(record.status, lang),
        submitted_at=record.submitted_at,
        received_at=record.received_at,
        due_at=record.due_at,
        new_due_at=record.apology_due_at,
        finished_at=record.finished_at,
        returned_at=record.returned_at,
        collect_at=text_in(procedure.result.collect_at, lang),
        timeline=[
            _entry(service, event, lang)
            for event in history
            if event.action in _PUBLIC_ACTIONS
        ],
    )


def _entry(service: DossierService, event: HistoryRecord, lang: str) -> TimelineEntry:
    unit = service.catalogue.units.get(event.to_unit_id or "")
    return TimelineEntry(
        at=event.at,
        action=event.action,
        action_label=action_label(event.action, lang),
        status=event.to_status,
        status_label=status_label(Status(event.to_status), lang),
        unit_name=unit.name_in(lang) if unit else "",
    )
