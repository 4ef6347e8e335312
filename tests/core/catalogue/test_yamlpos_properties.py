"""Properties of the positioned YAML reader, over many generated documents."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from core.catalogue.yamlpos import parse_yaml

keys = st.text(
    alphabet=st.characters(
        whitelist_categories=("Ll", "Lu", "Nd"), whitelist_characters="_-"
    ),
    min_size=1,
    max_size=8,
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**9), max_value=10**9),
    # Control characters are left out: YAML folds some of them (NEL) into spaces.
    st.text(
        alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")),
        max_size=20,
    ),
    st.dates(),
)
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(keys, children, max_size=4),
    ),
    max_leaves=20,
)


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            found.append((*prefix, key))
            found += paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.append((*prefix, index))
            found += paths(item, (*prefix, index))
    return found


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(keys, documents, max_size=5))
def test_what_yaml_dumps_is_read_back_identically(document: dict[str, Any]) -> None:
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    parsed = parse_yaml(text, "gen.yaml")
    assert parsed.errors == []
    assert parsed.data == document
    assert parsed.data == yaml.safe_load(text)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(keys, documents, min_size=1, max_size=5))
def test_every_key_and_item_has_a_position_inside_the_file(
    document: dict[str, Any],
) -> None:
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    parsed = parse_yaml(text, "gen.yaml")
    line_count = len(text.splitlines())
    for path in paths(document):
        assert path in parsed.positions
        line, column = parsed.locate(path)
        assert 1 <= line <= line_count
        assert column >= 1


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=23), st.integers(min_value=0, max_value=59))
def test_any_unquoted_time_of_day_stays_text(hour: int, minute: int) -> None:
    written = f"{hour:02d}:{minute:02d}"
    assert parse_yaml(f"at: {written}\n", "t.yaml").data == {"at": written}
