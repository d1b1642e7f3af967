"""scripts/new_practice.py: a template in the author's language that lists what is left to fill in."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import LANGS, ROOT, make_project
from goodpractices import load_practices
from goodpractices.messages import field_help

SCRIPT = ROOT / "scripts" / "new_practice.py"
STILL_TO_FILL = {
    "title", "summary", "topics", "organisation.name", "organisation.type", "level_of_government",
    "education_levels", "period.start", "stage", "contact.name", "contact.email",
}
COUNTRY = {"en": "GB", "pl": "PL", "cs": "CZ", "sl": "SI", "nb": "NO"}


def run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--config", str(project / "mkdocs.yml"), *args],
        cwd=project, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60,
    )


@pytest.mark.parametrize("lang", LANGS)
def test_template_in_every_language(tmp_path: Path, vocab, lang: str) -> None:
    project = make_project(tmp_path, {})
    result = run(project, "--slug", "new-one", "--lang", lang, "--category", "community-integration", "--country", COUNTRY[lang], "--municipality", "Ås", "--date", "2026-03-01")
    assert result.returncode == 0, result.stderr
    path = project / "practices" / "new-one" / f"{lang}.md"
    text = path.read_text(encoding="utf-8")
    assert "# yaml-language-server: $schema=https://example.org/schema/practice.schema.json" in text
    # every field explained in the author's language, every section heading localised
    for key in ("title", "summary", "organisation.name", "period.start", "contact.email"):
        assert f"# {field_help(key, lang)}" in text, key
    for value in vocab["section"].values:
        assert f"\n## {vocab['section'].label(value, lang)}\n" in text
    assert f"community-integration ({vocab['category'].label('community-integration', lang)})" in text
    # the fresh template fails validation, listing exactly what is still to be written
    loaded = load_practices(project / "practices", LANGS, vocab, display_base=project)
    missing = {p.field for p in loaded.errors if p.code in ("empty", "empty-list")}
    assert missing == STILL_TO_FILL
    assert {p.code for p in loaded.errors} == {"empty", "empty-list", "empty-body"}
    for problem in loaded.errors:
        assert problem.format(lang) in result.stdout
    # filled in, it validates
    filled = text
    for field, value in (
        ("title", "Test"), ("summary", "A summary."), ("topics", "[inclusion]"), ("level_of_government", "local"),
        ("education_levels", "[primary]"), ("stage", "pilot"),
    ):
        filled = re.sub(rf"^{field}:.*$", f"{field}: {value}", filled, count=1, flags=re.M)
    filled = re.sub(r"^  name:$", "  name: Someone", filled, count=2, flags=re.M)
    filled = re.sub(r"^  type:$", "  type: municipality", filled, count=1, flags=re.M)
    filled = re.sub(r"^  start:$", "  start: 2024", filled, count=1, flags=re.M)
    filled = re.sub(r"^  email:$", "  email: someone@example.org", filled, count=1, flags=re.M)
    filled = re.sub(r"<!-- .*? -->", "Some text.", filled)
    path.write_text(filled, encoding="utf-8")
    loaded = load_practices(project / "practices", LANGS, vocab, display_base=project)
    assert not loaded.problems, [p.format() for p in loaded.problems]
    assert loaded.practices["new-one"].country == COUNTRY[lang]


def test_refuses_bad_arguments_and_existing_folder(tmp_path: Path) -> None:
    project = make_project(tmp_path, {})
    bad = run(project, "--slug", "x", "--lang", "pl", "--category", "development-plans", "--country", "PL", "--municipality", "Y")
    assert bad.returncode == 1 and "'development-plans'" in bad.stderr and "development-plan," in bad.stderr
    assert not (project / "practices" / "x").exists()
    ok = run(project, "--slug", "x", "--lang", "pl", "--category", "development-plan", "--country", "PL", "--municipality", "Y")
    assert ok.returncode == 0
    again = run(project, "--slug", "x", "--lang", "pl", "--category", "development-plan", "--country", "PL", "--municipality", "Y")
    assert again.returncode == 1 and "practices/x" in again.stderr


def test_without_a_terminal_missing_options_are_named(tmp_path: Path) -> None:
    project = make_project(tmp_path, {})
    result = run(project, "--slug", "x", "--lang", "cs")
    assert result.returncode == 2
    assert "--category, --country, --municipality" in result.stderr
    assert "chybí terminál" in result.stderr


def test_asks_the_questions_in_a_terminal(tmp_path: Path) -> None:
    project = make_project(tmp_path, {})
    pid, fd = pty.fork()
    if pid == 0:  # child: the script on a terminal
        os.chdir(project)
        os.execv(sys.executable, [sys.executable, str(SCRIPT), "--config", str(project / "mkdocs.yml"), "--date", "2026-03-01"])
    answers = ["sl", "knjiznica-ruse", "community", "community-integration", "si", "SI", "Ruše"]
    output = b""
    deadline = time.monotonic() + 60
    try:
        while answers and time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 1)
            if ready:
                output += os.read(fd, 4096)
            if output.rstrip().endswith(b":"):
                os.write(fd, (answers.pop(0) + "\n").encode())
                output += b"\n"
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 1)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
    finally:
        _, status = os.waitpid(pid, 0)
    text = output.decode("utf-8", errors="replace")
    assert os.waitstatus_to_exitcode(status) == 0, text
    assert "Jezik vašega besedila" in text and "Język Twojego tekstu" in text  # asked in every language
    assert "Kratko ime za naslov" in text  # then in the author's
    assert "Ni sprejeto" in text  # the wrong category and the lower-case country were asked again
    assert (project / "practices" / "knjiznica-ruse" / "sl.md").exists()
