"""Validation messages in every language: complete catalogues and golden renderings.

tests/golden/messages/<lang>.txt holds every problem of every golden validation
case, formatted in that language (GOLDEN_UPDATE=1 rewrites them for review).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml

from conftest import GOLDEN, LANGS
from goodpractices import load_practices
from goodpractices.messages import FIELDS_FILE, MESSAGES_FILE
from goodpractices.schema import PRACTICE_FIELDS, VERSION_FIELDS
from test_validation_golden import build_case


@pytest.mark.parametrize("data_file", [MESSAGES_FILE, FIELDS_FILE], ids=["messages", "fields"])
def test_catalogue_complete(data_file: Path) -> None:
    data = yaml.safe_load(data_file.read_text(encoding="utf-8"))
    for key, entry in data.items():
        assert set(entry) == set(LANGS), key
        placeholders = sorted(re.findall(r"\{\w+\}", entry["en"]))
        for lang, text in entry.items():
            assert sorted(re.findall(r"\{\w+\}", text)) == placeholders, (key, lang)


def test_every_field_has_help() -> None:
    data = yaml.safe_load(FIELDS_FILE.read_text(encoding="utf-8"))

    def paths(fields, prefix=""):
        for f in fields:
            yield prefix + f.name
            children = f.fields or (f.item.fields if f.item is not None else ())
            yield from paths(children, prefix + f.name + ".")

    assert set(paths(VERSION_FIELDS + PRACTICE_FIELDS)) == set(data)


def test_every_message_key_used_by_the_code_exists() -> None:
    """Keys in calls of problem(…, key), self.error(…, key) and msg(key) are all in messages.yml."""
    import ast

    data = yaml.safe_load(MESSAGES_FILE.read_text(encoding="utf-8"))
    scaffold_strings = yaml.safe_load((MESSAGES_FILE.parent / "scaffold.yml").read_text(encoding="utf-8"))
    used = set()
    for path in (Path(__file__).parent.parent / "plugins" / "goodpractices").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            position = {"problem": 3, "error": 2, "msg": 0}.get(name)
            if position is None or len(node.args) <= position:
                continue
            arg = node.args[position]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                used.add(arg.value if name == "msg" else arg.value + ".message")
    assert len(used) > 40
    missing = sorted(k for k in used if k not in data and k not in scaffold_strings)
    assert not missing


@pytest.mark.parametrize("lang", LANGS)
def test_golden_messages(lang: str, tmp_path_factory, vocab) -> None:
    rendered = []
    for case_file in sorted((GOLDEN / "validation").glob("*.yml")):
        case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
        root = tmp_path_factory.mktemp(case_file.stem)
        build_case(case, root)
        (root / "practices").mkdir(exist_ok=True)
        result = load_practices(root / "practices", LANGS, vocab, display_base=root)
        if result.problems:
            rendered.append(f"## {case_file.stem}")
            rendered += [p.format(lang) for p in result.problems]
    text = "\n".join(rendered) + "\n"
    golden = GOLDEN / "messages" / f"{lang}.txt"
    if os.environ.get("GOLDEN_UPDATE"):
        golden.write_text(text, encoding="utf-8")
        return
    assert text == golden.read_text(encoding="utf-8")
    if lang != "en":
        english = (GOLDEN / "messages" / "en.txt").read_text(encoding="utf-8")
        differing = sum(a != b for a, b in zip(text.splitlines(), english.splitlines(), strict=True) if not a.startswith("## "))
        assert differing == sum(1 for line in text.splitlines() if not line.startswith("## ")), "some messages are still in English"
