"""The bundled example site, built once with the real mkdocs command."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from markupsafe import escape

from conftest import LANGS, ROOT
from goodpractices import SiteLayout, load_practices
from htmlutil import elements, resolve

LAYOUT = SiteLayout(LANGS, "en")


@pytest.fixture(scope="module")
def collection(vocab):
    result = load_practices(ROOT / "practices", LANGS, vocab, display_base=ROOT)
    assert not result.errors, [p.format() for p in result.errors]
    return result.practices


@pytest.fixture(scope="module")
def site(example_site: Path) -> Path:
    return example_site


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_example_content_covers_categories_countries_languages(collection) -> None:
    assert len(collection) >= 8
    assert {p.category for p in collection.values()} == {"development-plan", "community-integration", "spending-rationalisation"}
    assert len({p.country for p in collection.values()}) >= 4
    for practice in collection.values():
        assert "en" in practice.versions, practice.slug
        assert practice.original_language != "en" or len(practice.versions) == 1
    assert {p.original_language for p in collection.values()} >= {"pl", "cs", "sl", "nb"}


def test_every_practice_has_a_page_in_every_language(site, collection, vocab) -> None:
    base = "https://goodpractices.example.org/"
    for practice in collection.values():
        for lang in LANGS:
            page = site / LAYOUT.practice_dest(practice.slug, lang)
            html = page.read_text(encoding="utf-8")
            assert f'<html lang="{lang}"' in html
            shown = practice.best_version(lang)
            assert elements(html, "article", class_="gp-practice"), page
            assert escape(shown.title) in html
            # the interface is in the page's language, whatever the text's
            assert f"<dt>{escape(vocab.t('field.category', lang))}</dt>" in html
            assert escape(vocab['category'].label(practice.category, lang)) in html
            assert escape(vocab.countries.name(practice.country, lang)) in html
            (h1,) = elements(html, "h1")
            canonical = [link["href"] for link in elements(html, "link", rel="canonical")]
            notices = elements(html, "div", class_="gp-notice")
            if shown.lang == lang:
                assert h1.get("lang") is None and not notices
                assert canonical == [base + LAYOUT.practice_path(practice.slug, lang)]
            else:
                # the text is marked with its language, the notice in the reader's says which it is
                assert h1.get("lang") == shown.lang
                assert elements(html, "p", class_="gp-summary")[0].get("lang") == shown.lang
                assert elements(html, "div", class_="gp-body")[0].get("lang") == shown.lang
                assert len(notices) == 1
                assert escape(vocab.t("practice.not_in_your_language", lang, shown=vocab.language_name(shown.lang, lang))) in html
                start = html.index('class="admonition info gp-notice"')
                notice = html[start : html.index("</div>", start)]
                assert {a["hreflang"] for a in elements(notice, "a")} == set(practice.versions)
                # search engines are sent to the version's own page
                assert canonical == [base + LAYOUT.practice_path(practice.slug, shown.lang)]


def test_language_menu_lists_every_language_and_the_sitemap_only_translations(site, collection) -> None:
    sitemap = read(site, "sitemap.xml")
    base = "https://goodpractices.example.org/"
    for practice in collection.values():
        for lang in LANGS:
            html = read(site, LAYOUT.practice_dest(practice.slug, lang))
            # no <link rel=alternate hreflang> in the head: Material's script would reroute links below them
            assert not [a for a in elements(html, "link", rel="alternate") if a.get("hreflang")]
            menu = {a["hreflang"]: a["href"] for a in elements(html, "a", class_="md-select__link")}
            assert menu == {code: "/" + LAYOUT.practice_path(practice.slug, code) for code in LANGS}
        # the sitemap: each real version once, with its translations as absolute hreflang alternates
        for lang in LANGS:
            loc = f"<loc>{base}{LAYOUT.practice_path(practice.slug, lang)}</loc>"
            assert sitemap.count(loc) == (1 if lang in practice.versions else 0), (practice.slug, lang)
            if lang in practice.versions:
                entry = sitemap[sitemap.index(loc) : sitemap.index("</url>", sitemap.index(loc))]
                alternates = dict(re.findall(r'hreflang="([^"]+)" href="([^"]+)"', entry))
                assert alternates == {code: base + LAYOUT.practice_path(practice.slug, code) for code in practice.versions}


def test_every_list_of_practices_links_the_readers_pages(site, collection) -> None:
    """Home, catalogue, term pages, statistics, map and print: every practice, each linked to its page in the reader's language."""
    for lang in LANGS:
        prefix = LAYOUT.prefix(lang)
        pages = [LAYOUT.home_path(lang), LAYOUT.catalogue_path(lang), f"{prefix}map/", f"{prefix}statistics/"]
        pages += [str(p.parent.relative_to(site)) + "/" for p in sorted((site / prefix / "practices" / "category").glob("*/index.html"))]
        pages += [str(p.parent.relative_to(site)) + "/" for p in sorted((site / prefix / "print").glob("*/index.html"))]
        listed: set[str] = set()
        for page in pages:
            html = read(site, page + "index.html")
            for a in elements(html, "a"):
                target = resolve(site, page, a.get("href") or "")
                if target is None or target.name != "index.html" or target.parent.parent.name != "practices":
                    continue
                slug = target.parent.name
                if slug in collection:
                    assert target == site / LAYOUT.practice_dest(slug, lang), (lang, page, a.get("href"))
                    listed.add(slug)
        assert listed == set(collection), lang


def test_the_404_page_has_the_language_menu_of_every_home(site) -> None:
    html = read(site, "404.html")
    menu = {a["hreflang"]: (a["href"], a["lang"]) for a in elements(html, "a", class_="md-select__link")}
    assert menu == {code: ("/" + LAYOUT.home_path(code), code) for code in LANGS}
    assert not [a for a in elements(html, "link", rel="alternate") if a.get("hreflang")]


def test_a_translation_shows_its_own_free_texts(site, collection) -> None:
    practice = collection["shared-services-centre-schools"]  # written in Polish, translated into English, card included
    english, polish = practice.versions["en"], practice.original
    title = english.attachment_titles["harmonogram.csv"]
    assert title != practice.attachments[0].title
    for lang in ("en", "cs", "sl", "nb"):  # the English page, and the pages that show the English text
        html = read(site, LAYOUT.practice_dest(practice.slug, lang))
        start = html.index('class="gp-card"')
        card = html[start : html.index("</aside>", start)]
        (link,) = [a for a in elements(card, "a") if (a.get("href") or "").endswith("harmonogram.csv")]
        assert escape(title) in card and escape(practice.attachments[0].title) not in card
        assert link.get("lang") == (None if lang == "en" else "en")
        for text in (english.funding, english.contact_role, english.cost_note, *(english.tags or []), *(english.partner_names or [])):
            assert text and escape(text) in card, (lang, text)
        assert escape(practice.funding or "") not in card
    html = read(site, LAYOUT.practice_dest(practice.slug, "pl"))
    assert escape(practice.attachments[0].title) in html and escape(title) not in html
    assert polish.is_original


def test_catalogue_lists_every_practice_in_best_version(site, collection, vocab) -> None:
    for lang in LANGS:
        path = LAYOUT.catalogue_path(lang) + "index.html"
        html = read(site, path)
        assert f'<html lang="{lang}"' in html
        assert vocab.t("catalogue.title", lang) in html
        entries = elements(html, "li", class_="gp-entry")
        assert sorted(e["data-slug"] for e in entries) == sorted(collection)
        for practice in collection.values():
            best = practice.best_version(lang)
            targets = {resolve(site, LAYOUT.catalogue_path(lang), a["href"]) for a in elements(html, "a", hreflang=best.lang) if a.get("href")}
            # the practice's page in the catalogue's language, whatever the version it shows
            expected = site / LAYOUT.practice_dest(practice.slug, lang)
            assert expected in targets, (lang, practice.slug)
            assert expected.exists()
            entry = next(e for e in entries if e["data-slug"] == practice.slug)
            if best.lang != lang:
                assert entry.get("lang") == best.lang  # screen readers switch voice
        if lang == "nb":
            # a Polish-only-plus-English practice is shown in English with a badge in Norwegian
            assert "på engelsk" in html


def test_practices_stay_out_of_the_navigation(site, collection) -> None:
    html = read(site, "index.html")
    nav = html[html.index("md-nav--primary") : html.index('class="md-content"')]
    for slug in collection:
        assert f"practices/{slug}/" not in nav
    assert 'href="practices/"' in html


def test_sitemap_lists_every_practice_page(site, collection) -> None:
    sitemap = read(site, "sitemap.xml")
    locs = set(re.findall(r"<loc>([^<]+)</loc>", sitemap))
    for practice in collection.values():
        for lang in practice.versions:
            assert "https://goodpractices.example.org/" + LAYOUT.practice_path(practice.slug, lang) in locs


def test_attachments_are_published_once_and_linked(site, collection) -> None:
    with_files = [p for p in collection.values() if p.attachments]
    assert with_files, "the example content should include an attachment"
    for practice in with_files:
        for lang in practice.versions:
            page_url = LAYOUT.practice_path(practice.slug, lang)
            html = read(site, page_url + "index.html")
            for attachment in practice.attachments:
                hrefs = [a["href"] for a in elements(html, "a") if a.get("href", "").endswith(attachment.file)]
                assert hrefs, (practice.slug, lang, attachment.file)
                assert resolve(site, page_url, hrefs[0]) == site / "practices" / practice.slug / attachment.file
        for lang in LANGS[1:]:
            assert not (site / lang / "practices" / practice.slug / practice.attachments[0].file).exists()


def test_all_internal_links_resolve(site) -> None:
    broken = []
    for page in site.rglob("*.html"):
        page_url = page.relative_to(site).as_posix()
        page_url = page_url[: -len("index.html")] if page_url.endswith("index.html") else page_url
        for a in elements(page.read_text(encoding="utf-8"), "a"):
            href = a.get("href")
            if not href or href.startswith(("#", "mailto:")):
                continue
            target = resolve(site, page_url, href)
            if target is not None and not target.exists():
                broken.append((page_url, href))
    assert not broken, broken[:20]


def test_practices_are_parsed_once_per_command(tmp_path, monkeypatch) -> None:
    """The i18n plugin rebuilds the site per language; the practices must not be re-read."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    import goodpractices.loader as loader

    calls: list[Path] = []
    real = loader.read_source

    def counting(path, display_path=None):
        calls.append(path)
        return real(path, display_path)

    monkeypatch.setattr(loader, "read_source", counting)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    cwd = os.getcwd()
    try:
        os.chdir(ROOT)
        config = load_config(config_file=str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
        build(config)
    finally:
        os.chdir(cwd)
    files = sorted((ROOT / "practices").rglob("*.md"))
    assert sorted(map(str, calls)) == [str(f) for f in files]
    assert (tmp_path / "site" / "nb" / "practices" / "index.html").exists()


def test_root_404_page_is_in_the_default_language(site) -> None:
    assert '<html lang="en"' in read(site, "404.html")


def test_no_page_title_repeats_the_site_name(site) -> None:
    for lang in LANGS:
        for page in (LAYOUT.home_path(lang), LAYOUT.catalogue_path(lang), f"{LAYOUT.prefix(lang)}contribute/"):
            (title,) = re.findall(r"<title>([^<]*)</title>", read(site, page + "index.html"))
            parts = title.split(" - ")
            assert len(parts) == len(set(parts)), (page, title)


def test_the_footer_speaks_the_page_language(site, vocab) -> None:
    for lang in LANGS:
        for page in (LAYOUT.home_path(lang), LAYOUT.catalogue_path(lang)):
            html = read(site, page + "index.html")
            footer = html[html.index('class="md-copyright"') :]
            assert escape(vocab.t("footer.made_with", lang)) in footer[: footer.index("</div>")], (lang, page)


def test_the_navigation_does_not_repeat_the_site_name(site) -> None:
    for lang in LANGS:
        html = read(site, LAYOUT.prefix(lang) + "statistics/index.html")
        nav = html[html.index("md-nav--primary") : html.index('class="md-content"')]
        (site_name,) = re.findall(r'class="md-nav__button md-logo" aria-label="([^"]+)"', nav)
        items = [" ".join(t.split()) for t in re.findall(r'<span class="md-ellipsis">\s*(.*?)\s*</span>', nav, re.S)]
        assert items and site_name not in items, (lang, items)
