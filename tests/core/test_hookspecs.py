"""The plugin contract is documented: a docstring and a reference section per hook."""

from __future__ import annotations

import inspect

from core import hookspecs
from tests.conftest import REPO

HOOKS = [
    name
    for name, value in vars(hookspecs).items()
    if name.startswith("motcua_") and inspect.isfunction(value)
]


def test_there_are_hooks_in_each_group() -> None:
    assert len(HOOKS) >= 10
    assert any(h.startswith("motcua_register_") for h in HOOKS)


def test_every_hook_is_documented_in_code() -> None:
    for name in HOOKS:
        doc = inspect.getdoc(getattr(hookspecs, name)) or ""
        assert len(doc) > 60, f"{name} needs a docstring saying when it is called"


def test_every_hook_has_a_section_in_the_plugin_reference() -> None:
    reference = (REPO / "docs" / "plugins.md").read_text(encoding="utf-8")
    for name in HOOKS:
        assert f"### `{name}(" in reference, (
            f"docs/plugins.md lacks a section for {name}"
        )
