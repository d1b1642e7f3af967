#!/usr/bin/env python3
"""Turn a submitted issue form into a practice file or a translation file, for contributors without git.

Usage:
    scripts/issue_to_practice.py BODY.md                 # write practices/<slug>/<lang>.md
    scripts/issue_to_practice.py BODY.md --date 2026-01-31 --comment reply.md --for-editors notes.md
    scripts/issue_to_practice.py --say editors-changed --lang cs   # one of the bot's messages, for the workflow

The body is the issue's Markdown as GitHub writes it from one of the forms of
.github/ISSUE_TEMPLATE/ (made by scripts/issue_forms.py): the form, its kind
(a new practice, or a translation of one in the collection) and its language are
recognised from the questions' headings. Every problem with the answers (missing
or invalid answers, and whatever the collection's validator finds in the file they
would make) is reported at once, in the form's language; nothing is written while
there is one.

On success the path of the written file (relative to the project) is the only line
printed on standard output. Problems go to standard error and, with --comment FILE,
into a Markdown reply for the issue; --form-language FILE receives the form's
language code (for the workflow's later messages); --for-editors FILE receives notes
for the pull request (English). --checks-by-editor adds to the reply that an editor
will start the pull request's checks (the workflow has no token that starts them).

Exit status:
    0  the file was written (notes, such as the validator's warnings, may have been printed)
    1  the form lacks answers or has invalid ones, or is no form at all: nothing was written
    2  wrong usage (unreadable body file, bad --slug or --date, unreadable mkdocs.yml)
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from goodpractices import Vocabularies  # noqa: E402
from goodpractices.issueform import FormError, all_forms, form_texts, read_issue  # noqa: E402
from goodpractices.proposal import Proposal, convert, not_a_form_reply, render_file, reply, target_path  # noqa: E402
from goodpractices.slugs import EDITOR_SLUG_MAX, SLUG_RE  # noqa: E402
from goodpractices_mkdocs.config_file import read_site_settings  # noqa: E402

MESSAGES = {"editors-changed": "reply.editors_changed"}
"""What the workflow may ask the script to say (--say), in the form's language."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Turn a submitted issue form into practices/<slug>/<lang>.md.")
    parser.add_argument("body", nargs="?", type=Path, help="file with the issue body (Markdown); '-' for standard input")
    parser.add_argument("--date", help="publication date YYYY-MM-DD of a new practice (default: today)")
    parser.add_argument("--slug", help="folder name of a new practice, instead of the form's answer or one made from the title")
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml", help="the site's mkdocs.yml (languages and practices folder)")
    parser.add_argument("--comment", type=Path, help="also write the reply for the issue (Markdown, in the form's language) to this file")
    parser.add_argument("--for-editors", type=Path, help="write notes for the editors (English, for the pull request) to this file")
    parser.add_argument("--form-language", type=Path, help="write the language code of the form the issue was written with to this file")
    parser.add_argument("--checks-by-editor", action="store_true", help="say in the reply that an editor will start the pull request's checks")
    parser.add_argument("--say", choices=sorted(MESSAGES), help="print this message of the bot in --lang and exit")
    parser.add_argument("--lang", default="en", help="language of --say")
    args = parser.parse_args(argv)

    if args.say:
        sys.stdout.write(form_texts().get(MESSAGES[args.say], args.lang) + "\n")
        return 0
    if args.body is None:
        parser.error("the issue body file is required")
    try:
        published = dt.date.fromisoformat(args.date) if args.date else dt.date.today()
    except ValueError:
        print(f"issue_to_practice: --date must be YYYY-MM-DD, not {args.date!r}", file=sys.stderr)
        return 2
    if args.slug is not None and (not SLUG_RE.match(args.slug) or len(args.slug) > EDITOR_SLUG_MAX):
        print(f"issue_to_practice: --slug must be lower-case letters a–z, digits and hyphens, not {args.slug!r}", file=sys.stderr)
        return 2
    try:
        text = sys.stdin.read() if str(args.body) == "-" else args.body.read_text(encoding="utf-8", errors="replace")
        settings = read_site_settings(args.config)
    except (OSError, ValueError) as exc:
        print(f"issue_to_practice: {exc}", file=sys.stderr)
        return 2
    base = args.config.resolve().parent
    vocab = Vocabularies()
    forms = all_forms(vocab, settings.languages)

    try:
        submission = read_issue(text, forms)
    except FormError as exc:
        print(f"issue_to_practice: the issue cannot be converted: {exc}", file=sys.stderr)
        if args.comment:
            args.comment.write_text(not_a_form_reply([form.lang for form in forms if form.kind == "practice"]), encoding="utf-8")
        return 1
    form = submission.form
    if args.form_language:
        args.form_language.write_text(form.lang + "\n", encoding="utf-8")
    proposal = convert(submission, vocab, settings.practices_dir, settings.languages, published, slug=args.slug)

    written: str | None = None
    if not proposal.problems:
        assert proposal.slug is not None and proposal.lang is not None
        try:
            path = target_path(settings.practices_dir, proposal.slug, proposal.lang)
        except ValueError as exc:
            print(f"issue_to_practice: {exc}", file=sys.stderr)
            return 2
        try:
            if form.kind == "practice":
                path.parent.mkdir(parents=True)  # a new practice: its folder must be new
            with path.open("x", encoding="utf-8", newline="\n") as fh:
                fh.write(render_file(proposal, vocab, proposal.lang))
        except FileExistsError:
            # Made meanwhile by someone else: the author is told like any other problem.
            shown = path.relative_to(base).as_posix() if base in path.parents else str(path)
            if form.kind == "practice":
                proposal.problem("slug", "slug_taken", path=str(Path(shown).parent) + "/")
            else:
                proposal.problem("language", "translation_exists", language=vocab.language_name(proposal.lang, form.lang), path=shown)
        else:
            written = path.relative_to(base).as_posix() if base in path.parents else str(path)

    report(proposal, args, written)
    if written is None:
        return 1
    print(written)
    return 0


def report(proposal: Proposal, args: argparse.Namespace, written: str | None) -> None:
    """Problems and notes on standard error; the reply and the editors' notes into their files."""
    form = proposal.form
    if proposal.problems:
        print("issue_to_practice: the form cannot be converted:", file=sys.stderr)
    for kind, items in (("-", proposal.problems), ("note:", proposal.notes)):
        for item in items:
            label = f"{form.label(form.question(item.question))}: " if item.question else ""
            print(f"  {kind} {label}{item.text}", file=sys.stderr)
    for note in proposal.for_editors:
        print(f"issue_to_practice: for the editors: {note}", file=sys.stderr)
    if args.comment:
        args.comment.write_text(reply(proposal, written, checks_by_editor=args.checks_by_editor), encoding="utf-8")
    if args.for_editors:
        args.for_editors.write_text("".join(f"- {note}\n" for note in proposal.for_editors), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
