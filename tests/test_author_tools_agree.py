"""The scaffolder (scripts/new_practice.py) and the issue bot (scripts/issue_to_practice.py) read the same answers alike.

For the same title and municipality they suggest the same short name (slug), skipping the same folders
already there; they take the same country names, in any of the site's languages or English, and
refuse the same ones, pointing to the same nearest country; their texts give the same limit for a
short name an author chooses.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from conftest import LANGS
from goodpractices import Vocabularies
from goodpractices.interview import QUESTIONS, Interview, Question, Refused
from goodpractices.issueform import Form, all_forms, form_texts, read_issue
from goodpractices.proposal import Proposal, convert
from goodpractices.scaffold import t
from goodpractices.slugs import SLUG_MAX
from issuebodies import github_body


def question(name: str) -> Question:
    return next(q for q in QUESTIONS if q.name == name)


def scaffolder(vocab: Vocabularies, practices_dir: Path, lang: str, answers: dict[str, str]) -> Interview:
    """The scaffolder's questions, the author pressing Enter at every prompt (taking what is suggested)."""
    interview = Interview(
        lang=lang, languages=LANGS, vocab=vocab, practices_dir=practices_dir, read=lambda prompt: "", write=lambda line: None, complain=lambda line: None
    )
    interview.answers = dict(answers)
    return interview


def bot(vocab: Vocabularies, practices_dir: Path, lang: str, answers: dict[str, str]) -> Proposal:
    """What the issue bot makes of the practice form in `lang` with these answers (the others left empty)."""
    forms = all_forms(vocab, LANGS)
    form = next(form for form in forms if form.kind == "practice" and form.lang == lang)
    assert isinstance(form, Form)
    return convert(read_issue(github_body(form, answers), forms), vocab, practices_dir, LANGS, dt.date(2026, 1, 31))


@pytest.mark.parametrize(
    ("lang", "title", "municipality", "folders", "slug"),
    [
        ("cs", "Mentoring začínajících učitelů v Jihlavě", "Jihlava", [], "jihlava-mentoring-zacinajicich-ucitelu"),
        ("pl", "Monitorowanie jakości edukacji w Świętochłowicach", "Świętochłowice", [], "swietochlowice-monitorowanie-jakosci"),
        ("pl", "Sieć dyrektorów szkół w Gminie Łódź-Żółkiewka", "Żółkiewka", [], "zolkiewka-siec-dyrektorow-szkol-gminie"),
        ("nb", "Læringsnettverk for skoleledere i Bodø", "Bodø", ["bodo-laeringsnettverk-skoleledere"], "bodo-laeringsnettverk-skoleledere-2"),
        ("sl", "Bralna pismenost v Rušah", "Ruše", ["ruse-bralna-pismenost", "ruse-bralna-pismenost-2"], "ruse-bralna-pismenost-3"),
        ("en", "Shared services for the schools of the municipality", "Page", [], "page-shared-services-schools"),
        ("en", "", "Page", [], "page-2"),  # the catalogue's own address: never suggested
        ("en", "Llanfairpwllgwyngyll: a very long title with many words in it to be cut", "Llanfairpwllgwyngyll", [], "llanfairpwllgwyngyll-very-long-title"),
        ("nb", "Garðabær og Ålesund", "", [], "gardabaer-alesund"),
    ],
)
def test_the_same_short_name_is_suggested(tmp_path: Path, vocab: Vocabularies, lang: str, title: str, municipality: str, folders: list[str], slug: str) -> None:
    practices_dir = tmp_path / "practices"
    for folder in folders:
        (practices_dir / folder).mkdir(parents=True)
    practices_dir.mkdir(exist_ok=True)
    answers = {"title": title, "municipality": municipality}
    suggested = scaffolder(vocab, practices_dir, lang, answers).ask(question("slug"))
    made = bot(vocab, practices_dir, lang, answers)
    assert (suggested, made.slug, made.slug_made) == (slug, slug, True)


COUNTRY_ANSWERS = [
    "PL", "pl", "POL", "CZE", "no", "Polska", "Poland", "Polsko", "Poljska", "Polen", "Rzeczpospolita Polska",
    "Česko", "CESKO", "česká republika", "Czech Republic", "Czechia", "Czech", "Czechy", "Czeska", "Republika Czeska",
    "Češka", "Tsjekkia", "Slovenija", "Slovinsko", "Słowenia", "Norge", "Norwegia", "Norveška", "Norsko",
    "Kingdom of Norway", "Korea", "Čeko", "Czechland", "Norwey", "Slovenie", "Slov", "Xyzzyland", "Europa",
]  # fmt: skip


@pytest.mark.parametrize("lang", LANGS)
def test_the_same_country_names_are_taken(tmp_path: Path, vocab: Vocabularies, lang: str) -> None:
    interview = scaffolder(vocab, tmp_path, lang, {})
    for text in COUNTRY_ANSWERS:
        proposal = bot(vocab, tmp_path, lang, {"country": text})
        by_bot = proposal.front_matter.get("country")
        about_country = [r.text for r in proposal.problems if r.question == "country"]
        try:
            by_scaffolder: str | None = str(interview.check(question("country"), text))
            refusal = ""
        except Refused as exc:
            by_scaffolder, refusal = None, str(exc)
        assert by_bot == by_scaffolder, (lang, text, about_country, refusal)
        if by_bot is None:
            # The bot names the nearest country ('Česko'); the scaffolder lists it first ('Česko (CZ)', …).
            bot_guess = re.findall(r"'([^']*)'", about_country[0])[1:]
            scaffolder_guesses = re.findall(r"'([^']*)'", refusal)[1:]
            assert bot_guess == [re.sub(r" \([A-Z]{2}\)$", "", guess) for guess in scaffolder_guesses[:1]], (lang, text, about_country, refusal)


@pytest.mark.parametrize("lang", LANGS)
def test_both_texts_give_the_same_limit_for_a_short_name(vocab: Vocabularies, lang: str) -> None:
    assert f"{SLUG_MAX} " in t("refuse.slug", lang, found="x", example="y")
    assert f"{SLUG_MAX} " in form_texts().get("problem.slug_expected", lang).format(example="y")
