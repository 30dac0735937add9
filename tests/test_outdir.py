"""What a build, an export or `diff --images` may replace: never a user's files (generator/outdir.py)."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from generator.outdir import MARKER

from .conftest import ROOT, SMALL, run_cli


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (links not followed) with its bytes."""
    found = {}
    for base, _, names in os.walk(folder):
        for name in names:
            path = Path(base) / name
            if not path.is_symlink():
                found[path.relative_to(folder).as_posix()] = path.read_bytes()
    return found


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A contributor's folder: data, hand-written pages and notes, the working directory of each command."""
    home = tmp_path / "project"
    shutil.copytree(SMALL, home / "data")
    (home / "content").mkdir()
    (home / "content" / "methodology.md").write_text("# How we work\n", encoding="utf-8")
    (home / "notes").mkdir()
    (home / "notes" / "todo.txt").write_text("call the press office\n", encoding="utf-8")
    monkeypatch.chdir(home)
    return home


@pytest.mark.parametrize("out, message", [
    ("content", "--out content holds files this tool did not write, and would be replaced whole; choose a new or "
                "empty folder, or delete it yourself if it is an old site"),
    ("notes", "--out notes holds files this tool did not write, and would be replaced whole"),
    ("data", "--out data would replace data (your files); choose a new folder for the output, such as site/"),
    ("data/site", "--out data/site is inside data (your files); choose a folder outside it"),
    (".", "--out needs a path of its own, such as site/, not the current folder"),
    ("", "--out needs a path of its own, such as site/, not the current folder"),
    ("..", "would replace"),
    ("/", "would replace"),
    ("build", "--out build would replace build (your files)"),  # the working folder
    ("content/methodology.md", "Directory 'content/methodology.md' is a file."),
    (str(ROOT), "would replace"),
    (str(ROOT / "content"), "would replace"),
    (str(ROOT / "data" / "facts"), "is inside"),
    (str(ROOT / "theme" / "x"), "is inside"),
])
def test_build_refuses_an_output_folder_it_would_destroy(project: Path, out: str, message: str) -> None:
    before = snapshot(project)
    repository = {name: snapshot(ROOT / name) for name in ("content", "data", "theme")}
    result = run_cli("build", "--out", out, "--work", "build")
    assert result.code == 2, result.err
    assert result.err.startswith(f"Error: {message}") or message in result.err, result.err
    assert "Traceback" not in result.err
    assert snapshot(project) == before
    assert {name: snapshot(ROOT / name) for name in ("content", "data", "theme")} == repository


def test_a_site_it_built_an_empty_folder_or_an_old_site_may_be_replaced(project: Path) -> None:
    assert run_cli("build", "--out", "site").code == 0
    assert (project / "site" / MARKER).is_file()
    assert run_cli("build", "--out", "site").code == 0  # its own site, again
    (project / "empty").mkdir()
    assert run_cli("build", "--out", "empty").code == 0
    legacy = project / "old-site"  # built before sites were marked
    shutil.copytree(project / "site", legacy)
    (legacy / MARKER).unlink()
    assert run_cli("build", "--out", "old-site").code == 0
    assert (legacy / MARKER).is_file()


def test_the_published_site_has_a_normal_folder_s_permissions(project: Path) -> None:
    old = os.umask(0o022)
    try:
        assert run_cli("build", "--out", "site").code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((project / "site").stat().st_mode) == 0o755
    assert stat.S_IMODE((project / "site" / "index.html").stat().st_mode) == 0o644


def test_work_folder_inside_the_data_is_refused(project: Path) -> None:
    result = run_cli("build", "--out", "site", "--work", "data/tmp")
    assert (result.code, result.err.strip()) == (
        2, "Error: --work data/tmp is inside data (your files); choose a folder outside it, such as build/")
    assert not (project / "data" / "tmp").exists()


def test_a_symlink_loop_as_out_is_a_message(project: Path) -> None:
    (project / "loop").symlink_to("loop")
    result = run_cli("build", "--out", "loop")
    assert result.code == 2 and result.err.startswith("Error: --out loop: cannot follow it"), result.err
