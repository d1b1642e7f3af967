"""Rendering practice bodies: Markdown → sanitised HTML for the pages that show a version.

A version is shown on the page of its own language and on the pages of every
language the practice lacks (`SitePlan.practice_pages`), so its body is rendered
once for all of them: relative links and images are resolved against the
practice folder (where the author wrote them) and written from the site root,
behind a marker (`ROOT`, or `READER_ROOT` for a link to a practice folder, which
goes to the practice's page in the reader's language). `for_page` turns the
markers into the way up from one page, a string replacement. A link to a
version file (`en.md`, `../other/pl.md`) goes to that version's page. The
printable compilations reuse the same HTML (`compilation.relocate_body`).

Rendering is the largest single cost of a build (Python-Markdown). Here it is
pure: `Renderer.render` turns one job into HTML. Spreading the jobs over worker
processes, and keeping bodies across the preview's rebuilds, is the build
runtime's business (`runtime.BuildRuntime`). Each body is rendered by a Markdown
instance without the extensions and inline patterns that cannot act on it (no
tables without a "|", no links without a "[", …); the output is the same as
with all of them (tests/test_render.py compares).

Nothing here imports MkDocs.
"""

from __future__ import annotations

import hashlib
import html as html_module
import pickle
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import markdown

from .compilation import relocate_url
from .model import Practice
from .sanitize import clean_body
from .site import SiteLayout


@dataclass(frozen=True)
class RenderJob:
    """One version's body to render (once, for every page that shows it)."""

    slug: str
    lang: str
    body: str


def jobs_in_build_order(practices: Mapping[str, Practice], layout: SiteLayout) -> list[RenderJob]:
    """Every version's job, in the order a build of every language needs the bodies.

    The languages are built one after the other, the default one first, and each
    language's practice pages in the order of `practices`: each needs the version its
    readers get (`SiteLayout.best_version`), rendered once for all the languages that
    show it. So the jobs follow that order, each version where it is first needed.
    """
    jobs: list[RenderJob] = []
    listed: set[tuple[str, str]] = set()
    for lang in layout.build_order:
        for slug, practice in practices.items():
            best = layout.best_version(practice, lang)
            if (slug, best.lang) not in listed:
                jobs.append(RenderJob(slug, best.lang, best.body))
                listed.add((slug, best.lang))
    # Versions no built language shows (a translation into a language previewed without it): last.
    jobs += [RenderJob(slug, lang, v.body) for slug, p in practices.items() for lang, v in p.versions.items() if (slug, lang) not in listed]
    return jobs


@dataclass(frozen=True)
class RenderedBody:
    html: str
    """Sanitised HTML; its URLs into the site are site paths behind `ROOT` or `READER_ROOT` (see `for_page`)."""
    toc: list[dict[str, Any]]
    """Python-Markdown's `toc_tokens` (level, id, name, children) of the body's headings."""

    def for_page(self, page: str, layout: SiteLayout, reader: str) -> RenderedBody:
        """The body as shown on the page at site path `page` to readers of `reader`."""
        return RenderedBody(for_page(self.html, page, layout, reader), self.toc)


ROOT = "__gp_site_root__/"
"""Stands for the way up from a page to the site root, at the start of a URL of a rendered body."""
READER_ROOT = "__gp_reader_root__/"
"""The same, followed by the reader's language prefix: a link to a practice's page goes to the reader's."""
_PRACTICE_PAGE = re.compile(r"^(?:([a-z]{2,3})/)?practices/([a-z0-9][a-z0-9-]*)/?$")
_URL_IN_TAG = re.compile(r'(<(?:a|img)\s[^>]*?\b(?:href|src)=")([^"]*)"')
"""A link's or image's URL in the sanitiser's output (its only URL attributes; values double-quoted, `"` escaped)."""


def mark_urls(html: str, slug: str, layout: SiteLayout) -> str:
    """The URLs of a body's links and images (Markdown's and raw HTML's alike), written by its author
    relative to the practice folder, as site paths behind a marker (see `for_page`).

    A link to a practice (its folder, or a version file of another practice) or to the
    catalogue goes to the reader's page of it; a link to a version file of this practice
    (`en.md`: "this text in English") stays with that version.
    """
    if "href=" not in html and "src=" not in html:
        return html
    folder = layout.file_path(slug, "")

    def marked(value: str) -> str:
        to_own_version = value.split("#", 1)[0].split("?", 1)[0].endswith(".md")

        def from_root(target: str, page: str) -> str:
            page_of = _PRACTICE_PAGE.match(target)
            if page_of and (page_of.group(1) is None or page_of.group(1) in layout.languages):
                if not (to_own_version and page_of.group(2) == slug):
                    return f"{READER_ROOT}practices/{page_of.group(2)}/"
            elif target == "practices/":
                return READER_ROOT + target
            return ROOT + target

        return relocate_url(value, folder, "", layout, from_root)

    def one(match: re.Match[str]) -> str:
        value = html_module.unescape(match.group(2))
        return f'{match.group(1)}{html_module.escape(marked(value), quote=True)}"'

    return _URL_IN_TAG.sub(one, html)


def for_page(html: str, page: str, layout: SiteLayout, reader: str) -> str:
    """A rendered body's HTML with its markers replaced by relative URLs from the page at `page` (a folder URL)."""
    if "__gp_" not in html:
        return html
    up = "../" * page.count("/")
    # A marker only ever starts an attribute's value (the renderer puts it there, the sanitiser quotes it).
    return html.replace(f'="{ROOT}', f'="{up}').replace(f'="{READER_ROOT}', f'="{up}{layout.prefix(reader)}')


def absolute(html: str, base_url: str, layout: SiteLayout, reader: str) -> str:
    """A rendered body's HTML with its markers replaced by the site's address (`base_url`, ending in /):
    for a document read away from the site (a practice's data). Links to practices go to `reader`'s pages."""
    if "__gp_" not in html:
        return html
    return html.replace(f'="{ROOT}', f'="{base_url}').replace(f'="{READER_ROOT}', f'="{base_url}{layout.prefix(reader)}')


@dataclass(frozen=True)
class MarkdownSetup:
    """The site's Markdown extensions, as names and configurations (picklable for workers)."""

    extensions: tuple[Any, ...]
    configs: dict[str, dict[str, Any]]

    def fingerprint(self) -> str:
        try:
            return hashlib.sha256(pickle.dumps((self.extensions, sorted(self.configs.items(), key=lambda kv: kv[0])))).hexdigest()
        except Exception:  # noqa: BLE001 - an extension given as an object: no cache across configurations
            return f"unpicklable-{id(self)}"

    def picklable(self) -> bool:
        try:
            pickle.dumps((self.extensions, self.configs))
        except Exception:  # noqa: BLE001 - whatever pickling raises: render in this process
            return False
        return True


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
    for name, extension in zip(names, setup.extensions, strict=True):
        if name in _CONFIG_MATTERS and setup.configs.get(extension):
            return None
    return tuple((index, _PRUNABLE[name]) for index, name in enumerate(names) if name is not None and name in _PRUNABLE)


def _as_markdown_reads(body: str) -> str:
    """`body` as Markdown's first preprocessor leaves it (NormalizeWhitespace; tab_length is always 4 here),
    where a trigger could appear: "!\\x02!!" is "!!!" to Markdown, "ab\\t\\n" a line break."""
    if "\x02" in body or "\x03" in body or "\r" in body or "\t" in body:
        body = body.replace("\x02", "").replace("\x03", "").replace("\r\n", "\n").replace("\r", "\n").expandtabs(4)
    return body


_Variant = tuple[tuple[int, ...], tuple[int, ...]]
"""(indexes of the extensions kept, indexes in `_CORE_INLINE` of the inline pattern groups left out)."""


class Renderer:
    """Markdown instances reused for many bodies, one per variant (the extensions and inline patterns a body can use).

    The output is the same as with every configured extension and every inline
    pattern (`prune=False`, as the tests compare).
    """

    def __init__(self, setup: MarkdownSetup, layout: SiteLayout, *, prune: bool = True) -> None:
        self.setup = setup
        self.layout = layout
        self.all = tuple(range(len(setup.extensions)))
        self.prunable = _prunable(setup) if prune else None
        self.instances: dict[_Variant, markdown.Markdown] = {}
        # Every extension, built at once as before: a configuration error shows here, whatever the bodies.
        self._instance((self.all, ()))

    def _instance(self, variant: _Variant) -> markdown.Markdown:
        found = self.instances.get(variant)
        if found is None:
            kept, left_out = variant
            found = markdown.Markdown(extensions=[self.setup.extensions[i] for i in kept], extension_configs=self.setup.configs)
            for group in left_out:
                for name in _CORE_INLINE[group][0]:
                    found.inlinePatterns.deregister(name, strict=False)
            self.instances[variant] = found
        return found

    def _variant(self, body: str) -> _Variant:
        if self.prunable is None:
            return (self.all, ())
        text = _as_markdown_reads(body)
        left_out = {index for index, needed in self.prunable if not needed(text)}
        kept = tuple(i for i in self.all if i not in left_out) if left_out else self.all
        return kept, tuple(group for group, (_, needed) in enumerate(_CORE_INLINE) if not needed(text))

    def render(self, job: RenderJob) -> RenderedBody:
        md = self._instance(self._variant(job.body))
        md.reset()
        # The URLs after the sanitiser: raw HTML's are then written as Markdown's are, in one form.
        html = mark_urls(clean_body(md.convert(job.body)), job.slug, self.layout)
        return RenderedBody(html, list(getattr(md, "toc_tokens", [])))


def job_key(job: RenderJob, layout: SiteLayout, fingerprint: str) -> str:
    """A digest of everything that decides a body's HTML (to keep bodies across the preview's rebuilds);
    `fingerprint`: the Markdown configuration's (`MarkdownSetup.fingerprint`)."""
    h = hashlib.blake2b(digest_size=20)
    for part in (fingerprint, "\0".join(layout.languages), layout.default_language, job.slug, job.lang, job.body):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\1")
    return h.hexdigest()
