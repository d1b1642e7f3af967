"""MkDocs adapter: turns the core's practices into pages of a multilingual site.

Event order matters with mkdocs-static-i18n, which rebuilds the whole site once
per language from its `on_post_build` and drops pages whose source is not
under `docs_dir`. So:

* practices are loaded and validated once per command, in the first
  (outer) build, and reused by the per-language builds;
* practice pages are added in `on_files` *after* the i18n plugin (priority
  below its -100), only for the language being built, with that language's
  prefix: each version is rendered exactly once.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from goodpractices import (
    LoadResult,
    SiteLayout,
    Vocabularies,
    catalogue_entries,
    load_practices,
    practice_view,
)
from goodpractices.vocab import INTERFACE_LANGUAGES

log = logging.getLogger("mkdocs.plugins.goodpractices")

TEMPLATES_DIR = Path(__file__).parent / "templates"
OVERRIDES_DIR = Path(__file__).parent / "overrides"
"""Theme partials we replace: searched after a site's custom_dir, before the theme."""
ASSETS_DIR = Path(__file__).parent / "assets"
STYLESHEET = "assets/goodpractices/goodpractices.css"
PRACTICE_TEMPLATE = "practice.html"
CATALOGUE_TEMPLATE = "practice-catalogue.html"


class PracticesConfig(base.Config):
    practices_dir = c.Type(str, default="practices")
    """Folder of the practices, relative to mkdocs.yml."""
    fallback_languages = c.ListOfItems(c.Type(str), default=["en"])
    """Versions offered, in order, to a reader whose language a practice lacks (then the original)."""
    languages = c.ListOfItems(c.Type(str), default=[])
    """Site languages when mkdocs-static-i18n is not used (default: the theme language)."""
    sections_as_warnings = c.Type(bool, default=False)
    """Log missing body sections as MkDocs warnings (fatal under --strict) instead of info."""


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
        self._pages: dict[str, tuple[str, Any]] = {}
        self._i18n: Any = None

    # -- configuration -------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.practices_dir = (Path(config.config_file_path or ".").parent / self.config.practices_dir).resolve()
        dirs = config.theme.dirs
        if str(TEMPLATES_DIR) not in dirs:
            # Our own templates after the theme's folders, our overrides of theme
            # partials before them; a site's custom_dir comes first and wins over both.
            dirs.append(str(TEMPLATES_DIR))
            custom = config.theme.custom_dir
            dirs.insert(1 if custom and dirs and dirs[0] == custom else 0, str(OVERRIDES_DIR))
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        self._i18n = config.plugins.get("i18n")
        self.layout = self._make_layout(config)
        return config

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
            return  # the per-language builds of one command reuse the first load
        assert self.layout is not None and self.practices_dir is not None
        self.vocab = Vocabularies()
        base_dir = Path(config.config_file_path or ".").parent.resolve()
        self.result = load_practices(self.practices_dir, self.layout.languages, self.vocab, display_base=base_dir)
        for problem in self.result.warnings:
            if problem.code == "missing-section" and not self.config.sections_as_warnings:
                log.info(problem.format())
            else:
                log.warning(problem.format())
        errors = self.result.errors
        if errors:
            listing = "\n".join("  " + p.format() for p in errors)
            raise PluginError(
                f"{len(errors)} error(s) in practice files; fix them or run scripts/validate.py for details:\n{listing}"
            )
        log.info(f"practices: {len(self.result.practices)} practices loaded from {self.practices_dir}")

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        assert self.practices_dir is not None
        server.watch(str(self.practices_dir))
        for path in Vocabularies().files:
            server.watch(str(path))
        server.watch(str(TEMPLATES_DIR))
        server.watch(str(OVERRIDES_DIR))
        return server

    # -- pages -----------------------------------------------------------------

    @event_priority(-110)  # after mkdocs-static-i18n (-100), see the module docstring
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.result is not None and self.layout is not None
        lang = self._current_language()
        layout = self.layout
        self._pages = {}
        added: list[File] = []
        copy = lang == layout.default_language or layout.default_language not in layout.languages

        stylesheet = File("goodpractices.css", src_dir=str(ASSETS_DIR), dest_dir=config.site_dir, use_directory_urls=False, dest_uri=STYLESHEET)
        files.append(stylesheet if copy else _SharedFile(stylesheet.src_uri, str(ASSETS_DIR), config.site_dir, False, dest_uri=STYLESHEET))

        for practice in self.result.practices.values():
            for name in practice.extra_files:
                cls = File if copy else _SharedFile
                f = cls(
                    f"practices/{practice.slug}/{name}",
                    src_dir=str(self.practices_dir),
                    dest_dir=config.site_dir,
                    use_directory_urls=config.use_directory_urls,
                    dest_uri=layout.file_path(practice.slug, name),
                )
                f.abs_src_path = str(practice.folder / name)
                files.append(f)
            version = practice.versions.get(lang)
            if version is None:
                continue  # not duplicated: catalogues link to the best available version
            page_file = File.generated(config, f"practices/{practice.slug}/{lang}.md", content=version.body, inclusion=InclusionLevel.NOT_IN_NAV)
            page_file.dest_uri = layout.practice_dest(practice.slug, lang)
            self._mark_i18n(page_file, lang, {code: layout.practice_path(practice.slug, code) for code in practice.versions}, config)
            self._pages[page_file.src_uri] = ("practice", practice)
            files.append(page_file)
            added.append(page_file)

        catalogue = File.generated(config, f"{lang}/practices/index.md", content="")
        catalogue.dest_uri = layout.catalogue_path(lang) + "index.html"
        self._mark_i18n(catalogue, lang, {code: layout.catalogue_path(code) for code in layout.languages}, config)
        self._pages[catalogue.src_uri] = ("catalogue", None)
        files.append(catalogue)
        added.append(catalogue)

        if self._i18n is not None:
            # The i18n sitemap lists what its own on_files saw; add our pages to it.
            self._i18n.i18n_files_per_language.setdefault(lang, []).extend(added)
        return files

    def _mark_i18n(self, file: File, lang: str, paths: dict[str, str], config: MkDocsConfig) -> None:
        """Give a generated file the attributes mkdocs-static-i18n's sitemap and switcher read."""
        alternates = {}
        for code, path in paths.items():
            if code == lang:
                alternates[code] = file
                continue
            alt = File(f"{code}/{path}index.md", src_dir=None, dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls, dest_uri=f"{path}index.html")
            alternates[code] = alt
        file.alternates = alternates  # type: ignore[attr-defined]
        file.locale = lang  # type: ignore[attr-defined]
        file.locale_alternate_of = lang  # type: ignore[attr-defined]
        file.localization = lang  # type: ignore[attr-defined]

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        entry = self._pages.get(page.file.src_uri)
        if entry is None:
            return markdown
        assert self.vocab is not None
        kind, practice = entry
        lang = self._current_language()
        if kind == "practice":
            version = practice.versions[lang]
            page.meta.update({"title": version.title, "description": version.summary, "template": PRACTICE_TEMPLATE})
        else:
            page.meta.update(
                {
                    "title": self.vocab.t("catalogue.title", lang),
                    "template": CATALOGUE_TEMPLATE,
                    "hide": ["toc"],
                }
            )
        return markdown

    @event_priority(-110)  # after mkdocs-static-i18n resets the language switcher (50)
    def on_page_context(self, context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
        entry = self._pages.get(page.file.src_uri)
        if entry is None:
            return context
        assert self.vocab is not None and self.result is not None and self.layout is not None
        lang = self._current_language()
        vocab = self.vocab
        context["gp_lang"] = lang
        context["gp_t"] = lambda key, **params: vocab.t(key, lang, **params)
        kind, practice = entry
        if kind == "practice":
            view = practice_view(practice, lang, self.layout, vocab, self.result.practices)
            context["practice"] = view
            alternates = view.alternates  # only the languages this practice exists in
        else:
            context["catalogue"] = catalogue_entries(self.result.practices, lang, self.layout, vocab)
            alternates = [
                {"name": vocab.native_language_name(code), "link": "/" + self.layout.catalogue_path(code), "lang": code}
                for code in self.layout.languages
            ]
        if config.extra.get("alternate"):
            self._set_alternates(config, alternates)
        return context

    def _set_alternates(self, config: MkDocsConfig, alternates: list[dict[str, str]]) -> None:
        """Point the language switcher and hreflang links of a generated page at its other versions.

        Material's JavaScript takes every `<link rel=alternate>` for a language
        root and reroutes clicks on any link *below* it, which would send a
        reader who clicks an attachment or a practice from the catalogue to the
        page itself. Linking `…/index.html` keeps the same page and leaves
        nothing below it; the sitemap carries the canonical hreflang URLs.
        """
        base_url = self._base_path(config)
        links = [dict(a, link=f"{base_url}{a['link']}index.html") for a in alternates]
        # mkdocs-static-i18n assigns the attribute, which shadows the item for Jinja: set both.
        config.extra["alternate"] = links
        setattr(config.extra, "alternate", links)

    @staticmethod
    def _base_path(config: MkDocsConfig) -> str:
        from urllib.parse import urlsplit

        return urlsplit(config.site_url).path.rstrip("/") if config.site_url else ""
