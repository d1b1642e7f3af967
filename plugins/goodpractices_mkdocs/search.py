"""Site search with Pagefind: one index per `<html lang>`, built after the last language.

Pagefind (the `pagefind[bin]` package) reads the built site and writes
`<site>/pagefind/`: its UI and one index per language found in the pages'
`<html lang>`, so each language's search page searches only that language.
What it reads is decided by the templates, with `data-pagefind-body`: practice
pages and Markdown pages (overrides/partials/content.html) are indexed, and the
title of each search page, so that every language has an index even on an
empty site; catalogue, term and 404 pages and the theme's chrome are not.
"""

from __future__ import annotations

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
"""The folder Pagefind writes at the site root; practice-search.html loads its UI from there."""
EXCLUDE = ".headerlink"
"""Left out of the indexed text: the "¶" permalinks of headings."""
TIMEOUT = 600


def index_site(site_dir: Path, layout: SiteLayout) -> None:
    """Run Pagefind over the built site; raise PluginError with its output if it fails."""
    if importlib.util.find_spec("pagefind") is None:
        raise PluginError("practices: site search needs Pagefind: pip install 'pagefind[bin]' (or set `search: false`)")
    site = str(site_dir)
    command = [sys.executable, "-m", "pagefind", "--quiet", "--site", site]  # quiet: errors and warnings only
    command += ["--output-subdir", BUNDLE, "--exclude-selectors", EXCLUDE]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PluginError(f"practices: Pagefind could not build the search index: {exc}") from exc
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0:
        raise PluginError(f"practices: Pagefind failed (exit status {result.returncode}) on {site}:\n{output or '(no output)'}")
    if output:
        # Even with --quiet, notes such as "no stemming for cs/sl" on every build: only with --verbose.
        log.debug(f"practices: Pagefind says:\n{output}")
    counts = page_counts(site_dir / BUNDLE)
    summary = ", ".join(f"{lang} {counts.get(lang, 0)}" for lang in layout.languages)
    log.info(f"practices: search index built with Pagefind (pages per language: {summary})")
    missing = [lang for lang in layout.languages if lang not in counts]
    if missing:
        # Pagefind would search the biggest other language instead: a template lost its data-pagefind-body.
        log.warning(f"practices: nothing indexed in {', '.join(missing)}: its search page would search another language")


def page_counts(bundle: Path) -> dict[str, int]:
    """Pages indexed per language, from Pagefind's `pagefind-entry.json`."""
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        return {str(lang): int(info["page_count"]) for lang, info in entry["languages"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise PluginError(f"practices: Pagefind wrote no readable index in {bundle}: {exc}") from exc
