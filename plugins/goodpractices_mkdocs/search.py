"""Site search with Pagefind: one bundle per language, built as each language is written.

Pagefind (the npm package `@pagefind/<platform>` from package.json, else the pip
package `pagefind[bin]`: see `_pagefind_command`) writes a search bundle, its UI
and an index. We run it once per language, on that language's pages only, into
`<site>/pagefind/<lang>/`, which that language's search page loads
(practice-search.html). What is indexed is decided by the templates, with
`data-pagefind-body`: practice pages and Markdown pages
(overrides/main.html) are indexed, and the title of each search
page, so that every language has an index even on an empty site; catalogue,
term, printable and 404 pages and the theme's chrome are not. Only the pages
that carry the attribute are given to Pagefind: it would otherwise read the
whole site (the printable compilations, listings and open data are most of
its bytes) to find out which pages to leave out.

Pagefind keeps every page it has parsed in memory until it writes the
bundle, about half a megabyte for a practice page of ~900 words, whatever
the size of its HTML: memory grows with the pages of one run. A language with
more than `MAX_PAGES` pages is therefore indexed in parts, each written as a
bundle of its own (`pagefind/<lang>/part-2/`, ...) and merged in the browser
by Pagefind's `mergeIndex`; the parts a search page merges are listed in
`pagefind/<lang>/bundles.json`. Pages are dealt to the parts in turn, so
that each part is a sample of the whole and the ranking statistics of the
parts agree.

`Indexer` runs the languages one after the other in a background thread, so
that a language is indexed while MkDocs builds the next one; `finish()` waits
for all of them and reports every failure at once. A language of more than one
run is written part by part (`plan_parts`: its practice pages dealt to the parts
as `split` deals them), and each part is indexed as soon as it is written, while
the rest of the language is built (`Indexer.part_written`).
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import logging
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from mkdocs.exceptions import PluginError

from goodpractices import SiteLayout

log = logging.getLogger("mkdocs.plugins.goodpractices")

BUNDLE = "pagefind"
"""The folder of the search bundles at the site root: `pagefind/<lang>/`."""
MANIFEST = "bundles.json"
"""In each language's bundle: the further bundles its search page merges, relative to it."""
EXCLUDE = (".headerlink", ".md-tags", ".md-content__button", ".md-source-file", ".md-feedback")
"""Left out of the indexed text: the "¶" permalinks of headings, and what Material adds around
a Markdown page's content (tags, edit buttons, dates, feedback form; see overrides/main.html)."""
MAX_PAGES = 1000
"""Pages per Pagefind run: ~0.5 GB of Pagefind's memory for practice pages of ~900 words."""
MAX_GLOB = 100_000
"""Characters of the glob listing the pages of one run: Pagefind rejects one of ~300,000 as invalid."""
CONCURRENT_PAGES = 600
"""At most this many pages per run for two runs at a time at the end of a build (~0.3 GB each)."""
TIMEOUT = 1200
"""Seconds for one Pagefind run."""
UNUSED_IN_PARTS = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)
"""Pagefind's interfaces, written into every bundle: a merged part needs only its index."""

NICE = 2
"""How far below the build Pagefind runs (see pagefind_stage.lower_priority).

The build's main process is the longer path, but Pagefind must not fall so far
behind that it is left alone at the end, when it keeps only one and a half of
the two cores busy. At 10,000 practices (docs/en/benchmarks.md): at the build's
own priority (in a session of its own under Linux's autogroup) the main process
got three fifths of a core while Pagefind ran and was the last to finish; 10
steps below it (without autogroup) Pagefind fell 45 s behind; 2 steps below, the
cores idled 1.8 % of the time after the loading (2.8 % without autogroup; 4.6 % before).
"""

_GLOB_SAFE = re.compile(r"[^\w ./-]")


def bundle_path(lang: str, part: int = 1) -> str:
    """The bundle of a language (part 1) or of a further part, relative to the site root."""
    return f"{BUNDLE}/{lang}/" if part == 1 else f"{BUNDLE}/{lang}/part-{part}/"


def pages_to_index(site_dir: Path, layout: SiteLayout, lang: str) -> list[str]:
    """The built pages of `lang` that carry `data-pagefind-body`, relative to the site, sorted."""
    prefix = layout.prefix(lang)
    root = site_dir / prefix if prefix else site_dir
    skip = {BUNDLE} if prefix else {BUNDLE, *(layout.prefix(other).strip("/") for other in layout.languages if other != lang)}
    found = []
    for folder, dirs, files in os.walk(root):
        if Path(folder) == root:
            dirs[:] = [d for d in dirs if d not in skip and not d.startswith(STAGE_PREFIX)]
        dirs.sort()
        for name in sorted(files):
            if not name.endswith(".html"):
                continue
            path = Path(folder, name)
            if carries_body(path.read_bytes().decode("utf-8", "surrogateescape")):
                found.append(path.relative_to(site_dir).as_posix())
    return sorted(found)


def split(pages: list[str], max_pages: int = MAX_PAGES) -> list[list[str]]:
    """Pages dealt in turn to as few parts as keep each within `max_pages` (and its glob within MAX_GLOB)."""
    length = sum(len(page) + 1 for page in pages)
    count = max(1, -(-len(pages) // max(1, max_pages)), -(-length // MAX_GLOB))
    return [pages[i::count] for i in range(count)]


def plan_parts(practice_pages: list[str], others: int, max_pages: int = MAX_PAGES) -> list[list[str]] | None:
    """How to write a language's practice pages so that its index parts can start while it is built; None: one run will do.

    `practice_pages`: the language's practice pages (paths relative to the site), in the
    order of the catalogue; `others`: at most how many other pages of the language carry
    `data-pagefind-body` (Markdown pages, the search page). The pages are dealt to the
    groups in turn, as `split` deals them, so that each part is still a sample of the
    whole; a group and the other pages fit in one run. The build writes the groups one
    after the other, and each group's part is indexed once it is written (the first part
    also takes the pages written before the practice pages, the last one those after).
    """
    if not practice_pages or others >= max_pages:
        return None
    length = sum(len(page) + 1 for page in practice_pages) + others * 200
    count = max(-(-(len(practice_pages) + others) // max(1, max_pages)), -(-length // MAX_GLOB))
    if count <= 1:
        return None
    while True:
        groups = [practice_pages[i::count] for i in range(count)]
        largest = max(groups, key=len)
        if len(largest) + others <= max_pages and sum(len(page) + 1 for page in largest) + others * 200 <= MAX_GLOB:
            return groups
        count += 1


def _glob(pages: list[str]) -> str:
    """A Pagefind (wax) glob matching exactly these paths.

    Wax has no escape for every special character: any character other than
    letters, digits, space, `_`, `.`, `/` and `-` becomes `?` (any one character).
    """
    return "{" + ",".join(_GLOB_SAFE.sub("?", page) for page in pages) + "}"


def _check_pagefind() -> None:
    if _find_binary() is None and importlib.util.find_spec("pagefind") is None:
        raise PluginError("practices: site search needs Pagefind: npm ci (package.json) or pip install 'pagefind[bin]' (or set `search: false`)")


PROJECT = Path(__file__).resolve().parents[2]
"""This project, whose `node_modules` may hold Pagefind's npm package (`npm ci`)."""
_roots: tuple[Path, ...] = (PROJECT,)
_BINARIES: dict[tuple[Path, ...], str | None] = {}

_NPM_OS = {"linux": "linux", "darwin": "darwin", "win32": "win32", "cygwin": "win32"}
_NPM_CPU = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}


def look_in(*roots: Path) -> None:
    """Folders whose `node_modules` may hold Pagefind's npm package, in order (a site's own, then this project's)."""
    global _roots
    _roots = tuple(dict.fromkeys((*roots, PROJECT)))


def _npm_binary(root: Path) -> Path | None:
    """Pagefind from the npm package of this platform (`@pagefind/linux-x64`, ...) under `root`, if installed."""
    import platform

    system = "freebsd" if sys.platform.startswith("freebsd") else _NPM_OS.get(sys.platform)
    cpu = _NPM_CPU.get(platform.machine().lower())
    if system is None or cpu is None:
        return None
    folder = root / "node_modules" / "@pagefind" / f"{system}-{cpu}" / "bin"
    suffix = ".exe" if system == "win32" else ""
    for name in ("pagefind_extended", "pagefind"):
        path = folder / f"{name}{suffix}"
        if path.is_file() and os.access(path, os.X_OK):
            return path
    return None


def _find_binary() -> str | None:
    """Pagefind's binary, found once per set of roots (see `_pagefind_command`)."""
    if _roots not in _BINARIES:
        found: Path | None = None
        if os.environ.get("PAGEFIND_BINARY_PATH"):  # Pagefind's own setting, as its Python package reads it
            found = Path(os.environ["PAGEFIND_BINARY_PATH"])
        for root in _roots:
            found = found or _npm_binary(root)
        for package in ("pagefind_bin_extended", "pagefind_bin"):  # pip install 'pagefind[bin]'
            if found is None and importlib.util.find_spec(package) is not None:
                try:
                    found = Path(importlib.import_module(package).get_executable())
                except Exception:  # noqa: BLE001 - a broken package: try the next way
                    found = None
        _BINARIES[_roots] = str(found.resolve()) if found is not None else None
    return _BINARIES[_roots]


def _pagefind_command() -> list[str]:
    """How to run Pagefind: `PAGEFIND_BINARY_PATH`; else the npm package (package.json), in the site's
    `node_modules` or this project's; else the pip one (`pagefind[bin]`); else `python -m pagefind`.

    The npm package comes first because npm has newer releases: Pagefind 1.6.0 there, 1.5.2 on
    PyPI, and 1.6.0 takes about a tenth less processor time to index the same pages (docs/en/benchmarks.md).
    Calling the binary itself, not `python -m pagefind`, spares starting Python to find it for every run.
    """
    binary = _find_binary()
    return [binary] if binary is not None else [sys.executable, "-m", "pagefind"]


def run_pagefind(site_dir: Path, lang: str, pages: list[str], output: Path) -> int:
    """Index `pages` of `lang` into the bundle `output`; the pages indexed. PluginError with Pagefind's output if it fails.

    Pagefind reads a folder of hard links to exactly these pages (see pagefind_stage.py,
    which runs it), or the whole site and a glob where links cannot be made.
    """
    return _PagefindRun(site_dir, lang, pages, output).finish()


class _PagefindRun:
    """One Pagefind run, started early: its runner links (and reads) its pages, then waits for `finish()` to let Pagefind go.

    A language indexed in parts starts the next part's run while Pagefind indexes the
    current one: linking and reading a thousand pages is mostly waiting for the disk
    (at 10,000 practices, pages written a minute earlier may have left the system's
    cache), and is done while the previous part's Pagefind keeps the processor busy.
    Only one Pagefind of a language runs at a time.
    """

    def __init__(self, site_dir: Path, lang: str, pages: list[str], output: Path, keep_stage: bool = False) -> None:
        self.site = str(site_dir)
        self.keep_stage = keep_stage
        self.lang = lang
        self.pages = pages
        self.output = output
        self.glob = _glob(pages)
        config = {
            "output_path": str(output),
            "force_language": lang,
            "exclude_selectors": list(EXCLUDE),
            "quiet": True,  # errors and warnings only
        }
        self._work = tempfile.TemporaryDirectory(prefix="gp-pagefind-")
        self.process: subprocess.Popen[str] | None = None
        try:
            with _STAGES_LOCK:
                self.stage = tempfile.mkdtemp(prefix=STAGE_PREFIX, dir=self.site)
                _ACTIVE_STAGES.add(self.stage)
            # The list of pages goes in a file: a command-line argument is limited to 128 KiB.
            spec = Path(self._work.name, "spec.json")
            spec.write_text(
                json.dumps(
                    {"site": self.site, "stage": self.stage, "pages": pages, "glob": self.glob, "config": config, "command": _pagefind_command(), "wait": True, "keep": keep_stage, "nice": NICE}
                ),
                encoding="utf-8",
            )
            command = [sys.executable, "-I", "-S", str(STAGE_SCRIPT), str(spec)]
            self.process = subprocess.Popen(
                command, cwd=self._work.name, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
            )
        except OSError as exc:
            self._cleanup()
            raise PluginError(f"practices: Pagefind could not build the search index of {lang}: {exc}") from exc

    def finish(self) -> int:
        """Let Pagefind run and wait for it: the pages indexed. PluginError with Pagefind's output if it fails."""
        assert self.process is not None
        try:
            try:
                stdout, stderr = self.process.communicate(input="go\n", timeout=TIMEOUT)
            except subprocess.TimeoutExpired as exc:
                self._stop()
                raise PluginError(f"practices: Pagefind could not build the search index of {self.lang}: {exc}") from exc
        finally:
            self._cleanup()
        # Pagefind repeats the glob in its messages: not the list of pages again.
        output_text = (stdout + stderr).replace(self.glob, f"{{the {len(self.pages)} pages}}").strip()
        if self.process.returncode != 0:
            raise PluginError(f"practices: Pagefind failed (exit status {self.process.returncode}) on {self.site} ({self.lang}):\n{output_text or '(no output)'}")
        if output_text:
            # Even when quiet, notes such as "no stemming for cs/sl" on every build: only with --verbose.
            log.debug(f"practices: Pagefind says ({self.lang}):\n{output_text}")
        return page_counts(self.output).get(self.lang, 0)

    def abandon(self) -> None:
        """Not needed after all (an earlier part failed): stop the runner before Pagefind starts."""
        if self.process is not None and self.process.poll() is None:
            self._stop()
        self._cleanup()

    def _stop(self) -> None:
        assert self.process is not None
        killpg = getattr(os, "killpg", None)  # POSIX
        try:
            if killpg is not None:
                killpg(self.process.pid, signal.SIGKILL)
            else:
                self.process.kill()
        except OSError:
            self.process.kill()
        self.process.communicate()

    def _cleanup(self) -> None:
        stage = getattr(self, "stage", None)
        if stage is not None and not self.keep_stage and os.path.isdir(stage):  # the runner was stopped before it removed its folder
            shutil.rmtree(stage, ignore_errors=True)
        with _STAGES_LOCK:
            _ACTIVE_STAGES.discard(stage)
        self._work.cleanup()


STAGE_PREFIX = ".gp-pagefind-"
"""The folders, in the site, of the pages one Pagefind run reads (removed when it is done)."""
STAGE_SCRIPT = Path(__file__).with_name("pagefind_stage.py")


_SPACE = " \t\n\r\f\v"


def carries_body(html: str) -> bool:
    """Whether a page's HTML marks what Pagefind indexes: `data-pagefind-body` as an attribute of a start tag (`<tag … data-pagefind-body[ =/>]`)."""
    start = 0
    while (i := html.find("data-pagefind-body", start)) != -1:
        start = i + 1
        after = html[i + 18 : i + 19]
        if not after or after not in _SPACE + "=/>" or not html[i - 1 : i] or html[i - 1] not in _SPACE:
            continue
        opening = html.rfind("<", 0, i)
        if opening > html.rfind(">", 0, i) and html[opening + 1 : opening + 2].isascii() and html[opening + 1 : opening + 2].isalpha():
            return True
    return False


def index_language(site_dir: Path, layout: SiteLayout, lang: str, max_pages: int = MAX_PAGES, pages: list[str] | None = None, keep_stages: bool = False) -> int:
    """Index the built pages of one language into `pagefind/<lang>/` (and its parts); the pages indexed.

    `pages`: the pages of `lang` that carry `data-pagefind-body`, relative to the
    site, as the build wrote them; by default the site folder is read to find them.
    `keep_stages`: leave the folders of linked pages for `remove_stages()` (see there).
    """
    _check_pagefind()
    pages = sorted(pages) if pages is not None else pages_to_index(site_dir, layout, lang)
    if not pages:
        # The search page carries data-pagefind-body: a template has lost it.
        raise PluginError(f"practices: nothing to index in {lang}: no page of it carries data-pagefind-body")
    primary = site_dir / bundle_path(lang)
    if primary.exists():
        shutil.rmtree(primary)  # a bundle of an earlier build (mkdocs serve, --dirty)
    parts = split(pages, max_pages)
    indexed = 0
    # Each part's run is started (its pages linked and read) while Pagefind indexes the part before.
    following: _PagefindRun | None = _PagefindRun(site_dir, lang, parts[0], site_dir / bundle_path(lang, 1), keep_stages)
    current: _PagefindRun | None = None
    try:
        for number in range(1, len(parts) + 1):
            current, following = following, None
            if number < len(parts):
                following = _PagefindRun(site_dir, lang, parts[number], site_dir / bundle_path(lang, number + 1), keep_stages)
            assert current is not None
            indexed += current.finish()
            if number > 1:
                for name in UNUSED_IN_PARTS:
                    (current.output / name).unlink(missing_ok=True)
    finally:
        for run in (current, following):
            if run is not None:
                run.abandon()  # nothing to do for a run that finished
    merge = [bundle_path(lang, number)[len(bundle_path(lang)) :] for number in range(2, len(parts) + 1)]
    (primary / MANIFEST).write_text(json.dumps({"merge": merge}) + "\n", encoding="utf-8")
    return indexed


_STAGES_LOCK = threading.Lock()
_ACTIVE_STAGES: set[str] = set()
"""The stage folders of the runs not finished yet, in this process."""


def remove_stages(site_dir: Path, finished_only: bool = False) -> None:
    """Remove the folders of linked pages that runs left in the site (`keep_stages`); with `finished_only`, not those of runs still going.

    A build removes them once all its pages are written, not after each run: on a
    file system without a journal, ext4 does not reuse an inode freed less than 5 to
    35 s before, and scans past every one of them for each new file, so thousands of
    folders deleted in the middle of a build make the pages written after them slower
    to create (about a second of system time at 1,000 practices).
    """
    try:
        with _STAGES_LOCK:
            names = [name for name in os.listdir(site_dir) if name.startswith(STAGE_PREFIX)]
            if finished_only:
                names = [name for name in names if os.path.join(str(site_dir), name) not in _ACTIVE_STAGES]
    except OSError:
        return
    for name in names:
        shutil.rmtree(site_dir / name, ignore_errors=True)


def index_site(site_dir: Path, layout: SiteLayout) -> None:
    """Index every language of the built site, one after the other."""
    counts = {lang: index_language(site_dir, layout, lang) for lang in layout.languages}
    _report(counts, layout)


def _report(counts: dict[str, int], layout: SiteLayout) -> None:
    summary = ", ".join(f"{lang} {counts.get(lang, 0)}" for lang in layout.languages)
    log.info(f"practices: search index built with Pagefind (pages per language: {summary})")


def page_counts(bundle: Path) -> dict[str, int]:
    """Pages indexed per language in one bundle, from Pagefind's `pagefind-entry.json`."""
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        return {str(lang): int(info["page_count"]) for lang, info in entry["languages"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise PluginError(f"practices: Pagefind wrote no readable index in {bundle}: {exc}") from exc


def language_page_counts(site_dir: Path, lang: str) -> int:
    """Pages indexed for `lang` over its bundle and the parts it merges."""
    primary = site_dir / bundle_path(lang)
    manifest = json.loads((primary / MANIFEST).read_text(encoding="utf-8"))
    return sum(page_counts(primary / rel).get(lang, 0) for rel in ["", *manifest["merge"]])


@dataclass
class _Failure:
    lang: str
    message: str
    request: int = 0


@dataclass
class _Parts:
    """A language indexed part by part while it is built (see `Indexer.part_written`)."""

    request: int
    pages: list[list[str]] = field(default_factory=list)
    """The pages of each part started, in order (part 1 first)."""
    counts: dict[int, int] = field(default_factory=dict)
    """Pages indexed, by part number, once its run is done."""
    closed: bool = False
    """Every part is started (`parts_done`)."""
    ready: dict[int, "_PagefindRun"] = field(default_factory=dict)
    """Runs started for parts whose turn has not come (their runners link and read the pages meanwhile)."""

    def abandon(self) -> None:
        for run in self.ready.values():
            run.abandon()
        self.ready.clear()


@dataclass(frozen=True)
class _PartJob:
    lang: str
    request: int
    number: int
    """The part's number (1: the language's own bundle), or 0: every part is queued, write the list of parts."""


class Indexer:
    """Indexes languages in a background thread, in the order they are started."""

    def __init__(self, site_dir: Path, layout: SiteLayout, max_pages: int = MAX_PAGES) -> None:
        self.site_dir = site_dir
        self.layout = layout
        self.max_pages = max_pages
        self.started: list[str] = []
        self._queue: queue.Queue[str | _PartJob | None] = queue.Queue()
        self._wanted: dict[str, tuple[int, list[str] | None]] = {}
        """Per language: the latest request (a number, the pages); runs of one language never overlap, the latest wins."""
        self._parts: dict[str, _Parts] = {}
        """Per language indexed part by part: its parts (for the request they serve)."""
        self._done: dict[str, int] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._counts: dict[str, int] = {}
        self._failures: dict[str, _Failure] = {}
        self._thread: threading.Thread | None = None
        self._abandoned = False
        self._unfinished = 0
        """Jobs queued or being run, counted from `_put` to the end of their run."""
        self._unfinished_lock = threading.Lock()
        self._keep_stages = True
        """Runs leave their stage folders (see `remove_stages`) until the build has written every page (`finish`)."""

    @classmethod
    def _for(cls, indexer: Indexer | None, site_dir: Path, layout: SiteLayout, lang: str, max_pages: int) -> Indexer:
        """The indexer of this build: a language started again means a new build (the last one failed, or a rebuild under
        `mkdocs serve`), and what is left of the old one is dropped."""
        if indexer is None or indexer.site_dir != site_dir or lang in indexer.started:
            if indexer is not None:
                indexer.abandon()
            indexer = cls(site_dir, layout, max_pages)
        return indexer

    @classmethod
    def language_built(cls, indexer: Indexer | None, site_dir: Path, layout: SiteLayout, lang: str, pages: list[str] | None = None, max_pages: int = MAX_PAGES) -> Indexer:
        """After a language's build: index it (`pages`: its pages to index, if known), and the default language if not started yet."""
        indexer = cls._for(indexer, site_dir, layout, lang, max_pages)
        indexer.start(layout.default_language)
        indexer.start(lang, pages)
        return indexer

    @classmethod
    def part_written(cls, indexer: Indexer | None, site_dir: Path, layout: SiteLayout, lang: str, pages: list[str], max_pages: int = MAX_PAGES) -> Indexer:
        """The pages of `lang`'s next part are written (the first part: a new index of it): index them while the build goes on.

        Call `parts_done` once the language is written. The parts are indexed in order,
        each into its own bundle, as `index_language` writes them.
        """
        parts = indexer._parts.get(lang) if indexer is not None and indexer.site_dir == site_dir else None
        if indexer is None or parts is None or parts.closed or indexer._wanted[lang][0] != parts.request:
            indexer = cls._for(indexer, site_dir, layout, lang, max_pages)
            if lang != layout.default_language:
                indexer.start(layout.default_language)
            _check_pagefind()
            indexer.started.append(lang)
            indexer._begin()
            indexer._wanted[lang] = (1, None)
            indexer._locks.setdefault(lang, threading.Lock())
            parts = indexer._parts[lang] = _Parts(1)
        parts.pages.append(sorted(pages))
        indexer._put(_PartJob(lang, parts.request, len(parts.pages)))
        return indexer

    def parts_done(self, lang: str, pages: list[str]) -> None:
        """Every page of `lang` is written: `pages` carry `data-pagefind-body`. If its parts hold exactly these, the
        list of parts is written after them; otherwise (a page marked after its part started) it is indexed again whole."""
        parts = self._parts.get(lang)
        if parts is None or self._wanted.get(lang, (0, None))[0] != parts.request:
            self.again(lang, pages)
            return
        parts.closed = True
        if sorted(page for part in parts.pages for page in part) != sorted(pages):
            log.debug(f"practices: {len(pages) - sum(map(len, parts.pages))} more page(s) of {lang} to index than its parts hold; indexing it again")
            self.again(lang, pages)
            return
        self._put(_PartJob(lang, parts.request, 0))

    def abandon(self) -> None:
        """Index nothing more: the languages still queued are dropped (the one being indexed finishes)."""
        self._abandoned = True
        self._queue.put(None)
        self._thread = None

    def _begin(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._work, name="gp-pagefind", daemon=True)
            self._thread.start()

    def start(self, lang: str, pages: list[str] | None = None) -> None:
        """Index `lang`, whose pages are all written, while the build goes on (`pages`: those to index, if known)."""
        if lang in self.started:
            return
        _check_pagefind()
        self.started.append(lang)
        self._begin()
        self._wanted[lang] = (1, pages)
        self._locks.setdefault(lang, threading.Lock())
        self._put(lang)

    def again(self, lang: str, pages: list[str] | None = None) -> None:
        """Index `lang` once more, e.g. with pages written since: after the run already queued or running, which it replaces."""
        if lang not in self.started:
            self.start(lang, pages)
            return
        self._wanted[lang] = (self._wanted[lang][0] + 1, pages)
        self._put(lang)

    def _work(self) -> None:
        while (job := self._queue.get()) is not None:
            try:
                if self._abandoned:
                    return
                self._run(job)
            finally:
                with self._unfinished_lock:
                    self._unfinished -= 1

    def _put(self, job: str | _PartJob) -> None:
        with self._unfinished_lock:
            self._unfinished += 1
        self._queue.put(job)

    def _run(self, job: str | _PartJob) -> None:
        if isinstance(job, _PartJob):
            self._index_part(job)
            return
        lang = job
        with self._locks[lang]:
            request, pages = self._wanted[lang]
            if self._done.get(lang, 0) >= request:
                return  # a later request for it was already served
            try:
                self._counts[lang] = index_language(self.site_dir, self.layout, lang, self.max_pages, pages=pages, keep_stages=self._keep_stages)
                self._failures.pop(lang, None)
            except PluginError as exc:
                self._failures[lang] = _Failure(lang, str(exc))
            except Exception as exc:  # noqa: BLE001 - reported with the others at the end
                self._failures[lang] = _Failure(lang, f"practices: indexing {lang} failed: {exc!r}")
            self._done[lang] = request

    def _index_part(self, job: _PartJob) -> None:
        lang = job.lang
        with self._locks[lang]:
            parts = self._parts.get(lang)
            if parts is None or parts.request != job.request or self._wanted[lang][0] != job.request or self._done.get(lang, 0) >= job.request:
                if parts is not None:
                    parts.abandon()
                return  # replaced by a whole run of the language
            if job.number == 0:
                # Every part is done (in order, by this one thread): the search page merges parts 2, 3, ...
                if len(parts.counts) == len(parts.pages):
                    merge = [bundle_path(lang, number)[len(bundle_path(lang)) :] for number in range(2, len(parts.pages) + 1)]
                    (self.site_dir / bundle_path(lang) / MANIFEST).write_text(json.dumps({"merge": merge}) + "\n", encoding="utf-8")
                    self._counts[lang] = sum(parts.counts.values())
                    self._failures.pop(lang, None)
                self._done[lang] = job.request
                return
            if lang in self._failures and self._failures[lang].request == job.request:
                parts.abandon()
                return  # an earlier part failed: the language has no index
            try:
                if job.number == 1:
                    primary = self.site_dir / bundle_path(lang)
                    if primary.exists():
                        shutil.rmtree(primary)  # a bundle of an earlier build (mkdocs serve, --dirty)
                output = self.site_dir / bundle_path(lang, job.number)
                run = parts.ready.pop(job.number, None) or _PagefindRun(self.site_dir, lang, parts.pages[job.number - 1], output, keep_stage=self._keep_stages)
                following = job.number + 1
                if following <= len(parts.pages) and following not in parts.ready:
                    # The next part is written: its runner links and reads its pages while Pagefind indexes this one.
                    try:
                        parts.ready[following] = _PagefindRun(
                            self.site_dir, lang, parts.pages[following - 1], self.site_dir / bundle_path(lang, following), keep_stage=self._keep_stages
                        )
                    except PluginError:
                        pass  # made again when its turn comes
                parts.counts[job.number] = run.finish()
                if job.number > 1:
                    for name in UNUSED_IN_PARTS:
                        (output / name).unlink(missing_ok=True)
            except PluginError as exc:
                self._failures[lang] = _Failure(lang, str(exc), job.request)
            except Exception as exc:  # noqa: BLE001 - reported with the others at the end
                self._failures[lang] = _Failure(lang, f"practices: indexing {lang} failed: {exc!r}", job.request)

    def finish(self, concurrent: int = 2, while_waiting: Callable[[], None] | None = None) -> None:
        """Index the languages not started yet, wait for all; PluginError naming every language that failed.

        The build is done: what is left is indexed by up to `concurrent` Pagefind runs
        at a time (one run keeps about one and a half of the cores busy), if each has at
        most `CONCURRENT_PAGES` pages (Pagefind's memory grows with the pages of a run).
        `while_waiting` is called if there is any run left to wait for, before waiting.
        """
        # Every page is written: the runs from now on remove their own folders, and those of the runs
        # done so far are removed while the last ones index.
        self._keep_stages = False
        cleaner = threading.Thread(target=remove_stages, args=(self.site_dir, True), name="gp-pagefind-stages", daemon=True)
        cleaner.start()
        for lang in self.layout.languages:
            self.start(lang)
        for lang, parts in self._parts.items():
            if not parts.closed and self._wanted[lang][0] == parts.request:
                self.again(lang)  # its build ended before its last part (not in a build that succeeds)
        left = [pages for lang, (request, pages) in self._wanted.items() if self._done.get(lang, 0) < request]
        if any(pages is None or len(pages) > CONCURRENT_PAGES for pages in left):
            concurrent = 1
        if self._thread is not None:
            helpers = [threading.Thread(target=self._work, name="gp-pagefind", daemon=True) for _ in range(max(0, concurrent - 1))]
            for helper in helpers:
                helper.start()
            for _ in range(1 + len(helpers)):
                self._queue.put(None)
            if while_waiting is not None and self._unfinished:
                while_waiting()
            for thread in (self._thread, *helpers):
                thread.join()
            self._thread = None
        cleaner.join()
        remove_stages(self.site_dir)
        if self._failures:
            failures = [self._failures[lang] for lang in self.started if lang in self._failures]
            names = ", ".join(f.lang for f in failures)
            details = "\n".join(f.message for f in failures)
            raise PluginError(f"practices: the search index of {names} could not be built:\n{details}")
        _report(self._counts, self.layout)
