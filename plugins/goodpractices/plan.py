"""The site plan: every page and file of the site, per language, as typed values.

A site generator asks the plan which pages a language has (`SitePlan.pages`), which
data files it writes (`SitePlan.files`, `SitePlan.shared_files`), which files of the
practice folders it copies (`SitePlan.attachments`) and, when it renders a page, what
the page's template is given (`SitePlan.context`). Every address and language rule is
decided here, from plain settings (`SiteSettings`): the default language at the site
root, the others under `/<lang>/`. Nothing here imports a site generator; the MkDocs
adapter maps these values to its files and pages, another adapter could map them to
another generator's.

Page values are cheap: what a page shows (a practice's view, the statistics, the map,
a printable volume) is computed only when its context is asked for.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from markupsafe import escape

from . import datapackage, dcat, opendata, practice_data
from .catalogue import (
    DATA_FILE,
    FACETS_BY_KEY,
    NARROWED,
    SUMMARIES_FILE,
    Catalogue,
    CatalogueEntry,
    CataloguePage,
    Facet,
    FacetValue,
    build_catalogue,
    narrowed_path,
    term_path,
)
from .compilation import VOLUME_SIZE, build_compilation, compilation_path, volume_count
from .errors import Problem
from .feeds import atom_feed, feed_document, feed_path, newest, term_feed_folder, term_feed_path
from .model import Practice
from .render import for_page
from .schema_export import practice_schema, translation_schema
from .site import SiteLayout, practice_view, related_map
from .stats import build_statistics
from .vocab import Vocabularies

DATA_DIR = opendata.DATA_DIR
"""The open data files, at the site root."""
SCHEMA_DIR = "schema/"
"""The JSON Schemas of the front matter, at the site root."""
LANGUAGE_PAGES = {"stats": "statistics/", "map": "map/", "opendata": "open-data/", "search": "search/"}
"""Pages every language has, by kind: their path below the language's prefix."""


@dataclass(frozen=True)
class SiteSettings:
    """The settings the plan is made from: plain values, read from the generator's configuration by its adapter."""

    languages: tuple[str, ...]
    """The languages built, as the generator builds them."""
    default_language: str
    """The language at the site root; the others are under `/<lang>/`."""
    fallback_languages: tuple[str, ...] = ("en",)
    """Versions offered, in order, to a reader whose language a practice lacks (then the original)."""
    site_url: str = ""
    """The site's absolute address (for feeds, open data and schema identifiers)."""
    site_names: Mapping[str, str] = field(default_factory=dict)
    """The site's name in each language (a feed's title)."""
    search: bool = True
    """Whether each language has a search page (and an index)."""
    compilation_volume_size: int = VOLUME_SIZE
    """Most practices in one printable page; a larger category is split into volumes (0: never)."""
    edit_url: str | None = None
    """Where a practice's files are edited: `<edit_url>/<slug>/<lang>.md`; None: no edit links."""
    map_data: Path | None = None
    """The TopoJSON of the countries for the map."""
    show_drafts: bool = False
    """Publish the practices marked `draft: true` too (a preview, with a banner on each)."""
    publisher: str | None = None
    """Who publishes the site's data (the DCAT catalogue's publisher); None: the site's name."""
    sources_date: str | None = None
    """The date (YYYY-MM-DD) of the sources built (the last commit's), for the data catalogue's `modified` date; never the clock's."""

    @property
    def layout(self) -> SiteLayout:
        return SiteLayout(self.languages, self.default_language, self.fallback_languages)

    @property
    def base_url(self) -> str:
        """The site's address with a trailing slash ("/" when it has none)."""
        return (self.site_url or "/").rstrip("/") + "/"


# -- pages ---------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Page:
    """A page of the site in one language."""

    lang: str
    path: str
    """Its address relative to the site root, a folder: `pl/practices/`."""
    title: str
    alternates: Mapping[str, str]
    """Language → the address of the same page in that language (this one's included): the language menu."""
    description: str | None = None
    template: ClassVar[str]
    """The Jinja template that renders it (a site may override it)."""
    in_nav: ClassVar[bool] = False
    """Whether the site's navigation lists it."""
    toc: ClassVar[bool] = True
    """Whether the page shows a table of contents."""
    in_sitemap: ClassVar[bool] = True
    """Whether the sitemap lists it (an embed, for other sites' frames, is neither listed nor indexed)."""

    @property
    def kind(self) -> str:
        return type(self).__name__

    @property
    def translations(self) -> Mapping[str, str]:
        """The alternates whose content is this page's in their own language (`hreflang`)."""
        return self.alternates

    @property
    def canonical(self) -> str | None:
        """The address of the page whose content this one repeats, if any (`rel=canonical`)."""
        return None


@dataclass(frozen=True, kw_only=True)
class PracticePage(Page):
    """A practice for the readers of `lang`: its interface in `lang`, its text in the version `version`.

    Every practice has a page in every language. `version` is the page's own
    language where the practice has that version; otherwise the best one there is
    (`SiteSettings.fallback_languages`, then the original), and the page is a
    fallback: it names the version's own page as canonical.
    """

    practice: Practice
    version: str
    """The language of the text shown."""
    version_path: str
    """The address of the page of the version shown, in its own language."""
    template = "practice.html"

    @property
    def is_fallback(self) -> bool:
        return self.version != self.lang

    @property
    def translations(self) -> Mapping[str, str]:
        return {code: path for code, path in self.alternates.items() if code in self.practice.versions}

    @property
    def canonical(self) -> str | None:
        # Not when the version's own page is not built (a language previewed alone, or not built at all).
        return self.version_path if self.is_fallback and self.version in self.alternates else None


@dataclass(frozen=True, kw_only=True)
class CatalogueListingPage(Page):
    """A page of the catalogue: the first one (filters, newest practices) or a further static page."""

    listing: CataloguePage
    template = "practice-catalogue.html"
    toc = False

    @property
    def in_nav(self) -> bool:  # type: ignore[override]
        return self.listing.number == 1


@dataclass(frozen=True, kw_only=True)
class TermPage(Page):
    """A page of the practices of one category, country or topic."""

    facet: Facet
    value: FacetValue
    listing: CataloguePage
    within: tuple[Facet, FacetValue] | None = None
    """The other facet's value the page is narrowed to (a category in a country), if any."""
    template = "practice-term.html"
    toc = False


@dataclass(frozen=True, kw_only=True)
class EmbedPage(Page):
    """The newest practices of one category, country or topic, for another site to show in a frame.

    A small document of its own (no header, navigation or footer), not in the navigation,
    the sitemap or the search index, and marked `noindex`; each practice links to its page
    on the site, opened in the top window.
    """

    facet: Facet
    value: FacetValue
    entries: tuple[CatalogueEntry, ...]
    """The term's newest `EMBED_SIZE` practices (only these are kept: a page per term, at 10,000 practices too)."""
    total: int
    """How many practices the term has."""
    term_href: str
    """The full term page, in this language."""
    template = "practice-embed.html"
    toc = False
    in_sitemap = False


@dataclass(frozen=True, kw_only=True)
class StatisticsPage(Page):
    template = "practice-stats.html"
    in_nav = True


@dataclass(frozen=True, kw_only=True)
class MapPage(Page):
    template = "practice-map.html"
    in_nav = True


@dataclass(frozen=True, kw_only=True)
class OpenDataPage(Page):
    template = "practice-opendata.html"
    in_nav = True


@dataclass(frozen=True, kw_only=True)
class SearchPage(Page):
    template = "practice-search.html"
    in_nav = True
    toc = False


@dataclass(frozen=True, kw_only=True)
class CompilationPage(Page):
    """The printable compilation of a category, or the list of its volumes, or one volume."""

    category: str
    label: str
    volume: int | None
    volumes: int
    """Volumes of the category (0: not split)."""
    template = "practice-compilation.html"


EMBED_SIZE = 20
"""Most practices an embed lists (the newest); it links to the term page for the rest."""
EMBED_DIR = "embed/"
"""The embeds, below each language's prefix: `<lang>/embed/<facet>/<value>/`."""


def embed_path(layout: SiteLayout, lang: str, key: str, value: str) -> str:
    """The embed of one facet value, e.g. `pl/embed/country/cz/`."""
    return f"{layout.prefix(lang)}{EMBED_DIR}{key}/{value.lower()}/"


HOME_TEMPLATE = "practice-home.html"
"""The template of each language's home page (a Markdown page of the site) unless it names its own."""


def _terms(catalogue: Catalogue) -> Iterator[tuple[Facet, FacetValue]]:
    """Every value of every facet that has pages of its own (categories, countries, topics)."""
    for facet in catalogue.facets:
        if facet.term_pages:
            for value in facet.values:
                yield facet, value


# -- files -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DataFile:
    """A file the site writes (not a page): its address relative to the site root, and how to make its text.

    The text is made when the file is written and not kept: the open data of a large
    collection, every practice in every language, would otherwise stay in memory to the end.
    """

    path: str
    make: Callable[[], str]

    @property
    def content(self) -> str:
        return self.make()


@dataclass(frozen=True)
class Attachment:
    """A file of a practice folder (image, document), published once for every language."""

    path: str
    source: Path


# -- the plan -----------------------------------------------------------------------------------


@dataclass
class SitePlan:
    """The pages and files of a site made of `practices`, and what their templates show.

    `body_html(slug, lang)` gives the sanitised HTML of a version's body as rendered
    (its URLs behind the markers of `render.for_page`); printable compilations reuse it.
    """

    settings: SiteSettings
    practices: dict[str, Practice]
    """The practices the site shows: those loaded, without the drafts unless `settings.show_drafts`."""
    vocab: Vocabularies
    body_html: Callable[[str, str], str]
    problems: list[Problem] = field(default_factory=list)
    """Errors shown on every page (the preview of a site with invalid practices), in the page's language."""
    related: dict[str, list[str]] = field(init=False)
    layout: SiteLayout = field(init=False)
    _catalogues: dict[str, Catalogue] = field(init=False, default_factory=dict)
    _compilation_order: dict[Any, Any] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        if not self.settings.show_drafts:
            self.practices = {slug: practice for slug, practice in self.practices.items() if not practice.draft}
        self.layout = self.settings.layout
        self.related = related_map(self.practices)

    def catalogue(self, lang: str) -> Catalogue:
        """The catalogue of `lang`, made once while its pages are made (one language at a time is kept)."""
        if lang not in self._catalogues:
            self._catalogues = {lang: build_catalogue(self.practices, lang, self.layout, self.vocab)}
        return self._catalogues[lang]

    # -- pages ----------------------------------------------------------------------------

    def pages(self, lang: str) -> list[Page]:
        """Every page this plan adds in `lang`, in the order of the sitemap."""
        return [
            *self.practice_pages(lang),
            *self._catalogue_pages(lang),
            *self._term_pages(lang),
            *self._embed_pages(lang),
            *self._language_pages(lang, ("stats", "map", "opendata")),
            *self._compilation_pages(lang),
            *self._language_pages(lang, ("search",) if self.settings.search else ()),
        ]

    def practice_pages(self, lang: str) -> list[PracticePage]:
        """Every practice, for the readers of `lang`: in their version, or in the best one there is."""
        layout = self.layout
        pages = []
        for practice in self.practices.values():
            shown = layout.best_version(practice, lang)
            pages.append(
                PracticePage(
                    lang=lang,
                    path=layout.practice_path(practice.slug, lang),
                    title=shown.title,
                    description=shown.summary,
                    alternates={code: layout.practice_path(practice.slug, code) for code in layout.languages},
                    practice=practice,
                    version=shown.lang,
                    version_path=layout.practice_path(practice.slug, shown.lang),
                )
            )
        return pages

    def _catalogue_pages(self, lang: str) -> Iterator[CatalogueListingPage]:
        catalogue = self.catalogue(lang)
        title = self.vocab.t("catalogue.title", lang)
        for number in range(1, catalogue.pages + 1):
            suffix = "" if number == 1 else f"page/{number}/"
            yield CatalogueListingPage(
                lang=lang,
                path=self.layout.catalogue_path(lang) + suffix,
                title=title,
                alternates={code: self.layout.catalogue_path(code) + suffix for code in self.layout.languages},
                listing=catalogue.page(number),
            )

    def _term_pages(self, lang: str) -> Iterator[TermPage]:
        t = self.vocab.t
        catalogue = self.catalogue(lang)
        for facet, value in _terms(catalogue):
            listing = catalogue.term(facet.key, value.value, term_path(self.layout, lang, facet.key, value.value))
            title = t("term.title", lang, facet=facet.label, value=value.label)
            yield from self._listing_pages(lang, listing, title, partial(term_path, self.layout, key=facet.key, value=value.value), facet=facet, value=value)
            if facet.key == NARROWED[0]:
                yield from self._narrowed_pages(lang, catalogue, facet, value)

    def _embed_pages(self, lang: str) -> Iterator[EmbedPage]:
        """One embed per category, country and topic: the first page of the term's listing, cut to `EMBED_SIZE`."""
        t = self.vocab.t
        catalogue = self.catalogue(lang)
        for facet, value in _terms(catalogue):
            href = term_path(self.layout, lang, facet.key, value.value)
            entries = catalogue.entries_with(facet.key, value.value)
            yield EmbedPage(
                lang=lang,
                path=embed_path(self.layout, lang, facet.key, value.value),
                title=t("term.title", lang, facet=facet.label, value=value.label),
                alternates={code: embed_path(self.layout, code, facet.key, value.value) for code in self.layout.languages},
                facet=facet,
                value=value,
                entries=tuple(entries[:EMBED_SIZE]),
                total=len(entries),
                term_href=href,
            )

    def _narrowed_pages(self, lang: str, catalogue: Catalogue, facet: Facet, value: FacetValue) -> Iterator[TermPage]:
        """The pages of a category in each country that has practices of it (for readers without the script, and search engines)."""
        t = self.vocab.t
        other = catalogue.facet(NARROWED[1])
        for country in other.values:
            listing = catalogue.narrowed(facet.key, value.value, other.key, country.value, narrowed_path(self.layout, lang, value.value, country.value))
            if not listing.entries:
                continue
            title = t("term.title", lang, facet=facet.label, value=value.label) + " — " + t("term.title", lang, facet=other.label, value=country.label)
            address = partial(narrowed_path, self.layout, category=value.value, country=country.value)
            yield from self._listing_pages(lang, listing, title, address, facet=facet, value=value, within=(other, country))

    def _listing_pages(self, lang: str, listing: Catalogue, title: str, address: Callable[..., str], **shown: Any) -> Iterator[TermPage]:
        """The static pages of a list of practices, paged like the catalogue (every language lists the same
        practices, so has the same pages); `address(lang=…)` is the first page's in a language."""
        for number in range(1, listing.pages + 1):
            path = listing.page_path(number)
            suffix = path[len(listing.path) :]
            full = title if number == 1 else title + " — " + self.vocab.t("catalogue.page", lang, page=number, pages=listing.pages)
            alternates = {code: address(lang=code) + suffix for code in self.layout.languages}
            yield TermPage(lang=lang, path=path, title=full, alternates=alternates, listing=listing.page(number), **shown)

    def _language_pages(self, lang: str, kinds: tuple[str, ...]) -> Iterator[Page]:
        classes: dict[str, type[Page]] = {"stats": StatisticsPage, "map": MapPage, "opendata": OpenDataPage, "search": SearchPage}
        for kind in kinds:
            paths = {code: self.layout.prefix(code) + LANGUAGE_PAGES[kind] for code in self.layout.languages}
            yield classes[kind](lang=lang, path=paths[lang], title=self.vocab.t(f"{kind}.title", lang), alternates=paths)

    def _compilation_pages(self, lang: str) -> Iterator[CompilationPage]:
        t = self.vocab.t
        size = self.settings.compilation_volume_size
        for value in self.catalogue(lang).facet("category").values:
            # Every practice is in every language's compilation (in its best version): the same volumes everywhere.
            volumes = volume_count(value.count, size)
            for volume in (None, *range(1, volumes + 1)):
                paths = {code: compilation_path(self.layout, code, value.value, volume) for code in self.layout.languages}
                title = t("compilation.title", lang, category=value.label)
                if volume:
                    title += " — " + t("compilation.volume", lang, n=volume, total=volumes)
                yield CompilationPage(lang=lang, path=paths[lang], title=title, alternates=paths, category=value.value, label=value.label, volume=volume, volumes=volumes)

    # -- files ----------------------------------------------------------------------------

    def files(self, lang: str) -> list[DataFile]:
        """The data files of `lang`: the catalogue's data for its script, the Atom feeds (of every practice, and of
        each category, country and topic), sitemap indexes beside them."""
        settings = self.settings
        out = [
            DataFile(self.layout.catalogue_path(lang) + DATA_FILE, lambda: self.catalogue(lang).to_json()),
            DataFile(self.layout.catalogue_path(lang) + SUMMARIES_FILE, lambda: self.catalogue(lang).summaries_json()),
            DataFile(
                feed_path(self.layout, lang),
                lambda: atom_feed(self.practices, lang, self.layout, self.vocab, base_url=settings.base_url, site_name=settings.site_names.get(lang, "")),
            ),
        ]
        feed_folders = []
        for facet in self.catalogue(lang).facets:
            if facet.term_pages:
                feed_folders.append(term_feed_folder(self.layout, lang, facet.key))
                out += [DataFile(term_feed_path(self.layout, lang, facet.key, value.value), partial(self._term_feed, lang, facet.key, value.value)) for value in facet.values]
        if settings.site_url:
            # The site's sitemap, at its root, lists every language. One is asked for beside every feed too:
            # Material's script fetches `sitemap.xml` beside every `<link rel=alternate>` of a page.
            folders = [self.layout.prefix(lang)] if self.layout.prefix(lang) else []
            out += [DataFile(folder + "sitemap.xml", self._sitemap_index) for folder in folders + feed_folders]
        return out

    def _term_feed(self, lang: str, key: str, value: str) -> str:
        catalogue = self.catalogue(lang)
        facet = catalogue.facet(key)
        label = next((v.label for v in facet.values if v.value == value), value)
        title = self.settings.site_names.get(lang, "") + ": " + self.vocab.t("term.title", lang, facet=facet.label, value=label)
        entries = newest(entry.practice for entry in catalogue.entries_with(key, value))
        return feed_document(
            entries, lang, self.layout, self.vocab, base_url=self.settings.base_url,
            title=title, path=term_feed_path(self.layout, lang, key, value), page=term_path(self.layout, lang, key, value),
        )  # fmt: skip

    def _sitemap_index(self) -> str:
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f" <sitemap><loc>{self.settings.base_url}sitemap.xml</loc></sitemap>\n</sitemapindex>\n"
        )

    def shared_files(self) -> list[DataFile]:
        """The files of no language: the front matter's JSON Schemas, the open data, its Data Package and
        DCAT-AP descriptions, the document of each practice."""
        out = [DataFile(f"{SCHEMA_DIR}{name}.schema.json", partial(self._front_matter_schema, name)) for name in ("practice", "translation")]
        out.append(DataFile(opendata.SCHEMA_PATH, self._open_data_schema))
        for lang in (None, *self.layout.languages):
            out.append(DataFile(opendata.file_path(lang, "json"), partial(self._open_data, lang, "json")))
            out.append(DataFile(opendata.file_path(lang, "csv"), partial(self._open_data, lang, "csv")))
        out.append(DataFile(datapackage.DATAPACKAGE_PATH, self._datapackage))
        out.append(DataFile(dcat.CATALOG_PATH, self._dcat_catalogue))
        # One file per practice, each made when written: a document holds every version's body.
        out += [DataFile(practice_data.practice_data_path(slug), partial(self._practice_document, slug)) for slug in self.practices]
        if self.settings.site_url:
            out.append(DataFile(practice_data.PRACTICES_DATA_DIR + "sitemap.xml", self._sitemap_index))  # see `files`
        return out

    def _datapackage(self) -> str:
        settings = self.settings
        site_name = settings.site_names.get(settings.default_language, "")
        return datapackage.to_json(datapackage.datapackage(self.practices, self.layout.languages, settings.default_language, self.vocab, base_url=settings.base_url, site_name=site_name))

    def _dcat_catalogue(self) -> str:
        settings = self.settings
        document = dcat.catalogue(
            self.practices, self.layout, self.vocab, base_url=settings.base_url, site_names=settings.site_names,
            publisher=settings.publisher, sources_date=settings.sources_date, page=LANGUAGE_PAGES["opendata"],
        )  # fmt: skip
        return dcat.to_json(document)

    def _practice_document(self, slug: str) -> str:
        document = practice_data.practice_document(self.practices[slug], self.layout, self.vocab, base_url=self.settings.base_url, body_html=self.body_html)
        return practice_data.to_json(document)

    def _front_matter_schema(self, name: str) -> str:
        make = practice_schema if name == "practice" else translation_schema
        return json.dumps(make(self.vocab, schema_id=f"{self.settings.base_url}{SCHEMA_DIR}{name}.schema.json"), ensure_ascii=False, indent=1)

    def _open_data_schema(self) -> str:
        return json.dumps(opendata.json_schema(self.settings.base_url + opendata.SCHEMA_PATH), ensure_ascii=False, indent=1) + "\n"

    def _open_data(self, lang: str | None, form: str) -> str:
        # The JSON and CSV of a language are each made when written, one at a time: their rows are made twice.
        rows = opendata.records(self.practices, self.layout, self.vocab, self.settings.base_url, lang)
        if form == "csv":
            return opendata.to_csv(rows)
        return opendata.to_json(rows, lang=lang, schema_url=self.settings.base_url + opendata.SCHEMA_PATH)

    def attachments(self) -> list[Attachment]:
        """The images and documents of every practice folder, published once for all languages."""
        return [Attachment(self.layout.file_path(p.slug, name), p.folder / name) for p in self.practices.values() for name in p.extra_files]

    # -- what templates are given ------------------------------------------------------------

    def site_context(self, lang: str) -> dict[str, Any]:
        """What every page of `lang` is given, the site's own Markdown pages included."""
        vocab = self.vocab
        return {
            "gp_lang": lang,
            "gp_t": lambda key, **params: vocab.t(key, lang, **params),
            "gp_catalogue_href": self.layout.catalogue_path(lang),
            "gp_feed_href": feed_path(self.layout, lang),
            "gp_data_href": DATA_DIR,
            "gp_catalogue": self.catalogue(lang),
            "gp_problems": [p.format(lang) for p in self.problems],
            "gp_search_index": self.settings.search,
        }

    def context(self, page: Page) -> dict[str, Any]:
        """What the template of `page` is given besides `site_context` (computed now: call it as the page renders)."""
        lang, layout, vocab = page.lang, self.layout, self.vocab
        if isinstance(page, PracticePage):
            view = practice_view(page.practice, page.version, layout, vocab, self.practices, self.related.get(page.practice.slug, []), reader=lang)
            view.edit_url = self.edit_url(page.practice.slug, page.version)
            view.data_href = practice_data.practice_data_path(page.practice.slug)
            data = {"type": "application/json", "href": view.data_href, "title": vocab.t("reuse.practice_data", lang)}
            return {"practice": view, "gp_head_links": [data]}
        if isinstance(page, CatalogueListingPage):
            return {"catalogue": page.listing}
        if isinstance(page, TermPage):
            listing = page.listing
            term = {"facet": page.facet, "value": page.value, "entries": listing.entries, "total": listing.total, "page": listing, "within": page.within}
            feed = None
            if page.within is None:
                title = vocab.t("reuse.term_feed", lang, value=page.value.label)
                feed = {"type": "application/atom+xml", "href": term_feed_path(layout, lang, page.facet.key, page.value.value), "title": title}
            embed = None
            if page.within is None and page.listing.number == 1:
                embed = self._embed_snippet(page.lang, page.facet, page.value)
            return {"term": {**term, "narrower": self._narrower(page), "feed": feed, "embed": embed}, "gp_head_links": [feed] if feed else []}
        if isinstance(page, EmbedPage):
            site = self.settings.site_names.get(lang, "")
            return {"embed": {"facet": page.facet, "value": page.value, "entries": page.entries, "total": page.total, "term_href": page.term_href, "site_name": site}}
        if isinstance(page, StatisticsPage):
            return {"stats": build_statistics(self.practices, lang, layout, vocab)}
        if isinstance(page, MapPage):
            from .geo import DEFAULT_DATA, build_map

            return {"map": build_map(self.practices, lang, layout, vocab, self.settings.map_data or DEFAULT_DATA)}
        if isinstance(page, CompilationPage):
            compilation = build_compilation(
                self.practices, page.category, lang, layout, vocab,
                # as on the version's own page, with links to practices going to the compilation's readers' pages
                render=lambda practice, version_lang: for_page(self.body_html(practice.slug, version_lang), layout.practice_path(practice.slug, version_lang), layout, lang),
                related=self.related, volume_size=self.settings.compilation_volume_size, volume=page.volume,
                chosen_cache=self._compilation_order,
            )  # fmt: skip
            return {"compilation": compilation}
        if isinstance(page, OpenDataPage):
            return {"opendata": self._open_data_page(lang), "gp_head_links": [{"type": dcat.MEDIA_TYPE, "href": dcat.CATALOG_PATH, "title": vocab.t("reuse.catalog", lang)}]}
        return {}

    def _embed_snippet(self, lang: str, facet: Facet, value: FacetValue) -> dict[str, Any]:
        """What a term page offers to copy: the `<iframe>` of its embed, at the site's address (a site without one: its path)."""
        path = embed_path(self.layout, lang, facet.key, value.value)
        src = self.settings.base_url + path
        title = self.vocab.t("embed.frame_title", lang, value=value.label, site=self.settings.site_names.get(lang, ""))
        code = f'<iframe src="{escape(src)}" title="{escape(title)}" lang="{escape(lang)}" loading="lazy" width="100%" height="600" style="border:1px solid #ccc"></iframe>'
        return {"href": path, "src": src, "title": title, "code": code, "size": EMBED_SIZE}

    def _open_data_page(self, lang: str) -> dict[str, Any]:
        """What the open-data page of `lang` lists: the files, the columns, the feeds of each category, country and topic."""
        catalogue = self.catalogue(lang)
        term_feeds = [(facet, [(value, term_feed_path(self.layout, lang, facet.key, value.value)) for value in facet.values]) for facet in catalogue.facets if facet.term_pages]
        example = catalogue.entries[0].slug if catalogue.entries else None
        return {
            "columns": opendata.COLUMNS,
            "descriptions": {column: opendata.column_description(column, lang, self.vocab) for column in opendata.COLUMNS},
            "languages": self.layout.languages,
            "dir": DATA_DIR,
            "schema": opendata.SCHEMA_PATH,
            "datapackage": datapackage.DATAPACKAGE_PATH,
            "catalog": dcat.CATALOG_PATH,
            "practice_example": practice_data.practice_data_path(example) if example else None,
            "term_feeds": term_feeds,
        }

    def _narrower(self, page: TermPage) -> tuple[Facet, list[FacetValue]] | None:
        """On a category's or a country's page: the other facet's values among its practices, each linked to the page of both."""
        if page.within is not None or page.facet.key not in NARROWED:
            return None
        catalogue = self.catalogue(page.lang)
        other = catalogue.facet(NARROWED[1] if page.facet.key == NARROWED[0] else NARROWED[0])
        spec = FACETS_BY_KEY[other.key]
        counts: dict[str, int] = {}
        for entry in catalogue.entries_with(page.facet.key, page.value.value):
            for code in spec.values_of(entry.practice):
                counts[code] = counts.get(code, 0) + 1
        found = []
        for candidate in other.values:
            if counts.get(candidate.value):
                category, country = (page.value.value, candidate.value) if page.facet.key == NARROWED[0] else (candidate.value, page.value.value)
                found.append(FacetValue(candidate.value, candidate.label, counts[candidate.value], narrowed_path(self.layout, page.lang, category, country)))
        return (other, found) if found else None

    def shows(self, page: Page) -> list[str] | None:
        """The practices whose files a page shows, in order; None: it depends on the whole collection.

        A preview that keeps pages across rebuilds renders a page again when one of these
        changed (or the site around them: its settings, templates, the catalogue's facets).
        """
        if isinstance(page, PracticePage):
            return [page.practice.slug, *self.related.get(page.practice.slug, [])]
        if isinstance(page, TermPage):
            return [entry.slug for entry in page.listing.entries]
        if isinstance(page, EmbedPage):
            return [entry.slug for entry in page.entries]
        if isinstance(page, CompilationPage):
            chosen = sorted(slug for slug, practice in self.practices.items() if practice.category == page.category)
            return [*chosen, *(slug for chosen_slug in chosen for slug in self.related.get(chosen_slug, []))]
        return None

    def edit_url(self, slug: str, lang: str) -> str | None:
        base = self.settings.edit_url
        return f"{base}/{slug}/{lang}.md" if base else None

    def home_path(self, lang: str) -> str:
        return self.layout.home_path(lang)
