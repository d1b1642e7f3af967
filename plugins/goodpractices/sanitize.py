"""Cleaning the HTML rendered from an author's Markdown, with an allow-list (nh3 / Ammonia).

Practices come from outside authors; their text must never run a script in a
reader's browser. Markdown may contain raw HTML, so the rendered body passes
through nh3, which parses it as a browser would and keeps only what is listed
here. Everything else is dropped: scripts, frames, objects, forms, style,
event-handler attributes, and URLs whose scheme is not http, https or mailto
(so `javascript:`, `data:` and `vbscript:` go, however they are spelled or
encoded), as do SVG and MathML.

What authors may keep, documented for them in the contribution guide:
headings, paragraphs, lists, emphasis, links, images, tables, block quotes,
code, `<details>`/`<summary>`, `<abbr title>`, `<dl>`, `<figure>`,
`<sup>`/`<sub>`, `<mark>`, `<kbd>`, line breaks and rules; the admonition
boxes, heading anchors and table alignment that the Markdown extensions
produce.

What the sanitiser would remove from a practice's body is reported to its
author by the validator (`bodycheck`), not removed without a word.
"""

from __future__ import annotations

import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl", "dt", "em",
    "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
    "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "u", "ul",
}

_HEADING_ATTRIBUTES = {"id"}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align", "style"},
    "th": {"colspan", "rowspan", "align", "scope", "style"},
    "ol": {"start", "type"},
    "details": {"open"},
    "q": {"cite"},
    "blockquote": {"cite"},
    **{f"h{level}": _HEADING_ATTRIBUTES for level in range(1, 7)},
}

ALLOWED_CLASSES = {
    # Python-Markdown's admonitions and heading permalinks; pymdownx details.
    "div": {"admonition", "note", "abstract", "info", "tip", "success", "question", "warning", "failure", "danger", "bug", "example", "quote"},
    "p": {"admonition-title"},
    "a": {"headerlink"},
    "details": {"note", "info", "tip", "warning", "example", "quote"},
}

URL_SCHEMES = {"http", "https", "mailto"}

STYLE_PROPERTIES = {"td": {"text-align"}, "th": {"text-align"}}
"""The only style kept, on the only elements allowed one: a table column's alignment, which Python-Markdown's
tables write as `style="text-align: …"` (`|:--:|`); every other property is removed."""


def clean_body(html: str) -> str:
    """The author's rendered body with everything outside the allow-list removed."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        filter_style_properties=set().union(*STYLE_PROPERTIES.values()),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
