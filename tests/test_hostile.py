"""Hostile input: payloads in the body and front matter, built into a site and opened in Chromium.

The body payloads are tests/golden/hostile/body-payloads.md (one per paragraph);
the front-matter payloads are below. Nothing may run, open a dialog, or reach
the DOM as an element or an event handler.
"""

from __future__ import annotations

import json

import pytest
import yaml

from conftest import GOLDEN, source

PAYLOAD = "window.__pwned=1"
FRONT_MATTER_PAYLOADS = {
    "title": f"</title><script>{PAYLOAD}</script> & </script><script>{PAYLOAD}</script>",
    "summary": f'"><img src="https://example.invalid/x.png" onerror="{PAYLOAD}"> \'><svg onload={PAYLOAD}>',
    "municipality": f"<svg onload={PAYLOAD}>",
    "region": "{{ 7*7 }} {% raw %}",
    "tags": [f"</title><script>{PAYLOAD}</script>", "javascript:alert(1)"],
    "results": [f"<iframe src=javascript:{PAYLOAD}></iframe>", "{{ config }}"],
    "funding": f"<a href=javascript:{PAYLOAD}>fund</a>",
}
NESTED_PAYLOADS = {
    ("organisation", "name"): f"' onmouseover='{PAYLOAD}' x='",
    ("contact", "name"): "{{ 7*7 }}",
    ("contact", "role"): f"<b onmouseover={PAYLOAD}>role</b>",
}
LINK = {"url": f'https://example.org/"><script>{PAYLOAD}</script>', "title": f"<img src=x onerror={PAYLOAD}>", "kind": "website"}


def hostile_practice() -> str:
    text = source("valid-pl.md")
    head, body = text.split("\n---\n", 1)
    data = yaml.safe_load(head.removeprefix("---\n"))
    data.update(FRONT_MATTER_PAYLOADS)
    for (outer, inner), value in NESTED_PAYLOADS.items():
        data[outer][inner] = value
    data["links"] = [LINK]
    payloads = (GOLDEN / "hostile" / "body-payloads.md").read_text(encoding="utf-8")
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n" + body + "\n" + payloads


def test_corpus_is_large_enough() -> None:
    body = (GOLDEN / "hostile" / "body-payloads.md").read_text(encoding="utf-8")
    count = len([p for p in body.split("\n\n") if p.strip()]) + len(FRONT_MATTER_PAYLOADS) + len(NESTED_PAYLOADS) + 2
    assert count >= 30


PAGES = [
    "pl/practices/hostile/",
    "practices/hostile/",
    "pl/practices/",
    "practices/",
    "cs/practices/",
    "pl/practices/category/development-plan/",
    "pl/",
    "pl/search/",
]

INSPECT = """() => {
  // First give any surviving handler its chance: pointer, focus and toggle events on the content.
  for (const el of document.querySelectorAll('.md-content *')) {
    for (const type of ['mouseover', 'mouseenter', 'click', 'focus', 'toggle', 'error', 'load']) {
      if (type === 'click' && el.closest('a[href], button, summary, label, input')) continue;
      el.dispatchEvent(new Event(type, { bubbles: false }));
    }
  }
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    // The search page's Pagefind interface is our own code; what it shows from the index is checked by the search tests.
    if (el.closest('#gp-search')) continue;
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase(), value = attr.value.replace(/[\\u0000-\\u0020]/g, '').toLowerCase();
      if (name.startsWith('on')) bad.push(`${el.tagName} ${name}`);
      if (['href', 'src', 'action', 'formaction', 'xlink:href', 'background', 'data', 'poster'].includes(name)
          && /^(javascript|vbscript|data):/.test(value)) bad.push(`${el.tagName} ${name}=${attr.value}`);
      if (name === 'style' && el.closest('.md-content')) bad.push(`${el.tagName} style`);
    }
    const tag = el.tagName.toLowerCase();
    if (['iframe', 'object', 'embed', 'base', 'frame', 'applet'].includes(tag)) bad.push(tag);
    if (tag === 'form' && !el.matches('form.gp-filters, form.md-search__form')) bad.push('form');
    if (['svg', 'math', 'style', 'meta', 'link'].includes(tag) && el.closest('.md-content') && !el.closest('.md-content__button, .gp-edit, .headerlink')) bad.push(`${tag} in content`);
    // The catalogue's own line that closes its filter panel on a phone as the page is parsed is ours (authors' HTML cannot make a .gp-app).
    const ours = el.parentElement && el.parentElement.matches('.gp-app > details.gp-filters-panel');
    if (tag === 'script' && el.src === '' && el.type !== 'application/json' && !el.closest('head') && el.closest('.md-content') && !ours) bad.push('inline script in content');
    if (tag === 'input' && el.closest('.gp-practice')) bad.push('input in practice');
  }
  return bad;
}"""


@pytest.mark.parametrize("path", PAGES)
def test_nothing_runs_and_nothing_is_injected(browser, hostile_site, path: str) -> None:
    _, base = hostile_site
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        page.goto(f"{base}/{path}")
        page.wait_for_load_state("load")
        bad = page.evaluate(INSPECT)
        page.wait_for_timeout(300)
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert dialogs == []
        assert bad == []
    finally:
        context.close()


def test_front_matter_is_text_everywhere(hostile_site) -> None:
    site, _ = hostile_site
    html = (site / "pl" / "practices" / "hostile" / "index.html").read_text(encoding="utf-8")
    head = html[: html.index("</head>")]
    assert head.count("<title>") == 1 and "<script>window.__pwned" not in head
    assert "&lt;/title&gt;&lt;script&gt;" in head  # the title, escaped once
    assert "{{ 7*7 }}" in html and ">49<" not in html  # no template injection
    from htmlutil import _Collector

    parser = _Collector()
    parser.feed(html)
    handlers = [(tag, name) for tag, attrs in parser.elements for name in attrs if name.startswith("on")]
    assert handlers == []
    body = _Collector()
    body.feed(html[html.index('<div class="gp-body">') : html.index('class="gp-back"')])
    assert not [tag for tag, _ in body.elements if tag in ("svg", "math", "iframe", "object", "embed", "script", "style", "form")]
    data = json.loads((site / "pl" / "practices" / "catalogue.json").read_text(encoding="utf-8"))
    assert any("window.__pwned" in title for title in data["items"]["title"])  # kept as data, JSON-escaped
    notice = (site / "cs" / "practices" / "index.html").read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in notice
