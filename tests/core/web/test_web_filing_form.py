"""Reading filing forms, and the e-form plugin's part in them.

A stand-in e-form plugin (registered under the ``eforms`` name in its own plugin
manager) shows that the filing pages ask the enabled plugin for its inputs, hand it
the post back, and place its problems next to its inputs.
"""

from __future__ import annotations

import dataclasses
from types import MappingProxyType
from typing import Any

import msgspec
import pytest
from litestar.datastructures import FormMultiDict
from markupsafe import Markup

from core.demo import sample_pdf
from core.dossiers.hooks import FilingRefused
from core.errors import UserError
from core.hookspecs import PluginInfo, hookimpl
from core.plugin_manager import PluginManager
from core.web.filing_form import (
    added_row,
    eform_data,
    eform_html,
    eform_post,
    missing_files,
    plain_values,
    read_applicant,
    read_paper,
    refusal_errors,
)
from tests.conftest import sign_in, unique
from tests.core.web.conftest import JUDICIAL, new_cccd, token


class StandInEforms:
    """Renders one input, reads it back, and insists it is filled."""

    # The application looks for a plugin's translations beside its file.
    __file__ = __file__

    @hookimpl
    def motcua_register_plugin(self) -> PluginInfo:
        return PluginInfo(name="eforms", title="stand-in e-forms")

    @hookimpl
    def motcua_render_filing_form(
        self, procedure: Any, section: Any, data: Any, errors: Any, lang: str
    ) -> Markup:
        message = " ".join(errors.get("purpose", []))
        return Markup(
            '<label for="ef-purpose">Purpose</label>'
            '<input id="ef-purpose" name="purpose" value="{}">'
            '<p class="ef-error">{}</p>'
        ).format(data.get("purpose", ""), message)

    @hookimpl
    def motcua_read_filing_form(self, procedure: Any, section: Any, post: Any) -> Any:
        return {"purpose": str(post.get("purpose") or "")}

    @hookimpl
    def motcua_prepare_filing(self, draft: Any, procedure: Any, section: Any) -> Any:
        if not draft.form_data.get("purpose"):
            return [("purpose", "Cần nêu mục đích sử dụng phiếu.")]
        return []


@pytest.fixture
def eforms_plugins() -> PluginManager:
    manager = PluginManager()
    manager.register(StandInEforms(), "eforms")
    return manager


@pytest.fixture
def with_eform(catalogue: Any) -> Any:
    """The demo catalogue where the judicial record procedure enables e-forms."""
    spec = msgspec.structs.replace(
        catalogue.procedures[JUDICIAL], plugins={"eforms": None}
    )
    return dataclasses.replace(
        catalogue, procedures=MappingProxyType({**catalogue.procedures, JUDICIAL: spec})
    )


async def test_the_plugin_renders_and_reads_its_inputs(
    eforms_plugins: PluginManager, with_eform: Any
) -> None:
    spec = with_eform.procedures[JUDICIAL]
    html = await eform_html(eforms_plugins, spec, {"purpose": "xin việc"}, {}, "vi")
    assert len(html) == 1
    assert html[0][0] == "eforms"
    assert 'value="xin việc"' in html[0][1]
    post = FormMultiDict({"purpose": "du học", "applicant.name": "A"})
    assert await eform_data(eforms_plugins, spec, post) == {"purpose": "du học"}


async def test_a_procedure_without_an_eform_asks_no_plugin(
    eforms_plugins: PluginManager, catalogue: Any
) -> None:
    spec = msgspec.structs.replace(catalogue.procedures[JUDICIAL], plugins={})
    assert await eform_html(eforms_plugins, spec, {}, {}, "vi") == []
    assert await eform_data(eforms_plugins, spec, FormMultiDict({"x": "1"})) == {}


async def test_without_the_hooks_nothing_is_asked(
    catalogue: Any, with_eform: Any
) -> None:
    empty = PluginManager()
    spec = with_eform.procedures[JUDICIAL]
    assert await eform_html(empty, spec, {}, {}, "vi") == []
    assert await eform_data(empty, spec, FormMultiDict({})) == {}


async def test_online_filing_goes_through_the_eform(
    settings: Any, eforms_plugins: PluginManager, with_eform: Any
) -> None:
    from litestar.testing import AsyncTestClient

    from core.app import create_app

    app = create_app(settings, plugins=eforms_plugins, catalogue=with_eform)
    async with AsyncTestClient(app=app) as client:
        await sign_in(client, "congdan")
        url = f"/procedures/{JUDICIAL}/file"
        form = await client.get(url)
        assert 'id="ef-purpose"' in form.text
        fields = {
            "_csrf_token": token(client),
            "unit_id": "stp",
            "case_code": "thong-thuong",
            "applicant.name": unique("Người nộp "),
            "applicant.identifier_kind": "cccd",
            "applicant.identifier": new_cccd(),
        }
        files = {
            "file.to-khai": ("to-khai.pdf", sample_pdf("To khai"), "application/pdf")
        }
        refused = await client.post(url, data=fields, files=files)
        assert refused.status_code == 400
        assert (
            "Cần nêu mục đích sử dụng phiếu."
            in refused.text.split('class="ef-error"')[1]
        )
        filed = await client.post(
            url,
            data={**fields, "purpose": "xin việc"},
            files=files,
            follow_redirects=False,
        )
        assert filed.status_code == 303, filed.text[:300]
        code = filed.headers["location"].removeprefix("/my/dossiers/").split("?")[0]
    from core.dossiers import queries

    record = await queries.load_by_code(code)
    assert record is not None
    assert record.form_data == {"purpose": "xin việc"}


def test_plain_values_leave_files_and_the_token_out() -> None:
    post = FormMultiDict(
        [("a", "1"), ("a", "2"), ("_csrf_token", "t"), ("file.x", object())]
    )
    assert plain_values(post) == {"a": "2"}


def test_applicant_fields_are_trimmed_and_kinds_defaulted() -> None:
    citizen = read_applicant(
        {"applicant.name": "  Trần Văn B ", "applicant.identifier": " 001 "}, "citizen"
    )
    assert citizen.name == "Trần Văn B"
    assert citizen.identifier_kind == "cccd"
    assert citizen.phone is None
    business = read_applicant({"applicant.name": "Công ty"}, "business")
    assert business.identifier_kind == "tax_code"


def test_paper_received_reads_ticks_and_copies(catalogue: Any) -> None:
    components = catalogue.procedures[JUDICIAL].components
    read = read_paper(
        {
            "paper.to-khai": "1",
            "copies.giay-to-tuy-than": "3",
            "copies.van-ban-uy-quyen": "-1",
            "note.to-khai": " bản gốc có dấu ",
        },
        components,
    )
    by_code = {item.code: item for item in read}
    assert by_code["to-khai"].paper_original is True
    assert by_code["to-khai"].note == "bản gốc có dấu"
    assert by_code["giay-to-tuy-than"].copies == 3
    assert by_code["giay-to-tuy-than"].paper_original is False
    assert by_code["van-ban-uy-quyen"].copies == 0


def test_required_components_without_a_file_are_named(catalogue: Any) -> None:
    from core.dossiers.filing import Upload

    spec = catalogue.procedures[JUDICIAL]
    errors = missing_files([], spec, "thong-thuong")
    assert set(errors) == {"file.to-khai"}
    sent = [Upload(filename="a.pdf", data=b"%PDF", component_code="to-khai")]
    assert not missing_files(sent, spec, "thong-thuong")


def test_refusals_go_next_to_their_fields() -> None:
    plugin = refusal_errors(
        FilingRefused(
            [("eforms.members[0].name", "Thiếu tên"), ("fees.category", "Sai")]
        ),
        "vi",
    )
    assert plugin.eform == {"members[0].name": ["Thiếu tên"]}
    assert plugin["_"] == "Sai"
    field = refusal_errors(
        UserError("Số định danh sai", "Wrong identifier", field="applicant.identifier"),
        "en",
    )
    assert dict(field) == {"applicant.identifier": "Wrong identifier"}
    upload = refusal_errors(UserError("Tệp rỗng", "Empty file", field="file"), "vi")
    assert dict(upload) == {"files": "Tệp rỗng"}


def test_the_eform_reads_the_post_without_the_pages_own_fields() -> None:
    post = FormMultiDict(
        [
            ("_csrf_token", "t"),
            ("unit_id", "stp"),
            ("case_code", "c"),
            ("version", "3"),
            ("applicant.name", "A"),
            ("paper.to-khai", "1"),
            ("copies.to-khai", "2"),
            ("full_name", "A"),
            ("members[0].name", "B"),
            ("_count.members", "1"),
            ("_add", "members"),
        ]
    )
    assert dict(eform_post(post).multi_items()) == {
        "full_name": "A",
        "members[0].name": "B",
        "_count.members": "1",
        "_add": "members",
    }


def test_an_added_row_is_told_by_a_control_entry() -> None:
    assert added_row({"_eforms": {"rows": {"members": 2}, "add": "members"}})
    assert not added_row({"_eforms": {"rows": {"members": 2}, "add": None}})
    assert not added_row({"full_name": "A", "add": "x"})
