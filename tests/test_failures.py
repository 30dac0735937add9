"""Failures outside the data: a full or unwritable disk, a build killed halfway. Each gives a clear
message, and the published site stays exactly as it was."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import site as site_module

from .conftest import ROOT, SMALL, run_cli
from .test_site import tree


@pytest.fixture
def published(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory with data and a site already built from it."""
    shutil.copytree(SMALL, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    assert run_cli("build", "--out", "site", "--work", "build").code == 0
    return tmp_path


def test_a_full_disk_is_a_message_and_the_site_stays(published: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = tree(published / "site")
    docs = site_module.staging_dir(Path("build"), (published / "site").resolve()) / "docs"
    (docs / "index.md").unlink()  # so the page must be written again

    def full(self: Path, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))

    monkeypatch.setattr(Path, "write_bytes", full)
    result = run_cli("build", "--out", "site", "--work", "build")
    assert result.code == 1
    assert result.err.splitlines() == [
        f"cannot write the site: No space left on device ({docs}/index.md); free space "
        "or fix the permissions, or pass --out/--work elsewhere",
        "build failed; the site in site was left as it was",
    ]
    monkeypatch.undo()
    assert tree(published / "site") == before


def test_an_unwritable_output_directory_is_a_message(published: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = tree(published / "site")

    def refused(*args: object, **kwargs: object) -> str:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(published))

    monkeypatch.setattr(site_module.tempfile, "mkdtemp", refused)
    result = run_cli("build", "--out", "site", "--work", "build")
    assert result.code == 1
    assert result.err.startswith("cannot write the site: Permission denied (.); ")  # the working directory
    monkeypatch.undo()
    assert tree(published / "site") == before


def _build_a_change(published: Path, **popen: object) -> subprocess.Popen:
    """Change a page (so a build that got far enough would change the site) and start building it."""
    entities = published / "data" / "entities.yaml"
    entities.write_text(entities.read_text(encoding="utf-8").replace(
        "description: A maker of widgets.", "description: A maker of better widgets."), encoding="utf-8")
    return subprocess.Popen([sys.executable, "-m", "generator", "build", "--out", "site", "--work", "build"],
                            cwd=published, env={**os.environ, "PYTHONPATH": str(ROOT)}, **popen)


def test_a_build_killed_halfway_leaves_the_previous_site_whole(published: Path) -> None:
    before = tree(published / "site")
    process = _build_a_change(published, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while not any(published.glob(".site-new-*/*")) and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.02)  # until MkDocs has started writing the new site
    assert process.poll() is None, "the build finished before it could be killed"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert tree(published / "site") == before
    # The next build succeeds, replaces the site, and the killed build's leftovers do not get in its way.
    assert run_cli("build", "--out", "site", "--work", "build").code == 0
    assert "A maker of better widgets." in (published / "site" / "entities" / "acme" / "index.html").read_text(encoding="utf-8")


def test_the_next_build_clears_what_a_killed_build_left(published: Path) -> None:
    (published / ".site-new-abc123").mkdir()
    (published / ".site-new-abc123" / "half.html").write_text("half", encoding="utf-8")
    result = run_cli("build", "--out", "site", "--work", "build")
    assert result.code == 0
    assert sorted(p.name for p in published.iterdir()) == [".site.lock", "build", "data", "site"]


def test_a_site_moved_aside_by_a_killed_swap_is_put_back(published: Path) -> None:
    """Killed between the swap's two renames, the site sits in .site-old-*; even a failing build restores it."""
    before = tree(published / "site")
    (published / "site").rename(published / ".site-old-xyz")
    facts = published / "data" / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("value: 5000", "value: five"), encoding="utf-8")
    assert run_cli("build", "--out", "site", "--work", "build").code == 1
    assert tree(published / "site") == before
    assert not list(published.glob(".site-old-*"))


def test_two_builds_at_once_do_not_mix(published: Path) -> None:
    import fcntl

    with open(published / ".site.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = run_cli("build", "--out", "site", "--work", "build")
    assert result.code == 1
    assert result.err.splitlines()[0] == f"another build is writing {published / 'site'}; wait for it to finish"


def _processes_mentioning(text: str) -> list[int]:
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and text.encode() in (proc / "cmdline").read_bytes():
                found.append(int(proc.name))
        except OSError:
            continue
    return found


@pytest.mark.parametrize("signum, code", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_cancelled_build_stops_mkdocs_and_cleans_up(published: Path, signum: int, code: int) -> None:
    """CI's cancel (SIGTERM) or Ctrl-C during `mkdocs build`: no MkDocs left running, no half site, exit 128+N."""
    before = tree(published / "site")
    process = _build_a_change(published, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    config = str(site_module.staging_dir(published / "build", published / "site") / "mkdocs.yml")
    deadline = time.monotonic() + 60
    while not _processes_mentioning(config) and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.01)  # until MkDocs runs
    assert process.poll() is None, "the build finished before it could be cancelled"
    process.send_signal(signum)
    _, err = process.communicate(timeout=60)
    assert process.returncode == code
    assert err.strip().splitlines()[-1] == (
        f"build interrupted by {signal.Signals(signum).name}; stopped and cleaned up, nothing was published")
    assert _processes_mentioning(config) == []
    assert not list(published.glob(".site-new-*")) and not list(published.glob(".site-old-*"))
    assert tree(published / "site") == before


def test_builds_of_different_sites_at_once_keep_their_own_pages(published: Path) -> None:
    """Two builds with different --out and one --work: each site holds only its own data's pages."""
    other = published / "other-data"
    shutil.copytree(published / "data", other)
    (other / "more.yaml").write_text("entities:\n  - id: widgetco\n    name: WidgetCo\n    kind: organisation\n",
                                     encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "generator", "build", "--work", "build"]
    builds = [subprocess.Popen(command + ["--data", data, "--out", out], cwd=published, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
              for data, out in (("data", "site-a"), ("other-data", "site-b"))]
    for build in builds:
        _, err = build.communicate(timeout=120)
        assert build.returncode == 0, err
    assert (published / "site-a" / "entities" / "acme").is_dir()
    assert not (published / "site-a" / "entities" / "widgetco").exists()
    assert (published / "site-b" / "entities" / "widgetco").is_dir()
