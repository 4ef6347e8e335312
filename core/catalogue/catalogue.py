"""The loaded catalogue: one immutable value holding a province's configuration.

:func:`core.catalogue.loader.load_catalogue` builds it only when every file is valid;
the rest of the application reads it and never changes it. Queries answer the
questions that workflows and pages ask about the organisation tree and procedures.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.catalogue.model import (
    ComponentSpec,
    ProcedureSpec,
    ProvinceSpec,
    RoleSpec,
    StepSpec,
)
from core.catalogue.organisation import Unit

if TYPE_CHECKING:
    from core.calendar import CalendarSpec

__all__ = ["Catalogue"]


@dataclass(frozen=True, eq=False)
class Catalogue:
    """A province's whole configuration, validated.

    Attributes:
        config_dir: the folder it was read from.
        province: ``province.yaml`` as written.
        units: every unit by id, root first, in document order.
        roles: roles by code.
        calendar: the working calendar's description (``calendar.yaml``).
        procedures: procedures by code; each enabled plugin's section is the
            plugin's decoded section value (``None`` for plugins without settings).
        sources: each procedure's file, relative to ``config_dir``.
        hashes: each procedure's content hash (see
            :func:`core.catalogue.versions.content_hash`).
    """

    config_dir: Path
    province: ProvinceSpec
    units: Mapping[str, Unit]
    roles: Mapping[str, RoleSpec]
    calendar: CalendarSpec
    procedures: Mapping[str, ProcedureSpec]
    sources: Mapping[str, str]
    hashes: Mapping[str, str]

    # --- organisation ---------------------------------------------------------------

    @property
    def root(self) -> Unit:
        """The unit at the top of the tree (the provincial People's Committee)."""
        return next(iter(self.units.values()))

    def unit(self, unit_id: str) -> Unit:
        """The unit with id ``unit_id``.

        Raises:
            KeyError: no such unit.
        """
        return self.units[unit_id]

    def unit_path(self, unit_id: str) -> str:
        """The materialised path of a unit, such as ``/ubnd-tinh/stp/``."""
        return self.units[unit_id].path

    def children(self, unit_id: str) -> list[Unit]:
        """The units directly below ``unit_id``, in document order."""
        return [u for u in self.units.values() if u.parent_id == unit_id]

    def units_under(self, unit_id: str) -> list[Unit]:
        """``unit_id`` and every unit below it, in document order."""
        prefix = self.units[unit_id].path
        return [u for u in self.units.values() if u.path.startswith(prefix)]

    def ancestors(self, unit_id: str) -> list[Unit]:
        """The units from the root down to ``unit_id``'s parent."""
        chain: list[Unit] = []
        parent = self.units[unit_id].parent_id
        while parent is not None:
            chain.append(self.units[parent])
            parent = self.units[parent].parent_id
        return chain[::-1]

    def units_of_kind(self, kind: str) -> list[Unit]:
        """Every unit of ``kind`` (``commune``, ``department``...)."""
        return [u for u in self.units.values() if u.kind == kind]

    def resolve_units(self, ref: str) -> list[Unit]:
        """The units named by a unit id, or by ``kind:<kind>`` for all of a kind."""
        if ref.startswith("kind:"):
            return self.units_of_kind(ref.removeprefix("kind:"))
        return [self.units[ref]]

    def nearest_of_kind(self, kind: str, near: str) -> Unit | None:
        """The unit of ``kind`` closest to the unit ``near``.

        Looks in ``near``'s own subtree first, then in the subtrees of its ancestors
        from the nearest up, so that a commune finds its own one-stop division.
        """
        for anchor in [self.units[near], *reversed(self.ancestors(near))]:
            for unit in self.units_under(anchor.id):
                if unit.kind == kind:
                    return unit
        return None

    # --- roles ----------------------------------------------------------------------

    def role(self, code: str) -> RoleSpec:
        """The role with ``code``.

        Raises:
            KeyError: no such role.
        """
        return self.roles[code]

    def permissions_of(self, role_codes: Iterable[str]) -> frozenset[str]:
        """Every permission the roles ``role_codes`` grant; unknown codes grant none."""
        granted: set[str] = set()
        for code in role_codes:
            role = self.roles.get(code)
            if role is not None:
                granted.update(role.permissions)
        return frozenset(granted)

    # --- procedures -----------------------------------------------------------------

    def procedure(self, code: str) -> ProcedureSpec:
        """The current version of procedure ``code``.

        Raises:
            KeyError: no such procedure.
        """
        return self.procedures[code]

    def implementing_units(self, procedure: ProcedureSpec | str) -> list[Unit]:
        """The units that resolve a procedure's dossiers, ``kind:`` expanded."""
        spec = self._spec(procedure)
        found: dict[str, Unit] = {}
        for ref in spec.units:
            for unit in self.resolve_units(ref):
                found.setdefault(unit.id, unit)
        return list(found.values())

    def procedures_of_unit(self, unit_id: str) -> list[ProcedureSpec]:
        """The procedures that ``unit_id`` implements, by code."""
        return [
            spec
            for _code, spec in sorted(self.procedures.items())
            if any(u.id == unit_id for u in self.implementing_units(spec))
        ]

    def receiving_unit(self, procedure: ProcedureSpec | str, implementing: str) -> Unit:
        """Where a dossier resolved by ``implementing`` is received.

        Args:
            procedure: the procedure or its code.
            implementing: the id of the implementing unit chosen for the dossier.

        Returns:
            The implementing unit itself when ``receiving_unit`` is not set; the
            named unit; or for ``kind:<kind>`` the nearest unit of that kind.
        """
        spec = self._spec(procedure)
        return self._place(spec.receiving_unit, implementing, implementing)

    def step_unit(
        self, step: StepSpec, implementing: str, receiving: str | None = None
    ) -> Unit:
        """The unit that handles ``step`` for one dossier.

        Args:
            step: the workflow step.
            implementing: the dossier's implementing unit id.
            receiving: the dossier's receiving unit id (defaults to implementing).
        """
        if step.unit == "implementing":
            return self.units[implementing]
        if step.unit == "receiving":
            return self.units[receiving or implementing]
        return self._place(step.unit, implementing, implementing)

    def _place(self, ref: str | None, default: str, near: str) -> Unit:
        if ref is None:
            return self.units[default]
        if ref.startswith("kind:"):
            found = self.nearest_of_kind(ref.removeprefix("kind:"), near)
            if found is None:  # the loader rejects kinds without units
                raise KeyError(ref)
            return found
        return self.units[ref]

    def procedure_steps(self, procedure: ProcedureSpec | str) -> list[StepSpec]:
        """The workflow steps of a procedure, in order."""
        return list(self._spec(procedure).workflow.steps)

    def step(self, procedure: ProcedureSpec | str, step_code: str) -> StepSpec:
        """One step of a procedure's workflow.

        Raises:
            KeyError: the workflow has no such step.
        """
        for step in self._spec(procedure).workflow.steps:
            if step.code == step_code:
                return step
        raise KeyError(step_code)

    def template_path(self, component: ComponentSpec) -> Path | None:
        """The blank form file of a component, if it has one."""
        if component.template is None:
            return None
        return self.config_dir / "templates" / "components" / component.template

    def plugin_section(self, procedure: ProcedureSpec | str, plugin: str) -> Any:
        """A plugin's decoded section of a procedure.

        Raises:
            KeyError: the procedure does not enable ``plugin``.
        """
        return self._spec(procedure).plugins[plugin]

    def _spec(self, procedure: ProcedureSpec | str) -> ProcedureSpec:
        return self.procedures[procedure] if isinstance(procedure, str) else procedure
