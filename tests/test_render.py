"""Rendering bodies once per command: links for the version's page, workers, the cache."""

from __future__ import annotations

import multiprocessing
import os
import random
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from markdown.extensions.tables import TableExtension

from goodpractices import load_practices
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


_BACKGROUND_CHECK = """
jobs = [RenderJob(f"p{i}", ("en", "pl", "cs")[i % 3], BODY.replace("Tekst", f"Tekst {i}")) for i in range(300)]
serial = render_bodies(jobs, LAYOUT, SETUP, workers=1, cache=False)
background = render_bodies(jobs, LAYOUT, SETUP, workers=2, cache=False, wait=False)
try:
    assert len(background) == 300 and ("p5", "cs") in background and ("p5", "en") not in background
    assert background._pool is not None  # the workers are rendering
    # The first body is there once its chunk is; the last chunk may still be rendering.
    assert background[("p0", "en")] == serial[("p0", "en")]
    assert background[("p297", "en")] == serial[("p297", "en")]
    try:
        background[("p5", "en")]
    except KeyError:
        pass
    else:
        raise AssertionError("a body never asked for")
finally:
    background.close()
assert background._pool is None and not background._pending
assert dict(background.items()) == dict(serial.items())
print("ok")
"""


def test_bodies_rendered_in_the_background_are_waited_for_one_chunk_at_a_time() -> None:
    _run_alone(_BACKGROUND_CHECK)


_BROKEN_WORKER_CHECK = """
jobs = [RenderJob(f"p{i}", "pl", BODY.replace("Tekst", f"Tekst {i}")) for i in range(100)]
serial = render_bodies(jobs, LAYOUT, SETUP, workers=1, cache=False)
def die(jobs):
    os._exit(3)
render_mod._render_chunk = die  # every worker dies on its first chunk
background = render_bodies(jobs, LAYOUT, SETUP, workers=2, cache=False, wait=False)
assert background._pool is not None  # the workers were started
background.close()
assert dict(background.items()) == dict(serial.items())
print("ok")
"""


def test_a_broken_worker_s_bodies_are_rendered_here() -> None:
    _run_alone(_BROKEN_WORKER_CHECK)


def _run_alone(check: str) -> None:
    """Run `check` in a Python process of its own: this one may run threads (a test server), and then nothing is forked."""
    import subprocess

    here = Path(__file__).parent
    preamble = (
        "import os, sys\n"
        f"sys.path[:0] = [{str(here.parent / 'plugins')!r}, {str(here)!r}]\n"
        "from test_render import BODY, LAYOUT, SETUP\n"
        "from goodpractices import render as render_mod\n"
        "from goodpractices.render import RenderJob, render_bodies\n"
    )
    result = subprocess.run([sys.executable, "-c", preamble + check], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr


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
    except Exception as exc:  # the same failure both ways is the same result
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
        pruned = render_mod._Renderer(setup, LAYOUT)
        full = render_mod._Renderer(setup, LAYOUT, prune=False)
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
    out = render_bodies([RenderJob("demo", "en", "HTML here.")], LAYOUT, setup, cache=False, workers=1)
    assert '<abbr title="Hyper">HTML</abbr>' in out[("demo", "en")].html


def test_a_configuration_error_shows_before_any_body_is_rendered() -> None:
    with pytest.raises(KeyError):
        render_mod._Renderer(MarkdownSetup(("toc", "tables"), {"tables": {"no_such_option": True}}), LAYOUT)


def test_bodies_are_kept_compressed_only_for_large_builds(monkeypatch) -> None:
    jobs = [RenderJob("demo", "pl", BODY), RenderJob("demo", "en", BODY)]
    small = render_bodies(jobs, LAYOUT, SETUP, cache=False)
    assert all(isinstance(small[key].packed, str) for key in small)
    monkeypatch.setattr(render_mod, "COMPRESS_OVER", 1)
    large = render_bodies(jobs, LAYOUT, SETUP, cache=False)
    assert all(isinstance(large[key].packed, bytes) for key in large)
    assert {key: large[key].html for key in large} == {key: small[key].html for key in small}
    assert "<h2" in small[("demo", "pl")].html


def test_a_large_build_spills_its_bodies_to_files_and_reads_them_back() -> None:
    """Above COMPRESS_OVER, a build's workers write the bodies to spill files: the same HTML read back; discard() removes the files."""
    _run_alone(_SPILL_CHECK)


_SPILL_CHECK = """
render_mod.COMPRESS_OVER = 10
jobs = [RenderJob(f"p{i}", "en" if i % 2 else "pl", f"# Tytuł {i} \u0105\u0119 \U0001F600\\n\\nBody {i} with **bold**, [a link](en.md).\\n" + BODY) for i in range(200)]
spilled = render_bodies(jobs, LAYOUT, SETUP, workers=2, cache=False, wait=False)
assert spilled._pool is not None and spilled._spill_dir is not None  # the workers were started, with a spill folder
spill_dir = spilled._spill_dir.name
plain = render_bodies(jobs, LAYOUT, SETUP, workers=1, cache=False)  # rendered here: compressed
assert all(isinstance(v.packed, bytes) for v in plain.values())
got = {k: v.html for k, v in spilled.items()}
assert all(isinstance(spilled[k].packed, render_mod.Spilled) for k in spilled)
assert got == {k: v.html for k, v in plain.items()} and len(got) == 200
assert "\U0001F600" in got[("p1", "en")]
assert len(os.listdir(spill_dir)) == 2  # one file per worker
# The preview's cache outlives a build: never spilled.
cached = render_bodies(jobs, LAYOUT, SETUP, workers=2, cache=True, wait=False)
assert cached._spill_dir is None and all(isinstance(v.packed, bytes) for v in cached.values())
spilled.discard()
assert not os.path.exists(spill_dir) and not render_mod._SPILL_FDS
print("ok")
"""


def _niceness_after(later: bool) -> tuple[int, int]:
    before = os.nice(0)
    render_mod._render_chunk([RenderJob("a", "en", "# A\n\ntext")], later)
    return before, os.nice(0)


@pytest.mark.skipif(not hasattr(os, "nice") or sys.platform == "win32", reason="POSIX priorities")
def test_bodies_needed_later_are_rendered_at_a_lower_priority() -> None:
    """render_bodies(first=n): a worker lowers its priority once it reaches the jobs after the first n, and only then."""
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(1, mp_context=context, initializer=render_mod._init_worker, initargs=(SETUP, LAYOUT)) as pool:
        assert pool.submit(_niceness_after, False).result() == (os.nice(0), os.nice(0))
        before, after = pool.submit(_niceness_after, True).result()
        assert after == min(19, before + render_mod.LATER_NICENESS)
        assert pool.submit(_niceness_after, True).result() == (after, after), "lowered once"
    # Through render_bodies, in worker processes: the same bodies, whatever is needed first.
    _run_alone(_FIRST_CHECK)


_FIRST_CHECK = """
jobs = [RenderJob(f"p{i}", "en" if i < 40 else "pl", f"# Title {i}\\n\\nBody {i} with **bold**.\\n") for i in range(160)]
urgent = render_bodies(jobs, LAYOUT, SETUP, workers=2, cache=False, first=40, wait=False)
assert urgent._pool is not None  # the workers were started
urgent.close()
plain = render_bodies(jobs, LAYOUT, SETUP, workers=1, cache=False)
assert {k: v.html for k, v in urgent.items()} == {k: v.html for k, v in plain.items()}
print("ok")
"""
