"""The organisation tree: unique ids and codes, paths whose prefixes are subtrees."""

from __future__ import annotations

from typing import Any

from core.catalogue.errors import ConfigError, Report
from core.catalogue.model import FieldSpec, ProvinceSpec, UnitSpec
from core.catalogue.organisation import check_fields, flatten_units
from core.permissions import in_subtree


def unit(
    uid: str, code: str, *children: UnitSpec, kind: Any = "department"
) -> UnitSpec:
    return UnitSpec(id=uid, code=code, name=uid, kind=kind, children=list(children))


def flatten(root: UnitSpec) -> tuple[dict[str, Any], list[ConfigError]]:
    report = Report("province.yaml", lambda _path: (1, 1))
    units = flatten_units(ProvinceSpec(code="H97", name="T", organisation=root), report)
    return units, report.errors


def test_a_deep_tree_gets_materialised_paths() -> None:
    root = unit(
        "a", "1", unit("b", "2", unit("c", "3", unit("d", "4"))), kind="province"
    )
    units, errors = flatten(root)
    assert errors == []
    assert {u.id: u.path for u in units.values()} == {
        "a": "/a/",
        "b": "/a/b/",
        "c": "/a/b/c/",
        "d": "/a/b/c/d/",
    }
    assert units["d"].depth == 3
    assert units["d"].parent_id == "c"


def test_paths_work_with_the_permission_service() -> None:
    root = unit("a", "1", unit("ab", "2"), unit("abc", "3"), kind="province")
    units, _ = flatten(root)
    # "/a/ab/" is not a prefix of "/a/abc/": the trailing slash keeps siblings apart.
    assert in_subtree(units["ab"].path, units["a"].path)
    assert not in_subtree(units["abc"].path, units["ab"].path)


def test_a_repeated_id_is_reported_and_its_subtree_left_out() -> None:
    root = unit(
        "a", "1", unit("b", "2"), unit("b", "3", unit("e", "4")), kind="province"
    )
    units, errors = flatten(root)
    assert list(units) == ["a", "b"]
    [error] = errors
    assert error.path == "organisation.children[1].id"


def test_a_repeated_code_names_the_first_unit() -> None:
    root = unit("a", "1", unit("b", "2"), unit("c", "2"), kind="province")
    units, errors = flatten(root)
    assert list(units) == ["a", "b", "c"]
    [error] = errors
    assert error.path == "organisation.children[1].code"
    assert error.what == "official code '2' is already the code of unit 'b'"


def test_ids_must_be_lower_case_ascii() -> None:
    root = unit(
        "a",
        "1",
        unit("Sở-TP", "2"),
        unit("x/y", "3"),
        unit("ok_1-2", "4"),
        kind="province",
    )
    units, errors = flatten(root)
    assert list(units) == ["a", "ok_1-2"]
    assert [e.path for e in errors] == [
        "organisation.children[0].id",
        "organisation.children[1].id",
    ]


def test_field_codes_must_be_unique() -> None:
    report = Report("province.yaml", lambda _path: (1, 1))
    fields = [
        FieldSpec(code="a", name="A"),
        FieldSpec(code="b", name="B"),
        FieldSpec(code="a", name="A2"),
    ]
    assert check_fields(fields, report) == {"a", "b"}
    [error] = report.errors
    assert error.path == "fields[2].code"
