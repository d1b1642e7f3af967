"""Issue 19: the filtered catalogue as CSV and JSON, built in the browser (real Chromium)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from playwright.sync_api import Page, expect

from goodpractices import opendata
from test_catalogue_browser import open_catalogue, shown_slugs


def download(page: Page, form: str) -> tuple[str, bytes]:
    with page.expect_download() as info:
        page.locator(f'.gp-export [data-gp-export="{form}"]').click()
    d = info.value
    path = d.path()
    assert path is not None
    with open(path, "rb") as f:
        return d.suggested_filename, f.read()


@pytest.mark.parametrize("lang", ["pl", "cs"])
def test_export_gives_exactly_the_filtered_practices(page, served_site, practices, vocab, lang) -> None:
    open_catalogue(page, served_site, lang)
    expect(page.locator(".gp-app--complete")).to_have_count(1)  # the summaries are in the files
    page.locator('input[name="category"][value="development-plan"]').check()
    expected = sorted(s for s, p in practices.items() if p.category == "development-plan")
    assert expected and len(expected) < len(practices)
    expect(page.locator("ul.gp-catalogue > li.gp-entry")).to_have_count(len(expected))
    shown = shown_slugs(page)
    label = vocab["category"].label("development-plan", lang)

    name, raw = download(page, "csv")
    assert name == f"practices-{lang}-filtered.csv"
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    header = list(rows[0])
    assert header == [c for c in opendata.COLUMNS if c in header]  # the open data's columns, in their order
    assert [r["slug"] for r in rows] == shown and sorted(shown) == expected
    for r in rows:
        p = practices[r["slug"]]
        assert r["category"] == "development-plan" and r["category_label"] == label
        assert r["country"] == p.country and r["country_name"] == vocab.countries.name(p.country, lang)
        assert r["published"] == p.published and r["municipality"] == (p.municipality or "")
        assert r["url"].endswith(f"/{lang}/practices/{r['slug']}/")
        assert r["summary"] and r["languages"] == "|".join(p.versions)

    name, raw = download(page, "json")
    assert name == f"practices-{lang}-filtered.json"
    data = json.loads(raw)
    assert data["language"] == lang and "category=development-plan" in data["source"]
    assert [r["slug"] for r in data["practices"]] == shown
    assert all(r["category_label"] == label and isinstance(r["topics"], list) for r in data["practices"])


def test_export_buttons_are_labelled_buttons_near_the_count(page, served_site) -> None:
    open_catalogue(page, served_site, "nb")
    group = page.get_by_role("group", name="Last ned listen som vises")
    expect(group.get_by_role("button", name="Last ned listen som CSV (regneark)")).to_be_visible()
    expect(group.get_by_role("button", name="Last ned listen som JSON (data)")).to_be_visible()


def test_export_without_filters_names_the_whole_list(page, served_site, practices) -> None:
    slugs = sorted(practices)[:2]
    open_catalogue(page, served_site, "en", {"compare": ",".join(slugs)})  # a comparison is no filter
    expect(page.locator(".gp-app--complete")).to_have_count(1)
    name, raw = download(page, "csv")
    assert name == "practices-en-list.csv"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert sorted(r["slug"] for r in rows) == sorted(practices)
