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


def test_catalogue_links_a_missing_language_to_the_best_version(page, served_site) -> None:
    page.goto(f"{served_site}/cs/practices/")
    expect(page.locator("html")).to_have_attribute("lang", "cs")
    entry = page.locator('li.gp-entry[data-slug="ski-school-leader-networks"]')
    expect(entry).to_have_attribute("lang", "en")
    expect(entry.locator(".gp-badge--language")).to_have_text("jazyk: angličtina")
    entry.locator("h2 a").scroll_into_view_if_needed()
    page.mouse.move(600, 800)  # away from the header, whose language menu opens on hover
    entry.locator("h2 a").click()
    expect(page).to_have_url(re.compile(r"/practices/ski-school-leader-networks/$"))
    expect(page.locator(".gp-versions")).to_contain_text("Norsk bokmål")


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


def test_notice_when_the_practice_is_not_in_the_readers_language(page, served_site) -> None:
    # Reading the Czech site makes Czech the reader's language.
    page.goto(f"{served_site}/cs/practices/")
    page.locator('li.gp-entry[data-slug="ski-school-leader-networks"] h2 a').click()
    expect(page).to_have_url(re.compile(r"/practices/ski-school-leader-networks/$"))
    notice = page.locator(".gp-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("není k dispozici v češtině")
    expect(notice.locator("p")).to_have_attribute("lang", "cs")
    # A reader of a language the practice has sees no notice.
    page.goto(f"{served_site}/nb/")
    page.goto(f"{served_site}/nb/practices/ski-school-leader-networks/")
    expect(page.locator(".gp-notice")).to_be_hidden()
