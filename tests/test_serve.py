"""`mkdocs serve` watches practices/ and rebuilds the changed practice."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import make_project, source


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _serve(project: Path, port: int, **env: str) -> subprocess.Popen[str]:
    """`mkdocs serve` on `project`, its log on stderr."""
    return subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1", **env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _stop(proc: subprocess.Popen[str]) -> str:
    """Stop `mkdocs serve`; its log."""
    proc.terminate()
    try:
        return proc.communicate(timeout=20)[1]
    except subprocess.TimeoutExpired:
        proc.kill()
        return proc.communicate()[1]


def _wait_for(url: str, needle: str, timeout: float = 90) -> str:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = _get(url)
        if last is not None and needle in last:
            return last
        time.sleep(0.3)
    raise AssertionError(f"{needle!r} not served at {url} within {timeout}s")


def test_editing_a_practice_reloads_its_page(tmp_path: Path) -> None:
    draft = source("valid-pl.md").replace("published: 2023-01-15\n", "published: 2023-01-15\ndraft: true\n").replace("Sieć dyrektorów szkół w gminie", "Szkic praktyki")
    project = make_project(tmp_path, {"demo/pl.md": source("valid-pl.md"), "demo/en.md": source("valid-en.md"), "wip/pl.md": draft})
    port = _free_port()
    proc = _serve(project, port)
    try:
        url = f"http://127.0.0.1:{port}/pl/practices/demo/"
        _wait_for(url, "Sieć dyrektorów szkół w gminie")
        # drafts are in the preview, with a banner
        draft_page = _wait_for(f"http://127.0.0.1:{port}/pl/practices/wip/", "Szkic praktyki")
        assert "gp-draft" in draft_page and "Wersja robocza" in draft_page
        pl = project / "practices" / "demo" / "pl.md"
        pl.write_text(pl.read_text(encoding="utf-8").replace("Sieć dyrektorów szkół w gminie", "Sieć dyrektorek i dyrektorów"), encoding="utf-8")
        _wait_for(url, "Sieć dyrektorek i dyrektorów")
        # a shared field changed in the original shows on the translation's page too
        pl.write_text(pl.read_text(encoding="utf-8").replace("stage: evaluated", "stage: scaled"), encoding="utf-8")
        _wait_for(f"http://127.0.0.1:{port}/practices/demo/", "Scaled up")
        # an error does not stop the preview: every page shows it until it is fixed
        broken = pl.read_text(encoding="utf-8")
        pl.write_text(broken.replace("category: development-plan", "category: development-plans"), encoding="utf-8")
        home = _wait_for(f"http://127.0.0.1:{port}/", "1 error in the practice files")
        assert "practices/demo/pl.md:4: error: category: unknown category; did you mean &#39;development-plan&#39;?" in home
        # in the language of the page: a Polish page tells it in Polish
        polish = _wait_for(f"http://127.0.0.1:{port}/pl/", "1 błąd w plikach praktyk")
        assert "praktyka nie zostanie opublikowana, dopóki błąd nie zostanie poprawiony:" in polish
        assert "practices/demo/pl.md:4: błąd: category: kategoria spoza listy; czy chodziło o &#39;development-plan&#39;?" in polish
        assert "error" not in polish.split('class="gp-problems"')[1].split("</div>")[0]
        assert proc.poll() is None
        pl.write_text(broken, encoding="utf-8")
        _wait_for(url, "Sieć dyrektorek i dyrektorów")
        assert "gp-problems" not in (_get(f"http://127.0.0.1:{port}/") or "")
    finally:
        _stop(proc)


def test_the_preview_shows_what_a_page_would_silently_lose(tmp_path: Path) -> None:
    """An image the page would show without an address, and a front matter YAML cannot read: the preview goes
    on, every page shows both problems in the banner, in the page's language, until they are fixed."""
    project = make_project(tmp_path, {"demo/pl.md": source("valid-pl.md"), "plan/cs.md": source("valid-cs.md")})
    port = _free_port()
    proc = _serve(project, port)
    try:
        url = f"http://127.0.0.1:{port}/cs/practices/plan/"
        _wait_for(url, "Plán rozvoje vzdělávání v obci")
        cs = project / "practices" / "plan" / "cs.md"
        good = cs.read_text(encoding="utf-8")
        cs.write_text(good.replace("Obec zřizuje čtyři základní školy.", "![Mapa](file:///C:/Users/jana/mapa.png)"), encoding="utf-8")
        pl = project / "practices" / "demo" / "pl.md"
        pl.write_text(pl.read_text(encoding="utf-8").replace("stage: evaluated", "stage:evaluated"), encoding="utf-8")
        home = _wait_for(f"http://127.0.0.1:{port}/", "2 errors in the practice files")
        assert "practices/plan/cs.md:26:9: error: the address points to a file on your own computer" in home
        assert "practices/demo/pl.md:17:7: error: stage: there is no space after the colon" in home
        assert "found character" not in home and "mapping values" not in home
        # A Czech page tells both in Czech, a Polish page in Polish (at the same line and column).
        czech = _wait_for(f"http://127.0.0.1:{port}/cs/", "2 chyby v souborech s příklady")
        assert "practices/plan/cs.md:26:9: chyba: adresa vede na soubor ve vašem vlastním počítači" in czech
        assert "practices/demo/pl.md:17:7: chyba: stage: za dvojtečkou chybí mezera" in czech
        polish = _wait_for(f"http://127.0.0.1:{port}/pl/", "2 błędy w plikach praktyk")
        assert "practices/plan/cs.md:26:9: błąd: adres wskazuje plik na Twoim własnym komputerze" in polish
        assert "practices/demo/pl.md:17:7: błąd: stage: po dwukropku brakuje spacji" in polish
        assert proc.poll() is None
        cs.write_text(good, encoding="utf-8")
        _wait_for(f"http://127.0.0.1:{port}/", "1 error in the practice files")
    finally:
        _stop(proc)


def test_single_language_preview_rebuilds_only_what_changed(tmp_path: Path) -> None:
    """GP_PREVIEW_LANGUAGES=pl: the default language and Polish only, no search index; an edit
    rebuilds the edited practice and the pages that show it, and the rest is reused."""
    other = source("valid-pl.md").replace("Sieć dyrektorów szkół w gminie", "Wspólne zakupy szkół").replace("published: 2023-01-15\n", "published: 2023-02-01\nrelated: [demo]\n")
    project = make_project(tmp_path, {"demo/pl.md": source("valid-pl.md"), "demo/en.md": source("valid-en.md"), "other/pl.md": other})
    port = _free_port()
    proc = _serve(project, port, GP_PREVIEW_LANGUAGES="pl")
    base = f"http://127.0.0.1:{port}"
    try:
        other_url = f"{base}/pl/practices/other/"
        _wait_for(other_url, "Sieć dyrektorów szkół w gminie")  # the related practice, by its title
        _wait_for(f"{base}/practices/demo/", "A network of head teachers")  # the default language is always built
        assert _get(f"{base}/cs/practices/") is None  # not previewed: not built
        assert _get(f"{base}/pagefind/pagefind-entry.json") is None  # no search index in the preview
        pl = project / "practices" / "demo" / "pl.md"
        pl.write_text(pl.read_text(encoding="utf-8").replace("Sieć dyrektorów szkół w gminie", "Sieć dyrektorek i dyrektorów"), encoding="utf-8")
        _wait_for(f"{base}/pl/practices/demo/", "Sieć dyrektorek i dyrektorów")
        # the page of a practice that lists it as related was rebuilt too, not reused
        _wait_for(other_url, "Sieć dyrektorek i dyrektorów")
        # an unrelated edit elsewhere (the English translation) leaves the Polish pages as they were
        en = project / "practices" / "demo" / "en.md"
        en.write_text(en.read_text(encoding="utf-8").replace("A network of head teachers", "A network of school heads"), encoding="utf-8")
        _wait_for(f"{base}/practices/demo/", "A network of school heads")
        assert "Sieć dyrektorek i dyrektorów" in (_get(other_url) or "")
        # the rebuilds keep the previous output, but a practice removed is removed from the preview
        shutil.rmtree(project / "practices" / "other")
        deadline = time.monotonic() + 60
        while _get(other_url) is not None and time.monotonic() < deadline:
            time.sleep(0.3)
        assert _get(other_url) is None
        assert "Sieć dyrektorek i dyrektorów" in (_get(f"{base}/pl/practices/demo/") or "")
    finally:
        stderr = _stop(proc)
    assert "preview of en, pl only" in stderr
    assert "unchanged since the last preview build, reused" in stderr
    assert "Traceback" not in stderr
