"""A submitted issue form turned into a practice file, or a translation file, with every problem at once.

`convert` maps the answers of a `Submission` (issueform.py) to front matter and body
sections, checks what the form can check (required answers, options, the country,
the web address, the practice a translation is of), and then runs the collection's
own validator on the file it would write, in a temporary copy of the practice's
folder. Every problem found, the form's and the validator's, ends up in one reply in
the form's language: an author fixes everything in one edit instead of one round of
the workflow per mistake. Nothing is written while there is a problem.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .answers import NoMatch
from .errors import Problem, Text, msg
from .issueform import CONSENT_ID, SECTION_PREFIX, Form, Question, Submission, checked_options, fold, one_line, split_multiple
from .loader import load_practices
from .model import Practice
from .slugs import EDITOR_SLUG_MAX, SLUG_RE, chosen_slug_problem, free_slug, slug_meant, slug_taken, suggest_slug
from .vocab import Vocabularies

LICENCE = "CC-BY-4.0"

ONGOING = {
    "ongoing", "still running", "running", "-", "–", "—", "now", "trwa", "nadal trwa", "wciąż trwa", "w trakcie", "w toku",
    "probíhá", "stále probíhá", "dosud", "doposud", "poteka", "še poteka", "v teku", "pågår", "pågår fortsatt", "pågående",
}  # fmt: skip
"""Answers to "End" that mean the practice is still running, in the site's languages."""

_HTML = re.compile(r"<\s*(script|iframe|object|embed|style|form|input|img|svg|link|meta)\b|\bon[a-z]+\s*=|javascript:", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")

FRONT_ORDER = (
    "title", "summary", "results", "category", "country", "region", "municipality", "topics", "tags", "organisation",
    "level_of_government", "education_levels", "period", "stage", "funding", "cost", "contact", "partners", "attachments",
    "links", "published", "licence",
)  # fmt: skip
"""The order of the fields in the files written, as in the example practice."""
_SUB_ORDER = {
    "organisation": ("name", "type", "website"),
    "period": ("start", "end"),
    "cost": ("amount", "currency", "note"),
    "contact": ("name", "role", "email"),
}


# -- web addresses (slugs) --------------------------------------------------------------------------


def target_path(practices_dir: Path, slug: str, lang: str) -> Path:
    """practices/<slug>/<lang>.md, refusing anything that would not land directly there."""
    if not SLUG_RE.match(slug) or len(slug) > EDITOR_SLUG_MAX:
        raise ValueError(f"not a valid slug: {slug!r} (lower-case letters a–z, digits and hyphens)")
    if not re.fullmatch(r"[a-z]{2,3}", lang):
        raise ValueError(f"not a language code: {lang!r}")
    root = practices_dir.resolve()
    path = (root / slug / f"{lang}.md").resolve()
    if path.parent.parent != root or path.parent.name != slug:
        raise ValueError(f"{slug!r} would not be a folder directly inside {root}")
    return path


# -- the conversion ------------------------------------------------------------------------------------


@dataclass
class Reported:
    """One thing to tell the author: the question it is about (None: the whole file) and the text, in the form's language."""

    question: str | None
    text: str


@dataclass
class Proposal:
    """What a submission becomes: the file to write, or the problems that stop it."""

    form: Form
    lang: str | None = None
    """The language of the file (the text's)."""
    slug: str | None = None
    slug_made: bool = False
    """The address was made from the municipality and title (not chosen by the author)."""
    front_matter: dict[str, Any] = field(default_factory=dict)
    sections: list[tuple[str, str]] = field(default_factory=list)
    """(section key, Markdown text), in the template's order."""
    problems: list[Reported] = field(default_factory=list)
    notes: list[Reported] = field(default_factory=list)
    """Worth a look, not stopping anything (the validator's warnings)."""
    for_editors: list[str] = field(default_factory=list)
    """Notes for the editors, in English (for the pull request)."""
    original: Practice | None = None
    """The practice a translation is of."""

    def problem(self, question: str | None, key: str, *, expected: str | None = None, guess: str | None = None, **params: object) -> None:
        """A problem with one of the form's own texts: message, suggestion, what is allowed."""
        lang = self.form.lang
        text = self.form.text(f"problem.{key}", **params)
        if guess:
            text += "; " + msg("frame.did_you_mean", guess=guess).render(lang)
        if expected:
            text += f" ({msg('frame.expected').render(lang)} {expected})"
        self.problems.append(Reported(question, text))

    def problem_about(self, question: str) -> bool:
        return any(p.question == question for p in self.problems)


def _set(front: dict[str, Any], dotted: str, value: Any) -> None:
    parts = dotted.split(".")
    for part in parts[:-1]:
        front = front.setdefault(part, {})
    front[parts[-1]] = value


def _lines(answer: str) -> list[str]:
    """The items of an answer written one per line (list bullets and numbers taken off)."""
    return [one_line(_BULLET.sub("", line)) for line in answer.split("\n") if line.strip()]


_MADE_BY_CONVERTER = {"country", "tags", "period_end", "cost_amount", "cost_currency", "partners", "links"}
"""Questions whose answers the conversion reads itself (not copied as they are into the front matter)."""
_CURRENCY_SIGNS = {"€": "EUR", "eur": "EUR", "euro": "EUR", "eura": "EUR", "kč": "CZK", "kc": "CZK", "korun": "CZK", "koruna": "CZK", "koruny": "CZK", "zł": "PLN", "zl": "PLN", "złotych": "PLN", "$": "USD", "£": "GBP"}
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_URL = re.compile(r"<?(https?://[^\s<>]+)>?", re.IGNORECASE)
_DASH = re.compile(r"\s+[-–—:]\s*$|^\s*[-–—:]\s+")
_SEPARATOR = re.compile(r"\s+[-–—]\s+|\s*[|;]\s*")

_TRANSLATED_FROM_ORIGINAL = {"tags", "contact_role", "funding", "cost_note", "partners", "attachments", "links"}
"""Questions of the translation form answered only where the practice has the text (checked against it)."""


class _Converter:
    """The answers of one submission, question by question, into a `Proposal`."""

    def __init__(self, submission: Submission, vocab: Vocabularies, practices_dir: Path, languages: Sequence[str], slug: str | None) -> None:
        self.slug_given = slug
        self.form = submission.form
        self.answers = submission.answers
        self.vocab = vocab
        self.practices_dir = practices_dir
        self.languages = tuple(languages)
        self.proposal = Proposal(self.form)
        self.twice = set(submission.twice)
        for question_id in submission.twice:
            self.proposal.problem(question_id, "twice")

    def expected_of(self, question: Question) -> str | None:
        """What a question asks for: the first sentence of its description, with its placeholder as an example."""
        parts = []
        description = self.form.description(question)
        if description:
            first = description.split(". ")[0].rstrip(".")
            parts.append(first[:1].lower() + first[1:] if first[1:2].islower() else first)
        example = self.form.placeholder(question)
        if example and example != "https://":
            parts.append(self.form.text("problem.for_example", example=f"'{example}'"))
        return "; ".join(parts) or None

    def answer(self, question: Question) -> str | None:
        """The answer to a question, problems reported for a missing or empty required one."""
        p = self.proposal
        if question.id not in self.answers:
            if question.required:
                p.problem(question.id, "no_question")
            return None
        text = self.answers[question.id]
        if question.id in self.twice:
            return None  # which of its answers is meant is unknown (reported)
        if text is None and question.required:
            if question.type == "checkboxes" and question.id != CONSENT_ID:
                p.problem(question.id, "no_box")
            elif question.id == CONSENT_ID:
                p.problem(question.id, "licence")
            else:
                p.problem(question.id, "empty", expected=self.expected_of(question))
        return text

    def choices(self, question: Question, text: str) -> list[str]:
        """The values of the options chosen in a dropdown or checkboxes answer; unknown ones reported."""
        lookup = self.form.lookup(question)
        if question.type == "checkboxes":
            chosen = checked_options(text)
            values = [lookup[fold(c)] for c in chosen if fold(c) in lookup]
            unknown = [c for c in chosen if fold(c) not in lookup]
        elif question.multiple:
            values, unknown = split_multiple(text, lookup)
        else:
            key = fold(text)
            values, unknown = ([lookup[key]], []) if key in lookup else ([], [one_line(text)])
        for item in unknown:
            self.proposal.problem(question.id, "not_option", found=item[:80], expected=self.form.text("problem.one_of", options="; ".join(self.form.options(question))))
        if not values and not unknown and question.required:
            self.proposal.problem(question.id, "no_box" if question.type == "checkboxes" else "empty", expected=self.expected_of(question))
        return values

    # -- the questions both kinds ask ------------------------------------------------------------

    def language(self) -> None:
        question = self.form.question("language")
        text = self.answer(question)
        if text is None:
            return
        values = self.choices(question, text)
        if values:
            lang = values[0]
            if lang not in self.languages:
                self.proposal.problem(question.id, "not_site_language", language=self.vocab.language_name(lang, self.form.lang))
            self.proposal.lang = lang

    def texts(self) -> None:
        """The answers that become front-matter text as they are (one line each, or a list of lines)."""
        front = self.proposal.front_matter
        for question in self.form.asked:
            if question.target is None or question.vocab is not None or question.id in _MADE_BY_CONVERTER:
                continue
            if self.form.kind == "translation" and question.id in _TRANSLATED_FROM_ORIGINAL:
                continue
            text = self.answer(question)
            if text is None:
                continue
            if question.lines:
                items = _lines(text)
                if items:
                    _set(front, question.target, items)
            else:
                _set(front, question.target, one_line(text))  # every front-matter text is one line

    def sections(self) -> None:
        for key in self.vocab["section"].values:
            question = self.form.question(SECTION_PREFIX + key)
            text = self.answer(question)
            if text:
                self.proposal.sections.append((key, text))

    def licence(self) -> None:
        question = self.form.question(CONSENT_ID)
        text = self.answer(question)
        if text is not None and not checked_options(text):
            self.proposal.problem(question.id, "licence")

    # -- a new practice ------------------------------------------------------------------------------

    def practice(self, published: dt.date) -> None:
        p, front = self.proposal, self.proposal.front_matter
        self.language()
        self.texts()
        for question in self.form.asked:
            if question.vocab is None or question.target is None:
                continue
            text = self.answer(question)
            if text is None:
                continue
            values = self.choices(question, text)
            if values:
                _set(front, question.target, values if question.multiple else values[0])
        tags = self.answer(self.form.question("tags"))
        if tags is not None:
            items = list(dict.fromkeys(one_line(t) for t in tags.split(",") if t.strip()))
            if items:
                front["tags"] = items
        country = self.form.question("country")
        text = self.answer(country)
        if text is not None:
            try:
                front["country"] = self.vocab.countries.code(text)
            except NoMatch as nearest:
                guess = self.vocab.countries.name(nearest.suggestions[0], self.form.lang) if nearest.suggestions else None
                p.problem(country.id, "country", found=one_line(text)[:80], guess=guess, expected=self.form.text("problem.country_expected"))
        self.cost()
        self.partners()
        self.links()
        end = self.answer(self.form.question("period_end"))
        if end is not None:
            front.setdefault("period", {})["end"] = "ongoing" if fold(end) in {fold(w) for w in ONGOING} else one_line(end)
        if "start" in front.get("period", {}):
            front["period"].setdefault("end", "ongoing")
        front["published"] = published
        front["licence"] = LICENCE
        self.sections()
        self.licence()
        self.slug()

    def cost(self) -> None:
        """Amount and currency as the schema has them: a number (spaces and a decimal comma allowed) and an ISO code."""
        front = self.proposal.front_matter
        amount = self.answer(self.form.question("cost_amount"))
        if amount is not None:
            written = one_line(amount)
            plain = re.sub(r"[\s\u00a0\u202f']", "", written).replace(",", ".")
            if _NUMBER.fullmatch(plain):
                number = float(plain)
                _set(front, "cost.amount", int(number) if number.is_integer() else number)
            else:
                _set(front, "cost.amount", written)  # the validator says what a number looks like
        currency = self.answer(self.form.question("cost_currency"))
        if currency is not None:
            written = one_line(currency)
            _set(front, "cost.currency", _CURRENCY_SIGNS.get(written.casefold(), written.upper() if len(written) == 3 else written))

    def partners(self) -> None:
        """One partner a line, "name – type": the type by its option in any form's language (optional)."""
        question = self.form.question("partners")
        text = self.answer(question)
        if text is None:
            return
        types = self.form.lookup(self.form.question("organisation_type"))
        partners = []
        for line in _lines(text):
            parts = _SEPARATOR.split(line)
            partner: dict[str, Any] = {"name": line}
            if len(parts) > 1:
                kind = fold(parts[-1])
                if kind in types:
                    partner = {"name": " – ".join(parts[:-1]).strip(), "type": types[kind]}
                elif len(parts[-1]) <= 40:
                    options = "; ".join(self.form.options(self.form.question("organisation_type")))
                    self.proposal.problem(question.id, "partner_type", found=parts[-1][:80], expected=self.form.text("problem.one_of", options=options))
            partners.append(partner)
        if partners:
            self.proposal.front_matter["partners"] = partners

    def links(self) -> None:
        """One link a line, "title – https://…" (the address first is understood too)."""
        question = self.form.question("links")
        text = self.answer(question)
        if text is None:
            return
        example = self.form.placeholder(question) or "https://"
        links = []
        for line in _lines(text):
            url = _URL.search(line)
            if url is None:
                self.proposal.problem(question.id, "link", found=line[:80], expected=self.form.text("problem.link_expected", example=example))
                continue
            title = _DASH.sub("", (line[: url.start()] + " " + line[url.end() :]).strip()).strip()
            if not title:
                self.proposal.problem(question.id, "link_title", found=line[:80], expected=self.form.text("problem.link_expected", example=example))
                continue
            links.append({"url": url.group(1), "title": title})
        if links:
            self.proposal.front_matter["links"] = links

    def slug(self) -> None:
        p = self.proposal
        question = self.form.question("slug")
        if self.slug_given is not None:  # an editor's choice on the command line: the form's answer is not used
            p.slug = self.slug_given
            return
        chosen = self.answer(question)
        title = p.front_matter.get("title")
        municipality = p.front_matter.get("municipality")
        suggested = suggest_slug(str(municipality or ""), str(title or ""), self.taken)
        if chosen is None:
            p.slug, p.slug_made = suggested, suggested is not None
            return
        chosen = one_line(chosen).strip("/")
        problem = chosen_slug_problem(chosen, self.practices_dir)
        if problem in ("not-a-slug", "too-long"):
            meant = slug_meant(chosen)
            example = meant or suggested or self.form.placeholder(question) or "practice"
            p.problem(question.id, "slug", found=chosen[:80], guess=meant if meant != chosen else None, expected=self.form.text("problem.slug_expected", example=example))
        elif problem == "reserved":
            example = suggested or free_slug(chosen, self.taken)
            p.problem(question.id, "slug_reserved", found=chosen, expected=self.form.text("problem.slug_expected", example=example))
        elif problem == "taken":
            p.problem(question.id, "slug_taken", path=f"practices/{chosen}/", expected=self.form.text("problem.slug_taken_expected", form=self.form.text("form.translation.name").split(": ", 1)[-1]))
        else:
            p.slug = chosen

    def taken(self, slug: str) -> bool:
        """Whether a new practice cannot have `slug`: a folder has it, or the catalogue's own pages."""
        return slug_taken(self.practices_dir, slug)

    # -- a translation ---------------------------------------------------------------------------------

    def translation(self, practices: dict[str, Practice], invalid: set[str]) -> None:
        p = self.proposal
        self.practice_translated(practices, invalid)
        self.language()
        original = p.original
        if original is not None and p.lang is not None and not p.problem_about("language"):
            question = self.form.question("language")
            left = [code for code in self.languages if code not in original.versions]
            names = ", ".join(self.vocab.language_name(code, self.form.lang) for code in left) or self.form.text("problem.no_language_left")
            name = self.vocab.language_name(p.lang, self.form.lang)
            if p.lang == original.original_language:
                p.problem(question.id, "translation_original", language=name, expected=self.form.text("problem.languages_left", languages=names))
            elif p.lang in original.versions:
                path = f"practices/{original.slug}/{p.lang}.md"
                p.problem(question.id, "translation_exists", language=name, path=path, expected=self.form.text("problem.languages_left", languages=names))
        self.texts()
        if original is not None:
            self.translated_from_original(original)
        self.sections()
        if original is not None:
            self.sections_of(original)
        self.licence()

    def practice_translated(self, practices: dict[str, Practice], invalid: set[str]) -> None:
        """The practice the translation is of: from its page's address, its folder name or its title."""
        p = self.proposal
        question = self.form.question("practice")
        text = self.answer(question)
        if text is None:
            return
        given = one_line(text)
        slug = _slug_in(given)
        if slug not in practices and slug not in invalid:
            titles = {fold(v.title): s for s, practice in practices.items() for v in practice.versions.values()}
            slug = titles.get(fold(given), slug)
        if slug in practices:
            p.original = practices[slug]
            p.slug = slug
        elif slug in invalid:
            p.problem(question.id, "practice_invalid", slug=slug)
        else:
            guess = difflib.get_close_matches(slug, [*practices], n=1, cutoff=0.75)
            p.problem(question.id, "practice_unknown", found=given[:120], guess=guess[0] if guess else None, expected=self.form.text("problem.practice_expected"))

    def translated_from_original(self, original: Practice) -> None:
        """The free texts of the practice's shared fields, each only where the practice has one to translate."""
        p, front = self.proposal, self.proposal.front_matter
        simple = {"tags": bool(original.tags), "contact_role": bool(original.contact.role), "funding": bool(original.funding), "cost_note": bool(original.cost and original.cost.note)}
        for question_id, has in simple.items():
            question = self.form.question(question_id)
            text = self.answer(question)
            if text is None:
                continue
            if not has:
                p.problem(question_id, "nothing")
            elif question_id == "tags":
                front["tags"] = list(dict.fromkeys(one_line(t) for t in text.split(",") if t.strip()))
            else:
                assert question.target is not None
                _set(front, question.target, one_line(text))
        listed: dict[str, tuple[list[str], Any]] = {
            "partners": ([partner.name for partner in original.partners], lambda i, t: {"name": t}),
            "attachments": ([a.file for a in original.attachments], lambda i, t: {"file": original.attachments[i].file, "title": t}),
            "links": ([link.url for link in original.links], lambda i, t: {"url": original.links[i].url, "title": t}),
        }
        for question_id, (items, make) in listed.items():
            text = self.answer(self.form.question(question_id))
            if text is None:
                continue
            lines = _lines(text)
            if not items:
                p.problem(question_id, "nothing")
            elif len(lines) != len(items):
                p.problem(question_id, "count", n=len(lines), wanted=len(items), items=", ".join(items), expected=self.form.text("problem.count_expected"))
            else:
                front[question_id] = [make(i, line) for i, line in enumerate(lines)]

    def sections_of(self, original: Practice) -> None:
        """Every section of the practice's text must be translated."""
        body = original.original.body
        headings = {fold(m.group(1)) for m in re.finditer(r"^##[ \t]+(.+?)[ \t]*#*[ \t]*$", body, re.MULTILINE)}
        given = {key for key, _ in self.proposal.sections}
        for key in self.vocab["section"].values:
            question_id = SECTION_PREFIX + key
            label = fold(self.vocab["section"].label(key, original.original_language))
            if label in headings and key not in given and not self.proposal.problem_about(question_id):
                self.proposal.problem(question_id, "section_missing")


def _slug_in(text: str) -> str:
    """The folder name in an address of a practice's page (`https://…/cs/practices/<slug>/`), else the text as given."""
    text = text.strip().strip("<>").split("#")[0].split("?")[0].replace("\\", "/")
    parts = [part for part in text.split("/") if part and part != "index.html"]
    if "practices" in parts:
        last = len(parts) - 1 - parts[::-1].index("practices")
        if last + 1 < len(parts):
            return parts[last + 1]
    return parts[-1] if parts else text


def _ordered(front: dict[str, Any]) -> dict[str, Any]:
    ordered = {key: front[key] for key in FRONT_ORDER if key in front}
    ordered.update({k: v for k, v in front.items() if k not in ordered})
    for key, sub_order in _SUB_ORDER.items():
        if isinstance(ordered.get(key), dict):
            sub = ordered[key]
            ordered[key] = {k: sub[k] for k in sub_order if k in sub} | {k: v for k, v in sub.items() if k not in sub_order}
    return ordered


def _file_parts(proposal: Proposal, vocab: Vocabularies, lang: str) -> tuple[str, list[str]]:
    """The file's front matter (between its '---' lines) and its sections, each with its heading."""
    front = yaml.safe_dump(_ordered(proposal.front_matter), allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)
    return f"---\n{front}---\n\n", [f"## {vocab['section'].label(key, lang)}\n\n{text.strip()}\n" for key, text in proposal.sections]


def render_file(proposal: Proposal, vocab: Vocabularies, lang: str) -> str:
    """The Markdown file: YAML front matter (safe_dump, never string formatting) and the sections under headings in `lang`."""
    front, parts = _file_parts(proposal, vocab, lang)
    return front + "\n".join(parts)


def _section_starts(proposal: Proposal, vocab: Vocabularies, lang: str) -> list[tuple[int, str]]:
    """(line of its heading, key) of each section in the file `render_file` writes, in order."""
    front, parts = _file_parts(proposal, vocab, lang)
    line = front.count("\n") + 1
    starts = []
    for (key, _), part in zip(proposal.sections, parts, strict=True):
        starts.append((line, key))
        line += part.count("\n") + 1
    return starts


def _question_of(form: Form, problem: Problem) -> str | None:
    """The question a validator's problem is about (`contact.email` → contact_email, `topics[2]` → topics)."""
    if not problem.field:
        return None
    plain = re.sub(r"\[\d+\]", "", problem.field)
    targets = [(q.target, q.id) for q in form.asked if q.target]
    for target, question_id in targets:
        if target == plain:
            return question_id
    top = plain.split(".")[0]
    for target, question_id in targets:
        if target.split(".")[0] == top:
            return question_id
    return None


_FILE_CODES = {"local-file", "missing-file", "path", "missing-attachment", "backslash-path", "symlink"}
"""The validator's problems with files and images, which it asks to copy into the practice's folder."""


def _form_text(form: Form, problem: Problem) -> str:
    """A validator's problem as told to a form's author, who can send no files and leaves an end date empty."""
    lang = form.lang
    expected_key = problem.expected.key if problem.expected is not None else None
    found = problem.found.render(lang) if isinstance(problem.found, Text) else problem.found
    if problem.code in _FILE_CODES or expected_key == "url-scheme.image":
        text, expected = form.text("problem.file"), form.text("problem.file_expected")
    elif expected_key == "date-end.expected":
        text, expected = problem.message.render(lang), form.text("problem.end_expected")
    else:
        return problem.text(lang)
    details = [f"{msg('frame.expected').render(lang)} {expected}"]
    if found is not None:
        details.append(f"{msg('frame.found').render(lang)} {found}")
    return f"{text} ({'; '.join(details)})"


def _validate(proposal: Proposal, vocab: Vocabularies, practices_dir: Path, languages: Sequence[str]) -> None:
    """The collection's validator on the file as it would be written, in a temporary copy of its folder."""
    form = proposal.form
    lang = proposal.lang if proposal.lang is not None and not proposal.problem_about("language") else form.lang
    if proposal.original is not None and lang in proposal.original.versions:
        # A language the practice has already (reported): the file is checked as a version in one it lacks.
        free = [code for code in languages if code not in proposal.original.versions]
        if not free:
            return
        lang = free[0]
    slug = proposal.slug or "proposal"
    with tempfile.TemporaryDirectory(prefix="proposal-") as tmp:
        root = Path(tmp) / "practices"
        folder = root / slug
        if proposal.original is not None:
            shutil.copytree(proposal.original.folder, folder, symlinks=True)
        folder.mkdir(parents=True, exist_ok=True)
        written = folder / f"{lang}.md"
        written.write_text(render_file(proposal, vocab, lang), encoding="utf-8", newline="\n")
        result = load_practices(root, tuple(dict.fromkeys([*languages, lang])), vocab, display_base=Path(tmp), only=[folder])
    mine = Path("practices") / slug / f"{lang}.md"
    reported = {r.question for r in proposal.problems}
    starts = _section_starts(proposal, vocab, lang)
    for problem in result.problems:
        if problem.path not in (mine, mine.parent) or problem.code in ("missing-section", "folder-slug", "reserved-slug"):
            # The practice's other files are not the author's; the form says which sections to write;
            # the web address was checked with the form's own words.
            continue
        question = _question_of(form, problem)
        if question is None and problem.field is None and problem.path == mine and problem.line is not None:
            # A problem in the text (an HTML element the page removes, …): the answer of the section it is in.
            within = [key for line, key in starts if line <= problem.line]
            question = SECTION_PREFIX + within[-1] if within else None
        if question is not None and question in reported:
            continue  # the form's own message about this answer says it already
        (proposal.problems if problem.is_error else proposal.notes).append(Reported(question, _form_text(form, problem)))


def convert(submission: Submission, vocab: Vocabularies, practices_dir: Path, languages: Sequence[str], published: dt.date, *, slug: str | None = None) -> Proposal:
    """Everything a submission becomes, and every problem with it (the form's and the validator's)."""
    converter = _Converter(submission, vocab, practices_dir, languages, slug)
    if submission.form.kind == "translation":
        loaded = load_practices(practices_dir, languages, vocab, display_base=practices_dir.parent) if practices_dir.is_dir() else None
        practices = loaded.practices if loaded is not None else {}
        folders = {p.name for p in practices_dir.iterdir() if p.is_dir()} if practices_dir.is_dir() else set()
        converter.translation(practices, folders - set(practices))
    else:
        converter.practice(published)
    proposal = converter.proposal
    everything = " ".join(text for text in submission.answers.values() if text)
    if _HTML.search(everything):
        proposal.for_editors.append("The text contains HTML markup (such as <script>, <iframe> or an on…= attribute): check it before merging.")
    if submission.form.kind == "practice" or proposal.original is not None:
        _validate(proposal, vocab, practices_dir, languages)
    order = {q.id: i for i, q in enumerate(submission.form.asked)}
    proposal.problems.sort(key=lambda r: order.get(r.question or "", len(order)))
    proposal.notes.sort(key=lambda r: order.get(r.question or "", len(order)))
    return proposal


# -- the reply -------------------------------------------------------------------------------------------


def _fence(text: str) -> str:
    """A code fence longer than any run of backticks in `text`."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def _block(form: Form, items: list[Reported]) -> list[str]:
    """The items as a list in a code block: nothing the author wrote is rendered (links, mentions, HTML)."""
    lines = []
    for item in items:
        label = f"{form.label(form.question(item.question))}: " if item.question is not None else ""
        lines.append(f"- {label}{item.text}")
    block = "\n".join(lines)
    fence = _fence(block)
    return ["", f"{fence}text", block, fence]


def reply(proposal: Proposal, written: str | None, *, checks_by_editor: bool = False) -> str:
    """The comment on the issue, in the form's language: the file made, or every problem to fix."""
    form = proposal.form
    lines: list[str] = []
    if written is not None:
        lines.append(form.text(f"reply.ok.{form.kind}", file=written))
        if proposal.slug_made and proposal.slug:
            key = "reply.slug_made" if proposal.front_matter.get("municipality") else "reply.slug_made_title"
            lines += ["", form.text(key, slug=proposal.slug, label=form.label(form.question("slug")))]
    else:
        lines.append(form.text("reply.fix", n=len(proposal.problems)))
        lines += _block(form, proposal.problems)
    if proposal.notes:
        lines += ["", form.text("reply.worth_a_look"), *_block(form, proposal.notes)]
    if written is None:
        lines += ["", form.text("reply.again")]
    elif checks_by_editor:
        lines += ["", form.text("reply.checks_by_editor")]
    return "\n".join(lines) + "\n"


def not_a_form_reply(languages: Sequence[str]) -> str:
    """The reply to an issue that is none of the forms: in every language, since none is known."""
    from .issueform import form_texts

    return "\n\n".join(form_texts().get("reply.not_a_form", lang) for lang in languages) + "\n"
