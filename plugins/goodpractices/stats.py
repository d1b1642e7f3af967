"""Statistics of the collection for one interface language: counts for charts and tables."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Practice
from .site import SiteLayout, sort_key
from .vocab import Vocabularies


@dataclass(frozen=True)
class Count:
    value: str
    label: str
    count: int
    href: str | None = None


@dataclass(frozen=True)
class Series:
    key: str
    """category, country, year or topic."""
    title: str
    counts: list[Count]


@dataclass(frozen=True)
class Statistics:
    lang: str
    total: int
    series: list[Series]


def build_statistics(practices: dict[str, Practice], lang: str, layout: SiteLayout, vocab: Vocabularies) -> Statistics:
    """Practices per category, country, year (of start) and topic."""
    from .catalogue import term_path

    def tally(values_of) -> dict[str, int]:  # type: ignore[no-untyped-def]
        counts: dict[str, int] = {}
        for practice in practices.values():
            for value in values_of(practice):
                counts[value] = counts.get(value, 0) + 1
        return counts

    categories = tally(lambda p: [p.category])
    countries = tally(lambda p: [p.country])
    years = tally(lambda p: [str(p.period.start_year)])
    topics = tally(lambda p: p.topics)
    series = [
        Series("category", vocab.t("field.category", lang), [Count(v, vocab["category"].label(v, lang), categories[v], term_path(layout, lang, "category", v)) for v in vocab["category"].values if v in categories]),
        Series("country", vocab.t("field.country", lang), sorted((Count(v, vocab.countries.name(v, lang), n, term_path(layout, lang, "country", v)) for v, n in countries.items()), key=lambda c: (-c.count, sort_key(c.label)))),
        Series("year", vocab.t("stats.year", lang), [Count(y, y, years[y]) for y in sorted(years)]),
        Series("topic", vocab.t("field.topics", lang), sorted((Count(v, vocab["topic"].label(v, lang), n, term_path(layout, lang, "topic", v)) for v, n in topics.items()), key=lambda c: (-c.count, sort_key(c.label)))),
    ]
    return Statistics(lang, len(practices), series)
