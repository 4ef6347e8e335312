"""Reading forms written by a province, with every mistake located in its file.

A form is written either in its own file, ``config/<province>/forms/<code>.yaml``,
shared by every procedure that names it, or inline in a procedure's ``eforms``
section. Both are decoded the same way: by the catalogue's generic checker (which
reports unknown keys and wrong types with their line), then by the form's own
semantic checks (:meth:`FormSpec.problems`). A form file's errors name the form
file and its lines, not the procedure that uses it.

Dates written without quotes (``min_date: 2020-01-01``) are read back as text
before decoding, since a date bound may also be a word such as ``today``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Collection
from pathlib import Path
from typing import Any

import msgspec

from core.catalogue.errors import ConfigError, ConfigInvalid, Report
from core.catalogue.validate import decode
from core.catalogue.yamlpos import parse_yaml
from plugins.eforms.schema import FormSpec

__all__ = [
    "FORMS_DIR",
    "decode_form",
    "form_file",
    "form_hash",
    "read_form_file",
    "texts_for_dates",
]

FORMS_DIR = "forms"
"""The folder of shared form files inside a province's configuration folder."""


def texts_for_dates(value: Any) -> Any:
    """Return ``value`` with every date (and date-time) written back as ISO text.

    Args:
        value: plain values as read by a YAML parser that resolves timestamps.

    Returns:
        The same structure with dates as text; other values unchanged.
    """
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: texts_for_dates(item) for key, item in value.items()}
    if isinstance(value, list):
        return [texts_for_dates(item) for item in value]
    return value


def decode_form(
    data: Any, code_lists: Collection[str], report: Report
) -> FormSpec | None:
    """Decode a form and report every problem of its shape and meaning.

    Args:
        data: the form as plain values (a mapping read from YAML).
        code_lists: names of the code lists the province has.
        report: where problems go; paths are relative to the form's root.

    Returns:
        The form, or ``None`` when at least one problem was reported.
    """
    form = decode(texts_for_dates(data), FormSpec, report)
    if form is None:
        return None
    problems = form.problems(code_lists)
    for path, what, fix in problems:
        report.error(path, what, fix)
    return None if problems else form


def form_file(config_dir: Path, code: str) -> Path:
    """The path of the shared form ``code`` in a province's folder."""
    return config_dir / FORMS_DIR / f"{code}.yaml"


def read_form_file(
    path: Path, code_lists: Collection[str], errors: list[ConfigError]
) -> FormSpec | None:
    """Read one shared form file, adding its problems to ``errors``.

    The form's ``code`` must be the file's name without ``.yaml``, so that a
    procedure's ``form: <code>`` always finds the file that holds that form.

    Args:
        path: the form file.
        code_lists: names of the code lists the province has.
        errors: the list every problem is added to, naming ``path`` and its line.

    Returns:
        The form, or ``None`` when it has a problem.
    """
    try:
        document = parse_yaml(path.read_text(encoding="utf-8"), str(path))
    except ConfigInvalid as invalid:
        errors.extend(invalid.errors)
        return None
    except (OSError, UnicodeDecodeError) as exc:
        errors.append(_file_error(path, f"the form file cannot be read: {exc}"))
        return None
    errors.extend(document.errors)
    report = Report(str(path), document.locate, errors=errors)
    form = decode_form(document.data, code_lists, report)
    if form is not None and form.code != path.stem:
        report.error(
            ("code",),
            f"the form's code {form.code!r} differs from its file name {path.name!r}",
            f"name the file {form.code}.yaml, or write code: {path.stem}",
        )
        return None
    return None if document.errors else form


def _file_error(path: Path, what: str) -> ConfigError:
    return ConfigError(
        file=str(path),
        line=1,
        column=1,
        path="(document)",
        what=what,
        fix="save the form as a UTF-8 YAML file",
    )


def form_hash(form: FormSpec) -> str:
    """The SHA-256 hex digest of a form's content, the same for equal content.

    Args:
        form: the form.

    Returns:
        64 hexadecimal digits; the form's code and version are part of the content.
    """
    encoded = msgspec.json.encode(msgspec.to_builtins(form), order="deterministic")
    return hashlib.sha256(encoded).hexdigest()
