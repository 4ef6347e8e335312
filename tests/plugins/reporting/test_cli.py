"""The ``motcua reports`` commands, run as a province's scheduler would run them."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
import os
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner, Result

from core.app import default_plugins
from plugins.reporting.cli import reports
from plugins.reporting.snapshots import load_snapshot
from plugins.reporting.sync import calendar_of
from tests.plugins.reporting.november import november


@pytest.fixture
async def month(report_catalogue: Any) -> dict[str, int]:
    return await november(calendar_of(report_catalogue))


def invoke(folder: Path, *args: str) -> Result:
    env = {**os.environ, "MOTCUA_CONFIG_DIR": str(folder)}
    return CliRunner().invoke(reports, list(args), env=env, catch_exceptions=False)


async def in_thread(folder: Path, *args: str) -> Result:
    # The commands run their own event loop, as they do from a shell.
    return await asyncio.to_thread(invoke, folder, *args)


def test_the_command_joins_the_motcua_command_line() -> None:
    group = click.Group("motcua")
    default_plugins().hook.motcua_register_commands(cli=group)
    assert "reports" in group.commands
    assert {"snapshot", "export", "rebuild", "check"} <= set(
        group.commands["reports"].commands
    )


def test_check_passes_the_demo_forms_and_fails_on_a_broken_one(
    province_dir: Path,
) -> None:
    demo = Path(__file__).resolve().parents[3] / "config" / "demo"
    good = invoke(demo, "check")
    assert good.exit_code == 0
    assert "ok     ii06a" in good.output
    bad = invoke(province_dir, "check")
    assert bad.exit_code == 1
    assert "error  tbroken" in bad.output
    assert "unknown measure 'solved'" in bad.output


async def test_a_scheduled_snapshot_keeps_the_month_s_figures(
    province_dir: Path, month: dict[str, int]
) -> None:
    result = await in_thread(
        province_dir, "snapshot", "--period", "2025-11", "--form", "tii06a",
        "--unit", "stp", "--note", "tháng 11",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Snapshot ")
    snapshot_id = int(result.output.split()[1].rstrip(":"))
    stored = await load_snapshot(snapshot_id)
    assert stored.content is not None
    assert stored.note == "tháng 11"
    assert stored.content.value("received_total") == 14
    assert (stored.period, stored.unit_id, stored.form_key) == (
        "2025-11",
        "stp",
        "tii06a",
    )


async def test_export_writes_the_form_to_a_file(
    province_dir: Path, month: dict[str, int], tmp_path: Path
) -> None:
    target = tmp_path / "ii06a.csv"
    result = await in_thread(
        province_dir, "export", "--form", "tii06a", "--period", "2025-11",
        "--unit", "stp", "--format", "csv", "--output", str(target),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = list(csv.reader(io.StringIO(target.read_text("utf-8-sig"))))
    total = next(line for line in lines if line[0] == "total")
    assert [int(v) for v in total[3:]] == [14, 3, 2, 9, 6, 3, 2, 1, 5, 3, 2]


async def test_a_bad_period_fails_with_its_reason(
    province_dir: Path, tmp_path: Path
) -> None:
    result = await in_thread(
        province_dir, "export", "--form", "tii06a", "--period", "2025-13",
        "--output", str(tmp_path / "x.xlsx"),
    )  # fmt: skip
    assert result.exit_code != 0
    assert "is not valid" in result.output
    assert not (tmp_path / "x.xlsx").exists()


async def test_rebuilding_the_facts_changes_no_figure(
    province_dir: Path, month: dict[str, int], tmp_path: Path
) -> None:
    before = tmp_path / "before.csv"
    after = tmp_path / "after.csv"
    args = ("export", "--form", "tii06a", "--period", "2025-11", "--format", "csv")
    assert (
        await in_thread(province_dir, *args, "--output", str(before))
    ).exit_code == 0
    rebuilt = await in_thread(province_dir, "rebuild")
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "Facts rebuilt for" in rebuilt.output
    assert (await in_thread(province_dir, *args, "--output", str(after))).exit_code == 0
    assert before.read_bytes() == after.read_bytes()


async def test_without_a_period_the_snapshot_keeps_the_month_that_just_ended(
    province_dir: Path,
) -> None:
    from plugins.reporting.periods import previous_month

    result = await in_thread(province_dir, "snapshot", "--form", "tii07a")
    assert result.exit_code == 0, result.output
    expected = previous_month(dt.date.today()).key
    assert result.output.strip().endswith(f"period {expected}.")


async def test_without_a_form_every_listed_form_is_kept(province_dir: Path) -> None:
    from plugins.reporting.reports import forms_for

    result = await in_thread(province_dir, "snapshot", "--period", "2019-01")
    assert result.exit_code == 0, result.output
    kept = [line.split("form ")[1].split(",")[0] for line in result.output.splitlines()]
    catalogue = _catalogue_of(province_dir)
    assert sorted(kept) == sorted(f.key for f in forms_for(catalogue).listed())
    assert "overview" not in kept


async def test_an_unknown_form_or_unit_fails_with_its_reason(
    province_dir: Path,
) -> None:
    unknown_form = await in_thread(province_dir, "snapshot", "--form", "ii99")
    assert unknown_form.exit_code != 0
    assert "There is no form 'ii99'" in unknown_form.output
    unknown_unit = await in_thread(
        province_dir, "snapshot", "--form", "tii06a", "--unit", "khong-co"
    )
    assert unknown_unit.exit_code != 0
    assert "There is no unit 'khong-co'" in unknown_unit.output


def _catalogue_of(folder: Path) -> Any:
    from core.catalogue.loader import load_catalogue

    return load_catalogue(folder, default_plugins())
