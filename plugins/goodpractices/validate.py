"""Checking front-matter YAML nodes against the schema.

`FieldChecker` turns nodes into plain Python values and collects a `Problem`
for everything that does not fit, with the line of the offending node.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any

import pycountry
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .answers import Choice, NoMatch, pick
from .bodycheck import is_on_the_authors_computer
from .errors import Problem, Text, msg, problem, short
from .frontmatter import has_control_characters, node_line
from .messages import field_help
from .schema import FieldSpec
from .slugs import SLUG_RE
from .vocab import INTERFACE_LANGUAGES, Vocabularies, Vocabulary

INVALID: Any = object()
"""Returned for a value that did not validate; a problem has been recorded."""

_EMAIL_RE = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$")
_PARTIAL_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_NUMBER_RE = re.compile(r"^[-+]?\d+(?:\.\d+)?$")
_YAML_NULLS = {"", "~", "null", "Null", "NULL"}
_NULL_TAG = "tag:yaml.org,2002:null"
_CHECK_METHODS: dict[str, str] = {}
"""Kind of a field → name of the `FieldChecker` method that checks a value of it."""
_FIELDS: dict[int, tuple[FieldSpec, dict[str, FieldSpec]]] = {}


def _fields_of(spec: FieldSpec) -> dict[str, FieldSpec]:
    """Name → spec of the fields of an object field (computed once per spec)."""
    cached = _FIELDS.get(id(spec))
    if cached is None or cached[0] is not spec:
        cached = _FIELDS[id(spec)] = (spec, {f.name: f for f in spec.fields})
    return cached[1]


def is_plain(node: ScalarNode) -> bool:
    """True for an unquoted scalar (the C and Python composers spell its style differently)."""
    return not node.style


def is_blank(text: str) -> bool:
    """True if `text` shows nothing: no character but spaces and invisible formatting characters (a zero-width space)."""
    text = text.strip()
    # Most text starts with a letter: one look at its first character.
    return not text or (unicodedata.category(text[0]) == "Cf" and all(c.isspace() or unicodedata.category(c) == "Cf" for c in text))


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


def vocab_guess(found: str, vocab: Vocabulary) -> str | None:
    """The value of `vocab` that `found` names or nearly names: its code, or its label in any interface language
    ("plán rozvoje", "Spolupráce s rodiči"), compared folded as the scaffolder compares answers; else the nearest."""
    text = found.strip()
    if not text or text.isdigit():
        return did_you_mean(found, vocab.values)
    choices = [
        Choice(term.value, term.label("en"), tuple(term.labels.get(lang) or "" for lang in INTERFACE_LANGUAGES)) for term in vocab.terms.values()
    ]
    try:
        return pick(text, choices)
    except NoMatch as missed:
        return missed.suggestions[0] if missed.suggestions else did_you_mean(found, vocab.values)


def vocab_listing(vocab: Vocabulary, lang: str | None) -> str:
    """The allowed values of `vocab`, each as `code (label)` with its label in `lang` (the file's language)."""
    if lang not in INTERFACE_LANGUAGES:
        return ", ".join(vocab.values)
    assert lang is not None
    return ", ".join(f"{value} ({vocab.label(value, lang)})" if vocab.label(value, lang) != value else value for value in vocab.values)


def describe_node(node: Node) -> Text | str:
    if isinstance(node, MappingNode):
        return msg("kind.mapping")
    if isinstance(node, SequenceNode):
        return msg("kind.list")
    return short(node.value)


class LowerFirst(Text):
    """A field's help sentence used inside another sentence: first letter in lower case."""

    def render(self, lang: str) -> str:
        text = field_help(self.key, lang)
        return text[:1].lower() + text[1:]


_LIST_POSITION_RE = re.compile(r"\[\d+\]")


def help_of(where: str) -> LowerFirst:
    return LowerFirst(_LIST_POSITION_RE.sub("", where))


class HelpWithExample(Text):
    """A field's help sentence inside another sentence, followed by an example line of the field (`frame.example`)."""

    def render(self, lang: str) -> str:
        text = LowerFirst(self.key).render(lang).rstrip(".")
        example = dict(self.params).get("example")
        if example is None:
            return text
        return f"{text}; {msg('frame.example', example=example).render(lang)}"


def _example_line(path: str, lang: str) -> str | None:
    """The line of field `path` (`contact.email`) as the example practice in `lang` fills it in: `email: kari@example.org`."""
    from .scaffold import example

    value = example(path, lang)
    if isinstance(value, list):
        if not value or any(isinstance(item, (dict, list)) for item in value):
            return None
        shown = "[" + ", ".join(str(item) for item in value) + "]"
    elif isinstance(value, dict) or value is None:
        return None
    else:
        shown = str(value)
        if len(shown) > 60:
            shown = shown[:57].rstrip() + "…"
    return f"{path.rsplit('.', 1)[-1]}: {shown}"


def help_with_example(where: str, lang: str) -> HelpWithExample:
    """What an empty field expects: its help, and an example in the file's language `lang` (else English)."""
    path = _LIST_POSITION_RE.sub("", where)
    line = _example_line(path, lang if lang in INTERFACE_LANGUAGES else "en")
    return HelpWithExample(path, (("example", line),) if line else ())


_DATE_DMY_RE = re.compile(r"^(\d{1,2})\s*[./]\s*(\d{1,2})\s*[./]\s*(\d{4})$")
"""A date written day first: `1. 9. 2022`, `01.09.2021`, `1/9/2022`."""
_DATE_YMD_RE = re.compile(r"^(\d{4})\s*[./ _]\s*(\d{1,2})(?:\s*[./ _]\s*(\d{1,2}))?\.?$")
"""A date written year first with other separators: `2022/09/01`, `2022.09`."""
_DATE_MY_RE = re.compile(r"^(\d{1,2})\s*[./]\s*(\d{4})$")
"""A month written before its year: `9/2022`, `09.2022`."""


def iso_date_guess(text: str, *, day_needed: bool = False) -> str | None:
    """The ISO form (YYYY-MM-DD, YYYY-MM) that a date written another way probably means, if that date exists."""
    text = text.strip()
    year = month = day = None
    if m := _DATE_DMY_RE.match(text):
        day, month, year = m.groups()
    elif m := _DATE_YMD_RE.match(text):
        year, month, day = m.groups()
    elif m := _DATE_MY_RE.match(text):
        month, year = m.groups()
    else:
        return None
    guess = f"{year}-{int(month):02d}" + (f"-{int(day):02d}" if day else "")
    if check_partial_date(guess) is not None or (day_needed and not day):
        return None
    return guess


def check_partial_date(text: str) -> Text | None:
    """None if `text` is YYYY, YYYY-MM or YYYY-MM-DD and the date exists; else the reason."""
    m = _PARTIAL_DATE_RE.match(text)
    if not m:
        return msg("date-form.message")
    year, month, day = m.groups()
    if month and not 1 <= int(month) <= 12:
        return msg("date-month.message", month=month)
    if day:
        try:
            dt.date(int(year), int(month), int(day))
        except ValueError:
            return msg("date-day.message")
    return None


class FieldChecker:
    """Validates the fields of one file; problems accumulate in `problems`."""

    def __init__(self, path: Path, vocab: Vocabularies, problems: list[Problem], *, elsewhere: Mapping[str, tuple[Text, Text]] | None = None):
        self.path = path
        self.vocab = vocab
        self.problems = problems
        self.elsewhere = elsewhere
        """Fields written in another file: path without list positions (`cost.amount`, `partners.type`) → (message,
        expected) of the problem reported where this file carries one."""

    # -- reporting ---------------------------------------------------------

    def error(self, node: Node | None, field: str | None, key: str, *, line: int | None = None, **details: Any) -> Any:
        if line is None and node is not None:
            line = node_line(node)
        self.problems.append(problem(self.path, line, field, key, **details))
        return INVALID

    # -- mappings ----------------------------------------------------------

    def mapping_items(self, node: MappingNode, field: str | None) -> list[tuple[str, Node, Node]]:
        """(key, key node, value node) for each entry; reports non-text and duplicate keys."""
        seen: dict[str, Node] = {}
        items: list[tuple[str, Node, Node]] = []
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.error(key_node, field, "bad-key", found=describe_node(key_node))
                continue
            key = key_node.value
            if key in seen:
                where = f"{field}.{key}" if field else key
                self.error(key_node, where, "duplicate-field", first=node_line(seen[key]))
                continue
            seen[key] = key_node
            items.append((key, key_node, value_node))
        return items

    def check_fields(self, node: MappingNode, specs: dict[str, FieldSpec], field: str | None) -> dict[str, Any]:
        """Check a mapping against `specs`."""
        values: dict[str, Any] = {}
        for key, key_node, value_node in self.mapping_items(node, field):
            where = f"{field}.{key}" if field else key
            spec = specs.get(key)
            if spec is None:
                elsewhere = self.elsewhere.get(_LIST_POSITION_RE.sub("", where)) if self.elsewhere else None
                if elsewhere is not None:
                    message, expected = elsewhere
                    self.problems.append(Problem(self.path, node_line(key_node), where, message, expected, describe_node(value_node), code="wrong-file"))
                    continue
                self.error(key_node, where, "unknown-field", allowed=", ".join(sorted(specs)), found=short(key), guess=did_you_mean(key, list(specs)))
                continue
            values[key] = self.check(spec, value_node, where)
        for name, spec in specs.items():
            if name not in values and spec.required:
                where = f"{field}.{name}" if field else name
                self.error(
                    None,
                    where,
                    "missing-field",
                    expected=msg("missing-field.expected", name=name, help=help_of(where)),
                    line=node_line(node) if field else 1,
                )
        return values

    # -- values ------------------------------------------------------------

    def check(self, spec: FieldSpec, node: Node, where: str) -> Any:
        kind = spec.kind
        text = ""  # a scalar's text: only scalars reach the checks that read it
        if isinstance(node, ScalarNode):
            value = node.value
            text = value.strip() if isinstance(value, str) else str(value)
            # (`is_blank` only where the first character may be an invisible one: most text starts with a letter.)
            if node.tag == _NULL_TAG or (not node.style and text in _YAML_NULLS) or not text or (text[0] >= "\xad" and is_blank(text)):
                # `field:` with nothing after it (or only spaces, in quotation marks): fine for an optional
                # field, "still to fill in" for a required one.
                if spec.required:
                    return self.error(node, where, "empty", expected=help_with_example(where, self.path.stem))
                return None
            if node.style == '"' and has_control_characters(text):
                # YAML refuses them as they are (`frontmatter.parse_text` reports those): these were written as
                # a backslash and a letter between double quotation marks ("\a", "C:\Plans" holds "\P").
                character = next(c for c in text if has_control_characters(c))
                return self.error(node, where, "escaped-control", code=f"U+{ord(character):04X}")
        if kind == "object":
            if not isinstance(node, MappingNode):
                return self.error(node, where, "type-mapping", fields=", ".join(f.name for f in spec.fields), found=describe_node(node))
            values = self.check_fields(node, _fields_of(spec), where)
            if any(v is INVALID for v in values.values()) or any(f.required and values.get(f.name) is None for f in spec.fields):
                return INVALID  # the problems are recorded; callers get complete objects only
            return values
        if kind == "list":
            return self._check_list(spec, node, where)
        if not isinstance(node, ScalarNode):
            return self.error(node, where, "type-scalar", expected=help_of(where), found=describe_node(node))
        method = _CHECK_METHODS.get(kind)
        if method is None:
            method = _CHECK_METHODS[kind] = "_check_" + kind.replace("-", "_")
        return getattr(self, method)(spec, node, text, where)

    def _check_list(self, spec: FieldSpec, node: Node, where: str) -> Any:
        assert spec.item is not None
        if isinstance(node, ScalarNode) and spec.item.kind != "object" and node.value.strip() and node.tag != _NULL_TAG:
            # A lone value where a list is expected: accept it as a one-item list.
            items: list[Node] = [node]
        elif isinstance(node, ScalarNode) and (node.tag == _NULL_TAG or not node.value.strip()):
            items = []
        elif not isinstance(node, SequenceNode):
            return self.error(node, where, "type-list", found=describe_node(node))
        else:
            items = list(node.value)
        if len(items) < spec.min_items:
            return self.error(node, where, "empty-list" if not items else "short-list", expected=msg("short-list.expected", n=spec.min_items, help=help_of(where)))
        if spec.max_items is not None and len(items) > spec.max_items:
            self.error(node, where, "long-list", n=spec.max_items, found=msg("kind.items", n=len(items)))
        values = []
        seen: set[Any] = set()
        for i, item in enumerate(items):
            value = self.check(spec.item, item, f"{where}[{i + 1}]")
            if value is INVALID:
                continue
            if value is None and isinstance(item, ScalarNode):
                # A '- ' with nothing after it (an item is never required: `check` gives None): something was to be written there.
                self.error(item, f"{where}[{i + 1}]", "empty-item")
                continue
            if isinstance(value, str):
                if value in seen:
                    self.error(item, f"{where}[{i + 1}]", "duplicate-value", found=short(value))
                    continue
                seen.add(value)
            if value is not None:
                values.append(value)
        # The valid items are returned even when some failed (their errors are
        # recorded), so that checks across fields still see them.
        return values

    def _check_text(self, spec: FieldSpec, node: ScalarNode, text: str, where: str) -> Any:
        if spec.max_length is not None and len(text) > spec.max_length:
            return self.error(node, where, "too-long", n=spec.max_length, found=msg("kind.characters", n=len(text)))
        if "\n" in text and spec.max_length is not None and spec.max_length <= 300:
            text = " ".join(text.split())
        return text

    def _check_vocab(self, spec: FieldSpec, node: ScalarNode, text: str, where: str) -> Any:
        assert spec.vocab is not None
        vocab = self.vocab[spec.vocab]
        if text in vocab:
            return text
        return self.error(
            node,
            where,
            "unknown-value",
            vocabulary=msg(f"vocab.{spec.vocab}"),
            allowed=vocab_listing(vocab, self.path.stem),
            found=short(text),
            guess=vocab_guess(text, vocab),
        )

    def _check_country(self, spec: FieldSpec, node: ScalarNode, text: str, where: str) -> Any:
        if text in self.vocab.countries:
            return text
        try:
            guess: str | None = self.vocab.countries.code(text)  # a name, or a code in lower case
        except NoMatch as nearest:
            guess = nearest.suggestions[0] if nearest.suggestions else None
        return self.error(node, where, "unknown-country", found=short(text), guess=guess)

    def _check_currency(self, spec: FieldSpec, node: ScalarNode, text: str, where: str) -> Any:
        if len(text) == 3 and pycountry.currencies.get(alpha_3=text) is not None:
            return text
        guess = text.upper() if len(text) == 3 and pycountry.currencies.get(alpha_3=text.upper()) is not None else None
        return self.error(node, where, "unknown-currency", found=short(text), guess=guess)

    def _date_error(self, node: ScalarNode, where: str, reason: Text, expected: str, text: str) -> Any:
        guess = iso_date_guess(text, day_needed=expected == "date-full.expected")
        hint = msg("frame.did_you_mean", guess=guess) if guess else None
        self.problems.append(Problem(self.path, node_line(node), where, reason, msg(expected), short(text), code="date", hint=hint))
        return INVALID

    def _check_date(self, spec: FieldSpec, node: ScalarNode, text: str, where: str) -> Any:
        reason = check_partial_date(text)
        if reason is None and len(text) == 10:
            return text
        return self._date_error(node, where, reason or msg("date-no-day.message"), "date-full.expected", text)

    def _check_partial_date(self, spec: FieldSpec, node: ScalarNode, text: str, where: str) -> Any:
        reason = check_partial_date(text)
        if reason is None:
            return text
        return self._date_error(node, where, reason, "date-partial.expected", text)

    def _check_period_end(self, spec: FieldSpec, node: ScalarNode, text: str, where: str) -> Any:
        if text.lower() == "ongoing":
            return "ongoing"
        reason = check_partial_date(text)
        if reason is None:
            return text
        return self._date_error(node, where, reason, "date-end.expected", text)

    def _check_email(self, spec: FieldSpec, node: ScalarNode, text: str, where: str) -> Any:
        if _EMAIL_RE.match(text):
            return text
        return self.error(node, where, "email", found=short(text))

    def _check_url(self, spec: FieldSpec, node: ScalarNode, text: str, where: str) -> Any:
        scheme = text.split(":", 1)[0].lower() if ":" in text else ""
        if scheme in ("http", "https") and "://" in text and not any(c.isspace() for c in text):
            return text
        return self.error(node, where, "url", found=short(text))

    def _check_path(self, spec: FieldSpec, node: ScalarNode, text: str, where: str) -> Any:
        if is_on_the_authors_computer(text):
            name = text.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
            return self.error(node, where, "local-file", found=short(text), example=f"{spec.name}: {name or 'plan.pdf'}")
        posix = PurePosixPath(text.replace("\\", "/"))
        if posix.is_absolute() or ".." in posix.parts or ":" in text or text.startswith("~"):
            return self.error(node, where, "path", found=short(text))
        return posix.as_posix()

    def _check_slug(self, spec: FieldSpec, node: ScalarNode, text: str, where: str) -> Any:
        if SLUG_RE.match(text):
            return text
        return self.error(node, where, "slug", found=short(text))

    def _check_bool(self, spec: FieldSpec, node: ScalarNode, text: str, where: str) -> Any:
        if is_plain(node) and text.lower() in ("true", "yes", "on"):
            return True
        if is_plain(node) and text.lower() in ("false", "no", "off"):
            return False
        return self.error(node, where, "bool", found=short(text))

    def _check_number(self, spec: FieldSpec, node: ScalarNode, text: str, where: str) -> Any:
        cleaned = text.replace("_", "")
        if not _NUMBER_RE.match(cleaned) or not is_plain(node):
            return self.error(node, where, "number", found=short(text))
        number = float(cleaned)
        if (spec.minimum is not None and number < spec.minimum) or (spec.maximum is not None and number > spec.maximum):
            if spec.maximum is not None:
                return self.error(node, where, "range", minimum=spec.minimum, maximum=spec.maximum, found=text)
            return self.error(node, where, "range", expected=msg("range-min.expected", minimum=spec.minimum), found=text)
        return int(number) if number.is_integer() and "." not in cleaned else number
