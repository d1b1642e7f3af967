"""The bundled example site also builds with ProperDocs (the maintained fork of MkDocs 1.x), to the same site.

The only expected difference is the generator named in every page's <meta name="generator">
(mkdocs-material writes `mkdocs-{{ mkdocs_version }}`, which ProperDocs sets to "ProperDocs <version>").
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from conftest import LANGS, ROOT, _snapshot, mkdocs
from goodpractices import SiteLayout

LAYOUT = SiteLayout(LANGS, "en")
GENERATOR = re.compile(rb'(<meta name="generator" content="mkdocs-)([^,"]*)(,)')
# Pagefind 1.5 (the pip fallback) writes these parts of its bundle differently run to run (see
# test_reproducible.py); Pagefind 1.6 (npm) writes every file the same.
PAGEFIND_UNSTABLE = re.compile(r"^pagefind/[^/]+/(part-[0-9]+/)?(pagefind-entry\.json|pagefind\.[a-z]+_[0-9a-f]+\.pf_meta|filter/.*|index/.*)$")


def properdocs(project: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run the real `properdocs` command line in `project` (which it reads mkdocs.yml of, as a fallback)."""
    return mkdocs(project, *args, timeout=timeout, program="properdocs")


@pytest.fixture(scope="module")
def properdocs_site(tmp_path_factory) -> Path:
    """The bundled example site, built with `properdocs build --strict` (writing nothing into docs/ or practices/)."""
    out = tmp_path_factory.mktemp("properdocs-site")
    before = {name: _snapshot(ROOT / name) for name in ("docs", "practices")}
    result = properdocs(ROOT, "build", "--strict", "-d", str(out))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert re.search(r"practices: [0-9]+ practices published", result.stderr)  # our plugin ran
    after = {name: _snapshot(ROOT / name) for name in ("docs", "practices")}
    assert before == after, "the build wrote into docs/ or practices/"
    return out


def _normalised(data: bytes) -> bytes:
    """A file with the generator's name and version left out."""
    return GENERATOR.sub(rb"\1*\3", data)


def _files(site: Path) -> dict[str, bytes]:
    """Every file of the site, but the parts of the search bundle that Pagefind 1.5 writes differently run to run."""
    version = json.loads((site / "pagefind" / "en" / "pagefind-entry.json").read_text(encoding="utf-8"))["version"]
    stable = tuple(int(part) for part in version.split(".")[:2]) >= (1, 6)
    files = {p.relative_to(site).as_posix(): p for p in sorted(site.rglob("*")) if p.is_file()}
    return {rel: p.read_bytes() for rel, p in files.items() if stable or not PAGEFIND_UNSTABLE.match(rel)}


def test_the_same_files(example_site: Path, properdocs_site: Path) -> None:
    assert set(_files(properdocs_site)) == set(_files(example_site))


@pytest.mark.parametrize(
    "path",
    [
        LAYOUT.home_path("en") + "index.html",
        LAYOUT.home_path("pl") + "index.html",
        LAYOUT.catalogue_path("en") + "index.html",
        LAYOUT.catalogue_path("cs") + "index.html",
        LAYOUT.practice_dest("swietochlowice-exam-support", "en"),
        LAYOUT.practice_dest("swietochlowice-exam-support", "pl"),
    ],
)
def test_key_pages_are_the_same(example_site: Path, properdocs_site: Path, path: str) -> None:
    mkdocs_page, properdocs_page = (example_site / path).read_bytes(), (properdocs_site / path).read_bytes()
    assert GENERATOR.search(mkdocs_page)[2].startswith(b"1.")  # mkdocs-1.6.1
    assert GENERATOR.search(properdocs_page)[2].startswith(b"ProperDocs ")  # really built by ProperDocs
    assert _normalised(properdocs_page) == _normalised(mkdocs_page)


def test_every_file_is_the_same_but_the_generator(example_site: Path, properdocs_site: Path) -> None:
    mkdocs_files, properdocs_files = _files(example_site), _files(properdocs_site)
    assert set(properdocs_files) == set(mkdocs_files)
    assert [k for k, v in mkdocs_files.items() if _normalised(properdocs_files[k]) != _normalised(v)] == []
    # Only the HTML pages name the generator: every other file is byte for byte the same.
    differ = {k for k, v in mkdocs_files.items() if properdocs_files[k] != v}
    assert differ and all(k.endswith(".html") for k in differ)
