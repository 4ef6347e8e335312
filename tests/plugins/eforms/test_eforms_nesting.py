"""Groups inside groups, and conditions that reach across levels."""

from __future__ import annotations

from plugins.eforms.codelists import CodeList
from tests.plugins.eforms.eforms_support import check, codes, minimal_form

FORM = minimal_form(
    """
    - {key: has_families, type: checkbox, label: H}
    - key: families
      type: group
      label: Families
      visible_when: {field: has_families, equals: 'true'}
      required: true
      fields:
        - {key: head, type: text, label: Head, required: true}
        - {key: abroad, type: checkbox, label: Abroad}
        - key: children
          type: group
          label: Children
          max_items: 2
          fields:
            - {key: name, type: text, label: Name, required: true}
            - key: passport
              type: identifier
              kind: passport
              label: Passport
              required_when: {field: abroad, equals: 'true'}
    """
)


def test_nested_items_are_checked_with_full_paths(
    code_lists: dict[str, CodeList],
) -> None:
    data = {
        "has_families": True,
        "families": [
            {"head": "A", "children": [{"name": "", "passport": "B1234567"}]},
            {"head": "", "children": [{"name": "C"}, {"name": "D"}, {"name": "E"}]},
        ],
    }
    assert codes(check(FORM, data, code_lists)) == {
        "families[0].children[0].name": "required",
        "families[1].head": "required",
        "families[1].children": "too_many_items",
    }


def test_an_inner_condition_reads_the_enclosing_item(
    code_lists: dict[str, CodeList],
) -> None:
    data = {
        "has_families": "on",
        "families": [
            {"head": "A", "abroad": "on", "children": [{"name": "B"}]},
            {"head": "C", "children": [{"name": "D"}]},
        ],
    }
    assert codes(check(FORM, data, code_lists)) == {
        "families[0].children[0].passport": "required"
    }
    data["families"][0]["children"][0]["passport"] = "C1234567"
    result = check(FORM, data, code_lists)
    assert result.ok
    assert result.data["families"][0]["children"][0]["passport"] == "C1234567"


def test_a_hidden_group_drops_all_its_items(code_lists: dict[str, CodeList]) -> None:
    data = {"has_families": False, "families": [{"head": ""}, "not even an item"]}
    result = check(FORM, data, code_lists)
    assert result.ok
    assert result.data == {"has_families": False}


def test_a_shown_required_group_needs_an_item(code_lists: dict[str, CodeList]) -> None:
    data = {
        "has_families": True,
        "families": [{"head": " ", "children": [{"name": ""}]}],
    }
    assert codes(check(FORM, data, code_lists)) == {"families": "required"}


def test_nested_form_has_no_schema_problem(code_lists: dict[str, CodeList]) -> None:
    assert FORM.problems(code_lists) == []
