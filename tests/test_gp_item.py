"""`gp_item`, the plugin's Python `item` of partials/gp-macros.html, writes what the Jinja macro it replaced wrote.

The macro below is the one gp-macros.html had: it stays here as the reference.
A site that overrides gp-macros.html with `item` as a macro again gets its own
output on every card.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from jinja2 import Environment
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.utils.templates import url_filter

from goodpractices.site import Item
from goodpractices_mkdocs.plugin import gp_item

from conftest import make_project, source

REFERENCE_MACRO = """\
{% macro item(item) -%}
{%- if item.href -%}
  {%- set href = item.href if (item.href.startswith('http:') or item.href.startswith('https:') or item.href.startswith('mailto:')) else (item.href | url) -%}
  <a href="{{ href | e }}"{% if item.lang %} hreflang="{{ item.lang | e }}" lang="{{ item.lang | e }}"{% endif %}>{{ item.text | e }}</a>
{%- else -%}
  <span{% if item.lang %} lang="{{ item.lang | e }}"{% endif %}>{{ item.text | e }}</span>
{%- endif -%}
{%- endmacro %}
"""


class _Page:
    """What MkDocs' `url` filter reads of a page: its URL."""

    def __init__(self, url: str) -> None:
        self.url = url


TEXTS = ["Ljubljana", 'Szkoły & "gminy" <b>', "A&amp;B", "Ø'st", ""]
HREFS = [
    None,
    "",
    "practices/demo/",
    "pl/terms/topic/formative-assessment/",
    "practices/demo/files/plan 2024.pdf",
    "practices/demo/#results",
    "https://example.org/a?b=1&c=<2>",
    "http://example.org/",
    "mailto:info@example.org",
    "ftp://example.org/file",
    "/absolute/path/",
    "../outside/",
    "javascript:alert(1)",
]
LANGS = [None, "", "pl", 'x"y']
PAGES = ["", "practices/demo/", "pl/terms/topic/x/page/2/", "print/category/", "index.html"]


def _env() -> Environment:
    env = Environment(autoescape=False)  # as MkDocs' environment
    env.filters["url"] = url_filter
    env.globals["gp_item"] = gp_item
    return env


@pytest.mark.parametrize("page_url", PAGES)
def test_gp_item_writes_what_the_macro_wrote(page_url: str) -> None:
    env = _env()
    template = env.from_string(REFERENCE_MACRO + "{% for x in items %}{{ item(x) }}|{{ gp_item(x) }}\n{% endfor %}")
    items = [Item(text, href=href, lang=lang) for text in TEXTS for href in HREFS for lang in LANGS]
    lines = template.render(items=items, page=_Page(page_url), base_url="..").splitlines()[1:]  # after the macro's own line
    assert len(lines) == len(items)
    different = [(item, line) for item, line in zip(items, lines) if line.split("|", 1)[0] != line.split("|", 1)[1]]
    assert different == []
    # Not a comparison of two empty strings: links and spans were written, escaped once.
    assert '<a href="https://example.org/a?b=1&amp;c=&lt;2&gt;" hreflang="pl" lang="pl">Szkoły &amp; &#34;gminy&#34; &lt;b&gt;</a>' in lines[len(HREFS) * len(LANGS) + 6 * len(LANGS) + 2]


def test_gp_item_uses_the_environment_s_url_filter() -> None:
    env = _env()
    env.filters["url"] = lambda value: f"/mapped/{value}"  # a site's own filter, without context
    html = env.from_string("{{ gp_item(x) }}").render(x=Item("Demo", href="practices/demo/"))
    assert html == '<a href="/mapped/practices/demo/">Demo</a>'


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_a_site_s_own_item_macro_is_used_on_every_card(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = make_project(tmp_path / "project", {"demo/pl.md": source("valid-pl.md"), "demo/en.md": source("valid-en.md")})
    ours = Path(__file__).resolve().parent.parent / "plugins/goodpractices_mkdocs/templates/partials/gp-macros.html"
    text = ours.read_text(encoding="utf-8").replace(
        "{% set item = gp_item %}", '{% macro item(item) %}<em class="site-item">{{ item.text | e }}</em>{% endmacro %}'
    )
    assert "site-item" in text
    override = project / "overrides/partials/gp-macros.html"
    override.parent.mkdir(parents=True)
    override.write_text(text, encoding="utf-8")
    config_file = project / "mkdocs.yml"
    config_file.write_text(config_file.read_text(encoding="utf-8").replace("theme:\n  name: material", "theme:\n  name: material\n  custom_dir: overrides"), encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(project)
    try:
        config = load_config(str(config_file), site_dir=str(tmp_path / "site"))
        config.plugins["practices"].config.search = False
        build(config)
    finally:
        os.chdir(cwd)
    page = (tmp_path / "site/pl/practices/demo/index.html").read_text(encoding="utf-8")
    start = page.index('class="gp-card"')
    card = page[start : page.index("</aside>", start)]
    assert card.count('<em class="site-item">') >= 5, card
    assert "<a href=" not in card.split("gp-card__row--contact")[0]  # the site's macro, not ours, wrote the values


def test_the_command_line_leaves_the_site_s_objects_out_of_the_last_collections(tmp_path: Path) -> None:
    """`mkdocs build` ends with the objects still alive frozen (gc.freeze): finalisation does not walk them again."""
    import subprocess
    import sys

    project = make_project(tmp_path / "project", {"demo/pl.md": source("valid-pl.md")})
    # Registered before MkDocs runs, this exit handler runs after the plugin's (last in, first out).
    script = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print('frozen at exit:', gc.get_freeze_count(), flush=True))\n"
        "from mkdocs.__main__ import cli\n"
        "sys.argv = ['mkdocs', 'build', '-q']\n"
        "cli()\n"
    )
    run = subprocess.run([sys.executable, "-c", script], cwd=project, capture_output=True, text=True, timeout=300,
                         env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    assert run.returncode == 0, run.stderr
    frozen = int(run.stdout.rsplit("frozen at exit:", 1)[1].split()[0])
    assert frozen > 10_000, run.stdout  # the site's objects, not a handful
    assert (project / "site/pl/practices/demo/index.html").is_file()
