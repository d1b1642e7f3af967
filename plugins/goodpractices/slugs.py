"""A practice's short name (slug): the name of its folder and the end of its page's address.

What a short name may be (`SLUG_RE`, not one of `RESERVED_SLUGS`, at most `SLUG_MAX` characters when
an author chooses it), whether one is free in a practices folder, and the one suggested from the
municipality and the title. The scaffolder (scripts/new_practice.py), the issue bot
(scripts/issue_to_practice.py) and the validator all use these, so that they suggest the same short
name for the same answers and refuse the same ones.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal

from .answers import fold

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
"""Lower-case letters a–z and digits, in words joined by single hyphens."""
RESERVED_SLUGS = frozenset({"page", "category", "country", "topic"})
"""Folder names the catalogue's own pages use below practices/ (its pages, and its facets' term pages)."""
SLUG_MAX = 60
"""The longest short name an author may choose: longer addresses are hard to read and share."""
SUGGESTED_SLUG_MAX = 40
"""The longest suggested short name: long enough for a place and three or four words."""
EDITOR_SLUG_MAX = 100
"""The longest short name an editor may give the issue bot on the command line."""

# Words a short name does without: articles, prepositions and conjunctions of the interface languages.
_SMALL_WORDS = frozenset(
    "a an and the of in on at for to with by from "  # en
    "i w we z ze na do dla oraz o od po przy u "  # pl
    "a v ve z ze na do pro se s k ke o od po pri u za "  # cs
    "in v z s na do za pri o od po k h "  # sl
    "og i for til av pa med om fra ved en et ei den det de".split()  # nb (folded: på → pa)
)
_UNFOLDED = str.maketrans({"ð": "d"})
"""Letters `fold` leaves as they are that have a usual ASCII spelling (Icelandic eth)."""


def slug_words(text: str) -> list[str]:
    """The words of `text` in ASCII lower case: "Łódź-Żółkiewka" → ["lodz", "zolkiewka"].

    A letter with no ASCII spelling is left out of its word rather than splitting it.
    """
    folded = fold(text).translate(_UNFOLDED)
    return re.findall(r"[a-z0-9]+", "".join(c for c in folded if c.isascii() or not c.isalnum()))


def _joined(words: Sequence[str], max_length: int) -> str | None:
    """`words` joined by hyphens, as many whole words as fit in `max_length` (a longer first word cut); None without words."""
    slug = ""
    for word in words:
        longer = f"{slug}-{word}" if slug else word
        if len(longer) > max_length:
            break
        slug = longer
    if not slug and words:
        slug = words[0][:max_length]
    return slug or None


def slug_meant(text: str, max_length: int = SLUG_MAX) -> str | None:
    """What `text`, typed as a short name, would be as one: "Żółkiewka Dyrektorzy" → "zolkiewka-dyrektorzy"; None without a letter or digit."""
    return _joined(slug_words(text), max_length)


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


def slug_taken(practices_dir: Path, slug: str) -> bool:
    """Whether `slug` cannot be a new practice's: a folder (or a link) of that name exists, or the site uses the address."""
    folder = practices_dir / slug
    return slug in RESERVED_SLUGS or folder.exists() or folder.is_symlink()


def free_slug(slug: str, taken: Callable[[str], bool]) -> str:
    """`slug`, or the first of `slug-2`, `slug-3`, … that is not `taken`."""
    candidate, number = slug, 2
    while taken(candidate):
        candidate, number = f"{slug}-{number}", number + 1
    return candidate


def suggest_slug(municipality: str, title: str, taken: Callable[[str], bool], max_length: int = SUGGESTED_SLUG_MAX) -> str | None:
    """A short name from the municipality and the title's words, cut at a word, not `taken`; None with nothing to make it of.

    The title's short connecting words ("v", "w", "i", "for") and its forms of the place's name are left
    out: "Jihlava" and "Mentoring začínajících učitelů v Jihlavě" → "jihlava-mentoring-zacinajicich-ucitelu".
    """
    place = slug_words(municipality)
    words = list(place)
    for word in slug_words(title):
        if word not in _SMALL_WORDS and not _same_place(word, place) and word not in words:
            words.append(word)
    slug = _joined(words, max_length)
    return None if slug is None else free_slug(slug, taken)


SlugProblem = Literal["not-a-slug", "too-long", "reserved", "taken"]


def chosen_slug_problem(slug: str, practices_dir: Path, max_length: int = SLUG_MAX) -> SlugProblem | None:
    """Why an author's choice of short name for a new practice cannot be used, or None when it can."""
    if not SLUG_RE.match(slug):
        return "not-a-slug"
    if len(slug) > max_length:
        return "too-long"
    if slug in RESERVED_SLUGS:
        return "reserved"
    if slug_taken(practices_dir, slug):
        return "taken"
    return None
