"""Plugins' sections of a procedure: decoded by their types, checked by their owners.

A procedure enables a plugin by naming it under ``plugins:``. The core knows nothing
of what a section means: it decodes the section with the generic validator against
the plugin's declared ``section_type``, then lets the plugin check the meaning through
the ``motcua_check_procedure_section`` hook. Errors of both kinds carry the file, line
and full path like any other configuration error.
"""

from __future__ import annotations

from typing import Any

import structlog

from core.catalogue.errors import Path_, Report
from core.catalogue.model import ProcedureSpec
from core.catalogue.validate import closest, decode
from core.plugin_manager import PluginManager

__all__ = ["check_sections", "decode_sections"]

log = structlog.get_logger(__name__)
_CHECK_HOOK = "motcua_check_procedure_section"


def decode_sections(
    raw: dict[str, Any], plugins: PluginManager, report: Report
) -> tuple[dict[str, Any], frozenset[str]]:
    """Decode each plugin's section with the plugin's ``section_type``.

    Args:
        raw: the procedure's ``plugins`` mapping as written.
        plugins: the installed plugins.
        report: the procedure file's report.

    Returns:
        Sections by plugin name (the decoded value, ``None`` for a plugin without
        settings, or the raw data when it had errors, already reported), and the
        names of the plugins whose section decoded. Unknown plugins are reported and
        left out.
    """
    decoded: dict[str, Any] = {}
    valid: set[str] = set()
    for name, data in raw.items():
        at: Path_ = ("plugins", name)
        loaded = plugins.plugins.get(name)
        if loaded is None:
            _unknown_plugin(name, plugins.names(), report, at)
            continue
        section_type = loaded.info.section_type
        if section_type is None:
            decoded[name] = None
            if _settingless(name, data, report, at):
                valid.add(name)
            continue
        # An empty section (``fees:``) enables the plugin with its defaults.
        value = decode({} if data is None else data, section_type, report, at)
        decoded[name] = data if value is None else value
        if value is not None:
            valid.add(name)
    return decoded, frozenset(valid)


def _unknown_plugin(name: str, installed: list[str], report: Report, at: Path_) -> None:
    guess = closest(name, installed)
    hint = f"did you mean {guess!r}? " if guess else ""
    listed = ", ".join(installed) if installed else "(none)"
    report.error(
        at,
        f"plugin {name!r} is not installed",
        f"{hint}installed plugins: {listed}; remove the section or install the plugin",
    )


def _settingless(name: str, data: Any, report: Report, at: Path_) -> bool:
    if data in (None, {}):
        return True
    report.error(
        at,
        f"plugin {name!r} takes no settings",
        f"write '{name}: {{}}' to enable it",
    )
    return False


def check_sections(
    procedure: ProcedureSpec,
    plugins: PluginManager,
    report: Report,
    decoded: frozenset[str],
) -> None:
    """Let each enabled plugin whose section decoded check that section.

    Each plugin receives a report whose paths are relative to its section, so
    ``report.error(("rules", 0), ...)`` lands on ``plugins.<name>.rules[0]``. A
    plugin that raises is reported as an error of its section instead of stopping
    the load.

    Args:
        procedure: the procedure with every section decoded.
        plugins: the installed plugins.
        report: the procedure file's report.
        decoded: the plugins whose section decoded without error.
    """
    for name in sorted(plugins.enabled_names(procedure) & decoded):
        section_report = report.child(("plugins", name))
        caller = _caller_for(plugins, name)
        try:
            caller(
                procedure=procedure,
                section=procedure.plugins[name],
                report=section_report,
            )
        except Exception as exc:
            log.exception("plugin_section_check_failure", plugin=name)
            report.error(
                ("plugins", name),
                f"plugin {name!r} failed while checking its section: {exc}",
                "this is a fault of the plugin; report it to its vendor with the log",
            )


def _caller_for(plugins: PluginManager, name: str) -> Any:
    """The check hook reaching ``name`` alone, each plugin getting its own report."""
    others = [p.module for n, p in plugins.plugins.items() if n != name]
    return plugins.pm.subset_hook_caller(_CHECK_HOOK, remove_plugins=others)
