"""The examples of docs/eforms.md are valid forms."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from plugins.eforms.codelists import CodeList
from plugins.eforms.schema import load_form
from tests.plugins.eforms.eforms_support import minimal_form

GUIDE = Path(__file__).resolve().parents[3] / "docs" / "eforms.md"
BLOCKS = re.findall(r"```yaml\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)


def test_the_guide_has_examples() -> None:
    assert len(BLOCKS) >= 5


def test_the_complete_example_is_a_sound_form(code_lists: dict[str, CodeList]) -> None:
    form = load_form(BLOCKS[0])
    assert form.code == "TK-CT-01"
    assert form.problems(code_lists) == []


@pytest.mark.parametrize(
    "block", [b for b in BLOCKS if b.startswith("- key")], ids=lambda b: b.split()[2]
)
def test_field_examples_are_sound(block: str, code_lists: dict[str, CodeList]) -> None:
    assert minimal_form(block).problems(code_lists) == []
