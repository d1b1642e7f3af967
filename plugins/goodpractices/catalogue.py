"""The catalogue of one interface language: entries, facets and compact JSON.

The HTML catalogue lists every entry (it works without JavaScript); the JSON
carries only what the filtering script needs and the HTML does not: facet
values as indices, years, dates and the short fields free text searches.
Titles and summaries are read from the HTML by the script, not sent twice.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Callable, Iterable

from .model import Practice
from .site import Item, SiteLayout, sort_key
from .vocab import Vocabularies

CATALOGUE_JSON_VERSION = 1


@dataclass(frozen=True)
class FacetSpec:
    key: str
    """Name in URLs (`?topic=…`), in the JSON and in CSS classes."""
    label_key: str
    """Interface string of the facet's name."""
    values_of: Callable[[Practice], list[str]]
    vocab: str | None = None
    term_pages: bool = False
    """Each value has a static page listing its practices (crawlable, works without JavaScript)."""


FACETS: tuple[FacetSpec, ...] = (
    FacetSpec("category", "field.category", lambda p: [p.category], "category", term_pages=True),
    FacetSpec("country", "field.country", lambda p: [p.country], term_pages=True),
    FacetSpec("region", "field.region", lambda p: [p.region] if p.region else []),
    FacetSpec("level", "field.level_of_government", lambda p: [p.level_of_government], "level_of_government"),
    FacetSpec("organisation", "field.organisation_type", lambda p: [p.organisation.type], "organisation_type"),
    FacetSpec("education", "field.education_levels", lambda p: list(p.education_levels), "education_level"),
    FacetSpec("topic", "field.topics", lambda p: list(p.topics), "topic", term_pages=True),
    FacetSpec("stage", "field.stage", lambda p: [p.stage], "stage"),
    FacetSpec("language", "field.languages", lambda p: list(p.versions), "language"),
)
FACETS_BY_KEY = {f.key: f for f in FACETS}


@dataclass
class CatalogueEntry:
    """A practice as listed in the catalogue of one interface language."""

    slug: str
    title: str
    summary: str
    href: str
    lang: str
    """Language of the version shown (may differ from the catalogue's)."""
    in_reader_language: bool
    language_label: str
    category: Item
    country: Item
    municipality: str | None
    published: str
    languages: list[str]
    practice: Practice = field(repr=False)


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    href: str | None = None
    """The static term page, for facets that have them."""


@dataclass
class Facet:
    key: str
    label: str
    values: list[FacetValue]
    term_pages: bool


@dataclass
class Catalogue:
    """Everything the catalogue page of one language shows and sends."""

    lang: str
    entries: list[CatalogueEntry]
    """Newest first (the default sort)."""
    facets: list[Facet]
    year_min: int | None
    year_max: int | None

    def facet(self, key: str) -> Facet:
        return next(f for f in self.facets if f.key == key)

    def entries_with(self, key: str, value: str) -> list[CatalogueEntry]:
        spec = FACETS_BY_KEY[key]
        return [e for e in self.entries if value in spec.values_of(e.practice)]

    def to_json(self) -> str:
        """Compact JSON for the filtering script (see module docstring)."""
        index = {f.key: {v.value: i for i, v in enumerate(f.values)} for f in self.facets}
        items = []
        for e in self.entries:
            p = e.practice
            row: list[object] = [
                e.slug,
                p.published,
                p.period.start_year,
                p.period.end_year,
                p.municipality or "",
                " ".join(x for x in (p.organisation.name, p.region or "", " ".join(p.tags)) if x),
            ]
            row += [[index[spec.key][v] for v in spec.values_of(p)] for spec in FACETS]
            items.append(row)
        data = {
            "version": CATALOGUE_JSON_VERSION,
            "lang": self.lang,
            "columns": ["slug", "published", "start", "end", "municipality", "text"] + [f.key for f in FACETS],
            "facets": {f.key: [v.value for v in f.values] for f in self.facets},
            "items": items,
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)


def term_path(layout: SiteLayout, lang: str, key: str, value: str) -> str:
    """The static page of one facet value, e.g. `pl/practices/country/cz/`."""
    return f"{layout.catalogue_path(lang)}{key}/{value.lower()}/"


def _label(spec: FacetSpec, value: str, lang: str, vocab: Vocabularies) -> str:
    if spec.key == "country":
        return vocab.countries.name(value, lang)
    if spec.key == "language":
        return vocab.native_language_name(value)
    if spec.vocab:
        return vocab[spec.vocab].label(value, lang)
    return value


def _ordered(spec: FacetSpec, values: Iterable[str], lang: str, vocab: Vocabularies) -> list[str]:
    values = set(values)
    if spec.key == "language":
        order = vocab["language"].values
        return [v for v in order if v in values] + sorted(values - set(order))
    if spec.vocab and spec.key != "language":
        order = vocab[spec.vocab].values
        return [v for v in order if v in values]
    return sorted(values, key=lambda v: sort_key(_label(spec, v, lang, vocab)))


def build_catalogue(practices: dict[str, Practice], lang: str, layout: SiteLayout, vocab: Vocabularies) -> Catalogue:
    """The catalogue for readers of `lang`: every practice in its best version, with facets."""
    entries = []
    for practice in practices.values():
        shown = layout.best_version(practice, lang)
        entries.append(
            CatalogueEntry(
                slug=practice.slug,
                title=shown.title,
                summary=shown.summary,
                href=layout.practice_path(practice.slug, shown.lang),
                lang=shown.lang,
                in_reader_language=shown.lang == lang,
                language_label=vocab.language_name(shown.lang, lang),
                category=Item(vocab["category"].label(practice.category, lang), value=practice.category),
                country=Item(vocab.countries.name(practice.country, lang), value=practice.country),
                municipality=practice.municipality,
                published=practice.published,
                languages=list(practice.versions),
                practice=practice,
            )
        )
    # Newest first; ties by title so that the order is stable across builds.
    entries.sort(key=lambda e: (sort_key(e.title), e.slug))
    entries.sort(key=lambda e: e.published, reverse=True)

    facets = []
    for spec in FACETS:
        counts: dict[str, int] = {}
        for practice in practices.values():
            for value in spec.values_of(practice):
                counts[value] = counts.get(value, 0) + 1
        values = [
            FacetValue(
                value,
                _label(spec, value, lang, vocab),
                counts[value],
                term_path(layout, lang, spec.key, value) if spec.term_pages else None,
            )
            for value in _ordered(spec, counts, lang, vocab)
        ]
        facets.append(Facet(spec.key, vocab.t(spec.label_key, lang), values, spec.term_pages))

    years = [y for p in practices.values() for y in (p.period.start_year, p.period.end_year) if y is not None]
    return Catalogue(lang, entries, facets, min(years) if years else None, max(years) if years else None)
