"""Filled examples of a province's forms, for demonstrations and test data.

A province may keep, beside its forms, what a realistic applicant would send:
``config/<province>/forms/examples/<form code>.yaml``, the data of a JSON
submission. The demo province has one per form; its tests check each against its
form, and a demonstration can file dossiers with them.
"""

from __future__ import annotations

from typing import Any

from plugins.eforms import runtime
from plugins.eforms.formfiles import FORMS_DIR
from plugins.eforms.library import FormLibrary
from plugins.eforms.section import EformsSection
from plugins.eforms.yamlfile import load_yaml

__all__ = ["EXAMPLES_DIR", "example_data"]

EXAMPLES_DIR = "examples"
"""The folder of filled examples inside a province's ``forms`` folder."""


def example_data(
    section: EformsSection, library: FormLibrary | None = None
) -> dict[str, Any] | None:
    """The filled example of the form a procedure's section names.

    Args:
        section: the procedure's ``eforms`` section.
        library: the province's library; the one in use by default.

    Returns:
        The example's data, or ``None`` when the province has none for that form.
    """
    library = library or runtime.library()
    if library.config_dir is None:
        return None
    form = library.form_of(section)
    path = library.config_dir / FORMS_DIR / EXAMPLES_DIR / f"{form.code}.yaml"
    if not path.is_file():
        return None
    data = load_yaml(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else None
