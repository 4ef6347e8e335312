"""Shared page plumbing: plugin panels, addresses, document links."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import parse_qs

import msgspec
import pytest
from litestar import Request

from core import i18n
from core.events import Panel
from core.hookspecs import PluginInfo, hookimpl
from core.plugin_manager import PluginManager
from core.web.common import plugin_panels, query_with, safe_next
from core.web.dossier_view import flat_form_data
from core.web.files import _ascii_name, file_url
from core.web.printing import PRINT_URL, print_links
from tests.core.web.conftest import JUDICIAL
from tests.core.web.test_web_deadline import record


class PanelPlugin:
    """Answers two panels, out of order, one of them awaitable."""

    __file__ = __file__

    def __init__(self, name: str) -> None:
        self.name = name

    @hookimpl
    def motcua_register_plugin(self) -> PluginInfo:
        return PluginInfo(name=self.name, title=self.name)

    @hookimpl
    async def motcua_dossier_panels(
        self, dossier: Any, procedure: Any, viewer: Any, lang: str
    ) -> list[Panel]:
        return [
            Panel(key=f"{self.name}-b", title="B", html="<p>b</p>", order=20),
            Panel(key=f"{self.name}-a", title="A", html="<p>a</p>", order=10),
        ]


@pytest.fixture
def manager() -> PluginManager:
    found = PluginManager()
    found.register(PanelPlugin("fees"), "fees")
    return found


async def test_panels_come_in_order_from_enabled_plugins(
    manager: PluginManager, catalogue: Any
) -> None:
    spec = msgspec.structs.replace(
        catalogue.procedures[JUDICIAL], plugins={"fees": None}
    )
    panels = await plugin_panels(
        manager,
        "motcua_dossier_panels",
        spec,
        dossier={},
        procedure=spec,
        viewer=None,
        lang="vi",
    )
    assert [p.key for p in panels] == ["fees-a", "fees-b"]


async def test_a_procedure_that_enables_no_plugin_gets_no_panel(
    manager: PluginManager, catalogue: Any
) -> None:
    spec = msgspec.structs.replace(catalogue.procedures[JUDICIAL], plugins={})
    panels = await plugin_panels(
        manager,
        "motcua_dossier_panels",
        spec,
        dossier={},
        procedure=spec,
        viewer=None,
        lang="vi",
    )
    assert panels == []


async def test_an_undeclared_panel_hook_gives_nothing(
    manager: PluginManager, catalogue: Any
) -> None:
    spec = msgspec.structs.replace(
        catalogue.procedures[JUDICIAL], plugins={"fees": None}
    )
    assert await plugin_panels(manager, "motcua_no_such_panels", spec) == []


def _request(path: str, query: str = "") -> Request[Any, Any, Any]:
    scope = {
        "type": "http",
        "method": "GET",
        "path": path,
        "query_string": query.encode(),
        "headers": [],
        "app": None,
    }
    return Request(scope)  # type: ignore[arg-type]


def _parts(url: str) -> tuple[str, dict[str, list[str]]]:
    path, _, query = url.partition("?")
    return path, parse_qs(query)


def test_query_with_changes_and_removes_parameters() -> None:
    request = _request("/staff", "tab=pool&q=An&after=x")
    assert _parts(query_with(request, after="k~2")) == (
        "/staff",
        {"tab": ["pool"], "q": ["An"], "after": ["k~2"]},
    )
    assert _parts(query_with(request, after=None)) == (
        "/staff",
        {"tab": ["pool"], "q": ["An"]},
    )
    assert query_with(_request("/procedures"), page=2) == "/procedures?page=2"
    assert query_with(_request("/procedures", "page=2"), page=None) == "/procedures"


def test_going_back_never_leaves_the_site() -> None:
    assert safe_next("/staff?tab=pool") == "/staff?tab=pool"
    assert safe_next("https://evil.example/") == "/"
    assert safe_next("//evil.example/x") == "/"
    assert safe_next("staff") == "/"
    assert safe_next(None, "/home") == "/home"


def test_print_links_per_stage(app: Any) -> None:
    token = i18n.use_lang("en")
    try:
        now = dt.datetime(2026, 12, 2, 2, 0, tzinfo=dt.UTC)
        submitted = record(status=1)
        assert [p.number for p in print_links(submitted)] == ["06"]
        received = record(status=4, received_at=now, supplement_count=1)
        assert [p.number for p in print_links(received)] == ["01", "02", "06"]
        apologised = record(status=4, received_at=now, apology_due_at=now)
        assert "04" in [p.number for p in print_links(apologised)]
        stopped = record(status=8, received_at=now)
        assert [p.number for p in print_links(stopped)] == ["01", "05", "06"]
        refused = print_links(record(status=3))
        assert refused[0].title == "Refusal"
        assert refused[0].url == PRINT_URL.format(code="X", document="03")
    finally:
        i18n._current.reset(token)


def test_form_data_without_an_eform_plugin_reads_as_rows() -> None:
    rows = flat_form_data(
        {"name": "An", "children": [{"name": "Bình"}, {"name": ""}], "note": None}
    )
    assert rows == [("name", "An"), ("children[1].name", "Bình")]


def test_file_names_in_headers_are_ascii() -> None:
    assert _ascii_name("Tờ khai (bản 2).pdf") == "T__khai__b_n_2_.pdf"
    assert _ascii_name("...") == "file"
    assert file_url("C-1", 7) == "/dossiers/C-1/files/7"
    assert file_url("C-1", 7, download=True) == "/dossiers/C-1/files/7?download=1"
