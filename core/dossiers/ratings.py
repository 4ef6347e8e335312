"""The applicant's satisfaction with a dossier (đánh giá mức độ hài lòng).

Three levels, as the national index counts them: very satisfied, satisfied, not
satisfied. The applicant rates once, after the result is ready; a receiving officer
may record a rating given at the counter's kiosk.
"""

from __future__ import annotations

from typing import Literal

from core import audit
from core.db import transaction
from core.dossiers import reading
from core.dossiers.service import DossierService
from core.dossiers.state import NotAllowedForActor, NotAllowedNow
from core.dossiers.statuses import Status
from core.dossiers.tables import Rating
from core.errors import Conflict
from core.permissions import Actor

__all__ = ["LEVELS", "RatingLevel", "rate"]

RatingLevel = Literal["very_satisfied", "satisfied", "not_satisfied"]
LEVELS: tuple[str, ...] = ("very_satisfied", "satisfied", "not_satisfied")
_RATEABLE = frozenset({Status.RESOLVED, Status.RETURNED})


async def rate(
    service: DossierService,
    dossier_id: int,
    level: str,
    actor: Actor,
    comment: str = "",
) -> None:
    """Record the satisfaction with a resolved dossier.

    Args:
        service: the dossier service.
        dossier_id: the dossier.
        level: one of :data:`LEVELS`.
        actor: the applicant (online), or a receiving officer of the receiving unit
            recording a kiosk rating.
        comment: free text.

    Raises:
        NotFound: the actor may not see the dossier.
        NotAllowedNow: the result is not ready yet (409).
        NotAllowedForActor: someone other than the applicant or the desk (403).
        Conflict: the dossier was already rated (409).
    """
    record = await reading.get(service, dossier_id, actor)
    if level not in LEVELS:
        raise ValueError(f"unknown rating level {level!r}")
    if Status(record.status) not in _RATEABLE:
        raise NotAllowedNow(
            "Chỉ đánh giá được khi hồ sơ đã có kết quả.",
            "A dossier can be rated once its result is ready.",
        )
    at_desk = actor.is_staff and actor.unit_id == record.receiving_unit_id
    if not at_desk and record.account_id != actor.account_id:
        raise NotAllowedForActor(
            "Chỉ người nộp hồ sơ được đánh giá.", "Only the applicant rates a dossier."
        )
    if await Rating.exists().where(Rating.dossier == dossier_id):
        raise Conflict("Hồ sơ đã được đánh giá.", "This dossier was already rated.")
    async with transaction():
        await Rating.insert(
            Rating(
                dossier=dossier_id,
                level=level,
                channel="kiosk" if at_desk else "online",
                comment=comment.strip(),
                at=service.clock(),
            )
        )
        await audit.record(
            "dossier_rated",
            actor=actor,
            object_type="dossier",
            object_id=record.code,
            unit_id=record.unit_id,
            detail={"level": level},
        )
