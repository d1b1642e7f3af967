"""Printable compilations (issue 7): one page per category and language gathering its practices."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import escape

from conftest import LANGS, ROOT
from goodpractices import SiteLayout, load_practices
from goodpractices.compilation import build_compilation, compilation_path, relocate_body, relocate_url
from goodpractices.sanitize import clean_body
from goodpractices.site import sort_key
from htmlutil import resolve

LAYOUT = SiteLayout(LANGS, "en")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


# -- helpers -------------------------------------------------------------------


class _Outline(HTMLParser):
    """Start tags with their attributes, and whether each sits inside `.gp-compilation`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None], bool]] = []
        self._depth = 0  # open elements of .gp-compilation, 0 outside

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if self._depth == 0 and "gp-compilation" in (values.get("class") or "").split():
            self._depth = 1
            self.tags.append((tag, values, True))
            return
        self.tags.append((tag, values, self._depth > 0))
        if self._depth and tag not in VOID:
            self._depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self._depth and tag not in VOID:
            self._depth -= 1


def outline(html: str) -> _Outline:
    parser = _Outline()
    parser.feed(html)
    return parser


def inside(html: str, tag: str | None = None) -> list[dict[str, str | None]]:
    return [attrs for name, attrs, within in outline(html).tags if within and (tag is None or name == tag)]


def body_levels(html: str) -> list[int]:
    return [int(m) for m in re.findall(r"<h([1-6])\b", html)]


# -- core: relocating a body -------------------------------------------------------


def test_relative_links_and_images_point_into_the_practice_folder() -> None:
    body = clean_body(
        '<p><a href="timeline.csv">t</a> <img src="photo.jpg" alt="p"> <img src="img/map.png" alt="m">'
        ' <a href="files/report.pdf?x=1#page=2">r</a> <a href="./notes.txt">n</a></p>'
    )
    site_relative = relocate_body(body, slug="ski", layout=LAYOUT, page=None, id_prefix="practice-ski-")
    assert 'href="practices/ski/timeline.csv"' in site_relative
    assert 'src="practices/ski/photo.jpg"' in site_relative
    assert 'src="practices/ski/img/map.png"' in site_relative
    assert 'href="practices/ski/files/report.pdf?x=1#page=2"' in site_relative
    assert 'href="practices/ski/notes.txt"' in site_relative
    # On the compilation page itself, relative to it (what MkDocs' `url` filter would write).
    for lang, up in (("en", "../../"), ("pl", "../../../")):
        html = relocate_body(body, slug="ski", layout=LAYOUT, page=compilation_path(LAYOUT, lang, "development-plan"), id_prefix="practice-ski-")
        assert f'href="{up}practices/ski/timeline.csv"' in html
        assert f'src="{up}practices/ski/photo.jpg"' in html


def test_links_that_are_not_relative_are_left_alone() -> None:
    body = clean_body(
        '<p><a href="https://example.org/a?b=1&amp;c=2">x</a> <a href="mailto:a@example.org">m</a>'
        ' <a href="/absolute/path/">a</a> <a href="?q=1">q</a></p>'
    )
    html = relocate_body(body, slug="s", layout=LAYOUT, page="pl/print/c/", id_prefix="practice-s-")
    assert 'href="https://example.org/a?b=1&amp;c=2"' in html
    assert 'href="mailto:a@example.org"' in html
    assert 'href="/absolute/path/"' in html
    assert 'href="?q=1"' in html


def test_links_to_a_version_go_to_its_page() -> None:
    body = clean_body('<p><a href="en.md">en</a> <a href="../other/pl.md#costs">other</a></p>')
    html = relocate_body(body, slug="s", layout=LAYOUT, page=None, id_prefix="practice-s-")
    assert 'href="practices/s/"' in html
    assert 'href="pl/practices/other/#costs"' in html


def test_heading_ids_are_prefixed_and_anchors_follow() -> None:
    body = clean_body(
        '<p><a href="#results">see results</a></p>'
        '<h2 id="local-context">Local context<a class="headerlink" href="#local-context" title="Permanent link">¶</a></h2>'
        '<h2 id="results">Results</h2><p><a href="#missing">dangling</a> <a href="#">top</a></p>'
    )
    html = relocate_body(body, slug="ski", layout=LAYOUT, page=None, id_prefix="practice-ski-")
    assert 'id="practice-ski-local-context"' in html and 'href="#practice-ski-local-context"' in html
    assert 'id="practice-ski-results"' in html and 'href="#practice-ski-results"' in html  # link before its target
    assert 'href="#practice-ski-missing"' in html and 'href="#"' in html
    assert 'id="local-context"' not in html and 'id="results"' not in html


def test_ids_are_unique_across_practices_and_within_a_body() -> None:
    taken = {"practice-a", "practice-a-b"}  # the entry anchors come first
    first = relocate_body(clean_body('<h2 id="b">B</h2><h2 id="b-x">X</h2>'), slug="a", layout=LAYOUT, page=None, id_prefix="practice-a-", taken=taken)
    second = relocate_body(clean_body('<h2 id="x">X</h2><p><a href="#x">x</a></p>'), slug="a-b", layout=LAYOUT, page=None, id_prefix="practice-a-b-", taken=taken)
    ids = re.findall(r'id="([^"]+)"', first + second)
    assert len(ids) == len(set(ids)) == 3
    assert "practice-a-b" not in ids  # the entry anchor of practice a-b stays free
    assert set(ids) <= taken
    # the link of the second practice follows its own (renamed) heading
    target = re.search(r'<h3 id="([^"]+)">X</h3>', second).group(1)
    assert f'href="#{target}"' in second
    dup = relocate_body(clean_body('<h2 id="same">1</h2><h2 id="same">2</h2>'), slug="d", layout=LAYOUT, page=None, id_prefix="practice-d-")
    assert re.findall(r'id="([^"]+)"', dup) == ["practice-d-same", "practice-d-same-2"]


@pytest.mark.parametrize(
    ("body", "levels"),
    [
        ("<h2>a</h2><h3>b</h3><h4>c</h4>", [3, 4, 5]),  # Markdown sections (##) under the practice's h2
        ("<h1>a</h1><h2>b</h2>", [3, 4]),
        ("<h3>a</h3><h4>b</h4>", [3, 4]),  # already low enough: unchanged
        ("<h2>a</h2><h5>b</h5><h6>c</h6>", [3, 6, 6]),  # never below h6
        ("<p>no headings</p>", []),
    ],
)
def test_body_headings_are_demoted_below_the_practice_title(body: str, levels: list[int]) -> None:
    html = relocate_body(body, slug="s", layout=LAYOUT, page=None, id_prefix="practice-s-")
    assert body_levels(html) == levels
    assert len(re.findall(r"</h[1-6]>", html)) == len(levels)


def test_relocation_keeps_text_and_attributes_escaped() -> None:
    body = clean_body(
        '<p title="x">a &lt;script&gt;alert(1)&lt;/script&gt; &amp; b</p>'
        '<p><a href="f.csv" title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;">t</a></p>'
        '<pre><code>if a &lt; b &amp;&amp; c: pass</code></pre><img alt="a &quot;b&quot; &amp; c" src="p.jpg">'
    )
    html = relocate_body(body, slug="s", layout=LAYOUT, page=None, id_prefix="practice-s-")
    assert "<script" not in html
    assert "a &lt;script&gt;alert(1)&lt;/script&gt; &amp; b" in html
    assert 'title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"' in html
    assert "if a &lt; b &amp;&amp; c: pass" in html
    assert 'alt="a &quot;b&quot; &amp; c"' in html
    # Sanitising again changes nothing but what nh3 itself normalises: no new element or attribute appears.
    assert re.findall(r"<(\w+)", clean_body(html)) == re.findall(r"<(\w+)", html)


# -- core: the model ---------------------------------------------------------------


@pytest.fixture(scope="module")
def collection(vocab):
    result = load_practices(ROOT / "practices", LANGS, vocab, display_base=ROOT)
    assert not result.errors, [p.format() for p in result.errors]
    return {slug: p for slug, p in result.practices.items() if not p.draft}


def _fake_render(calls: list[tuple[str, str]]):
    def render(practice, lang: str) -> str:
        # As rendered for the version's own page: relative URLs relative to that page.
        calls.append((practice.slug, lang))
        data = relocate_url("data.csv", LAYOUT.file_path(practice.slug, ""), LAYOUT.practice_path(practice.slug, lang), LAYOUT)
        return f'<h2 id="local-context">Context</h2><p><a href="#local-context">x</a> <a href="{data}">d</a></p><h3 id="detail">D</h3>'

    return render


def test_compilation_model(collection, vocab) -> None:
    categories = {p.category for p in collection.values()}
    for category in categories:
        for lang in LANGS:
            calls: list[tuple[str, str]] = []
            c = build_compilation(collection, category, lang, LAYOUT, vocab, render=_fake_render(calls))
            members = [p for p in collection.values() if p.category == category]
            assert {e.view.slug for e in c.entries} == {p.slug for p in members}
            assert c.count == len(members)
            assert c.category_label == vocab["category"].label(category, lang)
            assert c.path == compilation_path(LAYOUT, lang, category)
            assert c.date == max(p.published for p in members)  # never the clock
            # each practice in its best version for the reader, rendered once
            for entry in c.entries:
                best = LAYOUT.best_version(collection[entry.view.slug], lang)
                assert entry.lang == entry.view.lang == best.lang
                assert entry.view.title == best.title
                assert entry.in_reader_language == (best.lang == lang)
                assert (entry.notice is None) == entry.in_reader_language
                assert entry.href == LAYOUT.practice_path(entry.view.slug, lang)  # the practice page in the reader's language
                # the card speaks the reader's language even for a version in another one
                assert entry.view.card[0].label == vocab.t("field.category", lang)
            assert sorted(calls) == sorted((e.view.slug, e.lang) for e in c.entries)
            # sorted by title, accent- and case-insensitively
            keys = [(sort_key(e.view.title), e.view.slug) for e in c.entries]
            assert keys == sorted(keys)
            # the table of contents follows the entries
            assert [t.anchor for t in c.toc] == [e.anchor for e in c.entries]
            assert [t.title for t in c.toc] == [e.view.title for e in c.entries]
            for t, e in zip(c.toc, c.entries, strict=True):
                assert t.in_reader_language == e.in_reader_language
                assert t.language_label == vocab.language_name(e.lang, lang)
                assert t.country == vocab.countries.name(collection[e.view.slug].country, lang)
            # bodies relocated: unique ids over the whole document, links into the practice folder
            ids = [e.anchor for e in c.entries] + [i for e in c.entries for i in (e.card_id, e.results_id)]
            ids += [i for e in c.entries for i in re.findall(r'id="([^"]+)"', e.body_html)]
            assert len(ids) == len(set(ids))
            for e in c.entries:
                assert f'href="#{e.anchor}-local-context"' in e.body_html
                assert body_levels(e.body_html) == [3, 4]
                target = "../../" if lang == "en" else "../../../"
                assert f'href="{target}practices/{e.view.slug}/data.csv"' in e.body_html


@pytest.mark.parametrize("languages", [LANGS, ("pl", "en", "cs", "sl", "nb"), ("sl", "nb", "en")])
def test_bodies_are_rendered_in_the_order_the_languages_need_them(collection, vocab, languages) -> None:
    """jobs_in_build_order: each language in turn gets the bodies its pages need, in their order, once each."""
    from goodpractices.render import jobs_in_build_order

    layout = SiteLayout(languages, languages[0], ("en",))
    jobs = jobs_in_build_order(collection, layout)
    keys = [(job.slug, job.lang) for job in jobs]
    every = [(slug, lang) for slug, p in collection.items() for lang in p.versions]
    assert sorted(keys) == sorted(every)  # every version once, none twice
    assert all(job.body == collection[job.slug].versions[job.lang].body for job in jobs)
    position = {key: n for n, key in enumerate(keys)}
    done = 0
    for lang in languages:
        # What the build of `lang` reads: every practice's page in its readers' version, in order, then its compilations.
        pages = [(slug, p.best_version(lang, ("en",)).lang) for slug, p in collection.items()]
        calls: list[tuple[str, str]] = []
        for category in {p.category for p in collection.values()}:
            build_compilation(collection, category, lang, layout, vocab, render=_fake_render(calls))
        assert set(calls) <= set(pages)  # the compilations show the same versions as the pages
        # Its group: what its pages need that no earlier group held, right after them, in the pages' order.
        new = list(dict.fromkeys(key for key in pages if position[key] >= done))
        assert [position[key] for key in new] == list(range(done, done + len(new)))
        done += len(new)
    # Versions in languages the site does not build (a smaller site): last, needed by no page.
    assert all(lang not in languages for _, lang in keys[done:])


def test_an_empty_category_has_no_date(collection, vocab) -> None:
    c = build_compilation(collection, "no-such-category", "pl", LAYOUT, vocab, render=lambda p, lang: "")
    assert c.entries == [] and c.toc == [] and c.date is None and c.count == 0


# -- the built example site --------------------------------------------------------


@pytest.fixture(scope="module")
def site(example_site: Path) -> Path:
    return example_site


def _pages(collection):
    return [(lang, category) for category in sorted({p.category for p in collection.values()}) for lang in LANGS]


def test_every_category_has_a_compilation_in_every_language(site, collection, vocab) -> None:
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for lang, category in _pages(collection):
        path = compilation_path(LAYOUT, lang, category)
        page = site / path / "index.html"
        assert page.exists(), page
        html = page.read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in html
        assert f"<loc>https://goodpractices.example.org/{path}</loc>" in sitemap
        title = vocab.t("compilation.title", lang, category=vocab["category"].label(category, lang))
        assert f"<title>{escape(title)}" in html
        assert len(re.findall(r"<h1\b", html)) == 1


def test_a_compilation_holds_exactly_its_practices_in_the_best_version(site, collection, vocab) -> None:
    for lang, category in _pages(collection):
        path = compilation_path(LAYOUT, lang, category)
        html = (site / path / "index.html").read_text(encoding="utf-8")
        articles = [a for a in inside(html, "article") if "gp-compilation__practice" in (a.get("class") or "")]
        members = {slug for slug, p in collection.items() if p.category == category}
        assert {a["data-practice"] for a in articles} == members
        assert len(articles) == len(members)
        for slug in members:
            best = LAYOUT.best_version(collection[slug], lang)
            assert escape(best.title) in html
            assert escape(best.summary) in html
            online = [a for a in inside(html, "a") if a.get("href", "").endswith(f"practices/{slug}/") and a.get("hreflang")]
            assert online and all(a["hreflang"] == best.lang for a in online), (path, slug)
            if best.lang != lang:
                assert escape(vocab.t("practice.not_in_your_language", lang, shown=vocab.language_name(best.lang, lang))) in html
        others = {slug for slug in collection if slug not in members}
        assert not any(f'data-practice="{slug}"' in html for slug in others)


def test_table_of_contents_links_resolve_on_the_page(site, collection) -> None:
    for lang, category in _pages(collection):
        html = (site / compilation_path(LAYOUT, lang, category) / "index.html").read_text(encoding="utf-8")
        tags = outline(html).tags
        ids = [attrs["id"] for _, attrs, _ in tags if attrs.get("id")]
        assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]
        toc_start = html.index('class="gp-compilation__toc"')
        toc = html[toc_start : html.index("</nav>", toc_start)]
        anchors = re.findall(r'href="#([^"]+)"', toc)
        members = [slug for slug, p in collection.items() if p.category == category]
        assert sorted(anchors) == sorted(f"practice-{slug}" for slug in members)
        for _, attrs, within in tags:
            href = attrs.get("href") or ""
            if within and href.startswith("#") and len(href) > 1:
                assert href[1:] in ids, (lang, category, href)


def test_links_and_images_of_a_compilation_resolve(site, collection) -> None:
    checked = 0
    for lang, category in _pages(collection):
        url = compilation_path(LAYOUT, lang, category)
        html = (site / url / "index.html").read_text(encoding="utf-8")
        for _, attrs, within in outline(html).tags:
            if not within:
                continue
            for attr in ("href", "src"):
                value = attrs.get(attr)
                if not value or value.startswith(("#", "mailto:")):
                    continue
                target = resolve(site, url, value)
                if target is not None:
                    assert target.exists(), (url, value)
                    checked += 1
    assert checked > 0


def test_body_headings_sit_below_the_practice_titles(site, collection) -> None:
    html = (site / "pl/print/development-plan/index.html").read_text(encoding="utf-8")
    for part in html.split('<div class="gp-body gp-compilation__body"')[1:]:
        body = part[: part.index('<p class="gp-compilation__links">')]
        levels = body_levels(body)
        assert levels and min(levels) == 3


def test_attachments_are_linked_from_the_compilation(site) -> None:
    html = (site / "pl/print/development-plan/index.html").read_text(encoding="utf-8")
    assert 'href="../../../practices/ski-school-leader-networks/timeline.csv"' in html
    assert (site / "practices/ski-school-leader-networks/timeline.csv").exists()


def test_no_event_handlers_or_inline_styles(site) -> None:
    html = (site / "pl/print/development-plan/index.html").read_text(encoding="utf-8")
    for name, attrs, within in outline(html).tags:
        assert not any(a.startswith("on") for a in attrs), (name, attrs)
        if within:
            assert "style" not in attrs and name not in ("script", "style")


def test_compilation_links_partial(tmp_path) -> None:
    """The partial meant for the home and category pages: one link per category, in the page's language."""
    import jinja2

    from goodpractices import Vocabularies, build_catalogue

    vocab = Vocabularies()
    result = load_practices(ROOT / "practices", LANGS, vocab, display_base=ROOT)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(ROOT / "plugins/goodpractices_mkdocs/templates")))
    env.filters["url"] = lambda value: "/" + value  # stands in for MkDocs' filter (site-absolute here)
    template = env.get_template("partials/gp-compilation-links.html")
    for lang in ("en", "pl"):
        catalogue = build_catalogue(result.practices, lang, LAYOUT, vocab)
        context = {
            "gp_catalogue": catalogue,
            "gp_catalogue_href": LAYOUT.catalogue_path(lang),
            "gp_t": lambda key, _lang=lang, **params: vocab.t(key, _lang, **params),
        }
        html = template.render(**context)
        hrefs = re.findall(r'href="([^"]+)"', html)
        assert hrefs == ["/" + compilation_path(LAYOUT, lang, v.value) for v in catalogue.facet("category").values]
        assert escape(vocab.t("compilation.links", lang)) in html
        one = template.render(**context, compilation_category="development-plan")
        assert re.findall(r'href="([^"]+)"', one) == ["/" + compilation_path(LAYOUT, lang, "development-plan")]
        assert escape(vocab.t("compilation.link", lang)) in one


# -- in Chromium -------------------------------------------------------------------


def test_print_view_hides_the_chrome_and_starts_each_practice_on_a_new_page(page, served_site) -> None:
    page.goto(f"{served_site}/pl/print/development-plan/")
    page.wait_for_load_state("load")
    button = page.locator("[data-gp-print]")
    button.wait_for(state="visible")  # shown by the script
    page.evaluate("() => { window.print = () => { window.__printed = (window.__printed || 0) + 1 } }")
    button.click()
    assert page.evaluate("window.__printed") == 1

    page.emulate_media(media="print")
    hidden = page.evaluate(
        """() => ['.md-header', '.md-sidebar--primary', '.md-footer', '[data-gp-print]', '.gp-compilation__actions']
            .map(sel => [sel, [...document.querySelectorAll(sel)].map(el => getComputedStyle(el).display)])"""
    )
    for selector, displays in hidden:
        assert displays and all(d == "none" for d in displays), (selector, displays)
    breaks = page.evaluate(
        "() => [...document.querySelectorAll('.gp-compilation__practice')].map(el => getComputedStyle(el).breakBefore)"
    )
    assert len(breaks) == 4 and set(breaks) == {"page"}
    toc = page.locator(".gp-compilation__toc")
    assert toc.is_visible()
    assert page.evaluate("getComputedStyle(document.querySelector('.gp-compilation')).color") == "rgb(0, 0, 0)"
    external = page.evaluate(
        """() => { const a = document.querySelector('.gp-compilation .gp-card a[href^="http"]');
                   return a ? getComputedStyle(a, '::after').content : null }"""
    )
    assert external and "http" in external

    pdf = page.pdf(prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))
    assert pages > len(breaks), pages  # the title page and contents, then a page (or more) per practice


def test_toc_link_scrolls_to_the_practice(page, served_site) -> None:
    page.goto(f"{served_site}/cs/print/community-integration/")
    page.wait_for_load_state("load")
    first = page.locator(".gp-compilation__toc a").first
    target = first.get_attribute("href")
    first.click()
    page.wait_for_function("h => location.hash === h", arg=target)
    assert page.locator(target).is_visible()


# -- hostile input -----------------------------------------------------------------



@pytest.mark.parametrize("path", ["pl/print/development-plan/", "print/development-plan/", "cs/print/development-plan/"])
def test_hostile_practice_in_a_compilation_runs_nothing(browser, hostile_site, path: str) -> None:
    from test_hostile import INSPECT

    site, base = hostile_site
    html = (site / path / "index.html").read_text(encoding="utf-8")
    assert 'data-practice="hostile"' in html and 'data-practice="plain"' in html
    assert "{{ 7*7 }}" in html and ">49<" not in html
    context = browser.new_context()
    pg = context.new_page()
    dialogs: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        pg.goto(f"{base}/{path}")
        pg.wait_for_load_state("load")
        bad = pg.evaluate(INSPECT)
        pg.wait_for_timeout(300)
        assert pg.evaluate("typeof window.__pwned") == "undefined"
        assert dialogs == []
        assert bad == []
    finally:
        context.close()


# -- volumes: a large category split into several pages ------------------------------


def test_a_large_category_is_split_into_volumes(collection, vocab) -> None:
    category, members = max(
        ((c, [p for p in collection.values() if p.category == c]) for c in {p.category for p in collection.values()}),
        key=lambda cm: len(cm[1]),
    )
    assert len(members) >= 3
    for lang in LANGS:
        whole = build_compilation(collection, category, lang, LAYOUT, vocab, render=_fake_render([]))
        assert whole.volumes == [] and whole.volume is None
        index = build_compilation(collection, category, lang, LAYOUT, vocab, render=_fake_render([]), volume_size=2)
        assert index.entries == [] and index.total == len(members) and index.date == whole.date
        assert [v.number for v in index.volumes] == list(range(1, -(-len(members) // 2) + 1))
        assert index.path == index.index_path == compilation_path(LAYOUT, lang, category)
        parts = [build_compilation(collection, category, lang, LAYOUT, vocab, render=_fake_render([]), volume_size=2, volume=v.number) for v in index.volumes]
        # the volumes, in order, are the whole compilation, each at most two practices, with its own path
        assert [e.view.slug for part in parts for e in part.entries] == [e.view.slug for e in whole.entries]
        for part, volume in zip(parts, index.volumes, strict=True):
            assert 1 <= part.count <= 2 and part.count == volume.count
            assert part.path == volume.path == compilation_path(LAYOUT, lang, category, volume.number)
            assert (volume.first_title, volume.last_title) == (part.entries[0].view.title, part.entries[-1].view.title)
        with pytest.raises(ValueError):
            build_compilation(collection, category, lang, LAYOUT, vocab, render=_fake_render([]), volume_size=2, volume=len(parts) + 1)


def test_volume_pages_in_a_built_site(tmp_path: Path, vocab) -> None:
    from conftest import SITE_CONFIG, make_project, mkdocs, source

    practices = {}
    for i, title in enumerate(("Alfa", "Beta", "Gamma")):
        practices[f"p{i}/pl.md"] = source("valid-pl.md").replace("Sieć dyrektorów szkół w gminie", f"{title} sieć")
    config = SITE_CONFIG.replace("  - practices\n", "  - practices:\n      compilation_volume_size: 2\n      search: false\n")
    project = make_project(tmp_path / "project", practices, config=config)
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    site = project / "site"
    for lang in LANGS:
        index = (site / compilation_path(LAYOUT, lang, "development-plan") / "index.html").read_text(encoding="utf-8")
        assert index.count('class="gp-compilation__practice"') == 0
        assert 'href="1/"' in index and 'href="2/"' in index and 'href="3/"' not in index
        assert escape(vocab.t("compilation.volume", lang, n=2, total=2)) in index
        first = (site / compilation_path(LAYOUT, lang, "development-plan", 1) / "index.html").read_text(encoding="utf-8")
        second = (site / compilation_path(LAYOUT, lang, "development-plan", 2) / "index.html").read_text(encoding="utf-8")
        assert first.count('class="gp-compilation__practice"') == 2 and second.count('class="gp-compilation__practice"') == 1
        assert "Alfa sieć" in first and "Beta sieć" in first and "Gamma sieć" in second
        assert f"<title>{escape(vocab.t('compilation.title', lang, category=vocab['category'].label('development-plan', lang)))} — {escape(vocab.t('compilation.volume', lang, n=1, total=2))}" in first
        assert 'href="../"' in second  # back to the list of volumes
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://example.org/pl/print/development-plan/2/" in sitemap


def test_both_ways_of_relocating_give_the_same_document(collection) -> None:
    """nh3's output is relocated by rewriting only the tags that change; anything else goes through
    html.parser. On the example practices and the hostile payloads both give the same elements, attributes and text."""
    from goodpractices.compilation import _tokenize_parser
    from goodpractices.render import MarkdownSetup, Renderer, RenderJob
    from test_hostile import hostile_practice

    setup = MarkdownSetup(("toc", "admonition", "attr_list", "tables", "md_in_html"), {"toc": {"permalink": True}})
    extra = '\n\n[x](pl.md) [y](../other/cs.md#f) ![i](img.png) [a](#kontekst) <span id="kontekst">dup</span> <q cite="q.html">q</q>\n'
    jobs = [RenderJob(p.slug, lang, v.body + extra) for p in collection.values() for lang, v in p.versions.items()]
    jobs.append(RenderJob("hostile", "pl", hostile_practice().split("\n---\n", 1)[1] + extra))
    renderer = Renderer(setup, LAYOUT)
    for (slug, lang), rendered in (((job.slug, job.lang), renderer.render(job)) for job in jobs):
        for page in ("print/c/", "pl/print/c/2/", None):
            kwargs = dict(slug=slug, layout=LAYOUT, page=page, id_prefix=f"practice-{slug}-", base=LAYOUT.practice_path(slug, lang))
            fast = relocate_body(rendered.html, taken={f"practice-{slug}-kontekst"}, **kwargs)
            general = relocate_body(rendered.html + "<!-- -->", taken={f"practice-{slug}-kontekst"}, **kwargs)
            assert _tokenize_parser(fast) == _tokenize_parser(general)


def test_a_body_relocated_once_for_several_compilations_is_what_relocating_it_again_gives(collection) -> None:
    """A version shown to readers of several languages is relocated once and the result reused where it is the same
    (`_SharedRelocations`): on other pages (relative URLs the same or not) and against other ids already taken
    (none of them, some of them), each result and the ids taken are those of relocating it again."""
    from goodpractices.compilation import _SharedRelocations
    from goodpractices.render import MarkdownSetup, Renderer, RenderJob
    from test_hostile import hostile_practice

    setup = MarkdownSetup(("toc", "admonition", "attr_list", "tables", "md_in_html"), {"toc": {"permalink": True}})
    extra = '\n\n[x](pl.md) [y](../other/cs.md#f) ![i](img.png) [a](#kontekst) <span id="kontekst">dup</span> <q cite="q.html">q</q>\n\n## Same\n\n## Same\n'
    jobs = [RenderJob(p.slug, lang, v.body + extra) for p in collection.values() for lang, v in p.versions.items()]
    jobs.append(RenderJob("hostile", "pl", hostile_practice().split("\n---\n", 1)[1] + extra))
    renderer = Renderer(setup, LAYOUT)
    rendered = {(job.slug, job.lang): renderer.render(job) for job in jobs}
    bodies = [(slug, lang, r.html) for (slug, lang), r in rendered.items()]
    bodies += [(slug, lang, html + "<!-- -->") for slug, lang, html in bodies[:2]]  # the general path: never kept
    bodies.append(("a", "en", '<h2 id="b">B</h2><p><a href="#b">b</a> <img src="photo.jpg" alt=""></p><h2 id="b">B again</h2><h2 id="b-2">B2</h2>'))
    shared = _SharedRelocations()
    shared.serve(collection)
    pages = ("print/c/", "pl/print/c/", "cs/print/c/", "pl/print/c/2/", "print/c/2/", None, "cs/print/c/")
    for slug, lang, html in bodies:
        prefix = f"practice-{slug}-"
        ids = set(re.findall(r'id="([^"]+)"', relocate_body(html, slug=slug, layout=LAYOUT, page=None, id_prefix=prefix, base=LAYOUT.practice_path(slug, lang))))
        clashes = [set(), {f"practice-{slug}"}, {sorted(ids)[0]} if ids else set(), {f"{prefix}b-2", f"{prefix}kontekst-2"}, set()]
        for page in pages:
            for clash in clashes:
                before = {f"practice-{slug}", "practice-other"} | clash
                kwargs = dict(slug=slug, layout=LAYOUT, page=page, id_prefix=prefix, base=LAYOUT.practice_path(slug, lang))
                reused, again = set(before), set(before)
                assert shared.relocate(html, taken=reused, **kwargs) == relocate_body(html, taken=again, **kwargs), (slug, lang, page, clash)
                assert reused == again
    assert shared._kept  # some were kept (and so reused above)


def test_compilations_do_not_depend_on_which_were_built_before(vocab) -> None:
    """Whatever was relocated and kept before (`_SharedRelocations`), a compilation is the same: built alone,
    in one order or the other; with ids clashing with other practices' anchors and links that differ per page."""
    from conftest import minimal_practice
    from goodpractices import compilation

    practices = {slug: minimal_practice(slug, title=title) for slug, title in (("a", "Alfa"), ("a-b", "Beta"), ("a-b-c", "Gamma"), ("c", "Delta"))}
    practices["d"] = minimal_practice("d", lang="pl", title="Epsilon")

    def render(practice, lang: str) -> str:
        return (
            f'<h2 id="b">B</h2><p><a href="#b">b</a> <a href="#c">c</a> <img src="photo.jpg" alt=""> <a href="pl.md">pl</a>'
            f' <a href="../c/en.md#x">c</a></p><h2 id="b">again</h2><h3 id="c">C</h3><p>{practice.slug}</p>'
        )

    calls = [(lang, volume_size, volume) for volume_size, volumes in ((None, (None,)), (2, (None, 1, 2, 3))) for lang in LANGS for volume in volumes]

    def build(order, fresh: bool):
        built = {}
        compilation._SHARED.serve(None)
        for call in order:
            if fresh:
                compilation._SHARED.serve(None)
            lang, volume_size, volume = call
            built[call] = build_compilation(practices, "development-plan", lang, LAYOUT, vocab, render=render, volume_size=volume_size, volume=volume)
        return built

    alone = build(calls, fresh=True)
    assert build(calls, fresh=False) == alone
    assert build(calls[::-1], fresh=False) == alone
    assert compilation._SHARED._kept
    whole = alone[("pl", None, None)]
    ids = [i for e in whole.entries for i in re.findall(r'id="([^"]+)"', e.body_html)] + [e.anchor for e in whole.entries]
    assert len(ids) == len(set(ids)) and "practice-a-b-2" in ids  # "b" of practice a would have been the anchor of a-b
    compilation._SHARED.serve(None)


def test_the_volumes_of_a_category_choose_and_sort_its_practices_once(collection, vocab, monkeypatch) -> None:
    """chosen_cache: the same volumes as without it, and the category's practices are chosen and sorted once per language."""
    import goodpractices.compilation as compilation_mod

    category = max({p.category for p in collection.values()}, key=lambda c: sum(p.category == c for p in collection.values()))
    size = sum(p.category == category for p in collection.values())
    assert size >= 2
    keys: list[str] = []
    title_key = compilation_mod._title_key
    monkeypatch.setattr(compilation_mod, "_title_key", lambda title: keys.append(title) or title_key(title))
    cache: dict = {}
    for lang in ("en", "pl"):
        plain = [build_compilation(collection, category, lang, LAYOUT, vocab, render=_fake_render([]), volume_size=1, volume=v) for v in (None, *range(1, size + 1))]
        sorted_plain = len(keys)
        assert sorted_plain == size * (size + 1)  # every volume (and the list of volumes) sorted them all again
        keys.clear()
        kept = [
            build_compilation(collection, category, lang, LAYOUT, vocab, render=_fake_render([]), volume_size=1, volume=v, chosen_cache=cache)
            for v in (None, *range(1, size + 1))
        ]
        assert len(keys) == size  # once
        keys.clear()
        assert [(c.volumes, c.date, c.count, [(e.view.slug, e.lang, e.body_html) for e in c.entries]) for c in kept] == [
            (c.volumes, c.date, c.count, [(e.view.slug, e.lang, e.body_html) for e in c.entries]) for c in plain
        ]
    assert set(cache) == {(category, "en"), (category, "pl")}
