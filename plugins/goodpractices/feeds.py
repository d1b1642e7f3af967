"""Atom feeds of newly published practices: one per interface language, and one per
category, country and topic in each language.

Each practice appears once per feed, in the version a reader of that language
gets (`xml:lang` says which). Dates come from the practices' `published`
field, never from the clock, so a feed changes only when the content does.

The feeds of a category, country or topic are in one folder per facet
(`pl/feeds/category/development-plan.xml`), not beside their pages: Material's
script fetches a `sitemap.xml` beside every `<link rel=alternate>` of a page, and
one in each facet's folder is enough for all of its feeds (`SitePlan.files`).
"""

from __future__ import annotations

import heapq
import xml.etree.ElementTree as ET
from collections.abc import Iterable

from .model import Practice
from .site import SiteLayout
from .vocab import Vocabularies

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FEED_LIMIT = 50
"""Entries per feed: the newest practices."""
FEEDS_DIR = "feeds/"
"""The feeds of categories, countries and topics, below a language's prefix."""


def feed_path(layout: SiteLayout, lang: str) -> str:
    """The feed of every practice, for readers of `lang`."""
    return f"{layout.prefix(lang)}feed.xml"


def term_feed_folder(layout: SiteLayout, lang: str, key: str) -> str:
    """The folder of the feeds of a facet's values (`category`, `country`, `topic`), e.g. `pl/feeds/country/`."""
    return f"{layout.prefix(lang)}{FEEDS_DIR}{key}/"


def term_feed_path(layout: SiteLayout, lang: str, key: str, value: str) -> str:
    """The feed of one category, country or topic, e.g. `pl/feeds/country/cz.xml`."""
    return f"{term_feed_folder(layout, lang, key)}{value.lower()}.xml"


def newest(practices: Iterable[Practice], limit: int = FEED_LIMIT) -> list[Practice]:
    """The `limit` most recently published practices, newest first (ties: by slug, descending)."""
    return heapq.nlargest(limit, practices, key=lambda p: (p.published, p.slug))


def _timestamp(date: str) -> str:
    return f"{date}T00:00:00Z"


def atom_feed(practices: dict[str, Practice], lang: str, layout: SiteLayout, vocab: Vocabularies, *, base_url: str, site_name: str) -> str:
    """The Atom document of every practice for readers of `lang` (base_url ends with '/')."""
    return feed_document(
        newest(practices.values()), lang, layout, vocab, base_url=base_url,
        title=f"{site_name}: {vocab.t('home.newest', lang)}", path=feed_path(layout, lang), page=layout.catalogue_path(lang),
    )  # fmt: skip


def feed_document(entries: list[Practice], lang: str, layout: SiteLayout, vocab: Vocabularies, *, base_url: str, title: str, path: str, page: str) -> str:
    """The Atom document at site path `path` listing `entries` in that order, for readers of `lang`;
    `page` is the page of the same list (the feed's `alternate`)."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: lang})
    url = base_url + path

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    sub(feed, "id", url)
    sub(feed, "title", title)
    sub(feed, "link", rel="self", type="application/atom+xml", href=url)
    sub(feed, "link", rel="alternate", type="text/html", href=base_url + page, hreflang=lang)
    sub(feed, "updated", _timestamp(max(p.published for p in entries)) if entries else "1970-01-01T00:00:00Z")
    sub(feed, "generator", "goodpractices")
    for practice in entries:
        version = layout.best_version(practice, lang)
        href = base_url + layout.practice_path(practice.slug, lang)
        entry = sub(feed, "entry", **{XML_LANG: version.lang})
        sub(entry, "id", base_url + f"practices/{practice.slug}/")
        sub(entry, "title", version.title)
        sub(entry, "link", rel="alternate", type="text/html", href=href, hreflang=version.lang)
        # The other language versions, on their own language's pages.
        for other in practice.versions:
            if other != version.lang and other in layout.languages:
                sub(entry, "link", rel="related", type="text/html", href=base_url + layout.practice_path(practice.slug, other), hreflang=other)
        sub(entry, "published", _timestamp(practice.published))
        sub(entry, "updated", _timestamp(practice.published))
        author = sub(entry, "author")
        sub(author, "name", practice.organisation.name)
        sub(entry, "summary", version.summary)
        sub(entry, "category", term=practice.category, label=vocab["category"].label(practice.category, lang))
        for topic in practice.topics:
            sub(entry, "category", term=topic, label=vocab["topic"].label(topic, lang))
        sub(entry, "rights", practice.licence)
    ET.indent(feed, space=" ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"
