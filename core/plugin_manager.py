"""Loading plugins and calling their hooks with the per-procedure rule.

Plugins are found through the ``motcua.plugins`` entry-point group, built-in ones
included. Hooks about a procedure are called only on the plugins that procedure
enables; :meth:`PluginManager.for_procedure` and :meth:`PluginManager.call_sections`
enforce that rule in one place.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from typing import TYPE_CHECKING, Any

import pluggy
import structlog

from core import hookspecs
from core.hookspecs import PROJECT, PluginInfo

if TYPE_CHECKING:
    from core.catalogue.model import ProcedureSpec

__all__ = ["ENTRY_POINT_GROUP", "LoadedPlugin", "PluginManager", "resolve"]

ENTRY_POINT_GROUP = "motcua.plugins"
log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class LoadedPlugin:
    """A registered plugin with where it came from."""

    info: PluginInfo
    module: Any
    distribution: str
    version: str


async def resolve(value: Any) -> Any:
    """Await ``value`` if a hook returned an awaitable, else return it."""
    if inspect.isawaitable(value):
        return await value
    return value


class PluginManager:
    """The application's plugins and the rules for calling them."""

    def __init__(self) -> None:
        self.pm = pluggy.PluginManager(PROJECT)
        self.pm.add_hookspecs(hookspecs)
        self.plugins: dict[str, LoadedPlugin] = {}

    @property
    def hook(self) -> Any:
        """Pluggy's hook relay, for start-up hooks that every plugin answers."""
        return self.pm.hook

    def load_entry_points(self, group: str = ENTRY_POINT_GROUP) -> None:
        """Register every plugin installed under ``group``."""
        for dist in metadata.distributions():
            for ep in dist.entry_points:
                if ep.group != group or self.pm.get_plugin(ep.name) is not None:
                    continue
                self.register(ep.load(), ep.name, dist.metadata["Name"], dist.version)

    def register(
        self, module: Any, name: str, distribution: str = "", version: str = ""
    ) -> None:
        """Register one plugin object under ``name`` and read its description.

        Raises:
            ValueError: the plugin does not describe itself, or under another name.
        """
        self.pm.register(module, name=name)
        info = getattr(module, "motcua_register_plugin", None)
        if info is None:
            self.pm.unregister(module)
            raise ValueError(
                f"plugin {name!r} does not implement motcua_register_plugin"
            )
        described: PluginInfo = info()
        if described.name != name:
            self.pm.unregister(module)
            raise ValueError(
                f"plugin registered as {name!r} calls itself {described.name!r}"
            )
        self.plugins[name] = LoadedPlugin(described, module, distribution, version)
        self._subset.cache_clear()
        log.debug("plugin_registered", plugin=name, distribution=distribution)

    def names(self) -> list[str]:
        """Names of all registered plugins, sorted."""
        return sorted(self.plugins)

    def enabled_names(self, procedure: ProcedureSpec) -> frozenset[str]:
        """Plugins that ``procedure`` enables and that are installed."""
        return frozenset(n for n in procedure.plugins if n in self.plugins)

    def for_procedure(self, procedure: ProcedureSpec) -> Any:
        """A hook relay that reaches only the plugins ``procedure`` enables."""
        return _Relay(self, self.enabled_names(procedure))

    def call_sections(
        self, hook_name: str, procedure: ProcedureSpec, **kwargs: Any
    ) -> list[tuple[str, Any]]:
        """Call a hook taking ``section`` on each enabled plugin with its own section.

        Returns:
            ``(plugin name, answer)`` pairs, ``None`` answers included.
        """
        answers = []
        for name in sorted(self.enabled_names(procedure)):
            caller = self._subset(hook_name, frozenset({name}))
            result = caller(
                procedure=procedure, section=procedure.plugins[name], **kwargs
            )
            answers.append((name, result[0] if result else None))
        return answers

    @lru_cache(maxsize=256)  # noqa: B019 - one manager lives as long as the process
    def _subset(self, hook_name: str, keep: frozenset[str]) -> Any:
        remove = [p.module for n, p in self.plugins.items() if n not in keep]
        return self.pm.subset_hook_caller(hook_name, remove_plugins=remove)

    def flatten(self, answers: Iterable[Any]) -> list[Any]:
        """Join the list answers of a collecting hook, dropping ``None``."""
        out: list[Any] = []
        for answer in answers:
            if answer is not None:
                out.extend(answer)
        return out


class _Relay:
    """Attribute access to hook callers restricted to a set of plugins."""

    def __init__(self, manager: PluginManager, keep: frozenset[str]) -> None:
        self._manager = manager
        self._keep = keep

    def __getattr__(self, hook_name: str) -> Any:
        return self._manager._subset(hook_name, self._keep)
