"""Reading the plugin's YAML files (forms and code lists) into plain values.

PyYAML turns unquoted ``2025-07-01`` into a ``date``; forms mix such dates with
words like ``today`` in the same keys, so this loader keeps every timestamp as the
text that was written and lets the struct types decide.
"""

from __future__ import annotations

from typing import Any

import yaml

__all__ = ["load_yaml"]


class _TextDatesLoader(yaml.SafeLoader):
    """A safe loader that does not resolve timestamps."""


_TextDatesLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp) for tag, regexp in resolvers if not tag.endswith(":timestamp")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(text: str | bytes) -> Any:
    """Parse YAML safely, leaving dates as strings.

    Args:
        text: the document.

    Returns:
        Plain Python values (dicts, lists, strings, numbers, booleans, ``None``).

    Raises:
        yaml.YAMLError: the text is not valid YAML.
    """
    return yaml.load(text, Loader=_TextDatesLoader)  # noqa: S506 - a SafeLoader subclass
