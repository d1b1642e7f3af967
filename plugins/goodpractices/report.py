"""In which language to tell a user about their files, and to ask them questions.

Each problem is told in the language of the file it is about (an author of
`practices/x/cs.md` reads Czech). A line about several files at once (a
summary, the heading of a list of errors) is in the one language of the files
checked when they share it, else in the language of the user's locale
(LC_ALL, LC_MESSAGES, LANG, in POSIX order) when it is an interface language,
else in English. The scaffolder asks its questions in the locale's language
too (`locale_language`), when the site is written in it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from .errors import Problem
from .loader import LoadResult
from .vocab import INTERFACE_LANGUAGES

_LOCALE_ALIASES = {"no": "nb", "nn": "nb"}
"""Locales whose language the site writes as another code (Norwegian is written in Bokmål here)."""


def file_language(path: Path, base: Path, languages: Iterable[str]) -> str | None:
    """The language of a practice file (`…/cs.md`), or of a practice folder's files (its first language file); None if neither."""
    languages = tuple(languages)
    if path.suffix == ".md" and path.stem in languages:
        return path.stem
    folder = path if path.is_absolute() else base / path
    if folder.is_dir():
        for lang in languages:
            if (folder / f"{lang}.md").is_file():
                return lang
    return None


def problem_language(problem: Problem, base: Path, languages: Iterable[str], default: str) -> str:
    """The language to tell `problem` in: that of the file it is about (paths relative to `base`), else `default`."""
    return file_language(problem.path, base, languages) or default


def checked_languages(result: LoadResult, base: Path, languages: Iterable[str]) -> set[str]:
    """The languages of the files a load checked: those of the practices loaded and of the folders with problems."""
    languages = tuple(languages)
    found = {lang for practice in result.practices.values() for lang in practice.versions}
    for problem in result.problems:
        path = problem.path if problem.path.is_absolute() else base / problem.path
        folder = path.parent if path.suffix == ".md" else path
        # A practice with errors is not loaded: its other language files were checked all the same.
        found.update(lang for lang in languages if (folder / f"{lang}.md").is_file())
        lang = file_language(problem.path, base, languages)
        if lang is not None:
            found.add(lang)
    return found


def locale_language(environ: Mapping[str, str] | None = None, languages: Sequence[str] = INTERFACE_LANGUAGES) -> str | None:
    """The language of the user's locale (LC_ALL, else LC_MESSAGES, else LANG) when it is one of `languages`, else None.

    `cs_CZ.UTF-8` → cs; Norwegian `no` and Nynorsk `nn` → nb, the written Norwegian closest to them; C,
    POSIX and unset → None. `environ` is the process's environment unless given.
    """
    env = os.environ if environ is None else environ
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(variable)
        if value:
            code = re.split(r"[_.@-]", value, maxsplit=1)[0].lower()
            code = _LOCALE_ALIASES.get(code, code)
            return code if code in languages else None
    return None


def summary_language(file_languages: Iterable[str], environ: Mapping[str, str] | None = None) -> str:
    """The language of a line about several files: theirs when they share one, else the locale's, else English."""
    found = set(file_languages)
    if len(found) == 1:
        return found.pop()
    return locale_language(environ) or "en"
