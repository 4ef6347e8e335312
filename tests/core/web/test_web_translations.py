"""Every message of the interface exists in Vietnamese and in English."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from core import i18n
from core.web.messages import extract, missing_translations, update_catalogues


@pytest.fixture(scope="module")
def msgids() -> dict[Any, Any]:
    return extract()


def test_extraction_finds_template_and_python_messages(msgids: dict[Any, Any]) -> None:
    places = {path for found in msgids.values() for path, _line in found}
    assert any(p.endswith(".html") for p in places)
    assert any(p.endswith(".py") for p in places)
    assert "Take this dossier" in msgids  # a template
    assert "Please give a reason." in msgids  # Python
    assert ("%(num)s procedure found", "%(num)s procedures found") in msgids


def test_every_message_has_a_vietnamese_translation(msgids: dict[Any, Any]) -> None:
    assert missing_translations(msgids, "vi") == []


def test_the_english_catalogue_is_complete(msgids: dict[Any, Any]) -> None:
    assert missing_translations(msgids, "en") == []


def test_a_missing_translation_is_detected(tmp_path: Path) -> None:
    found = {"A sentence nobody translated": [("web/templates/x.html", 1)]}
    assert update_catalogues(found, tmp_path) == ["A sentence nobody translated"]
    english = (tmp_path / "en" / "LC_MESSAGES" / "messages.po").read_text()
    assert 'msgstr "A sentence nobody translated"' in english


def test_translations_survive_a_new_extraction(tmp_path: Path) -> None:
    found = {"Hello": [("a.py", 1)]}
    update_catalogues(found, tmp_path)
    po = tmp_path / "vi" / "LC_MESSAGES" / "messages.po"
    po.write_text(
        po.read_text().replace(
            'msgid "Hello"\nmsgstr ""', 'msgid "Hello"\nmsgstr "Xin chào"'
        )
    )
    assert update_catalogues({**found, "Bye": [("b.py", 2)]}, tmp_path) == ["Bye"]
    assert 'msgstr "Xin chào"' in po.read_text()


def test_plural_forms_read_in_both_languages(app: Any) -> None:
    token = i18n.use_lang("vi")
    try:
        assert (
            i18n.ngettext("%(num)s working day", "%(num)s working days", 3)
            == "%(num)s ngày làm việc"
        )
    finally:
        i18n._current.reset(token)
    token = i18n.use_lang("en")
    try:
        assert (
            i18n.ngettext("%(num)s working day", "%(num)s working days", 1)
            == "%(num)s working day"
        )
        assert (
            i18n.ngettext("%(num)s working day", "%(num)s working days", 2)
            == "%(num)s working days"
        )
    finally:
        i18n._current.reset(token)


async def test_pages_are_vietnamese_by_default_and_english_on_request(
    client: Any,
) -> None:
    vi = await client.get("/procedures")
    assert "Thủ tục hành chính" in vi.text
    assert "Tìm thủ tục" in vi.text
    en = await client.get("/procedures", params={"lang": "en"})
    assert "Administrative procedures" in en.text
    # The choice is remembered.
    again = await client.get("/procedures")
    assert "Search procedures" in again.text


def test_plural_messages_keep_both_english_forms(tmp_path: Path) -> None:
    found = {("%(num)s file", "%(num)s files"): [("a.py", 3)]}
    assert update_catalogues(found, tmp_path) == ["%(num)s file"]
    english = (tmp_path / "en" / "LC_MESSAGES" / "messages.po").read_text()
    assert 'msgstr[0] "%(num)s file"' in english
    assert 'msgstr[1] "%(num)s files"' in english
    vietnamese = (tmp_path / "vi" / "LC_MESSAGES" / "messages.po").read_text()
    assert "msgstr[1]" not in vietnamese  # one plural form in Vietnamese


def test_unused_messages_are_dropped_and_english_rewordings_kept(
    tmp_path: Path,
) -> None:
    update_catalogues({"Old": [("a.py", 1)], "Kept": [("a.py", 2)]}, tmp_path)
    po = tmp_path / "en" / "LC_MESSAGES" / "messages.po"
    po.write_text(
        po.read_text().replace(
            'msgid "Kept"\nmsgstr "Kept"', 'msgid "Kept"\nmsgstr "Retained"'
        )
    )
    update_catalogues({"Kept": [("a.py", 2)]}, tmp_path)
    text = po.read_text()
    assert 'msgid "Old"' not in text
    assert 'msgstr "Retained"' in text


def test_a_fuzzy_translation_counts_as_missing(tmp_path: Path) -> None:
    update_catalogues({"Hello": [("a.py", 1)]}, tmp_path)
    po = tmp_path / "vi" / "LC_MESSAGES" / "messages.po"
    po.write_text(
        po.read_text().replace(
            'msgid "Hello"\nmsgstr ""', '#, fuzzy\nmsgid "Hello"\nmsgstr "Xin chào"'
        )
    )
    assert missing_translations(["Hello"], "vi", tmp_path) == ["Hello"]


def test_running_the_extraction_twice_changes_nothing(tmp_path: Path) -> None:
    found = {"One": [("a.py", 1)], ("%(num)s day", "%(num)s days"): [("b.py", 2)]}
    update_catalogues(found, tmp_path)
    first = (tmp_path / "vi" / "LC_MESSAGES" / "messages.po").read_bytes()
    update_catalogues(found, tmp_path)
    assert (tmp_path / "vi" / "LC_MESSAGES" / "messages.po").read_bytes() == first
