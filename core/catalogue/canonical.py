"""The canonical form of a procedure version, for hashing and storage.

Two loads of the same procedure must hash alike however its YAML was laid out
(key order, comments, anchors), and differently as soon as anything that affects
dossiers changes. The decoded spec is therefore encoded as JSON with every mapping
and struct field in sorted order, plugin sections included.
"""

from __future__ import annotations

import hashlib

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
    return msgspec.json.encode(spec, order="sorted")


def content_hash(spec: ProcedureSpec) -> str:
    """The SHA-256 hex digest of :func:`canonical_json`."""
    return hashlib.sha256(canonical_json(spec)).hexdigest()
