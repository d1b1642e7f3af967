#!/usr/bin/env python3
"""Validate practice files without building the site.

Usage:
    scripts/validate.py                    # every practice under practices/
    scripts/validate.py practices/foo      # only these practice folders or files

Every problem of every file is printed as `path:line: severity: field: message`.

Exit status:
    0  no errors (warnings may have been printed)
    1  at least one error
    2  the command itself was used wrongly (unknown option, missing mkdocs.yml)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from goodpractices import Vocabularies, load_practices  # noqa: E402
from goodpractices.sitecfg import read_site_settings  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Validate practice files (no site build).")
    parser.add_argument("paths", nargs="*", type=Path, help="practice folders or files (default: all of practices/)")
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml", help="the site's mkdocs.yml (for languages and the practices folder)")
    parser.add_argument("--quiet", "-q", action="store_true", help="print errors only, not warnings")
    args = parser.parse_args(argv)

    try:
        settings = read_site_settings(args.config)
    except (OSError, ValueError) as exc:
        print(f"validate: {exc}", file=sys.stderr)
        return 2
    base = args.config.resolve().parent
    only = [p if p.is_absolute() else Path.cwd() / p for p in args.paths] or None
    result = load_practices(settings.practices_dir, settings.languages, Vocabularies(), display_base=base, only=only)
    shown = result.problems if not args.quiet else result.errors
    for problem in shown:
        print(problem.format())
    errors, warnings = len(result.errors), len(result.warnings)
    print(
        f"{len(result.practices)} practice(s) valid, {errors} error(s), {warnings} warning(s)",
        file=sys.stderr,
    )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
