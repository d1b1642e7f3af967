"""scripts/validate.py: same validation as the build, without building."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, make_project, source

SCRIPT = ROOT / "scripts" / "validate.py"


ENGLISH_LOCALE = {"LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"}


def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), *args], cwd=cwd, capture_output=True, text=True, timeout=120, env=dict(os.environ, **(env or {})))


def test_bundled_practices_are_valid() -> None:
    # Practices in several languages: the summary is in the locale's language (here none of the site's: English).
    result = run(cwd=ROOT, env=ENGLISH_LOCALE)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "errors: 0" in result.stderr


def test_errors_exit_1_with_every_problem(tmp_path: Path) -> None:
    project = make_project(
        tmp_path,
        {
            "good/pl.md": source("valid-pl.md"),
            "bad/pl.md": source("valid-pl.md").replace("category: development-plan", "category: xyz").replace("stage: evaluated", "stage: done"),
            "ugly/en.md": "no front matter\n",
        },
    )
    result = run("--config", str(project / "mkdocs.yml"), "--lang", "en", cwd=project)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert any(line.startswith("practices/bad/pl.md:4: error: category: unknown category") for line in lines), lines
    assert any(line.startswith("practices/bad/pl.md:17: error: stage: unknown stage") for line in lines), lines
    assert any(line.startswith("practices/ugly/en.md:1: error:") and "no front matter" in line for line in lines), lines
    assert "Traceback" not in result.stdout + result.stderr
    assert "valid practices: 1, errors: 3" in result.stderr


def test_paths_restrict_to_those_practices(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"good/pl.md": source("valid-pl.md"), "bad/pl.md": "---\n- x\n---\n"})
    ok = run("--config", str(project / "mkdocs.yml"), "practices/good", cwd=project)
    assert ok.returncode == 0, ok.stdout
    bad = run("--config", str(project / "mkdocs.yml"), "practices/bad/pl.md", cwd=project)
    assert bad.returncode == 1 and "practices/bad/pl.md:2" in bad.stdout


def test_warnings_do_not_fail(tmp_path: Path) -> None:
    text = source("valid-pl.md").replace("## Koszty\n\nCzas pracy dyrektorów.\n\n", "")
    project = make_project(tmp_path, {"demo/pl.md": text})
    result = run("--config", str(project / "mkdocs.yml"), "--lang", "en", cwd=project)
    assert result.returncode == 0
    assert "warning: some sections of the template are missing: '## Koszty'" in result.stdout


def test_missing_config_is_a_usage_error(tmp_path: Path) -> None:
    result = run("--config", str(tmp_path / "nope.yml"), cwd=tmp_path)
    assert result.returncode == 2 and "cannot read" in result.stderr


def test_messages_default_to_the_language_of_each_file(tmp_path: Path) -> None:
    bad_pl = source("valid-pl.md").replace("category: development-plan", "category: development-plans")
    bad_en = source("valid-en.md").replace("title: A network of head teachers in the municipality\n", "titel: A network\n")
    project = make_project(tmp_path, {"demo/pl.md": bad_pl, "demo/en.md": bad_en})
    result = run("--config", str(project / "mkdocs.yml"), cwd=project)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    pl = next(line for line in lines if line.startswith("practices/demo/pl.md:4:"))
    assert pl.startswith("practices/demo/pl.md:4: błąd: category: ") and "'development-plan'" in pl
    en = [line for line in lines if line.startswith("practices/demo/en.md")]
    assert any("error: titel: unknown field; did you mean 'title'?" in line for line in en), en
    cs = run("--config", str(project / "mkdocs.yml"), "--lang", "cs", cwd=project)
    assert "practices/demo/pl.md:4: chyba: category: " in cs.stdout


def test_github_annotations(tmp_path: Path) -> None:
    bad = source("valid-pl.md").replace("category: development-plan", "category: xyz").replace("## Koszty\n\nCzas pracy dyrektorów.\n\n", "")
    project = make_project(tmp_path, {"demo/pl.md": bad})
    result = run("--config", str(project / "mkdocs.yml"), "--format", "github", "--lang", "en", cwd=project)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert "::error file=practices/demo/pl.md,line=4,title=category::unknown category (expected one of development-plan (Realizacja lokalnego planu rozwoju edukacji), community-integration (Integracja społeczności lokalnej wokół edukacji), spending-rationalisation (Racjonalizacja wydatków na edukację); found 'xyz')" in lines
    warning = next(line for line in lines if line.startswith("::warning "))
    assert warning.startswith("::warning file=practices/demo/pl.md,line=23,title=pl.md::some sections of the template are missing")


def test_github_annotations_point_at_the_column(tmp_path: Path) -> None:
    bad = source("valid-pl.md").replace("title: Sieć dyrektorów szkół w gminie", "title: Sieć dyrektorów: gmina")
    project = make_project(tmp_path, {"demo/pl.md": bad})
    result = run("--config", str(project / "mkdocs.yml"), "--format", "github", cwd=project)
    assert result.returncode == 1
    assert result.stdout.startswith("::error file=practices/demo/pl.md,line=2,col=23,title=title::wartość zawiera dwukropek ze spacją")


def test_github_annotation_escaping() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    import validate
    from goodpractices.errors import Problem, msg

    problem = Problem(Path("practices/a,b/pl.md"), 3, "x:y", msg("unreadable.message", reason="50%\nnext"))
    line = validate.github_annotation(problem, "en")
    assert line == "::error file=practices/a%2Cb/pl.md,line=3,title=x%3Ay::cannot read the file: 50%25%0Anext"


def test_a_path_that_does_not_exist_is_a_usage_error(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"good/pl.md": source("valid-pl.md")})
    result = run("--config", str(project / "mkdocs.yml"), "practices/typo", cwd=project)
    assert result.returncode == 2 and "no such file or folder" in result.stderr


def test_summary_in_the_language_of_the_files_checked(tmp_path: Path) -> None:
    """Without --lang: the one language of the files checked, else the locale's when it is a site language, else English."""
    bad_pl = source("valid-pl.md").replace("category: development-plan", "category: xyz")
    project = make_project(tmp_path, {"demo/pl.md": bad_pl, "good/pl.md": source("valid-pl.md")})
    config = ("--config", str(project / "mkdocs.yml"))
    polish = run(*config, cwd=project, env={"LANG": "cs_CZ.UTF-8", "LC_ALL": ""})
    assert polish.returncode == 1
    assert polish.stderr.strip() == "poprawne praktyki: 1, błędy: 1, ostrzeżenia: 0"

    (project / "practices" / "demo" / "en.md").write_text(source("valid-en.md"), encoding="utf-8")
    czech_locale = run(*config, cwd=project, env={"LC_ALL": "", "LC_MESSAGES": "", "LANG": "cs_CZ.UTF-8"})
    assert czech_locale.stderr.strip() == "příklady bez chyb: 1, chyby: 1, varování: 0"
    assert czech_locale.stdout.startswith("practices/demo/pl.md:4: błąd: category: ")  # each file's own language
    overridden = run(*config, cwd=project, env={"LC_ALL": "nb_NO.UTF-8", "LANG": "cs_CZ.UTF-8"})
    assert overridden.stderr.strip() == "gyldige eksempler: 1, feil: 1, advarsler: 0"
    german = run(*config, cwd=project, env={"LC_ALL": "", "LC_MESSAGES": "", "LANG": "de_DE.UTF-8"})
    assert german.stderr.strip() == "valid practices: 1, errors: 1, warnings: 0"
    given = run(*config, "--lang", "sl", cwd=project, env={"LANG": "cs_CZ.UTF-8"})
    assert given.stderr.strip() == "veljavni primeri: 1, napake: 1, opozorila: 0"


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "pl_PL.UTF-8"}, "pl"),
        ({"LC_ALL": "sl_SI.UTF-8", "LANG": "pl_PL.UTF-8"}, "sl"),
        ({"LC_MESSAGES": "cs_CZ", "LANG": "en_GB.UTF-8"}, "cs"),
        ({"LC_ALL": "", "LANG": "no_NO.UTF-8"}, "nb"),
        ({"LANG": "nb_NO.UTF-8@euro"}, "nb"),
        ({"LANG": "C.UTF-8"}, None),
        ({"LC_ALL": "de_DE.UTF-8", "LANG": "pl_PL.UTF-8"}, None),
        ({}, None),
    ],
)
def test_locale_language(environ: dict[str, str], expected: str | None) -> None:
    from goodpractices.report import locale_language, summary_language

    assert locale_language(environ) == expected
    assert summary_language(["pl", "cs"], environ) == (expected or "en")
    assert summary_language(["cs", "cs"], environ) == "cs"
