"""The canonical form of a procedure version, for hashing and storage.

Two loads of the same procedure must hash alike however its YAML was laid out
(key order, comments, anchors), and differently as soon as anything that affects
dossiers changes. The decoded spec is therefore encoded as JSON with every mapping
and struct field in sorted order, plugin sections included. Whole numbers are
written without a decimal part, so that ``10`` from a default and ``10.0`` decoded
from a stored version encode, and hash, alike.
"""

from __future__ import annotations

import hashlib
from typing import Any

import msgspec

from core.catalogue.model import ProcedureSpec

__all__ = ["canonical_json", "content_hash"]


def canonical_json(spec: ProcedureSpec) -> bytes:
    """Encode a decoded procedure as JSON with sorted keys.

    Args:
        spec: the procedure, plugin sections decoded.

    Returns:
        UTF-8 JSON bytes, identical for equal specs.
    """
    plain = _whole_numbers(msgspec.to_builtins(spec, order="sorted"))
    return msgspec.json.encode(plain, order="sorted")


def content_hash(spec: ProcedureSpec) -> str:
    """The SHA-256 hex digest of :func:`canonical_json`."""
    return hashlib.sha256(canonical_json(spec)).hexdigest()


def _whole_numbers(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: _whole_numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_whole_numbers(item) for item in value]
    return value
