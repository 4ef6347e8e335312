"""Reading the applicant's satisfaction rating of a dossier for its page.

Ratings are recorded by :func:`core.dossiers.ratings.rate`; pages only need to know
whether a dossier was rated, and how.
"""

from __future__ import annotations

import datetime as dt

import msgspec

from core.dossiers.records import aware
from core.dossiers.tables import Rating

__all__ = ["RatingView", "rating_of"]


class RatingView(msgspec.Struct, frozen=True, kw_only=True):
    """A stored rating."""

    level: str
    comment: str
    channel: str
    at: dt.datetime


async def rating_of(dossier_id: int) -> RatingView | None:
    """The dossier's rating, if it was rated."""
    row = await Rating.select().where(Rating.dossier == dossier_id).first()
    if row is None:
        return None
    return RatingView(
        level=row["level"],
        comment=row["comment"],
        channel=row["channel"],
        at=aware(row["at"]) or row["at"],
    )
