"""Benchmark of form II.06a on a synthetic province.

Generates a province (departments, communes, procedures in several fields) and
dossiers with their history over two years, written straight into the core's tables
with bulk inserts (``executemany`` on SQLite, ``COPY`` on PostgreSQL). It then
builds the reporting facts, computes a year's II.06a for the whole province through
the plugin, computes the same figures with one hand-written SQL query over the
core's tables, checks that both agree cell by cell, and prints both times and their
ratio.

Usage::

    .venv/bin/python bench/reporting.py                  # 1,000,000 dossiers, SQLite
    .venv/bin/python bench/reporting.py --dossiers 200000
    DATABASE_URL=postgresql://postgres@127.0.0.1/motcua_bench \\
        .venv/bin/python bench/reporting.py --dossiers 1000000

A PostgreSQL database named in ``DATABASE_URL`` is dropped and created again; its
name must start with ``motcua_bench``. Without ``DATABASE_URL`` a temporary SQLite
file is used.

The generator records, in each ``receive`` and ``resume`` history row, the
appointment in force after it (``extra["due_at"]``), so that the hand-written query
can tell overdue dossiers apart without working-time arithmetic; the plugin reads
the same values.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import io
import json
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
UTC = dt.UTC
YEAR = 2025
FIRST_DAY = dt.date(YEAR - 1, 1, 1)
LAST_DAY = dt.date(YEAR, 12, 31)
HORIZON = dt.datetime(YEAR + 1, 1, 20, tzinfo=dt.timezone(dt.timedelta(hours=7)))
FIELDS = 15
DEPARTMENTS = 20
COMMUNES = 100
PROCEDURES_PER_DEPARTMENT = 6
COMMUNE_PROCEDURES = 30


def say(text: str, end: str = "\n") -> None:
    """Write progress to standard error at once."""
    sys.stderr.write(text + end)
    sys.stderr.flush()


# --- the province -------------------------------------------------------------------


def write_province(folder: Path) -> Path:
    """A province folder: units, fields, procedures; roles and calendar of the demo."""
    target = folder / "province"
    (target / "procedures").mkdir(parents=True)
    for name in ("roles.yaml", "calendar.yaml"):
        shutil.copy(REPO / "config" / "demo" / name, target / name)
    fields = "\n".join(
        f"  - {{code: f{i:02d}, name: {{vi: Lĩnh vực {i}, en: Field {i}}}}}"
        for i in range(FIELDS)
    )
    departments = "\n".join(
        f"    - {{id: d{i:02d}, code: 000.00.{i + 10:02d}.H99, kind: department, "
        f"name: {{vi: Sở {i}, en: Department {i}}}}}"
        for i in range(DEPARTMENTS)
    )
    communes = "\n".join(
        f"    - id: c{i:03d}\n      code: 000.{i + 1:02d}.90.H99\n      kind: commune\n"
        f"      name: {{vi: Xã {i}, en: Commune {i}}}\n      children:\n"
        f"        - {{id: c{i:03d}-pv, code: 001.{i + 1:02d}.90.H99, kind: centre, "
        f"name: {{vi: Trung tâm xã {i}, en: Centre of commune {i}}}}}"
        for i in range(COMMUNES)
    )
    (target / "province.yaml").write_text(
        "code: H99\nname: {vi: Tỉnh Thử nghiệm, en: Bench Province}\nfields:\n"
        f"{fields}\norganisation:\n  id: tinh\n  code: 000.00.00.H99\n"
        "  kind: province\n"
        f"  name: {{vi: UBND tỉnh, en: Province}}\n  children:\n"
        f"    - {{id: pvhcc, code: 000.00.02.H99, kind: centre, "
        "name: {vi: Trung tâm PVHCC, en: Service centre}}\n"
        f"{departments}\n{communes}\n",
        encoding="utf-8",
    )
    number = 0
    for d in range(DEPARTMENTS):
        for _ in range(PROCEDURES_PER_DEPARTMENT):
            _procedure(target, number, "province", f"[d{d:02d}]")
            number += 1
    for _ in range(COMMUNE_PROCEDURES):
        _procedure(target, number, "commune", "[kind:commune]")
        number += 1
    return target


def _procedure(folder: Path, number: int, level: str, units: str) -> None:
    days = 3 + number % 13
    text = f"""code: 9.{number:06d}.H99
name: {{vi: Thủ tục {number}, en: Procedure {number}}}
field: f{number % FIELDS:02d}
level: {level}
units: {units}
channels: [counter, online, post]
online_level: {"full" if number % 3 else "partial"}
applicants: {{vi: Công dân, en: Citizens}}
processing_time: {{amount: {days}, unit: working_days}}
components:
  - {{code: don, name: {{vi: Đơn, en: Application}}, originals: 1}}
result: {{name: {{vi: Kết quả, en: Result}}, type: both}}
legal_basis: [Văn bản thử nghiệm]
effective_from: 2020-01-01
public_steps: [{{vi: Nộp hồ sơ, en: File}}]
workflow:
  approved_by: {{number: 1/QĐ, date: 2020-01-01, body: UBND tỉnh}}
  steps:
    - {{code: tn, name: {{vi: Tiếp nhận, en: Receive}}, role: receiving_officer,
       budget: {{amount: 4, unit: working_hours}}, actions: [receive, forward]}}
    - {{code: xl, name: {{vi: Xử lý, en: Process}}, role: specialist,
       budget: {{amount: {days - 1}, unit: working_days}},
       actions: [forward, request_supplement, transfer, stop]}}
    - {{code: pd, name: {{vi: Phê duyệt, en: Approve}}, role: leader,
       budget: {{amount: 4, unit: working_hours}},
       actions: [approve, resolve, return_result]}}
plugins: {{}}
"""
    (folder / "procedures" / f"p{number:04d}.yaml").write_text(text, encoding="utf-8")


# --- dossiers -----------------------------------------------------------------------


@dataclass
class Generated:
    """One dossier row and its history rows, ready for insertion."""

    dossier: dict[str, Any]
    events: list[dict[str, Any]] = field(default_factory=list)


class Generator:
    """Dossiers with a plausible life: receipt, pauses, transfers, an outcome."""

    def __init__(self, catalogue: Any, calendar: Any, seed: int) -> None:
        self.random = random.Random(seed)
        self.calendar = calendar
        self.tz = calendar.timezone
        self.province = [
            p for p in catalogue.procedures.values() if p.level == "province"
        ]
        self.commune = [
            p for p in catalogue.procedures.values() if p.level == "commune"
        ]
        self.communes = [u.id for u in catalogue.units_of_kind("commune")]
        self.departments = [u.id for u in catalogue.units_of_kind("department")]
        self.units = {
            p.code: [u.id for u in catalogue.implementing_units(p)]
            for p in catalogue.procedures.values()
        }
        day = FIRST_DAY
        self.days = []
        while day <= LAST_DAY:
            if calendar.is_working_day(day):
                self.days.append(day)
            day += dt.timedelta(days=1)
        self.next_event = 1

    def _moment(self) -> dt.datetime:
        day = self.random.choice(self.days)
        minute = self.random.randrange(8 * 60)
        start = 7 * 60 if minute < 270 else 13 * 60 + 30 - 270
        clock = dt.time(*divmod(start + minute, 60))
        return dt.datetime.combine(day, clock, tzinfo=self.tz)

    def dossier(self, number: int) -> Generated:
        """The dossier numbered ``number`` (its id), with its history."""
        r = self.random
        spec = r.choice(self.commune if r.random() < 0.4 else self.province)
        unit = r.choice(self.units[spec.code])
        channel = r.choices((1, 2, 3), (55, 40, 5))[0]
        received = self._moment()
        life = _Life(self, number, spec, unit, channel, received)
        return life.run()

    def event(
        self,
        dossier: int,
        at: dt.datetime,
        action: str,
        from_status: int | None,
        to_status: int,
        extra: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A history row."""
        row = {
            "id": self.next_event, "dossier": dossier, "at": at, "action": action,
            "from_status": from_status, "to_status": to_status,
            "extra": json.dumps(extra or {}),
        }  # fmt: skip
        self.next_event += 1
        return row


def _utc_text(moment: dt.datetime) -> str:
    return str(moment.astimezone(UTC).replace(microsecond=0))


class _Life:
    """One dossier's life, played forward until it ends or the horizon comes."""

    def __init__(
        self, gen: Generator, number: int, spec: Any, unit: str, channel: int,
        received: dt.datetime,
    ) -> None:  # fmt: skip
        self.gen, self.number, self.spec = gen, number, spec
        self.unit, self.channel, self.received = unit, channel, received
        self.events: list[dict[str, Any]] = []
        self.status = 2

    def add(self, at: dt.datetime, action: str, to: int, extra: Any = None) -> bool:
        if at > HORIZON:
            return False
        self.events.append(
            self.gen.event(self.number, at, action, self.status, to, extra)
        )
        self.status = to
        return True

    def run(self) -> Generated:
        gen, r, cal = self.gen, self.gen.random, self.gen.calendar
        if self.channel == 2:
            submitted = self.received - dt.timedelta(hours=r.randint(1, 30))
            self.events.append(gen.event(self.number, submitted, "submit", None, 1))
            self.status = 1
            if r.random() < 0.02:
                self.add(self.received, "refuse", 3)
                return self.finish(None, None, closed=self.received)
        limit = self.spec.processing_time
        due = cal.due_time(self.received, limit.amount, limit.unit)
        self.add(self.received, "receive", 2, {"due_at": _utc_text(due)})
        allowed = cal.working_time_between(self.received, due)
        start = self.received + dt.timedelta(minutes=30)
        self.add(start, "forward", 4)
        roll = r.random()
        if roll < 0.06:
            return self.close(allowed, due, roll)
        if r.random() < 0.01:
            target = r.choice([d for d in gen.departments if d != self.unit])
            self.add(
                start + dt.timedelta(hours=1), "transfer", 4, {"from_unit": self.unit}
            )
            self.unit = target
        spent = allowed * r.choice((0.2, 0.35, 0.5, 0.6, 0.7, 0.8, 0.9, 0.96, 1.3))
        if r.random() < 0.02:
            spent = allowed * 6  # stuck: long overdue and still pending
        pauses = 2 if r.random() < 0.02 else (1 if r.random() < 0.1 else 0)
        moment = start
        for _ in range(pauses):
            paused = cal.add_working_time(moment, allowed * 0.2)
            resumed = cal.add_working_time(
                paused, dt.timedelta(hours=8 * r.randint(1, 8))
            )
            if not self.add(paused, "request_supplement", 5):
                return self.finish(None, due)
            due = cal.shift_for_pause(due, paused, resumed)
            if not self.add(resumed, "resume", 4, {"due_at": _utc_text(due)}):
                return self.finish(None, due, pauses=pauses)
            moment = resumed
        rest = max(spent - allowed * 0.2 * pauses, dt.timedelta(minutes=30))
        finish = cal.add_working_time(moment, rest)
        if not self.add(finish, "resolve", 9):
            return self.finish(None, due, pauses=pauses)
        self.add(finish + dt.timedelta(days=1), "return_result", 10)
        return self.finish(finish, due, pauses=pauses)

    def close(self, allowed: dt.timedelta, due: dt.datetime, roll: float) -> Generated:
        cal = self.gen.calendar
        at = cal.add_working_time(self.received, allowed * 0.4)
        action, status = (
            ("withdraw", 7)
            if roll < 0.03
            else ("refuse", 3)
            if roll < 0.045
            else ("stop", 8)
        )
        if not self.add(at, action, status):
            return self.finish(None, due)
        return self.finish(None, due, closed=at)

    def finish(
        self, finished: dt.datetime | None, due: dt.datetime | None,
        closed: dt.datetime | None = None, pauses: int = 0,
    ) -> Generated:  # fmt: skip
        result = self.gen.calendar.classify(finished, due) if finished and due else None
        received = (
            self.received if any(e["to_status"] == 2 for e in self.events) else None
        )
        row = {
            "id": self.number, "code": f"B-{self.number:08d}",
            "procedure_code": self.spec.code, "procedure_version": 1,
            "channel": self.channel, "status": self.status, "unit_id": self.unit,
            "receiving_unit_id": self.unit, "applicant_kind": "citizen",
            "applicant_name": "Người thử nghiệm", "applicant_identifier_kind": "cccd",
            "applicant_identifier": "001099000000",
            "submitted_at": self.events[0]["at"],
            "received_at": received, "due_at": due, "finished_at": finished,
            "closed_at": closed, "result_class": result, "supplement_count": pauses,
            "updated_at": self.events[-1]["at"],
        }  # fmt: skip
        return Generated(row, self.events)


# --- bulk insertion -----------------------------------------------------------------


def _columns(table: Any) -> list[tuple[str, Any]]:
    found = []
    for column in table._meta.columns:
        default = column.get_default_value()
        if column._meta.null:
            default = None
        found.append((column._meta.db_column_name, default))
    return found


def _rows(
    table: Any, dicts: list[dict[str, Any]], now: dt.datetime
) -> list[tuple[Any, ...]]:
    columns = _columns(table)
    out = []
    for values in dicts:
        row = []
        for name, default in columns:
            value = values.get(name, default)
            if value is not None and not isinstance(
                value, str | int | float | dt.datetime
            ):
                value = now  # piccolo's "now" defaults
            row.append(value)
        out.append(tuple(row))
    return out


class Writer:
    """Bulk insertion into SQLite (``executemany``) or PostgreSQL (``COPY``)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.sqlite: sqlite3.Connection | None = None
        self.pg: Any = None

    async def open(self) -> None:
        parsed = urlparse(self.url)
        if parsed.scheme == "sqlite":
            self.sqlite = sqlite3.connect(parsed.path)
            self.sqlite.execute("PRAGMA journal_mode = WAL")
            self.sqlite.execute("PRAGMA synchronous = OFF")
        else:
            import asyncpg

            self.pg = await asyncpg.connect(self.url)

    async def write(self, table: Any, dicts: list[dict[str, Any]]) -> None:
        now = dt.datetime.now(UTC)
        names = [n for n, _ in _columns(table)]
        rows = _rows(table, dicts, now)
        if self.sqlite is not None:
            rows = [tuple(_sqlite(v) for v in row) for row in rows]
            marks = ", ".join("?" for _ in names)
            target = f"{table._meta.tablename} ({', '.join(names)})"
            self.sqlite.executemany(f"INSERT INTO {target} VALUES ({marks})", rows)
            self.sqlite.commit()
        else:
            await self.pg.copy_records_to_table(
                table._meta.tablename, records=rows, columns=names
            )

    async def close(self) -> None:
        if self.sqlite is not None:
            self.sqlite.execute("ANALYZE")
            self.sqlite.close()
        if self.pg is not None:
            for table in ("motcua_dossier", "motcua_dossier_event"):
                await self.pg.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT MAX(id) FROM {table}))"
                )
            await self.pg.execute("ANALYZE")
            await self.pg.close()


def _sqlite(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return str(value.astimezone(UTC))
    return value


async def generate(
    catalogue: Any, calendar: Any, count: int, seed: int, url: str
) -> int:
    """Write ``count`` dossiers and their history; return the number of events."""
    from core.dossiers.tables import Dossier, DossierHistory

    gen = Generator(catalogue, calendar, seed)
    writer = Writer(url)
    await writer.open()
    batch = 20000
    for start in range(1, count + 1, batch):
        made = [gen.dossier(n) for n in range(start, min(count, start + batch - 1) + 1)]
        await writer.write(Dossier, [m.dossier for m in made])
        await writer.write(DossierHistory, [e for m in made for e in m.events])
        say(
            f"\r  dossiers written: {min(count, start + batch - 1):,}/{count:,}", end=""
        )
    say("")
    await writer.close()
    return gen.next_event - 1


# --- the hand-written query ---------------------------------------------------------

HAND_SQL = """
WITH d AS (
  SELECT d.id, d.procedure_code, d.unit_id, d.channel, d.result_class,
    (SELECT MIN(e.at) FROM motcua_dossier_event e
      WHERE e.dossier = d.id AND e.to_status = 2) AS received_at,
    (SELECT MIN(e.at) FROM motcua_dossier_event e
      WHERE e.dossier = d.id AND e.to_status IN (3, 7, 8, 9, 10)) AS exit_at
  FROM motcua_dossier d
), x AS (
  SELECT d.*,
    (SELECT MIN(e.to_status) FROM motcua_dossier_event e
      WHERE e.dossier = d.id AND e.at = d.exit_at
        AND e.to_status IN (3, 7, 8, 9, 10)) AS exit_status
  FROM d WHERE d.received_at < :E AND (d.exit_at IS NULL OR d.exit_at >= :S)
), y AS (
  SELECT x.*,
    COALESCE((SELECT %FROM_UNIT% FROM motcua_dossier_event t
      WHERE t.dossier = x.id AND t.action = 'transfer' AND t.at >= :E
      ORDER BY t.at LIMIT 1), x.unit_id) AS unit_at_end,
    CASE WHEN x.exit_at IS NULL OR x.exit_at >= :E THEN
      (SELECT %DUE_AT% FROM motcua_dossier_event q
        WHERE q.dossier = x.id AND q.at < :E AND q.action IN ('receive', 'resume')
        ORDER BY q.at DESC LIMIT 1) END AS due_at_end,
    CASE WHEN x.exit_at IS NULL OR x.exit_at >= :E THEN
      (SELECT p.to_status FROM motcua_dossier_event p
        WHERE p.dossier = x.id AND p.at < :E
          AND (p.to_status = 5 OR p.from_status = 5)
        ORDER BY p.at DESC LIMIT 1) END AS clock_status,
    CASE WHEN x.exit_at IS NULL OR x.exit_at >= :E THEN
      (SELECT p.at FROM motcua_dossier_event p
        WHERE p.dossier = x.id AND p.at < :E AND p.to_status = 5
        ORDER BY p.at DESC LIMIT 1) END AS paused_at
  FROM x
), z AS (
  SELECT y.*, b.field,
    CASE WHEN y.exit_at IS NULL OR y.exit_at >= :E THEN 1 ELSE 0 END AS pending,
    CASE WHEN y.due_at_end IS NULL THEN 0
         WHEN y.clock_status = 5 THEN
           CASE WHEN y.paused_at > y.due_at_end THEN 1 ELSE 0 END
         WHEN :E > y.due_at_end THEN 1 ELSE 0 END AS overdue
  FROM y JOIN bench_procedure b ON b.code = y.procedure_code
)
SELECT unit_at_end AS unit_id, field,
  COUNT(*) AS received_total,
  SUM(CASE WHEN received_at < :S THEN 1 ELSE 0 END) AS carried_over,
  SUM(CASE WHEN received_at >= :S AND channel = 2 THEN 1 ELSE 0 END) AS online,
  SUM(CASE WHEN received_at >= :S AND channel IN (1, 3) THEN 1 ELSE 0 END)
    AS counter_post,
  SUM(CASE WHEN exit_status IN (9, 10) AND exit_at < :E THEN 1 ELSE 0 END)
    AS resolved_total,
  SUM(CASE WHEN exit_status IN (9, 10) AND exit_at < :E
    AND result_class = 'early' THEN 1 ELSE 0 END) AS resolved_early,
  SUM(CASE WHEN exit_status IN (9, 10) AND exit_at < :E
    AND result_class = 'on_time' THEN 1 ELSE 0 END) AS resolved_on_time,
  SUM(CASE WHEN exit_status IN (9, 10) AND exit_at < :E
    AND result_class = 'late' THEN 1 ELSE 0 END) AS resolved_late,
  SUM(pending) AS pending_total,
  SUM(CASE WHEN pending = 1 AND overdue = 0 THEN 1 ELSE 0 END) AS pending_within,
  SUM(CASE WHEN pending = 1 AND overdue = 1 THEN 1 ELSE 0 END) AS pending_overdue
FROM z GROUP BY unit_at_end, field
"""


async def hand_query(
    url: str, catalogue: Any, start: dt.datetime, end: dt.datetime
) -> Any:
    """Run :data:`HAND_SQL`; return its rows keyed by (unit, field)."""
    codes = [(p.code, p.field) for p in catalogue.procedures.values()]
    if url.startswith("sqlite"):
        sql = HAND_SQL.replace("%FROM_UNIT%", "json_extract(t.extra, '$.from_unit')")
        sql = sql.replace("%DUE_AT%", "json_extract(q.extra, '$.due_at')")
        connection = sqlite3.connect(urlparse(url).path)
        connection.execute("CREATE TEMP TABLE bench_procedure (code TEXT, field TEXT)")
        connection.executemany("INSERT INTO bench_procedure VALUES (?, ?)", codes)
        began = time.perf_counter()
        cursor = connection.execute(sql, {"S": _sqlite(start), "E": _sqlite(end)})
        names = [c[0] for c in cursor.description]
        rows = [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
        elapsed = time.perf_counter() - began
        connection.close()
    else:
        import asyncpg

        sql = HAND_SQL.replace("%FROM_UNIT%", "(t.extra::json ->> 'from_unit')")
        sql = sql.replace("%DUE_AT%", "(q.extra::json ->> 'due_at')::timestamptz")
        sql = sql.replace(":S", "$1::timestamptz").replace(":E", "$2::timestamptz")
        connection = await asyncpg.connect(url)
        await connection.execute(
            "CREATE TEMP TABLE bench_procedure (code TEXT PRIMARY KEY, field TEXT)"
        )
        await connection.executemany(
            "INSERT INTO bench_procedure VALUES ($1, $2)", codes
        )
        await connection.execute("ANALYZE bench_procedure")
        began = time.perf_counter()
        rows = [dict(r) for r in await connection.fetch(sql, start, end)]
        elapsed = time.perf_counter() - began
        await connection.close()
    return {(r["unit_id"], r["field"]): r for r in rows}, elapsed


# --- running ------------------------------------------------------------------------


def _prepare_database(url: str | None) -> str:
    if url is None:
        folder = Path(tempfile.mkdtemp(prefix="motcua-bench-"))
        return f"sqlite:///{folder / 'bench.sqlite3'}"
    parsed = urlparse(url)
    if parsed.scheme.startswith("postgres"):
        name = parsed.path.lstrip("/")
        if not name.startswith("motcua_bench"):
            raise SystemExit(
                "the PostgreSQL database's name must start with motcua_bench"
            )
        asyncio.run(_recreate(url, name))
    return url


async def _recreate(url: str, name: str) -> None:
    import asyncpg

    admin = await asyncpg.connect(url.rsplit("/", 1)[0] + "/postgres")
    await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.close()


def _compare(table: Any, hand: dict[Any, dict[str, Any]]) -> list[str]:
    keys = [c.key for c in table.columns]
    report = {
        (r.section, r.row): dict(zip(keys, r.values, strict=True))
        for r in table.rows
        if r.kind == "row"
    }
    problems = []
    for cell in sorted(set(report) | set(hand)):
        ours = report.get(cell, dict.fromkeys(keys, 0))
        theirs = hand.get(cell, {})
        for key in keys:
            if int(ours[key]) != int(theirs.get(key) or 0):
                problems.append(
                    f"{cell} {key}: report {ours[key]}, SQL {theirs.get(key)}"
                )
    return problems


async def run(args: argparse.Namespace, url: str) -> int:
    """Generate, build the facts, run both computations, compare and report times."""
    from piccolo.apps.migrations.commands.forwards import run_forwards

    from core.app import default_plugins
    from core.catalogue.loader import load_catalogue
    from plugins.reporting.compute import compute_dossier_form
    from plugins.reporting.forms import load_forms
    from plugins.reporting.periods import parse_period
    from plugins.reporting.scope import resolve_scope
    from plugins.reporting.sync import calendar_of, rebuild_all

    with contextlib.redirect_stdout(io.StringIO()):
        result = await run_forwards(app_name="all")
    if not result.success:
        raise SystemExit(f"migrations failed: {result.message}")
    catalogue = load_catalogue(
        write_province(Path(tempfile.mkdtemp())), default_plugins()
    )
    calendar = calendar_of(catalogue)
    say(f"Database: {url.split('@')[-1]}")
    units, procedures = len(catalogue.units), len(catalogue.procedures)
    say(f"Province: {units} units, {procedures} procedures")
    began = time.perf_counter()
    events = await generate(catalogue, calendar, args.dossiers, args.seed, url)
    say(f"Generated {args.dossiers:,} dossiers and {events:,} history rows "
        f"in {time.perf_counter() - began:.1f} s")  # fmt: skip
    began = time.perf_counter()
    await rebuild_all(
        catalogue, lambda done, total: say(f"\r  facts: {done:,}/{total:,}", end="")
    )
    say(f"\nBuilt the reporting facts in {time.perf_counter() - began:.1f} s")
    form = load_forms(catalogue).get("ii06a")
    period = parse_period(str(YEAR), calendar.timezone.key)
    scope = resolve_scope(catalogue, None, None)
    timings = []
    for _ in range(args.repeat):
        began = time.perf_counter()
        table = await compute_dossier_form(form, catalogue, period, scope)
        timings.append(time.perf_counter() - began)
    hand, hand_time = await hand_query(url, catalogue, period.start, period.end)
    problems = _compare(table, hand)
    total = table.total_row()
    say(f"II.06a {YEAR}, whole province: total row {total.values if total else []}")
    say(f"Report through the plugin: {min(timings):.3f} s (best of {args.repeat}; "
        f"first {timings[0]:.3f} s)")  # fmt: skip
    say(f"Hand-written SQL on the core tables: {hand_time:.3f} s")
    say(f"Ratio SQL / report: {hand_time / min(timings):.1f}")
    if problems:
        say(f"MISMATCH in {len(problems)} cells, e.g.:")
        for line in problems[:20]:
            say(f"  {line}")
        return 1
    say(f"Both agree on all {len(hand)} (unit, field) rows.")
    return 0


def main() -> None:
    """Parse arguments, prepare the database and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=766)
    parser.add_argument("--repeat", type=int, default=3, help="report runs to time")
    args = parser.parse_args()
    url = _prepare_database(os.environ.get("DATABASE_URL"))
    os.environ["DATABASE_URL"] = url
    os.environ["PICCOLO_CONF"] = "core.piccolo_conf"
    os.environ.setdefault("MOTCUA_LOG_LEVEL", "warning")
    from core.logs import configure

    configure(os.environ["MOTCUA_LOG_LEVEL"])
    sys.exit(asyncio.run(run(args, url)))


if __name__ == "__main__":
    main()
