"""Assessing a filing before it is written, and quoting fees before filing.

At filing the plugin reads the e-form's values (through ``motcua_form_values`` when
the procedure enables the e-forms plugin, else the draft's raw form data), assesses
the fees under the procedure's schedule and keeps the assessment in
``draft.plugin_data["fees"]``, which the core writes with the dossier. A reduction
claimed by the applicant's category must be proved by its evidence component, or the
filing is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec

from core.catalogue.model import ProcedureSpec, text_in
from core.events import FilingDraft
from core.plugin_manager import PluginManager
from plugins.fees import runtime
from plugins.fees.assessment import Assessment, AssessmentError, assess
from plugins.fees.ledger import PLUGIN_KEY, FeesData
from plugins.fees.schema import FeesSection

__all__ = ["handed_in", "prepare_filing", "quote", "values_of_draft"]

EFORMS = "eforms"


def values_of_draft(
    draft: FilingDraft,
    procedure: ProcedureSpec,
    plugins: PluginManager | None = None,
) -> Mapping[str, Any]:
    """The e-form values of a draft, as the e-forms plugin cleaned them.

    Args:
        draft: the filing; the e-forms plugin has already prepared it.
        procedure: its procedure version.
        plugins: the installed plugins; the runtime's by default.

    Returns:
        Field paths to values.
    """
    if EFORMS in procedure.plugins:
        relay = (plugins or runtime.plugins()).for_procedure(procedure)
        dossier = {"form_data": draft.form_data, "plugin_data": draft.plugin_data}
        found = relay.motcua_form_values(dossier=dossier, procedure=procedure)
        if found is not None:
            return dict(found)
    return draft.form_data


def handed_in(draft: FilingDraft) -> set[str]:
    """Codes of the components handed in with a draft (paper or file).

    The core lists them in ``draft.components``, as codes or as records of what
    was received (a component counts when it has a paper original, a copy or an
    electronic source). A draft without that list is taken to have handed in
    nothing, so no reduction passes without its proof.
    """
    listed = getattr(draft, "components", None) or []
    items = listed.values() if isinstance(listed, Mapping) else listed
    codes: set[str] = set()
    for item in items:
        if isinstance(item, str):
            codes.add(item)
        elif _received(item):
            codes.add(str(item.code))
    return codes


def _received(item: Any) -> bool:
    return bool(
        getattr(item, "paper_original", False)
        or getattr(item, "copies", 0)
        or getattr(item, "source", None)
    )


def prepare_filing(
    draft: FilingDraft,
    procedure: ProcedureSpec,
    section: FeesSection,
    plugins: PluginManager | None = None,
) -> list[tuple[str, str]]:
    """Assess a filing and store the assessment in ``draft.plugin_data``.

    Args:
        draft: the filing being prepared.
        procedure: its procedure version.
        section: the procedure's fee schedule.
        plugins: the installed plugins; the runtime's by default.

    Returns:
        Problems as ``(path, message)`` in the draft's language: a form value the
        schedule needs is missing or wrong, or a reduction lacks its evidence.
    """
    values = values_of_draft(draft, procedure, plugins)
    try:
        assessment = assess(
            section,
            values,
            draft.applicant.category,
            draft.case_code,
            channel=draft.channel,
        )
    except AssessmentError as problem:
        return [(problem.field or "", problem.message(draft.lang))]
    data = FeesData(assessment=assessment, collecting_unit=section.collecting_unit)
    draft.plugin_data[PLUGIN_KEY] = msgspec.to_builtins(data)
    return _missing_evidence(assessment, procedure, handed_in(draft), draft.lang)


def _missing_evidence(
    assessment: Assessment, procedure: ProcedureSpec, given: set[str], lang: str
) -> list[tuple[str, str]]:
    names = {c.code: c.name for c in procedure.components}
    problems = []
    for code in assessment.evidence_required():
        if code in given:
            continue
        name = text_in(names.get(code), lang) or code
        if lang == "en":
            message = f"The reduction of fees needs the document: {name}"
        else:
            message = f"Cần nộp giấy tờ chứng minh đối tượng miễn, giảm: {name}"
        problems.append((f"components.{code}", message))
    return problems


def quote(
    procedure: ProcedureSpec,
    section: FeesSection,
    form_values: Mapping[str, Any],
    category: str | None,
    case_code: str | None,
    channel: str | None = None,
) -> Assessment:
    """What a dossier would owe, for an applicant who has not filed yet.

    Amounts that need form values not given yet are left unknown instead of
    refused; a case the procedure does not have is treated as no case.

    Args:
        procedure: the procedure.
        section: its fee schedule.
        form_values: the form values known so far.
        category: the applicant's category, if any.
        case_code: the chosen case, if any.
        channel: the channel the applicant will file through, if known.

    Returns:
        The assessment; ``complete`` tells whether every amount is known.

    Raises:
        AssessmentError: a given form value is unusable.
    """
    cases = {case.code for case in procedure.cases}
    chosen = case_code if case_code in cases else None
    return assess(
        section, form_values, category, chosen, channel=channel, require_values=False
    )
