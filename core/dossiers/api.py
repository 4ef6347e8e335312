"""HTTP routes of dossiers: a JSON API under ``/api/dossiers`` and ``/api/lookup``,
and the printed documents as HTML pages.

Every handler declares its permission in ``opt``; the finer checks (who may see a
dossier, who may act at its step) are made by the service. Errors answer with the
application's JSON error body: 400 for bad input (with the field), 403 when the
account may not act, 404 for a dossier it may not see, 409 for a state or version
conflict, 429 for too many failed look-ups.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any, Literal

import msgspec
from litestar import Controller, Request, Response, get, post, put
from litestar.datastructures import UploadFile
from litestar.params import (
    FromPath,
    FromQuery,
    JSONBody,
    MultipartBody,
    QueryParameter,
)

from core.catalogue.model import text_in
from core.dossiers import deadlines, queries, reading
from core.dossiers.attachments import add_attachment, read_attachment, record_component
from core.dossiers.filing import ComponentInput, Upload
from core.dossiers.hooks import FilingRefused
from core.dossiers.lookup import LookupResult, lookup
from core.dossiers.printing import (
    load_print_data,
    print_environment,
    render_document,
    render_register,
)
from core.dossiers.queries import Filters
from core.dossiers.ratings import RatingLevel, rate
from core.dossiers.records import (
    AttachmentRecord,
    ComponentRecord,
    DossierRecord,
    HistoryRecord,
    Page,
)
from core.dossiers.service import DossierService
from core.dossiers.state import ActionInput
from core.dossiers.tables import Dossier
from core.errors import Forbidden, NotFound
from core.events import Applicant, FilingDraft
from core.permissions import PUBLIC, SIGNED_IN, Actor, may

__all__ = [
    "ActionRequest",
    "DossierView",
    "FilingRequest",
    "LookupRequest",
    "routes",
]

SIGNED = {"permission": SIGNED_IN}
_MB = 1024 * 1024


# --- request and response bodies -----------------------------------------------------


class FilingRequest(msgspec.Struct, kw_only=True):
    """A filing: online by the applicant, or at the counter or by post by staff."""

    procedure_code: str
    unit_id: str
    applicant: Applicant
    channel: Literal["counter", "online", "post"] = "online"
    case_code: str | None = None
    procedure_version: int = 0
    form_data: dict[str, Any] = {}
    components: list[ComponentInput] = []
    lang: Literal["vi", "en"] = "vi"


class ActionRequest(msgspec.Struct, kw_only=True):
    """An action's inputs with the dossier version the decision was made on."""

    version: int
    reason: str = ""
    assignee_id: int | None = None
    target_step: str | None = None
    target_unit: str | None = None
    new_due_at: dt.datetime | None = None


class ComponentRequest(msgspec.Struct, kw_only=True):
    """What was handed in on paper for one component."""

    paper_original: bool = False
    copies: int = 0
    source: str | None = None
    reused_from: str | None = None
    note: str = ""


class LookupRequest(msgspec.Struct, kw_only=True):
    """A public look-up: the dossier code and the applicant's identifier or phone."""

    code: str
    secret: str


class RatingRequest(msgspec.Struct, kw_only=True):
    """The applicant's satisfaction with a dossier."""

    level: RatingLevel
    comment: str = ""


class DossierView(msgspec.Struct, kw_only=True):
    """A dossier with what the reader may do on it and how it stands in time."""

    dossier: DossierRecord
    allowed_actions: list[str]
    timeliness: str | None
    late_for_index: bool
    procedure_name: str
    unit_name: str
    step_name: str


@dataclass
class UploadForm:
    """A file upload: the file and the component it belongs to."""

    file: UploadFile
    component_code: str | None = None
    purpose: Literal["component", "result"] = "component"


# --- helpers ------------------------------------------------------------------------


def _service(request: Request[Any, Any, Any]) -> DossierService:
    from core.web.common import dossier_service

    return dossier_service(request)


def _actor(request: Request[Any, Any, Any]) -> Actor:
    found: Actor | None = request.scope.get("state", {}).get("actor")
    if found is None:  # the route's guard lets only signed-in accounts through
        raise Forbidden("Vui lòng đăng nhập.", "Please sign in.", status=401)
    return found


def _lang(request: Request[Any, Any, Any]) -> str:
    return str(request.scope.get("state", {}).get("lang") or "vi")


async def _view(
    service: DossierService, record: DossierRecord, actor: Actor, lang: str
) -> DossierView:
    procedure = await service.versions.spec_of(
        record.procedure_code, record.procedure_version
    )
    step = next(s for s in procedure.workflow.steps if s.code == record.step_code)
    unit = service.catalogue.units.get(record.unit_id)
    return DossierView(
        dossier=record,
        allowed_actions=sorted(await service.allowed_actions(record, actor)),
        timeliness=reading.timeliness(service, record),
        late_for_index=deadlines.late_for_index(
            record.result_class, record.supplement_count
        ),
        procedure_name=text_in(procedure.name, lang),
        unit_name=unit.name_in(lang) if unit else record.unit_id,
        step_name=text_in(step.name, lang),
    )


def _on_filing_refused(
    request: Request[Any, Any, Any], exc: FilingRefused
) -> Response[Any]:
    return Response(
        {
            "error": exc.message(_lang(request)),
            "status": 400,
            "problems": [{"path": p, "message": m} for p, m in exc.problems],
        },
        status_code=400,
    )


# --- the JSON API -------------------------------------------------------------------


class DossierController(Controller):
    """Filing, reading and acting on dossiers."""

    path = "/api/dossiers"
    tags = ("dossiers",)
    # Litestar reads this once when the route is registered; it is never mutated.
    exception_handlers = {FilingRefused: _on_filing_refused}  # noqa: RUF012

    @post("/", opt=SIGNED, status_code=201, summary="File a dossier")
    async def file(
        self, request: Request[Any, Any, Any], data: JSONBody[FilingRequest]
    ) -> DossierView:
        """File a dossier. Online filings (by a citizen or business account) await
        receipt; counter and post filings (by a receiving officer of the receiving
        unit) are received at once with their appointment. Files are added
        afterwards through ``POST /api/dossiers/{id}/files``."""
        service, actor = _service(request), _actor(request)
        draft = FilingDraft(
            procedure_code=data.procedure_code,
            procedure_version=data.procedure_version,
            case_code=data.case_code,
            channel=data.channel,
            unit_id=data.unit_id,
            applicant=data.applicant,
            form_data=data.form_data,
            lang=data.lang,
        )
        record = await service.file_dossier(draft, actor, components=data.components)
        return await _view(service, record, actor, _lang(request))

    @get("/", opt=SIGNED, summary="List dossiers")
    async def list_dossiers(
        self,
        request: Request[Any, Any, Any],
        list_scope: Annotated[
            Literal["inbox", "unit", "mine"], QueryParameter(name="scope")
        ] = "mine",
        status: FromQuery[list[int] | None] = None,
        procedure_code: FromQuery[str | None] = None,
        channel: FromQuery[int | None] = None,
        unit_id: FromQuery[str | None] = None,
        assignee_id: FromQuery[int | None] = None,
        received_from: FromQuery[dt.datetime | None] = None,
        received_to: FromQuery[dt.datetime | None] = None,
        finished_from: FromQuery[dt.datetime | None] = None,
        finished_to: FromQuery[dt.datetime | None] = None,
        overdue: FromQuery[bool] = False,
        q: FromQuery[str | None] = None,
        sort: FromQuery[Literal["newest", "oldest", "due"]] = "newest",
        page: FromQuery[int] = 1,
        per_page: FromQuery[int] = 20,
    ) -> Page:
        """One page of dossiers: ``inbox`` (waiting for the officer or their unit's
        pool), ``unit`` (every dossier of the units the officer may see) or
        ``mine`` (the applicant's own). ``per_page`` is at most 100."""
        filters = Filters(
            status=status or [],
            procedure_code=procedure_code,
            channel=channel,
            unit_id=unit_id,
            assignee_id=assignee_id,
            received_from=received_from,
            received_to=received_to,
            finished_from=finished_from,
            finished_to=finished_to,
            overdue=overdue,
            q=q,
            sort=sort,
            page=page,
            per_page=per_page,
        )
        return await reading.listing(
            _service(request), _actor(request), list_scope, filters
        )

    @get("/{dossier_id:int}", opt=SIGNED, summary="Read a dossier")
    async def read(
        self, request: Request[Any, Any, Any], dossier_id: FromPath[int]
    ) -> DossierView:
        """A dossier with the actions the reader may perform now."""
        service, actor = _service(request), _actor(request)
        record = await reading.get(service, dossier_id, actor)
        return await _view(service, record, actor, _lang(request))

    @get("/by-code/{code:str}", opt=SIGNED, summary="Read a dossier by its code")
    async def read_by_code(
        self, request: Request[Any, Any, Any], code: FromPath[str]
    ) -> DossierView:
        """A dossier found by its code."""
        service, actor = _service(request), _actor(request)
        record = await reading.get_by_code(service, code, actor)
        return await _view(service, record, actor, _lang(request))

    @post(
        "/{dossier_id:int}/actions/{action:str}",
        opt=SIGNED,
        status_code=200,
        summary="Act on a dossier",
    )
    async def act(
        self,
        request: Request[Any, Any, Any],
        dossier_id: FromPath[int],
        action: FromPath[str],
        data: JSONBody[ActionRequest],
    ) -> DossierView:
        """Perform a workflow action. ``version`` must be the dossier version the
        decision was made on: if someone acted meanwhile the answer is 409."""
        service, actor = _service(request), _actor(request)
        inputs = ActionInput(
            reason=data.reason,
            assignee_id=data.assignee_id,
            target_step=data.target_step,
            target_unit=data.target_unit,
            new_due_at=data.new_due_at,
        )
        record = await service.act(dossier_id, action, inputs, actor, data.version)
        return await _view(service, record, actor, _lang(request))

    @get("/{dossier_id:int}/history", opt=SIGNED, summary="A dossier's history")
    async def history(
        self, request: Request[Any, Any, Any], dossier_id: FromPath[int]
    ) -> list[HistoryRecord]:
        """Every recorded action, oldest first: the monitoring sheet's rows."""
        return await reading.history(_service(request), dossier_id, _actor(request))

    @get("/{dossier_id:int}/components", opt=SIGNED, summary="Components handed in")
    async def components(
        self, request: Request[Any, Any, Any], dossier_id: FromPath[int]
    ) -> list[ComponentRecord]:
        """What was handed in for each component of the procedure."""
        return await reading.components(_service(request), dossier_id, _actor(request))

    @put(
        "/{dossier_id:int}/components/{code:str}",
        opt=SIGNED,
        summary="Record a component's paper",
    )
    async def record_component(
        self,
        request: Request[Any, Any, Any],
        dossier_id: FromPath[int],
        code: FromPath[str],
        data: JSONBody[ComponentRequest],
    ) -> ComponentRecord:
        """Record the paper original and copies received for one component."""
        item = ComponentInput(code=code, **msgspec.structs.asdict(data))
        return await record_component(
            _service(request), dossier_id, item, _actor(request)
        )

    @get(
        "/{dossier_id:int}/mismatches",
        opt=SIGNED,
        summary="Paper and electronic copies that disagree",
    )
    async def mismatches(
        self, request: Request[Any, Any, Any], dossier_id: FromPath[int]
    ) -> list[reading.Mismatch]:
        """Components received on paper without a scan, scanned without the
        required original, or required and missing."""
        return await reading.mismatches(_service(request), dossier_id, _actor(request))

    @get("/{dossier_id:int}/files", opt=SIGNED, summary="A dossier's files")
    async def files(
        self, request: Request[Any, Any, Any], dossier_id: FromPath[int]
    ) -> list[AttachmentRecord]:
        """The dossier's files (names, types, sizes and checksums)."""
        return await reading.attachments(_service(request), dossier_id, _actor(request))

    @post(
        "/{dossier_id:int}/files",
        opt=SIGNED,
        status_code=201,
        summary="Upload a file",
        request_max_body_size=100 * _MB,
    )
    async def upload(
        self,
        request: Request[Any, Any, Any],
        dossier_id: FromPath[int],
        data: MultipartBody[UploadForm],
    ) -> AttachmentRecord:
        """Add a file to a dossier (multipart: ``file``, ``component_code``,
        ``purpose``). Its type is read from its content and checked against the
        procedure's limits."""
        upload = Upload(
            filename=data.file.filename or "",
            data=await data.file.read(),
            component_code=data.component_code,
            purpose=data.purpose,
        )
        return await add_attachment(
            _service(request), dossier_id, upload, _actor(request)
        )

    @get(
        "/{dossier_id:int}/files/{file_id:int}",
        opt=SIGNED,
        summary="Download a file",
        media_type="application/octet-stream",
    )
    async def download(
        self,
        request: Request[Any, Any, Any],
        dossier_id: FromPath[int],
        file_id: FromPath[int],
    ) -> Response[bytes]:
        """The file's bytes, as the type its content was checked to be."""
        record, data = await read_attachment(
            _service(request), dossier_id, file_id, _actor(request)
        )
        return Response(
            data,
            media_type=record.mime_type,
            headers={
                "content-disposition": (
                    f'attachment; filename="file-{record.id}.{record.extension}"'
                ),
                "x-content-type-options": "nosniff",
            },
        )

    @post(
        "/{dossier_id:int}/rating",
        opt=SIGNED,
        status_code=201,
        summary="Rate a dossier",
    )
    async def rating(
        self,
        request: Request[Any, Any, Any],
        dossier_id: FromPath[int],
        data: JSONBody[RatingRequest],
    ) -> dict[str, Any]:
        """The applicant rates their resolved dossier once: ``very_satisfied``,
        ``satisfied`` or ``not_satisfied``."""
        await rate(
            _service(request), dossier_id, data.level, _actor(request), data.comment
        )
        return {"dossier_id": dossier_id, "level": data.level}


@post("/api/lookup", opt={"permission": PUBLIC}, tags=["lookup"], status_code=200)
async def public_lookup(
    request: Request[Any, Any, Any], data: JSONBody[LookupRequest]
) -> LookupResult:
    """Look a dossier up by its code and the applicant's identifier or phone number.
    A wrong pair answers 404 exactly like an unknown code; too many failures from
    one address answer 429 for 15 minutes."""
    client = request.client.host if request.client else "unknown"
    return await lookup(
        _service(request), data.code, data.secret, client, _lang(request)
    )


# --- printed documents --------------------------------------------------------------


def _html(page: str) -> Response[str]:
    return Response(page, media_type="text/html; charset=utf-8")


@get(
    "/dossiers/{code:str}/print/{document:str}",
    opt=SIGNED,
    tags=["printing"],
    media_type="text/html",
    summary="Print a dossier document",
)
async def print_document(
    request: Request[Any, Any, Any], code: FromPath[str], document: FromPath[str]
) -> Response[str]:
    """An A4 page of document ``01`` to ``06`` of a dossier (receipt and
    appointment, supplement request, refusal, apology, stop notice, monitoring
    sheet); 404 when the document does not apply to the dossier yet."""
    service, actor = _service(request), _actor(request)
    record = await reading.get_by_code(service, code, actor)
    procedure = await service.versions.spec_of(
        record.procedure_code, record.procedure_version
    )
    data = await load_print_data(record, procedure)
    settings = request.app.state.ctx.settings
    env = print_environment([settings.config_dir / "templates"])
    return _html(
        render_document(
            env, document, data, service.catalogue, settings.base_url, service.clock()
        )
    )


@get(
    "/staff/register/print",
    opt={"permission": "dossier.view_unit"},
    tags=["printing"],
    media_type="text/html",
    summary="Print the dossier register",
)
async def print_register(
    request: Request[Any, Any, Any],
    start: FromQuery[dt.date],
    end: FromQuery[dt.date],
    unit_id: FromQuery[str | None] = None,
) -> Response[str]:
    """The register (07) of dossiers received by or resolved in a unit from
    ``start`` to ``end`` (inclusive); the unit defaults to the viewer's."""
    service, actor = _service(request), _actor(request)
    unit = service.catalogue.units.get(unit_id or actor.unit_id or "")
    if unit is None or not may(actor, "dossier.view_unit", unit.path):
        raise NotFound("Không tìm thấy đơn vị.", "No such unit.")
    rows = await _register_rows(service, unit.id, start, end)
    settings = request.app.state.ctx.settings
    env = print_environment([settings.config_dir / "templates"])
    return _html(
        render_register(
            env, service.catalogue, unit.id, start, end, rows, service.clock()
        )
    )


async def _register_rows(
    service: DossierService, unit_id: str, start: dt.date, end: dt.date
) -> list[tuple[DossierRecord, str | None, str]]:
    tz = service.calendar.timezone
    low = dt.datetime.combine(start, dt.time(), tzinfo=tz)
    high = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=tz)
    condition = (Dossier.unit_id == unit_id) | (Dossier.receiving_unit_id == unit_id)
    rows: list[tuple[DossierRecord, str | None, str]] = []
    page = 1
    while True:
        found = await queries.search(
            condition,
            Filters(
                received_from=low,
                received_to=high,
                sort="oldest",
                page=page,
                per_page=100,
            ),
            service.clock(),
        )
        for record in found.items:
            spec = service.catalogue.procedures.get(record.procedure_code)
            name = text_in(spec.name, "vi") if spec else record.procedure_code
            rows.append((record, reading.timeliness(service, record), name))
        if page * found.per_page >= found.total:
            return rows
        page += 1


def routes() -> list[Any]:
    """The dossier routes the application mounts."""
    return [DossierController, public_lookup, print_document, print_register]
