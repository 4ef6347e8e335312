"""The demo province's accounts and dossiers, created when Motcua runs in demo mode.

Each account shows one way of using the system; all share one password that the
sign-in page shows in demo mode only. Seeding is idempotent: accounts that exist are
left alone, and dossiers are created only while the province has none.

The demo dossiers are filed and moved through their workflow by the dossier service
itself, as the officers named in each scenario, on a clock set back in time: their
history, deadlines and monitoring sheets are real, and one of every status (and an
overdue one) is there to look at.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import structlog

from core.accounts.service import NewAccount, actor_for, create_account
from core.accounts.tables import Account
from core.errors import UserError
from core.events import Applicant, FilingDraft

if TYPE_CHECKING:
    from core.app import AppContext
    from core.dossiers.records import DossierRecord
    from core.dossiers.service import DossierService
    from core.permissions import Actor

__all__ = [
    "DEMO_ACCOUNTS",
    "DEMO_PASSWORD",
    "SCENARIOS",
    "Scenario",
    "demo_accounts",
    "form_data",
    "sample_pdf",
    "seed",
    "seed_dossiers",
]

DEMO_PASSWORD = "motcua-demo-2026"  # noqa: S105 - a public demo password, by design
log = structlog.get_logger(__name__)

# username, full name, kind, unit id, roles, identifier, description
DEMO_ACCOUNTS: list[tuple[str, str, str, str | None, list[str], str | None, str]] = [
    (
        "congdan",
        "Nguyễn Văn An",
        "citizen",
        None,
        ["citizen"],
        "001099012345",
        "Citizen",
    ),
    (
        "doanhnghiep",
        "Công ty TNHH Sao Mai",
        "business",
        None,
        ["business"],
        "0100109106",
        "Business",
    ),
    (
        "tiepnhan.ttpvhcc",
        "Trần Thị Bình",
        "staff",
        "ttpvhcc",
        ["receiving_officer"],
        None,
        "Receiving officer, Service Centre",
    ),
    (
        "chuyenvien.stp",
        "Lê Văn Cường",
        "staff",
        "stp-lltp",
        ["specialist"],
        None,
        "Specialist, Judicial Records Office (Department of Justice)",
    ),
    (
        "lanhdao.stp",
        "Phạm Thị Dung",
        "staff",
        "stp",
        ["leader"],
        None,
        "Leader, Department of Justice",
    ),
    (
        "vanthu.stp",
        "Hoàng Văn Em",
        "staff",
        "stp",
        ["clerk"],
        None,
        "Clerk, Department of Justice",
    ),
    (
        "thungan.ttpvhcc",
        "Vũ Thị Giang",
        "staff",
        "ttpvhcc",
        ["cashier"],
        None,
        "Cashier, Service Centre",
    ),
    (
        "tiepnhan.anbinh",
        "Lý Thị Kim",
        "staff",
        "xa-an-binh-pvhcc",
        ["receiving_officer", "cashier", "clerk"],
        None,
        "Receiving officer, An Bình commune service centre",
    ),
    (
        "motcua.anbinh",
        "Đỗ Văn Hùng",
        "staff",
        "xa-an-binh",
        ["receiving_officer", "specialist", "cashier", "clerk"],
        None,
        "One-stop officer, An Bình commune",
    ),
    (
        "lanhdao.anbinh",
        "Bùi Thị Lan",
        "staff",
        "xa-an-binh",
        ["leader"],
        None,
        "Leader, An Bình commune",
    ),
    (
        "quantri.anbinh",
        "Ngô Văn Minh",
        "staff",
        "xa-an-binh",
        ["unit_admin"],
        None,
        "Unit administrator, An Bình commune",
    ),
    (
        "quantri.tinh",
        "Đặng Thị Ngọc",
        "staff",
        None,
        ["province_admin"],
        None,
        "Provincial administrator",
    ),
    (
        "baocao.tinh",
        "Trịnh Văn Phúc",
        "staff",
        None,
        ["report_reader"],
        None,
        "Report reader, province",
    ),
]


def demo_accounts() -> list[tuple[str, str]]:
    """Usernames with what each demonstrates, for the sign-in page and the console."""
    return [(a[0], a[6]) for a in DEMO_ACCOUNTS]


async def seed(ctx: AppContext) -> None:
    """Create the demo accounts that do not exist yet, then the demo dossiers."""
    await seed_accounts(ctx)
    await seed_dossiers(ctx)


async def seed_accounts(ctx: AppContext) -> None:
    """Create the demo accounts that do not exist yet."""
    from core.cli import SYSTEM

    root = next(u.id for u in ctx.catalogue.units.values() if u.parent_id is None)
    for username, name, kind, unit, roles, identifier, _about in DEMO_ACCOUNTS:
        if await Account.exists().where(Account.username == username):
            continue
        if kind == "staff" and unit is not None and unit not in ctx.catalogue.units:
            log.warning("demo_account_skipped", username=username, unit=unit)
            continue
        await create_account(
            NewAccount(
                username=username,
                password=DEMO_PASSWORD,
                full_name=name,
                kind=kind,
                unit_id=unit or (root if kind == "staff" else None),
                roles=roles,
                identifier=identifier,
                phone="0912345678" if kind != "staff" else None,
                email=f"{username}@example.vn",
            ),
            actor=SYSTEM,
            catalogue=ctx.catalogue,
        )
    log.info("demo_accounts_ready", count=len(DEMO_ACCOUNTS))


# --- dossiers -----------------------------------------------------------------------

JUDICIAL_RECORD = "2.000488.H99"
BIRTH = "1.001193.H99"

# (username, action, inputs) after filing; inputs are ActionInput fields.
Step = tuple[str, str, dict[str, Any]]
_RECEIVE: list[Step] = [("tiepnhan.ttpvhcc", "receive", {})]
_TO_SPECIALIST: list[Step] = [("tiepnhan.ttpvhcc", "forward", {})]
_TO_LEADER: list[Step] = [("chuyenvien.stp", "forward", {})]
_TO_CLERK: list[Step] = [("lanhdao.stp", "approve", {})]
_RESOLVE: list[Step] = [("vanthu.stp", "resolve", {})]
_RETURN: list[Step] = [("tiepnhan.ttpvhcc", "return_result", {})]


@dataclass(frozen=True)
class Scenario:
    """One demo dossier: how it is filed and what happens to it.

    Attributes:
        label: what the dossier shows (for the log).
        channel: ``online`` (filed by the demo citizen) or ``counter``.
        days_ago: working days between filing and now.
        steps: actions after filing, one working hour apart.
        applicant: name and CCCD of a counter applicant.
        procedure: the procedure code.
        unit: the implementing unit.
        case: the procedure's case.
    """

    label: str
    channel: str
    days_ago: int
    steps: list[Step] = field(default_factory=list)
    applicant: tuple[str, str] = ("Trần Thị Hoa", "079185004321")
    procedure: str = JUDICIAL_RECORD
    unit: str = "stp"
    case: str | None = "thong-thuong"


SCENARIOS: list[Scenario] = [
    Scenario("submitted", "online", 0),
    Scenario("received", "counter", 1, applicant=("Phan Văn Long", "001088007766")),
    Scenario(
        "refused",
        "online",
        3,
        [("tiepnhan.ttpvhcc", "refuse", {"reason": "Tờ khai không có chữ ký."})],
    ),
    Scenario(
        "processing",
        "counter",
        3,
        _TO_SPECIALIST,
        applicant=("Lê Thị Thu", "036190002233"),
    ),
    Scenario(
        "supplement",
        "online",
        5,
        [
            *_RECEIVE,
            *_TO_SPECIALIST,
            (
                "chuyenvien.stp",
                "request_supplement",
                {"reason": "Bổ sung bản chụp căn cước còn hạn sử dụng."},
            ),
        ],
    ),
    Scenario(
        "payment",
        "counter",
        2,
        [("tiepnhan.ttpvhcc", "request_payment", {})],
        applicant=("Võ Minh Tâm", "052095001122"),
    ),
    Scenario(
        "withdrawn",
        "online",
        4,
        [
            (
                "congdan",
                "withdraw",
                {"reason": "Tôi không còn cần phiếu lý lịch tư pháp."},
            )
        ],
    ),
    Scenario(
        "stopped",
        "counter",
        10,
        [
            *_TO_SPECIALIST,
            (
                "chuyenvien.stp",
                "stop",
                {"reason": "Người yêu cầu đã có Phiếu lý lịch tư pháp còn giá trị."},
            ),
        ],
        applicant=("Đặng Quốc Huy", "001091005544"),
    ),
    Scenario(
        "resolved",
        "counter",
        9,
        [*_TO_SPECIALIST, *_TO_LEADER, *_TO_CLERK, *_RESOLVE],
        applicant=("Ngô Thị Mai", "038187006655"),
    ),
    Scenario(
        "returned",
        "online",
        12,
        [*_RECEIVE, *_TO_SPECIALIST, *_TO_LEADER, *_TO_CLERK, *_RESOLVE, *_RETURN],
    ),
    Scenario(
        "overdue",
        "counter",
        16,
        _TO_SPECIALIST,
        applicant=("Bùi Văn Nam", "024093008877"),
    ),
    Scenario(
        "birth, overdue",
        "counter",
        2,
        [("tiepnhan.anbinh", "forward", {})],
        applicant=("Nguyễn Thị Lan", "001192003344"),
        procedure=BIRTH,
        unit="xa-an-binh",
        case=None,
    ),
]
"""Every status of the life cycle, and an overdue dossier at two levels."""

_COUNTER_OFFICER = {"stp": "tiepnhan.ttpvhcc", "xa-an-binh": "tiepnhan.anbinh"}


class _Clock:
    """A clock the seeding moves forward by hand."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in decomposed if ord(c) < 128)


def sample_pdf(title: str) -> bytes:
    """A one-page PDF with a title line, standing in for a scanned document.

    Args:
        title: the line to print (accents are dropped: the page uses a base font).

    Returns:
        The PDF's bytes.
    """
    text = _ascii(title).replace("\\", "").replace("(", "[").replace(")", "]")
    stream = f"BT /F1 18 Tf 60 760 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


async def seed_dossiers(ctx: AppContext, only_if_empty: bool = True) -> None:
    """File the demo dossiers of :data:`SCENARIOS`.

    Args:
        ctx: the application context.
        only_if_empty: file them only into a province without any dossier (at
            start-up, so that they are created once).
    """
    from core.dossiers.service import DossierService
    from core.dossiers.storage import LocalStorage
    from core.dossiers.tables import Dossier

    if only_if_empty and await Dossier.count() > 0:
        return
    now = dt.datetime.now(dt.UTC)
    clock = _Clock(now)
    service = DossierService(
        ctx.catalogue,
        ctx.plugins,
        LocalStorage(ctx.settings.attachments_dir),
        clock=clock,
    )
    actors = await _demo_actors(ctx)
    made = 0
    for scenario in SCENARIOS:
        try:
            await _play(service, clock, actors, scenario, now)
            made += 1
        except (UserError, KeyError, LookupError) as problem:
            # A province that changed the demo procedures must still start.
            log.warning(
                "demo_dossier_skipped",
                scenario=scenario.label,
                error=type(problem).__name__,
            )
    log.info("demo_dossiers_ready", count=made)


async def _demo_actors(ctx: AppContext) -> dict[str, Actor]:
    rows = await Account.select(Account._meta.primary_key, Account.username).where(
        Account.username.is_in([a[0] for a in DEMO_ACCOUNTS])
    )
    actors: dict[str, Actor] = {}
    for row in rows:
        found = await actor_for(row["id"], ctx.catalogue)
        if found is not None:
            actors[row["username"]] = found
    return actors


def _start(service: DossierService, now: dt.datetime, days_ago: int) -> dt.datetime:
    """A working moment ``days_ago`` working days before ``now``."""
    calendar = service.calendar
    local = now.astimezone(calendar.timezone)
    day = local.date()
    while days_ago > 0:
        day -= dt.timedelta(days=1)
        if calendar.is_working_day(day):
            days_ago -= 1
    if day == local.date():
        return now - dt.timedelta(minutes=30)
    opening = dt.datetime.combine(day, dt.time(8, 0), tzinfo=calendar.timezone)
    return calendar.next_working_moment(opening).astimezone(dt.UTC)


async def _play(
    service: DossierService,
    clock: _Clock,
    actors: dict[str, Actor],
    scenario: Scenario,
    now: dt.datetime,
) -> None:
    from core.dossiers.state import ActionInput

    clock.now = _start(service, now, scenario.days_ago)
    record = await _file(service, actors, scenario)
    for username, action, inputs in scenario.steps:
        clock.now = min(
            service.calendar.add_working_time(clock.now, dt.timedelta(hours=1)),
            now,
        )
        record = await service.act(
            record.id, action, ActionInput(**inputs), actors[username], record.version
        )


_ADDRESS = {"province": "99", "commune": "phuong-1", "street": "12 Đường Lê Lợi"}


def _birth_date(identifier: str) -> tuple[str, str]:
    """The sex (``1`` male, ``2`` female) and a birth date agreeing with a CCCD.

    The fourth digit of a citizen identity number gives the sex and the century,
    the next two the year of birth.
    """
    code = int(identifier[3])
    century = 1900 + 100 * (code // 2)
    return ("1" if code % 2 == 0 else "2"), f"{century + int(identifier[4:6])}-05-12"


def form_data(
    procedure: str, name: str, identifier: str, today: dt.date
) -> dict[str, Any]:
    """E-form answers of a demo dossier, as a person would type them.

    Args:
        procedure: the procedure code (the judicial record or the birth).
        name: the applicant's full name.
        identifier: the applicant's CCCD.
        today: the day of filing (a child is born shortly before it).

    Returns:
        The form data, or an empty mapping for another procedure.
    """
    sex, born = _birth_date(identifier)
    if procedure == JUDICIAL_RECORD:
        return {
            "full_name": name,
            "gender": sex,
            "birth_date": born,
            "birth_place": "Tỉnh Demo",
            "nationality": "VN",
            "ethnic_group": "01",
            "id_kind": "cccd",
            "cccd": identifier,
            "id_issued_on": "2021-06-01",
            "permanent_address": dict(_ADDRESS),
            "phone": "0912345678",
            "residence_history": [
                {
                    "from_date": f"{int(born[:4]) + 14}-06-01",
                    "place": "12 Đường Lê Lợi, phường 1",
                }
            ],
            "has_conviction": "none",
            "certificate_type": "1",
            "purpose": "Bổ sung hồ sơ xin việc",
            "pledge": "true",
        }
    if procedure == BIRTH:
        return {
            "requester_name": name,
            "requester_cccd": identifier,
            "requester_relation": "mother",
            "requester_phone": "0912345678",
            "child_name": "Nguyễn Minh Khang",
            "child_gender": "1",
            "child_birth_date": (today - dt.timedelta(days=10)).isoformat(),
            "birth_place_kind": "facility",
            "health_facility": "Bệnh viện Đa khoa tỉnh Demo",
            "birth_place": dict(_ADDRESS),
            "child_ethnic_group": "01",
            "child_nationality": "VN",
            "hometown": "Xã An Bình, tỉnh Demo",
            "mother_name": name,
            "mother_birth_date": born,
            "mother_ethnic_group": "01",
            "mother_nationality": "VN",
            "mother_cccd": identifier,
            "mother_residence": dict(_ADDRESS),
            "pledge": "true",
        }
    return {}


async def _file(
    service: DossierService, actors: dict[str, Actor], scenario: Scenario
) -> DossierRecord:
    from core.dossiers.filing import ComponentInput, Upload

    online = scenario.channel == "online"
    name, identifier = (
        ("Nguyễn Văn An", "001099012345") if online else scenario.applicant
    )
    filer = actors["congdan" if online else _COUNTER_OFFICER[scenario.unit]]
    draft = FilingDraft(
        procedure_code=scenario.procedure,
        procedure_version=0,
        case_code=scenario.case,
        channel=scenario.channel,
        unit_id=scenario.unit,
        applicant=Applicant(
            kind="citizen",
            name=name,
            identifier_kind="cccd",
            identifier=identifier,
            phone="0912345678",
            email="congdan@example.vn" if online else None,
            address="12 Đường Lê Lợi, phường 1, tỉnh Demo",
        ),
        form_data=form_data(
            scenario.procedure,
            name,
            identifier,
            service.clock().astimezone(service.calendar.timezone).date(),
        ),
        account_id=filer.account_id if online else None,
    )
    upload = Upload(
        filename="to-khai.pdf",
        data=sample_pdf(f"To khai - {name}"),
        component_code="to-khai",
    )
    received = [] if online else [ComponentInput(code="to-khai", paper_original=True)]
    return await service.file_dossier(draft, filer, [upload], received)
