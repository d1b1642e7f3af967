"""The catalogue of one interface language: entries, facets, pages and compact JSON.

The HTML catalogue is paginated: its first page lists the newest `PAGE_SIZE`
practices and links static pages `practices/page/2/`, … that list the rest
(crawlable, no JavaScript needed; the static category, country and topic pages
are another way in). The filtering script renders any entry from two JSON
files, written once per language:

* `catalogue.json`, what filtering, sorting and an entry's rendering need,
  column by column (one array per field, which compresses much better than one
  array per practice): slugs, titles, dates, years, facet values as indices
  into `facets` (an integer for one value, a list otherwise), municipality and
  organisation names as indices into string tables, tags;
* `catalogue-summaries.json`, the summaries in the same order: more than half
  of the bytes, fetched after it and used when they arrive (the filters work
  before that).
"""

from __future__ import annotations

import dataclasses
import json
import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .model import Practice
from .site import Item, SiteLayout, sort_key
from .vocab import Vocabularies

CATALOGUE_JSON_VERSION = 2
PAGE_SIZE = 50
"""Practices per page of the catalogue, static and filtered alike."""
SUMMARIES_FILE = "catalogue-summaries.json"
DATA_FILE = "catalogue.json"


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
    """Everything the catalogue pages of one language show and send."""

    lang: str
    entries: list[CatalogueEntry]
    """Newest first (the default sort)."""
    facets: list[Facet]
    year_min: int | None
    year_max: int | None
    path: str = ""
    """Site path of the catalogue's first page, e.g. `pl/practices/`."""
    version_prefixes: dict[str, str] = field(default_factory=dict)
    """Language of a version shown → the path of the practice pages relative to `path` (the slug follows):
    the pages in the catalogue's language, whatever the version."""
    in_language: dict[str, str] = field(default_factory=dict)
    """Language of a version shown, if not the catalogue's → its badge ("in Polish")."""
    draft_badge: str = ""
    page_size: int = PAGE_SIZE

    def facet(self, key: str) -> Facet:
        return next(f for f in self.facets if f.key == key)

    def entries_with(self, key: str, value: str) -> list[CatalogueEntry]:
        spec = FACETS_BY_KEY[key]
        return [e for e in self.entries if value in spec.values_of(e.practice)]

    def term(self, key: str, value: str, path: str) -> Catalogue:
        """The practices of one facet value, paged like the catalogue from its static page at `path`."""
        return dataclasses.replace(self, entries=self.entries_with(key, value), path=path)

    def narrowed(self, key: str, value: str, other_key: str, other_value: str, path: str) -> Catalogue:
        """The practices of one value of a facet and one of another (a category in a country), paged from `path`."""
        spec = FACETS_BY_KEY[other_key]
        return dataclasses.replace(self, entries=[e for e in self.entries_with(key, value) if other_value in spec.values_of(e.practice)], path=path)

    # -- pages -------------------------------------------------------------------

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.entries) // self.page_size))

    def page_path(self, number: int) -> str:
        """Site path of static page `number` (1 is the catalogue itself)."""
        return self.path if number <= 1 else f"{self.path}page/{number}/"

    def page(self, number: int) -> CataloguePage:
        if not 1 <= number <= self.pages:
            raise ValueError(f"catalogue page {number} of {self.pages}")
        return CataloguePage(self, number)

    # -- JSON for the script --------------------------------------------------------

    def to_json(self) -> str:
        """`catalogue.json` (see the module docstring)."""
        index = {f.key: {v.value: i for i, v in enumerate(f.values)} for f in self.facets}
        languages = index.get("language", {})
        places: dict[str, int] = {}
        organisations: dict[str, int] = {}

        def code(table: dict[str, int], text: str | None) -> int:
            if not text:
                return -1
            return table.setdefault(text, len(table))

        def one_or_many(values: list[int]) -> int | list[int]:
            return values[0] if len(values) == 1 else values

        columns: dict[str, list[object]] = {
            name: []
            for name in ("slug", "title", "shown", "original", "published", "start", "end", "place", "organisation_name", "tags")
        }
        facet_columns: dict[str, list[object]] = {spec.key: [] for spec in FACETS}
        drafts = []
        for i, e in enumerate(self.entries):
            p = e.practice
            columns["slug"].append(e.slug)
            columns["title"].append(e.title)
            columns["shown"].append(languages.get(e.lang, -1))
            columns["original"].append(languages.get(p.original_language, -1))
            columns["published"].append(p.published)
            columns["start"].append(p.period.start_year)
            columns["end"].append(p.period.end_year)
            columns["place"].append(code(places, p.municipality))
            columns["organisation_name"].append(code(organisations, p.organisation.name))
            # the keywords of the version shown and the original's: a reader may type either
            columns["tags"].append(" ".join(dict.fromkeys([*(p.versions[e.lang].tags or ()), *p.tags])))
            for spec in FACETS:
                facet_columns[spec.key].append(one_or_many([index[spec.key][v] for v in spec.values_of(p)]))
            if p.draft:
                drafts.append(i)
        data = {
            "version": CATALOGUE_JSON_VERSION,
            "lang": self.lang,
            "n": len(self.entries),
            "page_size": self.page_size,
            "keys": [f.key for f in self.facets],
            "facets": {f.key: [v.value for v in f.values] for f in self.facets},
            "hrefs": self.version_prefixes,
            "in_language": self.in_language,
            "draft_badge": self.draft_badge,
            "places": list(places),
            "organisations": list(organisations),
            "drafts": drafts,
            "items": {**columns, **facet_columns},
            "summaries": SUMMARIES_FILE,
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    def summaries_json(self) -> str:
        """`catalogue-summaries.json`: the summaries, in the order of `catalogue.json`."""
        data = {"version": CATALOGUE_JSON_VERSION, "lang": self.lang, "n": len(self.entries), "summaries": [e.summary for e in self.entries]}
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class PagerLink:
    number: int
    path: str
    current: bool = False
    gap_before: bool = False
    """A gap (…) separates it from the previous number shown."""


@dataclass
class CataloguePage:
    """One static page of the catalogue: its slice of the newest-first list, and links to the others."""

    catalogue: Catalogue
    number: int

    @property
    def facets(self) -> list[Facet]:
        return self.catalogue.facets

    @property
    def year_min(self) -> int | None:
        return self.catalogue.year_min

    @property
    def year_max(self) -> int | None:
        return self.catalogue.year_max

    @property
    def pages(self) -> int:
        return self.catalogue.pages

    @property
    def first(self) -> int:
        return (self.number - 1) * self.catalogue.page_size

    @property
    def entries(self) -> list[CatalogueEntry]:
        return self.catalogue.entries[self.first : self.first + self.catalogue.page_size]

    @property
    def total(self) -> int:
        return len(self.catalogue.entries)

    @property
    def previous(self) -> str | None:
        return self.catalogue.page_path(self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.catalogue.page_path(self.number + 1) if self.number < self.catalogue.pages else None

    def pager(self, around: int = 2) -> list[PagerLink]:
        """The first and last page, and those within `around` of this one (the script shows the same)."""
        last = self.catalogue.pages
        shown = sorted({1, last, *range(max(1, self.number - around), min(last, self.number + around) + 1)})
        return [
            PagerLink(n, self.catalogue.page_path(n), n == self.number, i > 0 and n - shown[i - 1] > 1)
            for i, n in enumerate(shown)
        ]


def term_path(layout: SiteLayout, lang: str, key: str, value: str) -> str:
    """The static page of one facet value, e.g. `pl/practices/country/cz/`."""
    return f"{layout.catalogue_path(lang)}{key}/{value.lower()}/"


NARROWED = ("category", "country")
"""The static pages of one value of each of these facets together: a category in a country."""


def narrowed_path(layout: SiteLayout, lang: str, category: str, country: str) -> str:
    """The static page of a category in a country, e.g. `pl/practices/category/development-plan/country/cz/`."""
    return f"{term_path(layout, lang, 'category', category)}country/{country.lower()}/"


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
                href=layout.practice_path(practice.slug, lang),
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
    path = layout.catalogue_path(lang)
    shown_languages = sorted({e.lang for e in entries})
    return Catalogue(
        lang,
        entries,
        facets,
        min(years) if years else None,
        max(years) if years else None,
        path=path,
        version_prefixes={code: _relative(layout.practice_path("", lang), path) for code in shown_languages},
        in_language={e.lang: vocab.t("catalogue.in_language", lang, language=e.language_label) for e in entries if not e.in_reader_language},
        draft_badge=vocab.t("practice.draft_badge", lang),
    )


def _relative(target: str, base: str) -> str:
    """`target` relative to the folder `base` (both site paths ending in /), ending in /."""
    rel = posixpath.relpath("/" + target, "/" + base)
    return "" if rel == "." else rel + "/"
