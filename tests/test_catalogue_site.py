"""Catalogue data, static term pages, home pages and practice-page extras in the built example site."""

from __future__ import annotations

import json
import re

import pytest
from markupsafe import escape

from conftest import LANGS, ROOT
from goodpractices import SiteLayout, load_practices, related_practices
from goodpractices.catalogue import FACETS
from htmlutil import elements, resolve

LAYOUT = SiteLayout(LANGS, "en")


@pytest.fixture(scope="module")
def practices(vocab):
    result = load_practices(ROOT / "practices", LANGS, vocab, display_base=ROOT)
    assert not result.errors
    return result.practices


def test_catalogue_json_per_language(example_site, practices) -> None:
    keys = [f.key for f in FACETS]
    for lang in LANGS:
        data = json.loads((example_site / LAYOUT.catalogue_path(lang) / "catalogue.json").read_text(encoding="utf-8"))
        assert data["lang"] == lang
        assert data["columns"][6:] == keys
        rows = {row[0]: row for row in data["items"]}
        assert set(rows) == set(practices)
        for slug, p in practices.items():
            row = rows[slug]
            assert row[1] == p.published and row[2] == p.period.start_year and row[3] == p.period.end_year
            assert [data["facets"]["category"][i] for i in row[6 + keys.index("category")]] == [p.category]
            assert [data["facets"]["topic"][i] for i in row[6 + keys.index("topic")]] == p.topics
        # the HTML list and the JSON are in the same order (newest first)
        html = (example_site / LAYOUT.catalogue_path(lang) / "index.html").read_text(encoding="utf-8")
        assert [e["data-slug"] for e in elements(html, "li", class_="gp-entry")] == [row[0] for row in data["items"]]


def test_term_pages_for_every_category_country_and_topic(example_site, practices) -> None:
    fields = {"category": lambda p: [p.category], "country": lambda p: [p.country], "topic": lambda p: p.topics}
    for lang in LANGS:
        catalogue = (example_site / LAYOUT.catalogue_path(lang) / "index.html").read_text(encoding="utf-8")
        targets = {resolve(example_site, LAYOUT.catalogue_path(lang), a["href"]) for a in elements(catalogue, "a") if a.get("href")}
        for key, field in fields.items():
            for value in {v for p in practices.values() for v in field(p)}:
                path = f"{LAYOUT.catalogue_path(lang)}{key}/{value.lower()}/"
                page = example_site / path / "index.html"
                assert page.exists(), path
                html = page.read_text(encoding="utf-8")
                assert f'<html lang="{lang}"' in html
                listed = sorted(e["data-slug"] for e in elements(html, "li", class_="gp-entry"))
                assert listed == sorted(s for s, p in practices.items() if value in field(p))
                assert page in targets, f"{path} is not linked from the catalogue"


def test_home_page_counts_and_newest(example_site, practices, vocab) -> None:
    newest = sorted(practices.values(), key=lambda p: p.published, reverse=True)[:5]
    for lang in LANGS:
        html = (example_site / LAYOUT.home_path(lang) / "index.html").read_text(encoding="utf-8")
        assert vocab.t("home.newest", lang) in html
        for category in vocab["category"].values:
            n = sum(1 for p in practices.values() if p.category == category)
            label = str(escape(vocab["category"].label(category, lang)))
            assert re.search(rf">{re.escape(label)}</a> <span class=\"gp-facet__count\">\({n}\)</span>", html), (lang, category)
        listed = [e["data-slug"] for e in elements(html, "li", class_="gp-entry")]
        assert listed == [p.slug for p in newest]


def test_related_practices_and_edit_link(example_site, practices) -> None:
    for practice in practices.values():
        for lang in practice.versions:
            html = (example_site / LAYOUT.practice_dest(practice.slug, lang)).read_text(encoding="utf-8")
            edit = [a["href"] for a in elements(html, "a", class_="gp-edit")]
            assert edit == [f"https://github.com/example/good-practices/edit/main/practices/{practice.slug}/{lang}.md"]
            related = related_practices(practice, practices)
            assert related, practice.slug
            section = html[html.index('class="gp-related"') :]
            page_url = LAYOUT.practice_path(practice.slug, lang)
            targets = {resolve(example_site, page_url, a["href"]) for a in elements(section, "a") if a.get("href")}
            for other in related:
                best = other.best_version(lang)
                assert example_site / LAYOUT.practice_dest(other.slug, best.lang) in targets


def test_related_prefers_explicit_then_same_country(practices) -> None:
    p = practices["swietochlowice-exam-support"]
    related = related_practices(p, practices)
    assert [r.slug for r in related[: len(p.related)]] == p.related
    rest = related[len(p.related) :]
    for a, b in zip(rest, rest[1:]):
        assert (a.country != p.country) <= (b.country != p.country)
