"""The published JSON Schema and the validator agree (one source: goodpractices/schema.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator, FormatChecker

from conftest import GOLDEN, LANGS, ROOT
from goodpractices import load_practices
from goodpractices.schema import PRACTICE_FIELD_NAMES
from goodpractices.schema_export import load_front_matter_as_editors_do, practice_schema, translation_schema
from test_validation_golden import build_case

# Problems about front-matter fields: what a schema can see.
FIELD_CODES = {
    "unknown-field", "unknown-value", "missing-field", "type-mapping", "type-list", "type-scalar", "date", "too-long",
    "email", "url", "unknown-country", "unknown-currency", "wrong-file", "path", "empty", "empty-list", "short-list",
    "range", "number", "bool", "slug", "front-matter-type",
}


@pytest.fixture(scope="module")
def validators(vocab):
    return {
        "practice": Draft202012Validator(practice_schema(vocab), format_checker=FormatChecker()),
        "translation": Draft202012Validator(translation_schema(vocab), format_checker=FormatChecker()),
    }


def front_matter(path: Path) -> str:
    text = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    return text.split("\n---\n", 1)[0].removeprefix("---\n")


def schema_errors(validators, path: Path, original: bool) -> list[str]:
    data = load_front_matter_as_editors_do(front_matter(path))
    validator = validators["practice" if original else "translation"]
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]


def test_schemas_are_valid_json_schema(validators) -> None:
    for v in validators.values():
        Draft202012Validator.check_schema(v.schema)


def test_example_practices_pass_both(validators, vocab) -> None:
    result = load_practices(ROOT / "practices", LANGS, vocab, display_base=ROOT)
    assert not result.errors
    for practice in result.practices.values():
        for version in practice.versions.values():
            assert schema_errors(validators, ROOT / version.source, version.is_original) == [], version.source


def _schema_describable(case_file: Path) -> bool:
    """Cases whose problems are all about front-matter fields (or that have none)."""
    import tempfile

    from goodpractices import Vocabularies

    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        build_case(case, root)
        (root / "practices").mkdir(exist_ok=True)
        errors = load_practices(root / "practices", LANGS, Vocabularies(), display_base=root).errors
    return all(p.code in FIELD_CODES for p in errors)


CASES = [c for c in sorted((GOLDEN / "validation").glob("*.yml")) if _schema_describable(c)]


@pytest.mark.parametrize("case_file", CASES, ids=[c.stem for c in CASES])
def test_golden_cases_agree(case_file: Path, tmp_path: Path, validators, vocab) -> None:
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    build_case(case, tmp_path)
    (tmp_path / "practices").mkdir(exist_ok=True)
    result = load_practices(tmp_path / "practices", LANGS, vocab, display_base=tmp_path)
    for folder in sorted(p for p in (tmp_path / "practices").iterdir() if p.is_dir()):
        loaded = {md: load_front_matter_as_editors_do(front_matter(md)) for md in sorted(folder.glob("*.md"))}
        # The original is the file with the most shared fields, as the loader decides.
        counts = {md: sum(1 for k in fm if k in PRACTICE_FIELD_NAMES) if isinstance(fm, dict) else 0 for md, fm in loaded.items()}
        original = max(counts, key=lambda md: counts[md])
        for md, fm in loaded.items():
            rel = md.relative_to(tmp_path)
            validator_says_bad = any(p.path == rel for p in result.errors)
            if not isinstance(fm, dict):
                assert validator_says_bad
                continue
            errors = schema_errors(validators, md, md == original)
            assert bool(errors) == validator_says_bad, (rel, errors, [p.format() for p in result.errors])
    assert CASES, "no golden case is about front-matter fields"


@pytest.mark.parametrize("lang", LANGS)
def test_the_guide_lists_what_a_translation_may_carry(lang: str) -> None:
    """docs/<lang>/contribute.md's table of a translation's own text of shared fields: the schema's translated fields."""
    import re

    from goodpractices.schema import TRANSLATION_FIELDS, VERSION_FIELD_NAMES

    expected = set()
    for spec in TRANSLATION_FIELDS:
        if spec.name not in VERSION_FIELD_NAMES:
            expected |= {f"{spec.name}.{f.name}" for f in spec.fields} if spec.kind == "object" else {spec.name}
    guide = (ROOT / "docs" / lang / "contribute.md").read_text(encoding="utf-8")
    tables = [re.findall(r"^\| `([^`]+)` \|", table, re.MULTILINE) for table in re.split(r"\n\n", guide) if table.startswith("|")]
    (translation_table,) = [fields for fields in tables if "contact.role" in fields and "contact.email" not in fields]
    assert set(translation_table) == expected
