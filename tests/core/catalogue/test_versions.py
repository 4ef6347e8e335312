"""Procedure versions: a changed file makes a new version, old dossiers keep theirs."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from core.catalogue.canonical import canonical_json, content_hash
from core.catalogue.catalogue import Catalogue
from core.catalogue.diff import diff_procedures
from core.catalogue.loader import load_catalogue
from core.catalogue.tables import ProcedureVersion, load_version, record_versions
from tests.core.catalogue.catalogue_helpers import (
    FakeFees,
    FeeSection,
    demo_copy,
    edit,
    manager,
)


@pytest.fixture
def province(tmp_path: Path) -> tuple[Path, str]:
    """A one-procedure province whose code no other test uses."""
    folder = demo_copy(tmp_path, keep=("khai-sinh.yaml",))
    code = f"T.{uuid.uuid4().hex[:12]}"
    edit(
        folder / "procedures" / "khai-sinh.yaml", "code: 1.001193.H99", f"code: {code}"
    )
    return folder, code


def load(folder: Path) -> Catalogue:
    return load_catalogue(folder, manager(FakeFees()))


async def stored(code: str) -> list[dict[str, object]]:
    return (
        await ProcedureVersion.select()
        .where(ProcedureVersion.code == code)
        .order_by(ProcedureVersion.version)
    )


async def test_a_new_procedure_gets_version_one(province: tuple[Path, str]) -> None:
    folder, code = province
    catalogue = load(folder)
    changes = await record_versions(catalogue)
    assert [(c.code, c.version, c.previous) for c in changes] == [(code, 1, None)]
    [row] = await stored(code)
    assert row["content_hash"] == catalogue.hashes[code]
    assert row["source_file"] == "procedures/khai-sinh.yaml"
    assert row["effective_from"] == catalogue.procedure(code).effective_from
    assert row["spec"] == canonical_json(catalogue.procedure(code)).decode()


async def test_loading_unchanged_files_keeps_the_version(
    province: tuple[Path, str],
) -> None:
    folder, code = province
    await record_versions(load(folder))
    assert await record_versions(load(folder)) == []
    assert [r["version"] for r in await stored(code)] == [1]


async def test_a_changed_file_makes_version_two(province: tuple[Path, str]) -> None:
    folder, code = province
    await record_versions(load(folder))
    path = folder / "procedures" / "khai-sinh.yaml"
    edit(path, "{amount: 2, unit: working_hours}", "{amount: 1.5, unit: working_hours}")
    changed = load(folder)
    [change] = await record_versions(changed)
    assert (change.code, change.version, change.previous) == (code, 2, 1)
    assert change.content_hash == changed.hashes[code]
    assert [r["version"] for r in await stored(code)] == [1, 2]


async def test_layout_and_comments_do_not_make_a_version(
    province: tuple[Path, str],
) -> None:
    folder, _code = province
    await record_versions(load(folder))
    path = folder / "procedures" / "khai-sinh.yaml"
    text = path.read_text(encoding="utf-8")
    # Same content: a comment added and two top-level keys swapped.
    lines = text.splitlines()
    field_line = next(i for i, line in enumerate(lines) if line.startswith("field:"))
    level_line = next(i for i, line in enumerate(lines) if line.startswith("level:"))
    lines[field_line], lines[level_line] = lines[level_line], lines[field_line]
    path.write_text("# reviewed\n" + "\n".join(lines) + "\n", encoding="utf-8")
    assert await record_versions(load(folder)) == []


async def test_a_stored_version_decodes_back_equal(province: tuple[Path, str]) -> None:
    folder, code = province
    edit(
        folder / "procedures" / "khai-sinh.yaml",
        "\nplugins:\n",
        "\nplugins:\n  fakefees: {amount: 50000}\n",
    )
    catalogue = load(folder)
    await record_versions(catalogue)
    plugins = manager(FakeFees())
    again = await load_version(code, 1, plugins)
    assert again == catalogue.procedure(code)
    assert again.plugins["fakefees"] == FeeSection(amount=50000)
    assert set(again.plugins) == {"eforms", "fees", "fakefees"}
    assert content_hash(again) == catalogue.hashes[code]
    # Without the plugins, sections stay plain values, still fine to display.
    plain = await load_version(code, 1)
    assert plain.plugins["fakefees"] == {"amount": 50000.0, "label": "lệ phí"}
    assert plain.plugins["fees"]["rule_version"] == "2016-01-01"
    assert plain.plugins["eforms"]["form"] == "tk-khai-sinh"
    assert canonical_json(plain) == canonical_json(again)


async def test_old_versions_stay_available_after_a_change(
    province: tuple[Path, str],
) -> None:
    folder, code = province
    first = load(folder)
    await record_versions(first)
    edit(folder / "procedures" / "khai-sinh.yaml", 'cutoff: "15:00"', 'cutoff: "16:00"')
    second = load(folder)
    await record_versions(second)
    assert (await load_version(code, 1)).cutoff == "15:00"
    assert (await load_version(code, 2)).cutoff == "16:00"
    diff = diff_procedures(await load_version(code, 1), await load_version(code, 2))
    assert [(c.field, c.old, c.new) for c in diff.other] == [
        ("cutoff", "15:00", "16:00")
    ]


async def test_an_unknown_version_is_a_lookup_error(province: tuple[Path, str]) -> None:
    _, code = province
    with pytest.raises(LookupError):
        await load_version(code, 1)


async def test_a_concurrent_recording_does_not_fail(province: tuple[Path, str]) -> None:
    folder, code = province
    catalogue = load(folder)
    # Another process stored version 1 between our read and our insert.
    await ProcedureVersion.insert(
        ProcedureVersion(
            code=code,
            version=1,
            content_hash=catalogue.hashes[code],
            spec=canonical_json(catalogue.procedure(code)).decode(),
            source_file="procedures/khai-sinh.yaml",
            effective_from=catalogue.procedure(code).effective_from,
        )
    )
    assert await record_versions(catalogue) == []
    with pytest.raises(Exception, match=r"(?i)unique"):
        await ProcedureVersion.insert(
            ProcedureVersion(
                code=code, version=1, content_hash="x", spec="{}", source_file="x"
            )
        )


@pytest.fixture
def two_procedures(tmp_path: Path) -> tuple[Path, str, str]:
    """A province with two procedures whose codes no other test uses."""
    folder = demo_copy(tmp_path, keep=("khai-sinh.yaml", "ket-hon.yaml"))
    tag = uuid.uuid4().hex[:10]
    birth, marriage = f"B.{tag}", f"M.{tag}"
    edit(
        folder / "procedures" / "khai-sinh.yaml", "code: 1.001193.H99", f"code: {birth}"
    )
    edit(
        folder / "procedures" / "ket-hon.yaml",
        "code: 1.000894.H99",
        f"code: {marriage}",
    )
    return folder, birth, marriage


async def test_only_the_changed_procedure_gets_a_new_version(
    two_procedures: tuple[Path, str, str],
) -> None:
    folder, birth, marriage = two_procedures
    first = await record_versions(load(folder))
    assert [(c.code, c.version) for c in first] == [(birth, 1), (marriage, 1)]
    edit(
        folder / "procedures" / "ket-hon.yaml",
        "applicants:",
        "applicant_kinds: [citizen]\napplicants:",
    )
    # The default written out is the same content: no new version.
    assert await record_versions(load(folder)) == []
    edit(
        folder / "procedures" / "ket-hon.yaml",
        "online_level: partial",
        "online_level: none",
    )
    edit(
        folder / "procedures" / "ket-hon.yaml",
        "channels: [counter, online]",
        "channels: [counter]",
    )
    [change] = await record_versions(load(folder))
    assert (change.code, change.version, change.previous) == (marriage, 2, 1)
    assert [r["version"] for r in await stored(birth)] == [1]


async def test_a_loaded_version_is_kept_in_memory(province: tuple[Path, str]) -> None:
    folder, code = province
    await record_versions(load(folder))
    first = await load_version(code, 1)
    # Stored versions never change; a second read does not go to the database.
    await ProcedureVersion.delete().where(ProcedureVersion.code == code)
    assert await load_version(code, 1) is first


async def test_recording_joins_the_callers_transaction(
    province: tuple[Path, str],
) -> None:
    from core.db import transaction

    folder, code = province

    class Abort(Exception):
        pass

    async def record_then_fail() -> None:
        async with transaction():
            assert len(await record_versions(load(folder))) == 1
            raise Abort

    with pytest.raises(Abort):
        await record_then_fail()
    # Rolled back with the caller's work: the next start records version 1 again.
    assert await stored(code) == []
    [change] = await record_versions(load(folder))
    assert change.version == 1
