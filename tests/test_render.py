"""Rendering bodies once per command: links for the version's page, workers, the cache."""

from __future__ import annotations

import re

from goodpractices import render as render_mod
from goodpractices.render import MarkdownSetup, RenderJob, render_bodies
from goodpractices.site import SiteLayout

LAYOUT = SiteLayout(("en", "pl", "cs"), "en", ("en",))
SETUP = MarkdownSetup(("toc", "admonition", "attr_list", "tables", "md_in_html"), {"toc": {"permalink": True}})
BODY = """## Kontekst

Zobacz [harmonogram](harmonogram.csv), ![zdjęcie](img/photo.jpg), [wersję angielską](en.md),
[inną praktykę](../other-practice/cs.md), [kotwicę](#kontekst), [stronę](https://example.org/a.html)
i [folder](./sub/).

<script>alert(1)</script>

## Wyniki

Tekst.
"""


def _hrefs(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="([^"]*)"', html)


def test_links_are_written_for_the_version_page() -> None:
    out = render_bodies([RenderJob("demo", "pl", BODY), RenderJob("demo", "en", BODY)], LAYOUT, SETUP, cache=False)
    pl, en = out[("demo", "pl")], out[("demo", "en")]
    # pl/practices/demo/ → the shared practice folder and the other versions' pages
    assert _hrefs(pl.html) == [
        "#kontekst",
        "../../../practices/demo/harmonogram.csv",
        "../../../practices/demo/img/photo.jpg",
        "../../../practices/demo/",
        "../../../cs/practices/other-practice/",
        "#kontekst",
        "https://example.org/a.html",
        "../../../practices/demo/sub/",
        "#wyniki",
    ]
    # practices/demo/ is the practice folder itself
    assert _hrefs(en.html)[1:5] == ["harmonogram.csv", "img/photo.jpg", "./", "../../cs/practices/other-practice/"]
    assert "<script" not in pl.html  # sanitised
    assert [t["id"] for t in pl.toc] == ["kontekst", "wyniki"]


def test_workers_give_the_same_result_as_one_process() -> None:
    jobs = [RenderJob(f"p{i}", ("en", "pl", "cs")[i % 3], BODY.replace("Tekst", f"Tekst {i}")) for i in range(130)]
    serial = render_bodies(jobs, LAYOUT, SETUP, workers=1, cache=False)
    parallel = render_bodies(jobs, LAYOUT, SETUP, workers=2, cache=False)
    assert serial == parallel
    assert len(serial) == 130


def test_the_cache_renders_only_what_changed(monkeypatch) -> None:
    render_mod.clear_cache()
    rendered: list[str] = []
    original = render_mod._Renderer.render

    def counting(self, job):  # type: ignore[no-untyped-def]
        rendered.append(job.slug)
        return original(self, job)

    monkeypatch.setattr(render_mod._Renderer, "render", counting)
    jobs = [RenderJob("a", "en", BODY), RenderJob("b", "pl", BODY)]
    first = render_bodies(jobs, LAYOUT, SETUP, workers=1)
    again = render_bodies([jobs[0], RenderJob("b", "pl", BODY + "\nZmiana.\n")], LAYOUT, SETUP, workers=1)
    assert rendered == ["a", "b", "b"]
    assert again[("a", "en")] is first[("a", "en")]
    assert "Zmiana" in again[("b", "pl")].html
    # another Markdown configuration is another key
    render_bodies([jobs[0]], LAYOUT, MarkdownSetup(("toc",), {}), workers=1)
    assert rendered[-1] == "a"
    render_mod.clear_cache()
