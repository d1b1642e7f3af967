"""Checking front-matter YAML nodes against the schema.

`FieldChecker` turns nodes into plain Python values and collects a `Problem`
for everything that does not fit, with the line of the offending node.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path, PurePosixPath
from typing import Any

import pycountry
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import Problem, Severity, short
from .frontmatter import node_line
from .schema import FieldSpec
from .vocab import Vocabularies

INVALID: Any = object()
"""Returned for a value that did not validate; a problem has been recorded."""

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_EMAIL_RE = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$")
_PARTIAL_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_NUMBER_RE = re.compile(r"^[-+]?\d+(?:\.\d+)?$")
_YAML_NULLS = {"", "~", "null", "Null", "NULL"}


def is_plain(node: ScalarNode) -> bool:
    """True for an unquoted scalar (the C and Python composers spell its style differently)."""
    return not node.style


def did_you_mean(found: str, allowed: list[str]) -> str | None:
    """The closest allowed value to a near miss, or None."""
    lowered = {a.lower(): a for a in allowed}
    if found.lower() in lowered:
        return lowered[found.lower()]
    normalised = found.strip().lower().replace(" ", "-").replace("_", "-")
    if normalised in lowered:
        return lowered[normalised]
    match = difflib.get_close_matches(normalised, list(lowered), n=1, cutoff=0.75)
    return lowered[match[0]] if match else None


def describe_node(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a set of fields"
    if isinstance(node, SequenceNode):
        return "a list"
    return short(node.value)


def _allowed_list(values: list[str], limit: int = 20) -> str:
    if len(values) <= limit:
        return "one of " + ", ".join(values)
    return f"one of {len(values)} values such as " + ", ".join(values[:limit]) + ", …"


def check_partial_date(text: str) -> str | None:
    """None if `text` is YYYY, YYYY-MM or YYYY-MM-DD and the date exists; else the reason."""
    m = _PARTIAL_DATE_RE.match(text)
    if not m:
        return "not in the form YYYY, YYYY-MM or YYYY-MM-DD"
    year, month, day = m.groups()
    if month and not 1 <= int(month) <= 12:
        return f"month {month} does not exist"
    if day:
        try:
            dt.date(int(year), int(month), int(day))
        except ValueError:
            return "that day does not exist"
    return None


class FieldChecker:
    """Validates the fields of one file; problems accumulate in `problems`."""

    def __init__(self, path: Path, vocab: Vocabularies, problems: list[Problem]):
        self.path = path
        self.vocab = vocab
        self.problems = problems

    # -- reporting ---------------------------------------------------------

    def error(self, node: Node | None, field: str | None, message: str, *, expected: str | None = None, found: str | None = None, code: str = "invalid", line: int | None = None) -> Any:
        if line is None and node is not None:
            line = node_line(node)
        self.problems.append(Problem(self.path, line, field, message, expected, found, Severity.ERROR, code))
        return INVALID

    # -- mappings ----------------------------------------------------------

    def mapping_items(self, node: MappingNode, field: str | None) -> list[tuple[str, Node, Node]]:
        """(key, key node, value node) for each entry; reports non-text and duplicate keys."""
        seen: dict[str, int] = {}
        items = []
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.error(key_node, field, "a field name must be a plain word", found=describe_node(key_node), code="bad-key")
                continue
            key = key_node.value
            where = f"{field}.{key}" if field else key
            if key in seen:
                self.error(key_node, where, f"the field is written twice (first on line {seen[key]})", code="duplicate-field")
                continue
            seen[key] = node_line(key_node)
            items.append((key, key_node, value_node))
        return items

    def check_fields(self, node: MappingNode, specs: dict[str, FieldSpec], field: str | None, *, other_scope: dict[str, str] | None = None) -> dict[str, Any]:
        """Check a mapping against `specs`. `other_scope` maps names allowed elsewhere to the reason."""
        values: dict[str, Any] = {}
        for key, key_node, value_node in self.mapping_items(node, field):
            where = f"{field}.{key}" if field else key
            spec = specs.get(key)
            if spec is None:
                if other_scope and key in other_scope:
                    self.error(key_node, where, other_scope[key], code="wrong-file")
                    continue
                guess = did_you_mean(key, list(specs))
                self.error(
                    key_node,
                    where,
                    "unknown field" + (f"; did you mean '{guess}'?" if guess else ""),
                    expected=_allowed_list(sorted(specs), limit=40),
                    found=short(key),
                    code="unknown-field",
                )
                continue
            values[key] = self.check(spec, value_node, where)
        for name, spec in specs.items():
            if name not in values and spec.required:
                where = f"{field}.{name}" if field else name
                help_text = spec.help[:1].lower() + spec.help[1:]
                self.error(
                    None,
                    where,
                    "a required field is missing",
                    expected=f"a line '{name}: …' with {help_text}" if spec.kind not in ("object", "list") else f"'{name}:' with {help_text}",
                    code="missing-field",
                    line=node_line(node) if field else 1,
                )
        return values

    # -- values ------------------------------------------------------------

    def check(self, spec: FieldSpec, node: Node, where: str) -> Any:
        kind = spec.kind
        if kind == "object":
            if not isinstance(node, MappingNode):
                return self.error(node, where, "expected a set of fields", expected=", ".join(f.name for f in spec.fields), found=describe_node(node), code="type")
            values = self.check_fields(node, {f.name: f for f in spec.fields}, where)
            if any(v is INVALID for v in values.values()):
                return INVALID
            return values
        if kind == "list":
            return self._check_list(spec, node, where)
        if not isinstance(node, ScalarNode):
            return self.error(node, where, "expected a single value", expected=spec.help, found=describe_node(node), code="type")
        text = node.value.strip() if isinstance(node.value, str) else str(node.value)
        if node.tag == "tag:yaml.org,2002:null" or (is_plain(node) and text in _YAML_NULLS):
            if spec.required:
                return self.error(node, where, "the value is empty", expected=spec.help, code="empty")
            return None
        checker = getattr(self, "_check_" + kind.replace("-", "_"))
        return checker(spec, node, text, where)

    def _check_list(self, spec: FieldSpec, node: Node, where: str) -> Any:
        assert spec.item is not None
        if isinstance(node, ScalarNode) and spec.item.kind != "object" and node.value.strip() and node.tag != "tag:yaml.org,2002:null":
            # A lone value where a list is expected: accept it as a one-item list.
            items = [node]
        elif isinstance(node, ScalarNode) and (node.tag == "tag:yaml.org,2002:null" or not node.value.strip()):
            items = []
        elif not isinstance(node, SequenceNode):
            return self.error(node, where, "expected a list (one '- item' per line)", found=describe_node(node), code="type")
        else:
            items = list(node.value)
        if len(items) < spec.min_items:
            return self.error(node, where, "the list is empty" if not items else "the list is too short", expected=f"at least {spec.min_items} item(s): {spec.help}", code="empty")
        if spec.max_items is not None and len(items) > spec.max_items:
            self.error(node, where, "the list is too long", expected=f"at most {spec.max_items} items", found=f"{len(items)} items", code="too-long")
        values = []
        seen: set[Any] = set()
        for i, item in enumerate(items):
            value = self.check(spec.item, item, f"{where}[{i + 1}]")
            if value is INVALID:
                continue
            if isinstance(value, str):
                if value in seen:
                    self.error(item, f"{where}[{i + 1}]", "the value is listed twice", found=short(value), code="duplicate-value")
                    continue
                seen.add(value)
            if value is not None:
                values.append(value)
        # The valid items are returned even when some failed (their errors are
        # recorded), so that checks across fields still see them.
        return values

    def _check_text(self, spec: FieldSpec, node: ScalarNode, text: str, where: str) -> Any:
        if spec.max_length is not None and len(text) > spec.max_length:
            return self.error(node, where, "the text is too long", expected=f"at most {spec.max_length} characters", found=f"{len(text)} characters", code="too-long")
        if "\n" in text and spec.max_length is not None and spec.max_length <= 300:
            text = " ".join(text.split())
        return text

    def _check_vocab(self, spec: FieldSpec, node: ScalarNode, text: str, where: str) -> Any:
        assert spec.vocab is not None
        vocab = self.vocab[spec.vocab]
        if text in vocab:
            return text
        guess = did_you_mean(text, vocab.values)
        return self.error(
            node,
            where,
            f"unknown {spec.vocab.replace('_', ' ')}" + (f"; did you mean '{guess}'?" if guess else ""),
            expected=_allowed_list(vocab.values),
            found=short(text),
            code="unknown-value",
        )

    def _check_country(self, spec: FieldSpec, node: ScalarNode, text: str, where: str) -> Any:
        if text in self.vocab.countries:
            return text
        guess = None
        if text.upper() in self.vocab.countries:
            guess = text.upper()
        else:
            try:
                guess = pycountry.countries.lookup(text).alpha_2
            except LookupError:
                guess = None
        return self.error(
            node,
            where,
            "unknown country code" + (f"; did you mean '{guess}'?" if guess else ""),
            expected="a two-letter ISO 3166-1 code in capitals, such as PL, CZ, SI or NO",
            found=short(text),
            code="unknown-value",
        )

    def _check_currency(self, spec: FieldSpec, node: ScalarNode, text: str, where: str) -> Any:
        if len(text) == 3 and pycountry.currencies.get(alpha_3=text) is not None:
            return text
        return self.error(node, where, "unknown currency code", expected="an ISO 4217 code such as EUR, PLN, CZK or NOK", found=short(text), code="unknown-value")

    def _check_date(self, spec: FieldSpec, node: ScalarNode, text: str, where: str) -> Any:
        reason = check_partial_date(text)
        if reason is None and len(text) == 10:
            return text
        return self.error(node, where, f"invalid date: {reason or 'the day is missing'}", expected="a date YYYY-MM-DD that exists", found=short(text), code="date")

    def _check_partial_date(self, spec: FieldSpec, node: ScalarNode, text: str, where: str) -> Any:
        reason = check_partial_date(text)
        if reason is None:
            return text
        return self.error(node, where, f"invalid date: {reason}", expected="YYYY, YYYY-MM or YYYY-MM-DD", found=short(text), code="date")

    def _check_period_end(self, spec: FieldSpec, node: ScalarNode, text: str, where: str) -> Any:
        if text.lower() == "ongoing":
            return "ongoing"
        reason = check_partial_date(text)
        if reason is None:
            return text
        return self.error(node, where, f"invalid date: {reason}", expected="YYYY, YYYY-MM, YYYY-MM-DD or 'ongoing'", found=short(text), code="date")

    def _check_email(self, spec: FieldSpec, node: ScalarNode, text: str, where: str) -> Any:
        if _EMAIL_RE.match(text):
            return text
        return self.error(node, where, "not an e-mail address", expected="an address like name@example.org", found=short(text), code="email")

    def _check_url(self, spec: FieldSpec, node: ScalarNode, text: str, where: str) -> Any:
        scheme = text.split(":", 1)[0].lower() if ":" in text else ""
        if scheme in ("http", "https") and "://" in text and not any(c.isspace() for c in text):
            return text
        return self.error(node, where, "not a web address", expected="an address starting with https:// or http://", found=short(text), code="url")

    def _check_path(self, spec: FieldSpec, node: ScalarNode, text: str, where: str) -> Any:
        posix = PurePosixPath(text.replace("\\", "/"))
        if posix.is_absolute() or ".." in posix.parts or ":" in text or text.startswith("~"):
            return self.error(node, where, "the file must lie inside the practice folder", expected="a file name relative to the practice folder, such as plan.pdf", found=short(text), code="path")
        return posix.as_posix()

    def _check_slug(self, spec: FieldSpec, node: ScalarNode, text: str, where: str) -> Any:
        if SLUG_RE.match(text):
            return text
        return self.error(node, where, "not a practice slug", expected="a folder name of lower-case letters, digits and hyphens", found=short(text), code="slug")

    def _check_number(self, spec: FieldSpec, node: ScalarNode, text: str, where: str) -> Any:
        cleaned = text.replace("_", "")
        if not _NUMBER_RE.match(cleaned) or not is_plain(node):
            return self.error(node, where, "not a number", expected="a number such as 12000 or 50.06", found=short(text), code="number")
        number = float(cleaned)
        if spec.minimum is not None and number < spec.minimum or spec.maximum is not None and number > spec.maximum:
            return self.error(node, where, "the number is out of range", expected=f"between {spec.minimum} and {spec.maximum}" if spec.maximum is not None else f"at least {spec.minimum}", found=text, code="range")
        return int(number) if number.is_integer() and "." not in cleaned else number
