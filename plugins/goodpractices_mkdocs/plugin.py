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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.templates import TemplateContext

from goodpractices import LoadResult, Problem, Vocabularies, load_practices
from goodpractices.geo import MapDataError
from goodpractices.plan import HOME_TEMPLATE, PracticePage, SitePlan, SiteSettings
from goodpractices.plan import Page as PlannedPage
from goodpractices.render import MarkdownSetup, RenderedBody, jobs_in_build_order
from goodpractices.report import problem_language, summary_language
from goodpractices.runtime import BuildRuntime
from goodpractices.search_index import SearchIndexError, carries_body

from .preview import CACHED_TEMPLATE, Preview
from .settings import PracticesConfig, all_languages, limit_preview_languages, practices_dir, site_root, site_settings
from .theme import ASSETS, NOT_INDEXED, TemplateSetup, add_theme_folders

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


@dataclass(frozen=True, slots=True)
class _Alternate:
    """The same page in another language, as mkdocs-static-i18n's sitemap reads it (`url`; no `page`:
    the sitemap writes `site_url` + `url`): a File for each would be kept, for every page, until the
    sitemap is written."""

    url: str
    page: None = None


class _DataFile(File):
    """A data file of the plan (`File.generated`), its text made when MkDocs writes it and not kept."""

    make: Callable[[], str]

    def copy_file(self, dirty: bool = False) -> None:
        os.makedirs(os.path.dirname(self.abs_dest_path), exist_ok=True)
        with open(self.abs_dest_path, "wb") as output:  # bytes: the CSV's line ends stay \r\n everywhere
            output.write(self.make().encode("utf-8"))


class _SharedFile(File):
    """A file already copied by the default language's build: the later builds only link to it."""

    def copy_file(self, dirty: bool = False) -> None:
        return None


class _PlannedPage(Page):
    """A page of the plan: its content is not Markdown for MkDocs to render.

    A practice page takes the body the runtime rendered (sanitised, its URLs made
    relative to this page); the other pages are all template. MkDocs renders every
    page of a language before it writes the first: unless another plugin reads pages'
    HTML in `on_page_content` (`content_at_render`), `render` gives the table of
    contents only and the page takes its HTML when its template is rendered
    (`take_content`), so that a language's thousands of pages never hold theirs at once.
    """

    def __init__(
        self, file: File, config: MkDocsConfig, body: Callable[[], RenderedBody] | None, toc: Callable[[], list[dict[str, Any]]] | None, *, content_at_render: bool
    ) -> None:
        super().__init__(None, file, config)
        self._body = body
        self._toc = toc
        self._content_at_render = content_at_render

    def render(self, config: MkDocsConfig, files: Files) -> None:
        toc = self._toc() if self._toc is not None else []
        self.toc = get_toc(toc)  # type: ignore[arg-type]  # Python-Markdown's toc_tokens, as MkDocs' own render gives them
        self.present_anchor_ids = _anchor_ids(toc)
        self.content = ""
        if self._content_at_render:
            self.take_content()

    def take_content(self) -> None:
        if self._body is not None:
            self.content = self._body().html
            self._body = None

    def written(self) -> None:
        """Written: mkdocs-static-i18n keeps every language's pages until the last one is built, for its sitemap, which reads none of this."""
        self.content = None
        self.toc = _NO_TOC
        self.present_anchor_ids = set()
        self._body = self._toc = None


class PracticesPlugin(BasePlugin[PracticesConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command = "build"
        self.runtime = BuildRuntime()
        self.templates = TemplateSetup()
        self.preview: Preview | None = None
        """Under `mkdocs serve`: what the server keeps between rebuilds."""
        self.previewed: str | None = None
        """Under `mkdocs serve`: the languages built, when not all are."""
        self.i18n: Any = None
        self.settings: SiteSettings | None = None
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
        self.content_at_render = False
        """Whether planned pages take their HTML when MkDocs renders them (another plugin reads it then)."""

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
        self.runtime.exiting()

    def on_build_error(self, error: Exception) -> None:
        self.runtime.close()

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        for path in (practices_dir(config, self.config), *Vocabularies().files, *self.templates.folders):
            server.watch(str(path))
        return server

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        add_theme_folders(config)
        self.i18n = config.plugins.get("i18n")
        if self.command == "serve":
            self.previewed = limit_preview_languages(self.config, self.i18n)
        self.settings = site_settings(config, self.config, self.i18n, self.command)
        layout = self.settings.layout
        # Every language build writes the theme's 404.html at the site root; keep the default language's.
        # mkdocs-static-i18n's sitemap.xml lists every language and is written by each language's build
        # at the same place: only the last build's is kept, so only the last one renders it.
        current = self.i18n.current_language if self.i18n is not None else None
        _toggle(config.theme.static_templates, "404.html", current in (None, layout.default_language))
        if self.i18n is not None:
            _toggle(config.theme.static_templates, "sitemap.xml", current in (None, layout.build_order[-1]))
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
        result = load_practices(practices_dir(config, self.config), all_languages(self.settings, self.i18n), vocab, display_base=site_root(config), cache=cache)
        problems = self._report_problems(result, vocab, site_root(config), all_languages(self.settings, self.i18n))
        self.plan = SitePlan(self.settings, result.practices, vocab, body_html=lambda slug, lang: self.runtime.body(slug, lang).html, problems=problems)
        practices = self.plan.practices
        # Every version's body, rendered by worker processes while MkDocs builds the pages, in the order the languages need them.
        self.runtime.render_bodies(jobs_in_build_order(practices, self.settings.layout), self.settings.layout, self.markdown)
        if self.preview is None:
            # The runtime has the Markdown now (the preview keeps it: it tells what an edit changed).
            for practice in practices.values():
                for version in practice.versions.values():
                    version.body = ""
        else:
            roots = [Path(config.docs_dir), *self.templates.folders, *(Path(d) for d in [config.theme.custom_dir] if d)]
            self.preview.new_build(config.config_file_path, roots, vocab.files, self.settings.languages, [p.format() for p in problems])
        log.info(f"practices: {len(practices)} practices published from {practices_dir(config, self.config)}")
        if self.previewed:
            log.info(f"practices: preview of {self.previewed} only (preview_languages / GP_PREVIEW_LANGUAGES); other languages are not built")
        drafts = sorted(slug for slug, p in result.practices.items() if p.draft)
        if drafts:
            state = "shown as drafts (preview)" if self.settings.show_drafts else "left out: drafts are not published"
            log.info(f"practices: {len(drafts)} draft(s) {state}: {', '.join(drafts)}")
        today = dt.date.today().isoformat()
        overdue = [p for p in result.practices.values() if p.review_overdue(today) and p.review]
        if overdue:
            # For editors; deliberately not a MkDocs warning, so that a strict build of someone's
            # pull request does not fail on the calendar.
            editors_log.warning("practices past their next review date:\n" + "\n".join(f"  {p.original.source.as_posix()}: next_review {p.review.next_review}" for p in overdue if p.review))

    def _report_problems(self, result: LoadResult, vocab: Vocabularies, base: Path, languages: tuple[str, ...]) -> list[Problem]:
        """Log the practices' problems, each in its file's language; abort a build on errors (the preview shows them on every page instead).

        The heading of the list is in the language of the files with errors when they share one
        (else the locale's, else English: `report.summary_language`).
        """
        assert self.settings is not None
        default = self.settings.layout.default_language

        def line(problem: Problem) -> str:
            return problem.format(problem_language(problem, base, languages, default))

        for problem in result.warnings:
            # A practice's warning (only formatting would go) does not stop a build, strict or not; a site may
            # make missing sections fatal under --strict.
            if problem.code == "missing-section" and self.config.sections_as_warnings:
                log.warning(line(problem))
            else:
                log.info(line(problem))
        errors = result.errors
        if not errors:
            return []
        listing = "\n".join("  " + line(p) for p in errors)
        lang = summary_language(problem_language(p, base, languages, default) for p in errors)
        heading = vocab.t("problems.build_heading", lang, n=len(errors))
        if self.command != "serve":
            raise PluginError(f"{heading}\n{listing}")
        log.error(f"{heading}\n{listing}")
        return errors

    # -- the pages of a language -------------------------------------------------------------------

    @event_priority(-110)  # after mkdocs-static-i18n (-100), see the module docstring
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.plan is not None
        lang = self._current_language()
        layout = self.plan.layout
        first, last = lang == layout.build_order[0], lang == layout.build_order[-1]
        self.pages, self.fingerprints, self.kept, self.indexable = {}, {}, {}, []
        # Another plugin reading pages' HTML as they are rendered gets ours then too (see _PlannedPage).
        self.content_at_render = bool(config.plugins.events["page_content"])
        # Files of no language are written by one build; the others only link to them.
        copied = File if first else _SharedFile
        sources = [*ASSETS.items(), *((a.path, a.source) for a in self.plan.attachments())]
        for path, source in sources:
            f = copied(path, None, config.site_dir, config.use_directory_urls)
            f.abs_src_path = str(source)
            files.append(f)
        prefix = f"{lang}/" if self.i18n is not None else ""  # where mkdocs-static-i18n's nav looks for a language's pages
        data_files = [(data, prefix + data.path[len(layout.prefix(lang)) :]) for data in self.plan.files(lang)]
        if last:
            data_files += [(data, data.path) for data in self.plan.shared_files()]
        for data, src_uri in data_files:
            f = _DataFile.generated(config, src_uri, content="")
            assert isinstance(f, _DataFile)  # made by `cls`; MkDocs annotates File
            f.dest_uri, f.make = data.path, data.make
            files.append(f)
        added = [(page, self._add_page(files, config, page, prefix + page.path[len(layout.prefix(lang)) :])) for page in self.plan.pages(lang)]
        if self.i18n is not None:
            # The i18n sitemap lists what its own on_files saw; add our pages to it, those that repeat another's content left out.
            # Embeds are for other sites' frames: not listed either.
            self.i18n.i18n_files_per_language.setdefault(lang, []).extend(f for page, f in added if page.canonical is None and page.in_sitemap)
        return files

    def _add_page(self, files: Files, config: MkDocsConfig, page: PlannedPage, folder: str) -> File:
        """Add a page of the plan; `folder`: where mkdocs-static-i18n's navigation looks for it."""
        assert self.plan is not None
        src_uri = f"practices/{page.practice.slug}/{page.lang}.md" if isinstance(page, PracticePage) else folder + "index.md"
        inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
        page_file = File.generated(config, src_uri, content="", inclusion=inclusion)
        page_file.dest_uri = page.path + "index.html"
        # What mkdocs-static-i18n's sitemap reads: the page's translations (its hreflang alternates);
        # none for a page that names another as canonical (the sitemap leaves it out).
        page_file.alternates = (  # type: ignore[attr-defined]
            {}
            if page.canonical is not None
            else {code: page_file if code == page.lang else _Alternate(path if config.use_directory_urls else path + "index.html") for code, path in page.translations.items()}
        )
        page_file.locale = page_file.locale_alternate_of = page_file.localization = page.lang  # type: ignore[attr-defined]
        self.pages[src_uri] = page
        body = toc = None
        if isinstance(page, PracticePage):
            slug, version, layout = page.practice.slug, page.version, self.plan.layout
            body = lambda: self.runtime.body(slug, version).for_page(page.path, layout, page.lang)  # noqa: E731
            toc = lambda: self.runtime.toc(slug, version)  # noqa: E731
        mkdocs_page = _PlannedPage(page_file, config, body, toc, content_at_render=self.content_at_render)
        if page.canonical is not None and config.site_url:
            mkdocs_page.canonical_url = self.plan.settings.base_url + page.canonical
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
    def on_page_context(self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext:
        assert self.plan is not None
        ours = cast(dict[str, Any], context)  # MkDocs' TypedDict knows only MkDocs' own keys
        ours.update(self.plan.site_context(self._current_language()))
        planned = self.pages.get(page.file.src_uri)
        if self.i18n is not None:
            self._language_menu(ours, config, planned)
        if planned is None:
            return context
        if page.file.src_uri in self.kept:
            ours["gp_cached_html"] = self.kept[page.file.src_uri]
        else:
            if isinstance(page, _PlannedPage):
                page.take_content()
            try:
                ours.update(self.plan.context(planned))
            except MapDataError as exc:
                raise PluginError(f"practices: {exc}") from None
        return context

    def on_template_context(self, context: TemplateContext, /, *, template_name: str, config: MkDocsConfig) -> TemplateContext:
        """The theme's pages of no page (404.html): the language menu leads to each language's home."""
        if self.plan is None or self.i18n is None or template_name != "404.html":
            return context
        ours = cast(dict[str, Any], context)
        ours.update(self.plan.site_context(self._current_language()))
        homes = {code: f"{_base_path(config)}/{self.plan.home_path(code)}" for code in self.plan.layout.languages}
        self._set_menu(ours, config, [{"name": self.plan.vocab.native_language_name(code), "link": link, "lang": code} for code, link in homes.items()])
        return context

    def _language_menu(self, context: dict[str, Any], config: MkDocsConfig, page: PlannedPage | None) -> None:
        """Give the language menu (`gp_languages`) the page in every language it exists in.

        mkdocs-static-i18n gives Material that list as `extra.alternate`, which Material
        also prints in the head as `<link rel=alternate>`; its script then reroutes every
        click on a link below one of those URLs (a practice's attachments, its other
        language pages) and fetches a sitemap below each. The list is moved to our menu
        (overrides/partials/gp-languages.html); the hreflang alternates, of the real
        translations only, are in sitemap.xml.
        """
        assert self.plan is not None
        if page is not None:
            base_path = _base_path(config)
            vocab = self.plan.vocab
            links = [
                {"name": vocab.native_language_name(code), "link": f"{base_path}/{page.alternates[code]}", "lang": code}
                for code in self.plan.layout.languages
                if code in page.alternates
            ]
        else:
            # mkdocs-static-i18n's list for this page: it assigns the attribute (see below).
            links = list(getattr(config.extra, "alternate", None) or config.extra.get("alternate") or [])
        self._set_menu(context, config, links)

    @staticmethod
    def _set_menu(context: dict[str, Any], config: MkDocsConfig, links: list[dict[str, str]]) -> None:
        context["gp_languages"] = links
        # mkdocs-static-i18n assigns the attribute, which shadows the item for Jinja: set both.
        config.extra["alternate"] = []
        setattr(config.extra, "alternate", [])  # noqa: B010 - the config class declares no such attribute

    @event_priority(100)  # before other plugins change the output: theirs is applied again to a kept page
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        fingerprint = self.fingerprints.pop(page.file.src_uri, None)
        if fingerprint is not None and self.preview is not None:
            self.preview.keep(self.pages[page.file.src_uri], fingerprint, output)
        if carries_body(output):
            # Pagefind is given these pages, instead of reading the whole site to find them.
            self.indexable.append(os.path.relpath(page.file.abs_dest_path, config.site_dir).replace(os.sep, "/"))
        if isinstance(page, _PlannedPage):
            page.written()
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
            assert self.plan is not None
            summary = ", ".join(f"{lang} {counts.get(lang, 0)}" for lang in self.plan.layout.languages)
            log.info(f"practices: search index built with Pagefind (pages per language: {summary})")

    on_post_build = CombinedEvent(_on_post_build_first, _on_post_build_last)

    def _language_written(self, config: MkDocsConfig) -> None:
        if not self.config.search or (self.command == "serve" and not self.config.preview_search):
            return
        assert self.plan is not None
        try:
            self.runtime.index_language(
                Path(config.site_dir), self._current_language(), self.indexable,
                look_in=[site_root(config)], max_pages=self.config.search_run_pages, exclude=NOT_INDEXED,
            )  # fmt: skip
        except SearchIndexError as exc:
            raise PluginError(str(exc)) from None

    # -- the site's settings ---------------------------------------------------------------------------

    def _is_outer_build(self) -> bool:
        return self.i18n is None or not self.i18n.building

    def _current_language(self) -> str:
        assert self.settings is not None
        if self.i18n is not None and self.i18n.current_language:
            return str(self.i18n.current_language)
        return self.settings.default_language


_NO_TOC = get_toc([])


def _base_path(config: MkDocsConfig) -> str:
    """The path of the site's address, without its last slash ("" at a domain's root or without `site_url`)."""
    return urlsplit(config.site_url).path.rstrip("/") if config.site_url else ""


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


__all__ = ["PracticesConfig", "PracticesPlugin"]
