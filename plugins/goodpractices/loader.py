"""Loading the practices folder into validated `Practice` objects.

`load_practices` reads every file once and reports every problem of every file:
a practice file is either loaded or named in a problem, never skipped.
"""

from __future__ import annotations

import functools
import gc
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, ParamSpec, TypeVar

from .bodycheck import check_body
from .errors import Problem, Severity, Text, msg, problem, short
from .frontmatter import MAX_FILE_BYTES, SourceFile, node_line, read_source
from .model import (
    Attachment,
    Contact,
    Coordinates,
    Cost,
    Link,
    Organisation,
    Partner,
    Period,
    Practice,
    Review,
    Version,
)
from .schema import PRACTICE_FIELDS, SHARED_ONLY_FIELD_NAMES, TRANSLATED_FIELD_NAMES, TRANSLATION_FIELDS, VERSION_FIELDS
from .slugs import RESERVED_SLUGS, SLUG_RE
from .translation import _items, _value_of, shared_field_problems, translated_fields
from .validate import INVALID, FieldChecker, did_you_mean
from .vocab import Vocabularies

IGNORED_ROOT_FILES = {"README.md", ".gitkeep"}
"""Files directly under practices/ that are not practices."""


@dataclass
class LoadResult:
    practices: dict[str, Practice] = field(default_factory=dict)
    """Slug → practice, sorted by slug. Only practices without errors."""
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _without_cyclic_gc(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run `function` with the cyclic garbage collector paused (then restored as it was).

    Loading allocates hundreds of thousands of small objects (YAML nodes, values)
    that form no reference cycles; the collector's passes over them, ever longer
    as the loaded practices pile up, were a tenth of the time of validate.py.
    Reference counting still frees everything as usual.
    """

    @functools.wraps(function)
    def paused(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        if not gc.isenabled():
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            gc.enable()

    return paused


@_without_cyclic_gc
def load_practices(
    root: Path,
    languages: Sequence[str],
    vocab: Vocabularies,
    *,
    display_base: Path | None = None,
    only: Sequence[Path] | None = None,
    cache: dict[Any, Any] | None = None,
    keep_bodies: bool = True,
) -> LoadResult:
    """Load and validate every practice under `root`.

    `languages` are the language codes a version may be written in.
    Paths in problems are shown relative to `display_base` (default: `root`'s parent).
    `only` restricts loading to the practice folders containing these paths.
    `cache`, a dict kept by the caller between calls (the preview server),
    lets an unchanged folder (same file names, sizes and modification times)
    be taken from the previous call instead of being read and checked again.
    `keep_bodies=False` checks the Markdown bodies as usual but leaves each
    version's `body` empty: for a caller that only reports problems (validate.py)
    and need not hold every text in memory.
    """
    root = root.resolve()
    base = (display_base or root.parent).resolve()
    result = LoadResult()

    def shown(path: Path) -> Path:
        try:
            return path.relative_to(base)
        except ValueError:
            return path

    if not root.is_dir():
        result.problems.append(problem(shown(root), None, None, "no-folder"))
        return result

    folders: list[Path] = []
    wanted: set[str] | None = None
    if only is not None:
        wanted = set()
        for given in only:
            p = given.resolve()
            rel = p.relative_to(root) if p != root and root in p.parents else None
            if p == root:
                wanted = None
                break
            if rel is not None:
                wanted.add(rel.parts[0])
    for entry in sorted(os.scandir(root), key=lambda e: e.name):
        if entry.name.startswith("."):
            continue
        if wanted is not None and entry.name not in wanted:
            continue
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            folders.append(path)
        elif entry.name not in IGNORED_ROOT_FILES:
            result.problems.append(
                problem(shown(path), None, None, "stray-file", found=short(entry.name))
            )

    context = _Context(vocab, keep_bodies=keep_bodies)
    if cache is not None:
        setting = (tuple(languages), str(base), vocab.fingerprint(), keep_bodies)
        if cache.get("__setting__") != setting:
            cache.clear()
            cache["__setting__"] = setting
    for folder in folders:
        signature = folder_signature(folder) if cache is not None else None
        hit = cache.get(folder.name) if cache is not None else None
        if hit is not None and hit[0] == signature:
            practice, problems = hit[1], hit[2]
            result.problems.extend(problems)
        else:
            before = len(result.problems)
            practice = _load_folder(folder, languages, vocab, shown, result.problems, context)
            if cache is not None:
                cache[folder.name] = (signature, practice, list(result.problems[before:]))
        if practice is not None:
            result.practices[practice.slug] = practice

    # Cross-practice checks need every practice loaded.
    for practice in result.practices.values():
        for i, slug in enumerate(practice.related):
            if slug not in result.practices and not (root / slug).is_dir():
                guess = did_you_mean(slug, list(result.practices))
                result.problems.append(
                    problem(practice.original.source, practice.field_lines.get("related"), f"related[{i + 1}]", "unknown-related", found=short(slug), guess=guess)
                )
    error_paths = {p.path for p in result.problems if p.is_error}
    result.practices = {slug: p for slug, p in sorted(result.practices.items()) if not (error_paths and _has_error_in(p, error_paths))}
    result.problems.sort(key=Problem.sort_key)
    return result


def folder_signature(folder: Path | str) -> tuple[tuple[str, int, int], ...]:
    """Names (relative to `folder`), modification times and sizes of every file below a folder."""
    found = []
    for parent, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            path = os.path.join(parent, name)
            try:
                stat = os.stat(path)
            except OSError:
                continue
            found.append((os.path.relpath(path, folder), stat.st_mtime_ns, stat.st_size))
    return tuple(found)


def _has_error_in(practice: Practice, error_paths: set[Path]) -> bool:
    return any(v.source in error_paths for v in practice.versions.values())


class _Context:
    """What every folder of one `load_practices` call shares, computed once."""

    def __init__(self, vocab: Vocabularies, *, keep_bodies: bool = True) -> None:
        self.vocab = vocab
        self.keep_bodies = keep_bodies
        self.all_specs = {f.name: f for f in VERSION_FIELDS + PRACTICE_FIELDS}
        self.translation_specs = {f.name: f for f in TRANSLATION_FIELDS}
        self._shared_fields: dict[str, dict[str, tuple[Text, Text]]] = {}
        self._sections: dict[str, list[tuple[str, str]]] = {}
        self._headings: dict[str, str] = {}

    def normalise_heading(self, text: str) -> str:
        """`normalise_heading`, once per distinct heading."""
        found = self._headings.get(text)
        if found is None:
            found = normalise_heading(text)
            if len(self._headings) < 10000:
                self._headings[text] = found
        return found

    def shared_fields(self, original_name: str) -> dict[str, tuple[Text, Text]]:
        """`shared_field_problems`, once per name of an original file."""
        found = self._shared_fields.get(original_name)
        if found is None:
            found = self._shared_fields[original_name] = shared_field_problems(original_name)
        return found

    def sections(self, lang: str) -> list[tuple[str, str]]:
        """(label, normalised label) of each expected section, in `lang`."""
        found = self._sections.get(lang)
        if found is None:
            sections = self.vocab["section"]
            found = self._sections[lang] = [(label, normalise_heading(label)) for label in (sections.label(v, lang) for v in sections.values)]
        return found


def _walk(top: str, rel: str, out: list[tuple[str, str, str, bool, bool]]) -> None:
    """(folder, name, path relative to the practice folder, is a symlink, is directly in the practice folder) of each file.

    The same files, in the same order, as `os.walk(top, followlinks=False)` with
    folders and files sorted and hidden ones left out; one `scandir` per folder.
    """
    try:
        with os.scandir(top) as it:
            entries = list(it)
    except OSError:
        return
    dirs: list[os.DirEntry[str]] = []
    files: list[os.DirEntry[str]] = []
    for entry in entries:
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        (dirs if is_dir else files).append(entry)
    for entry in sorted(files, key=lambda e: e.name):
        name = entry.name
        if not name.startswith("."):
            out.append((top, name, rel + name, entry.is_symlink(), not rel))
    for entry in sorted(dirs, key=lambda e: e.name):
        if not entry.name.startswith(".") and not entry.is_symlink():
            _walk(os.path.join(top, entry.name), rel + entry.name + "/", out)


def _load_folder(folder: Path, languages: Sequence[str], vocab: Vocabularies, shown, problems: list[Problem], context: _Context | None = None) -> Practice | None:  # type: ignore[no-untyped-def]
    context = context or _Context(vocab)
    slug = folder.name
    folder_shown = shown(folder)
    problems_before = len(problems)
    if not SLUG_RE.match(slug):
        problems.append(
            problem(folder_shown, None, None, "folder-slug", found=short(slug))
        )
    elif slug in RESERVED_SLUGS:
        problems.append(problem(folder_shown, None, None, "reserved-slug", found=short(slug), name=slug))

    sources: dict[str, SourceFile] = {}
    unread: dict[str, str] = {}
    """Language → path of each language file that could not be read (its problems say why)."""
    extra_files: list[str] = []
    found: list[tuple[str, str, str, bool, bool]] = []
    _walk(str(folder), "", found)
    for dirpath, name, rel, is_symlink, at_top in found:
        if is_symlink:
            path = Path(dirpath) / name
            target = path.resolve()
            if folder.resolve() not in target.parents:
                problems.append(problem(shown(path), None, None, "symlink", found=short(os.readlink(path))))
                continue
        if at_top and name.endswith(".md"):
            lang = name[:-3]
            shown_path = folder_shown / name
            if lang not in languages:
                guess = did_you_mean(lang, list(languages))
                problems.append(
                    problem(shown_path, None, None, "unknown-language", code=lang, codes=", ".join(languages), found=short(name), guess=f"{guess}.md" if guess else None)
                )
                continue
            source, file_problems = read_source(os.path.join(dirpath, name), shown_path)  # type: ignore[arg-type]
            problems.extend(file_problems)
            if source is not None:
                sources[lang] = source
            else:
                unread[lang] = os.path.join(dirpath, name)
        elif name.endswith(".md"):
            problems.append(problem(shown(Path(dirpath) / name), None, None, "stray-markdown", found=rel))
        else:
            extra_files.append(rel)

    if not sources:
        if not _has_error(problems, problems_before):
            problems.append(problem(folder_shown, None, None, "no-versions"))
        return None

    # The original is the file holding the shared fields; a translation that
    # repeats a few of them is told so field by field (below).
    shared_counts = {lang: _count_practice_fields(src) for lang, src in sources.items()}
    # A file that could not be read counts with the fields its lines seem to hold: when it is the
    # original, the others are checked as its translations, and nothing is reported that only
    # its being unread would cause ("no original", fields "missing" from a translation).
    shared_counts.update({lang: _count_unread_fields(path) for lang, path in unread.items()})
    most = max(shared_counts.values())
    originals = [lang for lang, count in shared_counts.items() if count == most and count > (0, 0)]
    if unread and (not originals or any(lang in unread for lang in originals)):
        original_name = f"{originals[0]}.md" if len(originals) == 1 else None
        _check_translations_alone(sources, original_name, vocab, problems, extra_files, context)
        return None
    if not originals:
        names = ", ".join(f"{lang}.md" for lang in sorted(sources))
        problems.append(
            problem(folder_shown, None, None, "no-original", files=names)
        )
        return None
    if len(originals) > 1:
        names = ", ".join(f"{lang}.md" for lang in sorted(originals))
        problems.append(
            problem(folder_shown, None, None, "several-originals", files=names)
        )
        return None
    original_lang = originals[0]
    original_src = sources[original_lang]

    checker = FieldChecker(original_src.path, vocab, problems)
    values = checker.check_fields(original_src.front_matter, context.all_specs, None)

    versions: dict[str, Version] = {}
    order = [original_lang, *sorted(lang for lang in sources if lang != original_lang)]
    for lang in order:
        src = sources[lang]
        translated: dict[str, Any] = {}
        if lang == original_lang:
            version_values = values
        else:
            vchecker = FieldChecker(src.path, vocab, problems, elsewhere=context.shared_fields(original_src.path.name))
            version_values = vchecker.check_fields(src.front_matter, context.translation_specs, None)
            translated = translated_fields(src, version_values, original_src, values, vocab, problems)
            title = version_values.get("title")
            if isinstance(title, str) and title == values.get("title") and " " in title.strip():
                # (A title of one word may be a name, the same in every language.)
                problems.append(
                    problem(src.path, _line_of(src, "title"), "title", "untranslated-title", file=original_src.path.name, found=short(title))
                )
        version = _make_version(lang, src, version_values, lang == original_lang, vocab, problems, extra_files, context, translated, original_lang)
        if version is not None:
            versions[lang] = version

    practice = _make_practice(slug, folder, original_lang, versions, values, extra_files, original_src, problems)
    if _has_error(problems, problems_before):
        return None
    return practice


def _check_translations_alone(
    sources: dict[str, SourceFile], original_name: str | None, vocab: Vocabularies, problems: list[Problem], extra_files: list[str], context: _Context
) -> None:
    """Check the files of a practice whose original could not be read for what does not depend on the original.

    Each is checked as a translation: its fields, its body; not against the
    original's values (which are not known). Without even a guess of which file
    is the original (`original_name` None), only the bodies are checked.
    """
    for lang in sorted(sources):
        src = sources[lang]
        values: dict[str, Any] = {}
        if original_name is not None:
            checker = FieldChecker(src.path, vocab, problems, elsewhere=context.shared_fields(original_name))
            values = checker.check_fields(src.front_matter, context.translation_specs, None)
        _make_version(lang, src, values, False, vocab, problems, extra_files, context, None, Path(original_name).stem if original_name else None)


_FIELD_NAME_RE = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:", re.MULTILINE)


def _count_unread_fields(path: str) -> tuple[int, int]:
    """`_count_practice_fields` of a file that could not be read, from the field names at the start of its lines."""
    try:
        with open(path, "rb") as fh:
            text = fh.read(MAX_FILE_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return (0, 0)
    closing = text.find("\n---", 3)
    names = set(_FIELD_NAME_RE.findall(text[: closing if closing != -1 else len(text)]))
    return (len(names & SHARED_ONLY_FIELD_NAMES), len(names & TRANSLATED_FIELD_NAMES))


def _has_error(problems: list[Problem], start: int) -> bool:
    """True if a problem from index `start` on is an error (problems are only ever appended)."""
    return any(problems[i].is_error for i in range(start, len(problems)))


def _count_practice_fields(src: SourceFile) -> tuple[int, int]:
    """(shared fields only an original holds, shared fields a translation may also carry a part of) in a file."""
    names = [getattr(k, "value", None) for k, _ in src.front_matter.value]
    return (sum(1 for name in names if name in SHARED_ONLY_FIELD_NAMES), sum(1 for name in names if name in TRANSLATED_FIELD_NAMES))


def _contains(text: str, marker: str) -> bool:
    """`marker in text`, first looking for its first character alone (much faster when it is absent)."""
    return marker[0] in text and marker in text


_COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)


_PROSE_LINE_RE = re.compile(r"^[^\S\n]*[^\s#]", re.MULTILINE)
"""A line whose first character that is not white space is there and is not '#'."""


def _has_text(markdown: str) -> bool:
    """True if there is prose besides HTML comments (the template's hints) and headings."""
    stripped = _COMMENT_RE.sub("", markdown) if _contains(markdown, "<!--") else markdown
    return _PROSE_LINE_RE.search(stripped) is not None


def _make_version(
    lang: str,
    src: SourceFile,
    values: dict[str, Any],
    is_original: bool,
    vocab: Vocabularies,
    problems: list[Problem],
    extra_files: list[str],
    context: _Context | None = None,
    translated: dict[str, Any] | None = None,
    original_lang: str | None = None,
) -> Version | None:
    """The version of one file; `translated` holds a translation's own text of the shared fields (`translated_fields`)."""
    body = src.body
    if not _has_text(body):
        problems.append(
            problem(src.path, src.body_line, None, "empty-body")
        )
    else:
        _check_sections(src, lang, vocab, problems, context)
        check_body(src, extra_files, problems)
    if not is_original and _contains(body, "<!--"):
        _check_translated(src, problems, original_lang)
    if not is_original and "#" in src.front_text:
        _check_translated_fields(src, problems, original_lang)
    title, summary = values.get("title"), values.get("summary")
    if title in (None, INVALID) or summary in (None, INVALID):
        return None
    results = values.get("results") or []
    return Version(
        lang=lang,
        title=title,
        summary=summary,
        body=body if context is None or context.keep_bodies else "",
        source=src.path,
        body_line=src.body_line,
        results=[] if results is INVALID else results,
        is_original=is_original,
        **(translated or {}),
    )


def _untranslated_marks() -> re.Pattern[str]:
    """The note the scaffolder puts at the top of a new translation's body (`new_practice.py --translate`), in any language."""
    from .scaffold import t

    starts = {t("translate.mark", lang, source="\0").split("\0")[0] for lang in ("en", "pl", "cs", "sl", "nb")}
    return re.compile(r"<!--\s*(?:" + "|".join(re.escape(start) for start in sorted(starts)) + r")([a-z]{2,3}\b)?")


_UNTRANSLATED = functools.lru_cache(maxsize=1)(_untranslated_marks)


def _field_marks() -> re.Pattern[str]:
    """The scaffolder's comment "to translate" above a field of a new translation (`# TO TRANSLATE from pl`), in any language."""
    from .scaffold import t

    starts = {t("translate.mark", lang, source="\0").split("\0")[0] for lang in ("en", "pl", "cs", "sl", "nb")}
    return re.compile(r"^[ \t]*#[ \t]*(?:" + "|".join(re.escape(start) for start in sorted(starts)) + r")([a-z]{2,3}\b)?", re.MULTILINE)


_FIELD_MARKS = functools.lru_cache(maxsize=1)(_field_marks)


def _check_translated_fields(src: SourceFile, problems: list[Problem], original_lang: str | None) -> None:
    """A translation whose front matter still has a mark "to translate" above a field: that field is the original's text."""
    found = _FIELD_MARKS().search(src.front_text)
    if found is not None:
        line = 2 + src.front_text.count("\n", 0, found.start())
        source = original_lang or found.group(1) or "…"
        problems.append(problem(src.path, line, None, "untranslated-field", source=source))


def _check_translated(src: SourceFile, problems: list[Problem], original_lang: str | None = None) -> None:
    """A translation started by the scaffolder is not published while its note "to translate" is still there.

    The example of the mark names the practice's original language (or, when
    the original is not known, the one the mark itself names).
    """
    found = _UNTRANSLATED().search(src.body)
    if found is not None:
        line = src.body_line + src.body.count("\n", 0, found.start())
        source = original_lang or found.group(1) or "…"
        problems.append(problem(src.path, line, None, "untranslated", source=source))


_HEADING_RE = re.compile(r"^##[ \t]+(.+?)[ \t#]*$")


def normalise_heading(text: str) -> str:
    """A section heading as the check of sections compares it: without emphasis marks or a final colon, spaces collapsed, case folded."""
    return " ".join(text.replace("*", "").replace("_", " ").rstrip(":").split()).casefold()


_HEADING_LINE_RE = re.compile(r"^##[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
"""`_HEADING_RE` over a whole body, matched where a line starts (`$` stops before the line's newline)."""
_NEXT_HEADING_RE = re.compile(r"\n##[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
"""`_HEADING_RE` on every line but the first, found by one scan for its literal start."""


def section_headings(body: str) -> list[tuple[int, str]]:
    """(0-based line offset, heading text) of each level-2 heading outside code fences."""
    found = []
    line = counted = 0
    for start, _, text in _heading_spans(body):
        line += body.count("\n", counted, start)
        counted = start
        found.append((line, text))
    return found


def _heading_spans(body: str) -> list[tuple[int, int, str]]:
    """(start, end, heading text) of the line of each level-2 heading outside code fences (end: its newline or the end)."""
    if _contains(body, "```") or _contains(body, "~~~"):
        return _heading_spans_fenced(body)
    found = []
    if body.startswith("##"):
        m = _HEADING_LINE_RE.match(body)
        if m is not None:
            found.append((0, m.end(), m.group(1)))
    for m in _NEXT_HEADING_RE.finditer(body):
        found.append((m.start() + 1, m.end(), m.group(1)))
    return found


def _heading_spans_fenced(body: str) -> list[tuple[int, int, str]]:
    found = []
    fence = None
    start = 0
    for line in body.split("\n"):
        line_start, start = start, start + len(line) + 1
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            marker = stripped[:3]
            fence = None if fence == marker else (fence or marker)
            continue
        if fence is None:
            m = _HEADING_RE.match(line)
            if m:
                found.append((line_start, line_start + m.end(), m.group(1)))
    return found


def _check_sections(src: SourceFile, lang: str, vocab: Vocabularies, problems: list[Problem], context: _Context | None = None) -> None:
    # A section counts when its heading is there and something is written under it:
    # the lines after the heading's line, up to the line of the next heading.
    body = src.body
    context = context or _Context(vocab)
    headings = _heading_spans(body)
    comments = _contains(body, "<!--")
    present = set()
    last = len(headings) - 1
    for i, (_, end, text) in enumerate(headings):
        stop = headings[i + 1][0] - 1 if i < last else len(body)
        if _has_text(body[end + 1 : stop]) if comments else _PROSE_LINE_RE.search(body, end + 1, stop) is not None:
            present.add(context.normalise_heading(text))
    missing = [label for label, normalised in context.sections(lang) if normalised not in present]
    if missing:
        problems.append(
            problem(src.path, src.body_line, None, "missing-section", sections=", ".join(f"'## {m}'" for m in missing), severity=Severity.WARNING)
        )


def _make_practice(
    slug: str,
    folder: Path,
    original_lang: str,
    versions: dict[str, Version],
    v: dict[str, Any],
    extra_files: list[str],
    src: SourceFile,
    problems: list[Problem],
) -> Practice | None:
    """Assemble the practice and run checks that span several fields.

    The cross-field checks run on whatever validated, so that an author sees
    them together with the field errors.
    """
    period_raw = v.get("period")
    period = None
    if isinstance(period_raw, dict):
        end = period_raw.get("end") or "ongoing"
        period = Period(start=period_raw["start"], end=None if end == "ongoing" else end)
        if period.end is not None and _date_key(period.end, last=True) < _date_key(period.start, last=False):
            problems.append(
                problem(src.path, _line_of(src, "period"), "period.end", "period-order", start=period.start, found=short(period.end))
            )

    raw_attachments = v.get("attachments")
    attachments = [Attachment(a["file"], a["title"]) for a in raw_attachments or [] if isinstance(a, dict)] if raw_attachments is not INVALID else []
    files = set(extra_files)
    # Each accepted attachment with its item's `file:` node: the valid items are in the file's order, the others left out.
    file_nodes = [_value_of(item, "file") for item in _items(src, "attachments")]
    position = 0
    for k, att in enumerate(attachments):
        line, where = _line_of(src, "attachments"), f"attachments[{k + 1}].file"
        for i in range(position, len(file_nodes)):
            node = file_nodes[i]
            if node is not None and PurePosixPath(str(node.value).strip().replace("\\", "/")).as_posix() == att.file:
                line, where, position = node_line(node), f"attachments[{i + 1}].file", i + 1
                break
        if att.file not in files:
            guess = did_you_mean(att.file, sorted(files))
            problems.append(
                problem(
                    src.path, line, where, "missing-attachment", files=", ".join(sorted(files)), found=short(att.file), guess=guess,
                    expected=True if files else msg("missing-attachment.none"),
                )
            )

    if any(value is INVALID for value in v.values()):
        return None
    required = ("category", "country", "topics", "organisation", "level_of_government", "education_levels", "period", "stage", "contact", "published")
    if any(v.get(name) is None for name in required) or original_lang not in versions or period is None:
        return None

    cost_raw = v.get("cost")
    org = v["organisation"]
    contact = v["contact"]
    return Practice(
        slug=slug,
        folder=folder,
        original_language=original_lang,
        versions=versions,
        category=v["category"],
        country=v["country"],
        topics=v["topics"],
        organisation=Organisation(org["name"], org["type"], org.get("website")),
        level_of_government=v["level_of_government"],
        education_levels=v["education_levels"],
        period=period,
        stage=v["stage"],
        contact=Contact(contact["name"], contact["email"], contact.get("role")),
        published=v["published"],
        licence=v.get("licence") or "CC-BY-4.0",
        tags=v.get("tags") or [],
        region=v.get("region"),
        municipality=v.get("municipality"),
        funding=v.get("funding"),
        cost=Cost(cost_raw.get("amount"), cost_raw.get("currency"), cost_raw.get("note")) if cost_raw else None,
        partners=[Partner(p["name"], p.get("type")) for p in v.get("partners") or []],
        attachments=attachments,
        links=[Link(x["url"], x["title"], x.get("kind")) for x in v.get("links") or []],
        coordinates=Coordinates(v["coordinates"]["lat"], v["coordinates"]["lon"]) if v.get("coordinates") else None,
        related=v.get("related") or [],
        draft=bool(v.get("draft")),
        review=Review(**v["review"]) if v.get("review") else None,
        extra_files=sorted(extra_files),
        field_lines={getattr(k, "value", ""): node_line(k) for k, _ in src.front_matter.value},
    )


def _date_key(text: str, *, last: bool) -> tuple[int, int, int]:
    parts = [int(x) for x in text.split("-")]
    if last:
        return (parts[0], parts[1] if len(parts) > 1 else 12, parts[2] if len(parts) > 2 else 31)
    return (parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def _line_of(src: SourceFile, name: str) -> int | None:
    for key, _value in src.front_matter.value:
        if getattr(key, "value", None) == name:
            return node_line(key)
    return None
