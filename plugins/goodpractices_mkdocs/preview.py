"""What `mkdocs serve` keeps between rebuilds, so that an edit renders again only the pages it affects.

The server keeps the plugin, and with it one `Preview`: the practices loaded last
time (a folder whose files did not change is not read again) and the HTML of the
practice, term and printable pages written last time, each under a fingerprint of
its inputs. A page whose fingerprint is unchanged is written from the kept HTML
(template `gp-cached.html`), without computing or rendering it.

A fingerprint covers the site around the page (configuration, the site's pages and
templates, this plugin's templates, interface strings, languages, problems shown),
the catalogue's facets (categories and counts, shown on practice pages), and the
files of each practice the page shows (`SitePlan.shows`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from goodpractices.loader import folder_signature
from goodpractices.plan import Page, SitePlan

CACHED_TEMPLATE = "gp-cached.html"
"""Renders `gp_cached_html`: the page as it was written by the last build."""


def _digest(parts: Iterable[str], size: int = 20) -> str:
    h = hashlib.blake2b(digest_size=size)
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


class Preview:
    def __init__(self) -> None:
        self.load_cache: dict[Any, Any] = {}
        """For `load_practices(cache=...)`."""
        self._pages: dict[str, tuple[str, str]] = {}
        """Address of a page → (its fingerprint, the HTML written for it)."""
        self._site = ""
        self._signatures: dict[str, str] = {}
        self._facets: dict[str, str] = {}
        """Per language, this build: the catalogue's facets and counts, which practice pages show."""
        self.reused = 0
        self.rendered = 0

    def new_build(self, config_file: str | None, roots: Iterable[Path], vocab_files: Iterable[Path], languages: Iterable[str], problems: list[str]) -> None:
        """A rebuild starts: what every page depends on is read again."""
        entries: list[str] = []
        if config_file:
            entries.append(Path(config_file).read_text(encoding="utf-8", errors="replace"))
        for path in vocab_files:
            stat = Path(path).stat()
            entries.append(f"{path}:{stat.st_mtime_ns}:{stat.st_size}")
        for root in roots:
            entries += [f"{root}/{name}:{mtime}:{size}" for name, mtime, size in folder_signature(root)]
        entries += [",".join(languages), repr(problems)]
        self._site = _digest(sorted(entries))
        self._signatures = {}
        self._facets = {}
        self.reused = self.rendered = 0

    def _practice(self, plan: SitePlan, slug: str) -> str:
        if slug not in self._signatures:
            practice = plan.practices.get(slug)
            self._signatures[slug] = repr(folder_signature(practice.folder)) if practice is not None else "-"
        return self._signatures[slug]

    def fingerprint(self, plan: SitePlan, page: Page, meta: dict[str, Any]) -> str | None:
        """What the page's HTML depends on; None for a page that depends on the whole collection (never kept)."""
        shows = plan.shows(page)
        if shows is None:
            return None
        if page.lang not in self._facets:
            self._facets[page.lang] = repr([(f.key, [(v.value, v.label, v.count) for v in f.values]) for f in plan.catalogue(page.lang).facets])
        facets = self._facets[page.lang]
        practices = ";".join(f"{slug}={self._practice(plan, slug)}" for slug in shows)
        return _digest((self._site, facets, page.kind, page.lang, page.path, page.title, repr(sorted(page.alternates.items())), repr(sorted(meta.items())), practices))

    def kept_html(self, page: Page, fingerprint: str | None) -> str | None:
        """The HTML written last time for this page, if its fingerprint is the same."""
        kept = self._pages.get(page.path)
        if fingerprint is not None and kept is not None and kept[0] == fingerprint:
            self.reused += 1
            return kept[1]
        self.rendered += 1
        return None

    def keep(self, page: Page, fingerprint: str, html: str) -> None:
        self._pages[page.path] = (fingerprint, html)
