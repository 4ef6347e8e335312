"""The demo province: its accounts and its dossiers in every status."""

from __future__ import annotations

from typing import Any

from core.demo import DEMO_ACCOUNTS, SCENARIOS, sample_pdf, seed_dossiers
from core.dossiers.tables import Dossier, DossierHistory


def test_sample_documents_are_pdfs_the_upload_check_accepts() -> None:
    import filetype

    data = sample_pdf("Tờ khai – Nguyễn Văn An")
    assert filetype.guess(data).extension == "pdf"  # type: ignore[union-attr]
    assert b"To khai" in data
    assert data.rstrip().endswith(b"%%EOF")


def test_every_status_has_a_scenario() -> None:
    labels = {s.label for s in SCENARIOS}
    assert {
        "submitted",
        "received",
        "refused",
        "processing",
        "supplement",
        "payment",
        "withdrawn",
        "stopped",
        "resolved",
        "returned",
    } <= labels


def test_every_workflow_actor_of_the_scenarios_is_a_demo_account() -> None:
    usernames = {a[0] for a in DEMO_ACCOUNTS}
    for scenario in SCENARIOS:
        for username, _action, _inputs in scenario.steps:
            assert username in usernames


async def test_the_demo_province_has_a_dossier_in_every_status(
    client: Any, app: Any
) -> None:
    # Seeding runs at start-up into an empty province; run it here in case other
    # tests filed first, then check what a visitor of the demo finds.
    if await Dossier.count().where(Dossier.applicant_name == "Bùi Văn Nam") == 0:
        await seed_dossiers(app.state.ctx, only_if_empty=False)
    statuses = {r["status"] for r in await Dossier.select(Dossier.status)}
    assert set(range(1, 11)) <= statuses
    # The history is real: the returned dossier went through every hand-over.
    returned = (
        await Dossier.select(Dossier.id)
        .where((Dossier.status == 10) & (Dossier.applicant_name == "Nguyễn Văn An"))
        .first()
    )
    actions = [
        r["action"]
        for r in await DossierHistory.select(DossierHistory.action)
        .where(DossierHistory.dossier == returned["id"])
        .order_by(DossierHistory.id)
    ]
    assert actions == [
        "submit",
        "receive",
        "forward",
        "forward",
        "approve",
        "resolve",
        "return_result",
    ]


async def test_seeding_again_adds_nothing(app: Any, client: Any) -> None:
    before = await Dossier.count()
    await seed_dossiers(app.state.ctx)
    assert await Dossier.count() == before
