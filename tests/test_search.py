"""Site search with Pagefind: a bundle per language, each language's search page searching its own pages.

Browser tests type into Pagefind's UI on the built example site in headless Chromium.
"""

from __future__ import annotations

import gzip
import json
import mimetypes
import os
import re
import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import Page, expect

from conftest import LANGS, ROOT, SITE_CONFIG, make_project, mkdocs, process_alive, serve_folder, source
from goodpractices import search_index as search
from goodpractices.search_index import SearchIndexer, SearchIndexError, find_pagefind
from htmlutil import elements

PREFIX = {lang: "" if lang == "en" else f"{lang}/" for lang in LANGS}
OTHER_PREFIXES = re.compile(r"^/(pl|cs|sl|nb)/")
PAGE_LINK = "#gp-search .pagefind-ui__result-inner > .pagefind-ui__result-title > .pagefind-ui__result-link"
"""The link of each page found (its sections found are nested results)."""

# A word found only in pages of one language (besides examples quoted in the contribution guides)
# and the practice page it must find.
ONLY_IN = {
    "pl": ("ósmoklasisty", "swietochlowice-exam-support"),
    "cs": ("Moravskoslezského", "cz-collegial-support-network"),
    "sl": ("hospitacijskimi", "ruse-formative-assessment"),
    "nb": ("vertskommune", "joint-school-procurement"),
    "en": ("Glazer", "ruse-formative-assessment"),
}


def search_for(page: Page, query: str) -> list[str]:
    """Type `query` into the page's Pagefind UI; the hrefs of the results (pages and their sections)."""
    box = page.locator("#gp-search .pagefind-ui__search-input")
    expect(box).to_be_visible()
    box.fill(query)
    message = page.locator("#gp-search .pagefind-ui__message")
    expect(message).to_contain_text(query)
    expect(message).not_to_contain_text("…")  # "Searching for …" has become the result count
    expect(page.locator("#gp-search .pagefind-ui__loading")).to_have_count(0)  # each result's fragment is in
    links = page.locator("#gp-search .pagefind-ui__result-link")
    return links.evaluate_all("links => links.map(a => a.getAttribute('href'))")


def pages_to_index(site_dir: Path, lang: str) -> list[str]:
    """The built pages of `lang` that carry `data-pagefind-body`, relative to the site, sorted (read from the site folder)."""
    prefix = PREFIX[lang]
    found = []
    for path in (site_dir / prefix if prefix else site_dir).rglob("*.html"):
        rel = path.relative_to(site_dir).as_posix()
        if rel.startswith("pagefind/") or (not prefix and OTHER_PREFIXES.match("/" + rel)):
            continue
        if search.carries_body(path.read_text(encoding="utf-8")):
            found.append(rel)
    return sorted(found)


def index(site_dir: Path, lang: str, pages: list[str], max_pages: int = search.MAX_PAGES, command: list[str] | None = None) -> int:
    """Index `pages` of `lang` as a build does; the pages indexed."""
    indexer = SearchIndexer(site_dir, command or find_pagefind(), max_pages)
    indexer.add(lang, pages)
    return indexer.finish()[lang]


# -- the index ------------------------------------------------------------------


def test_one_index_per_language(example_site: Path) -> None:
    assert sorted(p.name for p in (example_site / "pagefind").iterdir()) == sorted(LANGS)
    for lang in LANGS:
        bundle = example_site / "pagefind" / lang
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert set(entry["languages"]) == {lang}
        info = entry["languages"][lang]
        # Practices written in the language, its contribution guide, its search page's title.
        assert info["page_count"] >= 3, (lang, info)
        assert (bundle / f"pagefind.{info['hash']}.pf_meta").is_file()
        for name in ("pagefind.js", "pagefind-ui.js", "pagefind-ui.css"):
            assert (bundle / name).is_file(), name
        # A small site: one part per language, nothing to merge.
        assert json.loads((bundle / search.MANIFEST).read_text(encoding="utf-8")) == {"merge": []}
    # Material's lunr search is gone: one search only.
    assert not (example_site / "search" / "search_index.json").exists()


def test_pagefind_reads_only_the_pages_it_indexes(example_site: Path) -> None:
    listed = {lang: pages_to_index(example_site, lang) for lang in LANGS}
    marked = sorted(
        path.relative_to(example_site).as_posix()
        for path in example_site.rglob("*.html")
        if not path.relative_to(example_site).as_posix().startswith("pagefind/") and indexed_elements(path.read_text(encoding="utf-8"))
    )
    assert sorted(page for pages in listed.values() for page in pages) == marked
    # The build gives Pagefind the pages whose HTML it saw carry the mark: the same test.
    for path in example_site.rglob("*.html"):
        if not path.relative_to(example_site).as_posix().startswith("pagefind/"):
            assert search.carries_body(path.read_text(encoding="utf-8")) == (path.relative_to(example_site).as_posix() in marked), path
    for lang, pages in listed.items():
        assert f"{PREFIX[lang]}search/index.html" in pages
        assert all(page.startswith(PREFIX[lang]) for page in pages)
        assert not [page for page in pages if "/print/" in page or page.startswith("print/")]
        # What Pagefind indexed is what it was given.
        assert search.language_page_counts(example_site, lang) == len(pages), lang


def test_pages_are_dealt_to_parts_in_turn() -> None:
    pages = [f"p{i:02}" for i in range(7)]
    assert search.split(pages, 10) == [pages]
    assert search.split(pages, 3) == [["p00", "p03", "p06"], ["p01", "p04"], ["p02", "p05"]]
    assert search.split([], 3) == [[]]
    # Pagefind rejects a glob of ~300,000 characters: long paths make more parts.
    long = [f"{i:03}/" + "x" * 490 + "/index.html" for i in range(300)]
    assert [len(part) for part in search.split(long, 1000)] == [150, 150]
    assert search.glob_of(["a/b c/index.html", "x,{y}[z]/é.html"]) == "{a/b c/index.html,x??y??z?/é.html}"


def indexed_elements(text: str) -> list[str]:
    """`tag.class` of each element that Pagefind indexes (data-pagefind-body)."""

    found: list[str] = []

    class Bodies(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            values = dict(attrs)
            if "data-pagefind-body" in values:
                found.append(".".join([tag, *(values.get("class") or "").split()[:1]]))

    Bodies().feed(text)
    return found


def test_what_is_indexed(example_site: Path) -> None:
    """Practice and Markdown pages without the theme's chrome; no listing, which would repeat every practice."""
    seen: dict[str, set[str]] = {}
    for path in example_site.rglob("*.html"):
        rel = path.relative_to(example_site).as_posix()
        if rel.startswith("pagefind/"):
            continue
        bodies = indexed_elements(path.read_text(encoding="utf-8"))
        if re.search(r"(^|/)search/index\.html$", rel):
            kind = "search"
        elif re.search(r"(^|/)practices/((category|country|topic)/.*)?index\.html$", rel):
            kind = "listing"
        elif re.search(r"(^|/)practices/[^/]+/index\.html$", rel):
            kind = "practice"
        else:
            kind = "other"  # home, contribution guide, 404
        seen.setdefault(kind, set()).update(bodies or ["none"])
        if kind == "listing" or rel == "404.html":
            assert not bodies, f"{rel} would flood the results"
        else:
            assert len(bodies) <= 1, (rel, bodies)
    assert seen["practice"] == {"article.gp-practice"}
    assert seen["search"] == {"h1"}  # its title only, so that every language has an index
    assert "div.gp-page-body" in seen["other"]  # Markdown pages (overrides/main.html)
    for lang in LANGS:
        guide = (example_site / PREFIX[lang] / "contribute/index.html").read_text(encoding="utf-8")
        assert indexed_elements(guide) == ["div.gp-page-body"], lang


def test_search_page_loads_pagefind_relative_to_the_page(example_site: Path) -> None:
    for lang, depth in (("en", 1), ("pl", 2)):
        text = (example_site / PREFIX[lang] / "search" / "index.html").read_text(encoding="utf-8")
        up = "../" * depth
        (box,) = elements(text, "div", id="gp-search")
        assert box["data-gp-pagefind"] == f"{up}pagefind/{lang}/"
        assert box["data-gp-lang"] == lang
        assert elements(text, "link", rel="stylesheet", href=f"{up}pagefind/{lang}/pagefind-ui.css")
        assert json.loads(box["data-gp-translations"] or "")["placeholder"]


def test_header_links_to_the_search_page_of_the_language(example_site: Path, vocab) -> None:
    for lang in LANGS:
        for rel, up in (("", ""), (f"practices/{ONLY_IN[lang][1]}/", "../../"), ("search/", "")):
            text = (example_site / PREFIX[lang] / rel / "index.html").read_text(encoding="utf-8")
            (link,) = elements(text, "a", class_="gp-header-search")
            assert link["href"] == (f"{up}search/" if rel != "search/" else "./"), (lang, rel)
            assert link["title"] == link["aria-label"] == vocab.t("search.title", lang)
    # Material's own search button is gone with its plugin.
    assert not elements((example_site / "index.html").read_text(encoding="utf-8"), "label", for_="__search")


def test_filter_names_are_labels_in_the_page_language(example_site: Path, vocab) -> None:
    text = (example_site / "pl/practices/shared-services-centre-schools/index.html").read_text(encoding="utf-8")
    filters = {}
    for match in re.finditer(r'<span data-pagefind-filter="([^"]+)">([^<]*)</span>', text):
        filters.setdefault(match[1], []).append(match[2])
    assert filters[vocab.t("field.category", "pl")] == [vocab["category"].label("spending-rationalisation", "pl")]
    assert filters["Kraj"] == ["Polska"]
    assert len(filters[vocab.t("field.topics", "pl")]) >= 2
    assert not any(":" in name or "," in name for name in filters)  # Pagefind's separators


def test_empty_site_builds_with_a_search_per_language(tmp_path: Path) -> None:
    config = SITE_CONFIG.replace("  - practices/index.md\n", "  - practices/index.md\n  - search/index.md\n")
    project = make_project(tmp_path, {}, config)
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    for lang in LANGS:
        counts = search.page_counts(project / "site/pagefind" / lang)
        assert set(counts) == {lang} and counts[lang] >= 1  # at least its search page
    # Quiet: one line of ours, none of Pagefind's progress output.
    assert "search index built with Pagefind" in result.stderr
    assert "Running Pagefind" not in result.stdout + result.stderr
    assert "Indexed" not in result.stdout + result.stderr
    assert "stemming" not in result.stdout + result.stderr  # Pagefind's notes on cs and sl


def test_search_index_is_rebuilt_with_the_site(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"demo/pl.md": source("valid-pl.md")})
    first = mkdocs(project, "build", "--strict")
    assert first.returncode == 0, first.stderr
    before = {lang: search.language_page_counts(project / "site", lang) for lang in LANGS}
    assert before["pl"] >= 2  # at least the practice and the search page
    (project / "docs/pl/more.md").write_text("# Więcej\n\nNowa strona.\n", encoding="utf-8")
    second = mkdocs(project, "build", "--strict")
    assert second.returncode == 0, second.stderr
    after = {lang: search.language_page_counts(project / "site", lang) for lang in LANGS}
    assert after == {**before, "pl": before["pl"] + 1}


def test_pagefind_failure_is_a_plugin_error_with_its_output(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text('<html lang="en"><body><div data-pagefind-body><p data-pagefind-ignore="all">nothing</p></div></body></html>')
    with pytest.raises(SearchIndexError) as info:
        index(tmp_path, "en", ["index.html"])
    message = str(info.value)
    assert "Pagefind failed" in message
    assert "not able to build an index" in message  # Pagefind's own words


def _small_site(root: Path) -> list[str]:
    """Three pages to index (one with characters a glob would not match exactly), one not to, and a folder Pagefind must not see."""
    pages = {
        "index.html": "Hello world",
        "practices/a b/index.html": "Formative assessment in Ljubljana",
        "practices/x,{y}/index.html": "Mentoring in Gdynia",
    }
    for rel, text in pages.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(f'<html lang="en"><body><div data-pagefind-body>{text}</div></body></html>', encoding="utf-8")
    (root / "practices/xy").mkdir()  # what the glob's "?" would also match
    (root / "practices/xy/index.html").write_text('<html lang="en"><body><div data-pagefind-body>Not to index</div></body></html>', encoding="utf-8")
    return sorted(pages)


def test_pagefind_indexes_exactly_the_pages_given_at_their_own_addresses(tmp_path: Path) -> None:
    pages = _small_site(tmp_path)
    assert index(tmp_path, "en", pages) == 3
    fragments = [json.loads(gzip.decompress(path.read_bytes())[len("pagefind_dcd"):]) for path in (tmp_path / "pagefind/en/fragment").iterdir()]
    # Pagefind 1.6 percent-encodes the addresses (1.5 did not); not practices/xy/, which the glob's "?" would match.
    assert sorted(unquote(f["url"]) for f in fragments) == ["/", "/practices/a b/", "/practices/x,{y}/"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.html", "pagefind", "practices"]  # nothing else left in the site


def test_a_language_in_parts_is_indexed_part_after_part(tmp_path: Path) -> None:
    pages = _small_site(tmp_path)
    assert index(tmp_path, "en", pages, max_pages=1) == 3
    assert json.loads((tmp_path / "pagefind/en" / search.MANIFEST).read_text()) == {"merge": ["part-2/", "part-3/"]}
    assert search.language_page_counts(tmp_path, "en") == 3
    assert not (tmp_path / "pagefind/en/part-2/pagefind-ui.js").exists()  # a part is only an index


def test_a_failed_part_fails_its_language_by_name_and_the_parts_after_it_do_not_run(tmp_path: Path) -> None:
    pages = _small_site(tmp_path)
    calls = tmp_path.parent / f"{tmp_path.name}-calls.txt"
    # Instead of Pagefind: note the output folder and fail.
    fake = (
        "import sys; out = sys.argv[sys.argv.index('--output-path') + 1]; "
        f"open({str(calls)!r}, 'a').write(out + '\\n'); print('Error: no room'); sys.exit(3)"
    )
    with pytest.raises(SearchIndexError) as failure:
        index(tmp_path, "en", pages, max_pages=1, command=[sys.executable, "-c", fake])
    message = str(failure.value)
    assert "the search index of en could not be built" in message and "exit status 3" in message and "no room" in message
    # The first part failed: no part after it ran.
    assert [line.rstrip("/").rsplit("/", 1)[-1] for line in calls.read_text().splitlines()] == ["en"]
    assert not (tmp_path / "pagefind/en" / search.MANIFEST).exists()


def test_a_pagefind_run_that_takes_too_long_is_stopped(tmp_path: Path, monkeypatch) -> None:
    pages = _small_site(tmp_path)
    pid_file = tmp_path.parent / f"{tmp_path.name}-pagefind.pid"
    monkeypatch.setattr(search, "TIMEOUT", 2)
    sleeper = [sys.executable, "-c", f"import os, time; open({str(pid_file)!r}, 'w').write(str(os.getpid())); time.sleep(60)"]
    with pytest.raises(SearchIndexError, match="Pagefind took more than 2 s on en"):
        index(tmp_path, "en", pages, command=sleeper)
    assert not process_alive(int(pid_file.read_text()))


def test_background_failures_are_reported_together_at_the_end(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text('<html lang="en"><body><div data-pagefind-body>Hello world</div></body></html>')
    (tmp_path / "pl").mkdir()
    (tmp_path / "pl/index.html").write_text('<html lang="pl"><body><div data-pagefind-body><p data-pagefind-ignore="all">nic</p></div></body></html>')
    indexer = SearchIndexer(tmp_path, find_pagefind())
    indexer.add("en", ["index.html"])
    indexer.add("pl", ["pl/index.html"])
    indexer.add("cs", [])  # no page at all
    with pytest.raises(SearchIndexError) as info:
        indexer.finish()
    message = str(info.value)
    assert "search index of pl, cs could not be built" in message
    assert "not able to build an index" in message and "nothing to index in cs" in message
    assert search.page_counts(tmp_path / "pagefind/en") == {"en": 1}  # the others are still done


# -- in the browser -------------------------------------------------------------


@pytest.mark.parametrize("lang", ["pl", "cs", "sl", "nb", "en"])
def test_each_language_finds_its_own_pages(page: Page, served_site: str, lang: str) -> None:
    word, practice = ONLY_IN[lang]
    page.goto(f"{served_site}/{PREFIX[lang]}search/")
    hrefs = search_for(page, word)
    assert f"/{PREFIX[lang]}practices/{practice}/" in hrefs
    for href in hrefs:
        if lang == "en":
            assert not OTHER_PREFIXES.match(href), href
        else:
            assert href.startswith(f"/{lang}/"), href


def _folded_names() -> list[tuple[str, str]]:
    """(a name as typed without diacritics, the practice it must find): each example municipality, and names with
    letters Unicode does not decompose (ł, ø) or that it does (ś, ž, ý)."""
    from goodpractices import Vocabularies, load_practices
    from goodpractices.site import fold

    practices = load_practices(ROOT / "practices", LANGS, Vocabularies(), display_base=ROOT).practices
    found = [(max(fold(p.municipality).split(), key=len), slug) for slug, p in practices.items() if p.municipality]
    found += [("Swietochlowicach", "swietochlowice-exam-support"), ("Innkjopssamarbeidet", "joint-school-procurement"), ("slaskie", "swietochlowice-exam-support"), ("Moravskoslezsky", "cz-collegial-support-network")]
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_place_and_organisation_names_are_found_typed_without_diacritics(page: Page, served_site: str, lang: str) -> None:
    page.goto(f"{served_site}/{PREFIX[lang]}search/")
    for query, slug in _folded_names():
        # every practice is in every language's index, whatever language its text is in
        assert f"/{PREFIX[lang]}practices/{slug}/" in search_for(page, query), (lang, query)


def test_a_polish_word_is_not_found_on_the_english_search(page: Page, served_site: str) -> None:
    page.goto(f"{served_site}/search/")
    hrefs = search_for(page, "ósmoklasisty")
    assert "/pl/practices/swietochlowice-exam-support/" not in hrefs
    assert not [href for href in hrefs if OTHER_PREFIXES.match(href)]


def test_polish_result_leads_to_the_practice(page: Page, served_site: str) -> None:
    page.goto(f"{served_site}/pl/search/")
    search_for(page, "ósmoklasisty")
    page.locator(PAGE_LINK).first.click()
    expect(page).to_have_url(re.compile(r"/pl/practices/swietochlowice-exam-support/$"))
    expect(page.locator("h1")).to_contain_text("Świętochłowicach")


def test_search_interface_speaks_the_page_language(page: Page, served_site: str, vocab) -> None:
    page.goto(f"{served_site}/pl/search/")
    box = page.locator("#gp-search .pagefind-ui__search-input")
    expect(box).to_have_attribute("placeholder", "Szukaj")
    expect(page.locator("#gp-search .pagefind-ui__search-clear")).to_have_text("Wyczyść")
    search_for(page, "harmonogram")
    expect(page.locator("#gp-search .pagefind-ui__message")).to_have_text(re.compile(r"^Wyniki dla: harmonogram \(\d+\)$"))
    expect(page.locator("#gp-search .pagefind-ui__filter-panel-label")).to_have_text(vocab.t("search.ui.filters_label", "pl"))
    assert len(page.locator("#gp-search .pagefind-ui__search-input").all()) == 1  # initialised once

    # Slovenian: Pagefind has no strings of its own, ours are used.
    page.goto(f"{served_site}/sl/search/")
    expect(page.locator("#gp-search .pagefind-ui__search-input")).to_have_attribute("placeholder", "Išči")
    search_for(page, "xqzwv")
    expect(page.locator("#gp-search .pagefind-ui__message")).to_have_text("Ni rezultatov za: xqzwv")


def test_category_filter_narrows_the_results(page: Page, served_site: str, vocab) -> None:
    page.goto(f"{served_site}/pl/search/")
    hrefs = search_for(page, "harmonogram")
    assert {"/pl/practices/swietochlowice-exam-support/", "/pl/practices/shared-services-centre-schools/"} <= set(hrefs)
    category = vocab.t("field.category", "pl")
    name = page.locator(".pagefind-ui__filter-name", has_text=category)
    group = page.locator("#gp-search .pagefind-ui__filter-block", has=name)
    expect(group).to_have_attribute("open", "")  # the category filter is open from the start
    for name in ("field.country", "field.topics", "field.stage", "field.education_levels", "field.level_of_government"):
        exact = re.compile(f"^{re.escape(vocab.t(name, 'pl'))}$")
        expect(page.locator("#gp-search .pagefind-ui__filter-name", has_text=exact)).to_be_visible()
    label = vocab["category"].label("spending-rationalisation", "pl")
    group.locator(".pagefind-ui__filter-label", has_text=label).click()
    results = page.locator(PAGE_LINK)
    expect(results).to_have_count(1)
    expect(results).to_have_attribute("href", "/pl/practices/shared-services-centre-schools/")


def test_search_works_under_a_base_path(page: Page, example_site: Path, tmp_path: Path) -> None:
    (tmp_path / "sub").symlink_to(example_site, target_is_directory=True)

    with serve_folder(tmp_path) as base:
        page.goto(f"{base}/sub/pl/search/")
        hrefs = search_for(page, "ósmoklasisty")
        assert "/sub/pl/practices/swietochlowice-exam-support/" in hrefs


def test_a_language_indexed_in_parts_is_searched_whole(page: Page, example_site: Path, tmp_path: Path, vocab) -> None:
    """Pagefind's memory grows with the pages of a run: a large language is indexed in parts, merged in the browser."""
    site = tmp_path / "site"
    shutil.copytree(example_site, site)
    pages = pages_to_index(site, "pl")
    assert index(site, "pl", pages, max_pages=2) == len(pages)
    manifest = json.loads((site / "pagefind/pl" / search.MANIFEST).read_text(encoding="utf-8"))
    parts = -(-len(pages) // 2)
    assert manifest == {"merge": [f"part-{n}/" for n in range(2, parts + 1)]}
    assert not (site / "pagefind/pl/part-2/pagefind-ui.js").exists()  # a part is only an index

    with serve_folder(site) as base:
        page.goto(f"{base}/pl/search/")
        hrefs = search_for(page, "harmonogram")
        # Two practices found, from different parts.
        assert {"/pl/practices/swietochlowice-exam-support/", "/pl/practices/shared-services-centre-schools/"} <= set(hrefs)
        parts_found = {n for n, part in enumerate(search.split(pages, 2)) for href in hrefs for p in part if p == href.lstrip("/") + "index.html"}
        assert len(parts_found) >= 2, parts_found
        # The filters of all the parts, merged.
        category = vocab.t("field.category", "pl")
        group = page.locator("#gp-search .pagefind-ui__filter-block", has=page.locator(".pagefind-ui__filter-name", has_text=category))
        group.locator(".pagefind-ui__filter-label", has_text=vocab["category"].label("spending-rationalisation", "pl")).click()
        results = page.locator(PAGE_LINK)
        expect(results).to_have_count(1)
        expect(results).to_have_attribute("href", "/pl/practices/shared-services-centre-schools/")


# -- with Material's instant navigation -------------------------------------------


@pytest.fixture(scope="module")
def instant_site(example_site: Path, tmp_path_factory) -> Path:
    """The example site with Material's `navigation.instant` feature turned on.

    The feature only changes the configuration that Material's script reads from each page
    (no template uses it), so the built site is copied with the flag added there.
    """
    site = tmp_path_factory.mktemp("instant") / "site"
    shutil.copytree(example_site, site)
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        flagged = text.replace('"features": [', '"features": ["navigation.instant", ', 1)
        assert flagged != text or "__config" not in text, page
        page.write_text(flagged, encoding="utf-8")
    return site


def test_search_survives_instant_navigation(browser, instant_site: Path) -> None:
    """Material navigates instantly only within its sitemap's origin: serve the site at its site_url."""
    origin = "https://goodpractices.example.org"

    def serve(route) -> None:
        path = instant_site / unquote(urlsplit(route.request.url).path).lstrip("/")
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            route.fulfill(status=404, body="")
            return
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        route.fulfill(status=200, body=path.read_bytes(), headers={"content-type": content_type})

    context = browser.new_context()
    context.route(f"{origin}/**", serve)
    context.route(re.compile(r"^https://(?!goodpractices\.example\.org/)"), lambda route: route.abort())
    try:
        page = context.new_page()
        page.goto(f"{origin}/pl/")
        page.wait_for_load_state("networkidle")  # Material has its sitemap: links now navigate instantly
        page.evaluate("window.gpSamePage = true")
        page.locator("nav.md-nav--primary a[href$='search/']").first.click()
        expect(page).to_have_url(f"{origin}/pl/search/")
        assert page.evaluate("window.gpSamePage") is True, "not an instant navigation"
        assert "/pl/practices/swietochlowice-exam-support/" in search_for(page, "ósmoklasisty")

        # To a practice and back: the search page is set up again, once.
        page.locator(PAGE_LINK).first.click()
        expect(page.locator("article.gp-practice")).to_be_visible()
        page.go_back()
        assert "/pl/practices/shared-services-centre-schools/" in search_for(page, "harmonogram")
        expect(page.locator("#gp-search .pagefind-ui__search-input")).to_have_count(1)

        # Instantly to the English search page: English interface and index, though <html lang> is not updated by Material.
        page.evaluate("""() => {
            const a = document.createElement('a');
            a.id = 'gp-to-en'; a.textContent = 'en'; a.href = new URL('../../search/', location.href).href;
            document.querySelector('.md-content').append(a);
        }""")
        page.locator("#gp-to-en").click()
        english = page.locator("#gp-search[data-gp-lang='en'] .pagefind-ui__search-input")
        expect(english).to_have_attribute("placeholder", "Search")
        assert page.evaluate("window.gpSamePage") is True, "not an instant navigation"
        hrefs = search_for(page, "ósmoklasisty")
        assert hrefs and not [href for href in hrefs if OTHER_PREFIXES.match(href)]
        assert "/practices/ruse-formative-assessment/" in search_for(page, "Glazer")
    finally:
        context.close()


def test_search_box_has_a_label_in_the_page_language(page, served_site, vocab) -> None:
    page.goto(f"{served_site}/cs/search/")
    box = page.locator(".pagefind-ui__search-input")
    from playwright.sync_api import expect

    expect(box).to_have_attribute("aria-label", vocab.t("search.ui.search_label", "cs"))


def test_a_page_marked_after_the_index_started_is_indexed_too(tmp_path: Path) -> None:
    """A page of a site's own template that carries the mark is indexed too: what the build wrote decides, not a list of kinds."""
    config = SITE_CONFIG.replace("theme:\n  name: material", "theme:\n  name: material\n  custom_dir: overrides")
    assert config != SITE_CONFIG
    project = make_project(tmp_path / "project", {"demo/pl.md": source("valid-pl.md"), "demo/en.md": source("valid-en.md")}, config=config)
    (project / "overrides").mkdir()
    (project / "overrides/practice-stats.html").write_text(
        '{% extends "main.html" %}\n{% block content %}<div data-pagefind-body><h1>Stats</h1><p>zyxwvutsr statistics</p></div>{% endblock %}\n', encoding="utf-8"
    )
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    for lang in LANGS:
        pages = pages_to_index(project / "site", lang)
        assert f"{PREFIX[lang]}statistics/index.html" in pages
        assert search.language_page_counts(project / "site", lang) == len(pages), lang


def _fake_npm_pagefind(root: Path) -> Path:
    """A Pagefind 'binary' where npm puts this platform's package under `root`."""
    folder = root / "node_modules/@pagefind/linux-x64/bin"
    folder.mkdir(parents=True)
    binary = folder / "pagefind_extended"
    binary.write_text("#!/bin/sh\n")
    binary.chmod(0o755)
    return binary


@pytest.mark.skipif(not (sys.platform == "linux" and os.uname().machine == "x86_64"), reason="the npm package's folder is named for linux-x64 here")
def test_pagefind_is_found_in_the_site_node_modules_first_then_the_project_then_pip(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("PAGEFIND_BINARY_PATH", raising=False)
    site, project = tmp_path / "site", tmp_path / "project"
    in_project = _fake_npm_pagefind(project)
    monkeypatch.setattr(search, "PROJECT", project)
    assert find_pagefind(site) == [str(in_project)]
    in_site = _fake_npm_pagefind(site)
    assert find_pagefind(site) == [str(in_site)]
    in_site.chmod(0o644)  # not executable: not used
    assert find_pagefind(site) == [str(in_project)]
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "elsewhere"))  # Pagefind's own setting wins
    assert find_pagefind(site) == [str(tmp_path / "elsewhere")]
    monkeypatch.delenv("PAGEFIND_BINARY_PATH")
    monkeypatch.setattr(search, "PROJECT", tmp_path / "nothing")
    pip = find_pagefind(tmp_path / "nothing")
    assert "node_modules" not in pip[0] and ("pagefind_bin" in pip[0] or pip[1:] == ["-m", "pagefind"])


# -- a large language, indexed in parts ------------------------------------------


@pytest.mark.parametrize("value", ["0", "-5", "many"])
def test_search_run_pages_must_be_a_positive_number(tmp_path: Path, value: str) -> None:
    config = SITE_CONFIG.replace("  - practices\n", f"  - practices:\n      search_run_pages: {value}\n")
    project = make_project(tmp_path / "project", {"demo/pl.md": source("valid-pl.md")}, config=config)
    result = mkdocs(project, "build")
    assert result.returncode != 0
    assert "option 'search_run_pages'" in result.stderr and "Traceback" not in result.stderr, result.stderr


def test_a_language_indexed_in_parts_by_a_build_is_searched_whole(page: Page, tmp_path: Path) -> None:
    """In Chromium: the parts a build indexed are merged by the search page, every practice found."""
    practices = {f"demo-{n:02d}/{lang}.md": source(f"valid-{lang}.md") for n in range(9) for lang in ("pl", "en")}
    config = SITE_CONFIG.replace("  - practices\n", "  - practices:\n      search_run_pages: 5\n")
    project = make_project(tmp_path / "project", practices, config=config)
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    site = project / "site"
    manifest = json.loads((site / "pagefind/en" / search.MANIFEST).read_text(encoding="utf-8"))
    assert len(manifest["merge"]) >= 2
    with serve_folder(site) as base:
        page.goto(f"{base}/search/")
        search_for(page, "monthly")
        expect(page.locator("#gp-search .pagefind-ui__message")).to_contain_text("9 ")
        load_more = page.locator("#gp-search .pagefind-ui__button")
        while load_more.count():
            load_more.click()
        expect(page.locator(PAGE_LINK)).to_have_count(9)
        hrefs = page.locator(PAGE_LINK).evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert sorted(hrefs) == [f"/practices/demo-{n:02d}/" for n in range(9)]
