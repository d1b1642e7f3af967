"""A new practice file in its author's language, from the schema.

Every field comes with a one-line explanation in the author's language (from
data/fields.yml) and, for controlled values, the allowed values with their
labels; the body has the template's section headings in that language. Fields
still to write are left empty, so the fresh file fails validation with the
list of exactly what remains to be filled in.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from .messages import Catalogue, field_help
from .schema import PRACTICE_FIELDS, VERSION_FIELDS, FieldSpec
from .vocab import Vocabularies

SCAFFOLD_FILE = Path(__file__).parent / "data" / "scaffold.yml"

# Fields the scaffolder fills in from its questions (or with a default).
_GIVEN = ("category", "country", "municipality", "published", "licence")


@lru_cache(maxsize=1)
def strings() -> Catalogue:
    return Catalogue(SCAFFOLD_FILE)


def t(key: str, lang: str, **params: object) -> str:
    text = strings().get(key, lang)
    return text.format(**params) if params else text


def _comment(text: str, indent: str = "") -> list[str]:
    return [f"{indent}# {line}" for line in text.splitlines()]


def _allowed(spec: FieldSpec, lang: str, vocab: Vocabularies) -> list[str]:
    if spec.vocab is None:
        return []
    values = ", ".join(f"{value} ({vocab[spec.vocab].label(value, lang)})" for value in vocab[spec.vocab].values)
    return [f"{t('comment.allowed', lang)}: {values}"]


def _empty_value(spec: FieldSpec) -> str:
    if spec.kind == "list":
        return " []"
    return ""


def _field_lines(spec: FieldSpec, path: str, lang: str, vocab: Vocabularies, given: dict[str, str], indent: str = "") -> list[str]:
    lines = _comment(field_help(path, lang), indent)
    item = spec.item if spec.kind == "list" else None
    lines += _comment("; ".join(_allowed(item if item is not None else spec, lang, vocab)), indent) if (item or spec).vocab else []
    if spec.kind == "object" and spec.required:
        lines.append(f"{indent}{spec.name}:")
        for child in spec.fields:
            lines += _field_lines(child, f"{path}.{child.name}", lang, vocab, given, indent + "  ")
        return lines
    value = given.get(path)
    if value is not None:
        lines.append(f"{indent}{spec.name}: {_yaml_scalar(value)}")
    else:
        lines.append(f"{indent}{spec.name}:{_empty_value(spec)}")
    return lines


def _yaml_scalar(value: str) -> str:
    """A value written so YAML reads it back as the same string (`NO` stays Norway)."""
    dumped = yaml.safe_dump(value, allow_unicode=True, default_style=None).strip()
    if dumped.endswith("\n..."):
        dumped = dumped[: -len("\n...")].strip()
    if value.upper() == "NO" or dumped != value:
        return yaml.safe_dump(value, allow_unicode=True, default_style='"').strip()
    return dumped


def new_practice_text(
    lang: str,
    *,
    category: str,
    country: str,
    municipality: str,
    published: str,
    vocab: Vocabularies,
    schema_url: str | None = None,
) -> str:
    """The text of a new original-language practice file."""
    given = {"category": category, "country": country, "municipality": municipality, "published": published, "licence": "CC-BY-4.0"}
    lines = ["---"]
    if schema_url:
        lines.append(f"# yaml-language-server: $schema={schema_url}")
    lines += _comment(t("comment.header", lang))
    lines.append("")
    required = [f for f in VERSION_FIELDS + PRACTICE_FIELDS if f.required or f.name in _GIVEN]
    optional = [f for f in VERSION_FIELDS + PRACTICE_FIELDS if f not in required and f.name not in ("draft", "review", "related")]
    for spec in required:
        lines += _field_lines(spec, spec.name, lang, vocab, given)
    lines.append("")
    lines += _comment(t("comment.optional", lang))
    for spec in optional:
        lines += _field_lines(spec, spec.name, lang, vocab, given)
    lines += ["---", "", f"<!-- {t('comment.body', lang)} -->", ""]
    sections = vocab["section"]
    for value in sections.values:
        lines += [f"## {sections.label(value, lang)}", "", f"<!-- {t('section.' + value, lang)} -->", ""]
    return "\n".join(lines)
