"""YAML parsing that remembers where every value came from.

Configuration errors must name the line a provincial IT officer has to edit, so a
file is parsed in two passes: PyYAML's safe composer builds the node tree with marks,
then :func:`parse_yaml` turns the nodes into plain Python values while recording the
line and column of every mapping key and list item under its document path.

Three departures from plain ``yaml.safe_load`` keep configuration predictable:

- YAML 1.1 reads ``17:00`` as the sexagesimal integer 61200; such scalars stay text,
  since in this configuration they are always times of day.
- A key repeated in one mapping is an error instead of silently keeping the last.
- Syntax errors become a :class:`~core.catalogue.errors.ConfigError` with the
  parser's line and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NoReturn

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from core.catalogue.errors import ConfigError, ConfigInvalid, Path_, format_path

__all__ = ["YamlDocument", "parse_yaml"]

_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_ALIAS_FIX = "write the value out instead of using an anchor and alias"
_KEY_FIX = "use text (or a number) as the key; quote it if needed"
# Aliases can make a small file expand enormously; no real configuration comes near.
_MAX_VALUES = 200_000


@dataclass
class YamlDocument:
    """A parsed YAML file: its plain value, positions and structural errors.

    Attributes:
        file: the file name shown in errors.
        data: the document as dicts, lists, strings, numbers, booleans, dates and
            ``None``.
        positions: (line, column), counted from 1, of each mapping key and list item,
            by document path.
        errors: problems found while building ``data`` (duplicate keys).
    """

    file: str
    data: Any
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    errors: list[ConfigError] = field(default_factory=list)

    def locate(self, path: Path_) -> tuple[int, int]:
        """Return the position of ``path``, or of its nearest known ancestor.

        Args:
            path: keys and list indexes from the document root.

        Returns:
            ``(line, column)`` counted from 1; ``(1, 1)`` when nothing is known.
        """
        path = tuple(path)
        while path:
            found = self.positions.get(path)
            if found is not None:
                return found
            path = path[:-1]
        return self.positions.get((), (1, 1))


def parse_yaml(text: str, file: str) -> YamlDocument:
    """Parse one YAML document into plain values with positions.

    Args:
        text: the file's content.
        file: the name used in error messages.

    Returns:
        The document. Duplicate keys are listed in its ``errors`` (the last value
        wins in ``data`` so that checking can go on).

    Raises:
        ConfigInvalid: the text is not well-formed YAML, holds several documents, or
            uses an unsupported construct (recursive aliases, unknown tags).
    """
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        raise ConfigInvalid([_syntax_error(exc, file)]) from exc
    except yaml.YAMLError as exc:
        raise ConfigInvalid([_error(file, (1, 1), (), str(exc), _SYNTAX_FIX)]) from exc
    document = YamlDocument(file=file, data=None, positions={(): (1, 1)})
    if root is not None:
        builder = _Builder(document)
        document.positions[()] = _mark(root)
        document.data = builder.value(root, ())
    return document


_SYNTAX_FIX = (
    "correct the YAML syntax near this line: check indentation (spaces, never "
    "tabs), a missing ':' after a key, or an unclosed quote or bracket"
)


def _syntax_error(exc: yaml.MarkedYAMLError, file: str) -> ConfigError:
    mark = exc.problem_mark or exc.context_mark
    position = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    what = " ".join(p for p in (exc.context, exc.problem) if p) or "invalid YAML"
    return _error(file, position, (), f"YAML syntax error: {what}", _SYNTAX_FIX)


def _error(
    file: str, position: tuple[int, int], path: Path_, what: str, fix: str
) -> ConfigError:
    return ConfigError(
        file=file,
        line=position[0],
        column=position[1],
        path=format_path(path),
        what=what,
        fix=fix,
    )


def _mark(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    """Turns composed nodes into values, filling the document's positions."""

    def __init__(self, document: YamlDocument) -> None:
        self.document = document
        self.scalars = SafeConstructor()
        self.active: set[int] = set()
        self.count = 0

    def value(self, node: Node, path: Path_) -> Any:
        self.count += 1
        if self.count > _MAX_VALUES:
            self._fail(node, path, "the document expands to too many values")
        if id(node) in self.active:
            self._fail(node, path, "an alias refers to the value that contains it")
        if isinstance(node, ScalarNode):
            return self._scalar(node, path)
        self.active.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                return self._sequence(node, path)
            assert isinstance(node, MappingNode)  # the composer makes no other kind
            return self._mapping(node, path)
        finally:
            self.active.discard(id(node))

    def _fail(
        self, node: Node, path: Path_, what: str, fix: str = _ALIAS_FIX
    ) -> NoReturn:
        error = _error(self.document.file, _mark(node), path, what, fix)
        raise ConfigInvalid([error])

    def _scalar(self, node: ScalarNode, path: Path_) -> Any:
        # YAML 1.1 sexagesimal numbers (17:00, 1:30:00) are times in this
        # configuration; keeping them as text lets the "HH:MM" checks see them.
        if node.tag in (_INT_TAG, _FLOAT_TAG) and ":" in node.value:
            return node.value
        try:
            return self.scalars.construct_object(node, deep=True)
        except ValueError:
            # An impossible date such as 2025-13-01: kept as text, the type check
            # then says a date was expected and shows what was written.
            return node.value
        except yaml.constructor.ConstructorError as exc:
            what = exc.problem or "a value YAML cannot read"
            fix = "remove the tag (the part starting with '!') or quote the value"
            error = _error(self.document.file, _mark(node), path, what, fix)
            self.document.errors.append(error)
            return node.value

    def _sequence(self, node: SequenceNode, path: Path_) -> list[Any]:
        items = []
        for index, child in enumerate(node.value):
            item_path = (*path, index)
            self.document.positions[item_path] = _mark(child)
            items.append(self.value(child, item_path))
        return items

    def _mapping(self, node: MappingNode, path: Path_) -> dict[Any, Any]:
        merges = [value for key, value in node.value if key.tag == _MERGE_TAG]
        result = self._merged(merges, path)
        first_seen: dict[Any, tuple[int, int]] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                continue
            key = self._key(key_node, path)
            key_path = (*path, key)
            if key in first_seen:
                self._duplicate(key, key_path, first_seen[key], _mark(key_node))
            first_seen[key] = _mark(key_node)
            self.document.positions[key_path] = _mark(key_node)
            result[key] = self.value(value_node, key_path)
        return result

    def _merged(self, nodes: list[Node], path: Path_) -> dict[Any, Any]:
        """Values of ``<<:`` merge keys, before the mapping's own keys override them.

        Merged keys are located at the anchor they come from, where a fix is made.
        """
        out: dict[Any, Any] = {}
        for node in nodes:
            sources = node.value if isinstance(node, SequenceNode) else [node]
            for source in sources:
                if not isinstance(source, MappingNode):
                    what = "'<<' must merge a mapping"
                    self._fail(source, path, what, "point '<<' at a mapping's anchor")
                for key, value in self.value(source, path).items():
                    out.setdefault(key, value)
        return out

    def _key(self, node: Node, path: Path_) -> Any:
        if not isinstance(node, ScalarNode):
            self._fail(node, path, "a mapping key must be a plain value", _KEY_FIX)
        key = self._scalar(node, path)
        try:
            hash(key)
        except TypeError:
            self._fail(node, path, "a mapping key must be a plain value", _KEY_FIX)
        return key

    def _duplicate(
        self, key: Any, path: Path_, first: tuple[int, int], again: tuple[int, int]
    ) -> None:
        what = (
            f"key {key!r} appears twice in the same mapping (first on line {first[0]})"
        )
        fix = "keep one of the two entries; YAML would silently drop the first"
        self.document.errors.append(_error(self.document.file, again, path, what, fix))
