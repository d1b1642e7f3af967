"""Building small sites with the real mkdocs command: errors, languages, configuration."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT, SITE_CONFIG, make_project, mkdocs, source


def test_invalid_practice_fails_the_build_cleanly(tmp_path: Path) -> None:
    project = make_project(
        tmp_path,
        {
            "good/pl.md": source("valid-pl.md"),
            "bad/pl.md": source("valid-pl.md").replace("country: PL", "country: Polska").replace("published: 2023-01-15", "published: 2023-13-01"),
        },
    )
    result = mkdocs(project, "build")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    # Told in the language of the file (Polish), the heading too: the only file with errors is Polish.
    assert "2 błędy w plikach praktyk – popraw je albo uruchom ./scripts/validate" in result.stderr
    assert "practices/bad/pl.md:5: błąd: country: nieznany kod kraju" in result.stderr
    assert "practices/bad/pl.md:21: błąd: published: nieprawidłowa data: nie ma miesiąca 13" in result.stderr
    assert "Aborted with a BuildError!" in result.stdout + result.stderr


def in_language(text: str, lang: str, vocab) -> str:
    """A Polish source file as one in `lang`: the section headings in that language (the text stays as it is)."""
    for key in vocab["section"].values:
        text = text.replace(f"## {vocab['section'].label(key, 'pl')}\n", f"## {vocab['section'].label(key, lang)}\n")
    return text


def test_build_errors_are_in_the_language_of_each_file(tmp_path: Path, vocab) -> None:
    """An invalid Czech practice: its lines are Czech, and so is the heading; an English one's stay English."""
    bad_cs = in_language(source("valid-pl.md"), "cs", vocab).replace("country: PL", "country: Česko").replace("stage: evaluated", "stage: done")
    project = make_project(tmp_path, {"good/pl.md": source("valid-pl.md"), "bad/cs.md": bad_cs})
    result = mkdocs(project, "build")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert any(line.endswith("2 chyby v souborech s příklady – opravte je, nebo pro podrobnosti spusťte ./scripts/validate:") for line in lines), lines
    assert "  practices/bad/cs.md:5: chyba: country: neznámý kód země; nemysleli jste 'CZ'? (očekáváno: dvoupísmenný kód ISO 3166-1 velkými písmeny, například PL, CZ, SI nebo NO; nalezeno: 'Česko')" in lines
    assert any(line.startswith("  practices/bad/cs.md:17: chyba: stage: fáze není v seznamu") for line in lines), lines
    assert " error" not in result.stderr.split("Aborted")[0].replace("ERROR", ""), result.stderr

    # Files of two languages: each line in its own, the heading in the locale's language (here Slovenian).
    bad_en = in_language(source("valid-pl.md"), "en", vocab).replace("category: development-plan", "category: plans")
    write = project / "practices" / "other" / "en.md"
    write.parent.mkdir()
    write.write_text(bad_en, encoding="utf-8")
    mixed = mkdocs(project, "build", env={"LC_ALL": "", "LC_MESSAGES": "", "LANG": "sl_SI.UTF-8"})
    assert mixed.returncode == 1
    assert "3 napake v datotekah s primeri – popravite jih ali za podrobnosti zaženite ./scripts/validate:" in mixed.stderr
    assert "  practices/other/en.md:" in mixed.stderr and ": error: category: unknown category" in mixed.stderr
    assert "  practices/bad/cs.md:5: chyba: country: neznámý kód země" in mixed.stderr


def test_missing_sections_are_info_unless_configured(tmp_path: Path) -> None:
    text = source("valid-pl.md").replace("## Koszty\n\nCzas pracy dyrektorów.\n\n", "")
    project = make_project(tmp_path, {"demo/pl.md": text})
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    assert "INFO    -  practices/demo/pl.md:23: ostrzeżenie: brakuje niektórych sekcji szablonu: '## Koszty'" in result.stderr  # in the file's language
    config = (project / "mkdocs.yml").read_text().replace("  - practices\n", "  - practices:\n      sections_as_warnings: true\n")
    (project / "mkdocs.yml").write_text(config)
    strict = mkdocs(project, "build", "--strict")
    assert strict.returncode == 1
    assert "WARNING -  practices/demo/pl.md:23" in strict.stderr


def test_what_a_page_would_silently_lose_fails_the_strict_build_with_the_validator_s_messages(tmp_path: Path) -> None:
    """An image written as a Windows path passed the validator and the strict build, and its page had an <img>
    without src. Now the build fails with the very lines scripts/validate.py prints, in each file's language."""
    czech = source("valid-cs.md").replace(
        "Obec zřizuje čtyři základní školy.", "Obec zřizuje čtyři základní školy.\n\n![Mapa škol](C:\\Users\\jana\\mapa.png)"
    )
    polish = source("valid-pl.md").replace("Gmina prowadzi sześć szkół podstawowych.", 'Gmina prowadzi <iframe src="https://example.org/mapa"></iframe> szkoły.')
    norwegian = source("valid-nb.md").replace("title: Nettverk for rektorer i kommunen", 'title: "Nettverk for rektorer')
    project = make_project(tmp_path, {"plan/cs.md": czech, "network/pl.md": polish, "nettverk/nb.md": norwegian, "good/pl.md": source("valid-pl.md")})
    # The files are in three languages: the heading is in the locale's (here none: English).
    result = mkdocs(project, "build", "--strict", env={"LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    validator = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "validate.py"), "--config", str(project / "mkdocs.yml")], capture_output=True, text=True, cwd=project
    )
    told = [line for line in validator.stdout.splitlines() if line]
    assert len(told) == 3
    assert told[0].startswith("practices/nettverk/nb.md:2:8: feil: title: anførselstegnet (\") som åpner verdien her")
    assert told[1].startswith("practices/network/pl.md:26:16: błąd: element HTML <iframe> jest niedozwolony")
    assert told[2].startswith("practices/plan/cs.md:28:14: chyba: adresa vede na soubor ve vašem vlastním počítači")
    for line in told:
        assert f"  {line}" in result.stderr  # the same message, word for word
    assert "3 errors in the practice files; fix them, or run ./scripts/validate for details:" in result.stderr


def test_a_practice_s_warnings_are_told_without_failing_the_strict_build(tmp_path: Path) -> None:
    """Where only formatting would go (an element whose text stays), the author is told; the site is still built."""
    text = source("valid-pl.md").replace("Gmina prowadzi sześć szkół podstawowych.", "Gmina prowadzi <center>sześć</center> szkół podstawowych.")
    project = make_project(tmp_path, {"demo/pl.md": text})
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    assert "INFO    -  practices/demo/pl.md:26:16: ostrzeżenie: element HTML <center> jest niedozwolony: jego tekst zostaje" in result.stderr


def test_single_language_site_without_i18n(tmp_path: Path) -> None:
    config = "site_name: One language\ntheme:\n  name: material\n  language: pl\nnav:\n  - index.md\n  - practices/index.md\n  - search/index.md\n  - statistics/index.md\nplugins:\n  - practices\n"
    project = tmp_path
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text("# Strona\n")
    (project / "mkdocs.yml").write_text(config)
    (project / "practices" / "demo").mkdir(parents=True)
    (project / "practices" / "demo" / "pl.md").write_text(source("valid-pl.md"))
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    page = (project / "site" / "practices" / "demo" / "index.html").read_text()
    assert '<html lang="pl"' in page and "Kategoria" in page
    assert "Sieć dyrektorów szkół w gminie" in (project / "site" / "practices" / "index.html").read_text()
    home = (project / "site" / "index.html").read_text()
    for path in ("practices/", "search/", "statistics/"):
        assert f'href="{path}"' in home, path  # generated pages resolve in the nav


def test_unsupported_site_language_is_a_clear_error(tmp_path: Path) -> None:
    config = "site_name: X\ntheme:\n  name: material\n  language: de\nplugins:\n  - practices\n"
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# X\n")
    (tmp_path / "mkdocs.yml").write_text(config)
    result = mkdocs(tmp_path, "build")
    assert result.returncode == 1
    assert "site language(s) de have no interface strings" in result.stderr
    assert "Traceback" not in result.stderr


def test_practice_only_in_original_language_has_a_page_in_every_language(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"solo/pl.md": source("valid-pl.md")})
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    site = project / "site"
    page = (site / "pl" / "practices" / "solo" / "index.html").read_text()
    assert "Ta praktyka istnieje tylko w tym języku." in page
    # the English and Czech catalogues link their own page of it, which shows the Polish text
    en = (site / "practices" / "index.html").read_text()
    assert 'href="solo/"' in en and "in Polish" in en
    cs = (site / "cs" / "practices" / "index.html").read_text()
    assert 'href="solo/"' in cs and "jazyk: polština" in cs
    en_page = (site / "practices" / "solo" / "index.html").read_text()
    assert '<html lang="en"' in en_page and "This practice is not available in English. You are reading it in Polish." in en_page
    assert '<h1 data-pagefind-meta="title" lang="pl">' in en_page
    cs_page = (site / "cs" / "practices" / "solo" / "index.html").read_text()
    assert "Tento příklad není k dispozici v češtině. Čtete ho v jazyce: polština." in cs_page


def test_drafts_are_never_in_a_production_build(tmp_path: Path) -> None:
    draft = source("valid-pl.md").replace("published: 2023-01-15\n", "published: 2023-01-15\ndraft: true\n")
    project = make_project(tmp_path, {"draft/pl.md": draft, "final/pl.md": source("valid-pl.md")})
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    assert "1 draft(s) left out: drafts are not published: draft" in result.stderr
    site = project / "site"
    assert (site / "pl" / "practices" / "final" / "index.html").exists()
    assert not (site / "pl" / "practices" / "draft").exists()
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml"):
            assert "practices/draft/" not in path.read_text(encoding="utf-8", errors="replace"), path
            assert '"draft"' not in path.read_text(encoding="utf-8", errors="replace") or path.name.endswith("schema.json"), path


def test_overdue_review_is_an_editor_warning_that_does_not_fail_strict(tmp_path: Path) -> None:
    text = source("valid-pl.md").replace("published: 2023-01-15\n", "published: 2023-01-15\nreview:\n  reviewed_by: Ewa\n  reviewed_on: 2023-01-10\n  next_review: 2024-01-10\n")
    project = make_project(tmp_path, {"old/pl.md": text})
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    assert "practices past their next review date" in result.stderr
    assert "practices/old/pl.md: next_review 2024-01-10" in result.stderr


def test_fallback_languages_must_be_languages_of_the_site(tmp_path: Path) -> None:
    config = SITE_CONFIG.replace("\n  - practices\n", "\n  - practices:\n      fallback_languages: [de]\n", 1)
    assert "fallback_languages: [de]" in config
    project = make_project(tmp_path, {"solo/pl.md": source("valid-pl.md")}, config=config)
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 1
    assert "fallback_languages lists de, which the site has not; use the site's languages (en, pl, cs, sl, nb)" in result.stderr
    assert "Traceback" not in result.stderr
