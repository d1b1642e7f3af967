"""Issue 19: two to four practices side by side in the catalogue, chosen with the keyboard, kept in the URL."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from test_accessibility import describe, run_axe
from test_catalogue_browser import open_catalogue, shown_slugs


def cards(page: Page) -> list[str]:
    return page.locator(".gp-compare__card .gp-compare__remove").evaluate_all("els => els.map(e => e.dataset.slug)")


def choose_with_keyboard(page: Page, slug: str) -> None:
    box = page.locator(f'.gp-compare-box[value="{slug}"]')
    box.focus()
    page.keyboard.press("Space")
    expect(box).to_be_checked()


def test_choose_three_with_the_keyboard_see_them_and_reload_keeps_them(page, served_site, practices) -> None:
    open_catalogue(page, served_site, "cs")
    slugs = shown_slugs(page)[:5]
    # each toggle is named by its practice's title, as the list shows it
    title = page.locator(f'li[data-slug="{slugs[0]}"] .gp-entry__title a').inner_text()
    expect(page.get_by_role("checkbox", name=re.compile(rf"^Porovnat\s*:\s*{re.escape(title)}$"))).to_have_count(1)
    for slug in slugs[:3]:
        choose_with_keyboard(page, slug)
    expect(page.locator(".gp-compare__card")).to_have_count(3)
    assert cards(page) == slugs[:3]
    assert "compare=" + ",".join(slugs[:3]) in page.url
    expect(page.locator(".gp-compare__status")).to_contain_text("3")
    violations = run_axe(page)
    assert not violations, describe(violations)

    # a fifth is refused, and the limit explained
    choose_with_keyboard(page, slugs[3])
    box = page.locator(f'.gp-compare-box[value="{slugs[4]}"]')
    box.focus()
    page.keyboard.press("Space")
    expect(box).not_to_be_checked()
    expect(page.locator(".gp-compare__status")).to_contain_text("nejvýše 4")
    expect(page.locator(".gp-compare__card")).to_have_count(4)
    page.locator(f'.gp-compare__remove[data-slug="{slugs[3]}"]').press("Enter")
    expect(page.locator(".gp-compare__card")).to_have_count(3)

    page.reload()
    expect(page.locator(".gp-app--ready")).to_have_count(1)
    expect(page.locator(".gp-compare__card")).to_have_count(3)
    assert cards(page) == slugs[:3]
    for slug in slugs[:3]:
        expect(page.locator(f'.gp-compare-box[value="{slug}"]')).to_be_checked()


def test_a_shared_comparison_works_on_a_phone(browser, served_site, practices) -> None:
    slugs = sorted(practices)[:3]
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        open_catalogue(page, served_site, "sl", {"compare": ",".join(slugs)})
        expect(page.locator(".gp-compare__card")).to_have_count(3)
        assert sorted(cards(page)) == slugs
        boxes = page.locator(".gp-compare__card").evaluate_all(
            "els => els.map(e => e.getBoundingClientRect()).map(r => [r.left, r.right, r.top])"
        )
        # stacked: one above the other, each within the screen
        assert all(0 <= left and right <= 360 for left, right, _ in boxes)
        assert boxes[0][2] < boxes[1][2] < boxes[2][2]
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        violations = run_axe(page)
        assert not violations, describe(violations)
    finally:
        context.close()
