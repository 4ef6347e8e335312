"""The applicant's satisfaction rating of a dossier (đánh giá mức độ hài lòng).

One rating per dossier, once its result was returned, at one of three levels. The
dossier service stores it when it offers ``rate``; until then the rating is written
here, in one transaction with its audit event, under the same rules.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from core import audit
from core.db import transaction
from core.dossiers.records import DossierRecord, aware
from core.dossiers.service import DossierService
from core.dossiers.statuses import Status
from core.dossiers.tables import Rating
from core.errors import Conflict, Forbidden
from core.permissions import Actor
from core.web.labels import RATING_LEVELS

__all__ = ["RatingView", "rating_of", "store_rating"]


class RatingView(msgspec.Struct, frozen=True, kw_only=True):
    """A stored rating."""

    level: str
    comment: str
    at: dt.datetime


async def rating_of(dossier_id: int) -> RatingView | None:
    """The dossier's rating, if it was rated."""
    row = await Rating.select().where(Rating.dossier == dossier_id).first()
    if row is None:
        return None
    return RatingView(level=row["level"], comment=row["comment"], at=aware(row["at"]) or row["at"])


async def store_rating(
    service: DossierService,
    record: DossierRecord,
    actor: Actor,
    level: str,
    comment: str,
    channel: str = "online",
) -> None:
    """Record the applicant's rating of a returned dossier.

    Args:
        service: the dossier service.
        record: the dossier, visible to ``actor``.
        actor: the applicant.
        level: one of :data:`~core.web.labels.RATING_LEVELS`.
        comment: free text.
        channel: ``online`` or ``kiosk``.

    Raises:
        Forbidden: the actor is not the dossier's applicant (403).
        Conflict: the result was not returned yet, or the dossier is rated (409).
    """
    rate: Any = getattr(service, "rate", None)
    if rate is not None:
        await rate(record.id, level, comment, actor, channel)
        return
    if actor.is_staff or record.account_id != actor.account_id:
        raise Forbidden("Chỉ người nộp hồ sơ được đánh giá.", "Only the applicant rates.")
    if record.status != Status.RETURNED or level not in RATING_LEVELS:
        raise Conflict(
            "Hồ sơ chỉ được đánh giá khi đã trả kết quả.",
            "A dossier is rated once its result was returned.",
        )
    if await Rating.exists().where(Rating.dossier == record.id):
        raise Conflict("Hồ sơ đã được đánh giá.", "This dossier was already rated.")
    async with transaction():
        await Rating.insert(
            Rating(
                dossier=record.id,
                level=level,
                channel=channel,
                comment=comment,
                at=service.clock(),
            )
        )
        await audit.record(
            "dossier_rated",
            actor=actor,
            object_type="dossier",
            object_id=record.code,
            unit_id=record.unit_id,
            detail={"level": level, "channel": channel},
        )
