"""Pages rendered in a frame: the theme's page around them is rendered once per shape.

Every practice page of a language lies at the same depth (`<lang>/practices/<slug>/`),
is outside the navigation and has the same template, so the page the theme draws
around its content (head, header, navigation, footer, scripts: about two thirds of
the time of a practice page) is the same on each, but for a few values: the title,
the description, the page's own path in its URLs (canonical URL, language links),
its table of contents and the anchor of its first heading, and the content itself.
Which languages the page exists in, its depth and whether it has a table of
contents change the frame's structure; they make its *shape*. Term pages (a
category, country or topic, and their further pages) are alike in the same way.

A frame is found by rendering the page template once more with those values
replaced by sentinels (`GpSlot…`): the output, cut at every sentinel, is a list of
literal parts and slots. Then, for each page, only the content block and the table
of contents are rendered, and the slots are filled in.

This is only an optimisation, so it checks itself: a frame is trusted only once
it gave, for a second page of its shape, exactly what rendering the whole template
gives. A template that uses a value in a way the frame does not foresee (a
sentinel left over in a literal part, a transformation of the title other than
Jinja's `striptags`, an error) makes the frame unusable and every page of that
shape is rendered whole, as before. A site whose overrides depend on the page in
other ways can switch frames off (`practice_frames: false`).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from jinja2 import Environment, Template
from markupsafe import Markup

log = logging.getLogger("mkdocs.plugins.goodpractices")

FRAMED_TEMPLATE = "gp-framed.html"
"""The template MkDocs renders for a practice page: it calls `gp_practice_page()`."""
PROBE_TEMPLATE = "gp-frame-probe.html"
"""Extends the page template with a sentinel for its content block."""
TOC_TEMPLATE = "gp-frame-toc.html"
"""The table of contents alone, as the theme's page includes it."""

_TITLE = "GpSlotTitleQ7&amp;x"
_DESCRIPTION = "GpSlotDescQ7&amp;x"
_CONTENT = "GpSlotContentQ7"
_TOC = "GpSlotTocQ7"
_ANCHOR = "gpslotanchorq7"
_TOC_TITLE = "GpSlotTocTitleQ7"
_RESIDUE = re.compile("gpslot", re.IGNORECASE)


def _variants(sentinel: str) -> dict[str, Callable[[str], str]]:
    return {sentinel: lambda value: value, Markup(sentinel).striptags(): lambda value: Markup(value).striptags()}


@dataclass
class Frame:
    parts: list[str | tuple[str, Callable[[str], str]]]
    """Literal text, or (slot name, how the value is written)."""

    def fill(self, values: dict[str, str]) -> str:
        return "".join(part if isinstance(part, str) else part[1](values[part[0]]) for part in self.parts)


@dataclass
class _Shape:
    frame: Frame | None = None
    verified: bool = False
    usable: bool = True


@dataclass
class FrameCounts:
    """Pages filled in a frame, and rendered whole (kept apart from the renderer, which holds a build's environment)."""

    framed: int = 0
    whole: int = 0


@dataclass
class FrameRenderer:
    """Renders the practice pages of one language build, through frames where they are proven right."""

    env: Environment
    template_name: str
    shapes: dict[Any, _Shape] = field(default_factory=dict)
    counts: "FrameCounts" = field(default_factory=lambda: FrameCounts())
    _lang: Any = None

    def render(self, context: dict[str, Any], page: Any, path: str, shape: tuple[Any, ...]) -> str:
        """The page's HTML; `path` is the page's site path without language prefix (`practices/<slug>/`)."""
        template = self.env.get_template(self.template_name)
        key = (*shape, bool(page.toc), bool(page.meta.get("description")))
        state = self.shapes.setdefault(key, _Shape())
        if not state.usable:
            self.counts.whole += 1
            return template.render(context)
        if state.frame is None:
            html = template.render(context)
            self.counts.whole += 1
            try:
                state.frame = self._probe(template, context, page, path)
            except Exception as exc:  # noqa: BLE001 - the frame is an optimisation: render whole
                log.debug(f"practices: no frame for practice pages of shape {key}: {exc!r}")
                state.frame = None
            if state.frame is None:
                state.usable = False
            return html
        try:
            framed = state.frame.fill(self._values(template, context, page, path))
        except Exception as exc:  # noqa: BLE001
            log.debug(f"practices: the frame of shape {key} failed: {exc!r}")
            state.usable = False
            self.counts.whole += 1
            return template.render(context)
        if not state.verified:
            html = template.render(context)
            self.counts.whole += 1
            if framed != html:
                log.debug(f"practices: the frame of shape {key} differs from the whole template on {path}; rendering whole")
                state.usable = False
                return html
            state.verified = True
            return html
        self.counts.framed += 1
        return framed

    def _values(self, template: Template, context: dict[str, Any], page: Any, path: str) -> dict[str, str]:
        block = template.blocks["content"]
        content = "".join(block(template.new_context(context)))
        if self._lang is None:
            # The theme's strings (`lang.t(...)`), as base.html imports them: the same for every page of the build.
            self._lang = self.env.get_template("partials/language.html").make_module(context)
        toc = self.env.get_template(TOC_TEMPLATE).render({**context, "lang": self._lang})
        first = next(iter(page.toc), None)
        return {
            "title": page.meta.get("title") or "",
            "description": page.meta.get("description") or "",
            "path": path,
            "content": content,
            "toc": toc,
            "anchor": first.id if first is not None else "",
        }

    def _probe(self, template: Template, context: dict[str, Any], page: Any, path: str) -> Frame | None:
        from mkdocs.structure.toc import get_toc

        saved = (dict(page.meta), page.toc)
        try:
            page.meta["title"] = Markup(_TITLE)
            if page.meta.get("description"):
                page.meta["description"] = Markup(_DESCRIPTION)
            if page.toc:
                page.toc = get_toc([{"level": 2, "id": _ANCHOR, "name": _TOC_TITLE, "children": []}])
            probe = self.env.get_template(PROBE_TEMPLATE).render({**context, "gp_frame_template": self.template_name, "gp_frame_probe": True})
        finally:
            page.meta.clear()
            page.meta.update(saved[0])
            page.toc = saved[1]
        return _cut(probe, path)


def _cut(probe: str, path: str) -> Frame | None:
    """The probe's output cut at its sentinels; None if a sentinel is left in a literal part."""
    slots: dict[str, tuple[str, Callable[[str], str]]] = {
        _CONTENT: ("content", lambda value: value),
        _TOC: ("toc", lambda value: value),
        _ANCHOR: ("anchor", lambda value: value),
        path: ("path", lambda value: value),
    }
    for sentinel, write in _variants(_TITLE).items():
        slots[sentinel] = ("title", write)
    for sentinel, write in _variants(_DESCRIPTION).items():
        slots[sentinel] = ("description", write)
    # Longest first: no sentinel is a prefix of another, but keep the match unambiguous.
    pattern = re.compile("|".join(re.escape(s) for s in sorted(slots, key=len, reverse=True)))
    parts: list[str | tuple[str, Callable[[str], str]]] = []
    last = 0
    for match in pattern.finditer(probe):
        parts.append(probe[last : match.start()])
        parts.append(slots[match.group(0)])
        last = match.end()
    parts.append(probe[last:])
    if any(isinstance(part, str) and _RESIDUE.search(part) for part in parts):
        return None
    if not any(isinstance(part, tuple) and part[0] == "content" for part in parts):
        return None
    return Frame([part for part in parts if part != ""])
