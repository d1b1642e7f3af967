"""The map of practices: markers at their coordinates (or their country's centre)."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Practice
from .site import SiteLayout
from .vocab import Vocabularies


@dataclass(frozen=True)
class Marker:
    slug: str
    title: str
    href: str
    lang: str
    lat: float | None
    lon: float | None
    country: str
    approximate: bool
    """True when the practice has no coordinates and is placed at its country's centre."""


@dataclass(frozen=True)
class MapView:
    lang: str
    markers: list[Marker]


def build_map(practices: dict[str, Practice], lang: str, layout: SiteLayout, vocab: Vocabularies) -> MapView:
    markers = []
    for practice in sorted(practices.values(), key=lambda p: p.slug):
        version = layout.best_version(practice, lang)
        coords = practice.coordinates
        markers.append(
            Marker(practice.slug, version.title, layout.practice_path(practice.slug, version.lang), version.lang,
                   coords.lat if coords else None, coords.lon if coords else None, practice.country, coords is None)
        )
    return MapView(lang, markers)
