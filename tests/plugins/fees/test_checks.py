"""A province's mistakes in fee schedules and settings are reported with their place."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import msgspec
import pytest
import yaml

from core.catalogue.errors import ConfigError, ConfigInvalid, Report
from core.catalogue.model import ProcedureSpec
from core.catalogue.validate import decode
from plugins.fees.checks import check_section, form_fields
from plugins.fees.schema import FeesSection
from plugins.fees.settings import FeesSettings, load_settings
from tests.plugins.fees.conftest import DEMO, JUDICIAL_FILE


@pytest.fixture(scope="module")
def judicial() -> ProcedureSpec:
    """The demo judicial record procedure (cases and components to refer to)."""
    data = yaml.safe_load((DEMO / "procedures" / JUDICIAL_FILE).read_text("utf-8"))
    return msgspec.convert(data, ProcedureSpec)


def problems(section: dict[str, Any], procedure: ProcedureSpec) -> list[ConfigError]:
    """Decode a section like the core does, then check it like the plugin does."""
    report = Report("p.yaml", lambda _path: (7, 1))
    decoded = decode(section, FeesSection, report)
    if decoded is not None:
        check_section(procedure, decoded, report)
    return report.errors


def item(**overrides: Any) -> dict[str, Any]:
    return {"code": "phi", "name": "Phí", "kind": "fee", "amount": 1000} | overrides


def section(*items: dict[str, Any]) -> dict[str, Any]:
    return {"rule_version": 1, "legal_basis": "TT", "items": list(items)}


def paths(errors: list[ConfigError]) -> list[str]:
    return [e.path for e in errors]


def test_a_sound_schedule_has_no_problem(judicial: ProcedureSpec) -> None:
    good = section(
        item(
            exemptions=[
                {
                    "category": "sv",
                    "percent": 50,
                    "name": "Sinh viên",
                    "evidence_component": "giay-to-tuy-than",
                }
            ]
        ),
        item(code="tra", kind="charge", cases=["can-xac-minh"], collect="on_return"),
    )
    assert problems(good, judicial) == []


def test_type_errors_name_the_key_and_the_fix(judicial: ProcedureSpec) -> None:
    errors = problems(
        section(
            item(
                kind="fees",
                amount=-5,
                exemptions=[{"category": "c", "percent": 150, "name": "C"}],
            )
        ),
        judicial,
    )
    assert sorted(paths(errors)) == [
        "items[0].amount",
        "items[0].exemptions[0].percent",
        "items[0].kind",
    ]
    kind = next(e for e in errors if e.path == "items[0].kind")
    assert "fee" in kind.fix
    assert all(e.line == 7 for e in errors)


def test_repeated_item_codes_are_reported(judicial: ProcedureSpec) -> None:
    errors = problems(section(item(), item(kind="charge")), judicial)
    assert paths(errors) == ["items[1].code"]
    assert "twice" in errors[0].what


def test_an_item_needs_exactly_one_amount_rule(judicial: ProcedureSpec) -> None:
    none = item()
    del none["amount"]
    two = item(code="b", per={"field": "x", "unit_amount": 1})
    errors = problems(section(none, two), judicial)
    assert paths(errors) == ["items[0]", "items[1].per"]
    assert "no amount rule" in errors[0].what
    assert "several" in errors[1].what


def test_unknown_cases_and_evidence_components_are_reported(
    judicial: ProcedureSpec,
) -> None:
    bad = item(
        cases=["thong-thuong", "khan-cap"],
        exemptions=[
            {
                "category": "c",
                "percent": 100,
                "name": "C",
                "evidence_component": "giay-khai-sinh",
            }
        ],
    )
    errors = problems(section(bad), judicial)
    assert paths(errors) == [
        "items[0].cases[1]",
        "items[0].exemptions[0].evidence_component",
    ]
    assert "can-xac-minh" in errors[0].fix
    assert "to-khai" in errors[1].fix


def test_a_category_reduced_twice_is_reported(judicial: ProcedureSpec) -> None:
    twice = item(
        exemptions=[
            {"category": "c", "percent": 50, "name": "A"},
            {"category": "c", "percent": 100, "name": "B"},
        ]
    )
    assert paths(problems(section(twice), judicial)) == [
        "items[0].exemptions[1].category"
    ]


def test_a_reduction_names_a_category_or_a_channel(judicial: ProcedureSpec) -> None:
    vague = item(exemptions=[{"percent": 50, "name": "Giảm"}])
    online = item(
        code="b",
        exemptions=[
            {"channel": "online", "percent": 50, "name": "A"},
            {"channel": "online", "percent": 20, "name": "B"},
            {"channel": "online", "category": "c", "percent": 100, "name": "C"},
        ],
    )
    errors = problems(section(vague, online), judicial)
    assert paths(errors) == ["items[0].exemptions[0]", "items[1].exemptions[1].channel"]


def test_tiers_must_increase_and_only_the_last_may_be_open(
    judicial: ProcedureSpec,
) -> None:
    tiers = {
        "field": "von",
        "bands": [{"upto": 10, "amount": 1}, {"amount": 2}, {"upto": 5, "amount": 3}],
    }
    bad = item(tiers=tiers)
    del bad["amount"]
    errors = problems(section(bad), judicial)
    assert paths(errors) == ["items[0].tiers.bands[1]", "items[0].tiers.bands[2].upto"]


def test_graduated_prices_must_increase_and_min_stay_below_max(
    judicial: ProcedureSpec,
) -> None:
    per = {
        "field": "so_trang",
        "unit_amount": 2000,
        "then": [
            {"from_unit": 5, "unit_amount": 1000},
            {"from_unit": 4, "unit_amount": 500},
        ],
        "min": 10,
        "max": 5,
    }
    bad = item(per=per)
    del bad["amount"]
    errors = problems(section(bad), judicial)
    assert paths(errors) == ["items[0].per.then[1].from_unit", "items[0].per.min"]


def test_an_empty_schedule_is_reported(judicial: ProcedureSpec) -> None:
    assert paths(problems(section(), judicial)) == ["items"]


FORM = {
    "form": {
        "code": "TK-1",
        "version": 1,
        "title": "Tờ khai",
        "sections": [
            {
                "key": "chung",
                "title": "Chung",
                "fields": [
                    {"key": "so_trang", "type": "number", "label": "Số trang"},
                    {"key": "ho_ten", "type": "text", "label": "Họ tên"},
                    {"key": "dia_chi", "type": "address", "label": "Địa chỉ"},
                ],
            }
        ],
    }
}


def test_quantities_must_come_from_number_fields_of_the_eform(
    judicial: ProcedureSpec,
) -> None:
    with_form = msgspec.structs.replace(judicial, plugins={"eforms": FORM})
    per = item(per={"field": "so_trang", "unit_amount": 1})
    del per["amount"]
    unknown = item(code="b", per={"field": "so_to", "unit_amount": 1})
    del unknown["amount"]
    text = item(code="c", tiers={"field": "ho_ten", "bands": [{"amount": 1}]})
    del text["amount"]
    errors = problems(section(per, unknown, text), with_form)
    assert paths(errors) == ["items[1].per.field", "items[2].tiers.field"]
    assert "so_trang" in errors[0].fix
    assert "not a number" in errors[1].what


def test_field_references_are_not_checked_without_an_inline_form(
    judicial: ProcedureSpec,
) -> None:
    assert form_fields(None) is None
    assert form_fields({"form": "forms/tk-1.yaml"}) is None
    fields = form_fields(FORM)
    assert fields is not None
    assert fields["so_trang"] == "number"
    assert fields["dia_chi.province"] == "address_part"


# --- the whole catalogue: collecting units and the settings file --------------------


def _province_with(tmp_path: Path, fees: dict[str, Any], settings: str | None) -> Path:
    folder = tmp_path / "province"
    shutil.copytree(DEMO, folder)
    path = folder / "procedures" / JUDICIAL_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["plugins"] = {"fees": fees}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    if settings is not None:
        (folder / "plugins").mkdir()
        (folder / "plugins" / "fees.yaml").write_text(settings, encoding="utf-8")
    return folder


def test_an_unknown_collecting_unit_stops_the_load_at_its_line(
    tmp_path: Path, plugins: Any
) -> None:
    from core.catalogue.loader import load_catalogue

    fees = section(item()) | {"collecting_unit": "so-tai-chinh"}
    folder = _province_with(tmp_path, fees, None)
    with pytest.raises(ConfigInvalid) as invalid:
        load_catalogue(folder, plugins)
    (error,) = invalid.value.errors
    assert error.path == "plugins.fees.collecting_unit"
    assert error.file.endswith(JUDICIAL_FILE)
    text = (folder / "procedures" / JUDICIAL_FILE).read_text("utf-8").splitlines()
    assert "collecting_unit" in text[error.line - 1]


def test_settings_file_errors_are_all_reported(tmp_path: Path) -> None:
    (tmp_path / "plugins").mkdir()
    (tmp_path / "plugins" / "fees.yaml").write_text(
        "series_format: '{prefix}-{year}'\n"
        "series_prefix: {fee: AA, phi: AB}\n"
        "collectors:\n"
        "  - unit: stp\n"
        "    tax_code: '0100109107'\n"
        "  - unit: stp\n"
        "  - unit: khong-co\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigInvalid) as invalid:
        load_settings(tmp_path, {"stp": object()})
    found = {(e.path, e.line) for e in invalid.value.errors}
    assert found == {
        ("series_format", 1),
        ("series_prefix.phi", 2),
        ("collectors[0].tax_code", 5),
        ("collectors[1].unit", 6),
        ("collectors[2].unit", 7),
    }


def test_without_a_settings_file_the_defaults_apply(tmp_path: Path) -> None:
    settings = load_settings(tmp_path)
    assert settings == FeesSettings()
    spec = settings.series_for("stp", "charge", 2026)
    assert (spec.template_symbol, spec.series_symbol) == ("01BLP0-001", "AB-26E")
    assert settings.number_text(42) == "0000042"


def test_a_configured_series_wins_for_its_year_only() -> None:
    settings = msgspec.convert(
        {
            "series_format": "{prefix}{yyyy}",
            "collectors": [
                {
                    "unit": "stp",
                    "series": [
                        {
                            "kind": "fee",
                            "template_symbol": "02",
                            "series_symbol": "TP-26E",
                            "year": 2026,
                        }
                    ],
                }
            ],
        },
        FeesSettings,
    )
    assert settings.series_for("stp", "fee", 2026).series_symbol == "TP-26E"
    assert settings.series_for("stp", "fee", 2027).series_symbol == "AA2027"
    assert settings.series_for("stp", "charge", 2026).series_symbol == "AB2026"
