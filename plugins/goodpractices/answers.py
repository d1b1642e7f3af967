"""What someone types, compared with the names the site knows.

Text is compared folded (`fold`), as a reader types it on any keyboard: the catalogue's search and
sorting, and the answers of the scaffolder (scripts/new_practice.py) and of the issue forms. An author's
answer is compared by `answer_key`, which also ignores hyphens and punctuation: "ČESKO", "cesko" and
"Česko" are one answer; so are "development plan" and "development-plan". A choice of a fixed set is
taken by its number in the list shown, its code or its name in any interface language (`pick`); a
country by any of its names (`Countries.code` in vocab.py). An answer that names nothing raises
`NoMatch` with the nearest values, for a "did you mean".
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

_UNDECOMPOSED = str.maketrans({"ł": "l", "đ": "d", "ø": "o", "æ": "ae", "œ": "oe", "þ": "th", "ı": "i"})
"""Letters Unicode does not decompose into a base letter and a mark (å and ß do: a + ring, and casefold's ss)."""


def fold(text: str) -> str:
    """`text` in lower case without diacritics, as a reader types it on any keyboard: Świętochłowice → swietochlowice."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_UNDECOMPOSED)


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


def nearest(key: str, names: Mapping[str, Iterable[str]], limit: int = 3) -> list[str]:
    """The values whose names (keys, as `answer_key` makes them) are nearest to `key`, nearest first."""
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
    raise NoMatch(text, values or nearest(key, names))


def pick_many(answer: str, choices: Sequence[Choice]) -> list[str]:
    """The values of the choices `answer` names, separated by commas or semicolons (numbers also by spaces)."""
    parts = answer.replace(";", ",").split(",")
    if all(word.isdigit() for word in answer.replace(",", " ").replace(";", " ").split()):
        parts = answer.replace(",", " ").replace(";", " ").split()
    return list(dict.fromkeys(pick(part, choices) for part in parts if part.strip()))
