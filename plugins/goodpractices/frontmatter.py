"""Reading a practice file: bytes → front-matter YAML node + Markdown body.

The YAML is composed into nodes, not constructed into Python values, so that
every value keeps its line number and so that plain scalars keep the text the
author typed (`country: NO` stays the string "NO", not the boolean False).
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from . import yaml_syntax
from .errors import Problem, Text, msg, problem, short

try:  # The C composer is several times faster; both give the same nodes.
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

_STR_TAG = _BaseLoader.DEFAULT_SCALAR_TAG
_RESOLVED_FIRST = frozenset(_BaseLoader.yaml_implicit_resolvers)
"""First characters of the plain scalars an implicit resolver may tag as other than text."""


_PLAIN_TAGS: dict[str, str] = {}
"""Tag the full resolver gave a short plain scalar (field names, dates, codes repeat in every file)."""


class _Loader(_BaseLoader):
    """The safe loader, with shortcuts in the resolver called for every scalar.

    A quoted scalar, or a plain one whose first character no implicit resolver
    looks at (most text), is text: exactly what the full resolver answers when
    there are neither wildcard nor path resolvers. A plain scalar's tag depends
    on its text only, so the full resolver's answer for short ones is kept.
    """

    # `value` and `implicit` are the text and (plain, quoted) flags for a scalar, None and a flag for a collection.
    def resolve(self, kind: type[Node], value: Any, implicit: Any) -> str:
        if kind is ScalarNode:
            if not implicit[0] or (value and value[0] not in _RESOLVED_FIRST):
                return _STR_TAG
            tag = _PLAIN_TAGS.get(value)
            if tag is None:
                tag = _resolve(self, kind, value, implicit)
                if len(value) <= 40 and len(_PLAIN_TAGS) < 20000:
                    _PLAIN_TAGS[value] = tag
            return tag
        return _resolve(self, kind, value, implicit)

    # Called around every node; they only track paths for path resolvers, which the safe loader has none of.
    def descend_resolver(self, current_node: Node | None, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


_resolve: Callable[[_Loader, type[Node], Any, Any], str] = _BaseLoader.resolve
_FRONT_MATTER_LOADER: type[_BaseLoader] = _Loader
if None in _BaseLoader.yaml_implicit_resolvers or _BaseLoader.yaml_path_resolvers:  # pragma: no cover - not the safe loader
    _FRONT_MATTER_LOADER = _BaseLoader

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
    front_text: str = ""
    """The front matter's text, from the file's second line (its comments: the scaffolder's marks "to translate")."""


def read_source(path: Path, display_path: Path | None = None) -> tuple[SourceFile | None, list[Problem]]:
    """Read one Markdown file with YAML front matter.

    Returns the parsed file, or None with the problems that prevent reading it.
    A byte-order mark and CRLF line endings are accepted.
    """
    shown = display_path or path
    try:
        raw = _read_bytes(path)
    except OSError as exc:
        return None, [problem(shown, None, None, "unreadable", reason=_unreadable_reason(exc))]
    if len(raw) > MAX_FILE_BYTES:
        return None, [problem(shown, None, None, "too-large", limit=MAX_FILE_BYTES // 1024, found=msg("kind.kib", n=len(raw) // 1024))]
    try:
        # As raw.decode("utf-8-sig") (positions in errors counted after the BOM too), without its Python-level codec.
        text = (raw[3:] if raw[:3] == b"\xef\xbb\xbf" else raw).decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [problem(shown, line, None, "encoding", found=msg("kind.byte", byte=f"{raw[exc.start]:02x}", position=exc.start))]
    return parse_text(text, shown)


def _unreadable_reason(exc: OSError) -> Text:
    """Why a file could not be opened, in words (the system's own message is in its language, usually English)."""
    if exc.errno in (errno.EACCES, errno.EPERM):
        return msg("unreadable.permission")
    if exc.errno == errno.ENOENT:
        return msg("unreadable.missing")
    if exc.errno == errno.EISDIR:
        return msg("unreadable.folder")
    return msg("unreadable.other", code=errno.errorcode.get(exc.errno or 0, str(exc.errno)))


def _read_bytes(path: Path | str) -> bytes:
    """The whole file, as `open(path, "rb").read()` but without the buffered file object (a tenth of validate.py's reading)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        chunks = []
        while True:
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(fd)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def parse_text(text: str, shown: Path) -> tuple[SourceFile | None, list[Problem]]:
    """Split and parse text already decoded."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.startswith("---"):
        return None, [problem(shown, 1, None, "no-front-matter", found=short(text.split("\n", 1)[0]) if text else msg("kind.empty_file"))]
    first_nl = text.find("\n")
    if first_nl == -1 or text[:first_nl].strip() != "---":
        return None, [problem(shown, 1, None, "front-matter-first-line", found=short(text.split("\n", 1)[0]))]
    closing = _closing_fence(text, first_nl)
    if closing is None:
        return None, [problem(shown, 1, None, "front-matter-open", found=msg("kind.end_of_file"))]
    yaml_text = text[first_nl + 1 : closing.start()]
    body_start = closing.end() + 1
    body_line = text.count("\n", 0, min(body_start, len(text))) + 1
    body = text[body_start:] if body_start <= len(text) else ""

    if _CONTROL_RE.search(yaml_text) is not None:
        # YAML refuses most of them, with an English message and the position in bytes.
        return None, control_characters(yaml_text, shown, 2)
    try:
        loader = _FRONT_MATTER_LOADER(yaml_text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        return None, [yaml_syntax.explain(yaml_text, exc, shown)]

    if node is None:
        return None, [problem(shown, 2, None, "front-matter-empty")]
    if not isinstance(node, MappingNode):
        kind = msg("kind.list") if isinstance(node, yaml.SequenceNode) else msg("kind.scalar")
        first_field = yaml_syntax.explain_scalar(yaml_text, shown) if isinstance(node, ScalarNode) else None
        return None, [first_field or problem(shown, node_line(node), None, "front-matter-type", found=kind)]
    # Read, but maybe not as meant: such problems are reported with the file's other ones, unless its
    # fields are not what the author wrote (then they would only bring false errors).
    surprises = yaml_syntax.surprises(yaml_text, node, shown)
    if any(p.code in yaml_syntax.UNREADABLE_SURPRISES for p in surprises):
        return None, surprises
    return SourceFile(shown, node, body, body_line, yaml_text), surprises


_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
"""Invisible characters that are neither a tab nor a line break (nor shown as anything on a page)."""


def has_control_characters(text: str) -> bool:
    return _CONTROL_RE.search(text) is not None


def control_characters(text: str, path: Path, first_line: int, field: str | None = None) -> list[Problem]:
    """One problem for each line of `text` (whose first line is line `first_line` of the file) that holds a control character."""
    found = []
    last_line = -1
    for m in _CONTROL_RE.finditer(text):
        start = m.start()
        line = first_line + text.count("\n", 0, start)
        if line == last_line:
            continue
        last_line = line
        column = start - text.rfind("\n", 0, start)
        found.append(problem(path, line, field, "control-char", column=column, code=f"U+{ord(m.group()):04X}"))
    return found


def _closing_fence(text: str, first_nl: int) -> re.Match[str] | None:
    """`_FENCE.search(text, first_nl + 1)`, trying only the lines that start with '---'."""
    pos = text.find("\n---", first_nl)
    while pos >= 0:
        m = _FENCE.match(text, pos + 1)
        if m is not None:
            return m
        pos = text.find("\n---", pos + 1)
    return None


def node_line(node: Node) -> int:
    """1-based line of a front-matter node in the whole file (the opening '---' is line 1)."""
    return node.start_mark.line + 2
