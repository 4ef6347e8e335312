"""The fee sections offered for the demo province are valid where they belong."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import msgspec
import pytest
import yaml

from core.catalogue.errors import Report
from core.catalogue.model import ProcedureSpec
from core.catalogue.validate import decode
from plugins.fees.assessment import assess
from plugins.fees.checks import check_section
from plugins.fees.schema import FeesSection
from tests.plugins.fees.conftest import DEMO

EXAMPLES = (
    Path(__file__).resolve().parents[3] / "plugins/fees/examples/demo_sections.yaml"
)
SECTIONS: dict[str, Any] = yaml.safe_load(EXAMPLES.read_text(encoding="utf-8"))
NEEDS_FORM = {"chung-thuc-ban-sao.yaml"}


def procedure(file: str) -> ProcedureSpec:
    data = yaml.safe_load((DEMO / "procedures" / file).read_text(encoding="utf-8"))
    return msgspec.convert(data, ProcedureSpec)


@pytest.mark.parametrize("file", sorted(SECTIONS))
def test_each_section_is_valid_for_its_procedure(file: str) -> None:
    report = Report(file, lambda _path: (1, 1))
    section = decode(SECTIONS[file], FeesSection, report)
    assert section is not None, [str(e) for e in report]
    check_section(procedure(file), section, report)
    assert report.errors == []


@pytest.mark.parametrize("file", sorted(set(SECTIONS) - NEEDS_FORM))
def test_sections_without_an_eform_need_no_form_value(file: str) -> None:
    section = msgspec.convert(SECTIONS[file], FeesSection)
    spec = procedure(file)
    cases = [c.code for c in spec.cases] or [None]
    for case in cases:
        assert assess(section, {}, None, case, channel="counter").complete


def test_the_judicial_record_fee_and_its_reductions() -> None:
    section = msgspec.convert(SECTIONS["ly-lich-tu-phap.yaml"], FeesSection)
    assert assess(section, {}, None, "thong-thuong").total == 200000
    assert assess(section, {}, "sinh-vien", "thong-thuong").total == 100000
    assert assess(section, {}, "tre-em", "thong-thuong").total == 0


def test_certified_copies_follow_the_circular() -> None:
    section = msgspec.convert(SECTIONS["chung-thuc-ban-sao.yaml"], FeesSection)
    assert assess(section, {"so_trang": 2, "so_ban": 1}, None, None).total == 4000
    assert assess(section, {"so_trang": 5, "so_ban": 2}, None, None).total == 14000
    assert assess(section, {"so_trang": 400, "so_ban": 1}, None, None).total == 200000


def test_business_registration_is_free_online() -> None:
    section = msgspec.convert(
        SECTIONS["thay-doi-dang-ky-doanh-nghiep.yaml"], FeesSection
    )
    counter = assess(section, {}, None, None, channel="counter")
    online = assess(section, {}, None, None, channel="online")
    assert counter.totals == {"fee": 100000, "charge": 50000}
    assert online.totals == {"fee": 100000, "charge": 0}


def test_the_demo_province_loads_with_every_section(
    tmp_path: Path, plugins: Any
) -> None:
    from core.catalogue.loader import load_catalogue

    folder = tmp_path / "province"
    shutil.copytree(DEMO, folder)
    for file, section in SECTIONS.items():
        path = folder / "procedures" / file
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["plugins"] = {**(data.get("plugins") or {}), "fees": section}
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    catalogue = load_catalogue(folder, plugins)
    with_fees = [
        code for code, spec in catalogue.procedures.items() if "fees" in spec.plugins
    ]
    assert len(with_fees) == len(SECTIONS)
