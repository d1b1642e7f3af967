#!/usr/bin/env python3
"""Start a new practice: a folder and a file in your own language, ready to fill in.
Or start a translation of an existing practice.

Usage (the wrapper ./scripts/new-practice sets up .venv/ first, then runs this file):
    ./scripts/new-practice                                # asks the questions, in your language
    ./scripts/new-practice --lang pl                      # asks them in Polish, for a text in Polish
    ./scripts/new-practice --slug ruse-reading --lang sl \\
        --category community-integration --country SI --municipality Ruše
    ./scripts/new-practice --translate cz-collegial-support-network --lang en

The questions are in the language given by --lang, else in the system's language
(LC_ALL, LC_MESSAGES, LANG) when it is one of the site's, else in English; the
answer to the first one, the language of the text, switches them to that language.
A question with a fixed set of answers lists them numbered and takes the number,
the code or the name; a country is taken by its code or its name in any of the
languages; the short name is suggested from the municipality and the title.

It creates practices/<slug>/<lang>.md with every field explained in that
language, an example for what you type, the body's section headings, then lists
what is still to be filled in (the same check as ./scripts/validate) and the
next steps.

Given every required answer as an option (--lang, --slug, --category, --country,
--municipality), it asks nothing. Without a terminal it reads the answers from
its input, one per line, and stops, naming the options still needed, when they
run out.

With --translate it creates practices/<slug>/<lang>.md holding every field a
translation may carry that the original has, and the original's text, each
marked as still to translate, under the section headings of <lang>.

Exit status: 0 created; 1 not created (an answer not accepted, folder or file
exists, unknown practice, practice with errors, stopped); 2 wrong usage, or
questions left without an answer.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import select
import sys
import textwrap
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from goodpractices import INTERFACE_LANGUAGES, Vocabularies, load_practices  # noqa: E402
from goodpractices.errors import msg  # noqa: E402
from goodpractices.interview import QUESTIONS, USUAL_COUNTRIES, Answer, Interview, NoMoreAnswers, Question, Refused, missing  # noqa: E402
from goodpractices.report import locale_language  # noqa: E402
from goodpractices.scaffold import new_practice_text, t, translation_text  # noqa: E402
from goodpractices.slugs import SLUG_RE  # noqa: E402
from goodpractices.validate import did_you_mean  # noqa: E402
from goodpractices_mkdocs.config_file import ProjectSettings, read_site_settings  # noqa: E402

COMMAND = "./scripts/new-practice"
PIPE_WAIT = 5.0
"""Seconds to wait for an answer on an input that is not a terminal, before taking it as ended."""


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")  # a terminal that cannot show a letter gets '?', not a traceback
    try:
        return run(argv)
    except KeyboardInterrupt:
        print("\n" + t("stopped", _early_language(argv, INTERFACE_LANGUAGES)), file=sys.stderr)
        return 130


def _early_language(argv: list[str], languages: tuple[str, ...]) -> str:
    """The author's language before the options are read: --lang's, else the system's, else English."""
    for i, arg in enumerate(argv):
        value = arg.split("=", 1)[1] if arg.startswith("--lang=") else argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else None
        if value is not None and value.strip().lower() in languages:
            return value.strip().lower()
    return locale_language(os.environ, languages) or ("en" if "en" in languages else languages[0])


class _Formatter(argparse.HelpFormatter):
    """argparse's layout, with the usage line's word in the author's language and codes kept whole."""

    usage_prefix = "usage: "

    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, self.usage_prefix if prefix is None else prefix)

    def _split_lines(self, text: str, width: int) -> list[str]:
        return textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False)  # early-childhood stays one word

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return textwrap.fill(" ".join(text.split()), width, initial_indent=indent, subsequent_indent=indent, break_on_hyphens=False)


def _parser(lang: str, languages: tuple[str, ...], vocab: Vocabularies) -> argparse.ArgumentParser:
    """The options, explained in the author's language."""

    class Formatter(_Formatter):
        usage_prefix = t("help.usage", lang)

    class Parser(argparse.ArgumentParser):
        def error(self, message: str) -> NoReturn:
            _usage_error(message, lang)

    parser = Parser(prog=COMMAND, description=t("help.description", lang), epilog=t("help.exit", lang), formatter_class=Formatter, add_help=False)
    options = parser.add_argument_group(t("help.options", lang))
    options.add_argument("-h", "--help", action="help", help=t("help.help", lang))

    def values(name: str) -> str:
        return ", ".join(vocab[name].values)

    usual = USUAL_COUNTRIES.get(lang, "CZ")
    helps = {
        "lang": t("help.lang", lang, values=", ".join(languages)),
        "title": t("help.title", lang),
        "category": t("help.category", lang, values=values("category")),
        "country": t("help.country", lang, example=f"{usual}, {vocab.countries.name(usual, lang)}"),
        "municipality": t("help.municipality", lang),
        "slug": t("help.slug", lang),
        "organisation_type": t("help.organisation_type", lang, values=values("organisation_type")),
        "level_of_government": t("help.level_of_government", lang, values=values("level_of_government")),
        "education_levels": t("help.education_levels", lang, values=values("education_level")),
        "topics": t("help.topics", lang, values=values("topic")),
        "stage": t("help.stage", lang, values=values("stage")),
    }
    for question in QUESTIONS:
        options.add_argument(question.option, dest=question.name, metavar=question.name.upper(), help=helps[question.name])
    options.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml", help=t("help.config", lang))
    options.add_argument("--date", help=t("help.date", lang))
    options.add_argument("--translate", metavar="SLUG", help=t("help.translate", lang))
    return parser


def _usage_error(message: str, lang: str) -> NoReturn:
    print("new_practice: " + t("usage.error", lang, message=message), file=sys.stderr)
    print(t("usage.help", lang, command=f"{COMMAND} --help"), file=sys.stderr)
    sys.exit(2)


class PipedAnswers:
    """Answers read line by line from an input that is not a terminal, which may end or stay silent.

    It reads the file descriptor itself (not through Python's buffers) so that `select` sees what is
    still to read, and takes an input that stays silent for `PIPE_WAIT` seconds as ended: a command
    started without a terminal never waits for ever.
    """

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.pending = b""
        self.ended = False

    def _fill(self) -> None:
        while b"\n" not in self.pending and not self.ended:
            ready, _, _ = select.select([self.fd], [], [], PIPE_WAIT)
            chunk = os.read(self.fd, 4096) if ready else b""
            if not chunk:
                self.ended = True
            self.pending += chunk

    def has_more(self) -> bool:
        self._fill()
        return bool(self.pending)

    def line(self) -> str | None:
        self._fill()
        if not self.pending:
            return None
        line, _, self.pending = self.pending.partition(b"\n")
        return line.decode("utf-8", errors="replace").rstrip("\r")


def _say(text: str) -> None:
    print(text, flush=True)


def _complain(text: str) -> None:
    sys.stdout.flush()
    print(text, file=sys.stderr, flush=True)


def _reader(piped: PipedAnswers | None):  # type: ignore[no-untyped-def]
    """What reads an answer after showing its prompt: the terminal's line editor, or the piped input, echoed."""

    def from_terminal(prompt: str) -> str | None:
        try:
            return input(prompt)
        except EOFError:
            print()
            return None

    def from_pipe(prompt: str) -> str | None:
        assert piped is not None
        text = piped.line()
        print(prompt + ("" if text is None else text), flush=True)  # the transcript reads as on a terminal
        return text

    return from_terminal if piped is None else from_pipe


def run(argv: list[str]) -> int:
    config = ROOT / "mkdocs.yml"
    for i, arg in enumerate(argv):
        if arg == "--config" and i + 1 < len(argv):
            config = Path(argv[i + 1])
        elif arg.startswith("--config="):
            config = Path(arg.split("=", 1)[1])
    try:
        settings = read_site_settings(config)
    except (OSError, ValueError) as exc:
        print(f"new_practice: {exc}", file=sys.stderr)
        return 2
    languages = settings.languages
    vocab = Vocabularies()
    lang = _early_language(argv, languages)
    parser = _parser(lang, languages, vocab)
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        _usage_error(t("usage.unknown", lang, options=" ".join(unknown)), lang)

    questions = QUESTIONS[:1] if args.translate is not None else QUESTIONS
    if args.translate is not None:
        given_elsewhere = [q.option for q in QUESTIONS[1:] if getattr(args, q.name) is not None] + (["--date"] if args.date is not None else [])
        if given_elsewhere:
            _usage_error(t("translate.only_lang", lang, options=", ".join(given_elsewhere)), lang)

    piped = None if sys.stdin.isatty() else PipedAnswers(sys.stdin.fileno())
    interview = Interview(
        lang=lang, languages=languages, vocab=vocab, practices_dir=settings.practices_dir, read=_reader(piped), write=_say, complain=_complain
    )
    given: dict[str, Answer] = {}
    for question in questions:
        text = getattr(args, question.name)
        if text is None:
            continue
        try:
            value = interview.check(question, text, from_option=True)
        except Refused as exc:
            return _fail(f"{question.option}: {exc}")
        if value is not None:
            given[question.name] = value
        if question.name == "lang" and isinstance(value, str):
            interview.lang = value

    still = missing(given, questions)
    if still:
        if piped is not None and not piped.has_more():
            return _no_answers(still, interview.lang)
        try:
            answers = interview.run(given, questions)
        except NoMoreAnswers:
            if piped is None:  # Ctrl-D on the terminal
                _complain(t("stopped", interview.lang))
                return 1
            return _no_answers(missing(interview.answers, questions), interview.lang)
        except KeyboardInterrupt:
            _complain("\n" + t("stopped", interview.lang))
            return 130
    else:
        answers = given
    lang = interview.lang
    language = answers["lang"]
    assert isinstance(language, str)

    if args.translate is not None:
        return start_translation(args.translate, language, args.config, settings, vocab)

    slug = answers["slug"]
    assert isinstance(slug, str)
    fields = {q.field or q.name: answers[q.name] for q in QUESTIONS if q.name in answers and q.name not in ("lang", "slug")}
    base_url = (read_site_url(args.config) or "").rstrip("/")
    # A practice of the collection for the example of `related`, which must name one.
    names = sorted(p.name for p in settings.practices_dir.iterdir() if SLUG_RE.match(p.name)) if settings.practices_dir.is_dir() else []
    related = next((name for name in names if any((settings.practices_dir / name).glob("*.md"))), None)
    text = new_practice_text(
        language,
        answers=fields,
        published=args.date or dt.date.today().isoformat(),
        vocab=vocab,
        schema_url=f"{base_url}/schema/practice.schema.json" if base_url else None,
        related_example=related,
    )
    folder = settings.practices_dir / slug
    try:
        folder.mkdir(parents=True)
    except FileExistsError:  # made since the answer was checked
        return _fail(t("exists", lang, path=f"{settings.practices_dir.name}/{slug}"))
    path = folder / f"{language}.md"
    path.write_text(text, encoding="utf-8")

    base = args.config.resolve().parent
    shown = path.relative_to(base) if base in path.parents else path
    shown_folder = folder.relative_to(base) if base in folder.parents else folder
    print(t("created", lang, path=shown))
    result = load_practices(settings.practices_dir, languages, vocab, display_base=base, only=[folder])
    for problem in result.problems:
        print("  " + problem.format(lang))
    steps = [t("next.edit", lang, path=shown), *_check_and_preview(lang, language, shown_folder, slug, settings.default_language, args.config)]
    if language != "en" and "en" in languages:
        steps.append(t("next.translate", lang, command=f"{COMMAND} --translate {slug} --lang en"))
    _print_steps(steps, lang)
    return 0


def _check_and_preview(lang: str, language: str, folder: Path, slug: str, default_language: str, config: Path) -> list[str]:
    """The next steps' commands: the check of the practice, and its preview with the address of its page."""
    site_path = urlsplit(read_site_url(config) or "").path.strip("/")
    page = "/".join(part for part in (site_path, "" if language == default_language else language, "practices", slug) if part)
    serve = "./scripts/serve" if language == default_language else f"./scripts/serve --lang {language}"
    return [
        t("next.validate", lang, command=f"./scripts/validate {folder.as_posix()}"),
        t("next.serve", lang, command=serve, url=f"http://127.0.0.1:8000/{page}/"),
    ]


def _print_steps(steps: list[str], lang: str) -> None:
    print(t("next.heading", lang))
    for number, step in enumerate(steps, 1):
        print(f"  {number}. {step}")


def _no_answers(still: list[Question], lang: str) -> int:
    print("new_practice: " + t("missing_args", lang, options=", ".join(q.option for q in still)), file=sys.stderr)
    return 2


def start_translation(slug: str, lang: str, config: Path, settings: ProjectSettings, vocab: Vocabularies) -> int:
    """Write practices/<slug>/<lang>.md, a translation of the practice pre-filled from its original."""
    base = config.resolve().parent
    practices_dir, languages = settings.practices_dir, settings.languages

    def shown(path: Path) -> Path:
        return path.relative_to(base) if base in path.parents else path

    folder = practices_dir / slug
    if not SLUG_RE.match(slug) or not folder.is_dir():
        slugs = sorted(p.name for p in practices_dir.iterdir() if p.is_dir()) if practices_dir.is_dir() else []
        guess = did_you_mean(slug, slugs)
        hint = f" ({msg('frame.did_you_mean', guess=guess).render(lang)})" if guess else ""
        return _fail(t("translate.unknown", lang, slug=slug, folder=shown(practices_dir)) + hint)
    path = folder / f"{lang}.md"
    if path.exists():
        return _fail(t("translate.exists", lang, path=shown(path)))
    result = load_practices(practices_dir, languages, vocab, display_base=base, only=[folder])
    practice = result.practices.get(slug)
    if practice is None:
        print(f"new_practice: {t('translate.invalid', lang, slug=slug)}", file=sys.stderr)
        for problem in result.errors:
            print("  " + problem.format(lang), file=sys.stderr)
        return 1

    base_url = (read_site_url(config) or "").rstrip("/")
    text = translation_text(practice, lang, vocab=vocab, schema_url=f"{base_url}/schema/translation.schema.json" if base_url else None)
    path.write_text(text, encoding="utf-8")
    print(t("translate.created", lang, path=shown(path), original=practice.original.source.name, mark=t("translate.mark", lang, source=practice.original_language)))
    result = load_practices(practices_dir, languages, vocab, display_base=base, only=[folder])
    for problem in result.problems:
        print("  " + problem.format(lang))
    _print_steps(_check_and_preview(lang, lang, shown(folder), slug, settings.default_language, config), lang)
    return 0


def read_site_url(config: Path) -> str | None:
    import yaml

    from goodpractices_mkdocs.config_file import TolerantLoader  # the same reader as read_site_settings

    data = yaml.load(config.read_text(encoding="utf-8"), Loader=TolerantLoader) or {}  # noqa: S506 - a SafeLoader
    return data.get("site_url") if isinstance(data, dict) else None


def _fail(message: str) -> int:
    print(f"new_practice: {message}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
