"""The dossier service: filing dossiers and acting on them.

Every change runs in one transaction that writes the dossier, its history row and
an audit event together. An action names the ``version`` of the dossier it was
decided on; the update only applies to that version, so of two officers acting at
once one wins and the other gets a conflict (409), and nothing is recorded twice.
Plugins are asked before a filing (``motcua_prepare_filing``) and told after each
committed change (``motcua_dossier_event``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import msgspec
import structlog
from piccolo.columns.base import Column

from core import audit
from core.accounts.service import actor_for
from core.calendar import WorkingCalendar
from core.catalogue.catalogue import Catalogue
from core.catalogue.model import ProcedureSpec
from core.db import transaction
from core.dossiers import deadlines, engine, hooks, queries
from core.dossiers.access import can_view
from core.dossiers.codes import next_code
from core.dossiers.engine import WorkflowContext
from core.dossiers.filing import (
    ComponentInput,
    Upload,
    check_case,
    check_channel,
    check_components,
    normalise_applicant,
    place,
)
from core.dossiers.procedures import ProcedureVersions
from core.dossiers.records import DossierRecord, state_of
from core.dossiers.state import (
    SYSTEM,
    ActionInput,
    DossierState,
    EventDraft,
    NotAllowedForActor,
    Transition,
)
from core.dossiers.statuses import Channel, Status, channel_code
from core.dossiers.storage import FileCheck, Storage, inspect_upload, new_key
from core.dossiers.tables import (
    Apology,
    Attachment,
    Dossier,
    DossierComponent,
    DossierHistory,
)
from core.errors import Conflict, NotFound
from core.events import DossierEvent, FilingDraft
from core.permissions import Actor
from core.plugin_manager import PluginManager

__all__ = ["Clock", "DossierService", "StaleDossier"]

log = structlog.get_logger(__name__)
Clock = Callable[[], dt.datetime]


class StaleDossier(Conflict):
    """The dossier changed since it was read (409)."""

    def __init__(self) -> None:
        super().__init__(
            "Hồ sơ vừa được cập nhật bởi người khác; hãy tải lại và thử lại.",
            "The dossier was changed by someone else; reload it and try again.",
        )


@dataclass(frozen=True)
class _Filing:
    """A filing whose every input was checked, ready to be written."""

    procedure: ProcedureSpec
    receiving_code: str
    components: dict[str, ComponentInput]
    files: list[Upload]
    checks: list[FileCheck]
    now: dt.datetime
    transition: Transition


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class DossierService:
    """Filing, actions and access-checked reads of dossiers.

    Args:
        catalogue: the loaded province configuration.
        plugins: the installed plugins.
        storage: where attachments are kept.
        calendar: the working calendar (built from the catalogue when omitted).
        clock: gives the present moment, timezone-aware (tests pass a fixed one).
    """

    def __init__(
        self,
        catalogue: Catalogue,
        plugins: PluginManager,
        storage: Storage,
        *,
        calendar: WorkingCalendar | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.catalogue = catalogue
        self.plugins = plugins
        self.storage = storage
        self.calendar = calendar or WorkingCalendar.from_spec(catalogue.calendar)
        self.clock = clock or _utc_now
        self.versions = ProcedureVersions(catalogue, plugins)

    def context(self, procedure: ProcedureSpec) -> WorkflowContext:
        """The workflow engine's context for a dossier of ``procedure``."""
        return WorkflowContext.build(self.catalogue, procedure, self.calendar)

    # --- filing -----------------------------------------------------------------------

    async def file_dossier(
        self,
        draft: FilingDraft,
        actor: Actor,
        files: Sequence[Upload] = (),
        components: Sequence[ComponentInput] = (),
    ) -> DossierRecord:
        """File a dossier: online it awaits receipt, at the counter or by post it
        is received at once and gets its appointment.

        Args:
            draft: the filing; ``procedure_version`` 0 means the current version.
            actor: the applicant (online) or the receiving officer (counter, post).
            files: uploaded files, checked against the procedure's limits.
            components: what was handed in per component (counter and post).

        Returns:
            The new dossier.

        Raises:
            InvalidInput: a field is wrong (400).
            FilingRefused: plugins found problems (400).
            NotAllowedForActor: the actor may not file this way (403).
            Conflict: the procedure changed since the form was opened (409).
        """
        filing = await self._checked(draft, actor, files, components)
        problems = await hooks.prepare_filing(self.plugins, draft, filing.procedure)
        if problems:
            raise hooks.FilingRefused(problems)
        keys = await self._store(draft, filing)
        try:
            dossier_id, code = await self._write_filing(draft, filing, actor, keys)
        except BaseException:
            for key in keys:
                await self.storage.delete(key)
            raise
        log.info(
            "dossier_filed",
            dossier=code,
            procedure=draft.procedure_code,
            channel=draft.channel,
            unit=draft.unit_id,
        )
        record = await self._reload(dossier_id)
        event = filing.transition.event
        await self._notify(record, event, actor, filing.procedure, filing.now)
        return record

    async def _checked(
        self,
        draft: FilingDraft,
        actor: Actor,
        files: Sequence[Upload],
        components: Sequence[ComponentInput],
    ) -> _Filing:
        """Check everything about a filing that can be checked before writing."""
        procedure = self.versions.spec(draft.procedure_code)
        version = await self.versions.current_version(draft.procedure_code)
        if draft.procedure_version not in (0, version):
            raise Conflict(
                "Thủ tục vừa được cập nhật; hãy mở lại biểu mẫu.",
                "The procedure has changed; open the form again.",
            )
        draft.procedure_version = version
        channel = check_channel(procedure, draft.channel)
        _implementing, receiving = place(self.catalogue, procedure, draft.unit_id)
        check_case(procedure, draft.case_code)
        draft.applicant = normalise_applicant(draft.applicant, procedure)
        source = "digitised" if actor.is_staff else "uploaded"
        chosen = check_components(procedure, draft.case_code, components, files, source)
        draft.components = _received_codes(chosen)
        checks = [inspect_upload(f.data, procedure.attachments) for f in files]
        now = self.clock()
        return _Filing(
            procedure=procedure,
            receiving_code=receiving.code,
            components=chosen,
            files=list(files),
            checks=checks,
            now=now,
            transition=self._opening(
                draft, procedure, channel, actor, receiving.id, now
            ),
        )

    def _opening(
        self,
        draft: FilingDraft,
        procedure: ProcedureSpec,
        channel: Channel,
        actor: Actor,
        receiving_id: str,
        now: dt.datetime,
    ) -> Transition:
        """The first state of a new dossier and its first history row."""
        first = procedure.workflow.steps[0]
        state = DossierState(
            status=int(Status.SUBMITTED),
            unit_id=draft.unit_id,
            receiving_unit_id=receiving_id,
            step_code=first.code,
            submitted_at=now,
            case_code=draft.case_code,
            account_id=draft.account_id,
            step_started_at=now,
            step_due_at=deadlines.step_due(self.calendar, first, now),
        )
        ctx = self.context(procedure)
        if channel is Channel.ONLINE:
            if actor.is_staff or "dossier.file" not in actor.permissions:
                raise NotAllowedForActor(
                    "Chỉ công dân, tổ chức có tài khoản mới nộp hồ sơ trực tuyến.",
                    "Only citizens and businesses file dossiers online.",
                )
            state = msgspec.structs.replace(state, account_id=actor.account_id)
            draft.account_id = actor.account_id
            event = EventDraft(
                action="submit",
                from_status=None,
                to_status=state.status,
                from_step=None,
                to_step=first.code,
                from_unit_id=None,
                to_unit_id=engine.step_unit(first, state, ctx),
            )
            return Transition(state=state, event=event)
        # At the counter or by post the officer receives the dossier right away.
        received = engine.apply(state, ctx, actor, "receive", ActionInput(), now)
        opened = msgspec.structs.replace(received.event, from_status=None)
        return Transition(state=received.state, event=opened)

    async def _store(self, draft: FilingDraft, filing: _Filing) -> list[str]:
        keys = []
        for upload, check in zip(filing.files, filing.checks, strict=True):
            key = new_key(draft.procedure_code, check.extension)
            await self.storage.put(key, upload.data)
            keys.append(key)
        return keys

    async def _write_filing(
        self, draft: FilingDraft, filing: _Filing, actor: Actor, keys: Sequence[str]
    ) -> tuple[int, str]:
        transition, now = filing.transition, filing.now
        async with transaction():
            code = await next_code(filing.receiving_code, self._local_day(now))
            values = {
                **self._state_columns(transition.state, filing.procedure),
                **_draft_columns(draft),
                "code": code,
                "channel": channel_code(draft.channel),
                "created_by": actor.account_id if actor.is_staff else None,
                "updated_at": now,
                "version": 1,
            }
            rows = await Dossier.insert(Dossier(**values)).returning(Dossier.id)
            dossier_id = int(rows[0]["id"])
            await _insert_components(dossier_id, filing.components)
            await _insert_files(
                dossier_id, filing.files, filing.checks, keys, actor, now
            )
            await self._record(
                dossier_id, code, transition, actor, filing.procedure, now
            )
        return dossier_id, code

    # --- actions ----------------------------------------------------------------------

    async def act(
        self,
        dossier_id: int,
        action: str,
        inputs: ActionInput,
        actor: Actor,
        expected_version: int,
    ) -> DossierRecord:
        """Perform ``action`` on a dossier.

        Args:
            dossier_id: the dossier.
            action: an action name (see :data:`core.dossiers.engine.RULES`).
            inputs: the action's inputs.
            actor: who acts, or :data:`~core.dossiers.state.SYSTEM`.
            expected_version: the dossier version the actor decided on.

        Returns:
            The dossier after the action.

        Raises:
            NotFound: no such dossier, or the actor may not see it (404).
            StaleDossier: the dossier changed meanwhile (409).
            NotAllowedNow, NotAllowedForActor, InvalidInput: see
                :func:`core.dossiers.engine.apply`.
        """
        record = await self._visible(dossier_id, actor)
        if record.version != expected_version:
            raise StaleDossier()
        procedure = await self.versions.spec_of(
            record.procedure_code, record.procedure_version
        )
        assignee = None
        if inputs.assignee_id is not None:
            assignee = await actor_for(inputs.assignee_id, self.catalogue)
        now = self.clock()
        transition = engine.apply(
            state_of(record),
            self.context(procedure),
            actor,
            action,
            inputs,
            now,
            assignee,
        )
        await self._write_action(record, procedure, transition, actor, now)
        log.info(
            "dossier_action",
            dossier=record.code,
            action=action,
            from_status=record.status,
            to_status=transition.state.status,
        )
        updated_record = await self._reload(dossier_id)
        await self._notify(updated_record, transition.event, actor, procedure, now)
        return updated_record

    async def _write_action(
        self,
        record: DossierRecord,
        procedure: ProcedureSpec,
        transition: Transition,
        actor: Actor,
        now: dt.datetime,
    ) -> None:
        """Write an accepted action if the dossier is still at the version read."""
        values: dict[Column | str, Any] = {
            "version": record.version + 1,
            "updated_at": now,
        }
        values.update(self._state_columns(transition.state, procedure))
        same_version = (Dossier.id == record.id) & (Dossier.version == record.version)
        async with transaction():
            updated = (
                await Dossier.update(values).where(same_version).returning(Dossier.id)
            )
            if not updated:
                raise StaleDossier()
            await self._record(
                record.id, record.code, transition, actor, procedure, now
            )
            if transition.event.action == "apologise":
                await _insert_apology(record.id, record, transition, actor, now)

    async def act_as_system(
        self,
        dossier_id: int,
        action: str,
        inputs: ActionInput | None = None,
        attempts: int = 3,
    ) -> DossierRecord:
        """Perform an action of the application itself, retrying on conflicts.

        A gateway's payment confirmation must not fail because an officer touched
        the dossier at the same moment, so a stale version is re-read and retried.
        """
        for attempt in range(1, attempts + 1):
            record = await self._visible(dossier_id, SYSTEM)
            try:
                return await self.act(
                    dossier_id, action, inputs or ActionInput(), SYSTEM, record.version
                )
            except StaleDossier:
                if attempt == attempts:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    async def confirm_payment(
        self, dossier_id: int, data: dict[str, Any] | None = None
    ) -> DossierRecord:
        """Record that the dossier's fees are paid (for the fees plugin).

        A dossier awaiting payment (status 6) goes back to processing; in other open
        statuses only the payment status changes.

        Args:
            dossier_id: the dossier.
            data: what to keep with the event (receipt number, gateway reference).

        Returns:
            The dossier after the change.
        """
        return await self.act_as_system(
            dossier_id, "confirm_payment", ActionInput(data=data or {})
        )

    async def allowed_actions(
        self, record: DossierRecord, actor: Actor
    ) -> frozenset[str]:
        """The actions ``actor`` may perform on ``record`` now."""
        procedure = await self.versions.spec_of(
            record.procedure_code, record.procedure_version
        )
        return engine.allowed_actions(state_of(record), self.context(procedure), actor)

    # --- shared -----------------------------------------------------------------------

    async def _visible(self, dossier_id: int, actor: Actor) -> DossierRecord:
        record = await queries.load(dossier_id)
        if record is None or not (
            actor == SYSTEM or can_view(actor, record, self.catalogue)
        ):
            raise NotFound("Không tìm thấy hồ sơ.", "No such dossier.")
        return record

    async def _reload(self, dossier_id: int) -> DossierRecord:
        record = await queries.load(dossier_id)
        if record is None:  # pragma: no cover - just written
            raise NotFound("Không tìm thấy hồ sơ.", "No such dossier.")
        return record

    def _local_day(self, moment: dt.datetime) -> dt.date:
        return moment.astimezone(self.calendar.timezone).date()

    def _state_columns(
        self, state: DossierState, procedure: ProcedureSpec
    ) -> dict[str, Any]:
        """Dossier columns for ``state``, the current step's unit and role included."""
        step = engine.current_step(state, self.context(procedure))
        return {
            **msgspec.structs.asdict(state),
            "step_unit_id": engine.step_unit(step, state, self.context(procedure)),
            "step_role": step.role,
        }

    async def _record(
        self,
        dossier_id: int,
        code: str,
        transition: Transition,
        actor: Actor,
        procedure: ProcedureSpec,
        now: dt.datetime,
    ) -> None:
        """Write the history row and the audit event of a change."""
        event = transition.event
        await DossierHistory.insert(
            DossierHistory(
                dossier=dossier_id,
                at=now,
                actor_id=None if actor == SYSTEM else actor.account_id,
                actor_role=_role_used(actor, event, procedure),
                actor_unit_id=actor.unit_id,
                **_event_columns(event),
            )
        )
        await audit.record(
            f"dossier_{event.action}",
            actor=None if actor == SYSTEM else actor,
            object_type="dossier",
            object_id=code,
            unit_id=transition.state.unit_id,
            detail={
                "from_status": event.from_status,
                "to_status": event.to_status,
                "from_step": event.from_step,
                "to_step": event.to_step,
            },
        )

    async def _notify(
        self,
        record: DossierRecord,
        event: EventDraft,
        actor: Actor,
        procedure: ProcedureSpec,
        now: dt.datetime,
    ) -> None:
        message = DossierEvent(
            dossier_id=record.id,
            dossier_code=record.code,
            procedure_code=record.procedure_code,
            procedure_version=record.procedure_version,
            action=event.action,
            from_status=event.from_status,
            to_status=event.to_status,
            step=event.to_step,
            actor_id=None if actor == SYSTEM else actor.account_id,
            at=now,
            note=event.note or None,
            data=dict(event.extra),
        )
        await hooks.notify(self.plugins, message, procedure)


def _draft_columns(draft: FilingDraft) -> dict[str, Any]:
    applicant = draft.applicant
    return {
        "procedure_code": draft.procedure_code,
        "procedure_version": draft.procedure_version,
        "applicant_kind": applicant.kind,
        "applicant_name": applicant.name,
        "applicant_identifier_kind": applicant.identifier_kind,
        "applicant_identifier": applicant.identifier,
        "applicant_phone": applicant.phone,
        "applicant_email": applicant.email,
        "applicant_address": applicant.address,
        "applicant_category": applicant.category,
        "lang": draft.lang if draft.lang in ("vi", "en") else "vi",
        "form_data": msgspec.json.encode(draft.form_data).decode(),
        "plugin_data": msgspec.json.encode(draft.plugin_data).decode(),
    }


def _event_columns(event: EventDraft) -> dict[str, Any]:
    values = msgspec.structs.asdict(event)
    values["extra"] = msgspec.json.encode(event.extra).decode()
    return values


def _role_used(actor: Actor, event: EventDraft, procedure: ProcedureSpec) -> str:
    """The capacity in which ``actor`` acted, for the monitoring sheet."""
    if actor == SYSTEM:
        return "system"
    if not actor.is_staff:
        return "applicant"
    for step in procedure.workflow.steps:
        if step.code == event.from_step and step.role in actor.roles:
            return step.role
    return "assignee" if not actor.roles else sorted(actor.roles)[0]


def _received_codes(chosen: dict[str, ComponentInput]) -> list[str]:
    """Codes of the components actually handed in, for plugins that need proof.

    A component counts when its paper original, a copy or an electronic copy was
    received; one merely listed by the procedure does not.
    """
    return [
        code
        for code, item in chosen.items()
        if item.paper_original or item.copies or item.source
    ]


async def _insert_components(
    dossier_id: int, chosen: dict[str, ComponentInput]
) -> None:
    rows = [
        DossierComponent(
            dossier=dossier_id,
            component_code=item.code,
            paper_original=item.paper_original,
            copies=item.copies,
            source=item.source,
            reused_from=item.reused_from,
            note=item.note,
        )
        for item in chosen.values()
    ]
    if rows:
        await DossierComponent.insert(*rows)


async def _insert_files(
    dossier_id: int,
    files: Sequence[Upload],
    checks: Sequence[FileCheck],
    keys: Sequence[str],
    actor: Actor,
    now: dt.datetime,
) -> None:
    rows = [
        _attachment_row(dossier_id, upload, check, key, actor, now)
        for upload, check, key in zip(files, checks, keys, strict=True)
    ]
    if rows:
        await Attachment.insert(*rows)


def _attachment_row(
    dossier_id: int,
    upload: Upload,
    check: FileCheck,
    key: str,
    actor: Actor,
    now: dt.datetime,
) -> Attachment:
    return Attachment(
        dossier=dossier_id,
        component_code=upload.component_code,
        purpose=upload.purpose,
        storage_key=key,
        original_name=upload.filename[:255] or f"file.{check.extension}",
        mime_type=check.mime_type,
        extension=check.extension,
        size=check.size,
        sha256=check.sha256,
        uploaded_by=actor.account_id,
        uploaded_at=now,
    )


async def _insert_apology(
    dossier_id: int,
    record: DossierRecord,
    transition: Transition,
    actor: Actor,
    now: dt.datetime,
) -> None:
    new_due = transition.state.apology_due_at
    assert new_due is not None  # the engine refuses an apology without a date
    await Apology.insert(
        Apology(
            dossier=dossier_id,
            at=now,
            actor_id=actor.account_id,
            reason=transition.event.note,
            previous_due_at=record.apology_due_at or record.due_at,
            new_due_at=new_due,
        )
    )
