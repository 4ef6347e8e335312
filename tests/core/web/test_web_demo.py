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


async def _ensure_demo(app: Any) -> None:
    """Seeding runs at start-up into an empty province; run it here in case other
    tests filed first."""
    if await Dossier.count().where(Dossier.applicant_name == "Bùi Văn Nam") == 0:
        await seed_dossiers(app.state.ctx, only_if_empty=False)


async def test_the_demo_province_has_a_dossier_in_every_status(
    client: Any, app: Any
) -> None:
    await _ensure_demo(app)
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


def test_demo_answers_agree_with_the_identity_number() -> None:
    import datetime as dt

    from core.demo import JUDICIAL_RECORD, form_data

    woman = form_data(
        JUDICIAL_RECORD, "Trần Thị Hoa", "079185004321", dt.date(2026, 12, 3)
    )
    assert woman["gender"] == "2"
    assert woman["birth_date"] == "1985-05-12"
    boy = form_data(JUDICIAL_RECORD, "Lê Minh", "001203004321", dt.date(2026, 12, 3))
    assert boy["gender"] == "1"
    assert boy["birth_date"] == "2003-05-12"
    assert boy["residence_history"][0]["from_date"].startswith("2017-")


def test_a_birth_is_declared_shortly_before_filing() -> None:
    import datetime as dt

    from core.demo import BIRTH, form_data

    answers = form_data(BIRTH, "Nguyễn Thị Lan", "001192003344", dt.date(2026, 12, 3))
    assert answers["child_birth_date"] == "2026-11-23"
    assert answers["mother_cccd"] == "001192003344"
    # Each address is its own value, so cleaning one never changes another.
    assert answers["birth_place"] is not answers["mother_residence"]
    assert form_data("9.999999.H99", "A", "001192003344", dt.date(2026, 12, 3)) == {}


async def test_demo_dossiers_are_filed_on_working_days(app: Any, client: Any) -> None:
    import datetime as dt

    from core.calendar import WorkingCalendar

    await _ensure_demo(app)
    calendar = WorkingCalendar.from_spec(app.state.ctx.catalogue.calendar)
    rows = await Dossier.select(Dossier.submitted_at).where(
        Dossier.applicant_name.is_in(["Bùi Văn Nam", "Đặng Quốc Huy", "Ngô Thị Mai"])
    )
    assert rows
    for row in rows:
        moment = row["submitted_at"]
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        assert calendar.is_working_day(moment.astimezone(calendar.timezone).date())
