"""Plural forms of the interface languages, for texts that say how many of something there are.

A text that counts is written in the data files as one form per plural category of
each language instead of one string (`{one: "{n} error", other: "{n} errors"}`), so
that "3 błędy" and "5 błędów" both read naturally instead of "error(s)". The
categories and rules are CLDR's for whole numbers:

- en, nb: one (1), other;
- pl: one (1), few (2–4, 22–24, … but not 12–14), many (the rest);
- cs: one (1), few (2–4), other;
- sl: one (…01), two (…02), few (…03, …04), other.
"""

from __future__ import annotations

from collections.abc import Mapping

CATEGORIES: dict[str, tuple[str, ...]] = {
    "en": ("one", "other"),
    "nb": ("one", "other"),
    "pl": ("one", "few", "many"),
    "cs": ("one", "few", "other"),
    "sl": ("one", "two", "few", "other"),
}
"""The categories a text must give in each language (whole numbers only)."""


def plural_category(lang: str, n: int) -> str:
    """The CLDR plural category of the whole number `n` in `lang` (English's rule for other languages)."""
    n = abs(n)
    if lang == "pl":
        if n == 1:
            return "one"
        if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
            return "few"
        return "many"
    if lang == "cs":
        return "one" if n == 1 else "few" if n in (2, 3, 4) else "other"
    if lang == "sl":
        return {1: "one", 2: "two", 3: "few", 4: "few"}.get(n % 100, "other")
    return "one" if n == 1 else "other"


def plural_form(forms: Mapping[str, str], lang: str, n: int) -> str:
    """The form of `forms` (category → text) for `n`; `other`, then `many`, when a category is missing."""
    category = plural_category(lang, n)
    for candidate in (category, "other", "many"):
        if candidate in forms:
            return forms[candidate]
    return next(iter(forms.values()))
