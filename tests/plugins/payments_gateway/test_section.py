"""The ``plugins: payments_gateway:`` section of a procedure, as a province writes it.

Mistakes are reported with the file, the line and the path inside the section,
like every other configuration error, and stop the province from loading.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from core.catalogue.errors import ConfigInvalid
from core.catalogue.loader import load_catalogue
from plugins.payments_gateway.section import BeneficiarySpec, PaymentsSection
from tests.plugins.payments_gateway.conftest import (
    JUDICIAL,
    JUDICIAL_FILE,
    write_province,
)


def load(tmp_path: Path, plugins: Any, payments: Any) -> Any:
    return load_catalogue(write_province(tmp_path / "province", payments), plugins)


def errors_of(tmp_path: Path, plugins: Any, payments: Any) -> list[Any]:
    with pytest.raises(ConfigInvalid) as invalid:
        load(tmp_path, plugins, payments)
    return [e for e in invalid.value.errors if "payments_gateway" in e.path]


def test_the_example_section_loads(tmp_path: Path, plugins: Any) -> None:
    catalogue = load(
        tmp_path, plugins, {"gateways": ["vnpay", "paygov"], "expire_minutes": 15}
    )

    section = catalogue.procedures[JUDICIAL].plugins["payments_gateway"]

    assert section == PaymentsSection(gateways=["vnpay", "paygov"], expire_minutes=15)


def test_an_empty_section_enables_vnpay_for_fifteen_minutes(
    tmp_path: Path, plugins: Any
) -> None:
    catalogue = load(tmp_path, plugins, {})

    section = catalogue.procedures[JUDICIAL].plugins["payments_gateway"]

    assert (section.gateways, section.expire_minutes) == (["vnpay"], 15)


def test_a_beneficiary_account_is_read(tmp_path: Path, plugins: Any) -> None:
    account = {
        "bank_code": "970415",
        "account_no": "0123456789",
        "account_name": "SO TU PHAP",
    }
    catalogue = load(
        tmp_path, plugins, {"gateways": ["paygov"], "beneficiary": account}
    )

    section = catalogue.procedures[JUDICIAL].plugins["payments_gateway"]

    assert section.beneficiary == BeneficiarySpec(**account)


@pytest.mark.parametrize(
    ("payments", "path_end", "words"),
    [
        ({"gateways": ["momo"]}, "gateways[0]", "momo"),
        ({"gateways": []}, "gateways", "no gateway"),
        ({"gateways": ["vnpay", "vnpay"]}, "gateways[1]", "twice"),
        ({"expire_minutes": 2}, "expire_minutes", ""),
        ({"expire_minutes": 3000}, "expire_minutes", ""),
        ({"gateway": ["vnpay"]}, "gateway", ""),
        ({"secret": "abc"}, "secret", ""),
    ],
)
def test_mistakes_are_reported_where_they_are(
    tmp_path: Path, plugins: Any, payments: dict[str, Any], path_end: str, words: str
) -> None:
    found = errors_of(tmp_path, plugins, payments)

    assert found, "the mistake was not reported"
    error = found[0]
    assert error.path.endswith(f"payments_gateway.{path_end}")
    assert error.file.endswith(JUDICIAL_FILE)
    assert error.line > 1
    assert words in f"{error.what} {error.fix}"


def test_online_payment_without_fees_is_refused(tmp_path: Path, plugins: Any) -> None:
    folder = write_province(tmp_path / "province")
    path = folder / "procedures" / JUDICIAL_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["plugins"] = {"payments_gateway": {"gateways": ["vnpay"]}}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    with pytest.raises(ConfigInvalid) as invalid:
        load_catalogue(folder, plugins)

    [error] = [e for e in invalid.value.errors if "payments_gateway" in e.path]
    assert "fee schedule" in error.what
    assert "fees plugin" in error.fix
