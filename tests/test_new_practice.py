"""scripts/new_practice.py: questions in the author's language, a template in that language that shows an
example of every field and lists what is left to fill in; a translation started from the original.

The sessions driven through the real script are golden files under tests/golden/scaffold/: what the author
sees, and the file written (GOLDEN_UPDATE=1 rewrites them for review).
"""

from __future__ import annotations

import os
import pty
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from conftest import GOLDEN, LANGS, ROOT, make_project, source
from goodpractices import load_practices
from goodpractices.answers import NoMatch
from goodpractices.messages import field_help
from goodpractices.report import locale_language
from goodpractices.scaffold import EXAMPLES_FILE, SCAFFOLD_FILE, example, t
from goodpractices.schema import PRACTICE_FIELDS, VERSION_FIELDS
from goodpractices.slugs import suggest_slug
from goodpractices.vocab import Countries

SCRIPT = ROOT / "scripts" / "new_practice.py"
STILL_TO_FILL = {
    "title", "summary", "topics", "organisation.name", "organisation.type", "level_of_government",
    "education_levels", "period.start", "stage", "contact.name", "contact.email",
}
COUNTRY = {"en": "GB", "pl": "PL", "cs": "CZ", "sl": "SI", "nb": "NO"}
NESTED = ("cost", "partners", "attachments", "links", "coordinates")


def run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--config", str(project / "mkdocs.yml"), *args],
        cwd=project, capture_output=True, text=True, stdin=subprocess.DEVNULL, env=environment("C.UTF-8"), timeout=60,
    )


def environment(locale: str) -> dict[str, str]:
    """The environment of a system in `locale` (LANG), the other locale variables unset."""
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")}
    return dict(env, LANG=locale, PYTHONUNBUFFERED="1")


def answer(project: Path, answers: list[str], *args: str, locale: str = "C.UTF-8") -> subprocess.CompletedProcess[str]:
    """The script with `answers` on its input (not a terminal), one per line; stdout and stderr as the author sees them."""
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--config", str(project / "mkdocs.yml"), "--date", "2026-03-01", *args],
        cwd=project, input="".join(a + "\n" for a in answers), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, env=environment(locale), timeout=60,
    )


def golden(name: str, text: str) -> None:
    path = GOLDEN / "scaffold" / name
    if os.environ.get("GOLDEN_UPDATE"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"differs from {path.relative_to(ROOT)} (GOLDEN_UPDATE=1 rewrites it)"


def filled_in(text: str, lang: str) -> str:
    """The file as an author who takes every example makes it: each empty field given its example,
    each commented example uncommented, a sentence under each heading."""
    example_mark = f"# {t('comment.example', lang)}: "
    block_mark = f"# {t('comment.example_block', lang)}"
    out: list[str] = []
    pending, uncommenting = None, False
    for line in text.split("\n"):
        stripped = line.strip()
        if uncommenting:
            uncommenting = bool(line)
            assert not line or line.startswith("# "), line
            out.append(line[2:])
            continue
        if stripped.startswith(block_mark):
            uncommenting = True
        elif stripped.startswith(example_mark):
            pending = stripped[len(example_mark):]
        elif re.match(r"^\s*[a-z_]+:( \[\])?$", line) and pending is not None:
            out.append(line.split(":")[0] + ": " + pending)
            pending = None
            continue
        elif re.match(r"^\s*[a-z_]+:", line):
            pending = None
        out.append(line)
    return re.sub(r"<!-- .*? -->", "Some text.", "\n".join(out))


# -- a new practice ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_template_in_every_language(tmp_path: Path, vocab, lang: str) -> None:
    project = make_project(tmp_path, {"demo/pl.md": source("valid-pl.md")})
    result = run(project, "--slug", "new-one", "--lang", lang, "--category", "community-integration", "--country", COUNTRY[lang], "--municipality", "Ås", "--date", "2026-03-01")
    assert result.returncode == 0, result.stderr
    path = project / "practices" / "new-one" / f"{lang}.md"
    text = path.read_text(encoding="utf-8")
    assert "# yaml-language-server: $schema=https://example.org/schema/practice.schema.json" in text
    # every field explained in the author's language, every section heading localised
    for key in ("title", "summary", "organisation.name", "period.start", "contact.email", "cost.amount", "partners.name", "links.kind", "coordinates.lat"):
        assert f"# {field_help(key, lang)}" in text, key
    for value in vocab["section"].values:
        assert f"\n## {vocab['section'].label(value, lang)}\n" in text
    assert f"community-integration ({vocab['category'].label('community-integration', lang)})" in text
    # every nested field shown as a commented example in the author's language, ready to uncomment
    for name in NESTED:
        assert f"\n# {name}:\n" in text, name
    assert f"# {t('comment.example', lang)}: {example('contact.role', lang)}" in text
    assert f"#   note: {example('cost.note', lang)}" in text and f"#   - name: {example('partners.name', lang)}" in text
    assert "# related: [demo]" in text  # a practice of the collection, so that the example is valid
    # the fresh template fails validation, listing exactly what is still to be written
    loaded = load_practices(project / "practices", LANGS, vocab, display_base=project)
    missing = {p.field for p in loaded.errors if p.code in ("empty", "empty-list")}
    assert missing == STILL_TO_FILL
    assert {p.code for p in loaded.errors} == {"empty", "empty-list", "empty-body"}
    for problem in loaded.errors:
        assert problem.format(lang) in result.stdout
    # the next steps name the wrappers
    assert "./scripts/validate practices/new-one" in result.stdout and "./scripts/serve" in result.stdout
    # filled in with the examples, the commented ones uncommented, it validates
    path.write_text(filled_in(text, lang), encoding="utf-8")
    (path.parent / example("attachments.file", lang)).write_bytes(b"%PDF-1.4\n")
    loaded = load_practices(project / "practices", LANGS, vocab, display_base=project)
    assert not loaded.problems, [p.format() for p in loaded.problems]
    practice = loaded.practices["new-one"]
    assert practice.country == COUNTRY[lang]
    assert practice.cost is not None and practice.cost.note == example("cost.note", lang)
    assert [p.name for p in practice.partners] == [example("partners.name", lang)]
    assert practice.coordinates is not None and practice.related == ["demo"] and practice.draft


def test_examples_cover_every_field_in_every_language(tmp_path: Path, vocab) -> None:
    """data/scaffold-examples.yml: an example of every field an author fills in, each language's a valid practice."""
    data = yaml.safe_load(EXAMPLES_FILE.read_text(encoding="utf-8"))
    assert set(data) == set(LANGS)

    def paths(fields, prefix=""):
        for f in fields:
            children = f.fields or (f.item.fields if f.item is not None else ())
            if children:
                yield from paths(children, prefix + f.name + ".")
            else:
                yield prefix + f.name

    wanted = {p for p in paths(VERSION_FIELDS + PRACTICE_FIELDS) if p.split(".")[0] not in ("review", "related", "published", "licence")}
    for lang in LANGS:
        assert {p for p in wanted if example(p, lang) is None} == set(), lang
        front = dict(data[lang], published="2026-03-01")
        files = {f"example-{lang}/{lang}.md": "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n\n## Problem\n\nText.\n"}
        files[f"example-{lang}/{front['attachments'][0]['file']}"] = b"%PDF-1.4\n"
        project = make_project(tmp_path / lang, files)
        loaded = load_practices(project / "practices", LANGS, vocab, display_base=project)
        assert not loaded.errors, [p.format() for p in loaded.errors]


def test_strings_complete() -> None:
    data = yaml.safe_load(SCAFFOLD_FILE.read_text(encoding="utf-8"))
    for key, entry in data.items():
        assert set(entry) == set(LANGS), key
        placeholders = sorted(re.findall(r"\{\w+\}", entry["en"]))
        for lang, text in entry.items():
            assert sorted(re.findall(r"\{\w+\}", text)) == placeholders, (key, lang)
            assert "python scripts/" not in text, (key, lang)
            if lang != "en":
                assert "YYYY" not in text, (key, lang)  # RRRR, LLLL, ÅÅÅÅ


def test_refuses_bad_arguments_and_existing_folder(tmp_path: Path) -> None:
    project = make_project(tmp_path, {})
    bad = run(project, "--slug", "x", "--lang", "pl", "--category", "development-plans", "--country", "PL", "--municipality", "Y")
    assert bad.returncode == 1 and "'development-plans'" in bad.stderr and "development-plan," in bad.stderr
    assert "czy chodziło o 'development-plan'?" in bad.stderr
    assert not (project / "practices" / "x").exists()
    ok = run(project, "--slug", "x", "--lang", "pl", "--category", "development-plan", "--country", "PL", "--municipality", "Y")
    assert ok.returncode == 0
    again = run(project, "--slug", "x", "--lang", "pl", "--category", "development-plan", "--country", "PL", "--municipality", "Y")
    assert again.returncode == 1 and "practices/x już istnieje" in again.stderr
    for args, message in (
        (["--slug", "Gmina Ås", "--lang", "cs"], "--slug: 'Gmina Ås' nemůže být krátký název: jen malá písmena a–z bez diakritiky, číslice a spojovníky mezi slovy, nejvýše 60 znaků, např. gmina-as"),
        (["--slug", "skolni-" * 9 + "sit", "--lang", "cs"], "nejvýše 60 znaků, např. " + "-".join(["skolni"] * 8) + "\n"),
        (["--slug", "page", "--lang", "en"], "--slug: 'page' is kept for the site's own pages"),
        (["--slug", "Рига", "--lang", "sl"], "--slug: 'Рига' ne more biti kratko ime: samo male črke a–z brez šumnikov, števke in vezaji med besedami, največ 60 znakov, npr. ruse-mentorstvo-ucitelje-zacetnike-solah"),
        (["--country", "Tsjekia", "--lang", "nb"], "--country: 'Tsjekia' er ikke et landnavn eller en landkode vi kjenner: skriv navnet (f.eks. Norge) eller tobokstavskoden (NO) (mente du 'Tsjekkia (CZ)'?)"),
        (["--topics", "inclusion, budgetting", "--lang", "en"], "--topics: 'budgetting' is not one of the allowed values"),
    ):
        result = run(project, *args)
        assert result.returncode == 1 and message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr


def test_options_take_names_and_numbers(tmp_path: Path, vocab) -> None:
    project = make_project(tmp_path, {})
    result = run(
        project, "--lang", "sl", "--slug", "ruse-branje", "--category", "Povezovanje lokalne skupnosti za izobraževanje", "--country", "Slovenija",
        "--municipality", "Ruše", "--title", "Branje: medgeneracijsko", "--organisation-type", "3", "--topics", "inclusion, Bralna pismenost, 10",
        "--education-levels", "primary", "--stage", "pilot", "--level-of-government", "local",
    )
    assert result.returncode == 1 and "--topics: 'Bralna pismenost' ni nobena od dovoljenih vrednosti: formative-assessment," in result.stderr
    assert not (project / "practices" / "ruse-branje").exists()
    result = run(
        project, "--lang", "sl", "--slug", "ruse-branje", "--category", "Povezovanje lokalne skupnosti za izobraževanje", "--country", "Slovenija",
        "--municipality", "Ruše", "--title", "Branje: medgeneracijsko", "--organisation-type", "3", "--topics", "inclusion, Inkluzija, 9",
        "--education-levels", "primary", "--stage", "pilot", "--level-of-government", "local",
    )
    assert result.returncode == 0, result.stderr
    loaded = load_practices(project / "practices", LANGS, vocab, display_base=project)
    assert {p.field for p in loaded.errors if p.code in ("empty", "empty-list")} == {"summary", "organisation.name", "period.start", "contact.name", "contact.email"}
    text = (project / "practices" / "ruse-branje" / "sl.md").read_text(encoding="utf-8")
    assert 'title: "Branje: medgeneracijsko"' in text and "country: SI" in text and "  type: region" in text
    assert "topics: [inclusion, exam-results]" in text


def test_without_a_terminal_missing_options_are_named(tmp_path: Path) -> None:
    project = make_project(tmp_path, {})
    result = run(project, "--slug", "x", "--lang", "cs")
    assert result.returncode == 2
    assert "--category, --country, --municipality" in result.stderr
    assert "chybí terminál" in result.stderr
    assert not result.stdout  # not a question asked


def test_answers_running_out_name_what_is_missing(tmp_path: Path) -> None:
    project = make_project(tmp_path, {})
    result = answer(project, ["pl", "Tytuł", "1"], locale="pl_PL.UTF-8")
    assert result.returncode == 2
    assert result.stdout.rstrip().endswith("podaj --country, --municipality, --slug"), result.stdout
    assert not list((project / "practices").iterdir())


def test_an_input_that_stays_silent_is_not_waited_for(tmp_path: Path) -> None:
    project = make_project(tmp_path, {})
    started = time.monotonic()
    with subprocess.Popen(
        [sys.executable, str(SCRIPT), "--config", str(project / "mkdocs.yml")], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, env=environment("sl_SI.UTF-8"),
    ) as process:  # the input stays open, and nothing comes
        try:
            process.wait(timeout=25)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
        assert process.stderr is not None
        err = process.stderr.read()
    assert process.returncode == 2, err
    assert "ni terminala za vprašanja" in err and time.monotonic() - started < 25


# -- the questions, in the author's language -------------------------------------------------------

CZECH_ANSWERS = [
    "3",  # the language of the text, by its number
    "Mentoring začínajících učitelů v Jihlavě",
    "komunita",  # not a category: the nearest are named
    "1",
    "Czechland",  # not a country: the nearest are named
    "Česko",
    "Jihlava",
    "",  # the suggested short name, taken with Enter
    "obec",  # the organisation type by its Czech name, in lower case
    "2",
    "2, 3",
    "formativni hodnoceni, interní mentoring",  # without diacritics, and with them
    "",  # the stage left for later
]


def test_czech_session(tmp_path: Path, vocab) -> None:
    """A Czech system: the questions and their numbered choices in Czech, answered by number, name and Enter."""
    project = make_project(tmp_path, {"demo/pl.md": source("valid-pl.md")})
    result = answer(project, CZECH_ANSWERS, locale="cs_CZ.UTF-8")
    assert result.returncode == 0, result.stdout
    out = result.stdout
    assert "Traceback" not in out
    assert "Jazyk vašeho textu\n  1  angličtina – English (en)\n  2  polština – Polski (pl)\n  3  čeština (cs)\n" in out
    assert "Kategorie\n  1  Místní plán rozvoje vzdělávání (development-plan)\n" in out
    assert "nemysleli jste '2 Zapojení místní komunity do vzdělávání (community-integration)'?" in out
    assert "Země\n  1  Česko (CZ)\n" in out and "  → Česko (CZ)\n" in out
    assert "Stiskněte Enter pro jihlava-mentoring-zacinajicich-ucitelu, nebo napište jiný: \n  → jihlava-mentoring-zacinajicich-ucitelu\n" in out
    assert "Témata příkladu (Enter: doplníte později v souboru)\n   1  Formativní hodnocení (formative-assessment)\n" in out
    assert "Další kroky:\n  1. Otevřete practices/jihlava-mentoring-zacinajicich-ucitelu/cs.md v textovém editoru" in out
    assert "./scripts/validate practices/jihlava-mentoring-zacinajicich-ucitelu" in out and "./scripts/serve --lang cs" in out
    path = project / "practices" / "jihlava-mentoring-zacinajicich-ucitelu" / "cs.md"
    text = path.read_text(encoding="utf-8")
    golden("cs-session.txt", out)
    golden("cs-session.md", text)
    # what was answered is in the file; what was left is explained, with an example in Czech
    loaded = load_practices(project / "practices", LANGS, vocab, display_base=project)
    assert {p.field for p in loaded.errors if p.code == "empty"} == {"summary", "organisation.name", "period.start", "stage", "contact.name", "contact.email"}
    assert {p.code for p in loaded.errors} == {"empty", "empty-body"}
    assert "title: Mentoring začínajících učitelů v Jihlavě\n" in text and "topics: [formative-assessment, internal-mentoring]\n" in text
    assert "  type: municipality\n" in text and "level_of_government: local\n" in text and "education_levels: [primary, lower-secondary]\n" in text
    assert "# Ukázka: Odbor školství (ukázkové údaje)" in text and "#   currency: CZK" in text and "RRRR-MM" in text
    # the validator, run on the file with its examples taken, finds nothing
    path.write_text(filled_in(text, "cs"), encoding="utf-8")
    (path.parent / "plan-mentoringu.pdf").write_bytes(b"%PDF-1.4\n")
    checked = subprocess.run([sys.executable, str(ROOT / "scripts" / "validate.py"), "--config", str(project / "mkdocs.yml"), str(path.parent)], capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0 and "chyb" not in checked.stdout, checked.stdout + checked.stderr


POLISH_ANSWERS = [
    "Sieć dyrektorów szkół: wspólne doskonalenie",
    "rozwój",  # not a category
    "Integracja społeczności lokalnej wokół edukacji",
    "Republika Czeska",
    "Karviná",
    "Karviná",  # not a short name: the ASCII form is offered
    "",  # the suggestion, taken
    "",
    "",
    "",
    "9, 99",  # 99 is not a topic
    "9",
    "pilotaz",
]


def test_polish_session_with_lang(tmp_path: Path, vocab) -> None:
    """--lang pl on a system in another language: no language question, everything in Polish."""
    project = make_project(tmp_path, {})
    result = answer(project, POLISH_ANSWERS, "--lang", "pl", locale="nb_NO.UTF-8")
    assert result.returncode == 0, result.stdout
    out = result.stdout
    assert "Język Twojego tekstu" not in out and "Tytuł praktyki (Enter: uzupełnisz później w pliku): " in out
    assert "Kategoria\n  1  Realizacja lokalnego planu rozwoju edukacji (development-plan)\n" in out
    assert "Nie przyjęto: 'rozwój' nie ma wśród możliwości: wpisz numer od 1 do 3, kod albo nazwę" in out
    assert "  → Czechy (CZ)\n" in out
    assert "Nie przyjęto: 'Karviná' nie może być krótką nazwą: tylko małe litery a–z bez polskich znaków, cyfry i łączniki między słowami, najwyżej 60 znaków, np. karvina." in out
    assert "Naciśnij Enter, aby przyjąć karvina-siec-dyrektorow-szkol-wspolne, albo wpisz inną: " in out
    assert "'99' nie ma wśród możliwości: wpisz numer od 1 do 17" in out
    assert "Co dalej:" in out and "Rozpocznij tłumaczenie na angielski: ./scripts/new-practice --translate karvina-siec-dyrektorow-szkol-wspolne --lang en" in out
    golden("pl-session.txt", out)
    text = (project / "practices" / "karvina-siec-dyrektorow-szkol-wspolne" / "pl.md").read_text(encoding="utf-8")
    golden("pl-session.md", text)
    assert "country: CZ\n" in text and "stage: pilot\n" in text and "topics: [exam-results]\n" in text
    assert "# Przykład: Wydział Edukacji (dane przykładowe)" in text and "related" not in text  # no other practice to relate to


def test_the_first_answer_switches_the_language(tmp_path: Path) -> None:
    project = make_project(tmp_path, {})
    result = answer(project, ["Slovenščina"], locale="de_DE.UTF-8")  # not a site language: the questions start in English
    assert result.stdout.startswith("Language of your text\n  1  English (en)\n  2  Polish – Polski (pl)\n")
    assert "  → Slovenian – Slovenščina (sl)\nNaslov primera dobre prakse (Enter: izpolnite pozneje v datoteki): " in result.stdout
    assert result.returncode == 2 and "ni terminala za vprašanja" in result.stdout


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"LANG": "cs_CZ.UTF-8"}, "cs"),
        ({"LC_ALL": "pl_PL.UTF-8", "LANG": "cs_CZ.UTF-8"}, "pl"),
        ({"LC_MESSAGES": "sl_SI", "LANG": "en_GB.UTF-8"}, "sl"),
        ({"LANG": "nb_NO.UTF-8"}, "nb"),
        ({"LANG": "no_NO"}, "nb"),
        ({"LANG": "nn_NO.UTF-8"}, "nb"),
        ({"LC_ALL": "C", "LANG": "cs_CZ.UTF-8"}, None),
        ({"LANG": "de_DE.UTF-8"}, None),
        ({}, None),
    ],
)
def test_system_language(variables: dict[str, str], expected: str | None) -> None:
    assert locale_language(variables, LANGS) == expected
    assert locale_language(variables, ("en", "pl")) == (expected if expected in ("en", "pl") else None)  # only the site's languages


def test_help_in_the_authors_language(tmp_path: Path) -> None:
    project = make_project(tmp_path, {})
    helped = subprocess.run([sys.executable, str(SCRIPT), "--config", str(project / "mkdocs.yml"), "--help"], capture_output=True, text=True, env=environment("cs_CZ.UTF-8"), timeout=60)
    assert helped.returncode == 0
    assert helped.stdout.startswith("použití: ./scripts/new-practice") and "Založí nový příklad dobré praxe" in helped.stdout
    assert "--organisation-type" in helped.stdout and "zobrazit tuto nápovědu a skončit" in helped.stdout
    wrong = subprocess.run([sys.executable, str(SCRIPT), "--config", str(project / "mkdocs.yml"), "--lang", "nb", "--kategori", "x"], capture_output=True, text=True, timeout=60)
    assert wrong.returncode == 2 and "feil bruk av kommandoen: ukjent valg --kategori x" in wrong.stderr and "Hjelp: ./scripts/new-practice --help" in wrong.stderr


# -- what the answers are read as -------------------------------------------------------------------


@pytest.fixture(scope="module")
def countries(vocab) -> Countries:
    return vocab.countries


@pytest.mark.parametrize("name", ["Česko", "Czechia", "Czech Republic", "Republika Czeska", "Czeska", "Czech", "Tsjekkia", "Češka", "česká republika", "CESKO", "cz", "CZE", "Czechy"])
def test_czechia_by_every_name(countries: Countries, name: str) -> None:
    assert countries.code(name) == "CZ"


def test_countries_by_name_in_every_language(countries: Countries) -> None:
    for code, names in {"PL": ["Polska", "Poland", "Polsko", "Poljska", "Polen"], "SI": ["Slovenija", "Slovinsko", "Słowenia", "Slovenia"], "NO": ["Norge", "Norway", "Norsko", "Norwegia", "Norveška", "no"]}.items():
        for name in names:
            assert countries.code(name) == code, name


@pytest.mark.parametrize(("typed", "suggested"), [("Czechland", "CZ"), ("Norwey", "NO"), ("Slovenie", "SI"), ("Slov", "SK")])
def test_unknown_country_gets_suggestions(countries: Countries, typed: str, suggested: str) -> None:
    with pytest.raises(NoMatch) as caught:
        countries.code(typed)
    assert suggested in caught.value.suggestions


def test_suggested_short_names() -> None:
    def free(slug: str) -> bool:
        return False

    assert suggest_slug("Jihlava", "Mentoring začínajících učitelů v Jihlavě", free) == "jihlava-mentoring-zacinajicich-ucitelu"
    assert suggest_slug("Świętochłowice", "Monitorowanie jakości edukacji w Świętochłowicach", free) == "swietochlowice-monitorowanie-jakosci"
    assert suggest_slug("Bodø", "Læringsnettverk for skoleledere i Bodø", free) == "bodo-laeringsnettverk-skoleledere"
    assert suggest_slug("Ås", "", lambda slug: slug in ("as", "as-2")) == "as-3"
    assert suggest_slug("", "The Title", free) == "title"
    assert suggest_slug("", "", free) is None
    long = suggest_slug("Llanfairpwllgwyngyll", "a very long title with many words in it to be cut", free)
    assert long is not None and len(long) <= 40 and not long.endswith("-") and long == "llanfairpwllgwyngyll-very-long-title"


# -- on a terminal ----------------------------------------------------------------------------------


def drive_terminal(project: Path, answers: list[str], *args: str, locale: str = "sl_SI.UTF-8") -> tuple[int, str]:
    """The script on a terminal: each answer typed once it waits at a prompt (a line ending in ': ')."""
    env = environment(locale)
    pid, fd = pty.fork()
    if pid == 0:  # child: the script on a terminal
        os.chdir(project)
        os.execve(sys.executable, [sys.executable, str(SCRIPT), "--config", str(project / "mkdocs.yml"), "--date", "2026-03-01", *args], env)
    output, answered_at = b"", 0
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.3)
            if ready:
                try:
                    chunk = os.read(fd, 4096)
                except OSError:  # the script ended
                    break
                if not chunk:
                    break
                output += chunk
            elif answers and output[answered_at:].endswith(b": "):
                typed = answers.pop(0)
                os.write(fd, typed.encode() if typed == "\x03" else typed.encode() + b"\n")  # Ctrl-C needs no Enter
                answered_at = len(output)
    finally:
        if time.monotonic() >= deadline:
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    return os.waitstatus_to_exitcode(status), output.decode("utf-8", errors="replace").replace("\r\n", "\n")


def test_asks_the_questions_in_a_terminal(tmp_path: Path) -> None:
    project = make_project(tmp_path, {})
    answers = ["sl", "Knjižnica v Rušah", "community", "community-integration", "4", "Ruše", "", "", "", "", "", ""]
    status, text = drive_terminal(project, answers)
    assert status == 0, text
    assert "Jezik vašega besedila\n  1  angleščina – English (en)" in text  # a Slovenian system: asked in Slovenian
    assert "Ni sprejeto: 'community' ni med možnostmi" in text and "ste morda mislili '2 Povezovanje lokalne skupnosti za izobraževanje (community-integration)'?" in text
    assert "Država\n  1  Češka republika (CZ)\n  2  Norveška (NO)\n  3  Poljska (PL)\n  4  Slovenija (SI)\n" in text and "  → Slovenija (SI)\n" in text
    assert "Pritisnite Enter za ruse-knjiznica ali vpišite drugo: " in text
    assert "Naslednji koraki:" in text and "./scripts/validate practices/ruse-knjiznica" in text
    assert (project / "practices" / "ruse-knjiznica" / "sl.md").exists()


def test_ctrl_c_stops_without_writing(tmp_path: Path) -> None:
    project = make_project(tmp_path, {})
    status, text = drive_terminal(project, ["cs", "Název", "\x03"], locale="C.UTF-8")
    assert status == 130, text
    assert "Přerušeno: nic nebylo zapsáno." in text and "Traceback" not in text
    assert not list((project / "practices").iterdir())


# -- --translate: a translation started from the original --------------------------------------

FULL_ORIGINAL = source("valid-pl.md").replace(
    "  name: Anna Przykładowa (dane przykładowe)\n", "  name: Anna Przykładowa (dane przykładowe)\n  role: Koordynatorka sieci\n"
).replace(
    "published: 2023-01-15\n",
    """published: 2023-01-15
tags: [sieć dyrektorów, doskonalenie nauczycieli]
funding: 'Budżet gminy: część oświatowa'
cost:
  amount: 12000
  currency: PLN
  note: Poczęstunek i sale na spotkania
partners:
  - name: Poradnia psychologiczno-pedagogiczna
    type: other
  - name: Ośrodek doskonalenia nauczycieli
attachments:
  - file: plan.pdf
    title: Harmonogram spotkań sieci
links:
  - url: https://example.org/siec-dyrektorow
    title: Strona sieci
    kind: website
""",
)
ORIGINAL_TEXTS = {
    "title": "Sieć dyrektorów szkół w gminie",
    "tags": ["sieć dyrektorów", "doskonalenie nauczycieli"],
    "funding": "Budżet gminy: część oświatowa",
    "cost_note": "Poczęstunek i sale na spotkania",
    "contact_role": "Koordynatorka sieci",
    "partner_names": ["Poradnia psychologiczno-pedagogiczna", "Ośrodek doskonalenia nauczycieli"],
    "attachment_titles": {"plan.pdf": "Harmonogram spotkań sieci"},
    "link_titles": {"https://example.org/siec-dyrektorow": "Strona sieci"},
}


def translation_project(root: Path) -> Path:
    return make_project(root, {"demo/pl.md": FULL_ORIGINAL, "demo/plan.pdf": b"%PDF-1.4\n", "broken/pl.md": source("valid-pl.md").replace("stage: evaluated", "stage: finished")})


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "pl"])
def test_translate_prefills_every_translatable_field(tmp_path: Path, vocab, lang: str) -> None:
    project = translation_project(tmp_path)
    result = run(project, "--translate", "demo", "--lang", lang)
    assert result.returncode == 0, result.stderr
    path = project / "practices" / "demo" / f"{lang}.md"
    text = path.read_text(encoding="utf-8")
    mark = "# " + t("translate.mark", lang, source="pl")
    assert "# yaml-language-server: $schema=https://example.org/schema/translation.schema.json" in text
    assert t("translate.header", lang, original="pl.md", mark="X").split()[0] in text  # explained in the translator's language
    # every text to translate is marked, the keys naming attachments and links are not
    front = text.split("\n---\n", 1)[0]
    for field in ("title", "summary", "results", "tags", "funding", "  role", "  note", "partners", "  title"):
        for i, line in enumerate(front.split("\n")):
            if line.startswith(f"{field}:"):
                assert front.split("\n")[i - 1].strip().startswith(mark.strip()), (field, front)
    assert f"{mark}\n  title: Harmonogram spotkań sieci" in text and "- file: plan.pdf\n" in text
    assert f"{mark}\n  title: Strona sieci" in text and "- url: https://example.org/siec-dyrektorow\n" in text
    for shared in ("amount", "currency", "email", "type:", "kind:", "country"):
        assert shared not in front
    # the original's body, under the headings of the translation's language
    assert "Comiesięczne spotkania sieci." in text
    for value in vocab["section"].values:
        assert f"\n## {vocab['section'].label(value, lang)}\n" in text

    # as written, it is the original's text: never published untranslated, said at the first mark above a field,
    # at the title (the original's) and at the body's note
    lines = text.split("\n")
    loaded = load_practices(project / "practices", LANGS, vocab, display_base=project, only=[project / "practices" / "demo"])
    assert [(p.code, p.line) for p in loaded.problems] == [
        ("untranslated-field", lines.index(next(line for line in lines if line.strip() == mark.strip())) + 1),
        ("untranslated-title", lines.index(next(line for line in lines if line.startswith("title:"))) + 1),
        ("untranslated", lines.index(next(line for line in lines if line.startswith("<!--"))) + 1),
    ]
    assert "demo" not in loaded.practices
    assert "Created" in result.stdout or t("translate.created", lang, path="", original="", mark="").split()[0] in result.stdout
    # with the notes and marks deleted and only the title translated, it carries the original's text of the
    # other fields (the reader sees it marked with the original's language)
    without_note = "\n".join(line for line in lines if not line.startswith("<!--") and not line.strip().startswith(mark.strip()))
    path.write_text(without_note.replace(f"title: {ORIGINAL_TEXTS['title']}", "title: Translated title", 1), encoding="utf-8")
    loaded = load_practices(project / "practices", LANGS, vocab, display_base=project, only=[project / "practices" / "demo"])
    assert not loaded.problems, [p.format() for p in loaded.problems]
    version = loaded.practices["demo"].versions[lang]
    for name, value in ORIGINAL_TEXTS.items():
        assert getattr(version, name) == (value if name != "title" else "Translated title"), name

    # translated in place, the file carries the translation's own text of each field
    translated = text
    for old, new in (
        ("Sieć dyrektorów szkół w gminie", "Translated title"), ("sieć dyrektorów", "network"), ("Budżet gminy: część oświatowa", "Budget"),
        ("Poczęstunek i sale na spotkania", "Rooms"), ("Koordynatorka sieci", "Coordinator"), ("Poradnia psychologiczno-pedagogiczna", "Counselling centre"),
        ("Harmonogram spotkań sieci", "Schedule"), ("Strona sieci", "Website"),
    ):
        assert old in translated, old
        translated = translated.replace(old, new, 1)
    # (then the body's note and the marks above the fields deleted)
    path.write_text("\n".join(line for line in translated.split("\n") if not line.startswith("<!--") and not line.strip().startswith(mark.strip())), encoding="utf-8")
    loaded = load_practices(project / "practices", LANGS, vocab, display_base=project, only=[project / "practices" / "demo"])
    assert not loaded.errors, [p.format() for p in loaded.errors]
    version = loaded.practices["demo"].versions[lang]
    assert version.title == "Translated title"
    assert version.tags == ["network", "doskonalenie nauczycieli"]
    assert (version.funding, version.cost_note, version.contact_role) == ("Budget", "Rooms", "Coordinator")
    assert version.partner_names == ["Counselling centre", "Ośrodek doskonalenia nauczycieli"]
    assert version.attachment_titles == {"plan.pdf": "Schedule"} and version.link_titles == {"https://example.org/siec-dyrektorow": "Website"}
    assert loaded.practices["demo"].original.attachment_titles == {}  # the original's titles are the practice's own


def test_translate_writes_only_what_the_original_has(tmp_path: Path, vocab) -> None:
    project = make_project(tmp_path, {"demo/pl.md": source("valid-pl.md")})
    assert run(project, "--translate", "demo", "--lang", "nb").returncode == 0
    front = (project / "practices" / "demo" / "nb.md").read_text(encoding="utf-8").split("\n---\n", 1)[0]
    assert [line.split(":")[0] for line in front.split("\n") if line[:1].isalpha()] == ["title", "summary"]
    loaded = load_practices(project / "practices", LANGS, vocab, display_base=project)
    assert [p.code for p in loaded.problems] == ["untranslated-field", "untranslated-title", "untranslated"]


def test_translate_refuses_clearly(tmp_path: Path) -> None:
    project = translation_project(tmp_path)
    (project / "practices" / "demo" / "en.md").write_text(source("valid-en.md"), encoding="utf-8")
    cases = {
        ("--translate", "demo", "--lang", "en"): (1, "practices/demo/en.md already exists"),
        ("--translate", "demo", "--lang", "pl"): (1, "practices/demo/pl.md już istnieje"),
        ("--translate", "dmeo", "--lang", "cs"): (1, "ve složce practices není příklad 'dmeo' (nemysleli jste 'demo'?)"),
        ("--translate", "../demo", "--lang", "en"): (1, "no practice '../demo'"),
        ("--translate", "demo", "--lang", "de"): (1, "--lang: 'de' is not one of the allowed values: en, pl, cs, sl, nb"),
        ("--translate", "broken", "--lang", "sl"): (1, "stage: neznana faza"),
        ("--translate", "demo"): (2, "give --lang"),
        ("--translate", "demo", "--lang", "sl", "--country", "PL"): (2, "--translate sprejme samo --lang (in --config), ne pa --country"),
    }
    for args, (status, message) in cases.items():
        result = run(project, *args)
        assert result.returncode == status, (args, result.stderr)
        assert message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr
    assert sorted(p.name for p in (project / "practices" / "demo").iterdir()) == ["en.md", "pl.md", "plan.pdf"]
    assert sorted(p.name for p in (project / "practices" / "broken").iterdir()) == ["pl.md"]
    assert (project / "practices" / "demo" / "en.md").read_text(encoding="utf-8") == source("valid-en.md")
