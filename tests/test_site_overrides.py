"""A site's own templates (`custom_dir`) win over the plugin's, and a page's author text is escaped."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import make_project, source


def _build(project: Path, site: Path) -> dict[str, bytes]:
    """Build `project` into `site` in this process (without search): every file's bytes."""
    cwd = os.getcwd()
    os.chdir(project)
    try:
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
        config.plugins["practices"].config.search = False
        build(config)
    finally:
        os.chdir(cwd)
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _project(root: Path, overrides: dict[str, str] | None = None) -> Path:
    """Practices of a few shapes (languages, with and without headings), titles and summaries with characters to escape."""
    pl, en = source("valid-pl.md"), source("valid-en.md")
    practices: dict[str, str] = {}
    titles = ["Szkoły & gminy", 'Sieć "dyrektorów" <szkół>', "Zwykły tytuł", "A&amp;B — <b>nie pogrubione</b>", "Ostatni", "Jeszcze jeden"]
    for n, title in enumerate(titles):
        quoted = title.replace("'", "''")
        practices[f"pl-only-{n}/pl.md"] = pl.replace("title: Sieć dyrektorów szkół w gminie", f"title: '{quoted}'").replace(
            "summary: Dyrektorzy", f"summary: 'Streszczenie {n} & <i>coś</i>' # Dyrektorzy" if n % 2 else "summary: Dyrektorzy"
        )
        practices[f"both-{n}/pl.md"] = pl.replace("title: Sieć dyrektorów szkół w gminie", f"title: '{quoted} (pl)'")
        practices[f"both-{n}/en.md"] = en
    project = make_project(root, practices)
    for rel, text in (overrides or {}).items():
        target = project / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    if overrides:
        config = project / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace("theme:\n  name: material", "theme:\n  name: material\n  custom_dir: overrides"), encoding="utf-8")
    return project



@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_a_site_s_own_item_macro_is_used_on_every_card(tmp_path: Path, monkeypatch) -> None:
    """The plugin's `gp_item` stands for `item` in gp-macros.html; a site that overrides the file may make it a macro again."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    ours = Path(__file__).resolve().parent.parent / "plugins/goodpractices_mkdocs/templates/partials/gp-macros.html"
    text = ours.read_text(encoding="utf-8").replace(
        "{% set item = gp_item %}", '{% macro item(item) %}<em class="site-item">{{ item.text | e }}</em>{% endmacro %}'
    )
    assert "site-item" in text
    project = _project(tmp_path / "project", {"overrides/partials/gp-macros.html": text})
    files = _build(project, tmp_path / "site")
    page = files["pl/practices/pl-only-0/index.html"].decode("utf-8")
    start = page.index('class="gp-card"')
    card = page[start : page.index("</aside>", start)]
    assert card.count('<em class="site-item">') >= 5, card
    assert "<a href=" not in card.split("gp-card__row--contact")[0]  # the site's macro, not ours, wrote the values


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_titles_and_summaries_are_escaped_where_the_theme_prints_them(tmp_path: Path, monkeypatch) -> None:
    """Material prints a page's title and description unescaped (<title>, the header, <meta>): the plugin escapes them."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    files = _build(_project(tmp_path / "project"), tmp_path / "site")
    page = files["pl/practices/pl-only-1/index.html"].decode("utf-8")
    assert "<title>Sieć &#34;dyrektorów&#34; &lt;szkół&gt; - Test site</title>" in page
    assert '<meta name="description" content="Streszczenie 1 &amp; &lt;i&gt;coś&lt;/i&gt;">' in page
    assert "<szkół>" not in page and "<i>coś</i>" not in page
