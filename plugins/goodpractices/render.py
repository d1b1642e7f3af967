"""Rendering practice bodies: Markdown → sanitised HTML for a version's page, once per command.

Each version of a practice is shown on exactly one page
(`SiteLayout.practice_path`), so its body is rendered once, for that page:
relative links and images are resolved against the practice folder (where the
author wrote them) and written relative to the page; a link to a version file
(`en.md`, `../other/pl.md`) goes to that version's page. The printable
compilations reuse the same HTML (`compilation.relocate_body`).

Rendering is the largest single cost of a build (Python-Markdown), so:

* `render_bodies` spreads the work over worker processes when there is enough
  of it (one Markdown instance per worker, reset between bodies);
* results are kept in a process-wide cache keyed on everything that decides
  the output (the body text, the page, the site's languages, the Markdown
  configuration), so the preview server renders only what an edit changed.

Nothing here imports MkDocs.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import pickle
import zlib
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

import markdown
from markdown.treeprocessors import Treeprocessor

from .compilation import relocate_url
from .sanitize import clean_body
from .site import SiteLayout

MIN_PARALLEL = 64
"""Below this many bodies to render, worker processes cost more than they save."""


@dataclass(frozen=True)
class RenderJob:
    """One version body to render for its page."""

    slug: str
    lang: str
    body: str


@dataclass(frozen=True)
class RenderedBody:
    packed: bytes
    """The sanitised HTML, UTF-8 and zlib-compressed: every body of a large site stays in memory for a whole build."""
    toc: list[dict[str, Any]]
    """Python-Markdown's `toc_tokens` (level, id, name, children) of the body's headings."""

    @classmethod
    def of(cls, html: str, toc: list[dict[str, Any]]) -> "RenderedBody":
        return cls(zlib.compress(html.encode("utf-8", "surrogatepass"), 1), toc)

    @property
    def html(self) -> str:
        """Sanitised HTML, relative URLs relative to the version's page."""
        return zlib.decompress(self.packed).decode("utf-8", "surrogatepass")


@dataclass(frozen=True)
class MarkdownSetup:
    """The site's Markdown extensions, as names and configurations (picklable for workers)."""

    extensions: tuple[Any, ...]
    configs: dict[str, dict[str, Any]]

    def fingerprint(self) -> str:
        try:
            return hashlib.sha256(pickle.dumps((self.extensions, sorted(self.configs.items(), key=lambda kv: kv[0])))).hexdigest()
        except Exception:  # an extension given as an object: no cache across configurations
            return f"unpicklable-{id(self)}"

    def picklable(self) -> bool:
        try:
            pickle.dumps((self.extensions, self.configs))
        except Exception:
            return False
        return True


class _LinkRewriter(Treeprocessor):
    """Relative URLs of links and images: from the practice folder to the version's page."""

    folder = ""
    page = ""
    layout: SiteLayout | None = None

    def run(self, root: Any) -> None:
        assert self.layout is not None
        for element in root.iter():
            tag = element.tag
            key = "href" if tag == "a" else "src" if tag == "img" else None
            if key is None:
                continue
            value = element.get(key)
            if value:
                element.set(key, relocate_url(value, self.folder, self.page, self.layout))


class _Renderer:
    """One Markdown instance, reused for many bodies."""

    def __init__(self, setup: MarkdownSetup, layout: SiteLayout) -> None:
        self.layout = layout
        self.md = markdown.Markdown(extensions=list(setup.extensions), extension_configs=setup.configs)
        self.links = _LinkRewriter(self.md)
        self.links.layout = layout
        # After the inline patterns made the <a> and <img> elements, like MkDocs' own link rewriting.
        self.md.treeprocessors.register(self.links, "goodpractices_links", 1)

    def render(self, job: RenderJob) -> RenderedBody:
        self.md.reset()
        self.links.folder = self.layout.file_path(job.slug, "")
        self.links.page = self.layout.practice_path(job.slug, job.lang)
        html = clean_body(self.md.convert(job.body))
        return RenderedBody.of(html, list(getattr(self.md, "toc_tokens", [])))


_CACHE: dict[str, RenderedBody] = {}
"""Process-wide: kept across the builds of one preview server, dropped with the process."""
_CACHE_LIMIT = 60_000


def _key(job: RenderJob, layout: SiteLayout, fingerprint: str) -> str:
    h = hashlib.blake2b(digest_size=20)
    for part in (fingerprint, "\0".join(layout.languages), layout.default_language, job.slug, job.lang, job.body):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\1")
    return h.hexdigest()


_worker: _Renderer | None = None


def _init_worker(setup: MarkdownSetup, layout: SiteLayout) -> None:
    global _worker
    _worker = _Renderer(setup, layout)


def _render_chunk(jobs: list[RenderJob]) -> list[RenderedBody]:
    assert _worker is not None
    return [_worker.render(job) for job in jobs]


def render_bodies(
    jobs: Iterable[RenderJob],
    layout: SiteLayout,
    setup: MarkdownSetup,
    *,
    workers: int | None = None,
    cache: bool = True,
) -> dict[tuple[str, str], RenderedBody]:
    """Render every job's body for its page: (slug, lang) → RenderedBody.

    `workers`: processes to use (default: the CPUs available to this process;
    1 renders in this process). Results come from and go to the process-wide
    cache unless `cache` is false.
    """
    fingerprint = setup.fingerprint()
    out: dict[tuple[str, str], RenderedBody] = {}
    todo: list[tuple[str, RenderJob]] = []
    for job in jobs:
        key = _key(job, layout, fingerprint)
        hit = _CACHE.get(key) if cache else None
        if hit is not None:
            out[(job.slug, job.lang)] = hit
        else:
            todo.append((key, job))
    if not todo:
        return out
    if workers is None:
        workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    workers = max(1, min(workers, len(todo) // (MIN_PARALLEL // 2) or 1))
    rendered: Sequence[RenderedBody] | None = None
    if workers > 1 and setup.picklable():
        rendered = _render_in_workers([job for _, job in todo], layout, setup, workers)
    if rendered is None:
        renderer = _Renderer(setup, layout)
        rendered = [renderer.render(job) for _, job in todo]
    if cache and len(_CACHE) + len(todo) > _CACHE_LIMIT:
        _CACHE.clear()
    for (key, job), result in zip(todo, rendered):
        out[(job.slug, job.lang)] = result
        if cache:
            _CACHE[key] = result
    return out


def _render_in_workers(jobs: list[RenderJob], layout: SiteLayout, setup: MarkdownSetup, workers: int) -> list[RenderedBody] | None:
    """Render in forked worker processes; None when that is not safe or does not work (render here instead).

    Workers are forked, so they start at once with everything imported and do
    not run the caller's `__main__` again. Forking a process that runs other
    threads (the preview server) is not safe, so then nothing is forked.
    """
    import multiprocessing
    import threading

    if threading.active_count() > 1 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    # Chunks of about equal size, a few per worker so that the slower one does not hold the rest up.
    size = max(8, len(jobs) // (workers * 4))
    chunks = [jobs[i : i + size] for i in range(0, len(jobs), size)]
    # The workers share the parent's memory until they write to it; the garbage collector
    # would write to every object it scans, so the parent's objects are frozen out of its sight.
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker, initargs=(setup, layout)) as pool:
            results: list[RenderedBody] = []
            for part in pool.map(_render_chunk, chunks):
                results.extend(part)
        return results
    except Exception as exc:  # a broken worker, an unpicklable result, no processes allowed: render here
        logging.getLogger(__name__).debug("rendering in worker processes failed (%s); rendering in this process", exc)
        return None
    finally:
        gc.unfreeze()


def clear_cache() -> None:
    _CACHE.clear()
