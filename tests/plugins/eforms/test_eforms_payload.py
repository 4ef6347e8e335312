"""Size caps on submitted data, checked before anything is read."""

from __future__ import annotations

from typing import Any

from plugins.eforms.context import Limits
from plugins.eforms.payload import payload_fits

SMALL = Limits(max_payload_chars=100, max_payload_nodes=20, max_depth=3)


def test_ordinary_data_fits() -> None:
    assert payload_fits({"a": "x" * 50, "b": [1, 2, 3], "c": {"d": None}}, SMALL)


def test_characters_of_keys_and_texts_are_counted() -> None:
    assert payload_fits({"a": "x" * 98}, SMALL)
    assert not payload_fits({"a": "x" * 100}, SMALL)
    assert not payload_fits({"k" * 101: 1}, SMALL)
    assert not payload_fits(["x" * 60, "y" * 60], SMALL)


def test_values_are_counted() -> None:
    assert payload_fits(list(range(19)), SMALL)
    assert not payload_fits(list(range(20)), SMALL)
    assert not payload_fits({"a": [[1, 2], [3, 4]] * 5}, SMALL)


def test_nesting_is_limited() -> None:
    assert payload_fits({"a": {"b": {"c": 1}}}, SMALL)
    assert not payload_fits({"a": {"b": {"c": {"d": 1}}}}, SMALL)


def test_a_self_referencing_structure_stops_at_the_cap() -> None:
    loop: list[Any] = []
    loop.append(loop)
    assert not payload_fits(loop, SMALL)


def test_a_huge_list_is_refused_without_walking_it() -> None:
    assert not payload_fits([0] * 10_000_000, Limits())
