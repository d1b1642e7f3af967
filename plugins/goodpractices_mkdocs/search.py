"""Site search with Pagefind: one index per `<html lang>`, built after the last language.

Pagefind (the `pagefind[bin]` package) reads the built site and writes
`<site>/pagefind/`: its UI, and an index per language found in the pages'
`<html lang>`, so each language's search page searches that language only.
Which pages it reads is decided in the templates: practice pages and Markdown
pages mark their content with `data-pagefind-body`; pages without it
(catalogue, term and search pages, 404) are left out.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import logging
import subprocess
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

from goodpractices import SiteLayout

log = logging.getLogger("mkdocs.plugins.goodpractices")

BUNDLE = "pagefind"
"""The folder Pagefind writes at the site root; templates load `pagefind/pagefind-ui.js` from it."""
TIMEOUT = 600
NOTHING_TO_INDEX = "not able to build an index"
"""Pagefind's message (exit status 1) when no page has any indexable text."""


def index_site(site_dir: Path, layout: SiteLayout) -> None:
    """Run Pagefind over the built site; raise PluginError with its output if it fails."""
    if importlib.util.find_spec("pagefind") is None:
        raise PluginError("practices: search needs Pagefind: pip install 'pagefind[bin]' (or set `search: false`)")
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", BUNDLE, "--quiet"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PluginError(f"practices: Pagefind could not build the search index: {exc}") from exc
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0:
        if NOTHING_TO_INDEX in output and site_dir.is_dir():
            # An empty site: write the UI and an empty index so that the search pages still work.
            _write_empty_bundle(site_dir / BUNDLE, output)
            log.info("practices: nothing to index yet; wrote an empty search index")
            return
        raise PluginError(f"practices: Pagefind failed (exit status {result.returncode}):\n{output or '(no output)'}")
    if output:
        log.debug(f"practices: Pagefind said:\n{output}")
    counts = _page_counts(site_dir / BUNDLE)
    missing = [lang for lang in layout.languages if lang not in counts]
    summary = ", ".join(f"{lang} {counts.get(lang, 0)}" for lang in layout.languages)
    log.info(f"practices: search index built with Pagefind (pages per language: {summary})")
    if missing:
        # A language without any indexed page: its search page finds nothing (not an error).
        log.info(f"practices: no page to search in {', '.join(missing)}")


def _page_counts(bundle: Path) -> dict[str, int]:
    """Pages indexed per language, from Pagefind's `pagefind-entry.json`."""
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        return {str(lang): int(info.get("page_count", 0)) for lang, info in entry.get("languages", {}).items()}
    except (OSError, ValueError, AttributeError) as exc:
        raise PluginError(f"practices: Pagefind wrote no readable index in {bundle}: {exc}") from exc


def _write_empty_bundle(bundle: Path, output: str) -> None:
    """Pagefind's files with an index of no page, through its Python API (the CLI refuses)."""
    from pagefind.index import IndexConfig, PagefindIndex

    async def write() -> None:
        async with PagefindIndex(config=IndexConfig(output_path=str(bundle))):
            pass  # leaving the context writes the files

    try:
        asyncio.run(write())
    except Exception as exc:  # noqa: BLE001 - any failure of the service is reported the same way
        raise PluginError(f"practices: Pagefind failed on an empty site:\n{output}\n{exc}") from exc
