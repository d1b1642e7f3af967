"""One list of words per language (data/terms.yml), used by every text of that language.

Every reader- and author-facing text whose language is known is scanned for the
wordings its language avoids: the interface strings, messages, field help and
vocabularies (plugins/goodpractices/data/*.yml), the guides (docs/<lang>/*.md),
CONTRIBUTING.md's language sections, mkdocs.yml's per-language settings, the
templates' literal text, and every text a reader sees in the issue forms
(`propose-<kind>-<lang>.yml`, in the language of their file name) and in the
chooser's links to the guides (config.yml, in the language of the guide linked).
The "Words we use" table of each guide is rendered from terms.yml (GOLDEN_UPDATE=1
rewrites it in the guides for review).
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from conftest import LANGS, ROOT

DATA = ROOT / "plugins" / "goodpractices" / "data"
TERMS_FILE = DATA / "terms.yml"
TERMS = yaml.safe_load(TERMS_FILE.read_text(encoding="utf-8"))
TEMPLATES = ROOT / "plugins" / "goodpractices_mkdocs"
ISSUE_TEMPLATE = ROOT / ".github" / "ISSUE_TEMPLATE"
ISSUE_FORMS = sorted(ISSUE_TEMPLATE.glob("*.yml"))

# Language sections of CONTRIBUTING.md, by heading; the rest of the file is English.
CONTRIBUTING_SECTIONS = {"## Polski": "pl", "## Čeština": "cs", "## Slovenščina": "sl", "## Norsk bokmål": "nb"}
INLINE_CODE = re.compile(r"`[^`\n]*`")
# An issue form is in the language its file name ends with (`propose-practice-cs.yml`),
# as scripts/issue_forms.py names them; a form without one is the maintainers', in English.
FORM_LANGUAGE = re.compile(r".+-(" + "|".join(LANGS) + r")\.ya?ml")
# A link of the issue chooser (config.yml) is in the language of the guide it opens:
# `…/cs/contribute/`, or `…/contribute/` for the default language, the first of LANGS.
GUIDE_LANGUAGE = re.compile(r".*/(" + "|".join(LANGS) + r")/contribute/?")
# Keys of an issue form or of config.yml whose values a reader never sees as text:
# element types and ids, the issue label, validations, addresses.
NOT_SHOWN = {"type", "id", "labels", "assignees", "projects", "validations", "url", "blank_issues_enabled"}


@dataclass(frozen=True)
class Text:
    """A piece of text in one language, and where it is."""

    lang: str
    path: Path
    line: int
    text: str
    key: str = ""
    continues: bool = False  # a line of running text, which may go on in the next one

    def where(self) -> str:
        return f"{self.path.relative_to(ROOT).as_posix()}:{self.line}" + (f" [{self.key}]" if self.key else "")


@dataclass(frozen=True)
class Avoided:
    """A wording a language avoids, and what to write instead."""

    term: str
    pattern: re.Pattern[str]
    instead: str


def avoided(lang: str) -> list[Avoided]:
    found = []
    for name, term in TERMS["terms"][lang].items():
        for entry in term.get("avoid") or ():
            found.append(Avoided(name, re.compile(entry["form"]), entry.get("instead") or " / ".join(term["use"])))
    return found


# -- gathering the texts -----------------------------------------------------------------------


def blank(match: re.Match[str]) -> str:
    """The match replaced by spaces, its line breaks kept: what is left keeps its line numbers."""
    return re.sub(r"[^\n]", " ", match.group(0))


def yaml_texts(node: yaml.Node, key: str = "") -> Iterator[tuple[str, str, int, str]]:
    """(language, key, line, text) of every scalar under a language code in a YAML tree; `help` texts are English."""
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            name = str(k.value)
            if isinstance(v, yaml.ScalarNode) and (name in LANGS or name == "help"):
                yield ("en" if name == "help" else name), key, v.start_mark.line + 1, str(v.value)
            elif isinstance(v, yaml.MappingNode) and name in LANGS:
                # A text that counts: one form per plural category (plugins/goodpractices/plural.py).
                for form, text in v.value:
                    yield name, f"{key}.{name}.{form.value}", text.start_mark.line + 1, str(text.value)
            else:
                yield from yaml_texts(v, f"{key}.{name}" if key else name)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from yaml_texts(item, f"{key}[{i}]")


def data_texts() -> Iterator[Text]:
    for path in sorted(DATA.glob("*.yml")):
        if path == TERMS_FILE:
            continue
        root = yaml.compose(path.read_text(encoding="utf-8"))
        assert root is not None, path
        for lang, key, line, text in yaml_texts(root):
            yield Text(lang, path, line, text, key)


def lines_of(lang: str, path: Path, text: str, first: int = 1) -> Iterator[Text]:
    for n, line in enumerate(INLINE_CODE.sub(blank, text).split("\n"), start=first):
        yield Text(lang, path, n, line, continues=True)


def docs_texts() -> Iterator[Text]:
    for lang in LANGS:
        for path in sorted((ROOT / "docs" / lang).glob("*.md")):
            yield from lines_of(lang, path, path.read_text(encoding="utf-8"))


def contributing_texts() -> Iterator[Text]:
    path = ROOT / "CONTRIBUTING.md"
    lang = "en"
    for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if line.startswith("## "):
            lang = CONTRIBUTING_SECTIONS.get(line.strip(), "en")
        yield from lines_of(lang, path, line, n)
    for lang in LANGS:
        translated = ROOT / f"CONTRIBUTING.{lang}.md"
        if translated.exists():
            yield from lines_of(lang, translated, translated.read_text(encoding="utf-8"))


def mkdocs_texts() -> Iterator[Text]:
    path = ROOT / "mkdocs.yml"
    root = yaml.compose(path.read_text(encoding="utf-8"))
    assert isinstance(root, yaml.MappingNode)
    top = {k.value: v for k, v in root.value}
    for name in ("site_name", "site_description"):
        if name in top:
            yield Text("en", path, top[name].start_mark.line + 1, str(top[name].value), name)
    for plugin in top["plugins"].value:
        if not isinstance(plugin, yaml.MappingNode) or plugin.value[0][0].value != "i18n":
            continue
        settings = {k.value: v for k, v in plugin.value[0][1].value}
        for language in settings["languages"].value:
            fields = {k.value: v for k, v in language.value}
            lang = fields["locale"].value
            for name in ("site_name", "site_description"):
                if name in fields:
                    yield Text(lang, path, fields[name].start_mark.line + 1, str(fields[name].value), name)
            for k, v in (fields["nav_translations"].value if "nav_translations" in fields else ()):
                yield Text(lang, path, v.start_mark.line + 1, str(v.value), f"nav_translations.{k.value}")


def template_texts() -> Iterator[Text]:
    """The literal text of the templates: English, all else comes from t('key')."""
    code = re.compile(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}|<script.*?</script>|<style.*?</style>|<[^>]*>", re.S)
    for path in sorted(TEMPLATES.glob("*/**/*.html")):
        yield from lines_of("en", path, code.sub(blank, path.read_text(encoding="utf-8")))


def shown_texts(lang: str, path: Path, node: yaml.Node, key: str = "") -> Iterator[Text]:
    """Every text under `node` that a reader of the form sees, as `lang`: a block of several lines line by line."""
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value not in NOT_SHOWN:
                yield from shown_texts(lang, path, v, f"{key}.{k.value}" if key else str(k.value))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from shown_texts(lang, path, item, f"{key}[{i}]")
    elif isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str":
        text = INLINE_CODE.sub(blank, str(node.value))
        if node.style in ("|", ">"):  # a block scalar: its lines follow the line of its indicator
            for n, line in enumerate(text.split("\n"), start=node.start_mark.line + 2):
                yield Text(lang, path, n, line, key, continues=True)
        else:
            yield Text(lang, path, node.start_mark.line + 1, text, key)


def form_language(path: Path) -> str:
    match = FORM_LANGUAGE.fullmatch(path.name)
    return match.group(1) if match else "en"


def guide_language(url: str) -> str:
    match = GUIDE_LANGUAGE.fullmatch(url)
    return match.group(1) if match else LANGS[0]


def issue_form_texts(path: Path) -> Iterator[Text]:
    """The texts a reader sees in a file of .github/ISSUE_TEMPLATE/, each in its language.

    A form: its name, description and title, and every label, description, placeholder,
    option and block of text, in the language of its file name. The chooser's config.yml:
    the name and description of each link, in the language of the guide it links.
    """
    root = yaml.compose(path.read_text(encoding="utf-8"))
    assert isinstance(root, yaml.MappingNode), path
    if path.name != "config.yml":
        yield from shown_texts(form_language(path), path, root)
        return
    top = {k.value: v for k, v in root.value}
    links = top.get("contact_links")
    for i, link in enumerate(links.value if isinstance(links, yaml.SequenceNode) else ()):
        fields = {k.value: v for k, v in link.value}
        yield from shown_texts(guide_language(str(fields["url"].value)), path, link, f"contact_links[{i}]")


def site_texts() -> Iterator[Text]:
    yield from data_texts()
    yield from docs_texts()
    yield from contributing_texts()
    yield from mkdocs_texts()
    yield from template_texts()


# -- scanning ----------------------------------------------------------------------------------


def findings(texts: list[Text], lang: str) -> list[str]:
    """Every avoided wording in the texts of `lang`, as a line that says where, what and what to write.

    Lines are scanned together with the next one, so that a wording broken across
    two lines is found too; each is reported at the line where it starts.
    """
    rules = avoided(lang)
    mine = [t for t in texts if t.lang == lang]
    found = []
    for i, text in enumerate(mine):
        following = mine[i + 1] if text.continues and i + 1 < len(mine) and mine[i + 1].path == text.path and mine[i + 1].line == text.line + 1 else None
        scanned = text.text + (" " + following.text if following else "")
        seen: set[tuple[int, int]] = set()
        for rule in rules:
            for match in rule.pattern.finditer(scanned):
                if match.start() >= len(text.text) or any(s <= match.start() < e for s, e in seen):
                    continue
                seen.add(match.span())
                found.append(f"{text.where()}: '{match.group(0)}' (avoided for '{rule.term}'): write {rule.instead}")
    return found


def test_every_language_has_every_term() -> None:
    english = TERMS["terms"]["en"]
    assert set(TERMS["terms"]) == set(LANGS) == set(TERMS["guide"])
    for lang, guide in TERMS["guide"].items():
        assert set(guide) == {"heading", "intro", "word", "meaning"} and all(isinstance(v, str) for v in guide.values()), lang
    for lang in LANGS:
        terms = TERMS["terms"][lang]
        assert set(terms) == set(english), f"{lang}: missing {sorted(set(english) - set(terms))}, unknown {sorted(set(terms) - set(english))}"
        for name, term in terms.items():
            assert term.get("use") and all(isinstance(w, str) and w.strip() for w in term["use"]), f"{lang}.{name}: no preferred word"
            assert ("meaning" in term) == ("meaning" in english[name]), f"{lang}.{name}: listed in the guide in English only, or not in English"
            assert set(term) <= {"use", "meaning", "note", "avoid"}, f"{lang}.{name}: {sorted(term)}"


@pytest.mark.parametrize("lang", LANGS)
def test_the_avoided_wordings_spare_the_preferred_ones(lang: str) -> None:
    """A rule that flags the language's own words (or its guide's) would be wrong, not the texts."""
    own = []
    for term in TERMS["terms"][lang].values():
        own += [Text(lang, TERMS_FILE, 0, word) for word in term["use"]]
        if "meaning" in term:
            own.append(Text(lang, TERMS_FILE, 0, INLINE_CODE.sub(blank, term["meaning"])))
    guide = TERMS["guide"][lang]
    own += [Text(lang, TERMS_FILE, 0, guide[k]) for k in ("heading", "intro", "word", "meaning")]
    assert findings(own, lang) == []


@pytest.mark.parametrize("lang", LANGS)
def test_every_text_uses_the_words_of_its_language(lang: str) -> None:
    found = findings(list(site_texts()), lang)
    assert not found, f"{len(found)} avoided wording(s) in {lang} texts (see plugins/goodpractices/data/terms.yml):\n" + "\n".join(found)


@pytest.mark.parametrize("path", ISSUE_FORMS, ids=lambda p: p.name)
def test_issue_forms_use_the_words_of_each_language(path: Path) -> None:
    texts = list(issue_form_texts(path))
    found = [f for lang in LANGS for f in findings(texts, lang)]
    assert not found, f"{len(found)} avoided wording(s): correct plugins/goodpractices/data/forms.yml (or vocabularies.yml) and run ./scripts/issue-forms\n" + "\n".join(found)


def test_the_issue_forms_are_read() -> None:
    """Each form is read whole in the language of its file name; each link of the chooser in its guide's language."""
    forms = [path for path in ISSUE_FORMS if path.name != "config.yml"]
    assert forms and (ISSUE_TEMPLATE / "config.yml") in ISSUE_FORMS
    for path in forms:
        if path.name.startswith("propose-"):
            assert FORM_LANGUAGE.fullmatch(path.name), f"{path.name}: a form for authors in no language of the site"
        texts = list(issue_form_texts(path))
        assert {t.lang for t in texts} == {form_language(path)}, path.name
        keys = {t.key for t in texts}
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        expected = {key for key in ("name", "description", "title") if key in data}
        for i, element in enumerate(data["body"]):
            attributes = element["attributes"]
            expected |= {f"body[{i}].attributes.{name}" for name in ("label", "description", "placeholder", "value") if name in attributes}
            for j, option in enumerate(attributes.get("options") or ()):
                expected.add(f"body[{i}].attributes.options[{j}]" + (".label" if isinstance(option, dict) else ""))
        assert expected <= keys, (path.name, sorted(expected - keys))
    chooser = list(issue_form_texts(ISSUE_TEMPLATE / "config.yml"))
    links = yaml.safe_load((ISSUE_TEMPLATE / "config.yml").read_text(encoding="utf-8"))["contact_links"]
    assert {t.lang for t in chooser} == set(LANGS) and len(chooser) == 2 * len(links)


def test_a_forms_words_are_those_of_its_language() -> None:
    """A wording the form's language avoids is found there, and nowhere else is it checked against."""
    texts = list(issue_form_texts(ISSUE_TEMPLATE / "propose-practice-nb.yml"))
    name = next(t for t in texts if t.key == "name")
    planted = dataclasses.replace(name, text="Norsk bokmål: foreslå en praksis")
    assert name.lang == "nb" and findings([planted], "nb") and not findings([planted], "sl")


# -- the guide's table -------------------------------------------------------------------------


def words_we_use(lang: str) -> str:
    """The "Words we use" section of docs/<lang>/contribute.md, rendered from terms.yml."""
    guide = TERMS["guide"][lang]
    rows = [f"| {guide['word']} | {guide['meaning']} |", "|---|---|"]
    for term in TERMS["terms"][lang].values():
        if "meaning" in term:
            words = ", ".join([f"**{term['use'][0]}**", *term["use"][1:]])
            rows.append(f"| {words} | {term['meaning']} |")
    return f"## {guide['heading']}\n\n{guide['intro']}\n\n" + "\n".join(rows) + "\n"


def section(text: str, heading: str) -> tuple[int, int] | None:
    """Start and end offsets of the `## heading` section (up to the next `## ` heading or the end)."""
    start = text.find(f"\n## {heading}\n")
    if start < 0:
        return None
    following = text.find("\n## ", start + 1)
    return start + 1, (following + 1 if following >= 0 else len(text))


@pytest.mark.parametrize("lang", LANGS)
def test_the_guide_lists_the_words_we_use(lang: str) -> None:
    path = ROOT / "docs" / lang / "contribute.md"
    text = path.read_text(encoding="utf-8")
    expected = words_we_use(lang)
    span = section(text, TERMS["guide"][lang]["heading"])
    if os.environ.get("GOLDEN_UPDATE"):
        text = text[: span[0]] + expected + ("\n" if span[1] < len(text) else "") + text[span[1] :] if span else text.rstrip("\n") + "\n\n" + expected
        path.write_text(text, encoding="utf-8")
        return
    assert span, f"{path.relative_to(ROOT)} has no section '## {TERMS['guide'][lang]['heading']}' (GOLDEN_UPDATE=1 adds it)"
    assert text[span[0] : span[1]].rstrip("\n") + "\n" == expected, f"{path.relative_to(ROOT)}: the words differ from terms.yml (GOLDEN_UPDATE=1 rewrites them)"
