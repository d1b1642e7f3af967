"""Printable compilations: all practices of one category in one document, per language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .model import Practice
from .site import PracticeView, SiteLayout, practice_view, sort_key
from .vocab import Vocabularies


def compilation_path(layout: SiteLayout, lang: str, category: str) -> str:
    return f"{layout.prefix(lang)}print/{category}/"


@dataclass(frozen=True)
class CompilationEntry:
    anchor: str
    view: PracticeView
    body_html: str


@dataclass(frozen=True)
class Compilation:
    lang: str
    category: str
    category_label: str
    entries: list[CompilationEntry]


def build_compilation(
    practices: dict[str, Practice],
    category: str,
    lang: str,
    layout: SiteLayout,
    vocab: Vocabularies,
    *,
    render: Callable[[Practice, str], str],
) -> Compilation:
    """The practices of `category`, each in its best version for `lang`, sorted by title."""
    chosen = [p for p in practices.values() if p.category == category]
    entries = []
    for practice in chosen:
        version = layout.best_version(practice, lang)
        view = practice_view(practice, version.lang, layout, vocab, practices)
        entries.append(CompilationEntry(f"practice-{practice.slug}", view, render(practice, version.lang)))
    entries.sort(key=lambda e: (sort_key(e.view.title), e.view.slug))
    return Compilation(lang, category, vocab["category"].label(category, lang), entries)
