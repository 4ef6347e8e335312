"""What the e-forms plugin knows about the running application.

Hooks about dossiers receive a procedure and the plugin's section, not the
province folder the forms come from; the library of the loaded catalogue is kept
here when the catalogue loads. One process serves one province, so the last
catalogue loaded is the one in use.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.i18n import TZ
from plugins.eforms.library import FormLibrary

if TYPE_CHECKING:
    from core.catalogue.catalogue import Catalogue

__all__ = ["catalogue", "configure", "library", "today"]


@dataclass
class _State:
    library: FormLibrary | None = None
    catalogue: Catalogue | None = None


_state = _State()


def configure(loaded: Catalogue) -> FormLibrary:
    """Build the library of a loaded catalogue's province and keep it.

    Args:
        loaded: the catalogue that has just loaded without error; the library is
            built again only for another catalogue than the one in use.

    Returns:
        The library now in use.
    """
    if _state.library is None or _state.catalogue is not loaded:
        _state.library = FormLibrary(loaded.config_dir)
        _state.catalogue = loaded
    return _state.library


def library() -> FormLibrary:
    """The library in use; the shipped code lists only before any catalogue loads."""
    if _state.library is None:
        _state.library = FormLibrary(None)
    return _state.library


def catalogue() -> Catalogue | None:
    """The catalogue in use, ``None`` before the first load."""
    return _state.catalogue


def today() -> dt.date:
    """Today's date in Viet Nam, what ``today`` means in a form's date bounds."""
    return dt.datetime.now(TZ).date()
