"""Amounts in words, as receipts print them under the figures."""

from __future__ import annotations

import pytest

from plugins.fees.words import amount_in_words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "Không đồng"),
        (2000, "Hai nghìn đồng"),
        (15000, "Mười lăm nghìn đồng"),
        (200000, "Hai trăm nghìn đồng"),
        (210000, "Hai trăm mười nghìn đồng"),
        (1250000, "Một triệu hai trăm năm mươi nghìn đồng"),
        (1000001, "Một triệu lẻ một đồng"),
    ],
)
def test_amounts_read_in_vietnamese_words(amount: int, words: str) -> None:
    assert amount_in_words(amount) == words


def test_words_start_with_a_capital_and_end_in_dong() -> None:
    for amount in (1, 21, 105, 999_999_999):
        words = amount_in_words(amount)
        assert words[0].isupper()
        assert words.endswith(" đồng")
        assert words[1:] == words[1:].lower()


def test_a_negative_amount_has_no_words() -> None:
    with pytest.raises(ValueError, match="negative"):
        amount_in_words(-1)
