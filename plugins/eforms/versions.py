"""Every form version a dossier was filed with, kept for as long as the dossier.

A dossier stores the code, version number and content hash of its form
(``plugin_data["eforms"]``). Before a filing is written the form's content is
recorded here, once per distinct content; showing or printing the dossier later
reads that content back, whatever the form file says by then.

A province raises ``version`` at every change. A file changed without a new
version number is not refused (citizens would be turned away for a clerical
slip): the new content is recorded beside the old one under the same number,
each dossier keeps the exact content it was filed with, and the log warns with
``eforms_version_reused``.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

import msgspec
import structlog
from piccolo.query.functions.aggregate import Count

from plugins.eforms.formfiles import form_hash
from plugins.eforms.schema import FormSpec
from plugins.eforms.tables import FormVersion

__all__ = ["FormRef", "cached_version", "load_version", "record_version"]

log = structlog.get_logger(__name__)
_CACHE_SIZE = 256
_cache: OrderedDict[str, FormSpec] = OrderedDict()


class FormRef(msgspec.Struct, frozen=True, kw_only=True):
    """Which form a dossier was filed with, as kept in its ``plugin_data``.

    Attributes:
        form: the form's code.
        version: the form's version number.
        hash: the SHA-256 of the form's content.
    """

    form: str
    version: int
    hash: str

    @classmethod
    def of(cls, form: FormSpec) -> FormRef:
        """The reference of a form's current content."""
        return cls(form=form.code, version=form.version, hash=form_hash(form))

    @classmethod
    def read(cls, plugin_data: Any) -> FormRef | None:
        """The reference kept in a dossier's ``plugin_data``, if it has one."""
        stored = plugin_data.get("eforms") if isinstance(plugin_data, Mapping) else None
        if not isinstance(stored, Mapping):
            return None
        try:
            return cls(
                form=str(stored["form"]),
                version=int(stored["version"]),
                hash=str(stored["hash"]),
            )
        except (KeyError, TypeError, ValueError):
            return None


def _remember(content_hash: str, form: FormSpec) -> None:
    _cache[content_hash] = form
    _cache.move_to_end(content_hash)
    if len(_cache) > _CACHE_SIZE:
        _cache.popitem(last=False)


async def record_version(form: FormSpec, now: dt.datetime) -> FormRef:
    """Record a form's content if it is new, and return its reference.

    Args:
        form: the form about to be used for a filing.
        now: the moment, kept as when the content was first seen.

    Returns:
        The reference to store with the dossier.
    """
    ref = FormRef.of(form)
    if ref.hash in _cache:
        return ref
    exists = await FormVersion.exists().where(FormVersion.content_hash == ref.hash)
    if not exists:
        await _insert(form, ref, now)
    _remember(ref.hash, form)
    return ref


async def _insert(form: FormSpec, ref: FormRef, now: dt.datetime) -> None:
    same_number = (
        await FormVersion.select(Count())
        .where((FormVersion.code == ref.form) & (FormVersion.version == ref.version))
        .first()
    )
    if same_number and same_number["count"]:
        log.warning("eforms_version_reused", form=ref.form, version=ref.version)
    row = FormVersion(
        code=ref.form,
        version=ref.version,
        content_hash=ref.hash,
        spec=msgspec.json.encode(form).decode(),
        recorded_at=now,
    )
    try:
        await FormVersion.insert(row)
    except Exception:
        # Two filings may record the same new content at once; the unique hash
        # keeps one row, and the other writer only needs that it exists.
        if not await FormVersion.exists().where(FormVersion.content_hash == ref.hash):
            raise
    log.info("eforms_version_recorded", form=ref.form, version=ref.version)


async def load_version(ref: FormRef) -> FormSpec:
    """The form content a dossier was filed with.

    Args:
        ref: the dossier's form reference.

    Returns:
        The form as it was.

    Raises:
        LookupError: no such content was ever recorded.
    """
    found = _cache.get(ref.hash)
    if found is not None:
        return found
    row = (
        await FormVersion.select(FormVersion.spec)
        .where(FormVersion.content_hash == ref.hash)
        .first()
    )
    if row is None:
        raise LookupError(f"form {ref.form!r} version {ref.version} is not recorded")
    spec = row["spec"]
    form = msgspec.json.decode(
        spec if isinstance(spec, str | bytes) else msgspec.json.encode(spec),
        type=FormSpec,
    )
    _remember(ref.hash, form)
    return form


def cached_version(ref: FormRef) -> FormSpec | None:
    """The form content of ``ref`` if this process has already read it."""
    return _cache.get(ref.hash)
