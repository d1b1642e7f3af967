"""JSON Schema of the front matter, derived from `schema.py` (the single source).

Two schemas: one for the original-language file (shared metadata plus title,
summary, results) and one for translations (title, summary, results and their
own text of the shared fields' free text: `schema.TRANSLATION_FIELDS`).
Editors use them through `# yaml-language-server: $schema=…`. YAML is read
as YAML 1.2 does (`NO` is a string, dates are strings), as editors read it.

What a schema cannot say is left to the validator: that an attachment exists,
that a related practice exists, that a period's end follows its start, the
sections of the body, and what a translation translates against its original
(an attachment or link it names, the number of partners).
"""

from __future__ import annotations

import re
from typing import Any

import pycountry
import yaml

from .messages import field_help
from .schema import PRACTICE_FIELDS, TRANSLATION_FIELDS, VERSION_FIELDS, FieldSpec
from .slugs import SLUG_RE
from .vocab import Vocabularies

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
_YEAR = r"\d{4}"
_MONTH = r"(0[1-9]|1[0-2])"
_PARTIAL = rf"^{_YEAR}(-{_MONTH})?$"


def _scalar(spec: FieldSpec, vocab: Vocabularies) -> dict[str, Any]:
    kind = spec.kind
    if kind == "text":
        schema: dict[str, Any] = {"type": "string", "minLength": 1}
        if spec.max_length:
            schema["maxLength"] = spec.max_length
        return schema
    if kind == "vocab":
        assert spec.vocab is not None
        return {"enum": vocab[spec.vocab].values}
    if kind == "country":
        return {"enum": vocab.countries.codes}
    if kind == "currency":
        return {"enum": sorted(c.alpha_3 for c in pycountry.currencies)}
    if kind == "date":
        return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    if kind in ("partial-date", "period-end"):
        options: list[dict[str, Any]] = [
            {"type": "integer", "minimum": 1000, "maximum": 9999},
            {"type": "string", "pattern": _PARTIAL},
            {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        ]
        if kind == "period-end":
            options.append({"const": "ongoing"})
        return {"anyOf": options}
    if kind == "email":
        return {"type": "string", "pattern": r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$"}
    if kind == "url":
        return {"type": "string", "pattern": r"^[Hh][Tt][Tt][Pp][Ss]?://\S+$"}
    if kind == "path":
        return {"type": "string", "pattern": r"^(?![/\\~])(?!.*(^|[/\\])\.\.([/\\]|$))[^:]+$"}
    if kind == "slug":
        return {"type": "string", "pattern": SLUG_RE.pattern}
    if kind == "number":
        schema = {"type": "number"}
        if spec.minimum is not None:
            schema["minimum"] = spec.minimum
        if spec.maximum is not None:
            schema["maximum"] = spec.maximum
        return schema
    if kind == "bool":
        return {"type": "boolean"}
    raise ValueError(f"no JSON Schema for kind {kind!r}")  # pragma: no cover - every kind is mapped


def field_schema(spec: FieldSpec, vocab: Vocabularies, path: str, lang: str = "en") -> dict[str, Any]:
    """JSON Schema of one field (`path` is its help key, e.g. `organisation.name`)."""
    if spec.kind == "object":
        schema: dict[str, Any] = _object(spec.fields, vocab, path + ".", lang)
    elif spec.kind == "list":
        assert spec.item is not None
        item = field_schema(spec.item, vocab, path, lang) if spec.item.kind == "object" else _scalar(spec.item, vocab)
        item.pop("description", None)
        array: dict[str, Any] = {"type": "array", "items": item, "uniqueItems": True}
        if spec.min_items:
            array["minItems"] = spec.min_items
        if spec.max_items is not None:
            array["maxItems"] = spec.max_items
        # The validator also takes a lone value for a one-item list.
        schema = array if spec.item.kind == "object" else {"anyOf": [array, item]}
    else:
        schema = _scalar(spec, vocab)
    if not spec.required:
        schema = {"anyOf": [schema, {"type": "null"}]} if "anyOf" not in schema else {"anyOf": [*schema["anyOf"], {"type": "null"}]}
    schema["description"] = field_help(path, lang)
    if spec.default is not None:
        schema["default"] = spec.default
    if spec.example is not None:
        schema["examples"] = [spec.example]
    return schema


def _object(fields: tuple[FieldSpec, ...], vocab: Vocabularies, prefix: str, lang: str) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {f.name: field_schema(f, vocab, prefix + f.name, lang) for f in fields},
        "required": [f.name for f in fields if f.required],
        "additionalProperties": False,
    }


def practice_schema(vocab: Vocabularies, lang: str = "en", schema_id: str | None = None) -> dict[str, Any]:
    """Schema of the original-language file's front matter."""
    schema = {"$schema": SCHEMA_DIALECT, "title": "Good practice: original-language file", **_object(VERSION_FIELDS + PRACTICE_FIELDS, vocab, "", lang)}
    if schema_id:
        schema["$id"] = schema_id
    return schema


def translation_schema(vocab: Vocabularies, lang: str = "en", schema_id: str | None = None) -> dict[str, Any]:
    """Schema of a translation's front matter: title, summary, results and its own text of the shared fields' free text."""
    schema = {"$schema": SCHEMA_DIALECT, "title": "Good practice: translation", **_object(TRANSLATION_FIELDS, vocab, "", lang)}
    if schema_id:
        schema["$id"] = schema_id
    return schema


class _Yaml12Loader(yaml.SafeLoader):
    """Reads YAML as editors (YAML 1.2) do: only true/false are booleans, dates stay strings."""


_Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def load_front_matter_as_editors_do(yaml_text: str) -> Any:
    """The front matter as a JSON Schema validator in an editor sees it."""
    return yaml.load(yaml_text, Loader=_Yaml12Loader)  # noqa: S506 - _Yaml12Loader is a SafeLoader
