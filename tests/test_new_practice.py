"""scripts/new_practice.py: a template in the author's language that lists what is left to fill in; a translation started from the original."""

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

from conftest import LANGS, ROOT, make_project, source
from goodpractices import load_practices
from goodpractices.messages import field_help
from goodpractices.scaffold import t

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


# -- --translate: a translation started from the original --------------------------------------

FULL_ORIGINAL = source("valid-pl.md").replace(
    "  name: Anna Przykładowa (dane przykładowe)\n", "  name: Anna Przykładowa (dane przykładowe)\n  role: Koordynatorka sieci\n"
).replace(
    "published: 2023-01-15\n",
    """published: 2023-01-15
tags: [sieć dyrektorów, doskonalenie nauczycieli]
funding: 'Budżet gminy: część oświatowa'
cost:
  amount: 12000
  currency: PLN
  note: Poczęstunek i sale na spotkania
partners:
  - name: Poradnia psychologiczno-pedagogiczna
    type: other
  - name: Ośrodek doskonalenia nauczycieli
attachments:
  - file: plan.pdf
    title: Harmonogram spotkań sieci
links:
  - url: https://example.org/siec-dyrektorow
    title: Strona sieci
    kind: website
""",
)
ORIGINAL_TEXTS = {
    "title": "Sieć dyrektorów szkół w gminie",
    "tags": ["sieć dyrektorów", "doskonalenie nauczycieli"],
    "funding": "Budżet gminy: część oświatowa",
    "cost_note": "Poczęstunek i sale na spotkania",
    "contact_role": "Koordynatorka sieci",
    "partner_names": ["Poradnia psychologiczno-pedagogiczna", "Ośrodek doskonalenia nauczycieli"],
    "attachment_titles": {"plan.pdf": "Harmonogram spotkań sieci"},
    "link_titles": {"https://example.org/siec-dyrektorow": "Strona sieci"},
}


def translation_project(root: Path) -> Path:
    return make_project(root, {"demo/pl.md": FULL_ORIGINAL, "demo/plan.pdf": b"%PDF-1.4\n", "broken/pl.md": source("valid-pl.md").replace("stage: evaluated", "stage: finished")})


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "pl"])
def test_translate_prefills_every_translatable_field(tmp_path: Path, vocab, lang: str) -> None:
    project = translation_project(tmp_path)
    result = run(project, "--translate", "demo", "--lang", lang)
    assert result.returncode == 0, result.stderr
    path = project / "practices" / "demo" / f"{lang}.md"
    text = path.read_text(encoding="utf-8")
    mark = "# " + t("translate.mark", lang, source="pl")
    assert "# yaml-language-server: $schema=https://example.org/schema/translation.schema.json" in text
    assert t("translate.header", lang, original="pl.md", mark="X").split()[0] in text  # explained in the translator's language
    # every text to translate is marked, the keys naming attachments and links are not
    front = text.split("\n---\n", 1)[0]
    for field in ("title", "summary", "results", "tags", "funding", "  role", "  note", "partners", "  title"):
        for i, line in enumerate(front.split("\n")):
            if line.startswith(f"{field}:"):
                assert front.split("\n")[i - 1].strip().startswith(mark.strip()), (field, front)
    assert f"{mark}\n  title: Harmonogram spotkań sieci" in text and "- file: plan.pdf\n" in text
    assert f"{mark}\n  title: Strona sieci" in text and "- url: https://example.org/siec-dyrektorow\n" in text
    for shared in ("amount", "currency", "email", "type:", "kind:", "country"):
        assert shared not in front
    # the original's body, under the headings of the translation's language
    assert "Comiesięczne spotkania sieci." in text
    for value in vocab["section"].values:
        assert f"\n## {vocab['section'].label(value, lang)}\n" in text

    # as written, it is the original's text: never published untranslated, said at the note's line
    loaded = load_practices(project / "practices", LANGS, vocab, display_base=project, only=[project / "practices" / "demo"])
    assert [(p.code, p.line) for p in loaded.problems] == [("untranslated", text.split("\n").index(next(line for line in text.split("\n") if line.startswith("<!--"))) + 1)]
    assert "demo" not in loaded.practices
    assert "Created" in result.stdout or t("translate.created", lang, path="", original="", mark="").split()[0] in result.stdout
    # with the note deleted, it carries the original's text (the reader sees it marked with the original's language)
    without_note = "\n".join(line for line in text.split("\n") if not line.startswith("<!--"))
    path.write_text(without_note, encoding="utf-8")
    loaded = load_practices(project / "practices", LANGS, vocab, display_base=project, only=[project / "practices" / "demo"])
    assert not loaded.problems, [p.format() for p in loaded.problems]
    version = loaded.practices["demo"].versions[lang]
    for name, value in ORIGINAL_TEXTS.items():
        assert getattr(version, name) == value, name

    # translated in place, the file carries the translation's own text of each field
    translated = text
    for old, new in (
        ("Sieć dyrektorów szkół w gminie", "Translated title"), ("sieć dyrektorów", "network"), ("Budżet gminy: część oświatowa", "Budget"),
        ("Poczęstunek i sale na spotkania", "Rooms"), ("Koordynatorka sieci", "Coordinator"), ("Poradnia psychologiczno-pedagogiczna", "Counselling centre"),
        ("Harmonogram spotkań sieci", "Schedule"), ("Strona sieci", "Website"),
    ):
        assert old in translated, old
        translated = translated.replace(old, new, 1)
    path.write_text("\n".join(line for line in translated.split("\n") if not line.startswith("<!--")), encoding="utf-8")
    loaded = load_practices(project / "practices", LANGS, vocab, display_base=project, only=[project / "practices" / "demo"])
    assert not loaded.errors, [p.format() for p in loaded.errors]
    version = loaded.practices["demo"].versions[lang]
    assert version.title == "Translated title"
    assert version.tags == ["network", "doskonalenie nauczycieli"]
    assert (version.funding, version.cost_note, version.contact_role) == ("Budget", "Rooms", "Coordinator")
    assert version.partner_names == ["Counselling centre", "Ośrodek doskonalenia nauczycieli"]
    assert version.attachment_titles == {"plan.pdf": "Schedule"} and version.link_titles == {"https://example.org/siec-dyrektorow": "Website"}
    assert loaded.practices["demo"].original.attachment_titles == {}  # the original's titles are the practice's own


def test_translate_writes_only_what_the_original_has(tmp_path: Path, vocab) -> None:
    project = make_project(tmp_path, {"demo/pl.md": source("valid-pl.md")})
    assert run(project, "--translate", "demo", "--lang", "nb").returncode == 0
    front = (project / "practices" / "demo" / "nb.md").read_text(encoding="utf-8").split("\n---\n", 1)[0]
    assert [line.split(":")[0] for line in front.split("\n") if line[:1].isalpha()] == ["title", "summary"]
    loaded = load_practices(project / "practices", LANGS, vocab, display_base=project)
    assert [p.code for p in loaded.problems] == ["untranslated"]


def test_translate_refuses_clearly(tmp_path: Path) -> None:
    project = translation_project(tmp_path)
    (project / "practices" / "demo" / "en.md").write_text(source("valid-en.md"), encoding="utf-8")
    cases = {
        ("--translate", "demo", "--lang", "en"): (1, "practices/demo/en.md already exists"),
        ("--translate", "demo", "--lang", "pl"): (1, "practices/demo/pl.md już istnieje"),
        ("--translate", "dmeo", "--lang", "cs"): (1, "ve složce practices není příklad 'dmeo' (nemysleli jste 'demo'?)"),
        ("--translate", "../demo", "--lang", "en"): (1, "no practice '../demo'"),
        ("--translate", "demo", "--lang", "de"): (1, "'de': en, pl, cs, sl, nb"),
        ("--translate", "broken", "--lang", "sl"): (1, "stage: neznana faza"),
        ("--translate", "demo"): (2, "give --lang"),
        ("--translate", "demo", "--lang", "sl", "--country", "PL"): (2, "--translate takes only --lang"),
    }
    for args, (status, message) in cases.items():
        result = run(project, *args)
        assert result.returncode == status, (args, result.stderr)
        assert message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr
    assert sorted(p.name for p in (project / "practices" / "demo").iterdir()) == ["en.md", "pl.md", "plan.pdf"]
    assert sorted(p.name for p in (project / "practices" / "broken").iterdir()) == ["pl.md"]
    assert (project / "practices" / "demo" / "en.md").read_text(encoding="utf-8") == source("valid-en.md")
