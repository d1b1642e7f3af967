"""Static pages of a category, country or topic are paged like the catalogue."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from markupsafe import escape

from conftest import LANGS, ROOT, SITE_CONFIG, make_project, mkdocs
from goodpractices import SiteLayout, load_practices
from goodpractices.catalogue import PAGE_SIZE, term_path

LAYOUT = SiteLayout(LANGS, "en", ("en",))


def test_a_large_category_is_listed_on_several_static_pages(tmp_path: Path, vocab) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    import bench_gen

    config = SITE_CONFIG.replace("  - practices\n", "  - practices:\n      search: false\n")
    project = make_project(tmp_path / "project", {}, config=config)
    bench_gen.generate(project / "practices", 170, vocab, seed=11, body_words=20)
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    site = project / "site"
    practices = load_practices(project / "practices", LANGS, vocab).practices
    by_category: dict[str, set[str]] = {}
    for p in practices.values():
        by_category.setdefault(p.category, set()).add(p.slug)
    category, members = max(by_category.items(), key=lambda kv: len(kv[1]))
    assert len(members) > PAGE_SIZE
    pages = -(-len(members) // PAGE_SIZE)
    for lang in ("en", "pl"):
        first_path = term_path(LAYOUT, lang, "category", category)
        listed: list[str] = []
        for number in range(1, pages + 1):
            path = first_path if number == 1 else f"{first_path}page/{number}/"
            html = (site / path / "index.html").read_text(encoding="utf-8")
            items = html.split('<ul class="gp-catalogue">', 1)[1].split("</ul>", 1)[0]
            slugs = re.findall(r'data-slug="([^"]+)"', items) or re.findall(r'practices/([a-z0-9-]+)/"', items)
            assert 0 < len(slugs) <= PAGE_SIZE
            listed += slugs
            assert 'class="gp-pager"' in html and 'aria-current="page"' in html
            if number > 1:
                assert f"<title>{escape(vocab.t('term.title', lang, facet=vocab.t('field.category', lang), value=vocab['category'].label(category, lang)))}" in html
                assert escape(vocab.t("catalogue.page", lang, page=number, pages=pages)) in html
        # every practice of the category once, across the pages
        assert sorted(listed) == sorted(members)
        assert not (site / first_path / "page" / str(pages + 1)).exists()
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"https://example.org/pl/practices/category/{category}/page/2/" in sitemap


def test_a_category_in_a_country_has_its_page_linked_from_both(example_site: Path, vocab) -> None:
    from goodpractices.catalogue import narrowed_path
    from htmlutil import elements, resolve

    practices = load_practices(ROOT / "practices", LANGS, vocab, display_base=ROOT).practices
    pairs = {(p.category, p.country) for p in practices.values()}
    categories, countries = {c for c, _ in pairs}, {c for _, c in pairs}
    sitemap = (example_site / "sitemap.xml").read_text(encoding="utf-8")
    for lang in LANGS:
        for category in categories:
            for country in countries:
                path = narrowed_path(LAYOUT, lang, category, country)
                page = example_site / path / "index.html"
                if (category, country) not in pairs:
                    assert not page.exists(), path  # no page of nothing
                    continue
                html = page.read_text(encoding="utf-8")
                listed = sorted(e["data-slug"] for e in elements(html, "li", class_="gp-entry"))
                assert listed == sorted(s for s, p in practices.items() if (p.category, p.country) == (category, country))
                assert escape(vocab["category"].label(category, lang)) in html and escape(vocab.countries.name(country, lang)) in html
                assert f"<loc>https://goodpractices.example.org/{path}</loc>" in sitemap
                # linked from the category's page and from the country's
                for parent in (term_path(LAYOUT, lang, "category", category), term_path(LAYOUT, lang, "country", country)):
                    parent_html = (example_site / parent / "index.html").read_text(encoding="utf-8")
                    start = parent_html.index('class="gp-narrower"')
                    nav = parent_html[start : parent_html.index("</nav>", start)]
                    assert page in {resolve(example_site, parent, a["href"]) for a in elements(nav, "a")}, (parent, path)
