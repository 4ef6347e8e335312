"""A province full of mistakes: all reported at once, with file, line and path."""

from __future__ import annotations

import pytest

from core.catalogue.errors import ConfigError, ConfigInvalid
from core.catalogue.loader import load_catalogue
from tests.core.catalogue.catalogue_helpers import BROKEN, FakeFees, line_of, manager

# (file, marker on the reported line, path, words in the message)
EXPECTED = [
    ("province.yaml", "field code repeated", "fields[2].code", "listed twice"),
    ("province.yaml", "unit id repeated", "organisation.children[1].id", "used twice"),
    (
        "province.yaml",
        "official code repeated",
        "organisation.children[2].code",
        "already the code of unit 'stp'",
    ),
    (
        "roles.yaml",
        "unknown permission",
        "roles[0].permissions[1]",
        "unknown permission 'dossier.recieve'",
    ),
    ("roles.yaml", "key repeated", "roles[1].permissions", "appears twice"),
    ("roles.yaml", "role code repeated", "roles[3].code", "defined twice"),
    ("calendar.yaml", "not a time of day", "office_hours[1].end", "'25:00'"),
    (
        "procedures/01-types.yaml",
        "unknown key, did you mean",
        "nmae",
        "unknown key 'nmae'",
    ),
    (
        "procedures/01-types.yaml",
        "level: provincial",
        "level",
        "'provincial' is not allowed",
    ),
    (
        "procedures/01-types.yaml",
        "originals: two",
        "components[0].originals",
        "expected a whole number, found the text 'two'",
    ),
    (
        "procedures/01-types.yaml",
        "unknown action",
        "workflow.steps[0].actions[1]",
        "'aprove' is not allowed",
    ),
    (
        "procedures/02-references.yaml",
        "unknown field",
        "field",
        "unknown field 'ho-tich-x'",
    ),
    (
        "procedures/02-references.yaml",
        "unknown unit, unknown kind",
        "units[0]",
        "unknown unit 'so-tu-phap'",
    ),
    (
        "procedures/02-references.yaml",
        "unknown unit, unknown kind",
        "units[1]",
        "no unit is of kind 'district'",
    ),
    (
        "procedures/02-references.yaml",
        "receiving_unit: mot-cua",
        "receiving_unit",
        "unknown unit 'mot-cua'",
    ),
    (
        "procedures/02-references.yaml",
        "full online without",
        "online_level",
        "online channel",
    ),
    ("procedures/02-references.yaml", "not HH:MM", "cutoff", "'25:00'"),
    (
        "procedures/02-references.yaml",
        "before effective_from",
        "effective_until",
        "before effective_from",
    ),
    (
        "procedures/02-references.yaml",
        "template file missing",
        "components[0].template",
        "'khong-co.docx' does not exist",
    ),
    (
        "procedures/02-references.yaml",
        "unknown case",
        "components[0].cases[0]",
        "unknown case 'b'",
    ),
    (
        "procedures/02-references.yaml",
        "unit: bo-phan-mot-cua",
        "workflow.steps[0].unit",
        "unknown unit 'bo-phan-mot-cua'",
    ),
    (
        "procedures/02-references.yaml",
        "unknown role",
        "workflow.steps[0].role",
        "unknown role 'reciever'",
    ),
    (
        "procedures/02-references.yaml",
        "step code repeated",
        "workflow.steps[1].code",
        "used twice",
    ),
    (
        "procedures/02-references.yaml",
        "public role",
        "workflow.steps[1].role",
        "public role",
    ),
    (
        "procedures/03-budget.yaml",
        "budgets add up",
        "workflow.steps",
        "add up to 20 working hours (2.5 working days), more than the processing "
        "time of 16 working hours",
    ),
    (
        "procedures/03-budget.yaml",
        "first step without receive",
        "workflow.steps[0].actions",
        "does not allow 'receive'",
    ),
    ("procedures/03-budget.yaml", "feez", "plugins.feez", "'feez' is not installed"),
    (
        "procedures/03-budget.yaml",
        "amount: 5000000",
        "plugins.fakefees.amount",
        "exceeds the legal ceiling",
    ),
    (
        "procedures/04-duplicate.yaml",
        "already used",
        "code",
        "already defined in procedures/03-budget.yaml",
    ),
    (
        "procedures/04-duplicate.yaml",
        "calendar days mixed",
        "workflow.steps",
        "mix calendar days with working time",
    ),
    (
        "procedures/04-duplicate.yaml",
        "amount: nhiều",
        "plugins.fakefees.amount",
        "expected a number, found the text 'nhiều'",
    ),
    ("procedures/05-syntax.yaml", "is not closed", "(document)", "YAML syntax error"),
]


@pytest.fixture(scope="module")
def failure() -> ConfigInvalid:
    with pytest.raises(ConfigInvalid) as caught:
        load_catalogue(BROKEN, manager(FakeFees()))
    return caught.value


def _find(errors: list[ConfigError], file: str, path: str, words: str) -> ConfigError:
    matches = [
        e
        for e in errors
        if e.file.endswith(file) and e.path == path and words in e.what
    ]
    assert len(matches) == 1, f"{file} {path} {words!r}: {matches}"
    return matches[0]


@pytest.mark.parametrize(
    ("file", "marker", "path", "words"),
    EXPECTED,
    ids=[f"{e[0]}:{e[2]}" for e in EXPECTED],
)
def test_each_mistake_is_reported_at_its_line(
    failure: ConfigInvalid, file: str, marker: str, path: str, words: str
) -> None:
    error = _find(failure.errors, file, path, words)
    assert error.line == line_of(BROKEN / file, marker)
    assert error.fix, "every error says how to fix it"


def test_nothing_else_is_reported(failure: ConfigInvalid) -> None:
    # One load reports all the mistakes above and no follow-on noise.
    assert len(failure.errors) == len(EXPECTED)


def test_errors_are_sorted_by_file_and_line(failure: ConfigInvalid) -> None:
    keys = [(e.file, e.line, e.column) for e in failure.errors]
    assert keys == sorted(keys)


def test_the_message_is_the_full_report(failure: ConfigInvalid) -> None:
    text = str(failure)
    for error in failure.errors:
        assert (
            f"{error.file}:{error.line}:{error.column}: {error.path}: {error.what}"
            in text
        )
        assert f"fix: {error.fix}" in text
    assert text.endswith(f"{len(EXPECTED)} configuration errors.")


def test_suggestions_point_at_the_likely_intended_name(failure: ConfigInvalid) -> None:
    suggestions = {
        ("procedures/01-types.yaml", "nmae", "unknown key"): "did you mean 'name'?",
        ("procedures/01-types.yaml", "level", "provincial"): "did you mean 'province'?",
        (
            "procedures/01-types.yaml",
            "workflow.steps[0].actions[1]",
            "aprove",
        ): "did you mean 'approve'?",
        (
            "procedures/02-references.yaml",
            "field",
            "ho-tich-x",
        ): "did you mean 'ho-tich'?",
        (
            "roles.yaml",
            "roles[0].permissions[1]",
            "recieve",
        ): "did you mean 'dossier.receive'?",
    }
    for (file, path, words), hint in suggestions.items():
        assert hint in _find(failure.errors, file, path, words).fix


def test_without_the_plugin_its_sections_are_unknown_plugins() -> None:
    with pytest.raises(ConfigInvalid) as caught:
        load_catalogue(BROKEN, manager())
    unknown = [e for e in caught.value.errors if e.path == "plugins.fakefees"]
    assert {e.file.rsplit("/", 1)[-1] for e in unknown} == {
        "03-budget.yaml",
        "04-duplicate.yaml",
    }
    assert all("not installed" in e.what for e in unknown)
