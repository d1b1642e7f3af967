"""`gp_item`, the plugin's Python `item` of partials/gp-macros.html, writes what the Jinja macro it replaced wrote.

The macro below is the one gp-macros.html had: it stays here as the reference.
That a site's own `item` macro is used is tested with the other overrides, in
test_site_overrides.py.
"""

from __future__ import annotations

import pytest
from jinja2 import Environment
from mkdocs.utils.templates import url_filter

from goodpractices.site import Item
from goodpractices_mkdocs.theme import gp_item

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
    different = [(item, line) for item, line in zip(items, lines, strict=True) if line.split("|", 1)[0] != line.split("|", 1)[1]]
    assert different == []
    # Not a comparison of two empty strings: links and spans were written, escaped once.
    assert '<a href="https://example.org/a?b=1&amp;c=&lt;2&gt;" hreflang="pl" lang="pl">Szkoły &amp; &#34;gminy&#34; &lt;b&gt;</a>' in lines[len(HREFS) * len(LANGS) + 6 * len(LANGS) + 2]


def test_gp_item_uses_the_environment_s_url_filter() -> None:
    env = _env()
    env.filters["url"] = lambda value: f"/mapped/{value}"  # a site's own filter, without context
    html = env.from_string("{{ gp_item(x) }}").render(x=Item("Demo", href="practices/demo/"))
    assert html == '<a href="/mapped/practices/demo/">Demo</a>'
