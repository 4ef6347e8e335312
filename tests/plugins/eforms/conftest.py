"""Fixtures of the e-forms tests: code lists with the demo province, a rich form."""

from __future__ import annotations

import pytest
from eforms_support import demo_code_lists, residence_form

from plugins.eforms.codelists import CodeList
from plugins.eforms.schema import FormSpec


@pytest.fixture(scope="session")
def code_lists(tmp_path_factory: pytest.TempPathFactory) -> dict[str, CodeList]:
    return demo_code_lists(tmp_path_factory.mktemp("codelists"))


@pytest.fixture(scope="session")
def residence() -> FormSpec:
    return residence_form()
