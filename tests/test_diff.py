"""`generator diff`: the review report of a data change, on a real git repository with real commits."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import SMALL, check_golden, pinned_history, run_cli

FACTS = "data/facts.yaml"
GIT_ENV = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org", "GIT_COMMITTER_NAME": "Test",
           "GIT_COMMITTER_EMAIL": "test@example.org", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_SYSTEM": "/dev/null"}


def git(repo: Path, *args: str) -> str:
    import os

    result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True,
                            env={**os.environ, **GIT_ENV})
    return result.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository whose first commit holds the small fixture data set; the working directory."""
    shutil.copytree(SMALL, tmp_path / "data")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "data")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def edit(repo: Path, path: str, old: str, new: str, *, count: int = 1) -> None:
    file = repo / path
    text = file.read_text(encoding="utf-8")
    assert text.count(old) >= count, f"{old!r} not in {path}"
    file.write_text(text.replace(old, new, count), encoding="utf-8")


def commit(repo: Path, message: str) -> str:
    git(repo, "commit", "-q", "-am", message)
    return git(repo, "rev-parse", "--short", "HEAD")


def report(*args: str) -> str:
    result = run_cli("diff", *args)
    assert result.code == 0, result.err
    return result.out


def flags(text: str) -> list[str]:
    return re.findall(r"^- ⚠️ \*\*(.+?)\*\*", text, flags=re.M)


def test_an_empty_diff_says_so_in_one_line(repo: Path) -> None:
    sha = git(repo, "rev-parse", "--short", "HEAD")
    assert report("HEAD").splitlines() == [f"No changes to the data between HEAD \\({sha}\\) → working tree."]
    assert report("HEAD", "main") == f"No changes to the data between HEAD \\({sha}\\) → main \\({sha}\\).\n"


def test_a_changed_value_with_its_evidence_is_reported_and_not_flagged(repo: Path) -> None:
    edit(repo, FACTS, "value: 120000000\n    qualifier: approximately", "value: 125000000\n    qualifier: approximately")
    edit(repo, FACTS, "In 2023, Acme's licensing revenue was approximately US$120 million",
         "In 2023, Acme's licensing revenue was approximately US$125 million")
    edit(repo, FACTS, "qualifier: approximately\n    citations:", "qualifier: approximately\n    note: Restated in the 2024 note.\n    citations:")
    head = commit(repo, "restate 2023")
    text = report("HEAD~1", "HEAD")
    lines = text.splitlines()
    assert lines[0].startswith("## Data changes: HEAD\\~1 \\(") and lines[0].endswith(f"→ HEAD \\({head}\\)")
    assert "**Facts:** 1 changed. **Flags:** none." in lines
    assert "### Licensing revenue" in lines
    assert ("- **2023 · Acme**, changed `acme-licensing-2023` (data/facts.yaml:11): about US$120 million → "
            "**about US$125 million**") in lines
    assert ("  - quote changed \\(ACME annual note\\): “In 2023, Acme's licensing revenue was approximately US$120 "
            "million” → “In 2023, Acme's licensing revenue was approximately US$125 million”") in lines
    assert "  - note: \\(none\\) → Restated in the 2024 note." in lines
    pages = lines[lines.index("### Pages affected") + 2]
    assert "`/metrics/licensing-revenue/`" in pages and "`/data/facts.csv`" in pages and "`/`" in pages
    assert "`/metrics/valid-patents/`" not in pages
    assert flags(text) == []


def test_an_added_fact_is_listed_under_its_metric_and_year(repo: Path) -> None:
    edit(repo, FACTS, "derived:\n", "  - id: acme-valid-patents-2024\n    entity: acme\n    metric: valid-patents\n    period: 2024\n"
                  "    value: 5400\n    qualifier: exact\n    citations:\n      - source: acme-note\n"
                  "        quote: \"Acme held 5,400 valid patents at the end of 2024.\"\nderived:\n")
    text = report("HEAD")  # the working tree, uncommitted
    lines = text.splitlines()
    assert "**Facts:** 1 added. **Flags:** none." in lines
    at = lines.index("### Valid patents")
    assert lines[at + 2] == "- **2024 · Acme**, added `acme-valid-patents-2024` (data/facts.yaml:50): 5,400"
    assert lines[at + 3:at + 5] == ["  - period 2024, rank preferred",
                                    "  - cited: ACME annual note: “Acme held 5,400 valid patents at the end of 2024.”"]


def test_a_removed_citation_is_flagged(repo: Path) -> None:
    edit(repo, FACTS, "      - source: acme-note\n        quote: \"Acme held more than 5,000 valid patents by the end of 2023.\"\n",
         "      - source: blog\n        quote: \"more than 5,000 patents\"\n")
    commit(repo, "swap the citation")
    text = report("HEAD~1", "HEAD")
    assert flags(text) == ["Citation removed"]
    assert ("- ⚠️ **Citation removed**: Valid patents, Acme, 2023: citation of ACME annual note: “Acme held more than "
            "5,000 valid patents by the end of 2023.” removed. (data/facts.yaml:40)") in text.splitlines()
    assert "  - citation added: \\[Untitled\\] blog post: “more than 5,000 patents”" in text.splitlines()


def test_a_million_billion_slip_is_flagged_and_the_threshold_is_configurable(repo: Path) -> None:
    edit(repo, FACTS, "value: 100000000\n", "value: 100000000000\n")
    commit(repo, "oops")
    text = report("HEAD~1", "HEAD")
    assert ("- ⚠️ **Changed 10× or more**: Licensing revenue, Acme, 2022: US$100 million → US$100 billion \\(×1,000\\). "
            "A million/billion or unit slip? (data/facts.yaml:2)") in text.splitlines()
    # Replacing the preferred value with nothing said about it, and the jump to 2023, are flagged too.
    assert sorted(flags(text)) == ["Changed 10× or more", "Jump from the year before",
                                   "Preferred value replaced without a reason"]
    assert "Changed 1000× or more" in flags(report("HEAD~1", "HEAD", "--ratio", "1000"))
    assert not any("× or more" in f for f in flags(report("HEAD~1", "HEAD", "--ratio", "1001")))


def test_a_currency_change_is_flagged_once_on_the_metric(repo: Path) -> None:
    edit(repo, "data/entities.yaml", "label: Licensing revenue\n    unit: USD", "label: Licensing revenue\n    unit: CNY")
    commit(repo, "currency")
    text = report("HEAD~1", "HEAD")
    assert flags(text) == ["Unit or currency changed"]
    assert ("- ⚠️ **Unit or currency changed**: Licensing revenue: the metric's unit changed from USD to CNY; every "
            "value of it is now read in CNY.") in text
    assert "- metrics: changed `licensing-revenue`" in text.splitlines()
    assert "  - unit: USD → CNY" in text.splitlines()


def test_a_year_on_year_jump_is_flagged(repo: Path) -> None:
    edit(repo, FACTS, "derived:\n", "  - id: acme-valid-patents-2024\n    entity: acme\n    metric: valid-patents\n    period: 2024\n"
                  "    value: 50000\n    qualifier: exact\n    citations:\n      - source: acme-note\n"
                  "        quote: \"50,000 valid patents\"\nderived:\n")
    text = report("HEAD")
    assert ("- ⚠️ **Jump from the year before**: Valid patents, Acme: at least 5,000 in 2023 → 50,000 in 2024 \\(×10\\). "
            "Check the year and the scale. (data/facts.yaml:50)") in text.splitlines()
    assert flags(report("HEAD", "--jump", "11")) == []


def test_a_sign_flip_is_flagged(repo: Path) -> None:
    edit(repo, FACTS, "value: 5000\n", "value: -5000\n")
    assert "Sign flipped" in flags(report("HEAD"))


def test_a_demoted_value_kept_with_a_reason_is_not_flagged(repo: Path) -> None:
    """An honest correction: the old value stays, ranked down, and says why."""
    edit(repo, FACTS, "    value: 110000000\n    qualifier: exact\n    rank: normal\n",
         "    value: 110000000\n    qualifier: exact\n")
    edit(repo, FACTS, "    value: 120000000\n    qualifier: approximately\n",
         "    value: 120000000\n    qualifier: approximately\n    rank: deprecated\n")
    edit(repo, FACTS, "A blog repeats hearsay; the company's own note is preferred.", "unused")
    edit(repo, FACTS, "    reason: unused\n", "")
    edit(repo, FACTS, "    rank: deprecated\n", "    rank: deprecated\n    reason: The blog's later figure corrects the note.\n")
    text = report("HEAD")
    assert "**Facts:** 2 changed." in text
    assert "  - rank: normal → preferred" in text.splitlines()
    assert flags(text) == []


def test_validation_problems_at_head_are_reported(repo: Path) -> None:
    edit(repo, FACTS, "value: 5000\n", "value: five thousand\n")
    text = report("HEAD")
    assert text.splitlines()[2] == "**Facts:** none changed. **Flags:** none. **Validation:** 1 problem at HEAD."
    assert "### Validation problems at HEAD" in text
    assert re.search(r"^- data/facts\.yaml:44:12: expected a plain number in the metric's unit .*found 'five thousand'$", text, flags=re.M), text


def test_json_gives_the_same_report(repo: Path) -> None:
    edit(repo, FACTS, "value: 100000000\n", "value: 100000000000\n")
    data = json.loads(report("HEAD", "--format", "json"))
    assert data["empty"] is False and data["head"] == "working tree"
    assert [(c["change"], c["id"], c["before"], c["after"]) for c in data["facts"]] == [
        ("changed", "acme-licensing-2022", "US$100 million", "US$100 billion")]
    assert {f["kind"] for f in data["flags"]} == {"ratio", "jump", "preferred-replaced"}
    assert "/metrics/licensing-revenue/" in data["pages"]


def test_hostile_text_in_a_change_stays_inert_markdown(repo: Path) -> None:
    edit(repo, FACTS, "note: By the end of 2023.", "note: \"<img src=x onerror=alert(1)> [x](javascript:alert(1)) @octocat #1\"")
    text = report("HEAD")
    assert "<img" not in text and "](javascript" not in text
    assert "@octocat" not in text and "#1" not in text  # no mention and no issue link in a PR comment
    assert "&lt;img src=x onerror=alert\\(1\\)&gt;" in text


def test_an_unknown_revision_is_a_usage_error(repo: Path) -> None:
    result = run_cli("diff", "no-such-branch")
    assert result.code == 2
    assert "'no-such-branch' is not a commit" in result.err


def test_a_base_without_data_is_a_usage_error(repo: Path) -> None:
    (repo / "README").write_text("x", encoding="utf-8")
    git(repo, "add", "README")
    git(repo, "mv", "data", "facts-data")
    commit(repo, "move")
    git(repo, "mv", "facts-data", "data")
    result = run_cli("diff", "HEAD")
    assert result.code == 2 and "HEAD has no 'data' directory" in result.err


def test_changed_charts_are_drawn_before_and_after_offline(repo: Path) -> None:
    from .test_browser import _require_browser

    _require_browser()
    edit(repo, FACTS, "value: 100000000\n", "value: 100000000000\n")
    images = repo / "images"
    text = report("HEAD", "--images", str(images))
    assert ("Chart before: `licensing-revenue-base.png`; after: `licensing-revenue-head.png` (workflow artifact)."
            in text.splitlines())
    before, after = (images / "licensing-revenue-base.png").read_bytes(), (images / "licensing-revenue-head.png").read_bytes()
    assert before.startswith(b"\x89PNG\r\n\x1a\n") and after.startswith(b"\x89PNG\r\n\x1a\n")
    assert before != after
    assert sorted(p.name for p in images.iterdir()) == [".factsheet-images", "licensing-revenue-base.png",
                                                        "licensing-revenue-head.png"]


def test_without_a_browser_the_report_is_still_written(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTSHEET_CHROMIUM", str(repo / "no-such-browser"))
    edit(repo, FACTS, "value: 100000000\n", "value: 100000000000\n")
    result = run_cli("diff", "HEAD", "--images", str(repo / "images"))
    assert result.code == 0 and "### Licensing revenue" in result.out and "Chart before" not in result.out
    assert f"chart images skipped: FACTSHEET_CHROMIUM={repo / 'no-such-browser'} does not exist" in result.err.splitlines()


def test_with_an_archive_quotes_at_head_are_verified(repo: Path) -> None:
    from .conftest import FIXTURE_ARCHIVE

    edit(repo, FACTS, "Acme held more than 5,000 valid patents by the end of 2023.", "Acme held more than 5,000 patents.")
    result = run_cli("diff", "HEAD", "--archive", str(FIXTURE_ARCHIVE))
    assert result.code == 0
    assert "**Validation:** 1 problem at HEAD." in result.out
    assert re.search(r"^- data/facts\.yaml:\d+:\d+: quote not found in the archived text of 'acme-note'", result.out, re.M)
    assert "evidence: SKIPPED" in run_cli("diff", "HEAD").err


def test_images_never_land_among_other_files(repo: Path) -> None:
    (repo / "notes").mkdir()
    (repo / "notes" / "todo.txt").write_text("mine\n", encoding="utf-8")
    for target, message in [
        ("notes", "Error: --images notes holds files this tool did not write"),
        ("data", "Error: --images data would replace data (your files)"),
        ("data/images", "Error: --images data/images is inside data (your files)"),
    ]:
        result = run_cli("diff", "HEAD", "--images", target)
        assert result.code == 2 and message in result.err, result.err
    assert sorted(p.name for p in (repo / "notes").iterdir()) == ["todo.txt"]
    assert not (repo / "data" / "images").exists()


def test_data_outside_the_repository_is_a_usage_error(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    shutil.copytree(SMALL, elsewhere / "data")
    (repo / "linked").symlink_to(elsewhere / "data")  # an absolute link out of the repository
    for data in ("linked", str(repo / "linked")):
        result = run_cli("diff", "HEAD", "--data", data)
        assert result.code == 2, result.err
        assert result.err.strip().splitlines()[-1].startswith("Error: "), result.err


def test_the_report_of_a_pinned_history_matches_its_golden_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every section at once (flags, changed, added, citations, pages), byte for byte (UPDATE_GOLDEN=1 rewrites it)."""
    repo = pinned_history(tmp_path / "repo")
    monkeypatch.chdir(repo)
    check_golden("diff.md", report("HEAD~3", "HEAD"))
