"""The demo province's accounts, created when Motcua runs in demo mode.

Each account shows one way of using the system; all share one password that the
sign-in page shows in demo mode only. Seeding is idempotent: accounts that exist are
left alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import structlog

from core.accounts.service import NewAccount, create_account
from core.accounts.tables import Account

if TYPE_CHECKING:
    from core.app import AppContext

__all__ = ["DEMO_ACCOUNTS", "DEMO_PASSWORD", "demo_accounts", "seed"]

DEMO_PASSWORD = "motcua-demo-2026"  # noqa: S105 - a public demo password, by design
log = structlog.get_logger(__name__)

# username, full name, kind, unit id, roles, identifier, description
DEMO_ACCOUNTS: list[tuple[str, str, str, str | None, list[str], str | None, str]] = [
    ("congdan", "Nguyễn Văn An", "citizen", None, ["citizen"], "001099012345",
     "Citizen"),
    ("doanhnghiep", "Công ty TNHH Sao Mai", "business", None, ["business"],
     "0100109106", "Business"),
    ("tiepnhan.ttpvhcc", "Trần Thị Bình", "staff", "ttpvhcc", ["receiving_officer"],
     None, "Receiving officer, Service Centre"),
    ("chuyenvien.stp", "Lê Văn Cường", "staff", "stp", ["specialist"], None,
     "Specialist, Department of Justice"),
    ("lanhdao.stp", "Phạm Thị Dung", "staff", "stp", ["leader"], None,
     "Leader, Department of Justice"),
    ("vanthu.stp", "Hoàng Văn Em", "staff", "stp", ["clerk"], None,
     "Clerk, Department of Justice"),
    ("thungan.ttpvhcc", "Vũ Thị Giang", "staff", "ttpvhcc", ["cashier"], None,
     "Cashier, Service Centre"),
    ("motcua.anbinh", "Đỗ Văn Hùng", "staff", "xa-an-binh",
     ["receiving_officer", "specialist", "cashier", "clerk"], None,
     "One-stop officer, An Bình commune"),
    ("lanhdao.anbinh", "Bùi Thị Lan", "staff", "xa-an-binh", ["leader"], None,
     "Leader, An Bình commune"),
    ("quantri.anbinh", "Ngô Văn Minh", "staff", "xa-an-binh", ["unit_admin"], None,
     "Unit administrator, An Bình commune"),
    ("quantri.tinh", "Đặng Thị Ngọc", "staff", None, ["province_admin"], None,
     "Provincial administrator"),
    ("baocao.tinh", "Trịnh Văn Phúc", "staff", None, ["report_reader"], None,
     "Report reader, province"),
]


def demo_accounts() -> list[tuple[str, str]]:
    """Usernames with what each demonstrates, for the sign-in page and the console."""
    return [(a[0], a[6]) for a in DEMO_ACCOUNTS]


async def seed(ctx: AppContext) -> None:
    """Create the demo accounts that do not exist yet."""
    from core.cli import SYSTEM

    root = next(u.id for u in ctx.catalogue.units.values() if u.parent_id is None)
    for username, name, kind, unit, roles, identifier, _about in DEMO_ACCOUNTS:
        if await Account.exists().where(Account.username == username):
            continue
        if kind == "staff" and unit is not None and unit not in ctx.catalogue.units:
            log.warning("demo_account_skipped", username=username, unit=unit)
            continue
        await create_account(
            NewAccount(
                username=username,
                password=DEMO_PASSWORD,
                full_name=name,
                kind=kind,
                unit_id=unit or (root if kind == "staff" else None),
                roles=roles,
                identifier=identifier,
                phone="0912345678" if kind != "staff" else None,
                email=f"{username}@example.vn",
            ),
            actor=SYSTEM,
            catalogue=ctx.catalogue,
        )
    log.info("demo_accounts_ready", count=len(DEMO_ACCOUNTS))
