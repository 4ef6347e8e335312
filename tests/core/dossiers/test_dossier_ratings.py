"""Satisfaction ratings: once, after the result, by the applicant or at the kiosk."""

from __future__ import annotations

from typing import Any

import pytest

from core.dossiers.ratings import rate
from core.dossiers.service import DossierService
from core.dossiers.state import ActionInput, NotAllowedForActor, NotAllowedNow
from core.dossiers.tables import Rating
from core.errors import Conflict
from core.permissions import Actor
from tests.core.dossiers.conftest import draft


async def resolved(
    service: DossierService, team: dict[str, Actor], citizen: Actor
) -> Any:
    dossier = await service.file_dossier(draft(), citizen)
    for actor, action in (
        (team["desk"], "receive"),
        (team["desk"], "forward"),
        (team["specialist"], "forward"),
        (team["leader"], "approve"),
        (team["clerk"], "resolve"),
    ):
        dossier = await service.act(
            dossier.id, action, ActionInput(), actor, dossier.version
        )
    return dossier


async def test_applicant_rates_once_after_the_result(
    service: DossierService, team: dict[str, Actor], citizen: Actor
) -> None:
    pending = await service.file_dossier(draft(), citizen)
    with pytest.raises(NotAllowedNow):
        await rate(service, pending.id, "satisfied", citizen)

    dossier = await resolved(service, team, citizen)
    await rate(service, dossier.id, "very_satisfied", citizen, " Nhanh ")
    row = await Rating.select().where(Rating.dossier == dossier.id).first()
    assert row is not None
    assert (row["level"], row["channel"], row["comment"]) == (
        "very_satisfied",
        "online",
        "Nhanh",
    )
    with pytest.raises(Conflict):
        await rate(service, dossier.id, "not_satisfied", citizen)


async def test_kiosk_rating_by_the_desk_and_nobody_else(
    service: DossierService, team: dict[str, Actor], citizen: Actor
) -> None:
    dossier = await resolved(service, team, citizen)
    with pytest.raises(NotAllowedForActor):
        await rate(service, dossier.id, "satisfied", team["leader"])
    with pytest.raises(ValueError, match="unknown rating level"):
        await rate(service, dossier.id, "delighted", team["desk"])
    await rate(service, dossier.id, "satisfied", team["desk"])
    row = (
        await Rating.select(Rating.channel).where(Rating.dossier == dossier.id).first()
    )
    assert row == {"channel": "kiosk"}
