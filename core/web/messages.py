"""The core's translatable messages: extraction and the two ``.po`` catalogues.

Message ids are English sentences written in templates (``_("...")``) and in Python
(``_()``/``gettext()``). :func:`extract` collects them with Babel's extractors (the
Jinja2 one for templates); :func:`update_catalogues` writes
``core/locale/vi/LC_MESSAGES/messages.po`` (Vietnamese, translations kept across
runs) and ``core/locale/en/LC_MESSAGES/messages.po`` (English, every message
complete). Run ``python -m core.web.messages`` after changing a template, then
translate the messages it reports as missing.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

__all__ = [
    "CORE_DIR",
    "LOCALE_DIR",
    "MessageId",
    "extract",
    "missing_translations",
    "read_catalogue",
    "update_catalogues",
]

CORE_DIR = Path(__file__).resolve().parent.parent
LOCALE_DIR = CORE_DIR / "locale"
DOMAIN = "messages"

# Templates go through Jinja2's own extractor (it understands {% trans %} and
# _() calls); Python through Babel's, with the usual gettext keywords.
_METHODS = [
    ("web/templates/**.html", "jinja2.ext.babel_extract"),
    ("dossiers/templates/**.html", "jinja2.ext.babel_extract"),
    ("**.py", "python"),
]
_OPTIONS = {"**.html": {"extensions": "jinja2.ext.i18n"}}


MessageId = str | tuple[str, str]
"""A message id; a ``(singular, plural)`` pair for messages with plural forms."""


def extract(root: Path = CORE_DIR) -> dict[MessageId, list[tuple[str, int]]]:
    """Every message id under ``root`` with where it is used.

    Args:
        root: the folder to scan (the ``core`` package).

    Returns:
        Message ids mapped to ``(file, line)`` pairs, files relative to ``root``.
    """
    found: dict[MessageId, list[tuple[str, int]]] = {}
    for filename, line, message, _comments, _context in extract_from_dir(
        str(root), _METHODS, _OPTIONS
    ):
        if "/migrations/" in f"/{filename}" or not message:
            continue
        msgid: MessageId
        if isinstance(message, tuple):
            msgid = (message[0], message[1]) if len(message) > 1 else message[0]
        else:
            msgid = message
        if msgid:
            found.setdefault(msgid, []).append((filename, line))
    return found


def read_catalogue(lang: str, locale_dir: Path = LOCALE_DIR) -> Catalog:
    """The ``lang`` catalogue, empty when its file does not exist yet."""
    path = locale_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.is_file():
        return Catalog(locale=lang, domain=DOMAIN)
    with path.open("rb") as fh:
        return read_po(fh, locale=lang, domain=DOMAIN)


def missing_translations(
    msgids: Iterable[MessageId], lang: str = "vi", locale_dir: Path = LOCALE_DIR
) -> list[str]:
    """Message ids that the ``lang`` catalogue leaves untranslated.

    Args:
        msgids: the ids to check.
        lang: the catalogue's language.
        locale_dir: the folder holding ``<lang>/LC_MESSAGES``.

    Returns:
        The ids without a non-empty translation, sorted.
    """
    catalogue = read_catalogue(lang, locale_dir)
    missing = []
    for msgid in msgids:
        entry = catalogue.get(msgid)
        texts = _forms(entry.string) if entry is not None else ()
        if entry is None or entry.fuzzy or not texts or not all(texts):
            missing.append(msgid if isinstance(msgid, str) else msgid[0])
    return sorted(missing)


def _write(catalogue: Catalog, lang: str, locale_dir: Path) -> None:
    path = locale_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, catalogue, width=88, sort_output=True, omit_header=False)


def update_catalogues(
    found: dict[MessageId, list[tuple[str, int]]], locale_dir: Path = LOCALE_DIR
) -> list[str]:
    """Write both catalogues for the messages ``found``.

    Vietnamese translations already made are kept; ids no longer used are dropped.
    The English catalogue translates every id to itself unless it already holds a
    different wording.

    Args:
        found: the result of :func:`extract`.
        locale_dir: where the catalogues live.

    Returns:
        The ids still lacking a Vietnamese translation.
    """
    for lang in ("vi", "en"):
        old = read_catalogue(lang, locale_dir)
        new = Catalog(
            locale=lang,
            domain=DOMAIN,
            project="Motcua",
            version="",
            copyright_holder="Motcua contributors",
            charset="utf-8",
            fuzzy=False,
            # Keeping the old dates means a run that changes nothing changes no file.
            creation_date=old.creation_date,
            revision_date=old.revision_date,
        )
        for msgid, places in sorted(found.items(), key=lambda item: _sort_key(item[0])):
            previous = old.get(msgid)
            new.add(msgid, _text(msgid, previous, lang), locations=sorted(set(places)))
        _write(new, lang, locale_dir)
    return missing_translations(found, "vi", locale_dir)


def _forms(value: object) -> tuple[str, ...]:
    """A catalogue entry's translation as a tuple of its forms."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, tuple | list):
        return tuple(str(v or "") for v in value)
    return ()


def _sort_key(msgid: MessageId) -> str:
    return msgid if isinstance(msgid, str) else msgid[0]


def _text(
    msgid: MessageId, previous: Message | None, lang: str
) -> str | tuple[str, ...]:
    """The translation to keep: the old one, or for English the id itself."""
    forms = _forms(previous.string) if previous is not None else ()
    if isinstance(msgid, str):
        text = forms[0] if forms else ""
        return text or (msgid if lang == "en" else "")
    if lang == "en":
        return forms if len(forms) == 2 and all(forms) else msgid
    # Vietnamese has one plural form.
    return (forms[0] if forms and forms[0] else "",)


def main() -> int:
    """Extract, update both catalogues, and list what needs translating."""
    missing = update_catalogues(extract())
    for msgid in missing:
        print(f"untranslated: {msgid}")
    print(f"{len(missing)} message(s) lack a Vietnamese translation")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
