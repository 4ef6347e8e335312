"""Serving a dossier's files to those who may see the dossier.

Every file goes through one route that checks the viewer's access to its dossier;
a file of a dossier the viewer may not see answers 404 exactly like a file that does
not exist. Images and PDFs open inline for preview; ``?download=1`` saves them. The
browser is told not to guess types, so a file is only ever shown as what its content
was checked to be when it was uploaded.
"""

from __future__ import annotations

from typing import Any

import structlog
from litestar import Request, get
from litestar.response import Response

from core.dossiers.attachments import CorruptFile, read_attachment
from core.dossiers.storage import MissingFile
from core.errors import NotFound
from core.permissions import SIGNED_IN
from core.web.common import dossier_service, require_actor
from core.web.dossier_view import visible_dossier

__all__ = ["ROUTES", "file_url"]

log = structlog.get_logger(__name__)
INLINE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg"})


def file_url(code: str, attachment_id: int, download: bool = False) -> str:
    """The address of one file of a dossier."""
    suffix = "?download=1" if download else ""
    return f"/dossiers/{code}/files/{attachment_id}{suffix}"


def _ascii_name(name: str) -> str:
    kept = "".join(
        c if c.isascii() and (c.isalnum() or c in "._-") else "_" for c in name
    )
    return kept.strip("._") or "file"


@get(
    "/dossiers/{code:str}/files/{attachment_id:int}",
    opt={"permission": SIGNED_IN},
    include_in_schema=False,
)
async def dossier_file(
    request: Request[Any, Any, Any], code: str, attachment_id: int
) -> Response[bytes]:
    """One file of a dossier, inline (preview) or as a download."""
    from urllib.parse import quote

    who = require_actor(request)
    service = dossier_service(request)
    record = await visible_dossier(code, who, service)
    try:
        item, data = await read_attachment(service, record.id, attachment_id, who)
    except (MissingFile, CorruptFile):
        log.warning("dossier_file_unreadable", dossier=record.code, file=attachment_id)
        raise NotFound("Không tìm thấy tệp.", "File not found.") from None
    inline = item.mime_type in INLINE_TYPES and not request.query_params.get("download")
    disposition = "inline" if inline else "attachment"
    name = item.original_name or f"file.{item.extension}"
    return Response(
        content=data,
        media_type=item.mime_type,
        headers={
            "content-disposition": f'{disposition}; filename="{_ascii_name(name)}"; '
            f"filename*=UTF-8''{quote(name)}",
            "x-content-type-options": "nosniff",
            "cache-control": "private, no-store",
        },
    )


ROUTES = [dossier_file]
