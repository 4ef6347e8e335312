"""Measuring submitted data before reading it, to refuse oversized payloads early.

The walk is iterative and stops as soon as a cap is passed, so a deeply nested or
huge payload costs no more than the caps themselves.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from plugins.eforms.context import Limits

__all__ = ["payload_fits"]


def payload_fits(data: Any, limits: Limits) -> bool:
    """Tell whether ``data`` stays within the size caps of ``limits``.

    Args:
        data: decoded data of any shape.
        limits: the caps on characters, values and nesting depth.

    Returns:
        ``False`` as soon as one cap is exceeded.
    """
    chars = nodes = 0
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        nodes += 1
        if nodes > limits.max_payload_nodes or depth > limits.max_depth:
            return False
        if isinstance(value, str | bytes):
            chars += len(value)
        elif isinstance(value, Mapping | list | tuple | set | frozenset) and (
            len(value) > limits.max_payload_nodes
        ):
            return False
        elif isinstance(value, Mapping):
            for key, item in value.items():
                chars += len(key) if isinstance(key, str) else 1
                stack.append((item, depth + 1))
        elif isinstance(value, list | tuple | set | frozenset):
            stack.extend((item, depth + 1) for item in value)
        if chars > limits.max_payload_chars:
            return False
    return True
