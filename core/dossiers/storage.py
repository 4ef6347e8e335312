"""Where the files of dossiers are kept, and how an upload is checked.

:class:`Storage` is the interface: put, get and delete bytes by key. The embedded
default, :class:`LocalStorage`, keeps files in a folder under the data directory; a
production deployment may supply an S3-compatible implementation of the same three
methods. :func:`inspect_upload` checks a file against its procedure's limits: the
type is read from the content (magic numbers), never from the file name or the
browser's claim.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
import uuid
from pathlib import Path
from typing import Protocol

import filetype
import msgspec

from core.catalogue.model import AttachmentRules
from core.dossiers.state import InvalidInput

__all__ = [
    "FileCheck",
    "LocalStorage",
    "MissingFile",
    "Storage",
    "inspect_upload",
    "new_key",
]

_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*")
# The names procedures use for types, and what the content sniffer reports.
_SNIFFED = {"pdf": "pdf", "jpg": "jpg", "png": "png", "docx": "docx", "xlsx": "xlsx"}
_MB = 1024 * 1024


class MissingFile(LookupError):
    """No file is stored under the key."""


class Storage(Protocol):
    """A store of immutable files addressed by key."""

    async def put(self, key: str, data: bytes) -> None:
        """Store ``data`` under ``key``, replacing nothing (keys are fresh)."""

    async def get(self, key: str) -> bytes:
        """Read the file under ``key``.

        Raises:
            MissingFile: nothing is stored under ``key``.
        """

    async def delete(self, key: str) -> None:
        """Remove the file under ``key``; a missing file is not an error."""


class LocalStorage:
    """Files in a local folder, one file per key (the embedded default).

    Args:
        root: the folder, created when missing (``<data dir>/attachments``).
    """

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        # Keys come from new_key(), but a bad key must never reach outside root.
        if not _KEY.fullmatch(key) or ".." in key:
            raise ValueError(f"invalid storage key {key!r}")
        return self.root / key

    async def put(self, key: str, data: bytes) -> None:
        """Write the file, creating its folder."""
        path = self._path(key)

        def write() -> None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)

        await asyncio.to_thread(write)

    async def get(self, key: str) -> bytes:
        """Read the file.

        Raises:
            MissingFile: nothing is stored under ``key``.
        """
        path = self._path(key)
        try:
            return await asyncio.to_thread(path.read_bytes)
        except FileNotFoundError:
            raise MissingFile(key) from None

    async def delete(self, key: str) -> None:
        """Remove the file if it exists."""
        await asyncio.to_thread(self._path(key).unlink, missing_ok=True)


class FileCheck(msgspec.Struct, frozen=True, kw_only=True):
    """What the content of an accepted upload turned out to be."""

    extension: str
    mime_type: str
    size: int
    sha256: str


def inspect_upload(data: bytes, rules: AttachmentRules) -> FileCheck:
    """Check an uploaded file against a procedure's attachment rules.

    Args:
        data: the file's bytes.
        rules: the procedure's ``attachments`` limits.

    Returns:
        The type read from the content, the size and the SHA-256 checksum.

    Raises:
        InvalidInput: the file is empty, too large, or of a type the procedure does
            not accept.
    """
    if not data:
        raise InvalidInput("Tệp rỗng.", "The file is empty.", field="file")
    if len(data) > rules.max_mb * _MB:
        raise InvalidInput(
            f"Tệp vượt quá dung lượng cho phép ({rules.max_mb:g} MB).",
            f"The file exceeds the allowed size ({rules.max_mb:g} MB).",
            field="file",
        )
    kind = filetype.guess(data)
    allowed = {_SNIFFED[t] for t in rules.types}
    if kind is None or kind.extension not in allowed:
        listed = ", ".join(sorted(allowed))
        raise InvalidInput(
            f"Loại tệp không được chấp nhận; chỉ nhận: {listed}.",
            f"This type of file is not accepted; accepted: {listed}.",
            field="file",
        )
    return FileCheck(
        extension=kind.extension,
        mime_type=kind.mime,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def new_key(folder: str, extension: str) -> str:
    """A fresh storage key for a file of a dossier.

    Args:
        folder: what groups the files: the dossier's code, or its procedure's code
            for files stored during filing, before the dossier has a code.
        extension: the file type's extension, from :func:`inspect_upload`.

    Returns:
        ``dossiers/<folder>/<random>.<ext>``.
    """
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", folder).lstrip("._-") or "dossier"
    return f"dossiers/{safe}/{uuid.uuid4().hex}.{extension}"
