"""Atom feeds of newly published practices, one per interface language.

Each practice appears once per feed, in the version a reader of that language
gets (`xml:lang` says which). Dates come from the practices' `published`
field, never from the clock, so a feed changes only when the content does.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from .model import Practice
from .site import SiteLayout
from .vocab import Vocabularies

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FEED_LIMIT = 50
"""Entries per feed: the newest practices."""


def feed_path(layout: SiteLayout, lang: str) -> str:
    return f"{layout.prefix(lang)}feed.xml"


def _timestamp(date: str) -> str:
    return f"{date}T00:00:00Z"


def atom_feed(practices: dict[str, Practice], lang: str, layout: SiteLayout, vocab: Vocabularies, *, base_url: str, site_name: str) -> str:
    """The Atom document for readers of `lang` (base_url ends with '/')."""
    ET.register_namespace("", ATOM)
    newest = sorted(practices.values(), key=lambda p: (p.published, p.slug), reverse=True)[:FEED_LIMIT]
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: lang})
    url = base_url + feed_path(layout, lang)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    sub(feed, "id", url)
    sub(feed, "title", f"{site_name}: {vocab.t('home.newest', lang)}")
    sub(feed, "link", rel="self", type="application/atom+xml", href=url)
    sub(feed, "link", rel="alternate", type="text/html", href=base_url + layout.catalogue_path(lang), hreflang=lang)
    sub(feed, "updated", _timestamp(newest[0].published) if newest else "1970-01-01T00:00:00Z")
    sub(feed, "generator", "goodpractices")
    for practice in newest:
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
