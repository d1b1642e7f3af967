"""Vocabularies and interface strings: complete in every interface language."""

from __future__ import annotations

from conftest import LANGS
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
        placeholders = {lang: sorted(p for p in ("{n}", "{language}") if p in text) for lang, text in entry.items()}
        assert len({tuple(v) for v in placeholders.values()}) == 1, f"{key}: placeholders differ {placeholders}"


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
