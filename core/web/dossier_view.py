"""Everything a dossier page shows, gathered once for staff and applicants alike.

A dossier page reads the dossier, the procedure version it was filed under, what was
handed in for each component with its files, the history (the monitoring sheet),
the deadline and the panels of the procedure's plugins. The staff page adds the
actions the workflow engine allows; the applicant's page shows the same facts in
plainer words.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from core.catalogue.catalogue import Catalogue
from core.catalogue.model import ProcedureSpec, text_in
from core.dossiers import queries, reading
from core.dossiers.filing import components_of
from core.dossiers.records import (
    AttachmentRecord,
    ComponentRecord,
    DossierRecord,
    HistoryRecord,
)
from core.dossiers.service import DossierService
from core.events import Panel
from core.i18n import current_lang
from core.permissions import Actor
from core.web.deadline import DeadlineView, deadline_view

__all__ = [
    "ComponentView",
    "DossierView",
    "TimelineRow",
    "build_view",
    "flat_form_data",
    "visible_dossier",
]


@dataclass
class ComponentView:
    """One component of the procedure with what was handed in for it."""

    code: str
    name: str
    required: bool
    originals: int
    copies: int
    received: ComponentRecord | None
    files: list[AttachmentRecord] = field(default_factory=list)


@dataclass
class TimelineRow:
    """One line of the monitoring sheet."""

    event: HistoryRecord
    step_from: str
    step_to: str
    unit: str


@dataclass
class DossierView:
    """A dossier as its page shows it."""

    record: DossierRecord
    procedure: ProcedureSpec
    step_name: str
    unit_name: str
    receiving_name: str
    components: list[ComponentView]
    other_files: list[AttachmentRecord]
    timeline: list[TimelineRow]
    deadline: DeadlineView | None
    panels: list[Panel]
    form_rows: list[tuple[str, str]]


async def visible_dossier(
    code: str, viewer: Actor | None, service: DossierService
) -> DossierRecord:
    """The dossier ``code`` if ``viewer`` may see it.

    Raises:
        NotFound: no such dossier, or one the viewer may not see; both answer the
            same, so a page never tells whether a code exists.
    """
    return await reading.get_by_code(service, code.strip()[:40], viewer)


def _step_names(spec: ProcedureSpec, lang: str) -> dict[str, str]:
    return {step.code: text_in(step.name, lang) for step in spec.workflow.steps}


def _unit_name(catalogue: Catalogue, unit_id: str | None, lang: str) -> str:
    unit = catalogue.units.get(unit_id or "")
    return text_in(unit.name, lang) if unit else (unit_id or "")


async def _components(
    record: DossierRecord, spec: ProcedureSpec, lang: str
) -> tuple[list[ComponentView], list[AttachmentRecord]]:
    received = {c.component_code: c for c in await queries.components(record.id)}
    files = [item for item, _key in await queries.attachment_rows(record.id)]
    views = []
    for component in components_of(spec, record.case_code):
        views.append(
            ComponentView(
                code=component.code,
                name=text_in(component.name, lang),
                required=component.required,
                originals=component.originals,
                copies=component.copies,
                received=received.get(component.code),
                files=[f for f in files if f.component_code == component.code],
            )
        )
    known = {view.code for view in views}
    others = [f for f in files if f.component_code not in known]
    return views, others


def flat_form_data(data: Any, prefix: str = "") -> list[tuple[str, str]]:
    """Form data as ``(path, text)`` rows, for procedures without an e-form plugin."""
    rows: list[tuple[str, str]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            rows += flat_form_data(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            rows += flat_form_data(value, f"{prefix}[{index + 1}]")
    elif data not in (None, ""):
        rows.append((prefix, str(data)))
    return rows


async def build_view(
    record: DossierRecord,
    service: DossierService,
    viewer: Actor,
    now: dt.datetime,
) -> DossierView:
    """Gather what the dossier page shows.

    Args:
        record: the dossier, already checked as visible to ``viewer``.
        service: the dossier service (catalogue, calendar, plugins, versions).
        viewer: the signed-in account.
        now: the present moment.

    Returns:
        The page's view.
    """
    from core.web.common import plugin_panels

    lang = current_lang()
    catalogue = service.catalogue
    spec = await service.versions.spec_of(
        record.procedure_code, record.procedure_version
    )
    steps = _step_names(spec, lang)
    components, others = await _components(record, spec, lang)
    history = await queries.history(record.id)
    timeline = [
        TimelineRow(
            event=event,
            step_from=steps.get(event.from_step or "", ""),
            step_to=steps.get(event.to_step or "", ""),
            unit=_unit_name(catalogue, event.actor_unit_id or event.to_unit_id, lang),
        )
        for event in history
    ]
    panels = await plugin_panels(
        service.plugins,
        "motcua_dossier_panels",
        spec,
        dossier=record.as_mapping(),
        procedure=spec,
        viewer=viewer,
        lang=lang,
    )
    return DossierView(
        record=record,
        procedure=spec,
        step_name=steps.get(record.step_code, record.step_code),
        unit_name=_unit_name(catalogue, record.unit_id, lang),
        receiving_name=_unit_name(catalogue, record.receiving_unit_id, lang),
        components=components,
        other_files=others,
        timeline=timeline,
        deadline=deadline_view(record, service.calendar, now),
        panels=panels,
        # The e-form plugin shows the form data itself; without it, a plain list.
        form_rows=[]
        if any(p.key == "eforms" for p in panels)
        else flat_form_data(record.form_data),
    )
