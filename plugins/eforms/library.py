"""A province's forms and code lists, and which form a procedure's section means.

The library is built from a province's configuration folder: the shipped code lists
with the province's own (``codelists/``), and every shared form file (``forms/``).
A procedure's section names a shared form by code or carries its form inline;
:meth:`FormLibrary.form_of` answers with the current form either way.
"""

from __future__ import annotations

import functools
from collections import OrderedDict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import msgspec
import structlog

from core.catalogue.errors import ConfigError
from plugins.eforms.codelists import CodeList, load_code_lists
from plugins.eforms.formfiles import FORMS_DIR, read_form_file, texts_for_dates
from plugins.eforms.schema import FormSpec
from plugins.eforms.section import EformsSection

__all__ = ["CODELISTS_DIR", "FormLibrary", "province_code_lists"]

CODELISTS_DIR = "codelists"
_INLINE_CACHE_SIZE = 256
log = structlog.get_logger(__name__)


def _folder_signature(folder: Path | None) -> tuple[tuple[str, int, int], ...]:
    """Names, modification times and sizes of a folder's YAML files."""
    if folder is None or not folder.is_dir():
        return ()
    return tuple(
        (path.name, path.stat().st_mtime_ns, path.stat().st_size)
        for path in sorted(folder.glob("*.yaml"))
    )


@functools.lru_cache(maxsize=8)
def _cached_code_lists(
    folder: Path | None, _signature: tuple[tuple[str, int, int], ...]
) -> Mapping[str, CodeList]:
    return load_code_lists([] if folder is None else [folder])


def province_code_lists(config_dir: Path | None) -> Mapping[str, CodeList]:
    """The shipped code lists with a province's own, read again only on change.

    Args:
        config_dir: the province's folder, or ``None`` for the shipped lists only.

    Returns:
        Code lists by name.

    Raises:
        msgspec.ValidationError: a province's list file is malformed (the message
            names the file).
        yaml.YAMLError: a list file is not YAML.
    """
    folder = None if config_dir is None else config_dir / CODELISTS_DIR
    return _cached_code_lists(folder, _folder_signature(folder))


class FormLibrary:
    """The current forms and code lists of one province.

    Args:
        config_dir: the province's configuration folder; ``None`` gives a library
            with the shipped code lists and no shared form.
    """

    def __init__(self, config_dir: Path | None) -> None:
        self.config_dir = config_dir
        self.code_lists: Mapping[str, CodeList] = province_code_lists(config_dir)
        self.forms: dict[str, FormSpec] = {}
        self.errors: list[ConfigError] = []
        self._inline: OrderedDict[bytes, FormSpec] = OrderedDict()
        if config_dir is not None:
            self._read_forms(config_dir / FORMS_DIR)

    def _read_forms(self, folder: Path) -> None:
        if not folder.is_dir():
            return
        for path in sorted(folder.glob("*.yaml")):
            form = read_form_file(path, self.code_lists, self.errors)
            if form is not None:
                self.forms[form.code] = form
        log.info("eforms_library_loaded", forms=len(self.forms))

    def form_of(self, section: EformsSection) -> FormSpec:
        """The current form a procedure's section names or carries.

        Args:
            section: the procedure's decoded ``eforms`` section.

        Returns:
            The form.

        Raises:
            LookupError: the section names a shared form the library does not
                hold (configuration checks make this impossible for a loaded
                catalogue).
        """
        if section.inline is not None:
            return self._inline_form(section.inline)
        code = section.form or ""
        found = self.forms.get(code)
        if found is None:
            raise LookupError(f"no shared form {code!r} in {self.config_dir}")
        return found

    def _inline_form(self, data: Mapping[str, Any]) -> FormSpec:
        """Decode an inline form once; it was checked when the catalogue loaded."""
        key = msgspec.json.encode(texts_for_dates(dict(data)), order="deterministic")
        form = self._inline.get(key)
        if form is None:
            form = msgspec.convert(texts_for_dates(dict(data)), FormSpec)
            self._inline[key] = form
            if len(self._inline) > _INLINE_CACHE_SIZE:
                self._inline.popitem(last=False)
        return form
