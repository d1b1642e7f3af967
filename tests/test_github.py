"""The GitHub side of the contribution path: workflows and their shell glue, annotations.

The issue forms are tested in test_issue_forms.py, the issue bot in test_issue_bot.py.

Everything here runs offline: check-jsonschema uses the schemas it ships (any attempt to reach the
network goes to a dead proxy and fails), and zizmor runs with --offline.
"""

from __future__ import annotations

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
@pytest.mark.parametrize(
    ("form", "converted", "told"),
    [
        ("pl-complete.md", "true", None),
        # Its <script> would be removed from the page: refused, with the check's message in Norwegian.
        ("nb-hostile.md", "false", "- Løsning: HTML-elementet <script> er ikke tillatt"),
        ("missing-required.md", "false", "Contact e-mail"),
    ],
)
def test_convert_step_runs_nothing_from_the_issue(tmp_path: Path, form: str, converted: str, told: str | None) -> None:
    project = make_project(tmp_path / "project", {})
    canary = tmp_path / "pwned"
    hostile = f"$(touch {canary}) `touch {canary}` ${{{{ github.token }}}} \"; touch {canary}; \""
    body = re.sub(r"(### (?:Summary|Sammendrag|Streszczenie)\n\n)", lambda m: m.group(1) + hostile + " ", (FORMS / form).read_text(encoding="utf-8"))
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
        assert yaml.safe_load(written.read_text(encoding="utf-8").split("\n---\n", 1)[0][4:])["summary"].startswith(hostile)
    else:
        assert told is not None and told in (runner_temp / "comment.md").read_text(encoding="utf-8")
        assert list((project / "practices").iterdir()) == []


FAKE_GH = """#!/usr/bin/env bash
# Stands in for the GitHub CLI: logs each call; `pr list` answers from a file that `pr create` writes.
printf '%s\\n' "$*" >> "$FAKE_GH_DIR/calls.log"
case "$1 $2" in
  "pr list") cat "$FAKE_GH_DIR/pr-url" 2>/dev/null || true ;;
  "pr create") cp "${@: -1}" "$FAKE_GH_DIR/pr-body.md"; echo "https://github.com/example/good-practices/pull/8" | tee "$FAKE_GH_DIR/pr-url" ;;  # --body-file FILE comes last
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
    script = _step_by_name("issue-to-pr.yml", "Open or update the pull request").replace("python scripts/issue_to_practice.py", f"{sys.executable} {SCRIPT}")
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
            "FORM_LANG": "cs",
            "CHECKS_BY_EDITOR": "true",
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
    assert any(c.startswith("pr create") and "--title Add practice zolkiewka-principals (from issue #7)" in c for c in calls())
    # Without a token of its own the workflow's pull request starts no checks: the editors are told how to start them.
    body = (fake / "pr-body.md").read_text(encoding="utf-8")
    assert "Closes #7" in body and "close and reopen this pull request" in body and "Pull request checks" in body
    # The reply: the converter's text (in the form's language), then the pull request's address alone.
    assert next(fake.glob("comment-*.md")).read_text(encoding="utf-8") == "Thank you!\n\nhttps://github.com/example/good-practices/pull/8\n"

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
    assert last_reply.read_text(encoding="utf-8").startswith("Redaktoři už návrh změn (pull request) k tomuto issue upravili")  # in the form's language


def _step_by_name(workflow: str, name: str) -> str:
    data = yaml.safe_load((GITHUB / "workflows" / workflow).read_text(encoding="utf-8"))
    for job in data["jobs"].values():
        for step in job.get("steps", []):
            if step.get("name") == name:
                return step["run"]
    raise AssertionError(f"no step {name!r} in {workflow}")


def test_the_pull_request_uses_a_token_that_starts_the_checks_when_there_is_one() -> None:
    """A GitHub App's token (PROPOSALS_APP_CLIENT_ID, PROPOSALS_APP_PRIVATE_KEY), else PROPOSALS_TOKEN, else the workflow's own."""
    data = yaml.safe_load((GITHUB / "workflows" / "issue-to-pr.yml").read_text(encoding="utf-8"))
    steps = data["jobs"]["proposal"]["steps"]
    app = next(step for step in steps if step.get("id") == "app-token")
    assert app["uses"].startswith("actions/create-github-app-token@") and app["if"] == "env.APP_CLIENT_ID != ''"
    assert app["with"] == {
        "client-id": "${{ vars.PROPOSALS_APP_CLIENT_ID }}",
        "private-key": "${{ secrets.PROPOSALS_APP_PRIVATE_KEY }}",
        "permission-contents": "write",
        "permission-pull-requests": "write",
    }
    assert data["jobs"]["proposal"]["env"]["APP_CLIENT_ID"] == "${{ vars.PROPOSALS_APP_CLIENT_ID }}"
    by_name = {step.get("name"): step for step in steps}
    pull_request = by_name["Open or update the pull request"]["env"]
    assert pull_request["GH_TOKEN"] == "${{ steps.app-token.outputs.token || secrets.PROPOSALS_TOKEN || github.token }}"
    no_token = "${{ steps.app-token.outputs.token == '' && secrets.PROPOSALS_TOKEN == '' }}"
    assert pull_request["CHECKS_BY_EDITOR"] == no_token
    assert by_name["Convert the issue form into a practice file"]["env"]["CHECKS_BY_EDITOR"] == no_token
    # Only the step that pushes and opens the pull request gets the stronger token.
    for step in steps:
        if step is not by_name["Open or update the pull request"]:
            for value in (step.get("env") or {}).values():
                assert not re.search(r"(secrets\.PROPOSALS_TOKEN|outputs\.token) *(\|\||}})", str(value)), step.get("name")
