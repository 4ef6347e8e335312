"""Statuses, channels and labels shared with the national portal."""

from __future__ import annotations

import datetime as dt

import pytest

from core.dossiers.engine import RULES
from core.dossiers.records import aware, decode_json
from core.dossiers.state import ACTION_LABELS, ALL_ACTIONS, action_label
from core.dossiers.statuses import (
    CLOSED,
    OPEN,
    RECEIVED_OPEN,
    Status,
    channel_code,
    channel_name,
    status_label,
)


def test_codes_and_portal_words() -> None:
    assert [int(s) for s in Status] == list(range(1, 11))
    assert Status.SUPPLEMENT.portal_word == "waiting"
    assert Status.RETURNED.portal_word == "done"
    assert len({s.portal_word for s in Status}) == 10


def test_open_and_closed_partition_the_statuses() -> None:
    assert set(Status) == OPEN | CLOSED
    assert not OPEN & CLOSED
    assert Status.SUBMITTED not in RECEIVED_OPEN
    assert Status.RESOLVED in CLOSED


def test_every_status_has_labels_in_both_languages() -> None:
    for status in Status:
        assert status_label(status, "vi") != status_label(status, "en")
        assert status.label("en") == status_label(status, "en")
    assert status_label(2) == "Được tiếp nhận"


def test_channels_round_trip() -> None:
    for name, code in (("counter", 1), ("online", 2), ("post", 3)):
        assert channel_code(name) == code
        assert channel_name(code).value == name
    with pytest.raises(ValueError, match="channel"):
        channel_name(9)
    with pytest.raises(ValueError, match="fax"):
        channel_code("fax")


def test_every_action_has_a_rule_and_labels() -> None:
    assert set(ALL_ACTIONS) == set(RULES)
    assert "submit" in ACTION_LABELS
    for action in ACTION_LABELS:
        assert action_label(action, "vi") != action_label(action, "en")
    assert action_label("unknown") == "unknown"


def test_storage_values_are_decoded() -> None:
    naive = dt.datetime(2026, 1, 1, 3, 0)
    assert aware(naive) == dt.datetime(2026, 1, 1, 3, 0, tzinfo=dt.UTC)
    assert aware(None) is None
    assert decode_json('{"a": 1}') == {"a": 1}
    assert decode_json(b"") == {}
    assert decode_json({"b": 2}) == {"b": 2}
    assert decode_json(None) == {}
