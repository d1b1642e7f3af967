"""Reader behaviour in real headless Chromium."""

from __future__ import annotations

import re

from playwright.sync_api import expect


def test_language_switcher_lands_on_the_same_practice(page, served_site) -> None:
    page.goto(f"{served_site}/pl/practices/swietochlowice-exam-support/")
    expect(page.locator("h1")).to_contain_text("Świętochłowicach")
    # Material's switcher opens on focus/hover; the English entry goes to the English version.
    page.locator(".md-header__option .md-select").hover()
    page.get_by_role("link", name="English").first.click()
    expect(page).to_have_url(re.compile(r"/practices/swietochlowice-exam-support/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_contain_text("Monitoring education quality")


def test_a_polish_reader_stays_in_polish_on_a_practice_without_a_polish_version(page, served_site) -> None:
    page.goto(f"{served_site}/pl/")
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    page.locator(".md-content").get_by_role("link", name=re.compile(r"Wszystkie praktyki")).first.click()
    expect(page).to_have_url(re.compile(r"/pl/practices/$"))
    entry = page.locator('li.gp-entry[data-slug="ski-school-leader-networks"]')
    expect(entry).to_have_attribute("lang", "en")  # no Polish version: shown in English, said so
    expect(entry.locator(".gp-badge--language")).to_have_text("język: angielski")
    entry.locator("h2 a").scroll_into_view_if_needed()
    page.mouse.move(600, 800)  # away from the header, whose language menu opens on hover
    entry.locator("h2 a").click()
    # a Polish page around the English text
    expect(page).to_have_url(re.compile(r"/pl/practices/ski-school-leader-networks/$"))
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    expect(page.locator("h1")).to_have_attribute("lang", "en")
    expect(page.locator(".gp-card__heading")).to_have_text("O tej praktyce")
    notice = page.locator(".gp-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Ta praktyka nie jest dostępna po polsku. Czytasz wersję w języku: angielski.")
    expect(notice.locator("a[hreflang='nb']")).to_have_text("Norsk bokmål")
    # the language menu: every language, each on this practice
    menu = page.locator(".md-header .md-select__link")
    expect(menu).to_have_count(5)
    for code in ("en", "pl", "cs", "sl", "nb"):
        expect(page.locator(f".md-header .md-select__link[hreflang='{code}']")).to_have_attribute("href", re.compile(r"ski-school-leader-networks/$"))
    page.locator(".md-header__option .md-select").hover()
    page.locator(".md-header .md-select__link[hreflang='cs']").click()
    expect(page).to_have_url(re.compile(r"/cs/practices/ski-school-leader-networks/$"))
    expect(page.locator("html")).to_have_attribute("lang", "cs")
    page.go_back()
    expect(page).to_have_url(re.compile(r"/pl/practices/ski-school-leader-networks/$"))
    # the way back to the Polish catalogue
    page.locator(".gp-back a").click()
    expect(page).to_have_url(re.compile(r"/pl/practices/$"))
    expect(page.locator("html")).to_have_attribute("lang", "pl")


def test_practice_versions_are_keyboard_reachable(page, served_site) -> None:
    page.goto(f"{served_site}/practices/ruse-formative-assessment/")
    link = page.locator(".gp-versions a[hreflang='sl']")
    link.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/sl/practices/ruse-formative-assessment/$"))
    expect(page.locator("html")).to_have_attribute("lang", "sl")


def test_attachment_link_is_not_rerouted_by_the_language_script(page, served_site) -> None:
    """Material reroutes clicks below an alternate URL; attachments must still download."""
    page.goto(f"{served_site}/nb/practices/ski-school-leader-networks/")
    page.wait_for_load_state("networkidle")  # Material has fetched the sitemaps it reroutes with
    link = page.locator(".gp-card__row--attachments a").first
    with page.expect_request(re.compile(r"/practices/ski-school-leader-networks/timeline\.csv$")):
        link.click()




def test_no_page_asks_the_site_for_a_missing_file(page, served_site) -> None:
    """Material's script fetches `sitemap.xml` beside every `<link rel=alternate>` (the Atom feed's too): each is there."""
    missing: list[str] = []
    page.on("response", lambda response: missing.append(response.url) if response.url.startswith(served_site) and response.status >= 400 else None)
    for lang in ("pl", "en", "nb"):
        prefix = "" if lang == "en" else f"{lang}/"
        for path in ("", "practices/", "practices/ski-school-leader-networks/", "practices/country/pl/", "statistics/", "map/", "open-data/", "search/"):
            page.goto(f"{served_site}/{prefix}{path}")
            page.wait_for_load_state("networkidle")  # every request of the page has been answered
    assert missing == []
