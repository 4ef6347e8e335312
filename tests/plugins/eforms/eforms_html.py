"""Reading rendered e-form HTML the way a browser does, for the tests.

:func:`submit` lists the ``(name, value)`` pairs a browser would post for the
rendered form (no JavaScript, no button pressed); :func:`elements` gives every
element with its attributes for assertions.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

Attrs = dict[str, str]


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, Attrs, bool]] = []
        self.controls: list[dict[str, Any]] = []
        self._template_depth = 0
        self._select: dict[str, Any] | None = None
        self._textarea: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value if value is not None else "" for name, value in attrs}
        inside_template = self._template_depth > 0
        self.elements.append((tag, found, inside_template))
        if tag == "template":
            self._template_depth += 1
        if inside_template:
            return
        if tag == "input":
            self.controls.append({"tag": "input", **found})
        elif tag == "select":
            self._select = {"tag": "select", "options": [], **found}
        elif tag == "option" and self._select is not None:
            self._select["options"].append(found)
        elif tag == "textarea":
            self._textarea = {"tag": "textarea", "text": "", **found}

    def handle_endtag(self, tag: str) -> None:
        if tag == "template":
            self._template_depth -= 1
        elif tag == "select" and self._select is not None:
            self.controls.append(self._select)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.controls.append(self._textarea)
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea["text"] += data


def _read(html: str) -> _Reader:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader


def elements(html: str, *, in_templates: bool = False) -> list[tuple[str, Attrs]]:
    """Every element's tag and attributes, in document order."""
    return [
        (tag, attrs)
        for tag, attrs, templated in _read(html).elements
        if in_templates or not templated
    ]


def by_id(html: str, element_id: str) -> tuple[str, Attrs]:
    """The element with ``id``, outside templates."""
    found = [
        (tag, attrs) for tag, attrs in elements(html) if attrs.get("id") == element_id
    ]
    assert len(found) == 1, f"{len(found)} elements with id {element_id!r}"
    return found[0]


def _pairs_of(control: dict[str, Any]) -> list[tuple[str, str]]:
    name = control["name"]
    if control["tag"] == "textarea":
        # Browsers send line breaks as CRLF.
        return [(name, control["text"].replace("\n", "\r\n"))]
    if control["tag"] == "select":
        options = control["options"]
        chosen = [o.get("value", "") for o in options if "selected" in o]
        if not chosen and "multiple" not in control and options:
            chosen = [options[0].get("value", "")]
        return [(name, value) for value in chosen]
    kind = control.get("type", "text")
    if kind in ("checkbox", "radio"):
        return [(name, control.get("value", "on"))] if "checked" in control else []
    if kind in ("submit", "button", "reset", "file"):
        return []
    return [(name, control.get("value", ""))]


def submit(html: str) -> list[tuple[str, str]]:
    """The pairs a browser posts for the rendered form."""
    pairs: list[tuple[str, str]] = []
    for control in _read(html).controls:
        if "name" in control and "disabled" not in control:
            pairs.extend(_pairs_of(control))
    return pairs
