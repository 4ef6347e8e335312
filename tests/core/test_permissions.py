"""The permission service: roles grant permissions, units bound their reach."""

from __future__ import annotations

from core.permissions import PUBLIC, SIGNED_IN, Actor, in_subtree, may


def staff(path: str, *permissions: str) -> Actor:
    return Actor(
        account_id=7,
        kind="staff",
        unit_id=path.strip("/").split("/")[-1],
        unit_path=path,
        permissions=frozenset(permissions),
    )


def test_public_routes_admit_visitors() -> None:
    assert may(None, PUBLIC)
    assert not may(None, SIGNED_IN)
    assert not may(None, "dossier.receive")


def test_signed_in_admits_any_account() -> None:
    citizen = Actor(
        account_id=1, kind="citizen", permissions=frozenset({"dossier.file"})
    )
    assert may(citizen, SIGNED_IN)
    assert not may(citizen, "accounts.manage")


def test_permission_reaches_the_unit_and_below_only() -> None:
    admin = staff("/tinh/xa-an-binh/", "accounts.manage")
    assert may(admin, "accounts.manage", "/tinh/xa-an-binh/")
    assert may(admin, "accounts.manage", "/tinh/xa-an-binh/bo-phan-mot-cua/")
    assert not may(admin, "accounts.manage", "/tinh/xa-tan-phu/")
    assert not may(admin, "accounts.manage", "/tinh/")


def test_subtree_is_a_prefix_on_whole_segments() -> None:
    # "/tinh/xa-an/" must not count as an ancestor of "/tinh/xa-an-binh/".
    assert not in_subtree("/tinh/xa-an-binh/", "/tinh/xa-an/")
    assert in_subtree("/tinh/xa-an/phong/", "/tinh/xa-an/")


def test_province_administrator_appoints_admins_anywhere() -> None:
    province = staff("/tinh/", "accounts.manage", "accounts.manage_admins")
    assert may(province, "accounts.manage_admins", "/tinh/xa-tan-phu/")
    assert may(province, "accounts.manage", "/tinh/xa-tan-phu/")


def test_a_citizen_never_acts_on_a_unit() -> None:
    citizen = Actor(
        account_id=1, kind="citizen", permissions=frozenset({"accounts.manage"})
    )
    assert not may(citizen, "accounts.manage", "/tinh/")
