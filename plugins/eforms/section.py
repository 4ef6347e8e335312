"""The ``plugins: eforms:`` section of a procedure, and its checks.

A procedure names the shared form its applicants fill in, or writes the form
inline::

    plugins:
      eforms: {form: tk-lltp}          # config/<province>/forms/tk-lltp.yaml

    plugins:
      eforms:
        inline: {code: pyc-chung-thuc, version: 1, title: ..., sections: [...]}

Checking the section checks the form it means with the province's code lists:
an inline form's mistakes are reported at their line in the procedure file, a
shared form's in the form file itself (once, however many procedures use it), and
the procedure then says which form file to correct.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import Any

import msgspec
import yaml

from core.catalogue.errors import Report
from core.catalogue.model import ProcedureSpec
from plugins.eforms.formfiles import FORMS_DIR, decode_form, form_file, read_form_file

__all__ = ["EformsSection", "check_section", "province_dir"]

_PROCEDURES_DIR = "procedures"


class EformsSection(
    msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True
):
    """Which form a procedure's applicants fill in.

    Attributes:
        form: the code of a shared form, the name of its file in
            ``config/<province>/forms/`` without ``.yaml``.
        inline: the form itself, written as in a form file; used when no other
            procedure shares it. Exactly one of ``form`` and ``inline`` is given.
    """

    form: str | None = None
    inline: dict[str, Any] | None = None


def province_dir(procedure_file: str | Path) -> Path | None:
    """The province folder a procedure file belongs to.

    Procedure files live anywhere under ``<province>/procedures/``.

    Args:
        procedure_file: the procedure file's path, as the catalogue reports it.

    Returns:
        The province folder, or ``None`` when the file is not under one.
    """
    for parent in Path(procedure_file).resolve().parents:
        if parent.name == _PROCEDURES_DIR:
            return parent.parent
    return None


def check_section(
    procedure: ProcedureSpec, section: EformsSection, report: Report
) -> None:
    """Report every problem of a procedure's ``eforms`` section and of its form.

    Args:
        procedure: the procedure being loaded.
        section: the decoded section.
        report: the procedure file's report, its paths relative to the section.
    """
    if (section.form is None) == (section.inline is None):
        report.error(
            (),
            "the section must give either form or inline",
            "write 'form: <code>' for a shared form file, or 'inline:' with the form",
        )
        return
    config_dir = province_dir(report.file)
    code_lists = _code_lists(config_dir, report)
    if code_lists is None:
        return
    if section.inline is not None:
        decode_form(section.inline, code_lists, report.child(("inline",)))
        return
    _check_shared(section.form or "", config_dir, code_lists, report)


def _code_lists(config_dir: Path | None, report: Report) -> Collection[str] | None:
    """The names of the province's code lists, or ``None`` after reporting."""
    # The library imports this module for the section type.
    from plugins.eforms.library import province_code_lists

    try:
        return set(province_code_lists(config_dir))
    except (msgspec.ValidationError, yaml.YAMLError) as exc:
        report.error(
            (),
            f"the province's code lists cannot be read: {exc}",
            "correct the code list file named in the message (codelists/*.yaml)",
        )
        return None


def _check_shared(
    code: str, config_dir: Path | None, code_lists: Collection[str], report: Report
) -> None:
    if config_dir is None:
        report.error(
            ("form",),
            "a shared form needs the procedure file to be in a province folder",
            "put the file under <province>/procedures/, or write the form inline",
        )
        return
    path = form_file(config_dir, code)
    if not path.is_file():
        known = sorted(p.stem for p in (config_dir / FORMS_DIR).glob("*.yaml"))
        report.error(
            ("form",),
            f"there is no form file {FORMS_DIR}/{code}.yaml",
            "use one of: " + ", ".join(known) if known else f"create {path}",
        )
        return
    # A form file shared by several procedures lists its own errors only once.
    already = any(error.file == str(path) for error in report.errors)
    if already or read_form_file(path, code_lists, report.errors) is None:
        report.error(
            ("form",),
            f"the form {code!r} has errors, listed under {FORMS_DIR}/{code}.yaml",
            f"correct {path}",
        )
