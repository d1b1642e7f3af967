"""Vocabularies and interface strings: complete in every interface language."""

from __future__ import annotations

import re

import pytest

from conftest import LANGS
from goodpractices.plural import CATEGORIES, plural_category
from goodpractices.schema import ALL_FIELDS


def test_every_term_has_exactly_the_five_labels(vocab) -> None:
    for vocabulary in vocab:
        for term in vocabulary.terms.values():
            assert set(term.labels) == set(LANGS), f"{vocabulary.name}.{term.value}: {sorted(term.labels)}"
            for lang, label in term.labels.items():
                assert isinstance(label, str) and label.strip(), f"{vocabulary.name}.{term.value}.{lang} is empty"


def test_every_interface_string_in_every_language(vocab) -> None:
    for key, entry in vocab.ui.items():
        assert set(entry) == set(LANGS), f"{key}: {sorted(entry)}"
        placeholders = {}
        for lang, text in entry.items():
            if isinstance(text, dict):  # a text that counts: one form per plural category of the language
                assert tuple(text) == CATEGORIES[lang], f"{key}.{lang}: plural forms {sorted(text)}, expected {CATEGORIES[lang]}"
                forms = {tuple(sorted(re.findall(r"\{\w+\}", form))) for form in text.values()}
                assert len(forms) == 1, f"{key}.{lang}: the plural forms use different placeholders"
                placeholders[lang] = list(forms.pop())
            else:
                placeholders[lang] = sorted(p for p in ("{n}", "{language}") if p in text)
        assert len({tuple(v) for v in placeholders.values()}) == 1, f"{key}: placeholders differ {placeholders}"


@pytest.mark.parametrize(
    ("lang", "forms"),
    [
        ("en", {0: "other", 1: "one", 2: "other", 11: "other", 101: "other"}),
        ("nb", {0: "other", 1: "one", 2: "other", 21: "other"}),
        ("pl", {0: "many", 1: "one", 2: "few", 4: "few", 5: "many", 12: "many", 14: "many", 21: "many", 22: "few", 112: "many", 124: "few"}),
        ("cs", {0: "other", 1: "one", 2: "few", 4: "few", 5: "other", 21: "other", 22: "other"}),
        ("sl", {0: "other", 1: "one", 2: "two", 3: "few", 4: "few", 5: "other", 101: "one", 102: "two", 103: "few", 111: "other"}),
    ],
)
def test_plural_categories(lang: str, forms: dict[int, str]) -> None:
    assert {n: plural_category(lang, n) for n in forms} == forms


def test_a_counting_text_takes_the_form_of_its_number(vocab) -> None:
    assert vocab.t("problems.preview_heading", "en", n=1).startswith("1 error in the practice files")
    assert vocab.t("problems.preview_heading", "en", n=3).startswith("3 errors in the practice files")
    assert [vocab.t("problems.build_heading", "pl", n=n).split(" w plikach")[0] for n in (1, 3, 5, 22)] == ["1 błąd", "3 błędy", "5 błędów", "22 błędy"]
    assert [vocab.t("problems.build_heading", "cs", n=n).split(" v souborech")[0] for n in (1, 3, 5)] == ["1 chyba", "3 chyby", "5 chyb"]
    assert [vocab.t("problems.build_heading", "sl", n=n).split(" v datotekah")[0] for n in (1, 2, 3, 5, 101)] == ["1 napaka", "2 napaki", "3 napake", "5 napak", "101 napaka"]


def test_card_labels_exist_for_the_fields_shown(vocab) -> None:
    for name in ("category", "country", "topics", "organisation", "level_of_government", "education_levels", "period", "stage", "contact", "published", "licence"):
        assert name in ALL_FIELDS
        assert f"field.{name}" in vocab.ui


def test_section_labels_are_distinct_per_language(vocab) -> None:
    for lang in LANGS:
        labels = [vocab["section"].label(v, lang).casefold() for v in vocab["section"].values]
        assert len(set(labels)) == len(labels), lang


def test_country_names_come_from_pycountry_in_each_language(vocab) -> None:
    names = {lang: vocab.countries.name("CZ", lang) for lang in LANGS}
    assert names == {"en": "Czechia", "pl": "Czechy", "cs": "Česko", "sl": "Češka republika", "nb": "Tsjekkia"}
    assert vocab.countries.name("NO", "nb") == "Norge"
    assert "NO" in vocab.countries and "XX" not in vocab.countries and "pl" not in vocab.countries
