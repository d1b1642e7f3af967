"""What an author types, read as the values a practice file holds.

* a choice of a fixed set, by its number in the list shown, its code or its name in any interface language;
* a country, by its two- or three-letter code or its name in English or any interface language;
* a short name (slug) suggested from the municipality and the title;
* the author's language, from the system's locale.

Answers are compared folded, as the catalogue's search compares them: case, diacritics, hyphens and spaces
do not matter ("ČESKO", "cesko" and "Česko" are one answer; so are "development plan" and
"development-plan"). An answer that names nothing raises `NoMatch` with the nearest values, for a
"did you mean".
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import pycountry

from .site import fold
from .vocab import INTERFACE_LANGUAGES, Countries


@dataclass(frozen=True)
class Choice:
    """One of a question's fixed answers."""

    value: str
    """What the practice file gets (a vocabulary's value, a language or country code)."""
    label: str
    """Its name in the author's language, as the list of choices shows it."""
    names: tuple[str, ...] = ()
    """Other names it is known by: its names in the other languages."""


class NoMatch(ValueError):
    """An answer that names none of the choices."""

    def __init__(self, found: str, suggestions: Sequence[str] = ()) -> None:
        super().__init__(found)
        self.found = found
        """The answer as typed (stripped)."""
        self.suggestions = list(suggestions)
        """Values of the nearest choices, nearest first (at most three)."""


def answer_key(text: str) -> str:
    """`text` folded for comparison: lower case, no diacritics, words separated by one space."""
    return " ".join(re.sub(r"[\W_]+", " ", fold(text)).split())


def _closeness(key: str, name: str) -> float:
    """How near a typed `key` is to a `name` (both keys), from 0 to 1: a word started, a word with another
    ending ("komunita" for "komunity"), a word misspelt, a name containing it."""
    words = name.split()
    if len(key) >= 3 and any(word.startswith(key) for word in words):
        return 1.0
    if any(len(word) >= 4 and key.startswith(word) for word in words):
        return 0.95
    best = 0.0
    for candidate in (name, *words):
        matcher = difflib.SequenceMatcher(None, key, candidate)
        if matcher.real_quick_ratio() > best and matcher.quick_ratio() > best:
            best = max(best, matcher.ratio())
    if len(key) >= 3 and key in name:
        best = max(best, 0.8)
    return best


def _nearest(key: str, names: Mapping[str, Iterable[str]], limit: int = 3) -> list[str]:
    """The values whose names are nearest to `key`, nearest first."""
    scored = sorted(((_closeness(key, name), name) for name in names), key=lambda pair: -pair[0])
    found = [value for score, name in scored if score >= 0.75 for value in names[name]]
    return list(dict.fromkeys(found))[:limit]


def _index(choices: Sequence[Choice]) -> dict[str, list[str]]:
    names: dict[str, list[str]] = {}
    for choice in choices:
        for name in (choice.value, choice.label, *choice.names):
            values = names.setdefault(answer_key(name), [])
            if choice.value not in values:
                values.append(choice.value)
    return names


def pick(answer: str, choices: Sequence[Choice]) -> str:
    """The value of the choice `answer` names: its number (from 1), its value or one of its names."""
    text = answer.strip()
    if text.isdigit() and 1 <= int(text) <= len(choices):
        return choices[int(text) - 1].value
    key = answer_key(text)
    # The value or the name shown first: another language's name may be the same word for another choice.
    for choice in choices:
        if key in (answer_key(choice.value), answer_key(choice.label)):
            return choice.value
    names = _index(choices)
    values = names.get(key, [])
    if len(values) == 1:
        return values[0]
    raise NoMatch(text, values or _nearest(key, names))


def pick_many(answer: str, choices: Sequence[Choice]) -> list[str]:
    """The values of the choices `answer` names, separated by commas or semicolons (numbers also by spaces)."""
    parts = answer.replace(";", ",").split(",")
    if all(word.isdigit() for word in answer.replace(",", " ").replace(";", " ").split()):
        parts = answer.replace(",", " ").replace(";", " ").split()
    return list(dict.fromkeys(pick(part, choices) for part in parts if part.strip()))


class CountryNames:
    """Every ISO 3166-1 country by its codes and by its names in English and in the interface languages."""

    def __init__(self, countries: Countries, languages: tuple[str, ...] = INTERFACE_LANGUAGES) -> None:
        self._codes: dict[str, list[str]] = {}
        for country in pycountry.countries:
            code = country.alpha_2
            for name in (code, country.alpha_3, *countries.names(code, languages)):
                codes = self._codes.setdefault(answer_key(name), [])
                if code not in codes:
                    codes.append(code)

    def code(self, answer: str) -> str:
        """The two-letter code of the country `answer` names (a code, a name, or a name's first words: "Češka")."""
        key = answer_key(answer)
        codes = self._codes.get(key, [])
        if not codes and key:
            # The first words of a longer name, where only one country's names start so:
            # Slovenian "Češka" for "Češka republika", "Czech" for "Czech Republic".
            codes = list(dict.fromkeys(c for name, found in self._codes.items() if name.startswith(key + " ") for c in found))
        if len(codes) == 1:
            return codes[0]
        raise NoMatch(answer.strip(), codes[:3] or _nearest(key, self._codes))


# Words a short name does without: articles, prepositions and conjunctions of the interface languages.
_SMALL_WORDS = frozenset(
    "a an and the of in on at for to with by from "  # en
    "i w we z ze na do dla oraz o od po przy u "  # pl
    "a v ve z ze na do pro se s k ke o od po pri u za "  # cs
    "in v z s na do za pri o od po k h "  # sl
    "og i for til av pa med om fra ved en et ei den det de".split()  # nb (folded: på → pa)
)
SLUG_MAX_LENGTH = 40
"""The longest suggested short name: long enough for a place and three or four words."""


def slug_words(text: str) -> list[str]:
    """The words of `text` in ASCII lower case: "Świętochłowice" → ["swietochlowice"]."""
    return re.sub(r"[^a-z0-9]+", " ", fold(text)).split()


def _same_place(word: str, place_words: Sequence[str]) -> bool:
    """Whether `word` is a form of one of the place's words ("jihlave" of "jihlava", "gliwicach" of "gliwice",
    "rusah" of "ruse"): the same but for the ending that Czech, Polish and Slovenian change."""
    for place in place_words:
        if len(place) <= 3:
            if word == place:
                return True
            continue
        stem = len(place) - 1 if len(place) <= 5 else len(place) - 2
        if len(word) >= stem and word[:stem] == place[:stem]:
            return True
    return False


def suggest_slug(municipality: str, title: str, taken: Callable[[str], bool], max_length: int = SLUG_MAX_LENGTH) -> str | None:
    """A short name from the municipality and the title's words, cut at a word, not `taken`; None with nothing to make it of.

    "Jihlava" and "Mentoring začínajících učitelů v Jihlavě" → "jihlava-mentoring-zacinajicich-ucitelu".
    """
    place = slug_words(municipality)
    words = list(place)
    for word in slug_words(title):
        if word not in _SMALL_WORDS and not _same_place(word, place) and word not in words:
            words.append(word)
    slug = ""
    for word in words:
        longer = f"{slug}-{word}" if slug else word
        if len(longer) > max_length:
            break
        slug = longer
    if not slug:
        if not words:
            return None
        slug = words[0][:max_length].strip("-")
    candidate, number = slug, 2
    while taken(candidate):
        candidate, number = f"{slug}-{number}", number + 1
    return candidate


def system_language(environ: Mapping[str, str], languages: Sequence[str]) -> str | None:
    """The language of the system's locale (LC_ALL, else LC_MESSAGES, else LANG) when it is one of `languages`.

    `cs_CZ.UTF-8` → cs; Norwegian `no` and Nynorsk `nn` → nb, the written Norwegian closest to them.
    """
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable)
        if value:
            code = re.split(r"[_.@-]", value, maxsplit=1)[0].lower()
            code = {"no": "nb", "nn": "nb"}.get(code, code)
            return code if code in languages else None
    return None
