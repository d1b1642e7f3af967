"""One JSON document per practice (`data/practices/<slug>.json`): the language-neutral
metadata, the labels of its coded values in every site language, its page in every
language, and every language version's texts, its body included (HTML, as on its page,
with absolute URLs).

The catalogue's open data (`opendata`) is flat, one row per practice and language,
for spreadsheets; this document is the whole practice, for a program that shows or
copies one. Key names are stable, like the open data's columns: add keys, never rename
or remove one. Each practice page links its document (`<link rel=alternate>` and a
visible link).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from .model import Practice
from .opendata import DATA_DIR
from .render import absolute
from .site import SiteLayout, version_texts
from .vocab import Vocabularies

PRACTICE_DATA_VERSION = 1
PRACTICES_DATA_DIR = DATA_DIR + "practices/"
"""The documents of the practices, at the site root."""


def practice_data_path(slug: str) -> str:
    """The document of a practice, relative to the site root."""
    return f"{PRACTICES_DATA_DIR}{slug}.json"


def practice_document(practice: Practice, layout: SiteLayout, vocab: Vocabularies, *, base_url: str, body_html: Callable[[str, str], str]) -> dict[str, Any]:
    """The document of `practice` (`base_url` ends with '/'; `body_html(slug, lang)` gives a version's rendered body)."""
    org, contact, cost, coords = practice.organisation, practice.contact, practice.cost, practice.coordinates
    licence = vocab["licence"].terms.get(practice.licence)
    slug = practice.slug
    return {
        "version": PRACTICE_DATA_VERSION,
        "slug": slug,
        "url": base_url + practice_data_path(slug),
        "original_language": practice.original_language,
        "languages": list(practice.versions),
        "pages": {code: base_url + layout.practice_path(slug, code) for code in layout.languages},
        "category": practice.category,
        "country": practice.country,
        "region": practice.region,
        "municipality": practice.municipality,
        "organisation": {"name": org.name, "type": org.type, "website": org.website},
        "level_of_government": practice.level_of_government,
        "education_levels": list(practice.education_levels),
        "topics": list(practice.topics),
        "period": {"start": practice.period.start, "end": practice.period.end},
        "stage": practice.stage,
        "published": practice.published,
        "licence": practice.licence,
        "licence_url": licence.extra.get("url") if licence else None,
        "contact": {"name": contact.name, "email": contact.email},
        "cost": {"amount": cost.amount, "currency": cost.currency} if cost else None,
        "coordinates": {"latitude": coords.lat, "longitude": coords.lon} if coords else None,
        "partners": [{"name": p.name, "type": p.type} for p in practice.partners],
        "attachments": [{"file": a.file, "url": base_url + layout.file_path(slug, a.file)} for a in practice.attachments],
        "links": [{"url": link.url, "kind": link.kind} for link in practice.links],
        "related": list(practice.related),
        "labels": {code: _labels(practice, code, vocab) for code in layout.languages},
        "versions": {code: _version(practice, code, layout, base_url, body_html) for code in practice.versions},
    }


def to_json(document: dict[str, Any]) -> str:
    # On one line: json's C encoder (an indented dump goes through the pure-Python one, ten times slower).
    return json.dumps(document, ensure_ascii=False) + "\n"


def _labels(practice: Practice, lang: str, vocab: Vocabularies) -> dict[str, Any]:
    """The practice's coded values as readers of `lang` see them on its card."""
    return {
        "category": vocab["category"].label(practice.category, lang),
        "country": vocab.countries.name(practice.country, lang),
        "organisation_type": vocab["organisation_type"].label(practice.organisation.type, lang),
        "level_of_government": vocab["level_of_government"].label(practice.level_of_government, lang),
        "education_levels": [vocab["education_level"].label(x, lang) for x in practice.education_levels],
        "topics": [vocab["topic"].label(x, lang) for x in practice.topics],
        "stage": vocab["stage"].label(practice.stage, lang),
        "licence": vocab["licence"].label(practice.licence, lang),
        "original_language": vocab.language_name(practice.original_language, lang),
    }


def _version(practice: Practice, lang: str, layout: SiteLayout, base_url: str, body_html: Callable[[str, str], str]) -> dict[str, Any]:
    """A version's texts: its own where it has them, else the original's (as its page shows them)."""
    version = practice.versions[lang]
    texts = version_texts(practice, version)
    built = lang in layout.languages
    return {
        "is_original": version.is_original,
        "page": base_url + layout.practice_path(practice.slug, lang) if built else None,
        "title": version.title,
        "summary": version.summary,
        "results": list(version.results),
        "tags": list(texts.tags[0]),
        "funding": texts.funding[0] if texts.funding else None,
        "cost_note": texts.cost_note[0] if texts.cost_note else None,
        "contact_role": texts.contact_role[0] if texts.contact_role else None,
        "partners": [name for name, _ in texts.partners],
        "attachments": [title for title, _ in texts.attachments],
        "links": [title for title, _ in texts.links],
        # Links to other practices go to the pages in this version's language (the default one's if it is not built).
        "body_html": absolute(body_html(practice.slug, lang), base_url, layout, lang if built else layout.default_language),
    }
