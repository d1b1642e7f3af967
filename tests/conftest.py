"""Shared helpers: the repository, the interface languages, writing small projects and building them."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
LANGS = ("en", "pl", "cs", "sl", "nb")
sys.path.insert(0, str(ROOT / "plugins"))

from goodpractices import Vocabularies  # noqa: E402
from goodpractices.model import Contact, Coordinates, Organisation, Period, Practice, Version  # noqa: E402


@pytest.fixture(scope="session")
def vocab() -> Vocabularies:
    return Vocabularies()


def source(name: str) -> str:
    """A file from tests/golden/sources/."""
    return (GOLDEN / "sources" / name).read_text(encoding="utf-8")


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


SITE_CONFIG = """\
site_name: Test site
site_url: https://example.org/
theme:
  name: material
  language: en
nav:
  - index.md
  - practices/index.md
plugins:
  - i18n:
      docs_structure: folder
      languages:
        - {locale: en, default: true, name: English, build: true}
        - {locale: pl, name: Polski, build: true}
        - {locale: cs, name: Čeština, build: true}
        - {locale: sl, name: Slovenščina, build: true}
        - {locale: nb, name: Norsk bokmål, build: true}
  - practices
"""


def make_project(root: Path, practices: dict[str, str | bytes], config: str = SITE_CONFIG) -> Path:
    """A minimal five-language site with the given files under practices/."""
    files: dict[str, str | bytes] = {"mkdocs.yml": config}
    for lang in LANGS:
        files[f"docs/{lang}/index.md"] = f"# Home {lang}\n"
    files.update({f"practices/{rel}": content for rel, content in practices.items()})
    write_files(root, files)
    (root / "practices").mkdir(exist_ok=True)
    return root


def mkdocs(project: Path, *args: str, timeout: float = 300, program: str = "mkdocs", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real `mkdocs` command line (or another `program` that takes its arguments: `properdocs`) in `project`; `env`: variables to set."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env or {}))
    return subprocess.run(
        [sys.executable, "-m", program, *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_mtime_ns, p.stat().st_size) for p in folder.rglob("*")}


@pytest.fixture(scope="session")
def practices(vocab):
    """The example site's practices, as the loader reads them (none invalid)."""
    from goodpractices.loader import load_practices

    result = load_practices(ROOT / "practices", LANGS, vocab, display_base=ROOT)
    assert not result.errors
    return result.practices


@pytest.fixture(scope="session")
def example_site(tmp_path_factory) -> Path:
    """The bundled example site, built once per test session with `mkdocs build --strict`.

    Also checks that the build writes nothing into docs/ or practices/.
    """
    out = tmp_path_factory.mktemp("example-site")
    before = {name: _snapshot(ROOT / name) for name in ("docs", "practices")}
    result = mkdocs(ROOT, "build", "--strict", "-d", str(out))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    after = {name: _snapshot(ROOT / name) for name in ("docs", "practices")}
    assert before == after, "the build wrote into docs/ or practices/"
    return out


@contextlib.contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """A folder on a local HTTP server (quiet, one thread per request): yields its base URL."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    class Server(http.server.ThreadingHTTPServer):
        # A page's script fetches many files at once (Pagefind's index, filter and fragment chunks); with
        # the default listen backlog of 5, a loaded machine refuses some of them, and Pagefind leaves out
        # what it could not fetch (a search filter missing) instead of failing.
        request_queue_size = 128
        daemon_threads = True

    server = Server(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def minimal_practice(
    slug: str,
    *,
    lang: str = "en",
    title: str | None = None,
    country: str = "PL",
    category: str = "development-plan",
    topics: Sequence[str] = (),
    published: str = "2024-01-01",
    related: Sequence[str] = (),
    coordinates: tuple[float, float] | None = None,
) -> Practice:
    """A practice with one version and only the metadata a unit test varies (not from a file)."""
    version = Version(lang, title or f"Practice {slug}", "Summary.", "", Path(f"practices/{slug}/{lang}.md"), is_original=True)
    return Practice(
        slug=slug,
        folder=Path("/nowhere") / slug,
        original_language=lang,
        versions={lang: version},
        category=category,
        country=country,
        topics=list(topics),
        organisation=Organisation("Municipality", "municipality"),
        level_of_government="municipality",
        education_levels=[],
        period=Period("2020", None),
        stage="implemented",
        contact=Contact("Someone", "someone@example.org"),
        published=published,
        related=list(related),
        coordinates=Coordinates(*coordinates) if coordinates else None,
    )


@pytest.fixture(scope="session")
def served_site(example_site: Path):
    """The example site on a local HTTP server: yields its base URL."""
    with serve_folder(example_site) as base:
        yield base

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright (Playwright's own browsers cannot be downloaded here)."""
    from playwright.sync_api import expect, sync_playwright

    # Generous waits: CI and this 2-core machine may be busy; a real failure still fails.
    expect.set_options(timeout=20_000)

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run ./scripts/test, which installs Debian's chromium")
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    try:
        yield pg
    finally:
        context.close()


@pytest.fixture(scope="session")
def paged_site(tmp_path_factory, vocab) -> Path:
    """A five-language site of 120 generated practices (scripts/bench_gen.py): a catalogue of three pages."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import bench_gen

    project = make_project(tmp_path_factory.mktemp("paged"), {}, config=SITE_CONFIG.replace("  - practices\n", "  - practices:\n      search: false\n"))
    bench_gen.generate(project / "practices", 120, vocab, seed=5, body_words=40)
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return project / "site"


WITHOUT_BODY_CHECKS = """\
# The validator reports every payload of the hostile body (goodpractices.bodycheck, tests/test_body_check.py).
# The sanitiser must hold even against a payload that slipped past it: this MkDocs hook, loaded before the
# plugin reads the practices, turns the body checks off for the hostile site.
import goodpractices.loader

goodpractices.loader.check_body = lambda *args, **kwargs: None
"""


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory):
    """The hostile practice of test_hostile.py (with a hostile title in its translation) built and served:
    yields (site folder, base URL). Its body would not pass the validator: the site is built without the
    body checks (`WITHOUT_BODY_CHECKS`), so that what is tested is the sanitiser alone."""
    from test_hostile import hostile_practice

    project = make_project(
        tmp_path_factory.mktemp("hostile"),
        {
            "hostile/pl.md": hostile_practice(),
            "hostile/en.md": source("valid-en.md").replace("title: A network of head teachers in the municipality", "title: '</script><img src=x onerror=window.__pwned=1>'"),
            "plain/pl.md": source("valid-pl.md"),
            # a real file that is not an image: an onerror handler that survived would fire
            "hostile/x": "not an image\n",
        },
        SITE_CONFIG + "hooks:\n  - without_body_checks.py\n",
    )
    (project / "without_body_checks.py").write_text(WITHOUT_BODY_CHECKS, encoding="utf-8")
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    with serve_folder(project / "site") as base:
        yield project / "site", base


@pytest.fixture(scope="session")
def served_paged_site(paged_site: Path):
    with serve_folder(paged_site) as base:
        yield base


def process_alive(pid: int) -> bool:
    """Whether process `pid` still runs (a zombie, dead but not yet reaped by its parent, does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"
