"""Nothing lost, nothing different: every practice file is published, and two builds are identical."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from conftest import LANGS, ROOT, mkdocs
from goodpractices import SiteLayout

LAYOUT = SiteLayout(LANGS, "en")


def _digests(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(site.rglob("*")) if p.is_file()}


def test_every_practice_file_is_published(example_site: Path) -> None:
    """Walk practices/: each language file has its page, and each practice is in every language's catalogue data."""
    catalogues = {lang: set(json.loads((example_site / LAYOUT.catalogue_path(lang) / "catalogue.json").read_text(encoding="utf-8"))["items"]["slug"]) for lang in LANGS}
    files = sorted((ROOT / "practices").rglob("*.md"))
    assert files
    for md in files:
        slug, lang = md.parent.name, md.stem
        assert (example_site / LAYOUT.practice_dest(slug, lang)).is_file(), md
        for reader, listed in catalogues.items():
            assert slug in listed, (md, reader)
    for other in (p for p in (ROOT / "practices").rglob("*") if p.is_file() and p.suffix != ".md"):
        assert (example_site / "practices" / other.relative_to(ROOT / "practices")).is_file(), other


def test_a_broken_practice_is_named_not_dropped(tmp_path: Path) -> None:
    from conftest import make_project, source

    project = make_project(tmp_path, {"good/pl.md": source("valid-pl.md"), "bad/pl.md": source("valid-pl.md").replace("stage: evaluated", "stage: ?")})
    result = mkdocs(project, "build")
    assert result.returncode == 1 and "practices/bad/pl.md:17" in result.stderr
    assert not (project / "site" / "pl" / "practices" / "good").exists()  # nothing half-published


def test_two_clean_builds_are_identical(example_site: Path, tmp_path: Path) -> None:
    second = tmp_path / "second"
    result = mkdocs(ROOT, "build", "--strict", "-d", str(second))
    assert result.returncode == 0, result.stderr
    first_files, second_files = _digests(example_site), _digests(second)
    version = json.loads((example_site / "pagefind" / "en" / "pagefind-entry.json").read_text())["version"]
    if tuple(int(part) for part in version.split(".")[:2]) >= (1, 6):
        # Pagefind 1.6 (npm, package.json) writes the same index twice: every file is the same.
        assert first_files == second_files
        return
    # Pagefind 1.5's filter and metadata indexes are not stable between runs (the pip
    # fallback; upstream: Pagefind#638; its fragments are, since 1.3): compared apart.
    unstable = re.compile(r"^pagefind/[^/]+/(part-[0-9]+/)?(pagefind-entry\.json|pagefind\.[a-z]+_[0-9a-f]+\.pf_meta|filter/.*|index/.*)$")
    assert {k: v for k, v in first_files.items() if not unstable.match(k)} == {k: v for k, v in second_files.items() if not unstable.match(k)}
    fragment = re.compile(r"^pagefind/[^/]+/(part-[0-9]+/)?fragment/")
    fragments = {k for k in first_files if fragment.match(k)}
    assert fragments and fragments == {k for k in second_files if fragment.match(k)}
    for bundle in sorted((example_site / "pagefind").iterdir()):
        entry = [json.loads((site / "pagefind" / bundle.name / "pagefind-entry.json").read_text()) for site in (example_site, second)]
        assert {lang: v["page_count"] for lang, v in entry[0]["languages"].items()} == {lang: v["page_count"] for lang, v in entry[1]["languages"].items()}


def test_dates_come_from_the_commit_not_the_clock(example_site: Path) -> None:
    epoch = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    if not epoch:
        return  # not a git checkout: MkDocs uses the build date
    day = datetime.fromtimestamp(int(epoch), tz=UTC).strftime("%Y-%m-%d")
    sitemap = (example_site / "sitemap.xml").read_text(encoding="utf-8")
    assert set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap)) == {day}
