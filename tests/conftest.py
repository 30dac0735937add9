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
    """The real archive of source texts; under CI its absence is a failure, not a skip."""
    candidates = [ARCHIVE_FROM_ENV, str(ROOT.parent / "shared" / "seeds")]
    for candidate in candidates:
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    if os.environ.get("CI") == "true":
        pytest.fail("the source archive (../shared/seeds or $FACTSHEET_ARCHIVE) is missing in CI")
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


def check_golden(name: str, actual: str) -> None:
    """Compare with tests/golden/NAME; UPDATE_GOLDEN=1 rewrites it instead."""
    path = GOLDEN / name
    if UPDATE_GOLDEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"missing golden file {path}; run UPDATE_GOLDEN=1 make test"
    assert actual == path.read_text(encoding="utf-8"), f"{name} differs from its golden copy; if intended, UPDATE_GOLDEN=1 make test"
