"""Configuration errors, reported all at once with file, line and fix.

A province's configuration is checked completely before anything is used: each
problem becomes a :class:`ConfigError` naming the file, the line and column, the path
inside the document, what is wrong and how to fix it. :class:`Report` collects them;
:class:`ConfigInvalid` carries them all when loading fails.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import msgspec

__all__ = ["ConfigError", "ConfigInvalid", "Path_", "Report", "format_path"]

Path_ = tuple[str | int, ...]
"""A path inside a YAML document: mapping keys and list indexes."""


def format_path(path: Path_) -> str:
    """Render a document path as ``workflow.steps[1].unit``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out or "(document)"


class ConfigError(msgspec.Struct, frozen=True, kw_only=True):
    """One problem in one configuration file."""

    file: str
    line: int
    column: int
    path: str
    what: str
    fix: str

    def __str__(self) -> str:
        return (
            f"{self.file}:{self.line}:{self.column}: {self.path}: {self.what}\n"
            f"    fix: {self.fix}"
        )


Locator = Callable[[Path_], tuple[int, int]]
"""Maps a document path to its (line, column), both counted from 1."""


class Report:
    """Collects the errors of one file; a child report shares the parent's list.

    Args:
        file: the file's path as shown to the user.
        locate: finds the line and column of a document path.
        prefix: the path that paths given to :meth:`error` are relative to.
        errors: the list to append to (shared between a report and its children).
    """

    def __init__(
        self,
        file: str | Path,
        locate: Locator,
        prefix: Path_ = (),
        errors: list[ConfigError] | None = None,
    ) -> None:
        self.file = str(file)
        self._locate = locate
        self.prefix = prefix
        self.errors: list[ConfigError] = [] if errors is None else errors

    def error(self, path: Path_, what: str, fix: str) -> None:
        """Record a problem at ``path`` (relative to this report's prefix)."""
        full = self.prefix + tuple(path)
        line, column = self._locate(full)
        self.errors.append(
            ConfigError(
                file=self.file,
                line=line,
                column=column,
                path=format_path(full),
                what=what,
                fix=fix,
            )
        )

    def child(self, prefix: Path_) -> Report:
        """A report for a sub-document (a plugin's section, say)."""
        return Report(self.file, self._locate, self.prefix + tuple(prefix), self.errors)

    def __iter__(self) -> Iterator[ConfigError]:
        return iter(self.errors)

    def __bool__(self) -> bool:
        return bool(self.errors)


class ConfigInvalid(Exception):
    """The configuration has errors; nothing of it was loaded."""

    def __init__(self, errors: list[ConfigError]) -> None:
        self.errors = sorted(errors, key=lambda e: (e.file, e.line, e.column))
        super().__init__(self.render())

    def render(self) -> str:
        """All errors, one block each, then a count."""
        blocks = [str(e) for e in self.errors]
        count = len(self.errors)
        blocks.append(f"{count} configuration error{'s' if count != 1 else ''}.")
        return "\n".join(blocks)
