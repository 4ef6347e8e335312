"""Amounts written in Vietnamese words, as receipts print them.

A receipt states its amount twice, in figures and in words ("Bằng chữ"), so that a
figure cannot be altered unnoticed: ``200000`` reads "Hai trăm nghìn đồng".
"""

from __future__ import annotations

from num2words import num2words

__all__ = ["amount_in_words"]


def amount_in_words(amount: int) -> str:
    """Write ``amount`` đồng in Vietnamese words, capitalised, ending in "đồng".

    Args:
        amount: a whole, non-negative number of đồng.

    Returns:
        The words, for instance "Một triệu hai trăm năm mươi nghìn đồng".

    Raises:
        ValueError: the amount is negative.
    """
    if amount < 0:
        raise ValueError("an amount in words cannot be negative")
    words = str(num2words(amount, lang="vi")).strip()
    return f"{words[:1].upper()}{words[1:]} đồng"
