"""Open data (JSON, CSV, schema) and Atom feeds of the example site: of each language, and of each category, country and topic."""

from __future__ import annotations

import csv
import io
import json

import feedparser
from jsonschema import Draft202012Validator, FormatChecker
from markupsafe import escape

from conftest import LANGS
from goodpractices import SiteLayout
from goodpractices.catalogue import term_path
from goodpractices.feeds import newest, term_feed_path
from goodpractices.opendata import COLUMNS
from htmlutil import elements, links_to, resolve

LAYOUT = SiteLayout(LANGS, "en")
BASE = "https://goodpractices.example.org/"
TERM_FACETS = {"category": lambda p: [p.category], "country": lambda p: [p.country], "topic": lambda p: p.topics}


def versions(practices, lang=None):
    """(slug, language of the text) of each row: every version; for a language, every practice in its readers' version."""
    if lang is not None:
        return {(slug, p.best_version(lang).lang) for slug, p in practices.items()}
    return {(slug, code) for slug, p in practices.items() for code in p.versions}


def test_json_per_language_and_all_match_the_practices(example_site, practices) -> None:
    schema = json.loads((example_site / "data" / "practices.schema.json").read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    for lang in (None, *LANGS):
        name = "practices.json" if lang is None else f"practices-{lang}.json"
        data = json.loads((example_site / "data" / name).read_text(encoding="utf-8"))
        assert list(validator.iter_errors(data)) == []
        assert data["columns"] == list(COLUMNS) and "CC-BY-4.0" in data["licence"]
        got = {(r["slug"], r["language"]) for r in data["practices"]}
        assert got == versions(practices, lang), name
        for row in data["practices"]:
            practice = practices[row["slug"]]
            version = practice.versions[row["language"]]
            assert row["title"] == version.title and row["category"] == practice.category and row["topics"] == practice.topics
            # the practice's page for the file's readers (the version's own page in the file of all languages)
            assert row["url"] == BASE + LAYOUT.practice_path(row["slug"], lang or row["language"])
            assert (example_site / LAYOUT.practice_dest(row["slug"], lang or row["language"])).exists()


def test_csv_per_language_and_all(example_site, practices) -> None:
    for lang in (None, *LANGS):
        name = "practices.csv" if lang is None else f"practices-{lang}.csv"
        raw = (example_site / "data" / name).read_bytes()
        # a byte order mark: spreadsheet programs then read UTF-8 (Excel takes it for the system's code page without)
        assert raw.startswith(b"\xef\xbb\xbf")
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
        assert tuple(rows[0].keys()) == COLUMNS
        assert {(r["slug"], r["language"]) for r in rows} == versions(practices, lang)
        for r in rows:
            assert r["topics"].split("|") == practices[r["slug"]].topics
            assert r["is_original"] in ("true", "false")


def test_data_and_feed_are_linked_from_every_catalogue_page(example_site) -> None:
    for lang in LANGS:
        page = LAYOUT.catalogue_path(lang)
        html = (example_site / page / "index.html").read_text(encoding="utf-8")
        targets = {resolve(example_site, page, a["href"]) for a in elements(html, "a") if a.get("href")}
        for name in (f"practices-{lang}.json", f"practices-{lang}.csv", "practices.json", "practices.csv"):
            assert example_site / "data" / name in targets, (lang, name)
        assert example_site / LAYOUT.prefix(lang) / "feed.xml" in targets


def test_atom_feed_per_language(example_site, practices, vocab) -> None:
    newest = sorted(practices.values(), key=lambda p: (p.published, p.slug), reverse=True)
    for lang in LANGS:
        path = example_site / LAYOUT.prefix(lang) / "feed.xml"
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo, feed.bozo_exception
        assert feed.feed.language == lang if "language" in feed.feed else True
        assert feed.feed.link == BASE + LAYOUT.catalogue_path(lang)
        assert [e.id for e in feed.entries] == [BASE + f"practices/{p.slug}/" for p in newest]
        for entry, practice in zip(feed.entries, newest, strict=True):
            best = practice.best_version(lang)
            assert entry.title == best.title
            assert entry.link == BASE + LAYOUT.practice_path(practice.slug, lang)
            assert entry.published.startswith(practice.published)
            assert entry.summary == best.summary
            assert practice.category in [t.term for t in entry.tags]
            assert (example_site / LAYOUT.practice_dest(practice.slug, lang)).exists()
        xml = path.read_text(encoding="utf-8")
        for practice in newest:
            best = practice.best_version(lang)
            assert f'xml:lang="{best.lang}"' in xml


def test_every_page_announces_its_feed(example_site) -> None:
    for lang in LANGS:
        for page in ("", "practices/", "statistics/"):
            path = example_site / LAYOUT.prefix(lang) / page / "index.html"
            html = path.read_text(encoding="utf-8")
            links = [a for a in elements(html, "link", rel="alternate") if a.get("type") == "application/atom+xml"]
            assert len(links) == 1, path
            target = resolve(example_site, LAYOUT.prefix(lang) + page, links[0]["href"])
            assert target == example_site / LAYOUT.prefix(lang) / "feed.xml"


def test_every_category_country_and_topic_has_a_feed_per_language(example_site, practices, vocab) -> None:
    for lang in LANGS:
        for key, values_of in TERM_FACETS.items():
            values = sorted({v for p in practices.values() for v in values_of(p)})
            assert values
            for value in values:
                path = term_feed_path(LAYOUT, lang, key, value)
                feed = feedparser.parse((example_site / path).read_bytes())
                assert not feed.bozo, (path, feed.bozo_exception)
                members = newest(p for p in practices.values() if value in values_of(p))
                assert [e.id for e in feed.entries] == [BASE + f"practices/{p.slug}/" for p in members], path
                assert [e.title for e in feed.entries] == [p.best_version(lang).title for p in members]
                assert feed.feed.link == BASE + term_path(LAYOUT, lang, key, value)
                assert any(link.rel == "self" and link.href == BASE + path for link in feed.feed.links)
                # its page announces it, in the head and visibly
                page = term_path(LAYOUT, lang, key, value)
                assert example_site / path in links_to(example_site, page, "link", rel="alternate", type="application/atom+xml"), page
                assert example_site / path in links_to(example_site, page, "a", type="application/atom+xml"), page
                # Material's script fetches a sitemap beside every <link rel=alternate>
                assert (example_site / path).with_name("sitemap.xml").is_file()


def test_the_open_data_page_tells_how_to_follow_feeds_by_e_mail(example_site, vocab) -> None:
    for lang in LANGS:
        page = LAYOUT.prefix(lang) + "open-data/"
        html = (example_site / page / "index.html").read_text(encoding="utf-8")
        for key in ("reuse.feeds_heading", "reuse.feeds_intro", "reuse.feeds_email", "reuse.feeds_privacy", "reuse.tools_intro"):
            text = vocab.t(key, lang)
            assert text != key and escape(text) in html, (lang, key)
        feeds = links_to(example_site, page, "a", type="application/atom+xml")
        assert example_site / term_feed_path(LAYOUT, lang, "country", "pl") in feeds
        assert example_site / term_feed_path(LAYOUT, lang, "topic", "inclusion") in feeds
