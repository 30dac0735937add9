"""The bad-input corpus (tests/bad_input/): each broken file gets its exact message at its position,
exit code 1, and the published site stays as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import ROOT, SMALL, UPDATE_GOLDEN, run_cli
from .test_site import tree

CORPUS = ROOT / "tests" / "bad_input"
CASES = sorted(p.stem for p in CORPUS.glob("*.yaml"))
EPOCH = "1767225600"  # 2026-01-01


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site built once from the fixture data; each case starts from a copy of it."""
    base = tmp_path_factory.mktemp("published")
    shutil.copytree(SMALL, base / "data")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(base)
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        patch.delenv("FACTSHEET_ARCHIVE", raising=False)  # fixture data is never checked against the real archive
        assert run_cli("build", "--out", "site", "--work", "build").code == 0
    assert (base / "site" / "index.html").is_file()
    return base


def attempt(published: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: bytes) -> tuple[int, list[str]]:
    work = tmp_path / "work"
    shutil.copytree(published, work)
    (work / "data" / "case.yaml").write_bytes(case)
    monkeypatch.chdir(work)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    before = tree(work / "site")
    result = run_cli("build", "--out", "site", "--work", "build")
    assert tree(work / "site") == before, "a failed build changed the published site"
    assert "the site in site was left as it was" in result.err
    return result.code, result.lines


def test_the_corpus_is_there() -> None:
    assert len(CASES) >= 25
    assert sorted(p.stem for p in CORPUS.glob("*.expect")) == CASES or UPDATE_GOLDEN


@pytest.mark.parametrize("case", CASES)
def test_bad_input(case: str, published: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, lines = attempt(published, tmp_path, monkeypatch, (CORPUS / f"{case}.yaml").read_bytes())
    expected = CORPUS / f"{case}.expect"
    if UPDATE_GOLDEN:
        expected.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert code == 1
    assert lines == expected.read_text(encoding="utf-8").splitlines()
    assert lines and all(line.startswith("data/") for line in lines)  # every message names file:line:col


@pytest.mark.parametrize(("name", "case", "message"), [
    ("deeply nested", b"facts:\n  - id: x\n    note: " + b"[" * 100_000 + b"\n",
     "data/case.yaml:3:40: nesting deeper than 32 levels; data files never need this"),
    ("huge", b"facts:\n" + b"  # padding\n" * 100_000,
     "data/case.yaml:1:1: file is 1,200,007 bytes, over the 1,000,000-byte limit; split it into smaller files"),
])
def test_generated_bad_input(name: str, case: bytes, message: str, published: Path, tmp_path: Path,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    code, lines = attempt(published, tmp_path, monkeypatch, case)
    assert (code, lines) == (1, [message]), name
