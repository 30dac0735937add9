from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SMALL = FIXTURES / "small"
FIXTURE_ARCHIVE = FIXTURES / "archive"
GOLDEN = ROOT / "tests" / "golden"
UPDATE_GOLDEN = os.environ.get("UPDATE_GOLDEN") == "1"
# Read once: tests run without it, so fixture data is never checked against the real archive.
ARCHIVE_FROM_ENV = os.environ.get("FACTSHEET_ARCHIVE")


@pytest.fixture(autouse=True)
def _no_archive_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FACTSHEET_ARCHIVE", raising=False)


def seeds_dir() -> Path | None:
    """The real archive (seed texts, tables, reports); under CI its absence is a failure, not a skip."""
    candidates = [ARCHIVE_FROM_ENV, str(ROOT.parent / "shared")]
    for candidate in candidates:
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    if os.environ.get("CI") == "true":
        pytest.fail("the source archive (../shared or $FACTSHEET_ARCHIVE) is missing in CI")
    return None


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()


def run_cli(*args: str) -> Result:
    runner = CliRunner()
    result = runner.invoke(main, list(args), catch_exceptions=False)
    return Result(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory holding a copy of the small fixture data set as ./data."""
    shutil.copytree(SMALL, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def archive_files() -> dict[str, str | bytes]:
    """Files a test module adds to the fixture archive of ``curated``, by path inside it (override per module)."""
    return {}


@pytest.fixture
def curated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, archive_files: dict[str, str | bytes]) -> Path:
    """A curator's folder: the small data set as ./data, a writable copy of the fixture archive (with the module's
    ``archive_files``) as ./archive, named by FACTSHEET_ARCHIVE, and a build date of 2027-01-01."""
    shutil.copytree(SMALL, tmp_path / "data")
    archive = tmp_path / "archive"
    shutil.copytree(FIXTURE_ARCHIVE, archive)
    for name, content in archive_files.items():
        path = archive / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FACTSHEET_ARCHIVE", str(archive))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1798761600")
    return tmp_path


def cite_in_a_new_fact(project: Path, source: str, quote: str, value: int = 120000000) -> None:
    """Add to the small data set a fact for 2024 that cites ``quote`` of ``source`` (ranked below the data's own:
    a test of how the citation shows, not a figure)."""
    path = project / "data" / "facts.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("derived:\n", f"""  - id: acme-licensing-2024
    entity: acme
    metric: licensing-revenue
    period: 2024
    value: {value}
    qualifier: exact
    rank: normal
    reason: Revenue, not licensing revenue; a test of pages.
    citations:
      - source: {source}
        quote: "{quote}"
derived:
"""), encoding="utf-8")


def check_golden(name: str, actual: str | bytes) -> None:
    """Compare with tests/golden/NAME (text, or bytes for pictures); UPDATE_GOLDEN=1 rewrites it instead."""
    path = GOLDEN / name
    data = actual.encode("utf-8") if isinstance(actual, str) else actual
    if UPDATE_GOLDEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return
    assert path.exists(), f"missing golden file {path}; run UPDATE_GOLDEN=1 make test"
    assert data == path.read_bytes(), f"{name} differs from its golden copy; if intended, UPDATE_GOLDEN=1 make test"


PINNED_GIT = {"GIT_AUTHOR_NAME": "Curator", "GIT_AUTHOR_EMAIL": "curator@example.org", "GIT_COMMITTER_NAME": "Curator",
              "GIT_COMMITTER_EMAIL": "curator@example.org", "GIT_CONFIG_GLOBAL": "/dev/null",
              "GIT_CONFIG_SYSTEM": "/dev/null"}


def pinned_history(repo: Path) -> Path:
    """A repository of the small fixture data with four commits whose authors and dates are pinned, so their
    ids (and every report that names them) are the same on every machine: a value corrected, a fact added and
    a citation swapped, then a million/billion slip."""
    import subprocess

    def commit(message: str, day: int) -> None:
        when = f"2026-01-0{day}T12:00:00+00:00"
        env = {**os.environ, **PINNED_GIT, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
        for args in (["add", "-A"], ["commit", "-q", "-m", message]):
            subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)

    def edit(old: str, new: str) -> None:
        facts = repo / "data" / "facts.yaml"
        text = facts.read_text(encoding="utf-8")
        assert old in text, old
        facts.write_text(text.replace(old, new, 1), encoding="utf-8")

    shutil.copytree(SMALL, repo / "data")
    subprocess.run(["git", "-C", str(repo), "init", "-q", "-b", "main"], check=True, capture_output=True)
    commit("data", 1)
    edit("    value: 100000000\n", "    value: 110000000\n")
    edit("up from $100 million in 2022", "up from $110 million in 2022")
    commit("correct 2022", 2)
    edit("derived:\n", "  - id: acme-valid-patents-2024\n    entity: acme\n    metric: valid-patents\n    period: 2024\n"
         "    value: 5400\n    qualifier: exact\n    citations:\n      - source: acme-note\n"
         "        quote: \"Acme held 5,400 valid patents at the end of 2024.\"\nderived:\n")
    edit("      - source: acme-note\n        quote: \"Acme held more than 5,000 valid patents by the end of 2023.\"\n",
         "      - source: blog\n        quote: \"more than 5,000 patents\"\n")
    commit("2024 patents; the 2023 count cited from the blog", 3)
    edit("    value: 120000000\n", "    value: 120000000000\n")
    commit("restate 2023", 4)
    return repo
