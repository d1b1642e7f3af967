"""MkDocs adapter: turns the core's practices into pages of a multilingual site.

Event order matters with mkdocs-static-i18n, which rebuilds the whole site once
per language from its `on_post_build` and drops pages whose source is not
under `docs_dir`. So:

* practices are loaded and validated once per command, in the first
  (outer) build, and reused by the per-language builds;
* practice pages are added in `on_files` *after* the i18n plugin (priority
  below its -100), only for the language being built, with that language's
  prefix: each version is rendered exactly once;
* each language's search index is built in the background once that language
  is written: the first (default) language from the outer build's
  `on_post_build` *before* the i18n plugin's, so while it builds the others;
  every other language from its own build's `on_post_build`. The outer
  build's `on_post_build` *after* the i18n plugin's, after the last language,
  waits for them all. The pages to index are those whose HTML the build saw
  carry `data-pagefind-body`: the site folder is not read to find them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import BytecodeCache, ChoiceLoader, FileSystemLoader, PrefixLoader, pass_context
from jinja2.bccache import Bucket
from markupsafe import Markup, escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from goodpractices import LoadResult, Practice, SiteLayout, Vocabularies, build_catalogue, load_practices, practice_view
from goodpractices.catalogue import DATA_FILE, FACETS, SUMMARIES_FILE, Catalogue, term_path
from goodpractices import opendata
from goodpractices.site import related_map
from goodpractices.compilation import VOLUME_SIZE, build_compilation, compilation_path, volume_count
from goodpractices.feeds import atom_feed, feed_path
from goodpractices.geo import build_map, prefetch_basemap
from goodpractices.loader import folder_signature
from goodpractices.render import MarkdownSetup, RenderedBodies, RenderedBody, RenderJob, jobs_in_build_order, render_bodies
from goodpractices.sanitize import clean_body
from goodpractices.stats import build_statistics
from goodpractices.schema_export import practice_schema, translation_schema
from goodpractices.vocab import INTERFACE_LANGUAGES

from . import search
from .search import MAX_PAGES as SEARCH_RUN_PAGES
from .frame import FRAMED_TEMPLATE, FrameCounts, FrameRenderer

log = logging.getLogger("mkdocs.plugins.goodpractices")
editors_log = logging.getLogger("goodpractices.editors")
"""Notes for editors that must not fail a strict build (they depend on the date)."""
if not editors_log.handlers:
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("WARNING -  %(message)s"))
    editors_log.addHandler(_handler)
    editors_log.propagate = False

HERE = Path(__file__).parent
TEMPLATES_DIR = HERE / "templates"
OVERRIDES_DIR = HERE / "overrides"
"""Theme partials we replace: searched after a site's custom_dir, before the theme."""
ASSETS_DIR = HERE / "assets"
ASSETS_DEST = "assets/goodpractices/"
STYLESHEET = ASSETS_DEST + "goodpractices.css"
SCRIPT = ASSETS_DEST + "goodpractices.js"
SCHEMA_DIR = "schema/"

TEMPLATES = {
    "practice": "practice.html",
    "catalogue": "practice-catalogue.html",
    "term": "practice-term.html",
    "search": "practice-search.html",
    "home": "practice-home.html",
    "stats": "practice-stats.html",
    "map": "practice-map.html",
    "compilation": "practice-compilation.html",
    "opendata": "practice-opendata.html",
}
CACHED_TEMPLATE = "gp-cached.html"
"""Under `mkdocs serve`: a practice page whose inputs did not change is written from the previous build's output."""
LANGUAGE_PAGES = {"stats": "statistics/", "map": "map/", "opendata": "open-data/"}
"""Pages every language has, by kind: their path below the language prefix."""
DATA_DIR = "data/"
FRAMED_KINDS = ("practice", "term")
"""Pages filled in a frame of the theme's page (see frame.py): many, all alike."""
INDEXED_KINDS = ("practice", "search", "opendata")
"""Pages of ours that Pagefind reads: built before the others of their language."""


class _Positive(c.Type):
    """A whole number of at least 1."""

    def __init__(self, default: int) -> None:
        super().__init__(int, default=default)

    def run_validation(self, value: object) -> int:
        number = super().run_validation(value)
        if isinstance(number, bool) or number < 1:
            raise c.ValidationError(f"expected a whole number of at least 1, got {value!r}")
        return number


class PracticesConfig(base.Config):
    practices_dir = c.Type(str, default="practices")
    """Folder of the practices, relative to mkdocs.yml."""
    fallback_languages = c.ListOfItems(c.Type(str), default=["en"])
    """Versions offered, in order, to a reader whose language a practice lacks (then the original)."""
    languages = c.ListOfItems(c.Type(str), default=[])
    """Site languages when mkdocs-static-i18n is not used (default: the theme language)."""
    sections_as_warnings = c.Type(bool, default=False)
    """Log missing body sections as MkDocs warnings (fatal under --strict) instead of info."""
    search = c.Type(bool, default=True)
    """Build a Pagefind index after the last language and add a search page per language."""
    search_run_pages = _Positive(default=SEARCH_RUN_PAGES)
    """Most pages one Pagefind run indexes (its memory grows with them: about 0.5 GB per 1,000 practice pages). A language with more is indexed in parts, each started as soon as its pages are written."""
    edit_uri = c.Optional(c.Type(str))
    """Path from `repo_url` to the practices folder for "edit" links (default: from `edit_uri`)."""
    drafts = c.Choice(("auto", "show", "hide"), default="auto")
    """Practices marked `draft: true`: `auto` shows them under `mkdocs serve` (with a banner) and leaves them out of `mkdocs build`."""
    preview_languages = c.ListOfItems(c.Type(str), default=[])
    """Under `mkdocs serve`, build only these languages (and the default one); empty: all. The environment variable GP_PREVIEW_LANGUAGES (e.g. `pl` or `pl,cs`; `all`) overrides it."""
    preview_search = c.Type(bool, default=False)
    """Build the search index under `mkdocs serve` too (slow: Pagefind reads the whole site after every edit)."""
    practice_frames = c.Type(bool, default=True)
    """Render the theme's page around practice and term pages once per language and shape, and fill it in for each (checked against the whole template; see frame.py). Switch off if a custom_dir override shows something of the page besides its title, description, URL, table of contents and content."""
    compilation_volume_size = c.Type(int, default=VOLUME_SIZE)
    """Most practices in one printable compilation page; a larger category is split into volumes (0: never)."""
    map_data = c.Optional(c.Type(str))
    """TopoJSON of the countries for the map, relative to mkdocs.yml (default: node_modules/world-atlas/countries-50m.json there, else in this project)."""


@dataclass(frozen=True)
class CompilationPage:
    """What a printable compilation page shows: a category, or one volume of it."""

    category: str
    label: str
    volume: int | None
    volumes: int
    """Volumes of the category (0: not split)."""


@dataclass(frozen=True)
class GeneratedPage:
    """A page this plugin adds: what it shows and the same page in other languages."""

    kind: str
    payload: Any
    alternates: dict[str, str]
    """Language → site path of the page in that language."""


class _SharedFile(File):
    """A file already copied by the default-language build: later builds only link to it."""

    def copy_file(self, dirty: bool = False) -> None:
        return None


class PracticesPlugin(BasePlugin[PracticesConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.vocab: Vocabularies | None = None
        self.result: LoadResult | None = None
        self.layout: SiteLayout | None = None
        self.practices_dir: Path | None = None
        self._pages: dict[str, GeneratedPage] = {}
        self._catalogue: Catalogue | None = None
        self._i18n: Any = None
        self._command = "build"
        self._preview_logged = False
        # The preview server keeps this instance across rebuilds (MkDocs caches plugins):
        self._page_cache: dict[str, tuple[str, str]] = {}
        """Under serve: dest path → (fingerprint of the inputs, HTML the theme wrote)."""
        self._generation = ""
        self._facet_digest = ""
        self._page_state: dict[str, tuple[str, str | None]] = {}
        """Under serve, for the cacheable pages of this language build: src → (fingerprint, previous HTML if still valid)."""
        self._signatures: dict[str, str] = {}
        self._load_cache: dict[Any, Any] = {}
        self._produced: set[str] = set()
        self._written_once: list[File] = []
        """Under serve: every file the builds of this command write (see `_remove_stale`)."""
        self._nav_html: dict[str, str] = {}
        """The primary navigation of practice pages, per language build (see overrides/partials/nav.html)."""
        self._problems_shown: list[str] = []
        self._frames: dict[str, FrameRenderer] = {}
        self.frame_stats: dict[str, dict[str, FrameCounts]] = {}
        """The frames of each language's last build, by kind of page (how many pages were filled in, how many rendered whole)."""
        self._indexable: dict[str, list[str]] = {}
        """Per language: the pages written in its build that Pagefind indexes (data-pagefind-body), relative to the site."""
        self._indexed_early: dict[str, list[str]] = {}
        """Per language: the pages given to Pagefind before the end of its build (see `_index_early`)."""
        self._part_plan: list[set[str]] = []
        """This language build's groups of practice pages still to write, each a part of its index (see `search.plan_parts`)."""
        self._part_pages: set[str] = set()
        """Pages of this language build already given to a part."""
        self._bodies: RenderedBodies | dict[tuple[str, str], RenderedBody] = {}
        self._related: dict[str, list[str]] = {}
        self._compilation_order: dict[Any, Any] = {}
        """Each category's practices in the order of its printable volumes, per language (see build_compilation)."""
        self._markdown: MarkdownSetup | None = None
        self.practices: dict[str, Practice] = {}
        """The practices this build publishes (drafts only in preview)."""

    # -- configuration -------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._command = command
        # Reproducible output: the only dates a build writes (the sitemap's
        # lastmod) come from the commit, not the clock; MkDocs reads this variable.
        if "SOURCE_DATE_EPOCH" not in os.environ:
            epoch = _commit_epoch(Path.cwd())
            if epoch is not None:
                os.environ["SOURCE_DATE_EPOCH"] = epoch

    def on_shutdown(self) -> None:
        # The command is done (MkDocs' command line calls this last): the process is about to end.
        _freeze_at_exit()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.practices_dir = (Path(config.config_file_path or ".").parent / self.config.practices_dir).resolve()
        search.look_in(Path(config.config_file_path or ".").parent.resolve())  # the site's node_modules, then ours
        dirs = config.theme.dirs
        if str(TEMPLATES_DIR) not in dirs:
            # Our own templates after the theme's folders, our overrides of theme
            # partials before them; a site's custom_dir comes first and wins over both.
            dirs.append(str(TEMPLATES_DIR))
            custom = config.theme.custom_dir
            dirs.insert(1 if custom and dirs and dirs[0] == custom else 0, str(OVERRIDES_DIR))
        for name, items in ((STYLESHEET, config.extra_css), (SCRIPT, config.extra_javascript)):
            if name not in [str(i) for i in items]:
                items.append(name)
        self._i18n = config.plugins.get("i18n")
        if self._command == "serve":
            self._limit_preview_languages()
        self.layout = self._make_layout(config)
        # Every language build writes the theme's 404.html at the site root; keep the default language's.
        if self._i18n is not None and self._i18n.current_language not in (None, self.layout.default_language):
            config.theme.static_templates.discard("404.html")
        else:
            config.theme.static_templates.add("404.html")
        # mkdocs-static-i18n's sitemap.xml lists every language and is rendered by each language's
        # build at the same place: only the last build's is kept, so only the last one renders it.
        if self._i18n is not None and self._i18n.current_language not in (None, self.layout.languages[-1]):
            config.theme.static_templates.discard("sitemap.xml")
        elif self._i18n is not None:
            config.theme.static_templates.add("sitemap.xml")
        self._markdown = MarkdownSetup(tuple(config.markdown_extensions), {k: dict(v) for k, v in (config.mdx_configs or {}).items()})
        return config

    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        # mkdocs-static-i18n builds every language with a new environment: compile each template once per process.
        env.bytecode_cache = _BYTECODE_CACHE
        env.globals["gp_item"] = gp_item
        self._frames = {kind: FrameRenderer(env, TEMPLATES[kind]) for kind in FRAMED_KINDS} if self.config.practice_frames else {}
        if self._frames:
            self.frame_stats[self._current_language()] = {kind: frames.counts for kind, frames in self._frames.items()}
        # Material's own templates also as `material-original/…`, for the overrides that wrap them.
        env.loader = ChoiceLoader([env.loader, PrefixLoader({"material-original": FileSystemLoader(str(_material_package() / "templates"))})])
        return env

    def _preview_languages(self) -> list[str]:
        raw = os.environ.get("GP_PREVIEW_LANGUAGES")
        if raw is not None:
            wanted = [code.strip() for code in raw.replace(" ", ",").split(",") if code.strip()]
            return [] if wanted in ([], ["all"]) else wanted
        return list(self.config.preview_languages)

    def _limit_preview_languages(self) -> None:
        """The single-language preview: tell mkdocs-static-i18n (whose on_config runs after ours) to skip the other languages."""
        wanted = self._preview_languages()
        if not wanted or self._i18n is None:
            return
        configured = [lang for lang in self._i18n.config.languages if lang.locale != "null"]
        known = {lang.locale for lang in configured}
        unknown = [code for code in wanted if code not in known]
        if unknown:
            raise PluginError(f"practices: preview language(s) {', '.join(unknown)} are not languages of this site; choose from {', '.join(sorted(known))}")
        default = self._i18n.default_language
        for lang in configured:
            lang.build = bool(lang.build) and (lang.locale in wanted or lang.locale == default)
        built = [lang.locale for lang in configured if lang.build]
        if not self._preview_logged:
            log.info(f"practices: preview of {', '.join(built)} only (preview_languages / GP_PREVIEW_LANGUAGES); other languages are not built")
            self._preview_logged = True

    def _all_languages(self) -> tuple[str, ...]:
        """Every language of the site, built or not: practices may be written in any of them."""
        assert self.layout is not None
        if self._i18n is None:
            return self.layout.languages
        configured = tuple(str(lang.locale) for lang in self._i18n.config.languages if lang.locale != "null")
        return self.layout.languages + tuple(code for code in configured if code not in self.layout.languages and code in INTERFACE_LANGUAGES)

    def _search_enabled(self) -> bool:
        return bool(self.config.search) and (self._command != "serve" or bool(self.config.preview_search))

    def _make_layout(self, config: MkDocsConfig) -> SiteLayout:
        if self._i18n is not None:
            languages = tuple(lang for lang in self._i18n.build_languages)
            default = self._i18n.default_language
        else:
            default = str(config.theme.get("language") or "en")
            languages = tuple(self.config.languages or [default])
        unknown = [lang for lang in languages if lang not in INTERFACE_LANGUAGES]
        if unknown:
            raise PluginError(
                f"practices: site language(s) {', '.join(unknown)} have no interface strings; "
                f"supported: {', '.join(INTERFACE_LANGUAGES)}"
            )
        return SiteLayout(languages, default, tuple(self.config.fallback_languages))

    def _is_outer_build(self) -> bool:
        return self._i18n is None or not self._i18n.building

    def _current_language(self) -> str:
        assert self.layout is not None
        if self._i18n is not None and self._i18n.current_language:
            return str(self._i18n.current_language)
        return self.layout.default_language

    # -- loading ---------------------------------------------------------------

    def on_pre_build(self, config: MkDocsConfig) -> None:
        if not self._is_outer_build() and self.result is not None:
            # The per-language builds of one command reuse the first load. The last language's
            # build is over: its pages and templates are garbage now.
            self._pages = {}
            self._frames = {}
            self._compilation_order = {}
            _collect_between_languages()
            return
        assert self.layout is not None and self.practices_dir is not None
        self._produced = set()
        if self._command == "serve" and self._page_cache and os.path.isdir(config.site_dir):
            # A preview rebuild: keep the previous output instead of deleting thousands of
            # files and folders first; what this build no longer writes is removed at its end.
            _keep_site_directory(True)
        self.vocab = Vocabularies()
        self._close_bodies()
        if self._command != "serve":
            # The map's borders do not depend on the practices: computed beside their loading.
            prefetch_basemap(self._map_data(config))
        base_dir = Path(config.config_file_path or ".").parent.resolve()
        # The preview server keeps this instance: unchanged practice folders come from the last load.
        cache = self._load_cache if self._command == "serve" else None
        self.result = load_practices(self.practices_dir, self._all_languages(), self.vocab, display_base=base_dir, cache=cache)
        for problem in self.result.warnings:
            if problem.code == "missing-section" and not self.config.sections_as_warnings:
                log.info(problem.format())
            else:
                log.warning(problem.format())
        errors = self.result.errors
        self._problems_shown = []
        if errors:
            listing = "\n".join("  " + p.format() for p in errors)
            heading = f"{len(errors)} error(s) in practice files; fix them or run scripts/validate.py for details:"
            if self._command != "serve":
                raise PluginError(f"{heading}\n{listing}")
            # The preview keeps running: the valid practices are shown and every
            # page carries the list of problems until they are fixed.
            log.error(f"{heading}\n{listing}")
            self._problems_shown = [p.format() for p in errors]
        if self._command == "serve":
            self._generation = self._site_generation(config)
            self._signatures = {}
        show_drafts = self.config.drafts == "show" or (self.config.drafts == "auto" and self._command == "serve")
        self.practices = {slug: p for slug, p in self.result.practices.items() if show_drafts or not p.draft}
        self._compilation_order = {}
        # Every version's body, rendered once for its page (cached across preview rebuilds), by worker
        # processes in the background, in the order the languages are built: a language's pages wait
        # only for its own bodies, and the others are rendered while MkDocs builds it.
        assert self._markdown is not None
        # The default language is built first (mkdocs-static-i18n), so the bodies it needs (its versions,
        # and for its compilations the best version of every other practice) are rendered first; the
        # others are needed from its end on, and are rendered at a lower priority until then.
        jobs, first = jobs_in_build_order(self.practices, self.layout)
        # The process-wide cache serves the preview's rebuilds; one build renders each body once.
        self._bodies = render_bodies(jobs, self.layout, self._markdown, wait=False, cache=self._command == "serve", first=first)
        self._related = related_map(self.practices)
        _quiet_collector(True)
        if self._command != "serve":
            # Rendered once for the whole command: the Markdown is not needed again (the preview keeps it as a cache key).
            for practice in self.practices.values():
                for lang, version in practice.versions.items():
                    if (practice.slug, lang) in self._bodies:
                        version.body = ""
        drafts = sorted(slug for slug, p in self.result.practices.items() if p.draft)
        log.info(f"practices: {len(self.practices)} practices published from {self.practices_dir}")
        if drafts:
            state = "shown as drafts (preview)" if show_drafts else "left out: drafts are not published"
            log.info(f"practices: {len(drafts)} draft(s) {state}: {', '.join(drafts)}")
        today = dt.date.today().isoformat()
        overdue = [p for p in self.result.practices.values() if p.review_overdue(today)]
        if overdue:
            # For editors; deliberately not a MkDocs warning, so that a strict
            # build of someone's pull request does not fail on the calendar.
            editors_log.warning(
                "practices past their next review date:\n"
                + "\n".join(f"  {p.original.source.as_posix()}: next_review {p.review.next_review}" for p in overdue if p.review)
            )

    def _site_generation(self, config: MkDocsConfig) -> str:
        """Under serve: a digest of everything besides the practices that a practice page depends on.

        The configuration, the pages and templates of the site, our templates and
        interface strings, the languages built and the problems shown. Any change
        there invalidates every cached practice page.
        """
        h = hashlib.blake2b(digest_size=16)
        roots = [Path(config.docs_dir), TEMPLATES_DIR, OVERRIDES_DIR, *(Path(d) for d in [config.theme.custom_dir] if d)]
        entries: list[str] = []
        if config.config_file_path:
            entries.append(Path(config.config_file_path).read_text(encoding="utf-8", errors="replace"))
        for path in Vocabularies().files:
            stat = Path(path).stat()
            entries.append(f"{path}:{stat.st_mtime_ns}:{stat.st_size}")
        for root in roots:
            entries += [f"{root}/{name}:{mtime}:{size}" for name, mtime, size in folder_signature(root)]
        assert self.layout is not None
        entries += [",".join(self.layout.languages), repr(self._problems_shown), self.config.drafts]
        for entry in sorted(entries):
            h.update(entry.encode("utf-8", "surrogatepass"))
            h.update(b"\0")
        return h.hexdigest()

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        assert self.practices_dir is not None
        for path in (self.practices_dir, *Vocabularies().files, TEMPLATES_DIR, OVERRIDES_DIR, ASSETS_DIR):
            server.watch(str(path))
        return server

    # -- files and pages -------------------------------------------------------

    @event_priority(-110)  # after mkdocs-static-i18n (-100), see the module docstring
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        # The first language's build stays in memory until the last one is done (mkdocs-static-i18n
        # builds the others from its on_post_build): drop the contents of the large files it wrote.
        for written in self._written_once:
            written.content_bytes = b""
        self._written_once = []
        self._indexable[self._current_language()] = []
        self._indexed_early.pop(self._current_language(), None)
        self._part_plan, self._part_pages = [], set()
        files = self._add_files(files, config)
        if self._command == "serve":
            self._produced.update(os.path.normpath(f.abs_dest_path) for f in files)
        return files

    def _add_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.result is not None and self.layout is not None and self.vocab is not None
        lang = self._current_language()
        layout = self.layout
        self._pages = {}
        added: list[File] = []
        # Language-neutral files are written by one build only.
        first = lang == layout.languages[0]
        file_cls = File if first else _SharedFile

        if first:
            # The JSON Schemas editors check front matter against (see scripts/new_practice.py).
            base_url = config.site_url or "/"
            for name, make in (("practice", practice_schema), ("translation", translation_schema)):
                schema = make(self.vocab, schema_id=f"{base_url.rstrip('/')}/{SCHEMA_DIR}{name}.schema.json")
                files.append(File.generated(config, f"{SCHEMA_DIR}{name}.schema.json", content=json.dumps(schema, ensure_ascii=False, indent=1)))

        for name in ("goodpractices.css", "goodpractices.js"):
            asset = file_cls(ASSETS_DEST + name, str(HERE), config.site_dir, False)
            asset.abs_src_path = str(ASSETS_DIR / name)
            files.append(asset)

        # The other pages Pagefind may read: Markdown pages, the search page, ours of an indexed kind.
        others = sum(1 for _ in files.documentation_pages()) + 1 + sum(1 for kind in LANGUAGE_PAGES if kind in INDEXED_KINDS)
        for practice in self.practices.values():
            for name in practice.extra_files:
                f = file_cls(layout.file_path(practice.slug, name), None, config.site_dir, config.use_directory_urls)
                f.abs_src_path = str(practice.folder / name)
                files.append(f)
        # Not duplicated: catalogues link to the best available version.
        shown = [practice for practice in self.practices.values() if lang in practice.versions]
        plan = search.plan_parts([layout.practice_dest(p.slug, lang) for p in shown], others, self.config.search_run_pages) if self._search_enabled() else None
        if plan is not None:
            # A large language is indexed in parts: written part by part, each indexed as soon as it is written.
            self._part_plan = [set(group) for group in plan]
            where = {dest: n for n, group in enumerate(plan) for dest in group}
            written = sorted(shown, key=lambda p: where[layout.practice_dest(p.slug, lang)])
        else:
            written = shown
        practice_files: dict[str, File] = {}
        for practice in written:
            alternates = {code: layout.practice_path(practice.slug, code) for code in practice.versions if code in layout.languages}
            practice_files[practice.slug] = self._add_page(
                files, config, f"practices/{practice.slug}/{lang}.md", layout.practice_path(practice.slug, lang), "practice", practice, alternates,
                # pre-rendered: MkDocs and other plugins need not hold the Markdown of every page
                content="" if (practice.slug, lang) in self._bodies else practice.versions[lang].body,
            )
        added += [practice_files[practice.slug] for practice in shown]  # the sitemap lists them in the catalogue's order

        src = f"{lang}/" if self._i18n is not None else ""  # where mkdocs-static-i18n's nav looks for a language's pages
        # The other pages Pagefind reads are built right after the practice pages (see `_index_early`);
        # the sitemap lists them where it did.
        early: dict[str, File] = {}
        if self.config.search:
            search_paths = {code: f"{layout.prefix(code)}search/" for code in layout.languages}
            early["search"] = self._add_page(files, config, f"{src}search/index.md", search_paths[lang], "search", None, search_paths, in_nav=True)
        for kind, subpath in LANGUAGE_PAGES.items():
            if kind in INDEXED_KINDS:
                paths = {code: layout.prefix(code) + subpath for code in layout.languages}
                early[kind] = self._add_page(files, config, f"{src}{subpath}index.md", paths[lang], kind, None, paths, in_nav=True)

        catalogue = build_catalogue(self.practices, lang, layout, self.vocab)
        self._catalogue = catalogue
        self._nav_html.pop(lang, None)
        self._page_state = {}
        if self._command == "serve":
            # Practice pages show the categories (and may show counts): a change there rebuilds them all.
            self._facet_digest = repr([(f.key, [(v.value, v.label, v.count) for v in f.values]) for f in catalogue.facets])
        every_language = {code: layout.catalogue_path(code) for code in layout.languages}
        added.append(self._add_page(files, config, f"{src}practices/index.md", layout.catalogue_path(lang), "catalogue", catalogue.page(1), every_language, in_nav=True))
        # Static pages 2, 3, … of the list (every practice reachable without JavaScript).
        for number in range(2, catalogue.pages + 1):
            paths = {code: f"{layout.catalogue_path(code)}page/{number}/" for code in layout.languages}
            added.append(self._add_page(files, config, f"{src}practices/page/{number}/index.md", paths[lang], "catalogue", catalogue.page(number), paths))
        for name, content in ((DATA_FILE, catalogue.to_json()), (SUMMARIES_FILE, catalogue.summaries_json())):
            data = File.generated(config, f"{src}practices/{name}", content=content)
            data.dest_uri = layout.catalogue_path(lang) + name
            files.append(data)

        for facet in catalogue.facets:
            if not facet.term_pages:
                continue
            for value in facet.values:
                # Paged like the catalogue: every language lists the same practices, so has the same pages.
                listing = catalogue.term(facet.key, value.value, term_path(layout, lang, facet.key, value.value))
                for number in range(1, listing.pages + 1):
                    path = listing.page_path(number)
                    suffix = path[len(listing.path) :]
                    alternates = {code: term_path(layout, code, facet.key, value.value) + suffix for code in layout.languages}
                    added.append(self._add_page(files, config, f"{src}{path[len(layout.prefix(lang)):]}index.md", path, "term", (facet, value, listing.page(number)), alternates))

        for kind, subpath in LANGUAGE_PAGES.items():
            if kind in early:
                added.append(early[kind])
                continue
            paths = {code: layout.prefix(code) + subpath for code in layout.languages}
            added.append(self._add_page(files, config, f"{src}{subpath}index.md", paths[lang], kind, None, paths, in_nav=True))
        for value in catalogue.facet("category").values:
            # Every practice is in every language's compilation (in its best version): the same volumes everywhere.
            volumes = volume_count(value.count, self.config.compilation_volume_size)
            for volume in (None, *range(1, volumes + 1)):
                paths = {code: compilation_path(layout, code, value.value, volume) for code in layout.languages}
                page = CompilationPage(value.value, value.label, volume, volumes)
                added.append(self._add_page(files, config, f"{src}{paths[lang][len(layout.prefix(lang)):]}index.md", paths[lang], "compilation", page, paths))

        base_url = (config.site_url or "/").rstrip("/") + "/"
        feed = File.generated(config, f"{src}feed.xml", content=atom_feed(self.practices, lang, layout, self.vocab, base_url=base_url, site_name=config.site_name))
        feed.dest_uri = feed_path(layout, lang)
        files.append(feed)
        if lang == layout.languages[-1]:
            # In the last language's build: the first one's pages are then indexed meanwhile.
            for name, content in self._open_data_files(base_url).items():
                data_file = File.generated(config, DATA_DIR + name, content=content)
                files.append(data_file)
                self._written_once.append(data_file)

        if "search" in early:
            added.append(early["search"])

        if self._i18n is not None:
            # The i18n sitemap lists what its own on_files saw; add our pages to it.
            self._i18n.i18n_files_per_language.setdefault(lang, []).extend(added)
        return files

    def _open_data_files(self, base_url: str) -> dict[str, str]:
        """data/practices[-<lang>].json and .csv, and the JSON Schema of the JSON files."""
        assert self.layout is not None and self.vocab is not None
        schema_url = base_url + DATA_DIR + "practices.schema.json"
        out = {"practices.schema.json": json.dumps(opendata.json_schema(schema_url), ensure_ascii=False, indent=1) + "\n"}
        for lang in (None, *self.layout.languages):
            rows = opendata.records(self.practices, self.layout, self.vocab, base_url, lang)
            stem = "practices" if lang is None else f"practices-{lang}"
            out[f"{stem}.json"] = opendata.to_json(rows, lang=lang, schema_url=schema_url)
            out[f"{stem}.csv"] = opendata.to_csv(rows)
        return out

    def _add_page(
        self,
        files: Files,
        config: MkDocsConfig,
        src_uri: str,
        path: str,
        kind: str,
        payload: Any,
        alternates: dict[str, str],
        *,
        content: str = "",
        in_nav: bool = False,
    ) -> File:
        """Add a generated page at site path `path` (a folder URL) and remember what it shows."""
        inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
        page_file = File.generated(config, src_uri, content=content, inclusion=inclusion)
        page_file.dest_uri = path + "index.html"
        lang = self._current_language()
        # Attributes mkdocs-static-i18n's sitemap reads.
        page_file.alternates = {  # type: ignore[attr-defined]
            code: page_file if code == lang else File(f"{code}/{alt}index.md", None, config.site_dir, config.use_directory_urls, dest_uri=f"{alt}index.html")
            for code, alt in alternates.items()
        }
        page_file.locale = page_file.locale_alternate_of = page_file.localization = lang  # type: ignore[attr-defined]
        self._pages[src_uri] = GeneratedPage(kind, payload, alternates)
        files.append(page_file)
        return page_file

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.vocab is not None
        lang = self._current_language()
        t = self.vocab.t
        generated = self._pages.get(page.file.src_uri)
        if generated is None:
            assert self.layout is not None
            is_home = page.file.dest_uri == self.layout.home_path(lang) + "index.html"
            if is_home and "template" not in page.meta:
                page.meta["template"] = TEMPLATES["home"]
            return markdown
        meta: dict[str, Any] = {"template": TEMPLATES[generated.kind]}
        if generated.kind == "practice":
            version = generated.payload.versions[lang]
            # Material prints page.meta.title and .description without escaping
            # (<title>, the header, <meta content>): an author's text goes in escaped.
            meta.update(title=escape(version.title), description=escape(version.summary))
        elif generated.kind == "catalogue":
            meta.update(title=t("catalogue.title", lang), hide=["toc"])
        elif generated.kind == "term":
            facet, value, listing = generated.payload
            title = t("term.title", lang, facet=facet.label, value=value.label)
            if listing.number > 1:
                title += " — " + t("catalogue.page", lang, page=listing.number, pages=listing.pages)
            meta.update(title=title, hide=["toc"])
        elif generated.kind == "search":
            meta.update(title=t("search.title", lang), hide=["toc"])
        elif generated.kind in ("stats", "map", "opendata"):
            meta.update(title=t(f"{generated.kind}.title", lang))
        elif generated.kind == "compilation":
            page_of = generated.payload
            title = t("compilation.title", lang, category=page_of.label)
            if page_of.volume:
                title += " — " + t("compilation.volume", lang, n=page_of.volume, total=page_of.volumes)
            meta.update(title=title)
        if self.config.practice_frames and generated.kind in FRAMED_KINDS:  # (on_env, which makes the frames, comes after this event)
            meta["template"] = FRAMED_TEMPLATE
        if self._command == "serve" and generated.kind in ("practice", "compilation", "term"):
            self._check_page_cache(page, config, generated, meta)
        page.meta.update(meta)
        return markdown

    def _signature(self, slug: str) -> str:
        """Under serve: a digest of the files of a practice (names, sizes, modification times)."""
        if slug not in self._signatures:
            practice = self.practices[slug]
            h = hashlib.blake2b(digest_size=16)
            try:
                entries = sorted(os.scandir(practice.folder), key=lambda e: e.name)
            except OSError:
                entries = []
            for entry in entries:
                try:
                    stat = entry.stat()
                except OSError:
                    continue
                h.update(f"{entry.name}:{stat.st_mtime_ns}:{stat.st_size}\0".encode("utf-8", "surrogatepass"))
            self._signatures[slug] = h.hexdigest()
        return self._signatures[slug]

    def _with_related(self, slug: str) -> str:
        related = self._related.get(slug, [])
        return f"{slug}={self._signature(slug)}[{','.join(f'{r}={self._signature(r)}' for r in related)}]"

    def _check_page_cache(self, page: Page, config: MkDocsConfig, generated: GeneratedPage, meta: dict[str, Any]) -> None:
        """Under serve: reuse the previous output of a page whose inputs are all unchanged.

        A page's fingerprint covers the site (configuration, docs, templates,
        interface strings, languages, problems shown), the categories and counts
        of the catalogue, and what the page shows: for a practice page, the
        files of the practice and of its related practices; for a compilation,
        those of every practice in it; for a term page, its entries.
        """
        assert self.layout is not None
        lang = self._current_language()
        kind = generated.kind
        if kind == "practice":
            what = self._with_related(generated.payload.slug) + repr(self._edit_url(config, generated.payload.slug, lang))
        elif kind == "compilation":
            category = generated.payload.category
            what = repr(generated.payload) + ";".join(self._with_related(slug) for slug in sorted(self.practices) if self.practices[slug].category == category)
        else:  # term
            listing = generated.payload[2]
            what = repr(listing.entries) + repr((listing.number, listing.pages))
        h = hashlib.blake2b(digest_size=20)
        for part in (self._generation, self._facet_digest, lang, kind, page.file.dest_uri, what, repr(sorted(generated.alternates.items())), repr(sorted(meta.items()))):
            h.update(part.encode("utf-8", "surrogatepass"))
            h.update(b"\0")
        fingerprint = h.hexdigest()
        previous = self._page_cache.get(page.file.dest_uri)
        cached = previous[1] if previous is not None and previous[0] == fingerprint else None
        if cached is not None:
            meta["template"] = CACHED_TEMPLATE
        self._page_state[page.file.src_uri] = (fingerprint, cached)

    @event_priority(100)  # before other plugins change the output: theirs is applied again to a cached page
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        if isinstance(self._bodies, RenderedBodies):
            self._bodies.poll()
        state = self._page_state.get(page.file.src_uri)
        if state is not None and state[1] is None:
            self._page_cache[page.file.dest_uri] = (state[0], output)
        dest = None
        if search.carries_body(output):
            # Pagefind is given these pages, instead of reading the whole site to find them.
            dest = os.path.relpath(page.file.abs_dest_path, config.site_dir).replace(os.sep, "/")
            self._indexable.setdefault(self._current_language(), []).append(dest)
        if self._part_plan:
            dest = dest or os.path.relpath(page.file.abs_dest_path, config.site_dir).replace(os.sep, "/")
            for group in self._part_plan:
                group.discard(dest)  # written once the next page is built (see on_page_context)
        return output

    def on_pre_page(self, page: Page, config: MkDocsConfig, files: Files) -> Page:
        generated = self._pages.get(page.file.src_uri)
        if generated is not None and generated.kind == "practice":
            # The body was rendered (and sanitised) in on_pre_build: the page only takes it.
            rendered = self._bodies.get((generated.payload.slug, self._current_language()))
            if rendered is not None:
                page.render = lambda config, files: _take_rendered(page, rendered)  # type: ignore[method-assign]
        return page

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        generated = self._pages.get(page.file.src_uri)
        if generated is not None and generated.kind == "practice" and (generated.payload.slug, self._current_language()) not in self._bodies:
            html = clean_body(html)  # an outside author's text: allow-listed HTML only
        return html

    def _render_version(self, practice: Practice, lang: str) -> str:
        """The sanitised HTML body of a version, as rendered for its page (once per command)."""
        key = (practice.slug, lang)
        if key not in self._bodies:
            assert self._markdown is not None and self.layout is not None
            self._bodies.update(render_bodies([RenderJob(practice.slug, lang, practice.versions[lang].body)], self.layout, self._markdown, workers=1))
        return self._bodies[key].html

    @event_priority(-110)  # after mkdocs-static-i18n resets the language switcher (50)
    def on_page_context(self, context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
        assert self.vocab is not None and self.result is not None and self.layout is not None
        lang = self._current_language()
        vocab = self.vocab
        context["gp_lang"] = lang
        context["gp_t"] = lambda key, **params: vocab.t(key, lang, **params)
        context["gp_catalogue_href"] = self.layout.catalogue_path(lang)
        context["gp_feed_href"] = feed_path(self.layout, lang)
        context["gp_data_href"] = DATA_DIR
        context["gp_catalogue"] = self._catalogue
        context["gp_problems"] = self._problems_shown
        context["gp_search_index"] = self._search_enabled()
        while len(self._part_plan) > 1 and not self._part_plan[0]:
            # The pages of a part are written (the last one's file after its on_post_page, before this page).
            self._part_plan.pop(0)
            self._start_part(config, lang)
        generated = self._pages.get(page.file.src_uri)
        if generated is None:
            return context
        if generated.kind not in INDEXED_KINDS and lang not in self._indexed_early:
            self._index_early(config, lang)
        state = self._page_state.get(page.file.src_uri)
        if state is not None and state[1] is not None:
            context["gp_cached_html"] = state[1]  # unchanged since the last preview build: nothing to compute
        elif generated.kind == "practice":
            if lang in self._nav_html:
                context["gp_nav_html"] = self._nav_html[lang]
            else:
                context["gp_keep_nav"] = lambda html: self._nav_html.setdefault(lang, html)
            view = practice_view(generated.payload, lang, self.layout, vocab, self.practices, self._related.get(generated.payload.slug, []))
            view.edit_url = self._edit_url(config, view.slug, lang)
            context["practice"] = view
            self._frame(context, page, generated, lang)
        elif generated.kind == "catalogue":
            context["catalogue"] = generated.payload
        elif generated.kind == "term":
            facet, value, listing = generated.payload
            context["term"] = {"facet": facet, "value": value, "entries": listing.entries, "total": listing.total, "page": listing}
            self._frame(context, page, generated, lang)
        elif generated.kind == "stats":
            context["stats"] = build_statistics(self.practices, lang, self.layout, vocab)
        elif generated.kind == "map":
            from goodpractices.geo import MapDataError

            try:
                context["map"] = build_map(self.practices, lang, self.layout, vocab, self._map_data(config))  # boundaries are cached per file
            except MapDataError as exc:
                raise PluginError(f"practices: {exc}") from None
        elif generated.kind == "compilation":
            page_of = generated.payload
            context["compilation"] = build_compilation(
                self.practices, page_of.category, lang, self.layout, vocab, render=self._render_version, related=self._related,
                volume_size=self.config.compilation_volume_size, volume=page_of.volume, chosen_cache=self._compilation_order,
            )
        elif generated.kind == "opendata":
            context["opendata"] = {"columns": opendata.COLUMNS, "languages": self.layout.languages, "dir": DATA_DIR}
        if config.extra.get("alternate"):
            self._set_alternates(config, generated.alternates)
        return context

    def _map_data(self, config: MkDocsConfig) -> Path:
        """The TopoJSON file of the map's borders."""
        from goodpractices.geo import DEFAULT_DATA

        site_root = Path(config.config_file_path or ".").parent.resolve()
        if self.config.map_data:
            return site_root / self.config.map_data
        # The site's own `npm ci`, else this project's (a site outside the repository, as in tests).
        return next((p for p in (site_root / DEFAULT_DATA, HERE.parent.parent / DEFAULT_DATA) if p.is_file()), site_root / DEFAULT_DATA)

    def _frame(self, context: dict[str, Any], page: Page, generated: GeneratedPage, lang: str) -> None:
        """Let the page be filled in a frame (see frame.py): `gp-framed.html` calls `gp_framed_page()`."""
        if not self.config.practice_frames:
            return
        assert self.layout is not None
        frames = self._frames[generated.kind]  # made in on_env
        path = generated.alternates[lang][len(self.layout.prefix(lang)) :]
        # The shape of the page around it: the languages it links to, its depth (relative URLs).
        shape = (tuple(code for code in self.layout.languages if code in generated.alternates), path.count("/"))
        # Called as the template renders, with the context every plugin has had its say on.
        context["gp_framed_page"] = pass_context(lambda ctx: frames.render(ctx.get_all(), page, path, shape))

    def on_build_error(self, error: Exception) -> None:
        _keep_site_directory(False)
        _quiet_collector(False)
        self._close_bodies()

    def _close_bodies(self) -> None:
        """Stop the render workers, if any are still running (a failed build, a new one)."""
        if isinstance(self._bodies, RenderedBodies):
            self._bodies.discard()
        self._bodies = {}

    def _remove_stale(self, site: Path) -> None:
        """After a preview rebuild that kept the previous output: delete our pages and files it no longer writes.

        Only below the folders this plugin writes (`<lang>/practices/`, `<lang>/print/`),
        so that files other plugins write themselves are never touched; a deleted page
        of docs/ stays in the preview until the server restarts, as with `--dirty`.
        """
        assert self.layout is not None
        removed = 0
        for lang in self.layout.languages:
            for area in ("practices", "print"):
                root = site / self.layout.prefix(lang) / area
                for folder, dirs, names in os.walk(root, topdown=False):
                    for name in names:
                        path = os.path.normpath(os.path.join(folder, name))
                        if path not in self._produced:
                            os.remove(path)
                            removed += 1
                    if folder != str(root) and not os.listdir(folder):
                        os.rmdir(folder)
        log.info(f"practices: preview rebuilt over the previous output; {removed} file(s) no longer written removed")

    def _set_alternates(self, config: MkDocsConfig, paths: dict[str, str]) -> None:
        """Point the language switcher and hreflang links of a generated page at its other versions.

        Material's JavaScript takes every `<link rel=alternate>` for a language
        root and reroutes clicks on any link *below* it, which would send a
        reader who clicks an attachment or a practice from the catalogue to the
        page itself. Linking `…/index.html` keeps the same page and leaves
        nothing below it; the sitemap carries the canonical hreflang URLs.
        """
        assert self.vocab is not None and self.layout is not None
        base_url = urlsplit(config.site_url).path.rstrip("/") if config.site_url else ""
        links = [
            {"name": self.vocab.native_language_name(code), "link": f"{base_url}/{paths[code]}index.html", "lang": code}
            for code in self.layout.languages
            if code in paths
        ]
        # mkdocs-static-i18n assigns the attribute, which shadows the item for Jinja: set both.
        config.extra["alternate"] = links
        setattr(config.extra, "alternate", links)

    def _edit_url(self, config: MkDocsConfig, slug: str, lang: str) -> str | None:
        if not config.repo_url:
            return None
        edit_uri = self.config.edit_uri
        if edit_uri is None:
            # Derive from MkDocs' own edit_uri, which points at docs_dir.
            docs = Path(config.docs_dir).name
            derived = (config.edit_uri or "edit/main/docs/").rstrip("/")
            if derived.endswith("/" + docs) or derived == docs:
                derived = derived[: -len(docs)] + self.config.practices_dir
            edit_uri = derived
        return f"{config.repo_url.rstrip('/')}/{edit_uri.strip('/')}/{slug}/{lang}.md"

    # -- after the last language ----------------------------------------------

    def _index_early(self, config: MkDocsConfig, lang: str) -> None:
        """The pages Pagefind reads are written (they are built first): index them while the rest of the language builds.

        Docs, practice, search and open-data pages come first in the build; the
        first page of another kind starts the index with the pages that carry
        `data-pagefind-body` so far. Should a later page carry it too (a site's own
        template), the language is indexed again at the end of its build.
        """
        if not self._search_enabled() or self.layout is None:
            return
        pages = list(self._indexable.get(lang, []))
        self._indexed_early[lang] = pages
        if self._part_plan:
            self._part_plan = []
            self._start_part(config, lang)  # the last part
            return
        indexer: search.Indexer | None = getattr(self, "_indexer", None)
        self._indexer = search.Indexer.language_built(indexer, Path(config.site_dir), self.layout, lang, pages, self.config.search_run_pages)

    def _start_part(self, config: MkDocsConfig, lang: str) -> None:
        """Index the pages written since the last part started, as the next part of `lang`'s index."""
        assert self.layout is not None
        pages = [page for page in self._indexable.get(lang, []) if page not in self._part_pages]
        if not pages:
            return  # its pages do not carry data-pagefind-body (a site's template): see _language_written
        self._part_pages.update(pages)
        log.debug(f"practices: {len(pages)} page(s) of {lang} written: indexing them as a part while its build goes on")
        indexer: search.Indexer | None = getattr(self, "_indexer", None)
        self._indexer = search.Indexer.part_written(indexer, Path(config.site_dir), self.layout, lang, pages, self.config.search_run_pages)

    def _language_written(self, config: MkDocsConfig, lang: str) -> None:
        """Every page of `lang` is written: index it, unless it was indexed early with the same pages."""
        assert self.layout is not None
        pages = self._indexable.get(lang, [])
        early = self._indexed_early.get(lang)
        indexer: search.Indexer | None = getattr(self, "_indexer", None)
        if self._part_pages and indexer is not None:
            indexer.parts_done(lang, pages)  # or indexes it again whole, if a page came after its part
        elif early is None or indexer is None:
            self._indexer = search.Indexer.language_built(indexer, Path(config.site_dir), self.layout, lang, pages, self.config.search_run_pages)
        elif sorted(early) != sorted(pages):
            log.debug(f"practices: {len(pages) - len(early)} more page(s) of {lang} to index than when its index started; indexing it again")
            indexer.again(lang, pages)

    @event_priority(-90)  # before mkdocs-static-i18n builds the other languages (-100)
    def _on_post_build_first(self, config: MkDocsConfig) -> None:
        """The first language is written: index it while mkdocs-static-i18n builds the others."""
        if self._search_enabled() and self._is_outer_build() and self.layout is not None:
            self._language_written(config, self._current_language())

    @event_priority(-110)  # after mkdocs-static-i18n has built every language (-100)
    def _on_post_build_last(self, config: MkDocsConfig) -> None:
        if self._is_outer_build():
            if self._command != "serve":
                # Every page is written: the rendered bodies are not needed again, and their memory
                # goes back to the system before the last search indexes run.
                self._close_bodies()
            elif isinstance(self._bodies, RenderedBodies):
                self._bodies.close()  # the preview keeps them as its cache
            for lang, kinds in self.frame_stats.items():
                for kind, frames in kinds.items():
                    log.debug(f"practices: {frames.framed} {kind} pages in {lang} filled in a frame, {frames.whole} rendered whole")
            _quiet_collector(False)
            # The cyclic garbage of the builds: collected while the last search indexes run, if any
            # are left (a second or two at 10,000 practices), for their memory; else the process ends.
            _release_free_memory(collect=self._command == "serve")
        if self._command == "serve" and self._is_outer_build() and _keep_site_directory(False):
            self._remove_stale(Path(config.site_dir))
        if self._page_state:
            reused = sum(1 for state in self._page_state.values() if state[1] is not None)
            log.info(f"practices: {reused} of {len(self._page_state)} practice, term and printable pages in {self._current_language()} unchanged since the last preview build, reused")
        if not self._search_enabled():
            return
        assert self.layout is not None
        # Each language is indexed in the background once its pages are written, while MkDocs
        # builds the next one; the outer build, after the last language, waits for them all.
        indexer: search.Indexer | None = getattr(self, "_indexer", None)
        if not self._is_outer_build():
            self._language_written(config, self._current_language())
            return
        self._indexer = None
        indexer = indexer or search.Indexer(Path(config.site_dir), self.layout, self.config.search_run_pages)
        indexer.finish(while_waiting=None if self._command == "serve" else lambda: _release_free_memory(collect=True))

    on_post_build = CombinedEvent(_on_post_build_first, _on_post_build_last)


_ABSOLUTE = ("http:", "https:", "mailto:")


@pass_context
def gp_item(context: Any, item: Any) -> Markup:
    """One value (an `Item`) as HTML: a link to its `href` (through the `url` filter unless absolute) or a span.

    `item` in partials/gp-macros.html: the macro it replaces was called for every
    value of every card (tens of thousands of calls at 1,000 practices, a tenth of
    the main thread); the output is the same (tests/test_gp_item.py). A site that
    overrides gp-macros.html may define `item` as a macro again.
    """
    text, href, lang = item.text, item.href, item.lang
    lang_attr = f' lang="{escape(lang)}"' if lang else ""
    if href:
        if not href.startswith(_ABSOLUTE):
            href = context.environment.call_filter("url", href, context=context)
        hreflang = f' hreflang="{escape(lang)}"' if lang else ""
        return Markup(f'<a href="{escape(href)}"{hreflang}{lang_attr}>{escape(text)}</a>')
    return Markup(f"<span{lang_attr}>{escape(text)}</span>")


class _MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept in memory, keyed on name and source checksum."""

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self._store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


_BYTECODE_CACHE = _MemoryBytecodeCache()


def _release_free_memory(collect: bool = False) -> None:
    """Give the memory freed by a language build back to the system (glibc keeps it otherwise); `collect`: its cyclic garbage first."""
    global _MALLOC_TRIM
    if collect:
        import gc

        gc.collect()
    if _MALLOC_TRIM is None:
        try:
            import ctypes

            _MALLOC_TRIM = ctypes.CDLL("libc.so.6").malloc_trim
        except (OSError, AttributeError):
            _MALLOC_TRIM = False
    if _MALLOC_TRIM:
        _MALLOC_TRIM(0)


_MALLOC_TRIM: Any = None
_FREEZE_AT_EXIT: list[bool] = []


def _freeze_at_exit() -> None:
    """When the interpreter exits, leave every object still alive out of the cyclic collector's last passes.

    Python's finalisation runs full collections over every object still alive: the
    site's pages, practices and templates, which the plugins and the configuration
    hold in reference cycles until the end. After "Documentation built", that took
    0.6 s at 1,000 practices and about 6 s at 10,000; frozen (`gc.freeze`), 0.03 s.
    The memory goes back to the system with the process. Registered once per process,
    it changes nothing until the exit (a program that builds several times runs on).
    """
    if not _FREEZE_AT_EXIT:
        import atexit
        import gc

        atexit.register(gc.freeze)
        _FREEZE_AT_EXIT.append(True)


_COLLECTOR_THRESHOLD: tuple[int, int, int] | None = None


def _collect_between_languages() -> None:
    """As a language's build starts: collect the last one's garbage, then freeze what survived.

    The survivors (the first language's pages, which its build holds to the end, the
    catalogue and views) would otherwise be walked again by the full collection of
    every later language; what the next language's build leaves is walked once.
    Everything is unfrozen at the end of the build (`_quiet_collector(False)`).
    """
    if _COLLECTOR_THRESHOLD is None:  # not during a build
        return
    import gc

    gc.collect()
    gc.freeze()
    _release_free_memory()


def _quiet_collector(quiet: bool) -> None:
    """For the rest of a build (True) or no longer (False): the loaded practices out of the cyclic collector's sight, and fewer collections.

    The practices, their views and the rendered bodies live for the whole build; every
    full collection would walk them again (about a second at 1,000 practices, half of it
    full collections). Frozen, they are not walked; young collections come every
    10,000 allocations instead of 700. Both are undone at the end of the build.
    """
    global _COLLECTOR_THRESHOLD
    import gc

    if quiet and _COLLECTOR_THRESHOLD is None:
        _COLLECTOR_THRESHOLD = gc.get_threshold()
        gc.freeze()
        gc.set_threshold(10_000, 20, 10)
    elif not quiet and _COLLECTOR_THRESHOLD is not None:
        gc.set_threshold(*_COLLECTOR_THRESHOLD)
        _COLLECTOR_THRESHOLD = None
        gc.unfreeze()


_REAL_CLEAN_DIRECTORY = None


def _keep_site_directory(keep: bool) -> bool:
    """Make MkDocs' build keep (True) or clean (False) the site folder; tell whether it was keeping it."""
    global _REAL_CLEAN_DIRECTORY
    from mkdocs import utils

    was_keeping = _REAL_CLEAN_DIRECTORY is not None
    if keep and not was_keeping:
        _REAL_CLEAN_DIRECTORY = utils.clean_directory
        utils.clean_directory = lambda directory: None
    elif not keep and was_keeping:
        utils.clean_directory = _REAL_CLEAN_DIRECTORY
        _REAL_CLEAN_DIRECTORY = None
    return was_keeping


def _material_package() -> Path:
    import material

    return Path(material.__file__).parent


def _take_rendered(page: Page, rendered: RenderedBody) -> None:
    """What `Page.render` sets, from a body rendered by the core."""
    page.content = rendered.html
    page.toc = get_toc(rendered.toc)
    page.present_anchor_ids = _anchor_ids(rendered.toc)


def _anchor_ids(toc: list[dict[str, Any]]) -> set[str]:
    ids: set[str] = set()
    stack = list(toc)
    while stack:
        item = stack.pop()
        ids.add(item["id"])
        stack.extend(item.get("children", []))
    return ids


def _commit_epoch(where: Path) -> str | None:
    """Seconds since the epoch of the last commit, or None outside a git checkout."""
    try:
        result = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=where, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    value = result.stdout.strip()
    return value if result.returncode == 0 and value.isdigit() else None


__all__ = ["FACETS", "PracticesConfig", "PracticesPlugin"]
