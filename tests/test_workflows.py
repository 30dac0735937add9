"""The GitHub workflows: linted offline by zizmor and the GitHub workflow schema, and the rules
we hold them to (pinned actions, least permissions, no PR code with a write token)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
FILES = sorted(WORKFLOWS.glob("*.yml"))
BIN = Path(sys.executable).parent


def load(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # 'on' stays a string


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_there_are_workflows() -> None:
    assert {p.name for p in FILES} == {"deploy.yml", "pages.yml", "pr-comment.yml", "pr.yml", "scheduled.yml"}


def test_zizmor_finds_nothing() -> None:
    result = subprocess.run([str(BIN / "zizmor"), "--offline", "--no-progress", str(WORKFLOWS)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout


def test_workflows_match_githubs_schema() -> None:
    result = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
                             *map(str, FILES)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_action_is_pinned_by_commit_and_permissions_start_empty(path: Path) -> None:
    workflow = load(path)
    assert workflow["permissions"] == {}, "grant permissions per job, not per workflow"
    for step in steps(workflow):
        if "uses" in step:
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
    for job in workflow["jobs"].values():
        if "uses" in job:
            assert job["uses"].startswith("./.github/workflows/"), job["uses"]


def test_the_pull_request_review_cannot_write() -> None:
    review = load(WORKFLOWS / "pr.yml")
    assert set(review["on"]) == {"pull_request"}
    for job in review["jobs"].values():
        assert set(job["permissions"].values()) == {"read"}
    checkout = next(s for s in steps(review) if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] == "false"
    commands = "\n".join(s.get("run", "") for s in steps(review))
    assert "validate --format github" in commands and "make site" in commands
    assert 'diff "$BASE_SHA" HEAD --images' in commands and "GITHUB_STEP_SUMMARY" in commands
    assert "${{" not in commands, "expressions in run: are template injection; pass them through env"


def test_the_commenter_never_runs_pull_request_code() -> None:
    comment = load(WORKFLOWS / "pr-comment.yml")
    assert set(comment["on"]) == {"workflow_run"}
    assert comment["on"]["workflow_run"]["workflows"] == [load(WORKFLOWS / "pr.yml")["name"]]
    assert not any(s.get("uses", "").startswith("actions/checkout@") or "run" in s for s in steps(comment))
    script = next(s for s in steps(comment) if "github-script" in s.get("uses", ""))["with"]["script"]
    assert "pr.head.sha !== process.env.HEAD_SHA" in script  # the artifact cannot aim at another pull request


def test_deploys_share_one_build_and_one_concurrency_group() -> None:
    pages = load(WORKFLOWS / "pages.yml")
    assert set(pages["on"]) == {"workflow_call"}
    uses = [s.get("uses", "").split("@")[0] for s in steps(pages)]
    assert "actions/upload-pages-artifact" in uses and "actions/deploy-pages" in uses
    assert pages["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    for name in ("deploy.yml", "scheduled.yml"):
        caller = load(WORKFLOWS / name)
        assert caller["concurrency"] == {"group": "pages", "cancel-in-progress": "false"}
        assert caller["jobs"]["site"]["uses"] == "./.github/workflows/pages.yml"
        assert "workflow_dispatch" in caller["on"]
    assert set(load(WORKFLOWS / "deploy.yml")["on"]["push"]["branches"]) == {"main"}
    # The published feed of data changes is made from git history: a shallow clone (checkout's default)
    # would publish an empty feed.
    checkout = next(s for s in steps(pages) if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == "0"


def test_the_scheduled_rebuild_checks_freshness_and_links_and_reports_failure() -> None:
    scheduled = load(WORKFLOWS / "scheduled.yml")
    assert scheduled["on"]["schedule"][0]["cron"].endswith("* * 1")  # weekly
    commands = "\n".join(s.get("run", "") for s in steps(scheduled))
    assert "generator stale --max-age 18m" in commands and "generator check-links" in commands
    report = scheduled["jobs"]["report"]
    assert report["if"] == "failure()" and report["permissions"] == {"issues": "write"}


def test_pull_requests_verify_quotes_against_a_pinned_archive_or_say_they_did_not() -> None:
    workflow = load(WORKFLOWS / "pr.yml")
    review = steps(workflow)
    names = [step.get("name", step.get("uses", "")) for step in review]
    locate = names.index("Locate the source archive")
    checkout = review[locate + 1]
    assert checkout["uses"].startswith("actions/checkout@") and checkout["if"] == "${{ steps.archive.outputs.configured == 'true' }}"
    assert checkout["with"]["ref"] == "${{ steps.archive.outputs.ref }}" and checkout["with"]["persist-credentials"] == "false"
    say = review[locate + 2]["run"]
    assert "::warning title=Quotes NOT verified::" in say and "**⚠️ Quotes were NOT verified**" in say
    # The evidence line comes first in the summary and in the report posted on the pull request.
    assert names.index("Say whether quotes are verified") < names.index("Validate") < names.index("Data diff against the base branch")
    assert "cat review/evidence.md review/diff.md > review/report.md" in review[names.index("Data diff against the base branch")]["run"]
    tests = review[names.index("Full test suite")]
    assert tests["if"] == "${{ steps.changes.outputs.code == 'true' }}" and "make test" in tests["run"]
    assert "grep -qv '^data/'" in review[names.index("Did code change?")]["run"]


def test_archive_setting_for_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from .conftest import run_cli

    (tmp_path / "data").mkdir()
    monkeypatch.chdir(tmp_path)
    for name in ("ARCHIVE_REPOSITORY", "ARCHIVE_REF", "ARCHIVE_SUBDIRECTORY"):
        monkeypatch.delenv(name, raising=False)
    assert run_cli("archive-setting").lines == ["configured=false"]
    (tmp_path / "factsheet.toml").write_text('[archive]\nrepository = "me/texts"\nref = "0123abc"\nsubdirectory = "seeds"\n',
                                             encoding="utf-8")
    assert run_cli("archive-setting").lines == ["repository=me/texts", "ref=0123abc", "subdirectory=seeds", "configured=true"]
    monkeypatch.setenv("ARCHIVE_REF", "fedcba9")  # the repository variable wins
    assert run_cli("archive-setting").lines[1] == "ref=fedcba9"
    for name, value in (("ARCHIVE_REPOSITORY", "me/x\nconfigured=true"), ("ARCHIVE_SUBDIRECTORY", "../../etc")):
        monkeypatch.setenv(name, value)
        assert run_cli("archive-setting").code == 2
        monkeypatch.delenv(name)


def test_the_site_engine_is_a_repository_variable() -> None:
    for name, step_name in (("pages.yml", "Build (strict)"), ("pr.yml", "Build (strict)")):
        [step] = [s for s in steps(load(WORKFLOWS / name)) if s.get("name") == step_name]
        assert step["env"]["SITE_ENGINE"] == "${{ vars.SITE_ENGINE }}"
        assert 'ENGINE="${SITE_ENGINE:-mkdocs}"' in step["run"]


def _run_step(name: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    """Run one `run:` step of pr.yml with bash, as the runner would, with the given environment."""
    import os

    [step] = [s for s in steps(load(WORKFLOWS / "pr.yml")) if s.get("name") == name]
    return subprocess.run(["bash", "-e", "-c", step["run"]], cwd=cwd, env={**os.environ, **env},
                          capture_output=True, text=True)


@pytest.mark.parametrize("configured", [True, False])
def test_the_review_says_first_whether_quotes_were_verified(tmp_path: Path, configured: bool) -> None:
    """The step itself, executed: with an archive checked out it points FACTSHEET_ARCHIVE at it; without,
    a warning annotation and the summary's first line say quotes were not verified."""
    summary, github_env = tmp_path / "summary.md", tmp_path / "env"
    if configured:
        (tmp_path / "_archive" / "seeds").mkdir(parents=True)
    result = _run_step("Say whether quotes are verified", {
        "CONFIGURED": "true" if configured else "false", "SUBDIRECTORY": "seeds",
        "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_ENV": str(github_env)}, tmp_path)
    assert result.returncode == 0, result.stderr
    first = summary.read_text(encoding="utf-8").splitlines()[0]
    if configured:
        assert github_env.read_text(encoding="utf-8") == f"FACTSHEET_ARCHIVE={tmp_path}/_archive/seeds\n"
        assert first == "Quotes verified against the configured source archive."
    else:
        assert not github_env.exists()
        assert result.stdout.startswith("::warning title=Quotes NOT verified::")
        assert first.startswith("**⚠️ Quotes were NOT verified**")
    assert (tmp_path / "review" / "evidence.md").read_text(encoding="utf-8").splitlines()[0] == first


@pytest.mark.parametrize("changed, code", [("data/facts.yaml", "false"), ("generator/cli.py", "true"),
                                           ("tests/test_x.py -> data/test_x.py", "true"),
                                           ("data/old.yaml -> data/new.yaml", "false")])
def test_the_full_suite_runs_when_code_changes(tmp_path: Path, changed: str, code: str) -> None:
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(tmp_path), "-c", "user.email=a@b", "-c", "user.name=n", *args],
                              check=True, capture_output=True, text=True).stdout.strip()

    git("init", "-q")
    for name in ("README.md", "tests/test_x.py", "data/old.yaml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(f"{name}: the same lines before and after, so git sees a rename\n" * 5,
                                     encoding="utf-8")
    git("add", "-A")
    git("commit", "-qm", "base")
    base = git("rev-parse", "HEAD")
    if " -> " in changed:
        old, new = changed.split(" -> ")
        git("mv", old, new)
    else:
        (tmp_path / changed).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / changed).write_text("y\n", encoding="utf-8")
        git("add", "-A")
    git("commit", "-qm", "change")
    output = tmp_path / "output"
    result = _run_step("Did code change?", {"BASE_SHA": base, "GITHUB_OUTPUT": str(output)}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert output.read_text(encoding="utf-8") == f"code={code}\n"
