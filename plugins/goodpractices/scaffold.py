"""A new practice file in its author's language, from the schema; a new translation of a practice.

Every field comes with a one-line explanation in the author's language (from
data/fields.yml), for controlled values the allowed values with their labels,
and for what the author types an example in that language (from
data/scaffold-examples.yml); the optional fields with parts (cost, partners,
attachments, links, coordinates, …) are whole commented examples to uncomment.
The body has the template's section headings in that language. Fields still to
write are left empty, so the fresh file fails validation with the list of
exactly what remains to be filled in.

A new translation holds every field a translation may carry
(`schema.TRANSLATION_FIELDS`) that the original has, with the original's text
marked as still to translate, and the original's body under the section
headings of the translation's language: the translator replaces text in place.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
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
EXAMPLES_FILE = Path(__file__).parent / "data" / "scaffold-examples.yml"

# Fields the scaffolder fills in from its questions (or with a default) even when the schema calls them optional.
_GIVEN = ("category", "country", "municipality", "published", "licence")
# Fields a new practice file leaves out: the editors write the review.
_LEFT_OUT = ("review",)
_ONE_LINE = 1 << 20
"""A line width no value reaches: PyYAML would otherwise fold a long title onto several lines."""
_HELP_COLUMN = 44
"""Where the explanations of an example's lines start (a longer line puts its explanation two spaces after it)."""


@lru_cache(maxsize=1)
def strings() -> Catalogue:
    return Catalogue(SCAFFOLD_FILE)


def t(key: str, lang: str, **params: object) -> str:
    text = strings().get(key, lang)
    return text.format(**params) if params else text


@lru_cache(maxsize=1)
def examples() -> dict[str, dict[str, Any]]:
    """The example practice of each interface language (data/scaffold-examples.yml)."""
    with EXAMPLES_FILE.open(encoding="utf-8") as fh:
        data: dict[str, dict[str, Any]] = yaml.load(fh, Loader=yaml.CSafeLoader)
    return data


def example(path: str, lang: str) -> Any:
    """The example value of a field (`cost.note`; `partners.name`: of the first item) in `lang`, else in English; None if none."""
    for source in (examples().get(lang, {}), examples()["en"]):
        value: Any = source
        for part in path.split("."):
            if isinstance(value, list):
                value = value[0] if value else None
            value = value.get(part) if isinstance(value, dict) else None
        if value is not None:
            return value
    return None


def _comment(text: str, indent: str = "") -> list[str]:
    return [f"{indent}# {line}" for line in text.splitlines()]


def _allowed(spec: FieldSpec, lang: str, vocab: Vocabularies) -> str:
    assert spec.vocab is not None
    values = ", ".join(f"{value} ({vocab[spec.vocab].label(value, lang)})" for value in vocab[spec.vocab].values)
    return f"{t('comment.allowed', lang)}: {values}"


def _vocab_of(spec: FieldSpec) -> FieldSpec | None:
    """The field itself or, for a list, its items, when the values come from a vocabulary."""
    item = spec.item if spec.kind == "list" else None
    target = item if item is not None else spec
    return target if target.vocab is not None else None


def _inline(value: object) -> str:
    """`value` as YAML on one line: a scalar as `_yaml_scalar` writes it, a list in brackets."""
    if isinstance(value, list):  # in brackets, a comma or a bracket would end an item
        return "[" + ", ".join(_yaml_scalar(v, default_style='"') if isinstance(v, str) and any(c in v for c in ",[]{}") else _inline(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return _yaml_scalar(str(value))


def _example_line(path: str, lang: str, indent: str) -> list[str]:
    """`# Example: …` under a field's explanation (for a list of values, the code to write rather than the label)."""
    value = example(path, lang)
    return [] if value is None else [f"{indent}# {t('comment.example', lang)}: {_inline(value)}"]


def _field_lines(spec: FieldSpec, path: str, lang: str, vocab: Vocabularies, given: Mapping[str, object], indent: str = "") -> list[str]:
    lines = _comment(field_help(path, lang), indent)
    listed = _vocab_of(spec)
    if listed is not None:
        lines += _comment(_allowed(listed, lang, vocab), indent)
    if spec.kind == "object":
        lines.append(f"{indent}{spec.name}:")
        for child in spec.fields:
            lines += _field_lines(child, f"{path}.{child.name}", lang, vocab, given, indent + "  ")
        return lines
    value = given.get(path)
    if value is not None and value != []:
        lines.append(f"{indent}{spec.name}: {_inline(value)}")
        return lines
    lines += _example_line(path, lang, indent)
    lines.append(f"{indent}{spec.name}:" + (" []" if spec.kind == "list" else ""))
    return lines


def _yaml_scalar(value: str, default_style: str | None = None) -> str:
    """A value written on one line so YAML reads it back as the same string (`NO` stays Norway)."""
    dumped = yaml.safe_dump(value, allow_unicode=True, default_style=default_style, width=_ONE_LINE).strip()
    if dumped.endswith("\n..."):
        dumped = dumped[: -len("\n...")].strip()
    if value.upper() == "NO" or dumped != value:
        return yaml.safe_dump(value, allow_unicode=True, default_style='"', width=_ONE_LINE).strip()
    return dumped


def _explained(code: str, help_text: str) -> str:
    return f"{code.ljust(_HELP_COLUMN - 2)}  # {help_text}" if len(code) < _HELP_COLUMN - 2 else f"{code}  # {help_text}"


def _example_block(spec: FieldSpec, lang: str, vocab: Vocabularies, value: object) -> list[str]:
    """An optional field with parts (cost, partners, attachments, links, coordinates, …), as a commented example.

    The author uncomments its lines to use it, so the field is not written otherwise: uncommented, it
    would be written twice.
    """
    lines = _comment(field_help(spec.name, lang))
    parts = spec.fields or (spec.item.fields if spec.item is not None else ())
    for part in parts:
        if part.vocab is not None:
            lines.append(f"# {spec.name}.{part.name} – {_allowed(part, lang, vocab)}")
    if spec.kind == "list" and spec.item is not None and spec.item.vocab is not None:
        lines.append(f"# {_allowed(spec.item, lang, vocab)}")
    lines.append(f"# {t('comment.example_block', lang)}" + (f" {t('comment.example_list', lang)}" if spec.kind == "list" and parts else ""))
    code: list[str] = []
    if spec.kind == "object" and isinstance(value, dict):
        code.append(f"{spec.name}:")
        code += [_explained(f"  {part.name}: {_inline(value[part.name])}", field_help(f"{spec.name}.{part.name}", lang)) for part in parts]
    elif parts and isinstance(value, list):
        code.append(f"{spec.name}:")
        for item in value:
            code += [
                _explained(("  - " if i == 0 else "    ") + f"{part.name}: {_inline(item[part.name])}", field_help(f"{spec.name}.{part.name}", lang))
                for i, part in enumerate(parts)
                if part.name in item
            ]
    else:
        code.append(f"{spec.name}: {_inline(value)}")
    return lines + [f"# {line}" for line in code] + [""]


def new_practice_text(
    lang: str,
    *,
    answers: Mapping[str, object],
    published: str,
    vocab: Vocabularies,
    schema_url: str | None = None,
    related_example: str | None = None,
) -> str:
    """The text of a new original-language practice file.

    `answers` are the values already known, by field path (`category`, `organisation.type`, `topics`: a list);
    the other fields are left empty, each with its explanation and, for what the author types, an example
    in `lang`. The optional fields with parts are shown as commented examples. `related_example` is the
    folder name of a practice of the collection, for the example of `related` (left out without one).
    """
    given: dict[str, object] = {"published": published, "licence": "CC-BY-4.0", **answers}
    lines = ["---"]
    if schema_url:
        lines.append(f"# yaml-language-server: $schema={schema_url}")
    lines += _comment(t("comment.header", lang))
    lines.append("")
    fields = [f for f in VERSION_FIELDS + PRACTICE_FIELDS if f.name not in _LEFT_OUT]
    required = [f for f in fields if f.required or f.name in _GIVEN]
    optional = [f for f in fields if f not in required]
    for spec in required:
        lines += _field_lines(spec, spec.name, lang, vocab, given)
    lines.append("")
    lines += _comment(t("comment.optional", lang))
    for spec in optional:
        if spec.kind == "object" or (spec.item is not None and spec.item.kind == "object"):
            lines += _example_block(spec, lang, vocab, example(spec.name, lang))
        elif spec.kind in ("slug", "bool") or (spec.item is not None and spec.item.kind == "slug"):
            if spec.name == "related" and related_example is None:
                continue
            lines += _example_block(spec, lang, vocab, [related_example] if spec.name == "related" else example(spec.name, lang))
        else:
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
