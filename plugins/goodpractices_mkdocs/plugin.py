"""The MkDocs plugin `practices`: MkDocs' events translated to the core's site plan.

The core decides which pages and files a language has and what their templates are
given (`goodpractices.plan.SitePlan`); the build's worker processes and Pagefind runs
belong to `goodpractices.runtime.BuildRuntime`. This module maps one to MkDocs:

* the practices are loaded and validated once per command, in the first (outer)
  build; mkdocs-static-i18n then builds every other language again from its own
  `on_post_build`, and those builds reuse the load;
* the plan's pages of the language being built are added in `on_files`, after the
  i18n plugin's (priority below its -100, which would drop pages whose source is not
  under `docs_dir`), as `File.generated` pages;
* each language is indexed by Pagefind in the background once it is written: the
  first one from the outer build's `on_post_build` before the i18n plugin's (so while
  it builds the others), every other one from its own build's `on_post_build`; the
  outer build's `on_post_build` after the i18n plugin's waits for them all.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import subprocess
from pathlib import Path
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from markupsafe import escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from goodpractices import LoadResult, Vocabularies, load_practices
from goodpractices.compilation import VOLUME_SIZE
from goodpractices.geo import DEFAULT_DATA, MapDataError
from goodpractices.plan import HOME_TEMPLATE, Page as PlannedPage, PracticePage, SitePlan, SiteSettings
from goodpractices.render import MarkdownSetup, RenderedBody, jobs_in_build_order
from goodpractices.runtime import BuildRuntime
from goodpractices.search_index import MAX_PAGES, SearchIndexError, carries_body
from goodpractices.vocab import INTERFACE_LANGUAGES

from .preview import CACHED_TEMPLATE, Preview
from .theme import ASSETS, SCRIPT, STYLESHEET, TemplateSetup, add_theme_folders, gp_item

log = logging.getLogger("mkdocs.plugins.goodpractices")
editors_log = logging.getLogger("goodpractices.editors")
"""Notes for editors that must not fail a strict build (they depend on the date)."""
if not editors_log.handlers:
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("WARNING -  %(message)s"))
    editors_log.addHandler(_handler)
    editors_log.propagate = False
# The core logs under "goodpractices": shown, and counted by --strict, as MkDocs' own messages.
logging.getLogger("goodpractices").parent = log


class _Positive(c.Type):
    """A whole number of at least 1."""

    def __init__(self, default: int) -> None:
        super().__init__(int, default=default)

    def run_validation(self, value: object) -> int:
        number = super().run_validation(value)
        if isinstance(number, bool) or number < 1:
            raise c.ValidationError(f"expected a whole number of at least 1, got {value!r}")
        return int(number)


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
    """Build a Pagefind index of each language and add a search page per language."""
    search_run_pages = _Positive(default=MAX_PAGES)
    """Most pages one Pagefind run indexes (its memory grows with them: about 0.5 GB per 1,000 practice pages); a language with more is indexed in parts."""
    edit_uri = c.Optional(c.Type(str))
    """Path from `repo_url` to the practices folder for "edit" links (default: from `edit_uri`)."""
    drafts = c.Choice(("auto", "show", "hide"), default="auto")
    """Practices marked `draft: true`: `auto` shows them under `mkdocs serve` (with a banner) and leaves them out of `mkdocs build`."""
    preview_languages = c.ListOfItems(c.Type(str), default=[])
    """Under `mkdocs serve`, build only these languages (and the default one); empty: all. GP_PREVIEW_LANGUAGES (e.g. `pl` or `pl,cs`; `all`) overrides it."""
    preview_search = c.Type(bool, default=False)
    """Build the search index under `mkdocs serve` too (slow: Pagefind reads the whole site after every edit)."""
    compilation_volume_size = c.Type(int, default=VOLUME_SIZE)
    """Most practices in one printable compilation page; a larger category is split into volumes (0: never)."""
    map_data = c.Optional(c.Type(str))
    """TopoJSON of the countries for the map, relative to mkdocs.yml (default: node_modules/world-atlas/countries-50m.json there, else in this project)."""


class _SharedFile(File):
    """A file already copied by the default language's build: the later builds only link to it."""

    def copy_file(self, dirty: bool = False) -> None:
        return None


class _PlannedPage(Page):
    """A page of the plan: its content is not Markdown for MkDocs to render.

    A practice page takes the body the runtime rendered (sanitised, links resolved
    against the practice folder); the other pages are all template.
    """

    def __init__(self, file: File, config: MkDocsConfig, body: Callable[[], RenderedBody] | None) -> None:
        super().__init__(None, file, config)
        self._body = body

    def render(self, config: MkDocsConfig, files: Files) -> None:
        body = self._body() if self._body is not None else RenderedBody("", [])
        self.content = body.html
        self.toc = get_toc(body.toc)
        self.present_anchor_ids = _anchor_ids(body.toc)


class PracticesPlugin(BasePlugin[PracticesConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command = "build"
        self.runtime = BuildRuntime()
        self.templates = TemplateSetup()
        self.preview: Preview | None = None
        """Under `mkdocs serve`: what the server keeps between rebuilds."""
        self.i18n: Any = None
        self.settings: SiteSettings | None = None
        self.result: LoadResult | None = None
        self.plan: SitePlan | None = None
        self.markdown: MarkdownSetup | None = None
        # Of the language being built:
        self.pages: dict[str, PlannedPage] = {}
        """Source path of each page added → the planned page."""
        self.fingerprints: dict[str, str] = {}
        """Under serve: source path → fingerprint of a page rendered in this build, to keep its HTML."""
        self.kept: dict[str, str] = {}
        """Under serve: source path → the HTML of a page unchanged since the last build."""
        self.indexable: list[str] = []
        """The pages written that Pagefind reads (`data-pagefind-body`), relative to the site."""

    # -- the command -------------------------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        self.runtime = BuildRuntime(keep_bodies=command == "serve")
        self.preview = Preview() if command == "serve" else None
        # Reproducible output: the only dates a build writes (the sitemap's lastmod) come from
        # the commit, not the clock; MkDocs reads this variable.
        if "SOURCE_DATE_EPOCH" not in os.environ and (epoch := _commit_epoch(Path.cwd())) is not None:
            os.environ["SOURCE_DATE_EPOCH"] = epoch

    def on_shutdown(self) -> None:
        self.runtime.close()

    def on_build_error(self, error: Exception) -> None:
        self.runtime.close()

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        for path in (self._practices_dir(config), *Vocabularies().files, *self.templates.folders):
            server.watch(str(path))
        return server

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        add_theme_folders(config)
        self.i18n = config.plugins.get("i18n")
        if self.command == "serve":
            self._limit_preview_languages()
        self.settings = self._settings(config)
        layout = self.settings.layout
        # Every language build writes the theme's 404.html at the site root; keep the default language's.
        # mkdocs-static-i18n's sitemap.xml lists every language and is written by each language's build
        # at the same place: only the last build's is kept, so only the last one renders it.
        current = self.i18n.current_language if self.i18n is not None else None
        _toggle(config.theme.static_templates, "404.html", current in (None, layout.default_language))
        if self.i18n is not None:
            _toggle(config.theme.static_templates, "sitemap.xml", current in (None, layout.languages[-1]))
        self.markdown = MarkdownSetup(tuple(config.markdown_extensions), {k: dict(v) for k, v in (config.mdx_configs or {}).items()})
        return config

    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        self.templates.prepare(env)
        return env

    # -- loading, once per command --------------------------------------------------------------

    def on_pre_build(self, config: MkDocsConfig) -> None:
        if not self._is_outer_build() and self.plan is not None:
            return  # the other languages' builds of one command reuse the first load
        assert self.settings is not None and self.markdown is not None
        vocab = Vocabularies()
        cache = self.preview.load_cache if self.preview is not None else None
        self.result = load_practices(self._practices_dir(config), self._all_languages(), vocab, display_base=self._site_root(config), cache=cache)
        problems = self._report_problems(self.result)
        show_drafts = self.config.drafts == "show" or (self.config.drafts == "auto" and self.command == "serve")
        practices = {slug: p for slug, p in self.result.practices.items() if show_drafts or not p.draft}
        self.plan = SitePlan(self.settings, practices, vocab, body_html=lambda slug, lang: self.runtime.body(slug, lang).html, problems=problems)
        # Every version's body, rendered by worker processes while MkDocs builds the pages, in the order the languages need them.
        self.runtime.render_bodies(jobs_in_build_order(practices, self.settings.layout), self.settings.layout, self.markdown)
        if self.preview is not None:
            roots = [Path(config.docs_dir), *self.templates.folders, *(Path(d) for d in [config.theme.custom_dir] if d)]
            self.preview.new_build(config.config_file_path, roots, self.settings.languages, problems)
        log.info(f"practices: {len(practices)} practices published from {self._practices_dir(config)}")
        drafts = sorted(slug for slug, p in self.result.practices.items() if p.draft)
        if drafts:
            state = "shown as drafts (preview)" if show_drafts else "left out: drafts are not published"
            log.info(f"practices: {len(drafts)} draft(s) {state}: {', '.join(drafts)}")
        today = dt.date.today().isoformat()
        overdue = [p for p in self.result.practices.values() if p.review_overdue(today) and p.review]
        if overdue:
            # For editors; deliberately not a MkDocs warning, so that a strict build of someone's
            # pull request does not fail on the calendar.
            editors_log.warning("practices past their next review date:\n" + "\n".join(f"  {p.original.source.as_posix()}: next_review {p.review.next_review}" for p in overdue if p.review))

    def _report_problems(self, result: LoadResult) -> list[str]:
        """Log the practices' problems; abort a build on errors (the preview shows them on every page instead)."""
        for problem in result.warnings:
            if problem.code == "missing-section" and not self.config.sections_as_warnings:
                log.info(problem.format())
            else:
                log.warning(problem.format())
        if not result.errors:
            return []
        listing = "\n".join("  " + p.format() for p in result.errors)
        heading = f"{len(result.errors)} error(s) in practice files; fix them or run scripts/validate.py for details:"
        if self.command != "serve":
            raise PluginError(f"{heading}\n{listing}")
        log.error(f"{heading}\n{listing}")
        return [p.format() for p in result.errors]

    # -- the pages of a language -------------------------------------------------------------------

    @event_priority(-110)  # after mkdocs-static-i18n (-100), see the module docstring
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.plan is not None
        lang = self._current_language()
        layout = self.plan.layout
        first, last = lang == layout.languages[0], lang == layout.languages[-1]
        self.pages, self.fingerprints, self.kept, self.indexable = {}, {}, {}, []
        # Files of no language are written by one build; the others only link to them.
        copied = File if first else _SharedFile
        sources = [*ASSETS.items(), *((a.path, a.source) for a in self.plan.attachments())]
        for path, source in sources:
            f = copied(path, None, config.site_dir, config.use_directory_urls)
            f.abs_src_path = str(source)
            files.append(f)
        if last:
            for data in self.plan.shared_files():
                files.append(File.generated(config, data.path, content=data.content))
        prefix = f"{lang}/" if self.i18n is not None else ""  # where mkdocs-static-i18n's nav looks for a language's pages
        for data in self.plan.files(lang):
            f = File.generated(config, prefix + data.path[len(layout.prefix(lang)) :], content=data.content)
            f.dest_uri = data.path
            files.append(f)
        added = [self._add_page(files, config, page, prefix + page.path[len(layout.prefix(lang)) :]) for page in self.plan.pages(lang)]
        if self.i18n is not None:
            # The i18n sitemap lists what its own on_files saw; add our pages to it.
            self.i18n.i18n_files_per_language.setdefault(lang, []).extend(added)
        return files

    def _add_page(self, files: Files, config: MkDocsConfig, page: PlannedPage, folder: str) -> File:
        """Add a page of the plan; `folder`: where mkdocs-static-i18n's navigation looks for it."""
        src_uri = f"practices/{page.practice.slug}/{page.lang}.md" if isinstance(page, PracticePage) else folder + "index.md"
        inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
        page_file = File.generated(config, src_uri, content="", inclusion=inclusion)
        page_file.dest_uri = page.path + "index.html"
        # What mkdocs-static-i18n's sitemap reads: the page in each language.
        page_file.alternates = {  # type: ignore[attr-defined]
            code: page_file if code == page.lang else File(f"{code}/{path}index.md", None, config.site_dir, config.use_directory_urls, dest_uri=f"{path}index.html")
            for code, path in page.alternates.items()
        }
        page_file.locale = page_file.locale_alternate_of = page_file.localization = page.lang  # type: ignore[attr-defined]
        self.pages[src_uri] = page
        body = None
        if isinstance(page, PracticePage):
            slug, version = page.practice.slug, page.version
            body = lambda: self.runtime.body(slug, version)  # noqa: E731
        _PlannedPage(page_file, config, body)
        files.append(page_file)
        return page_file

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.plan is not None
        planned = self.pages.get(page.file.src_uri)
        if planned is None:
            if page.file.dest_uri == self.plan.home_path(self._current_language()) + "index.html":
                page.meta.setdefault("template", HOME_TEMPLATE)
            return markdown
        # Material prints the title and description without escaping them (<title>, the header, <meta>).
        meta: dict[str, Any] = {"template": planned.template, "title": escape(planned.title)}
        if planned.description is not None:
            meta["description"] = escape(planned.description)
        if not planned.toc:
            meta["hide"] = ["toc"]
        if self.preview is not None and (fingerprint := self.preview.fingerprint(self.plan, planned, meta)) is not None:
            kept = self.preview.kept_html(planned, fingerprint)
            if kept is not None:
                self.kept[page.file.src_uri] = kept
                meta["template"] = CACHED_TEMPLATE
            else:
                self.fingerprints[page.file.src_uri] = fingerprint
        page.meta.update(meta)
        return markdown

    @event_priority(-110)  # after mkdocs-static-i18n resets the language switcher (50)
    def on_page_context(self, context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
        assert self.plan is not None
        context.update(self.plan.site_context(self._current_language()))
        planned = self.pages.get(page.file.src_uri)
        if planned is None:
            return context
        if page.file.src_uri in self.kept:
            context["gp_cached_html"] = self.kept[page.file.src_uri]
        else:
            try:
                context.update(self.plan.context(planned))
            except MapDataError as exc:
                raise PluginError(f"practices: {exc}") from None
        if config.extra.get("alternate"):
            self._set_alternates(config, planned)
        return context

    def _set_alternates(self, config: MkDocsConfig, page: PlannedPage) -> None:
        """Point the language switcher and hreflang links of a page of ours at its other versions.

        Material's JavaScript takes every `<link rel=alternate>` for a language root and
        reroutes clicks on any link *below* it, which would send a reader who clicks an
        attachment or a practice from the catalogue to the page itself. Linking
        `…/index.html` keeps the same page and leaves nothing below it; the sitemap
        carries the canonical hreflang URLs.
        """
        assert self.plan is not None
        base_url = urlsplit(config.site_url).path.rstrip("/") if config.site_url else ""
        vocab = self.plan.vocab
        links = [
            {"name": vocab.native_language_name(code), "link": f"{base_url}/{page.alternates[code]}index.html", "lang": code}
            for code in self.plan.layout.languages
            if code in page.alternates
        ]
        # mkdocs-static-i18n assigns the attribute, which shadows the item for Jinja: set both.
        config.extra["alternate"] = links
        setattr(config.extra, "alternate", links)

    @event_priority(100)  # before other plugins change the output: theirs is applied again to a kept page
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        fingerprint = self.fingerprints.pop(page.file.src_uri, None)
        if fingerprint is not None and self.preview is not None:
            self.preview.keep(self.pages[page.file.src_uri], fingerprint, output)
        if carries_body(output):
            # Pagefind is given these pages, instead of reading the whole site to find them.
            self.indexable.append(os.path.relpath(page.file.abs_dest_path, config.site_dir).replace(os.sep, "/"))
        return output

    # -- the end of a language, and of the command ----------------------------------------------------

    @event_priority(-90)  # before mkdocs-static-i18n builds the other languages (-100)
    def _on_post_build_first(self, config: MkDocsConfig) -> None:
        """The first language is written: index it while mkdocs-static-i18n builds the others."""
        if self._is_outer_build():
            self._language_written(config)

    @event_priority(-110)  # after mkdocs-static-i18n has built every language (-100)
    def _on_post_build_last(self, config: MkDocsConfig) -> None:
        if not self._is_outer_build():
            self._language_written(config)
            return
        self.runtime.discard_bodies()
        if self.preview is not None:
            log.info(f"practices: {self.preview.reused} practice, term and printable pages unchanged since the last preview build, reused; {self.preview.rendered} rendered")
        try:
            counts = self.runtime.finish_search()
        except SearchIndexError as exc:
            raise PluginError(str(exc)) from None
        if counts:
            summary = ", ".join(f"{lang} {counts.get(lang, 0)}" for lang in self.plan.layout.languages)  # type: ignore[union-attr]
            log.info(f"practices: search index built with Pagefind (pages per language: {summary})")

    on_post_build = CombinedEvent(_on_post_build_first, _on_post_build_last)

    def _language_written(self, config: MkDocsConfig) -> None:
        if not self.config.search or (self.command == "serve" and not self.config.preview_search):
            return
        assert self.plan is not None
        try:
            self.runtime.index_language(
                Path(config.site_dir), self.plan.layout, self._current_language(), self.indexable,
                look_in=[self._site_root(config)], max_pages=self.config.search_run_pages,
            )  # fmt: skip
        except SearchIndexError as exc:
            raise PluginError(str(exc)) from None

    # -- the site's settings ---------------------------------------------------------------------------

    def _settings(self, config: MkDocsConfig) -> SiteSettings:
        if self.i18n is not None:
            languages = tuple(self.i18n.build_languages)
            default = self.i18n.default_language
        else:
            default = str(config.theme.get("language") or "en")
            languages = tuple(self.config.languages or [default])
        unknown = [lang for lang in languages if lang not in INTERFACE_LANGUAGES]
        if unknown:
            raise PluginError(f"practices: site language(s) {', '.join(unknown)} have no interface strings; supported: {', '.join(INTERFACE_LANGUAGES)}")
        return SiteSettings(
            languages=languages,
            default_language=default,
            fallback_languages=tuple(self.config.fallback_languages),
            site_url=config.site_url or "",
            site_names=self._site_names(config, languages),
            search=self.config.search,
            compilation_volume_size=self.config.compilation_volume_size,
            edit_url=self._edit_base(config),
            map_data=self._map_data(config),
        )

    def _site_names(self, config: MkDocsConfig, languages: tuple[str, ...]) -> dict[str, str]:
        """The site's name in each language: mkdocs-static-i18n's `site_name` of the language, else the site's."""
        names = {lang: config.site_name for lang in languages}
        if self.i18n is not None:
            for lang in self.i18n.config.languages:
                if lang.locale in names and getattr(lang, "site_name", None):
                    names[lang.locale] = str(lang.site_name)
        return names

    def _edit_base(self, config: MkDocsConfig) -> str | None:
        """Where the practices folder is edited: `repo_url` and the `edit_uri` option, else MkDocs' own `edit_uri` (which points at docs_dir)."""
        if not config.repo_url:
            return None
        edit_uri = self.config.edit_uri
        if edit_uri is None:
            docs = Path(config.docs_dir).name
            derived = (config.edit_uri or "edit/main/docs/").rstrip("/")
            if derived.endswith("/" + docs) or derived == docs:
                derived = derived[: -len(docs)] + self.config.practices_dir
            edit_uri = derived
        return f"{config.repo_url.rstrip('/')}/{edit_uri.strip('/')}"

    def _map_data(self, config: MkDocsConfig) -> Path:
        """The TopoJSON file of the map's borders: the option, else the site's own `npm ci`, else this project's."""
        site_root = self._site_root(config)
        if self.config.map_data:
            return site_root / self.config.map_data
        project = Path(__file__).resolve().parents[2]
        return next((p for p in (site_root / DEFAULT_DATA, project / DEFAULT_DATA) if p.is_file()), site_root / DEFAULT_DATA)

    def _site_root(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path or ".").parent.resolve()

    def _practices_dir(self, config: MkDocsConfig) -> Path:
        return (self._site_root(config) / self.config.practices_dir).resolve()

    def _limit_preview_languages(self) -> None:
        """The single-language preview: tell mkdocs-static-i18n (whose on_config runs after ours) to skip the other languages."""
        raw = os.environ.get("GP_PREVIEW_LANGUAGES")
        if raw is not None:
            wanted = [code.strip() for code in raw.replace(" ", ",").split(",") if code.strip()]
            wanted = [] if wanted == ["all"] else wanted
        else:
            wanted = list(self.config.preview_languages)
        if not wanted or self.i18n is None:
            return
        configured = [lang for lang in self.i18n.config.languages if lang.locale != "null"]
        known = {lang.locale for lang in configured}
        unknown = [code for code in wanted if code not in known]
        if unknown:
            raise PluginError(f"practices: preview language(s) {', '.join(unknown)} are not languages of this site; choose from {', '.join(sorted(known))}")
        for lang in configured:
            lang.build = bool(lang.build) and (lang.locale in wanted or lang.locale == self.i18n.default_language)
        built = ", ".join(lang.locale for lang in configured if lang.build)
        log.info(f"practices: preview of {built} only (preview_languages / GP_PREVIEW_LANGUAGES); other languages are not built")

    def _all_languages(self) -> tuple[str, ...]:
        """Every language of the site, built or not: practices may be written in any of them."""
        assert self.settings is not None
        built = self.settings.languages
        if self.i18n is None:
            return built
        configured = tuple(str(lang.locale) for lang in self.i18n.config.languages if lang.locale != "null")
        return built + tuple(code for code in configured if code not in built and code in INTERFACE_LANGUAGES)

    def _is_outer_build(self) -> bool:
        return self.i18n is None or not self.i18n.building

    def _current_language(self) -> str:
        assert self.settings is not None
        if self.i18n is not None and self.i18n.current_language:
            return str(self.i18n.current_language)
        return self.settings.default_language


def _toggle(names: set[str], name: str, on: bool) -> None:
    if on:
        names.add(name)
    else:
        names.discard(name)


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


__all__ = ["PracticesConfig", "PracticesPlugin", "gp_item", "STYLESHEET", "SCRIPT"]
