"""Cleaned data is stored as JSON with the dossier and must read back unchanged."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import msgspec
from hypothesis import HealthCheck, given, settings

from plugins.eforms.codelists import CodeList
from plugins.eforms.schema import FormSpec
from plugins.eforms.validate import FieldError, ValidationResult
from tests.plugins.eforms.eforms_strategies import valid_forms
from tests.plugins.eforms.eforms_support import (
    check,
    residence_form,
    shared_code_lists,
    valid_residence,
)

FORM = residence_form()


def stored(data: dict[str, Any]) -> Any:
    """What a JSON column gives back."""
    return msgspec.json.decode(msgspec.json.encode(data))


def test_decimals_are_stored_as_text_and_read_back_exactly(
    residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    data = valid_residence()
    data["area"] = "0,1"
    clean = check(residence, data, code_lists).data
    assert clean["area"] == Decimal("0.1")
    reloaded = stored(clean)
    assert reloaded["area"] == "0.1"
    again = check(residence, reloaded, code_lists)
    assert again.errors == []
    assert again.data == clean


def test_results_encode_for_an_api(
    residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    result = check(residence, {"full_name": ""}, code_lists, "en")
    body = msgspec.json.decode(msgspec.json.encode(result))
    assert body["errors"][0] == {
        "path": "full_name",
        "code": "required",
        "message": "This field is required.",
    }
    decoded = msgspec.json.decode(msgspec.json.encode(result), type=ValidationResult)
    assert decoded.errors[0] == FieldError(
        "full_name", "required", "This field is required."
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_forms())
def test_any_clean_data_survives_json_storage(data: dict[str, Any]) -> None:
    lists = shared_code_lists()
    clean = check(FORM, data, lists).data
    again = check(FORM, stored(clean), lists)
    assert again.errors == []
    assert again.data == clean
