"""Work the build shares between pages gives byte-identical pages.

Practice pages take their body from the core's renderer and their primary
navigation from the first practice page of the language
(overrides/partials/nav.html); the result must be what rendering every page
in full gives.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import make_project, source


class _Forgetful(dict):
    """A navigation cache that never keeps anything: every page renders Material's navigation."""

    def setdefault(self, key, default=None):  # type: ignore[override]
        return default


def _build(project: Path, site: Path, forgetful: bool) -> dict[str, bytes]:
    cwd = os.getcwd()
    os.chdir(project)
    try:
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
        plugin = config.plugins["practices"]
        plugin.config.search = False
        if forgetful:
            plugin._nav_html = _Forgetful()
        build(config)
        if not forgetful:
            assert set(plugin._nav_html) == {"en", "pl"}  # shared by the practice pages of each language that has them
    finally:
        os.chdir(cwd)
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


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
    shared = _build(project, tmp_path / "shared", forgetful=False)
    full = _build(project, tmp_path / "full", forgetful=True)
    assert shared.keys() == full.keys()
    different = [name for name in shared if shared[name] != full[name]]
    assert different == []
    assert any(name.endswith("practices/demo/index.html") for name in shared)
