"""`related_map`: the indexed top-k search returns exactly what the plain algorithm did.

`reference_related_map` is the previous implementation (score every candidate
of the category and of the shared topics, sort, keep the first `limit`), kept
here as the specification. The new one is compared with it on random
collections: tiny and larger, one country or many, practices without topics
or with many, duplicate dates, and `related` lists with unknown slugs,
self-references and repetitions.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, minimal_practice
from goodpractices import load_practices
from goodpractices.model import Practice
from goodpractices.site import RELATED_LIMIT, _negated, related_map


def reference_related_map(practices: dict[str, Practice], limit: int = RELATED_LIMIT) -> dict[str, list[str]]:
    """The previous `related_map`, verbatim: quadratic, obviously right."""
    by_category: dict[str, set[str]] = {}
    by_topic: dict[str, set[str]] = {}
    for p in practices.values():
        by_category.setdefault(p.category, set()).add(p.slug)
        for topic in p.topics:
            by_topic.setdefault(topic, set()).add(p.slug)
    out: dict[str, list[str]] = {}
    for practice in practices.values():
        chosen = [slug for slug in practice.related if slug in practices and slug != practice.slug]
        taken = {practice.slug, *chosen}
        topics = set(practice.topics)
        candidates = set(by_category.get(practice.category, ()))
        for topic in topics:
            candidates |= by_topic.get(topic, set())
        scored = []
        for slug in candidates - taken:
            other = practices[slug]
            shared = len(topics.intersection(other.topics))
            same_category = other.category == practice.category
            if not same_category and shared < 2:
                continue
            if same_category and shared == 0 and other.country != practice.country:
                continue
            scored.append(((other.country != practice.country, -(shared + 2 * same_category), _negated(other.published), slug), slug))
        scored.sort()
        out[practice.slug] = (chosen + [slug for _, slug in scored])[:limit]
    return out


def make_practice(slug: str, country: str, category: str, topics: list[str], published: str, related: list[str] | None = None) -> Practice:
    return minimal_practice(slug, country=country, category=category, topics=topics, published=published, related=[] if related is None else related)


def assert_same(practices: dict[str, Practice], limit: int = RELATED_LIMIT) -> None:
    expected = reference_related_map(practices, limit)
    actual = related_map(practices, limit)
    assert list(actual) == list(expected)
    for slug in expected:
        assert actual[slug] == expected[slug], (slug, limit)


def synthetic(
    n: int,
    seed: int,
    *,
    countries: dict[str, float] | None = None,
    categories: int = 3,
    topics: int = 17,
    topic_counts: tuple[list[int], list[float]] = ([1, 2, 3, 4], [2, 4, 3, 1]),
    years: tuple[int, int] = (2015, 2025),
    related_share: float = 0.15,
) -> dict[str, Practice]:
    """A collection drawn like scripts/bench_gen.py draws one (country weights, 1–4 of 17 topics, 3 categories)."""
    rng = random.Random(seed)
    countries = countries or {"PL": 35, "CZ": 20, "SI": 15, "NO": 15, "IE": 2, "GB": 2, "MT": 2, "EE": 2, "LT": 2, "SK": 2, "HR": 2, "PT": 1}
    topic_pool = [f"topic-{i}" for i in range(topics)]
    category_pool = [f"category-{i}" for i in range(categories)]
    out: dict[str, Practice] = {}
    slugs: list[str] = []
    for i in range(n):
        slug = f"practice-{i:05d}"
        count = min(rng.choices(*topic_counts)[0], topics)
        related: list[str] = []
        if rng.random() < related_share:
            related = rng.sample(slugs, min(len(slugs), rng.randint(1, 2)))
            if rng.random() < 0.3:
                related.append(rng.choice(["no-such-practice", slug, *related]))
        out[slug] = make_practice(
            slug,
            rng.choices(list(countries), list(countries.values()))[0],
            rng.choice(category_pool),
            rng.sample(topic_pool, count),
            f"{rng.randint(*years)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            related,
        )
        slugs.append(slug)
    return out


# -- hypothesis: small collections, every odd case ------------------------------------

DATES = st.sampled_from(["2024-01-01", "2024-01-01", "2023-12-31", "2024-06-15", "2019-03-03", "2024", "2024-01"])


@st.composite
def collections(draw: st.DrawFn) -> tuple[dict[str, Practice], int]:
    n = draw(st.integers(0, 40))
    slugs = [f"p{i:02d}" for i in range(n)]
    countries = draw(st.lists(st.sampled_from(["PL", "CZ", "SI", "NO", "MT"]), min_size=1, max_size=5, unique=True))
    categories = draw(st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=3, unique=True))
    topic_pool = [f"t{i}" for i in range(draw(st.integers(1, 17)))]
    practices: dict[str, Practice] = {}
    for slug in slugs:
        related = draw(st.lists(st.sampled_from([*slugs, "unknown", "p99"]) if slugs else st.just("unknown"), max_size=4))
        practices[slug] = make_practice(
            slug,
            draw(st.sampled_from(countries)),
            draw(st.sampled_from(categories)),
            draw(st.lists(st.sampled_from(topic_pool), max_size=draw(st.sampled_from([3, 6, 17])))),  # repeats allowed; may be empty
            draw(DATES),
            related,
        )
    limit = draw(st.one_of(st.just(RELATED_LIMIT), st.integers(-3, 12)))
    return practices, limit


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(collections())
def test_same_as_reference_on_random_small_collections(case: tuple[dict[str, Practice], int]) -> None:
    practices, limit = case
    assert_same(practices, limit)


# -- seeded: larger collections of several shapes -------------------------------------


def test_same_as_reference_like_the_benchmark_collections() -> None:
    for n, seed in [(1, 1), (2, 2), (7, 3), (60, 4), (400, 5)]:
        practices = synthetic(n, seed)
        for limit in (RELATED_LIMIT, 1, 0, 12, -2):
            assert_same(practices, limit)
    assert_same(synthetic(1500, 6))


def test_same_as_reference_with_one_country() -> None:
    practices = synthetic(500, 11, countries={"PL": 1})
    assert_same(practices)
    assert_same(practices, 20)


def test_same_as_reference_with_many_small_countries() -> None:
    # most practices are alone in their country: the other countries decide
    practices = synthetic(600, 12, countries={f"C{i:03d}": 1 for i in range(300)}, years=(2024, 2024))
    assert_same(practices)
    assert_same(practices, 9)


def test_same_as_reference_with_many_topics_and_few_dates() -> None:
    # many topics per practice: levels above the indexed subset size, and the cap on merged buckets
    practices = synthetic(400, 13, topics=17, topic_counts=(list(range(18)), [1] * 18), years=(2024, 2024), categories=2)
    assert_same(practices)
    assert_same(practices, 15)
    for seed in range(20):
        # many topics and few practices per country: other categories and countries count
        practices = synthetic(60, seed, topics=17, topic_counts=(list(range(18)), [1] * 18), countries={f"C{i}": 1 for i in range(8)})
        assert_same(practices)
        assert_same(practices, 12)
    practices = synthetic(300, 14, topics=6, topic_counts=([0, 1, 5, 6], [1, 1, 2, 2]), categories=1, countries={"PL": 3, "CZ": 1})
    assert_same(practices)


def test_same_as_reference_with_long_related_lists() -> None:
    practices = synthetic(200, 15, related_share=1.0)
    rng = random.Random(15)
    slugs = list(practices)
    for practice in list(practices.values())[::3]:
        practice.related = [*rng.sample(slugs, 7), practice.slug, "missing", slugs[0]]
    for limit in (RELATED_LIMIT, 3, 8, 30, -1):
        assert_same(practices, limit)


def test_same_as_reference_on_generated_practice_files(tmp_path: Path, vocab) -> None:
    # practices as the loader reads them from files written by scripts/bench_gen.py
    sys.path.insert(0, str(ROOT / "scripts"))
    import bench_gen

    bench_gen.generate(tmp_path / "practices", 150, vocab, seed=3, body_words=30, languages=("en",))
    result = load_practices(tmp_path / "practices", ("en",), vocab)
    assert len(result.practices) == 150
    assert_same(result.practices)


def test_many_topics_still_find_other_categories() -> None:
    # 14 topics: the streams merge the buckets of fewer, smaller subsets, never smaller than indexed
    topics = [f"t{i}" for i in range(14)]
    practices = {
        p.slug: p
        for p in [
            make_practice("me", "PL", "a", topics, "2024-01-01"),
            make_practice("other-cat", "PL", "b", topics[:2], "2024-01-01"),
            make_practice("abroad", "CZ", "a", topics[:1], "2024-01-01"),
            make_practice("abroad-b", "CZ", "b", topics[:3], "2024-01-01"),
        ]
    }
    assert related_map(practices)["me"] == ["other-cat", "abroad", "abroad-b"]
    assert_same(practices)


def test_related_practices_example() -> None:
    practices = {
        p.slug: p
        for p in [
            make_practice("me", "PL", "a", ["x", "y"], "2024-01-01", related=["me", "unknown", "far"]),
            make_practice("far", "NO", "b", [], "2020-01-01"),
            make_practice("same-cat-old", "PL", "a", [], "2019-01-01"),
            make_practice("same-cat-new", "PL", "a", [], "2023-01-01"),
            make_practice("two-topics", "PL", "b", ["x", "y"], "2018-01-01"),
            make_practice("one-topic", "PL", "b", ["x"], "2024-01-01"),  # another category needs two
            make_practice("abroad", "CZ", "a", ["x", "y"], "2024-02-01"),
            make_practice("abroad-no-topic", "CZ", "a", [], "2024-02-01"),  # same category abroad needs one
        ]
    }
    assert related_map(practices)["me"] == ["far", "same-cat-new", "same-cat-old", "two-topics", "abroad"]
    assert_same(practices)
