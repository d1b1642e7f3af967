"""A build stopped by Ctrl-C, or one that fails, leaves no process running and no temporary folder behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import make_project, process_alive, source


def _processes_in_session(session: int) -> list[int]:
    """The live processes of a session (as Ctrl-C reaches them: the build and what it started in its session)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == session and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def _slow_pagefind(folder: Path) -> tuple[Path, Path]:
    """A stand-in for Pagefind that notes its process id and runs for two minutes: a build is interrupted while it indexes."""
    pid_file = folder / "pagefind.pid"
    binary = folder / "pagefind"
    # A shell script (it starts in a millisecond, where Python takes tens), then `sleep` in its place, with its process id.
    binary.write_text(f"#!/bin/sh\necho $$ > '{pid_file}'\nexec sleep 120\n", encoding="utf-8")
    binary.chmod(0o755)
    return binary, pid_file


def _start_build(project: Path, pagefind: Path, temp: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PAGEFIND_BINARY_PATH=str(pagefind), TMPDIR=str(temp))
    # A session of its own: the test sends Ctrl-C to the build's process group, as a terminal does.
    return subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build"], cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )


def _wait_for(path: Path, process: subprocess.Popen[str], timeout: float = 240) -> int:
    deadline = time.monotonic() + timeout
    while not (path.is_file() and path.read_text().strip()):
        if process.poll() is not None:
            pytest.fail(f"the build ended before Pagefind started:\n{process.communicate()[1]}")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail("Pagefind was not started")
        time.sleep(0.05)
    return int(path.read_text())


def _wait_for_file(path: Path, process: subprocess.Popen[str], timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while not path.is_file():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"{path.name} was not written while the build ran")
        time.sleep(0.05)


def _left_behind(site: Path, temp: Path) -> list[str]:
    in_site = [p.name for p in site.iterdir() if p.name.startswith((".", "gp-"))] if site.is_dir() else []
    return in_site + [p.name for p in temp.iterdir()]


@pytest.mark.parametrize("how", ["ctrl-c", "ctrl-c-at-the-end", "failure"])
def test_an_interrupted_or_failed_build_leaves_nothing_running_or_behind(tmp_path: Path, how: str) -> None:
    """Ctrl-C while the first language is indexed (the others still to build), Ctrl-C while the build waits
    for its last indexes (with enough bodies for render workers), and a build that fails while indexing."""
    copies = 40 if how == "ctrl-c-at-the-end" else 1
    practices = {f"demo-{n}/{lang}.md": source(f"valid-{lang}.md") for n in range(copies) for lang in ("pl", "en")}
    project = make_project(tmp_path / "project", practices)
    if how == "failure":
        # The last language's build fails on a template error while the first language is being indexed.
        config = project / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace("theme:\n  name: material", "theme:\n  name: material\n  custom_dir: overrides"), encoding="utf-8")
        (project / "overrides").mkdir()
        (project / "overrides/practice-stats.html").write_text(
            '{% extends "main.html" %}\n{% block content %}{% if gp_lang == "nb" %}{{ gp_no_such_function() }}{% endif %}{% endblock %}\n', encoding="utf-8"
        )
    temp = tmp_path / "tmp"
    temp.mkdir()
    pagefind, pid_file = _slow_pagefind(tmp_path)
    build = _start_build(project, pagefind, temp)
    pagefind_pid = _wait_for(pid_file, build)
    if how == "ctrl-c-at-the-end":
        # The last language's build writes the sitemap: then the build waits for the indexes.
        _wait_for_file(project / "site" / "sitemap.xml", build)
    if how.startswith("ctrl-c"):
        os.killpg(build.pid, signal.SIGINT)
    try:
        _, stderr = build.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(build.pid, signal.SIGKILL)
        pytest.fail("the build did not end after Ctrl-C")
    assert build.returncode != 0
    if how == "failure":
        assert "gp_no_such_function" in stderr, stderr  # MkDocs reports the site template's error
    else:
        assert "Traceback" not in stderr, stderr  # not from the build, not from its workers
    assert not process_alive(pagefind_pid), "Pagefind still runs"
    assert _processes_in_session(build.pid) == [], "a process of the build still runs"
    assert _left_behind(project / "site", temp) == []
