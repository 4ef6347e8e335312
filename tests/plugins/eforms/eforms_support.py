"""Shared helpers of the e-forms tests (imported by the test modules)."""

from __future__ import annotations

import datetime as dt
import functools
import tempfile
import textwrap
from pathlib import Path
from typing import Any

from plugins.eforms.codelists import CodeList, load_code_lists
from plugins.eforms.schema import FormSpec, load_form
from plugins.eforms.validate import ValidationResult, validate

FORMS = Path(__file__).resolve().parent / "forms"
TODAY = dt.date(2025, 12, 1)
DEMO_PROVINCE = """\
name: provinces
title: Tỉnh
merge: true
items:
  - {code: "99", name: {vi: Tỉnh Demo, en: Demo Province}}
"""


def demo_code_lists(folder: Path) -> dict[str, CodeList]:
    """Shipped lists plus the demo province, added the way a province would."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "provinces.yaml").write_text(DEMO_PROVINCE, encoding="utf-8")
    return load_code_lists([folder])


def _block(yaml_text: str, indent: str) -> str:
    return textwrap.indent(textwrap.dedent(yaml_text).strip("\n") + "\n", indent)


@functools.cache
def shared_code_lists() -> dict[str, CodeList]:
    """The demo code lists, loaded once per test run (they are never modified)."""
    return demo_code_lists(Path(tempfile.mkdtemp(prefix="eforms-lists-")))


def minimal_form(fields_yaml: str, checks_yaml: str = "") -> FormSpec:
    """Build a one-section form from the YAML lists of its fields and checks."""
    text = (
        "code: T\nversion: 1\ntitle: T\nsections:\n  - key: s\n    title: S\n"
        "    fields:\n" + _block(fields_yaml, "      ")
    )
    if checks_yaml:
        text += "checks:\n" + _block(checks_yaml, "  ")
    return load_form(text)


def check(
    form: FormSpec, data: Any, code_lists: dict[str, CodeList], lang: str = "vi"
) -> ValidationResult:
    """Validate with the fixed test date."""
    return validate(form, data, lang=lang, code_lists=code_lists, today=TODAY)


def codes(result: ValidationResult) -> dict[str, str]:
    """Map each error path to its code (the last one when a path has several)."""
    return {error.path: error.code for error in result.errors}


def valid_residence() -> dict[str, Any]:
    """Data that satisfies every rule of forms/residence.yaml."""
    return {
        "full_name": "Nguyễn Thị Hoa",
        "cccd": "001199012345",
        "birth_date": "1999-05-17",
        "gender": "2",
        "phone": "0912345678",
        "notify_by_email": True,
        "email": "hoa@example.vn",
        "home": {"province": "99", "commune": "xa-an-binh", "street": "12 Lê Lợi"},
        "reason": "move",
        "moved_on": "2024-03-01",
        "members": [
            {"full_name": "Nguyễn Thị Hoa", "relation": "head", "income": 5000000},
            {
                "full_name": "Trần Văn Nam",
                "relation": "spouse",
                "birth_date": "1997-01-02",
                "income": 7000000,
            },
        ],
        "total_income": 12000000,
        "fee_paid_on": "2024-03-01",
        "pledge": True,
    }


def residence_form() -> FormSpec:
    """The form with every field type used across the tests."""
    return load_form(FORMS / "residence.yaml")
