#!/usr/bin/env python3
"""Benchmarks of the practices site (issue 6): measure, compare with a tuned baseline, check the targets.

Usage (from the repository, with the project's Python):

    python scripts/bench.py --practices 1000             # our build, baseline, Markdown floor, validate
    python scripts/bench.py --validate-files 10000       # validate.py against the read+parse floor
    python scripts/bench.py --catalogue 10000            # the catalogue in headless Chromium, bytes sent
    python scripts/bench.py --serve 1000                 # `mkdocs serve`: edit one practice, time until served
    python scripts/bench.py --practices 1000 --profile   # also cProfile our build (and py-spy with --py-spy)
    python scripts/bench.py --practices 10000 --only build
    python scripts/bench.py --all                        # 1,000 + 10,000 files + catalogue 10,000 + serve 1,000
    python scripts/bench.py --quick                      # tiny N for the test suite (seconds)

Add `--json results.json` to keep the figures, `--workdir DIR --keep` to keep the generated
projects and sites. Every build runs as a subprocess (`python -m mkdocs build`); wall time is
measured around it, peak memory is the child's max RSS from wait4() (the largest single process
of its tree, Pagefind included) and, sampled every 0.25 s, the sum of RSS over the process tree
(its PSS at most once a second).
The results page is docs/en/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _source_from_argv(argv: list[str]) -> Path:
    """`--source DIR`, read before the imports below (they come from it)."""
    for i, arg in enumerate(argv):
        if arg == "--source" and i + 1 < len(argv):
            return Path(argv[i + 1]).resolve()
        if arg.startswith("--source="):
            return Path(arg.split("=", 1)[1]).resolve()
    return ROOT


SRC = _source_from_argv(sys.argv[1:])
"""The project measured: this working tree, or another checkout (`git archive HEAD | tar -x -C DIR`)."""
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(SRC / "plugins"))

import yaml  # noqa: E402

import bench_gen  # noqa: E402
from goodpractices import Vocabularies, load_practices  # noqa: E402
from goodpractices_mkdocs.config_file import TolerantLoader  # noqa: E402

PY = sys.executable
# Builds import the plugin from the measured source, ahead of the installed (editable) one.
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=os.pathsep.join(x for x in (str(SRC / "plugins"), os.environ.get("PYTHONPATH", "")) if x))
PAGE = os.sysconf("SC_PAGE_SIZE")

# The targets of issue 6.
TARGET_BUILD_VS_BASELINE = 0.5
TARGET_10K_MEMORY_MB = 2048
TARGET_10K_TIME_VS_1K = 11
TARGET_VALIDATE_VS_FLOOR = 1.5
TARGET_FILTER_MS = 16
TARGET_CATALOGUE_KB_PER_1000 = 100
TARGET_SERVE_S = 3


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- measuring a subprocess ---------------------------------------------------


def _pss(pid: int) -> int | None:
    """Proportional set size (bytes): resident memory with pages shared between processes (forked workers) split among them."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def _tree_rss(root: int, pss: bool = True) -> tuple[int, dict[str, int], int | None]:
    """Resident memory (bytes) of `root` and its descendants: the sum, per command name, and the sum of PSS (None unless `pss`).

    The RSS sum counts a page shared by forked processes once per process; the PSS sum counts it once.
    """
    children: dict[int, list[int]] = {}
    names: dict[int, str] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        close = stat.rindex(b")")
        ppid = int(stat[close + 2 :].split()[1])
        children.setdefault(ppid, []).append(int(entry))
        names[int(entry)] = stat[stat.index(b"(") + 1 : close].decode(errors="replace")
    total, by_name, todo, pss_total = 0, {}, [root], 0
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/statm", "rb") as fh:
                rss = int(fh.read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            rss = 0
        if pss:
            proportional = _pss(pid)
            pss_total += rss if proportional is None else proportional
        total += rss
        name = names.get(pid, "?")
        by_name[name] = by_name.get(name, 0) + rss
        todo.extend(children.get(pid, []))
    return total, by_name, pss_total if pss else None


PSS_INTERVAL = 1.0
"""Seconds at least between two readings of the tree's PSS (see run_measured)."""


def run_measured(cmd: list[str], *, cwd: Path, log_file: Path, timeout: float) -> dict[str, Any]:
    """Run `cmd`; wall time, CPU time, peak memory; output to `log_file`."""
    peak = [0]
    peak_pss = [0]
    peak_by_name: dict[str, int] = {}
    seen: dict[str, list[float]] = {}  # command name → [first, last] seconds at which it was running
    done = threading.Event()
    load_before = os.getloadavg()[0]
    with log_file.open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=ENV, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)

        def sample() -> None:
            # RSS (statm) four times a second; PSS (smaps_rollup, which walks every page of a process:
            # 19 ms for a 1.4 GB one) at most once a second, and only when the RSS sum, which is never
            # below the PSS sum, could beat the highest PSS seen. Reading PSS four times a second took
            # 14 s of CPU (a tenth of a core) during the 10,000-practice build, which slowed it down.
            deadline = start + timeout
            last_pss = 0.0
            while not done.wait(0.25):
                total, by_name, _ = _tree_rss(proc.pid, pss=False)
                peak[0] = max(peak[0], total)
                if total > peak_pss[0] and time.perf_counter() - last_pss >= PSS_INTERVAL:
                    last_pss = time.perf_counter()
                    pss = _tree_rss(proc.pid)[2]
                    peak_pss[0] = max(peak_pss[0], pss or 0)
                now = round(time.perf_counter() - start, 2)
                for name, rss in by_name.items():
                    peak_by_name[name] = max(peak_by_name.get(name, 0), rss)
                    seen.setdefault(name, [now, now])[1] = now
                if time.perf_counter() > deadline:
                    log(f"timeout after {timeout:.0f} s: stopping process group {proc.pid}")
                    os.killpg(proc.pid, signal.SIGKILL)
                    return

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        done.set()
        sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    text = log_file.read_text(encoding="utf-8", errors="replace")
    return {
        "command": shlex.join(str(c) for c in cmd),
        "returncode": proc.returncode,
        "wall_s": round(wall, 3),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
        "max_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "tree_peak_mb": round(peak[0] / 2**20, 1),
        "tree_peak_pss_mb": round(peak_pss[0] / 2**20, 1),
        "peak_by_process_mb": {name: round(rss / 2**20, 1) for name, rss in sorted(peak_by_name.items(), key=lambda kv: -kv[1]) if rss},
        "process_seen_s": seen,
        "load_before": round(load_before, 2),
        "warnings": len(re.findall(r"^WARNING", text, re.MULTILINE)),
        "timed_out": proc.returncode == -signal.SIGKILL,
        "log": str(log_file),
    }


def dir_size(path: Path) -> tuple[int, int]:
    """(bytes, files) under `path`."""
    total = files = 0
    for dirpath, _, names in os.walk(path):
        for name in names:
            try:
                total += os.lstat(os.path.join(dirpath, name)).st_size
                files += 1
            except OSError:
                pass
    return total, files


def ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a is not None and b else None


# -- the machine -----------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = int(line.split()[1]) // 1024
    except OSError:
        pass
    versions = {}
    for name in ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "Markdown", "pymdown-extensions", "Jinja2", "PyYAML", "pagefind", "playwright", "pycountry"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    chromium = None
    if Path("/usr/bin/chromium").exists():
        try:
            chromium = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            pass
    pagefind = None
    try:  # the binary our builds run, and its version
        from goodpractices.search_index import SearchIndexError, find_pagefind

        command = find_pagefind(SRC, ROOT)  # where link_node_modules finds node_modules for the generated sites
        version = subprocess.run([*command, "--version"], capture_output=True, text=True, timeout=60).stdout.strip()
        pagefind = {"command": " ".join(command), "version": version}
    except (ImportError, OSError, subprocess.TimeoutExpired, SearchIndexError):
        pass
    commit, changed = "", None
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10).stdout.strip()
        if SRC == ROOT:
            status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True, timeout=30).stdout
            changed = len(status.splitlines())
    except (OSError, subprocess.TimeoutExpired):
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_mb": mem,
        "python": platform.python_version(),
        "libyaml": bool(getattr(yaml, "__with_libyaml__", False)),
        "os": platform.platform(),
        "packages": versions,
        "chromium": chromium,
        "pagefind_binary": pagefind,
        "repository_head": commit,
        "source": str(SRC),
        "source_uncommitted_files": changed,
        "loadavg_start": [round(x, 2) for x in os.getloadavg()],
    }


# -- projects --------------------------------------------------------------------


def repo_config() -> dict[str, Any]:
    return yaml.load((SRC / "mkdocs.yml").read_text(encoding="utf-8"), Loader=TolerantLoader)  # noqa: S506 - a SafeLoader


def _plugin_entry(plugins: list[Any], name: str) -> int | None:
    for i, entry in enumerate(plugins):
        if entry == name or (isinstance(entry, dict) and name in entry):
            return i
    return None


def write_config(path: Path, config: dict[str, Any]) -> None:
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


def link_node_modules(project: Path) -> None:
    """The map reads world-atlas from node_modules/ next to mkdocs.yml (installed by `npm ci`)."""
    for candidate in (SRC / "node_modules", ROOT / "node_modules"):
        if candidate.is_dir():
            (project / "node_modules").symlink_to(candidate, target_is_directory=True)
            return


def make_our_project(project: Path, n: int, vocab: Vocabularies, seed: int) -> dict[str, Any]:
    """The repository's mkdocs.yml and docs/ with n synthetic practices; validated."""
    if project.exists():
        shutil.rmtree(project)
    project.mkdir(parents=True)
    shutil.copytree(SRC / "docs", project / "docs")
    link_node_modules(project)
    config = repo_config()
    i = _plugin_entry(config["plugins"], "practices")
    if i is None:
        raise SystemExit("bench: the repository's mkdocs.yml has no `practices` plugin")
    entry = config["plugins"][i]
    options = dict(entry["practices"] or {}) if isinstance(entry, dict) else {}
    options["practices_dir"] = "practices"
    config["plugins"][i] = {"practices": options}
    write_config(project / "mkdocs.yml", config)
    start = time.perf_counter()
    generated = bench_gen.generate(project / "practices", n, vocab, seed=seed, corpus_dir=SRC / "practices")
    gen_s = time.perf_counter() - start
    info = check_generated(project / "practices", bench_gen.LANGS, vocab)
    return {
        "practices": generated.practices,
        "versions": generated.versions,
        "versions_per_practice": round(generated.versions / max(1, generated.practices), 2),
        "by_language": generated.by_language,
        "originals": generated.originals,
        "words_per_version": round(generated.words / max(1, generated.versions)),
        "markdown_mb": round(generated.bytes / 2**20, 1),
        "generate_s": round(gen_s, 1),
        **info,
        "files": [str(p) for p in generated.files],
    }


def check_generated(folder: Path, languages: tuple[str, ...], vocab: Vocabularies) -> dict[str, Any]:
    start = time.perf_counter()
    result = load_practices(folder, languages, vocab)
    if result.errors:
        listing = "\n".join(p.format() for p in result.errors[:20])
        raise SystemExit(f"bench: generated practices have {len(result.errors)} error(s):\n{listing}")
    return {"load_s": round(time.perf_counter() - start, 2), "load_warnings": len(result.warnings)}


def make_baseline_project(project: Path, ours: Path, files: list[str], full_nav: bool = False, fallback: bool = True) -> None:
    """The same Markdown as plain pages of a Material + mkdocs-static-i18n site, without our plugin.

    With `fallback` (mkdocs-static-i18n's default, `fallback_to_default: true`), a language
    lacking a page gets the default language's version: every practice with an English
    version is a page in every language, as in the issue's reference figures (1,000
    practices, 5,005 pages). Without it, each version is one page only.
    """
    if project.exists():
        shutil.rmtree(project)
    project.mkdir(parents=True)
    shutil.copytree(SRC / "docs", project / "docs")
    nav_pages: dict[str, list[str]] = {}
    for name in files:
        src = Path(name)
        lang, slug = src.stem, src.parent.name
        dest = project / "docs" / lang / "practices" / f"{slug}.md"
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)
        nav_pages.setdefault(lang, []).append(f"practices/{slug}.md")
    config = repo_config()
    config["plugins"] = [p for p in config["plugins"] if not (p == "practices" or (isinstance(p, dict) and "practices" in p))]
    for entry in config["plugins"]:
        if isinstance(entry, dict) and "i18n" in entry:
            entry["i18n"]["fallback_to_default"] = fallback
    if full_nav:
        # Every page in the navigation (what a naive site does): one nav per language, via i18n's `nav` per language.
        config["nav"] = ["index.md", "contribute.md", {"Practices": sorted({p for pages in nav_pages.values() for p in pages})}]
    else:
        config["nav"] = ["index.md", "contribute.md"]
    write_config(project / "mkdocs.yml", config)


def make_catalogue_project(project: Path, n: int, vocab: Vocabularies, seed: int, search: bool) -> dict[str, Any]:
    """A one-language (English) site without mkdocs-static-i18n, as the plugin supports."""
    if project.exists():
        shutil.rmtree(project)
    (project / "docs").mkdir(parents=True)
    link_node_modules(project)
    shutil.copyfile(SRC / "docs" / "en" / "index.md", project / "docs" / "index.md")
    shutil.copyfile(SRC / "docs" / "en" / "contribute.md", project / "docs" / "contribute.md")
    config = repo_config()
    config.pop("plugins", None)
    config["theme"]["language"] = "en"
    # The repository's navigation (pages the plugin adds are in it), without search if it is off.
    config["nav"] = [item for item in config.get("nav") or ["index.md", "practices/index.md"] if search or item != "search/index.md"]
    config["plugins"] = [{"practices": {"practices_dir": "practices", "languages": ["en"], "search": search}}]
    write_config(project / "mkdocs.yml", config)
    start = time.perf_counter()
    generated = bench_gen.generate(project / "practices", n, vocab, seed=seed, languages=("en",), corpus_dir=SRC / "practices")
    gen_s = time.perf_counter() - start
    info = check_generated(project / "practices", ("en",), vocab)
    return {"practices": generated.practices, "versions": generated.versions, "generate_s": round(gen_s, 1), **info}


SETTLE_S = 5.0
"""Seconds to wait, after flushing the disk, before each timed build: deleting the last build's
thousands of files keeps the kernel busy (discards) well after `rmtree` returns, and
whichever build came next paid for it. Timed builds also write to new folders, and a series
deletes its sites only at its end: on this machine's journal-less ext4, an inode freed less
than 5 to 35 s before is not reused, and every new file scans past those (`perf` showed 7 %
of a 1,000-practice build's CPU in ext4's `recently_deleted` when the last site had just
been deleted)."""


def build(project: Path, out: Path, label: str, timeout: float, extra: list[str] | None = None) -> dict[str, Any]:
    if out.exists():
        shutil.rmtree(out)
    os.sync()
    time.sleep(SETTLE_S)
    log(f"building {label} ({project.name}) …")
    cmd = [PY, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(out), *(extra or [])]
    result = run_measured(cmd, cwd=project, log_file=project.parent / f"{label}.log", timeout=timeout)
    size, count = dir_size(out) if out.exists() else (0, 0)
    result.update(site_mb=round(size / 2**20, 1), site_files=count)
    if result["returncode"] != 0:
        tail = Path(result["log"]).read_text(encoding="utf-8", errors="replace")[-3000:]
        log(f"{label} FAILED (exit {result['returncode']}):\n{tail}")
    else:
        log(f"{label}: {result['wall_s']} s wall, {result['cpu_s']} s CPU, max RSS {result['max_rss_mb']} MB, {result['site_mb']} MB in {count} files")
    return result


# -- floors --------------------------------------------------------------------


def _split(text: str) -> tuple[str, str]:
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end >= 0:
            return text[4:end], text[end + 5 :]
    return "", text


def markdown_extensions() -> tuple[list[str], dict[str, Any]]:
    names, configs = [], {}
    for entry in repo_config().get("markdown_extensions") or []:
        if isinstance(entry, dict):
            (name, options), = entry.items()
            names.append(name)
            configs[name] = options or {}
        else:
            names.append(str(entry))
    return names, configs


def markdown_floor(files: list[str], repeat: int = 1) -> dict[str, Any]:
    """Render each version once with Python-Markdown and parse its front matter with the C loader, in-process (best of `repeat`)."""
    import markdown

    names, configs = markdown_extensions()
    md = markdown.Markdown(extensions=names, extension_configs=configs)
    times, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        html = 0
        for name in files:
            with open(name, encoding="utf-8") as fh:
                front, body = _split(fh.read())
            yaml.load(front, Loader=yaml.CSafeLoader)
            html += len(md.reset().convert(body))
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return {
        "seconds": round(min(times), 3),
        "cpu_s": round(min(cpu), 3),
        "runs_s": [round(t, 3) for t in times],
        "versions": len(files),
        "extensions": names,
        "html_mb": round(html / 2**20, 1),
    }


READ_PARSE = """
import sys, time, yaml
files = sys.stdin.read().split("\\n")
t = time.perf_counter()
for name in files:
    with open(name, encoding="utf-8") as fh:
        text = fh.read()
    end = text.find("\\n---\\n", 4)
    yaml.load(text[4:end], Loader=yaml.CSafeLoader)
print(time.perf_counter() - t)
"""


def read_parse_floor(files: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds to read every file and parse its front matter with the C loader."""
    start, start_cpu = time.perf_counter(), time.process_time()
    for name in files:
        with open(name, encoding="utf-8") as fh:
            front, _ = _split(fh.read())
        yaml.load(front, Loader=yaml.CSafeLoader)
    return time.perf_counter() - start, time.process_time() - start_cpu


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(cmd: list[str], repeat: int = 3, **kwargs: Any) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Best wall time and best CPU time (user+system of the child) over `repeat` runs."""
    best, best_cpu, result = float("inf"), float("inf"), None
    for _ in range(repeat):
        start, cpu = time.perf_counter(), _children_cpu()
        result = subprocess.run(cmd, env=ENV, capture_output=True, text=True, **kwargs)
        best = min(best, time.perf_counter() - start)
        best_cpu = min(best_cpu, _children_cpu() - cpu)
    assert result is not None
    return best, best_cpu, result


def bench_validate(project: Path, files: list[str], vocab: Vocabularies, repeat: int = 3) -> dict[str, Any]:
    """scripts/validate.py as a subprocess against the floor of reading the files and parsing their YAML."""
    log(f"validate: {len(files)} files …")
    config = project / "mkdocs.yml"
    # Bytecode, as an installed package has it (PyYAML, which the floor uses, ships compiled); without it
    # every run would compile the project's modules again (PYTHONDONTWRITEBYTECODE is set on some machines).
    subprocess.run([PY, "-m", "compileall", "-q", str(SRC / "plugins"), str(SRC / "scripts")], check=False, capture_output=True)
    raw, raw_cpu, result = _timed([PY, str(SRC / "scripts" / "validate.py"), "--config", str(config), "-q"], repeat)
    if result.returncode != 0:
        raise SystemExit(f"bench: validate.py failed on generated practices:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    bare, _, _ = _timed([PY, "-c", "pass"], repeat)
    imports = (
        f"import sys; sys.path.insert(0, {str(SRC / 'plugins')!r}); "
        "import argparse, goodpractices, goodpractices_mkdocs.config_file; goodpractices.Vocabularies()"
    )
    startup, startup_cpu, _ = _timed([PY, "-c", imports], repeat)
    # The floor, in-process and as a script that also pays for starting Python and importing yaml.
    floors = [read_parse_floor(files) for _ in range(repeat)]
    floor_in, floor_in_cpu = min(f[0] for f in floors), min(f[1] for f in floors)
    listing = "\n".join(files)
    floor_sub, floor_sub_cpu, _ = _timed([PY, "-c", READ_PARSE], repeat, input=listing)
    # The same work as validate.py, in this process (imports and vocabularies already loaded).
    in_process = in_process_cpu = float("inf")
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        load_practices(project / "practices", bench_gen.LANGS, vocab)
        in_process = min(in_process, time.perf_counter() - start)
        in_process_cpu = min(in_process_cpu, time.process_time() - start_cpu)
    out = {
        "files": len(files),
        "validate_raw_s": round(raw, 3),
        "validate_raw_cpu_s": round(raw_cpu, 3),
        "python_bare_s": round(bare, 3),
        "startup_imports_s": round(startup, 3),
        "startup_imports_cpu_s": round(startup_cpu, 3),
        "validate_minus_startup_s": round(raw - startup, 3),
        "load_practices_in_process_s": round(in_process, 3),
        "load_practices_in_process_cpu_s": round(in_process_cpu, 3),
        "floor_in_process_s": round(floor_in, 3),
        "floor_in_process_cpu_s": round(floor_in_cpu, 3),
        "floor_subprocess_s": round(floor_sub, 3),
        "floor_subprocess_cpu_s": round(floor_sub_cpu, 3),
        "ratio_raw_vs_floor_subprocess": ratio(raw, floor_sub),
        "ratio_raw_vs_floor_subprocess_cpu": ratio(raw_cpu, floor_sub_cpu),
        "ratio_minus_startup_vs_floor": ratio(raw - startup, floor_in),
        "ratio_in_process": ratio(in_process, floor_in),
        "ratio_in_process_cpu": ratio(in_process_cpu, floor_in_cpu),
        "repeat": f"best of {repeat}",
    }
    log(
        f"validate: {raw:.2f} s raw ({raw_cpu:.2f} s CPU; start-up {startup:.2f} s), in-process {in_process:.2f} s; "
        f"floor {floor_in:.2f} s in-process, {floor_sub:.2f} s ({floor_sub_cpu:.2f} s CPU) as a script"
    )
    return out


# -- the sections ----------------------------------------------------------------


def bench_practices(args: argparse.Namespace, work: Path, vocab: Vocabularies, n: int, only: set[str]) -> dict[str, Any]:
    project = work / f"site-{n}"
    log(f"generating {n} practices in 5 languages …")
    gen = make_our_project(project, n, vocab, args.seed)
    files = gen.pop("files")
    log(f"{gen['practices']} practices, {gen['versions']} versions, {gen['words_per_version']} words per version (load+validate {gen['load_s']} s)")
    out: dict[str, Any] = {"n": n, "generated": gen}
    timeout = args.timeout
    if "baseline" in only:
        make_baseline_project(work / f"baseline-{n}", project, files)
    # Rounds alternate our build and the baseline, so that both see the same machine load; the fastest run of each is kept.
    rounds = args.rounds if {"build", "baseline"} <= only else 1
    runs: dict[str, list[dict[str, Any]]] = {"ours": [], "baseline": []}
    sites: list[Path] = []  # deleted at the end of the series (see SETTLE_S)
    for r in range(rounds):
        suffix = f"-{n}" if rounds == 1 else f"-{n}-round{r + 1}"
        if "build" in only:
            site = work / (f"out-ours-{n}" if r == 0 else f"out-ours{suffix}")
            runs["ours"].append(build(project, site, f"ours{suffix}", timeout))
            if r > 0 or not args.keep_sites:
                sites.append(site)
        if "baseline" in only:
            sites.append(work / f"out-baseline{suffix}")
            runs["baseline"].append(build(work / f"baseline-{n}", sites[-1], f"baseline{suffix}", timeout))
    for key, measured in runs.items():
        if measured:
            best = dict(min(measured, key=lambda m: (m["returncode"] != 0, m["wall_s"])))
            best["rounds"] = [{k: m[k] for k in ("wall_s", "cpu_s", "max_rss_mb", "load_before", "returncode")} for m in measured]
            best["cpu_s_min"] = min(m["cpu_s"] for m in measured)
            out[key] = best
    if "baseline" in only:
        # The stricter baseline: no fallback copies, each version one page (what our site publishes).
        make_baseline_project(work / f"baseline-vo-{n}", project, files, fallback=False)
        sites.append(work / f"out-baseline-vo-{n}")
        out["baseline_versions_only"] = build(work / f"baseline-vo-{n}", sites[-1], f"baseline-versions-only-{n}", timeout)
        if args.baseline_full_nav:
            make_baseline_project(work / f"baseline-full-{n}", project, files, full_nav=True)
            sites.append(work / f"out-baseline-full-{n}")
            out["baseline_full_nav"] = build(work / f"baseline-full-{n}", sites[-1], f"baseline-full-nav-{n}", timeout)
    for site in sites:
        shutil.rmtree(site, ignore_errors=True)
    if "floor" in only:
        log("Markdown floor …")
        out["floor"] = markdown_floor(files, repeat=args.repeat)
        log(f"floor: {out['floor']['seconds']} s for {len(files)} versions")
    if "validate" in only:
        out["validate"] = bench_validate(project, files, vocab, repeat=args.repeat)
    ours, base, floor = out.get("ours"), out.get("baseline"), out.get("floor")
    out["ratios"] = {
        "ours_vs_baseline_wall": ratio(ours and ours["wall_s"], base and base["wall_s"]),
        "ours_vs_baseline_cpu": ratio(ours and ours["cpu_s"], base and base["cpu_s"]),
        "ours_vs_floor_wall": ratio(ours and ours["wall_s"], floor and floor["seconds"]),
        "baseline_vs_floor_wall": ratio(base and base["wall_s"], floor and floor["seconds"]),
        "ours_vs_baseline_memory": ratio(ours and ours["max_rss_mb"], base and base["max_rss_mb"]),
        "ours_vs_baseline_size": ratio(ours and ours["site_mb"], base and base["site_mb"]),
        "ours_vs_versions_only_baseline_wall": ratio(ours and ours["wall_s"], out.get("baseline_versions_only") and out["baseline_versions_only"]["wall_s"]),
        "ours_vs_versions_only_baseline_cpu": ratio(ours and ours["cpu_s"], out.get("baseline_versions_only") and out["baseline_versions_only"]["cpu_s"]),
    }
    if args.profile and "build" in only and n == min(args.practices):
        import bench_profile

        out["profile"] = bench_profile.profile_build(project, work / f"out-profile-{n}", work, timeout=timeout * 3, py_spy=args.py_spy)
        shutil.rmtree(work / f"out-profile-{n}", ignore_errors=True)
    if not args.keep:
        shutil.rmtree(work / f"baseline-{n}", ignore_errors=True)
        shutil.rmtree(work / f"baseline-full-{n}", ignore_errors=True)
        shutil.rmtree(work / f"baseline-vo-{n}", ignore_errors=True)
    return out


def bench_validate_files(args: argparse.Namespace, work: Path, vocab: Vocabularies, n_files: int) -> dict[str, Any]:
    """validate.py over a tree of (about) n_files language files."""
    project = work / f"validate-{n_files}"
    practices = max(1, round(n_files / 2.6))
    gen = make_our_project(project, practices, vocab, args.seed + 7)
    files = gen.pop("files")
    out = bench_validate(project, files, vocab, repeat=args.repeat)
    out["practices"] = gen["practices"]
    if not args.keep:
        shutil.rmtree(project, ignore_errors=True)
    return out


def bench_catalogue(args: argparse.Namespace, work: Path, vocab: Vocabularies, n: int) -> dict[str, Any]:
    import bench_browser

    project = work / f"catalogue-{n}"
    log(f"generating {n} practices (English only) for the catalogue …")
    gen = make_catalogue_project(project, n, vocab, args.seed + 3, search=not args.no_search)
    out: dict[str, Any] = {"n": n, "generated": gen}
    site = work / f"out-catalogue-{n}"
    out["build"] = build(project, site, f"catalogue-{n}", args.timeout)
    if out["build"]["returncode"] != 0:
        return out
    out["bytes"] = bench_browser.catalogue_bytes(site, n)
    if args.no_browser:
        out["browser"] = "skipped (--no-browser)"
    else:
        out["browser"] = bench_browser.measure(site, n, repeats=args.browser_repeats, changes=args.filter_changes, search=not args.no_search)
    if not args.keep_sites:
        shutil.rmtree(site, ignore_errors=True)
    if not args.keep:
        shutil.rmtree(project, ignore_errors=True)
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str | None:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def bench_serve(args: argparse.Namespace, work: Path, vocab: Vocabularies, n: int, dirty: bool, preview: str | None = None) -> dict[str, Any]:
    """`mkdocs serve` on the five-language site: edit one practice's title, time until the page serves it.

    `preview`: the languages of the preview mode (GP_PREVIEW_LANGUAGES), e.g. "en"; None: every language.
    """
    project = work / f"site-{n}"
    if not (project / "practices").is_dir() or len(list((project / "practices").iterdir())) != n:
        make_our_project(project, n, vocab, args.seed)
    # A practice with an English version written as a translation (the common case).
    result = load_practices(project / "practices", bench_gen.LANGS, vocab)
    # A practice whose English version is a translation (the common case) with a plain title line.
    for practice in result.practices.values():
        if "en" in practice.versions and practice.original_language != "en":
            page_file = project / "practices" / practice.slug / "en.md"
            original_text = page_file.read_text(encoding="utf-8")
            if f"\ntitle: {practice.versions['en'].title}\n" in "\n" + original_text:
                break
    else:
        raise SystemExit("bench: no practice with an English translation to edit")
    port = _free_port()
    url = f"http://127.0.0.1:{port}/practices/{practice.slug}/"
    cmd = [PY, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"), "-a", f"127.0.0.1:{port}", "--no-livereload" if args.serve_no_livereload else "--livereload"]
    if dirty:
        cmd.append("--dirty")
    log_file = work / f"serve-{n}{'-dirty' if dirty else ''}{'-preview-' + preview if preview else ''}.log"
    label = ("serve --dirty" if dirty else "serve") + (f" (preview {preview})" if preview else " (all languages)")
    env = dict(ENV, GP_PREVIEW_LANGUAGES=preview or "all")
    log(f"{label}: starting on {n} practices …")
    out: dict[str, Any] = {"n": n, "dirty": dirty, "preview": preview, "command": f"GP_PREVIEW_LANGUAGES={preview or 'all'} " + shlex.join(cmd), "page": f"/practices/{practice.slug}/", "edits": []}
    with log_file.open("wb") as fh:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=project, env=env, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            title = practice.versions["en"].title
            deadline = start + args.timeout
            while time.perf_counter() < deadline:
                page = _get(url)
                if page is not None:
                    break  # mkdocs serve answers once its first build is done
                if proc.poll() is not None:
                    raise SystemExit(f"bench: mkdocs serve exited ({proc.returncode}); see {log_file}")
                time.sleep(0.5)
            else:
                raise SystemExit(f"bench: mkdocs serve did not serve {url} within {args.timeout} s")
            out["startup_s"] = round(time.perf_counter() - start, 1)
            _wait_quiet(log_file, proc, "Serving on", timeout=args.timeout)
            out["startup_complete_s"] = round(time.perf_counter() - start, 1)
            log(f"{label}: serving after {out['startup_s']} s (initial build done after {out['startup_complete_s']} s)")
            for k in range(args.serve_edits):
                marker = f"Bench edit {k} {int(time.time())}"
                built_before = _builds_logged(log_file)
                text = original_text.replace(f"title: {title}", f"title: {marker} {title}", 1)
                if text == original_text:
                    raise SystemExit("bench: could not find the title line to edit")
                edited = time.perf_counter()
                page_file.write_text(text, encoding="utf-8")
                served = None
                while time.perf_counter() - edited < args.timeout:
                    page = _get(url)
                    if page is not None and marker in page:
                        served = time.perf_counter() - edited
                        break
                    time.sleep(0.05)
                # Wait for the rest of the rebuild (other languages, Pagefind) before the next edit.
                finished = _wait_built(log_file, built_before, proc, edited, args.timeout)
                out["edits"].append({"page_served_s": round(served, 2) if served is not None else None, "rebuild_done_s": round(finished, 2) if finished is not None else None})
                log(f"{label}: edit {k + 1}: page served after {served if served is None else round(served, 2)} s, rebuild done after {finished if finished is None else round(finished, 2)} s")
        finally:
            page_file.write_text(original_text, encoding="utf-8")
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
    served = [e["page_served_s"] for e in out["edits"] if e["page_served_s"] is not None]
    done = [e["rebuild_done_s"] for e in out["edits"] if e["rebuild_done_s"] is not None]
    out["page_served_median_s"] = round(statistics.median(served), 2) if served else None
    out["rebuild_done_median_s"] = round(statistics.median(done), 2) if done else None
    out["log"] = str(log_file)
    return out


def _wait_quiet(log_file: Path, proc: subprocess.Popen[bytes], needle: str, timeout: float) -> None:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline and proc.poll() is None:
        if needle in log_file.read_text(encoding="utf-8", errors="replace"):
            return
        time.sleep(0.2)


def _builds_logged(log_file: Path) -> int:
    """Lines that mark the end of a (language) build in a `mkdocs serve` log.

    mkdocs-static-i18n sometimes filters MkDocs' "Documentation built in" line out, so
    the live-reload server's "Reloading browsers" (after every rebuild) counts too.
    """
    text = log_file.read_text(encoding="utf-8", errors="replace")
    return text.count("Documentation built in") + text.count("Reloading browsers")


def _wait_built(log_file: Path, before: int, proc: subprocess.Popen[bytes], since: float, timeout: float) -> float | None:
    """Seconds from `since` until the outer build reports it is done (the last 'Documentation built')."""
    deadline = since + timeout
    seen, last_change = before, None
    while time.perf_counter() < deadline and proc.poll() is None:
        count = _builds_logged(log_file)
        if count > seen:
            seen, last_change = count, time.perf_counter() - since
        # The outer build logs once per language build plus once for itself; quiet for 3 s means done.
        if last_change is not None and time.perf_counter() - since - last_change > 3:
            return last_change
        time.sleep(0.1)
    return last_change


# -- targets and report ------------------------------------------------------------


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []

    def add(name: str, target: str, value: Any, met: bool | None, note: str = "") -> None:
        rows.append({"target": name, "goal": target, "value": value, "met": met, "note": note})

    by_n = {r["n"]: r for r in results.get("practices", [])}
    one_k = by_n.get(1000) or (min(by_n.values(), key=lambda r: r["n"]) if by_n else None)
    if one_k and one_k.get("ours") and one_k.get("baseline"):
        r = one_k["ratios"]["ours_vs_baseline_wall"]
        add(f"build {one_k['n']} practices vs tuned baseline", f"≤ {TARGET_BUILD_VS_BASELINE}×", f"{r}× ({one_k['ours']['wall_s']} s vs {one_k['baseline']['wall_s']} s)", r is not None and r <= TARGET_BUILD_VS_BASELINE)
    ten_k = by_n.get(10000)
    if ten_k and ten_k.get("ours"):
        o = ten_k["ours"]
        ok = o["returncode"] == 0
        add("build 10,000 practices: completes, peak memory", f"≤ {TARGET_10K_MEMORY_MB} MB", f"{'completed' if ok else 'FAILED'}; largest process {o['max_rss_mb']} MB, whole tree {o.get('tree_peak_pss_mb')} MB (PSS; RSS sum {o['tree_peak_mb']} MB)", ok and max(o["max_rss_mb"], o.get("tree_peak_pss_mb") or o["tree_peak_mb"]) <= TARGET_10K_MEMORY_MB)
        if by_n.get(1000) and by_n[1000].get("ours"):
            r = ratio(o["wall_s"], by_n[1000]["ours"]["wall_s"])
            add("build 10,000 vs 1,000 time", f"≤ {TARGET_10K_TIME_VS_1K}×", f"{r}× ({o['wall_s']} s vs {by_n[1000]['ours']['wall_s']} s)", ok and r is not None and r <= TARGET_10K_TIME_VS_1K)
    for v in results.get("validate", []):
        r1, r2 = v["ratio_raw_vs_floor_subprocess"], v["ratio_minus_startup_vs_floor"]
        r_cpu = v.get("ratio_raw_vs_floor_subprocess_cpu")
        add(
            f"validate {v['files']} files vs read+parse floor",
            f"≤ {TARGET_VALIDATE_VS_FLOOR}×",
            f"{r1}× as scripts ({r_cpu}× in CPU time), {r2}× minus start-up, {v['ratio_in_process']}× in-process",
            r1 is not None and r1 <= TARGET_VALIDATE_VS_FLOOR,
            "judged on the script-vs-script wall-time ratio",
        )
    for c in results.get("catalogue", []):
        b = c.get("bytes")
        if b:
            add(f"catalogue transfer at {c['n']} (gzip, per 1,000 practices)", f"≤ {TARGET_CATALOGUE_KB_PER_1000} KB", f"{b['per_1000_kb_total']} KB with CSS/JS ({b['per_1000_kb_data']} KB page+JSON only)", b["per_1000_kb_total"] <= TARGET_CATALOGUE_KB_PER_1000)
        br = c.get("browser")
        if isinstance(br, dict) and br.get("filter"):
            f = br["filter"]
            add(
                f"filter change at {c['n']} (median, Chromium)",
                f"≤ {TARGET_FILTER_MS} ms",
                f"{f['layout_ms_median']} ms handler+style+layout (p95 {f['layout_ms_p95']}); handler alone {f['handler_ms_median']} ms; to next frame {f['frame_ms_median']} ms",
                f["layout_ms_median"] <= TARGET_FILTER_MS,
                "judged on the handler plus the style and layout it causes; 'next frame' adds waiting for vsync",
            )
    for s in results.get("serve", []):
        m = s.get("page_served_median_s")
        add(f"serve {s['n']}{' --dirty' if s['dirty'] else ''}{' preview ' + s['preview'] if s.get('preview') else ''}: edited page rebuilt", f"≤ {TARGET_SERVE_S} s", f"{m} s (full rebuild {s.get('rebuild_done_median_s')} s)", m is not None and m <= TARGET_SERVE_S)
    return rows


def print_summary(results: dict[str, Any]) -> None:
    print("\n| target | goal | measured | met |\n|---|---|---|---|")
    for row in results["targets"]:
        met = "yes" if row["met"] else ("no" if row["met"] is False else "?")
        print(f"| {row['target']} | {row['goal']} | {row['value']} | {met} |")
    for r in results.get("practices", []):
        print(f"\n{r['n']} practices ({r['generated']['versions']} versions):")
        for key in ("ours", "baseline", "baseline_versions_only", "baseline_full_nav"):
            if key in r:
                x = r[key]
                print(f"  {key:22} wall {x['wall_s']:8.1f} s  CPU {x['cpu_s']:8.1f} s  max RSS {x['max_rss_mb']:7.0f} MB  tree {x.get('tree_peak_pss_mb', 0):7.0f} MB PSS  site {x['site_mb']:8.1f} MB in {x['site_files']} files  warnings {x['warnings']}")
        if "floor" in r:
            print(f"  {'markdown floor':18} {r['floor']['seconds']:8.2f} s (in-process)")
        print(f"  ratios: {r['ratios']}")


# -- main ------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__.split("\n\n", 1)[1])
    parser.add_argument("--practices", type=int, action="append", default=[], metavar="N", help="build N practices × 5 languages, the baseline, the floor, validate (repeatable)")
    parser.add_argument("--only", default="build,baseline,floor,validate", help="parts of --practices to run (comma-separated: build, baseline, floor, validate)")
    parser.add_argument("--validate-files", type=int, action="append", default=[], metavar="N", help="time validate.py over about N files")
    parser.add_argument("--catalogue", type=int, action="append", default=[], metavar="N", help="catalogue of N practices in Chromium")
    parser.add_argument("--serve", type=int, action="append", default=[], metavar="N", help="mkdocs serve rebuild latency with N practices")
    parser.add_argument("--serve-dirty", action="store_true", help="also time `mkdocs serve --dirty`")
    parser.add_argument("--serve-preview", action="append", default=[], metavar="LANGS", help="languages built under serve (GP_PREVIEW_LANGUAGES, e.g. `en` for the single-language preview; `all`, the default, for every language); repeatable")
    parser.add_argument("--serve-edits", type=int, default=3, help="edits to time under serve (default 3)")
    parser.add_argument("--serve-no-livereload", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--profile", action="store_true", help="also run our build under cProfile and summarise it")
    parser.add_argument("--py-spy", metavar="PATH", help="also sample our build with this py-spy binary")
    parser.add_argument("--baseline-full-nav", action="store_true", help="also build the baseline with every page in the navigation")
    parser.add_argument("--all", action="store_true", help="--practices 1000 --practices 10000(build only) --validate-files 10000 --catalogue 10000 --serve 1000 --profile")
    parser.add_argument("--quick", action="store_true", help="tiny N for the test suite: a few practices, no serve, small Chromium run")
    parser.add_argument("--no-browser", action="store_true", help="skip Chromium (catalogue bytes are still computed)")
    parser.add_argument("--no-search", action="store_true", help="catalogue site without Pagefind (no search bytes)")
    parser.add_argument("--browser-repeats", type=int, default=5, help="cold loads of the catalogue (default 5)")
    parser.add_argument("--filter-changes", type=int, default=30, help="filter changes to time (default 30)")
    parser.add_argument("--rounds", type=int, default=1, help="alternate our build and the baseline this many times; keep the fastest of each (default 1)")
    parser.add_argument("--repeat", type=int, default=3, help="repeats of the validate timings (best of)")
    parser.add_argument("--source", type=Path, default=ROOT, help="the project to measure (default: this working tree); e.g. a `git archive` of a commit")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=1800, help="seconds allowed for each build (default 1800)")
    parser.add_argument("--workdir", type=Path, help="where to generate projects (default: a new temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep generated projects")
    parser.add_argument("--keep-sites", action="store_true", help="keep built sites")
    parser.add_argument("--json", type=Path, help="write all results to this JSON file")
    args = parser.parse_args(argv)

    ten_k_build_only = False
    global SETTLE_S
    if args.quick:
        SETTLE_S = 0.0  # seconds-long builds of a few practices: nothing to settle
        args.practices = args.practices or [3]
        args.validate_files = args.validate_files or [10]
        args.catalogue = args.catalogue or [3]
        args.browser_repeats = min(args.browser_repeats, 1)
        args.filter_changes = min(args.filter_changes, 3)
        args.repeat = 1
        args.serve_edits = 1
    if args.all:
        args.practices = [1000, 10000]
        ten_k_build_only = True
        args.validate_files = args.validate_files or [10000]
        args.catalogue = args.catalogue or [10000]
        args.serve = args.serve or [1000]
        args.profile = True
    if not (args.practices or args.validate_files or args.catalogue or args.serve):
        parser.error("nothing to do: give --practices, --validate-files, --catalogue, --serve, --all or --quick")
    only = {x.strip() for x in args.only.split(",") if x.strip()}
    unknown = only - {"build", "baseline", "floor", "validate"}
    if unknown:
        parser.error(f"--only: unknown part(s) {', '.join(sorted(unknown))}")

    work = args.workdir or Path(tempfile.mkdtemp(prefix="gp-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    work = work.resolve()
    vocab = Vocabularies()
    results: dict[str, Any] = {
        "command": shlex.join([Path(PY).name, "scripts/bench.py", *(argv if argv is not None else sys.argv[1:])]),
        "started": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "machine": machine(),
        "workdir": str(work),
        "practices": [],
        "validate": [],
        "catalogue": [],
        "serve": [],
    }
    log(f"working in {work}; {results['machine']['nproc']} CPUs, load {results['machine']['loadavg_start']}; Pagefind: {(results['machine']['pagefind_binary'] or {}).get('version')}")
    started = time.perf_counter()
    try:
        for n in args.practices:
            parts = {"build"} if (ten_k_build_only and n >= 10000) else only
            results["practices"].append(bench_practices(args, work, vocab, n, parts))
            if "validate" in parts:
                results["validate"].append(results["practices"][-1]["validate"])
        for n in args.validate_files:
            results["validate"].append(bench_validate_files(args, work, vocab, n))
        for n in args.catalogue:
            results["catalogue"].append(bench_catalogue(args, work, vocab, n))
        for n in args.serve:
            for preview in args.serve_preview or ["all"]:
                results["serve"].append(bench_serve(args, work, vocab, n, dirty=False, preview=None if preview == "all" else preview))
            if args.serve_dirty:
                results["serve"].append(bench_serve(args, work, vocab, n, dirty=True))
    finally:
        results["total_s"] = round(time.perf_counter() - started, 1)
        results["machine"]["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
        results["targets"] = targets(results)
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
            log(f"results written to {args.json}")
        if not args.keep and args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    print_summary(results)
    failed = [r for r in results["practices"] for k in ("ours", "baseline") if k in r and r[k]["returncode"] != 0]
    failed += [c for c in results["catalogue"] if c.get("build", {}).get("returncode", 0) != 0]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
