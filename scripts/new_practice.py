#!/usr/bin/env python3
"""Start a new practice: a folder and a file in your own language, ready to fill in.
Or start a translation of an existing practice.

Usage:
    python scripts/new_practice.py                       # asks the questions
    python scripts/new_practice.py --slug ruse-reading --lang sl \\
        --category community-integration --country SI --municipality Ruše
    python scripts/new_practice.py --translate cz-collegial-support-network --lang en

It creates practices/<slug>/<lang>.md with every field explained in that
language and the body's section headings, then lists what is still to be
filled in (the same check as scripts/validate.py).

With --translate it creates practices/<slug>/<lang>.md holding every field a
translation may carry that the original has, and the original's text, each
marked as still to translate, under the section headings of <lang>.

Exit status: 0 created; 1 not created (bad answer, folder or file exists,
unknown practice, practice with errors); 2 wrong usage.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from goodpractices import Vocabularies, load_practices  # noqa: E402
from goodpractices.errors import msg  # noqa: E402
from goodpractices.scaffold import new_practice_text, t, translation_text  # noqa: E402
from goodpractices.validate import SLUG_RE, did_you_mean  # noqa: E402
from goodpractices_mkdocs.config_file import read_site_settings  # noqa: E402


class Refused(ValueError):
    """An answer that cannot be used; the message says why."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Create a new practice from the template.")
    parser.add_argument("--slug", help="folder name: lower-case letters, digits and hyphens")
    parser.add_argument("--lang", help="language of the text: en, pl, cs, sl or nb")
    parser.add_argument("--category", help="development-plan, community-integration or spending-rationalisation")
    parser.add_argument("--country", help="two-letter country code, such as PL")
    parser.add_argument("--municipality", help="the municipality's name")
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml", help="the site's mkdocs.yml")
    parser.add_argument("--date", help="publication date YYYY-MM-DD (default: today)")
    parser.add_argument("--translate", metavar="SLUG", help="start a translation of this practice into --lang instead")
    args = parser.parse_args(argv)
    if args.translate is not None:
        given = [f"--{name}" for name in ("slug", "category", "country", "municipality", "date") if getattr(args, name) is not None]
        if given:
            parser.error(f"--translate takes only --lang (and --config), not {', '.join(given)}")

    try:
        settings = read_site_settings(args.config)
    except (OSError, ValueError) as exc:
        print(f"new_practice: {exc}", file=sys.stderr)
        return 2
    vocab = Vocabularies()
    languages = settings.languages
    interactive = sys.stdin.isatty()
    asked = ("lang",) if args.translate is not None else ("slug", "lang", "category", "country", "municipality")
    missing = [f"--{name}" for name in asked if getattr(args, name) is None]
    if missing and not interactive:
        lang = args.lang if args.lang in languages else settings.default_language
        print("new_practice: " + t("missing_args", lang, options=", ".join(missing)), file=sys.stderr)
        return 2

    def check_lang(value: str) -> str:
        value = value.strip().lower()
        if value not in languages:
            guess = did_you_mean(value, list(languages))
            raise Refused(f"'{value}': {', '.join(languages)}" + (f" ({msg('frame.did_you_mean', guess=guess).render('en')})" if guess else ""))
        return value

    lang_box: dict[str, str] = {}

    def check_slug(value: str) -> str:
        value = value.strip()
        if not SLUG_RE.match(value):
            raise Refused(f"'{value}': a-z, 0-9, -")
        folder = settings.practices_dir / value
        if folder.exists():
            raise Refused(t("exists", lang_box["lang"], path=folder.relative_to(ROOT) if ROOT in folder.parents else folder))
        return value

    def check_vocab(name: str) -> Callable[[str], str]:
        def check(value: str) -> str:
            value = value.strip()
            if value not in vocab[name]:
                guess = did_you_mean(value, vocab[name].values)
                raise Refused(f"'{value}': {', '.join(vocab[name].values)}" + (f" ({msg('frame.did_you_mean', guess=guess).render(lang_box['lang'])})" if guess else ""))
            return value

        return check

    def check_country(value: str) -> str:
        value = value.strip()
        if value not in vocab.countries:
            upper = value.upper()
            raise Refused(f"'{value}'" + (f" ({msg('frame.did_you_mean', guess=upper).render(lang_box['lang'])})" if upper in vocab.countries else ""))
        return value

    def check_text(value: str) -> str:
        if not value.strip():
            raise Refused("—")
        return value.strip()

    def answer(name: str, given: str | None, check: Callable[[str], str], lang: str) -> str:
        if given is not None:
            try:
                return check(given)
            except Refused as exc:
                raise SystemExit(_fail(f"--{name}: {exc}")) from None
        if name == "lang":
            # The author's language is not known yet: ask in every language.
            question = " / ".join(dict.fromkeys(t("ask.lang", code) for code in languages)) + f" ({', '.join(languages)})"
        else:
            question = t("ask." + name, lang)
        while True:
            try:
                return check(input(f"{question}: "))
            except Refused as exc:
                print(t("ask.invalid", lang, reason=exc), file=sys.stderr)
            except EOFError:
                raise SystemExit(_fail("no answer")) from None

    lang = answer("lang", args.lang, check_lang, args.lang if args.lang in languages else settings.default_language)
    lang_box["lang"] = lang
    if args.translate is not None:
        return start_translation(args.translate, lang, args.config, settings.practices_dir, languages, vocab)
    slug = answer("slug", args.slug, check_slug, lang)
    category = answer("category", args.category, check_vocab("category"), lang)
    country = answer("country", args.country, check_country, lang)
    municipality = answer("municipality", args.municipality, check_text, lang)

    base_url = (read_site_url(args.config) or "").rstrip("/")
    text = new_practice_text(
        lang,
        category=category,
        country=country,
        municipality=municipality,
        published=args.date or dt.date.today().isoformat(),
        vocab=vocab,
        schema_url=f"{base_url}/schema/practice.schema.json" if base_url else None,
    )
    folder = settings.practices_dir / slug
    folder.mkdir(parents=True)
    path = folder / f"{lang}.md"
    path.write_text(text, encoding="utf-8")

    base = args.config.resolve().parent
    shown = path.relative_to(base) if base in path.parents else path
    print(t("created", lang, path=shown))
    result = load_practices(settings.practices_dir, languages, vocab, display_base=base, only=[folder])
    for problem in result.problems:
        print("  " + problem.format(lang))
    print(t("check_again", lang, folder=folder.relative_to(base) if base in folder.parents else folder))
    return 0


def start_translation(slug: str, lang: str, config: Path, practices_dir: Path, languages: tuple[str, ...], vocab: Vocabularies) -> int:
    """Write practices/<slug>/<lang>.md, a translation of the practice pre-filled from its original."""
    base = config.resolve().parent

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
    print(t("check_again", lang, folder=shown(folder)))
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
