"""Property-based fuzzing: whatever a file contains, the loader reports problems, never crashes."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import LANGS
from goodpractices import Vocabularies, load_practices
from goodpractices.errors import Problem
from goodpractices.frontmatter import parse_text
from goodpractices.schema import ALL_FIELDS, SHARED_ONLY_PATHS, TRANSLATION_PATHS

VOCAB = Vocabularies()
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=40),
    st.dates(min_value=dt.date(1, 1, 1)).map(str), st.sampled_from(["NO", "yes", "~", "ongoing", "2023-02-30", "development-plan", "PL", ".inf"]),
)
keys = st.one_of(st.sampled_from(sorted(ALL_FIELDS)), st.text(min_size=1, max_size=12))
values = st.recursive(scalars, lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=5)), max_leaves=20)
front_matter = st.dictionaries(keys, values, max_size=12)


def load_one(files: dict[str, bytes]) -> list[Problem]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for rel, data in files.items():
            path = root / "practices" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        result = load_practices(root / "practices", LANGS, VOCAB, display_base=root)
        for problem in result.problems:
            for lang in LANGS:
                assert problem.format(lang)  # every message renders in every language
        return result.problems


@FUZZ
@given(st.text(max_size=400))
def test_arbitrary_text(text: str) -> None:
    source, problems = parse_text(text, Path("practices/x/pl.md"))
    assert source is not None or problems  # a file not read says why (one read may have problems too)
    load_one({"x/pl.md": text.encode("utf-8", errors="surrogatepass") if "\ud800" > text else text.encode("utf-8", errors="replace")})


@FUZZ
@given(st.binary(max_size=300))
def test_arbitrary_bytes(data: bytes) -> None:
    load_one({"x/pl.md": data, "x/en.md": b"---\ntitle: t\nsummary: s\n---\n\nbody\n"})


@FUZZ
@given(front_matter, st.text(max_size=200))
def test_arbitrary_yaml_front_matter(fields: dict, body: str) -> None:
    try:
        dumped = yaml.safe_dump(fields, allow_unicode=True)
    except yaml.YAMLError:
        return
    load_one({"x/pl.md": f"---\n{dumped}---\n{body}".encode("utf-8", errors="replace")})


@FUZZ
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_arbitrary_yaml_text(yaml_text: str) -> None:
    """Raw text between the fences: YAML syntax errors of every kind."""
    load_one({"x/pl.md": f"---\n{yaml_text}\n---\n\nBody\n".encode()})


TRANSLATION_KEYS = sorted({name for path in TRANSLATION_PATHS + SHARED_ONLY_PATHS for name in path.split(".")})
ORIGINAL = """---
title: Tytuł
summary: Streszczenie.
category: development-plan
country: PL
topics: [inclusion]
organisation: {name: Gmina, type: municipality}
level_of_government: local
education_levels: [primary]
period: {start: 2020}
stage: pilot
contact: {name: Anna, role: Koordynatorka, email: anna@example.org}
published: 2024-01-01
tags: [sieć]
funding: Budżet gminy
cost: {amount: 100, currency: PLN, note: Sale}
partners: [{name: Poradnia, type: other}, {name: Ośrodek}]
attachments: [{file: plan.pdf, title: Plan}]
links: [{url: 'https://example.org/a', title: Strona}]
---

Tekst.
"""
translation_keys = st.one_of(st.sampled_from(TRANSLATION_KEYS), st.text(min_size=1, max_size=12))
translation_scalars = st.one_of(scalars, st.sampled_from(["plan.pdf", "./plan.pdf", "https://example.org/a", "Poradnia"]))
translation_values = st.recursive(
    translation_scalars, lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(translation_keys, children, max_size=5)), max_leaves=20
)


@FUZZ
@given(st.dictionaries(translation_keys, translation_values, max_size=12), st.text(max_size=100))
def test_arbitrary_translation_front_matter(fields: dict, body: str) -> None:
    """A translation next to an original holding every translatable field: problems, never a crash."""
    try:
        dumped = yaml.safe_dump(fields, allow_unicode=True)
    except yaml.YAMLError:
        return
    load_one({"x/pl.md": ORIGINAL.encode(), "x/plan.pdf": b"%PDF", "x/en.md": f"---\n{dumped}---\n{body}".encode("utf-8", errors="replace")})
