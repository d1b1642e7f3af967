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
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import LANGS, SITE_CONFIG, make_project, mkdocs, serve_folder, source
from htmlutil import elements
from mkdocs.exceptions import PluginError
from playwright.sync_api import Page, expect

from goodpractices import SiteLayout
from goodpractices_mkdocs import pagefind_stage, search

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
    layout = SiteLayout(tuple(LANGS), "en", ("en",))
    listed = {lang: search.pages_to_index(example_site, layout, lang) for lang in LANGS}
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
    assert search._glob(["a/b c/index.html", "x,{y}[z]/é.html"]) == "{a/b c/index.html,x??y??z?/é.html}"


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
    with pytest.raises(PluginError) as info:
        search.index_site(tmp_path, SiteLayout(("en",), "en", ("en",)))
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


_LIST_SITE = (
    "import json, pathlib; site = pathlib.Path(json.load(open('pagefind.json'))['site']); "
    "print(json.dumps({'site': str(site), 'glob': json.load(open('pagefind.json')).get('glob'), "
    "'files': sorted(p.relative_to(site).as_posix() for p in site.rglob('*.html')), "
    "'inodes': {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob('*.html')}}))"
)


@pytest.mark.parametrize("links", [True, False], ids=["linked", "no-links"])
def test_pagefind_is_given_exactly_the_pages(tmp_path: Path, monkeypatch, capfd, links: bool) -> None:
    """The pages are linked into a folder of their own that Pagefind walks; without hard links, the whole site and a glob."""
    pages = _small_site(tmp_path)
    stage = tmp_path / f"{search.STAGE_PREFIX}test"
    stage.mkdir()
    spec = tmp_path / "work/spec.json"
    spec.parent.mkdir()
    # Instead of Pagefind, a command that prints the folder it would read and its files.
    spec.write_text(json.dumps({"site": str(tmp_path), "stage": str(stage), "pages": pages, "glob": search._glob(pages), "config": {"quiet": True}, "command": [sys.executable, "-c", _LIST_SITE]}))
    if not links:
        def no_link(src, dst):
            raise OSError(1, "Operation not permitted")

        monkeypatch.setattr(pagefind_stage.os, "link", no_link)
    assert pagefind_stage.main(["pagefind_stage.py", str(spec)]) == 0
    seen = json.loads(capfd.readouterr().out)
    if links:
        assert seen["site"] == str(stage) and seen["glob"] is None
        assert seen["files"] == pages  # only these: not practices/xy/
        assert seen["inodes"] == {page: (tmp_path / page).stat().st_ino for page in pages}  # links, not copies
    else:
        assert seen["site"] == str(tmp_path) and seen["glob"] == search._glob(pages)
    assert not stage.exists()  # removed once Pagefind is done


def test_pagefind_indexes_the_pages_given_at_their_own_addresses(tmp_path: Path) -> None:
    pages = _small_site(tmp_path)
    assert search.run_pagefind(tmp_path, "en", pages, tmp_path / "pagefind/en") == 3
    fragments = [json.loads(gzip.decompress(path.read_bytes())[len("pagefind_dcd"):]) for path in (tmp_path / "pagefind/en/fragment").iterdir()]
    # Pagefind 1.6 percent-encodes the addresses (1.5 did not).
    assert sorted(unquote(f["url"]) for f in fragments) == ["/", "/practices/a b/", "/practices/x,{y}/"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(search.STAGE_PREFIX)]  # nothing left in the site


def test_no_staging_folder_is_left_when_pagefind_fails(tmp_path: Path, monkeypatch) -> None:
    pages = _small_site(tmp_path)
    monkeypatch.setattr(search, "_pagefind_command", lambda: [sys.executable, "-c", "import sys; sys.exit(3)"])
    with pytest.raises(PluginError, match="exit status 3"):
        search.run_pagefind(tmp_path, "en", pages, tmp_path / "pagefind/en")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(search.STAGE_PREFIX)]


def test_a_language_in_parts_is_indexed_part_after_part(tmp_path: Path, monkeypatch) -> None:
    """Each part's run is started while the one before is indexed; a failure stops the next one before its Pagefind starts."""
    pages = _small_site(tmp_path)
    layout = SiteLayout(("en",), "en", ("en",))
    assert search.index_language(tmp_path, layout, "en", max_pages=1, pages=pages) == 3
    assert json.loads((tmp_path / "pagefind/en" / search.MANIFEST).read_text()) == {"merge": ["part-2/", "part-3/"]}
    assert search.language_page_counts(tmp_path, "en") == 3
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(search.STAGE_PREFIX)]
    # Within a build, the folders stay until it ends (removing them mid-build slows the files created after).
    assert search.index_language(tmp_path, layout, "en", max_pages=1, pages=pages, keep_stages=True) == 3
    assert len([p for p in tmp_path.iterdir() if p.name.startswith(search.STAGE_PREFIX)]) == 3
    search.remove_stages(tmp_path)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(search.STAGE_PREFIX)]
    # Pagefind fails on the first part: the second part's runner is stopped, its folder removed.
    calls = tmp_path.parent / f"{tmp_path.name}-calls"
    monkeypatch.setattr(search, "_pagefind_command", lambda: [sys.executable, "-c", f"open({str(calls)!r}, 'a').write('run\\n'); raise SystemExit(3)"])
    with pytest.raises(PluginError, match="exit status 3"):
        search.index_language(tmp_path, layout, "en", max_pages=1, pages=pages)
    assert calls.read_text() == "run\n"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(search.STAGE_PREFIX)]


def test_a_pagefind_run_that_takes_too_long_is_stopped_with_its_runner(tmp_path: Path, monkeypatch) -> None:
    pages = _small_site(tmp_path)
    pid_file = tmp_path.parent / f"{tmp_path.name}-pagefind.pid"
    monkeypatch.setattr(search, "TIMEOUT", 2)
    monkeypatch.setattr(search, "_pagefind_command", lambda: [sys.executable, "-c", f"import os, time; open({str(pid_file)!r}, 'w').write(str(os.getpid())); time.sleep(60)"])
    with pytest.raises(PluginError, match="could not build the search index of en"):
        search.run_pagefind(tmp_path, "en", pages, tmp_path / "pagefind/en")
    pid = int(pid_file.read_text())
    for _ in range(50):  # "Pagefind" (the sleeping child of the runner) was stopped too
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        pytest.fail(f"process {pid} still runs")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(search.STAGE_PREFIX)]


def test_background_failures_are_reported_together_at_the_end(tmp_path: Path) -> None:
    layout = SiteLayout(("en", "pl", "cs"), "en", ("en",))
    (tmp_path / "index.html").write_text('<html lang="en"><body><div data-pagefind-body>Hello world</div></body></html>')
    (tmp_path / "pl").mkdir()
    (tmp_path / "pl/index.html").write_text('<html lang="pl"><body><div data-pagefind-body><p data-pagefind-ignore="all">nic</p></div></body></html>')
    indexer = search.Indexer.language_built(None, tmp_path, layout, "pl")  # en and pl started
    assert indexer.started == ["en", "pl"]
    with pytest.raises(PluginError) as info:
        indexer.finish()  # cs too, which has no page at all
    message = str(info.value)
    assert "search index of pl, cs could not be built" in message
    assert "not able to build an index" in message and "nothing to index in cs" in message
    assert search.page_counts(tmp_path / "pagefind/en") == {"en": 1}  # the others are still done
    # The folders of linked pages were kept until the end of the build, then removed.
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(search.STAGE_PREFIX)]


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
    layout = SiteLayout(tuple(LANGS), "en", ("en",))
    pages = search.pages_to_index(site, layout, "pl")
    assert search.index_language(site, layout, "pl", max_pages=2) == len(pages)
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
    """Pagefind starts on a language once its practice and search pages are written; a later page that carries the mark (a site's template) makes it index the language again."""
    config = SITE_CONFIG.replace("theme:\n  name: material", "theme:\n  name: material\n  custom_dir: overrides")
    assert config != SITE_CONFIG
    project = make_project(tmp_path / "project", {"demo/pl.md": source("valid-pl.md"), "demo/en.md": source("valid-en.md")}, config=config)
    (project / "overrides").mkdir()
    (project / "overrides/practice-stats.html").write_text(
        '{% extends "main.html" %}\n{% block content %}<div data-pagefind-body><h1>Stats</h1><p>zyxwvutsr statistics</p></div>{% endblock %}\n', encoding="utf-8"
    )
    result = mkdocs(project, "build", "--strict", "-v")
    assert result.returncode == 0, result.stderr
    assert "more page(s) of pl to index than when its index started" in result.stderr
    layout = SiteLayout(tuple(LANGS), "en", ("en",))
    for lang in LANGS:
        pages = search.pages_to_index(project / "site", layout, lang)
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
    monkeypatch.setattr(search, "_BINARIES", {})
    monkeypatch.setattr(search, "_roots", search._roots)  # put back after the test
    site, project = tmp_path / "site", tmp_path / "project"
    in_project = _fake_npm_pagefind(project)
    monkeypatch.setattr(search, "PROJECT", project)
    search.look_in(site)
    assert search._pagefind_command() == [str(in_project.resolve())]
    in_site = _fake_npm_pagefind(site)
    search._BINARIES.clear()
    assert search._pagefind_command() == [str(in_site.resolve())]
    in_site.chmod(0o644)  # not executable: not used
    search._BINARIES.clear()
    assert search._pagefind_command() == [str(in_project.resolve())]
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "elsewhere"))  # Pagefind's own setting wins
    search._BINARIES.clear()
    assert search._pagefind_command() == [str(tmp_path / "elsewhere")]
    monkeypatch.delenv("PAGEFIND_BINARY_PATH")
    monkeypatch.setattr(search, "PROJECT", tmp_path / "nothing")
    search.look_in(tmp_path / "nothing")
    search._BINARIES.clear()
    pip = search._pagefind_command()
    assert "node_modules" not in pip[0] and ("pagefind_bin" in pip[0] or pip[1:] == ["-m", "pagefind"])


# -- a large language, indexed part by part while it is built -----------------------


def test_plan_parts_deals_the_practice_pages_to_parts_that_fit_one_run() -> None:
    pages = [f"practices/p{n:02d}/index.html" for n in range(10)]
    assert search.plan_parts(pages, others=2, max_pages=12) is None  # one run takes them all
    assert search.plan_parts(pages, others=5, max_pages=5) is None  # the other pages alone fill a run
    assert search.plan_parts([], others=1, max_pages=5) is None
    groups = search.plan_parts(pages, others=2, max_pages=5)
    assert groups is not None
    # In turn, as split() deals them: each part a sample of the whole; each fits one run with the other pages.
    assert groups == [pages[i :: len(groups)] for i in range(len(groups))]
    assert all(len(group) + 2 <= 5 for group in groups)
    assert len(groups) == 4  # three would leave a group of four beside the two other pages
    # Long paths: the glob of a run stays within Pagefind's limit.
    long = [f"practices/{'x' * 400}-{n:04d}/index.html" for n in range(900)]
    groups = search.plan_parts(long, others=1, max_pages=1000)
    assert groups is not None and all(sum(len(p) + 1 for p in group) + 200 <= search.MAX_GLOB for group in groups)


def _fragment_urls(bundle: Path) -> set[str]:
    """The addresses of the pages a Pagefind bundle holds (its fragments: gzip, "pagefind_dcd" and JSON)."""
    urls = set()
    for fragment in (bundle / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        urls.add(json.loads(data[len(b"pagefind_dcd") :])["url"])
    return urls


@pytest.mark.parametrize("marked_later", [False, True])
def test_a_large_language_is_indexed_part_by_part_as_it_is_written(tmp_path: Path, marked_later: bool) -> None:
    """Above `search_run_pages`, a language's practice pages are written part after part, and each part is indexed
    while the rest is built; the parts together hold every page once. A page marked after its part started (a
    site's template) makes the language be indexed again whole."""
    practices = {f"demo-{n:02d}/{lang}.md": source(f"valid-{lang}.md") for n in range(9) for lang in ("pl", "en")}
    config = SITE_CONFIG.replace("  - practices\n", "  - practices:\n      search_run_pages: 5\n")
    if marked_later:
        config = config.replace("theme:\n  name: material", "theme:\n  name: material\n  custom_dir: overrides")
    project = make_project(tmp_path / "project", practices, config=config)
    if marked_later:
        (project / "overrides").mkdir()
        (project / "overrides/practice-stats.html").write_text(
            '{% extends "main.html" %}\n{% block content %}<div data-pagefind-body><h1>Stats</h1><p>zyxwvutsr</p></div>{% endblock %}\n', encoding="utf-8"
        )
    result = mkdocs(project, "build", "--strict", "-v")
    assert result.returncode == 0, result.stderr
    site = project / "site"
    layout = SiteLayout(tuple(LANGS), "en", ("en",))
    pages = search.pages_to_index(site, layout, "en")
    practice_pages = [p for p in pages if p.startswith("practices/")]
    assert len(practice_pages) == 9
    started = re.findall(r"(\d+) page\(s\) of en written: indexing them as a part", result.stderr)
    assert len(started) >= 3, result.stderr
    assert sum(map(int, started)) == len(pages) + (0 if not marked_later else -1)
    manifest = json.loads((site / "pagefind/en" / search.MANIFEST).read_text(encoding="utf-8"))
    bundles = [site / "pagefind/en", *(site / "pagefind/en" / rel for rel in manifest["merge"])]
    held = [_fragment_urls(bundle) for bundle in bundles]
    assert sum(map(len, held)) == len(pages) == search.language_page_counts(site, "en")
    assert set().union(*held) == {"/" + p.removesuffix("index.html") for p in pages}
    assert all(len(urls) <= 5 for urls in held)
    if marked_later:
        assert "more page(s) of en to index than its parts hold; indexing it again" in result.stderr
        assert "statistics/index.html" in pages
    else:
        # The practice pages of each part: dealt in turn from the catalogue's order, so each part is a sample.
        groups = search.plan_parts(practice_pages, others=len(pages) - len(practice_pages), max_pages=5) or []
        assert len(groups) == len(bundles)
        assert [{u for u in urls if u.startswith("/practices/")} for urls in held] == [{"/" + p.removesuffix("index.html") for p in g} for g in groups]
    assert search.language_page_counts(site, "pl") == len(search.pages_to_index(site, layout, "pl"))
    # A language with fewer pages fits one run.
    assert json.loads((site / "pagefind/cs" / search.MANIFEST).read_text(encoding="utf-8")) == {"merge": []}


@pytest.mark.skipif(not hasattr(os, "nice"), reason="POSIX priorities")
def test_pagefind_runs_a_little_below_the_build(tmp_path: Path, monkeypatch) -> None:
    """Pagefind runs `search.NICE` steps below the build, in its own session; where Linux groups sessions (autogroup), the session itself is put below."""
    pages = _small_site(tmp_path)
    seen = tmp_path.parent / f"{tmp_path.name}-priority.json"
    probe = (
        "import json, os\n"
        "try:\n    group = open('/proc/self/autogroup').read()\nexcept OSError:\n    group = None\n"
        f"json.dump({{'nice': os.nice(0), 'session': os.getsid(0), 'pid': os.getpid(), 'group': group}}, open({str(seen)!r}, 'w'))\n"
        "raise SystemExit(3)\n"
    )
    monkeypatch.setattr(search, "_pagefind_command", lambda: [sys.executable, "-c", probe])
    with pytest.raises(PluginError, match="exit status 3"):
        search.run_pagefind(tmp_path, "en", pages, tmp_path / "pagefind/en")
    got = json.loads(seen.read_text())
    assert search.NICE > 0
    assert got["nice"] == min(19, os.nice(0) + search.NICE)
    assert got["session"] != os.getsid(0)  # stopped with its runner (killpg) on a timeout
    if got["group"] is not None and Path("/proc/sys/kernel/sched_autogroup_enabled").read_text().strip() == "1":
        assert got["group"].split()[-2:] == ["nice", str(search.NICE)], got["group"]


def test_stage_folders_of_finished_runs_are_removed_and_those_of_running_ones_kept(tmp_path: Path) -> None:
    """Once every page is written (Indexer.finish), the stage folders left so far are removed while the last runs go on."""
    done = tmp_path / f"{search.STAGE_PREFIX}done"
    (done / "practices/a").mkdir(parents=True)
    (done / "practices/a/index.html").write_text("x", encoding="utf-8")
    running = tmp_path / f"{search.STAGE_PREFIX}running"
    running.mkdir()
    other = tmp_path / "practices"
    other.mkdir()
    search._ACTIVE_STAGES.add(str(running))
    try:
        search.remove_stages(tmp_path, finished_only=True)
        assert not done.exists() and running.is_dir() and other.is_dir()
    finally:
        search._ACTIVE_STAGES.discard(str(running))
    search.remove_stages(tmp_path)
    assert not running.exists() and other.is_dir()


def _fake_pagefind(monkeypatch, before: str = "") -> None:
    """Pagefind replaced by a script that runs `before` (Python; `config` is its pagefind.json) and writes a bundle of one page."""
    script = (
        "import json, os, sys, time\n"
        "config = json.load(open('pagefind.json'))\n"
        + before
        + "os.makedirs(config['output_path'], exist_ok=True)\n"
        "json.dump({'languages': {config['force_language']: {'page_count': 1}}}, open(os.path.join(config['output_path'], 'pagefind-entry.json'), 'w'))\n"
    )
    monkeypatch.setattr(search, "_pagefind_command", lambda: [sys.executable, "-c", script])


def test_the_build_collects_its_garbage_while_the_last_runs_index_and_not_after(tmp_path: Path, monkeypatch) -> None:
    """Indexer.finish(while_waiting=...) calls it only when a run is left to wait for."""
    pages = _small_site(tmp_path)
    _fake_pagefind(monkeypatch, "time.sleep(float(os.environ.get('GP_TEST_PAGEFIND_SLEEP', '0')))\n")
    layout = SiteLayout(("en",), "en", ("en",))
    calls: list[str] = []
    # A run still going when the build is done.
    monkeypatch.setenv("GP_TEST_PAGEFIND_SLEEP", "1.5")
    indexer = search.Indexer(tmp_path, layout)
    indexer.start("en", pages)
    indexer.finish(while_waiting=lambda: calls.append("collected"))
    assert calls == ["collected"]
    assert search.language_page_counts(tmp_path, "en") == 1
    # Every run done before: nothing to wait for, nothing called.
    monkeypatch.setenv("GP_TEST_PAGEFIND_SLEEP", "0")
    indexer = search.Indexer(tmp_path, layout)
    indexer.start("en", pages)
    deadline = time.monotonic() + 60
    while indexer._unfinished and time.monotonic() < deadline:
        time.sleep(0.05)
    indexer.finish(while_waiting=lambda: calls.append("again"))
    assert calls == ["collected"]


def test_the_next_parts_runner_links_its_pages_while_pagefind_indexes_the_current_one(tmp_path: Path, monkeypatch) -> None:
    """Parts indexed as they are written: each part's runner is started while the part before it is indexed."""
    pages = _small_site(tmp_path)
    log = tmp_path.parent / f"{tmp_path.name}-stages.txt"
    _fake_pagefind(
        monkeypatch,
        "site = os.path.dirname(config['site'])\n"
        f"stages = sorted(n for n in os.listdir(site) if n.startswith({search.STAGE_PREFIX!r}))\n"
        f"open({str(log)!r}, 'a').write(os.path.basename(config['site']) + ' ' + ' '.join(stages) + '\\n')\n",
    )
    layout = SiteLayout(("en",), "en", ("en",))
    begin = search.Indexer._begin
    monkeypatch.setattr(search.Indexer, "_begin", lambda self: None)  # every part written before the thread starts
    indexer = None
    for page in pages:
        indexer = search.Indexer.part_written(indexer, tmp_path, layout, "en", [page])
    assert indexer is not None
    indexer.parts_done("en", pages)
    begin(indexer)
    indexer.finish()
    runs = [line.split() for line in log.read_text().splitlines()]
    assert len(runs) == 3
    for n, (own, *present) in enumerate(runs):
        assert own in present
        if n < 2:
            # the next part's folder is there already: its runner was started before this part's Pagefind
            assert runs[n + 1][0] in present, runs
    assert json.loads((tmp_path / "pagefind/en" / search.MANIFEST).read_text()) == {"merge": ["part-2/", "part-3/"]}
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(search.STAGE_PREFIX)]


@pytest.mark.parametrize("value", ["0", "-5", "many"])
def test_search_run_pages_must_be_a_positive_number(tmp_path: Path, value: str) -> None:
    config = SITE_CONFIG.replace("  - practices\n", f"  - practices:\n      search_run_pages: {value}\n")
    project = make_project(tmp_path / "project", {"demo/pl.md": source("valid-pl.md")}, config=config)
    result = mkdocs(project, "build")
    assert result.returncode != 0
    assert "option 'search_run_pages'" in result.stderr and "Traceback" not in result.stderr, result.stderr


def test_a_failed_part_fails_its_language_by_name_and_the_parts_after_it_do_not_run(tmp_path: Path, monkeypatch) -> None:
    pages = _small_site(tmp_path)
    calls = tmp_path.parent / f"{tmp_path.name}-calls.txt"
    _fake_pagefind(
        monkeypatch,
        f"open({str(calls)!r}, 'a').write(config['output_path'] + '\\n')\n"
        "if config['output_path'].rstrip('/').endswith('part-2'):\n"
        "    print('Error: no room'); sys.exit(3)\n",
    )
    layout = SiteLayout(("en",), "en", ("en",))
    indexer = None
    for page in pages:
        indexer = search.Indexer.part_written(indexer, tmp_path, layout, "en", [page])
    assert indexer is not None
    indexer.parts_done("en", pages)
    with pytest.raises(PluginError) as failure:
        indexer.finish()
    message = str(failure.value)
    assert "the search index of en could not be built" in message and "exit status 3" in message and "no room" in message
    assert [line.rstrip("/").rsplit("/", 1)[-1] for line in calls.read_text().splitlines()] == ["en", "part-2"]  # part 3 never ran
    assert not (tmp_path / "pagefind/en" / search.MANIFEST).exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(search.STAGE_PREFIX)]


def test_a_language_indexed_part_by_part_during_the_build_is_searched_whole(page: Page, tmp_path: Path) -> None:
    """In Chromium: the parts a build indexed while it wrote them are merged by the search page, every practice found."""
    practices = {f"demo-{n:02d}/{lang}.md": source(f"valid-{lang}.md") for n in range(9) for lang in ("pl", "en")}
    config = SITE_CONFIG.replace("  - practices\n", "  - practices:\n      search_run_pages: 5\n")
    project = make_project(tmp_path / "project", practices, config=config)
    result = mkdocs(project, "build", "--strict", "-v")
    assert result.returncode == 0, result.stderr
    assert "indexing them as a part" in result.stderr
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
