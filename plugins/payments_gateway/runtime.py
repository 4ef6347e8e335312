"""What the plugin's services need from the running application, in one value.

Request handlers build a :class:`Runtime` from the application (settings,
catalogue, plugins) and the environment (credentials); the command line builds
one from the loaded configuration. Outgoing HTTP goes through
:meth:`Runtime.client`, whose transport an application may replace by setting
``app.state[TRANSPORT_STATE_KEY]``: tests route gateway calls to an in-process
application that way, while a served application uses real HTTP.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import httpx

from plugins.payments_gateway.credentials import Credentials, load_credentials

if TYPE_CHECKING:
    from litestar import Request

    from core.catalogue.catalogue import Catalogue
    from core.dossiers.service import DossierService
    from core.plugin_manager import PluginManager
    from core.settings import Settings

__all__ = ["CLOCK_STATE_KEY", "TRANSPORT_STATE_KEY", "Runtime", "runtime_of"]

TRANSPORT_STATE_KEY = "payments_gateway_transport"
CLOCK_STATE_KEY = "payments_gateway_clock"


def utc_now() -> dt.datetime:
    """The present moment in UTC."""
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class Runtime:
    """The application as the payment services see it.

    Attributes:
        settings: the application's settings.
        catalogue: the loaded configuration.
        plugins: the installed plugins.
        credentials: the gateways available.
        transport: where outgoing HTTP goes; the network when ``None``.
        clock: gives the present moment (tests pass a fixed one).
        dossier_service: the application's dossier service; one is built on
            first use when ``None``.
    """

    settings: Settings
    catalogue: Catalogue
    plugins: PluginManager
    credentials: Credentials
    transport: httpx.AsyncBaseTransport | None = None
    clock: Callable[[], dt.datetime] = field(default=utc_now)
    dossier_service: DossierService | None = None

    @property
    def sandbox_enabled(self) -> bool:
        """Whether the built-in sandbox gateways may answer."""
        return self.settings.sandbox_gateways and self.settings.mode != "production"

    def client(self) -> httpx.AsyncClient:
        """A fresh HTTP client for calls to gateways (close it after use)."""
        return httpx.AsyncClient(transport=self.transport, follow_redirects=False)

    @cached_property
    def dossiers(self) -> DossierService:
        """The dossier service acting on this application's dossiers."""
        from core.dossiers.service import DossierService
        from core.dossiers.storage import LocalStorage

        if self.dossier_service is not None:
            return self.dossier_service
        storage = LocalStorage(self.settings.attachments_dir)
        return DossierService(self.catalogue, self.plugins, storage)

    @classmethod
    def build(
        cls,
        settings: Settings,
        catalogue: Catalogue,
        plugins: PluginManager,
        **options: Any,
    ) -> Runtime:
        """A runtime with credentials read from the process's environment."""
        return cls(
            settings=settings,
            catalogue=catalogue,
            plugins=plugins,
            credentials=load_credentials(settings),
            **options,
        )


def runtime_of(request: Request[Any, Any, Any]) -> Runtime:
    """The runtime of the application serving ``request``."""
    from core.web.common import app_ctx, dossier_service

    ctx = app_ctx(request)
    state = request.app.state
    options: dict[str, Any] = {
        "transport": state.get(TRANSPORT_STATE_KEY),
        "dossier_service": dossier_service(request),
    }
    if state.get(CLOCK_STATE_KEY) is not None:
        options["clock"] = state[CLOCK_STATE_KEY]
    return Runtime.build(ctx.settings, ctx.catalogue, ctx.plugins, **options)
