"""The commands the README, CONTRIBUTING.md and the How to contribute pages give are the scripts' wrappers, and they run.

On a fresh clone a bare `python scripts/….py` fails (no `python` on Debian, or no pycountry): every
documented command is a wrapper in scripts/ that sets up `.venv/` first (scripts/_setup.sh).
"""

from __future__ import annotations

import hashlib
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

DOCUMENTS = [ROOT / "README.md", *sorted(ROOT.glob("CONTRIBUTING*.md")), *sorted((ROOT / "docs").glob("*/contribute.md"))]
WRAPPERS = ("new-practice", "validate", "issue-forms", "serve", "test")
STANDARD_LIBRARY = re.compile(r"^python3 -m http\.server\b")
"""The one `python` command the guides give: serving a downloaded preview, with the standard library only."""


def commands(text: str) -> list[str]:
    """Every command line in fenced code blocks and inline code that starts with `./scripts/` or `python`, spaces collapsed."""
    found = []
    for block in re.findall(r"^\s*```[a-z]*\n(.*?)^\s*```", text, flags=re.M | re.S):
        found += [" ".join(line.split()) for line in block.replace("\\\n", " ").splitlines()]
    # Inline code may wrap onto the next line.
    found += [" ".join(span.split()) for span in re.findall(r"`([^`]+)`", re.sub(r"^\s*```.*?^\s*```", "", text, flags=re.M | re.S))]
    # A command, not a name: `python3-venv` is a Debian package.
    return [c.split(" #")[0].strip() for c in found if c.startswith("./scripts/") or re.match(r"python3?\s", c)]


def documented() -> list[tuple[str, str]]:
    return [(str(doc.relative_to(ROOT)), command) for doc in DOCUMENTS for command in commands(doc.read_text(encoding="utf-8"))]


def test_the_documents_give_commands() -> None:
    names = {Path(doc).name for doc, _ in documented()}
    assert {"README.md", "CONTRIBUTING.md", "contribute.md"} <= names
    assert len({doc for doc, _ in documented() if doc.startswith("docs/")}) == 5


@pytest.mark.parametrize(("doc", "command"), documented())
def test_every_documented_command_is_a_wrapper(doc: str, command: str) -> None:
    if STANDARD_LIBRARY.match(command):
        return
    program = shlex.split(command)[0]
    assert program.startswith("./scripts/"), f"{doc}: `{command}`: run the wrapper in scripts/, not Python directly"
    path = ROOT / program
    assert path.is_file() and os.access(path, os.X_OK), f"{doc}: `{command}`: {program} is not an executable file"
    assert path.suffix == "" and path.name in WRAPPERS, f"{doc}: `{command}`: {program} is not one of the wrappers {WRAPPERS}"
    assert "source" in path.read_text(encoding="utf-8") and "_setup.sh" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("doc", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_document_runs_a_script_with_python(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    assert not re.findall(r"python3?\s+(?:\S*/)?scripts/\S+", text)
    assert "pip install" not in text  # the wrappers install; a bare pip is refused on Debian (PEP 668)


def test_documented_options_exist() -> None:
    """Every `--option` a guide gives the authors' commands is one the script accepts."""
    for name, script in (("new-practice", "new_practice.py"), ("validate", "validate.py")):
        helped = subprocess.run([sys.executable, str(ROOT / "scripts" / script), "--help"], capture_output=True, text=True, timeout=60)
        assert helped.returncode == 0, helped.stderr
        accepted = set(re.findall(r"--[a-z][a-z-]*", helped.stdout))
        for doc, command in documented():
            if command.startswith(f"./scripts/{name}"):
                for option in re.findall(r"(?<!\S)--[a-z][a-z-]*", command):
                    assert option in accepted, f"{doc}: `{command}`: {option} is not an option of {script}"


# -- the wrappers themselves, run as documented ---------------------------------------------------


def _stamps(venv: Path) -> set[Path]:
    """The marks scripts/_setup.sh leaves in `venv` once the requirements are installed (see `_gp_stamp`)."""
    def stamp(requirements: str) -> Path:
        data = b"".join((ROOT / name).read_bytes() for name in (requirements, "requirements.txt", "pyproject.toml"))
        return venv / f".installed-{hashlib.sha256(data).hexdigest()[:16]}"

    return {stamp("requirements.txt"), stamp("requirements-dev.txt")}


@pytest.fixture(scope="module")
def wrapper_env() -> dict[str, str]:
    """The environment to run a wrapper with this test run's virtual environment, which must need no installing."""
    venv = Path(sys.prefix)
    if venv == Path(sys.base_prefix) or not any(stamp.exists() for stamp in _stamps(venv)):
        pytest.skip("the tests do not run in a virtual environment set up by scripts/_setup.sh (./scripts/test makes one)")
    return dict(os.environ, GP_VENV=str(venv))


def run_wrapper(args: list[str], env: dict[str, str], cwd: Path = ROOT, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    venv = Path(env["GP_VENV"])
    before = {p.name: p.stat().st_mtime_ns for p in venv.glob(".installed-*")}
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=120, input=stdin, stdin=None if stdin is not None else subprocess.DEVNULL)
    # The environment was ready: nothing was installed, the stamp is as it was.
    assert "setup:" not in result.stderr, result.stderr
    assert {p.name: p.stat().st_mtime_ns for p in venv.glob(".installed-*")} == before
    assert "Traceback" not in result.stdout + result.stderr
    return result


def test_validate_wrapper_checks_an_example_practice(wrapper_env: dict[str, str]) -> None:
    result = run_wrapper(["./scripts/validate", "practices/ski-school-leader-networks"], wrapper_env)
    assert result.returncode == 0, result.stderr
    assert "valid practices: 1, errors: 0" in result.stderr


def test_validate_wrapper_works_from_another_folder(wrapper_env: dict[str, str]) -> None:
    result = run_wrapper([str(ROOT / "scripts" / "validate"), "ski-school-leader-networks"], wrapper_env, cwd=ROOT / "practices")
    assert result.returncode == 0, result.stderr


def test_new_practice_wrapper_helps(wrapper_env: dict[str, str]) -> None:
    result = run_wrapper(["./scripts/new-practice", "--help"], wrapper_env)
    assert result.returncode == 0, result.stderr
    assert "--translate" in result.stdout and "--country" in result.stdout


def _copy_of_the_repository(root: Path) -> Path:
    """What the authors' commands read and write, as on a fresh clone (the example practices included)."""
    copy = root / "clone"
    for name in ("scripts", "plugins", "practices", "docs"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("mkdocs.yml", "requirements.txt", "requirements-dev.txt", "pyproject.toml", "package.json", "package-lock.json"):
        shutil.copy(ROOT / name, copy / name)
    return copy


def test_documented_author_commands_run(tmp_path: Path, wrapper_env: dict[str, str]) -> None:
    """Each complete `./scripts/new-practice` and `./scripts/validate` command of the guides, run as written in a copy.

    Each one on the clone as it was: what a command writes is removed before the next one runs.
    """
    copy = _copy_of_the_repository(tmp_path)
    fresh = set((copy / "practices").rglob("*"))
    seen: set[str] = set()
    for doc, written_as in documented():
        if not written_as.startswith(("./scripts/new-practice ", "./scripts/validate")) or "<" in written_as.replace("<slug>", ""):
            continue
        command = written_as.replace("<slug>", "ski-school-leader-networks")
        if command in seen:
            continue
        seen.add(command)
        result = run_wrapper(shlex.split(command), wrapper_env, cwd=copy)
        assert result.returncode == 0, (doc, command, result.stdout, result.stderr)
        for path in sorted(set((copy / "practices").rglob("*")) - fresh, reverse=True):
            if path.is_dir():
                path.rmdir()
            else:
                path.unlink()
    assert any(c.startswith("./scripts/new-practice --translate") for c in seen) and any("--slug" in c for c in seen)
