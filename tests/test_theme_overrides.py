"""The plugin's overrides of Material's templates (plugins/goodpractices_mkdocs/overrides/) against the installed Material.

Most of what the plugin changes in Material's pages goes through blocks of Material's
base.html (overrides/main.html), partials of our own and our CSS, which follow
Material's releases. A file that takes the place of one of Material's own cannot:
ORIGINALS records the sha256 of the Material file each one was made from, and a test
fails, naming the override to re-check, when the installed Material's file differs.
What the blocks of main.html rely on in Material's templates is checked too.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from importlib.metadata import version
from pathlib import Path

import material
import pytest

from conftest import ROOT, SITE_CONFIG, make_project, mkdocs
from goodpractices_mkdocs import theme
from htmlutil import elements

OVERRIDES = ROOT / "plugins" / "goodpractices_mkdocs" / "overrides"
MATERIAL = Path(material.__file__).parent / "templates"
MADE_FROM = "9.8.1"
"""The mkdocs-material version whose files ORIGINALS records."""

ORIGINALS = {
    "partials/copyright.html": (
        "bc86bca3bf75070fe5d72e2a3463bdddf87c10f4d6459c945fe81c5d384e35ea",
        "ours writes the theme's credit in the page's language: carry over what Material changed in its footer",
    ),
    "partials/source.html": (
        "6847616d67be4920d39c278c2799bf20222bbc02ee2a8393aca85e3eaa518752",
        "ours is the same link without the script's call to the code host's API: carry over what Material changed in the link",
    ),
    # override, relative to overrides/ (Material's file of the same path): its sha256 in MADE_FROM, and what to re-check
    "main.html": (
        "9948b55a7bc979c35825df99baba9e6971fca4eb298dea3cdde61e990a2de5e0",
        "ours fills blocks of base.html in its place (Material's only extends base.html): carry over what Material added",
    ),
}
SEARCH_PAGE_NAV = "  - practices/index.md\n  - search/index.md\n"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _overrides() -> list[str]:
    return sorted(p.relative_to(OVERRIDES).as_posix() for p in OVERRIDES.rglob("*") if p.is_file())


@pytest.mark.parametrize("rel", sorted(ORIGINALS))
def test_copied_original_is_unchanged(rel: str) -> None:
    if not (OVERRIDES / rel).exists():
        pytest.skip(f"overrides/{rel} is gone: drop its entry from ORIGINALS")
    original = MATERIAL / rel
    expected, recheck = ORIGINALS[rel]
    installed = version("mkdocs-material")
    assert original.is_file(), f"mkdocs-material {installed} has no {rel}: overrides/{rel} no longer replaces anything ({recheck})"
    actual = _sha256(original)
    assert actual == expected, (
        f"overrides/{rel} was made from mkdocs-material {MADE_FROM}'s templates/{rel}, which the installed "
        f"mkdocs-material {installed} changed: re-check overrides/{rel} against {original} ({recheck}), "
        f"then record its sha256 {actual} in ORIGINALS"
    )


def test_every_file_that_shadows_material_is_listed() -> None:
    """A file of overrides/ with the path of one of Material's templates takes its place: its original's hash is recorded."""
    shadowing = [rel for rel in _overrides() if (MATERIAL / rel).is_file()]
    unlisted = [rel for rel in shadowing if rel not in ORIGINALS]
    assert not unlisted, (
        f"{', '.join('overrides/' + rel for rel in unlisted)} take the place of Material's templates of the same path "
        f"(mkdocs-material {version('mkdocs-material')}): record each in ORIGINALS with the sha256 of the file it was made from"
    )


def test_every_override_says_what_it_changes() -> None:
    for rel in _overrides():
        text = (OVERRIDES / rel).read_text(encoding="utf-8")
        comment = re.match(r"\{#-?(.*?)-?#\}", text, re.S)
        assert comment and len(comment[1].split()) >= 10, f"overrides/{rel} starts without a comment on what it changes and why"


def test_main_html_finds_what_it_relies_on_in_material() -> None:
    """What the blocks of main.html rely on in Material's templates, so that a change of Material's is noticed (a block it no longer has would be dropped without a word)."""
    blocks = set(re.findall(r"\{%-?\s*block\s+(\w+)", (MATERIAL / "base.html").read_text(encoding="utf-8")))
    filled = set(re.findall(r"\{%-?\s*block\s+(\w+)", (OVERRIDES / "main.html").read_text(encoding="utf-8")))
    assert {"header", "content"} <= filled
    assert filled <= blocks, f"overrides/main.html fills blocks Material's base.html no longer has: {sorted(filled - blocks)}"
    # The search button goes where Material puts its own: before the repository link, else at the end of the bar.
    header = (MATERIAL / "partials" / "header.html").read_text(encoding="utf-8")
    assert header.count('<div class="md-header__source">') == 1 and "</nav>" in header
    assert header.index('for="__search"') < header.index('<div class="md-header__source">') < header.index("</nav>")
    # What Material's content partial draws around the content is left out of the indexed text (theme.NOT_INDEXED).
    content = (MATERIAL / "partials" / "content.html").read_text(encoding="utf-8")
    included = set(re.findall(r'\{%\s*include\s+"partials/([\w-]+)\.html"', content))
    assert included == {"tags", "actions", "source-file", "feedback", "comments"}, (
        f"Material's partials/content.html now includes {sorted(included)}: whatever draws text around the "
        "content must be in theme.NOT_INDEXED (overrides/main.html marks the whole block for Pagefind)"
    )
    assert {".md-tags", ".md-content__button", ".md-source-file", ".md-feedback"} <= set(theme.NOT_INDEXED)


def test_search_button_is_where_material_puts_its_own(example_site: Path) -> None:
    """Just before the repository link (tests/test_search.py checks where it leads)."""
    for rel in ("index.html", "pl/contribute/index.html", "nb/practices/index.html"):
        html = (example_site / rel).read_text(encoding="utf-8")
        header = html[html.index('<header class="md-header') : html.index("</header>")]
        assert re.search(r'class="md-header__button md-icon gp-header-search"[^>]*>\s*<svg[^>]*>.*?</svg>\s*</a>\s*<div class="md-header__source">', header, re.S), rel


def test_a_site_without_a_repository_link(tmp_path: Path) -> None:
    """The search button ends the header's bar; a Markdown page is indexed without what Material adds around its content."""
    project = make_project(tmp_path, {}, SITE_CONFIG.replace("  - practices/index.md\n", SEARCH_PAGE_NAV))
    # As Material's partials/source-file.html would draw it (with a plugin for the page's dates).
    (project / "docs/en/about.md").write_text('# About\n\nA plainword.\n\n<aside class="md-source-file">Last update: dateword</aside>\n', encoding="utf-8")
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    html = (project / "site/pl/index.html").read_text(encoding="utf-8")
    header = html[html.index('<header class="md-header') : html.index("</header>")]
    bar = header[: header.index("</nav>")]
    (link,) = elements(bar, "a", class_="gp-header-search")
    assert link["href"] == "search/"
    assert bar.rstrip().endswith("</a>")
    html = (project / "site/about/index.html").read_text(encoding="utf-8")
    assert re.search(r'<div class="gp-page-body" data-pagefind-body>\s*<h1 id="about">About</h1>', html)
    indexed = {}
    for fragment in (project / "site/pagefind/en/fragment").glob("*.pf_fragment"):
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        indexed[data["url"]] = data["content"]
    assert "plainword" in indexed["/about/"] and "dateword" not in indexed["/about/"]
