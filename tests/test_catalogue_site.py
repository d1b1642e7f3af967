"""Catalogue data, static term pages, home pages and practice-page extras in the built example site."""

from __future__ import annotations

import functools
import itertools
import json
import re

import pytest
from markupsafe import escape

from conftest import LANGS
from goodpractices import SiteLayout, related_practices
from goodpractices.catalogue import FACETS
from htmlutil import elements, resolve

LAYOUT = SiteLayout(LANGS, "en")


def _facet_values(data: dict, key: str, i: int) -> list[str]:
    """The `key` facet values of item `i` of a catalogue.json: an index (negative: none) or a list of indices."""
    v = data["items"][key][i]
    indices = [v] if isinstance(v, int) and v >= 0 else [] if isinstance(v, int) else v
    return [data["facets"][key][k] for k in indices]


def test_catalogue_json_per_language(example_site, practices, vocab) -> None:
    keys = [f.key for f in FACETS]
    for lang in LANGS:
        folder = example_site / LAYOUT.catalogue_path(lang)
        data = json.loads((folder / "catalogue.json").read_text(encoding="utf-8"))
        assert data["version"] == 2 and data["lang"] == lang and data["keys"] == keys
        items = data["items"]
        n = data["n"]
        assert set(items) >= {"slug", "title", "shown", "original", "published", "start", "end", "place", "organisation_name", "tags", *keys}
        assert all(len(column) == n for column in items.values())
        assert sorted(items["slug"]) == sorted(practices)
        languages = data["facets"]["language"]
        values = functools.partial(_facet_values, data)

        for i, slug in enumerate(items["slug"]):
            p = practices[slug]
            best = p.best_version(lang)
            assert items["title"][i] == best.title
            assert languages[items["shown"][i]] == best.lang and languages[items["original"][i]] == p.original_language
            assert items["published"][i] == p.published and items["start"][i] == p.period.start_year and items["end"][i] == p.period.end_year
            assert values("category", i) == [p.category] and values("topic", i) == p.topics and values("country", i) == [p.country]
            assert values("region", i) == ([p.region] if p.region else [])
            assert (data["places"][items["place"][i]] if items["place"][i] >= 0 else None) == p.municipality
            assert data["organisations"][items["organisation_name"][i]] == p.organisation.name
            # The script's link: the catalogue's folder, the prefix for the version's language, the slug: the page in the catalogue's language.
            href = folder / (data["hrefs"][best.lang] + slug) / "index.html"
            assert href.resolve() == (example_site / LAYOUT.practice_dest(slug, lang)).resolve()
            if best.lang != lang:
                assert data["in_language"][best.lang] == vocab.t("catalogue.in_language", lang, language=vocab.language_name(best.lang, lang))
        # newest first, as the HTML list; the summaries in the same order
        assert items["published"] == sorted(items["published"], reverse=True)
        html = (folder / "index.html").read_text(encoding="utf-8")
        assert [e["data-slug"] for e in elements(html, "li", class_="gp-entry")] == items["slug"][:50]
        summaries = json.loads((folder / "catalogue-summaries.json").read_text(encoding="utf-8"))
        assert summaries["n"] == n and summaries["summaries"] == [practices[s].best_version(lang).summary for s in items["slug"]]


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
        for lang in LANGS:
            html = (example_site / LAYOUT.practice_dest(practice.slug, lang)).read_text(encoding="utf-8")
            edit = [a["href"] for a in elements(html, "a", class_="gp-edit")]
            # the file of the text shown
            assert edit == [f"https://github.com/example/good-practices/edit/main/practices/{practice.slug}/{practice.best_version(lang).lang}.md"]
            related = related_practices(practice, practices)
            assert related, practice.slug
            section = html[html.index('class="gp-related"') :]
            page_url = LAYOUT.practice_path(practice.slug, lang)
            targets = {resolve(example_site, page_url, a["href"]) for a in elements(section, "a") if a.get("href")}
            for other in related:
                # the related practice's page in the same language
                assert example_site / LAYOUT.practice_dest(other.slug, lang) in targets


def test_related_prefers_explicit_then_same_country(practices) -> None:
    p = practices["swietochlowice-exam-support"]
    related = related_practices(p, practices)
    assert [r.slug for r in related[: len(p.related)]] == p.related
    rest = related[len(p.related) :]
    for a, b in itertools.pairwise(rest):
        assert (a.country != p.country) <= (b.country != p.country)


# -- pages of the catalogue (a site of 120 practices: three pages of 50) -------------------------


def test_pager_shows_first_last_and_neighbours() -> None:
    from goodpractices.catalogue import Catalogue

    catalogue = Catalogue("en", [None] * 1000, [], None, None, path="practices/", page_size=50)  # type: ignore[list-item]
    assert catalogue.pages == 20
    shown = [(link.number, link.gap_before, link.current) for link in catalogue.page(10).pager()]
    assert shown == [(1, False, False), (8, True, False), (9, False, False), (10, False, True), (11, False, False), (12, False, False), (20, True, False)]
    assert [link.number for link in catalogue.page(1).pager()] == [1, 2, 3, 20]
    assert catalogue.page(1).previous is None and catalogue.page(1).next == "practices/page/2/"
    assert catalogue.page(20).next is None and catalogue.page(2).previous == "practices/"
    assert Catalogue("en", [], [], None, None).pages == 1
    with pytest.raises(ValueError):
        catalogue.page(21)


def test_static_pages_list_every_practice_once_newest_first(paged_site, vocab) -> None:
    for lang in LANGS:
        folder = LAYOUT.catalogue_path(lang)
        data = json.loads((paged_site / folder / "catalogue.json").read_text(encoding="utf-8"))
        assert data["n"] == 120 and data["page_size"] == 50
        paths = [folder, f"{folder}page/2/", f"{folder}page/3/"]
        assert not (paged_site / folder / "page" / "4").exists() and not (paged_site / folder / "page" / "1").exists()
        listed = []
        for number, path in enumerate(paths, 1):
            html = (paged_site / path / "index.html").read_text(encoding="utf-8")
            assert f'<html lang="{lang}"' in html
            entries = elements(html, "li", class_="gp-entry")
            listed += [e["data-slug"] for e in entries]
            assert len(entries) == (50 if number < 3 else 20)
            # The window title says which page it is; only the first page has the filters.
            title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
            assert (vocab.t("catalogue.page", lang, page=number, pages=3) in title) == (number > 1)
            assert (len(elements(html, "div", class_="gp-app")) == 1) == (number == 1)
            # Every page links the others, and the neighbours as prev/next.
            pager = html[html.index('class="gp-pager"') :]
            pager = pager[: pager.index("</nav>")]
            links = {resolve(paged_site, path, a["href"]) for a in elements(pager, "a")}
            assert {paged_site / p / "index.html" for p in paths} <= links
            assert [a.get("aria-label") for a in elements(pager, "a", **{"aria-current": "page"})] == [vocab.t("catalogue.page_link", lang, page=number)]
            for rel, other in (("prev", number - 1), ("next", number + 1)):
                found = [resolve(paged_site, path, a["href"]) for a in elements(pager, "a", rel=rel)]
                assert found == ([paged_site / paths[other - 1] / "index.html"] if 1 <= other <= 3 else [])
            # Links to practices resolve, versions in another language say so.
            for entry in entries:
                if entry.get("lang"):
                    assert entry["lang"] != lang
            for a in [a for a in elements(html, "a") if a.get("hreflang") and a.get("href", "").endswith("/") and "md-select__link" not in (a.get("class") or "")]:
                target = resolve(paged_site, path, a["href"])
                assert target is not None and target.exists(), (path, a["href"])
        assert listed == data["items"]["slug"]
