"""Calling plugins about dossiers: before a filing and after each change.

Only the plugins a procedure enables are called. Problems reported before filing
refuse it; a plugin failing after a change is logged and never undoes the change,
which is already committed.
"""

from __future__ import annotations

import structlog

from core.catalogue.model import ProcedureSpec
from core.errors import UserError
from core.events import DossierEvent, FilingDraft
from core.plugin_manager import PluginManager, resolve

__all__ = ["FilingRefused", "notify", "prepare_filing"]

log = structlog.get_logger(__name__)


class FilingRefused(UserError):
    """Plugins found problems in a filing (400); ``problems`` lists them.

    Attributes:
        problems: ``(path, message)`` pairs; each path starts with the plugin name.
    """

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        listed = "; ".join(f"{path}: {message}" for path, message in problems)
        super().__init__(
            f"Hồ sơ chưa hợp lệ: {listed}", f"The filing is not valid: {listed}"
        )
        self.problems = problems


async def prepare_filing(
    plugins: PluginManager, draft: FilingDraft, procedure: ProcedureSpec
) -> list[tuple[str, str]]:
    """Let each enabled plugin check and enrich ``draft``.

    Args:
        plugins: the installed plugins.
        draft: the filing; plugins may add to ``draft.plugin_data``.
        procedure: its procedure version.

    Returns:
        Every problem as ``(plugin.path, message)``; empty when all agree.
    """
    problems: list[tuple[str, str]] = []
    answers = plugins.call_sections("motcua_prepare_filing", procedure, draft=draft)
    for name, answer in answers:
        for path, message in await resolve(answer) or ():
            problems.append((f"{name}.{path}" if path else name, message))
    return problems


async def notify(
    plugins: PluginManager, event: DossierEvent, procedure: ProcedureSpec
) -> None:
    """Tell the procedure's plugins about a committed change; never raises."""
    try:
        answers = plugins.for_procedure(procedure).motcua_dossier_event(
            event=event, procedure=procedure
        )
    except Exception:
        _failed(event, "call")
        return
    for answer in answers or ():
        try:
            await resolve(answer)
        except Exception:
            _failed(event, "await")


def _failed(event: DossierEvent, stage: str) -> None:
    log.exception(
        "dossier_event_hook_failure",
        dossier=event.dossier_code,
        procedure=event.procedure_code,
        action=event.action,
        stage=stage,
    )
