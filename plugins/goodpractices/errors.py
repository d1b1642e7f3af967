"""Typed problems found in practice files.

Every problem names the file, the line (when there is one), the field, what
was expected and what was found. Problems are collected, never raised one at a
time, so an author sees everything that is wrong in one run.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from pathlib import Path


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Text:
    """A translatable piece of a message: a key of data/messages.yml and its parameters.

    Parameters may themselves be `Text` (rendered in the same language) or plain
    values (quoted from the author's file: never translated).
    """

    key: str
    params: tuple[tuple[str, object], ...] = ()

    def render(self, lang: str) -> str:
        from .messages import catalogue

        values = {k: v.render(lang) if isinstance(v, Text) else v for k, v in self.params}
        template = catalogue().get(self.key, lang)
        try:
            return template.format(**values) if values else template
        except (KeyError, IndexError, ValueError):  # a broken translation must not hide the problem
            return catalogue().get(self.key, "en").format(**values)


_POSITION_RE = re.compile(r"\[(\d+)\]\.?")


def _ordinal(n: int, lang: str) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st in English; 1., 2., 3. in the other languages."""
    if lang != "en":
        return f"{n}."
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def field_shown(field: str, lang: str) -> str:
    """A field path as a clerk reads it: `attachments[2].file` → "attachments, 2nd item, file" (in `lang`)."""
    if "[" not in field:
        return field
    return _POSITION_RE.sub(
        lambda m: ", " + msg("frame.item", ordinal=_ordinal(int(m.group(1)), lang)).render(lang) + (", " if m.group(0).endswith(".") else ""),
        field,
    )


def msg(key: str, **params: object) -> Text:
    return Text(key, tuple(sorted(params.items())))


def _has(key: str) -> bool:
    from .messages import catalogue

    return key in catalogue()


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or suspicious) in a practice file."""

    path: Path
    """The file, as given to the loader (usually relative to the project root)."""
    line: int | None
    """1-based line in the file, or None when the problem is about the whole file or folder."""
    field: str | None
    """Dotted field path (`contact.email`, `topics[2]`), or None."""
    message: Text
    """What is wrong."""
    expected: Text | None = None
    """What is allowed."""
    found: Text | str | None = None
    """What the file contains (a quoted value is a plain string)."""
    severity: Severity = Severity.ERROR
    code: str = "invalid"
    """Stable identifier of the kind of problem (for tests, tools and translations)."""
    hint: Text | None = None
    """A suggestion ("did you mean …?")."""
    column: int | None = None
    """1-based column of the line where the problem starts, when it is one character (a tab, a quotation mark)."""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def location(self) -> str:
        where = self.path.as_posix()
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def text(self, lang: str = "en") -> str:
        """The message with its suggestion and details, without the location."""
        text = self.message.render(lang)
        if self.hint is not None:
            text += "; " + self.hint.render(lang)
        details = []
        if self.expected is not None:
            expected = self.expected.render(lang)
            if expected.endswith(".") and not expected.endswith(".."):  # a sentence's period would end up before ')'
                expected = expected[:-1]
            details.append(f"{msg('frame.expected').render(lang)} {expected}")
        if self.found is not None:
            found = self.found.render(lang) if isinstance(self.found, Text) else self.found
            details.append(f"{msg('frame.found').render(lang)} {found}")
        if details:
            text += f" ({'; '.join(details)})"
        return text

    def format(self, lang: str = "en") -> str:
        """One line: `path:line: error: field: message (expected …; found …)`, in `lang`."""
        text = f"{self.location()}: {msg('severity.' + self.severity.value).render(lang)}: "
        if self.field:
            text += f"{field_shown(self.field, lang)}: "
        return text + self.text(lang)

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path.as_posix(), self.line or 0, self.column or 0, self.field or "", self.code)


def problem(
    path: Path,
    line: int | None,
    field: str | None,
    key: str,
    *,
    found: Text | str | None = None,
    expected: Text | bool = True,
    severity: Severity = Severity.ERROR,
    guess: str | None = None,
    column: int | None = None,
    **params: object,
) -> Problem:
    """A problem whose message is `<key>.message` and, when the catalogue has one, `<key>.expected`."""
    expected_text = expected if isinstance(expected, Text) else (msg(f"{key}.expected", **params) if expected and _has(f"{key}.expected") else None)
    return Problem(
        path,
        line,
        field,
        msg(f"{key}.message", **params),
        expected_text,
        found,
        severity,
        key,
        msg("frame.did_you_mean", guess=guess) if guess else None,
        column,
    )


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
