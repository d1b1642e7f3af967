"""Small HTML reading helpers for tests (standard library only)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))


def elements(html: str, tag: str, **attrs: str) -> list[dict[str, str | None]]:
    """Attributes of every `tag` element whose attributes include `attrs` (class matched by word)."""
    parser = _Collector()
    parser.feed(html)
    found = []
    for name, values in parser.elements:
        if name != tag:
            continue
        ok = True
        for keyword, want in attrs.items():
            key = keyword.rstrip("_")
            have = values.get(key) or ""
            if key == "class":
                ok = ok and want in have.split()
            else:
                ok = ok and have == want
        if ok:
            found.append(values)
    return found


def resolve(site: Path, page_url: str, href: str) -> Path | None:
    """The file in `site` that `href` on the page at `page_url` (site-relative) points to, or None for external links."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    target = urljoin("/" + page_url, parts.path)
    path = site / target.lstrip("/")
    if target.endswith("/"):
        path = path / "index.html"
    return path


def links_to(site: Path, page: str, tag: str, **attrs: str) -> set[Path | None]:
    """The files the `tag` elements (with `attrs`) of the page at site path `page` point to."""
    html = (site / page / "index.html").read_text(encoding="utf-8")
    return {resolve(site, page, e["href"]) for e in elements(html, tag, **attrs) if e.get("href")}
