"""Fixtures of the fees plugin's tests: a demo province whose procedures charge fees.

The tests copy the demo province and give the judicial record certificate a
schedule of their own (a fixed fee with reductions, a quantity, a charge collected
at return) in place of its plugin sections. The other procedures keep the demo's
sections: certified copies charge per page, birth registration has an exempt zero
charge, and the change of land-use purpose has no fees section at all. Dossiers
are filed through the real dossier service.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from core.catalogue.catalogue import Catalogue
from core.dossiers.filing import ComponentInput
from core.dossiers.records import DossierRecord
from core.dossiers.service import DossierService
from core.dossiers.state import ActionInput
from core.dossiers.storage import LocalStorage
from core.events import Applicant, FilingDraft
from core.permissions import Actor
from plugins.eforms.library import FormLibrary
from plugins.eforms.samples import example_data
from plugins.fees import runtime
from plugins.fees.settings import FeesSettings, load_settings

DEMO = Path(__file__).resolve().parents[3] / "config" / "demo"
JUDICIAL = "2.000488.H99"
JUDICIAL_FILE = "ly-lich-tu-phap.yaml"
LAND_USE = "1.012791.H99"
"""The change of land-use purpose: a demo procedure without a fees section."""

JUDICIAL_FEES: dict[str, Any] = {
    "rule_version": dt.date(2026, 1, 1),
    "legal_basis": ["Thông tư số 244/2016/TT-BTC"],
    "collecting_unit": "stp",
    "items": [
        {
            "code": "phi-lltp",
            "name": {"vi": "Phí cung cấp thông tin lý lịch tư pháp", "en": "Fee"},
            "kind": "fee",
            "amount": 200000,
            "exemptions": [
                {
                    "category": "sinh-vien",
                    "percent": 50,
                    "name": "Sinh viên",
                    "evidence_component": "van-ban-uy-quyen",
                },
                {"category": "tre-em", "percent": 100, "name": "Trẻ em"},
            ],
        },
        {
            "code": "phieu-them",
            "name": "Phí cấp thêm Phiếu lý lịch tư pháp",
            "kind": "fee",
            "per": {"field": "so_phieu_them", "unit_amount": 5000},
        },
        {
            "code": "le-phi-tra",
            "name": "Lệ phí gửi trả kết quả",
            "kind": "charge",
            "collect": "on_return",
            "amount": 30000,
            "cases": ["can-xac-minh"],
        },
    ],
}

SETTINGS_YAML = """\
template_symbol: 01BLP0-001
series_format: "{prefix}-{yy}E"
collectors:
  - unit: stp
    name: Sở Tư pháp tỉnh Demo
    tax_code: "0100109106"
    address: 12 Trần Phú, phường 1
"""

_ids = itertools.count(900_000)


def staff(catalogue: Catalogue, unit_id: str, *roles: str) -> Actor:
    """A member of staff of ``unit_id`` holding ``roles`` (no account row needed)."""
    return Actor(
        account_id=next(_ids),
        kind="staff",
        unit_id=unit_id,
        unit_path=catalogue.unit_path(unit_id),
        roles=frozenset(roles),
        permissions=catalogue.permissions_of(roles),
    )


@pytest.fixture(autouse=True)
def _runtime_restored() -> Iterator[None]:
    """Leave the plugin's runtime as each test found it, for the tests after it."""
    saved = dataclasses.replace(runtime._state)
    yield
    for name in ("catalogue", "settings", "plugins", "dossier_service"):
        setattr(runtime._state, name, getattr(saved, name))


@pytest.fixture(scope="session")
def fees_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo province with fee schedules and fee settings."""
    folder = tmp_path_factory.mktemp("fees-province") / "province"
    shutil.copytree(DEMO, folder)
    path = folder / "procedures" / JUDICIAL_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["plugins"] = {"fees": JUDICIAL_FEES}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (folder / "plugins").mkdir(exist_ok=True)
    (folder / "plugins" / "fees.yaml").write_text(SETTINGS_YAML, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def fees_catalogue(fees_config: Path, plugins: Any) -> Catalogue:
    """The province with fees, loaded by the real loader (plugins included)."""
    from core.catalogue.loader import load_catalogue

    return load_catalogue(fees_config, plugins)


@pytest.fixture(scope="session")
def fees_settings(fees_catalogue: Catalogue) -> FeesSettings:
    return load_settings(fees_catalogue.config_dir, fees_catalogue.units)


@pytest.fixture
def service(
    fees_catalogue: Catalogue, plugins: Any, tmp_path: Path, fees_settings: FeesSettings
) -> DossierService:
    """The dossier service on the fees province; the plugin's runtime uses it."""
    svc = DossierService(fees_catalogue, plugins, LocalStorage(tmp_path / "files"))
    runtime.configure(
        catalogue=fees_catalogue,
        settings=fees_settings,
        plugins=plugins,
        dossier_service=svc,
    )
    return svc


@pytest.fixture
def officer(fees_catalogue: Catalogue) -> Actor:
    """A receiving officer of the provincial service centre."""
    return staff(fees_catalogue, "ttpvhcc", "receiving_officer")


@pytest.fixture
def cashier(fees_catalogue: Catalogue) -> Actor:
    """A cashier of the provincial service centre."""
    return staff(fees_catalogue, "ttpvhcc", "cashier")


def applicant(category: str | None = None, name: str = "Nguyễn Thị Hoa") -> Applicant:
    return Applicant(
        kind="citizen",
        name=name,
        identifier_kind="cccd",
        identifier="001199012345",
        address="5 Lê Lợi, phường 1",
        category=category,
    )


async def file_judicial(
    service: DossierService,
    officer: Actor,
    *,
    category: str | None = None,
    case: str = "thong-thuong",
    extra_copies: int = 0,
    components: tuple[str, ...] = ("to-khai",),
) -> DossierRecord:
    """File a judicial record dossier at the counter."""
    draft = FilingDraft(
        procedure_code=JUDICIAL,
        procedure_version=0,
        case_code=case,
        channel="counter",
        unit_id="stp",
        applicant=applicant(category),
        form_data={"so_phieu_them": extra_copies},
    )
    given = [ComponentInput(code=code, paper_original=True) for code in components]
    return await service.file_dossier(draft, officer, components=given)


async def file_without_fees(service: DossierService) -> DossierRecord:
    """File a land-use change dossier at a commune's counter, with its filled form.

    The procedure has no fees section, so nothing is owed on the dossier.
    """
    procedure = service.catalogue.procedures[LAND_USE]
    assert procedure.plugins.get("fees") is None
    form = example_data(
        procedure.plugins["eforms"], FormLibrary(service.catalogue.config_dir)
    )
    assert form is not None
    draft = FilingDraft(
        procedure_code=LAND_USE,
        procedure_version=0,
        case_code=None,
        channel="counter",
        unit_id="xa-an-binh",
        applicant=applicant(),
        form_data=form,
    )
    officer = staff(service.catalogue, "xa-an-binh-pvhcc", "receiving_officer")
    return await service.file_dossier(draft, officer)


async def awaiting_payment(
    service: DossierService, officer: Actor, **kwargs: Any
) -> DossierRecord:
    """A judicial record dossier waiting for its fees (status 6)."""
    record = await file_judicial(service, officer, **kwargs)
    return await service.act(
        record.id, "request_payment", ActionInput(), officer, record.version
    )
