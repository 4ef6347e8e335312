"""Loading a province's configuration folder into a :class:`Catalogue`.

The folder holds ``province.yaml``, ``roles.yaml``, ``calendar.yaml`` and one file
per procedure under ``procedures/``. Every file is parsed, type-checked and checked
for meaning; references between files (units, roles, fields, templates, plugins) are
resolved. Either everything is valid and a catalogue is returned, or
:class:`~core.catalogue.errors.ConfigInvalid` lists every error of every file: a
province never runs on half a configuration.
"""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

import msgspec
import structlog

from core.catalogue.canonical import content_hash
from core.catalogue.catalogue import Catalogue
from core.catalogue.checks import KnownNames, check_procedure, check_roles
from core.catalogue.errors import ConfigError, ConfigInvalid, Report
from core.catalogue.model import ProcedureSpec, ProvinceSpec, RolesFile, RoleSpec
from core.catalogue.organisation import Unit, check_fields, flatten_units
from core.catalogue.sections import check_sections, decode_sections
from core.catalogue.validate import decode
from core.catalogue.yamlpos import YamlDocument, parse_yaml
from core.plugin_manager import PluginManager

__all__ = ["Catalogue", "load_catalogue"]

log = structlog.get_logger(__name__)
T = TypeVar("T")

PROVINCE_FILE = "province.yaml"
ROLES_FILE = "roles.yaml"
CALENDAR_FILE = "calendar.yaml"
PROCEDURES_DIR = "procedures"
TEMPLATES_DIR = Path("templates") / "components"


def load_catalogue(config_dir: Path, plugins: PluginManager) -> Catalogue:
    """Read and validate a province folder.

    Args:
        config_dir: the province folder, e.g. ``config/demo``.
        plugins: the installed plugins; they decode and check their sections and
            are told through ``motcua_catalogue_loaded`` when loading succeeded.

    Returns:
        The catalogue.

    Raises:
        ConfigInvalid: at least one error; ``str()`` of it is the full report.
    """
    log.info("catalogue_load_start", config_dir=str(config_dir))
    loading = _Loading(Path(config_dir), plugins)
    catalogue = loading.run()
    if catalogue is None:
        log.warning("catalogue_load_failure", errors=len(loading.errors))
        raise ConfigInvalid(loading.errors)
    log.info(
        "catalogue_load_success",
        units=len(catalogue.units),
        roles=len(catalogue.roles),
        procedures=len(catalogue.procedures),
    )
    plugins.hook.motcua_catalogue_loaded(catalogue=catalogue)
    return catalogue


class _Loading:
    """One load of one folder; collects the errors of every file."""

    def __init__(self, config_dir: Path, plugins: PluginManager) -> None:
        self.config_dir = config_dir
        self.plugins = plugins
        self.errors: list[ConfigError] = []
        self.procedure_files: dict[str, str] = {}

    def run(self) -> Catalogue | None:
        if not self.config_dir.is_dir():
            self._file_error(self.config_dir, "the configuration folder does not exist")
            return None
        province, units, fields = self._province()
        roles = self._roles()
        calendar = self._calendar()
        known = KnownNames(
            units=units,
            roles=roles,
            fields=fields,
            templates_dir=self.config_dir / TEMPLATES_DIR,
        )
        procedures, sources = self._procedures(known)
        if self.errors or province is None or units is None or roles is None:
            return None
        return Catalogue(
            config_dir=self.config_dir,
            province=province,
            units=MappingProxyType(units),
            roles=MappingProxyType(roles),
            calendar=calendar,
            procedures=MappingProxyType(procedures),
            sources=MappingProxyType(sources),
            hashes=MappingProxyType(
                {code: content_hash(spec) for code, spec in procedures.items()}
            ),
        )

    # --- files ----------------------------------------------------------------------

    def _read(
        self, relative: Path, tp: type[T], *, default: Any = None
    ) -> tuple[T | None, Report | None]:
        """Parse and decode one file; ``default`` stands in for a missing file."""
        path = self.config_dir / relative
        if not path.is_file():
            if default is None:
                self._file_error(path, "the file is missing")
                return None, None
            return msgspec.convert(default, tp), None
        document = self._parse(path)
        if document is None:
            return None, None
        report = Report(str(path), document.locate, errors=self.errors)
        return decode(document.data, tp, report), report

    def _parse(self, path: Path) -> YamlDocument | None:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            self._file_error(path, "the file is not UTF-8 text")
            return None
        try:
            document = parse_yaml(text, str(path))
        except ConfigInvalid as exc:
            self.errors.extend(exc.errors)
            return None
        self.errors.extend(document.errors)
        return document

    def _file_error(self, path: Path, what: str) -> None:
        self.errors.append(
            ConfigError(
                file=str(path),
                line=1,
                column=1,
                path="(document)",
                what=what,
                fix="see docs/configuration.md for the files a province folder holds",
            )
        )

    # --- province, roles, calendar --------------------------------------------------

    def _province(
        self,
    ) -> tuple[ProvinceSpec | None, dict[str, Unit] | None, frozenset[str] | None]:
        province, report = self._read(Path(PROVINCE_FILE), ProvinceSpec)
        if province is None or report is None:
            return None, None, None
        units = flatten_units(province, report)
        fields = frozenset(check_fields(province.fields, report))
        return province, units, fields

    def _roles(self) -> dict[str, RoleSpec] | None:
        roles, report = self._read(Path(ROLES_FILE), RolesFile)
        if roles is None or report is None:
            return None
        check_roles(roles, report)
        return {role.code: role for role in roles.roles}

    def _calendar(self) -> Any:
        from core.calendar import CalendarSpec

        calendar, report = self._read(Path(CALENDAR_FILE), CalendarSpec, default={})
        if calendar is not None and report is not None:
            for path, what, fix in calendar.problems():
                report.error(path, what, fix)
        return calendar

    # --- procedures -----------------------------------------------------------------

    def _procedures(
        self, known: KnownNames
    ) -> tuple[dict[str, ProcedureSpec], dict[str, str]]:
        procedures: dict[str, ProcedureSpec] = {}
        sources: dict[str, str] = {}
        for relative in self._procedure_files():
            spec = self._procedure(relative, known)
            if spec is not None:
                procedures[spec.code] = spec
                sources[spec.code] = relative.as_posix()
        return procedures, sources

    def _procedure_files(self) -> list[Path]:
        folder = self.config_dir / PROCEDURES_DIR
        if not folder.is_dir():
            log.warning("catalogue_without_procedures", folder=str(folder))
            return []
        found = [*folder.rglob("*.yaml"), *folder.rglob("*.yml")]
        return sorted(p.relative_to(self.config_dir) for p in found)

    def _procedure(self, relative: Path, known: KnownNames) -> ProcedureSpec | None:
        spec, report = self._read(relative, ProcedureSpec)
        if spec is None or report is None:
            return None
        before = len(self.errors)
        first_file = self.procedure_files.setdefault(spec.code, relative.as_posix())
        if first_file != relative.as_posix():
            report.error(
                ("code",),
                f"procedure code {spec.code!r} is already defined in {first_file}",
                "each procedure has one file; merge the two or correct the code",
            )
        check_procedure(spec, known, report)
        sections, decoded = decode_sections(spec.plugins, self.plugins, report)
        spec = msgspec.structs.replace(spec, plugins=sections)
        check_sections(spec, self.plugins, report, decoded)
        return spec if len(self.errors) == before else None
