"""Printable compilations: all practices of one category in one document, per language.

A compilation is a booklet a national centre can print or save as PDF: a
title block (category, number of practices, the date of the newest practice),
a table of contents, then every practice of the category in the best version
for the reader's language, each with its card, summary, results and body.

The bodies were rendered for the practice pages at `<prefix>practices/<slug>/`;
here they are moved into one page at `<prefix>print/<category>/`, which takes a
small HTML transformation (`relocate_body`):

* relative links and images (`timeline.csv`, `photo.jpg`) point at the
  practice folder, `practices/<slug>/<file>`, expressed relative to the
  compilation page (which is what MkDocs' `url` filter would produce);
  a link to a version (`en.md`, `../other/pl.md`) goes to that version's page;
* heading ids get a per-practice prefix (`practice-<slug>-<id>`) and are made
  unique in the whole document; `href="#id"` anchors follow them;
* headings are demoted so that the outline is h1 (compilation) > h2
  (practice) > h3 (the body's sections).

The input is the HTML nh3 already sanitised, as rendered for the version's own
page. Only the tags that change (ids, URLs, shifted headings) are parsed and
written again, with every attribute value escaped; the rest of nh3's output is
copied as it is (`_tag_edits`). Input with comments or declarations, which nh3
does not write, goes through the standard library's parser instead, with every text
and attribute value escaped again, so neither way opens a path around the sanitiser.

A version shown to readers of several languages (an English one where there is
no Czech, Slovene... version) is in each of their compilations: it is relocated
once, and the result is used again wherever it would come out the same
(`_SharedRelocations`).
"""

from __future__ import annotations

import functools
import hashlib
import html
import posixpath
import re
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any, NamedTuple
from urllib.parse import urlsplit, urlunsplit

from .loader import _without_cyclic_gc
from .model import Practice, Version
from .site import PracticeView, SiteLayout, practice_view, related_map, sort_key
from .vocab import Vocabularies

SECTION_LEVEL = 3
"""Level of a practice's top body headings in the compilation (h1 title, h2 practice)."""

_HEADINGS = {f"h{n}" for n in range(1, 7)}
_CLOSING = {tag: f"</{tag}>" for tag in _HEADINGS}
_URL_ATTRIBUTES = {("a", "href"), ("img", "src"), ("q", "cite"), ("blockquote", "cite")}
_VERSION_FILE = re.compile(r"^practices/([a-z0-9][a-z0-9-]*)/([a-z]{2,3})\.md$")


VOLUME_SIZE = 100
"""Default largest number of practices in one compilation page; a larger category is split into volumes."""


def compilation_path(layout: SiteLayout, lang: str, category: str, volume: int | None = None) -> str:
    """The category's compilation (or, for a category split into volumes, the list of its volumes), or one volume."""
    return f"{layout.prefix(lang)}print/{category}/" + (f"{volume}/" if volume else "")


def volume_count(practices: int, size: int | None) -> int:
    """Volumes of a category of `practices` practices: 0 when it fits in one page."""
    if not size or practices <= size:
        return 0
    return -(-practices // size)


@dataclass(frozen=True)
class Volume:
    """One volume of a category split into several, as listed on the category's compilation page."""

    number: int
    path: str
    count: int
    first_title: str
    first_lang: str
    last_title: str
    last_lang: str


@dataclass(frozen=True)
class TocEntry:
    """One line of the table of contents."""

    anchor: str
    title: str
    lang: str
    """Language of the version shown (of `title`)."""
    in_reader_language: bool
    language_label: str
    """Name of `lang` in the reader's language (for the badge when it is not theirs)."""
    municipality: str | None
    municipality_lang: str
    """Language of the municipality's name: the practice's original language."""
    country: str
    """Country name in the reader's language."""


@dataclass(frozen=True)
class CompilationEntry:
    anchor: str
    view: PracticeView
    """The practice page's data (card, summary, results) in the language of the version shown."""
    body_html: str
    """The sanitised body, relocated for the compilation page (see `relocate_body`)."""
    lang: str = ""
    """Language of the version shown."""
    in_reader_language: bool = True
    href: str = ""
    """The practice page of the version shown (site-relative)."""
    notice: str | None = None
    """When the practice is not in the reader's language: a note saying so, in the reader's language."""
    card_id: str = ""
    results_id: str = ""
    published: str = ""


@dataclass(frozen=True)
class Compilation:
    lang: str
    category: str
    category_label: str
    entries: list[CompilationEntry]
    toc: list[TocEntry] = field(default_factory=list)
    date: str | None = None
    """The newest `published` date among the practices (YYYY-MM-DD): the booklet's date, reproducible."""
    path: str = ""
    """Site path of the compilation page."""
    volume: int | None = None
    """The number of this volume, for one volume of a category split into several."""
    volumes: list[Volume] = field(default_factory=list)
    """Every volume, for a category split into several (on the list of volumes and on each volume)."""
    total: int | None = None
    """Practices in the whole category (all volumes)."""
    index_path: str = ""
    """The category's compilation page: the whole category, or the list of its volumes."""

    @property
    def count(self) -> int:
        return len(self.entries)


# Tens of thousands of small objects (views, entries, edits) that form no reference cycles: the collector's
# passes over everything the build holds were about a quarter of its time in a 1,000-practice build.
@_without_cyclic_gc
def build_compilation(
    practices: dict[str, Practice],
    category: str,
    lang: str,
    layout: SiteLayout,
    vocab: Vocabularies,
    *,
    render: Callable[[Practice, str], str],
    related: dict[str, list[str]] | None = None,
    volume_size: int | None = None,
    volume: int | None = None,
    chosen_cache: dict[tuple[str, str], tuple[list[tuple[Practice, Version]], str | None]] | None = None,
) -> Compilation:
    """The practices of `category`, each in its best version for `lang`, sorted by title.

    `render(practice, lang)` gives the sanitised body of a version as rendered
    for that version's page (`layout.practice_path`), whose relative URLs are
    relative to that page. `related` is `related_map(practices)`, computed
    here if not given.

    With `volume_size`, a category of more practices is split into volumes:
    `volume=None` gives the list of volumes (no entries), `volume=k` the k-th
    volume's practices (in the same alphabetical order).

    `chosen_cache`: a dict the caller keeps while `practices` and `layout` stay the
    same, so that the volumes of a category do not each choose and sort all of its
    practices again (at 10,000 practices a category has about 30 volumes per language).
    """
    index_page = compilation_path(layout, lang, category)
    page = compilation_path(layout, lang, category, volume)
    related = related if related is not None else related_map(practices)
    kept = chosen_cache.get((category, lang)) if chosen_cache is not None else None
    if kept is None:
        chosen: list[tuple[Practice, Version]] = []
        for practice in practices.values():
            if practice.category != category:
                continue
            version = layout.best_version(practice, lang)
            chosen.append((practice, version))
        chosen.sort(key=lambda pv: (_title_key(pv[1].title), pv[0].slug))
        kept = (chosen, max((p.published for p, _ in chosen), default=None))
        if chosen_cache is not None:
            chosen_cache[(category, lang)] = kept
    chosen, date = kept
    label = vocab["category"].label(category, lang)
    total = len(chosen)
    count = volume_count(total, volume_size)
    volumes: list[Volume] = []
    if count:
        assert volume_size is not None
        for k in range(1, count + 1):
            part = chosen[(k - 1) * volume_size : k * volume_size]
            volumes.append(Volume(k, compilation_path(layout, lang, category, k), len(part), part[0][1].title, part[0][1].lang, part[-1][1].title, part[-1][1].lang))
        if volume is None:
            return Compilation(lang, category, label, [], [], date, page, None, volumes, total, index_page)
        if not 1 <= volume <= count:
            raise ValueError(f"no volume {volume} of {category!r} in {lang!r}: there are {count}")
        chosen = chosen[(volume - 1) * volume_size : volume * volume_size]
    elif volume is not None:
        raise ValueError(f"{category!r} is not split into volumes")

    # Entry anchors first: the bodies' ids must never take one of them.
    taken: set[str] = {f"practice-{practice.slug}" for practice, _ in chosen}
    entries: list[CompilationEntry] = []
    toc: list[TocEntry] = []
    _SHARED.serve(practices)
    for practice, version in chosen:
        anchor = f"practice-{practice.slug}"
        view = _view(practice, version, lang, layout, vocab, practices, related.get(practice.slug, []))
        # A version shown to readers of several languages is relocated once where the result is the same.
        relocate = _SHARED.relocate if _shown_to_others(practice, version, lang, layout) else relocate_body
        body = relocate(
            render(practice, version.lang),
            slug=practice.slug,
            layout=layout,
            page=page,
            base=layout.practice_path(practice.slug, version.lang),
            id_prefix=f"{anchor}-",
            taken=taken,
        )
        in_reader_language = version.lang == lang
        language_label = vocab.language_name(version.lang, lang)
        entries.append(
            CompilationEntry(
                anchor=anchor,
                view=view,
                body_html=body,
                lang=version.lang,
                in_reader_language=in_reader_language,
                href=layout.practice_path(practice.slug, lang),
                notice=None if in_reader_language else vocab.t("practice.not_in_your_language", lang, shown=language_label),
                # Template ids start with `gp-`, body ids with `practice-`: they cannot meet.
                card_id=f"gp-card-{practice.slug}",
                results_id=f"gp-results-{practice.slug}",
                published=practice.published,
            )
        )
        toc.append(
            TocEntry(
                anchor=anchor,
                title=version.title,
                lang=version.lang,
                in_reader_language=in_reader_language,
                language_label=language_label,
                municipality=practice.municipality,
                municipality_lang=practice.original_language,
                country=vocab.countries.name(practice.country, lang),
            )
        )
    return Compilation(lang, category, label, entries, toc, date, page, volume, volumes, total, index_page)


def _shown_to_others(practice: Practice, version: Version, lang: str, layout: SiteLayout) -> bool:
    """Whether `version`, shown to the readers of `lang`, is also shown to those of another language."""
    if version.lang != lang and version.lang in layout.languages:
        return True  # to its own language's readers
    # A reader whose language the practice has gets that version, which is not this one.
    return any(
        code != lang and code not in practice.versions and layout.best_version(practice, code) is version for code in layout.languages
    )


_title_key = functools.lru_cache(maxsize=16384)(sort_key)
"""`sort_key` of a title: every page of a category split into volumes sorts the whole category again."""


def _view(
    practice: Practice, version: Version, lang: str, layout: SiteLayout, vocab: Vocabularies, practices: dict[str, Practice], related: list[str]
) -> PracticeView:
    """The page view of the version shown, with its card labelled in the reader's language.

    A booklet in Polish keeps its apparatus (field names, categories, countries,
    periods) in Polish even where a practice is only available in English; the
    author's texts (title, summary, results, body) stay in the version's
    language and the template marks them with `lang`.
    """
    return practice_view(practice, version.lang, layout, vocab, practices, related, reader=lang)


# -- relocating a rendered body -------------------------------------------------


def relocate_body(
    body: str,
    *,
    slug: str,
    layout: SiteLayout,
    page: str | None,
    id_prefix: str,
    taken: set[str] | None = None,
    top_level: int = SECTION_LEVEL,
    base: str | None = None,
) -> str:
    """A practice body rendered for its own page, made fit to sit in a page at `page`.

    `page` is the site path (a folder URL like `pl/print/development-plan/`) the
    body will be shown at; relative URLs are resolved against the practice
    folder `practices/<slug>/` and then written relative to `page`. With
    `page=None` they are left site-relative (`practices/<slug>/photo.jpg`).
    Ids are prefixed with `id_prefix` and made unique against `taken`, which
    is updated. Headings are shifted so that the highest one is `top_level`.
    `base` is the site folder the body's relative URLs are relative to: the
    practice folder (the default, for a body rendered as its author wrote it)
    or the page of a version (for a body rendered for that page).
    """
    taken = set() if taken is None else taken
    folder = base if base is not None else layout.file_path(slug, "")
    if not _ANY_MARKUP_RE.search(body):
        return _apply(body, _tag_edits(body, folder=folder, layout=layout, page=page, id_prefix=id_prefix, taken=taken, top_level=top_level))
    tokens = _tokenize_parser(body)

    # Pass 1: the ids this body defines and its highest heading.
    ids: dict[str, str] = {}
    levels = []
    for _kind, tag, attrs in _starts(tokens):
        if tag in _HEADINGS:
            levels.append(int(tag[1]))
        for name, value in attrs:
            if name == "id" and value is not None and value not in ids:
                ids[value] = _unique(id_prefix + value, taken)
    shift = max(0, top_level - min(levels)) if levels else 0

    def heading(tag: str) -> str:
        return f"h{min(6, int(tag[1]) + shift)}" if tag in _HEADINGS else tag

    def url(value: str) -> str:
        return _relocate_url(value, folder, page, ids, id_prefix, layout)

    out: list[str] = []
    seen_ids: set[str] = set()
    for token in tokens:
        kind = token[0]
        if kind in ("start", "startend"):
            _, tag, attrs = token
            rendered = _write_attrs(tag, attrs, ids, seen_ids, taken, url)
            out.append(f"<{heading(tag)}{''.join(rendered)}{' /' if kind == 'startend' else ''}>")
        elif kind == "end":
            out.append(f"</{heading(token[1])}>")
        else:  # text, with &, < and > escaped again
            out.append(html.escape(token[1], quote=False))
    return "".join(out)


def _tag_edits(
    body: str,
    *,
    folder: str,
    layout: SiteLayout,
    page: str | None,
    id_prefix: str,
    taken: set[str],
    top_level: int,
    relative: Callable[[str, str], str] | None = None,
) -> list[tuple[int, int, str]]:
    """`relocate_body` for nh3's serialisation: only the tags that change are written again.

    Text and the other tags are copied as they are (nh3 escaped them); a tag
    with an id, a URL attribute or a heading level to shift is parsed and
    written back with its attribute values escaped, as the general path does.
    Only the tags that may change are visited (`_CANDIDATE_RE`): a heading, or
    a tag with attributes. The result is the list of (start, end, new text) of
    the tags written again, in order (see `_apply`). `relative` replaces
    `_relative` (to record what the result depends on, see `_SharedRelocations`).
    """
    # Pass 1: the ids this body defines (in document order), its highest heading, and the tags that may change.
    ids: dict[str, str] = {}
    top = 7
    found: list[tuple[int, int, _TagInfo]] = []
    for m in _CANDIDATE_RE.finditer(body):
        info = _tag_info(m.groups())
        if info is None:
            continue
        if info.level and not info.closing and info.level < top:
            top = info.level
        for value in info.ids:
            if value not in ids:
                ids[value] = _unique(id_prefix + value, taken)
        found.append((m.start(), m.end(), info))
    shift = max(0, top_level - top) if top < 7 else 0

    def url(value: str) -> str:
        return _relocate_url(value, folder, page, ids, id_prefix, layout, relative)

    edits: list[tuple[int, int, str]] = []
    seen_ids: set[str] = set()
    for start, end, info in found:
        heading = shift > 0 and info.level
        if not heading and not info.moved:
            continue  # copied as it is, with the text around it
        name_out = f"h{min(6, info.level + shift)}" if heading else info.tag
        if info.closing:
            edits.append((start, end, _CLOSING[name_out]))
            continue
        rendered = []
        for part in info.plan:
            if isinstance(part, str):
                rendered.append(part)
                continue
            name, value = part
            value = _renamed_id(value, ids, seen_ids, taken) if name == "id" else url(value)
            rendered.append(f' {name}="{html.escape(value, quote=True)}"')
        edits.append((start, end, f"<{name_out}{''.join(rendered)}{info.selfclosing}>"))
    return edits


class _TagInfo(NamedTuple):
    """What `_tag_edits` needs of a tag that may change (see `_tag_info`)."""

    tag: str
    closing: bool
    level: int
    """1-6 for a heading, else 0."""
    moved: bool
    """Whether it has an id or a URL attribute (written again even where headings do not shift)."""
    ids: tuple[str, ...]
    """The values of its `id` attributes."""
    plan: tuple[str | tuple[str, str], ...]
    """Its attributes as `_write_attrs` writes them: the text of each, or (name, value) for an id or a URL."""
    selfclosing: str
    """" /" or ""."""


@functools.lru_cache(maxsize=8192)
def _tag_info(groups: tuple[str, str, str, str]) -> _TagInfo | None:
    """A tag (the groups of a `_TAG_RE` match), parsed once: None if it never changes."""
    closing, tag, attrs, selfclosing = groups
    tag = tag.lower()
    level = int(tag[1]) if tag in _HEADINGS else 0
    if closing:
        return _TagInfo(tag, True, level, False, (), (), "") if level else None
    if level:
        pairs = _parse_attrs(attrs) if attrs else ()
    elif attrs and "=" in attrs:  # a tag that is not a heading changes only for an id or a URL, which take a value
        pairs = _parse_attrs(attrs)
    else:
        return None
    moved = any(name == "id" or (tag, name) in _URL_ATTRIBUTES for name, _ in pairs)
    if not level and not moved:
        return None
    plan: list[str | tuple[str, str]] = []
    for name, value in pairs:
        if value is None:
            plan.append(f" {name}")
        elif name == "id" or (tag, name) in _URL_ATTRIBUTES:
            plan.append((name, value))
        else:
            plan.append(f' {name}="{html.escape(value, quote=True)}"')
    ids = tuple(value for name, value in pairs if name == "id" and value is not None) if moved else ()
    return _TagInfo(tag, False, level, moved, ids, tuple(plan), " /" if selfclosing else "")


def _apply(body: str, edits: Iterable[tuple[int, int, str]]) -> str:
    """`body` with each (start, end, text) of `edits` (in order, not overlapping) replacing that span."""
    out: list[str] = []
    pos = 0
    for start, end, text in edits:
        out.append(body[pos:start])
        out.append(text)
        pos = end
    out.append(body[pos:])
    return "".join(out)


class _SharedRelocations:
    """Relocations of the bodies shown in several compilations (a version shown to readers of several languages).

    A fast-path relocation (`_tag_edits`) is a function of the body, its base
    folder, the layout, the id prefix and the top heading level; of `page` only
    through the relative URLs it computes, `_relative(target, page)`; and of
    `taken` only through the ids it tests, every one of which it then holds
    (`_unique` tests candidates until one is free, and takes it). So the
    relocation made against an empty set is the one made against any `taken`
    holding none of its ids, on any page giving the same relative URLs: then
    it is reused and its ids are taken. Otherwise the body is relocated again
    (against the real `taken` when an id is already there: that result is not kept).

    Held for one collection (`serve(practices)` drops what was kept for
    another, though it would stay right: it is keyed on what decides it, the
    body by a 128-bit BLAKE2b digest) and for at most `LIMIT` bodies. Only the
    edits are kept, not the body or its relocation: about 4.5 kB a body, 4.5 MB
    for a 1,000-practice site whose 988 versions shown in several languages are
    relocated 3,387 times.
    """

    LIMIT = 10_000

    def __init__(self) -> None:
        self._for: int | None = None
        # (digest of the body, folder, layout, id_prefix, top_level, page is None)
        #   -> [(relative URLs (target, result), ids taken, starts and ends of the edits, their texts)]
        self._kept: dict[
            tuple[bytes, str, SiteLayout, str, int, bool],
            list[tuple[tuple[tuple[str, str], ...], tuple[str, ...], array[int], array[int], tuple[str, ...]]],
        ]
        self._kept = {}

    def serve(self, practices: object) -> None:
        """Relocations for `practices` (the identity of the collection: nothing of it is held)."""
        if id(practices) != self._for:
            self._kept.clear()
            self._for = id(practices)

    def relocate(
        self,
        body: str,
        *,
        slug: str,
        layout: SiteLayout,
        page: str | None,
        id_prefix: str,
        taken: set[str],
        top_level: int = SECTION_LEVEL,
        base: str | None = None,
    ) -> str:
        """`relocate_body`, the same result."""
        folder = base if base is not None else layout.file_path(slug, "")

        def again() -> str:
            return relocate_body(body, slug=slug, layout=layout, page=page, id_prefix=id_prefix, taken=taken, top_level=top_level, base=base)

        # The body by its digest: bodies may be kept compressed until asked for (`RenderedBody`), a copy here would undo that.
        digest = hashlib.blake2b(body.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        key = (digest, folder, layout, id_prefix, top_level, page is None)
        kept = self._kept.get(key)
        if kept is not None:
            for kept_urls, kept_ids, kept_starts, kept_ends, kept_texts in kept:
                if taken.isdisjoint(kept_ids) and all(_relative(target, page) == result for target, result in kept_urls):  # type: ignore[arg-type]
                    taken.update(kept_ids)
                    return _apply(body, zip(kept_starts, kept_ends, kept_texts, strict=True))
        elif _ANY_MARKUP_RE.search(body):
            return again()  # the general path: not kept
        urls: list[tuple[str, str]] = []

        def relative(target: str, at: str) -> str:
            result = _relative(target, at)
            urls.append((target, result))
            return result

        fresh: set[str] = set()
        edits = _tag_edits(
            body, folder=folder, layout=layout, page=page, id_prefix=id_prefix, taken=fresh, top_level=top_level, relative=relative
        )
        if not taken.isdisjoint(fresh):
            return again()  # an id it would take is taken: relocated against the real set, not kept
        taken.update(fresh)
        if kept is not None or len(self._kept) < self.LIMIT:
            starts, ends, texts = zip(*edits, strict=True) if edits else ((), (), ())
            self._kept.setdefault(key, []).append((tuple(urls), tuple(fresh), array("q", starts), array("q", ends), texts))
        return _apply(body, edits)


_SHARED = _SharedRelocations()


def _write_attrs(
    tag: str, attrs: Iterable[tuple[str, str | None]], ids: dict[str, str], seen_ids: set[str], taken: set[str], url: Callable[[str], str]
) -> list[str]:
    """The attributes of a start tag, written again: ids renamed, URLs relocated, every value escaped."""
    rendered = []
    for name, value in attrs:
        if value is None:
            rendered.append(f" {name}")
            continue
        written = value
        if name == "id":
            written = _renamed_id(value, ids, seen_ids, taken)
        elif (tag, name) in _URL_ATTRIBUTES:
            written = url(value)
        rendered.append(f' {name}="{html.escape(written, quote=True)}"')
    return rendered


def _renamed_id(value: str, ids: dict[str, str], seen_ids: set[str], taken: set[str]) -> str:
    """The prefixed id of a body's `id` attribute; made unique again if the body uses the same id twice (the document stays valid)."""
    new = ids[value]
    if new in seen_ids:
        new = _unique(new, taken)
    seen_ids.add(new)
    return new


def _parse_attrs(attrs: str) -> tuple[tuple[str, str | None], ...]:
    pairs: list[tuple[str, str | None]] = []
    for a in _ATTR_RE.finditer(attrs):
        name, dq, sq, bare = a.groups()
        value = dq if dq is not None else sq if sq is not None else bare
        pairs.append((name.lower(), None if value is None else (html.unescape(value) if "&" in value else value)))
    return tuple(pairs)


def _unique(candidate: str, taken: set[str]) -> str:
    result, n = candidate, 2
    while result in taken:
        result = f"{candidate}-{n}"
        n += 1
    taken.add(result)
    return result


def relocate_url(value: str, folder: str, page: str | None, layout: SiteLayout, relative: Callable[[str, str], str] | None = None) -> str:
    """A URL written relative to the site folder `folder`, made relative to the page at `page`.

    External, absolute and fragment-only URLs are returned as they are; a
    version file (`practices/<slug>/<lang>.md`) becomes that version's page;
    with `page=None` the result is site-relative. `relative(target, page)`, if
    given, writes a site path as seen from `page` instead of a relative path.
    """
    if value.lstrip().startswith("#"):
        return value
    return _relocate_url(value, folder, page, {}, "", layout, relative)


def _relocate_url(
    value: str, folder: str, page: str | None, ids: dict[str, str], id_prefix: str, layout: SiteLayout, relative: Callable[[str, str], str] | None = None
) -> str:
    stripped = value.strip()
    if stripped.startswith("#"):
        fragment = stripped[1:]
        if not fragment:
            return stripped
        return "#" + ids.get(fragment, id_prefix + fragment)
    try:
        parts = urlsplit(stripped)
    except ValueError:  # e.g. a malformed IPv6 host: not ours to fix
        return value
    if parts.scheme or parts.netloc or stripped.startswith("/") or not parts.path:
        return value  # external, absolute or only a query: nothing to move
    target = posixpath.normpath(posixpath.join(folder, parts.path))
    if target.startswith("../") or target == "..":
        return value  # outside the site: leave it as the author wrote it
    match = _VERSION_FILE.match(target)
    if match and match.group(2) in layout.languages:
        target = f"{layout.prefix(match.group(2))}practices/{match.group(1)}/"
    elif parts.path.endswith("/") and not target.endswith("/"):
        target += "/"
    if page is not None:  # the only place the result depends on `page` (see `_SharedRelocations`)
        target = (relative or _relative)(target, page)
    return urlunsplit(("", "", target, parts.query, parts.fragment))


def _relative(target: str, page: str) -> str:
    """`target` (site path) as seen from the folder URL `page` (site path)."""
    rel = posixpath.relpath(target, page.rstrip("/") or ".")
    if target.endswith("/") and not rel.endswith("/"):
        rel += "/"
    return rel


_Token = tuple[Any, ...]
"""What `_Tokenizer` records: ("start" or "startend", tag, attrs), ("end", tag) or ("data", text)."""


def _starts(tokens: Iterable[_Token]) -> Iterable[_Token]:
    for token in tokens:
        if token[0] in ("start", "startend"):
            yield token


_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)((?:\s+[^\s\"'>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*)\s*(/?)>")
# The tags `_tag_edits` may have to change: headings, and tags with whitespace after the name (the only
# ones with attributes). Any other match of `_TAG_RE` (`<p>`, `</li>`, `<br/>`) holds no `<` but its
# first, so no match is hidden inside one: scanning for these alone finds exactly the matches of
# `_TAG_RE.finditer` that start here, without visiting the others.
_CANDIDATE_RE = re.compile(r"<(?=/?(?:[hH][1-6](?![A-Za-z0-9])|[A-Za-z][A-Za-z0-9]*\s))" + _TAG_RE.pattern[1:])
_ATTR_RE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_ANY_MARKUP_RE = re.compile(r"<[!?]")


class _Tokenizer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[_Token] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tokens.append(("start", tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tokens.append(("startend", tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        self.tokens.append(("end", tag))

    def handle_data(self, data: str) -> None:
        self.tokens.append(("data", data))

    def handle_comment(self, data: str) -> None:
        pass  # nh3 strips comments; drop any that would remain

    def handle_decl(self, decl: str) -> None:
        pass

    def handle_pi(self, data: str) -> None:
        pass

    def unknown_decl(self, data: str) -> None:
        pass


def _tokenize_parser(body: str) -> list[_Token]:
    parser = _Tokenizer()
    parser.feed(body)
    parser.close()
    return parser.tokens
