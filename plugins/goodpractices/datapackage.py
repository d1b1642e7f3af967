"""The open data as a Frictionless Data Package (`datapackage.json` at the site root).

It describes every open-data file (`opendata`): the CSV and JSON of each language and
of all languages, each with its Table Schema (the columns' names, types, descriptions
and constraints), format, encoding and primary key, and the licences the practices
are published under. Tools that read Data Packages (`frictionless validate`,
the `datapackage` libraries, data portals) then load and check the files without
guessing. Data Package 2.0; the JSON files' rows are found by the v2 dialect's
`property`, and by the `json` control the frictionless library (v5) reads.
"""

from __future__ import annotations

import json
import re
from typing import Any

from . import opendata
from .model import Practice
from .site import sort_key
from .vocab import Vocabularies

DATAPACKAGE_PATH = "datapackage.json"
PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
_DIALECT = "https://datapackage.org/profiles/2.0/tabledialect.json"

_CODED = {
    "language": "language", "original_language": "language", "category": "category",
    "organisation_type": "organisation_type", "level_of_government": "level_of_government",
    "stage": "stage", "licence": "licence",
}  # fmt: skip
"""Columns whose values are codes of a vocabulary: their allowed values are listed."""
_REQUIRED = {
    "slug", "language", "is_original", "original_language", "languages", "title", "summary", "url", "category",
    "category_label", "country", "country_name", "organisation_name", "organisation_type", "level_of_government",
    "period_start", "period_end", "stage", "published", "licence", "contact_name", "contact_email",
}  # fmt: skip
"""Columns every practice has a value in."""
_TYPES: dict[str, dict[str, Any]] = {
    "is_original": {"type": "boolean"},
    "url": {"type": "string", "format": "uri"},
    "organisation_website": {"type": "string", "format": "uri"},
    "contact_email": {"type": "string", "format": "email"},
    "published": {"type": "date"},
    "cost_amount": {"type": "number"},
    "latitude": {"type": "number"},
    "longitude": {"type": "number"},
}
_PATTERNS = {
    "slug": "^[a-z0-9][a-z0-9-]*$",
    "country": "^[A-Z]{2}$",
    "period_start": "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$",
    "period_end": "^([0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?|ongoing)$",
    "cost_currency": "^[A-Z]{3}$",
}


def package_name(site_name: str) -> str:
    """A Data Package name (lower-case letters, digits, `-`, `.`, `_`) made of the site's name."""
    return re.sub(r"[^a-z0-9]+", "-", sort_key(site_name)).strip("-") or "practices"


def datapackage(
    practices: dict[str, Practice], languages: tuple[str, ...], default_language: str, vocab: Vocabularies, *, base_url: str, site_name: str
) -> dict[str, Any]:
    """The descriptor of every open-data file; texts in `default_language`, addresses below `base_url` (ending with '/')."""
    lang = default_language
    resources = []
    for code in (None, *languages):
        title = opendata.dataset_title(code, lang, vocab, site_name)
        description = opendata.dataset_description(code, lang, vocab)
        key = ["slug", "language"] if code is None else ["slug"]
        stem = (opendata.file_path(code, "csv")[len(opendata.DATA_DIR) :]).removesuffix(".csv")
        resources.append(
            {
                "name": f"{stem}-csv",
                "type": "table",
                "path": opendata.file_path(code, "csv"),
                "title": f"{title} (CSV)",
                "description": description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"$schema": _DIALECT, "header": True, "delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"', "doubleQuote": True},
                "schema": {"fields": [_field(column, "csv", lang, vocab) for column in opendata.COLUMNS], "primaryKey": key, "missingValues": [""]},
            }
        )
        resources.append(
            {
                "name": f"{stem}-json",
                "type": "table",
                "path": opendata.file_path(code, "json"),
                "title": f"{title} (JSON)",
                "description": description,
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
                "dialect": {"$schema": _DIALECT, "property": "practices", "itemType": "object", "json": {"property": "practices", "keyed": True}},
                "schema": {"fields": [_field(column, "json", lang, vocab) for column in opendata.COLUMNS], "primaryKey": key},
            }
        )
    licences = []
    for code in sorted({p.licence for p in practices.values()} or {"CC-BY-4.0"}):
        term = vocab["licence"].terms.get(code)
        licences.append({"name": code, "title": vocab["licence"].label(code, lang), **({"path": term.extra["url"]} if term and "url" in term.extra else {})})
    return {
        "$schema": PROFILE,
        "name": package_name(site_name),
        "title": site_name,
        "description": vocab.t("reuse.catalogue_description", lang) + " " + opendata.LICENCE_NOTICE,
        "homepage": base_url,
        "keywords": _keywords(practices, lang, vocab),
        "licenses": licences,
        "resources": resources,
    }


def to_json(descriptor: dict[str, Any]) -> str:
    return json.dumps(descriptor, ensure_ascii=False, indent=1) + "\n"


def _field(column: str, form: str, lang: str, vocab: Vocabularies) -> dict[str, Any]:
    field: dict[str, Any] = {"name": column, "description": opendata.column_description(column, lang, vocab)}
    constraints: dict[str, Any] = {}
    if opendata.is_multi(column):
        # A list: an array in JSON, its items joined with `|` in CSV.
        field.update({"type": "array"} if form == "json" else {"type": "list", "delimiter": "|", "itemType": "string"})
    else:
        field.update(_TYPES.get(column, {"type": "string"}))
        if column in _CODED:
            constraints["enum"] = vocab[_CODED[column]].values
        if column in _PATTERNS:
            constraints["pattern"] = _PATTERNS[column]
    if column in _REQUIRED:
        constraints["required"] = True
    if constraints:
        field["constraints"] = constraints
    return field


def _keywords(practices: dict[str, Practice], lang: str, vocab: Vocabularies) -> list[str]:
    """The categories and topics of the practices, labelled in `lang`."""
    categories = {p.category for p in practices.values()}
    topics = {t for p in practices.values() for t in p.topics}
    return sorted({vocab["category"].label(c, lang) for c in categories} | {vocab["topic"].label(t, lang) for t in topics}, key=sort_key)
