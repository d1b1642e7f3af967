"""Open data: the whole catalogue as JSON and CSV, per language and for all languages.

The file of all languages has one record per practice *and language version*;
the file of a language has one per practice: its version in that language, else
the version its readers get (`language` says which), linked to the practice's
page in that language. The CSV starts with a byte order mark, so that
spreadsheet programs read it as UTF-8. Column names are stable (they
are a public interface, documented on the site's open-data page): add columns
at the end, never rename or remove one. Multi-valued fields are joined with
`|` in CSV and are arrays in JSON.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from .model import Practice, Version
from .site import SiteLayout, version_texts
from .vocab import Vocabularies

OPEN_DATA_VERSION = 1
DATA_DIR = "data/"
"""The open data files, at the site root."""
SCHEMA_PATH = DATA_DIR + "practices.schema.json"
"""The JSON Schema of the JSON files."""
LICENCE_NOTICE = (
    "Each practice is published under the licence in its `licence` column (CC-BY-4.0 unless stated); "
    "attribute the organisation named in `organisation_name` and link to `url`. "
    "Contact details are published so that readers can ask about the practice, not for marketing."
)

COLUMNS: tuple[str, ...] = (
    "slug", "language", "is_original", "original_language", "languages", "title", "summary", "url",
    "category", "category_label", "country", "country_name", "region", "municipality",
    "organisation_name", "organisation_type", "organisation_website", "level_of_government",
    "education_levels", "topics", "tags", "period_start", "period_end", "stage", "published",
    "licence", "contact_name", "contact_role", "contact_email", "funding", "cost_amount", "cost_currency",
    "latitude", "longitude", "related", "results",
)
"""The stable column names, in order (also the keys of each JSON record)."""

_MULTI = {"languages", "education_levels", "topics", "tags", "related", "results"}

_FIELD_LABELS = {
    "original_language": "field.original_language", "languages": "field.languages", "category": "field.category",
    "country": "field.country", "region": "field.region", "municipality": "field.municipality",
    "organisation_name": "field.organisation", "organisation_type": "field.organisation_type",
    "level_of_government": "field.level_of_government", "education_levels": "field.education_levels",
    "topics": "field.topics", "tags": "field.tags", "stage": "field.stage", "published": "field.published",
    "licence": "field.licence", "funding": "field.funding", "related": "field.related", "results": "field.results",
}  # fmt: skip
"""Columns described by the label of their field on a practice's card; the others have a `column.<name>` string."""


def file_path(lang: str | None, form: str) -> str:
    """The open-data file of readers of `lang` (None: of all languages) in `form`, `json` or `csv`."""
    return f"{DATA_DIR}practices{'' if lang is None else '-' + lang}.{form}"


def is_multi(column: str) -> bool:
    """Whether the column holds a list (a JSON array; joined with `|` in CSV)."""
    return column in _MULTI


def dataset_title(lang: str | None, reader: str, vocab: Vocabularies, site_name: str) -> str:
    """The title of the files of `lang` (None: of all languages) for readers of `reader`: the site's name and the language."""
    if lang is None:
        return vocab.t("reuse.dataset_title_all", reader, site=site_name)
    return vocab.t("reuse.dataset_title", reader, site=site_name, language=vocab.language_name(lang, reader))


def dataset_description(lang: str | None, reader: str, vocab: Vocabularies) -> str:
    """What the files of `lang` (None: of all languages) hold, for readers of `reader`."""
    if lang is None:
        return vocab.t("reuse.dataset_description_all", reader)
    return vocab.t("reuse.dataset_description", reader, language=vocab.language_name(lang, reader))


def column_description(column: str, lang: str, vocab: Vocabularies) -> str:
    """What a column holds, in `lang` (the open-data page's table, the Data Package's field descriptions)."""
    return vocab.t(_FIELD_LABELS.get(column, f"column.{column}"), lang)


def record(practice: Practice, version: Version, layout: SiteLayout, vocab: Vocabularies, base_url: str, reader: str | None = None) -> dict[str, Any]:
    """One language version as a flat record, for readers of `reader` (default: the version's language).

    `url` is the practice's page for them and the labels are in their language, so that
    a language's file labels every row alike; the texts are the version's.
    """
    lang = version.lang
    labels = reader or lang
    texts = version_texts(practice, version)
    org, contact, cost, coords = practice.organisation, practice.contact, practice.cost, practice.coordinates
    return {
        "slug": practice.slug,
        "language": lang,
        "is_original": version.is_original,
        "original_language": practice.original_language,
        "languages": list(practice.versions),
        "title": version.title,
        "summary": version.summary,
        "url": base_url + layout.practice_path(practice.slug, reader or lang),
        "category": practice.category,
        "category_label": vocab["category"].label(practice.category, labels),
        "country": practice.country,
        "country_name": vocab.countries.name(practice.country, labels),
        "region": practice.region,
        "municipality": practice.municipality,
        "organisation_name": org.name,
        "organisation_type": org.type,
        "organisation_website": org.website,
        "level_of_government": practice.level_of_government,
        "education_levels": list(practice.education_levels),
        "topics": list(practice.topics),
        "tags": list(texts.tags[0]),
        "period_start": practice.period.start,
        "period_end": practice.period.end or "ongoing",
        "stage": practice.stage,
        "published": practice.published,
        "licence": practice.licence,
        "contact_name": contact.name,
        "contact_role": texts.contact_role[0] if texts.contact_role else None,
        "contact_email": contact.email,
        "funding": texts.funding[0] if texts.funding else None,
        "cost_amount": cost.amount if cost else None,
        "cost_currency": cost.currency if cost else None,
        "latitude": coords.lat if coords else None,
        "longitude": coords.lon if coords else None,
        "related": list(practice.related),
        "results": list(version.results),
    }


def records(practices: dict[str, Practice], layout: SiteLayout, vocab: Vocabularies, base_url: str, lang: str | None = None) -> list[dict[str, Any]]:
    """Records of every version sorted by slug then language; or, for `lang`, one per practice sorted by slug."""
    out = []
    for slug in sorted(practices):
        practice = practices[slug]
        if lang is not None:
            out.append(record(practice, layout.best_version(practice, lang), layout, vocab, base_url, reader=lang))
            continue
        for code in sorted(practice.versions):
            out.append(record(practice, practice.versions[code], layout, vocab, base_url))
    return out


def to_json(rows: Iterable[dict[str, Any]], *, lang: str | None, schema_url: str) -> str:
    head = {
        "version": OPEN_DATA_VERSION,
        "language": lang or "all",
        "licence": LICENCE_NOTICE,
        "schema": schema_url,
        "columns": list(COLUMNS),
    }
    # One practice per line: readable, diff-friendly, and written by json's C encoder
    # (an indented dump goes through the pure-Python one, ten times slower).
    lines = [f" {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}," for key, value in head.items()]
    practices = ",\n".join("  " + json.dumps(row, ensure_ascii=False) for row in rows)
    return "{\n" + "\n".join(lines) + '\n "practices": [' + ("\n" + practices + "\n ]" if practices else "]") + "\n}\n"


def to_csv(rows: Iterable[dict[str, Any]]) -> str:
    """RFC 4180 CSV, header row of COLUMNS, lists joined with `|`; a byte order mark first (UTF-8 for spreadsheets)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_cell(row[c], c in _MULTI) for c in COLUMNS])
    return buffer.getvalue()


def _cell(value: Any, multi: bool) -> str:
    if value is None:
        return ""
    if multi:
        return "|".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def json_schema(schema_id: str) -> dict[str, Any]:
    """JSON Schema of the open-data JSON files."""
    string_or_null = {"type": ["string", "null"]}
    number_or_null = {"type": ["number", "null"]}
    array = {"type": "array", "items": {"type": "string"}}
    properties: dict[str, Any] = {c: string_or_null for c in COLUMNS}
    properties.update({c: array for c in _MULTI})
    properties.update(
        {
            "slug": {"type": "string"}, "language": {"type": "string"}, "is_original": {"type": "boolean"},
            "title": {"type": "string"}, "summary": {"type": "string"}, "url": {"type": "string", "format": "uri"},
            "category": {"type": "string"}, "country": {"type": "string", "pattern": "^[A-Z]{2}$"},
            "published": {"type": "string", "format": "date"}, "cost_amount": number_or_null,
            "latitude": number_or_null, "longitude": number_or_null,
        }
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_id,
        "title": "Good practices in local education governance: open data",
        "type": "object",
        "required": ["version", "language", "licence", "columns", "practices"],
        "properties": {
            "version": {"const": OPEN_DATA_VERSION},
            "language": {"type": "string"},
            "licence": {"type": "string"},
            "schema": {"type": "string"},
            "columns": {"type": "array", "items": {"enum": list(COLUMNS)}},
            "practices": {
                "type": "array",
                "items": {"type": "object", "required": list(COLUMNS), "properties": properties, "additionalProperties": False},
            },
        },
    }
