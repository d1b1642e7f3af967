"""The front matter's YAML mistakes, named in the author's words.

PyYAML reports where its parser gave up, in English and in the parser's terms
("found character that cannot start any token"), often lines after the cause:
an unclosed quotation mark is reported at the end of the front matter. An
author needs the cause, the line where it starts and the form that works.
`explain` looks at the error's marks and at the lines the author wrote to name
one of the usual mistakes (a tab, a quotation mark left open, a colon without
a space, ': ' or a special character in an unquoted value, a bracket left
open, a line not lined up with its neighbours); the example of the right form
is the author's own line, corrected, where that can be built.

Some mistakes are no syntax error at all: YAML reads the file, but not as its
author meant, and part of the text never reaches the page (`surprises`): the
text after ' #' (a comment), a value starting with '&', '!' or '*' (YAML's
anchors, tags and aliases), fields swallowed by a quotation mark that closes
lines later.

No message here repeats PyYAML's own English text.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import Problem, Severity, Text, msg, problem, short
from .schema import ALL_FIELDS

try:
    from yaml import CSafeLoader as _EventLoader
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml import SafeLoader as _EventLoader  # type: ignore[assignment]

FIRST_LINE = 2
"""Line of the file that holds the front matter's first line (the opening '---' is line 1)."""

_KEY_LINE = re.compile(r"^(?P<indent> *)(?P<dashes>(?:-[ ]+)*)(?P<key>[^\s#:'\"\[\]{},&*!|>%@`?-][^:\n]*?)[ ]*:(?=[ \t]|$)[ \t]*(?P<value>.*)$")
"""A line `key: value` (or `- key: value`, an item of a list of sets of fields)."""
_ITEM_LINE = re.compile(r"^(?P<indent> *)(?P<dashes>(?:-[ ]+|-$)+)(?P<value>.*)$")
_NO_SPACE = re.compile(r"^(?P<indent> *)(?P<dashes>(?:-[ ]+)*)(?P<key>\w[\w.-]*):(?P<value>[^\s/:].*)$")
"""`key:value`: a field name and its value with no space after the colon (not `https://…`)."""
_BLOCK_INDICATOR = re.compile(r":[ \t]+[|>][-+0-9]*[ \t]*(?:#.*)?$")
_SPECIAL_STARTS = "@`%*&!|>-?[{"
_CLOSING = {"[": "]", "{": "}"}


@dataclass
class _Finding:
    """A mistake found: where it starts (0-based line of the front matter, column) and what to say."""

    key: str
    line: int
    column: int | None = None
    field: str | None = None
    found: Text | str | None = None
    expected: Text | None = None
    params: dict[str, Any] = dataclasses.field(default_factory=dict)
    severity: Severity = Severity.ERROR

    def problem(self, path: Path) -> Problem:
        return problem(
            path,
            self.line + FIRST_LINE,
            self.field,
            self.key,
            found=self.found,
            expected=self.expected if self.expected is not None else True,
            severity=self.severity,
            column=self.column + 1 if self.column is not None else None,
            **self.params,
        )


class _Lines:
    """The front matter's lines, with what the classifier asks of them."""

    def __init__(self, yaml_text: str) -> None:
        self.lines = yaml_text.split("\n")

    def __getitem__(self, index: int) -> str:
        return self.lines[index] if 0 <= index < len(self.lines) else ""

    def __len__(self) -> int:
        return len(self.lines)

    @staticmethod
    def is_content(line: str) -> bool:
        stripped = line.strip()
        return bool(stripped) and not stripped.startswith("#")

    def previous_content(self, index: int) -> int | None:
        for i in range(min(index, len(self.lines)) - 1, -1, -1):
            if self.is_content(self.lines[i]):
                return i
        return None

    def first_content(self) -> int | None:
        return next((i for i, line in enumerate(self.lines) if self.is_content(line)), None)

    def field_path(self, index: int) -> str | None:
        """The dotted path (`partners[2].name`, `tags[1]`) of the field or item written on line `index`, from the lines above it."""
        m = _KEY_LINE.match(self[index])
        if m is not None:
            path, start, dashes = m["key"].strip(), len(m["indent"]), m["dashes"]
        else:
            item = _ITEM_LINE.match(self[index])
            if item is None:
                return None
            path, start, dashes = "", len(item["indent"]), item["dashes"]
        line = index
        while True:
            parent = None
            position = 1
            for i in range(line - 1, -1, -1):
                text = self.lines[i]
                if not self.is_content(text):
                    continue
                if _indent(text) < start:
                    parent = i
                    break
                if dashes and _indent(text) == start and text.lstrip().startswith("-"):
                    position += 1
            if dashes:  # an item of a list: its position, then the list's field
                path = f"[{position}]" + ("." + path if path else "")
            elif path:
                path = "." + path
            if parent is None:
                return path.lstrip(".") or None
            m = _KEY_LINE.match(self.lines[parent])
            if m is None:
                return None
            path = m["key"].strip() + path
            line, start, dashes = parent, len(m["indent"]), m["dashes"]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _value_start(line: str) -> tuple[str | None, int] | None:
    """(field name or None for a list item, column where the value starts) of a `key: value` or `- value` line."""
    m = _KEY_LINE.match(line)
    if m is not None:
        return m["key"].strip(), m.start("value")
    m = _ITEM_LINE.match(line)
    if m is not None:
        return None, m.start("value")
    return None


def _quote_end(line: str, start: int) -> int:
    """Column of the quotation mark that closes the one at `start` on the same line, or -1."""
    return _closing_quote(line, line[start], start + 1)


def _bracket_end(line: str, start: int) -> int:
    """Column of the bracket that closes the one at `start` on the same line (quoted text skipped), or -1."""
    depth = 0
    i = start
    while i < len(line):
        c = line[i]
        if c in "\"'":
            end = _quote_end(line, i)
            if end == -1:
                return -1
            i = end + 1
            continue
        if c in "[{":
            depth += 1
        elif c in "]}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def quoted(text: str) -> str:
    """`text` as a YAML value in quotation marks (double ones unless the text holds some or a backslash)."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


def _quoting(line: str, start: int, value: str | None = None) -> str:
    """The line with its value from column `start` (or `value` instead) in quotation marks."""
    text = line[start:].rstrip() if value is None else value
    return line[:start] + quoted(text)


# -- the classifier ----------------------------------------------------------------------------------


@dataclass
class _Error:
    """What PyYAML said, as the classifier reads it."""

    problem: str
    context: str
    line: int
    column: int
    context_line: int | None
    context_column: int | None

    @classmethod
    def of(cls, error: yaml.YAMLError, lines: _Lines) -> _Error:
        mark = getattr(error, "problem_mark", None)
        context_mark = getattr(error, "context_mark", None)
        if mark is None:
            mark = context_mark
        line, column = (mark.line, mark.column) if mark is not None else (max(len(lines) - 1, 0), 0)
        return cls(
            str(getattr(error, "problem", None) or ""),
            str(getattr(error, "context", None) or ""),
            line,
            column,
            context_mark.line if context_mark is not None else None,
            context_mark.column if context_mark is not None else None,
        )


def explain(yaml_text: str, error: yaml.YAMLError, path: Path) -> Problem:
    """The problem to report for a front matter YAML cannot read, in words the author understands."""
    lines = _Lines(yaml_text)
    err = _Error.of(error, lines)
    for classify in _CLASSIFIERS:
        finding = classify(lines, err)
        if finding is not None:
            return finding.problem(path)
    return _generic(lines, err).problem(path)  # pragma: no cover - _generic is the last classifier


def _tab(lines: _Lines, err: _Error) -> _Finding | None:
    """A tab where YAML needs spaces: in the indentation of a line."""
    candidates = [err.line]
    if err.context_line is not None and err.context_line < err.line:
        candidates += range(err.context_line, err.line)
    for i in candidates:
        line = lines[i]
        leading = line[: len(line) - len(line.lstrip(" \t"))]
        at_mark = i == err.line and line[err.column : err.column + 1] == "\t"
        if "\t" in leading or at_mark:
            column = leading.index("\t") if "\t" in leading else err.column
            spaced = leading.replace("\t", "  ")
            level = _fitting_indent(lines, i, len(spaced))
            example = " " * (level[0] if level is not None else len(spaced)) + line.strip()
            untabbed = _Lines("\n".join([*lines.lines[:i], example]))
            return _Finding("yaml-tab", i, column, untabbed.field_path(i), params={"example": example})
    return None


def _open_quote(lines: _Lines, err: _Error) -> _Finding | None:
    """A quotation mark that opens a value and is not closed where its author meant: the line where it opens."""
    start: tuple[int, int] | None = None
    if "quoted scalar" in err.context and err.context_line is not None and ("end of stream" in err.problem or "document" in err.problem):
        start = (err.context_line, err.context_column or 0)
    else:
        for span in _quote_spans(lines):
            if span.line > err.line:
                break
            if span.end_line is None or span.swallows:
                start = (span.line, span.column)
                break
    if start is None:
        return None
    line, column = start
    text = lines[line]
    quote = text[column : column + 1]
    if quote not in ("'", '"'):
        return None
    key, example = _closed_example(text, column, quote)
    return _Finding("yaml-quote-open", line, column, lines.field_path(line), expected=msg(key, example=example), params={"quote": quote})


def _closed_example(text: str, column: int, quote: str) -> tuple[str, str]:
    """What a value opened by `quote` at `column` of `text` and not closed on its line should be, and the key that says it.

    A value opened by a single quotation mark is shown between double ones when it can be: the example
    is itself quoted between single ones in the message, where 'title: 'Plan'' would be hard to read.
    """
    value = text[column + 1 :].rstrip()
    if quote == "'" and '"' not in value and "\\" not in value:
        return "yaml-quote-open.expected-double", text[:column] + '"' + value.replace("''", "'") + '"'
    return "yaml-quote-open.expected", text.rstrip() + quote


@dataclass
class _Span:
    """A quoted value: the line and column of its opening mark, the line of its closing one (None: never closed)."""

    line: int
    column: int
    end_line: int | None = None
    swallows: bool = False
    """Lines between look like fields: the quotation mark closes later than its author meant."""


def _quote_spans(lines: _Lines) -> Iterator[_Span]:
    """The quoted values that do not close on their own line, as YAML reads them."""
    i = 0
    block_indent: int | None = None
    while i < len(lines):
        line = lines[i]
        if block_indent is not None:  # the text of a '|' or '>' block: no quotation marks there
            if not line.strip() or _indent(line) > block_indent:
                i += 1
                continue
            block_indent = None
        if not _Lines.is_content(line):
            i += 1
            continue
        if _BLOCK_INDICATOR.search(line):
            block_indent = _indent(line)
            i += 1
            continue
        value = _value_start(line)
        if value is None or line[value[1] : value[1] + 1] not in ("'", '"') or _quote_end(line, value[1]) != -1:
            i += 1
            continue
        column = value[1]
        quote = line[column]
        span = _Span(i, column)
        for j in range(i + 1, len(lines)):
            following = lines[j]
            if _KEY_LINE.match(following) or _ITEM_LINE.match(following):
                span.swallows = True
            end = _closing_quote(following, quote)
            if end != -1:
                span.end_line = j
                break
        yield span
        if span.end_line is None:
            return
        i = span.end_line + 1


def _closing_quote(line: str, quote: str, start: int = 0) -> int:
    """Column of the first quotation mark from `start` that closes a value quoted with `quote`, or -1.

    Skips what YAML escapes: a backslash's next character in double quotes, a doubled single quote.
    """
    i = start
    while i < len(line):
        c = line[i]
        if quote == '"' and c == "\\":
            i += 2
            continue
        if c == quote:
            if quote == "'" and line[i + 1 : i + 2] == "'":
                i += 2
                continue
            return i
        i += 1
    return -1


def _backslash(lines: _Lines, err: _Error) -> _Finding | None:
    """A backslash in double quotation marks that does not start one of YAML's special characters (a Windows path)."""
    if "quoted scalar" not in err.context or not ("escape" in err.problem or "hexdecimal" in err.problem):
        return None
    line = lines[err.line]
    slash = line.rfind("\\", 0, err.column + 1)
    if slash == -1:
        return None
    start = err.context_column if err.context_line == err.line and err.context_column is not None else None
    example = None
    if start is not None and line[start : start + 1] == '"':
        end = _quote_end(line, start)
        inner = line[start + 1 : end] if end != -1 else line[start + 1 :].rstrip()
        example = line[:start] + "'" + inner.replace("'", "''") + "'"
    return _Finding(
        "yaml-backslash",
        err.line,
        slash,
        lines.field_path(err.line),
        params={"sequence": short(line[slash : slash + 2]), "example": example or line.strip().replace('"', "'")},
    )


def _after_closed_value(lines: _Lines, err: _Error) -> _Finding | None:
    """Text after a value that starts with a quotation mark or a bracket closed earlier on the line."""
    line = lines[err.line]
    value = _value_start(line)
    if value is None:
        return None
    start = value[1]
    first = line[start : start + 1]
    if first in ("'", '"'):
        end = _quote_end(line, start)
        if end == -1 or end >= err.column:
            return None
        text = line[start:].rstrip()
        intended = text[1:-1] if len(text) > 1 and text.endswith(first) else text
        return _Finding(
            "yaml-quote-inside",
            err.line,
            start,
            lines.field_path(err.line),
            found=short(line[end + 1 :].strip()),
            params={"quote": first, "example": line[:start] + quoted(intended)},
        )
    if first in _CLOSING:
        end = _bracket_end(line, start)
        if end == -1 or end >= err.column:
            return None
        return _special_at(lines, err.line, start)
    return None


def _special_start(lines: _Lines, err: _Error) -> _Finding | None:
    """A value that starts with a character YAML gives a meaning to at the start of a value."""
    if "cannot start any token" in err.problem or "undefined alias" in err.problem:
        return _special_at(lines, err.line, err.column)
    if err.context_line is not None and any(word in err.context for word in ("an alias", "an anchor", "a tag", "a block scalar")):
        return _special_at(lines, err.context_line, err.context_column or 0)
    if "are not allowed in this context" in err.problem and "mapping values" not in err.problem:
        line = lines[err.line]
        if err.column > _indent(line):  # '- ' or '? ' after a field's colon, not at the start of the line
            return _special_at(lines, err.line, err.column)
    return None


def _special_at(lines: _Lines, index: int, column: int) -> _Finding | None:
    line = lines[index]
    char = line[column : column + 1]
    if not char or char not in _SPECIAL_STARTS:
        return None
    return _Finding("yaml-special-start", index, column, lines.field_path(index), params={"char": char, "example": _quoting(line, column)})


def _open_bracket(lines: _Lines, err: _Error) -> _Finding | None:
    """A '[' or '{' that opens a list (or a set of fields) and is not closed on its line."""
    if "flow" not in err.context or err.context_line is None:
        return None
    line = lines[err.context_line]
    column = err.context_column or 0
    char = line[column : column + 1]
    if char not in _CLOSING or _bracket_end(line, column) != -1:
        return None
    value = _value_start(line)
    key = value[0] if value is not None else None
    spec = ALL_FIELDS.get(key or "")
    params: dict[str, Any] = {"char": char}
    if spec is not None and spec.kind in ("list", "object"):
        expected = msg("yaml-bracket-open.expected", example=line.rstrip().rstrip(",") + _CLOSING[char])
    else:
        expected = msg("yaml-bracket-open.text", example=_quoting(line, column))
    return _Finding("yaml-bracket-open", err.context_line, column, lines.field_path(err.context_line), expected=expected, params=params)


def _structure(lines: _Lines, err: _Error) -> _Finding | None:
    """Lines that are not fields where a field is expected: a colon without a space, a colon in a value, no colon, indentation."""
    first = lines.first_content()
    if first is not None and _indent(lines[first]) > 0 and not _ITEM_LINE.match(lines[first]) and first <= err.line:
        # The first field sets the left edge: everything is read against it.
        following = next((i for i in range(first + 1, len(lines)) if _Lines.is_content(lines[i]) and _indent(lines[i]) < _indent(lines[first])), None)
        if following is not None:
            return _indentation(lines, first, 0, following)
    if "could not find expected ':'" in err.problem and err.context_line is not None:
        return _not_a_field(lines, err.context_line)
    line = lines[err.line]
    if "mapping values are not allowed" in err.problem:
        m = _KEY_LINE.match(line)
        if m is not None and err.column > m.end("key"):
            return _Finding("yaml-colon-in-value", err.line, err.column, lines.field_path(err.line), params={"example": _quoting(line, m.start("value"))})
        previous = lines.previous_content(err.line)
        if previous is not None:
            found = _missing_space(lines, previous)
            if found is not None:
                return found
            above = lines[previous]
            if ":" not in above and not _ITEM_LINE.match(above) and _indent(above) == _indent(line):
                return _no_colon(lines, previous)
        return _misaligned(lines, err.line)
    if err.column == _indent(line) and line.strip():
        # The parser gave up at the first character of a line: the line is not where a field or an item may be.
        return _misaligned(lines, err.line)
    return None


def _not_a_field(lines: _Lines, index: int) -> _Finding | None:
    """A line YAML began to read as a field name and found no ': ' after."""
    found = _missing_space(lines, index)
    if found is not None:
        return found
    previous = lines.previous_content(index)
    if previous is not None and _BLOCK_INDICATOR.search(lines[previous]) and _indent(lines[index]) <= _indent(lines[previous]):
        # The text of a '|' or '>' block must be indented under its field.
        m = _KEY_LINE.match(lines[previous])
        name = m["key"].strip() if m is not None else ""
        indent = " " * (_indent(lines[previous]) + 2)
        return _Finding(
            "yaml-indent",
            index,
            None,
            lines.field_path(previous),
            expected=msg("yaml-indent.block", name=name, example=indent + lines[index].strip()),
            params={},
        )
    if ":" not in lines[index]:
        return _no_colon(lines, index)
    return None


def _missing_space(lines: _Lines, index: int) -> _Finding | None:
    m = _NO_SPACE.match(lines[index])
    if m is None:
        return None
    name = m["key"]
    example = f"{m['indent']}{m['dashes']}{name}: {m['value'].strip()}"
    return _Finding("yaml-colon-space", index, m.end("key") + 1, lines.field_path(index) or name, params={"name": name, "example": example})


def _no_colon(lines: _Lines, index: int) -> _Finding:
    line = lines[index]
    word = re.match(r"^( *)([\w-]+)[ \t]*(?:=[ \t]*)?(.*)$", line)
    example = f"{word[1]}{word[2]}: {word[3].strip() or '…'}" if word else "title: …"
    return _Finding("yaml-no-colon", index, None, None, found=short(line.strip()), params={"example": example})


def _misaligned(lines: _Lines, index: int) -> _Finding | None:
    """A line indented otherwise than the field (or item) it goes with: the nearest indentation that would fit."""
    level = _fitting_indent(lines, index, _indent(lines[index]))
    if level is None or level[0] == _indent(lines[index]):
        return None
    return _indentation(lines, index, *level)


def _fitting_indent(lines: _Lines, index: int, indent: int) -> tuple[int, int] | None:
    """(indentation, line it is taken from) nearest to `indent` among those a line after the lines above may have."""
    previous = lines.previous_content(index)
    if previous is None:
        return None
    above = lines[previous]
    levels: list[tuple[int, int]] = [(_indent(above), previous)]
    key = _KEY_LINE.match(above)
    if key is not None and key["dashes"]:
        levels.append((len(key["indent"]) + len(key["dashes"]), previous))  # the next field of the same item
    if (key is not None and not key["value"].strip()) or (_ITEM_LINE.match(above) and not above.strip("- \t")):
        levels.append((_indent(above) + 2, previous))  # the first field or item under it
    threshold = _indent(above)
    for i in range(previous - 1, -1, -1):
        text = lines[i]
        if _Lines.is_content(text) and _indent(text) < threshold:
            threshold = _indent(text)
            levels.append((threshold, i))
            if threshold == 0:
                break
    return min(levels, key=lambda level: (abs(level[0] - indent), -level[0]))


def _indentation(lines: _Lines, index: int, spaces: int, ref: int) -> _Finding:
    example = " " * spaces + lines[index].strip()
    return _Finding(
        "yaml-indent",
        index,
        None,
        None,
        found=msg("kind.spaces", n=_indent(lines[index])),
        expected=msg("yaml-indent.expected", n=spaces, ref=ref + FIRST_LINE, example=example),
    )


def _generic(lines: _Lines, err: _Error) -> _Finding:
    previous = lines.previous_content(err.line)
    if "document" in err.problem and previous is not None and lines[previous].startswith(("%", "...")):
        # A line YAML reads as the end of a document, or a directive: the next line is where it stops.
        return _Finding("yaml", previous, 0, None, found=short(lines[previous].strip()))
    line = lines[err.line]
    return _Finding("yaml", err.line, err.column if line.strip() else None, None, found=short(line.strip()) if line.strip() else None)


_CLASSIFIERS: tuple[Callable[[_Lines, _Error], _Finding | None], ...] = (
    _tab,
    _open_quote,
    _backslash,
    _after_closed_value,
    _special_start,
    _open_bracket,
    _structure,
    _generic,
)


def explain_scalar(yaml_text: str, path: Path) -> Problem | None:
    """A front matter YAML read as one value: a first line `key:value` is a field without the space after its colon."""
    lines = _Lines(yaml_text)
    first = lines.first_content()
    if first is None:
        return None
    found = _missing_space(lines, first)
    return found.problem(path) if found is not None else None


# -- what YAML reads otherwise than its author meant ------------------------------------------------

_PROPERTY_HINT = re.compile(r"(?m)(?:^[ \t]*(?:-[ \t]+)*|:[ \t]+|[\[{,][ \t]*)[&!*]")
"""Where a value may start with '&', '!' or '*' (an anchor, a tag, an alias): a cheap test before parsing events."""
_SPACED_HASH = re.compile(r"[ \t]#")
_QUOTED_START = re.compile(r"(?:[:-][ \t]+)([\"'])")


def _maybe_properties(yaml_text: str) -> bool:
    return ("&" in yaml_text or "!" in yaml_text or "*" in yaml_text) and _PROPERTY_HINT.search(yaml_text) is not None


def _maybe_comment_after_value(yaml_text: str) -> bool:
    """'#' after a space after some text on its line: maybe a comment after a value (not a comment line)."""
    for m in _SPACED_HASH.finditer(yaml_text):
        if yaml_text[yaml_text.rfind("\n", 0, m.start()) + 1 : m.start()].strip():
            return True
    return False


def _maybe_open_quote(yaml_text: str) -> bool:
    """A value that starts with a quotation mark not closed on its line: maybe one that closes lines later."""
    if '"' not in yaml_text and "'" not in yaml_text:
        return False
    for m in _QUOTED_START.finditer(yaml_text):
        end = yaml_text.find("\n", m.end())
        if yaml_text.find(m.group(1), m.end(), end if end != -1 else len(yaml_text)) == -1:
            return True
    return False


_STR_TAG = "tag:yaml.org,2002:str"


UNREADABLE_SURPRISES = frozenset({"yaml-quote-spans"})
"""Codes of `surprises` after which the file's fields are not what its author wrote: it is as good as unreadable."""


def surprises(yaml_text: str, node: Node, path: Path) -> list[Problem]:
    """What the author wrote in a front matter YAML reads but that would not reach the page as written."""
    found: list[_Finding] = []
    lines: _Lines | None = None
    if _maybe_properties(yaml_text):
        lines = _Lines(yaml_text)
        found += _properties(yaml_text, lines)
    comments = "#" in yaml_text and _maybe_comment_after_value(yaml_text)
    open_quotes = _maybe_open_quote(yaml_text)
    if comments or open_quotes:
        lines = lines or _Lines(yaml_text)
        for scalar in _scalars(node):
            if comments and not scalar.style:
                finding = _comment_after(yaml_text, lines, scalar)
                if finding is not None:
                    found.append(finding)
            elif open_quotes and scalar.style in ('"', "'") and scalar.end_mark.line > scalar.start_mark.line:
                finding = _swallowed(lines, scalar)
                if finding is not None:
                    found.append(finding)
    return [f.problem(path) for f in found]


def _scalars(node: Node) -> Iterator[ScalarNode]:
    """The value scalars of a front matter (not field names), in order."""
    stack = [node]
    seen: set[int] = set()
    while stack:
        current = stack.pop()
        if id(current) in seen:  # an alias: the same node again
            continue
        seen.add(id(current))
        if isinstance(current, MappingNode):
            stack += [value for _, value in reversed(current.value)]
        elif isinstance(current, SequenceNode):
            stack += list(reversed(current.value))
        elif isinstance(current, ScalarNode):
            yield current


def _properties(yaml_text: str, lines: _Lines) -> list[_Finding]:
    found: list[_Finding] = []
    try:
        for event in yaml.parse(yaml_text, Loader=_EventLoader):
            anchor = getattr(event, "anchor", None)
            tag = getattr(event, "tag", None)
            mark = event.start_mark
            if mark is None:
                continue
            if isinstance(event, yaml.AliasEvent) or anchor is not None or (tag is not None and tag != _STR_TAG and not isinstance(event, yaml.DocumentStartEvent)):
                finding = _special_at(lines, mark.line, mark.column)
                if finding is not None:
                    found.append(finding)
    except yaml.YAMLError:  # pragma: no cover - the same text was composed without error
        pass
    return found


def _comment_after(yaml_text: str, lines: _Lines, scalar: ScalarNode) -> _Finding | None:
    end = scalar.end_mark.index
    stop = yaml_text.find("\n", end)
    rest = yaml_text[end : stop if stop != -1 else len(yaml_text)]
    m = re.match(r"[ \t]+#", rest)
    if m is None:
        return None
    index = scalar.end_mark.line
    line = lines[index]
    hash_column = scalar.end_mark.column + m.end() - 1
    start = scalar.start_mark.column if scalar.value else hash_column
    text = line[start:].rstrip() if scalar.value else line[hash_column:].rstrip()
    # '#1', '#hashtag': part of the text. '# note': meant as a comment, but not shown either.
    content = line[hash_column + 1 : hash_column + 2] not in ("", " ", "\t")
    if not content and scalar.value and len(m.group(0)) > 2:
        # A note set apart from its value by two spaces or more, as the new file's examples explain their
        # fields (`amount: 25000    # Amount, as a number…`): written as a note, and read as one.
        return None
    return _Finding(
        "yaml-comment",
        index,
        hash_column,
        lines.field_path(index),
        found=short(line[hash_column:].rstrip()),
        severity=Severity.ERROR if content else Severity.WARNING,
        params={"example": line[:start] + quoted(text)},
    )


def _swallowed(lines: _Lines, scalar: ScalarNode) -> _Finding | None:
    """A quoted value over several lines where some of them look like fields: its quotation mark closes too late."""
    start = scalar.start_mark
    opening = lines[start.line]
    value = _value_start(opening)
    owner = _indent(opening) if value is not None else start.column
    for i in range(start.line + 1, scalar.end_mark.line + 1):
        m = _KEY_LINE.match(lines[i])
        if m is not None and len(m["indent"]) <= owner:
            quote = opening[start.column]
            key, example = _closed_example(opening, start.column, quote)
            return _Finding(
                "yaml-quote-spans",
                start.line,
                start.column,
                lines.field_path(start.line),
                expected=msg(key, example=example),
                params={"quote": quote, "end": scalar.end_mark.line + FIRST_LINE},
            )
    return None
