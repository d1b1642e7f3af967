"""The GitHub side of the contribution path: workflows, the issue form and its conversion, annotations.

Everything here runs offline: check-jsonschema uses the schemas it ships (any attempt to reach the
network goes to a dead proxy and fails), and zizmor runs with --offline.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import GOLDEN, ROOT, make_project, source

sys.path.insert(0, str(ROOT / "plugins"))
from goodpractices import Vocabularies, load_practices
from goodpractices_mkdocs.config_file import read_site_settings

GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
SCRIPT = ROOT / "scripts" / "issue_to_practice.py"
VALIDATE = ROOT / "scripts" / "validate.py"
FORMS = GOLDEN / "issue-form"
DATE = "2026-01-31"

# Any network access from the tools under test fails at once instead of hanging or succeeding.
OFFLINE_ENV = dict(
    os.environ,
    HTTP_PROXY="http://127.0.0.1:9",
    HTTPS_PROXY="http://127.0.0.1:9",
    http_proxy="http://127.0.0.1:9",
    https_proxy="http://127.0.0.1:9",
    NO_PROXY="",
    no_proxy="",
)


def _module():
    spec = importlib.util.spec_from_file_location("issue_to_practice", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["issue_to_practice"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


itp = _module()


def tool(name: str) -> str:
    """A console script installed next to this Python (the venv), else on PATH."""
    candidate = Path(sys.executable).parent / name
    if candidate.exists():
        return str(candidate)
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: pip install -r requirements-dev.txt")
    return found


def run_tool(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), cwd=cwd, env=OFFLINE_ENV, capture_output=True, text=True, timeout=300)


# -- (a) schemas ------------------------------------------------------------------------------


def test_there_are_the_three_workflows() -> None:
    assert {p.name for p in WORKFLOWS} >= {"pr.yml", "deploy.yml", "issue-to-pr.yml"}


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_matches_githubs_schema(workflow: Path) -> None:
    result = run_tool(tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(workflow))
    assert result.returncode == 0, result.stdout + result.stderr


def test_dependabot_config_matches_its_schema() -> None:
    result = run_tool(tool("check-jsonschema"), "--builtin-schema", "vendor.dependabot", str(GITHUB / "dependabot.yml"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_schema_check_catches_a_broken_workflow(tmp_path: Path) -> None:
    """The check is not vacuous: a workflow without `runs-on` fails it."""
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  x:\n    steps:\n      - run: echo hi\n", encoding="utf-8")
    result = run_tool(tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(bad))
    assert result.returncode == 1, result.stdout + result.stderr


# -- (b) zizmor -------------------------------------------------------------------------------


def zizmor(*inputs: Path) -> list[dict]:
    result = run_tool(tool("zizmor"), "--offline", "--format", "json", *map(str, inputs))
    try:
        return json.loads(result.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"zizmor did not print JSON (exit {result.returncode}):\n{result.stdout}\n{result.stderr}")


def describe(findings: list[dict]) -> str:
    lines = []
    for f in findings:
        where = f["locations"][0]["symbolic"]["key"].get("Local", {}).get("verbatim_path", "?")
        row = f["locations"][0]["concrete"]["location"]["start_point"]["row"] + 1
        lines.append(f"{f['determinations']['severity']}: {f['ident']} at {where}:{row}: {f['desc']}")
    return "\n".join(lines)


def test_zizmor_reports_no_high_severity_finding() -> None:
    findings = zizmor(GITHUB / "workflows", GITHUB / "dependabot.yml")
    high = [f for f in findings if f["determinations"]["severity"] == "High"]
    assert not high, describe(high)


def test_zizmor_sees_template_injection(tmp_path: Path) -> None:
    """The audit is not vacuous: the hole the issue workflow must avoid is reported as high."""
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    (folder / "bad.yml").write_text(
        "on:\n  issues:\n    types: [opened]\npermissions: {}\njobs:\n  x:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - run: echo \"${{ github.event.issue.body }}\"\n",
        encoding="utf-8",
    )
    findings = zizmor(folder)
    assert any(f["ident"] == "template-injection" and f["determinations"]["severity"] == "High" for f in findings), describe(findings)


def _run_blocks(workflow: Path) -> list[tuple[str, str]]:
    data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    blocks = []
    for job_name, job in data["jobs"].items():
        for i, step in enumerate(job.get("steps", [])):
            if "run" in step:
                blocks.append((f"{job_name}.steps[{i}] {step.get('name', '')}", step["run"]))
    return blocks


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_no_expression_inside_shell_scripts(workflow: Path) -> None:
    """Every value reaches `run:` through env, never through `${{ }}` (stricter than zizmor)."""
    for where, script in _run_blocks(workflow):
        assert "${{" not in script, f"{workflow.name} {where}: use env: instead of ${{{{ }}}} in run:"


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_shell_scripts_parse(workflow: Path) -> None:
    for where, script in _run_blocks(workflow):
        result = subprocess.run(["bash", "-n", "-c", script], capture_output=True, text=True)
        assert result.returncode == 0, f"{workflow.name} {where}: {result.stderr}"


def test_workflows_are_least_privilege_and_pinned() -> None:
    for workflow in WORKFLOWS:
        data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
        assert "permissions" in data, f"{workflow.name}: no top-level permissions"
        assert data["permissions"] in ({}, {"contents": "read"}), f"{workflow.name}: top-level permissions {data['permissions']}"
        for job_name, job in data["jobs"].items():
            for step in job.get("steps", []):
                uses = step.get("uses")
                if uses:
                    assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", uses), f"{workflow.name} {job_name}: {uses} is not pinned to a commit"
                    if uses.startswith("actions/checkout@"):
                        assert step.get("with", {}).get("persist-credentials") is False, f"{workflow.name} {job_name}: checkout keeps credentials"
    deploy = yaml.safe_load((GITHUB / "workflows" / "deploy.yml").read_text(encoding="utf-8"))
    assert deploy["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["jobs"]["build"]["permissions"] == {"contents": "read"}


# -- (c) converting a submitted form ------------------------------------------------------------


def convert(project: Path, form: str | Path, *args: str) -> subprocess.CompletedProcess[str]:
    body = form if isinstance(form, Path) else None
    if body is None:
        body = project / "issue-body.md"
        body.write_text(str(form), encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(body), "--config", str(project / "mkdocs.yml"), "--date", DATE, *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
    )


def front_matter_and_body(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    head, body = text[4:].split("\n---\n", 1)
    return yaml.safe_load(head), body


def validated(project: Path):
    settings = read_site_settings(project / "mkdocs.yml")
    return load_practices(settings.practices_dir, settings.languages, Vocabularies(), display_base=project)


def headings(body: str) -> list[str]:
    return [line[3:] for line in body.splitlines() if line.startswith("## ")]


def test_polish_form_becomes_a_valid_practice(tmp_path: Path, vocab: Vocabularies) -> None:
    project = make_project(tmp_path, {})
    result = convert(project, FORMS / "pl-complete.md", "--comment", str(tmp_path / "reply.md"))
    assert result.returncode == 0, result.stderr
    written = "practices/siec-dyrektorow-szkol-w-gminie-lodz-zolkiewka/pl.md"
    assert result.stdout == written + "\n"

    loaded = validated(project)
    assert not loaded.problems, [p.format() for p in loaded.problems]
    assert list(loaded.practices) == ["siec-dyrektorow-szkol-w-gminie-lodz-zolkiewka"]
    assert loaded.practices["siec-dyrektorow-szkol-w-gminie-lodz-zolkiewka"].original_language == "pl"

    front, body = front_matter_and_body(project / written)
    assert front == {
        "title": "Sieć dyrektorów szkół w Gminie Łódź-Żółkiewka",
        "summary": "Dyrektorzy szkół spotykają się co miesiąc, aby wspólnie planować doskonalenie nauczycieli.",
        "category": "development-plan",
        "country": "PL",
        "region": "województwo łódzkie",
        "municipality": "Żółkiewka",
        "topics": ["leadership-networks", "formative-assessment", "school-based-development"],
        "tags": ["sieć dyrektorów", "egzamin ósmoklasisty"],
        "organisation": {"name": "Urząd Gminy Żółkiewka", "type": "municipality", "website": "https://example.org/gmina"},
        "level_of_government": "local",
        "education_levels": ["primary", "lower-secondary"],
        "period": {"start": "2019-09", "end": "2022-06"},
        "stage": "evaluated",
        "contact": {"name": "Anna Przykładowa (dane przykładowe)", "role": "Kierowniczka wydziału oświaty", "email": "anna@example.org"},
        "published": __import__("datetime").date(2026, 1, 31),
        "licence": "CC-BY-4.0",
    }
    assert headings(body) == [vocab["section"].label(key, "pl") for key in vocab["section"].terms]
    assert "## Kto, co i kiedy zrobił\n\nWydział oświaty i dyrektorzy, od 2019 roku.\n" in body
    assert "1. wspólna diagnoza,\n2. plan doskonalenia." in body
    assert "practices/siec-dyrektorow-szkol-w-gminie-lodz-zolkiewka/pl.md" in (tmp_path / "reply.md").read_text(encoding="utf-8")


HOSTILE_TITLE = "Lærende nettverk i Bø og Ørsta: ${{ secrets.GITHUB_TOKEN }} $(rm -rf /)"


def test_norwegian_form_with_hostile_text_stays_inert(tmp_path: Path, vocab: Vocabularies) -> None:
    project = make_project(tmp_path, {})
    result = convert(project, FORMS / "nb-hostile.md", "--comment", str(tmp_path / "reply.md"))
    assert result.returncode == 0, result.stderr
    slug = "laerende-nettverk-i-bo-og-orsta-secrets-github-token-rm-rf"
    assert result.stdout == f"practices/{slug}/nb.md\n"
    assert sorted(p.name for p in (project / "practices").iterdir()) == [slug]
    assert [p.name for p in (project / "practices" / slug).iterdir()] == ["nb.md"]

    loaded = validated(project)
    assert not loaded.errors, [p.format() for p in loaded.errors]
    practice = loaded.practices[slug]
    assert practice.original_language == "nb"
    assert practice.versions["nb"].title == HOSTILE_TITLE

    front, body = front_matter_and_body(project / "practices" / slug / "nb.md")
    # Values arrive exactly as typed (a multi-line summary collapsed to one line), as strings.
    assert front["title"] == HOSTILE_TITLE
    assert front["summary"] == 'key: value --- "; echo pwned; `id` ${{ github.event.issue.title }} - item # not a comment'
    assert front["organisation"] == {"name": "Bø kommune'; DROP TABLE practices; --", "type": "municipality"}
    assert front["country"] == "NO"
    assert front["period"] == {"start": "2021", "end": "ongoing"}
    assert front["category"] == "community-integration"
    assert set(front) == {"title", "summary", "category", "country", "region", "municipality", "topics", "organisation", "level_of_government", "education_levels", "period", "stage", "contact", "published", "licence"}
    # The YAML block has no line that could close it early.
    head = (project / "practices" / slug / "nb.md").read_text(encoding="utf-8").split("\n---\n", 1)[0]
    assert not any(line.strip() == "---" for line in head.splitlines()[1:])

    # The body keeps the hostile text verbatim, below Norwegian headings: a `---` block in it is just text.
    assert headings(body) == [vocab["section"].label(key, "nb") for key in ("context", "problem", "solution")]
    for text in ("$(rm -rf /) and `rm -rf ~` and ${{ secrets.X }}", '"; echo pwned', "\n---\ntitle: hijacked\ncategory: spending-rationalisation\n---\n", "key: value", "### Not a form question"):
        assert text in body, text
    assert "title: hijacked" not in head

    reply = (tmp_path / "reply.md").read_text(encoding="utf-8")
    assert "HTML" in reply  # the <script> is pointed out to the editors
    assert "```text" in reply


def test_missing_required_answers_are_named(tmp_path: Path) -> None:
    project = make_project(tmp_path, {})
    result = convert(project, FORMS / "missing-required.md", "--comment", str(tmp_path / "reply.md"))
    assert result.returncode == 1
    assert result.stdout == ""
    assert not any((project / "practices").iterdir()), "nothing may be written"
    for label in ("Title", "Category", "Education levels", "Contact e-mail", "Local context", "Licence"):
        assert re.search(rf"^  - {re.escape(label)}\b.*: ", result.stderr, re.MULTILINE), (label, result.stderr)
    for present in ("Summary", "Country", "Topics", "Stage"):
        assert f"- {present} (" not in result.stderr
    reply = (tmp_path / "reply.md").read_text(encoding="utf-8")
    assert "edit the issue" in reply and "Contact e-mail" in reply


def test_invalid_answers_are_reported_by_the_validator_and_nothing_stays(tmp_path: Path) -> None:
    project = make_project(tmp_path, {})
    form = (FORMS / "pl-complete.md").read_text(encoding="utf-8")
    form = form.replace("anna@example.org", "anna at example").replace("\n2019-09\n", "\nwrzesień 2019\n").replace("\npl\n", "\nXX\n")
    result = convert(project, form)
    assert result.returncode == 1, result.stdout + result.stderr
    assert not any((project / "practices").iterdir()), "a file with errors must be removed"
    assert re.search(r"- Contact e-mail .*: .*anna at example", result.stderr), result.stderr
    assert re.search(r"- Start .*: .*wrzesień 2019", result.stderr), result.stderr
    assert re.search(r"- Country .*: .*XX", result.stderr), result.stderr


def test_unknown_options_are_named(tmp_path: Path) -> None:
    project = make_project(tmp_path, {})
    form = (FORMS / "pl-complete.md").read_text(encoding="utf-8")
    form = re.sub(r"(### Topics[^\n]*\n\n)[^\n]+", r"\1Formative assessment, Underwater basket weaving", form)
    form = re.sub(r"(### Stage[^\n]*\n\n)[^\n]+", r"\1Finished", form)
    result = convert(project, form)
    assert result.returncode == 1
    assert "Topics (" in result.stderr and "'Underwater basket weaving' is not one of the options" in result.stderr
    assert "Stage (" in result.stderr and "'Finished' is not one of the options" in result.stderr


def test_hand_edited_answers_still_map_to_values(vocab: Vocabularies) -> None:
    """Labels in any language, bare values and CRLF line ends are understood."""
    answers = itp.parse_issue_body((FORMS / "pl-complete.md").read_text(encoding="utf-8").replace("\n", "\r\n"), itp.all_fields(vocab))
    answers["category"] = "Integracja społeczności lokalnej wokół edukacji"
    answers["topics"] = "budgeting, Dobrostan uczniów, Razvoj, ki izhaja iz šole"
    answers["stage"] = "pilot"
    conversion = itp.convert(answers, vocab, __import__("datetime").date(2026, 1, 31))
    assert conversion.problems == []
    assert conversion.front_matter["category"] == "community-integration"
    assert conversion.front_matter["topics"] == ["budgeting", "wellbeing", "school-based-development"]
    assert conversion.front_matter["stage"] == "pilot"
    assert conversion.lang == "pl"


def test_a_label_written_twice_is_refused(vocab: Vocabularies) -> None:
    body = (FORMS / "pl-complete.md").read_text(encoding="utf-8") + "\n### Title (Tytuł / Název / Naslov / Tittel)\n\nAnother title\n"
    with pytest.raises(itp.FormError, match="more than once"):
        itp.parse_issue_body(body, itp.all_fields(vocab))


def test_a_body_that_is_not_the_form(tmp_path: Path) -> None:
    project = make_project(tmp_path, {})
    result = convert(project, "Hello, I would like to propose a practice!\n")
    assert result.returncode == 1
    assert "not a filled-in 'Propose a practice' form" in result.stderr


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Sieć dyrektorów szkół w Świętochłowicach", "siec-dyrektorow-szkol-w-swietochlowicach"),
        ("Učeče se mreže: Žalec & Šoštanj", "ucece-se-mreze-zalec-sostanj"),
        ("Lærende nettverk i Bø, Ørsta og Ålesund", "laerende-nettverk-i-bo-orsta-og-alesund"),
        ("Formativní hodnocení v Ústí nad Labem", "formativni-hodnoceni-v-usti-nad-labem"),
        ("../../etc/passwd", "etc-passwd"),
        ("--- !!python/object ---", "python-object"),
        ("«»—…", "practice"),
        ("A" * 30 + " " + "b" * 40, "a" * 30),
    ],
)
def test_slugs(title: str, slug: str) -> None:
    assert itp.slugify(title) == slug
    assert itp.SLUG_RE.match(itp.slugify(title))


def test_an_existing_folder_gets_a_new_slug(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"siec-dyrektorow-szkol-w-gminie-lodz-zolkiewka/pl.md": source("valid-pl.md")})
    result = convert(project, FORMS / "pl-complete.md")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "practices/siec-dyrektorow-szkol-w-gminie-lodz-zolkiewka-2/pl.md\n"


@pytest.mark.parametrize("slug", ["../evil", "a/b", "Capital", "-x", ".", ""])
def test_weird_slugs_are_refused(tmp_path: Path, slug: str) -> None:
    project = make_project(tmp_path, {})
    result = convert(project, FORMS / "pl-complete.md", "--slug", slug)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "--slug" in result.stderr
    assert not any((project / "practices").iterdir())
    assert not (tmp_path / "evil").exists()
    with pytest.raises(ValueError):
        itp.target_path(project / "practices", slug, "pl")


def test_a_chosen_slug_is_used(tmp_path: Path) -> None:
    project = make_project(tmp_path, {})
    result = convert(project, FORMS / "pl-complete.md", "--slug", "zolkiewka-principals")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "practices/zolkiewka-principals/pl.md\n"


def test_reply_fence_cannot_be_broken() -> None:
    reply = itp.reply(False, ["Title: '```\n@everyone [x](javascript:alert(1))' is not one of the options"], [], None)
    fences = re.findall(r"^(`{3,})", reply, re.MULTILINE)
    assert len(fences) == 2 and len(fences[0]) > 3, reply


# -- (d) annotations ----------------------------------------------------------------------------


def test_validator_prints_github_annotations(tmp_path: Path) -> None:
    project = make_project(
        tmp_path,
        {
            "good/pl.md": source("valid-pl.md"),
            "bad/pl.md": source("valid-pl.md").replace("category: development-plan", "category: plans"),
        },
    )
    result = subprocess.run(
        [sys.executable, str(VALIDATE), "--config", str(project / "mkdocs.yml"), "--format", "github"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("::error file=practices/bad/pl.md,line=4,title=category::") for line in lines), lines
    assert all(line.startswith(("::error ", "::warning ")) for line in lines), lines
    assert "Traceback" not in result.stderr


# -- the workflow's own shell glue, run locally on a hostile issue ------------------------------


def _step(workflow: str, step_id: str) -> str:
    data = yaml.safe_load((GITHUB / "workflows" / workflow).read_text(encoding="utf-8"))
    for job in data["jobs"].values():
        for step in job.get("steps", []):
            if step.get("id") == step_id:
                return step["run"]
    raise AssertionError(f"no step {step_id} in {workflow}")


@pytest.mark.skipif(shutil.which("jq") is None, reason="jq (preinstalled on GitHub's runners) is not installed here")
@pytest.mark.parametrize(("form", "converted"), [("nb-hostile.md", "true"), ("missing-required.md", "false")])
def test_convert_step_runs_nothing_from_the_issue(tmp_path: Path, form: str, converted: str) -> None:
    project = make_project(tmp_path / "project", {})
    canary = tmp_path / "pwned"
    hostile = f"$(touch {canary}) `touch {canary}` ${{{{ github.token }}}} \"; touch {canary}; \""
    body = re.sub(r"(### Summary[^\n]*\n\n)", lambda m: m.group(1) + hostile + " ", (FORMS / form).read_text(encoding="utf-8"))
    assert hostile in body
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"action": "opened", "issue": {"number": 7, "title": f"$(touch {canary})", "body": body}}), encoding="utf-8")
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir()
    output = tmp_path / "github-output"
    output.touch()
    script = _step("issue-to-pr.yml", "convert").replace(
        "python scripts/issue_to_practice.py", f"python {SCRIPT} --config {project / 'mkdocs.yml'} --date {DATE}"
    )
    env = dict(
        os.environ,
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        GITHUB_EVENT_PATH=str(event),
        RUNNER_TEMP=str(runner_temp),
        GITHUB_OUTPUT=str(output),
    )
    # GitHub runs `run:` with `bash -e {0}` (plus pipefail when shell: bash is given).
    result = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", script], cwd=project, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not canary.exists(), "text from the issue was executed"
    outputs = dict(line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines())
    assert outputs["converted"] == converted
    if converted == "true":
        written = project / outputs["file"]
        assert written.is_file() and written.parent.parent == project / "practices"
        assert front_matter_and_body(written)[0]["summary"].startswith(hostile)
    else:
        assert "Contact e-mail" in (runner_temp / "comment.md").read_text(encoding="utf-8")


FAKE_GH = """#!/usr/bin/env bash
# Stands in for the GitHub CLI: logs each call; `pr list` answers from a file that `pr create` writes.
printf '%s\\n' "$*" >> "$FAKE_GH_DIR/calls.log"
case "$1 $2" in
  "pr list") cat "$FAKE_GH_DIR/pr-url" 2>/dev/null || true ;;
  "pr create") echo "https://github.com/example/good-practices/pull/8" | tee "$FAKE_GH_DIR/pr-url" ;;
  "issue comment") cp "${@: -1}" "$FAKE_GH_DIR/comment-$(wc -l < "$FAKE_GH_DIR/calls.log").md" ;;  # --body-file FILE comes last
esac
exit 0
"""

BOT = "41898282+github-actions[bot]@users.noreply.github.com"


def git(cwd: Path, *args: str) -> str:
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", HOME=str(cwd), GIT_AUTHOR_NAME="Editor", GIT_AUTHOR_EMAIL="editor@example.org", GIT_COMMITTER_NAME="Editor", GIT_COMMITTER_EMAIL="editor@example.org")
    result = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout.strip()


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_pull_request_step_creates_updates_and_respects_editors(tmp_path: Path) -> None:
    """The step's git logic against a local 'origin' and a fake `gh`: create, no-op, update, hands off."""
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "--quiet", "--bare", "--initial-branch=main", str(origin))
    seed = make_project(tmp_path / "seed", {})
    (seed / "practices" / ".gitkeep").touch()
    git(seed, "init", "--quiet", "--initial-branch=main")
    git(seed, "add", "-A")
    git(seed, "commit", "--quiet", "-m", "site")
    git(seed, "push", "--quiet", str(origin), "main")
    fake = tmp_path / "fake-gh"
    (fake / "bin").mkdir(parents=True)
    (fake / "bin" / "gh").write_text(FAKE_GH, encoding="utf-8")
    (fake / "bin" / "gh").chmod(0o755)
    script = _step_by_name("issue-to-pr.yml", "Open or update the pull request")
    practice = "practices/zolkiewka-principals/pl.md"
    content = (GOLDEN / "sources" / "valid-pl.md").read_text(encoding="utf-8")

    def run_step(n: int, text: str) -> subprocess.CompletedProcess[str]:
        work = tmp_path / f"run-{n}"
        git(tmp_path, "clone", "--quiet", "--depth=1", str(origin), str(work))
        (work / practice).parent.mkdir(parents=True)
        (work / practice).write_text(text, encoding="utf-8")
        runner_temp = tmp_path / f"temp-{n}"
        runner_temp.mkdir()
        (runner_temp / "comment.md").write_text("Thank you!\n", encoding="utf-8")
        env = {
            "PATH": f"{fake / 'bin'}{os.pathsep}{os.environ['PATH']}",
            "HOME": str(work),
            "GIT_CONFIG_NOSYSTEM": "1",
            "FAKE_GH_DIR": str(fake),
            "GH_TOKEN": "not-a-token",
            "GITHUB_REPOSITORY": "example/good-practices",
            "GITHUB_SERVER_URL": "https://github.com",
            "RUNNER_TEMP": str(runner_temp),
            "ISSUE_NUMBER": "7",
            "BRANCH": "practice-proposal/issue-7",
            "BASE_BRANCH": "main",
            "PRACTICE_FILE": practice,
            "AUTHOR_LOGIN": "octo-cat",
            "AUTHOR_ID": "123",
        }
        return subprocess.run(["bash", "-e", "-o", "pipefail", "-c", script], cwd=work, env=env, capture_output=True, text=True, timeout=120)

    def branch_tip() -> str:
        return git(tmp_path, "--git-dir", str(origin), "rev-parse", "refs/heads/practice-proposal/issue-7")

    def calls() -> list[str]:
        return (fake / "calls.log").read_text(encoding="utf-8").splitlines()

    # 1. A new proposal: one commit on main, by the issue's author, committed by the bot; a pull request; a reply.
    first = run_step(1, content)
    assert first.returncode == 0, first.stdout + first.stderr
    tip = branch_tip()
    assert git(tmp_path, "--git-dir", str(origin), "log", "-1", "--format=%an <%ae>|%ce|%B", tip).startswith(f"octo-cat <123+octo-cat@users.noreply.github.com>|{BOT}|Add the practice proposed in issue #7")
    assert git(tmp_path, "--git-dir", str(origin), "rev-parse", f"{tip}^") == git(tmp_path, "--git-dir", str(origin), "rev-parse", "main")
    assert git(tmp_path, "--git-dir", str(origin), "show", f"{tip}:{practice}") == content.strip()
    assert sum(c.startswith("pr create") for c in calls()) == 1
    assert sum(c.startswith("issue comment 7") for c in calls()) == 1

    # 2. The issue edited without a change to the practice: nothing pushed, no new pull request or reply.
    second = run_step(2, content)
    assert second.returncode == 0, second.stdout + second.stderr
    assert branch_tip() == tip
    assert sum(c.startswith("pr create") for c in calls()) == 1
    assert sum(c.startswith("issue comment 7") for c in calls()) == 1

    # 3. The issue edited with a change: the branch is replaced, the same pull request kept, the author told.
    third = run_step(3, content.replace("Dyrektorzy pracowali osobno.", "Dyrektorzy pracowali zupełnie osobno."))
    assert third.returncode == 0, third.stdout + third.stderr
    assert branch_tip() != tip
    assert "zupełnie" in git(tmp_path, "--git-dir", str(origin), "show", f"{branch_tip()}:{practice}")
    assert sum(c.startswith("pr create") for c in calls()) == 1
    assert sum(c.startswith("issue comment 7") for c in calls()) == 2

    # 4. An editor pushes to the branch: a later edit of the issue leaves their work alone.
    editor = tmp_path / "editor"
    git(tmp_path, "clone", "--quiet", "--branch", "practice-proposal/issue-7", str(origin), str(editor))
    (editor / practice).write_text(content.replace("Gmina prowadzi", "Redakcja: gmina prowadzi"), encoding="utf-8")
    git(editor, "commit", "--quiet", "-am", "Editorial fixes")
    git(editor, "push", "--quiet", "origin", "practice-proposal/issue-7")
    edited = branch_tip()
    fourth = run_step(4, content)
    assert fourth.returncode == 0, fourth.stdout + fourth.stderr
    assert branch_tip() == edited
    assert sum(c.startswith("issue comment 7") for c in calls()) == 3
    last_reply = sorted(fake.glob("comment-*.md"), key=lambda p: int(p.stem.split("-")[1]))[-1]
    assert "changed by the editors" in last_reply.read_text(encoding="utf-8")


def _step_by_name(workflow: str, name: str) -> str:
    data = yaml.safe_load((GITHUB / "workflows" / workflow).read_text(encoding="utf-8"))
    for job in data["jobs"].values():
        for step in job.get("steps", []):
            if step.get("name") == name:
                return step["run"]
    raise AssertionError(f"no step {name!r} in {workflow}")
