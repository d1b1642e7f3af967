"""Building small sites with the real mkdocs command: errors, languages, configuration."""

from __future__ import annotations

from pathlib import Path

from conftest import SITE_CONFIG, make_project, mkdocs, source


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
    assert "2 error(s) in practice files" in result.stderr
    assert "practices/bad/pl.md:5: error: country: unknown country code" in result.stderr
    assert "practices/bad/pl.md:21: error: published: invalid date: month 13 does not exist" in result.stderr
    assert "Aborted with a BuildError!" in result.stdout + result.stderr


def test_missing_sections_are_info_unless_configured(tmp_path: Path) -> None:
    text = source("valid-pl.md").replace("## Koszty\n\nCzas pracy dyrektorów.\n\n", "")
    project = make_project(tmp_path, {"demo/pl.md": text})
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    assert "INFO    -  practices/demo/pl.md:23: warning: some sections of the template are missing: '## Koszty'" in result.stderr
    config = (project / "mkdocs.yml").read_text().replace("  - practices\n", "  - practices:\n      sections_as_warnings: true\n")
    (project / "mkdocs.yml").write_text(config)
    strict = mkdocs(project, "build", "--strict")
    assert strict.returncode == 1
    assert "WARNING -  practices/demo/pl.md:23" in strict.stderr


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
