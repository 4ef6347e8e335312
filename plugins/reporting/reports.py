"""The reporting service: one entry point for every kind of form.

Pages, exports, snapshots and the command line all go through :func:`compute`, so
the same form, period and scope give the same figures wherever they are asked for.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from core.catalogue.catalogue import Catalogue
from plugins.reporting.compute import compute_dossier_form
from plugins.reporting.forms import SHIPPED, FormSet, FormSpec, load_forms
from plugins.reporting.periods import Period
from plugins.reporting.procedure_forms import compute_procedure_form
from plugins.reporting.scope import Scope
from plugins.reporting.service_index import IndexResult, compute_index
from plugins.reporting.table import ReportTable

__all__ = ["compute", "forms_for"]

_CACHE: dict[tuple[int, tuple[tuple[str, float], ...]], FormSet] = {}


def _stamp(catalogue: Catalogue) -> tuple[tuple[str, float], ...]:
    folders = [SHIPPED, Path(catalogue.config_dir) / "reports"]
    files = [f for d in folders if d.is_dir() for f in sorted(d.glob("*.yaml"))]
    return tuple((str(f), f.stat().st_mtime) for f in files)


def forms_for(catalogue: Catalogue) -> FormSet:
    """The forms of a province, read again only when a form file changed.

    Args:
        catalogue: the province's catalogue.

    Returns:
        The valid and refused forms.
    """
    key = (id(catalogue), _stamp(catalogue))
    found = _CACHE.get(key)
    if found is None:
        _CACHE.clear()
        found = _CACHE[key] = load_forms(catalogue)
    return found


async def compute(
    form: FormSpec,
    catalogue: Catalogue,
    period: Period,
    scope: Scope,
    now: dt.datetime | None = None,
) -> ReportTable | IndexResult:
    """Compute any form for a period and a scope.

    Args:
        form: the form.
        catalogue: the province's catalogue.
        period: the period (stopped at ``now`` if still running).
        scope: the units covered.
        now: the moment written on the result.

    Returns:
        A table for ``dossiers`` and ``procedures`` forms, an index otherwise.
    """
    if form.kind == "index":
        return await compute_index(form, catalogue, period, scope, now)
    if form.kind == "procedures":
        return await compute_procedure_form(form, catalogue, period, scope, now)
    return await compute_dossier_form(form, catalogue, period, scope, now)
