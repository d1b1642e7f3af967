"""Work the build shares between pages gives byte-identical pages.

Practice pages take their body from the core's renderer and their primary
navigation from the first practice page of the language
(overrides/partials/nav.html); the result must be what rendering every page
in full gives.
"""

from __future__ import annotations

import os
from typing import Any
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import make_project, source


class _Forgetful(dict):
    """A navigation cache that never keeps anything: every page renders Material's navigation."""

    def setdefault(self, key, default=None):  # type: ignore[override]
        return default


def _build(project: Path, site: Path, *, forgetful: bool = False, frames: bool = True) -> tuple[dict[str, bytes], Any]:
    """Build `project` into `site` in this process: every file's bytes, and the practices plugin."""
    cwd = os.getcwd()
    os.chdir(project)
    try:
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
        plugin = config.plugins["practices"]
        plugin.config.search = False
        plugin.config.practice_frames = frames
        if forgetful:
            plugin._nav_html = _Forgetful()
        build(config)
    finally:
        os.chdir(cwd)
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}, plugin


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_shared_navigation_gives_the_same_pages(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = make_project(
        tmp_path / "project",
        {
            "demo/pl.md": source("valid-pl.md"),
            "demo/en.md": source("valid-en.md"),
            "second/pl.md": source("valid-pl.md").replace("Sieć dyrektorów szkół w gminie", "Druga praktyka"),
        },
    )
    shared, plugin = _build(project, tmp_path / "shared")
    assert set(plugin._nav_html) == {"en", "pl"}  # shared by the practice pages of each language that has them
    full, _ = _build(project, tmp_path / "full", forgetful=True)
    assert shared.keys() == full.keys()
    different = [name for name in shared if shared[name] != full[name]]
    assert different == []
    assert any(name.endswith("practices/demo/index.html") for name in shared)


def _framed_project(root: Path, overrides: dict[str, str] | None = None) -> Path:
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


def _build_frames(project: Path, site: Path, frames: bool) -> tuple[dict[str, bytes], dict[str, tuple[int, int]]]:
    files, plugin = _build(project, site, frames=frames)
    return files, {f"{lang}-{kind}": (f.framed, f.whole) for lang, kinds in plugin.frame_stats.items() for kind, f in kinds.items()}


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_practice_pages_filled_in_a_frame_are_the_whole_template_s(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = _framed_project(tmp_path / "project")
    framed, counts = _build_frames(project, tmp_path / "framed", frames=True)
    whole, _ = _build_frames(project, tmp_path / "whole", frames=False)
    assert framed.keys() == whole.keys()
    assert [name for name in framed if framed[name] != whole[name]] == []
    # The frames were used: in Polish, 12 practice pages of two shapes (each shape: probe page, checked page, then framed); term pages too.
    assert counts["pl-practice"][0] >= 6, counts
    assert counts["pl-term"][0] >= 1, counts
    page = framed["pl/practices/pl-only-0/index.html"].decode("utf-8")
    assert "<title>Szkoły &amp; gminy - " in page  # escaped once, as the whole template writes it


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize(
    ("overrides", "refused"),
    [
        # A table of contents of the site's own: no sentinel comes back, the frame of practice pages is refused
        # (term pages have no table of contents: their frame fits).
        ({"overrides/partials/toc.html": '<nav class="site-toc">{% for item in page.toc %}<a href="{{ item.url }}">{{ item.title }}</a>{% endfor %}</nav>\n'}, ("practice",)),
        # The title transformed in a way the frame does not know.
        ({"overrides/main.html": '{% extends "base.html" %}\n{% block extrahead %}{% if page and page.meta.title %}<meta name="x-title" content="{{ page.meta.title | upper }}">{% endif %}{% endblock %}\n'}, ("practice", "term")),
    ],
    ids=["own-toc", "upper-title"],
)
def test_a_frame_the_site_s_templates_do_not_fit_is_not_used(tmp_path: Path, monkeypatch, overrides: dict[str, str], refused: tuple[str, ...]) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = _framed_project(tmp_path / "project", overrides)
    framed, counts = _build_frames(project, tmp_path / "framed", frames=True)
    whole, _ = _build_frames(project, tmp_path / "whole", frames=False)
    assert [name for name in framed if framed[name] != whole[name]] == []
    assert {key: counts[key][0] for key in counts if key.endswith(refused)} == {f"{lang}-{kind}": 0 for lang in ("en", "pl", "cs", "sl", "nb") for kind in refused}


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_a_site_s_own_item_macro_is_used_on_every_card(tmp_path: Path, monkeypatch) -> None:
    """The plugin's `gp_item` stands for `item` in gp-macros.html; a site that overrides the file may make it a macro again."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    ours = Path(__file__).resolve().parent.parent / "plugins/goodpractices_mkdocs/templates/partials/gp-macros.html"
    text = ours.read_text(encoding="utf-8").replace(
        "{% set item = gp_item %}", '{% macro item(item) %}<em class="site-item">{{ item.text | e }}</em>{% endmacro %}'
    )
    assert "site-item" in text
    project = _framed_project(tmp_path / "project", {"overrides/partials/gp-macros.html": text})
    files, _ = _build(project, tmp_path / "site")
    page = files["pl/practices/pl-only-0/index.html"].decode("utf-8")
    start = page.index('class="gp-card"')
    card = page[start : page.index("</aside>", start)]
    assert card.count('<em class="site-item">') >= 5, card
    assert "<a href=" not in card.split("gp-card__row--contact")[0]  # the site's macro, not ours, wrote the values
