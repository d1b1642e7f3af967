"""The statistics page: numbers and chart geometry in the core, the built page in every language."""

from __future__ import annotations

import dataclasses
import math
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import LANGS, ROOT, make_project, mkdocs, source
from goodpractices import SiteLayout, load_practices
from goodpractices.catalogue import term_path
from goodpractices.site import sort_key
from goodpractices.stats import (
    BAR_PLOT_WIDTH,
    COLUMN_PLOT_HEIGHT,
    COLUMN_PLOT_LEFT,
    COLUMN_PLOT_RIGHT,
    COLUMN_TOP,
    COLUMN_VALUE_LABELS_MAX,
    LABEL_CHARS,
    LABEL_LINES,
    MAX_TICKS,
    YEAR_LABELS_MAX,
    Statistics,
    build_statistics,
    nice_scale,
    wrap_label,
    year_label_step,
)
from htmlutil import resolve

LAYOUT = SiteLayout(LANGS, "en")
SERIES = ("category", "country", "year", "topic")
TITLE_KEYS = {"category": "stats.by_category", "country": "stats.by_country", "year": "stats.by_year", "topic": "stats.by_topic"}


def practice(category: str = "development-plan", country: str = "PL", topics: tuple[str, ...] = ("leadership-networks",), start: str = "2019-09") -> str:
    """valid-pl.md with other metadata (ongoing, so that any start is valid)."""
    text = source("valid-pl.md")
    for old, new in (
        ("category: development-plan\n", f"category: {category}\n"),
        ("country: PL\n", f'country: "{country}"\n'),
        ("topics:\n  - leadership-networks\n  - formative-assessment\n", "topics: [" + ", ".join(topics) + "]\n"),
        ("  start: 2019-09\n  end: 2022-06\n", f"  start: {start}\n  end: ongoing\n"),
    ):
        assert old in text, old
        text = text.replace(old, new)
    return text


HAND_MADE = {
    "a/pl.md": practice("development-plan", "PL", ("leadership-networks", "formative-assessment"), "2019-09"),
    "b/pl.md": practice("development-plan", "CZ", ("formative-assessment",), "2015"),
    "c/pl.md": practice("community-integration", "CZ", ("parent-engagement",), "2019-01-10"),
    "d/pl.md": practice("spending-rationalisation", "NO", ("budgeting", "formative-assessment"), "2021-02"),
    "e/pl.md": practice("community-integration", "PL", ("wellbeing",), "2016-03-01"),
}


def load(root: Path, files: dict[str, str], vocab) -> dict:
    make_project(root, files)
    result = load_practices(root / "practices", LANGS, vocab)
    assert not result.errors, [p.format() for p in result.errors]
    return result.practices


@pytest.fixture
def hand_made(tmp_path, vocab):
    return load(tmp_path, HAND_MADE, vocab)


def table(stats: Statistics, key: str) -> list[tuple[str, int]]:
    return [(c.value, c.count) for c in stats.get(key).counts]


# -- the numbers ---------------------------------------------------------------------------------


def test_counts_per_category_country_year_and_topic(hand_made, vocab) -> None:
    stats = build_statistics(hand_made, "en", LAYOUT, vocab)
    assert stats.total == 5
    assert [s.key for s in stats.series] == list(SERIES)
    # most practices first, ties by label: "Community integration…" before "Local education…"
    assert table(stats, "category") == [("community-integration", 2), ("development-plan", 2), ("spending-rationalisation", 1)]
    assert table(stats, "country") == [("CZ", 2), ("PL", 2), ("NO", 1)]  # Czechia, Poland, Norway
    # every year from the first start to the last, years without a start included
    assert table(stats, "year") == [("2015", 1), ("2016", 1), ("2017", 0), ("2018", 0), ("2019", 2), ("2020", 0), ("2021", 1)]
    assert table(stats, "topic") == [
        ("formative-assessment", 3),
        ("budgeting", 1),  # Budgeting and finance
        ("leadership-networks", 1),
        ("parent-engagement", 1),
        ("wellbeing", 1),  # Pupil wellbeing
    ]
    for key in ("category", "country", "year"):
        assert stats.get(key).additive and stats.get(key).sum == 5
    topics = stats.get("topic")
    assert not topics.additive and topics.sum == 7 and topics.note == vocab.t("stats.topic_note", "en")


def test_labels_links_and_order_follow_the_reader_language(hand_made, vocab) -> None:
    for lang in LANGS:
        stats = build_statistics(hand_made, lang, LAYOUT, vocab)
        assert stats.lang == lang
        names = {
            "category": lambda v, lang=lang: vocab["category"].label(v, lang),
            "country": lambda v, lang=lang: vocab.countries.name(v, lang),
            "topic": lambda v, lang=lang: vocab["topic"].label(v, lang),
        }
        for key, name in names.items():
            series = stats.get(key)
            assert series.title == vocab.t(TITLE_KEYS[key], lang)
            for c in series.counts:
                assert c.label == name(c.value)
                assert c.href == term_path(LAYOUT, lang, key, c.value)
            order = [(-c.count, sort_key(c.label), c.value) for c in series.counts]
            assert order == sorted(order), (lang, key)
        assert stats.get("year").title == vocab.t("stats.by_year", lang)
        assert stats.get("year").label == vocab.t("stats.year", lang)
        assert all(c.href is None and c.label == c.value for c in stats.get("year").counts)
    # ties are ordered by the label in the reader's language: Polen before Tsjekkia in Norwegian
    assert table(build_statistics(hand_made, "nb", LAYOUT, vocab), "country")[:2] == [("PL", 2), ("CZ", 2)]
    assert build_statistics(hand_made, "pl", LAYOUT, vocab).get("country").counts[0].href == "pl/practices/country/cz/"


def test_descriptions_summarise_the_data(hand_made, vocab) -> None:
    for lang in LANGS:
        stats = build_statistics(hand_made, lang, LAYOUT, vocab)
        category = stats.get("category")
        assert category.description.startswith(vocab.t("stats.desc.bars", lang))
        tied = ", ".join(c.label for c in category.counts[:2])
        assert vocab.t("stats.desc.most", lang, n=2, items=tied) in category.description
        year = stats.get("year")
        assert year.description.startswith(vocab.t("stats.desc.columns", lang, first=2015, last=2021))
        assert vocab.t("stats.desc.most", lang, n=2, items="2019") in year.description
        assert stats.get("topic").description.endswith(vocab.t("stats.topic_note", lang))
        assert "{" not in "".join(s.description for s in stats.series)
    # more ties than are named: the rest is an ellipsis, without a second full stop
    base = hand_made["d"]
    four = {code: dataclasses.replace(base, slug=code.lower(), country=code) for code in ("SI", "SK", "HU", "AT")}
    country = build_statistics(four, "en", LAYOUT, vocab).get("country")
    assert country.description.endswith(vocab.t("stats.desc.most", "en", n=1, items="Austria, Hungary, Slovakia, …").replace("….", "…"))


def test_reproducible_whatever_the_loading_order(hand_made, vocab) -> None:
    reordered = dict(reversed(list(hand_made.items())))
    for lang in LANGS:
        assert build_statistics(hand_made, lang, LAYOUT, vocab) == build_statistics(reordered, lang, LAYOUT, vocab)


def test_no_practices(vocab) -> None:
    stats = build_statistics({}, "pl", LAYOUT, vocab)
    assert stats.total == 0
    assert [s.key for s in stats.series] == list(SERIES)
    for series in stats.series:
        assert series.counts == [] and series.chart.marks == [] and series.chart.maximum == 1


# -- axes and geometry -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "largest, expected",
    [(0, (1, 1)), (1, (1, 1)), (3, (3, 1)), (5, (5, 1)), (6, (6, 2)), (7, (8, 2)), (10, (10, 2)), (11, (15, 5)), (23, (25, 5)), (48, (50, 10)), (101, (150, 50))],
)
def test_nice_scale(largest: int, expected: tuple[int, int]) -> None:
    assert nice_scale(largest) == expected


def test_nice_scale_properties() -> None:
    for largest in range(1, 2001):
        top, step = nice_scale(largest)
        mantissa = step / 10 ** int(math.log10(step))
        assert mantissa in (1, 2, 5), (largest, step)
        assert top % step == 0 and top >= largest and top - largest < step, (largest, top, step)
        assert top // step <= MAX_TICKS, (largest, top, step)


def test_wrap_label() -> None:
    assert wrap_label("Pupil wellbeing") == (("Pupil wellbeing",), False)
    lines, shortened = wrap_label("Integracja społeczności lokalnej wokół edukacji")
    assert lines == ("Integracja społeczności lokalnej", "wokół edukacji") and not shortened
    lines, shortened = wrap_label("A very long name of a category that goes on and on and on and does not stop at all")
    assert shortened and len(lines) == LABEL_LINES and lines[-1].endswith("…")
    assert all(len(line) <= LABEL_CHARS for line in lines)


def test_year_label_step() -> None:
    assert year_label_step(2015, 2021) == 1
    assert year_label_step(2000, 2000) == 1
    assert year_label_step(2009, 2022) == 2
    assert year_label_step(1990, 2024) == 5
    for first in range(1950, 2030, 7):
        for last in range(first, 2031, 3):
            step = year_label_step(first, last)
            labelled = sum(1 for y in range(first, last + 1) if y % step == 0) if step > 1 else last - first + 1
            assert 1 <= labelled <= YEAR_LABELS_MAX, (first, last, step)


def test_bar_chart_geometry(hand_made, vocab) -> None:
    for key in ("category", "country", "topic"):
        series = build_statistics(hand_made, "en", LAYOUT, vocab).get(key)
        chart = series.chart
        assert chart.kind == "bars"
        largest = max(c.count for c in series.counts)
        assert (chart.maximum, chart.step) == nice_scale(largest)
        assert [t.value for t in chart.ticks] == list(range(0, chart.maximum + 1, chart.step))
        assert [t.position for t in chart.ticks] == pytest.approx([v / chart.maximum * BAR_PLOT_WIDTH for v in range(0, chart.maximum + 1, chart.step)], abs=0.001)
        assert chart.ticks[0].anchor == "start"
        assert [m.count for m in chart.marks] == series.counts
        previous_bottom = 0.0
        for m in chart.marks:
            assert m.x == 0 and m.width == pytest.approx(m.count.count / chart.maximum * BAR_PLOT_WIDTH, abs=0.001)
            assert m.value_x == m.width  # the value label starts where the bar ends
            assert " ".join(m.label_lines) == m.count.label and not m.shortened
            assert len(m.label_ys) == len(m.label_lines)
            # label lines, then the bar, then the next label: nothing overlaps
            assert previous_bottom < m.label_ys[0] - 10
            assert list(m.label_ys) == sorted(m.label_ys) and m.label_ys[-1] < m.y
            assert m.y < m.value_y < m.y + m.height
            previous_bottom = m.y + m.height
        assert previous_bottom < chart.plot_bottom < chart.tick_label_y < chart.height


def test_column_chart_geometry(hand_made, vocab) -> None:
    series = build_statistics(hand_made, "en", LAYOUT, vocab).get("year")
    chart = series.chart
    assert chart.kind == "columns" and (chart.maximum, chart.step) == (2, 1)
    baseline = COLUMN_TOP + COLUMN_PLOT_HEIGHT
    assert chart.plot_bottom == baseline and chart.plot_left == COLUMN_PLOT_LEFT and chart.plot_right == COLUMN_PLOT_RIGHT
    assert [(t.value, t.position) for t in chart.ticks] == [(0, baseline), (1, baseline - COLUMN_PLOT_HEIGHT / 2), (2, COLUMN_TOP)]
    widths = {m.width for m in chart.marks}
    assert len(widths) == 1
    xs = [m.x for m in chart.marks]
    assert xs == sorted(xs) and xs[0] > COLUMN_PLOT_LEFT and xs[-1] + chart.marks[-1].width < COLUMN_PLOT_RIGHT
    for m in chart.marks:
        assert m.y + m.height == pytest.approx(baseline)
        assert m.height == pytest.approx(m.count.count / chart.maximum * COLUMN_PLOT_HEIGHT)
        assert m.x < m.label_x < m.x + m.width and m.value_x == m.label_x
        assert m.value_y < m.y and m.show_value
        assert m.label_lines == (m.count.value,)  # seven years: every one labelled
        assert m.label_ys == (chart.height - 8,)
    tallest = next(m for m in chart.marks if m.count.value == "2019")
    assert tallest.y == COLUMN_TOP


def test_long_period_thins_year_labels_and_values(tmp_path, vocab) -> None:
    practices = load(tmp_path, {"old/pl.md": practice(start="1990"), "new/pl.md": practice(start="2024-01")}, vocab)
    chart = build_statistics(practices, "en", LAYOUT, vocab).get("year").chart
    assert len(chart.marks) == 35 > COLUMN_VALUE_LABELS_MAX
    assert not any(m.show_value for m in chart.marks)
    labelled = [m.count.value for m in chart.marks if m.label_lines]
    assert labelled == ["1990", "1995", "2000", "2005", "2010", "2015", "2020"]


# -- the built example site ------------------------------------------------------------------------


class _Page(HTMLParser):
    """The statistics page's SVGs (title, desc, text) and tables (caption, rows of cells with links)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.svgs: list[dict] = []
        self.tables: list[dict] = []
        self.ids: dict[str, str] = {}
        self._stack: list[tuple[str, dict]] = []
        self._text: list[list[str]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "svg" and "gp-chart__svg" in (a.get("class") or "").split():
            self.svgs.append({"attrs": a, "title": None, "desc": None, "texts": [], "links": 0})
        elif tag == "table":
            self.tables.append({"caption": None, "sections": {}, "svg": len(self.svgs)})
        elif tag in ("thead", "tbody", "tfoot") and self.tables:
            self.tables[-1]["sections"][tag] = []
            self.tables[-1]["current"] = tag
        elif tag == "tr" and self.tables:
            self.tables[-1]["sections"][self.tables[-1]["current"]].append([])
        elif tag in ("th", "td") and self.tables:
            table = self.tables[-1]
            table["sections"][table["current"]][-1].append({"tag": tag, "scope": a.get("scope"), "text": "", "href": None})
        elif tag == "a" and self._inside("svg"):
            self.svgs[-1]["links"] += 1
        elif tag == "a" and self._inside("table"):
            table = self.tables[-1]
            table["sections"][table["current"]][-1][-1]["href"] = a.get("href")
        self._stack.append((tag, a))
        self._text.append([])

    def handle_endtag(self, tag):
        a: dict = {}
        text = ""
        while self._stack:
            name, a = self._stack.pop()
            text = "".join(self._text.pop())
            if self._text:
                self._text[-1].append(text)
            if name == tag:
                break
        if "id" in a:
            self.ids[a["id"]] = text
        if tag in ("title", "desc") and self._inside("svg") and self._stack[-1][0] == "svg":
            self.svgs[-1][tag] = text  # the chart's own, not the tooltip of a bar
        elif tag == "text" and self._inside("svg"):
            self.svgs[-1]["texts"].append(text)
        elif tag == "caption":
            self.tables[-1]["caption"] = text
        elif tag in ("th", "td") and self.tables and self._inside("table"):
            table = self.tables[-1]
            table["sections"][table["current"]][-1][-1]["text"] = " ".join(text.split())

    def handle_startendtag(self, tag, attrs):
        pass  # <rect/>, <line/>: no text

    def handle_data(self, data):
        if self._text:
            self._text[-1].append(data)

    def _inside(self, tag: str) -> bool:
        if tag == "svg":  # a chart, not one of the theme's icons
            return any(name == "svg" and "gp-chart__svg" in (a.get("class") or "").split() for name, a in self._stack)
        return any(name == tag for name, _ in self._stack)


@pytest.fixture(scope="module")
def example_practices(vocab):
    result = load_practices(ROOT / "practices", LANGS, vocab, display_base=ROOT)
    assert not result.errors
    return result.practices


def expected_rows(practices: dict, key: str, lang: str, vocab) -> list[tuple[str, int, str | None]]:
    """(label, count, site path of its term page) computed straight from the practices."""
    if key == "year":
        starts = [p.period.start_year for p in practices.values()]
        return [(str(y), starts.count(y), None) for y in range(min(starts), max(starts) + 1)]
    values_of = {"category": lambda p: [p.category], "country": lambda p: [p.country], "topic": lambda p: p.topics}[key]
    name = {
        "category": lambda v: vocab["category"].label(v, lang),
        "country": lambda v: vocab.countries.name(v, lang),
        "topic": lambda v: vocab["topic"].label(v, lang),
    }[key]
    counts: dict[str, int] = {}
    for p in practices.values():
        for v in values_of(p):
            counts[v] = counts.get(v, 0) + 1
    rows = [(name(v), n, term_path(LAYOUT, lang, key, v)) for v, n in counts.items()]
    return sorted(rows, key=lambda r: (-r[1], sort_key(r[0])))


def read_page(site: Path, lang: str) -> tuple[str, _Page]:
    html = (site / LAYOUT.prefix(lang) / "statistics" / "index.html").read_text(encoding="utf-8")
    parsed = _Page()
    parsed.feed(html)
    return html, parsed


def test_statistics_page_tables_match_the_practices(example_site, example_practices, vocab) -> None:
    for lang in LANGS:
        html, page = read_page(example_site, lang)
        assert f'<html lang="{lang}"' in html
        assert vocab.t("stats.total", lang, n=len(example_practices)) in html
        assert len(page.tables) == len(SERIES)
        for key, found in zip(SERIES, page.tables, strict=True):
            title = vocab.t(TITLE_KEYS[key], lang)
            assert found["caption"] == vocab.t("stats.table", lang, title=title)
            head = found["sections"]["thead"][0]
            assert [c["tag"] for c in head] == ["th", "th"] and all(c["scope"] == "col" for c in head)
            assert head[1]["text"] == vocab.t("stats.practices", lang)
            rows = found["sections"]["tbody"]
            assert all(r[0]["tag"] == "th" and r[0]["scope"] == "row" and r[1]["tag"] == "td" for r in rows)
            got = [(r[0]["text"], int(r[1]["text"]), r[0]["href"]) for r in rows]
            want = expected_rows(example_practices, key, lang, vocab)
            assert [(label, n) for label, n, _ in got] == [(label, n) for label, n, _ in want], (lang, key)
            if key == "topic":
                assert "tfoot" not in found["sections"]
            else:
                total = found["sections"]["tfoot"][0]
                assert [c["text"] for c in total] == [vocab.t("stats.sum", lang), str(len(example_practices))]


def test_statistics_links_resolve_to_term_pages(example_site, example_practices, vocab) -> None:
    for lang in LANGS:
        _, page = read_page(example_site, lang)
        page_url = f"{LAYOUT.prefix(lang)}statistics/"
        for key, found in zip(SERIES, page.tables, strict=True):
            want = expected_rows(example_practices, key, lang, vocab)
            for row, (_, _, path) in zip(found["sections"]["tbody"], want, strict=True):
                href = row[0]["href"]
                if path is None:
                    assert href is None
                    continue
                assert href and not href.startswith("/"), href  # relative: works under any base path
                target = resolve(example_site, page_url, href)
                assert target == example_site / path / "index.html" and target.exists(), (lang, href)
                assert f'<html lang="{lang}"' in target.read_text(encoding="utf-8")


def test_statistics_svgs_are_named_and_described(example_site, example_practices, vocab) -> None:
    for lang in LANGS:
        _, page = read_page(example_site, lang)
        assert len(page.svgs) == len(SERIES)
        for key, svg, found in zip(SERIES, page.svgs, page.tables, strict=True):
            attrs = svg["attrs"]
            assert attrs.get("role") == "img"
            title_id, desc_id = attrs["aria-labelledby"].split()
            title = vocab.t(TITLE_KEYS[key], lang)
            assert svg["title"] == page.ids[title_id] == title
            desc = page.ids[desc_id]
            assert svg["desc"] == desc and len(desc) > 40 and desc.endswith((".", "…"))
            assert desc.startswith(vocab.t("stats.desc.columns" if key == "year" else "stats.desc.bars", lang, first=2009, last=2022))
            assert svg["links"] == 0  # an image for assistive technology: the table carries the links
            # every number of the table is on the chart as a visible value label, every label as text
            want = expected_rows(example_practices, key, lang, vocab)
            texts = [" ".join(t.split()) for t in svg["texts"]]
            for label, n, _ in want:
                if key != "year":
                    assert label in texts, (lang, key, label)
                assert str(n) in texts
            # the table comes right after its chart
            assert found["svg"] == SERIES.index(key) + 1
        # labels are in the page's language: another language's labels are not on the page
        if lang != "en":
            english = {vocab["category"].label(v, "en") for v in vocab["category"].values}
            assert not english & {" ".join(t.split()) for t in page.svgs[0]["texts"]}


def test_statistics_page_of_a_small_site(tmp_path, vocab) -> None:
    project = make_project(tmp_path, HAND_MADE)
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    for lang in LANGS:
        html, page = read_page(project / "site", lang)
        assert f'<html lang="{lang}"' in html and vocab.t("stats.total", lang, n=5) in html
        rows = [[(r[0]["text"], int(r[1]["text"])) for r in t["sections"]["tbody"]] for t in page.tables]
        assert [len(r) for r in rows] == [3, 3, 7, 5]
        assert rows[2] == [("2015", 1), ("2016", 1), ("2017", 0), ("2018", 0), ("2019", 2), ("2020", 0), ("2021", 1)]
        assert rows[3][0] == (vocab["topic"].label("formative-assessment", lang), 3)


def test_statistics_pages_are_in_the_sitemap(example_site) -> None:
    sitemap = (example_site / "sitemap.xml").read_text(encoding="utf-8")
    for lang in LANGS:
        assert f"<loc>https://goodpractices.example.org/{LAYOUT.prefix(lang)}statistics/</loc>" in sitemap


# -- in the browser ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang, width", [(lang, 360) for lang in LANGS] + [("pl", 1280)])
def test_charts_fit_the_screen(browser, served_site, lang, width) -> None:
    """On a phone and on a desktop: no text outside its chart, no horizontal scrolling, the page's text size."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        page.goto(f"{served_site}/{LAYOUT.prefix(lang)}statistics/")
        page.wait_for_load_state("load")
        report = page.evaluate(
            """() => {
                const out = {scroll: document.documentElement.scrollWidth, viewport: innerWidth, svgs: []};
                for (const svg of document.querySelectorAll('figure.gp-chart svg')) {
                    const box = svg.getBoundingClientRect();
                    const parent = svg.parentElement.getBoundingClientRect();
                    const outside = [];
                    for (const t of svg.querySelectorAll('text')) {
                        const r = t.getBoundingClientRect();
                        if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1)
                            outside.push(t.textContent);
                    }
                    const size = parseFloat(getComputedStyle(svg.querySelector('text.gp-chart__value')).fontSize);
                    const bar = getComputedStyle(svg.querySelector('rect.gp-chart__bar')).fill;
                    out.svgs.push({width: box.width, column: svg.parentElement.tagName === 'FIGURE' ? parent.width : null, outside, size, bar});
                }
                return out;
            }"""
        )
        assert report["scroll"] <= report["viewport"], report
        assert len(report["svgs"]) == len(SERIES)
        for svg in report["svgs"]:
            assert svg["outside"] == [], svg
            assert svg["size"] == 14
            assert svg["bar"] == "rgb(64, 81, 181)"  # Material's indigo: 6.9:1 against white
            if width == 360:
                assert svg["width"] == pytest.approx(svg["column"], abs=1)  # the whole width of the page
    finally:
        context.close()
