"""Helpers of the plugin tests: demo procedures, their filled examples, accounts
and filings through the real dossier service."""

from __future__ import annotations

import copy
import random
from typing import Any

from core.accounts.service import NewAccount, actor_for, create_account
from core.catalogue.catalogue import Catalogue
from core.cli import SYSTEM as OPERATOR
from core.dossiers.records import DossierRecord
from core.dossiers.service import DossierService
from core.events import Applicant, FilingDraft
from core.permissions import Actor
from plugins.eforms import runtime
from plugins.eforms.samples import example_data
from plugins.eforms.section import EformsSection
from tests.conftest import unique

JUDICIAL = "2.000488.H99"  # judicial record: online, case, residence history
COPIES = "2.000815.H99"  # certified copies: counter only, inline form, per page
HOUSEHOLD = "2.000720.H99"  # household business: members group, capital sum
BUILDING = "1.009974.H99"  # construction permit: plot, areas, dates
BIRTH = "1.001193.H99"  # birth registration: conditional father
PASSWORD = "a-long-enough-password"

PLACES: dict[str, tuple[str, str | None]] = {
    JUDICIAL: ("stp", "thong-thuong"),
    COPIES: ("xa-an-binh", "thong-thuong"),
    HOUSEHOLD: ("xa-an-binh", "ho-gia-dinh"),
    BUILDING: ("xa-an-binh", None),
    BIRTH: ("xa-an-binh", None),
}
"""Where each procedure used by the tests is filed: the unit and the case."""


def section_of(catalogue: Catalogue, code: str) -> EformsSection:
    """The e-form section of a demo procedure."""
    section = catalogue.procedures[code].plugins["eforms"]
    assert isinstance(section, EformsSection)
    return section


def example(catalogue: Catalogue, code: str) -> dict[str, Any]:
    """A fresh copy of the filled example of a demo procedure's form."""
    found = example_data(section_of(catalogue, code), runtime.library())
    assert found is not None, code
    return copy.deepcopy(found)


def new_cccd(sex_century: str = "0", year: str = "90") -> str:
    """A valid 12-digit CCCD of Hà Nội (001), unique enough for one test run."""
    return f"001{sex_century}{year}{random.randrange(10**6):06d}"


async def new_citizen(
    catalogue: Catalogue, username: str | None = None, **profile: Any
) -> Actor:
    """A citizen who registered, with the given profile (and ``PASSWORD``)."""
    values: dict[str, Any] = {
        "full_name": "Nguyễn Văn An",
        "identifier": new_cccd(),
        "phone": "0912345678",
        "email": "an@example.vn",
    }
    values.update(profile)
    account_id = await create_account(
        NewAccount(username=username or unique("cd"), password=PASSWORD, **values),
        actor=None,
        catalogue=catalogue,
    )
    found = await actor_for(account_id, catalogue)
    assert found is not None
    return found


async def new_staff(
    catalogue: Catalogue, unit: str, *roles: str, username: str | None = None
) -> Actor:
    """A member of staff of ``unit`` holding ``roles`` (and ``PASSWORD``)."""
    account_id = await create_account(
        NewAccount(
            username=username or unique("staff"),
            password=PASSWORD,
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


def draft_for(
    code: str,
    form_data: dict[str, Any],
    *,
    channel: str = "online",
    lang: str = "vi",
    account_id: int | None = None,
) -> FilingDraft:
    """A filing of a demo procedure with the given form data."""
    unit, case = PLACES[code]
    return FilingDraft(
        procedure_code=code,
        procedure_version=0,
        case_code=case,
        channel=channel,
        unit_id=unit,
        applicant=Applicant(
            kind="citizen",
            name="Nguyễn Văn An",
            identifier_kind="cccd",
            identifier=new_cccd(),
            phone="0912345678",
        ),
        form_data=form_data,
        lang=lang,
        account_id=account_id,
    )


async def file_example(
    service: DossierService, who: Actor, code: str, **changes: Any
) -> DossierRecord:
    """File the procedure's filled example online as ``who``, changed by ``changes``."""
    data = {**example(service.catalogue, code), **changes}
    return await service.file_dossier(
        draft_for(code, data, account_id=who.account_id), who
    )
