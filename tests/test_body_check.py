"""What a body holds that its page would not show: the checker (goodpractices.bodycheck) against the renderer.

The checker reads the Markdown source; the page is what Python-Markdown makes of
it, cleaned by the sanitiser. Here both are run on generated bodies and on the
hostile payloads: whatever the sanitiser removes (an element, an attribute, an
address, text) must have been reported at the body's line, and a body reported
clean must come out of the sanitiser as it went in. The golden cases
(tests/golden/validation/body-*.yml) show the messages.
"""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import GOLDEN
from goodpractices.bodycheck import check_body
from goodpractices.errors import Problem
from goodpractices.frontmatter import parse_text
from goodpractices.sanitize import ALLOWED_TAGS, clean_body

EXTENSIONS = ["toc", "admonition", "attr_list", "tables", "md_in_html"]
"""The Markdown extensions of the bundled site (mkdocs.yml)."""
FILES = ["mapa.png", "plan.pdf", "img/zdjęcie.jpg", "my map.png"]
FRONT_MATTER = "---\ntitle: T\n---\n\n"
BODY_LINE = FRONT_MATTER.count("\n") + 1


class _Shown(HTMLParser):
    """What a page shows of some HTML: its elements with their attributes, and its text, in order.

    The sanitiser parses as a browser does and writes its own HTML: end tags, the
    nesting a browser repairs (`<div>` in a `<p>`), paragraphs without attributes, `<tbody>`,
    whitespace in a style and the `rel` it adds to links are not differences; nor
    is md_in_html's `markdown` attribute, an instruction to the renderer that a
    page has no use for (the renderer removes it from the blocks it reads).
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[tuple[str, ...]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kept = tuple(sorted((k, re.sub(r"\s|;$", "", v or "") if k == "style" else v or "") for k, v in attrs if k not in ("rel", "markdown")))
        if tag == "tbody" or (tag == "p" and not kept):
            return
        self.items.append((tag, *(f"{k}={v}" for k, v in kept)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if text:
            self.items.append(("text", text))


def shown(html: str) -> list[tuple[str, ...]]:
    parser = _Shown()
    parser.feed(re.sub(r"<!--.*?-->", "", html, flags=re.DOTALL))  # comments: the template's hints, not shown by design
    parser.close()
    merged: list[tuple[str, ...]] = []
    for item in parser.items:
        if item[0] == "text" and merged and merged[-1][0] == "text":
            merged[-1] = ("text", merged[-1][1] + " " + item[1])
        else:
            merged.append(item)
    return merged


def lost(before: str, after: str) -> list[tuple[str, ...]]:
    """What HTML `before` shows that `after` does not: its elements (with their attributes) missing from `after`,
    and its text if `after` shows another. An element the browser's repair of the nesting adds is no loss."""
    shown_before, shown_after = shown(before), shown(after)
    missing = Counter(item for item in shown_before if item[0] != "text") - Counter(item for item in shown_after if item[0] != "text")
    text_before = " ".join(item[1] for item in shown_before if item[0] == "text")
    text_after = " ".join(item[1] for item in shown_after if item[0] == "text")
    return sorted(missing.elements()) + ([("text", text_before)] if " ".join(text_before.split()) != " ".join(text_after.split()) else [])


def rendered(body: str) -> tuple[str, str]:
    """(HTML from Python-Markdown, the same after the sanitiser)."""
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs={"toc": {"permalink": True}})
    html = md.convert(body)
    return html, clean_body(html)


def problems_of(body: str, lang: str = "pl") -> list[Problem]:
    src, problems = parse_text(FRONT_MATTER + body, Path(f"practices/demo/{lang}.md"))
    assert src is not None and not problems
    check_body(src, FILES, problems)
    return problems


addresses = st.sampled_from(
    [
        "https://example.org/plan",
        "HTTPS://EXAMPLE.ORG/",
        "mailto:gmina@example.org",
        "mapa.png",
        "img/zdjęcie.jpg",
        "my%20map.png",
        "#wyniki",
        "../inna-praktyka/",
        "en.md",
        "C:\\Users\\jana\\mapa.png",
        "file:///C:/mapa.png",
        "/home/jana/plan.pdf",
        "javascript:alert(1)",
        " javascript:alert(1)",
        "java&#x09;script:alert(1)",
        "data:image/png;base64,AAAA",
        "tel:+48123456789",
        "ftp://example.org/plan.pdf",
        "vbscript:x",
        "",
    ]
)
words = st.sampled_from(["Szkoła", "tekst", "a < b", "5 > 3", "R&D", "{Draft}", "`<script>`", "x*y*", "100%", "[nawias]"])
tags = st.sampled_from(
    [
        *sorted(ALLOWED_TAGS - {"td", "th", "tr", "tbody", "thead", "tfoot", "caption", "table", "li", "dt", "dd", "summary"}),
        *["center", "font", "section", "script", "style", "iframe", "video", "object", "svg", "template", "button", "span", "textarea", "custom-box"],
    ]
)
attributes = st.sampled_from(
    [
        "",
        ' class="note"',
        ' class="lead"',
        ' id="x"',
        ' title="t"',
        ' style="color: red"',
        ' onclick="alert(1)"',
        ' target="_blank"',
        ' lang="pl"',
        ' markdown="1"',
    ]
)


@st.composite
def fragments(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 10))
    if kind >= 8:  # a list item, a quotation, emphasis: the simple fragments inside them
        inner = draw(fragments().filter(lambda text: "\n" not in text))
        return {8: f"- {inner}", 9: f"> {inner}", 10: f"*{inner}*{draw(st.sampled_from(['', '{: .note }', '{lang=pl}']))}"}[kind]
    if kind == 0:
        return " ".join(draw(st.lists(words, min_size=1, max_size=4)))
    if kind == 1:
        return f"{draw(st.sampled_from(['', '!']))}[{draw(words)}]({draw(addresses)})"
    if kind == 2:
        return f"[{draw(words)}][r]\n\n[r]: {draw(addresses) or 'mapa.png'}"
    if kind == 3:
        tag = draw(tags)
        url = ""
        if tag == "a":
            url = f' href="{draw(addresses)}"'
        elif tag == "img":
            url = f' src="{draw(addresses)}" alt="x"'
        closing = "" if tag in ("img", "br", "hr") else f"{draw(words)}</{tag}>"
        return f"<{tag}{url}{draw(attributes)}>{closing}"
    if kind == 4:
        return f"{draw(words)}\n{draw(st.sampled_from(['{: .note }', '{#kotwica}', '{Szkic}', '{: onclick=x }']))}"
    if kind == 5:
        return f"## {draw(words)} {draw(st.sampled_from(['', '{#wyniki}', '{.lead}']))}"
    if kind == 6:
        return f"!!! {draw(st.sampled_from(['note', 'warning', 'important', 'tip custom']))} \"Tytuł\"\n    {draw(words)}"
    return "| a | b |\n|:--|--:|\n| 1 | " + draw(words).replace("|", "/") + " |"


FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.lists(fragments(), min_size=1, max_size=4), st.sampled_from(["\n\n", " "]))
def test_what_the_sanitiser_would_remove_is_reported(parts: list[str], joint: str) -> None:
    body = joint.join(parts) + "\n"
    html, clean = rendered(body)
    problems = [p for p in problems_of(body) if p.code != "missing-file"]
    if lost(html, clean):
        assert problems, f"{body!r}\nlost: {lost(html, clean)}"
    for problem in problems:
        assert problem.line is not None and BODY_LINE <= problem.line < BODY_LINE + body.count("\n") + 1
        assert problem.column is not None


def _hostile_paragraphs() -> list[tuple[int, str]]:
    text = (GOLDEN / "hostile" / "body-payloads.md").read_text(encoding="utf-8")
    found, line = [], 0
    for paragraph in text.split("\n\n"):
        if paragraph.strip():
            found.append((line, paragraph))
        line += paragraph.count("\n") + 2
    return found


@pytest.mark.parametrize(("offset", "paragraph"), _hostile_paragraphs())
def test_every_hostile_payload_is_reported_at_its_line(offset: int, paragraph: str) -> None:
    html, clean = rendered(paragraph + "\n")
    errors = problems_of(paragraph + "\n")  # errors, or warnings where only formatting would go (a `style`)
    if lost(html, clean):
        assert errors, paragraph
        assert all(BODY_LINE <= p.line < BODY_LINE + paragraph.count("\n") + 1 for p in errors if p.line), paragraph
    else:  # shown as text (in code, escaped): nothing to report
        assert errors == [], paragraph


def test_the_whole_hostile_body_is_reported_line_by_line() -> None:
    """Together, each payload is reported at its line, or follows an element never closed (reported), after
    which Python-Markdown reads the rest as raw HTML."""
    body = (GOLDEN / "hostile" / "body-payloads.md").read_text(encoding="utf-8")
    problems = problems_of(body)
    lines = {p.line for p in problems}
    raw_from = min((p.line for p in problems if p.code in ("html-tag", "html-unclosed") and p.line), default=None)
    for offset, paragraph in _hostile_paragraphs():
        html, clean = rendered(paragraph + "\n")
        start = BODY_LINE + offset
        if lost(html, clean) and not (raw_from is not None and start > raw_from):
            assert lines & set(range(start, start + paragraph.count("\n") + 1)), paragraph
    assert len([p for p in problems if p.is_error]) >= 25


def test_table_alignment_is_kept() -> None:
    html, clean = rendered("| a | b |\n|:--|--:|\n| 1 | 2 |\n")
    assert 'style="text-align:right"' in clean and not lost(html, clean)
    assert problems_of("| a | b |\n|:--|--:|\n| 1 | 2 |\n") == []


def test_code_and_comments_are_not_checked() -> None:
    body = "`![m](C:\\x.png)` i ``<script>``\n\n```\n![m](C:\\x.png) <iframe>\n```\n\n<!-- ![m](C:\\x.png) <video> -->\n\n\\<b> \\[a](C:\\x)\n"
    assert problems_of(body) == []
    html, clean = rendered(body)
    assert not lost(html, clean)


def test_html_at_the_start_of_a_line_is_html_even_between_backticks() -> None:
    # Python-Markdown takes raw HTML blocks out before it looks for code (no fenced_code in the bundled site).
    body = "```\n<iframe src=x>\n```\n"
    html, clean = rendered(body)
    assert lost(html, clean)
    assert [p.code for p in problems_of(body)] == ["html-tag"]


def test_an_address_in_angle_brackets_is_no_element() -> None:
    assert problems_of("![m](<my map.png>) [p](<plan.pdf>)\n") == []


@pytest.mark.parametrize(
    ("body", "code", "line", "column"),
    [
        ("![mapa](C:\\Users\\jana\\mapa.png)", "local-file", 0, 9),
        ("Tekst ![mapa](file:///C:/mapa.png)", "local-file", 0, 15),
        ("[plan](/home/jana/plan.pdf)", "local-file", 0, 8),
        ("[plan](~/plan.pdf)", "local-file", 0, 8),
        ("![x](../inna/x.png)", "path", 0, 6),
        ("![x](/mapa.png)", "path", 0, 6),
        ("![x](Mapa.PNG)", "missing-file", 0, 6),
        ("[plan](plan.docx)", "missing-file", 0, 8),
        ("![x](img\\zdjęcie.jpg)", "backslash-path", 0, 6),
        ("[x](javascript:alert(1))", "url-scheme", 0, 5),
        ("![x](data:image/png;base64,AA)", "url-scheme", 0, 6),
        ("[zadzwoń](tel:+48123)", "url-scheme", 0, 11),
        ("<ftp://example.org/a>", "url-scheme", 0, 2),
        ("<tel:+48123>", "url-scheme", 0, 2),
        ("[x]()", "empty-address", 0, 5),
        ('<img alt="x">', "empty-address", 0, 1),
        ('<a href="file:///C:/plan.pdf">plan</a>', "local-file", 0, 10),
        ("[x][r]\n\n[r]: C:\\plan.pdf", "local-file", 2, 6),
        ("<script>alert(1)</script>", "html-tag", 0, 1),
        ("<iframe src=\"https://example.org/mapa\"></iframe>", "html-tag", 0, 1),
        ("<video src=\"film.mp4\"></video>", "html-tag", 0, 1),
        ("<center>Tekst</center>", "html-tag-kept", 0, 1),
        ('<p onclick="x">Tekst</p>', "html-attribute", 0, 4),
        ('<a href="https://example.org" target="_blank">x</a>', "html-attribute", 0, 31),
        ('<div class="lead">x</div>', "html-class", 0, 6),
        ('<table><tr><td style="color: red">x</td></tr></table>', "html-style", 0, 16),
        ("Tekst\n{: .note }", "attr-list", 1, 1),
        ("Tekst\n{Szkic}", "attr-list", 1, 1),
        ("## Wyniki {.lead}", "attr-list", 0, 11),
        ("!!! important\n    Tekst", "admonition-type", 0, 5),
        ("Tekst\x07.", "control-char", 0, 6),
    ],
)
def test_each_kind_of_loss_is_named_at_its_place(body: str, code: str, line: int, column: int) -> None:
    """`line`: the line of the body (0: its first), `column`: the column in it, of the problem."""
    problems = problems_of(body + "\n")
    assert [(p.code, p.line, p.column) for p in problems][:1] == [(code, BODY_LINE + line, column)], [p.format() for p in problems]
