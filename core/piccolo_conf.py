"""Piccolo's configuration: the engine and every app's tables and migrations.

Piccolo finds this module through ``PICCOLO_CONF=core.piccolo_conf`` (set by the
``motcua`` command). Plugins add their own apps through ``motcua_register_plugin``.
"""

from __future__ import annotations

from piccolo.conf.apps import AppRegistry

from core.db import database_url_from_env, engine_for

CORE_APPS = [
    "core.accounts.piccolo_app",
    "core.catalogue.piccolo_app",
    "core.dossiers.piccolo_app",
]


def _plugin_apps() -> list[str]:
    from core.plugin_manager import PluginManager

    manager = PluginManager()
    manager.load_entry_points()
    return [app for p in manager.plugins.values() for app in p.info.piccolo_apps]


def _existing(apps: list[str]) -> list[str]:
    import importlib.util

    found = []
    for app in apps:
        try:
            if importlib.util.find_spec(app) is not None:
                found.append(app)
        except ModuleNotFoundError:
            continue
    return found


DB = engine_for(database_url_from_env())
APP_REGISTRY = AppRegistry(apps=_existing(CORE_APPS) + _plugin_apps())
