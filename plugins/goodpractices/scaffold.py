"""A new practice file in its author's language, from the schema; a new translation of a practice.

Every field comes with a one-line explanation in the author's language (from
data/fields.yml) and, for controlled values, the allowed values with their
labels; the body has the template's section headings in that language. Fields
still to write are left empty, so the fresh file fails validation with the
list of exactly what remains to be filled in.

A new translation holds every field a translation may carry
(`schema.TRANSLATION_FIELDS`) that the original has, with the original's text
marked as still to translate, and the original's body under the section
headings of the translation's language: the translator replaces text in place.
"""

from __future__ import annotations

import textwrap
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .loader import normalise_heading, section_headings
from .messages import Catalogue, field_help
from .model import Practice
from .schema import PRACTICE_FIELDS, TRANSLATION_FIELDS, VERSION_FIELDS, FieldSpec
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


def translation_text(practice: Practice, lang: str, *, vocab: Vocabularies, schema_url: str | None = None) -> str:
    """The text of a new translation of `practice` into `lang`, pre-filled from its original and marked as to translate."""
    original = practice.original
    original_name = original.source.name
    mark = "# " + t("translate.mark", lang, source=practice.original_language)
    lines = ["---"]
    if schema_url:
        lines.append(f"# yaml-language-server: $schema={schema_url}")
    # The mark is quoted whole on one line (its spaces kept from the wrapping), so that it can be searched for.
    header = t("translate.header", lang, original=original_name, mark=mark[2:].replace(" ", "\0"))
    lines += [f"# {line}".replace("\0", " ") for line in textwrap.wrap(header, width=86)]
    for spec in TRANSLATION_FIELDS:
        value = _original_value(practice, spec)
        if value in (None, "", [], {}):
            continue
        lines.append("")
        if spec.kind == "object":
            lines.append(f"{spec.name}:")
            for name, part in value.items():
                lines += ["  " + mark, *_dumped({name: part}, "  ")]
        elif spec.kind == "list" and spec.item is not None and spec.item.kind == "object":
            key = next((f.name for f in spec.item.fields if f.translation == "key"), None)
            if key is None:  # every item, in the original's order (partners)
                lines.append(mark + ": " + t("translate.in_order", lang, original=original_name))
                lines += _dumped({spec.name: value}, "")
            else:  # the items a translation names by their key (attachments by file, links by URL)
                lines += [f"# {t('translate.keep', lang, field=key, original=original_name)}", f"{spec.name}:"]
                for item in value:
                    lines += _dumped([{key: item[key]}], "")
                    for child in spec.item.fields:
                        if child.name != key:
                            lines += ["  " + mark, *_dumped({child.name: item[child.name]}, "  ")]
        else:
            lines += [mark, *_dumped({spec.name: value}, "")]
    lines += ["---", "", f"<!-- {mark[2:]}: {t('translate.body', lang)} -->", "", _translated_headings(original.body, practice.original_language, lang, vocab).strip("\n"), ""]
    return "\n".join(lines)


def _original_value(practice: Practice, spec: FieldSpec) -> Any:
    """The original's value of a field a translation may carry, as front-matter data (only its translatable part)."""
    holder: Any = practice.original if spec.scope == "version" else practice
    value = getattr(holder, spec.name)
    if spec.kind == "object":
        parts = {f.name: getattr(value, f.name) for f in spec.fields} if value is not None else {}
        return {name: part for name, part in parts.items() if part not in (None, "")}
    if spec.kind == "list" and spec.item is not None and spec.item.kind == "object":
        return [{f.name: getattr(item, f.name) for f in spec.item.fields} for item in value]
    return value


def _dumped(value: object, indent: str) -> list[str]:
    """`value` as block YAML lines (long text folded onto indented lines), each prefixed by `indent`."""
    text = yaml.safe_dump(value, allow_unicode=True, sort_keys=False, default_flow_style=False, width=88)
    return [indent + line for line in text.rstrip("\n").split("\n")]


def _translated_headings(body: str, source: str, lang: str, vocab: Vocabularies) -> str:
    """`body` with each of the template's section headings in language `source` put in language `lang`."""
    sections = vocab["section"]
    labels = {normalise_heading(sections.label(value, source)): sections.label(value, lang) for value in sections.values}
    lines = body.split("\n")
    for offset, text in section_headings(body):
        label = labels.get(normalise_heading(text))
        if label is not None:
            lines[offset] = f"## {label}"
    return "\n".join(lines)
