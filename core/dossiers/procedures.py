"""Which procedure version a dossier is filed under, and reading it back.

A new dossier takes the version stored for the catalogue's current content of its
procedure; an existing dossier keeps the version it was filed under, read back from
:mod:`core.catalogue.tables` when the configuration has changed since.
"""

from __future__ import annotations

from core.catalogue.catalogue import Catalogue
from core.catalogue.model import ProcedureSpec
from core.catalogue.tables import ProcedureVersion, load_version, record_versions
from core.errors import NotFound
from core.plugin_manager import PluginManager

__all__ = ["ProcedureVersions"]


class ProcedureVersions:
    """Version numbers of the loaded procedures, and older versions on demand.

    Args:
        catalogue: the loaded catalogue (the current versions).
        plugins: decodes plugin sections of older versions.
    """

    def __init__(self, catalogue: Catalogue, plugins: PluginManager) -> None:
        self.catalogue = catalogue
        self.plugins = plugins
        self._current: dict[str, int] = {}

    def spec(self, code: str) -> ProcedureSpec:
        """The current version of procedure ``code``.

        Raises:
            NotFound: the catalogue has no such procedure.
        """
        spec = self.catalogue.procedures.get(code)
        if spec is None:
            raise NotFound(
                f"Không có thủ tục mã {code}.", f"There is no procedure {code}."
            )
        return spec

    async def current_version(self, code: str) -> int:
        """The stored version number of the catalogue's content of ``code``.

        The version is recorded first when application start-up has not done it
        (command-line tools, tests).
        """
        known = self._current.get(code)
        if known is not None:
            return known
        self.spec(code)
        found = await self._stored(code)
        if found is None:
            await record_versions(self.catalogue)
            found = await self._stored(code)
        if found is None:  # pragma: no cover - record_versions stores every code
            raise LookupError(f"no stored version of procedure {code!r}")
        self._current[code] = found
        return found

    async def _stored(self, code: str) -> int | None:
        row = (
            await ProcedureVersion.select(ProcedureVersion.version)
            .where(
                (ProcedureVersion.code == code)
                & (ProcedureVersion.content_hash == self.catalogue.hashes[code])
            )
            .order_by(ProcedureVersion.version, ascending=False)
            .first()
        )
        return None if row is None else int(row["version"])

    async def spec_of(self, code: str, version: int) -> ProcedureSpec:
        """The procedure version a dossier was filed under.

        Args:
            code: the procedure code.
            version: the dossier's version number.

        Returns:
            The catalogue's spec when it is that version, else the stored one.
        """
        if code in self.catalogue.procedures and version == await self.current_version(
            code
        ):
            return self.catalogue.procedures[code]
        return await load_version(code, version, self.plugins)
