"""The ``motcua reports`` commands: snapshots, exports, fact rebuilds, form checks.

A province schedules ``motcua reports snapshot`` once a month (cron, or its job
queue); without ``--period`` it keeps the month that just ended, for every listed
form and the whole province, so what is sent can be produced again later.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import click

__all__ = ["reports"]


def _catalogue() -> Any:
    from core.app import default_plugins
    from core.catalogue.errors import ConfigInvalid
    from core.catalogue.loader import load_catalogue
    from core.settings import Settings

    folder = Settings.from_env().config_dir
    try:
        return load_catalogue(folder, default_plugins())
    except ConfigInvalid as exc:
        click.echo(exc.render(), err=True)
        sys.exit(1)


def _run(coro: Any) -> Any:
    from core.cli import run

    return run(coro)


def _fail(exc: Exception) -> click.ClickException:
    from core.errors import UserError

    if isinstance(exc, UserError):
        return click.ClickException(exc.en)
    return click.ClickException(str(exc))


@click.group()
def reports() -> None:
    """Statistical reports: snapshots, exports and the fact tables."""


@reports.command("snapshot")
@click.option("--period", help="2026-11, 2026-Q4, 2026-H2, 2026 or a range; "
              "default: the month that just ended.")  # fmt: skip
@click.option("--form", "forms", multiple=True, help="Form key; repeat. Default: all.")
@click.option("--unit", default=None, help="Unit id. Default: the whole province.")
@click.option("--note", default="", help="Why the snapshot is taken.")
def snapshot(
    period: str | None, forms: tuple[str, ...], unit: str | None, note: str
) -> None:
    """Compute forms and keep them as snapshots."""
    from core.errors import UserError

    catalogue = _catalogue()
    try:
        taken = _run(_snapshots(catalogue, period, forms, unit, note))
    except UserError as exc:
        raise _fail(exc) from exc
    for key, snapshot_id, period_key in taken:
        click.echo(f"Snapshot {snapshot_id}: form {key}, period {period_key}.")


async def _snapshots(
    catalogue: Any,
    period: str | None,
    forms: tuple[str, ...],
    unit: str | None,
    note: str,
) -> list[tuple[str, int, str]]:
    from plugins.reporting.periods import parse_period, previous_month
    from plugins.reporting.reports import compute, forms_for
    from plugins.reporting.scope import resolve_scope
    from plugins.reporting.snapshots import save_snapshot

    tz = catalogue.calendar.timezone
    now = dt.datetime.now(dt.UTC)
    chosen = parse_period(period, tz) if period else previous_month(now.date(), tz)
    available = forms_for(catalogue)
    specs = [available.get(k) for k in forms] if forms else available.listed()
    scope = resolve_scope(catalogue, unit, None)
    taken = []
    for spec in specs:
        result = await compute(spec, catalogue, chosen.as_of(now), scope)
        taken.append((spec.key, await save_snapshot(result, None, note), chosen.key))
    return taken


@reports.command("export")
@click.option("--form", "form_key", required=True, help="Form key, e.g. ii06a.")
@click.option("--period", required=True, help="2026-11, 2026-Q4, 2026-H2, 2026...")
@click.option("--unit", default=None, help="Unit id. Default: the whole province.")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv"]), default="xlsx",
              show_default=True)  # fmt: skip
@click.option(
    "--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True
)
@click.option(
    "--output", type=click.Path(path_type=Path, dir_okay=False), required=True
)
def export(
    form_key: str, period: str, unit: str | None, fmt: str, lang: str, output: Path
) -> None:
    """Compute a form and write it as XLSX or CSV."""
    from core.errors import UserError
    from plugins.reporting.exports import index_csv, index_xlsx, table_csv, table_xlsx
    from plugins.reporting.periods import parse_period
    from plugins.reporting.reports import compute, forms_for
    from plugins.reporting.scope import resolve_scope
    from plugins.reporting.service_index import IndexResult

    catalogue = _catalogue()
    try:
        spec = forms_for(catalogue).get(form_key)
        chosen = parse_period(period, catalogue.calendar.timezone)
        scope = resolve_scope(catalogue, unit, None)
        now = dt.datetime.now(dt.UTC)
        result = _run(compute(spec, catalogue, chosen.as_of(now), scope))
    except UserError as exc:
        raise _fail(exc) from exc
    if isinstance(result, IndexResult):
        body = index_xlsx(result, lang) if fmt == "xlsx" else index_csv(result, lang)
    else:
        body = table_xlsx(result, lang) if fmt == "xlsx" else table_csv(result, lang)
    output.write_bytes(body)
    click.echo(f"Form {spec.code} for {chosen.key} written to {output}.")


@reports.command("rebuild")
def rebuild() -> None:
    """Rebuild the fact tables from the dossiers' history (after an upgrade)."""
    from plugins.reporting.sync import rebuild_all

    catalogue = _catalogue()

    def progress(done: int, total: int) -> None:
        click.echo(f"\r{done}/{total} dossiers", nl=False)

    count = _run(rebuild_all(catalogue, progress))
    click.echo(f"\nFacts rebuilt for {count} dossiers.")


@reports.command("check")
def check() -> None:
    """Check the shipped forms and the province's own; exit 1 on any error."""
    from plugins.reporting.reports import forms_for

    found = forms_for(_catalogue())
    for key in sorted(found.forms):
        click.echo(f"ok     {key} ({found.sources[key]})")
    for key, problems in sorted(found.broken.items()):
        for problem in problems:
            click.echo(f"error  {key}: {problem}", err=True)
    if found.broken:
        sys.exit(1)
