"""The issue forms: generated from the data files, valid for GitHub, every word in the form's language, read back exactly."""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import yaml

from conftest import LANGS, ROOT
from goodpractices.issueform import (
    CONSENT_ID,
    FORMS_FILE,
    KINDS,
    LABEL,
    LABEL_MAX,
    QUESTIONS,
    SECTION_PREFIX,
    Form,
    FormError,
    all_forms,
    checked_options,
    fold,
    form_file_name,
    read_issue,
    split_multiple,
)
from goodpractices.plural import CATEGORIES
from goodpractices.schema import ALL_FIELDS, TRANSLATION_PATHS
from issuebodies import github_body

sys.path.insert(0, str(ROOT / "scripts"))
import issue_forms

TEMPLATES = ROOT / ".github" / "ISSUE_TEMPLATE"
FORM_FILES = sorted(TEMPLATES.glob("propose-*.yml"))


@pytest.fixture(scope="module")
def forms(vocab) -> list[Form]:
    return all_forms(vocab, LANGS)


# -- generated, never edited ---------------------------------------------------------------------------


def test_committed_forms_are_what_the_generator_makes() -> None:
    """The forms never drift from the data files: regenerate with `./scripts/issue-forms`."""
    expected = issue_forms.generated_files(ROOT / "mkdocs.yml")
    for path, text in expected.items():
        assert (ROOT / path).read_text(encoding="utf-8") == text, f"{path} is out of date: run ./scripts/issue-forms"
    assert {p.relative_to(ROOT) for p in FORM_FILES} == {p for p in expected if p.name != "config.yml"}, "a form the generator does not make"
    check = subprocess.run([sys.executable, str(ROOT / "scripts" / "issue_forms.py"), "--check"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stderr


def test_the_check_sees_a_form_edited_by_hand(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    script = [sys.executable, str(ROOT / "scripts" / "issue_forms.py"), "--config", str(tmp_path / "mkdocs.yml")]
    assert subprocess.run(script, capture_output=True, text=True, timeout=120).returncode == 0
    edited = tmp_path / ".github" / "ISSUE_TEMPLATE" / "propose-practice-cs.yml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("label: Název", "label: Titul"), encoding="utf-8")
    (tmp_path / ".github" / "ISSUE_TEMPLATE" / "propose-practice-de.yml").write_text("name: x\n", encoding="utf-8")
    check = subprocess.run([*script, "--check"], capture_output=True, text=True, timeout=120)
    assert check.returncode == 1
    assert "propose-practice-cs.yml" in check.stderr and "propose-practice-de.yml" in check.stderr


def test_one_form_of_each_kind_in_every_language(forms: list[Form]) -> None:
    assert sorted(p.name for p in FORM_FILES) == sorted(f"propose-{kind}-{lang}.yml" for kind in KINDS for lang in LANGS)
    names = [yaml.safe_load(p.read_text(encoding="utf-8"))["name"] for p in FORM_FILES]
    assert len(set(names)) == len(names), "the chooser lists forms by name"
    for form in forms:
        data = yaml.safe_load((TEMPLATES / form_file_name(form)).read_text(encoding="utf-8"))
        native = form.vocab.native_language_name(form.lang)
        assert data["name"].startswith(native + ": "), "a reader finds the form of their language by its name"
        assert data["labels"] == [LABEL]


def test_the_chooser_links_the_guide_in_every_language() -> None:
    config = yaml.safe_load((TEMPLATES / "config.yml").read_text(encoding="utf-8"))
    assert config["blank_issues_enabled"] is True
    urls = [link["url"] for link in config["contact_links"]]
    assert urls == ["https://goodpractices.example.org/contribute/", *(f"https://goodpractices.example.org/{lang}/contribute/" for lang in LANGS[1:])]
    text = (TEMPLATES / "config.yml").read_text(encoding="utf-8")
    for path in FORM_FILES:
        assert path.name in text, "config.yml lists every form with its language"


# -- valid for GitHub ----------------------------------------------------------------------------------------

TOP_KEYS = {"name", "description", "title", "labels", "assignees", "projects", "body", "type"}
ELEMENT_KEYS = {"type", "id", "attributes", "validations"}
ATTRIBUTES = {
    "markdown": {"value"},
    "input": {"label", "description", "placeholder", "value"},
    "textarea": {"label", "description", "placeholder", "value", "render"},
    "dropdown": {"label", "description", "multiple", "options", "default"},
    "checkboxes": {"label", "description", "options"},
}
FORBIDDEN_IN_LABELS = ("password", "passwort", "hasło", "heslo", "geslo", "passord")
"""GitHub refuses labels that ask for credentials; these words in the site's languages."""
YAML_BOOLEANS = {"y", "yes", "n", "no", "true", "false", "on", "off"}
OPTIONS_MAX = 100
"""Our limit on a dropdown's options (GitHub documents none; a longer list is no use in a form)."""


def parameterize(label: str) -> str:
    """Rails' `parameterize`, which GitHub uses to tell labels apart: two labels must not give the same."""
    text = unicodedata.normalize("NFKD", label)
    text = "".join(c for c in text if not unicodedata.combining(c)).encode("ascii", "replace").decode("ascii").lower()
    return re.sub(r"[^a-z0-9_-]+", "-", text).strip("-")


@pytest.mark.parametrize("path", FORM_FILES, ids=lambda p: p.name)
def test_form_follows_githubs_rules(path: Path) -> None:
    """What GitHub checks when it reads a form (docs: 'Common validation errors when creating issue forms'), and our limits."""
    form = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert set(form) <= TOP_KEYS, set(form) - TOP_KEYS
    for key in ("name", "description", "title"):
        assert isinstance(form[key], str) and form[key].strip(), key
    body = form["body"]
    assert any(e["type"] != "markdown" for e in body), "at least one question"
    ids, labels = [], []
    for i, element in enumerate(body):
        where = f"{path.name} body[{i}]"
        assert set(element) <= ELEMENT_KEYS, where
        kind, attributes = element["type"], element["attributes"]
        assert set(attributes) <= ATTRIBUTES[kind], (where, set(attributes) - ATTRIBUTES[kind])
        if kind == "markdown":
            assert "id" not in element and isinstance(attributes["value"], str) and attributes["value"].strip(), where
            continue
        assert re.fullmatch(r"[A-Za-z0-9_-]+", element["id"]), where
        ids.append(element["id"])
        label = attributes["label"]
        assert isinstance(label, str) and label.strip() and "\n" not in label and len(label) <= LABEL_MAX, (where, label)
        assert not any(word in label.casefold() for word in FORBIDDEN_IN_LABELS), (where, label)
        labels.append(label)
        if kind == "dropdown":
            options = attributes["options"]
            assert 1 <= len(options) <= OPTIONS_MAX, where
            assert all(isinstance(o, str) and o.strip() for o in options), f"{where}: options must be strings (quote yes/no)"
            assert len(set(options)) == len(options), f"{where}: options must be unique"
            assert not any(o.strip().casefold() == "none" for o in options), f"{where}: 'None' is reserved"
            assert not any(o.strip().casefold() in YAML_BOOLEANS for o in options), where
            assert isinstance(attributes["multiple"], bool)
            if "default" in attributes:
                assert 0 <= attributes["default"] < len(options), where
        if kind == "checkboxes":
            options = [o["label"] for o in attributes["options"]]
            assert options and len(set(options)) == len(options), f"{where}: checkbox labels must be unique"
            labels += options
        if "validations" in element:
            assert set(element["validations"]) == {"required"} and isinstance(element["validations"]["required"], bool), where
    assert len(set(ids)) == len(ids), f"{path.name}: ids must be unique"
    assert len({label.casefold() for label in labels}) == len(labels), f"{path.name}: labels must be unique (the bot reads answers by label)"
    assert len({parameterize(label) for label in labels}) == len(labels), f"{path.name}: labels too similar for GitHub"


def test_forms_and_chooser_match_githubs_schemas() -> None:
    from test_github import run_tool, tool

    result = run_tool(tool("check-jsonschema"), "--builtin-schema", "vendor.github-issue-forms", *map(str, FORM_FILES))
    assert result.returncode == 0, result.stdout + result.stderr
    config = run_tool(tool("check-jsonschema"), "--builtin-schema", "vendor.github-issue-config", str(TEMPLATES / "config.yml"))
    assert config.returncode == 0, config.stdout + config.stderr


# -- in the form's language --------------------------------------------------------------------------------


def test_every_text_of_the_forms_in_every_language() -> None:
    data = yaml.safe_load(FORMS_FILE.read_text(encoding="utf-8"))
    for key, entry in data.items():
        assert set(entry) == set(LANGS), f"{key}: {sorted(entry)}"
        reference = None
        for lang, text in entry.items():
            forms = list(text.values()) if isinstance(text, dict) else [text]
            if isinstance(text, dict):
                assert tuple(text) == CATEGORIES[lang], f"{key}.{lang}: plural forms {list(text)}"
            for form in forms:
                assert isinstance(form, str) and form.strip(), f"{key}.{lang} is empty"
                placeholders = sorted(re.findall(r"\{\w+\}", form))
                reference = placeholders if reference is None else reference
                assert placeholders == reference, (key, lang, placeholders, reference)


def test_dates_are_written_with_each_languages_letters(forms: list[Form]) -> None:
    letters = {"en": "YYYY", "pl": "RRRR", "cs": "RRRR", "sl": "LLLL", "nb": "ÅÅÅÅ"}
    for form in forms:
        if form.kind != "practice":
            continue
        description = form.description(form.question("period_start")) or ""
        assert f"{letters[form.lang]}-MM-DD" in description, (form.lang, description)
        text = (TEMPLATES / form_file_name(form)).read_text(encoding="utf-8")
        if form.lang != "en":
            assert "YYYY" not in text, form.lang


def test_no_countable_praxe_in_czech(forms: list[Form]) -> None:
    """A practice is 'příklad (dobré praxe)' in Czech: 'praxe' only in the set phrase 'dobré praxe'."""
    data = yaml.safe_load(FORMS_FILE.read_text(encoding="utf-8"))
    texts = [str(entry["cs"]) for entry in data.values()]
    texts += [(TEMPLATES / form_file_name(f)).read_text(encoding="utf-8") for f in forms if f.lang == "cs"]
    for text in texts:
        for match in re.finditer(r"\w*\bprax\w*", text, re.IGNORECASE):
            before = text[max(0, match.start() - 6) : match.start()]
            assert before.endswith("dobré "), f"countable 'praxe' in Czech: …{text[max(0, match.start() - 40) : match.end() + 20]}…"


def test_questions_and_options_in_the_forms_language(forms: list[Form], vocab) -> None:
    """No form shows another language's words: its labels and options are those of its own language only."""
    for form in forms:
        for question in form.asked:
            if question.vocab and question.vocab != "language":
                assert form.options(question) == [vocab[question.vocab].label(v, form.lang)[:1].upper() + vocab[question.vocab].label(v, form.lang)[1:] for v in form.values(question)]
        sections = [form.label(q) for q in form.asked if q.id.startswith(SECTION_PREFIX)]
        assert sections == [vocab["section"].label(key, form.lang) for key in vocab["section"].values]
        for other in LANGS:
            if other != form.lang and form.text(f"form.{form.kind}.name") == Form(form.kind, other, vocab, LANGS).text(f"form.{form.kind}.name"):
                pytest.fail(f"{form.kind}/{form.lang}: same name as in {other}")


def test_the_forms_ask_for_what_the_files_hold(vocab) -> None:
    practice = {q.target for q in QUESTIONS["practice"] if q.target}
    for required in ("title", "summary", "category", "country", "topics", "organisation.name", "organisation.type", "level_of_government", "education_levels", "period.start", "stage", "contact.name", "contact.email"):
        assert required in practice, required
    for target in practice:
        assert target.split(".")[0] in ALL_FIELDS, target
    translation = {q.target for q in QUESTIONS["translation"] if q.target}
    for target in translation:
        assert any(path == target or path.startswith(target + ".") for path in TRANSLATION_PATHS), f"{target}: not something a translation carries"
    for path in TRANSLATION_PATHS:
        top = path.split(".")[0]
        assert any(t.split(".")[0] == top for t in translation), f"the translation form does not ask for {path}"


# -- read back exactly ---------------------------------------------------------------------------------------


def test_every_form_is_recognised_by_its_questions(forms: list[Form]) -> None:
    """Kind and language from the headings alone (Polish 'Kraj' is a country, Czech 'Kraj nebo region' a region)."""
    for form in forms:
        submission = read_issue(github_body(form, {}), forms)
        assert (submission.form.kind, submission.form.lang) == (form.kind, form.lang)


def test_every_option_reads_back_as_its_value(forms: list[Form]) -> None:
    for form in forms:
        answers = {q.id: form.values(q) for q in form.asked if q.vocab}
        submission = read_issue(github_body(form, answers), forms)
        for question in form.asked:
            if not question.vocab:
                continue
            text = submission.answers[question.id]
            assert text is not None
            if question.type == "checkboxes":
                values = [form.lookup(question)[fold(o)] for o in checked_options(text)]
            else:
                values, unknown = split_multiple(text, form.lookup(question))
                assert not unknown, (form.lang, question.id, unknown)
            assert values == form.values(question), (form.kind, form.lang, question.id)


def test_answers_hold_headings_of_their_own(forms: list[Form]) -> None:
    form = next(f for f in forms if f.kind == "practice" and f.lang == "pl")
    body = github_body(form, {"section_problem": "Tekst\n### Nie pytanie formularza\ndalej", CONSENT_ID: True})
    submission = read_issue(body, forms)
    assert submission.answers["section_problem"] == "Tekst\n### Nie pytanie formularza\ndalej"
    assert submission.answers[CONSENT_ID] is not None


def test_a_question_written_twice_is_reported(forms: list[Form]) -> None:
    form = next(f for f in forms if f.kind == "practice" and f.lang == "cs")
    body = github_body(form, {"title": "Síť ředitelů"}) + "\n### Název\n\nJiný název\n"
    assert read_issue(body, forms).twice == ["title"]


def test_a_body_that_is_no_form(forms: list[Form]) -> None:
    with pytest.raises(FormError):
        read_issue("Hello, I would like to propose a practice!\n### Something\n", forms)


def test_the_translation_form_shows_no_example_in_the_forms_language(forms: list[Form]) -> None:
    """A translation is written in the language translated into: the practice form's examples (the title in the form's
    language, "name – type" partners) would mislead; the title's description names the language of the translation."""
    for form in forms:
        if form.kind != "translation":
            continue
        for question in form.asked:
            if question.id != "practice":
                assert form.placeholder(question) is None, (form.lang, question.id)
        practice_form = Form("practice", form.lang, form.vocab, form.languages)
        assert form.description(form.question("title")) != practice_form.description(practice_form.question("title"))
