"""The ``motcua`` command: serve, upgrade the database, check configuration, manage.

Messages are plain sentences; failures exit with a non-zero status and say what to
do next.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

import click

from core import __version__
from core.permissions import PERMISSIONS, Actor

__all__ = ["SYSTEM", "main"]

T = TypeVar("T")

SYSTEM = Actor(
    account_id=0,
    kind="staff",
    unit_id=None,
    unit_path="",
    roles=frozenset(),
    permissions=frozenset(PERMISSIONS),
)
"""The operator at the command line, who may do anything an administrator may."""


def run(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine against the database, opening and closing its pool."""

    async def wrapped() -> T:
        from core.db import pooled

        async with pooled():
            return await coro

    return asyncio.run(wrapped())


def _settings() -> Any:
    from core.settings import Settings

    try:
        return Settings.from_env()
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc


def _load(config_dir: Path | None = None) -> tuple[Any, Any]:
    from core.app import default_plugins
    from core.catalogue.errors import ConfigInvalid
    from core.catalogue.loader import load_catalogue

    plugins = default_plugins()
    folder = config_dir or _settings().config_dir
    try:
        return plugins, load_catalogue(folder, plugins)
    except ConfigInvalid as exc:
        click.echo(exc.render(), err=True)
        click.echo(f"The configuration in {folder} was not loaded.", err=True)
        sys.exit(1)


@click.group()
@click.version_option(__version__, prog_name="motcua")
def cli() -> None:
    """Motcua: one-stop information system for provincial administrative procedures."""


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=int)
@click.option(
    "--upgrade/--no-upgrade",
    default=True,
    show_default=True,
    help="Apply database migrations before serving.",
)
def serve(host: str, port: int, workers: int, upgrade: bool) -> None:
    """Serve Motcua over HTTP (refuses to start on a bad configuration)."""
    import uvicorn

    settings = _settings()
    _load(settings.config_dir)
    if upgrade:
        _upgrade()
    click.echo(f"Motcua {__version__} ({settings.mode} mode) on http://{host}:{port}")
    click.echo(f"Database: {_describe_db(settings.database_url)}")
    click.echo(f"Province configuration: {settings.config_dir}")
    if settings.mode == "demo":
        from core.demo import DEMO_PASSWORD, demo_accounts

        click.echo(f"Demo accounts (password {DEMO_PASSWORD}):")
        for username, role in demo_accounts():
            click.echo(f"  {username:<22} {role}")
    uvicorn.run(
        "core.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        proxy_headers=True,
    )


def _describe_db(url: str) -> str:
    from urllib.parse import urlparse

    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        return f"SQLite file /{parsed.path.lstrip('/')}"
    return f"PostgreSQL database {parsed.path.lstrip('/')} on {parsed.hostname}"


@cli.group()
def db() -> None:
    """Database schema."""


def _upgrade() -> None:
    from piccolo.apps.migrations.commands.forwards import run_forwards

    click.echo("Applying database migrations...")
    result = run(run_forwards(app_name="all"))
    if not result.success:
        raise click.ClickException(f"migrations failed: {result.message}")
    click.echo("The database is up to date.")


@db.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending migration of the core and the plugins (never loses data)."""
    _upgrade()


@cli.group()
def config() -> None:
    """Province configuration."""


@config.command("check")
@click.argument(
    "folder", required=False, type=click.Path(path_type=Path, file_okay=False)
)
def config_check(folder: Path | None) -> None:
    """Validate every file of a province folder; exit 1 on any error."""
    _plugins, catalogue = _load(folder)
    click.echo(
        f"The configuration is valid: {len(catalogue.units)} units, "
        f"{len(catalogue.roles)} roles, {len(catalogue.procedures)} procedures."
    )


@cli.group()
def plugins() -> None:
    """Installed plugins."""


@plugins.command("list")
def plugins_list() -> None:
    """Each plugin, its version, where it came from, and which procedures enable it."""
    manager, catalogue = _load()
    for name in manager.names():
        loaded = manager.plugins[name]
        users = sorted(c for c, p in catalogue.procedures.items() if name in p.plugins)
        click.echo(
            f"{name} {loaded.version}  "
            f"({loaded.distribution}: {loaded.module.__name__})"
        )
        click.echo(f"    {loaded.info.title}")
        click.echo(
            f"    enabled by {len(users)} procedure(s): {', '.join(users) or 'none'}"
        )


@cli.group()
def users() -> None:
    """Accounts."""


@users.command("create")
@click.option("--username", required=True)
@click.option("--full-name", required=True)
@click.option(
    "--kind",
    type=click.Choice(["staff", "citizen", "business"]),
    default="staff",
    show_default=True,
)
@click.option("--unit", "unit_id", help="Unit id (staff accounts).")
@click.option("--role", "roles", multiple=True, help="Role code; repeat for several.")
@click.option("--identifier", help="CCCD for a citizen, tax code for a business.")
@click.option("--email")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def users_create(
    username: str,
    full_name: str,
    kind: str,
    unit_id: str | None,
    roles: tuple[str, ...],
    identifier: str | None,
    email: str | None,
    password: str,
) -> None:
    """Create an account (the first provincial administrator, say)."""
    from core.accounts.service import NewAccount, create_account
    from core.errors import UserError

    _plugins, catalogue = _load()
    new = NewAccount(
        username=username,
        password=password,
        full_name=full_name,
        kind=kind,
        unit_id=unit_id,
        roles=list(roles),
        identifier=identifier,
        email=email,
    )
    try:
        account_id = run(create_account(new, actor=SYSTEM, catalogue=catalogue))
    except UserError as exc:
        field = f" ({exc.field})" if exc.field else ""
        raise click.ClickException(f"{exc.en}{field}") from exc
    click.echo(f"Account {username!r} created with id {account_id}.")


def main() -> None:
    """Entry point of the ``motcua`` command."""
    from core.app import default_plugins
    from core.logs import configure

    # Commands speak through their own messages; logs are for the server.
    configure(os.environ.get("MOTCUA_LOG_LEVEL", "warning"))
    default_plugins().hook.motcua_register_commands(cli=cli)
    cli()


if __name__ == "__main__":  # pragma: no cover
    main()
