"""The catalogue and the search page in headless Chromium, for scripts/bench.py.

The built site is served by Python's http.server on 127.0.0.1 (no compression, no
caching headers), so network timings are those of a fast local link: what is left
is parsing, the script and rendering. Sizes "as sent" are what the server sent;
"gzip" sizes are each text file compressed with gzip -6, what a usual web server
configured to compress would send.

"First render" is until the filters work (`ready_ms`: the script has read
catalogue.json and rendered the view); `complete_ms` is when the summaries
(catalogue-summaries.json, fetched next) have arrived as well. The
bytes of a load count both files.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import random
import re
import statistics
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
TEXT_TYPES = (".html", ".js", ".css", ".json", ".svg", ".xml", ".txt", ".mjs")

READY_PROBE = """
(() => {
  window.__gpReady = null;
  window.__gpComplete = null;
  const check = () => {
    const app = document.querySelector('.gp-app');
    if (app && app.classList.contains('gp-app--ready') && window.__gpReady === null) window.__gpReady = performance.now();
    // The summaries (a second file, fetched alongside) have arrived as well.
    if (app && app.classList.contains('gp-app--complete') && window.__gpComplete === null) window.__gpComplete = performance.now();
  };
  new MutationObserver(check).observe(document, {subtree: true, childList: true, attributes: true, attributeFilter: ['class']});
})();
"""

TIMINGS = """
() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const paint = Object.fromEntries(performance.getEntriesByType('paint').map(e => [e.name, e.startTime]));
  return {
    response_start_ms: nav.responseStart, response_end_ms: nav.responseEnd, dom_interactive_ms: nav.domInteractive,
    dom_content_loaded_ms: nav.domContentLoadedEventEnd, load_ms: nav.loadEventEnd,
    first_contentful_paint_ms: paint['first-contentful-paint'] ?? null,
    ready_ms: window.__gpReady,
    complete_ms: window.__gpComplete,
    js_heap_mb: performance.memory ? performance.memory.usedJSHeapSize / 1048576 : null,
    dom_nodes: document.getElementsByTagName('*').length,
  };
}
"""

CHANGE = """
async ([name, value]) => {
  const idle = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  const box = document.querySelector(`.gp-filters input[type=checkbox][name="${name}"][value="${CSS.escape(value)}"]`);
  await idle();
  const t0 = performance.now();
  box.checked = !box.checked;
  box.dispatchEvent(new Event('change', {bubbles: true}));
  const t1 = performance.now();
  void document.body.offsetHeight;  // style and layout of what the handler changed
  const t2 = performance.now();
  await idle();                      // the next frame (includes waiting for vsync)
  const t3 = performance.now();
  return {handler: t1 - t0, layout: t2 - t0, frame: t3 - t0, shown: document.querySelectorAll('#gp-results > li').length,
          status: document.querySelector('.gp-count').textContent};
}
"""

TYPE = """
async (text) => {
  const idle = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  const q = document.querySelector('#gp-q');
  await idle();
  const t0 = performance.now();
  q.value = text;
  q.dispatchEvent(new Event('input', {bubbles: true}));
  const t1 = performance.now();
  void document.body.offsetHeight;
  const t2 = performance.now();
  await idle();
  const t3 = performance.now();
  return {handler: t1 - t0, layout: t2 - t0, frame: t3 - t0, status: document.querySelector('.gp-count').textContent};
}
"""

VISIBLE_BOXES = """
(name) => Array.from(document.querySelectorAll(`.gp-filters input[type=checkbox][name="${name}"]`))
  .filter(b => !b.closest('li').hidden && !b.checked).map(b => b.value)
"""

FACET_ORDER = ("category", "country", "topic", "stage", "education", "level", "organisation", "language", "region")


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def _local_assets(html: str, page_url: str) -> list[str]:
    """Site paths of the stylesheets and scripts a page loads from its own site."""
    found = re.findall(r'<link[^>]+rel="?stylesheet"?[^>]*href="([^"]+)"', html) + re.findall(r'<link[^>]+href="([^"]+)"[^>]*rel="?stylesheet"?', html)
    found += re.findall(r'<script[^>]+src="([^"]+)"', html)
    paths = []
    for href in found:
        url = urljoin(page_url, href)
        parts = urlsplit(url)
        if parts.netloc == "site" and parts.path not in paths:
            paths.append(parts.path)
    return paths


def _data_files(html: str, page_url: str) -> list[str]:
    """Site paths of the JSON files the catalogue script fetches (named in the page's data-gp-… attributes)."""
    paths = []
    for href in re.findall(r'data-gp-[a-z]+="([^"]+\.json)"', html):
        path = urlsplit(urljoin(page_url, href)).path
        if path not in paths:
            paths.append(path)
    return paths


def catalogue_bytes(site: Path, n: int) -> dict[str, Any]:
    """Raw and gzip -6 size of what the English catalogue page needs: HTML, the JSON its script fetches (all of it, summaries included), CSS and JS."""
    page = site / "practices" / "index.html"
    html = page.read_bytes()
    files: list[dict[str, Any]] = [{"file": "practices/index.html", "kind": "page", "raw": len(html), "gzip": gz(html)}]
    for path in _data_files(html.decode("utf-8"), "http://site/practices/") or ["/practices/catalogue.json"]:
        data = (site / path.lstrip("/")).read_bytes()
        files.append({"file": path.lstrip("/"), "kind": "data", "raw": len(data), "gzip": gz(data)})
    for path in _local_assets(html.decode("utf-8"), "http://site/practices/"):
        f = site / path.lstrip("/")
        if f.is_file():
            content = f.read_bytes()
            files.append({"file": path.lstrip("/"), "kind": "asset", "raw": len(content), "gzip": gz(content)})
    total = sum(f["gzip"] for f in files)
    data_only = sum(f["gzip"] for f in files if f["kind"] != "asset")
    per = max(n, 1) / 1000
    return {
        "files": files,
        "raw_kb": round(sum(f["raw"] for f in files) / 1024, 1),
        "gzip_kb": round(total / 1024, 1),
        "gzip_kb_page_and_data": round(data_only / 1024, 1),
        "per_1000_kb_total": round(total / 1024 / per, 1),
        "per_1000_kb_data": round(data_only / 1024 / per, 1),
    }


@contextmanager
def serve(site: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _stats(values: list[float]) -> dict[str, float | None]:
    if not values:
        return {"median": None, "p95": None, "max": None}
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median": round(statistics.median(ordered), 2), "p95": round(p95, 2), "max": round(ordered[-1], 2)}


def _finished_requests(page: Any) -> list[Any]:
    """A list that collects the requests `page` finishes from now on."""
    requests: list[Any] = []

    def record(request: Any) -> None:  # not requests.append: Playwright sets an attribute on its handler
        requests.append(request)

    page.on("requestfinished", record)
    return requests


def _sizes(requests: list[Any], site: Path, base: str) -> dict[str, Any]:
    """Bytes of finished requests: as sent by the local server, and with text files gzip -6."""
    sent = gzipped = 0
    by_kind: dict[str, int] = {}
    listing = []
    for request in requests:
        try:
            body = request.sizes()["responseBodySize"]
        except Exception:  # noqa: BLE001 - a request that failed has no sizes
            continue
        path = urlsplit(request.url).path
        local = site / path.lstrip("/")
        if path.endswith("/"):
            local = local / "index.html"
        size_gz = body
        if request.url.startswith(base) and local.suffix in TEXT_TYPES and local.is_file():
            size_gz = gz(local.read_bytes())
        sent += body
        gzipped += size_gz
        kind = local.suffix or "other"
        by_kind[kind] = by_kind.get(kind, 0) + size_gz
        listing.append({"path": path, "sent": body, "gzip": size_gz})
    return {"requests": len(listing), "sent_kb": round(sent / 1024, 1), "gzip_kb": round(gzipped / 1024, 1), "gzip_kb_by_kind": {k: round(v / 1024, 1) for k, v in sorted(by_kind.items())}, "files": listing}


def measure(site: Path, n: int, *, repeats: int = 5, changes: int = 30, search: bool = True) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    out: dict[str, Any] = {"n": n}
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            out["chromium"] = browser.version
            url = f"{base}/practices/"
            # First render, cold: a new context (empty cache) each time.
            loads = []
            for i in range(repeats):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                page.add_init_script(READY_PROBE)
                requests = _finished_requests(page)
                page.goto(url, wait_until="load", timeout=300_000)
                page.wait_for_selector(".gp-app.gp-app--ready", state="attached", timeout=300_000)
                # Everything the page fetches counts: wait for the summaries too (older pages have no such step).
                if page.evaluate("() => !!document.querySelector('.gp-app[data-gp-summaries]')"):
                    page.wait_for_selector(".gp-app.gp-app--complete", state="attached", timeout=300_000)
                timing = page.evaluate(TIMINGS)
                if i == 0:
                    out["page_load_bytes"] = _sizes(requests, site, base)
                loads.append(timing)
                if i < repeats - 1:
                    context.close()
            out["first_render"] = {key: _stats([t[key] for t in loads if t.get(key) is not None]) for key in loads[0]}
            out["first_render_runs"] = loads

            # Filter changes on the last loaded page.
            rng = random.Random(7)
            checked: list[tuple[str, str]] = []
            runs = []
            facets = [f for f in FACET_ORDER if page.locator(f'.gp-filters input[name="{f}"]').count()]
            step = 0
            while len(runs) < changes and step < changes * 4:
                step += 1
                if len(checked) >= 3:
                    name, value = checked.pop(0)
                    action = "uncheck"
                else:
                    name = facets[step % len(facets)]
                    values = page.evaluate(VISIBLE_BOXES, name)
                    if not values:
                        continue
                    value = rng.choice(values)
                    checked.append((name, value))
                    action = "check"
                r = page.evaluate(CHANGE, [name, value])
                r.update(facet=name, value=value, action=action)
                runs.append(r)
            out["filter"] = {
                "changes": len(runs),
                "handler_ms_median": _stats([r["handler"] for r in runs])["median"],
                "handler_ms_p95": _stats([r["handler"] for r in runs])["p95"],
                "layout_ms_median": _stats([r["layout"] for r in runs])["median"],
                "layout_ms_p95": _stats([r["layout"] for r in runs])["p95"],
                "frame_ms_median": _stats([r["frame"] for r in runs])["median"],
                "frame_ms_p95": _stats([r["frame"] for r in runs])["p95"],
                "runs": [{k: (round(v, 2) if isinstance(v, float) else v) for k, v in r.items()} for r in runs],
            }
            # Free text (typed queries), from a cleared form.
            for name, value in checked:
                page.evaluate(CHANGE, [name, value])
            texts = []
            for query in ("school", "teachers", "mentoring", "ski", "a"):
                r = page.evaluate(TYPE, query)
                r["query"] = query
                texts.append(r)
            page.evaluate(TYPE, "")
            out["text"] = {
                "handler_ms_median": _stats([r["handler"] for r in texts])["median"],
                "layout_ms_median": _stats([r["layout"] for r in texts])["median"],
                "frame_ms_median": _stats([r["frame"] for r in texts])["median"],
                "runs": [{k: (round(v, 2) if isinstance(v, float) else v) for k, v in r.items()} for r in texts],
            }
            page.context.close()
            if search:
                out["search"] = measure_search(browser, base, site)
        finally:
            browser.close()
    return out


def measure_search(browser: Any, base: str, site: Path, queries: tuple[str, ...] = ("school", "mentoring assessment", "budget")) -> dict[str, Any]:
    """Bytes fetched by the search page: loading it, the first query (which loads Pagefind), then further queries."""
    if not (site / "pagefind").is_dir():
        return {"status": "no Pagefind index in the site"}
    out: dict[str, Any] = {"queries": []}
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requests = _finished_requests(page)
    try:
        page.goto(f"{base}/search/", wait_until="load", timeout=120_000)
        try:
            page.wait_for_selector('#gp-search[data-gp-ready="ready"]', state="attached", timeout=30_000)
            page.wait_for_selector(".pagefind-ui__search-input", timeout=30_000)
        except Exception as exc:  # noqa: BLE001 - the page not working is a finding, not a crash
            state = page.evaluate("() => document.querySelector('#gp-search')?.getAttribute('data-gp-ready')")
            out["status"] = f"search page not functional: data-gp-ready={state!r} ({type(exc).__name__})"
            return out
        _wait_network_quiet(page, requests, quiet_ms=500)
        out["page_load"] = _sizes(list(requests), site, base)
        for i, query in enumerate(queries):
            requests.clear()
            start = time.perf_counter()
            page.fill(".pagefind-ui__search-input", query)
            try:
                # The message reads "Searching for …" first, then the count (or "no results").
                page.wait_for_function(
                    "(q) => { const m = document.querySelector('.pagefind-ui__message'); return m && m.textContent.includes(q) && !m.textContent.includes('…'); }",
                    arg=query,
                    timeout=60_000,
                )
            except Exception:  # noqa: BLE001
                out["status"] = f"no result message for {query!r}"
                return out
            results_s = time.perf_counter() - start
            _wait_network_quiet(page, requests)
            message = page.evaluate("() => document.querySelector('.pagefind-ui__message')?.textContent || ''")
            out["queries"].append({"query": query, "first": i == 0, "results_shown_s": round(results_s, 2), "message": message, **_sizes(list(requests), site, base)})
    finally:
        context.close()
    out["status"] = "ok"
    return out


def _wait_network_quiet(page: Any, requests: list[Any], quiet_ms: int = 1000, limit_ms: int = 15_000) -> None:
    waited, seen, quiet = 0, -1, 0
    while waited < limit_ms:
        page.wait_for_timeout(250)
        waited += 250
        quiet = quiet + 250 if len(requests) == seen else 0
        if quiet >= quiet_ms:
            return
        seen = len(requests)
