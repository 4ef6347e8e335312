"""The hook-calling helpers on their own: problems are prefixed with the plugin's
name, and a plugin failing after a change is contained."""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.dossiers.hooks import FilingRefused, notify, prepare_filing
from core.events import Applicant, DossierEvent, FilingDraft
from core.hookspecs import PluginInfo, hookimpl
from core.plugin_manager import PluginManager
from tests.core.dossiers.dossier_fixtures import procedure

EVENT = DossierEvent(
    dossier_id=1,
    dossier_code="X-1",
    procedure_code="1.000001.H38",
    procedure_version=1,
    action="receive",
    from_status=1,
    to_status=2,
    step="receive",
    actor_id=5,
    at=dt.datetime(2026, 12, 2, 2, 0, tzinfo=dt.UTC),
)


class Plugin:
    def __init__(self, name: str, problems: Any = None, fail: str = "") -> None:
        self.name = name
        self.problems = problems
        self.fail = fail
        self.seen: list[str] = []

    @hookimpl
    def motcua_register_plugin(self) -> PluginInfo:
        return PluginInfo(name=self.name, title=self.name)

    @hookimpl
    def motcua_prepare_filing(self, draft: Any, procedure: Any, section: Any) -> Any:
        self.seen.append(f"prepare:{section}")
        return self.problems

    @hookimpl
    def motcua_dossier_event(self, event: DossierEvent, procedure: Any) -> Any:
        self.seen.append(event.action)
        if self.fail == "call":
            raise RuntimeError("broken at once")
        if self.fail == "await":

            async def later() -> None:
                raise RuntimeError("broken later")

            return later()
        return None


def manager(*plugins: Plugin) -> PluginManager:
    pm = PluginManager()
    for plugin in plugins:
        pm.register(plugin, plugin.name)
    return pm


def filing() -> FilingDraft:
    return FilingDraft(
        procedure_code="1.000001.H38",
        procedure_version=1,
        case_code=None,
        channel="online",
        unit_id="dept_justice",
        applicant=Applicant(
            kind="citizen", name="A", identifier_kind="cccd", identifier="001099012345"
        ),
    )


async def test_problems_of_every_enabled_plugin_are_collected() -> None:
    async def later() -> list[tuple[str, str]]:
        return [("", "Chưa nộp phí")]

    forms = Plugin("forms", problems=[("field.x", "Thiếu"), ("field.y", "Sai")])
    fees = Plugin("fees", problems=later())
    quiet = Plugin("quiet")
    disabled = Plugin("disabled", problems=[("z", "never")])
    pm = manager(forms, fees, quiet, disabled)
    proc = procedure(plugins={"forms": {"mode": 1}, "fees": None, "quiet": None})
    found = await prepare_filing(pm, filing(), proc)
    assert found == [
        ("fees", "Chưa nộp phí"),
        ("forms.field.x", "Thiếu"),
        ("forms.field.y", "Sai"),
    ]
    assert forms.seen == ["prepare:{'mode': 1}"]
    assert disabled.seen == []


def test_refusal_lists_every_problem_in_both_languages() -> None:
    refused = FilingRefused([("forms.name", "Thiếu họ tên"), ("fees", "Chưa nộp")])
    assert refused.status == 400
    assert "forms.name: Thiếu họ tên" in refused.vi
    assert "fees: Chưa nộp" in refused.en
    assert refused.problems[1] == ("fees", "Chưa nộp")


async def test_failing_event_hooks_are_contained() -> None:
    awaiting = Plugin("awaiting", fail="await")
    fine = Plugin("fine")
    pm = manager(awaiting, fine)
    proc = procedure(plugins={"awaiting": None, "fine": None})
    await notify(pm, EVENT, proc)
    assert awaiting.seen == ["receive"]
    assert fine.seen == ["receive"]

    crashing = Plugin("crashing", fail="call")
    pm = manager(crashing)
    await notify(pm, EVENT, procedure(plugins={"crashing": None}))
    assert crashing.seen == ["receive"]


async def test_no_enabled_plugin_means_no_call() -> None:
    watcher = Plugin("watcher")
    await notify(manager(watcher), EVENT, procedure())
    assert watcher.seen == []
