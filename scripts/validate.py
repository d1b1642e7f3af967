#!/usr/bin/env python3
"""Validate practice files without building the site.

Usage:
    scripts/validate.py                        # every practice under practices/
    scripts/validate.py practices/foo          # only these practice folders or files
    scripts/validate.py --lang pl              # messages in Polish
    scripts/validate.py --format github        # GitHub Actions annotations

Every problem of every file is printed as `path:line: severity: field: message`,
in the language of the file it concerns unless --lang says otherwise. The summary
line is in the language of the files checked when they share one, else in the
locale's (LC_ALL, LC_MESSAGES, LANG) when it is a site language, else in English.

Exit status:
    0  no errors (warnings may have been printed)
    1  at least one error
    2  the command itself was used wrongly (unknown option, unreadable mkdocs.yml)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from goodpractices import INTERFACE_LANGUAGES, Problem, Vocabularies, load_practices  # noqa: E402
from goodpractices.errors import msg  # noqa: E402
from goodpractices.report import checked_languages, problem_language, summary_language  # noqa: E402
from goodpractices_mkdocs.config_file import read_site_settings  # noqa: E402


def github_escape(text: str, *, property_value: bool = False) -> str:
    """Escape for a GitHub Actions workflow command (data, or a property value)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def github_annotation(problem: Problem, lang: str) -> str:
    """`::error file=…,line=…,title=…::message` — shown on the pull request's diff."""
    level = "error" if problem.is_error else "warning"
    props = [f"file={github_escape(problem.path.as_posix(), property_value=True)}"]
    if problem.line is not None:
        props.append(f"line={problem.line}")
        if problem.column is not None:
            props.append(f"col={problem.column}")
    props.append(f"title={github_escape(problem.field or problem.path.name, property_value=True)}")
    return f"::{level} {','.join(props)}::{github_escape(problem.text(lang))}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Validate practice files (no site build).")
    parser.add_argument("paths", nargs="*", type=Path, help="practice folders or files (default: all of practices/)")
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml", help="the site's mkdocs.yml (for languages and the practices folder)")
    parser.add_argument("--lang", choices=("auto", *INTERFACE_LANGUAGES), default="auto", help="language of the messages (default: that of each file)")
    parser.add_argument("--format", choices=("text", "github"), default="text", help="text (default) or GitHub Actions annotations")
    parser.add_argument("--quiet", "-q", action="store_true", help="print errors only, not warnings")
    args = parser.parse_args(argv)

    try:
        settings = read_site_settings(args.config)
    except (OSError, ValueError) as exc:
        print(f"validate: {exc}", file=sys.stderr)
        return 2
    base = args.config.resolve().parent
    only = [p if p.is_absolute() else Path.cwd() / p for p in args.paths] or None
    missing = [str(p) for p in only or [] if not p.exists()]
    if missing:
        print(f"validate: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    # Only the problems are reported: the versions need not keep their texts in memory.
    result = load_practices(settings.practices_dir, settings.languages, Vocabularies(), display_base=base, only=only, keep_bodies=False)
    shown = result.problems if not args.quiet else result.errors

    def lang_of(problem: Problem) -> str:
        if args.lang != "auto":
            return args.lang
        return problem_language(problem, base, settings.languages, settings.default_language)

    for problem in shown:
        lang = lang_of(problem)
        print(github_annotation(problem, lang) if args.format == "github" else problem.format(lang))
    # The summary is about every file checked: their one language, else the locale's, else English.
    summary_lang = args.lang if args.lang != "auto" else summary_language(checked_languages(result, base, settings.languages))
    summary = msg("frame.summary", valid=len(result.practices), errors=len(result.errors), warnings=len(result.warnings)).render(summary_lang)
    print(summary, file=sys.stderr)
    return 1 if result.errors else 0


if __name__ == "__main__":
    sys.exit(main())
