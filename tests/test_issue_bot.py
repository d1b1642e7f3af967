"""The issue bot (scripts/issue_to_practice.py): a submitted form becomes a file, or one reply in the form's language lists every problem.

Golden cases: tests/golden/issue-form/cases/<case>.yml names an issue body of
tests/golden/issue-form/ (with optional `replace`ments), the practices already in the
collection (`practices`: copied from this repository; `sources`: files of
tests/golden/sources/), extra arguments, and what is expected: the exit status, the file
written and its content, the reply on the issue. GOLDEN_UPDATE=1 rewrites the expected
parts from what the script does now, for review in the diff.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import GOLDEN, LANGS, ROOT, make_project, source
from goodpractices import Vocabularies, load_practices
from goodpractices.errors import msg
from goodpractices.issueform import Form, all_forms, read_issue
from goodpractices.proposal import Proposal, Reported, convert, reply, target_path
from goodpractices.slugs import SLUG_MAX, SUGGESTED_SLUG_MAX, free_slug, slug_meant, slug_taken
from goodpractices_mkdocs.config_file import read_site_settings
from issuebodies import github_body

SCRIPT = ROOT / "scripts" / "issue_to_practice.py"
FORMS = GOLDEN / "issue-form"
CASES = sorted((FORMS / "cases").glob("*.yml"))
DATE = "2026-01-31"


def convert_body(project: Path, body: str | Path, *args: str) -> subprocess.CompletedProcess[str]:
    if isinstance(body, str):
        path = project / "issue-body.md"
        path.write_text(body, encoding="utf-8")
        body = path
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(body), "--config", str(project / "mkdocs.yml"), "--date", DATE, *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
    )


def case_project(tmp_path: Path, case: dict[str, Any]) -> Path:
    files: dict[str, str | bytes] = {rel: source(name) for rel, name in (case.get("sources") or {}).items()}
    project = make_project(tmp_path, files)
    for slug in case.get("practices") or []:
        shutil.copytree(ROOT / "practices" / slug, project / "practices" / slug)
    return project


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(str, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", s, style="|" if "\n" in s else None))


@pytest.mark.parametrize("case_file", CASES, ids=lambda p: p.stem)
def test_golden_case(case_file: Path, tmp_path: Path) -> None:
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    body = (FORMS / case["body"]).read_text(encoding="utf-8")
    for old, new in (case.get("replace") or {}).items():
        assert old in body, f"{case_file.name}: {old!r} is not in {case['body']}"
        body = body.replace(old, new)
    project = case_project(tmp_path / "project", case)
    before = {p for p in (project / "practices").rglob("*")}
    result = convert_body(project, body, "--comment", str(tmp_path / "reply.md"), *case.get("args", []))
    assert "Traceback" not in result.stderr, result.stderr
    written = result.stdout.strip() or None
    actual = {
        "exit": result.returncode,
        "written": written,
        "file": (project / written).read_text(encoding="utf-8") if written else None,
        "reply": (tmp_path / "reply.md").read_text(encoding="utf-8"),
    }
    if os.environ.get("GOLDEN_UPDATE"):
        updated = {k: v for k, v in case.items() if k not in actual} | {k: v for k, v in actual.items() if v is not None}
        case_file.write_text(yaml.dump(updated, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8")
        return
    assert actual["exit"] == case["exit"], result.stderr
    assert actual["written"] == case.get("written")
    assert actual["file"] == case.get("file")
    assert actual["reply"] == case["reply"]
    after = {p for p in (project / "practices").rglob("*")}
    if written:
        assert after - before == {project / written} | ({(project / written).parent} if (project / written).parent not in before else set())
        # The file is valid: the collection's own validator finds no error in it.
        settings = read_site_settings(project / "mkdocs.yml")
        loaded = load_practices(settings.practices_dir, settings.languages, Vocabularies(), display_base=project)
        assert not [p for p in loaded.errors if Path(written).parent.name in p.path.parts], [p.format() for p in loaded.errors]
    else:
        assert after == before, "nothing may be written while there is a problem"


def test_the_golden_cases_cover_what_the_bot_does() -> None:
    names = {p.stem for p in CASES}
    assert {"cs-complete", "cs-problems", "pl-translation", "chosen-slug", "invalid-slug"} <= names


def test_several_problems_are_all_in_one_czech_reply() -> None:
    """Empty required answers no longer hide invalid ones: both kinds are in the one reply."""
    case = yaml.safe_load((FORMS / "cases" / "cs-problems.yml").read_text(encoding="utf-8"))
    items = [line for line in case["reply"].splitlines() if line.startswith("- ")]
    assert [line.split(":")[0] for line in items] == ["- Název", "- Země", "- Webová adresa příkladu", "- Stupně vzdělávání", "- Začátek", "- Kontaktní e-mail", "- Licence"]
    assert case["reply"].startswith("Děkujeme! Soubor zatím nelze připravit: ve formuláři je 7 problémů.")
    assert "nemysleli jste 'Česko'?" in case["reply"] and "RRRR-MM" in case["reply"] and "YYYY" not in case["reply"]


# -- the Norwegian form with hostile text ----------------------------------------------------------------

HOSTILE_TITLE = "Lærende nettverk i Bø og Ørsta: ${{ secrets.GITHUB_TOKEN }} $(rm -rf /)"


def front_matter_and_body(path: Path) -> tuple[dict[str, Any], str]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    head, body = text[4:].split("\n---\n", 1)
    return yaml.safe_load(head), body


def headings(body: str) -> list[str]:
    return [line[3:] for line in body.splitlines() if line.startswith("## ")]


def test_norwegian_form_with_hostile_text_stays_inert(tmp_path: Path, vocab: Vocabularies) -> None:
    """Nothing the form holds is run or read as structure. Its <script> would be removed from the page, so the
    form is refused with the check's message, in Norwegian, under the question it is in; written without it,
    every other hostile text arrives in the file exactly as typed."""
    project = make_project(tmp_path, {})
    form = (FORMS / "nb-hostile.md").read_text(encoding="utf-8")
    script = "<script>alert('x')</script> "
    assert script in form
    result = convert_body(project, FORMS / "nb-hostile.md", "--comment", str(tmp_path / "reply.md"), "--for-editors", str(tmp_path / "editors.md"))
    assert result.returncode == 1, result.stderr
    assert result.stdout == "" and "Traceback" not in result.stderr
    assert list((project / "practices").iterdir()) == []
    refusal = (tmp_path / "reply.md").read_text(encoding="utf-8")
    assert refusal.startswith("Takk! Filen kan ikke lages ennå: skjemaet har 1 problem.")
    listed = re.search(r"^(`{3,})text\n(.*?)\n\1$", refusal, re.MULTILINE | re.DOTALL)  # in a code block: nothing is rendered
    assert listed is not None and len(listed.group(2).splitlines()) == 1
    assert listed.group(2).startswith("- Løsning: HTML-elementet <script> er ikke tillatt: det blir fjernet fra siden")
    assert "alert" not in refusal and "rm -rf" not in refusal and "pwned" not in refusal  # the author's text is not repeated
    assert "HTML markup" in (tmp_path / "editors.md").read_text(encoding="utf-8")  # the <script> is pointed out to the editors

    # The author takes the <script> out: the file is written, and the rest stays inert.
    result = convert_body(project, form.replace(script, ""), "--comment", str(tmp_path / "reply.md"))
    assert result.returncode == 0, result.stderr
    slug = "bo-laerende-nettverk-orsta-secrets"
    assert result.stdout == f"practices/{slug}/nb.md\n"
    assert sorted(p.name for p in (project / "practices").iterdir()) == [slug]
    front, body = front_matter_and_body(project / "practices" / slug / "nb.md")
    # Values arrive exactly as typed (a multi-line summary collapsed to one line), as strings.
    assert front["title"] == HOSTILE_TITLE
    assert front["summary"] == 'key: value --- "; echo pwned; `id` ${{ github.event.issue.title }} - item # not a comment'
    assert front["organisation"] == {"name": "Bø kommune'; DROP TABLE practices; --", "type": "municipality"}
    assert front["country"] == "NO" and front["period"] == {"start": "2021", "end": "ongoing"}
    head = (project / "practices" / slug / "nb.md").read_text(encoding="utf-8").split("\n---\n", 1)[0]
    assert not any(line.strip() == "---" for line in head.splitlines()[1:])
    assert headings(body) == [vocab["section"].label(key, "nb") for key in ("context", "problem", "solution")]
    for text in ("$(rm -rf /) and `rm -rf ~` and ${{ secrets.X }}", '"; echo pwned', "\n---\ntitle: hijacked\ncategory: spending-rationalisation\n---\n", "### Not a form question"):
        assert text in body, text
    assert "title: hijacked" not in head
    assert (tmp_path / "reply.md").read_text(encoding="utf-8").startswith("Takk! Filen for eksempelet er klar")


def test_reply_fence_cannot_be_broken(vocab: Vocabularies) -> None:
    form = all_forms(vocab, LANGS)[0]
    proposal = Proposal(form, problems=[Reported("title", "'```\n@everyone [x](javascript:alert(1))' is not one of the options")])
    text = reply(proposal, None)
    fences = re.findall(r"^(`{3,})", text, re.MULTILINE)
    assert len(fences) == 2 and len(fences[0]) > 3, text


def test_a_body_that_is_no_form_gets_a_reply_in_every_language(tmp_path: Path) -> None:
    project = make_project(tmp_path, {})
    result = convert_body(project, "Hello, I would like to propose a practice!\n", "--comment", str(tmp_path / "reply.md"))
    assert result.returncode == 1
    assert "none of the forms' questions was found" in result.stderr
    text = (tmp_path / "reply.md").read_text(encoding="utf-8")
    for words in ("Please open a new issue", "Utwórz nowe zgłoszenie", "Založte prosím nové issue", "Odprite novo zadevo", "Opprett en ny sak"):
        assert words in text


def test_the_workflow_asks_for_messages_in_the_forms_language(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, str(SCRIPT), "--say", "editors-changed", "--lang", "cs"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.startswith("Redaktoři už návrh změn (pull request)")
    project = make_project(tmp_path, {})
    convert_body(project, FORMS / "cs-complete.md", "--form-language", str(tmp_path / "lang.txt"))
    assert (tmp_path / "lang.txt").read_text(encoding="utf-8") == "cs\n"


@pytest.mark.parametrize("slug", ["../evil", "a/b", "Capital", "-x", ".", ""])
def test_weird_slugs_from_the_command_line_are_refused(tmp_path: Path, slug: str) -> None:
    project = make_project(tmp_path, {})
    result = convert_body(project, FORMS / "pl-complete.md", "--slug", slug)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "--slug" in result.stderr
    assert not any((project / "practices").iterdir())
    with pytest.raises(ValueError):
        target_path(project / "practices", slug, "pl")


def test_an_editors_slug_wins_over_the_forms(tmp_path: Path) -> None:
    project = make_project(tmp_path, {})
    body = (FORMS / "pl-complete.md").read_text(encoding="utf-8").replace("### Adres strony praktyki\n\n_No response_", "### Adres strony praktyki\n\nNie Tak")
    result = convert_body(project, body, "--slug", "zolkiewka-principals")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "practices/zolkiewka-principals/pl.md\n"


# -- the parts ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "slug"),
    [
        ("Sieć dyrektorów szkół w Świętochłowicach", "siec-dyrektorow-szkol-w-swietochlowicach"),
        ("Učeče se mreže: Žalec & Šoštanj", "ucece-se-mreze-zalec-sostanj"),
        ("Lærende nettverk i Bø, Ørsta og Ålesund", "laerende-nettverk-i-bo-orsta-og-alesund"),
        ("Formativní hodnocení v Ústí nad Labem", "formativni-hodnoceni-v-usti-nad-labem"),
        ("Garðabær", "gardabaer"),
        ("../../etc/passwd", "etc-passwd"),
        ("--- !!python/object ---", "python-object"),
        ("«»—…", None),
        ("A" * 30 + " " + "b" * 40, "a" * 30),
        ("Wspólne planowanie doskonalenia zawodowego nauczycieli w szkołach podstawowych gminy", "wspolne-planowanie-doskonalenia-zawodowego-nauczycieli-w"),
        ("Konstantynopolitańczykowianeczka" * 2, ("konstantynopolitanczykowianeczka" * 2)[:60]),
    ],
)
def test_what_a_typed_address_means_is_cut_at_a_word_boundary(typed: str, slug: str | None) -> None:
    """The example offered for an address that cannot be used: the words typed, whole words up to 60 characters."""
    assert slug_meant(typed) == slug
    assert slug is None or (re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug) and len(slug) <= SLUG_MAX)


@pytest.mark.parametrize(
    ("title", "municipality", "slug"),
    [
        ("Síť ředitelů škol", "Dolní Lhota", "dolni-lhota-sit-reditelu-skol"),
        ("Sieć dyrektorów szkół w Gminie Łódź-Żółkiewka", "Żółkiewka", "zolkiewka-siec-dyrektorow-szkol-gminie"),
        ("Mreža ravnateljev", None, "mreza-ravnateljev"),
        ("Wspólne planowanie doskonalenia zawodowego nauczycieli w szkołach", "Świętochłowice", "swietochlowice-wspolne-planowanie"),
    ],
)
def test_an_address_from_the_municipality_and_the_title(tmp_path: Path, vocab: Vocabularies, title: str, municipality: str | None, slug: str) -> None:
    """The scaffolder's suggestion: the place once, the title's words without connecting words, at most 40 characters."""
    forms = all_forms(vocab, LANGS)
    body = github_body(practice_form(forms, "pl"), {"title": title, "municipality": municipality})
    proposal = convert(read_issue(body, forms), vocab, tmp_path, LANGS, dt.date(2026, 1, 31))
    assert proposal.slug == slug and proposal.slug_made
    assert len(slug) <= SUGGESTED_SLUG_MAX


@pytest.mark.parametrize(
    ("text", "lang", "code", "guess"),
    [
        ("Česko", "cs", "CZ", None),
        ("česká republika", "cs", "CZ", None),
        ("Czech Republic", "cs", "CZ", None),
        ("CESKO", "cs", "CZ", None),
        ("cesko", "cs", "CZ", None),
        ("Čeko", "cs", None, "Česko"),
        ("Polska", "pl", "PL", None),
        ("Rzeczpospolita Polska", "pl", "PL", None),
        ("Czechy", "pl", "CZ", None),
        ("Czeska", "pl", "CZ", None),
        ("Poland", "pl", "PL", None),
        ("pl", "pl", "PL", None),
        ("POL", "en", "PL", None),
        ("Slovenija", "sl", "SI", None),
        ("Češka", "sl", "CZ", None),
        ("Norge", "nb", "NO", None),
        ("norge", "nb", "NO", None),
        ("Tsjekkia", "nb", "CZ", None),
        ("Czechia", "nb", "CZ", None),
        ("Polen", "nb", "PL", None),
        ("Polsko", "pl", "PL", None),  # Czech, on the Polish form
        ("Norwegia", "sl", "NO", None),  # Polish, on the Slovenian form
        ("Slovinsko", "en", "SI", None),  # Czech, on the English form
        ("Norwey", "pl", None, "Norwegia"),
        ("Xyzzyland", "en", None, None),
    ],
)
def test_country_names_in_every_language(tmp_path: Path, vocab: Vocabularies, text: str, lang: str, code: str | None, guess: str | None) -> None:
    """A country by its code or its name in English or any of the site's languages; else the nearest, named in the form's language."""
    forms = all_forms(vocab, LANGS)
    proposal = convert(read_issue(github_body(practice_form(forms, lang), {"country": text}), forms), vocab, tmp_path, LANGS, dt.date(2026, 1, 31))
    assert proposal.front_matter.get("country") == code
    about_country = [r.text for r in proposal.problems if r.question == "country"]
    if code is not None:
        assert not about_country
    elif guess is not None:
        assert len(about_country) == 1 and msg("frame.did_you_mean", guess=guess).render(lang) in about_country[0], about_country
    else:
        assert len(about_country) == 1 and "'?" not in about_country[0], about_country


def practice_form(forms: list[Form], lang: str) -> Form:
    return next(form for form in forms if form.kind == "practice" and form.lang == lang)


def test_a_translation_is_found_by_address_folder_or_title(tmp_path: Path, vocab: Vocabularies) -> None:
    project = make_project(tmp_path, {})
    for slug in ("cz-collegial-support-network", "ruse-formative-assessment", "ski-school-leader-networks"):
        shutil.copytree(ROOT / "practices" / slug, project / "practices" / slug)
    forms = all_forms(vocab, LANGS)
    form = next(f for f in forms if f.kind == "translation" and f.lang == "sl")
    for given in (
        "https://goodpractices.example.org/pl/practices/cz-collegial-support-network/",
        "https://goodpractices.example.org/practices/cz-collegial-support-network/index.html#results",
        "cz-collegial-support-network",
        "Towards Professionalism through Cooperation – collegial support and internal mentoring in 45 schools",
        "spoluprací k profesionalitě – kolegiální podpora a interní mentoring ve 45 školách",
    ):
        submission = read_issue(github_body(form, {"practice": given, "language": ["sl"]}), forms)
        proposal = convert(submission, vocab, project / "practices", LANGS, dt.date(2026, 1, 31))
        assert proposal.slug == "cz-collegial-support-network", (given, [p.text for p in proposal.problems])
        assert not [p for p in proposal.problems if p.question in ("practice", "language")]
    submission = read_issue(github_body(form, {"practice": "cz-colegial-support-network", "language": ["sl"]}), forms)
    proposal = convert(submission, vocab, project / "practices", LANGS, dt.date(2026, 1, 31))
    expected = (
        "noben primer v zbirki nima spletnega naslova, imena mape ali naslova 'cz-colegial-support-network'; ste morda mislili 'cz-collegial-support-network'? "
        "(pričakovano: naslov strani primera, kot je https://…/practices/zalec-mreza-ravnateljev/, ali njegov zadnji del)"
    )
    assert [p.text for p in proposal.problems if p.question == "practice"] == [expected]


def test_hand_edited_answers_still_map_to_values(vocab: Vocabularies, tmp_path: Path) -> None:
    """Options in another language, bare values and CRLF line ends are understood."""
    forms = all_forms(vocab, LANGS)
    text = (FORMS / "pl-complete.md").read_text(encoding="utf-8").replace("\n", "\r\n")
    text = re.sub(r"(### Kategoria\r\n\r\n)[^\r]+", r"\1Community integration around education", text)
    text = re.sub(r"(### Tematy\r\n\r\n)[^\r]+", r"\1budgeting, Dobrostan uczniów, Razvoj, ki izhaja iz šole", text)
    text = re.sub(r"(### Etap\r\n\r\n)[^\r]+", r"\1pilot", text)
    proposal = convert(read_issue(text, forms), vocab, tmp_path, LANGS, dt.date(2026, 1, 31))
    assert proposal.problems == []
    assert proposal.front_matter["category"] == "community-integration"
    assert proposal.front_matter["topics"] == ["budgeting", "wellbeing", "school-based-development"]
    assert proposal.front_matter["stage"] == "pilot"
    assert proposal.lang == "pl"


def test_unknown_options_are_named_with_the_allowed_ones(vocab: Vocabularies, tmp_path: Path) -> None:
    forms = all_forms(vocab, LANGS)
    text = (FORMS / "pl-complete.md").read_text(encoding="utf-8")
    text = re.sub(r"(### Tematy\n\n)[^\n]+", r"\1Ocenianie kształtujące, Plecionkarstwo podwodne", text)
    text = re.sub(r"(### Etap\n\n)[^\n]+", r"\1Skończone", text)
    proposal = convert(read_issue(text, forms), vocab, tmp_path, LANGS, dt.date(2026, 1, 31))
    problems = {p.question: p.text for p in proposal.problems}
    assert problems["topics"].startswith("'Plecionkarstwo podwodne' nie jest jedną z możliwych odpowiedzi (oczekiwano: jedna z odpowiedzi: Ocenianie kształtujące; ")
    assert problems["stage"].startswith("'Skończone' nie jest jedną z możliwych odpowiedzi (oczekiwano: jedna z odpowiedzi: Pilotaż; Wdrażanie; ")


def test_a_translation_carries_the_practices_free_texts_in_its_order(tmp_path: Path, vocab: Vocabularies) -> None:
    """Partners, attachments and links by line, in the order of the practice's page; funding and the cost's note too."""
    project = make_project(tmp_path, {})
    for slug in ("shared-services-centre-schools", "joint-school-procurement"):  # the second: the first's related practice
        shutil.copytree(ROOT / "practices" / slug, project / "practices" / slug)
    form = next(f for f in all_forms(vocab, LANGS) if f.kind == "translation" and f.lang == "cs")
    sections = {f"section_{key}": f"Přeložený oddíl {key}." for key in vocab["section"].values}
    answers = {
        "practice": "shared-services-centre-schools",
        "language": ["cs"],
        "title": "Centrum sdílených služeb pro školy",
        "summary": "Obec založila centrum sdílených služeb pro své školy a školky.",
        "funding": "Rozpočet obce",
        "cost_note": "Jednorázové náklady na zřízení centra",
        "contact_role": "Vedoucí centra",
        "partners": "- Základní a mateřské školy obce\n- Rady rodičů škol obce",
        "attachments": "Harmonogram reorganizace (CSV)",
        "links": "Zpráva z hodnocení centra",
        "licence": True,
        **sections,
    }
    result = convert_body(project, github_body(form, answers), "--comment", str(tmp_path / "reply.md"))
    assert result.returncode == 0, result.stderr + (tmp_path / "reply.md").read_text(encoding="utf-8")
    assert result.stdout == "practices/shared-services-centre-schools/cs.md\n"
    front, body = front_matter_and_body(project / "practices" / "shared-services-centre-schools" / "cs.md")
    assert front["funding"] == "Rozpočet obce" and front["cost"] == {"note": "Jednorázové náklady na zřízení centra"}
    assert front["contact"] == {"role": "Vedoucí centra"}
    assert front["partners"] == [{"name": "Základní a mateřské školy obce"}, {"name": "Rady rodičů škol obce"}]
    assert front["attachments"] == [{"file": "harmonogram.csv", "title": "Harmonogram reorganizace (CSV)"}]
    assert front["links"] == [{"url": "https://example.com/gmina-przykladowo/cuw/raport-2021", "title": "Zpráva z hodnocení centra"}]
    assert headings(body) == [vocab["section"].label(key, "cs") for key in vocab["section"].values]
    settings = read_site_settings(project / "mkdocs.yml")
    loaded = load_practices(settings.practices_dir, settings.languages, vocab, display_base=project)
    assert not loaded.problems, [p.format() for p in loaded.problems]
    assert loaded.practices["shared-services-centre-schools"].versions["cs"].partner_names == ["Základní a mateřské školy obce", "Rady rodičů škol obce"]


@pytest.mark.parametrize(
    ("chosen", "problem"),
    [
        ("page", "'page' to adres zarezerwowany dla własnych stron serwisu (oczekiwano: małe litery a–z bez polskich znaków, cyfry i łączniki, najwyżej 60 znaków, np. zolkiewka-siec-dyrektorow-szkol-gminie)"),
        ("a" * 61, None),
        ("zolkiewka--dyrektorzy", None),
        ("https://example.org/practices/zolkiewka/", None),
    ],
)
def test_a_chosen_address_that_cannot_be_used(tmp_path: Path, vocab: Vocabularies, chosen: str, problem: str | None) -> None:
    forms = all_forms(vocab, LANGS)
    body = (FORMS / "pl-complete.md").read_text(encoding="utf-8").replace("### Adres strony praktyki\n\n_No response_", f"### Adres strony praktyki\n\n{chosen}")
    proposal = convert(read_issue(body, forms), vocab, tmp_path, LANGS, dt.date(2026, 1, 31))
    texts = [p.text for p in proposal.problems]
    assert len(texts) == 1 and proposal.problems[0].question == "slug", texts
    if problem is not None:
        assert texts == [problem]
    else:
        assert "nie może być adresem strony" in texts[0] and "(oczekiwano: małe litery a–z" in texts[0]


def test_a_made_address_is_never_one_of_the_catalogues(tmp_path: Path) -> None:
    def taken(slug: str) -> bool:
        return slug_taken(tmp_path, slug)

    assert free_slug("page", taken) == "page-2"
    (tmp_path / "page-2").mkdir()
    assert free_slug("page", taken) == "page-3"
    (tmp_path / "page-3").symlink_to(tmp_path / "nowhere")
    assert free_slug("page", taken) == "page-4"


# -- what a form's author can do: no files, an empty end -------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_a_file_in_the_text_is_to_be_attached_to_the_pull_request(tmp_path: Path, vocab: Vocabularies, lang: str) -> None:
    """A form sends no files: an image on the author's computer or a file the folder lacks is told as "write the text without
    it and attach the file in a comment on the pull request", under the question it is in, never "copy it into the folder"."""
    forms = all_forms(vocab, LANGS)
    form = practice_form(forms, lang)
    solution = "Text.\n\n![Map](C:\\Users\\me\\map.png)\n\n[Plan](plan.pdf)\n\n![Photo](file:///home/me/photo.png)\n\n![Logo](/Users/me/logo.png)"
    proposal = convert(read_issue(github_body(form, {"section_solution": solution, "period_end": "soon"}), forms), vocab, tmp_path, LANGS, dt.date(2026, 1, 31))
    about = [r.text for r in proposal.problems if r.question == "section_solution"]
    assert len(about) == 4, about
    for text in about:
        assert text.startswith(form.text("problem.file")) and form.text("problem.file_expected") in text, text
        assert msg("missing-file.message").render(lang) not in text and msg("local-file.message").render(lang) not in text
    end = [r.text for r in proposal.problems if r.question == "period_end"]
    assert len(end) == 1 and form.text("problem.end_expected") in end[0] and "ongoing" not in end[0], end


@pytest.mark.parametrize(("lang", "word"), [("cs", "probíhá"), ("cs", "Stále probíhá"), ("pl", "trwa"), ("pl", "w trakcie"), ("nb", "pågår"), ("sl", "poteka"), ("en", "ongoing"), ("en", "Ongoing")])
def test_a_word_for_ongoing_is_an_empty_end(tmp_path: Path, vocab: Vocabularies, lang: str, word: str) -> None:
    forms = all_forms(vocab, LANGS)
    proposal = convert(read_issue(github_body(practice_form(forms, lang), {"period_start": "2021-09", "period_end": word}), forms), vocab, tmp_path, LANGS, dt.date(2026, 1, 31))
    assert proposal.front_matter["period"] == {"start": "2021-09", "end": "ongoing"}
    assert not [r for r in proposal.problems if r.question == "period_end"]


def test_sections_left_empty_are_no_warning_on_the_form(tmp_path: Path) -> None:
    """The form lets the author leave the optional sections empty: the reply does not warn about them."""
    case = yaml.safe_load((FORMS / "cases" / "cs-cost-partners-links.yml").read_text(encoding="utf-8"))
    assert case["exit"] == 0 and "## Kdo co kdy udělal" not in case["file"] and "Není to povinné" not in case["reply"]
