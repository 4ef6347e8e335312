"""Words for the domain's codes, in both languages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from core import i18n
from core.catalogue.model import Duration
from core.web import labels


@pytest.fixture
def vietnamese(app: object) -> Iterator[None]:
    token = i18n.use_lang("vi")
    yield
    i18n._current.reset(token)


@pytest.fixture
def english(app: object) -> Iterator[None]:
    token = i18n.use_lang("en")
    yield
    i18n._current.reset(token)


@pytest.mark.usefixtures("english")
def test_durations_in_english_are_singular_or_plural() -> None:
    assert labels.duration_text(Duration(amount=1)) == "1 working day"
    assert labels.duration_text(Duration(amount=10)) == "10 working days"
    assert labels.duration_text(Duration(amount=4, unit="working_hours")) == (
        "4 working hours"
    )
    assert labels.duration_text(Duration(amount=15, unit="calendar_days")) == (
        "15 calendar days"
    )
    assert labels.duration_text(Duration(amount=0.5)) == "0.5 working days"


@pytest.mark.usefixtures("vietnamese")
def test_durations_in_vietnamese_use_a_decimal_comma() -> None:
    assert labels.duration_text(Duration(amount=10)) == "10 ngày làm việc"
    assert labels.duration_text(Duration(amount=0.5, unit="working_hours")) == (
        "0,5 giờ làm việc"
    )


@pytest.mark.usefixtures("vietnamese")
def test_channels_by_name_or_portal_number() -> None:
    assert labels.channel_label("online") == "Trực tuyến"
    assert labels.channel_label(1) == "Trực tiếp tại quầy"
    assert labels.channel_label(3) == "Qua dịch vụ bưu chính"


@pytest.mark.usefixtures("english")
def test_online_levels_payments_and_ratings() -> None:
    assert labels.online_level_label("full") == "Full online service"
    assert labels.online_level_label("none") == "Counter only"
    assert labels.payment_label("awaiting") == "Awaiting payment"
    assert labels.rating_label("not_satisfied") == "Not satisfied"
    assert labels.applicant_kind_label("business") == "Business or organisation"


@pytest.mark.usefixtures("english")
def test_timeliness_covers_finished_and_open_classes() -> None:
    assert labels.timeliness_label("early") == "Early"
    assert labels.timeliness_label("overdue") == "Overdue"
    assert labels.timeliness_label(None) == ""


def test_statuses_and_actions_follow_the_language(app: object) -> None:
    token = i18n.use_lang("en")
    try:
        assert labels.status_name(5) == "Supplement requested"
        assert labels.action_name("return_result") == "Return the result"
    finally:
        i18n._current.reset(token)
    token = i18n.use_lang("vi")
    try:
        assert labels.status_name(5) == "Yêu cầu bổ sung"
        assert labels.action_name("return_result") == "Trả kết quả"
    finally:
        i18n._current.reset(token)


def test_unknown_codes_are_shown_as_they_are(app: object) -> None:
    assert labels.payment_label("bartered") == "bartered"
    assert labels.online_level_label("telepathic") == "telepathic"
    assert labels.rating_label("ecstatic") == "ecstatic"


def test_templates_receive_every_word_function() -> None:
    names = labels.globals_for_templates()
    for name in ("channel_label", "duration_text", "status_name", "action_name"):
        assert callable(names[name])
    assert [s.value for s in names["STATUSES"]] == list(range(1, 11))
