"""The questions of the scaffolder (scripts/new_practice.py), in the author's language.

A question with a fixed set of answers shows them numbered, with their names in the author's
language, and takes the number, the code or the name (`answers.pick`); a country is taken by any of
its names (`Countries.code`); the short name is suggested from the municipality and the title
(`slugs.suggest_slug`), as the issue bot suggests it. What is not accepted is
said in the author's language, with the nearest answers, and the question is asked again. Answering
the first question, the language of the text, also switches the questions to that language.

The same checks read the options given on the command line (`Interview.check`). Input and output
are functions the caller provides, so that the questions run alike on a terminal, from a pipe and in
tests.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .answers import Choice, NoMatch, answer_key, pick, pick_many
from .scaffold import example, t
from .slugs import chosen_slug_problem, slug_meant, slug_taken, suggest_slug
from .vocab import Vocabularies

Kind = Literal["language", "choice", "choices", "country", "text", "slug"]
Answer = str | list[str]


@dataclass(frozen=True)
class Question:
    """One question of the scaffolder."""

    name: str
    """The answer's name: its option is `--` and the name with hyphens (`--organisation-type`)."""
    kind: Kind
    required: bool
    """Needed to write the file; the others may be left for the author to fill in the file."""
    vocab: str | None = None
    """The vocabulary of a choice."""
    field: str | None = None
    """The front-matter field the answer fills in (`organisation.type`), when it is not the name."""

    @property
    def option(self) -> str:
        return "--" + self.name.replace("_", "-")


QUESTIONS: tuple[Question, ...] = (
    Question("lang", "language", required=True),
    Question("title", "text", required=False),
    Question("category", "choice", required=True, vocab="category"),
    Question("country", "country", required=True),
    Question("municipality", "text", required=True),
    Question("slug", "slug", required=True),
    Question("organisation_type", "choice", required=False, vocab="organisation_type", field="organisation.type"),
    Question("level_of_government", "choice", required=False, vocab="level_of_government"),
    Question("education_levels", "choices", required=False, vocab="education_level"),
    Question("topics", "choices", required=False, vocab="topic"),
    Question("stage", "choice", required=False, vocab="stage"),
)
"""In the order they are asked: the short name is suggested from the title and the municipality before it."""

USUAL_COUNTRIES = {"pl": "PL", "cs": "CZ", "sl": "SI", "nb": "NO", "en": "GB"}
"""The country of each interface language: the example of a country name in that language, and (but
English's, spoken in too many countries to list one) the choices offered when asking for a country."""


class Refused(ValueError):
    """An answer that cannot be used; the message says why, in the author's language."""


class NoMoreAnswers(Exception):
    """The input ended before every question was answered."""


class Interview:
    """Asks the questions not answered by options, in the author's language, and checks every answer."""

    def __init__(
        self,
        *,
        lang: str,
        languages: Sequence[str],
        vocab: Vocabularies,
        practices_dir: Path,
        read: Callable[[str], str | None],
        write: Callable[[str], None],
        complain: Callable[[str], None],
    ) -> None:
        self.lang = lang
        """The author's language: the questions', answers' and messages'."""
        self.languages = tuple(languages)
        self.vocab = vocab
        self.practices_dir = practices_dir
        self._read = read
        self._write = write
        self._complain = complain
        self.answers: dict[str, Answer] = {}

    # -- the choices, in the author's language ------------------------------------------------

    def choices(self, question: Question) -> list[Choice]:
        if question.kind == "language":
            languages = self.vocab["language"]
            return [
                Choice(code, languages.label(code, self.lang), (self.vocab.native_language_name(code), *(languages.label(code, lang) for lang in self.languages)))
                for code in self.languages
            ]
        if question.kind == "country":
            usual = sorted({USUAL_COUNTRIES[lang] for lang in self.languages if lang in USUAL_COUNTRIES and lang != "en"}, key=self._country_sort_key)
            return [Choice(code, self.vocab.countries.name(code, self.lang)) for code in usual]
        assert question.vocab is not None
        vocabulary = self.vocab[question.vocab]
        return [Choice(value, vocabulary.label(value, self.lang), tuple(vocabulary.label(value, lang) for lang in self.languages)) for value in vocabulary.values]

    def _country_sort_key(self, code: str) -> str:
        return answer_key(self.vocab.countries.name(code, self.lang))

    def shown(self, question: Question, choice: Choice) -> str:
        """A choice as the list shows it: its name, then its code (a language also by its own name)."""
        if question.kind == "language":
            native = self.vocab.native_language_name(choice.value)
            name = choice.label if answer_key(native) == answer_key(choice.label) else f"{choice.label} – {native}"
            return f"{name} ({choice.value})"
        return choice.label if choice.label == choice.value else f"{choice.label} ({choice.value})"

    def label(self, question: Question, value: Answer) -> str:
        """An accepted answer, as confirmed to the author."""
        if isinstance(value, list):
            return ", ".join(self.label(question, v) for v in value)
        if question.kind == "country":
            return f"{self.vocab.countries.name(value, self.lang)} ({value})"
        if question.kind in ("choice", "choices", "language"):
            return next((self.shown(question, c) for c in self.choices(question) if c.value == value), value)
        return value

    # -- checking an answer ------------------------------------------------------------------

    def check(self, question: Question, text: str, *, from_option: bool = False) -> Answer | None:
        """The value of an answer (None: left empty, for a question that is not required), or `Refused`."""
        text = text.strip()
        if not text:
            if question.required:
                raise Refused(t("refuse.empty", self.lang))
            return None
        if question.kind == "text":
            return text
        if question.kind == "slug":
            return self._check_slug(text)
        if question.kind == "country":
            listed = self.choices(question)
            if text.isdigit() and 1 <= int(text) <= len(listed):
                return listed[int(text) - 1].value
            try:
                return self.vocab.countries.code(text)
            except NoMatch as exc:
                usual = USUAL_COUNTRIES.get(self.lang, "CZ")
                raise Refused(
                    t("refuse.country", self.lang, found=exc.found, example=self.vocab.countries.name(usual, self.lang), code=usual)
                    + self._did_you_mean([f"{self.vocab.countries.name(c, self.lang)} ({c})" for c in exc.suggestions])
                ) from None
        choices = self.choices(question)
        try:
            return pick_many(text, choices) if question.kind == "choices" else pick(text, choices)
        except NoMatch as exc:
            if from_option:
                reason = t("refuse.value", self.lang, found=exc.found, values=", ".join(c.value for c in choices))
                hint = self._did_you_mean(exc.suggestions)
            else:
                reason = t("refuse.choice", self.lang, found=exc.found, count=len(choices))
                numbered = {c.value: f"{i} {self.shown(question, c)}" for i, c in enumerate(choices, 1)}
                hint = self._did_you_mean([numbered[value] for value in exc.suggestions])
            raise Refused(reason + hint) from None

    def _check_slug(self, text: str) -> str:
        problem = chosen_slug_problem(text, self.practices_dir)
        if problem in ("not-a-slug", "too-long"):
            # What was meant, as a short name, is the example; else one made of the examples' place and title.
            meant = slug_meant(text) or suggest_slug(str(example("municipality", self.lang)), str(example("title", self.lang)), taken=lambda slug: False)
            raise Refused(t("refuse.slug", self.lang, found=text, example=meant or "slug"))
        if problem == "reserved":
            raise Refused(t("refuse.reserved", self.lang, found=text))
        if problem == "taken":
            raise Refused(t("exists", self.lang, path=f"{self.practices_dir.name}/{text}"))
        return text

    def _did_you_mean(self, suggestions: Sequence[str]) -> str:
        if not suggestions:
            return ""
        quoted = [f"'{s}'" for s in suggestions]
        options = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} {t('refuse.or', self.lang)} {quoted[-1]}"
        return f" ({t('refuse.did_you_mean', self.lang, options=options)})"

    # -- asking ------------------------------------------------------------------------------

    def run(self, given: Mapping[str, Answer], questions: Sequence[Question] = QUESTIONS) -> dict[str, Answer]:
        """Every answer: those `given` (already checked), and the others asked. Raises `NoMoreAnswers`."""
        self.answers = dict(given)
        for question in questions:
            if question.name in self.answers:
                continue
            value = self.ask(question)
            if value is not None:
                self.answers[question.name] = value
            if question.kind == "language" and isinstance(value, str):
                self.lang = value  # the questions go on in the language of the text
        return self.answers

    def ask(self, question: Question) -> Answer | None:
        """Asks until the answer is accepted (None: left empty)."""
        later = "" if question.required else f" ({t('hint.later', self.lang)})"
        suggestion = self._suggested_slug() if question.kind == "slug" else None
        if question.kind == "text":
            header, prompt = [], t(f"ask.{question.name}", self.lang) + later
        elif question.kind == "slug":
            header = [t("ask.slug", self.lang)] if suggestion else []
            prompt = t("hint.slug", self.lang, slug=suggestion) if suggestion else t("ask.slug", self.lang)
        else:
            choices = self.choices(question)
            width = len(str(len(choices)))
            header = [t(f"ask.{question.name}", self.lang) + later] + [f"  {str(i).rjust(width)}  {self.shown(question, c)}" for i, c in enumerate(choices, 1)]
            prompt = t({"choices": "hint.many", "country": "hint.country"}.get(question.kind, "hint.one"), self.lang)
        for line in header:
            self._write(line)
        while True:
            text = self._read(f"{prompt}: ")
            if text is None:
                raise NoMoreAnswers
            suggestion_taken = bool(suggestion) and not text.strip()
            try:
                value = self.check(question, suggestion if suggestion_taken and suggestion else text)
            except Refused as exc:
                self._complain(t("ask.invalid", self.lang, reason=exc))
                continue
            # What a number, a code or Enter stood for, in words.
            if value is not None and (question.kind not in ("text", "slug") or suggestion_taken):
                self._write(f"  → {self.label(question, value)}")
            return value

    def _suggested_slug(self) -> str | None:
        title = self.answers.get("title", "")
        municipality = self.answers.get("municipality", "")
        return suggest_slug(
            municipality if isinstance(municipality, str) else "",
            title if isinstance(title, str) else "",
            taken=lambda slug: slug_taken(self.practices_dir, slug),
        )


def missing(answers: Mapping[str, Answer], questions: Sequence[Question] = QUESTIONS) -> list[Question]:
    """The required questions without an answer."""
    return [q for q in questions if q.required and q.name not in answers]
