"""Shared set-up of the page tests: a desk that files and moves dossiers.

Pages are tested through HTTP; the dossiers they show are made here with the real
dossier service, as the demo accounts, so every test starts from a dossier of its
own (unique applicant) in the state it needs.
"""

from __future__ import annotations

import random
from typing import Any

import pytest

from core.accounts.service import actor_for
from core.accounts.tables import Account
from core.demo import form_data, sample_pdf
from core.dossiers.filing import ComponentInput, Upload
from core.dossiers.records import DossierRecord
from core.dossiers.service import DossierService
from core.dossiers.state import ActionInput
from core.dossiers.storage import LocalStorage
from core.events import Applicant, FilingDraft
from core.permissions import Actor
from tests.conftest import sign_in

JUDICIAL = "2.000488.H99"
BIRTH = "1.001193.H99"


def new_cccd() -> str:
    """A valid, unused 12-digit citizen identity number."""
    return "0010" + "95" + f"{random.randrange(10**6):06d}"


class Desk:
    """Files dossiers and performs actions as demo accounts."""

    def __init__(self, service: DossierService) -> None:
        self.service = service
        self._actors: dict[str, Actor] = {}

    async def actor(self, username: str) -> Actor:
        """The demo account ``username`` as the permission service sees it."""
        if username not in self._actors:
            row = (
                await Account.select(Account.id)
                .where(Account.username == username)
                .first()
            )
            found = await actor_for(row["id"], self.service.catalogue)
            assert found is not None
            self._actors[username] = found
        return self._actors[username]

    async def file_online(
        self, username: str = "congdan", procedure: str = JUDICIAL, **changes: Any
    ) -> DossierRecord:
        """File a dossier online as a citizen, with its declaration attached."""
        who = await self.actor(username)
        name = changes.pop("name", "Nguyễn Văn An")
        identifier = changes.pop("identifier", "001099012345")
        draft = FilingDraft(
            procedure_code=procedure,
            procedure_version=0,
            case_code=changes.pop(
                "case_code", "thong-thuong" if procedure == JUDICIAL else None
            ),
            channel="online",
            unit_id=changes.pop(
                "unit_id", "stp" if procedure == JUDICIAL else "xa-an-binh"
            ),
            applicant=Applicant(
                kind="citizen",
                name=name,
                identifier_kind="cccd",
                identifier=identifier,
                phone="0912345678",
            ),
            form_data=self.form(procedure, name, identifier),
            account_id=who.account_id,
        )
        upload = Upload(
            filename="to-khai.pdf", data=sample_pdf("To khai"), component_code="to-khai"
        )
        return await self.service.file_dossier(draft, who, [upload])

    async def file_counter(
        self,
        name: str,
        identifier: str | None = None,
        procedure: str = JUDICIAL,
        officer: str = "tiepnhan.ttpvhcc",
    ) -> DossierRecord:
        """File a dossier at a counter for a walk-in applicant."""
        who = await self.actor(officer)
        identifier = identifier or new_cccd()
        draft = FilingDraft(
            procedure_code=procedure,
            procedure_version=0,
            case_code="thong-thuong" if procedure == JUDICIAL else None,
            channel="counter",
            unit_id="stp" if procedure == JUDICIAL else "xa-an-binh",
            applicant=Applicant(
                kind="citizen",
                name=name,
                identifier_kind="cccd",
                identifier=identifier,
            ),
            form_data=self.form(procedure, name, identifier),
        )
        paper = [ComponentInput(code="to-khai", paper_original=True)]
        return await self.service.file_dossier(draft, who, [], paper)

    def form(self, procedure: str, name: str, identifier: str) -> dict[str, Any]:
        """Valid e-form answers for the applicant, filed today."""
        today = self.service.clock().astimezone(self.service.calendar.timezone).date()
        return form_data(procedure, name[:100], identifier, today)

    async def act(
        self, record: DossierRecord, username: str, action: str, **inputs: Any
    ) -> DossierRecord:
        """Perform ``action`` as ``username`` on the dossier's latest version."""
        fresh = await self.service.act(
            record.id,
            action,
            ActionInput(**inputs),
            await self.actor(username),
            (await self._reload(record)).version,
        )
        return fresh

    async def _reload(self, record: DossierRecord) -> DossierRecord:
        from core.dossiers import queries

        found = await queries.load(record.id)
        assert found is not None
        return found

    async def to_specialist(self, record: DossierRecord) -> DossierRecord:
        """Move a counter dossier of the judicial record procedure to the specialist."""
        return await self.act(record, "tiepnhan.ttpvhcc", "forward")

    async def to_returned(self, record: DossierRecord) -> DossierRecord:
        """Take an online judicial record dossier all the way to its returned result."""
        record = await self.act(record, "tiepnhan.ttpvhcc", "receive")
        record = await self.act(record, "tiepnhan.ttpvhcc", "forward")
        record = await self.act(record, "chuyenvien.stp", "forward")
        record = await self.act(record, "lanhdao.stp", "approve")
        record = await self.act(record, "vanthu.stp", "resolve")
        return await self.act(record, "tiepnhan.ttpvhcc", "return_result")


@pytest.fixture
async def desk(app: Any, client: Any) -> Desk:
    """A desk on the running application's catalogue and attachment folder.

    ``client`` is requested so that the application has started (demo accounts
    exist) before the desk acts.
    """
    ctx = app.state.ctx
    service = DossierService(
        ctx.catalogue, ctx.plugins, LocalStorage(ctx.settings.attachments_dir)
    )
    return Desk(service)


def post_names(data: Any, prefix: str = "") -> dict[str, str]:
    """Nested form data as the names and values a browser posts.

    ``{"a": {"b": "1"}, "rows": [{"c": "2"}]}`` becomes
    ``{"a.b": "1", "rows[0].c": "2"}``, the naming the e-form inputs use.
    """
    fields: dict[str, str] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            fields.update(post_names(value, f"{prefix}.{key}" if prefix else key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            fields.update(post_names(value, f"{prefix}[{index}]"))
    else:
        fields[prefix] = str(data)
    return fields


async def signed_in(client: Any, username: str) -> Any:
    """``client`` signed in as ``username``; returns the client."""
    await sign_in(client, username)
    return client


def token(client: Any) -> str:
    """The CSRF token to post forms with."""
    return str(client.cookies.get("motcua_csrf", ""))
