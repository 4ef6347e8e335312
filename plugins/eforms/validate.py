"""Validating an applicant's form data against a form.

Validation runs in three passes so that conditions see clean values:

1. every submitted value is read by its field's type (see :mod:`.values`), and
   repeating groups are read item by item; unknown keys and wrong shapes are noted;
2. from the top of the form down, each field's ``visible_when`` decides whether it
   exists: hidden fields are dropped with their problems, visible ones are checked
   for ``required``/``required_when`` and group sizes;
3. the form's cross-field ``checks`` run on the result.

:func:`validate` reports every problem at once, in the applicant's language, and
never raises: whatever a browser or an API client sends comes back as errors.
Text is kept as typed (after Unicode NFC normalisation and trimming): it is never
trusted as HTML, since every template escapes it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import structlog

from plugins.eforms.checks import run_checks
from plugins.eforms.codelists import CodeList
from plugins.eforms.conditions import condition_holds, is_empty
from plugins.eforms.context import Context, Limits
from plugins.eforms.messages import message
from plugins.eforms.payload import payload_fits
from plugins.eforms.results import FieldError, ValidationResult
from plugins.eforms.schema import Condition, FormField, FormSpec
from plugins.eforms.values import read_value

__all__ = ["FieldError", "Limits", "ValidationResult", "validate"]

log = structlog.get_logger(__name__)


class _Node:
    """A field's value after the first pass."""

    def __init__(self, field: FormField, path: str) -> None:
        self.field = field
        self.path = path
        self.value: Any = None
        self.errors: list[FieldError] = []
        self.items: list[_Scope] = []


class _Scope:
    """The fields of the form's top level or of one group item."""

    def __init__(self, path: str, parent: _Scope | None) -> None:
        self.path = path
        self.parent = parent
        self.nodes: dict[str, _Node] = {}
        self.errors: list[FieldError] = []
        self._visible: dict[str, bool] = {}
        self._pending: set[str] = set()

    def find(self, key: str) -> tuple[_Scope, _Node] | None:
        """Find ``key`` here or in an enclosing scope."""
        scope: _Scope | None = self
        while scope is not None:
            if key in scope.nodes:
                return scope, scope.nodes[key]
            scope = scope.parent
        return None

    def lookup(self, reference: str) -> Any:
        """Return the value a condition sees: ``None`` when hidden or unknown."""
        key, _, part = reference.partition(".")
        found = self.find(key)
        if found is None or not found[0].is_visible(key):
            return None
        value = found[1].items if found[1].field.type == "group" else found[1].value
        if part:
            return value.get(part) if isinstance(value, dict) else None
        return value

    def holds(self, condition: Condition) -> bool:
        """Evaluate a condition from this scope."""
        return condition_holds(condition, self.lookup(condition.field))

    def is_visible(self, key: str) -> bool:
        """Whether the field ``key`` of this scope exists for this data."""
        if key in self._visible:
            return self._visible[key]
        condition = self.nodes[key].field.visible_when
        if condition is None or key in self._pending:
            # A cycle is reported by the schema checks; show the field meanwhile.
            return True
        self._pending.add(key)
        visible = self.holds(condition)
        self._pending.discard(key)
        self._visible[key] = visible
        return visible


class _Validator:
    """One validation run."""

    def __init__(self, form: FormSpec, ctx: Context) -> None:
        self.form = form
        self.ctx = ctx

    def error(self, path: str, code: str, **params: object) -> FieldError:
        return FieldError(path, code, message(code, self.ctx.lang, **params))

    def read_scope(
        self,
        fields: list[FormField],
        raw: Mapping[Any, Any],
        path: str,
        parent: _Scope | None,
    ) -> _Scope:
        scope = _Scope(path, parent)
        known = {field.key for field in fields}
        for key in raw:
            if key not in known:
                scope.errors.append(
                    self.error(_join(path, _key_text(key)), "unknown_field")
                )
        for field in fields:
            node = _Node(field, _join(path, field.key))
            scope.nodes[field.key] = node
            self.read_node(node, raw.get(field.key), scope)
        return scope

    def read_node(self, node: _Node, raw: Any, scope: _Scope) -> None:
        if node.field.type == "group":
            self.read_group(node, raw, scope)
            return
        reading = read_value(node.field, raw, self.ctx)
        node.value = reading.value
        node.errors = [
            FieldError(node.path + issue.suffix, issue.code, issue.message)
            for issue in reading.issues
        ]

    def read_group(self, node: _Node, raw: Any, scope: _Scope) -> None:
        if raw is None:
            return
        if not isinstance(raw, list | tuple):
            node.errors.append(self.error(node.path, "invalid_shape"))
            return
        if len(raw) > self.ctx.limits.max_group_items:
            node.errors.append(
                self.error(
                    node.path, "too_many_items", max=self.ctx.limits.max_group_items
                )
            )
            return
        for index, item in enumerate(raw):
            item_path = f"{node.path}[{index}]"
            if not isinstance(item, Mapping):
                node.errors.append(self.error(item_path, "invalid_shape"))
            elif not _is_blank_item(item):
                node.items.append(
                    self.read_scope(node.field.fields, item, item_path, scope)
                )

    def settle(self, scope: _Scope) -> tuple[dict[str, Any], list[FieldError]]:
        data: dict[str, Any] = {}
        errors = list(scope.errors)
        for key, node in scope.nodes.items():
            if not scope.is_visible(key):
                continue
            errors.extend(node.errors)
            if node.field.type == "group":
                data[key] = self.settle_group(node, errors)
            else:
                data[key] = (
                    _empty_value(node.field) if node.value is None else node.value
                )
            if not node.errors and is_empty(data[key]) and self.required(node, scope):
                errors.append(self.error(node.path, _required_code(node.field)))
        return data, errors

    def settle_group(self, node: _Node, errors: list[FieldError]) -> list[Any]:
        items = []
        for item in node.items:
            item_data, item_errors = self.settle(item)
            items.append(item_data)
            errors.extend(item_errors)
        field, count = node.field, len(node.items)
        if node.errors:
            return items
        if count and field.min_items is not None and count < field.min_items:
            errors.append(self.error(node.path, "too_few_items", min=field.min_items))
        if field.max_items is not None and count > field.max_items:
            errors.append(self.error(node.path, "too_many_items", max=field.max_items))
        return items

    def required(self, node: _Node, scope: _Scope) -> bool:
        condition = node.field.required_when
        return node.field.required or (condition is not None and scope.holds(condition))

    def run(self, raw: Any) -> ValidationResult:
        if not isinstance(raw, Mapping):
            return ValidationResult({}, [self.error("", "invalid_shape")])
        if not payload_fits(raw, self.ctx.limits):
            return ValidationResult({}, [self.error("", "payload_too_large")])
        fields = list(self.form.top_fields())
        top = self.read_scope(fields, raw, "", None)
        data, errors = self.settle(top)
        item_paths = {
            key: [item.path for item in node.items]
            for key, node in top.nodes.items()
            if node.field.type == "group"
        }
        errors.extend(run_checks(self.form, data, errors, item_paths, self.ctx.lang))
        return ValidationResult(data, errors)


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def _key_text(key: Any) -> str:
    """Show a submitted key in a path without letting it forge one."""
    text = key if isinstance(key, str) else repr(key)
    return "".join(c if c.isprintable() else "?" for c in text[:60])


def _is_blank_item(item: Mapping[Any, Any]) -> bool:
    """An item left entirely empty (an extra row of an HTML form) is ignored."""
    return all(is_empty(_blank_view(value)) for value in item.values())


def _blank_view(value: Any) -> Any:
    # Posted checkboxes arrive as text; "false"-like text counts as blank.
    if isinstance(value, str) and value.strip().lower() in ("false", "off", "0"):
        return None
    if isinstance(value, Mapping):
        return {key: _blank_view(part) for key, part in value.items()}
    if isinstance(value, list | tuple):
        return [part for part in value if not is_empty(_blank_view(part))]
    return value


def _empty_value(field: FormField) -> Any:
    if field.type == "checkbox":
        return False
    if field.type == "choice" and field.multiple:
        return []
    return None


def _required_code(field: FormField) -> str:
    if field.type == "checkbox":
        return "required_checkbox"
    if field.type == "choice":
        return "required_choice"
    return "required"


def validate(
    form: FormSpec,
    data: Any,
    *,
    lang: str,
    code_lists: Mapping[str, CodeList],
    today: dt.date,
    limits: Limits | None = None,
) -> ValidationResult:
    """Check form data and return it cleaned, with every problem found.

    Args:
        form: the form, already free of :meth:`FormSpec.problems`.
        data: what the applicant sent: a mapping of field keys to values, as
            decoded from JSON or produced by :func:`.formpost.parse_form_post`.
            Anything else is reported, not raised.
        lang: the applicant's language for messages, ``"vi"`` or ``"en"``.
        code_lists: code lists by name.
        today: the date ``today`` stands for in date bounds.
        limits: caps on sizes; the defaults suit every shipped form.

    Returns:
        The cleaned data of visible fields (hidden fields dropped) and all errors.
    """
    ctx = Context(lang, code_lists, today, limits or Limits())
    try:
        return _Validator(form, ctx).run(data)
    except Exception:  # the property tests keep this branch unreachable
        log.exception("eforms_validation_failure", form=form.code, version=form.version)
        return ValidationResult(
            {}, [FieldError("", "internal_error", message("internal_error", lang))]
        )
