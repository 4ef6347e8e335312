"""Who may see a dossier, decided from the record and the organisation tree."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from core.dossiers.access import can_view, visible_unit_ids
from core.dossiers.records import DossierRecord
from core.permissions import Actor

NOW = dt.datetime(2026, 12, 2, 2, 0, tzinfo=dt.UTC)


def record(**changes: Any) -> DossierRecord:
    values: dict[str, Any] = dict.fromkeys(DossierRecord.__struct_fields__)
    values.update(
        id=1,
        code="X-261202-0001",
        procedure_code="P",
        procedure_version=1,
        channel=2,
        status=4,
        payment_status="none",
        unit_id="stp",
        receiving_unit_id="ttpvhcc",
        step_code="s",
        step_unit_id="stp-lltp",
        step_role="specialist",
        applicant_kind="citizen",
        applicant_name="A",
        applicant_identifier_kind="cccd",
        applicant_identifier="001099012345",
        account_id=100,
        submitted_at=NOW,
        paused_seconds=0,
        supplement_count=0,
        lang="vi",
        version=1,
        updated_at=NOW,
        form_data={},
        plugin_data={},
    )
    values.update(changes)
    return DossierRecord(**values)


def staff(catalogue: Any, unit: str, *permissions: str, account_id: int = 7) -> Actor:
    return Actor(
        account_id=account_id,
        kind="staff",
        unit_id=unit,
        unit_path=catalogue.units[unit].path,
        roles=frozenset({"r"}),
        permissions=frozenset(permissions),
    )


def test_applicant_sees_only_own_dossiers(catalogue: Any) -> None:
    owner = Actor(account_id=100, kind="citizen")
    other = Actor(account_id=101, kind="citizen")
    assert can_view(owner, record(), catalogue)
    assert not can_view(other, record(), catalogue)
    assert not can_view(owner, record(account_id=None), catalogue)
    assert not can_view(None, record(), catalogue)


def test_staff_see_through_unit_permission_step_or_assignment(catalogue: Any) -> None:
    assert can_view(staff(catalogue, "stp", "dossier.view_unit"), record(), catalogue)
    assert can_view(
        staff(catalogue, "ubnd-tinh", "dossier.view_unit"), record(), catalogue
    )
    assert can_view(
        staff(catalogue, "ttpvhcc", "dossier.view_unit"), record(), catalogue
    )
    # Below the dossier's unit, the permission does not reach up.
    assert not can_view(
        staff(catalogue, "stc-dkkd", "dossier.view_unit"), record(), catalogue
    )
    # The unit of the current step sees it without the permission.
    assert can_view(staff(catalogue, "stp-lltp"), record(), catalogue)
    assert not can_view(staff(catalogue, "stp"), record(), catalogue)
    assert can_view(
        staff(catalogue, "syt", account_id=55), record(assignee_id=55), catalogue
    )
    assert not can_view(
        staff(catalogue, "syt", "dossier.view_unit"), record(), catalogue
    )


def test_listable_units_are_the_subtree(catalogue: Any) -> None:
    units = visible_unit_ids(staff(catalogue, "stp", "dossier.view_unit"), catalogue)
    assert set(units) == {"stp", "stp-lltp"}
    assert visible_unit_ids(staff(catalogue, "stp"), catalogue) == []
    assert visible_unit_ids(Actor(account_id=1, kind="citizen"), catalogue) == []
    everything = visible_unit_ids(
        staff(catalogue, "ubnd-tinh", "dossier.view_unit"), catalogue
    )
    assert set(everything) == set(catalogue.units)


def test_record_helpers() -> None:
    item = record(channel=1, status=5)
    assert item.channel_name == "counter"
    assert item.status_label("en") == "Supplement requested"
    assert item.status_label() == "Yêu cầu bổ sung"
    assert item.as_mapping()["code"] == "X-261202-0001"
    assert msgspec.json.decode(msgspec.json.encode(item))["unit_id"] == "stp"
