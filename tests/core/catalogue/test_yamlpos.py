"""YAML parsing with positions: what provincial IT writes is what the checks see."""

from __future__ import annotations

import datetime as dt

import pytest

from core.catalogue.errors import ConfigInvalid
from core.catalogue.yamlpos import parse_yaml

NESTED = """\
code: X
workflow:
  steps:
    - code: a
      budget: {amount: 1}
    - code: b
      actions:
        - receive
"""


def test_values_are_plain_python() -> None:
    doc = parse_yaml(NESTED, "p.yaml")
    assert doc.data == {
        "code": "X",
        "workflow": {
            "steps": [
                {"code": "a", "budget": {"amount": 1}},
                {"code": "b", "actions": ["receive"]},
            ]
        },
    }
    assert doc.errors == []


def test_keys_and_items_are_located_from_one() -> None:
    doc = parse_yaml(NESTED, "p.yaml")
    assert doc.locate(()) == (1, 1)
    assert doc.locate(("code",)) == (1, 1)
    assert doc.locate(("workflow", "steps")) == (3, 3)
    assert doc.locate(("workflow", "steps", 1)) == (6, 7)
    assert doc.locate(("workflow", "steps", 0, "budget", "amount")) == (5, 16)
    assert doc.locate(("workflow", "steps", 1, "actions", 0)) == (8, 11)


def test_unknown_paths_fall_back_to_the_nearest_parent() -> None:
    doc = parse_yaml(NESTED, "p.yaml")
    assert doc.locate(("workflow", "steps", 1, "role")) == (6, 7)
    assert doc.locate(("workflow", "steps", 7, "x")) == (3, 3)
    assert doc.locate(("nothing", "here")) == (1, 1)


@pytest.mark.parametrize("written", ["17:00", "15:30", "1:30:00", "07:00"])
def test_times_of_day_stay_text(written: str) -> None:
    # YAML 1.1 would read 17:00 as the sexagesimal integer 1020.
    doc = parse_yaml(f"cutoff: {written}\n", "p.yaml")
    assert doc.data == {"cutoff": written}


def test_numbers_booleans_and_null_keep_their_types() -> None:
    doc = parse_yaml("a: 3\nb: 2.5\nc: true\nd: ~\ne: '3'\n", "p.yaml")
    assert doc.data == {"a": 3, "b": 2.5, "c": True, "d": None, "e": "3"}
    assert isinstance(doc.data["a"], int)


def test_dates_become_dates() -> None:
    doc = parse_yaml("effective_from: 2025-07-01\n", "p.yaml")
    assert doc.data == {"effective_from": dt.date(2025, 7, 1)}


def test_an_impossible_date_is_kept_as_text_for_the_type_check() -> None:
    doc = parse_yaml("effective_from: 2025-13-01\n", "p.yaml")
    assert doc.data == {"effective_from": "2025-13-01"}
    assert doc.errors == []


def test_duplicate_keys_are_reported_with_both_lines() -> None:
    text = "roles:\n  - code: a\n    name: A\n    code: b\n"
    doc = parse_yaml(text, "roles.yaml")
    [error] = doc.errors
    assert (error.file, error.line, error.column) == ("roles.yaml", 4, 5)
    assert error.path == "roles[0].code"
    assert "appears twice" in error.what
    assert "line 2" in error.what
    # Checking goes on with the last value, as YAML would have kept.
    assert doc.data["roles"][0]["code"] == "b"


def test_the_same_key_in_different_mappings_is_fine() -> None:
    doc = parse_yaml("a: {code: 1}\nb: {code: 2}\n", "p.yaml")
    assert doc.errors == []


def test_syntax_error_names_the_parser_line() -> None:
    text = "code: X\nunits: [stp\nchannels: [counter]\n"
    with pytest.raises(ConfigInvalid) as caught:
        parse_yaml(text, "bad.yaml")
    [error] = caught.value.errors
    assert error.file == "bad.yaml"
    assert error.line == 3
    assert error.what.startswith("YAML syntax error")
    assert "indentation" in error.fix


def test_tab_indentation_is_a_syntax_error() -> None:
    with pytest.raises(ConfigInvalid) as caught:
        parse_yaml("a:\n\tb: 1\n", "tabs.yaml")
    assert caught.value.errors[0].line == 2


def test_several_documents_are_refused() -> None:
    with pytest.raises(ConfigInvalid) as caught:
        parse_yaml("a: 1\n---\nb: 2\n", "two.yaml")
    assert caught.value.errors[0].line == 2


def test_an_empty_file_is_an_empty_document() -> None:
    doc = parse_yaml("# only a comment\n", "empty.yaml")
    assert doc.data is None
    assert doc.locate(("code",)) == (1, 1)


def test_merge_keys_copy_an_anchor_and_explicit_keys_win() -> None:
    text = (
        "base: &step\n"
        "  role: specialist\n"
        "  budget: {amount: 1}\n"
        "step:\n"
        "  <<: *step\n"
        "  role: leader\n"
    )
    doc = parse_yaml(text, "p.yaml")
    assert doc.data["step"] == {"role": "leader", "budget": {"amount": 1}}
    assert doc.errors == []
    # A merged key is located where its value is written: at the anchor.
    assert doc.locate(("step", "budget")) == (3, 3)
    assert doc.locate(("step", "role")) == (6, 3)


def test_a_recursive_alias_is_refused() -> None:
    with pytest.raises(ConfigInvalid) as caught:
        parse_yaml("a: &x\n  - *x\n", "loop.yaml")
    assert "contains it" in caught.value.errors[0].what


def test_an_unknown_tag_is_reported_and_the_text_kept() -> None:
    doc = parse_yaml("a: !secret value\n", "tag.yaml")
    assert doc.data == {"a": "value"}
    [error] = doc.errors
    assert error.line == 1
    assert error.path == "a"


def test_a_mapping_used_as_a_key_is_refused() -> None:
    with pytest.raises(ConfigInvalid) as caught:
        parse_yaml("? {a: 1}\n: x\n", "key.yaml")
    assert "plain value" in caught.value.errors[0].what
