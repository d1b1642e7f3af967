"""Reading a practice file: bytes → front-matter YAML node + Markdown body.

The YAML is composed into nodes, not constructed into Python values, so that
every value keeps its line number and so that plain scalars keep the text the
author typed (`country: NO` stays the string "NO", not the boolean False).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node

from .errors import Problem, short

try:  # The C composer is several times faster; both give the same nodes.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 512 * 1024
"""Largest practice file accepted. Bigger text belongs in an attachment."""

_FENCE = re.compile(r"^---[ \t]*$", re.MULTILINE)


@dataclass
class SourceFile:
    """A practice file split into its parts."""

    path: Path
    front_matter: MappingNode
    body: str
    body_line: int
    """1-based line of the file where the body starts."""


def read_source(path: Path, display_path: Path | None = None) -> tuple[SourceFile | None, list[Problem]]:
    """Read one Markdown file with YAML front matter.

    Returns the parsed file, or None with the problems that prevent reading it.
    A byte-order mark and CRLF line endings are accepted.
    """
    shown = display_path or path
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(shown, None, None, f"cannot read the file: {exc.strerror}", code="unreadable")]
    if len(raw) > MAX_FILE_BYTES:
        return None, [
            Problem(
                shown,
                None,
                None,
                "the file is too large; move long material into an attachment",
                expected=f"at most {MAX_FILE_BYTES // 1024} KiB",
                found=f"{len(raw) // 1024} KiB",
                code="too-large",
            )
        ]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            Problem(
                shown,
                line,
                None,
                "the file is not valid UTF-8; save it with UTF-8 encoding",
                found=f"byte 0x{raw[exc.start]:02x} at position {exc.start}",
                code="encoding",
            )
        ]
    return parse_text(text, shown)


def parse_text(text: str, shown: Path) -> tuple[SourceFile | None, list[Problem]]:
    """Split and parse text already decoded."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.startswith("---"):
        return None, [
            Problem(
                shown,
                1,
                None,
                "the file has no front matter",
                expected="the first line to be '---', followed by the YAML fields and a closing '---'",
                found=short(text.split("\n", 1)[0]) if text else "an empty file",
                code="no-front-matter",
            )
        ]
    first_nl = text.find("\n")
    if first_nl == -1 or text[:first_nl].strip() != "---":
        return None, [
            Problem(shown, 1, None, "the first line must be exactly '---'", found=short(text.split("\n", 1)[0]), code="no-front-matter")
        ]
    closing = _FENCE.search(text, first_nl + 1)
    if closing is None:
        return None, [
            Problem(
                shown,
                1,
                None,
                "the front matter is not closed",
                expected="a line '---' after the YAML fields",
                found="end of file",
                code="no-front-matter",
            )
        ]
    yaml_text = text[first_nl + 1 : closing.start()]
    body_start = closing.end() + 1
    body_line = text.count("\n", 0, min(body_start, len(text))) + 1
    body = text[body_start:] if body_start <= len(text) else ""

    try:
        node = yaml.compose(yaml_text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark is not None else None  # +1 for 1-based, +1 for the opening '---'
        reason = (exc.problem or exc.context or "invalid YAML").strip()
        return None, [
            Problem(
                shown,
                line,
                None,
                f"the front matter is not valid YAML: {reason}",
                expected="'field: value' lines; quote values that contain ': ' or start with a special character",
                code="yaml",
            )
        ]
    except yaml.YAMLError as exc:  # pragma: no cover - non-marked errors are rare
        return None, [Problem(shown, None, None, f"the front matter is not valid YAML: {exc}", code="yaml")]

    if node is None:
        return None, [
            Problem(shown, 2, None, "the front matter is empty", expected="fields such as title, summary, category", code="front-matter-type")
        ]
    if not isinstance(node, MappingNode):
        kind = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
        return None, [
            Problem(
                shown,
                node_line(node),
                None,
                "the front matter must be a set of 'field: value' lines",
                expected="a mapping of fields",
                found=kind,
                code="front-matter-type",
            )
        ]
    return SourceFile(shown, node, body, body_line), []


def node_line(node: Node) -> int:
    """1-based line of a front-matter node in the whole file (the opening '---' is line 1)."""
    return node.start_mark.line + 2
