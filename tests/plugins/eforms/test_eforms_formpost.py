"""Posted HTML forms back to nested data, and the full browser round trip."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plugins.eforms.codelists import CodeList
from plugins.eforms.formpost import GroupControls, parse_form_post, read_group_controls
from plugins.eforms.render import render_form
from plugins.eforms.schema import FormSpec
from tests.plugins.eforms.eforms_html import submit
from tests.plugins.eforms.eforms_strategies import valid_forms
from tests.plugins.eforms.eforms_support import (
    TODAY,
    check,
    residence_form,
    shared_code_lists,
    valid_residence,
)

# --- parse_form_post ---------------------------------------------------------------


def test_paths_become_nested_data() -> None:
    posted = [
        ("full_name", "Hoa"),
        ("home.province", "99"),
        ("home.commune", "phuong-1"),
        ("members[0].full_name", "A"),
        ("members[0].relation", "head"),
        ("members[1].full_name", "B"),
    ]
    assert parse_form_post(posted) == {
        "full_name": "Hoa",
        "home": {"province": "99", "commune": "phuong-1"},
        "members": [{"full_name": "A", "relation": "head"}, {"full_name": "B"}],
    }


def test_repeated_names_become_lists() -> None:
    posted = [("services", "water"), ("services", "power"), ("services", "internet")]
    assert parse_form_post(posted) == {"services": ["water", "power", "internet"]}


def test_group_rows_are_ordered_by_index_with_gaps_closed() -> None:
    posted = [
        ("members[7].full_name", "C"),
        ("members[0].full_name", "A"),
        ("members[3].full_name", "B"),
    ]
    rows = parse_form_post(posted)["members"]
    assert [row["full_name"] for row in rows] == ["A", "B", "C"]


def test_nested_groups() -> None:
    posted = [("people[0].children[1].name", "Y"), ("people[0].children[0].name", "X")]
    assert parse_form_post(posted) == {
        "people": [{"children": [{"name": "X"}, {"name": "Y"}]}]
    }


def test_controls_and_files_are_not_data() -> None:
    class Upload:
        filename = "cccd.pdf"

    posted = [
        ("_csrf_token", "t"),
        ("_count.members", "2"),
        ("_add", "members"),
        ("scan", Upload()),
        ("full_name", "Hoa"),
    ]
    assert parse_form_post(posted) == {"full_name": "Hoa"}


def test_names_that_are_not_paths_stay_flat_for_validation_to_refuse() -> None:
    posted = [
        ("Full Name", "x"),
        ("a", "1"),
        ("a.b", "2"),  # conflicts with the text a
        ("m[0]", "row"),
        ("m[0].x", "2"),  # conflicts with the text row
        ("z[99999]", "too far"),
    ]
    assert parse_form_post(posted) == {
        "Full Name": "x",
        "a": "1",
        "a.b": "2",
        "m": ["row"],
        "m[0].x": "2",
        "z[99999]": "too far",
    }


def test_accepts_the_shapes_of_common_frameworks() -> None:
    class MultiItems:
        def multi_items(self) -> list[tuple[str, str]]:
            return [("tags", "a"), ("tags", "b"), ("x", "1")]

    class WerkzeugLike(dict[str, str]):
        def items(self, multi: bool = False) -> Any:  # type: ignore[override]
            return (
                [("tags", "a"), ("tags", "b"), ("x", "1")] if multi else super().items()
            )

    expected = {"tags": ["a", "b"], "x": "1"}
    assert parse_form_post(MultiItems()) == expected
    assert parse_form_post(WerkzeugLike(tags="b", x="1")) == expected
    assert parse_form_post({"tags": ["a", "b"], "x": "1"}) == expected
    assert parse_form_post([("tags", "a"), ("tags", "b"), ("x", "1")]) == expected


def test_group_controls_without_javascript() -> None:
    posted = [("_count.members", "2"), ("_add", "members"), ("members[0].x", "a")]
    assert read_group_controls(posted) == GroupControls({"members": 3}, "members")
    assert read_group_controls([("_count.members", "2")]) == GroupControls(
        {"members": 2}, None
    )


def test_group_controls_are_capped_and_checked() -> None:
    posted = [
        ("_count.members", "999999999"),
        ("_count.other", "-1"),
        ("_add", "not a path"),
    ]
    assert read_group_controls(posted, limit=20) == GroupControls({"members": 20}, None)
    assert read_group_controls([("_add", "rows")], limit=5) == GroupControls(
        {"rows": 1}, "rows"
    )


# --- the browser round trip ----------------------------------------------------------


def _render(form: FormSpec, data: Any, lists: dict[str, CodeList], **kw: Any) -> str:
    return str(render_form(form, data, lang="vi", code_lists=lists, today=TODAY, **kw))


def test_rendered_clean_data_posts_back_to_the_same_data(
    residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    data = valid_residence()
    data.update(reason="other", reason_detail="Dòng một\nDòng hai", area="12,5")
    data["services"] = ["power", "water"]
    clean = check(residence, data, code_lists)
    assert clean.ok
    posted = submit(_render(residence, clean.data, code_lists))
    again = check(residence, parse_form_post(posted), code_lists)
    assert again.errors == []
    assert again.data == clean.data


def test_values_are_kept_after_an_error(
    residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    posted = {"full_name": "Hoa <b>", "cccd": "123", "rooms": "abc", "postcode": "12"}
    first = check(residence, posted, code_lists)
    page = _render(residence, posted, code_lists, errors=first.errors)
    resent = parse_form_post(submit(page))
    assert resent["full_name"] == "Hoa <b>"
    assert resent["cccd"] == "123"
    assert resent["rooms"] == "abc"
    assert resent["postcode"] == "12"


def test_adding_rows_without_javascript(
    residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    page = _render(residence, {}, code_lists)
    posted = submit(page)
    assert ("_count.members", "1") in posted
    # The applicant fills the first row and presses "add".
    posted = [(n, "Hoa" if n == "members[0].full_name" else v) for n, v in posted]
    posted.append(("_add", "members"))
    controls = read_group_controls(posted)
    assert controls.add == "members"
    page = _render(
        residence, parse_form_post(posted), code_lists, counts=controls.counts
    )
    names = [name for name, _ in submit(page)]
    assert "members[1].full_name" in names
    assert "members[2].full_name" not in names
    assert dict(submit(page))["members[0].full_name"] == "Hoa"


def test_extra_blank_rows_do_not_block_filing(
    residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    clean = check(residence, valid_residence(), code_lists).data
    page = _render(residence, clean, code_lists, counts={"members": 4})
    result = check(residence, parse_form_post(submit(page)), code_lists)
    assert result.errors == []
    assert len(result.data["members"]) == 2


ROUND_TRIP_FORM = residence_form()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_forms())
def test_any_valid_data_survives_the_browser_round_trip(data: dict[str, Any]) -> None:
    lists = shared_code_lists()
    clean = check(ROUND_TRIP_FORM, data, lists)
    assert clean.ok
    page = _render(ROUND_TRIP_FORM, clean.data, lists)
    again = check(ROUND_TRIP_FORM, parse_form_post(submit(page)), lists)
    assert again.errors == []
    assert again.data == clean.data


# --- any nested data survives flattening into names --------------------------------

keys = st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True)
texts = st.text(max_size=12)
leaves = st.one_of(texts, st.lists(texts, min_size=2, max_size=4))
nested = st.recursive(
    st.dictionaries(keys, leaves, min_size=1, max_size=4),
    lambda inner: st.dictionaries(
        keys,
        st.one_of(leaves, inner, st.lists(inner, min_size=1, max_size=3)),
        min_size=1,
        max_size=4,
    ),
    max_leaves=12,
)


def flatten(data: dict[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    """Name every leaf by its path, as the rendered inputs do."""
    pairs: list[tuple[str, str]] = []
    for key, value in data.items():
        name = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            pairs.extend(flatten(value, name))
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            for index, item in enumerate(value):
                pairs.extend(flatten(item, f"{name}[{index}]"))
        elif isinstance(value, list):
            pairs.extend((name, item) for item in value)
        else:
            pairs.append((name, value))
    return pairs


@settings(max_examples=200, deadline=None)
@given(nested)
def test_any_nested_data_survives_naming_by_path(data: dict[str, Any]) -> None:
    assert parse_form_post(flatten(data)) == data
