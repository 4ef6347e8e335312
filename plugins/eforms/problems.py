"""Semantic checks of a decoded form, for ``motcua config check`` and loading.

Decoding already enforces the shape of the YAML; these checks find what a shape
cannot express: duplicate keys, conditions and checks naming fields that do not
exist, code lists that are not loaded, regular expressions that do not compile,
bounds in the wrong order, attributes that have no effect on a field's type, and
fields whose visibility depends on itself.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from typing import Any

from plugins.eforms.codelists import CodeList
from plugins.eforms.conditions import (
    Reference,
    resolve_check_path,
    resolve_reference,
)
from plugins.eforms.context import Limits
from plugins.eforms.dates import date_bound
from plugins.eforms.schema import (
    PROFILE_KEYS,
    CheckSpec,
    Condition,
    FormField,
    FormSpec,
    Problem,
)

__all__ = ["find_problems"]

DocPath = tuple[str | int, ...]
_KEY = re.compile(r"[a-z][a-z0-9_]*")
# Which field types each optional attribute means something for.
_APPLIES_TO: dict[str, frozenset[str]] = {
    "min_length": frozenset({"text", "textarea"}),
    "max_length": frozenset({"text", "textarea"}),
    "pattern": frozenset({"text"}),
    "pattern_message": frozenset({"text"}),
    "min": frozenset({"number", "money"}),
    "max": frozenset({"number", "money"}),
    "decimals": frozenset({"number"}),
    "min_date": frozenset({"date"}),
    "max_date": frozenset({"date"}),
    "options": frozenset({"choice"}),
    "code_list": frozenset({"choice"}),
    "multiple": frozenset({"choice"}),
    "kind": frozenset({"identifier"}),
    "province_list": frozenset({"address"}),
    "commune_list": frozenset({"address"}),
    "fields": frozenset({"group"}),
    "item_label": frozenset({"group"}),
    "min_items": frozenset({"group", "choice"}),
    "max_items": frozenset({"group", "choice"}),
}
_DEFAULTS = FormField(key="x", type="text", label="x")
_FIXED_TODAY = dt.date(2000, 1, 1)


class _Finder:
    """Collects the problems of one form."""

    def __init__(self, form: FormSpec, code_lists: Collection[str]) -> None:
        self.form = form
        self.code_lists = code_lists
        self.limits = Limits()
        self.found: list[Problem] = []

    def add(self, path: DocPath, what: str, fix: str) -> None:
        self.found.append((path, what, fix))

    def run(self) -> list[Problem]:
        self.check_form()
        top: list[tuple[DocPath, FormField]] = [
            (("sections", s, "fields", f), field)
            for s, section in enumerate(self.form.sections)
            for f, field in enumerate(section.fields)
        ]
        self.check_scope(top, [])
        for index, check in enumerate(self.form.checks):
            self.check_check(("checks", index), check)
        return self.found

    def check_form(self) -> None:
        if not self.form.code.strip():
            self.add(("code",), "the form has no code", "give the form a code")
        if self.form.version < 1:
            self.add(("version",), "the version is below 1", "start versions at 1")
        if not self.form.sections:
            self.add(("sections",), "the form has no section", "add a section")
        seen: set[str] = set()
        for index, section in enumerate(self.form.sections):
            path: DocPath = ("sections", index)
            self.check_key((*path, "key"), section.key, seen)
            if not section.fields:
                self.add((*path, "fields"), "the section has no field", "add fields")

    def check_key(self, path: DocPath, key: str, seen: set[str]) -> None:
        if not _KEY.fullmatch(key):
            self.add(
                path,
                f"key {key!r} is not lower-case letters, digits and underscores",
                "start with a letter and use only a-z, 0-9 and _",
            )
        if key in seen:
            self.add(path, f"key {key!r} is used twice", "give each key a new name")
        seen.add(key)

    def check_scope(
        self,
        entries: Sequence[tuple[DocPath, FormField]],
        outer: list[list[FormField]],
    ) -> None:
        chain = [*outer, [field for _, field in entries]]
        seen: set[str] = set()
        for path, field in entries:
            self.check_key((*path, "key"), field.key, seen)
            self.check_field(path, field, chain)
            if field.type == "group":
                inner = [((*path, "fields", i), f) for i, f in enumerate(field.fields)]
                self.check_scope(inner, chain)
        self.check_cycles(entries, chain)

    def check_field(
        self, path: DocPath, field: FormField, chain: list[list[FormField]]
    ) -> None:
        self.check_attributes(path, field)
        self.check_bounds(path, field)
        self.check_type_needs(path, field)
        for name in ("visible_when", "required_when"):
            condition = getattr(field, name)
            if condition is not None:
                self.check_condition((*path, name), field, condition, chain)
        self.check_prefill(path, field, nested=len(chain) > 1)

    def check_attributes(self, path: DocPath, field: FormField) -> None:
        for name, types in _APPLIES_TO.items():
            if field.type in types:
                continue
            if getattr(field, name) != getattr(_DEFAULTS, name):
                self.add(
                    (*path, name),
                    f"{name} has no effect on a {field.type} field",
                    f"remove {name} or change the field's type",
                )

    def check_bounds(self, path: DocPath, field: FormField) -> None:
        pairs = (
            ("min_length", "max_length"),
            ("min", "max"),
            ("min_items", "max_items"),
        )
        for low_name, high_name in pairs:
            low, high = getattr(field, low_name), getattr(field, high_name)
            if low is not None and high is not None and low > high:
                self.add(
                    (*path, low_name),
                    f"{low_name} ({low}) is greater than {high_name} ({high})",
                    f"make {low_name} at most {high_name}",
                )
        for name in ("min_length", "max_length", "min_items", "max_items"):
            value = getattr(field, name)
            if value is not None and value < 0:
                self.add((*path, name), f"{name} is negative", "use 0 or more")
        self.check_text_bounds(path, field)
        self.check_date_bounds(path, field)

    def check_text_bounds(self, path: DocPath, field: FormField) -> None:
        cap = (
            self.limits.max_long_text_length
            if field.type == "textarea"
            else self.limits.max_text_length
        )
        if field.max_length is not None and field.max_length > cap:
            self.add(
                (*path, "max_length"),
                f"max_length {field.max_length} exceeds the service's cap of {cap}",
                f"use {cap} or less (or a textarea for long text)",
            )
        if field.pattern is not None:
            try:
                re.compile(field.pattern)
            except re.error as exc:
                self.add(
                    (*path, "pattern"),
                    f"the regular expression does not compile: {exc}",
                    "fix the expression (Python syntax, matched on the whole text)",
                )
        if not 0 <= field.decimals <= 6:
            self.add((*path, "decimals"), "decimals must be 0 to 6", "use 0 to 6")

    def check_date_bounds(self, path: DocPath, field: FormField) -> None:
        bounds = {}
        for name in ("min_date", "max_date"):
            text = getattr(field, name)
            if text is None:
                continue
            bounds[name] = date_bound(text, _FIXED_TODAY)
            if bounds[name] is None:
                self.add(
                    (*path, name),
                    f"{text!r} is not a date",
                    "write YYYY-MM-DD, today, or today with an offset like today-18y",
                )
        low, high = bounds.get("min_date"), bounds.get("max_date")
        relative = {
            "today" in (field.min_date or ""),
            "today" in (field.max_date or ""),
        }
        if low and high and low > high and len(relative) == 1:
            self.add(
                (*path, "min_date"),
                "min_date is after max_date",
                "swap the bounds",
            )

    def check_type_needs(self, path: DocPath, field: FormField) -> None:
        if field.type == "choice":
            self.check_choice(path, field)
        elif field.type == "identifier" and field.kind is None:
            self.add(
                (*path, "kind"),
                "an identifier field needs a kind",
                "add kind: cccd, old_id, passport, tax_code, phone or email",
            )
        elif field.type == "address":
            for name in ("province_list", "commune_list"):
                self.check_list_name((*path, name), getattr(field, name))
        elif field.type == "group" and not field.fields:
            self.add((*path, "fields"), "the group has no field", "add fields")

    def check_choice(self, path: DocPath, field: FormField) -> None:
        if bool(field.options) == (field.code_list is not None):
            self.add(
                path,
                "a choice needs either options or a code_list",
                "give exactly one of options and code_list",
            )
        if field.code_list is not None:
            self.check_list_name((*path, "code_list"), field.code_list)
        seen: set[str] = set()
        for index, option in enumerate(field.options):
            if option.value in seen:
                self.add(
                    (*path, "options", index, "value"),
                    f"option value {option.value!r} is used twice",
                    "give each option its own value",
                )
            seen.add(option.value)

    def check_list_name(self, path: DocPath, name: str) -> None:
        if name not in self.code_lists:
            self.add(
                path,
                f"code list {name!r} is not loaded",
                "use a shipped list or add codelists/<name>.yaml to the province",
            )

    def check_condition(
        self,
        path: DocPath,
        field: FormField,
        condition: Condition,
        chain: list[list[FormField]],
    ) -> None:
        tests = [condition.equals, condition.in_, condition.filled]
        if sum(test is not None for test in tests) != 1:
            self.add(
                path, "a condition needs exactly one test", "use equals, in or filled"
            )
        found = resolve_reference(condition.field, chain)
        if found is None:
            self.add(
                (*path, "field"),
                f"no field {condition.field!r} here or in an enclosing scope",
                "name a field of the same item, an enclosing group or the form",
            )
        elif found.field is field:
            self.add(
                (*path, "field"),
                "the condition refers to its own field",
                "name another field",
            )
        else:
            self.check_compared_values(path, condition, found)

    def check_compared_values(
        self, path: DocPath, condition: Condition, found: Reference
    ) -> None:
        values = [
            *([condition.equals] if condition.equals is not None else []),
            *(condition.in_ or []),
        ]
        if not values:
            return
        target = found.field
        if target.type in ("group", "address") and found.part is None:
            self.add(
                path,
                f"a {target.type} can only be tested with filled",
                "use filled: true or filled: false",
            )
            return
        allowed = _comparable_values(target, found.part, self.code_lists)
        for value in values:
            if allowed is not None and value not in allowed:
                self.add(
                    path,
                    f"{value!r} is never a value of {condition.field!r}",
                    f"use one of: {', '.join(sorted(allowed)[:10])}",
                )

    def check_prefill(self, path: DocPath, field: FormField, nested: bool) -> None:
        source = field.prefill
        if source is None:
            return
        valid = source == "previous" or (
            source.startswith("profile.")
            and source.removeprefix("profile.") in PROFILE_KEYS
        )
        if not valid:
            self.add(
                (*path, "prefill"),
                f"unknown prefill source {source!r}",
                "use previous or profile." + ", profile.".join(PROFILE_KEYS),
            )
        if nested:
            self.add(
                (*path, "prefill"),
                "prefill applies to top-level fields only",
                "prefill the whole group with prefill: previous instead",
            )

    def check_cycles(
        self,
        entries: Sequence[tuple[DocPath, FormField]],
        chain: list[list[FormField]],
    ) -> None:
        depth = len(chain) - 1
        by_key = {field.key: (path, field) for path, field in entries}
        for path, field in entries:
            seen = {field.key}
            current = field
            while current.visible_when is not None:
                found = resolve_reference(current.visible_when.field, chain)
                if found is None or found.depth != depth:
                    break
                if found.field.key in seen:
                    if found.field.key == field.key:
                        self.add(
                            (*path, "visible_when"),
                            "the visibility of the field depends on itself",
                            "break the loop of visible_when conditions",
                        )
                    break
                seen.add(found.field.key)
                current = by_key[found.field.key][1]

    def check_check(self, path: DocPath, check: CheckSpec) -> None:
        names = ["field", *(["other"] if check.kind == "date_after" else []), "of"]
        targets = {}
        for name, ref in _check_refs(check, names):
            target = resolve_check_path(self.form, ref)
            if target is None:
                self.add(
                    (*path, *name),
                    f"no field {ref!r} (use key or group.key)",
                    "name a top-level field or a field of a top-level group",
                )
            targets[name] = target
        if check.kind == "date_after":
            self.check_date_after(path, check, targets)
        else:
            self.check_sum(path, check, targets)

    def check_date_after(
        self, path: DocPath, check: CheckSpec, targets: dict[Any, Any]
    ) -> None:
        if check.other is None:
            self.add(path, "date_after needs other", "add other: <date field>")
        if check.of:
            self.add((*path, "of"), "date_after does not use of", "remove of")
        found = [t for t in targets.values() if t is not None]
        for name, target in targets.items():
            if target is not None and target.field.type != "date":
                self.add(
                    (*path, *name),
                    "date_after compares date fields",
                    "name a date field",
                )
        groups = {t.group.key for t in found if t.group is not None}
        if len(groups) > 1:
            self.add(
                path,
                "the two dates are in different groups",
                "compare within one group",
            )

    def check_sum(
        self, path: DocPath, check: CheckSpec, targets: dict[Any, Any]
    ) -> None:
        if not check.of:
            self.add(path, "sum_equals needs of", "list the fields to add up in of")
        if check.other is not None:
            self.add((*path, "other"), "sum_equals does not use other", "remove other")
        for name, target in targets.items():
            if target is not None and target.field.type not in ("number", "money"):
                self.add(
                    (*path, *name),
                    "sum_equals adds numbers",
                    "name number or money fields",
                )
        total = targets.get(("field",))
        if total is not None and total.group is not None:
            self.add(
                (*path, "field"),
                "the total must be a top-level field",
                "move it out of the group",
            )


def _check_refs(check: CheckSpec, names: list[str]) -> Iterator[tuple[DocPath, str]]:
    for name in names:
        if name == "of":
            for index, ref in enumerate(check.of):
                yield ("of", index), ref
        else:
            yield (name,), getattr(check, name) or ""


def _comparable_values(
    target: FormField, part: str | None, code_lists: Collection[str]
) -> set[str] | None:
    """Return the texts a condition may compare with, when they are known."""
    if target.type == "checkbox":
        return {"true", "false"}
    if target.type != "choice":
        return None
    if target.options:
        return {option.value for option in target.options}
    found = (
        code_lists.get(target.code_list) if isinstance(code_lists, Mapping) else None
    )
    return {item.code for item in found.items} if isinstance(found, CodeList) else None


def find_problems(form: FormSpec, code_lists: Collection[str]) -> list[Problem]:
    """Return the semantic problems of ``form``; see :meth:`FormSpec.problems`."""
    return _Finder(form, code_lists).run()
