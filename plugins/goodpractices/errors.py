"""Typed problems found in practice files.

Every problem names the file, the line (when there is one), the field, what
was expected and what was found. Problems are collected, never raised one at a
time, so an author sees everything that is wrong in one run.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or suspicious) in a practice file."""

    path: Path
    """The file, as given to the loader (usually relative to the project root)."""
    line: int | None
    """1-based line in the file, or None when the problem is about the whole file or folder."""
    field: str | None
    """Dotted field path (`contact.email`, `topics[2]`), or None."""
    message: str
    """What is wrong, in a sentence."""
    expected: str | None = None
    """What is allowed."""
    found: str | None = None
    """What the file contains."""
    severity: Severity = Severity.ERROR
    code: str = "invalid"
    """Stable identifier of the kind of problem (for tests, tools and translations)."""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def location(self) -> str:
        where = self.path.as_posix()
        if self.line is not None:
            where += f":{self.line}"
        return where

    def format(self) -> str:
        """One human-readable paragraph: `path:line: error: field: message (expected …; found …)`."""
        text = f"{self.location()}: {self.severity.value}: "
        if self.field:
            text += f"{self.field}: "
        text += self.message
        details = []
        if self.expected is not None:
            details.append(f"expected {self.expected}")
        if self.found is not None:
            details.append(f"found {self.found}")
        if details:
            text += f" ({'; '.join(details)})"
        return text

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.path.as_posix(), self.line or 0, self.field or "", self.message)


class PracticeValidationError(Exception):
    """Raised by callers that want to stop on errors; carries every problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=Problem.sort_key)
        errors = [p for p in self.problems if p.is_error]
        super().__init__(
            f"{len(errors)} error(s) in practice files:\n" + "\n".join(p.format() for p in errors)
        )


def short(value: object, limit: int = 60) -> str:
    """A value as it should be quoted back to an author: repr-like, but cut."""
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text
