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
* each body is rendered by a Markdown instance without the extensions and
  inline patterns that cannot act on it (no tables without a "|", no links
  without a "[", …: `_Renderer`); the output is the same as with all of them.

Nothing here imports MkDocs.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import pickle
import tempfile
import zlib
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping, Sequence

import markdown
from markdown.treeprocessors import Treeprocessor

from .compilation import relocate_url
from .sanitize import clean_body
from .model import Practice
from .site import SiteLayout

MIN_PARALLEL = 64
"""Below this many bodies to render, worker processes cost more than they save."""


@dataclass(frozen=True)
class RenderJob:
    """One version body to render for its page."""

    slug: str
    lang: str
    body: str


def jobs_in_build_order(practices: Mapping[str, Practice], layout: SiteLayout) -> tuple[list[RenderJob], int]:
    """Every version's job, in the order a build of every language needs the bodies; and how many it needs first.

    The languages are built one after the other, the default one first. A
    language's build needs the bodies of its own versions (their pages come first)
    and then, for its printable compilations, the best version for it of every
    practice, another language's where the practice has none. So each language in
    turn gets its own versions, then the borrowed ones not already listed; the
    default language's group is the one needed first (`render_bodies(first=...)`).
    """
    default = layout.default_language
    order = [default, *(lang for lang in layout.languages if lang != default)]
    jobs: list[RenderJob] = []
    listed: set[tuple[str, str]] = set()
    first = 0
    for n, lang in enumerate(order):
        borrowed: list[RenderJob] = []
        for slug, practice in practices.items():
            version = practice.versions.get(lang)
            if version is not None and (slug, lang) not in listed:
                jobs.append(RenderJob(slug, lang, version.body))
                listed.add((slug, lang))
        for slug, practice in practices.items():
            if lang not in practice.versions:
                best = layout.best_version(practice, lang)
                if (slug, best.lang) not in listed:
                    borrowed.append(RenderJob(slug, best.lang, best.body))
                    listed.add((slug, best.lang))
        jobs += borrowed
        if n == 0:
            first = len(jobs)
    # Versions in a language the site is not built in (none, once loaded and checked): last.
    jobs += [RenderJob(slug, lang, v.body) for slug, p in practices.items() for lang, v in p.versions.items() if (slug, lang) not in listed]
    return jobs, first


COMPRESS_OVER = 5_000
"""Bodies are not kept in memory as text when a build renders more than this many: every body is
needed until the build ends (at 10,000 practices 26,000 bodies, 260 MB as text). A build's worker
processes write them to a spill file (`Spilled`), read back when a page needs them; otherwise (the
preview's cache, rendering in the process) they are kept zlib-compressed. Fewer are kept as text,
which saves writing and reading each (about 0.4 s of CPU at 1,000 practices if compressed)."""


@dataclass(frozen=True)
class Spilled:
    """Where a body's HTML lies, UTF-8 encoded, in a spill file a worker wrote (see `render_bodies`)."""

    path: str
    offset: int
    length: int

    def read(self) -> str:
        fd = _SPILL_FDS.get(self.path)
        if fd is None:
            fd = _SPILL_FDS[self.path] = os.open(self.path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        data = os.pread(fd, self.length, self.offset)
        if len(data) != self.length:
            raise OSError(f"{self.path}: {len(data)} bytes at {self.offset} where {self.length} were written")
        return data.decode("utf-8", "surrogatepass")


_SPILL_FDS: dict[str, int] = {}
"""Spill files open for reading in this process, by path (closed by `RenderedBodies.discard`)."""


@dataclass(frozen=True)
class RenderedBody:
    packed: bytes | str | Spilled
    """The sanitised HTML: as it is (str), UTF-8 and zlib-compressed (bytes), or in a spill file (see COMPRESS_OVER)."""
    toc: list[dict[str, Any]]
    """Python-Markdown's `toc_tokens` (level, id, name, children) of the body's headings."""

    @classmethod
    def of(cls, html: str, toc: list[dict[str, Any]], compress: bool = True) -> "RenderedBody":
        return cls(zlib.compress(html.encode("utf-8", "surrogatepass"), 1) if compress else html, toc)

    @property
    def html(self) -> str:
        """Sanitised HTML, relative URLs relative to the version's page."""
        if isinstance(self.packed, str):
            return self.packed
        if isinstance(self.packed, Spilled):
            return self.packed.read()
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


def _is_needed(*triggers: str) -> Callable[[str], bool]:
    return lambda text: any(trigger in text for trigger in triggers)


# What a body cannot use is left out of the Markdown instance that renders it: every
# extension and inline pattern costs time on every body, used or not. Each one below
# does nothing to a text that contains none of its trigger strings (checked against
# Python-Markdown 3.x's source); the text each one sees is the body's, cut up, with
# Markdown's placeholders (made of \x02, \x03, letters, digits and ":") put in.

_PRUNABLE: dict[str, Callable[[str], bool]] = {
    # The table block processor splits a block's first row on "|": without one it is not a table.
    "tables": _is_needed("|"),
    # A fence is a line of ``` or ~~~; the preprocessor changes nothing else.
    "fenced_code": _is_needed("```", "~~~"),
    # "!!!" opens an admonition; an indented block also continues a preceding <div> whose
    # class contains "admonition", which only md_in_html (so "<") can make otherwise.
    "admonition": _is_needed("!!!", "<"),
    # Every attribute list is in braces; but with attr_list loaded, fenced_code also gives
    # a fence's hl_lines="…" to its <code> element.
    "attr_list": _is_needed("{", "hl_lines"),
    # Without a tag its HTML block parser passes the text on as the core one does.
    "md_in_html": _is_needed("<"),
    # Definitions start with "*["; with no glossary nothing else is marked.
    "abbr": _is_needed("*["),
    # References and definitions contain "[^"; a <div class="footnote"> holding a list is
    # also rewritten (md_in_html, so "<").
    "footnotes": _is_needed("[^", "<"),
}
"""Python-Markdown extension → whether a body needs it."""

_CONFIG_MATTERS = frozenset({"abbr", "footnotes"})
"""Left out only when not configured: a glossary marks text without "*["; UNIQUE_IDS counts the resets;
SUPERSCRIPT_TEXT is inline text that the core inline patterns below would see."""

_INERT_NEIGHBOURS = frozenset(
    {"toc", "codehilite", "def_list", "legacy_attrs", "legacy_em", "meta", "nl2br", "sane_lists", "smarty", "wikilinks"}
)
"""Python-Markdown extensions always kept, which put no text of their own where the ones left out would
see it (or do so after them) and do not look at which other extensions are loaded.

Any other extension turns the leaving out off: a third-party one may insert text
(snippets) or behave differently when attr_list is loaded (superfences).
"""

_CORE_INLINE: tuple[tuple[tuple[str, ...], Callable[[str], bool]], ...] = (
    # Python-Markdown's own inline patterns: their regular expressions cannot match without these.
    (("backtick",), _is_needed("`")),
    (("escape",), _is_needed("\\")),
    (("reference", "link", "image_link", "image_reference", "short_reference", "short_image_ref"), _is_needed("[")),
    (("autolink", "automail", "html"), _is_needed("<")),
    (("linebreak",), _is_needed("  \n")),
    (("entity",), _is_needed("&")),
)
"""Inline patterns (registry names) → whether a body needs them."""


def _short_name(extension: Any) -> str | None:
    if not isinstance(extension, str):
        return None
    return extension[len("markdown.extensions.") :] if extension.startswith("markdown.extensions.") else extension


_MARKDOWN_CHECKED = (3, 11) <= tuple(markdown.__version_info__[:2]) < (4, 0)
"""The Python-Markdown versions whose source the triggers above were checked against (and tests/test_render.py
compares); with another one nothing is left out."""


def _prunable(setup: MarkdownSetup) -> tuple[tuple[int, Callable[[str], bool]], ...] | None:
    """(index in `setup.extensions`, whether a body needs it) for each extension that may be left out;
    None when nothing may be left out (an extension not known here, another Python-Markdown)."""
    if not _MARKDOWN_CHECKED:
        return None
    names = [_short_name(extension) for extension in setup.extensions]
    if any(name not in _PRUNABLE and name not in _INERT_NEIGHBOURS for name in names):
        return None
    for name, extension in zip(names, setup.extensions):
        if name in _CONFIG_MATTERS and setup.configs.get(extension):  # type: ignore[arg-type]
            return None
    return tuple((index, _PRUNABLE[name]) for index, name in enumerate(names) if name in _PRUNABLE)  # type: ignore[index]


def _as_markdown_reads(body: str) -> str:
    """`body` as Markdown's first preprocessor leaves it (NormalizeWhitespace; tab_length is always 4 here),
    where a trigger could appear: "!\\x02!!" is "!!!" to Markdown, "ab\\t\\n" a line break."""
    if "\x02" in body or "\x03" in body or "\r" in body or "\t" in body:
        body = body.replace("\x02", "").replace("\x03", "").replace("\r\n", "\n").replace("\r", "\n").expandtabs(4)
    return body


_Variant = tuple[tuple[int, ...], tuple[int, ...]]
"""(indexes of the extensions kept, indexes in `_CORE_INLINE` of the inline pattern groups left out)."""


class _Renderer:
    """Markdown instances reused for many bodies, one per variant (the extensions and inline patterns a body can use).

    The output is the same as with every configured extension and every inline
    pattern (`prune=False`, as the tests compare).
    """

    def __init__(self, setup: MarkdownSetup, layout: SiteLayout, *, prune: bool = True, compress: bool = True) -> None:
        self.setup = setup
        self.layout = layout
        self.compress = compress
        self.all = tuple(range(len(setup.extensions)))
        self.prunable = _prunable(setup) if prune else None
        self.instances: dict[_Variant, tuple[markdown.Markdown, _LinkRewriter]] = {}
        # Every extension, built at once as before: a configuration error shows here, whatever the bodies.
        self._instance((self.all, ()))

    def _instance(self, variant: _Variant) -> tuple[markdown.Markdown, _LinkRewriter]:
        found = self.instances.get(variant)
        if found is None:
            kept, left_out = variant
            md = markdown.Markdown(extensions=[self.setup.extensions[i] for i in kept], extension_configs=self.setup.configs)
            for group in left_out:
                for name in _CORE_INLINE[group][0]:
                    md.inlinePatterns.deregister(name, strict=False)
            links = _LinkRewriter(md)
            links.layout = self.layout
            # After the inline patterns made the <a> and <img> elements, like MkDocs' own link rewriting.
            md.treeprocessors.register(links, "goodpractices_links", 1)
            found = self.instances[variant] = (md, links)
        return found

    def _variant(self, body: str) -> _Variant:
        if self.prunable is None:
            return (self.all, ())
        text = _as_markdown_reads(body)
        left_out = {index for index, needed in self.prunable if not needed(text)}
        kept = tuple(i for i in self.all if i not in left_out) if left_out else self.all
        return kept, tuple(group for group, (_, needed) in enumerate(_CORE_INLINE) if not needed(text))

    def render(self, job: RenderJob) -> RenderedBody:
        md, links = self._instance(self._variant(job.body))
        md.reset()
        links.folder = self.layout.file_path(job.slug, "")
        links.page = self.layout.practice_path(job.slug, job.lang)
        html = clean_body(md.convert(job.body))
        return RenderedBody.of(html, list(getattr(md, "toc_tokens", [])), self.compress)


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


def _init_worker(setup: MarkdownSetup, layout: SiteLayout, compress: bool = True, spill_dir: str | None = None) -> None:
    global _worker, _spill
    _worker = _Renderer(setup, layout, compress=compress and spill_dir is None)
    if spill_dir is not None:
        fd, path = tempfile.mkstemp(suffix=".html", dir=spill_dir)
        _spill = [fd, path, 0]


_spill: list[Any] | None = None
"""In a worker writing its bodies to a spill file: [its descriptor, its path, the bytes written]."""


LATER_NICENESS = 5
"""How much lower a worker's priority is once it renders bodies not needed first (see `render_bodies`)."""
_lowered = False


def _render_chunk(jobs: list[RenderJob], later: bool = False) -> list[RenderedBody]:
    global _lowered
    assert _worker is not None
    if later and not _lowered and hasattr(os, "nice"):
        _lowered = True
        try:
            os.nice(LATER_NICENESS)
        except OSError:
            pass
    results = [_worker.render(job) for job in jobs]
    if _spill is None:
        return results
    # The bodies go to this worker's spill file; the build gets where each lies.
    fd, path, offset = _spill
    data = [result.html.encode("utf-8", "surrogatepass") for result in results]
    view = memoryview(b"".join(data))
    while view:
        view = view[os.write(fd, view) :]
    spilled = []
    for result, encoded in zip(results, data):
        spilled.append(RenderedBody(Spilled(path, offset, len(encoded)), result.toc))
        offset += len(encoded)
    _spill[2] = offset
    return spilled


def render_bodies(
    jobs: Iterable[RenderJob],
    layout: SiteLayout,
    setup: MarkdownSetup,
    *,
    workers: int | None = None,
    cache: bool = True,
    wait: bool = True,
    first: int | None = None,
) -> "RenderedBodies":
    """Render every job's body for its page: a mapping (slug, lang) → RenderedBody.

    `workers`: processes to use (default: the CPUs available to this process;
    1 renders in this process). Results come from and go to the process-wide
    cache unless `cache` is false. With `wait=False` the workers render in the
    background, in the order of `jobs`, and looking a body up waits for it
    only; call `close()` when done (`wait=True` has every body rendered on return).

    `first`: the caller needs the first this many jobs at once and the others later
    (a build: the default language's bodies for its pages, the rest for the other
    languages). Workers render the others at a lower priority, so that they take the
    processor the caller leaves, not the caller's share (by default all are needed first).
    """
    jobs = list(jobs)
    fingerprint = setup.fingerprint()
    bodies = RenderedBodies(cache)
    todo: list[tuple[str, RenderJob]] = []
    for job in jobs:
        key = _key(job, layout, fingerprint) if cache else ""  # the key hashes the body: only for the cache
        hit = _CACHE.get(key) if cache else None
        if hit is not None:
            bodies._done[(job.slug, job.lang)] = hit
        else:
            todo.append((key, job))
    if not todo:
        return bodies
    if cache and len(_CACHE) + len(todo) > _CACHE_LIMIT:
        _CACHE.clear()
    if workers is None:
        workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    workers = max(1, min(workers, len(todo) // (MIN_PARALLEL // 2) or 1))
    compress = len(jobs) > COMPRESS_OVER
    later = {id(job) for job in jobs[first:]} if first is not None else set()
    # A build's bodies are spilled to files (the preview's cache outlives them: compressed there).
    started = workers > 1 and setup.picklable() and bodies._start(todo, layout, setup, workers, compress, later, spill=compress and not cache)
    if not started:
        renderer = _Renderer(setup, layout, compress=compress)
        bodies._store(todo, [renderer.render(job) for _, job in todo])
    if wait:
        bodies.close()
    return bodies


class RenderedBodies(Mapping[tuple[str, str], RenderedBody]):
    """Rendered bodies by (slug, lang), some perhaps still being rendered by worker processes.

    Looking a body up waits for the chunk of bodies it is in, and only for that
    chunk: a build can use the first bodies while the workers render the rest.
    """

    def __init__(self, cache: bool = True) -> None:
        self._done: dict[tuple[str, str], RenderedBody] = {}
        self._pending: dict[tuple[str, str], Any] = {}
        """(slug, lang) → the chunk (a future and its jobs) still being rendered."""
        self._pool: ProcessPoolExecutor | None = None
        self._layout: SiteLayout | None = None
        self._setup: MarkdownSetup | None = None
        self._compress = True
        self._cache = cache
        self._chunks = 0
        self._finished = 0
        """Chunks handed to the workers, and those they are done with (counted by the futures' callbacks)."""
        self._spill_dir: tempfile.TemporaryDirectory[str] | None = None
        """Where the workers write the bodies of a large build (see COMPRESS_OVER), until `discard`."""

    # -- Mapping ----------------------------------------------------------------

    def __getitem__(self, key: tuple[str, str]) -> RenderedBody:
        if self._pool is not None and self._finished == self._chunks:
            self.close()  # every worker is done: take all, and let the workers go
        if key not in self._done:
            chunk = self._pending.get(key)
            if chunk is None:
                raise KeyError(key)
            self._finish(chunk)
        return self._done[key]

    def __contains__(self, key: object) -> bool:
        return key in self._done or key in self._pending

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter([*self._done, *self._pending])

    def __len__(self) -> int:
        return len(self._done) + len(self._pending)

    def update(self, other: Mapping[tuple[str, str], RenderedBody]) -> None:
        for key in other:
            self._pending.pop(key, None)
            self._done[key] = other[key]

    # -- workers ----------------------------------------------------------------

    def _start(
        self,
        todo: list[tuple[str, RenderJob]],
        layout: SiteLayout,
        setup: MarkdownSetup,
        workers: int,
        compress: bool = True,
        later: set[int] | frozenset[int] = frozenset(),
        spill: bool = False,
    ) -> bool:
        """Hand the jobs to forked worker processes, in order; False when that is not safe or does not work.

        Workers are forked, so they start at once with everything imported and do
        not run the caller's `__main__` again. Forking a process that runs other
        threads (the preview server) is not safe, so then nothing is forked.
        """
        import multiprocessing
        import threading

        if threading.active_count() > 1 or "fork" not in multiprocessing.get_all_start_methods():
            return False
        # Chunks of about equal size, a few per worker so that the slower one does not hold the rest
        # up, and small enough that the first bodies are ready soon.
        size = max(8, min(64, len(todo) // (workers * 4)))
        # The workers share the parent's memory until they write to it; the garbage collector
        # would write to every object it scans, so the parent's objects are frozen out of its sight
        # until the workers are forked (all of them at the first submission).
        gc.freeze()
        try:
            context = multiprocessing.get_context("fork")
            if spill:
                # Removed with this object (`discard`), or when the process ends.
                self._spill_dir = tempfile.TemporaryDirectory(prefix="gp-bodies-")
            spill_dir = self._spill_dir.name if self._spill_dir is not None else None
            pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker, initargs=(setup, layout, compress, spill_dir))
            for i in range(0, len(todo), size):
                part = todo[i : i + size]
                # A chunk of jobs needed later only lowers the worker's priority (for good: they come last).
                future = pool.submit(_render_chunk, [job for _, job in part], all(id(job) in later for _, job in part))
                future.add_done_callback(self._count_finished)
                self._chunks += 1
                chunk = (future, part)
                for _, job in part:
                    self._pending[(job.slug, job.lang)] = chunk
        except Exception as exc:  # no processes allowed: render here
            logging.getLogger(__name__).debug("rendering in worker processes failed (%s); rendering in this process", exc)
            self._pending.clear()
            return False
        finally:
            gc.unfreeze()
        self._pool, self._layout, self._setup, self._compress = pool, layout, setup, compress
        return True

    def _count_finished(self, future: Any) -> None:
        self._finished += 1  # in the pool's thread; an int increment is atomic under the interpreter lock

    def poll(self) -> None:
        """Take every rendered body and stop the workers if they are all done (a cheap check).

        Idle workers would keep the memory the build had when they were forked: the
        pages it writes since are copied out of what they share.
        """
        if self._pool is not None and self._finished == self._chunks:
            self.close()

    def _finish(self, chunk: tuple[Any, list[tuple[str, RenderJob]]]) -> None:
        future, part = chunk
        try:
            results = future.result()
        except Exception as exc:  # a broken worker, an unpicklable result: render this chunk here
            logging.getLogger(__name__).debug("rendering in a worker process failed (%s); rendering in this process", exc)
            assert self._setup is not None and self._layout is not None
            renderer = _Renderer(self._setup, self._layout, compress=self._compress)
            results = [renderer.render(job) for _, job in part]
        self._store(part, results)

    def _store(self, part: list[tuple[str, RenderJob]], results: Sequence[RenderedBody]) -> None:
        for (key, job), result in zip(part, results):
            self._pending.pop((job.slug, job.lang), None)
            self._done[(job.slug, job.lang)] = result
            if self._cache:
                _CACHE[key] = result
        if not self._pending and self._pool is not None:
            # Every body is in: the workers' memory goes back now, not when the build ends.
            self._pool.shutdown(wait=False)
            self._pool = None

    def close(self) -> None:
        """Wait for every body still being rendered, and stop the workers."""
        for chunk in list({id(c): c for c in self._pending.values()}.values()):
            self._finish(chunk)
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None

    def discard(self) -> None:
        """No body is needed again: stop the workers, and remove the spill files (their bodies can no longer be read).

        With the cache (the preview), the bodies still being rendered are waited for, for the next build."""
        if self._cache:
            self.close()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._pending.clear()
        if self._spill_dir is not None:
            prefix = os.path.join(self._spill_dir.name, "")
            for path in [path for path in _SPILL_FDS if path.startswith(prefix)]:
                os.close(_SPILL_FDS.pop(path))
            self._spill_dir.cleanup()
            self._spill_dir = None


def clear_cache() -> None:
    _CACHE.clear()
