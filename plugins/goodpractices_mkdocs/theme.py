"""The plugin's templates, overrides, assets and Jinja helpers, added to the site's theme.

Templates are searched in this order: the site's `custom_dir` (a site overrides any
template of ours there), our overrides of the theme's templates (`overrides/`), the
theme's own, then our page templates (`templates/`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache, pass_context
from jinja2.bccache import Bucket
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig

HERE = Path(__file__).parent
TEMPLATES_DIR = HERE / "templates"
OVERRIDES_DIR = HERE / "overrides"
"""The theme's templates we replace: searched after a site's custom_dir, before the theme."""
ASSETS_DIR = HERE / "assets"
STYLESHEET = "assets/goodpractices/goodpractices.css"
SCRIPT = "assets/goodpractices/goodpractices.js"
EMBED_STYLESHEET = "assets/goodpractices/embed.css"
"""The only stylesheet of an embed (templates/practice-embed.html): not on the site's pages."""
ASSETS = {STYLESHEET: ASSETS_DIR / "goodpractices.css", SCRIPT: ASSETS_DIR / "goodpractices.js", EMBED_STYLESHEET: ASSETS_DIR / "embed.css"}
"""Address in the site → the file."""
NOT_INDEXED = (".md-tags", ".md-content__button", ".md-source-file", ".md-feedback")
"""What Material draws around a Markdown page's content (tags, edit buttons, dates, feedback form),
inside the block overrides/main.html marks for Pagefind: left out of the indexed text."""


def add_theme_folders(config: MkDocsConfig) -> None:
    """Our templates and overrides in the theme's search path, our stylesheet and script on every page."""
    dirs = config.theme.dirs
    if str(TEMPLATES_DIR) not in dirs:
        dirs.append(str(TEMPLATES_DIR))
        custom = config.theme.custom_dir
        dirs.insert(1 if custom and dirs and dirs[0] == custom else 0, str(OVERRIDES_DIR))
    for name, items in ((STYLESHEET, config.extra_css), (SCRIPT, config.extra_javascript)):
        if name not in [str(item) for item in items]:
            items.append(name)


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


class TemplateSetup:
    """What the plugin gives each Jinja environment MkDocs makes (one per language build with mkdocs-static-i18n)."""

    folders = (TEMPLATES_DIR, OVERRIDES_DIR, ASSETS_DIR)
    """What a preview server watches."""

    def __init__(self) -> None:
        # mkdocs-static-i18n builds every language with a new environment: each template is compiled once per command.
        self.bytecode_cache = _MemoryBytecodeCache()

    def prepare(self, env: Any) -> None:
        # A build's templates do not change while it runs: Jinja need not check each file again at every
        # {% include %} of every page (the preview server makes a new environment for each rebuild).
        env.auto_reload = False
        env.bytecode_cache = self.bytecode_cache
        env.globals["gp_item"] = gp_item


_ABSOLUTE = ("http:", "https:", "mailto:")


@pass_context
def gp_item(context: Any, item: Any) -> Markup:
    """One value (an `Item`) as HTML: a link to its `href` (through the `url` filter unless absolute) or a span.

    `item` in partials/gp-macros.html: called for every value of every card and listing,
    a Jinja macro was a tenth of the main thread; the output is the same
    (tests/test_gp_item.py). A site that overrides gp-macros.html may define `item` as a macro again.
    """
    text, href, lang = item.text, item.href, item.lang
    lang_attr = f' lang="{escape(lang)}"' if lang else ""
    if href:
        if not href.startswith(_ABSOLUTE):
            href = context.environment.call_filter("url", href, context=context)
        hreflang = f' hreflang="{escape(lang)}"' if lang else ""
        return Markup(f'<a href="{escape(href)}"{hreflang}{lang_attr}>{escape(text)}</a>')
    return Markup(f"<span{lang_attr}>{escape(text)}</span>")
