"""Golden cases for validation: one YAML file per case under tests/golden/validation/.

A case lists the files of a `practices/` tree and the exact problems expected.
Files are written literally (`text`), from a valid source with replacements
(`from` + `replace`), as raw bytes (`hex`), or as a symbolic link (`symlink`).
The problems are told in English, or, with `messages: file-language`, each in
the language of the file it is about (`cs.md`: Czech), as scripts/validate.py
tells them. Set GOLDEN_UPDATE=1 to rewrite the expectations after a deliberate
change, then review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from conftest import GOLDEN, LANGS, source
from goodpractices import load_practices
from goodpractices.report import problem_language

CASES = sorted((GOLDEN / "validation").glob("*.yml"))


def build_case(case: dict, root: Path) -> None:
    for rel, spec in case["files"].items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(spec, str):
            path.write_text(spec, encoding="utf-8")
        elif "symlink" in spec:
            path.symlink_to(spec["symlink"])
        elif "hex" in spec:
            path.write_bytes(bytes.fromhex(spec["hex"].replace(" ", "").replace("\n", "")))
        else:
            text = spec["text"] if "text" in spec else source(spec["from"] + ".md")
            for old, new in (spec.get("replace") or {}).items():
                assert old in text, f"replacement {old!r} not found in {rel}"
                text = text.replace(old, new, 1)
            data = text.encode("utf-8")
            if spec.get("bom"):
                data = b"\xef\xbb\xbf" + data
            if spec.get("crlf"):
                data = data.replace(b"\n", b"\r\n")
            path.write_bytes(data)


@pytest.mark.parametrize("case_file", CASES, ids=[c.stem for c in CASES])
def test_golden(case_file: Path, tmp_path: Path, vocab) -> None:
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    build_case(case, tmp_path)
    (tmp_path / "practices").mkdir(exist_ok=True)
    result = load_practices(tmp_path / "practices", case.get("languages", LANGS), vocab, display_base=tmp_path)
    in_file_language = case.get("messages") == "file-language"
    got = "\n".join(p.format(problem_language(p, tmp_path, LANGS, "en") if in_file_language else "en") for p in result.problems)
    loaded = sorted(result.practices)
    if os.environ.get("GOLDEN_UPDATE"):
        case["expect"] = got + "\n" if got else ""
        case["loaded"] = loaded
        case_file.write_text(yaml.safe_dump(case, allow_unicode=True, sort_keys=False, width=200), encoding="utf-8")
        return
    assert got == (case.get("expect") or "").rstrip("\n")
    assert loaded == case.get("loaded", [])
    # Nothing silently dropped: every Markdown file's practice is loaded, or an
    # error names the file, its folder or a file in its folder.
    named = [p.path.as_posix() for p in result.problems if p.is_error]
    for md in (tmp_path / "practices").rglob("*.md"):
        rel = md.relative_to(tmp_path)
        folder = "/".join(rel.parts[:2])
        slug = rel.parts[1] if len(rel.parts) > 2 else None
        assert slug in result.practices or any(n == folder or n.startswith(folder + "/") or n == rel.as_posix() for n in named), f"{rel} neither loaded nor reported"
