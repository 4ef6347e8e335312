"""Turning a posted HTML form back into nested form data.

Rendered inputs are named by their data path: ``full_name``, ``home.province``,
``members[0].full_name``. A repeated name (checkboxes of a multiple choice) becomes a
list. Names starting with ``_`` are controls, not data: the CSRF token, and the
``_count.<group>``/``_add`` pair that lets an applicant add rows to a repeating group
without JavaScript (:func:`read_group_controls`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from typing import Any, NamedTuple

__all__ = ["GroupControls", "parse_form_post", "read_group_controls"]

_SEGMENT = re.compile(r"([a-z][a-z0-9_]{0,63})((?:\[[0-9]{1,4}\])*)")
_INDEX = re.compile(r"\[([0-9]{1,4})\]")


class GroupControls(NamedTuple):
    """Row counts asked for by a posted form.

    Attributes:
        counts: rows to show per group path (``members``, ``members[0].children``).
        add: the group path whose "add" button was pressed, if any; the page should
            then be shown again with one more row instead of being filed.
    """

    counts: dict[str, int]
    add: str | None


def _pairs(post: Any) -> list[tuple[Any, Any]]:
    """Read ``(name, value)`` pairs from the multidicts of common frameworks."""
    if callable(getattr(post, "multi_items", None)):
        return list(post.multi_items())
    if isinstance(post, Mapping):
        try:
            return list(post.items(multi=True))  # type: ignore[call-arg]
        except TypeError:
            return _mapping_pairs(post)
    return list(post)


def _mapping_pairs(post: Mapping[str, Any]) -> list[tuple[str, Any]]:
    pairs: list[tuple[str, Any]] = []
    for name, value in post.items():
        values = value if isinstance(value, list | tuple) else [value]
        pairs.extend((name, item) for item in values)
    return pairs


def _parse_name(name: str) -> list[str | int] | None:
    """Split ``members[0].full_name`` into ``["members", 0, "full_name"]``."""
    steps: list[str | int] = []
    for segment in name.split("."):
        match = _SEGMENT.fullmatch(segment)
        if match is None:
            return None
        steps.append(match.group(1))
        steps.extend(int(index) for index in _INDEX.findall(match.group(2)))
    return steps


class _Lists(dict[int, Any]):
    """Items of a list by submitted index, compacted in index order at the end."""


def _place(root: dict[str, Any], steps: list[str | int], value: Any) -> bool:
    """Put ``value`` at ``steps``; return ``False`` when the name conflicts."""
    node: Any = root
    for step, following in itertools.pairwise(steps):
        wanted = _Lists if isinstance(following, int) else dict
        if isinstance(step, int) != isinstance(node, _Lists):
            return False
        child = node.setdefault(step, wanted())
        if type(child) is not wanted:
            return False
        node = child
    last = steps[-1]
    if isinstance(last, int) != isinstance(node, _Lists):
        return False
    if last not in node:
        node[last] = value
    elif isinstance(node[last], list):
        node[last].append(value)
    elif isinstance(node[last], str):
        node[last] = [node[last], value]
    else:
        return False
    return True


def _finish(node: Any) -> Any:
    if isinstance(node, _Lists):
        return [_finish(node[index]) for index in sorted(node)]
    if isinstance(node, dict):
        return {key: _finish(value) for key, value in node.items()}
    return node


def parse_form_post(post: Any) -> dict[str, Any]:
    """Rebuild nested form data from posted names and values.

    Args:
        post: a multidict (Litestar's ``FormMultiDict``, Starlette's or Werkzeug's),
            a mapping of names to a value or a list of values, or ``(name, value)``
            pairs.

    Returns:
        Nested data for :func:`.validate.validate`. Group items are kept in index
        order with gaps closed. A name that cannot be a data path, or that
        conflicts with another, is kept as a flat key so that validation reports it
        as unknown; uploaded files and names starting with ``_`` are left out. The
        size of the result is capped by validation, not here.
    """
    root: dict[str, Any] = {}
    for name, value in _pairs(post):
        if not isinstance(name, str) or name.startswith("_"):
            continue
        if not isinstance(value, str):
            continue
        steps = _parse_name(name)
        if steps is None or not _place(root, steps, value):
            root.setdefault(name[:100], value)
    return {key: _finish(value) for key, value in root.items()}


def read_group_controls(post: Any, limit: int = 100) -> GroupControls:
    """Read the row counts of repeating groups from a posted form.

    Each rendered group posts ``_count.<path>`` with its current number of rows;
    its "add" button posts ``_add=<path>``.

    Args:
        post: the posted form, in any shape :func:`parse_form_post` accepts.
        limit: the most rows a group may ask for.

    Returns:
        The counts, one more for the group whose "add" button was pressed.
    """
    counts: dict[str, int] = {}
    add: str | None = None
    for name, value in _pairs(post):
        if not isinstance(name, str) or not isinstance(value, str):
            continue
        if name.startswith("_count.") and value.strip().isdigit():
            path = name.removeprefix("_count.")
            counts[path] = max(counts.get(path, 0), min(int(value[:6]), limit))
        elif name == "_add" and _parse_name(value) is not None:
            add = value
    if add is not None:
        counts[add] = min(counts.get(add, 0) + 1, limit)
    return GroupControls(counts, add)
