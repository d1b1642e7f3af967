"""Statistics of the collection for one interface language: counts, chart geometry and texts.

Four series: practices per category, country, topic (horizontal bar charts,
most practices first) and per year of start (a column chart with every year
from the first to the last start, zeros included). A practice counts once per
series, except for topics: it counts once for each of its topics.

The geometry is computed here, the markup is left to a template. Charts are
meant for an SVG as wide as its container and without a viewBox, so that text
keeps the page's size at any width: horizontal positions and lengths are
percentages of the width, vertical ones pixels (the labels are 14 px text).
Everything is ordered deterministically, so that builds are reproducible.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

from .model import Practice
from .site import SiteLayout, sort_key
from .vocab import Vocabularies

# -- geometry constants (px for vertical positions, % of the width for horizontal ones)

FONT_SIZE = 14
"""Size of chart text in px; the stylesheet must use the same."""
LINE_HEIGHT = 18
LABEL_CHARS = 36
"""Characters per label line of a bar chart (fits a phone screen at FONT_SIZE)."""
LABEL_LINES = 2
"""Label lines at most; a longer label is shortened with an ellipsis (the full text is in the table and the tooltip)."""

BAR_HEIGHT = 18
BAR_GAP = 4
"""Between a bar's label and the bar."""
ROW_GAP = 12
"""Between one bar and the next label."""
BAR_PLOT_WIDTH = 88.0
"""Percentage of the width the longest possible bar takes: the rest holds its value label."""
BAR_AXIS_GAP = 6
TICK_LABEL_GAP = 18

COLUMN_PLOT_LEFT = 9.0
"""Percentage of the width left of the columns, for the tick labels of the value axis."""
COLUMN_PLOT_RIGHT = 97.0
"""Percentage of the width where the columns end: the last year's label is centred under its column."""
COLUMN_TOP = 22
"""Room above the tallest possible column for its value label."""
COLUMN_PLOT_HEIGHT = 150
COLUMN_FILL = 0.64
"""Share of each year's slot taken by its column."""
COLUMN_VALUE_LABELS_MAX = 24
"""Above this many years, columns carry no value labels (they would overlap on a phone; the table has the numbers)."""
YEAR_LABELS_MAX = 8
"""At most this many year labels under the columns (every year at most, else every 2nd, 5th, 10th… year)."""

MAX_TICKS = 5
"""Intervals on a value axis at most."""
DESCRIPTION_ITEMS = 3
"""Values named in a chart's description at most."""


@dataclass(frozen=True)
class Count:
    value: str
    label: str
    count: int
    href: str | None = None
    """The static page of this value (categories, countries, topics), site-relative."""


@dataclass(frozen=True)
class Tick:
    """A value on the value axis."""

    value: int
    position: float
    """Bar charts: % of the width from the left; column charts: px from the top."""
    anchor: Literal["start", "middle", "end"] = "middle"
    """text-anchor of the tick's label."""


@dataclass(frozen=True)
class Mark:
    """One bar (or column) with its labels."""

    count: Count
    x: float
    """% of the width."""
    width: float
    """% of the width."""
    y: float
    """px from the top."""
    height: float
    """px."""
    label_lines: tuple[str, ...]
    """The visible label, wrapped (bar charts) or the year (column charts; empty if this year is not labelled)."""
    label_x: float
    """% of the width; for column charts, the centre of the column."""
    label_ys: tuple[float, ...]
    """Baseline of each label line, px."""
    value_x: float
    """% of the width: bar charts, the end of the bar (the label starts just after it); columns, their centre."""
    value_y: float
    """Baseline of the value label, px."""
    shortened: bool = False
    """The visible label is not the whole label."""
    show_value: bool = True


@dataclass(frozen=True)
class Chart:
    kind: Literal["bars", "columns"]
    height: float
    """Height of the SVG in px (its width is that of its container)."""
    maximum: int
    """The value at the end of the value axis (a round number at least the largest count)."""
    step: int
    ticks: list[Tick]
    marks: list[Mark]
    plot_left: float
    """% of the width where the bars or columns start."""
    plot_right: float
    """% of the width where the value axis ends."""
    plot_top: float
    """px."""
    plot_bottom: float
    """px: the baseline of columns, the value axis of bars."""
    tick_label_y: float = 0.0
    """Bar charts: baseline of the tick labels under the value axis, px."""


@dataclass(frozen=True)
class Series:
    key: str
    """category, country, year or topic."""
    title: str
    """What the chart shows, e.g. "Practices by category"."""
    label: str
    """Name of the values, for the table's first column, e.g. "Category"."""
    counts: list[Count]
    """In chart order: most practices first (then by label), or by year."""
    chart: Chart
    description: str
    """A sentence or three summarising the chart, for its SVG <desc>."""
    note: str | None = None
    additive: bool = True
    """Every practice counts once, so the counts add up to the total."""

    @property
    def sum(self) -> int:
        return sum(c.count for c in self.counts)

    @property
    def id(self) -> str:
        return f"gp-stats-{self.key}"


@dataclass(frozen=True)
class Statistics:
    lang: str
    total: int
    series: list[Series] = field(default_factory=list)

    def get(self, key: str) -> Series:
        return next(s for s in self.series if s.key == key)


# -- numbers ---------------------------------------------------------------------


def nice_scale(largest: int, max_ticks: int = MAX_TICKS) -> tuple[int, int]:
    """(axis maximum, step) for counts up to `largest`: an integer step of 1, 2 or 5 × 10ⁿ, at most `max_ticks` intervals."""
    if largest <= 0:
        return 1, 1
    magnitude = 1
    while True:
        for m in (1, 2, 5):
            step = m * magnitude
            top = -(-largest // step) * step
            if top // step <= max_ticks:
                return top, step
        magnitude *= 10


def wrap_label(text: str, width: int = LABEL_CHARS, max_lines: int = LABEL_LINES) -> tuple[tuple[str, ...], bool]:
    """The lines of a label, and whether it had to be shortened to fit `max_lines`."""
    lines = textwrap.wrap(text, width, break_on_hyphens=False) or [text]
    if len(lines) <= max_lines:
        return tuple(lines), False
    last = lines[max_lines - 1]
    last = last[: width - 1].rstrip() + "…"
    return (*lines[: max_lines - 1], last), True


def _pct(x: float) -> float:
    return round(x, 3)


def _tally(practices: Iterable[Practice], values_of: Callable[[Practice], Iterable[str]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for practice in practices:
        for value in dict.fromkeys(values_of(practice)):  # a value listed twice counts once
            counts[value] = counts.get(value, 0) + 1
    return counts


def _by_count(counts: list[Count]) -> list[Count]:
    """Most practices first, then by label (accent-insensitive), then by value: a stable order."""
    return sorted(counts, key=lambda c: (-c.count, sort_key(c.label), c.value))


# -- geometry --------------------------------------------------------------------


def bar_chart(counts: list[Count]) -> Chart:
    """Horizontal bars in the given order, each under its (wrapped) label."""
    maximum, step = nice_scale(max((c.count for c in counts), default=0))
    marks = []
    y = 4.0
    for c in counts:
        lines, shortened = wrap_label(c.label)
        label_ys = tuple(y + FONT_SIZE + i * LINE_HEIGHT for i in range(len(lines)))
        bar_y = y + len(lines) * LINE_HEIGHT + BAR_GAP
        width = _pct(c.count / maximum * BAR_PLOT_WIDTH)
        marks.append(
            Mark(
                count=c,
                x=0.0,
                width=width,
                y=bar_y,
                height=BAR_HEIGHT,
                label_lines=lines,
                label_x=0.0,
                label_ys=label_ys,
                value_x=width,
                value_y=bar_y + BAR_HEIGHT / 2 + FONT_SIZE * 0.35,
                shortened=shortened,
            )
        )
        y = bar_y + BAR_HEIGHT + ROW_GAP
    plot_bottom = y - ROW_GAP + BAR_AXIS_GAP
    ticks = [
        Tick(v, _pct(v / maximum * BAR_PLOT_WIDTH), "start" if v == 0 else "middle")
        for v in range(0, maximum + 1, step)
    ]
    tick_label_y = plot_bottom + TICK_LABEL_GAP
    return Chart(
        kind="bars",
        height=tick_label_y + 6,
        maximum=maximum,
        step=step,
        ticks=ticks,
        marks=marks,
        plot_left=0.0,
        plot_right=BAR_PLOT_WIDTH,
        plot_top=4.0,
        plot_bottom=plot_bottom,
        tick_label_y=tick_label_y,
    )


def year_label_step(first: int, last: int, max_labels: int = YEAR_LABELS_MAX) -> int:
    """Label every year, or every 2nd, 5th, 10th, 20th… (years divisible by it), so that at most `max_labels` are labelled."""
    magnitude = 1
    while True:
        for m in (1, 2, 5):
            step = m * magnitude
            if step == 1 and last - first + 1 <= max_labels:
                return 1
            if step > 1 and last // step - (first - 1) // step <= max_labels:
                return step
        magnitude *= 10


def column_chart(counts: list[Count]) -> Chart:
    """Columns, one per count in the given order (years, oldest first)."""
    maximum, step = nice_scale(max((c.count for c in counts), default=0))
    n = len(counts)
    baseline = float(COLUMN_TOP + COLUMN_PLOT_HEIGHT)
    slot = (COLUMN_PLOT_RIGHT - COLUMN_PLOT_LEFT) / max(n, 1)
    years = [int(c.value) for c in counts if c.value.isdigit()]
    label_step = year_label_step(min(years), max(years)) if years else 1
    show_values = n <= COLUMN_VALUE_LABELS_MAX
    marks = []
    for i, c in enumerate(counts):
        height = round(c.count / maximum * COLUMN_PLOT_HEIGHT, 2)
        centre = _pct(COLUMN_PLOT_LEFT + (i + 0.5) * slot)
        labelled = not c.value.isdigit() or int(c.value) % label_step == 0
        marks.append(
            Mark(
                count=c,
                x=_pct(COLUMN_PLOT_LEFT + (i + (1 - COLUMN_FILL) / 2) * slot),
                width=_pct(slot * COLUMN_FILL),
                y=round(baseline - height, 2),
                height=height,
                label_lines=(c.label,) if labelled else (),
                label_x=centre,
                label_ys=(baseline + TICK_LABEL_GAP,) if labelled else (),
                value_x=centre,
                value_y=round(baseline - height - 5, 2),
                show_value=show_values,
            )
        )
    ticks = [Tick(v, round(baseline - v / maximum * COLUMN_PLOT_HEIGHT, 2), "end") for v in range(0, maximum + 1, step)]
    return Chart(
        kind="columns",
        height=baseline + TICK_LABEL_GAP + 8,
        maximum=maximum,
        step=step,
        ticks=ticks,
        marks=marks,
        plot_left=COLUMN_PLOT_LEFT,
        plot_right=COLUMN_PLOT_RIGHT,
        plot_top=float(COLUMN_TOP),
        plot_bottom=baseline,
    )


# -- the page --------------------------------------------------------------------


def _description(kind_sentence: str, counts: list[Count], lang: str, vocab: Vocabularies, extra: str | None = None) -> str:
    sentences = [kind_sentence]
    largest = max((c.count for c in counts), default=0)
    if largest > 0:
        top = [c.label for c in counts if c.count == largest]
        items = ", ".join(top[:DESCRIPTION_ITEMS]) + (", …" if len(top) > DESCRIPTION_ITEMS else "")
        # "…." would end the sentence twice
        sentences.append(vocab.t("stats.desc.most", lang, n=largest, items=items).replace("….", "…"))
    if extra:
        sentences.append(extra)
    return " ".join(sentences)


def build_statistics(practices: dict[str, Practice], lang: str, layout: SiteLayout, vocab: Vocabularies) -> Statistics:
    """Practices per category, country, year of start and topic, for readers of `lang`."""
    from .catalogue import term_path

    # Ordered by slug: the same input gives the same output whatever the loading order.
    ordered = [practices[slug] for slug in sorted(practices)]
    t = vocab.t
    series: list[Series] = []

    def bars(key: str, facet: str, title_key: str, label: str, values_of: Callable[[Practice], Iterable[str]], name: Callable[[str], str], note: str | None = None) -> None:
        tallied = _tally(ordered, values_of)
        counts = _by_count([Count(v, name(v), n, term_path(layout, lang, facet, v)) for v, n in tallied.items()])
        description = _description(t("stats.desc.bars", lang), counts, lang, vocab, note)
        series.append(Series(key, t(title_key, lang), label, counts, bar_chart(counts), description, note, additive=note is None))

    bars("category", "category", "stats.by_category", t("field.category", lang), lambda p: [p.category], lambda v: vocab["category"].label(v, lang))
    bars("country", "country", "stats.by_country", t("field.country", lang), lambda p: [p.country], lambda v: vocab.countries.name(v, lang))

    started = _tally(ordered, lambda p: [str(p.period.start_year)])
    if started:
        first, last = min(map(int, started)), max(map(int, started))
        years = [Count(str(y), str(y), started.get(str(y), 0)) for y in range(first, last + 1)]
        kind = t("stats.desc.columns", lang, first=first, last=last)
    else:
        years, kind = [], t("stats.desc.columns_empty", lang)
    series.append(Series("year", t("stats.by_year", lang), t("stats.year", lang), years, column_chart(years), _description(kind, years, lang, vocab)))

    bars("topic", "topic", "stats.by_topic", t("stats.topic", lang), lambda p: p.topics, lambda v: vocab["topic"].label(v, lang), note=t("stats.topic_note", lang))
    return Statistics(lang, len(practices), series)
