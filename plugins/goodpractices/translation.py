"""What a translation file carries of the practice's shared fields.

A translation may carry its own text of the shared fields' free text (the
fields `schema.TRANSLATION_FIELDS` derives from the schema's marks), never
their codes, dates, numbers or addresses. This module names what a
translation may not carry, with the problem the validator reports where it
does, and checks what it carries against the original-language file: an
attachment or a link is named by one of the original's files or URLs, the
partners are the original's (one name each, in the same order), and only what
the original holds is translated, so that nothing an author writes is left
unshown.
"""

from __future__ import annotations

from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import Problem, Text, msg, problem, short
from .frontmatter import SourceFile, node_line
from .schema import ALL_FIELDS, SHARED_ONLY_PATHS, TRANSLATION_PATHS, FieldSpec, translation_example
from .validate import INVALID, FieldChecker, did_you_mean
from .vocab import Vocabularies

_EXAMPLE_ITEMS = 3
"""Items shown in the example of a list whose length must match the original's."""


def shared_field_problems(original_name: str) -> dict[str, tuple[Text, Text]]:
    """What a translation may not carry (path without list positions) → (message, expected) of the problem where it does."""
    message = msg("wrong-file.message", file=original_name)
    found: dict[str, tuple[Text, Text]] = {}
    for path in SHARED_ONLY_PATHS:
        top = path.split(".")[0]
        if "." in path:
            part = ", ".join(p for p in TRANSLATION_PATHS if p.startswith(top + "."))
            expected = msg("wrong-file.part", allowed=part, example=translation_example(path))
        else:
            expected = msg("wrong-file.expected", allowed=", ".join(TRANSLATION_PATHS), example=translation_example(path))
        found[path] = (message, expected)
    return found


def translated_fields(
    src: SourceFile,
    values: dict[str, Any],
    original_src: SourceFile,
    original: dict[str, Any],
    vocab: Vocabularies,
    problems: list[Problem],
) -> dict[str, Any]:
    """A translation's own text of the shared fields, as keyword arguments of `Version`.

    `values` are the translation's checked front-matter values, `original` the
    original file's. Problems are reported for what the original does not have
    to translate: a field it leaves out, an attachment or link it does not
    list, a different number of partners.
    """
    check = _TranslationCheck(src, original_src.path.name, vocab, problems)
    found: dict[str, Any] = {}

    tags = check.text(values, original, ("tags",))
    found["tags"] = tags or None
    found["funding"] = check.text(values, original, ("funding",))
    found["contact_role"] = check.text(values, original, ("contact", "role"))
    found["cost_note"] = check.text(values, original, ("cost", "note"))

    partners = values.get("partners")
    count = _item_count(src, "partners")
    if partners not in (None, INVALID) and count and original.get("partners") is not INVALID:
        wanted = _item_count(original_src, "partners")
        if not original.get("partners"):
            check.nothing(("partners",))
        elif count != wanted:
            example = ", ".join(["{name: …}"] * min(wanted, _EXAMPLE_ITEMS)) + (", …" if wanted > _EXAMPLE_ITEMS else "")
            check.report(
                ("partners",), "translation-partners", found=msg("kind.items", n=count), n=wanted, example=f"partners: [{example}]", file=check.original_name
            )
        elif len(partners) == count:
            found["partner_names"] = [p["name"] for p in partners]

    found["attachment_titles"] = check.titled_items(values, original, "attachments", "file", "translation-attachment")
    found["link_titles"] = check.titled_items(values, original, "links", "url", "translation-link")
    return found


class _TranslationCheck:
    """The checks of one translation file against its original."""

    def __init__(self, src: SourceFile, original_name: str, vocab: Vocabularies, problems: list[Problem]) -> None:
        self.src = src
        self.original_name = original_name
        self.vocab = vocab
        self.problems = problems

    def node(self, names: tuple[str, ...]) -> Node | None:
        """The key node of a field of the translation (`("cost", "note")`), or None."""
        node: Node = self.src.front_matter
        key: Node | None = None
        for name in names:
            if not isinstance(node, MappingNode):
                return None
            for key_node, value_node in node.value:
                if isinstance(key_node, ScalarNode) and key_node.value == name:
                    key, node = key_node, value_node
                    break
            else:
                return None
        return key

    def report(self, names: tuple[str, ...], key: str, *, line: int | None = None, field: str | None = None, **details: Any) -> None:
        if line is None:
            node = self.node(names)
            line = node_line(node) if node is not None else None
        self.problems.append(problem(self.src.path, line, field or ".".join(names), key, **details))

    def nothing(self, names: tuple[str, ...]) -> None:
        """The original has no value of this field for the translation to translate."""
        self.report(names, "translation-nothing", file=self.original_name)

    def text(self, values: dict[str, Any], original: dict[str, Any], names: tuple[str, ...]) -> Any:
        """The translation's text of a field (a top-level field or one of an object's), if the original has one."""
        value: Any = values
        source: Any = original
        for name in names:
            value = value.get(name) if isinstance(value, dict) else None
            if source is INVALID:
                return None  # the original's problem is reported
            source = source.get(name) if isinstance(source, dict) else None
        if value in (None, INVALID, []) or source is INVALID:
            return None
        if not source:
            self.nothing(names)
            return None
        return value

    def titled_items(self, values: dict[str, Any], original: dict[str, Any], name: str, key: str, code: str) -> dict[str, str]:
        """Key → title of the items of an `attachments`-like list, each naming one of the original's by `key`."""
        items = values.get(name)
        if items in (None, INVALID, []):
            return {}
        source = original.get(name)
        if source is INVALID:
            return {}
        known = [item[key] for item in source or [] if isinstance(item, dict)]
        if not known:
            self.nothing((name,))
            return {}
        spec = ALL_FIELDS[name].item
        assert spec is not None
        key_spec = spec.child(key)
        assert key_spec is not None
        seen: set[str] = set()
        for i, node in enumerate(_items(self.src, name)):
            value_node = _value_of(node, key)
            if value_node is None:
                continue  # reported as a missing field
            where = f"{name}[{i + 1}].{key}"
            value = self._value(key_spec, value_node, where)
            if value in (None, INVALID):
                continue
            if value not in known:
                example = f"{name}: [{{{key}: {known[0]}, title: …}}]"
                self.report(
                    (name,), code, line=node_line(value_node), field=where, found=short(value), guess=did_you_mean(value, known),
                    file=self.original_name, known=", ".join(known), example=example,
                )
            elif value in seen:
                self.report((name,), "duplicate-value", line=node_line(value_node), field=where, found=short(value))
            seen.add(value)
        return {item[key]: item["title"] for item in items if isinstance(item, dict) and item.get(key) in known}

    def _value(self, spec: FieldSpec, node: Node, where: str) -> Any:
        """A value as the validator read it (its problems, already reported, are not reported again)."""
        return FieldChecker(self.src.path, self.vocab, []).check(spec, node, where)


def _items(src: SourceFile, name: str) -> list[Node]:
    """The item nodes of a top-level list field (none if it is not a list)."""
    for key_node, value_node in src.front_matter.value:
        if isinstance(key_node, ScalarNode) and key_node.value == name:
            return list(value_node.value) if isinstance(value_node, SequenceNode) else []
    return []


def _item_count(src: SourceFile, name: str) -> int:
    return len(_items(src, name))


def _value_of(node: Node, key: str) -> Node | None:
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == key:
                found: Node = value_node
                return found
    return None
