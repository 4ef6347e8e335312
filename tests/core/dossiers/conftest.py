"""Fixtures for dossier tests on the demo province: a service with a movable
clock, local file storage, and accounts created on demand.

The dossier core is tested without the installed plugins: the demo procedures
enable e-forms and fees, whose own tests cover how they take part in filing. Tests
of the hooks register plugins of their own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from core.accounts.service import NewAccount, actor_for, create_account
from core.cli import SYSTEM as OPERATOR
from core.dossiers.service import DossierService
from core.dossiers.storage import LocalStorage
from core.events import Applicant, FilingDraft
from core.permissions import Actor
from core.plugin_manager import PluginManager
from tests.conftest import unique

TZ = dt.timezone(dt.timedelta(hours=7))
# Wednesday 2 December 2026, 09:00 in Viet Nam: an ordinary working day.
START = dt.datetime(2026, 12, 2, 9, 0, tzinfo=TZ)

JUDICIAL = "2.000488.H99"  # judicial record: centre receives, Justice resolves
COPY = "2.000815.H99"  # certified copy: commune, counter only, 4 working hours


class Clock:
    """A clock that tests move forward by hand."""

    def __init__(self, start: dt.datetime = START) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> dt.datetime:
        self.now += dt.timedelta(**delta)
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def storage(tmp_path: Path) -> LocalStorage:
    return LocalStorage(tmp_path / "attachments")


@pytest.fixture
def core_only() -> PluginManager:
    """A plugin manager without plugins: the core's behaviour alone."""
    return PluginManager()


@pytest.fixture
def service(
    catalogue: Any, core_only: PluginManager, storage: LocalStorage, clock: Clock
) -> DossierService:
    return DossierService(catalogue, core_only, storage, clock=clock)


@pytest.fixture
def app(settings: Any, catalogue: Any, core_only: PluginManager) -> Any:
    """The application on the demo province, with the dossier core alone."""
    from core.app import create_app

    return create_app(settings, plugins=core_only, catalogue=catalogue)


MakeStaff = Callable[..., Awaitable[Actor]]


@pytest.fixture
def make_staff(catalogue: Any) -> MakeStaff:
    """Create a staff account of ``unit`` holding ``roles``."""

    async def make(unit: str, *roles: str) -> Actor:
        account_id = await create_account(
            NewAccount(
                username=unique("staff"),
                password="a-long-enough-password",
                full_name=f"Cán bộ {unit}",
                kind="staff",
                unit_id=unit,
                roles=list(roles),
            ),
            actor=OPERATOR,
            catalogue=catalogue,
        )
        found = await actor_for(account_id, catalogue)
        assert found is not None
        return found

    return make


@pytest.fixture
def make_citizen(catalogue: Any) -> Callable[[], Awaitable[Actor]]:
    """Create a citizen account that registered on its own."""

    async def make() -> Actor:
        account_id = await create_account(
            NewAccount(
                username=unique("cd"),
                password="a-long-enough-password",
                full_name="Nguyễn Văn An",
                identifier="001099012345",
                phone="0912345678",
            ),
            actor=None,
            catalogue=catalogue,
        )
        found = await actor_for(account_id, catalogue)
        assert found is not None
        return found

    return make


@pytest.fixture
async def desk(make_staff: MakeStaff) -> Actor:
    """A receiving officer of the provincial service centre."""
    return await make_staff("ttpvhcc", "receiving_officer")


@pytest.fixture
async def team(make_staff: MakeStaff) -> dict[str, Actor]:
    """Everyone the judicial-record workflow needs."""
    return {
        "desk": await make_staff("ttpvhcc", "receiving_officer"),
        "desk2": await make_staff("ttpvhcc", "receiving_officer"),
        "specialist": await make_staff("stp-lltp", "specialist"),
        "specialist2": await make_staff("stp-lltp", "specialist"),
        "leader": await make_staff("stp", "leader"),
        "clerk": await make_staff("stp", "clerk"),
        "outsider": await make_staff("syt", "specialist", "leader", "clerk"),
    }


@pytest.fixture
async def citizen(make_citizen: Callable[[], Awaitable[Actor]]) -> Actor:
    return await make_citizen()


def applicant(**changes: Any) -> Applicant:
    values: dict[str, Any] = {
        "kind": "citizen",
        "name": "Nguyễn Văn An",
        "identifier_kind": "cccd",
        "identifier": "001 099 012 345",
        "phone": "0912 345 678",
        "email": "an@example.com",
        "address": "12 Đường Lúa, phường 1",
    }
    values.update(changes)
    return Applicant(**values)


def draft(
    channel: str = "online",
    procedure: str = JUDICIAL,
    unit: str = "stp",
    case: str | None = "thong-thuong",
    **changes: Any,
) -> FilingDraft:
    values: dict[str, Any] = {
        "procedure_code": procedure,
        "procedure_version": 0,
        "case_code": case,
        "channel": channel,
        "unit_id": unit,
        "applicant": applicant(),
        "form_data": {"purpose": "xin việc"},
    }
    values.update(changes)
    return FilingDraft(**values)
