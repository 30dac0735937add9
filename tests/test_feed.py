"""The Atom feed of data changes, from git history (generator/render/feed.py)."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.render.feed import atom, data_changes

from .conftest import ROOT, SMALL, check_golden, pinned_history

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})")


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.email=curator@example.org", "-c", "user.name=Curator", *args],
                   check=True, capture_output=True)


@pytest.fixture
def history(tmp_path: Path) -> Path:
    """A repository whose data changed twice: a value corrected, then a fact added."""
    shutil.copytree(SMALL, tmp_path / "data")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "data")
    facts = tmp_path / "data" / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("    value: 5000\n", "    value: 5000.0\n").replace(
        "quote: \"Acme held more than 5,000", "quote: \"Acme held more than 5,000"), encoding="utf-8")
    text = facts.read_text(encoding="utf-8")
    facts.write_text(text.replace("    value: 100000000\n", "    value: 110000000\n", 1), encoding="utf-8")
    git(tmp_path, "commit", "-q", "-am", "correct 2022")
    return tmp_path


def test_each_changed_fact_is_an_entry_with_its_old_and_new_value(history: Path) -> None:
    changes = data_changes(history / "data")
    assert [(c.fact, c.title) for c in changes] == [
        ("acme-licensing-2022", "Licensing revenue, Acme, 2022: US$100 million → US$110 million")]
    assert changes[0].summary == "Was US$100 million; now US$110 million."


def test_each_revision_is_loaded_once_and_commits_outside_the_data_are_skipped(history: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Each load is a whole store (30 s at 100,000 facts): a commit's "before" is the previous data commit's
    "after", even with commits that leave the data alone in between."""
    import generator.render.feed as feed

    (history / "README").write_text("not data\n", encoding="utf-8")
    git(history, "add", "README")
    git(history, "commit", "-q", "-m", "docs only")
    facts = history / "data" / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("    value: 110000000\n", "    value: 120000000\n", 1),
                     encoding="utf-8")
    git(history, "commit", "-q", "-am", "correct 2022 again")
    loads: list[str | None] = []
    real = feed.load_revision
    monkeypatch.setattr(feed, "load_revision", lambda repo, data, rev: loads.append(rev) or real(repo, data, rev))
    changes = data_changes(history / "data")
    assert [c.title for c in changes] == ["Licensing revenue, Acme, 2022: US$110 million → US$120 million",
                                          "Licensing revenue, Acme, 2022: US$100 million → US$110 million"]
    assert len(loads) == len(set(loads)) == 3  # three data commits, the first with no data before it


def test_a_symbolic_link_in_the_data_s_history_is_left_out_not_a_failure(history: Path) -> None:
    """A data file that was once a link to an absolute path must not fail every build and diff across it."""
    from generator.history import load_revision

    (history / "data" / "outside.yaml").symlink_to("/etc/hostname")
    git(history, "add", "data/outside.yaml")
    git(history, "commit", "-q", "-m", "a link by mistake")
    (history / "data" / "outside.yaml").unlink()
    facts = history / "data" / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("    value: 110000000\n", "    value: 120000000\n", 1),
                     encoding="utf-8")
    git(history, "add", "-A")
    git(history, "commit", "-q", "-m", "link removed, 2022 corrected")
    assert [c.title for c in data_changes(history / "data")] == [
        "Licensing revenue, Acme, 2022: US$110 million → US$120 million",
        "Licensing revenue, Acme, 2022: US$100 million → US$110 million"]
    linked = load_revision(history, history / "data", "HEAD~1")
    assert linked.store is not None
    [warning] = linked.problems
    assert (warning.path, warning.severity) == ("data/outside.yaml", "warning")
    assert "is a symbolic link, not a file; it was left out of that revision's data" in warning.message
    result = subprocess.run([sys.executable, "-m", "generator", "diff", "HEAD~2", "HEAD~1"], cwd=history,
                            capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr


def test_the_feed_is_atom(history: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """RFC 4287: feed and entries with id, title, updated (RFC 3339) and an alternate link; XML-escaped text."""
    import datetime as dt

    from generator.render.feed import Change

    monkeypatch.setenv("SITE_URL", "https://example.org/figures/")
    changes = data_changes(history / "data") + [
        Change("abc", "2026-01-02T03:04:05+00:00", "x", "m", "R&D <b>spend</b> \"up\"", "a < b & c")]
    root = ET.fromstring(atom(changes, "Huawei & China IP figures", dt.date(2026, 1, 3),
                              "https://example.org/figures/").encode())
    assert root.tag == f"{ATOM}feed"
    for element in [root, *root.findall(f"{ATOM}entry")]:
        assert element.find(f"{ATOM}id").text and element.find(f"{ATOM}title").text
        assert RFC3339.fullmatch(element.find(f"{ATOM}updated").text)
        assert element.find(f"{ATOM}link[@rel='alternate']").get("href").startswith("https://example.org/figures/")
    assert root.find(f"{ATOM}author/{ATOM}name").text == "Huawei & China IP figures"
    entries = root.findall(f"{ATOM}entry")
    assert entries[0].find(f"{ATOM}link").get("href") == (
        "https://example.org/figures/metrics/licensing-revenue/#acme-licensing-2022")
    assert entries[-1].find(f"{ATOM}title").text == "R&D <b>spend</b> \"up\""  # text, never markup
    assert len({e.find(f"{ATOM}id").text for e in entries}) == len(entries)


def test_no_history_gives_an_empty_feed(tmp_path: Path) -> None:
    import datetime as dt

    shutil.copytree(SMALL, tmp_path / "data")
    assert data_changes(tmp_path / "data") is None
    root = ET.fromstring(atom([], "Site", dt.date(2026, 1, 3)).encode())
    assert root.findall(f"{ATOM}entry") == [] and root.find(f"{ATOM}updated").text == "2026-01-03T00:00:00Z"


def test_the_feed_of_a_pinned_history_matches_its_golden_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Commit ids and dates pinned: the whole document, byte for byte (UPDATE_GOLDEN=1 rewrites it)."""
    import datetime as dt

    monkeypatch.setenv("SITE_URL", "https://example.org/figures/")
    repo = pinned_history(tmp_path)
    document = atom(data_changes(repo / "data"), "Huawei & China IP figures", dt.date(2026, 1, 5),
                    "https://example.org/figures/")
    ET.fromstring(document.encode())
    check_golden("feed.xml", document)


def test_a_second_build_reads_the_feed_from_its_cache_and_a_stale_cache_is_not_used(
        history: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each commit's entries are kept by commit id in the git folder: the next build loads no past data set. A cache
    written by other code (another generator version) or damaged is not trusted, and the entries are the same."""
    import generator.render.feed as feed

    first = data_changes(history / "data")
    cache = history / ".git" / "factsheet-feed.json"
    assert cache.is_file()
    loads: list[str | None] = []
    real = feed.load_revision
    monkeypatch.setattr(feed, "load_revision", lambda repo, data, rev: loads.append(rev) or real(repo, data, rev))
    assert data_changes(history / "data") == first and loads == []
    monkeypatch.setattr(feed, "code_version", lambda: "another version of the generator")
    assert data_changes(history / "data") == first and len(loads) == 2  # both data sets loaded again
    loads.clear()
    cache.write_text("{not json", encoding="utf-8")
    assert data_changes(history / "data") == first and len(loads) == 2


def test_a_commit_that_changes_many_figures_is_one_entry() -> None:
    """A table imported changes hundreds of facts in one commit: one entry saying how many and which, so the feed's
    size follows the commits, not the data (it was 970 KB for one import)."""
    from generator.render.feed import PER_COMMIT, Change, in_brief

    many = [Change("c2", "2026-01-02T00:00:00Z", f"f{i}", "residents", f"Patent applications, China, {1980 + i}: "
                   f"{i} (new)", "New figure.") for i in range(PER_COMMIT + 5)]
    many[0] = Change("c2", many[0].when, "f0", "residents", "Patent applications, China, 1980: 1 → 2", "Was 1.")
    few = [Change("c1", "2026-01-01T00:00:00Z", "g", "rd", "R&D spending, Huawei, 2024: 1 (new)", "New figure.")]
    brief = in_brief(many + few)
    assert [c.commit for c in brief] == ["c2", "c1"] and brief[1] == few[0]
    assert brief[0].title == f"{PER_COMMIT + 5} figures in one update: {PER_COMMIT + 4} added, 1 changed"
    assert brief[0].summary == f"{PER_COMMIT + 4} added, 1 changed: Patent applications ({PER_COMMIT + 5})."
    document = atom(brief, "Site", dt.date(2026, 1, 3))
    root = ET.fromstring(document.encode())
    assert len(root.findall(f"{ATOM}entry")) == 2
