#!/usr/bin/env python3
"""Audit the built example site as readers' browsers and checkers see it (issue 17).

Usage (from the repository, with the project's Python, after `./scripts/test` or `./scripts/serve`
has set up the environment):

    python scripts/audit.py                     # build the example site, audit it
    python scripts/audit.py --site site/        # audit a site already built
    python scripts/audit.py --json audit.json   # keep every figure

What it does:

* serves the site from a local static server that compresses text as production hosts do
  (gzip for HTML, CSS, JavaScript, JSON, SVG and XML);
* runs Lighthouse 12 (mobile and desktop) on the home page, the catalogue and a practice
  page in English and Polish, with the Chromium of the system (`/usr/bin/chromium`), and
  reports its four scores and the layout shift (CLS) of each;
* runs the W3C Nu HTML checker (`vnu.jar`, with the system's Java) over one built page of
  every type in English and Polish, and reports its errors.

The tools are installed on first use into `.cache/audit/` with npm (Lighthouse 12.2.3: the
last one for Node 20; vnu-jar). Figures go to docs/en/benchmarks.md by hand; the machine's
speed moves Lighthouse's performance score by a few points between runs.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import shutil
import socketserver
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / ".cache" / "audit"
PACKAGES = ("lighthouse@12.2.3", "vnu-jar@26.9.27")
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
PRACTICE = "ski-school-leader-networks"
LIGHTHOUSE_PAGES = {"home": "", "catalogue": "practices/", "practice": f"practices/{PRACTICE}/"}
CHECKED_PAGES = {
    "home": "",
    "catalogue": "practices/",
    "catalogue page 2": None,  # only when the catalogue has one
    "practice": f"practices/{PRACTICE}/",
    "category": "practices/category/development-plan/",
    "category in a country": "practices/category/development-plan/country/pl/",
    "country": "practices/country/pl/",
    "topic": "practices/topic/formative-assessment/",
    "statistics": "statistics/",
    "map": "map/",
    "open data": "open-data/",
    "search": "search/",
    "print": "print/development-plan/",
    "contribute": "contribute/",
}
LANGUAGES = ("en", "pl")
COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")


def log(message: str) -> None:
    print(f"[audit] {message}", file=sys.stderr, flush=True)


def install_tools() -> tuple[Path, Path]:
    lighthouse, vnu = TOOLS / "node_modules" / ".bin" / "lighthouse", TOOLS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    if not (lighthouse.exists() and vnu.exists()):
        TOOLS.mkdir(parents=True, exist_ok=True)
        log(f"installing {', '.join(PACKAGES)} into {TOOLS.relative_to(ROOT)} …")
        subprocess.run(["npm", "install", "--prefix", str(TOOLS), "-E", "--no-audit", "--no-fund", *PACKAGES], check=True)
    for tool, what in ((Path(CHROMIUM), "Chromium (apt-get install -y chromium)"), (Path(shutil.which("java") or "/nonexistent"), "Java (apt-get install -y default-jre-headless)")):
        if not tool.exists():
            sys.exit(f"audit: {what} is missing")
    return lighthouse, vnu


class CompressingHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, text gzipped when the browser accepts it (as production hosts serve them)."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        requested = self.path.split("?", 1)[0].split("#", 1)[0]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not requested.endswith("/"):
                return super().send_head()  # the redirect to the folder's address
            path = path / "index.html"
        if path.suffix not in COMPRESSED or not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        return io.BytesIO(body)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


def serve(site: Path) -> str:
    server = Server(("127.0.0.1", 0), functools.partial(CompressingHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/"


def prefix(lang: str) -> str:
    return "" if lang == "en" else f"{lang}/"


def lighthouse(tool: Path, url: str, form: str, work: Path) -> dict[str, Any]:
    out = work / "lighthouse.json"
    command = [str(tool), url, "--quiet", "--output=json", f"--output-path={out}", "--chrome-flags=--headless=new --no-sandbox",
               "--only-categories=performance,accessibility,best-practices,seo"]
    if form == "desktop":
        command.append("--preset=desktop")
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM}, timeout=300)
    report = json.loads(out.read_text(encoding="utf-8"))
    failed = [key for key, audit in report["audits"].items() if audit.get("score") is not None and audit["score"] < 1 and audit.get("scoreDisplayMode") == "binary"]
    return {
        "scores": {key: round(category["score"] * 100) for key, category in report["categories"].items()},
        "cls": round(report["audits"]["cumulative-layout-shift"]["numericValue"], 3),
        "failed": failed,
        "console": [item.get("description", "")[:160] + " " + str(item.get("sourceLocation", {}).get("url", "")) for item in report["audits"]["errors-in-console"].get("details", {}).get("items", [])],
    }


# Material's own markup that no block of its base.html holds, so no override by block can change it:
# the drawer's and the search's toggles carry autocomplete="off", which the HTML standard allows on
# text inputs only; Firefox needs it on checkboxes not to restore them checked (an open drawer) when
# a reader comes back to a page. Reported apart, not counted as errors of the site.
THEME_EXCEPTIONS = (("Attribute “autocomplete” is only allowed", ('id="__drawer"', 'id="__search"')),)


def html_errors(vnu: Path, files: list[Path]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The Nu checker's errors per file: the site's, and the theme's known ones (THEME_EXCEPTIONS)."""
    result = subprocess.run(["java", "-jar", str(vnu), "--errors-only", "--format", "json", *map(str, files)], capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    found: dict[str, list[str]] = {str(f): [] for f in files}
    theme: dict[str, list[str]] = {}
    for message in messages:
        url, text, line = message.get("url", "").removeprefix("file:"), message.get("message", ""), message.get("lastLine")
        source = Path(url).read_text(encoding="utf-8").splitlines()[line - 1] if line and Path(url).is_file() else ""
        known = any(text.startswith(start) and any(mark in source for mark in marks) for start, marks in THEME_EXCEPTIONS)
        (theme if known else found).setdefault(url, []).append(f"{line or '?'}: {text}"[:200])
    return found, theme


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a site already built (default: build the example site into a temporary folder)")
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    args = parser.parse_args()
    lighthouse_tool, vnu = install_tools()
    with tempfile.TemporaryDirectory(prefix="gp-audit-") as temp:
        work = Path(temp)
        site = args.site
        if site is None:
            site = work / "site"
            log("building the example site …")
            env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT / "plugins")}
            subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=ROOT, check=True, env=env)
        base = serve(site)
        results: dict[str, Any] = {"lighthouse": {}, "html": {}}
        for lang in LANGUAGES:
            for name, path in LIGHTHOUSE_PAGES.items():
                for form in ("mobile", "desktop"):
                    key = f"{lang} {name} {form}"
                    log(f"Lighthouse: {key} …")
                    results["lighthouse"][key] = lighthouse(lighthouse_tool, base + prefix(lang) + path, form, work)
        files = []
        for lang in LANGUAGES:
            for checked in CHECKED_PAGES.values():
                file = site / (prefix(lang) + (checked if checked is not None else "practices/page/2/")) / "index.html"
                if file.is_file():
                    files.append(file)
        log(f"Nu HTML checker: {len(files)} pages …")
        errors, theme = html_errors(vnu, files)
        results["html"] = {str(Path(name).relative_to(site)) if name.startswith(str(site)) else name: found for name, found in errors.items()}
        results["html_theme"] = {str(Path(name).relative_to(site)) if name.startswith(str(site)) else name: found for name, found in theme.items()}

    print("\n| page | performance | accessibility | best practices | SEO | CLS |\n|---|---:|---:|---:|---:|---:|")
    for key, found in results["lighthouse"].items():
        s = found["scores"]
        print(f"| {key} | {s.get('performance')} | {s.get('accessibility')} | {s.get('best-practices')} | {s.get('seo')} | {found['cls']} |")
    failed = {key: found["failed"] for key, found in results["lighthouse"].items() if found["failed"]}
    if failed:
        print("\nLighthouse audits failed:")
        for key, names in failed.items():
            print(f"  {key}: {', '.join(names)}")
    console = {line for found in results["lighthouse"].values() for line in found["console"]}
    if console:
        print("\nConsole errors:")
        for line in sorted(console):
            print(f"  {line}")
    print(f"\nNu HTML checker: {sum(len(v) for v in results['html'].values())} errors in {len(results['html'])} pages")
    for name, found in results["html"].items():
        for line in found:
            print(f"  {name}:{line}")
    known = sum(len(v) for v in results["html_theme"].values())
    if known:
        print(f"Nu HTML checker, Material's markup outside any block (see THEME_EXCEPTIONS): {known} in {len(results['html_theme'])} pages")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
