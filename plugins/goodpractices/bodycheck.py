"""What a practice's Markdown body holds that its page would not show as written.

The body is rendered by Python-Markdown and cleaned by the sanitiser
(`sanitize.clean_body`, an allow-list). What the allow-list does not hold is
removed from the page without a word: an HTML element (with its content, for
some), an attribute, a class; and a link or an image whose address the
sanitiser refuses keeps no address at all (an `<img>` without `src`: the image
is gone). A relative address that names no file of the practice folder is a
broken link or a missing image.

Here the Markdown source is read as Python-Markdown reads it (its own link
parser, its patterns for raw HTML, autolinks, reference definitions and
attribute lists), outside code and HTML comments, so that each such thing is
reported at its line of the file (and column), with what is allowed instead:

* addresses: a file on the author's computer (a Windows path, `file:`,
  `/home/…`), a kind of address the sanitiser drops (`javascript:`, `data:`,
  `tel:`, …), backslashes, a path out of the practice folder, a file that is
  not in the folder, no address at all;
* raw HTML: an element outside the allow-list, an attribute or a class it
  removes; attributes in braces (`{: .note}`), which the page does not keep;
* control characters, anywhere.

An error where something of the author's text or of what it shows would be
lost; a warning where only formatting would be (an attribute, a class, an
element whose text stays). Rendering every body here would cost as much as the
build's rendering; reading the source costs a fraction of it, and
tests/test_body_check.py checks against the renderer and the sanitiser that a
body with no problem loses nothing between them.

Nothing here imports MkDocs.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any, cast
from urllib.parse import unquote

import markdown
from markdown.blockprocessors import ReferenceProcessor
from markdown.extensions.attr_list import get_attrs_and_remainder
from markdown.inlinepatterns import AUTOLINK_RE, HTML_RE, LinkInlineProcessor

from .errors import Problem, Severity, Text, msg, problem, short
from .frontmatter import SourceFile, control_characters, has_control_characters
from .sanitize import ALLOWED_ATTRIBUTES, ALLOWED_CLASSES, ALLOWED_TAGS, STYLE_PROPERTIES, URL_SCHEMES

TEXT_KEPT_TAGS = frozenset(
    {
        "acronym", "address", "article", "aside", "bdi", "bdo", "big", "center", "cite", "data", "dfn", "font",
        "footer", "header", "hgroup", "label", "main", "nav", "nobr", "samp", "section", "strike", "time", "tt", "var",
        "wbr",
    }
)  # fmt: skip
"""Elements outside the allow-list whose removal loses only formatting: their text stays (a warning).
Any other element outside it loses what it shows (a video, a form, a frame, a script's effect): an error."""

_URL_ATTRIBUTES = {("a", "href"), ("img", "src"), ("q", "cite"), ("blockquote", "cite")}
_HTML_TAG = re.compile(HTML_RE, re.DOTALL)
_AUTOLINK = re.compile(AUTOLINK_RE)
_ATTRIBUTE = re.compile(r"""([^\s"'=<>/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_TAG_NAME = re.compile(r"/?([^\s/>]+)")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_WINDOWS_PATH = re.compile(r"^(?:[A-Za-z]:[\\/]|\\\\)")
_LOCAL_ROOTS = ("home", "Users", "tmp", "mnt", "media", "var", "private", "Volumes", "root", "run", "srv", "opt", "etc")
"""First folders of an absolute path that is surely one on the author's computer, not a page of the site."""
_URL_NOISE = re.compile(r"[\t\n\r]")
"""Removed from a URL by browsers (and the sanitiser) before it is read."""
_REFERENCE = ReferenceProcessor.RE
_IMAGE_REFERENCE = re.compile(r"!\[([^\]]*)\](?:[ ]?\[([^\]]*)\])?")
_ATTR_LIST = re.compile(r"\{\:?[ ]*([^\}\n ][^\n}]*)\}")
_ADMONITION = re.compile(r"(?m)^!!! ?([\w\-]+(?: +[\w\-]+)*)(?: +\"(.*?)\")? *$")


@dataclass
class _Body:
    """One body being checked: its text, the same with code and comments blanked out, and where its lines start."""

    src: SourceFile
    files: frozenset[str]
    problems: list[Problem]
    masked: str
    _line_starts: list[int] | None = None
    raw: list[tuple[int, int, str, bool]] = dataclasses.field(default_factory=list)
    """(start, end, element, closed) of each block of raw HTML (`_raw_blocks`): Markdown is not read there (no links,
    no code, no attributes in braces)."""
    destinations: list[tuple[int, int]] = dataclasses.field(default_factory=list)
    """(start, end) of each inline link's `(…)`: an address in angle brackets there is no HTML element."""

    def in_raw(self, offset: int) -> bool:
        return _within(self.raw, offset)

    def place(self, offset: int) -> tuple[int, int]:
        """(line of the file, 1-based column) of an offset in the body."""
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.src.body)]
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return self.src.body_line + index, offset - self._line_starts[index] + 1

    def report(self, offset: int, key: str, *, severity: Severity = Severity.ERROR, **details: Any) -> None:
        line, column = self.place(offset)
        self.problems.append(problem(self.src.path, line, None, key, severity=severity, column=column, **details))


def check_body(src: SourceFile, extra_files: Iterable[str], problems: list[Problem]) -> None:
    """Report what the page of `src`'s body would not show as written; `extra_files`: the practice folder's other files."""
    body = src.body
    if has_control_characters(body):
        problems += control_characters(body, src.path, src.body_line)
    # Most bodies hold few of these characters: each check runs only where its trigger is.
    brackets, angles, braces, boxes = "[" in body, "<" in body, "{" in body, "!!!" in body
    if not (brackets or angles or braces or boxes):
        return
    masked, raw = _masked(body)
    checked = _Body(src, frozenset(extra_files), [], masked, raw=raw)
    if angles:
        _check_raw_blocks(checked)
    if brackets or angles:
        _check_links(checked)
    if angles:
        _check_html(checked)
    if braces:
        _check_attribute_lists(checked)
    if boxes:
        _check_admonitions(checked)
    problems += sorted(checked.problems, key=lambda p: (p.line or 0, p.column or 0))


# -- what is not Markdown text: code, comments ---------------------------------------------------------


def _masked(body: str) -> tuple[str, list[tuple[int, int, str, bool]]]:
    """`body` with its code spans and HTML comments replaced by spaces (line breaks kept), and its blocks of raw
    HTML (`_raw_blocks`), where backticks make no code.

    The bundled site has no fenced_code extension: three backticks open a code span like one does,
    and an HTML element at the start of a line within them is raw HTML all the same.
    """
    chars = list(body)

    def blank(start: int, end: int) -> None:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "

    text = "".join(chars)
    if "<!--" in text:
        for m in re.finditer(r"<!--.*?(?:-->|\Z)", text, re.DOTALL):
            blank(m.start(), m.end())
        text = "".join(chars)
    raw = _raw_blocks(text) if "<" in text else []
    spans = [(start, end) for start, end, _, _ in raw]
    if "`" in text:
        i = 0
        while True:
            i = text.find("`", i)
            if i == -1:
                break
            run = len(text) - i - len(text[i:].lstrip("`"))
            end = None if _escaped(text, i) or _within(spans, i) else re.compile(r"(?<!`)" + "`" * run + r"(?!`)").search(text, i + run)
            # A code span ends before a blank line, and before a block of raw HTML (taken out of the text first).
            if end is not None and "\n\n" not in text[i + run : end.start()] and not any(i < start < end.end() for start, _ in spans):
                blank(i, end.end())
                i = end.end()
            else:
                i += run
        text = "".join(chars)
    return text, raw


_BLOCK_START = re.compile(r"(?m)^[ ]{0,3}<([A-Za-z][A-Za-z0-9]*)(?=[\s/>])([^>]*)>?")
_TAG_START = re.compile(r"<([A-Za-z][A-Za-z0-9]*)(?=[\s/>])([^>]*)>?")
_RAW_INSIDE = frozenset({"canvas", "math", "option", "pre", "script", "style", "textarea"})
"""Elements whose content md_in_html leaves raw even when marked `markdown="1"`."""
_MARKDOWN_INSIDE = re.compile(r"""\bmarkdown\s*=\s*["']?(?:1|block|span)\b""", re.IGNORECASE)


def _raw_blocks(text: str) -> list[tuple[int, int, str, bool]]:
    """(start, end, element, closed) of each block of raw HTML, as Python-Markdown's HTML preprocessor finds them:
    a block-level element at the start of a line (after at most three spaces), or right after the closing tag
    of a block on its line, up to its own closing tag (or the end of the text, if none closes it). The content
    of a block marked `markdown="1"` (md_in_html) is Markdown: not raw."""
    blocks: list[tuple[int, int, str, bool]] = []
    block_level = _block_level_elements()
    tails: list[int] = []
    position = 0
    while True:
        m = _BLOCK_START.search(text, position)
        if m is None and not tails:
            return sorted(blocks)
        if m is None or (tails and tails[0] < m.start()):
            end = tails.pop(0)
            line_end = text.find("\n", end)
            m = _TAG_START.search(text, end, len(text) if line_end == -1 else line_end)
            if m is None:
                continue
        tag = m.group(1).lower()
        if tag not in block_level:
            position = max(position, m.end())
            continue
        end, closed = _closing(text, m.end(), tag)
        if closed:
            tails.append(end)
            tails.sort()
        if tag not in _RAW_INSIDE and _MARKDOWN_INSIDE.search(m.group(2) or ""):
            position = max(position, m.end())  # Markdown inside: read on, as the rest of the text
            continue
        blocks.append((m.start(), end, tag, closed))
        position = max(position, end)


def _closing(text: str, start: int, tag: str) -> tuple[int, bool]:
    """(end of the tag that closes element `tag` opened before `start`, True), or (end of the text, False)."""
    if tag in ("hr",):
        return start, True
    depth = 1
    for m in re.finditer(rf"<(/?){tag}(?=[\s/>])[^>]*>", text[start:], re.IGNORECASE):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return start + m.end(), True
    return len(text), False


def _within(spans: list[tuple[int, int]] | list[tuple[int, int, str, bool]], offset: int) -> bool:
    return any(span[0] <= offset < span[1] for span in spans)


@functools.lru_cache(maxsize=1)
def _block_level_elements() -> frozenset[str]:
    return frozenset(markdown.Markdown().block_level_elements)


def _check_raw_blocks(body: _Body) -> None:
    """A block-level element never closed: Python-Markdown shows the rest of the body as raw HTML, without its Markdown."""
    for start, _, tag, closed in body.raw:
        # (An element removed with what it shows is reported as such: that is what to fix first.)
        if not closed and (tag in ALLOWED_TAGS or tag in TEXT_KEPT_TAGS):
            body.report(start + (len(body.masked[start:]) - len(body.masked[start:].lstrip(" "))), "html-unclosed", tag=tag)


def _escaped(text: str, index: int) -> bool:
    """True if the character at `index` follows an odd number of backslashes (Markdown shows it as it is)."""
    count = 0
    while index - count - 1 >= 0 and text[index - count - 1] == "\\":
        count += 1
    return count % 2 == 1


# -- links and images ---------------------------------------------------------------------------------


class _LinkReader(LinkInlineProcessor):
    """Python-Markdown's own parser of `[text](address "title")`, so that an address is read as the renderer reads it.

    The renderer parses links in text whose backslash escapes are already stashed; here they are still
    there, and are undone after (`_MARKDOWN_ESCAPE`).
    """

    def unescape(self, text: str) -> str:
        return text


_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()>#+\-.!])")
"""A character Markdown shows as it is after a backslash (Python-Markdown's ESCAPED_CHARS)."""


@functools.lru_cache(maxsize=1)
def _link_parser() -> LinkInlineProcessor:
    return _LinkReader(r"\[", markdown.Markdown())


def _check_links(body: _Body) -> None:
    text = body.masked
    if "[" in text:
        parser = _link_parser()
        image_references = {(m.group(2) or m.group(1)).strip().lower() for m in _IMAGE_REFERENCE.finditer(text)}
        for m in _REFERENCE.finditer(text):
            if body.in_raw(m.start()):
                continue
            target = m.group(2).lstrip("<").rstrip(">")
            _check_address(body, m.start(2), target, image=m.group(1).strip().lower() in image_references)
        start = 0
        while True:
            start = text.find("[", start)
            if start == -1:
                break
            if not _escaped(text, start) and not body.in_raw(start):
                _, end, handled = parser.getText(text, start + 1)
                if handled and text[end : end + 1] == "(":
                    address, _, after, handled = parser.getLink(text, end)
                    address = _MARKDOWN_ESCAPE.sub(r"\1", address)
                    if handled:
                        body.destinations.append((end, after))
                        image = start > 0 and text[start - 1] == "!" and not _escaped(text, start - 1)
                        at = end + 1 + len(text[end + 1 :]) - len(text[end + 1 :].lstrip(" \t\n<"))
                        _check_address(body, at, address, image=image)
            start += 1
    if "<" in text:
        for m in _AUTOLINK.finditer(text):
            if not _escaped(text, m.start()) and not body.in_raw(m.start()):
                _check_address(body, m.start(1), m.group(1), image=False)


def _check_address(body: _Body, offset: int, written: str, *, image: bool) -> None:
    """One address of a link (`image` False) or an image, written at `offset` of the body (HTML's character
    references as written: they are read here as the browser reads them)."""
    address = _URL_NOISE.sub("", html.unescape(written)).strip(" \x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f")
    found = short(written)
    if not address:
        body.report(offset, "empty-address", found=found)
        return
    if _WINDOWS_PATH.match(address):
        body.report(offset, "local-file", found=found, example=_example(address.replace("\\", "/"), image))
        return
    scheme = _SCHEME.match(address)
    if scheme is not None:
        name = scheme.group(1).lower()
        if name == "file":
            body.report(offset, "local-file", found=found, example=_example(address, image))
        elif name not in URL_SCHEMES:
            expected = msg("url-scheme.image") if image else msg("url-scheme.expected")
            body.report(offset, "url-scheme", found=found, expected=expected, scheme=scheme.group(1))
        return
    if address.startswith(("#", "//")):
        return  # a place on the same page, or another site
    path = unquote(address.split("#", 1)[0].split("?", 1)[0])
    name = path.rstrip("/").rsplit("/", 1)[-1]
    # Links to pages (other practices, the catalogue, this text in another language) are not files of this practice.
    if not image and ("." not in name or path.endswith("/") or name.endswith((".md", ".html"))):
        return
    posix = PurePosixPath(path.replace("\\", "/"))
    parts = [part for part in posix.parts if part not in ("/", ".")]
    if path.startswith("~") or (posix.is_absolute() and parts and parts[0] in _LOCAL_ROOTS):
        body.report(offset, "local-file", found=found, example=_example(path, image))
    elif posix.is_absolute() or ".." in posix.parts:
        body.report(offset, "path", found=found)
    elif "/".join(parts) not in body.files:
        from .validate import did_you_mean  # here: validate imports this module


        files = sorted(body.files)
        body.report(
            offset, "missing-file", found=found, files=", ".join(files), guess=did_you_mean("/".join(parts), files),
            expected=True if files else msg("missing-attachment.none"),
        )
    elif "\\" in path:
        body.report(offset, "backslash-path", found=found, example=_example("/".join(parts), image, keep_folders=True))


def is_on_the_authors_computer(path: str) -> bool:
    """True for a path that names a file on its author's computer: a Windows path, `file:`, `~/…`, `/home/…`."""
    if _WINDOWS_PATH.match(path) or path.lower().startswith("file:") or path.startswith("~"):
        return True
    posix = PurePosixPath(path.replace("\\", "/"))
    parts = [part for part in posix.parts if part != "/"]
    return posix.is_absolute() and bool(parts) and parts[0] in _LOCAL_ROOTS


def _example(address: str, image: bool, *, keep_folders: bool = False) -> str:
    """The Markdown of a link or image to a file of the practice folder named as in `address`."""
    name = address.split("#", 1)[0].split("?", 1)[0].rstrip("/")
    if not keep_folders:
        name = name.rsplit("/", 1)[-1] or "plan.pdf"
    return f"![…]({name})" if image else f"[…]({name})"


# -- raw HTML -----------------------------------------------------------------------------------------


def _check_html(body: _Body) -> None:
    text = body.masked
    autolinks = {m.start() for m in _AUTOLINK.finditer(text)}
    destinations = sorted(body.destinations)
    block_level = _block_level_elements()
    for m in _HTML_TAG.finditer(text):
        if m.start() in autolinks:
            continue
        if _escaped(text, m.start()) and (_TAG_NAME.match(m.group(1)[1:]) or [""])[0].lower() not in block_level:
            continue  # `\<b>` is shown as written; a block-level element may be taken out as raw HTML before escapes are read
        inside = bisect.bisect_right(destinations, (m.start(), len(text))) - 1
        if inside >= 0 and destinations[inside][0] < m.start() < destinations[inside][1]:
            continue  # `[text](<address>)`: the renderer reads it as the link's address
        inner = m.group(1)[1:-1]
        if inner.startswith(("!", "?", "/")):
            continue  # a comment, a declaration, a closing tag (its opening one is what is checked)
        name_match = _TAG_NAME.match(inner)
        if name_match is None:
            continue
        tag = name_match.group(1).lower()
        if ":" in tag:  # `<tel:+48…>`: an address meant as a link, read by the renderer as an element
            _check_address(body, m.start() + 1, inner, image=False)
            continue
        if tag not in ALLOWED_TAGS:
            if tag in TEXT_KEPT_TAGS:
                body.report(m.start(), "html-tag-kept", severity=Severity.WARNING, tag=tag, allowed=_allowed_tags())
            elif tag == "script":
                body.report(m.start(), "html-tag", tag=tag, expected=msg("html-script.expected"))
            else:
                body.report(m.start(), "html-tag", tag=tag, allowed=_allowed_tags())
            continue
        _check_attributes(body, m.start(), tag, inner[name_match.end() :], m.start() + 1 + name_match.end())


@functools.lru_cache(maxsize=1)
def _allowed_tags() -> Text:
    """A few of the elements allowed, and where the guide lists them all (the whole list is too long for a message)."""
    return msg("html-allowed.short")


def _check_attributes(body: _Body, tag_offset: int, tag: str, attributes: str, offset: int) -> None:
    allowed = set(ALLOWED_ATTRIBUTES.get(tag, ())) | {"markdown"}  # `markdown`: md_in_html's, consumed by the renderer
    classes = ALLOWED_CLASSES.get(tag)
    has_src = False
    for m in _ATTRIBUTE.finditer(attributes):
        name = m.group(1).lower()
        raw = m.group(2)
        written = raw[1:-1] if raw and raw[0] in "\"'" else raw or ""
        value = html.unescape(written)
        at = offset + m.start()
        if name == "src":
            has_src = True
        if (tag, name) in _URL_ATTRIBUTES:
            at_value = offset + m.start(2) + (1 if raw[:1] in ("'", '"') else 0) if raw else at
            _check_address(body, at_value, written, image=tag == "img")
        elif name == "class" and classes is not None:
            for word in value.split():
                if word not in classes:
                    body.report(at, "html-class", severity=Severity.WARNING, name=word, tag=tag, allowed=", ".join(sorted(classes)))
        elif name == "style" and tag in STYLE_PROPERTIES:
            kept = STYLE_PROPERTIES[tag]
            dropped = [d.split(":", 1)[0].strip() for d in value.split(";") if d.strip() and d.split(":", 1)[0].strip().lower() not in kept]
            if dropped:
                body.report(at, "html-style", severity=Severity.WARNING, name=", ".join(dropped), tag=tag, allowed=", ".join(sorted(kept)))
        elif name not in allowed:
            handler = name.startswith("on")
            kept_names: Text | str = ", ".join(sorted(allowed - {"markdown"} | ({"class"} if classes else set()))) or msg("html-attribute.none")
            body.report(
                at,
                "html-attribute",
                severity=Severity.ERROR if handler else Severity.WARNING,
                name=name,
                tag=tag,
                allowed=kept_names,
            )
    if tag == "img" and not has_src:
        body.report(tag_offset, "empty-address", found=short("<img>"))


# -- attribute lists, admonitions ---------------------------------------------------------------------


def _check_attribute_lists(body: _Body) -> None:
    """`{: .class #id key=value}` where Python-Markdown's attr_list reads it as attributes (and takes it out of the text).

    Those places are: the end of a heading or of a table cell, a line of its own at the end of
    a block, right after an inline element (a link, emphasis, code, an HTML element); and, a
    quirk of attr_list, the end of a heading's or a block's text when an inline element follows
    it (attr_list reads the text before an element that ends the block).
    """
    text = body.masked
    table_lines = _table_lines(text) if "|" in text else set()
    for m in _ATTR_LIST.finditer(text):
        if _escaped(text, m.start()) or body.in_raw(m.start()):
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        source = body.src.body  # as written (code is blanked out of `text`)
        before, rest = text[line_start : m.start()], source[m.end() : line_end if line_end != -1 else len(text)].strip()
        heading = _HEADING_START.match(before) is not None and before.endswith(" ") and (not rest or rest[0] in "[<*`_!")
        cell = line_start in table_lines and before.endswith(" ") and (not rest or rest.startswith("|"))
        own_line = (
            not before.strip() and (not rest or rest[0] in "[<*`_!") and line_start > 0 and source[: line_start - 1].rsplit("\n", 1)[-1].strip() != ""
        )
        inline = m.start() > 0 and source[m.start() - 1] in ")*_`>]"
        if not (heading or cell or own_line or inline):
            continue
        parsed, remainder = get_attrs_and_remainder(m.group(1))
        attributes = cast("list[tuple[str, str | None]]", parsed)  # a word alone is (word, None)
        if remainder and not inline:
            continue  # attr_list leaves it as text
        if heading and [key for key, _ in attributes] == ["id"]:
            continue  # a heading's own anchor: kept
        words = [key for key, value in attributes if value is None and key not in (".", "id")]
        handler = any(key.lower().startswith("on") for key, _ in attributes)
        # Words are text to the author, attributes to the renderer: they are taken out of the text.
        severity = Severity.ERROR if words or handler else Severity.WARNING
        body.report(m.start(), "attr-list", severity=severity, found=short(m.group(0)))


_HEADING_START = re.compile(r"(?:[ ]*(?:[-*+]|\d+\.|>)[ ]+)*[ ]{0,3}#{1,6}[ ]")
"""The start of a heading's line, in a list item or a quotation too."""
_TABLE_SEPARATOR = re.compile(r"^[ ]*\|?[ ]*:?-+:?[ ]*(?:\|[ ]*:?-+:?[ ]*)*\|?[ ]*$")


def _table_lines(text: str) -> set[int]:
    """Offsets of the lines of Python-Markdown tables: a header row, its separator row, then every line up to a blank one."""
    found: set[int] = set()
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    for i in range(1, len(lines)):
        if "-" in lines[i] and _TABLE_SEPARATOR.match(lines[i]) and lines[i - 1].strip():
            found.add(starts[i - 1])
            j = i + 1
            while j < len(lines) and lines[j].strip():
                found.add(starts[j])
                j += 1
    return found


def _check_admonitions(body: _Body) -> None:
    classes = ALLOWED_CLASSES.get("div", set())
    for m in _ADMONITION.finditer(body.masked):
        if body.in_raw(m.start()):
            continue
        for word in m.group(1).split():
            if word.lower() not in classes:
                body.report(m.start(1), "admonition-type", severity=Severity.WARNING, name=word, allowed=", ".join(sorted(classes - {"admonition"})))

