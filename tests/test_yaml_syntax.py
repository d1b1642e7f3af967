"""The front matter's YAML mistakes: each kind named by its own message, where it starts, in every language,
never in PyYAML's English words.

The golden cases (tests/golden/validation/yaml-*.yml) show the messages in full;
here many small front matters check which mistake is named, and at which line
and column, and that no message of any language repeats the parser's text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import GOLDEN, LANGS
from goodpractices.frontmatter import parse_text

# Front matter (between the fences) → (code of the problem, line in the file, column or None).
CASES: dict[str, tuple[str, str, int, int | None]] = {
    "tab indenting a nested field": ("title: A\norganisation:\n\tname: X\n\ttype: municipality\n", "yaml-tab", 4, 1),
    "tab after spaces": ("title: A\norganisation:\n  name: X\n\t type: municipality\n", "yaml-tab", 5, 1),
    "tab before a top-level field": ("title: A\n\tsummary: B\n", "yaml-tab", 3, 1),
    "double quotation mark never closed": ('title: "Plan\nsummary: B\ncountry: PL\n', "yaml-quote-open", 2, 8),
    "quotation mark closed by the next value's": ('title: "Plan\nsummary: B\ncountry: "PL"\nstage: x\n', "yaml-quote-open", 2, 8),
    "single quotation mark never closed": ("title: 'Plan\nsummary: B\n", "yaml-quote-open", 2, 8),
    "nested quotation mark never closed": ('organisation:\n  name: "Gmina\n  type: m\nstage: x\n', "yaml-quote-open", 3, 9),
    "quotation mark closing fields later": ('title: "Plan\nsummary: B"\n', "yaml-quote-spans", 2, 8),
    "apostrophe in single quotation marks": ("title: 'Don't do it'\nsummary: B\n", "yaml-quote-inside", 2, 8),
    "quotation marks inside double ones": ('title: "Plan "A" for all"\nsummary: B\n', "yaml-quote-inside", 2, 8),
    "text after the closing quotation mark": ('title: "Plan" 2024\nsummary: B\n', "yaml-quote-inside", 2, 8),
    "no space after the colon": ("country: PL\ntitle:Foo\ncategory: x\n", "yaml-colon-space", 3, 7),
    "no space after the colon, first line": ("title:Foo\ncountry: PL\n", "yaml-colon-space", 2, 7),
    "no space after the colon, only line": ("title:Plán\n", "yaml-colon-space", 2, 7),
    "': ' in a value": ("title: Plan: 2024\nsummary: B\n", "yaml-colon-in-value", 2, 12),
    "': ' in a nested value": ("organisation:\n  name: Urząd: Gmina\n  type: x\n", "yaml-colon-in-value", 3, 14),
    "value starting with @": ("title: @home\nsummary: B\n", "yaml-special-start", 2, 8),
    "value starting with `": ("title: `x`\nsummary: B\n", "yaml-special-start", 2, 8),
    "value starting with %": ("title: %50 more\nsummary: B\n", "yaml-special-start", 2, 8),
    "value starting with *": ("title: *important* plan\nsummary: B\n", "yaml-special-start", 2, 8),
    "value that is an unknown alias": ("title: *plan\nsummary: B\n", "yaml-special-start", 2, 8),
    "value starting with & and a space": ("title: & Co\nsummary: B\n", "yaml-special-start", 2, 8),
    "value starting with & (the word is lost)": ("title: &Co plan\nsummary: B\n", "yaml-special-start", 2, 8),
    "value starting with ! (the word is lost)": ("title: !Important plan\nsummary: B\n", "yaml-special-start", 2, 8),
    "value starting with ! and a space": ("title: ! plan\nsummary: B\n", "yaml-special-start", 2, 8),
    "value starting with | and text": ("title: | Plan\nsummary: B\n", "yaml-special-start", 2, 8),
    "value starting with > and text": ("title: > 50 pupils\nsummary: B\n", "yaml-special-start", 2, 8),
    "value starting with - and a space": ("title: - plan\nsummary: B\n", "yaml-special-start", 2, 8),
    "value starting with [ as text": ("title: [Draft] Plan\nsummary: B\n", "yaml-special-start", 2, 8),
    "value starting with { as text": ("title: {Draft} Plan\nsummary: B\n", "yaml-special-start", 2, 8),
    "list item starting with @": ("tags:\n  - @home\n", "yaml-special-start", 3, 5),
    "list left open": ("topics: [a, b\nsummary: B\n", "yaml-bracket-open", 2, 9),
    "list left open on the last line": ("summary: B\ntopics: [a, b\n", "yaml-bracket-open", 3, 9),
    "set of fields left open": ("organisation: {name: X, type: y\nsummary: B\n", "yaml-bracket-open", 2, 15),
    "nested field indented more": ("organisation:\n  name: X\n   type: municipality\nsummary: B\n", "yaml-indent", 4, None),
    "nested field indented less": ("organisation:\n  name: X\n type: municipality\nsummary: B\n", "yaml-indent", 4, None),
    "list item indented less": ("topics:\n  - a\n - b\nsummary: B\n", "yaml-indent", 4, None),
    "field of a list item not lined up": ("partners:\n  - name: A\n   type: x\n", "yaml-indent", 4, None),
    "field after a list indented": ("topics:\n- a\n- b\n summary: B\n", "yaml-indent", 5, None),
    "first field indented": ("  title: a\nsummary: b\n", "yaml-indent", 2, None),
    "text of a | block not indented": ("summary: |\nSome text\ntitle: B\n", "yaml-indent", 3, None),
    "field name without a colon": ("title\nsummary: B\n", "yaml-no-colon", 2, None),
    "field written with =": ("summary: B\ntitle = x\n", "yaml-no-colon", 3, None),
    "Windows path in double quotation marks": ('title: "C:\\Users\\jana"\n', "yaml-backslash", 2, 11),
    "comment after a value": ("title: Plan #1 for schools\nsummary: B\n", "yaml-comment", 2, 13),
    "comment instead of a value": ("title: #1 plan\nsummary: B\n", "yaml-comment", 2, 8),
    "control character": ("title: a\x07b\nsummary: B\n", "control-char", 2, 9),
    "control character after letters of two bytes": ("title: Łódź\x07\n", "control-char", 2, 12),
    "document end marker": ("title: a\n...\nsummary: b\n", "yaml", 3, 1),
    "directive": ("%YAML 1.1\ntitle: a\n", "yaml", 2, 1),
}

PYYAML_PHRASES = (
    "found character",
    "cannot start any token",
    "mapping values are not allowed",
    "could not find expected",
    "did not find expected",
    "while scanning",
    "while parsing",
    "end of stream",
    "undefined alias",
    "control characters are not allowed",
    "violates indentation",
    "unknown escape character",
    "hexdecimal",
    "block end",
    "block sequence entries",
    "document start",
    "invalid YAML",
)
"""Words of PyYAML's (and libyaml's) messages: an author never sees them."""


def problems_of(yaml_text: str, lang: str = "cs") -> list:
    _, problems = parse_text(f"---\n{yaml_text}---\n\nText.\n", Path(f"practices/x/{lang}.md"))
    return problems


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_mistake_is_named_where_it_starts(name: str) -> None:
    text, code, line, column = CASES[name]
    problems = problems_of(text)
    assert [(p.code, p.line, p.column) for p in problems][:1] == [(code, line, column)], [p.format() for p in problems]


@pytest.mark.parametrize("name", sorted(CASES))
def test_no_message_repeats_the_parser(name: str) -> None:
    text = CASES[name][0]
    parser_words = []
    try:
        yaml.CSafeLoader(text).get_single_node()
    except yaml.MarkedYAMLError as exc:
        parser_words = [w for w in (exc.problem, exc.context) if w]
    except yaml.YAMLError:
        pass
    for lang in LANGS:
        for problem in problems_of(text, lang):
            shown = problem.format(lang)
            assert not [phrase for phrase in PYYAML_PHRASES if phrase in shown], shown
            assert not [w for w in parser_words if w in shown], shown


def test_every_mistake_has_its_own_message_in_every_language() -> None:
    codes = {code for _, code, _, _ in CASES.values()}
    for lang in LANGS:
        texts = {}
        for text, code, _, _ in CASES.values():
            texts.setdefault(code, problems_of(text, lang)[0].message.render(lang))
        assert len(set(texts.values())) == len(codes), lang


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("ab: -\t\n\"'[]{}#&*!|>%@`?,\\")), max_size=60))
def test_arbitrary_front_matter_gets_no_parser_words(yaml_text: str) -> None:
    for lang in ("en", "cs"):
        for problem in problems_of(yaml_text + "\n", lang):
            shown = problem.format(lang)
            assert not [phrase for phrase in PYYAML_PHRASES if phrase in shown], shown
            assert problem.line is not None and 2 <= problem.line <= yaml_text.count("\n") + 3


@pytest.mark.parametrize(
    ("yaml_text", "severity"),
    [
        ("funding: Town budget # to check\n", "warning"),  # text with a '#' in it, or a note? said, as a warning
        ("funding: Town budget  #1 grant\n", "error"),  # '#1' is text, however far from the value
        ("funding: Town budget    # Who paid for it.\n", None),  # a note set apart, as the new file's examples are
        ("cost:\n  amount: 25000        # Amount, as a number.\n  currency: GBP\n", None),
        ("funding:    # Who paid for it.\n", "warning"),  # nothing but the note: perhaps it was meant as the value
    ],
)
def test_a_note_set_apart_from_its_value_is_a_note(yaml_text: str, severity: str | None) -> None:
    found = [p.severity.value for p in problems_of(yaml_text) if p.code == "yaml-comment"]
    assert found == ([severity] if severity else [])


def test_no_golden_message_repeats_the_parser() -> None:
    """Every problem of every golden case, in every language (tests/golden/messages/): none in PyYAML's words."""
    for lang in LANGS:
        text = (GOLDEN / "messages" / f"{lang}.txt").read_text(encoding="utf-8")
        assert not [phrase for phrase in PYYAML_PHRASES if phrase in text], lang
