"""What a build runs besides the site generator's own work, owned by one object.

`BuildRuntime` owns every process a build starts, and its memory policy: the worker
processes that render the practices' bodies while the generator writes pages (let go
as soon as they are done), the Pagefind runs that index each language while the next
one is built, the bodies kept (in UTF-8) until the last page that needs them, and the
objects left for the interpreter's last collections at exit. Its `close()` ends all of them and is
safe to call at any point (a failed build, Ctrl-C): no child process outlives it, and
no temporary file is made (Pagefind reads the pages where the build wrote them).
Across the preview server's rebuilds it keeps the rendered bodies, so that an edit
renders only the bodies it changed.

Each mechanism is kept for a gain measured with scripts/bench.py (figures in
docs/en/benchmarks.md, the list in docs/en/architecture.md).
"""

from __future__ import annotations

import functools
import gc
import logging
import multiprocessing
import os
import signal
import threading
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from .render import MarkdownSetup, RenderedBody, Renderer, RenderJob, job_key
from .search_index import MAX_PAGES, SearchIndexer, find_pagefind
from .site import SiteLayout

log = logging.getLogger(__name__)

MIN_PER_WORKER = 32
"""Bodies per worker process below which starting it costs more than it saves."""
KEPT_BODIES = 60_000
"""Most bodies kept across the preview's rebuilds."""

_worker: Renderer | None = None


def _start_worker(renderer: Renderer) -> None:
    global _worker
    _worker = renderer
    # Ctrl-C reaches the terminal's whole process group: the build stops its workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


_Stored = tuple[bytes, list[dict[str, Any]]]
"""A rendered body as the runtime keeps it: its HTML in UTF-8 (half the memory of Python's text for
these languages, whose letters beyond Latin-1 make every character of a `str` two bytes), its headings."""


def _stored(body: RenderedBody) -> _Stored:
    return body.html.encode("utf-8", "surrogatepass"), body.toc


def _render_chunk(jobs: list[RenderJob]) -> list[_Stored]:
    assert _worker is not None, "a worker renders after _start_worker"
    return [_stored(_worker.render(job)) for job in jobs]


class BuildRuntime:
    """The processes and the memory policy of a build (see the module docstring).

    One per command: a preview server keeps it across rebuilds, for its bodies.
    """

    def __init__(self, *, keep_bodies: bool = False, workers: int | None = None) -> None:
        self.keep_bodies = keep_bodies
        """Keep rendered bodies for the next build (the preview server)."""
        available = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        self.workers = workers or available
        self._kept: dict[str, _Stored] = {}
        self._bodies: dict[tuple[str, str], _Stored] = {}
        self._pending: dict[tuple[str, str], tuple[Future[list[_Stored]], list[tuple[str, RenderJob]]]] = {}
        self._pool: ProcessPoolExecutor | None = None
        self._renderer: Renderer | None = None
        self._setup: MarkdownSetup | None = None
        self._layout: SiteLayout | None = None
        self._indexer: SearchIndexer | None = None
        self._count_lock = threading.Lock()
        self._chunks = self._chunks_done = 0
        """Chunks of bodies handed to the workers, and those they are done with."""
        self._worker_failed = False

    # -- bodies -------------------------------------------------------------------------

    def render_bodies(self, jobs: Iterable[RenderJob], layout: SiteLayout, setup: MarkdownSetup) -> None:
        """Start rendering every job's body for its page, in the order given: `body` waits only for its own.

        In worker processes when there are enough bodies and forking is safe (no other
        thread runs: the preview server has some, and renders here, only what an edit changed).
        """
        self.discard_bodies()
        self._layout, self._setup, self._renderer = layout, setup, None
        todo: list[tuple[str, RenderJob]] = []
        fingerprint = setup.fingerprint() if self.keep_bodies else ""
        for job in jobs:
            key = job_key(job, layout, fingerprint) if self.keep_bodies else ""
            kept = self._kept.get(key) if self.keep_bodies else None
            if kept is not None:
                self._bodies[(job.slug, job.lang)] = kept
            else:
                todo.append((key, job))
        if self.keep_bodies and len(self._kept) + len(todo) > KEPT_BODIES:
            self._kept.clear()
        workers = min(self.workers, len(todo) // MIN_PER_WORKER)
        if workers > 1 and threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods() and setup.picklable():
            self._start_pool(todo, workers)
        else:
            self._store(todo, [self._render_here(job) for _, job in todo])

    def _start_pool(self, todo: list[tuple[str, RenderJob]], workers: int) -> None:
        # Forked: the workers start at once with everything imported. Chunks of about equal size,
        # a few per worker so that the slower one does not hold the rest up, and small enough
        # that the first bodies are ready soon.
        size = max(8, min(64, len(todo) // (workers * 4)))
        # Made here, before forking: a configuration error shows once, in the build's process.
        start = functools.partial(_start_worker, self._renderer_here())
        self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"), initializer=start)
        self._chunks = self._chunks_done = 0
        self._worker_failed = False
        for i in range(0, len(todo), size):
            part = todo[i : i + size]
            try:
                future = self._pool.submit(_render_chunk, [job for _, job in part])
            except BrokenProcessPool as exc:
                # A worker died while chunks were still being handed out: this chunk is rendered
                # here when asked for, as the chunks the dead worker held.
                future = Future()
                future.set_exception(exc)
            future.add_done_callback(self._chunk_done)
            self._chunks += 1
            for _, job in part:
                self._pending[(job.slug, job.lang)] = (future, part)

    def _chunk_done(self, future: Future[list[_Stored]]) -> None:
        with self._count_lock:  # the pool's thread, or this one for a chunk done before its callback was added
            self._chunks_done += 1

    def _renderer_here(self) -> Renderer:
        if self._renderer is None:
            assert self._setup is not None and self._layout is not None
            self._renderer = Renderer(self._setup, self._layout)
        return self._renderer

    def _render_here(self, job: RenderJob) -> _Stored:
        return _stored(self._renderer_here().render(job))

    def _store(self, part: list[tuple[str, RenderJob]], results: list[_Stored]) -> None:
        for (key, job), result in zip(part, results, strict=True):
            self._pending.pop((job.slug, job.lang), None)
            self._bodies[(job.slug, job.lang)] = result
            if self.keep_bodies:
                self._kept[key] = result
        if not self._pending and self._pool is not None:
            # Every body is in: the workers' memory goes back now, not when the build ends.
            self._pool.shutdown(wait=False)
            self._pool = None

    def has_body(self, slug: str, lang: str) -> bool:
        return (slug, lang) in self._bodies or (slug, lang) in self._pending

    def body(self, slug: str, lang: str) -> RenderedBody:
        """The rendered body of a version (waits for the worker rendering it). KeyError if it was not asked for."""
        html, toc = self._stored(slug, lang)
        return RenderedBody(html.decode("utf-8", "surrogatepass"), toc)

    def toc(self, slug: str, lang: str) -> list[dict[str, Any]]:
        """The table of contents of a version's body (`body`, without decoding its HTML)."""
        return self._stored(slug, lang)[1]

    def _stored(self, slug: str, lang: str) -> _Stored:
        key = (slug, lang)
        if self._pool is not None and self._chunks_done == self._chunks:
            # The workers are done: take every body and let them go (idle, they would keep their memory).
            for pending in list({id(p): p for p in self._pending.values()}.values()):
                self._take(*pending)
        if key not in self._bodies:
            self._take(*self._pending[key])
        return self._bodies[key]

    def _take(self, future: Future[list[_Stored]], part: list[tuple[str, RenderJob]]) -> None:
        try:
            results = future.result()
        except Exception as exc:  # noqa: BLE001 - a worker died: render its chunk here
            if not self._worker_failed:
                log.warning(f"practices: a worker process failed to render bodies ({exc!r}); rendering them in the build's process")
                self._worker_failed = True
            results = [self._render_here(job) for _, job in part]
        self._store(part, results)

    def discard_bodies(self) -> None:
        """The build no longer needs its bodies: stop the workers (the preview keeps what was rendered)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._pending.clear()
        self._bodies = {}

    # -- search ---------------------------------------------------------------------------

    def index_language(
        self, site_dir: Path, lang: str, pages: list[str], *, look_in: Iterable[Path] = (), max_pages: int = MAX_PAGES, exclude: tuple[str, ...] = ()
    ) -> None:
        """Index `lang` with Pagefind in the background, after the languages added before it (`exclude`: selectors not indexed)."""
        if self._indexer is None:
            self._indexer = SearchIndexer(site_dir, find_pagefind(*look_in), max_pages, exclude)
        self._indexer.add(lang, pages)

    def finish_search(self) -> dict[str, int]:
        """Wait for every language's index; the pages indexed per language. SearchIndexError if any failed.

        Interrupted while waiting (Ctrl-C), the indexer is still this object's, and `close` stops it.
        """
        if self._indexer is None:
            return {}
        counts = self._indexer.finish()
        self._indexer = None
        return counts

    # -- the end ------------------------------------------------------------------------------

    def close(self) -> None:
        """End every process of the build; safe to call at any time, and again."""
        indexer, self._indexer = self._indexer, None
        try:
            if indexer is not None:
                indexer.stop()
        finally:
            self.discard_bodies()

    def exiting(self) -> None:
        """The command is over and the process is about to end: `close`, and spare the interpreter's last
        collections a walk over every object still alive (the site's pages, which plugins hold to the end)."""
        self.close()
        gc.freeze()
