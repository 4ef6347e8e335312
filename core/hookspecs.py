"""The plugin contract: every hook a Motcua plugin may implement.

This module is the whole interface between the core and its plugins, built-in or
shipped by a vendor. Plugins implement hooks with :data:`hookimpl`; the core calls them
through :class:`core.plugin_manager.PluginManager`.

Hooks come in four groups, by when the core calls them:

1. **Start-up** (``register_*``): what a plugin adds to the application: its
   description, database apps, routes, templates, static files, CLI commands.
2. **Configuration** (``*_procedure_section``, ``catalogue_loaded``): validating a
   plugin's own section of a procedure's YAML.
3. **Dossiers** (``prepare_filing``, ``dossier_event``, ``dossier_panels``,
   ``form_values``): taking part in filing and reacting to what happens to a dossier.
4. **Services** (``issue_receipt``): replaceable services a vendor may take over.

Combination rules follow pluggy: unless a hook is marked *first result*, the core
receives a list with one answer per plugin (``None`` answers dropped), in the order
pluggy calls them (last registered first, ``tryfirst``/``trylast`` honoured). A
*first result* hook stops at the first answer that is not ``None``.

Hooks of groups 2 and 3 receive a procedure. The core calls them only on the plugins
that the procedure enables under its ``plugins:`` key: a plugin never sees a dossier of
a procedure that does not enable it.

Hooks marked *may be async* may return an awaitable instead of a value; the core
awaits it. All others must answer synchronously.
"""

from __future__ import annotations

from collections.abc import Awaitable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec
import pluggy

if TYPE_CHECKING:
    import click

    from core.catalogue.errors import Report
    from core.catalogue.loader import Catalogue
    from core.catalogue.model import ProcedureSpec
    from core.events import DossierEvent, FilingDraft, Panel

__all__ = ["PROJECT", "PluginInfo", "hookimpl", "hookspec"]

PROJECT = "motcua"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


class PluginInfo(msgspec.Struct, frozen=True, kw_only=True):
    """What a plugin says about itself.

    Attributes:
        name: the key under which procedures enable it in their ``plugins:`` section;
            it must equal the plugin's entry-point name.
        title: a one-line description for ``motcua plugins list`` and admin pages.
        section_type: the msgspec struct type of its section in a procedure's YAML, or
            ``None`` when the plugin takes no settings (an empty section enables it).
        piccolo_apps: dotted paths of the plugin's Piccolo ``AppConfig`` objects, whose
            tables and migrations it owns.
    """

    name: str
    title: str
    section_type: type[msgspec.Struct] | None = None
    piccolo_apps: tuple[str, ...] = ()


# --- 1. start-up --------------------------------------------------------------------


@hookspec
def motcua_register_plugin() -> PluginInfo:  # type: ignore[empty-body]
    """Describe the plugin.

    Called once per plugin when the plugin manager starts, before the catalogue is
    loaded. Every plugin must implement it.

    Returns:
        The plugin's :class:`PluginInfo`. All answers are collected.
    """


@hookspec
def motcua_register_routes() -> Sequence[Any]:  # type: ignore[empty-body]
    """Add HTTP routes.

    Called once while the Litestar application is built.

    Returns:
        Litestar route handlers, controllers or routers. Every handler must declare
        a permission in ``opt={"permission": ...}`` (see :mod:`core.permissions`).
        All answers are collected and flattened.
    """


@hookspec
def motcua_register_template_dirs() -> Sequence[Path]:  # type: ignore[empty-body]
    """Add folders of Jinja2 templates.

    Called once while the template engine is built. A province's own
    ``config/<province>/templates/`` folder always comes first, so a province can
    override any template; then plugins' folders; the core's last.

    Returns:
        Folders to search. All answers are collected.
    """


@hookspec
def motcua_register_static_dirs() -> Mapping[str, Path]:  # type: ignore[empty-body]
    """Add folders of static files served under ``/static/<key>/``.

    Returns:
        A mapping of URL key to folder. All answers are merged; keys must be unique.
    """


@hookspec
def motcua_register_commands(cli: click.Group) -> None:
    """Add sub-commands to the ``motcua`` command line.

    Args:
        cli: the top-level click group; add commands or groups to it.
    """


# --- 2. configuration ---------------------------------------------------------------


@hookspec
def motcua_check_procedure_section(
    procedure: ProcedureSpec, section: Any, report: Report
) -> None:
    """Check a plugin's section of one procedure beyond its type.

    Called while the catalogue loads, after the section was decoded into the
    plugin's ``section_type``, only on the plugin that owns the section. Report each
    problem with ``report.error(path, what, fix)`` where ``path`` is relative to the
    section; the core adds the file, line and full path. Do not raise.

    Args:
        procedure: the procedure being loaded (other plugins' sections undecoded).
        section: the plugin's decoded section.
        report: where to add errors.
    """


@hookspec
def motcua_catalogue_loaded(catalogue: Catalogue) -> None:
    """React to a catalogue that loaded without error.

    Called after every file validated, before the application serves requests and
    before ``motcua config check`` reports success. Plugins build lookup tables here.
    Answers are ignored.
    """


# --- 3. dossiers --------------------------------------------------------------------


@hookspec
def motcua_prepare_filing(
    draft: FilingDraft, procedure: ProcedureSpec, section: Any
) -> Sequence[tuple[str, str]] | Awaitable[Sequence[tuple[str, str]]] | None:
    """Validate and enrich a dossier before it is written. *May be async.*

    Called on each plugin the procedure enables, before the filing transaction
    begins, for online, counter and post filings alike. A plugin may store what it
    derived in ``draft.plugin_data[<its name>]`` (an e-form's cleaned data, a fee
    assessment); the core writes it with the dossier.

    Args:
        draft: the filing being prepared.
        procedure: the procedure version the dossier is filed under.
        section: this plugin's section of that procedure.

    Returns:
        Problems as ``(path, message)`` pairs in the draft's language; any problem
        refuses the filing with all problems listed. All answers are collected.
    """


@hookspec
def motcua_render_filing_form(
    procedure: ProcedureSpec,
    section: Any,
    data: Mapping[str, Any],
    errors: Mapping[str, Sequence[str]],
    lang: str,
    viewer: Any,
) -> str | Awaitable[str] | None:
    """Render the inputs a plugin adds to a filing form. *May be async.*

    Called by the online filing page and the counter intake page, on each plugin the
    procedure enables, with that plugin's own section. The page supplies the
    ``<form>`` element, the CSRF token and the buttons.

    Args:
        procedure: the procedure being filed under.
        section: this plugin's section of it.
        data: values to show (what was typed, or a prefill).
        errors: messages by field path, shown next to their inputs.
        lang: the page language.
        viewer: the signed-in account (an applicant filing online, or the officer
            at the counter), so that a plugin can prefill or resume a draft.

    Returns:
        Safe HTML of the inputs, or ``None``. All answers are shown in order.
    """


@hookspec
def motcua_read_filing_form(
    procedure: ProcedureSpec, section: Any, post: Any
) -> Mapping[str, Any] | Awaitable[Mapping[str, Any]] | None:
    """Read a plugin's inputs back from a posted filing form. *May be async.*

    Args:
        procedure: the procedure being filed under.
        section: this plugin's section of it.
        post: the posted form (a multi-dict).

    Returns:
        The data to store as the dossier's form data (validated later in
        ``motcua_prepare_filing``), or ``None``. All answers are merged. An entry
        whose key starts with ``_`` is a control for the page, not data: one that
        carries ``add`` (a repeating group's name) asks the page to show the form
        again with a row added instead of filing.
    """


@hookspec(firstresult=True)
def motcua_form_values(
    dossier: Mapping[str, Any], procedure: ProcedureSpec
) -> Mapping[str, Any] | None:
    """Give the applicant's form data of a dossier as a flat mapping.

    Other plugins read e-form data through this hook (fees by area or quantity,
    reports by a field) instead of knowing how it is stored. *First result.*

    Args:
        dossier: the dossier row as a mapping (``plugin_data`` included).
        procedure: its procedure version.

    Returns:
        Field paths to cleaned values, or ``None`` when the plugin has no form data.
    """


@hookspec
def motcua_dossier_event(
    event: DossierEvent, procedure: ProcedureSpec
) -> Awaitable[None] | None:
    """React to a change of a dossier. *May be async.*

    Called after the transaction that recorded ``event`` committed, on each plugin
    the dossier's procedure enables. A failure is logged and never undoes or blocks
    the change. Answers are ignored.
    """


@hookspec
def motcua_dossier_panels(
    dossier: Mapping[str, Any], procedure: ProcedureSpec, viewer: Any, lang: str
) -> Sequence[Panel] | Awaitable[Sequence[Panel]] | None:
    """Add panels to a dossier's page. *May be async.*

    Args:
        dossier: the dossier row as a mapping.
        procedure: its procedure version.
        viewer: the signed-in account looking at the page.
        lang: the page language.

    Returns:
        Panels (title and safe HTML rendered by the plugin's own templates). All
        answers are collected and shown in order.
    """


@hookspec
def motcua_procedure_panels(
    procedure: ProcedureSpec, lang: str
) -> Sequence[Panel] | Awaitable[Sequence[Panel]] | None:
    """Add panels to a procedure's public page. *May be async.*

    Called when the portal shows a procedure, on each plugin the procedure enables
    (the fee schedule, the e-form's outline).

    Args:
        procedure: the current version of the procedure.
        lang: the page language.

    Returns:
        Panels shown to every visitor; never personal data. All answers are collected.
    """


# --- 4. services --------------------------------------------------------------------


@hookspec(firstresult=True)
def motcua_issue_receipt(
    receipt: Mapping[str, Any],
) -> Mapping[str, Any] | Awaitable[Mapping[str, Any]] | None:
    """Issue an electronic receipt. *First result; may be async.*

    The fees plugin's local issuer answers last (``trylast``); a vendor plugin that
    hands receipts to an e-invoice provider answers first and returns what the
    provider confirmed (its own lookup code, signature, signed XML).

    Args:
        receipt: the receipt's fields as numbered by the fees plugin.

    Returns:
        The issuer's confirmation, or ``None`` to let the next issuer answer.
    """
