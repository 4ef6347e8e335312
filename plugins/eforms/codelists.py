"""Code lists (danh mục) that choice and address fields take their values from.

The plugin ships national lists under ``plugins/eforms/codelists/``: provinces after
the 2025 merger, ethnic groups, nationalities, genders, marital statuses, and sample
communes of the demo province. A province adds or changes lists with YAML files in
its own folder (``config/<province>/codelists/``). A file there replaces the shipped
list of the same name, or, with ``merge: true``, adds items and overrides items with
the same code.

A list file::

    name: communes
    title: {vi: Xã, phường, en: Communes}
    merge: true
    items:
      - {code: xa-an-binh, name: Xã An Bình, parent: "99"}

``parent`` ties an item to an item of another list: a commune to its province.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import msgspec
import structlog

from core.catalogue.model import Label, text_in
from plugins.eforms.yamlfile import load_yaml

__all__ = [
    "SHIPPED_DIR",
    "CodeItem",
    "CodeList",
    "CodeListFile",
    "code_names",
    "load_code_lists",
]

SHIPPED_DIR = Path(__file__).resolve().parent / "codelists"
log = structlog.get_logger(__name__)


class CodeItem(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """One entry of a code list."""

    code: str
    name: Label
    parent: str | None = None


class CodeListFile(
    msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True
):
    """The content of one code-list YAML file."""

    name: str
    title: Label
    items: list[CodeItem]
    merge: bool = False
    source: str | None = None


class CodeList:
    """A loaded code list with look-up by code.

    Args:
        name: the list's name, used by forms in ``code_list:``.
        title: what the list is, for people.
        items: entries in display order; codes are unique.
    """

    def __init__(self, name: str, title: Label, items: Iterable[CodeItem]) -> None:
        self.name = name
        self.title = title
        self.items: tuple[CodeItem, ...] = tuple(items)
        self._by_code = {item.code: item for item in self.items}

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self._by_code

    def __len__(self) -> int:
        return len(self.items)

    def get(self, code: str) -> CodeItem | None:
        """Return the item with ``code``, or ``None``."""
        return self._by_code.get(code)

    def name_of(self, code: str, lang: str) -> str:
        """Return the display name of ``code`` in ``lang``, or the code itself."""
        item = self._by_code.get(code)
        return code if item is None else text_in(item.name, lang)

    def merged(self, other: CodeListFile) -> CodeList:
        """Return this list with ``other``'s items added or replacing same codes."""
        replaced = {item.code: item for item in other.items}
        kept = [replaced.pop(item.code, item) for item in self.items]
        return CodeList(self.name, other.title, [*kept, *replaced.values()])


def _read(path: Path) -> CodeListFile:
    return msgspec.convert(load_yaml(path.read_text(encoding="utf-8")), CodeListFile)


def load_code_lists(extra_dirs: Iterable[Path | str] = ()) -> dict[str, CodeList]:
    """Load the shipped code lists, then each folder of ``extra_dirs`` in order.

    Args:
        extra_dirs: folders of ``*.yaml`` list files, typically
            ``config/<province>/codelists``; a missing folder is skipped.

    Returns:
        Code lists by name.

    Raises:
        msgspec.ValidationError: a file does not have the shape of a code list; the
            message names the file.
        yaml.YAMLError: a file is not YAML.
    """
    lists: dict[str, CodeList] = {}
    for folder in (SHIPPED_DIR, *map(Path, extra_dirs)):
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.yaml")):
            try:
                spec = _read(path)
            except msgspec.ValidationError as exc:
                raise msgspec.ValidationError(f"{path}: {exc}") from exc
            lists[spec.name] = _apply(lists.get(spec.name), spec)
    log.info("eforms_code_lists_loaded", lists=len(lists))
    return lists


def _apply(current: CodeList | None, spec: CodeListFile) -> CodeList:
    if spec.merge and current is not None:
        return current.merged(spec)
    return CodeList(spec.name, spec.title, spec.items)


def code_names(lists: Mapping[str, CodeList], name: str, lang: str) -> dict[str, str]:
    """Return ``{code: display name}`` of list ``name``; empty when it is missing."""
    found = lists.get(name)
    if found is None:
        return {}
    return {item.code: text_in(item.name, lang) for item in found.items}
