"""Translations and Vietnamese formatting of dates, times and amounts.

Message ids are English; ``locale/vi`` translates them to Vietnamese, the default
language, and ``locale/en`` is the complete English catalogue. Catalogues are ``.po``
files read at start-up (no compile step). The language of the current request lives
in a context variable, so templates and code call plain ``_()``.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import gettext as _gettext
import io
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

__all__ = [
    "DEFAULT_LANG",
    "LANGS",
    "TZ",
    "add_catalog_dir",
    "current_lang",
    "format_date",
    "format_datetime",
    "format_money",
    "format_official_datetime",
    "gettext",
    "ngettext",
    "use_lang",
]

LANGS = ("vi", "en")
DEFAULT_LANG = "vi"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")

_current: contextvars.ContextVar[str] = contextvars.ContextVar(
    "motcua_lang", default=DEFAULT_LANG
)
_catalogs: dict[str, _gettext.GNUTranslations | _gettext.NullTranslations] = {
    lang: _gettext.NullTranslations() for lang in LANGS
}


def _load(po_path: Path) -> _gettext.GNUTranslations:
    with po_path.open("rb") as fh:
        catalog = read_po(fh)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


def add_catalog_dir(locale_dir: Path) -> None:
    """Merge the ``<lang>/LC_MESSAGES/*.po`` catalogues under ``locale_dir``.

    Catalogues added later answer first, so a plugin or a province may override a
    core translation.
    """
    for lang in LANGS:
        for po in sorted((locale_dir / lang / "LC_MESSAGES").glob("*.po")):
            loaded = _load(po)
            loaded.add_fallback(_catalogs[lang])
            _catalogs[lang] = loaded


def use_lang(lang: str) -> contextvars.Token[str]:
    """Make ``lang`` the language of the current context (a request)."""
    return _current.set(lang if lang in LANGS else DEFAULT_LANG)


def current_lang() -> str:
    """The language of the current context."""
    return _current.get()


def gettext(message: str) -> str:
    """Translate ``message`` into the current language."""
    return _catalogs[_current.get()].gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate with a plural form chosen by ``n``."""
    return _catalogs[_current.get()].ngettext(singular, plural, n)


def _local(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(TZ)


def format_date(value: dt.date | dt.datetime | None) -> str:
    """``dd/mm/yyyy`` (the same in both languages, as Vietnamese papers write it)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = _local(value)
    return value.strftime("%d/%m/%Y")


def format_datetime(value: dt.datetime | None) -> str:
    """``HH:MM dd/mm/yyyy`` in the province's time zone."""
    if value is None:
        return ""
    return _local(value).strftime("%H:%M %d/%m/%Y")


def format_official_datetime(value: dt.datetime | None) -> str:
    """The wording of official papers: ``HH giờ mm phút, ngày dd tháng MM năm yyyy``."""
    if value is None:
        return ""
    v = _local(value)
    return f"{v:%H} giờ {v:%M} phút, ngày {v:%d} tháng {v:%m} năm {v:%Y}"


def format_money(amount: int | Decimal | None, currency: bool = True) -> str:
    """Group thousands with dots, Vietnamese style: ``1.250.000 đ``."""
    if amount is None:
        return ""
    grouped = f"{int(amount):,}".replace(",", ".")
    return f"{grouped} đ" if currency else grouped


def missing(ids: Iterable[str], lang: str) -> list[str]:
    """Message ids that the ``lang`` catalogue does not translate (for tests)."""
    catalog = _catalogs[lang]
    return [m for m in ids if catalog.gettext(m) == m and lang != "en"]
