"""Shared protocol pieces: GMT+7 timestamps, digest comparison, masked secrets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import ClassVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plugins.payments_gateway.protocols._common import (
    GMT7,
    SecretHolder,
    format_timestamp,
    hex_digests_equal,
    parse_timestamp,
)


def test_timestamp_is_written_in_vietnam_time() -> None:
    assert format_timestamp(datetime(2024, 3, 1, 18, 0, 5, tzinfo=UTC)) == (
        "20240302010005"
    )


def test_timestamp_from_another_zone_is_converted() -> None:
    new_york = timezone(timedelta(hours=-5))

    assert format_timestamp(datetime(2024, 3, 1, 12, 0, tzinfo=new_york)) == (
        "20240302000000"
    )


def test_naive_timestamp_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        format_timestamp(datetime(2024, 3, 1, 12, 0))


def test_timestamp_is_read_as_vietnam_time() -> None:
    assert parse_timestamp("20240302010005") == datetime(
        2024, 3, 1, 18, 0, 5, tzinfo=UTC
    )


@pytest.mark.parametrize(
    "text", ["", "2024030201000", "202403020100050", "2024-03-02T01", "20241302010005"]
)
def test_malformed_timestamp_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="gateway timestamp"):
        parse_timestamp(text)


def test_non_ascii_digits_are_refused() -> None:
    with pytest.raises(ValueError, match="gateway timestamp"):
        parse_timestamp("٢٠٢٤٠٣٠٢٠١٠٠٠٥")


@given(
    moment=st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31)
    ).map(lambda naive: naive.replace(microsecond=0, tzinfo=GMT7))
)
def test_timestamps_round_trip_to_the_second(moment: datetime) -> None:
    assert parse_timestamp(format_timestamp(moment)) == moment


def test_equal_digests_match_regardless_of_case() -> None:
    assert hex_digests_equal("ab12cd", "AB12CD")


@pytest.mark.parametrize("received", ["ab12ce", "ab12c", "", "ab12cd00"])
def test_different_digests_do_not_match(received: str) -> None:
    assert not hex_digests_equal("ab12cd", received)


class Credentials(SecretHolder, frozen=True, kw_only=True):
    __secret_fields__: ClassVar[frozenset[str]] = frozenset({"password", "token"})

    user: str
    password: str
    token: str


def test_secret_holder_masks_every_secret_field() -> None:
    held = Credentials(user="merchant", password="p@ss-123", token="tok-456")

    shown = repr(held)

    assert (
        shown == "Credentials(user='merchant', password='********', token='********')"
    )
    assert "p@ss-123" not in str(held)
    assert "tok-456" not in f"{held!r} {[held]} {held.__rich_repr__()}"


def test_secret_holder_still_gives_the_secret_to_code() -> None:
    held = Credentials(user="merchant", password="p@ss-123", token="tok-456")

    assert held.password == "p@ss-123"
