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




def test_no_page_logs_an_error_or_asks_for_a_missing_or_third_party_file(page, served_site) -> None:
    """Material's script fetches `sitemap.xml` beside every `<link rel=alternate>` (the Atom feeds', a practice's JSON, the data catalogue): each is there.

    No request leaves the site (its repository link asks no code host's API from the reader's browser),
    and the console stays free of errors on one page of every type.
    """
    missing: list[str] = []
    elsewhere: list[str] = []
    errors: list[str] = []
    page.on("response", lambda response: missing.append(response.url) if response.url.startswith(served_site) and response.status >= 400 else None)
    page.on("request", lambda request: None if request.url.startswith((served_site, "data:", "blob:")) else elsewhere.append(request.url))
    page.on("console", lambda message: errors.append(f"{page.url}: {message.text}") if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    for lang in ("pl", "en", "nb"):
        prefix = "" if lang == "en" else f"{lang}/"
        for path in ("", "practices/", "practices/ski-school-leader-networks/", "practices/country/pl/", "practices/topic/inclusion/", "statistics/", "map/", "open-data/", "search/"):
            page.goto(f"{served_site}/{prefix}{path}")
            page.wait_for_load_state("networkidle")  # every request of the page has been answered
    assert missing == []
    assert elsewhere == []
    assert errors == []


def test_a_phone_reader_has_the_practice_table_of_contents(browser, served_site) -> None:
    """Below 60em Material hides its table of contents; a practice page shows its own, in the reader's language."""
    url = f"{served_site}/pl/practices/ski-school-leader-networks/"
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        phone = context.new_page()
        phone.goto(url)
        contents = phone.locator("details.gp-toc-inline")
        expect(contents.locator("summary")).to_have_text("Spis treści")
        contents.locator("summary").tap()
        contents.get_by_role("link", name="Solution").tap()
        expect(phone).to_have_url(re.compile(r"#solution$"))
        expect(phone.locator("h2#solution")).to_be_in_viewport()
    finally:
        context.close()
    desk = browser.new_context(viewport={"width": 1366, "height": 800})
    try:
        wide = desk.new_page()
        wide.goto(url)
        expect(wide.locator("details.gp-toc-inline")).to_be_hidden()
        expect(wide.locator(".md-sidebar--secondary nav.md-nav--secondary")).to_be_visible()
    finally:
        desk.close()
