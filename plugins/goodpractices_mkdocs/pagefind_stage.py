"""Run Pagefind on exactly the given pages of a site, read from a folder of hard links to them.

search.py runs this file as a process of its own (`python -I -S pagefind_stage.py
SPEC`, standard library only), for each Pagefind run:

1. it links the pages into the stage folder (in the site, so that links are
   possible), at the same relative paths, so that their URLs are the same, and
   reads them once;
2. it runs Pagefind on that folder, which walks only the pages it indexes: given
   the site, Pagefind would walk all of it, at 10,000 practices 60,000 files in
   32,000 folders for each of ~28 runs (0.3 to 1 s each, more when the system has
   let the folders' blocks go from its cache);
3. it removes the folder, unless "keep" (a build removes them all at its end:
   see search.remove_stages).

A process of its own, because the thousands of system calls of steps 1 and 3, made
from a thread of the build, would each wait for the interpreter lock while MkDocs
renders pages (seconds per run at 10,000). Where hard links cannot be made, Pagefind
is given the whole site and a glob listing the pages.

SPEC is a JSON file: {"site", "stage", "pages", "glob", "config", "command", "wait", "keep", "nice"};
the Pagefind configuration is written beside it (Pagefind reads `pagefind.json` from
its working directory). With "wait", Pagefind runs only once "go" is read from the
standard input: search.py starts the run of a language's next part while Pagefind
indexes the current one, and linking and reading the pages (mostly waiting for the
disk) is done by then. The exit status is Pagefind's.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys


def link_pages(site: str, stage: str, pages: list[str]) -> None:
    """Hard links in `stage` to `pages` of `site` (paths relative to both); OSError if one cannot be made."""
    made: set[str] = set()
    for page in pages:
        parent = os.path.dirname(page)
        if parent not in made:
            os.makedirs(os.path.join(stage, parent), exist_ok=True)
            made.add(parent)
        os.link(os.path.join(site, page), os.path.join(stage, page))


def read_pages(stage: str, pages: list[str]) -> None:
    """Read every page once, so that Pagefind finds them in the system's cache (it may have let them go since they were written)."""
    for page in pages:
        with open(os.path.join(stage, page), "rb") as handle:
            while handle.read(1 << 16):
                pass


def lower_priority(nice: int) -> None:
    """Run (this runner and Pagefind) `nice` steps below the build, where the system allows it.

    This process leads a session of its own (so that it can be stopped with its
    Pagefind). Where Linux groups the processes of each session for scheduling
    (autogroup), a nice value counts only within the session: the session's own
    nice value is what puts it below the build's.
    """
    if nice <= 0:
        return
    try:
        os.nice(nice)
    except (AttributeError, OSError):
        pass
    try:
        with open("/proc/self/autogroup", "w", encoding="ascii") as handle:
            handle.write(str(nice))
    except OSError:
        pass  # not Linux, or without autogroup


def main(argv: list[str]) -> int:
    spec_path = argv[1]
    with open(spec_path, encoding="utf-8") as handle:
        spec = json.load(handle)
    config = dict(spec["config"])
    stage = spec["stage"]
    lower_priority(int(spec.get("nice", 0)))
    try:
        try:
            link_pages(spec["site"], stage, spec["pages"])
            config["site"] = stage
            read_pages(stage, spec["pages"])
        except OSError as exc:
            sys.stderr.write(f"(the pages could not be linked in {stage}: {exc}; Pagefind reads the whole site with a glob)\n")
            shutil.rmtree(stage, ignore_errors=True)
            config["site"] = spec["site"]
            config["glob"] = spec["glob"]
        if spec.get("wait") and sys.stdin.readline().strip() != "go":
            return 0  # not needed after all: the folder is removed, Pagefind never runs
        work = os.path.dirname(os.path.abspath(spec_path))
        with open(os.path.join(work, "pagefind.json"), "w", encoding="utf-8") as handle:
            json.dump(config, handle)
        sys.stdout.flush()
        sys.stderr.flush()
        return subprocess.run(spec["command"], cwd=work, check=False).returncode
    finally:
        if not spec.get("keep"):
            shutil.rmtree(stage, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
