"""The GitHub issue forms through which authors without git send a practice or a translation.

There are two kinds of form, each in every interface language: *practice* (a new
practice: its shared data and the text of its first language) and *translation*
(a new language version of a practice already in the collection). A form's words
come from data/forms.yml, its options from the vocabularies, its questions from
`QUESTIONS` below; `scripts/issue_forms.py` writes them to `.github/ISSUE_TEMPLATE/`
and the test suite checks that the committed files are exactly what it makes.

GitHub sends a submitted form as Markdown: one `### <label>` heading per question,
the answer below it, `_No response_` for an empty answer, the options of a
multiple dropdown joined by ", " and checkboxes as `- [X] option` lines.
`read_issue` finds which form (kind and language) a body was written with from its
headings, and gives the answers by question; the bot (`proposal.py`) then answers
in that language.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .plural import plural_form
from .vocab import INTERFACE_LANGUAGES, Vocabularies

FORMS_FILE = Path(__file__).parent / "data" / "forms.yml"
LABEL = "practice-proposal"
"""The issue label every form sets and the conversion workflow reacts to."""
KINDS = ("practice", "translation")
SECTION_PREFIX = "section_"
CONSENT_ID = "licence"
SECTIONS_REQUIRED = ("context", "problem", "solution")
"""Sections the practice form requires (a translation must translate the sections its practice has)."""
NO_RESPONSE = "_No response_"
LABEL_MAX = 100
"""Our limit on a question's label: it is a heading of the issue, read back by the bot."""


# -- texts -----------------------------------------------------------------------------------------


class FormTexts:
    """The forms' and the bot's words by key and language (data/forms.yml), English as the fallback."""

    def __init__(self, path: Path = FORMS_FILE) -> None:
        with path.open(encoding="utf-8") as fh:
            self.entries: dict[str, dict[str, Any]] = yaml.load(fh, Loader=yaml.CSafeLoader) or {}

    def __contains__(self, key: str) -> bool:
        return key in self.entries

    def get(self, key: str, lang: str, **params: object) -> str:
        """The text of `key` in `lang`, `{param}`s filled; a counting text takes the plural form of `n`."""
        entry = self.entries.get(key)
        if entry is None:
            raise KeyError(f"no text {key!r} in {FORMS_FILE.name}")
        text = entry.get(lang) or entry["en"]
        if isinstance(text, dict):
            count = params.get("n")
            text = plural_form(text, lang if lang in entry else "en", count if isinstance(count, int) else 0)
        return str(text).format(**params) if params else str(text)


@lru_cache(maxsize=1)
def form_texts() -> FormTexts:
    return FormTexts()


# -- the questions -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    """One element of a form: a question and where its answer goes, or a block of text (`markdown`)."""

    id: str
    type: str
    """input, textarea, dropdown, checkboxes, or markdown (text shown in the form, not submitted)."""
    target: str | None = None
    """Dotted front-matter field the answer becomes (None: handled by the conversion itself)."""
    required: bool = False
    vocab: str | None = None
    """Vocabulary of a dropdown's or checkboxes' options."""
    multiple: bool = False
    lines: bool = False
    """One item per line (a list such as the key results)."""

    @property
    def asks(self) -> bool:
        """A question the author answers (not a block of text)."""
        return self.type != "markdown"


def _q(id: str, type: str, target: str | None = None, **kwargs: Any) -> Question:
    return Question(id, type, target, **kwargs)


QUESTIONS: dict[str, tuple[Question, ...]] = {
    "practice": (
        _q("intro", "markdown"),
        _q("language", "dropdown", required=True, vocab="language"),
        _q("title", "input", "title", required=True),
        _q("summary", "textarea", "summary", required=True),
        _q("results", "textarea", "results", lines=True),
        _q("category", "dropdown", "category", required=True, vocab="category"),
        _q("country", "input", "country", required=True),
        _q("region", "input", "region"),
        _q("municipality", "input", "municipality"),
        _q("slug", "input"),
        _q("organisation_name", "input", "organisation.name", required=True),
        _q("organisation_type", "dropdown", "organisation.type", required=True, vocab="organisation_type"),
        _q("organisation_website", "input", "organisation.website"),
        _q("level_of_government", "dropdown", "level_of_government", required=True, vocab="level_of_government"),
        _q("education_levels", "checkboxes", "education_levels", required=True, vocab="education_level", multiple=True),
        _q("topics", "dropdown", "topics", required=True, vocab="topic", multiple=True),
        _q("tags", "input", "tags"),
        _q("period_start", "input", "period.start", required=True),
        _q("period_end", "input", "period.end"),
        _q("stage", "dropdown", "stage", required=True, vocab="stage"),
        _q("funding", "textarea", "funding"),
        _q("cost_amount", "input", "cost.amount"),
        _q("cost_currency", "input", "cost.currency"),
        _q("cost_note", "textarea", "cost.note"),
        _q("partners", "textarea", "partners", lines=True),
        _q("links", "textarea", "links", lines=True),
        _q("contact_name", "input", "contact.name", required=True),
        _q("contact_role", "input", "contact.role"),
        _q("contact_email", "input", "contact.email", required=True),
        _q("body_intro", "markdown"),
        # the sections of the body follow (one textarea per section of the template), then the licence
    ),
    "translation": (
        _q("intro", "markdown"),
        _q("practice", "input", required=True),
        _q("language", "dropdown", required=True, vocab="language"),
        _q("title", "input", "title", required=True),
        _q("summary", "textarea", "summary", required=True),
        _q("results", "textarea", "results", lines=True),
        _q("texts_intro", "markdown"),
        _q("tags", "input", "tags"),
        _q("contact_role", "input", "contact.role"),
        _q("funding", "textarea", "funding"),
        _q("cost_note", "textarea", "cost.note"),
        _q("partners", "textarea", "partners", lines=True),
        _q("attachments", "textarea", "attachments", lines=True),
        _q("links", "textarea", "links", lines=True),
        _q("body_intro", "markdown"),
    ),
}


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def fold(text: str) -> str:
    """Case, accents and spacing folded away: what two spellings of one answer have in common."""
    text = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


_FOLD = str.maketrans({"ł": "l", "ø": "o", "æ": "ae", "đ": "d", "ß": "ss", "œ": "oe", "þ": "th", "ð": "d", "ı": "i"})


@dataclass(frozen=True)
class Form:
    """One issue form: a kind of form in one language, with the site's languages as the language options."""

    kind: str
    lang: str
    vocab: Vocabularies
    languages: tuple[str, ...]
    """The languages a text may be written in (the site's)."""

    @property
    def questions(self) -> list[Question]:
        """Every element of the form, in order: the kind's questions, a textarea per section, the licence."""
        sections = [
            Question(SECTION_PREFIX + key, "textarea", required=self.kind == "practice" and key in SECTIONS_REQUIRED)
            for key in self.vocab["section"].values
        ]
        return [*QUESTIONS[self.kind], *sections, Question(CONSENT_ID, "checkboxes", required=True)]

    @property
    def asked(self) -> list[Question]:
        return [q for q in self.questions if q.asks]

    def question(self, id: str) -> Question:
        return next(q for q in self.questions if q.id == id)

    def text(self, key: str, **params: object) -> str:
        return form_texts().get(key, self.lang, **params)

    def _attribute(self, question: Question, name: str) -> str | None:
        texts = form_texts()
        keys = [f"field.{question.id}.{name}"]
        if self.kind == "translation":
            # A translation's texts are in the language of the translation, not the form's: the practice form's
            # examples (in the form's language, of another kind of answer) would mislead.
            keys = [f"translation.{question.id}.{name}"] if name == "placeholder" else [f"translation.{question.id}.{name}", *keys]
        for key in keys:
            if key in texts:
                return texts.get(key, self.lang)
        return None

    def label(self, question: Question) -> str:
        """The question as the form asks it (and as the issue's heading shows it)."""
        if question.id.startswith(SECTION_PREFIX):
            return self.vocab["section"].label(question.id.removeprefix(SECTION_PREFIX), self.lang)
        label = self._attribute(question, "label")
        if label is None:
            raise KeyError(f"no label for {question.id!r} in {FORMS_FILE.name}")
        return label

    def description(self, question: Question) -> str | None:
        if question.id.startswith(SECTION_PREFIX):
            return self.text("translation.section") if self.kind == "translation" else self.text(f"section.{question.id.removeprefix(SECTION_PREFIX)}")
        return self._attribute(question, "description")

    def placeholder(self, question: Question) -> str | None:
        return None if question.id.startswith(SECTION_PREFIX) else self._attribute(question, "placeholder")

    def consent(self) -> str:
        return self.text(f"{'translation' if self.kind == 'translation' else 'field'}.licence.consent")

    # -- options -------------------------------------------------------------------------------

    def values(self, question: Question) -> list[str]:
        """The vocabulary values a dropdown or checkboxes question offers, in order."""
        assert question.vocab is not None
        if question.vocab == "language":
            return [lang for lang in self.languages if lang in self.vocab["language"]]
        return self.vocab[question.vocab].values

    def option(self, question: Question, value: str) -> str:
        """The text of an option in the form's language (a language also by its own name: `Czech – Čeština`)."""
        assert question.vocab is not None
        label = _capitalised(self.vocab[question.vocab].label(value, self.lang))
        if question.vocab == "language":
            native = self.vocab.native_language_name(value)
            if fold(native) != fold(label):
                return f"{label} – {native}"
        return label

    def options(self, question: Question) -> list[str]:
        return [self.option(question, value) for value in self.values(question)]

    def lookup(self, question: Question) -> dict[str, str]:
        """Every accepted spelling of an option (folded) → its value.

        The option in any form's language, the value itself and its labels all map
        back, so that an issue edited by hand (or an option from another form) still converts.
        """
        assert question.vocab is not None
        found: dict[str, str] = {}
        for value in self.values(question):
            term = self.vocab[question.vocab].terms[value]
            spellings = [self.option(question, value), value, *term.labels.values()]
            spellings += [Form(self.kind, lang, self.vocab, self.languages).option(question, value) for lang in INTERFACE_LANGUAGES]
            if question.vocab == "language":
                spellings.append(self.vocab.native_language_name(value))
            for spelling in spellings:
                found.setdefault(fold(spelling), value)
        return found

    # -- the YAML GitHub reads --------------------------------------------------------------------

    def to_github(self) -> dict[str, Any]:
        """The form in GitHub's issue-forms syntax."""
        body: list[dict[str, Any]] = []
        for question in self.questions:
            if not question.asks:
                body.append({"type": "markdown", "attributes": {"value": self.text(f"form.{self.kind}.{question.id}") + "\n"}})
                continue
            attributes: dict[str, Any] = {"label": self.label(question)}
            description = self.description(question)
            if description:
                attributes["description"] = description
            entry: dict[str, Any] = {"type": question.type, "id": question.id, "attributes": attributes}
            if question.type == "dropdown":
                attributes["multiple"] = question.multiple
                attributes["options"] = self.options(question)
                if question.id == "language" and self.kind == "practice" and self.lang in self.values(question):
                    # The text is usually in the form's language: chosen already, can be changed.
                    attributes["default"] = self.values(question).index(self.lang)
            elif question.type == "checkboxes":
                if question.id == CONSENT_ID:
                    attributes["options"] = [{"label": self.consent(), "required": True}]
                else:
                    attributes["options"] = [{"label": option} for option in self.options(question)]
            else:
                placeholder = self.placeholder(question)
                if placeholder:
                    attributes["placeholder"] = placeholder
            if question.type != "checkboxes":
                entry["validations"] = {"required": question.required}
            body.append(entry)
        return {
            "name": self.text(f"form.{self.kind}.name"),
            "description": self.text(f"form.{self.kind}.about"),
            "title": self.text(f"form.{self.kind}.title"),
            "labels": [LABEL],
            "body": body,
        }


def all_forms(vocab: Vocabularies, languages: Sequence[str]) -> list[Form]:
    """Every form: each kind in each of the site's interface languages."""
    langs = tuple(lang for lang in languages if lang in INTERFACE_LANGUAGES)
    return [Form(kind, lang, vocab, langs) for kind in KINDS for lang in langs]


def form_file_name(form: Form) -> str:
    return f"propose-{form.kind}-{form.lang}.yml"


# -- reading a submitted issue -------------------------------------------------------------------------


class FormError(Exception):
    """The body cannot be read as one of the forms at all."""


@dataclass
class Submission:
    """What an issue body says: the form it was written with and the answer to each question."""

    form: Form
    answers: dict[str, str | None]
    """Question id → its answer (None when left empty); a question missing from the body has no entry."""
    twice: list[str]
    """Questions whose heading appears more than once (their answers are not used)."""


_HEADING = re.compile(r"^###[ \t]+(.+?)[ \t]*#*[ \t]*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _headings(lines: Iterable[str]) -> list[str]:
    return [m.group(1) for line in lines if (m := _HEADING.match(line))]


def read_issue(text: str, forms: Sequence[Form]) -> Submission:
    """The answers of an issue body, read with the form whose questions its headings are.

    The form is the one whose labels match most of the body's headings (its kind and its
    language). Only headings that are labels of that form split the body, so an answer
    may contain `###` headings of its own.
    """
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = text.split("\n")
    headings = [fold(h) for h in _headings(lines)]
    best: tuple[int, Form] | None = None
    for form in forms:
        labels = {fold(form.label(q)) for q in form.asked}
        score = sum(1 for h in headings if h in labels)
        if score and (best is None or score > best[0]):
            best = (score, form)
    if best is None:
        raise FormError("none of the forms' questions was found in the issue")
    form = best[1]
    by_label = {fold(form.label(q)): q for q in form.asked}
    collected: dict[str, list[str]] = {}
    current: str | None = None
    twice: list[str] = []
    for line in lines:
        m = _HEADING.match(line)
        question = by_label.get(fold(m.group(1))) if m else None
        if question is not None:
            current = question.id
            if current in collected and current not in twice:
                twice.append(current)
            collected[current] = []
            continue
        if current is not None:
            collected[current].append(line)
    answers: dict[str, str | None] = {}
    for question_id, answer_lines in collected.items():
        value = "\n".join(line.rstrip() for line in answer_lines).strip()
        answers[question_id] = None if value in ("", NO_RESPONSE) else value
    return Submission(form, answers, twice)


_CHECKBOX = re.compile(r"^\s*[-*][ \t]+\[([ xX])\][ \t]+(.*?)\s*$")


def checked_options(answer: str) -> list[str]:
    """The options ticked in a checkboxes answer (`- [X] option`)."""
    return [m.group(2) for line in answer.split("\n") if (m := _CHECKBOX.match(line)) and m.group(1) in "xX"]


def one_line(text: str) -> str:
    return " ".join(text.split())


def split_multiple(answer: str, lookup: Mapping[str, str]) -> tuple[list[str], list[str]]:
    """Options of a multiple dropdown, joined by ", " in the body: (values, unknown parts).

    An option whose text itself holds ", " (Slovenian "Razvoj, ki izhaja iz šole") is
    recognised by joining neighbours, the longest match first.
    """
    parts = [p.strip() for p in one_line(answer).split(", ")]
    values: list[str] = []
    unknown: list[str] = []
    i = 0
    while i < len(parts):
        for j in range(len(parts), i, -1):
            candidate = fold(", ".join(parts[i:j]))
            if candidate in lookup:
                values.append(lookup[candidate])
                i = j
                break
        else:
            if parts[i]:
                unknown.append(parts[i])
            i += 1
    return list(dict.fromkeys(values)), unknown
