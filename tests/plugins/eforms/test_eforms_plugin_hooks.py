"""The plugin as the core sees it: its description, its hooks called the way the
filing pages call them, and a browser's round trip through every demo form."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import msgspec
import pytest
from litestar.datastructures import FormMultiDict

from core.catalogue.catalogue import Catalogue
from core.dossiers.filing import ComponentInput
from core.dossiers.service import DossierService
from core.plugin_manager import PluginManager, resolve
from plugins.eforms import runtime
from plugins.eforms.filing import CONTROLS_KEY, render_filing_form, split_controls
from plugins.eforms.flat import flat_values
from plugins.eforms.library import FormLibrary, province_code_lists
from plugins.eforms.pages import outline, panel_html, print_page
from plugins.eforms.render import STATIC_DIR, TEMPLATES_DIR
from plugins.eforms.section import EformsSection
from plugins.eforms.validate import validate
from plugins.eforms.versions import FormRef
from tests.plugins.eforms.eforms_filing import (
    BUILDING,
    COPIES,
    HOUSEHOLD,
    JUDICIAL,
    PLACES,
    draft_for,
    example,
    new_citizen,
    new_staff,
    section_of,
)
from tests.plugins.eforms.eforms_html import submit
from tests.plugins.eforms.eforms_support import minimal_form

ONLINE = sorted(set(PLACES) - {COPIES})


async def eform_html(
    plugins: PluginManager, spec: Any, data: Any, errors: Any, lang: str
) -> list[str]:
    """The inputs the enabled plugins render, called as the filing pages call."""
    answers = plugins.call_sections(
        "motcua_render_filing_form",
        spec,
        data=data,
        errors=errors,
        lang=lang,
        viewer=None,
    )
    return [str(await resolve(answer)) for _name, answer in answers if answer]


async def eform_data(plugins: PluginManager, spec: Any, post: Any) -> dict[str, Any]:
    """The data the enabled plugins read back, called as the filing pages call."""
    data: dict[str, Any] = {}
    for _name, answer in plugins.call_sections(
        "motcua_read_filing_form", spec, post=post
    ):
        data.update(await resolve(answer) or {})
    return data


def test_the_plugin_describes_itself(plugins: PluginManager) -> None:
    info = plugins.plugins["eforms"].info
    assert info.section_type is EformsSection
    assert info.piccolo_apps == ("plugins.eforms.piccolo_app",)
    hook = plugins.hook
    assert {"eforms": STATIC_DIR} in hook.motcua_register_static_dirs()
    assert [TEMPLATES_DIR] in hook.motcua_register_template_dirs()
    routes = plugins.plugins["eforms"].module.motcua_register_routes()
    assert {path for route in routes for path in route.paths} == {
        "/eforms/dossiers/{dossier_id:int}/print",
        "/eforms/drafts/{code:str}",
        "/eforms/drafts/{code:str}/discard",
    }
    assert {route.opt["permission"] for route in routes} == {
        "signed_in",
        "dossier.file",
    }


async def test_the_filing_pages_get_the_form_s_inputs(
    demo: Catalogue, plugins: PluginManager
) -> None:
    spec = demo.procedures[HOUSEHOLD]
    [html] = await eform_html(plugins, spec, {}, {}, "en")
    assert 'name="business_name"' in html
    assert 'name="members[0].full_name"' in html
    assert "<legend>Owner of the business</legend>" in html
    [with_errors] = await eform_html(
        plugins, spec, {"business_name": "Hoa"}, {"business_name": ["Bad"]}, "vi"
    )
    assert 'value="Hoa"' in with_errors
    assert "Bad" in with_errors


async def test_the_filing_pages_read_the_form_back(
    demo: Catalogue, plugins: PluginManager
) -> None:
    spec = demo.procedures[HOUSEHOLD]
    post = FormMultiDict(
        [
            ("applicant.name", "Lê Thị Mai"),
            ("business_name", "Hộ kinh doanh Hoa Mai"),
            ("members[0].full_name", "Lê Thị Mai"),
            ("members[1].full_name", "Phạm Văn Hùng"),
            ("owner_address.province", "99"),
            ("_count.members", "2"),
        ]
    )
    data = await eform_data(plugins, spec, post)
    values, counts, added = split_controls(data)
    assert values["business_name"] == "Hộ kinh doanh Hoa Mai"
    assert values["members"] == [
        {"full_name": "Lê Thị Mai"},
        {"full_name": "Phạm Văn Hùng"},
    ]
    assert values["owner_address"] == {"province": "99"}
    assert (counts, added) == ({"members": 2}, None)


@pytest.mark.parametrize("code", ONLINE)
async def test_a_browser_files_each_demo_form_as_rendered(
    service: DossierService, plugins: PluginManager, code: str
) -> None:
    """Render the example, post what a browser would, file what comes back."""
    spec = service.catalogue.procedures[code]
    section = section_of(service.catalogue, code)
    html = await render_filing_form(
        spec, section, example(service.catalogue, code), {}, "vi"
    )
    data = await eform_data(plugins, spec, FormMultiDict(submit(str(html))))
    who = await new_citizen(service.catalogue)
    record = await service.file_dossier(
        draft_for(code, data, account_id=who.account_id), who
    )
    form = runtime.library().form_of(section)
    assert record.plugin_data["eforms"]["form"] == form.code
    typed = validate(
        form,
        example(service.catalogue, code),
        lang="vi",
        code_lists=runtime.library().code_lists,
        today=runtime.today(),
    ).data
    assert record.form_data == msgspec.json.decode(msgspec.json.encode(typed))


async def test_the_counter_files_certified_copies_as_rendered(
    service: DossierService, plugins: PluginManager
) -> None:
    spec = service.catalogue.procedures[COPIES]
    html = await render_filing_form(
        spec,
        section_of(service.catalogue, COPIES),
        example(service.catalogue, COPIES),
        {},
        "vi",
    )
    data = await eform_data(plugins, spec, FormMultiDict(submit(str(html))))
    officer = await new_staff(
        service.catalogue, "xa-an-binh-pvhcc", "receiving_officer"
    )
    record = await service.file_dossier(
        draft_for(COPIES, data, channel="counter"),
        officer,
        components=[ComponentInput(code="ban-chinh", paper_original=True)],
    )
    assert record.form_data["document_name"] == "Bằng tốt nghiệp đại học"
    assert (record.form_data["so_trang"], record.form_data["so_ban"]) == (2, 3)


# --- the plugin's own pieces ----------------------------------------------------------


def test_controls_that_make_no_sense_are_ignored() -> None:
    assert split_controls({"a": "1", CONTROLS_KEY: "add"}) == ({"a": "1"}, {}, None)
    odd = {CONTROLS_KEY: {"rows": {"g": "2", "h": 3}, "add": ["g"]}}
    assert split_controls(odd) == ({}, {"h": 3}, None)


@pytest.mark.parametrize(
    "stored",
    [
        None,
        "text",
        {},
        {"eforms": "tk-lltp"},
        {"eforms": {"form": "tk-lltp", "version": "one", "hash": "x"}},
        {"eforms": {"form": "tk-lltp", "hash": "x"}},
    ],
)
def test_a_form_reference_is_read_only_when_whole(stored: Any) -> None:
    assert FormRef.read(stored) is None


def test_a_form_reference_reads_back() -> None:
    stored = {"eforms": {"form": "tk-lltp", "version": 2, "hash": "ab"}}
    assert FormRef.read(stored) == FormRef(form="tk-lltp", version=2, hash="ab")


def test_flat_values_follow_the_form_s_types() -> None:
    form = minimal_form(
        """
        - {key: phone, type: text, label: P}
        - {key: area, type: number, decimals: 1, label: A}
        - {key: kinds, type: choice, multiple: true, label: K,
           options: [{value: a, label: A}, {value: b, label: B}]}
        - key: shops
          type: group
          label: S
          fields:
            - {key: address, type: address, label: Ad}
            - {key: rent, type: money, label: R}
        """
    )
    data = {
        "phone": "0912",
        "area": "12.5",
        "kinds": ["a", "b"],
        "shops": [
            {"address": {"province": "99", "commune": "phuong-1"}, "rent": "5000000"},
            {"rent": "oops"},
        ],
    }
    assert flat_values(data, form) == {
        "area": Decimal("12.5"),
        "kinds": ["a", "b"],
        "phone": "0912",
        "shops[0].address.commune": "phuong-1",
        "shops[0].address.province": "99",
        "shops[0].rent": 5_000_000,
        "shops[1].rent": "oops",
    }
    assert flat_values(data, None)["area"] == "12.5"


def test_a_form_the_library_does_not_hold_cannot_be_used(demo: Catalogue) -> None:
    with pytest.raises(LookupError):
        runtime.library().form_of(EformsSection(form="khong-co"))


def test_an_inline_form_is_read_once(demo: Catalogue) -> None:
    section = section_of(demo, COPIES)
    library = runtime.library()
    assert library.form_of(section) is library.form_of(section)


def test_province_code_lists_are_read_again_after_a_change(tmp_path: Path) -> None:
    folder = tmp_path / "codelists"
    folder.mkdir()
    path = folder / "genders.yaml"
    path.write_text(
        "name: genders\ntitle: G\nitems: [{code: '1', name: Nam}]\n", encoding="utf-8"
    )
    assert len(province_code_lists(tmp_path)["genders"]) == 1
    path.write_text(
        "name: genders\ntitle: G\nitems: [{code: '1', name: Nam},"
        " {code: '2', name: Nữ}, {code: '3', name: Khác}]\n",
        encoding="utf-8",
    )
    assert len(province_code_lists(tmp_path)["genders"]) == 3
    assert "genders" in FormLibrary(None).code_lists


def test_the_outline_marks_required_questions_and_list_items(demo: Catalogue) -> None:
    form = runtime.library().form_of(section_of(demo, HOUSEHOLD))
    sections = dict(outline(form, "en"))
    members = next(
        f for f in sections["Household members"] if f.label.startswith("Members")
    )
    assert members.conditional
    assert [c.label for c in members.children][:2] == ["Full name", "Date of birth"]
    business = {f.label: f.required for f in sections["The business"]}
    assert business["Business name"] is True
    assert business["Business phone"] is False


def test_the_panel_lays_out_answers_and_links_to_the_print_page(
    demo: Catalogue,
) -> None:
    form = runtime.library().form_of(section_of(demo, BUILDING))
    html = panel_html(
        form, {"plot_number": "215"}, 42, "vi", runtime.library().code_lists
    )
    assert "215" in html
    assert 'href="/eforms/dossiers/42/print"' in html
    lost = panel_html(None, {"plot_number": "215"}, 42, "en", {})
    assert "cannot be found" in lost
    assert "215" not in lost


def test_the_print_page_escapes_what_applicants_typed(demo: Catalogue) -> None:
    form = runtime.library().form_of(section_of(demo, JUDICIAL))
    html = print_page(
        form,
        {"purpose": "<script>alert(1)</script>"},
        {
            "code": "X-1",
            "applicant_name": "A & B",
            "submitted_at": dt.datetime(2026, 12, 3, 2, 0, tzinfo=dt.UTC),
        },
        "vi",
        runtime.library().code_lists,
    )
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    assert "A &amp; B" in html
    assert "09:00 03/12/2026" in html
