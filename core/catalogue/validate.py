"""Checking plain YAML data against a msgspec type, reporting every problem.

``msgspec.convert`` stops at the first error and words it for programmers. A
provincial IT officer needs every mistake of a file at once, each with a line number
and a way out, so :func:`check` walks the type's description from
``msgspec.inspect.type_info`` alongside the data and reports unknown keys (with the
closest known key), missing keys, wrong types, values outside a fixed list, and
violated constraints. :func:`decode` builds the value only when nothing was reported.

The same walker serves the core's files and every plugin's section, so plugin
authors get this reporting for free by declaring their section as a msgspec struct.
Unknown keys are always reported, even in a struct that does not forbid them: in
configuration, an ignored key is a silent typo.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import operator
import re
from collections.abc import Sequence
from typing import Any, TypeVar

import msgspec
from msgspec import inspect as mi

from core.catalogue.errors import Path_, Report

__all__ = ["check", "closest", "decode", "describe_type", "describe_value"]

T = TypeVar("T")

_LISTLIKE = (mi.ListType, mi.VarTupleType, mi.SetType, mi.FrozenSetType)
_MAPPINGS = (mi.StructType, mi.DictType, mi.TypedDictType, mi.DataclassType)
_SCALARS = (
    mi.StrType,
    mi.IntType,
    mi.FloatType,
    mi.BoolType,
    mi.DateType,
    mi.DateTimeType,
    mi.NoneType,
)
_KNOWN = (
    *_SCALARS,
    *_LISTLIKE,
    mi.TupleType,
    mi.StructType,
    mi.DictType,
    mi.LiteralType,
    mi.AnyType,
)


def decode(data: Any, tp: type[T], report: Report, path: Path_ = ()) -> T | None:
    """Check ``data`` against ``tp`` and build the value if it has no error.

    Args:
        data: plain values as read from YAML.
        tp: the msgspec-compatible type to build.
        report: where problems go; paths are relative to its prefix.
        path: where ``data`` sits below the report's prefix.

    Returns:
        The converted value, or ``None`` when at least one problem was reported.
    """
    before = len(report.errors)
    check(data, tp, report, path)
    if len(report.errors) > before:
        return None
    try:
        return msgspec.convert(data, tp)
    except msgspec.ValidationError as exc:
        message, where = _split_msgspec_error(str(exc))
        report.error((*path, *where), message, "correct the value as described")
        return None


def check(data: Any, tp: Any, report: Report, path: Path_ = ()) -> None:
    """Report every way in which ``data`` does not match ``tp``.

    Args:
        data: plain values as read from YAML.
        tp: a type msgspec understands (a struct, ``list[str]``, ``str | None``...).
        report: where problems go.
        path: where ``data`` sits below the report's prefix.
    """
    _check(data, _info(tp), report, tuple(path))


@functools.lru_cache(maxsize=512)
def _info(tp: Any) -> mi.Type:
    return mi.type_info(tp)


def closest(word: str, choices: Sequence[str]) -> str | None:
    """The choice most like ``word``, if one is close enough to be a likely typo."""
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


def _check(value: Any, info: mi.Type, report: Report, path: Path_) -> None:
    if isinstance(info, mi.AnyType):
        return
    if isinstance(info, mi.UnionType):
        _check_union(value, info, report, path)
    elif isinstance(info, mi.StructType):
        _check_struct(value, info, report, path)
    elif isinstance(info, mi.DictType):
        _check_dict(value, info, report, path)
    elif isinstance(info, _LISTLIKE):
        _check_list(value, info, report, path)
    elif isinstance(info, mi.TupleType):
        _check_tuple(value, info, report, path)
    elif isinstance(info, mi.LiteralType):
        _check_literal(value, info, report, path)
    elif not isinstance(info, _KNOWN):
        # Types this walker does not know (Decimal, UUID, enums...) are left to
        # msgspec.convert, whose error :func:`decode` still locates.
        return
    elif _accepts_kind(info, value):
        _check_constraints(value, info, report, path)
    else:
        _wrong_type(value, info, report, path)


# --- containers ---------------------------------------------------------------------


def _check_struct(value: Any, info: mi.StructType, report: Report, path: Path_) -> None:
    if not isinstance(value, dict):
        _wrong_type(value, info, report, path)
        return
    fields = {f.encode_name: f for f in info.fields}
    for key in value:
        if key == info.tag_field:
            _check_tag(value[key], info, report, (*path, key))
        elif not isinstance(key, str):
            report.error((*path, key), f"key {key!r} is not text", _keys_fix(fields))
        elif key not in fields:
            _unknown_key(key, value[key], list(fields), report, (*path, key))
    for name, field in fields.items():
        if name in value:
            _check(value[name], field.type, report, (*path, name))
        elif field.required:
            what = f"missing required key {name!r}"
            fix = f"add '{name}:' with {describe_type(field.type)}"
            report.error((*path, name), what, fix)


def _check_tag(value: Any, info: mi.StructType, report: Report, path: Path_) -> None:
    if value != info.tag:
        what = f"{info.tag_field} is {value!r} where {info.tag!r} was expected"
        report.error(path, what, f"write {info.tag_field}: {info.tag}")


def _keys_fix(fields: dict[str, Any]) -> str:
    return "use one of the keys: " + ", ".join(fields)


def _unknown_key(
    key: str, value: Any, known: list[str], report: Report, path: Path_
) -> None:
    guess = closest(key, known)
    hint = f"did you mean {guess!r}? " if guess else ""
    if value is None and " " in key.strip():
        # ``{vi: Cha, mẹ}`` reads as two keys: the text after the comma became a
        # key without a value.
        hint = (
            "inside { } a comma separates entries: put text that contains a comma "
            'in quotes, as in {vi: "Cha, mẹ"}. '
        )
    report.error(
        path,
        f"unknown key {key!r}",
        f"{hint}allowed keys here: {', '.join(known) or '(none)'}",
    )


def _check_dict(value: Any, info: mi.DictType, report: Report, path: Path_) -> None:
    if not isinstance(value, dict):
        _wrong_type(value, info, report, path)
        return
    for key, item in value.items():
        if not _matches_quietly(key, info.key_type):
            expected = describe_type(info.key_type)
            what = f"key {key!r} is not {expected}"
            report.error((*path, key), what, f"use {expected} as the key")
            continue
        _check(item, info.value_type, report, (*path, key))
    _check_length(len(value), info, report, path, "entries")


def _check_list(value: Any, info: Any, report: Report, path: Path_) -> None:
    if not isinstance(value, list):
        _wrong_type(value, info, report, path)
        return
    for index, item in enumerate(value):
        _check(item, info.item_type, report, (*path, index))
    _check_length(len(value), info, report, path, "items")


def _check_tuple(value: Any, info: mi.TupleType, report: Report, path: Path_) -> None:
    if not isinstance(value, list) or len(value) != len(info.item_types):
        _wrong_type(value, info, report, path)
        return
    for index, (item, item_type) in enumerate(zip(value, info.item_types, strict=True)):
        _check(item, item_type, report, (*path, index))


def _check_length(size: int, info: Any, report: Report, path: Path_, noun: str) -> None:
    low = getattr(info, "min_length", None)
    high = getattr(info, "max_length", None)
    if low is not None and size < low:
        report.error(
            path, f"has {size} {noun}, fewer than {low}", f"give at least {low}"
        )
    if high is not None and size > high:
        report.error(
            path, f"has {size} {noun}, more than {high}", f"give at most {high}"
        )


# --- unions and literals ------------------------------------------------------------


def _check_union(value: Any, info: mi.UnionType, report: Report, path: Path_) -> None:
    if value is None and any(isinstance(t, mi.NoneType) for t in info.types):
        return
    candidates = [t for t in info.types if _accepts_kind(t, value)]
    if not candidates:
        if all(isinstance(t, _KNOWN) for t in info.types):
            _wrong_type(value, info, report, path)
        return
    # Several members of the same shape (two structs, int and float): the value
    # is fine if any accepts it; otherwise explain against the first.
    for candidate in candidates:
        if _matches_quietly(value, candidate):
            return
    _check(value, candidates[0], report, path)


def _matches_quietly(value: Any, info: mi.Type) -> bool:
    scratch = Report("", lambda _path: (0, 0))
    _check(value, info, scratch, ())
    return not scratch.errors


def _check_literal(
    value: Any, info: mi.LiteralType, report: Report, path: Path_
) -> None:
    if any(type(value) is type(v) and value == v for v in info.values):
        return
    allowed = [str(v) for v in info.values]
    guess = closest(str(value), allowed) if isinstance(value, str) else None
    hint = f"did you mean {guess!r}? " if guess else ""
    if isinstance(value, bool) and _literal_has(info, str):
        hint = "YAML reads yes/no/on/off as true or false; quote the word. "
    report.error(
        path,
        f"{describe_value(value)} is not allowed here",
        f"{hint}use one of: {', '.join(allowed)}",
    )


# --- scalars ------------------------------------------------------------------------


def _accepts_kind(info: mi.Type, value: Any) -> bool:
    """Whether ``value`` has the basic shape ``info`` needs (not its constraints)."""
    if isinstance(value, bool):
        return isinstance(info, mi.BoolType) or _literal_has(info, bool)
    if isinstance(info, mi.AnyType):
        return True
    if isinstance(value, dict):
        return isinstance(info, _MAPPINGS)
    if isinstance(value, list):
        return isinstance(info, (*_LISTLIKE, mi.TupleType))
    if value is None:
        return isinstance(info, mi.NoneType)
    if isinstance(value, dt.datetime):
        return isinstance(info, mi.DateTimeType)
    if isinstance(value, dt.date):
        return isinstance(info, mi.DateType)
    if isinstance(value, int):
        return isinstance(info, (mi.IntType, mi.FloatType)) or _literal_has(info, int)
    if isinstance(value, float):
        return isinstance(info, mi.FloatType)
    if isinstance(value, str):
        return _str_fits(info, value)
    return False


def _literal_has(info: mi.Type, kind: type) -> bool:
    return isinstance(info, mi.LiteralType) and any(
        type(v) is kind for v in info.values
    )


def _str_fits(info: mi.Type, value: str) -> bool:
    if isinstance(info, mi.StrType) or _literal_has(info, str):
        return True
    if isinstance(info, mi.DateType):
        return _parses(dt.date.fromisoformat, value)
    if isinstance(info, mi.DateTimeType):
        return _parses(dt.datetime.fromisoformat, value)
    return False


def _parses(parse: Any, text: str) -> bool:
    try:
        parse(text)
    except ValueError:
        return False
    return True


def _check_constraints(value: Any, info: mi.Type, report: Report, path: Path_) -> None:
    if isinstance(info, mi.StrType):
        _check_length(len(value), info, report, path, "characters")
        if info.pattern is not None and not re.search(info.pattern, value):
            what = f"{describe_value(value)} does not have the expected form"
            report.error(path, what, f"match the pattern {info.pattern}")
    elif isinstance(info, (mi.IntType, mi.FloatType)):
        _check_bounds(value, info, report, path)


def _check_bounds(
    value: float, info: mi.IntType | mi.FloatType, report: Report, path: Path_
) -> None:
    rules = (
        (info.gt, operator.gt, "greater than"),
        (info.ge, operator.ge, "at least"),
        (info.lt, operator.lt, "less than"),
        (info.le, operator.le, "at most"),
    )
    for bound, holds, words in rules:
        if bound is not None and not holds(value, bound):
            report.error(
                path, f"{value} is out of range", f"use a number {words} {bound}"
            )
    step = info.multiple_of
    if step is not None and value % step:
        report.error(path, f"{value} is not a multiple of {step}", "round it")


# --- messages -----------------------------------------------------------------------


def _wrong_type(value: Any, info: mi.Type, report: Report, path: Path_) -> None:
    expected = describe_type(info)
    what = f"expected {expected}, found {describe_value(value)}"
    report.error(path, what, _type_fix(value, info, expected))


def _type_fix(value: Any, info: mi.Type, expected: str) -> str:
    wants_text = _accepts_text(info)
    if wants_text and isinstance(value, bool):
        return (
            "YAML reads yes/no/on/off/true/false as true or false: put the value "
            "in quotes to keep it as text"
        )
    if wants_text and isinstance(value, (int, float, dt.date)):
        return "put the value in quotes to keep it as text"
    if value is None:
        return f"write {expected} after the colon, or remove the key if it is optional"
    return f"write {expected} here"


def _accepts_text(info: mi.Type) -> bool:
    if isinstance(info, mi.UnionType):
        return any(_accepts_text(t) for t in info.types)
    return isinstance(info, mi.StrType)


def describe_type(info: Any) -> str:
    """Name a type the way a configuration author would say it.

    Args:
        info: a ``msgspec.inspect`` type, or a Python type.

    Returns:
        A short phrase such as ``"a list of text"`` or ``"one of: paper, both"``.
    """
    if not isinstance(info, mi.Type):
        info = _info(info)
    simple = _SIMPLE_NAMES.get(type(info))
    if simple is not None:
        return simple
    if isinstance(info, mi.LiteralType):
        return "one of: " + ", ".join(str(v) for v in info.values)
    if isinstance(info, _LISTLIKE):
        return f"a list of {_plural(describe_type(info.item_type))}"
    if isinstance(info, mi.StructType):
        names = [f.encode_name for f in info.fields]
        return f"a mapping with keys {', '.join(names)}"
    if isinstance(info, mi.UnionType):
        parts = [describe_type(t) for t in info.types if not isinstance(t, mi.NoneType)]
        return " or ".join(dict.fromkeys(parts))
    return "a value of another kind"


_SIMPLE_NAMES: dict[type, str] = {
    mi.AnyType: "any value",
    mi.NoneType: "nothing (null)",
    mi.StrType: "text",
    mi.IntType: "a whole number",
    mi.FloatType: "a number",
    mi.BoolType: "true or false",
    mi.DateType: "a date (YYYY-MM-DD)",
    mi.DateTimeType: "a date and time (YYYY-MM-DDTHH:MM)",
    mi.DictType: "a mapping",
    mi.TupleType: "a list of fixed length",
}


def _plural(phrase: str) -> str:
    if phrase.startswith(("a ", "an ", "one of", "true or")):
        return f"items that are each {phrase}"
    return phrase


def describe_value(value: Any) -> str:
    """Name a YAML value for an error message, e.g. ``the whole number 3``."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"the value {str(value).lower()}"
    if isinstance(value, int):
        return f"the whole number {value}"
    if isinstance(value, float):
        return f"the number {value}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return f"the text {shown!r}"
    if isinstance(value, list):
        return f"a list of {len(value)} item{'s' if len(value) != 1 else ''}"
    if isinstance(value, dict):
        return "a mapping"
    return f"a value of type {type(value).__name__}"


_MSGSPEC_AT = re.compile(r"^(.*) - at `\$(.*)`$")
_MSGSPEC_STEP = re.compile(r"\.([^.\[]+)|\[(\d+)\]|\[(.+?)\]")


def _split_msgspec_error(text: str) -> tuple[str, Path_]:
    """Split msgspec's ``"Expected ... - at `$.a[0]`"`` into message and path."""
    match = _MSGSPEC_AT.match(text)
    if match is None:
        return text, ()
    where: list[str | int] = []
    for name, index, key in _MSGSPEC_STEP.findall(match[2]):
        if key == "...":
            break  # msgspec hides mapping keys; the parent is the best place known
        where.append(int(index) if index else (name or key))
    return match[1], tuple(where)
