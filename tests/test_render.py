"""Rendering bodies: links for the version's page, worker processes, the preview's kept bodies."""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import pytest
from markdown.extensions.tables import TableExtension

from goodpractices import load_practices
from goodpractices import render as render_mod
from goodpractices.render import MarkdownSetup, RenderedBody, Renderer, RenderJob
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


def test_one_body_serves_every_page_that_shows_it() -> None:
    extra = (
        "\n[Ta sama praktyka](../demo/), [inna](../other-practice), [lista](../).\n\n"
        '<figure><img src="img/chart.png" alt="wykres"><figcaption><a href="harmonogram.csv">Plik</a></figcaption></figure>\n'
    )
    body = _render([RenderJob("demo", "pl", BODY + extra)])[("demo", "pl")]
    # on pl/practices/demo/ (its own page): the shared practice folder, this practice's other versions,
    # and every other practice (a version file of it too) and the catalogue in the reader's language
    assert _hrefs(body.for_page("pl/practices/demo/", LAYOUT, "pl").html) == [
        "#kontekst",
        "../../../practices/demo/harmonogram.csv",
        "../../../practices/demo/img/photo.jpg",
        "../../../practices/demo/",  # en.md: this text in English
        "../../../pl/practices/other-practice/",  # ../other-practice/cs.md
        "#kontekst",
        "https://example.org/a.html",
        "../../../practices/demo/sub/",
        "#wyniki",
        "../../../pl/practices/demo/",
        "../../../pl/practices/other-practice/",
        "../../../pl/practices/",
        # raw HTML, as Markdown's
        "../../../practices/demo/img/chart.png",
        "../../../practices/demo/harmonogram.csv",
    ]
    # the same text on the default language's page (a reader whose language lacks it): one level less up
    en = _hrefs(body.for_page("practices/demo/", LAYOUT, "en").html)
    assert en[1:5] + en[-5:] == [
        "../../practices/demo/harmonogram.csv",
        "../../practices/demo/img/photo.jpg",
        "../../practices/demo/",
        "../../practices/other-practice/",
        "../../practices/demo/",
        "../../practices/other-practice/",
        "../../practices/",
        "../../practices/demo/img/chart.png",
        "../../practices/demo/harmonogram.csv",
    ]
    assert "__gp_" not in body.for_page("cs/practices/demo/", LAYOUT, "cs").html
    assert "<script" not in body.html  # sanitised
    assert [t["id"] for t in body.toc] == ["kontekst", "wyniki"]


def _render(jobs: list[RenderJob], setup: MarkdownSetup = SETUP) -> dict[tuple[str, str], RenderedBody]:
    renderer = Renderer(setup, LAYOUT)
    return {(job.slug, job.lang): renderer.render(job) for job in jobs}


_WORKERS_CHECK = """
from goodpractices.runtime import BuildRuntime
jobs = [RenderJob(f"p{i}", ("en", "pl", "cs")[i % 3], BODY.replace("Tekst", f"Tekst {i}")) for i in range(300)]
serial = _render(jobs)
runtime = BuildRuntime(workers=2)
runtime.render_bodies(jobs, LAYOUT, SETUP)
try:
    assert runtime._pool is not None  # the workers are rendering
    assert runtime.has_body("p5", "cs") and not runtime.has_body("p5", "en")
    # The first body is there once its chunk is; the last chunk may still be rendering.
    assert runtime.body("p0", "en") == serial[("p0", "en")]
    assert runtime.body("p297", "en") == serial[("p297", "en")]
    try:
        runtime.body("p5", "en")
    except KeyError:
        pass
    else:
        raise AssertionError("a body never asked for")
    assert {key: runtime.body(*key) for key in serial} == serial
finally:
    runtime.close()
assert runtime._pool is None
print("ok")
"""


def test_workers_give_the_same_bodies_as_one_process_waiting_one_chunk_at_a_time() -> None:
    _run_alone(_WORKERS_CHECK)


_BROKEN_WORKER_CHECK = """
import logging
from goodpractices import runtime as runtime_mod
jobs = [RenderJob(f"p{i}", "pl", BODY.replace("Tekst", f"Tekst {i}")) for i in range(100)]
serial = _render(jobs)
def die(jobs):
    os._exit(3)
runtime_mod._render_chunk = die  # every worker dies on its first chunk
warnings = []
logging.getLogger("goodpractices.runtime").addHandler(type("H", (logging.Handler,), {"emit": lambda self, r: warnings.append(r.getMessage())})())
runtime = runtime_mod.BuildRuntime(workers=2)
runtime.render_bodies(jobs, LAYOUT, SETUP)
assert runtime._pool is not None  # the workers were started
assert {key: runtime.body(*key) for key in serial} == serial
runtime.close()
assert warnings and "worker process failed" in warnings[0], warnings
print("ok")
"""


def test_a_broken_worker_s_bodies_are_rendered_here_with_a_warning() -> None:
    _run_alone(_BROKEN_WORKER_CHECK)


def test_a_worker_dead_before_every_chunk_is_handed_out_breaks_nothing() -> None:
    """The pool refuses new chunks once a worker died: those are rendered here too, with the same warning."""
    check = _BROKEN_WORKER_CHECK.replace(
        "runtime = runtime_mod.BuildRuntime(workers=2)",
        "from concurrent.futures.process import BrokenProcessPool\n"
        "class Refusing(runtime_mod.ProcessPoolExecutor):\n"
        "    handed = 0\n"
        "    def submit(self, *args, **kwargs):\n"
        "        Refusing.handed += 1\n"
        "        if Refusing.handed > 1:\n"
        "            raise BrokenProcessPool('a child process terminated abruptly')\n"
        "        return super().submit(*args, **kwargs)\n"
        "runtime_mod.ProcessPoolExecutor = Refusing\n"
        "runtime = runtime_mod.BuildRuntime(workers=2)",
    )
    _run_alone(check)


def _run_alone(check: str) -> None:
    """Run `check` in a Python process of its own: this one may run threads (a test server), and then nothing is forked."""
    import subprocess

    here = Path(__file__).parent
    preamble = (
        "import os, sys\n"
        f"sys.path[:0] = [{str(here.parent / 'plugins')!r}, {str(here)!r}]\n"
        "from test_render import BODY, LAYOUT, SETUP, _render\n"
        "from goodpractices.render import RenderJob\n"
    )
    result = subprocess.run([sys.executable, "-c", preamble + check], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr


def test_the_preview_renders_again_only_what_changed(monkeypatch) -> None:
    from goodpractices.runtime import BuildRuntime

    rendered: list[str] = []
    original = render_mod.Renderer.render

    def counting(self, job):  # type: ignore[no-untyped-def]
        rendered.append(job.slug)
        return original(self, job)

    monkeypatch.setattr(render_mod.Renderer, "render", counting)
    runtime = BuildRuntime(keep_bodies=True, workers=1)
    jobs = [RenderJob("a", "en", BODY), RenderJob("b", "pl", BODY)]
    runtime.render_bodies(jobs, LAYOUT, SETUP)
    first = runtime.body("a", "en")
    runtime.render_bodies([jobs[0], RenderJob("b", "pl", BODY + "\nZmiana.\n")], LAYOUT, SETUP)
    assert rendered == ["a", "b", "b"]
    assert runtime.body("a", "en") == first
    assert "Zmiana" in runtime.body("b", "pl").html
    # another Markdown configuration is another key
    runtime.render_bodies([jobs[0]], LAYOUT, MarkdownSetup(("toc",), {}))
    assert rendered[-1] == "a"
    runtime.close()


# Leaving out what a body cannot use ----------------------------------------------------------

_EVERY_KNOWN = (
    "toc", "tables", "fenced_code", "admonition", "attr_list", "md_in_html", "abbr", "footnotes",
    "def_list", "sane_lists", "smarty", "nl2br", "wikilinks", "meta", "legacy_attrs", "legacy_em", "codehilite",
)
PRUNING_SETUPS = [
    SETUP,
    # what MkDocs passes for the site's mkdocs.yml (its builtins toc, tables and fenced_code first)
    MarkdownSetup(("toc", "tables", "fenced_code", "admonition", "attr_list", "md_in_html"), {"toc": {"permalink": True}}),
    MarkdownSetup(_EVERY_KNOWN, {"toc": {"permalink": True, "marker": "[TOC]"}, "smarty": {"smart_angled_quotes": True}}),
    MarkdownSetup(
        ("markdown.extensions.tables", "attr_list", "fenced_code", "markdown.extensions.footnotes", "abbr", "def_list"), {}
    ),
    MarkdownSetup(
        ("fenced_code", "codehilite", "attr_list", "md_in_html", "admonition"), {"codehilite": {"use_pygments": False}}
    ),
]

# Each trigger, each way to miss one, and what the extensions do to one another.
EDGE_CASES = [
    "",
    "   \n\t\n",
    "Plain text, *emphasis*, **strong**, _under_ and __double__.",
    "| a | b |\n|---|:-:|\n| 1 | 2 |",
    "| only |\n| --- |\n| one |",
    "a | b\n--|--\n1 | 2",
    "Not a table: a \\| b and `a | b`.",
    "| a | `b | c` |\n|---|---|\n| \\| | x |",
    '!!! note "A title"\n    Inside **the** box.\n\n    Second paragraph.',
    "!!! warning\n    Text\n\n- item\n\n    !!! tip\n        nested",
    '<div class="admonition" markdown>\n\nInside.\n\n</div>\n\n    indented after an admonition-like div',
    '<div class="note admonition">raw</div>\n\n    indented after a raw div',
    "# Heading {: #custom .cls }\n\nPara\n{: .para-class }\n\n[link](u.md){: .y }",
    '## Short {: data-toc-label="Label" }\n\n### Other { #x }',
    "Code `{` and `}` and {not an attribute list}.",
    "```python\ncode {\n```",
    "~~~\ntilde fence\n~~~",
    '```python hl_lines="1 2"\na = 1\nb = 2\n```',
    '``` { .lang #fid data-x="1" }\nx\n```',
    "```\nunclosed fence",
    "<div markdown>\n**bold** inside\n</div>",
    '<div markdown="1">\n\n# Heading in html\n\n</div>\n\n<p markdown="span">*span*</p>',
    "Inline <b>html</b> and <span class=x>span</span>, <!-- comment --> done.",
    "<?php echo 1; ?>\n\n<![CDATA[ x ]]>\n\n<!DOCTYPE html>",
    "Auto <https://example.org/a?b=c> and <mail@example.org> and a < b > c.",
    "<dl markdown>\n<dt>T</dt>\n</dl>\n\n    indented after a dl",
    '<div class="footnote" markdown>\n\nText only.\n\n</div>',
    '<div class="footnote" markdown>\n\n1. a list, which footnotes rewrites (and fails on)\n\n</div>',
    "*[HTML]: Hyper Text Markup Language\n\nHTML is HTML.",
    "Text with a note[^1] and another[^n].\n\n[^1]: The note.\n[^n]: Other\n    continued.",
    "Not a note: [^ x] and [x]^ and ^[x].",
    "///Footnotes Go Here///\n\nText[^a]\n\n[^a]: A.",
    "Term\n: Definition\n\nOther term\n:   Indented definition",
    "- list\n\n    : not a definition",
    "Entities &amp; &#123;: .x } &copy; &#x7b; and & alone.",
    "Escapes \\{ \\| \\! \\< \\` \\[ \\* \\_ \\\\ done.",
    "Line  \nbreak, tab\t\nbreak, CR  \r\nbreak\r\nand\rmore.",
    "a\tb\tc  \n\td",
    "ab\t\nbreak by a tab",
    "CR  \r\nbreak",
    "Copyright &#169; only.",
    "[\x02^1] and !!\x02! and ``\x02` and *\x02[ and hl_\x02lines and  \x02 \nx",
    "!!\x02! note\n    box",
    "``\x02`\nfenced\n```",
    "*\x02[X]: Ex\n\nX marks.",
    "Ref[\x02^r].\n\n[\x02^r]: Note.",
    "[a](b.md), ![img](img/x.png \"t\"), [ref][r], [short], ![iref][r], [[WikiLink]]\n\n[r]: http://x.org/\n[short]: other.md",
    "[TOC]\n\n# A\n\n## B\n\n## B\n\n# A",
    "1. one\n* two\n\n3. three\n4. four",
    "\"Quoted\" -- dash --- and ... and 'single' <<angled>>",
    "line one\nline two\nline three",
    "Title: Meta\nAuthor: Someone\n\nBody after meta.",
    "    indented code {x} | y <z> &amp;\n\nafter",
    "> quoted | a | b |\n> |---|---|\n> | 1 | 2 |\n>\n> !!! note\n>     in quote",
    "* list with `code` and\n\n        code in list\n\n* [^1]\n\n[^1]: x",
    "# Same\n\n# Same\n\n## Same {#same}\n\n# Über **bold** `code` <i>x</i>",
    "{@id=legacy}Legacy attrs {@class=x}",
]


def _generated_bodies(tmp_path, vocab) -> list[str]:  # type: ignore[no-untyped-def]
    root = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root / "scripts"))
    import bench_gen

    bench_gen.generate(tmp_path / "practices", 30, vocab, seed=7, body_words=300)
    bodies = []
    for folder in (root / "practices", tmp_path / "practices"):
        result = load_practices(folder, ("en", "pl", "cs", "sl", "nb"), vocab)
        assert result.practices
        bodies += [version.body for practice in result.practices.values() for version in practice.versions.values()]
    return bodies


def _outcome(renderer, job):  # type: ignore[no-untyped-def]
    try:
        rendered = renderer.render(job)
    except Exception as exc:  # noqa: BLE001 - the same failure both ways is the same result
        return ("failed", type(exc).__name__, str(exc))
    return rendered.html, rendered.toc


def test_leaving_out_what_a_body_cannot_use_changes_nothing(tmp_path, vocab, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # Markdown's own output, before the sanitiser (which could hide a difference).
    monkeypatch.setattr(render_mod, "clean_body", lambda html: html)
    bodies = _generated_bodies(tmp_path, vocab)
    rng = random.Random(4)
    mixed = ["\n\n".join(rng.sample(EDGE_CASES, rng.randint(2, 4))) for _ in range(250)]
    mixed += [rng.choice(bodies[:40])[:600] + "\n\n" + case for case in EDGE_CASES]
    jobs = [RenderJob(f"p{i}", ("en", "pl", "cs")[i % 3], body) for i, body in enumerate(EDGE_CASES + mixed + bodies)]
    for setup in PRUNING_SETUPS:
        pruned = render_mod.Renderer(setup, LAYOUT)
        full = render_mod.Renderer(setup, LAYOUT, prune=False)
        assert pruned.prunable  # this configuration is one that leaves things out
        for job in jobs:
            assert _outcome(pruned, job) == _outcome(full, job), (setup.extensions, job.body)
        assert len(full.instances) == 1
        assert len(pruned.instances) > 3
        # a plain body (all the generated ones) is rendered with none of what it cannot use
        kept, left_out = pruned._variant(bodies[-1])
        names = [setup.extensions[i] for i in kept]
        assert not {"tables", "admonition", "attr_list", "md_in_html", "markdown.extensions.tables"} & set(names)
        assert left_out


def test_nothing_is_left_out_beside_an_unknown_extension_or_a_configured_abbr_or_footnotes() -> None:
    assert render_mod._prunable(SETUP)
    assert render_mod._prunable(MarkdownSetup(("toc", "tables", "pymdownx.snippets"), {})) is None
    assert render_mod._prunable(MarkdownSetup(("toc", TableExtension()), {})) is None
    assert render_mod._prunable(MarkdownSetup(("tables", "abbr"), {"abbr": {"glossary": {"HTML": "Hyper"}}})) is None
    assert render_mod._prunable(MarkdownSetup(("tables", "footnotes"), {"footnotes": {"UNIQUE_IDS": True}})) is None
    # an abbreviation from the glossary is marked in a body without any "*["
    setup = MarkdownSetup(("toc", "abbr"), {"abbr": {"glossary": {"HTML": "Hyper"}}})
    out = _render([RenderJob("demo", "en", "HTML here.")], setup)
    assert '<abbr title="Hyper">HTML</abbr>' in out[("demo", "en")].html


def test_a_configuration_error_shows_before_any_body_is_rendered() -> None:
    with pytest.raises(KeyError):
        render_mod.Renderer(MarkdownSetup(("toc", "tables"), {"tables": {"no_such_option": True}}), LAYOUT)
