"""Public look-up: the right pair shows a timeline without personal data; wrong
pairs reveal nothing and are throttled per address for a window of time."""

from __future__ import annotations

import pytest

from core.dossiers.lookup import MAX_FAILURES, WINDOW, TooManyLookups, lookup
from core.dossiers.service import DossierService
from core.dossiers.state import ActionInput
from core.errors import NotFound
from core.permissions import Actor
from tests.conftest import unique
from tests.core.dossiers.conftest import Clock, draft


async def test_timeline_without_names_or_notes(
    service: DossierService, team: dict[str, Actor], citizen: Actor
) -> None:
    dossier = await service.file_dossier(draft(), citizen)
    dossier = await service.act(dossier.id, "receive", ActionInput(), team["desk"], 1)
    dossier = await service.act(
        dossier.id,
        "assign",
        ActionInput(assignee_id=team["desk2"].account_id),
        team["desk"],
        dossier.version,
    )
    dossier = await service.act(
        dossier.id,
        "request_supplement",
        ActionInput(reason="Bổ sung ảnh của ông Nguyễn Văn An"),
        team["desk"],
        dossier.version,
    )
    found = await lookup(service, dossier.code, "001099012345", unique("ip"), "en")
    assert found.status == 5
    assert found.status_label == "Supplement requested"
    assert [t.action for t in found.timeline] == [
        "submit",
        "receive",
        "request_supplement",
    ]
    assert (
        found.timeline[1].unit_name
        == "Public Administrative Service Centre of Demo Province"
    )
    assert "Nguyễn" not in repr(found)
    assert found.due_at == dossier.due_at


async def test_identifier_phone_and_spacing_variants_match(
    service: DossierService, citizen: Actor
) -> None:
    dossier = await service.file_dossier(draft(), citizen)
    client = unique("ip")
    for secret in (
        "001099012345",
        " 001 099 012 345 ",
        "0912345678",
        "+84 912 345 678",
    ):
        assert (
            await lookup(service, dossier.code, secret, client)
        ).code == dossier.code


async def test_wrong_pairs_and_unknown_codes_answer_alike(
    service: DossierService, citizen: Actor
) -> None:
    dossier = await service.file_dossier(draft(), citizen)
    client = unique("ip")
    answers = []
    for code, secret in (
        (dossier.code, "001099012346"),
        (dossier.code, "0987654321"),
        (dossier.code, ""),
        ("000.00.02.H99-991231-0001", "001099012345"),
        ("", "001099012345"),
    ):
        with pytest.raises(NotFound) as caught:
            await lookup(service, code, secret, client)
        answers.append((caught.value.vi, caught.value.en, caught.value.status))
    assert len(set(answers)) == 1


async def test_throttle_per_address_until_the_window_passes(
    service: DossierService, citizen: Actor, clock: Clock
) -> None:
    dossier = await service.file_dossier(draft(), citizen)
    guesser, other = unique("ip"), unique("ip")
    for _ in range(MAX_FAILURES):
        with pytest.raises(NotFound):
            await lookup(service, dossier.code, "000000000000", guesser)
    with pytest.raises(TooManyLookups) as caught:
        await lookup(service, dossier.code, "001099012345", guesser)
    assert caught.value.status == 429
    # Another address is not affected.
    assert (
        await lookup(service, dossier.code, "001099012345", other)
    ).code == dossier.code
    clock.now += WINDOW + WINDOW / 10
    assert (
        await lookup(service, dossier.code, "001099012345", guesser)
    ).code == dossier.code
