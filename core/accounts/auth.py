"""Signing in and out: sessions in the database, throttled password checks.

The browser holds a random token in an HttpOnly, SameSite cookie; the database keeps
only its SHA-256, so a stolen database copy does not hold usable sessions. Failed
sign-ins are counted per username and per address: past a limit, further attempts are
refused for a while without checking the password.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from core.accounts import passwords
from core.accounts.tables import Account, LoginAttempt, Session
from core.db import transaction
from core.errors import UserError

__all__ = [
    "MAX_FAILURES_PER_ADDRESS",
    "MAX_FAILURES_PER_USER",
    "THROTTLE_WINDOW",
    "TooManyAttempts",
    "account_for_token",
    "sign_in",
    "sign_out",
]

THROTTLE_WINDOW = dt.timedelta(minutes=15)
MAX_FAILURES_PER_USER = 5
MAX_FAILURES_PER_ADDRESS = 30


class TooManyAttempts(UserError):
    """Sign-in refused until older failures leave the window (429)."""

    status = 429


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def _failures(key: str, since: dt.datetime) -> int:
    count = await LoginAttempt.count().where(
        (LoginAttempt.key == key) & (LoginAttempt.at > since)
    )
    return int(count)


async def sign_in(
    username: str, password: str, address: str, session_hours: int
) -> tuple[str, int]:
    """Check the password and open a session.

    Returns:
        The session token for the cookie and the account id.

    Raises:
        TooManyAttempts: too many recent failures for this username or address.
        UserError: wrong username or password (one message for both).
    """
    username = username.strip().lower()
    since = _now() - THROTTLE_WINDOW
    user_key, address_key = f"user:{username}", f"addr:{address}"
    if (
        await _failures(user_key, since) >= MAX_FAILURES_PER_USER
        or await _failures(address_key, since) >= MAX_FAILURES_PER_ADDRESS
    ):
        raise TooManyAttempts(
            "Quá nhiều lần đăng nhập sai. Vui lòng thử lại sau 15 phút.",
            "Too many failed sign-ins. Please try again in 15 minutes.",
        )
    row = await Account.select().where(Account.username == username).first()
    ok = passwords.verify(row["password_hash"] if row else None, password)
    if not ok or row is None or not row["active"]:
        now = _now()
        await LoginAttempt.insert(
            LoginAttempt(key=user_key, at=now), LoginAttempt(key=address_key, at=now)
        )
        raise UserError(
            "Tên đăng nhập hoặc mật khẩu không đúng",
            "Wrong username or password",
            status=401,
        )
    token = secrets.token_urlsafe(32)
    async with transaction():
        if passwords.needs_rehash(row["password_hash"]):
            await Account.update(
                {Account.password_hash: passwords.hash_password(password)}
            ).where(Account.id == row["id"])
        await LoginAttempt.delete().where(LoginAttempt.key == user_key)
        await Session.insert(
            Session(
                token_hash=_hash(token),
                account=row["id"],
                created_at=_now(),
                expires_at=_now() + dt.timedelta(hours=session_hours),
            )
        )
    return token, int(row["id"])


async def account_for_token(token: str | None) -> int | None:
    """The account id of a live session, or ``None``."""
    if not token or len(token) > 200:
        return None
    row = (
        await Session.select(Session.account, Session.expires_at)
        .where(Session.token_hash == _hash(token))
        .first()
    )
    if row is None or row["expires_at"] <= _now():
        return None
    return int(row["account"])


async def sign_out(token: str | None) -> None:
    """Close the session of ``token`` if there is one."""
    if token:
        await Session.delete().where(Session.token_hash == _hash(token))
