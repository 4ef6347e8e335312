"""Words the plugin shows: kinds, methods, stages and statuses in both languages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from core import i18n
from plugins.fees.document import kind_label, method_label
from plugins.fees.render import (
    PAYMENT_STATUS_LABELS,
    RECEIPT_STATUS_LABELS,
    STAGE_LABELS,
    template_functions,
)

LOCALE = Path(__file__).resolve().parents[3] / "plugins" / "fees" / "locale"


@pytest.fixture
def vietnamese() -> Iterator[None]:
    i18n.add_catalog_dir(LOCALE)
    token = i18n.use_lang("vi")
    yield
    i18n._current.reset(token)


@pytest.fixture
def english() -> Iterator[None]:
    token = i18n.use_lang("en")
    yield
    i18n._current.reset(token)


def test_receipts_name_kinds_and_methods_in_vietnamese() -> None:
    assert [kind_label(k) for k in ("fee", "charge")] == ["Phí", "Lệ phí"]
    assert [method_label(m) for m in ("cash", "transfer", "online")] == [
        "Tiền mặt",
        "Chuyển khoản",
        "Thanh toán trực tuyến",
    ]
    assert kind_label("charge", "en") == "Charge"
    assert method_label("transfer", "en") == "Bank transfer"
    assert method_label("cheque") == "cheque"


def test_pages_translate_stages_and_statuses(vietnamese: None) -> None:
    f = template_functions()
    assert f["fee_stage"]("on_return") == "Khi trả kết quả"
    assert f["receipt_status"]("replaced") == "Đã bị thay thế"
    assert f["payment_status"]("refunded") == "Đã hoàn trả"
    assert f["fee_kind"]("fee") == "Phí"
    assert f["fee_stage"]("later") == "later"


def test_english_pages_read_the_message_ids(english: None) -> None:
    f = template_functions()
    assert f["fee_stage"]("before") == "Before processing"
    assert f["fee_method"]("online") == "Online payment"
    assert f["fee_kind"]("charge") == "Charge"


def test_every_label_has_a_vietnamese_translation(vietnamese: None) -> None:
    labels = [
        *STAGE_LABELS.values(),
        *RECEIPT_STATUS_LABELS.values(),
        *PAYMENT_STATUS_LABELS.values(),
    ]
    untranslated = [label for label in labels if i18n.gettext(label) == label]
    assert untranslated == []


def test_every_template_message_has_a_vietnamese_translation(vietnamese: None) -> None:
    from babel.messages.extract import extract_from_dir

    found = {
        message
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(LOCALE.parent / "templates"),
            [("**.html", "jinja2.ext.babel_extract")],
            {"**.html": {"extensions": "jinja2.ext.i18n"}},
        )
    }
    assert "Collect fees" in found
    assert sorted(m for m in found if i18n.gettext(m) == m) == []
