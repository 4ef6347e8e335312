"""Stored procedure versions, so that a dossier keeps the rules it was filed under.

Each time the catalogue loads, :func:`record_versions` compares every procedure's
content hash with its latest stored version and stores a new version when they
differ. A dossier records the version number; :func:`load_version` gives that version
back exactly as it was, even after the YAML file has changed.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING, Any

import msgspec
import structlog
from piccolo.columns import Date, Integer, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from core.catalogue.canonical import canonical_json
from core.catalogue.model import ProcedureSpec
from core.db import transaction

if TYPE_CHECKING:
    from core.catalogue.catalogue import Catalogue
    from core.plugin_manager import PluginManager

__all__ = ["ProcedureVersion", "VersionChange", "load_version", "record_versions"]

log = structlog.get_logger(__name__)


class ProcedureVersion(Table, tablename="motcua_procedure_version"):
    """One version of one procedure; (code, version) is unique.

    ``spec`` holds the decoded procedure as canonical JSON (sorted keys), whose
    SHA-256 is ``content_hash``.
    """

    code = Varchar(length=64, index=True)
    version = Integer()
    content_hash = Varchar(length=64)
    spec = Text()
    source_file = Varchar(length=512)
    loaded_at = Timestamptz(default=TimestamptzNow())
    effective_from = Date()


class VersionChange(msgspec.Struct, frozen=True, kw_only=True):
    """A version stored by :func:`record_versions`.

    Attributes:
        code: the procedure code.
        version: the new version number (1 for a procedure seen for the first time).
        previous: the version it replaces, ``None`` for a new procedure.
        content_hash: the new version's content hash.
    """

    code: str
    version: int
    previous: int | None
    content_hash: str


async def record_versions(catalogue: Catalogue) -> list[VersionChange]:
    """Store a new version of every procedure whose content changed.

    Runs in one transaction (joining the caller's, if any). When two processes
    start together, the second one's identical versions are skipped by the unique
    (code, version) index rather than failing.

    Args:
        catalogue: the freshly loaded catalogue.

    Returns:
        The versions stored, by procedure code; empty when nothing changed.
    """
    changes: list[VersionChange] = []
    async with transaction():
        latest = await _latest_versions()
        for code, spec in sorted(catalogue.procedures.items()):
            known = latest.get(code)
            digest = catalogue.hashes[code]
            if known is not None and known[1] == digest:
                continue
            previous = known[0] if known else None
            version = (previous or 0) + 1
            if await _insert(code, version, digest, spec, catalogue.sources[code]):
                changes.append(
                    VersionChange(
                        code=code,
                        version=version,
                        previous=previous,
                        content_hash=digest,
                    )
                )
    for change in changes:
        log.info(
            "procedure_version_recorded", procedure=change.code, version=change.version
        )
    return changes


async def _latest_versions() -> dict[str, tuple[int, str]]:
    """The latest (version, hash) of every stored procedure."""
    rows = await ProcedureVersion.select(
        ProcedureVersion.code, ProcedureVersion.version, ProcedureVersion.content_hash
    ).order_by(ProcedureVersion.code, ProcedureVersion.version)
    # Rows come in version order, so the last row of each code wins.
    return {row["code"]: (row["version"], row["content_hash"]) for row in rows}


async def _insert(
    code: str, version: int, digest: str, spec: ProcedureSpec, source: str
) -> bool:
    row = ProcedureVersion(
        code=code,
        version=version,
        content_hash=digest,
        spec=canonical_json(spec).decode(),
        source_file=source,
        effective_from=spec.effective_from,
    )
    inserted = (
        await ProcedureVersion.insert(row)
        .on_conflict(
            target=(ProcedureVersion.code, ProcedureVersion.version),
            action="DO NOTHING",
        )
        .returning(ProcedureVersion._meta.primary_key)
    )
    return bool(inserted)


_CACHE_SIZE = 4096
_cache: OrderedDict[tuple[str, int], ProcedureSpec] = OrderedDict()


async def load_version(
    code: str, version: int, plugins: PluginManager | None = None
) -> ProcedureSpec:
    """Give back a stored procedure version.

    Stored versions never change, so they are cached in the process.

    Args:
        code: the procedure code.
        version: the version number a dossier was filed under.
        plugins: when given, each section of an installed plugin is decoded into
            the plugin's ``section_type``, as in the loaded catalogue; without it
            sections stay plain JSON values (enough to display or compare).

    Returns:
        The procedure as it was at that version.

    Raises:
        LookupError: no such version is stored.
    """
    spec = _cache.get((code, version))
    if spec is None:
        spec = await _fetch(code, version)
        _cache[(code, version)] = spec
        if len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    else:
        _cache.move_to_end((code, version))
    return spec if plugins is None else _with_sections(spec, plugins)


async def _fetch(code: str, version: int) -> ProcedureSpec:
    row = (
        await ProcedureVersion.select(ProcedureVersion.spec)
        .where((ProcedureVersion.code == code) & (ProcedureVersion.version == version))
        .first()
    )
    if row is None:
        raise LookupError(f"procedure {code!r} has no stored version {version}")
    return msgspec.json.decode(row["spec"], type=ProcedureSpec)


def _with_sections(spec: ProcedureSpec, plugins: PluginManager) -> ProcedureSpec:
    sections: dict[str, Any] = {}
    for name, raw in spec.plugins.items():
        loaded = plugins.plugins.get(name)
        section_type = loaded.info.section_type if loaded else None
        sections[name] = (
            raw if section_type is None else msgspec.convert(raw, section_type)
        )
    return msgspec.structs.replace(spec, plugins=sections)
