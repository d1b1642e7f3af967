"""Accessibility in real headless Chromium: axe-core and the keyboard.

axe-core (the npm package, a devDependency in package.json; ./scripts/test installs it) runs
over every kind of page of the example site in every language and must find no violation of
the WCAG 2.0/2.1 A and AA rule sets. The catalogue's filters are then worked with the keyboard
alone: reachable with Tab, a visible focus indicator, focus kept in place while the results
change, the result count announced, and every control named in the page's language.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from conftest import LANGS, ROOT
from goodpractices import Vocabularies

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
UI = Vocabularies().ui  # ui.yml and the ui-*.yml files of single features

# One practice written in each language; a reader language it lacks: its page in that language shows the notice.
PRACTICE_IN = {
    "en": ("cz-collegial-support-network", "pl"),
    "pl": ("swietochlowice-exam-support", "cs"),
    "cs": ("cz-collegial-support-network", "sl"),
    "sl": ("ruse-formative-assessment", "nb"),
    "nb": ("ski-school-leader-networks", "pl"),
}
FILTERED = "?category=development-plan&country=PL"

# page id -> path below the language prefix (the catalogue variants are set up in `open_page`).
PAGES = {
    "home": "",
    "catalogue": "practices/",
    "catalogue-filtered": "practices/" + FILTERED,
    "practice": "practices/{practice}/",
    "practice-other-reader": "practices/{practice}/",
    "term-category": "practices/category/development-plan/",
    "term-country": "practices/country/pl/",
    "term-topic": "practices/topic/formative-assessment/",
    "search": "search/",
    "open-data": "open-data/",
    "statistics": "statistics/",
    "map": "map/",
    "print": "print/development-plan/",
    "contribute": "contribute/",
}


def t(key: str, lang: str, **values: object) -> str:
    text = UI[key][lang]
    for name, value in values.items():
        text = text.replace("{" + name + "}", str(value))
    return text


def prefix(lang: str) -> str:
    return "" if lang == "en" else f"{lang}/"


def axe_source() -> Path:
    if not AXE.is_file():
        pytest.fail(
            f"{AXE.relative_to(ROOT)} is missing: run ./scripts/test, which installs the npm "
            "devDependencies (axe-core) with `npm ci`"
        )
    return AXE


def wait_ready(page: Page, name: str) -> None:
    if name.startswith("catalogue"):
        expect(page.locator(".gp-app.gp-app--ready")).to_have_count(1)
    elif name.startswith("search"):
        expect(page.locator('#gp-search[data-gp-ready="ready"]')).to_have_count(1)
        expect(page.locator("#gp-search input").first).to_be_visible()
    page.wait_for_load_state("load")


def open_page(page: Page, base: str, name: str, lang: str) -> None:
    practice, reader = PRACTICE_IN[lang]
    shown_to = reader if name == "practice-other-reader" else lang
    page.goto(f"{base}/{prefix(shown_to)}{PAGES[name].format(practice=practice)}")
    wait_ready(page, name)
    if name == "practice-other-reader":
        expect(page.locator(".gp-notice")).to_be_visible()
    elif name == "catalogue-filtered":
        expect(page.locator(".gp-count")).to_have_text(re.compile(r"\d"))
        expect(page.locator('input[name="country"][value="PL"]')).to_be_checked()


def change_state(page: Page, name: str) -> str | None:
    """Take the page to its second state to check (the same context, axe already loaded), if it has one."""
    if name == "catalogue":
        # The filter panel open, a checkbox checked with the keyboard and still focused.
        expect(page.locator("details.gp-filters-panel")).to_have_attribute("open", "")
        box = page.locator('.gp-facet input[type="checkbox"]').first
        box.focus()
        page.keyboard.press("Space")
        expect(box).to_be_checked()
        expect(box).to_be_focused()
        return "catalogue with a filter checked and focused"
    if name == "search":
        page.locator("#gp-search input").first.fill("school")
        expect(page.locator("#gp-search .pagefind-ui__result").first).to_be_visible()
        return "search with results"
    return None


def run_axe(page: Page, inject: bool = True) -> list[dict]:
    if inject:
        page.add_script_tag(path=str(axe_source()))
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary})),
            }));
        }""",
        AXE_TAGS,
    )


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} — {v['helpUrl']}")
        for node in v["nodes"][:8]:
            summary = " ".join((node["summary"] or "").split())
            lines.append(f"    {node['target']}: {summary[:300]}")
        if len(v["nodes"]) > 8:
            lines.append(f"    … and {len(v['nodes']) - 8} more")
    return "\n".join(lines)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_wcag_violation(page, served_site, name, lang) -> None:
    axe_source()  # fail before the page load when axe-core is missing
    open_page(page, served_site, name, lang)
    expect(page.locator("html")).to_have_attribute("lang", PRACTICE_IN[lang][1] if name == "practice-other-reader" else lang)
    violations = run_axe(page)
    assert not violations, f"axe-core on {page.url} ({name}, {lang}):\n{describe(violations)}"
    state = change_state(page, name)
    if state:
        violations = run_axe(page, inject=False)
        assert not violations, f"axe-core on {page.url} ({state}, {lang}):\n{describe(violations)}"


PHONE_PAGES = ("home", "catalogue", "catalogue-filtered", "practice", "map")


@pytest.mark.parametrize("lang", ("en", "cs"))
@pytest.mark.parametrize("name", PHONE_PAGES)
def test_axe_finds_no_wcag_violation_on_a_phone(browser, served_site, name, lang) -> None:
    """At 390×844 the catalogue's filters are a panel with its "show results" button, a practice has its own contents."""
    axe_source()
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        open_page(page, served_site, name, lang)
        if name.startswith("catalogue"):
            page.locator("details.gp-filters-panel > summary").tap()
            expect(page.locator("details.gp-filters-panel")).to_have_attribute("open", "")
        elif name == "practice":
            page.locator("details.gp-toc-inline > summary").tap()
            expect(page.locator("details.gp-toc-inline a").first).to_be_visible()
        violations = run_axe(page)
        assert not violations, f"axe-core on {page.url} ({name}, {lang}, phone):\n{describe(violations)}"
    finally:
        context.close()


# -- the catalogue with the keyboard alone -------------------------------------------------------


def open_catalogue(page: Page, base: str, lang: str = "en", query: str = "") -> None:
    page.goto(f"{base}/{prefix(lang)}practices/{query}")
    expect(page.locator(".gp-app.gp-app--ready")).to_have_count(1)


def active(page: Page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return {tag: el.tagName.toLowerCase(), id: el.id, type: el.type || '', name: el.name || '',
                    value: el.value || '', cls: el.className || ''};
        }"""
    )


def tab_until(page: Page, predicate, limit: int = 120) -> list[dict]:
    """Press Tab from the top of the page until `predicate(active)`; returns the focus path."""
    path = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = active(page)
        path.append(now)
        if predicate(now):
            return path
    raise AssertionError(f"Tab never reached the target; focus went through: {path}")


def shown_slugs(page: Page) -> list[str]:
    return page.locator("ul.gp-catalogue > li.gp-entry").evaluate_all("els => els.map(e => e.dataset.slug)")


FOCUS_STYLE = """el => {
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1;
    return {outline: outline ? [s.outlineStyle, s.outlineWidth, s.outlineColor].join(' ') : '',
            shadow: s.boxShadow === 'none' ? '' : s.boxShadow};
}"""


def test_tab_from_the_top_reaches_every_filter_control(page, served_site) -> None:
    open_catalogue(page, served_site, "pl")
    path = tab_until(page, lambda a: a["type"] == "checkbox")
    ids = [a["id"] for a in path]
    tags = [a["tag"] for a in path]
    # The panel's summary, then the text field and the sort order, before the first checkbox.
    assert "summary" in tags and "gp-q" in ids and "gp-sort" in ids, path
    assert tags.index("summary") < ids.index("gp-q") < ids.index("gp-sort") < len(path) - 1
    assert path[-1]["name"] == "category"
    # Every checkbox and the period fields follow, then the button that clears the filters.
    rest = tab_until(page, lambda a: "gp-clear" in a["cls"])
    boxes = [a for a in [path[-1], *rest] if a["type"] == "checkbox"]
    # every checkbox in sight (a long facet's others are behind its "Show all" button, which is reached too)
    assert len(boxes) == page.locator('.gp-facet input[type="checkbox"]:visible').count()
    assert any("gp-facet__toggle" in a["cls"] for a in rest)
    assert {"gp-from", "gp-to"} <= {a["id"] for a in rest}


def test_the_focused_checkbox_shows_a_focus_indicator(page, served_site) -> None:
    open_catalogue(page, served_site, "en")
    box = page.locator('input[name="country"]').first
    before = box.evaluate(FOCUS_STYLE)
    tab_until(page, lambda a: a["name"] == "country")
    expect(box).to_be_focused()
    after = box.evaluate(FOCUS_STYLE)
    assert after != before and (after["outline"] or after["shadow"]), (before, after)
    # The text field, the select and the summary show one too.
    for selector in ("#gp-q", "#gp-sort", "details.gp-filters-panel > summary", ".gp-clear"):
        control = page.locator(selector)
        page.locator("h1").click()  # blur
        unfocused = control.evaluate(FOCUS_STYLE)
        control.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")  # focused from the keyboard, so :focus-visible applies
        expect(control).to_be_focused()
        focused = control.evaluate(FOCUS_STYLE)
        assert focused != unfocused and (focused["outline"] or focused["shadow"]), (selector, unfocused, focused)


def test_space_checks_a_box_keeps_focus_and_announces_the_count(page, served_site) -> None:
    lang = "cs"
    open_catalogue(page, served_site, lang)
    status = page.locator(".gp-count")
    expect(status).to_have_attribute("role", "status")
    expect(status).to_have_attribute("aria-live", "polite")
    total = len(shown_slugs(page))
    expect(status).to_have_text(t("facet.results", lang, n=total, total=total))

    tab_until(page, lambda a: a["name"] == "category")
    box = page.locator('input[name="category"]').first
    value = box.get_attribute("value")
    page.keyboard.press("Space")
    expect(box).to_be_checked()
    expect(box).to_be_focused()
    assert f"category={value}" in page.url
    shown = shown_slugs(page)
    assert 0 < len(shown) < total
    expect(status).to_have_text(t("facet.results", lang, n=len(shown), total=total))

    # Focus stays put while the list and the counts change: Tab goes on to the next choice.
    page.keyboard.press("Tab")
    following = active(page)
    assert following["type"] == "checkbox" and following["name"] == "category", following
    page.keyboard.press("Space")  # OR within a facet: more results
    expect(page.locator(f'input[name="category"][value="{following["value"]}"]')).to_be_focused()
    assert len(shown_slugs(page)) > len(shown)

    # Unchecking keeps focus too, and the count goes back.
    page.keyboard.press("Space")
    page.keyboard.press("Shift+Tab")
    expect(box).to_be_focused()
    page.keyboard.press("Space")
    expect(box).not_to_be_checked()
    expect(box).to_be_focused()
    expect(status).to_have_text(t("facet.results", lang, n=total, total=total))


def test_a_focused_box_stays_offered_when_its_count_drops_to_zero(page, served_site) -> None:
    """Values that would yield nothing are hidden, but never the one under the keyboard focus."""
    # No Czech practice is about spending: the view is empty, and Czechia's count drops to 0 once unchecked.
    open_catalogue(page, served_site, "en", "?category=spending-rationalisation&country=CZ")
    expect(page.locator(".gp-count")).to_have_text(t("facet.no_results", "en"))
    tab_until(page, lambda a: a["name"] == "country" and a["value"] == "CZ")
    page.keyboard.press("Space")
    czechia = page.locator('input[name="country"][value="CZ"]')
    expect(czechia).not_to_be_checked()
    expect(czechia).to_be_focused()
    expect(czechia).to_be_visible()
    expect(czechia.locator("xpath=..").locator(".gp-facet__count")).to_have_text("(0)")
    expect(page.locator(".gp-count")).to_have_text(re.compile(r"^2 of \d+ practices$"))
    page.keyboard.press("Tab")  # on to the next country that is still offered
    following = active(page)
    assert following["name"] == "country" and following["value"] != "CZ", following


def test_text_search_keeps_focus_in_the_field(page, served_site) -> None:
    open_catalogue(page, served_site, "sl")
    tab_until(page, lambda a: a["id"] == "gp-q")
    page.keyboard.type("zzzz-no-match")
    expect(page.locator("#gp-q")).to_be_focused()
    expect(page.locator(".gp-count")).to_have_text(t("facet.no_results", "sl"))
    page.keyboard.press("Enter")  # must not reload the page
    expect(page.locator("#gp-q")).to_be_focused()
    expect(page.locator("#gp-q")).to_have_value("zzzz-no-match")


# -- names in the page's language ---------------------------------------------------------------


def material_strings(lang: str) -> dict[str, str]:
    import material

    text = (Path(material.__file__).parent / "templates" / "partials" / "languages" / f"{lang}.html").read_text(encoding="utf-8")
    return dict(re.findall(r'"([\w.]+)":\s*"([^"]*)"', text))


@pytest.mark.parametrize("lang", LANGS)
def test_every_catalogue_control_is_named_in_the_page_language(page, served_site, lang, vocab) -> None:
    open_catalogue(page, served_site, lang)
    expect(page.get_by_role("searchbox", name=t("facet.search", lang), exact=True)).to_have_id("gp-q")
    expect(page.get_by_role("combobox", name=t("facet.sort", lang), exact=True)).to_have_id("gp-sort")
    expect(page.get_by_role("spinbutton", name=t("facet.year_from", lang), exact=True)).to_have_id("gp-from")
    expect(page.get_by_role("spinbutton", name=t("facet.year_to", lang), exact=True)).to_have_id("gp-to")
    expect(page.get_by_role("button", name=t("facet.clear", lang), exact=True)).to_have_count(1)
    expect(page.get_by_role("search", name=t("facet.heading", lang), exact=True)).to_have_count(1)
    expect(page.locator("details.gp-filters-panel > summary")).to_have_accessible_name(t("facet.heading", lang))
    options = page.locator("#gp-sort option").all_inner_texts()
    assert options == [t(f"facet.sort_{k}", lang) for k in ("newest", "title", "municipality")]
    # Each facet is a group named by its legend; each checkbox by its value's label and count.
    for group in page.locator("fieldset.gp-facet").all():
        legend = group.locator("legend").inner_text()
        assert legend.strip()
        expect(group).to_have_accessible_name(legend)
    categories = {value: vocab["category"].label(value, lang) for value in vocab["category"].values}
    for toggle in page.locator(".gp-facet__toggle").all():  # a long facet's other values, shown
        toggle.click()
    boxes = page.locator('.gp-facet input[type="checkbox"]')
    assert boxes.count() > 10
    for box in boxes.all():
        label = box.locator("xpath=..").locator(".gp-facet__label").inner_text()
        count = box.locator("xpath=..").locator(".gp-facet__count").inner_text()
        expect(box).to_have_accessible_name(f"{label} {count}")
        if box.get_attribute("name") == "category":
            assert label == categories[box.get_attribute("value")]
    # Material's header controls are in the page's language too.
    strings = material_strings(lang)
    expect(page.locator(".md-header__option .md-select > button")).to_have_accessible_name(strings["select.language"])
    expect(page.locator(".md-top")).to_have_text(strings["top"])
    expect(page.locator(".md-header .md-logo")).to_have_accessible_name(page.evaluate("document.title").split(" - ")[-1])


def accessible_name(control) -> str:
    """The name Chromium's accessibility tree gives a control (Playwright's ARIA snapshot)."""
    first = control.aria_snapshot().splitlines()[0]
    if first.startswith("- '") and first.endswith("'"):  # YAML quotes a line whose name holds ": "
        first = "- " + first[3:-1].replace("''", "'")
    match = re.match(r'- [\w-]+ "(.*)"', first) or re.match(r"- text: (.*)", first)  # a <summary> has no role
    return match.group(1).strip() if match else ""


@pytest.mark.parametrize("lang", LANGS)
def test_catalogue_and_search_controls_are_named_in_the_page_language(page, served_site, lang) -> None:
    """No form control without a name, and no English interface string as a name on another language's page."""
    keys = [key for key in UI if key.startswith(("facet.", "search.ui.", "practice.", "opendata.", "catalogue."))]
    english = {t(key, "en") for key in keys} - {t(key, lang) for key in keys}
    for name in ("catalogue", "search"):
        open_page(page, served_site, name, lang)
        controls = page.locator("main input:not([type=hidden]), main select, main button, main summary, main textarea")
        seen = 0
        for control in controls.all():
            if not control.is_visible():
                continue
            seen += 1
            accessible = accessible_name(control)
            assert accessible, f"{name} ({lang}): a control without a name: {control.evaluate('el => el.outerHTML')[:200]}"
            assert accessible not in english, f"{name} ({lang}): English name {accessible!r}"
        assert seen >= (10 if name == "catalogue" else 2), (name, seen)
