"""Embeds (issue 19): the newest practices of a category, country or topic as a small page for other sites' frames.

`<lang>/embed/<facet>/<value>/`: a document of its own (no header, navigation, sidebar or
footer), `noindex`, in no sitemap and no search index, each practice linking to its page in
the top window; every term page offers the `<iframe>` code of its embed to copy.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import LANGS, serve_folder
from goodpractices import SiteLayout
from goodpractices.catalogue import FACETS_BY_KEY, term_path
from goodpractices.plan import EMBED_SIZE, embed_path
from htmlutil import elements
from test_accessibility import axe_source, describe, run_axe

LAYOUT = SiteLayout(LANGS, "en", ("en",))
SITE_URL = "https://goodpractices.example.org/"
FACETS = ("category", "country", "topic")


def newest(practices, key: str, value: str) -> list[str]:
    spec = FACETS_BY_KEY[key]
    chosen = sorted((p for p in practices.values() if value in spec.values_of(p)), key=lambda p: p.published, reverse=True)
    return [p.slug for p in chosen]


def values(practices, key: str) -> set[str]:
    return {v for p in practices.values() for v in FACETS_BY_KEY[key].values_of(p)}


def listed(page_html: str) -> list[str]:
    return re.findall(r'<li class="gp-embed__entry" data-slug="([^"]+)"', page_html)


@pytest.mark.parametrize("lang", LANGS)
def test_every_term_has_an_embed_in_every_language_with_its_newest_practices(example_site: Path, practices, vocab, lang) -> None:
    for key in FACETS:
        for value in values(practices, key):
            path = example_site / embed_path(LAYOUT, lang, key, value) / "index.html"
            text = path.read_text(encoding="utf-8")
            expected = newest(practices, key, value)
            assert set(listed(text)) == set(expected[:EMBED_SIZE]), path
            assert f'<html lang="{lang}">' in text
            assert '<meta name="robots" content="noindex">' in text
            assert "<title>" in text and "<h1" in text
            # minimal chrome: none of the site's header, navigation, sidebar, footer, search, script
            for chrome in ("md-header", "md-nav", "md-sidebar", "md-footer", "<nav", "<footer", "<script", "data-pagefind-body"):
                assert chrome not in text, (path, chrome)
            links = elements(text, "a")
            assert links and all(a.get("target") in ("_top", "_blank") for a in links)
            for slug in listed(text):
                assert any((a.get("href") or "").endswith(f"practices/{slug}/") for a in links), slug
            assert any((a.get("href") or "").endswith(term_path(LAYOUT, "en", key, value)) for a in links)


def test_embeds_are_in_no_sitemap_and_no_search_index(example_site: Path) -> None:
    sitemap = (example_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/embed/" not in sitemap
    for lang in LANGS:
        folder = example_site / LAYOUT.prefix(lang) / "pagefind"
        if folder.exists():
            index = b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())
            assert b"/embed/" not in index


@pytest.mark.parametrize("lang", LANGS)
def test_a_term_page_offers_the_code_of_its_embed(example_site: Path, practices, vocab, lang) -> None:
    value = sorted(values(practices, "country"))[0]
    text = (example_site / term_path(LAYOUT, lang, "country", value) / "index.html").read_text(encoding="utf-8")
    fields = elements(text, "textarea")
    assert len(fields) == 1
    code = html.unescape(re.search(r"<textarea[^>]*>(.*?)</textarea>", text, re.S).group(1))  # type: ignore[union-attr]
    assert f'src="{SITE_URL}{embed_path(LAYOUT, lang, "country", value)}"' in code
    assert 'loading="lazy"' in code and re.search(r'title="[^"]+"', code)
    assert "readonly" in fields[0] and fields[0].get("id") == "gp-embed-code"
    assert f'<label for="gp-embed-code">{html.escape(vocab.t("embed.code", lang), quote=False)}</label>' in text
    assert html.escape(vocab.t("embed.copy", lang), quote=False) in text


def test_an_embed_in_another_sites_frame_shows_the_practices_and_opens_one(browser, page, served_site, example_site: Path, practices, tmp_path: Path) -> None:
    lang, key = "pl", "category"
    value = max(values(practices, key), key=lambda v: len(newest(practices, key, v)))
    expected = newest(practices, key, value)[:EMBED_SIZE]
    text = (example_site / term_path(LAYOUT, lang, key, value) / "index.html").read_text(encoding="utf-8")
    code = html.unescape(re.search(r"<textarea[^>]*>(.*?)</textarea>", text, re.S).group(1))  # type: ignore[union-attr]
    # The snippet as copied, pointed at the test server instead of the site's address: on another origin.
    code = code.replace(SITE_URL, served_site + "/")
    (tmp_path / "index.html").write_text(f'<!doctype html><html lang="en"><head><title>Host</title></head><body><main><h1>A municipality</h1>{code}</main></body></html>', encoding="utf-8")
    with serve_folder(tmp_path) as host:
        page.goto(host + "/")
        frame = page.frame_locator("iframe")
        entries = frame.locator("li.gp-embed__entry")
        expect(entries).to_have_count(len(expected))
        assert entries.evaluate_all("els => els.map(e => e.dataset.slug)") == expected
        first = frame.locator("li.gp-embed__entry a").first
        expect(first).to_have_accessible_name(re.compile(r"\S"))
        first.click()
        page.wait_for_url(re.compile(re.escape(served_site) + rf"/{lang}/practices/{re.escape(expected[0])}/$"))
        expect(page.locator("html")).to_have_attribute("lang", re.compile(r"^[a-z]{2}$"))
        expect(page.locator("h1").first).to_be_visible()


def test_the_copy_button_works_with_the_keyboard(browser, served_site, practices) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        value = sorted(values(practices, "topic"))[0]
        page.goto(served_site + "/" + term_path(LAYOUT, "cs", "topic", value))
        button = page.locator("button[data-gp-copy]")
        expect(button).to_be_visible()
        button.focus()
        page.keyboard.press("Enter")
        expect(page.locator(".gp-embed-snippet__status")).to_have_text("Kód je zkopírován.")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == page.locator("#gp-embed-code").input_value()
        assert copied.startswith("<iframe ") and "/cs/embed/topic/" in copied
    finally:
        context.close()


@pytest.mark.parametrize("lang", ("en", "sl"))
def test_axe_finds_no_wcag_violation_on_an_embed_and_its_snippet(page, served_site, practices, lang) -> None:
    axe_source()
    value = sorted(values(practices, "country"))[0]
    for path in (embed_path(LAYOUT, lang, "country", value), term_path(LAYOUT, lang, "country", value)):
        page.goto(served_site + "/" + path)
        expect(page.locator("html")).to_have_attribute("lang", lang)
        violations = run_axe(page)
        assert not violations, f"axe-core on {page.url}:\n{describe(violations)}"
