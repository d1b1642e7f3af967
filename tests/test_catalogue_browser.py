"""The filterable catalogue in real headless Chromium, checked against the practices' front matter."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Page, expect

from conftest import ROOT


def open_catalogue(page: Page, base: str, lang: str = "en", query: dict | None = None) -> None:
    prefix = "" if lang == "en" else f"{lang}/"
    url = f"{base}/{prefix}practices/"
    if query:
        url += "?" + urlencode(query, doseq=True)
    page.goto(url)
    expect(page.locator(".gp-app.gp-app--ready")).to_have_count(1)


def shown_slugs(page: Page) -> list[str]:
    return page.locator("ul.gp-catalogue > li.gp-entry").evaluate_all("els => els.map(e => e.dataset.slug)")


def test_filter_by_category_and_country_matches_front_matter(page, served_site, practices) -> None:
    open_catalogue(page, served_site, "pl")
    page.get_by_label(re.compile("Realizacja lokalnego planu")).check()
    expected = sorted(s for s, p in practices.items() if p.category == "development-plan")
    assert sorted(shown_slugs(page)) == expected
    expect(page.locator(".gp-count")).to_have_text(f"Wyniki: {len(expected)} z {len(practices)}")
    # AND across facets, OR within one
    page.locator('input[name="country"][value="CZ"]').check()
    page.locator('input[name="country"][value="NO"]').check()
    expected = sorted(s for s, p in practices.items() if p.category == "development-plan" and p.country in ("CZ", "NO"))
    assert sorted(shown_slugs(page)) == expected and len(expected) == 2
    assert re.search(r"category=development-plan", page.url) and "country=CZ" in page.url and "country=NO" in page.url


def test_counts_show_what_the_next_click_yields(page, served_site, practices) -> None:
    open_catalogue(page, served_site, "en", {"category": "spending-rationalisation"})
    for country in sorted({p.country for p in practices.values()}):
        box = page.locator(f'input[name="country"][value="{country}"]')
        n = sum(1 for p in practices.values() if p.category == "spending-rationalisation" and p.country == country)
        item = box.locator("xpath=ancestor::li[1]")
        if n == 0:
            expect(item).to_be_hidden()  # empty values are not offered
        else:
            expect(item.locator(".gp-facet__count")).to_have_text(f"({n})")
    # the category facet counts ignore its own selection
    other = sum(1 for p in practices.values() if p.category == "development-plan")
    expect(page.locator('input[name="category"][value="development-plan"]').locator("xpath=..").locator(".gp-facet__count")).to_have_text(f"({other})")


def test_copied_url_reproduces_the_view_and_reload_keeps_it(browser, page, served_site) -> None:
    open_catalogue(page, served_site, "cs")
    page.locator('input[name="topic"][value="formative-assessment"]').check()
    page.locator("#gp-sort").select_option("title")
    first = shown_slugs(page)
    url = page.url
    assert "topic=formative-assessment" in url and "sort=title" in url
    other = browser.new_context().new_page()
    other.goto(url)
    expect(other.locator(".gp-app--ready")).to_have_count(1)
    assert shown_slugs(other) == first
    expect(other.locator('input[name="topic"][value="formative-assessment"]')).to_be_checked()
    expect(other.locator("#gp-sort")).to_have_value("title")
    other.context.close()
    page.reload()
    expect(page.locator(".gp-app--ready")).to_have_count(1)
    assert shown_slugs(page) == first


def test_back_and_forward_step_through_filter_changes(page, served_site, practices) -> None:
    open_catalogue(page, served_site, "en")
    everything = len(practices)
    page.locator('input[name="category"][value="community-integration"]').check()
    step1 = sorted(shown_slugs(page))
    page.locator('input[name="country"][value="CZ"]').check()
    step2 = sorted(shown_slugs(page))
    assert len(step2) < len(step1) < everything
    page.go_back()
    expect(page.locator('input[name="country"][value="CZ"]')).not_to_be_checked()
    assert sorted(shown_slugs(page)) == step1
    page.go_back()
    assert len(shown_slugs(page)) == everything
    page.go_forward()
    assert sorted(shown_slugs(page)) == step1
    expect(page.locator('input[name="category"][value="community-integration"]')).to_be_checked()


@pytest.mark.parametrize(
    "lang,query,slug",
    [
        ("en", "swietochlowice", "swietochlowice-exam-support"),
        ("en", "Świętochłowice", "swietochlowice-exam-support"),
        ("pl", "ŚWIĘTOCHŁOWICE", "swietochlowice-exam-support"),
        ("pl", "swietochlowice", "swietochlowice-exam-support"),
        ("cs", "skolach moravskoslezskeho", "cz-collegial-support-network"),
        ("cs", "ŠKOLÁCH Moravskoslezského", "cz-collegial-support-network"),
    ],
)
def test_free_text_ignores_accents_and_case(page, served_site, lang, query, slug) -> None:
    open_catalogue(page, served_site, lang)
    page.locator("#gp-q").fill(query)
    # The words may be in the summary only, which can arrive after the filters work: the list
    # is filtered again then (goodpractices.js), so wait for it rather than read it at once.
    expect(page.locator("ul.gp-catalogue > li.gp-entry")).to_have_count(1)
    assert shown_slugs(page) == [slug]
    expect(page).to_have_url(re.compile(r"[?&]q="))


def test_free_text_matches_municipality_organisation_and_tags(page, served_site, practices) -> None:
    open_catalogue(page, served_site, "en")
    practice = practices["ski-school-leader-networks"]
    page.locator("#gp-q").fill(practice.tags[0])
    assert "ski-school-leader-networks" in shown_slugs(page)
    page.locator("#gp-q").fill(practice.organisation.name)
    assert shown_slugs(page) == ["ski-school-leader-networks"]


def test_sorting_and_clear_filters(page, served_site, practices) -> None:
    open_catalogue(page, served_site, "en", {"sort": "municipality"})
    with_place = [p for p in practices.values() if p.municipality]
    shown = shown_slugs(page)
    assert shown[: len(with_place)] == [p.slug for p in sorted(with_place, key=lambda p: p.municipality.casefold().replace("ś", "s"))] or set(shown[: len(with_place)]) == {p.slug for p in with_place}
    page.locator("#gp-sort").select_option("newest")
    assert shown_slugs(page) == [p.slug for p in sorted(practices.values(), key=lambda p: p.published, reverse=True)]
    page.locator('input[name="stage"][value="pilot"]').check()
    page.get_by_role("button", name="Clear filters").click()
    expect(page.locator('input[name="stage"][value="pilot"]')).not_to_be_checked()
    assert len(shown_slugs(page)) == len(practices)
    assert "?" not in page.url


def test_period_filter(page, served_site, practices) -> None:
    open_catalogue(page, served_site, "en", {"from": "2023"})
    expected = sorted(s for s, p in practices.items() if p.period.end_year is None or p.period.end_year >= 2023)
    assert sorted(shown_slugs(page)) == expected


def test_keyboard_only_filtering_keeps_focus(page, served_site) -> None:
    open_catalogue(page, served_site, "en")
    box = page.locator('input[name="category"][value="development-plan"]')
    box.focus()
    page.keyboard.press("Space")
    expect(box).to_be_checked()
    expect(box).to_be_focused()
    expect(page.locator(".gp-count")).to_have_attribute("role", "status")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.name")
    assert focused == "category"


def test_phone_width_collapses_filters(browser, served_site) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    open_catalogue(page, served_site, "nb")
    panel = page.locator("details.gp-filters-panel")
    expect(panel).not_to_have_attribute("open", "")
    page.locator("details.gp-filters-panel > summary").click()
    page.locator('input[name="country"][value="NO"]').check()
    assert all(s for s in shown_slugs(page))
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, "the catalogue scrolls sideways on a phone"
    context.close()


def test_without_javascript_everything_is_listed_and_term_pages_work(browser, served_site, practices) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{served_site}/sl/practices/")
    expect(page.locator("details.gp-filters-panel")).to_be_hidden()
    assert sorted(shown_slugs(page)) == sorted(practices)
    page.locator(".gp-browse").get_by_role("link", name="Norveška").click()
    expect(page).to_have_url(re.compile(r"/sl/practices/country/no/$"))
    assert sorted(shown_slugs(page)) == sorted(s for s, p in practices.items() if p.country == "NO")
    page.locator(".gp-browse").get_by_role("link", name=re.compile("Formativno spremljanje")).click()
    assert sorted(shown_slugs(page)) == sorted(s for s, p in practices.items() if "formative-assessment" in p.topics)
    context.close()


def test_works_with_material_instant_navigation(browser, tmp_path_factory) -> None:
    """A site with navigation.instant: the script re-initialises on each page Material swaps in."""
    from conftest import mkdocs, serve_folder

    out = tmp_path_factory.mktemp("instant")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("    - navigation.top\n", "    - navigation.top\n    - navigation.instant\n")
    (ROOT / ".mkdocs-instant-test.yml").write_text(config, encoding="utf-8")
    try:
        result = mkdocs(ROOT, "build", "-f", ".mkdocs-instant-test.yml", "-d", str(out))
    finally:
        (ROOT / ".mkdocs-instant-test.yml").unlink()
    assert result.returncode == 0, result.stderr
    context = browser.new_context()
    page = context.new_page()
    with serve_folder(out) as base:
        try:
            page.goto(f"{base}/")
            page.locator(".md-nav--primary").get_by_role("link", name="Good practices", exact=True).click()
            expect(page).to_have_url(re.compile(r"/practices/$"))
            expect(page.locator(".gp-app--ready")).to_have_count(1)
            page.locator('input[name="country"][value="SI"]').check()
            assert "country=SI" in page.url
            assert len(shown_slugs(page)) == 2
        finally:
            context.close()


# -- pages of results (a site of 120 generated practices: three pages of 50) ----------------------

ENTRY_FACTS = """els => els.map(li => ({
    slug: li.dataset.slug, lang: li.getAttribute('lang'),
    title: li.querySelector('.gp-entry__title a').textContent.trim(),
    href: li.querySelector('.gp-entry__title a').href, hreflang: li.querySelector('.gp-entry__title a').getAttribute('hreflang'),
    meta: Array.from(li.querySelectorAll('.gp-entry__meta > span')).map(s => [s.className, s.textContent.trim(), s.getAttribute('lang')]),
    summary: (li.querySelector('.gp-entry__summary') || {textContent: null}).textContent,
}))"""


def paged_json(site, lang: str = "en") -> dict:
    import json

    prefix = "" if lang == "en" else f"{lang}/"
    return json.loads((site / f"{prefix}practices" / "catalogue.json").read_text(encoding="utf-8"))


def test_pager_moves_through_the_pages_with_the_keyboard(page, served_paged_site, paged_site) -> None:
    slugs = paged_json(paged_site)["items"]["slug"]
    open_catalogue(page, served_paged_site, "en")
    expect(page.locator(".gp-app--complete")).to_have_count(1)
    status = page.locator(".gp-count")
    expect(status).to_have_text("120 of 120 practices. Page 1 of 3")
    pager = page.get_by_role("navigation", name="Pages of results")
    expect(pager.get_by_role("link", name="Page 1")).to_have_attribute("aria-current", "page")
    assert shown_slugs(page) == slugs[:50]
    pager.get_by_role("link", name="Page 2").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"\?page=2$"))
    expect(status).to_have_text("120 of 120 practices. Page 2 of 3")
    assert shown_slugs(page) == slugs[50:100]
    # Focus goes to the first practice of the new page, not back to the top of the document.
    assert page.evaluate("document.activeElement.closest('li.gp-entry').dataset.slug") == slugs[50]
    expect(pager.get_by_role("link", name="Page 2")).to_have_attribute("aria-current", "page")
    pager.get_by_role("link", name="Next").click()
    assert shown_slugs(page) == slugs[100:]
    expect(pager.get_by_role("link", name="Next")).to_have_count(0)
    page.go_back()
    assert shown_slugs(page) == slugs[50:100]
    # A filter change starts again at page 1.
    page.locator('input[name="stage"]').first.check()
    assert "page=" not in page.url


def test_script_renders_entries_as_the_static_pages_do(browser, page, served_paged_site, paged_site) -> None:
    """Page 2 rendered from the JSON matches the static page 2: links, languages, badges, summaries."""
    for lang in ("nb", "en"):
        prefix = "" if lang == "en" else f"{lang}/"
        static = browser.new_context(java_script_enabled=False).new_page()
        static.goto(f"{served_paged_site}/{prefix}practices/page/2/")
        expected = static.locator("ul.gp-catalogue > li.gp-entry").evaluate_all(ENTRY_FACTS)
        static.context.close()
        open_catalogue(page, served_paged_site, lang, {"page": "2"})
        rendered = page.locator("ul.gp-catalogue > li.gp-entry").evaluate_all(ENTRY_FACTS)
        assert len(rendered) == 50 and rendered == expected
        assert any(e["lang"] for e in rendered), "the generated site should show some versions in another language"


def test_shared_link_to_a_page_of_a_filtered_view(browser, served_paged_site, paged_site) -> None:
    data = paged_json(paged_site)
    items = data["items"]
    expected = [s for s, end in zip(items["slug"], items["end"], strict=True) if end is None or end >= 2016]
    assert len(expected) > 50
    page = browser.new_context().new_page()
    open_catalogue(page, served_paged_site, "en", {"from": "2016", "page": "2"})
    assert shown_slugs(page) == expected[50:100]
    expect(page.locator(".gp-count")).to_have_text(re.compile(rf"^{len(expected)} of 120 practices\. Page 2 of \d$"))
    expect(page.locator(".gp-entry__summary")).to_have_count(len(expected[50:100]))
    # A page past the end shows the last one.
    page.goto(f"{served_paged_site}/practices/?from=2016&page=99")
    expect(page.locator(".gp-app--ready")).to_have_count(1)
    last = (len(expected) - 1) // 50 + 1
    assert shown_slugs(page) == expected[(last - 1) * 50 :]
    page.context.close()


def test_without_javascript_next_links_reach_every_practice(browser, served_paged_site, paged_site) -> None:
    slugs = paged_json(paged_site, "cs")["items"]["slug"]
    page = browser.new_context(java_script_enabled=False).new_page()
    page.goto(f"{served_paged_site}/cs/practices/")
    seen = shown_slugs(page)
    while page.locator('.gp-pager a[rel="next"]').count():
        page.locator('.gp-pager a[rel="next"]').click()
        seen += shown_slugs(page)
    assert seen == slugs
    expect(page).to_have_url(re.compile(r"/cs/practices/page/3/$"))
    page.context.close()


@pytest.mark.parametrize("path", ["practices/", "practices/?page=2", "practices/page/3/"])
def test_pages_have_no_wcag_violation(page, served_paged_site, path) -> None:
    from test_accessibility import describe, run_axe

    page.goto(f"{served_paged_site}/sl/{path}")
    page.wait_for_load_state("load")
    if "page/" not in path:
        expect(page.locator(".gp-app--complete")).to_have_count(1)
    violations = run_axe(page)
    assert not violations, describe(violations)


# -- the layout: the effect of every filter change in view (issue 17) --------------------------------


def in_viewport(page: Page, selector: str) -> bool:
    """Whether the element's top is inside the viewport, below Material's header."""
    return page.locator(selector).first.evaluate(
        "el => { const r = el.getBoundingClientRect(), h = document.querySelector('.md-header').getBoundingClientRect().bottom;"
        " return r.top >= h - 1 && r.top < window.innerHeight; }"
    )


def layout_shift(page: Page) -> float:
    return page.evaluate("window.__gpShift")


SHIFT_OBSERVER = (
    "window.__gpShift = 0; new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__gpShift += e.value; })"
    ".observe({type: 'layout-shift', buffered: true});"
)


def catalogue_at(browser, served_site: str, width: int, height: int):  # type: ignore[no-untyped-def]
    """The Polish catalogue in a window of this size, loaded and its script done: nothing may have moved meanwhile
    (the filters are in the built page; on a phone their panel is closed as it is parsed)."""
    context = browser.new_context(viewport={"width": width, "height": height})
    context.add_init_script(SHIFT_OBSERVER)
    page = context.new_page()
    open_catalogue(page, served_site, "pl")
    expect(page.locator(".gp-app.gp-app--complete")).to_have_count(1)
    assert layout_shift(page) < 0.05
    return context, page


def test_desktop_every_filter_change_shows_its_count_and_first_result(browser, served_site, practices) -> None:
    context, page = catalogue_at(browser, served_site, 1366, 800)
    # the filters beside the results
    panel, results = page.locator("details.gp-filters-panel").bounding_box(), page.locator("#gp-results").bounding_box()
    assert panel and results and panel["x"] + panel["width"] <= results["x"]
    for name, value in (("country", "PL"), ("category", "development-plan"), ("country", "PL")):
        box = page.locator(f'input[name="{name}"][value="{value}"]')
        box.click()
        expect(page.locator(".gp-count")).to_contain_text("Wyniki:")
        assert in_viewport(page, ".gp-count") and in_viewport(page, "#gp-results > li"), (name, value)
        assert in_viewport(page, f'input[name="{name}"][value="{value}"]')
    context.close()


def test_phone_filters_open_as_a_panel_whose_button_shows_the_results(browser, served_site, practices) -> None:
    context, page = catalogue_at(browser, served_site, 390, 844)
    page.locator("details.gp-filters-panel > summary").click()
    page.locator('input[name="country"][value="PL"]').check()
    n = sum(1 for p in practices.values() if p.country == "PL")
    button = page.locator(".gp-show-results")
    expect(button).to_have_text(f"Pokaż wyniki ({n})")
    assert in_viewport(page, ".gp-show-results")
    button.click()
    expect(page.locator("details.gp-filters-panel")).not_to_have_attribute("open", "")
    expect(page.locator(".gp-count")).to_be_focused()
    assert in_viewport(page, ".gp-count") and in_viewport(page, "#gp-results > li")
    context.close()


def test_active_filters_are_chips_that_remove_them_also_from_a_shared_link(page, served_site, practices) -> None:
    open_catalogue(page, served_site, "pl", {"country": "PL", "q": "egzamin"})
    chips = page.locator(".gp-chips button")
    expect(chips).to_have_count(2)
    expect(chips.nth(0)).to_have_accessible_name("Usuń filtr: Polska")
    expect(chips.nth(1)).to_have_accessible_name("Usuń filtr: Tekst: egzamin")
    chips.nth(0).click()
    expect(page).not_to_have_url(re.compile("country="))
    expect(page.locator(".gp-chips button")).to_have_count(1)
    expect(page.locator('input[name="country"][value="PL"]')).not_to_be_checked()
    expect(page.locator(".gp-chips button")).to_be_focused()
    page.locator(".gp-chips button").click()
    expect(page.locator(".gp-chips")).to_be_hidden()
    assert sorted(shown_slugs(page)) == sorted(practices)


def test_skip_links_are_the_first_keyboard_stops(page, served_site) -> None:
    open_catalogue(page, served_site, "pl")
    page.keyboard.press("Tab")
    first = page.locator(".gp-skip-links a").first
    expect(first).to_be_focused()
    expect(first).to_be_visible()
    page.keyboard.press("Tab")
    expect(page.locator(".gp-skip-links__filters")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#gp-filters$"))
    page.keyboard.press("Tab")  # into the filters
    expect(page.locator("details.gp-filters-panel")).to_contain_text("")
    assert page.evaluate("document.querySelector('details.gp-filters-panel').contains(document.activeElement)")


def test_a_long_facet_shows_its_most_frequent_values_then_all(page, served_site, practices) -> None:
    from collections import Counter

    counts = Counter(t for p in practices.values() for t in p.topics)
    assert len(counts) > 10, "the example needs a long topic list"
    rare = min(counts, key=lambda t: (counts[t], t))
    open_catalogue(page, served_site, "en", {"topic": rare})
    facet = page.locator('fieldset[data-facet="topic"]')
    toggle = facet.locator(".gp-facet__toggle")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_have_text(f"Show all ({len(counts)})")
    shown = facet.locator("li:visible input")
    # the most frequent first, and the one chosen from the link in sight although it is not among them
    values = shown.evaluate_all("els => els.map(e => e.value)")
    assert rare in values and len(values) <= 9
    frequent = [v for v in values if v != rare]
    assert [counts[v] for v in frequent] == sorted((counts[v] for v in frequent), reverse=True)
    assert min(counts[v] for v in frequent) >= max(counts[t] for t in counts if t not in values)
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(toggle).to_have_text("Show fewer")
    page.locator(".gp-clear").click()
    expect(facet.locator("li:visible input")).to_have_count(len(counts))


def test_a_long_facet_narrows_as_one_types(page, served_site, vocab) -> None:
    open_catalogue(page, served_site, "pl")
    facet = page.locator('fieldset[data-facet="topic"]')
    box = facet.locator(".gp-facet__narrow")
    expect(box).to_have_accessible_name("Znajdź na liście: Tematy")
    box.fill("ocenian")  # typed without diacritics, as the list's labels are matched
    labels = [vocab["topic"].label(v, "pl") for v in vocab["topic"].values]
    from goodpractices.site import fold

    wanted = sorted(label for label in labels if "ocenian" in fold(label))
    assert wanted, "the example needs a topic with this word"
    expect(facet.locator("li:visible .gp-facet__label")).to_have_count(len(wanted))
    assert sorted(facet.locator("li:visible .gp-facet__label").all_inner_texts()) == wanted
    box.fill("")
    expect(facet.locator(".gp-facet__toggle")).to_have_attribute("aria-expanded", "false")
    assert facet.locator("li:visible").count() <= 9
