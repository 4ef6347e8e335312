"""What the fees plugin knows about the running application.

Hooks receive what they need as arguments, but some of the plugin's services are
called from outside any hook: a payment gateway recording an online payment, a
statistics request. They read the catalogue, the plugin's settings and the plugin
manager (to reach receipt issuers) from here. The catalogue and settings are set
when the catalogue loads; the plugin manager is the application's own once a
request has named it, and otherwise one built from the installed entry points;
likewise the dossier service that moves a paid dossier on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from plugins.fees.settings import FeesSettings

if TYPE_CHECKING:
    from core.catalogue.catalogue import Catalogue
    from core.dossiers.service import DossierService
    from core.plugin_manager import PluginManager

__all__ = ["catalogue", "configure", "dossier_service", "plugins", "settings"]


@dataclass
class _State:
    catalogue: Catalogue | None = None
    settings: FeesSettings = field(default_factory=FeesSettings)
    plugins: PluginManager | None = None
    dossier_service: DossierService | None = None


_state = _State()


def configure(
    *,
    catalogue: Catalogue | None = None,
    settings: FeesSettings | None = None,
    plugins: PluginManager | None = None,
    dossier_service: DossierService | None = None,
) -> None:
    """Record what the plugin's services should use; ``None`` keeps the current."""
    if dossier_service is not None:
        _state.dossier_service = dossier_service
    if catalogue is not None:
        _state.catalogue = catalogue
    if settings is not None:
        _state.settings = settings
    if plugins is not None:
        _state.plugins = plugins


def catalogue() -> Catalogue | None:
    """The loaded catalogue, ``None`` before the first load."""
    return _state.catalogue


def settings() -> FeesSettings:
    """The plugin's province-wide settings (defaults until a catalogue loads)."""
    return _state.settings


def plugins() -> PluginManager:
    """The plugin manager whose ``motcua_issue_receipt`` implementations answer."""
    if _state.plugins is None:
        from core.plugin_manager import PluginManager

        manager = PluginManager()
        manager.load_entry_points()
        _state.plugins = manager
    return _state.plugins


def dossier_service() -> DossierService:
    """The dossier service that performs ``confirm_payment``.

    The application's own when it was configured; otherwise one built on the
    loaded catalogue (confirming a payment stores no file, so the attachment store
    is the default local one).

    Raises:
        RuntimeError: no catalogue has been loaded yet.
    """
    if _state.dossier_service is None:
        from core.dossiers.service import DossierService
        from core.dossiers.storage import LocalStorage
        from core.settings import Settings

        loaded = _state.catalogue
        if loaded is None:
            raise RuntimeError("the fees plugin has no catalogue yet")
        storage = LocalStorage(Settings.from_env().attachments_dir)
        _state.dossier_service = DossierService(loaded, plugins(), storage)
    return _state.dossier_service
