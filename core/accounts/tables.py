"""Tables of the core: units, accounts, roles, sessions, audit events, incidents.

Units are copied from the province's configuration at each load so that queries can
join on them; the YAML stays the source of truth. The audit table is append-only:
database triggers refuse updates and deletes (see the migration that creates it).
"""

from __future__ import annotations

from piccolo.columns import (
    JSON,
    Boolean,
    ForeignKey,
    Integer,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table

__all__ = [
    "Account",
    "AccountRole",
    "AuditEvent",
    "Incident",
    "LoginAttempt",
    "Session",
    "Unit",
]


class Unit(Table, tablename="motcua_unit"):
    """An organisation unit as last loaded from ``province.yaml``."""

    id: Serial

    unit_id = Varchar(length=64, unique=True, index=True)
    code = Varchar(length=64, index=True)
    name_vi = Varchar(length=255)
    name_en = Varchar(length=255, default="")
    kind = Varchar(length=32)
    parent_id = Varchar(length=64, null=True, default=None)
    path = Varchar(length=1024, index=True)
    depth = Integer(default=0)
    active = Boolean(default=True)


class Account(Table, tablename="motcua_account"):
    """A person who signs in: a citizen, a business or a member of staff."""

    id: Serial

    username = Varchar(length=150, unique=True, index=True)
    password_hash = Varchar(length=255)
    full_name = Varchar(length=255)
    kind = Varchar(length=16)  # citizen, business or staff
    unit_id = Varchar(length=64, null=True, default=None, index=True)
    identifier_kind = Varchar(length=16, null=True, default=None)
    identifier = Varchar(length=32, null=True, default=None, index=True)
    email = Varchar(length=255, null=True, default=None)
    phone = Varchar(length=32, null=True, default=None)
    address = Varchar(length=512, null=True, default=None)
    lang = Varchar(length=2, default="vi")
    active = Boolean(default=True)
    created_at = Timestamptz()
    created_by = Integer(null=True, default=None)


class AccountRole(Table, tablename="motcua_account_role"):
    """A role an account holds in its unit."""

    id: Serial

    account = ForeignKey(references=Account, index=True)
    role = Varchar(length=64)


class Session(Table, tablename="motcua_session"):
    """A signed-in browser; the cookie holds a random token, we keep its hash."""

    id: Serial

    token_hash = Varchar(length=64, unique=True, index=True)
    account = ForeignKey(references=Account, index=True)
    created_at = Timestamptz()
    expires_at = Timestamptz()


class LoginAttempt(Table, tablename="motcua_login_attempt"):
    """A failed sign-in, kept to slow down password guessing."""

    id: Serial

    key = Varchar(length=200, index=True)
    at = Timestamptz()


class AuditEvent(Table, tablename="motcua_audit_event"):
    """One administrative change, written in the same transaction as the change."""

    id: Serial

    at = Timestamptz(index=True)
    actor_id = Integer(null=True, default=None)
    actor_name = Varchar(length=255, default="")
    action = Varchar(length=64, index=True)
    object_type = Varchar(length=64)
    object_id = Varchar(length=128, default="")
    unit_id = Varchar(length=64, null=True, default=None)
    detail = JSON(default="{}")


class Incident(Table, tablename="motcua_incident"):
    """An IT problem reported by staff to their unit's support focal point."""

    id: Serial

    reporter = ForeignKey(references=Account, index=True)
    unit_id = Varchar(length=64, index=True)
    summary = Varchar(length=255)
    description = Text()
    page_url = Varchar(length=1024, default="")
    screenshot = Varchar(length=255, null=True, default=None)
    status = Varchar(length=16, default="open")  # open, in_progress, resolved
    created_at = Timestamptz()
    updated_at = Timestamptz()
    resolved_by = Integer(null=True, default=None)
    resolution = Text(default="")
