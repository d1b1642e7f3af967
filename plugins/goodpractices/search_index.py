"""Site search with Pagefind: one bundle per language, built as each language is written.

Pagefind (the npm package `@pagefind/<platform>` from package.json, else the pip
package `pagefind[bin]`: see `find_pagefind`) writes a search bundle, its UI and an
index. It runs once per language, on that language's pages only, into
`<site>/pagefind/<lang>/`, which that language's search page loads. What is indexed
is decided by the templates, with `data-pagefind-body`; the build collects the pages
that carry it (`carries_body`) as it writes them, and Pagefind is given exactly
those, as a glob over the site folder.

Pagefind keeps every page it has parsed in memory until it writes the bundle, about
half a megabyte for a practice page of ~900 words: memory grows with the pages of one
run. A language with more than `max_pages` pages is therefore indexed in parts, each
written as a bundle of its own (`pagefind/<lang>/part-2/`, ...) and merged in the
browser by Pagefind's `mergeIndex`; the parts a search page merges are listed in
`pagefind/<lang>/bundles.json`. Pages are dealt to the parts in turn, so that each
part is a sample of the whole and the ranking statistics of the parts agree.

Pagefind's Python API (`pagefind.index.PagefindIndex`) was measured as an alternative:
its service reads one reply per 0.1 s, so feeding pages one by one took 20 s for 200
pages (the command line indexes 1,000 in about 2 s). The command line it is.
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
import threading
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

BUNDLE = "pagefind"
"""The folder of the search bundles at the site root: `pagefind/<lang>/`."""
MANIFEST = "bundles.json"
"""In each language's bundle: the further bundles its search page merges, relative to it."""
EXCLUDE = (".headerlink",)
"""Left out of the indexed text: the "¶" permalinks of headings (a theme adds its own: `SearchIndexer(exclude=...)`)."""
MAX_PAGES = 1000
"""Pages per Pagefind run: ~0.5 GB of Pagefind's memory for practice pages of ~900 words."""
MAX_GLOB = 100_000
"""Characters of the glob listing the pages of one run: Pagefind rejects one of ~300,000 as invalid."""
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

_GLOB_SAFE = re.compile(r"[^\w ./-]")
_SPACE = " \t\n\r\f\v"


class SearchIndexError(Exception):
    """Pagefind is missing, failed, or was given nothing to index; the message says which language and why."""


def bundle_path(lang: str, part: int = 1) -> str:
    """The bundle of a language (part 1) or of a further part, relative to the site root."""
    return f"{BUNDLE}/{lang}/" if part == 1 else f"{BUNDLE}/{lang}/part-{part}/"


def carries_body(html: str) -> bool:
    """Whether a page's HTML marks what Pagefind indexes: `data-pagefind-body` as an attribute of a start tag."""
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


def split(pages: list[str], max_pages: int = MAX_PAGES) -> list[list[str]]:
    """Pages dealt in turn to as few parts as keep each within `max_pages` (and its glob within MAX_GLOB)."""
    length = sum(len(page) + 1 for page in pages)
    count = max(1, -(-len(pages) // max(1, max_pages)), -(-length // MAX_GLOB))
    return [pages[i::count] for i in range(count)]


def glob_of(pages: list[str]) -> str:
    """A Pagefind (wax) glob matching exactly these paths.

    Wax has no escape for every special character: any character other than
    letters, digits, space, `_`, `.`, `/` and `-` becomes `?` (any one character).
    """
    return "{" + ",".join(_GLOB_SAFE.sub("?", page) for page in pages) + "}"


# -- finding Pagefind -------------------------------------------------------------------

PROJECT = Path(__file__).resolve().parents[2]
"""This project, whose `node_modules` may hold Pagefind's npm package (`npm ci`)."""
_NPM_OS = {"linux": "linux", "darwin": "darwin", "win32": "win32", "cygwin": "win32"}
_NPM_CPU = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}


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


def find_pagefind(*roots: Path) -> list[str]:
    """How to run Pagefind: `PAGEFIND_BINARY_PATH`; else the npm package (package.json) in the `node_modules`
    of `roots` (a site's own) or of this project; else the pip one (`pagefind[bin]`).

    The npm package comes first because npm has newer releases (1.6.0 there, 1.5.2 on PyPI,
    and 1.6.0 takes about a tenth less processor time: docs/en/benchmarks.md).
    SearchIndexError if there is none.
    """
    if os.environ.get("PAGEFIND_BINARY_PATH"):  # Pagefind's own setting, as its Python package reads it
        return [os.environ["PAGEFIND_BINARY_PATH"]]
    for root in dict.fromkeys((*roots, PROJECT)):
        if (binary := _npm_binary(root)) is not None:
            return [str(binary)]
    for package in ("pagefind_bin_extended", "pagefind_bin"):  # pip install 'pagefind[bin]'
        if importlib.util.find_spec(package) is not None:
            try:
                return [str(importlib.import_module(package).get_executable())]
            except Exception as exc:  # noqa: BLE001 - a broken package: try the next way
                log.warning(f"practices: the Pagefind of the pip package {package} cannot be used ({exc}); looking further")
    if importlib.util.find_spec("pagefind") is not None:
        return [sys.executable, "-m", "pagefind"]
    raise SearchIndexError("practices: site search needs Pagefind: npm ci (package.json) or pip install 'pagefind[bin]' (or set `search: false`)")


# -- running it ---------------------------------------------------------------------------


def page_counts(bundle: Path) -> dict[str, int]:
    """Pages indexed per language in one bundle, from Pagefind's `pagefind-entry.json`."""
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        return {str(lang): int(info["page_count"]) for lang, info in entry["languages"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise SearchIndexError(f"practices: Pagefind wrote no readable index in {bundle}: {exc}") from exc


def language_page_counts(site_dir: Path, lang: str) -> int:
    """Pages indexed for `lang` over its bundle and the parts it merges."""
    primary = site_dir / bundle_path(lang)
    manifest = json.loads((primary / MANIFEST).read_text(encoding="utf-8"))
    return sum(page_counts(primary / rel).get(lang, 0) for rel in ["", *manifest["merge"]])


class _Stopped(Exception):
    """The indexer was stopped while a run was going on."""


@dataclass
class _Job:
    lang: str
    pages: list[str]


class SearchIndexer:
    """Indexes languages with Pagefind in a background thread, one run at a time, in the order they are added.

    `add` queues a language whose pages are written; `finish` waits for every run and
    raises SearchIndexError naming each language that failed; `stop` ends the run
    going on (its process group is killed) and drops the rest: no process is left, and a
    bundle whose run was stopped stays incomplete until the next build writes it again.
    """

    def __init__(self, site_dir: Path, command: list[str], max_pages: int = MAX_PAGES, exclude: tuple[str, ...] = ()) -> None:
        self.site_dir = site_dir
        self.command = command
        self.exclude = (*EXCLUDE, *exclude)
        """CSS selectors of what Pagefind leaves out of the indexed text."""
        self.max_pages = max_pages
        self.counts: dict[str, int] = {}
        self.failures: dict[str, str] = {}
        self._queue: queue.Queue[_Job | None] = queue.Queue()
        self._thread = threading.Thread(target=self._work, name="gp-pagefind", daemon=True)
        self._process: subprocess.Popen[str] | None = None
        self._lock = threading.Lock()
        self._stopped = False
        self._thread.start()

    def add(self, lang: str, pages: list[str]) -> None:
        """Index `lang` from these pages (paths relative to the site) once the runs before it are done."""
        self._queue.put(_Job(lang, sorted(pages)))

    def finish(self) -> dict[str, int]:
        """Wait for every language added; the pages indexed per language. SearchIndexError if any failed."""
        self._queue.put(None)
        self._thread.join()
        if self.failures:
            names = ", ".join(self.failures)
            raise SearchIndexError(f"practices: the search index of {names} could not be built:\n" + "\n".join(self.failures.values()))
        return self.counts

    def stop(self) -> None:
        """Index nothing more: kill the Pagefind run going on, drop the languages queued, wait for the thread."""
        with self._lock:
            self._stopped = True
            running = self._process
            if running is not None and running.poll() is None:
                _kill_group(running)
        self._queue.put(None)
        self._thread.join()

    def _work(self) -> None:
        while (job := self._queue.get()) is not None:
            if self._stopped:
                return
            try:
                self.counts[job.lang] = self._index(job)
            except _Stopped:
                return
            except SearchIndexError as exc:
                self.failures[job.lang] = str(exc)
            except Exception as exc:  # noqa: BLE001 - reported with the others by finish()
                self.failures[job.lang] = f"practices: indexing {job.lang} failed: {exc!r}"

    def _index(self, job: _Job) -> int:
        lang = job.lang
        if not job.pages:
            # The search page carries data-pagefind-body: a template has lost it.
            raise SearchIndexError(f"practices: nothing to index in {lang}: no page of it carries data-pagefind-body")
        primary = self.site_dir / bundle_path(lang)
        if primary.exists():
            shutil.rmtree(primary)  # a bundle of an earlier build (mkdocs serve, --dirty)
        parts = split(job.pages, self.max_pages)
        indexed = 0
        for number, pages in enumerate(parts, start=1):
            output = self.site_dir / bundle_path(lang, number)
            indexed += self._run(lang, pages, output)
            if number > 1:
                for name in UNUSED_IN_PARTS:
                    (output / name).unlink(missing_ok=True)
        merge = [bundle_path(lang, number)[len(bundle_path(lang)) :] for number in range(2, len(parts) + 1)]
        (primary / MANIFEST).write_text(json.dumps({"merge": merge}) + "\n", encoding="utf-8")
        return indexed

    def _run(self, lang: str, pages: list[str], output: Path) -> int:
        glob = glob_of(pages)
        output.mkdir(parents=True, exist_ok=True)
        arguments = ["--site", str(self.site_dir), "--glob", glob, "--output-path", str(output)]
        arguments += ["--force-language", lang, *(option for selector in self.exclude for option in ("--exclude-selectors", selector)), "--quiet"]
        with self._lock:
            if self._stopped:
                raise _Stopped
            # In a session of its own, so that stop() ends Pagefind and anything it started; run from
            # its output folder, so that no pagefind.json of the site's is read.
            process = self._process = subprocess.Popen(
                [*self.command, *arguments], cwd=output, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                text=True, start_new_session=True,
            )  # fmt: skip
        try:
            text, _ = process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired as exc:
            _kill_group(process)
            raise SearchIndexError(f"practices: Pagefind took more than {TIMEOUT} s on {lang}") from exc
        finally:
            returncode = process.wait()
            with self._lock:
                self._process = None
        if self._stopped:
            raise _Stopped
        # Pagefind repeats the glob in its messages: not the list of pages again.
        text = text.replace(glob, f"{{the {len(pages)} pages}}").strip()
        if returncode != 0:
            raise SearchIndexError(f"practices: Pagefind failed (exit status {returncode}) on {self.site_dir} ({lang}):\n{text or '(no output)'}")
        if text:
            # Even when quiet, notes such as "no stemming for cs/sl" on every build: only with --verbose.
            log.debug(f"practices: Pagefind says ({lang}):\n{text}")
        return page_counts(output).get(lang, 0)


def _kill_group(process: subprocess.Popen[str]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (AttributeError, OSError):  # not POSIX, or already gone
        process.kill()
