"""Fixtures of the e-forms tests: code lists with the demo province, a rich form."""

from __future__ import annotations

import pytest

from plugins.eforms.codelists import CodeList
from plugins.eforms.schema import FormSpec
from tests.plugins.eforms.eforms_support import residence_form, shared_code_lists


@pytest.fixture(scope="session")
def code_lists() -> dict[str, CodeList]:
    return shared_code_lists()


@pytest.fixture(scope="session")
def residence() -> FormSpec:
    return residence_form()
