"""Password hashing with Argon2id and the rules a new password must meet."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

__all__ = ["MIN_LENGTH", "hash_password", "needs_rehash", "password_problem", "verify"]

MIN_LENGTH = 10
_hasher = PasswordHasher()
# A real hash to verify against when the account does not exist, so that the
# answer takes as long as for a wrong password and does not reveal the username.
_DUMMY = _hasher.hash("motcua-no-such-account")


def hash_password(password: str) -> str:
    """Hash ``password`` with Argon2id and a random salt."""
    return _hasher.hash(password)


def verify(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches; spends the same effort when there is no hash."""
    try:
        return _hasher.verify(password_hash or _DUMMY, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether the hash was made with weaker parameters than today's."""
    return _hasher.check_needs_rehash(password_hash)


def password_problem(password: str, username: str = "") -> str | None:
    """Why ``password`` is not acceptable, or ``None``.

    Returns:
        A message key (``password_too_short``, ``password_is_username``) or ``None``.
    """
    if len(password) < MIN_LENGTH:
        return "password_too_short"
    if username and password.lower() == username.lower():
        return "password_is_username"
    return None
