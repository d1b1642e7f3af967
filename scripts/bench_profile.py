"""Where our build spends its time: cProfile (and optionally py-spy) summaries for scripts/bench.py.

Two views, both from one profiled build:

* self time by component: every function's own time, built-ins (regex, str,
  I/O...) charged to the component of the Python function that called them, so
  the rows add up to the whole run;
* inclusive time of entry points (Markdown conversion, template rendering, our
  hooks, Pagefind...), which overlap.

cProfile slows call-heavy code (Jinja, Markdown) more than the rest; py-spy
samples without that distortion, so with `--py-spy` both are reported.
"""

from __future__ import annotations

import pstats
import shutil
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

COMPONENTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Markdown rendering (Python-Markdown, pymdownx)", ("/markdown/", "/pymdownx/")),
    ("Jinja templates (jinja2 + compiled templates)", ("/jinja2/", "/markupsafe/", ".html")),
    ("mkdocs-static-i18n", ("/mkdocs_static_i18n/",)),
    ("our plugin (goodpractices_mkdocs)", ("/goodpractices_mkdocs/",)),
    ("our core (goodpractices)", ("/goodpractices/",)),
    ("Material theme plugins", ("/material/",)),
    ("MkDocs core", ("/mkdocs/",)),
    ("YAML", ("/yaml/",)),
    ("Pagefind and other subprocesses (waiting)", ("/subprocess.py", "/selectors.py")),
    ("file copying (shutil)", ("/shutil.py",)),
    ("logging", ("/logging/",)),
    ("Babel, pycountry, gettext", ("/babel/", "/pycountry/", "/gettext.py")),
    ("Python standard library (other)", ("/python3.",)),
)

ENTRY_POINTS: tuple[tuple[str, str, str], ...] = (
    # (label, file fragment, function name)
    ("Markdown: Markdown.convert", "markdown/core.py", "convert"),
    ("Jinja: Template.render", "jinja2/environment.py", "render"),
    ("MkDocs: _build_page (template + write)", "mkdocs/commands/build.py", "_build_page"),
    ("MkDocs: _populate_page (read + Markdown)", "mkdocs/commands/build.py", "_populate_page"),
    ("MkDocs: File.copy_file (static files)", "mkdocs/structure/files.py", "copy_file"),
    ("MkDocs: get_files (scan docs_dir)", "mkdocs/structure/files.py", "get_files"),
    ("i18n: on_post_build (the other languages' builds)", "mkdocs_static_i18n/plugin.py", "on_post_build"),
    ("i18n: on_page_markdown", "mkdocs_static_i18n/plugin.py", "on_page_markdown"),
    ("i18n: on_page_context", "mkdocs_static_i18n/plugin.py", "on_page_context"),
    ("i18n: on_post_page", "mkdocs_static_i18n/plugin.py", "on_post_page"),
    ("i18n: on_files", "mkdocs_static_i18n/plugin.py", "on_files"),
    ("i18n: on_nav", "mkdocs_static_i18n/plugin.py", "on_nav"),
    ("ours: on_pre_build (load + validate)", "goodpractices_mkdocs/plugin.py", "on_pre_build"),
    ("ours: on_files (pages, catalogue, JSON)", "goodpractices_mkdocs/plugin.py", "on_files"),
    ("ours: on_page_markdown", "goodpractices_mkdocs/plugin.py", "on_page_markdown"),
    ("ours: on_page_context", "goodpractices_mkdocs/plugin.py", "on_page_context"),
    ("ours: practice_view", "goodpractices/site.py", "practice_view"),
    ("ours: related_practices", "goodpractices/site.py", "related_practices"),
    ("ours: printable compilations (build_compilation)", "goodpractices/compilation.py", "build_compilation"),
    ("ours: compilations: relocate_body (html.parser)", "goodpractices/compilation.py", "relocate_body"),
    ("ours: sanitising bodies (sanitize.clean_body, nh3)", "goodpractices/sanitize.py", "clean_body"),
    ("ours: open data and schema files", "goodpractices/plan.py", "shared_files"),
    ("ours: Atom feeds (of languages, categories, countries, topics)", "goodpractices/feeds.py", "feed_document"),
    ("ours: practice documents (data/practices/<slug>.json)", "goodpractices/practice_data.py", "practice_document"),
    ("ours: statistics page data", "goodpractices/stats.py", "build_statistics"),
    ("ours: map data", "goodpractices/geo.py", "build_map"),
    ("ours: build_catalogue", "goodpractices/catalogue.py", "build_catalogue"),
    ("ours: Catalogue.to_json", "goodpractices/catalogue.py", "to_json"),
    ("ours: Catalogue.entries_with (term pages)", "goodpractices/catalogue.py", "entries_with"),
    ("ours: load_practices", "goodpractices/loader.py", "load_practices"),
    ("ours: waiting for Pagefind (search_index)", "goodpractices/search_index.py", "finish"),
    ("Material: search/social/privacy plugin hooks", "material/plugins", "on_post_build"),
    ("sitemap / 404 (MkDocs _build_theme_template)", "mkdocs/commands/build.py", "_build_theme_template"),
)


def component(filename: str) -> str:
    for label, fragments in COMPONENTS:
        if label.startswith("Python standard library") and "site-packages" in filename:
            return "other third-party packages"
        if any(f in filename for f in fragments):
            return label
    return "other"


def summarise_cprofile(path: Path, top: int = 25) -> dict[str, Any]:
    stats = pstats.Stats(str(path))
    raw = stats.stats  # type: ignore[attr-defined]
    total = stats.total_tt  # type: ignore[attr-defined]
    groups: dict[str, float] = defaultdict(float)
    builtin_detail: dict[str, float] = defaultdict(float)
    for func, (_cc, _nc, tt, _ct, callers) in raw.items():
        filename, _, name = func
        if filename == "~" or filename.startswith("<"):
            # Charge a built-in's own time to its callers' components, pro rata.
            caller_tt = {c: v[2] for c, v in callers.items()}
            share = sum(caller_tt.values())
            if share <= 0:
                groups["other (built-ins, unattributed)"] += tt
                continue
            for c, v in caller_tt.items():
                label = component(c[0]) if c[0] not in ("~",) else "other (built-ins, unattributed)"
                groups[label] += tt * v / share
            builtin_detail[name] += tt
        else:
            groups[component(filename)] += tt
    inclusive = []
    for label, fragment, name in ENTRY_POINTS:
        ct = sum(v[3] for f, v in raw.items() if f[2] == name and fragment in f[0])
        calls = sum(v[1] for f, v in raw.items() if f[2] == name and fragment in f[0])
        if calls:
            inclusive.append({"entry": label, "seconds": round(ct, 2), "share": round(ct / total, 3), "calls": calls})
    by_cumulative = sorted(raw.items(), key=lambda kv: kv[1][3], reverse=True)
    by_self = sorted(raw.items(), key=lambda kv: kv[1][2], reverse=True)

    def name_of(func: tuple[str, int, str]) -> str:
        filename, line, name = func
        if filename == "~":
            return name
        short = filename.split("site-packages/")[-1].split("/work/main/")[-1]
        return f"{short}:{line}({name})"

    return {
        "total_s": round(total, 2),
        "self_time_by_component": [
            {"component": k, "seconds": round(v, 2), "share": round(v / total, 3)} for k, v in sorted(groups.items(), key=lambda kv: kv[1], reverse=True)
        ],
        "inclusive": inclusive,
        "top_cumulative": [{"function": name_of(f), "cumulative_s": round(v[3], 2), "calls": v[1]} for f, v in by_cumulative[:top]],
        "top_self": [{"function": name_of(f), "self_s": round(v[2], 2), "calls": v[1]} for f, v in by_self[:top]],
        "top_builtins": [{"function": k, "self_s": round(v, 2)} for k, v in sorted(builtin_detail.items(), key=lambda kv: kv[1], reverse=True)[:10]],
    }


def _pyspy_frame(frame: str) -> tuple[str, str]:
    """'Markdown.convert (markdown/core.py:330)' → ('convert', '/markdown/core.py:330')."""
    func, _, rest = frame.partition(" (")
    return func.rsplit(".", 1)[-1], "/" + rest.rstrip(")")


def summarise_pyspy(path: Path) -> dict[str, Any]:
    """Collapsed stacks (`py-spy record -f raw`): self samples by component, inclusive by entry point."""
    groups: dict[str, int] = defaultdict(int)
    inclusive: dict[str, int] = defaultdict(int)
    total = 0
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        total += count
        frames = stack.split(";")
        # A frame looks like "name (path/file.py:line)".
        parsed = [_pyspy_frame(f) for f in frames]
        label = component(parsed[-1][1])
        # py-spy names standard-library files without their folder.
        groups["Python standard library (other)" if label == "other" else label] += count
        for label, fragment, name in ENTRY_POINTS:
            if any(func == name and fragment in filename for func, filename in parsed):
                inclusive[label] += count
    if not total:
        return {"samples": 0}
    return {
        "samples": total,
        "self_by_component": [{"component": k, "share": round(v / total, 3)} for k, v in sorted(groups.items(), key=lambda kv: kv[1], reverse=True)],
        "inclusive": [{"entry": label, "share": round(inclusive[label] / total, 3)} for label, _, _ in ENTRY_POINTS if inclusive.get(label)],
    }


def profile_build(project: Path, out: Path, work: Path, *, timeout: float, py_spy: str | None = None) -> dict[str, Any]:
    from bench import log, run_measured

    prof = work / f"{project.name}.prof"
    if out.exists():
        shutil.rmtree(out)
    log(f"cProfile: building {project.name} …")
    cmd = [sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(out)]
    run = run_measured(cmd, cwd=project, log_file=work / f"{project.name}-cprofile.log", timeout=timeout)
    result: dict[str, Any] = {"cprofile_run": run, "prof": str(prof)}
    if run["returncode"] == 0 and prof.exists():
        result["cprofile"] = summarise_cprofile(prof)
        log(f"cProfile: {run['wall_s']} s under the profiler; written to {prof}")
    if py_spy:
        shutil.rmtree(out, ignore_errors=True)
        raw = work / f"{project.name}.pyspy.txt"
        log("py-spy: sampling the build …")
        cmd = [py_spy, "record", "--idle", "-r", "100", "-f", "raw", "-o", str(raw), "--", sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(out)]
        spy = run_measured(cmd, cwd=project, log_file=work / f"{project.name}-pyspy.log", timeout=timeout)
        result["pyspy_run"] = spy
        if raw.exists():
            result["pyspy"] = summarise_pyspy(raw)
            result["pyspy"]["raw"] = str(raw)
    return result


if __name__ == "__main__":
    import json

    print(json.dumps(summarise_cprofile(Path(sys.argv[1])), indent=2))
