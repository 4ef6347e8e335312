"""Properties of validation over generated data.

1. Whatever JSON-like data arrives, validation answers with errors and never fails.
2. Data built from the form's rules always passes, and its cleaned form passes again
   unchanged.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.plugins.eforms.eforms_strategies import valid_forms
from tests.plugins.eforms.eforms_support import check, residence_form, shared_code_lists

FORM = residence_form()
KEYS = [field.key for field in FORM.top_fields()]
MEMBER_KEYS = [
    f.key for f in next(f for f in FORM.top_fields() if f.key == "members").fields
]
PROPERTY_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

# --- 1. arbitrary input ------------------------------------------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(
        ["", " ", "on", "01", "99", "2024-02-30", "1.500.000", "\x00", "<script>"]
    ),
)
json_like = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.dictionaries(st.text(max_size=8), inner, max_size=5),
    ),
    max_leaves=30,
)
member_like = st.dictionaries(
    st.sampled_from([*MEMBER_KEYS, "x"]), json_like, max_size=8
)
form_like = st.fixed_dictionaries(
    {},
    optional={
        **dict.fromkeys(KEYS, json_like),
        "members": st.one_of(json_like, st.lists(member_like, max_size=4)),
        "home": st.one_of(
            json_like,
            st.dictionaries(
                st.sampled_from(["province", "commune", "street", "x"]), json_like
            ),
        ),
    },
)


def _never_fails(data: Any) -> None:
    lists = shared_code_lists()
    for lang in ("vi", "en"):
        result = check(FORM, data, lists, lang)
        assert "internal_error" not in {error.code for error in result.errors}
        assert isinstance(result.data, dict)
        assert all(
            isinstance(error.message, str) and error.message for error in result.errors
        )


@PROPERTY_SETTINGS
@given(json_like)
def test_any_json_value_is_answered_without_failing(data: Any) -> None:
    _never_fails(data)


@PROPERTY_SETTINGS
@given(form_like)
def test_any_values_under_the_form_keys_are_answered_without_failing(data: Any) -> None:
    _never_fails(data)


# --- 2. valid input ----------------------------------------------------------------


@PROPERTY_SETTINGS
@given(valid_forms())
def test_data_that_follows_the_rules_always_passes(data: dict[str, Any]) -> None:
    result = check(FORM, data, shared_code_lists())
    assert result.errors == []
    again = check(FORM, result.data, shared_code_lists())
    assert again.errors == []
    assert again.data == result.data


@PROPERTY_SETTINGS
@given(valid_forms(), st.sampled_from(KEYS), json_like)
def test_one_wrong_value_is_reported_and_never_breaks_validation(
    data: dict[str, Any], key: str, value: Any
) -> None:
    data[key] = value
    result = check(FORM, data, shared_code_lists())
    assert "internal_error" not in {error.code for error in result.errors}
    if not result.errors:
        # Accepted values are cleaned to the types the form promises.
        cleaned = result.data.get(key)
        assert cleaned is None or isinstance(
            cleaned, str | int | bool | Decimal | list | dict
        )
