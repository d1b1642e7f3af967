"""The plugin's options, and the core's `SiteSettings` read from MkDocs' configuration and mkdocs-static-i18n's.

The core decides every address and language rule from plain settings; reading them
from `mkdocs.yml` (the theme's language, the i18n plugin's languages and names, the
repository's edit address) is the adapter's part, here.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from goodpractices.compilation import VOLUME_SIZE
from goodpractices.geo import DEFAULT_DATA
from goodpractices.plan import SiteSettings
from goodpractices.search_index import MAX_PAGES
from goodpractices.vocab import INTERFACE_LANGUAGES

PROJECT = Path(__file__).resolve().parents[2]
"""This project, whose `node_modules` holds the map's data when a site has none of its own."""


class _Positive(c.Type[int]):
    """A whole number of at least 1."""

    def __init__(self, default: int) -> None:
        super().__init__(int, default=default)

    def run_validation(self, value: object) -> int:
        number = super().run_validation(value)
        if isinstance(number, bool) or number < 1:
            raise ValidationError(f"expected a whole number of at least 1, got {value!r}")
        return int(number)


class PracticesConfig(base.Config):
    practices_dir = c.Type(str, default="practices")
    """Folder of the practices, relative to mkdocs.yml."""
    fallback_languages = c.Optional(c.ListOfItems(c.Type(str)))
    """Versions shown, in order, to a reader whose language a practice lacks (then the original); default: English if the site has it."""
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
    """Build the search index under `mkdocs serve` too (slow: every language is indexed again after every edit)."""
    compilation_volume_size = c.Type(int, default=VOLUME_SIZE)
    """Most practices in one printable compilation page; a larger category is split into volumes (0: never)."""
    map_data = c.Optional(c.Type(str))
    """TopoJSON of the countries for the map, relative to mkdocs.yml (default: node_modules/world-atlas/countries-50m.json there, else in this project)."""
    publisher = c.Optional(c.Type(str))
    """Who publishes the site's open data, as data portals show it (the DCAT catalogue's publisher); default: the site's name."""


def site_root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path or ".").parent.resolve()


def practices_dir(config: MkDocsConfig, options: PracticesConfig) -> Path:
    return (site_root(config) / options.practices_dir).resolve()


def site_settings(config: MkDocsConfig, options: PracticesConfig, i18n: Any, command: str) -> SiteSettings:
    """The core's settings: the languages mkdocs-static-i18n builds (else the theme's), names, addresses;
    drafts shown under `mkdocs serve` (option `drafts: auto`), always (`show`) or never (`hide`)."""
    if i18n is not None:
        languages = tuple(i18n.build_languages)
        default = i18n.default_language
    else:
        default = str(config.theme.get("language") or "en")
        languages = tuple(options.languages or [default])
    unknown = [lang for lang in languages if lang not in INTERFACE_LANGUAGES]
    if unknown:
        raise PluginError(f"practices: site language(s) {', '.join(unknown)} have no interface strings; supported: {', '.join(INTERFACE_LANGUAGES)}")
    configured = languages if i18n is None else tuple(str(lang.locale) for lang in i18n.config.languages)
    fallbacks = tuple(options.fallback_languages) if options.fallback_languages is not None else tuple(lang for lang in ("en",) if lang in configured)
    strange = [lang for lang in fallbacks if lang not in configured]
    if strange:
        raise PluginError(
            f"practices: fallback_languages lists {', '.join(strange)}, which the site has not; "
            f"use the site's languages ({', '.join(configured)}), e.g. fallback_languages: [{configured[0]}]"
        )
    return SiteSettings(
        languages=languages,
        default_language=default,
        fallback_languages=fallbacks,
        site_url=config.site_url or "",
        site_names=_site_names(config, languages, i18n),
        search=options.search,
        compilation_volume_size=options.compilation_volume_size,
        edit_url=_edit_base(config, options),
        map_data=_map_data(config, options),
        show_drafts=options.drafts == "show" or (options.drafts == "auto" and command == "serve"),
        publisher=options.publisher,
        sources_date=_sources_date(),
    )


def _sources_date() -> str | None:
    """The day of `SOURCE_DATE_EPOCH` (the plugin sets it from the last commit), for dates the build writes; never the clock's."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if not epoch.isdigit():
        return None
    return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date().isoformat()


def _site_names(config: MkDocsConfig, languages: tuple[str, ...], i18n: Any) -> dict[str, str]:
    """The site's name in each language: mkdocs-static-i18n's `site_name` of the language, else the site's."""
    names = {lang: config.site_name for lang in languages}
    for lang in i18n.config.languages if i18n is not None else ():
        if lang.locale in names and getattr(lang, "site_name", None):
            names[lang.locale] = str(lang.site_name)
    return names


def _edit_base(config: MkDocsConfig, options: PracticesConfig) -> str | None:
    """Where the practices folder is edited: `repo_url` and the `edit_uri` option, else MkDocs' own `edit_uri` (which points at docs_dir)."""
    if not config.repo_url:
        return None
    edit_uri = options.edit_uri
    if edit_uri is None:
        docs = Path(config.docs_dir).name
        derived = (config.edit_uri or "edit/main/docs/").rstrip("/")
        if derived.endswith("/" + docs) or derived == docs:
            derived = derived[: -len(docs)] + options.practices_dir
        edit_uri = derived
    return f"{config.repo_url.rstrip('/')}/{edit_uri.strip('/')}"


def _map_data(config: MkDocsConfig, options: PracticesConfig) -> Path:
    """The TopoJSON file of the map's borders: the option, else the site's own `npm ci`, else this project's."""
    root = site_root(config)
    if options.map_data:
        return root / options.map_data
    return next((p for p in (root / DEFAULT_DATA, PROJECT / DEFAULT_DATA) if p.is_file()), root / DEFAULT_DATA)


def all_languages(settings: SiteSettings, i18n: Any) -> tuple[str, ...]:
    """Every language of the site, built or not: practices may be written in any of them."""
    if i18n is None:
        return settings.languages
    configured = tuple(str(lang.locale) for lang in i18n.config.languages if lang.locale != "null")
    return settings.languages + tuple(code for code in configured if code not in settings.languages and code in INTERFACE_LANGUAGES)


def limit_preview_languages(options: PracticesConfig, i18n: Any) -> str | None:
    """The single-language preview: tell mkdocs-static-i18n (whose on_config runs after ours) to skip the other languages.

    The languages previewed, or None when all are.
    """
    raw = os.environ.get("GP_PREVIEW_LANGUAGES")
    if raw is not None:
        wanted = [code.strip() for code in raw.replace(" ", ",").split(",") if code.strip()]
        wanted = [] if wanted == ["all"] else wanted
    else:
        wanted = list(options.preview_languages)
    if not wanted or i18n is None:
        return None
    configured = [lang for lang in i18n.config.languages if lang.locale != "null"]
    known = {lang.locale for lang in configured}
    unknown = [code for code in wanted if code not in known]
    if unknown:
        raise PluginError(f"practices: preview language(s) {', '.join(unknown)} are not languages of this site; choose from {', '.join(sorted(known))}")
    for lang in configured:
        lang.build = bool(lang.build) and (lang.locale in wanted or lang.locale == i18n.default_language)
    return ", ".join(lang.locale for lang in configured if lang.build)
