"""Quote verification against archived source texts."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from generator.evidence import canonical, states_value

from .conftest import FIXTURE_ARCHIVE, ROOT, run_cli, seeds_dir


@pytest.mark.parametrize(
    "source, quote",
    [
        ("Huaweiâ??s patent licensing revenue", "Huawei's patent licensing revenue"),
        ("Huawei’s patent", "Huawei's patent"),
        ("â??Open innovation drives society forward,â?• said", "“Open innovation drives society forward,” said"),
        ("the companya??s Chief Legal Officer", "the company's Chief Legal Officer"),
        ("approximately US\\$630 million", "approximately US$630 million"),
        ("globally-trusted   patent\n system", "globally–trusted patent system"),
    ],
)
def test_tolerated_differences(source: str, quote: str) -> None:
    assert canonical(quote) in canonical(source)


@pytest.mark.parametrize(
    "source, quote",
    [
        ("revenue was US$630 million", "revenue was US$631 million"),
        ("6,600 published", "6.600 published"),
        ("over 1,000 academic papers", "over 1,000 scientific papers"),
    ],
)
def test_changed_words_and_digits_are_not_tolerated(source: str, quote: str) -> None:
    assert canonical(quote) not in canonical(source)


@pytest.mark.parametrize(
    "quote, value, unit, expected",
    [
        ("approximately US$630 million", 630_000_000, "USD", True),
        ("approximately US$630 million", 63_000_000, "USD", False),
        ("more than 1.04 million invention patents", 1_040_000, "count", True),
        ("accounting for 25.1% of the annual revenue", 25.1, "percent", True),
        ("a year-on-year increase of 13.5 percent", 13.5, "percent", True),
        ("more than 2.7 billion 5G devices", 2_700_000_000, "count", True),
        ("Huawei had 6,600 published", 6600, "count", True),
        ("each accounting for about one-third of the total", 33.3, "percent", True),
        ("nearly three times the amount", 300, "percent", True),
        ("nearly three times the amount", 3000, "percent", False),
        ("exceeds 977.3 billion yuan", 977_300_000_000, "CNY", True),
        ("no number here", 5, "count", False),
    ],
)
def test_quote_states_the_value(quote: str, value: float, unit: str, expected: bool) -> None:
    assert states_value(quote, value, unit) is expected


def test_fixture_quotes_verify(workdir: Path) -> None:
    result = run_cli("validate", "--archive", str(FIXTURE_ARCHIVE))
    assert result.code == 0
    assert "evidence: 8 quotes verified" in result.err


def test_without_archive_the_check_says_skipped(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FACTSHEET_ARCHIVE", raising=False)
    result = run_cli("validate")
    assert result.code == 0
    assert "evidence: SKIPPED" in result.err
    assert "verified against" not in result.err


def test_archive_from_environment(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTSHEET_ARCHIVE", str(FIXTURE_ARCHIVE))
    assert "evidence: 8 quotes verified" in run_cli("validate").err


def test_altered_quote_and_wrong_value_are_reported(workdir: Path) -> None:
    facts = workdir / "data" / "facts.yaml"
    text = facts.read_text(encoding="utf-8")
    text = text.replace("up from $100 million in 2022", "up from $101 million in 2022")
    text = text.replace("    value: 5000\n", "    value: 123456789\n")
    facts.write_text(text, encoding="utf-8")
    result = run_cli("validate", "--archive", str(FIXTURE_ARCHIVE))
    assert result.code == 1
    assert result.lines == [
        "data/facts.yaml:10:16: quote not found in the archived text of 'acme-note'; it matches up to "
        "'…up from $10' and differs after that; copy the words exactly from the source",
        "data/facts.yaml:49:16: quote does not state the value 123456789 (count); quote the words that give the "
        "figure",  # as written, never 1.23457e+08
    ]


def test_missing_archive_file(workdir: Path, tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    shutil.copytree(FIXTURE_ARCHIVE, archive)
    (archive / "blog-post.txt").unlink()
    result = run_cli("validate", "--archive", str(archive))
    assert result.code == 1
    assert result.lines == [f"data/sources.yaml:18:14: archive file 'blog-post.txt' not found in {archive}; add the source's full text there"]


def test_real_data_validates_with_every_quote_verified(monkeypatch: pytest.MonkeyPatch) -> None:
    seeds = seeds_dir()
    if seeds is None:
        pytest.skip("no source archive on this machine")
    monkeypatch.chdir(ROOT)
    result = run_cli("validate", "--archive", str(seeds))
    assert result.code == 0, result.out
    assert re.search(r"evidence: \d+ quotes and [\d,]+ table cells verified", result.err)


@pytest.mark.parametrize("old, new, message", [
    ('quote: "Acme held more than 5,000 valid patents by the end of 2023."', 'quote: "Acme held more than 5"',
     "quote ends inside the number '5,000' of the source; quote the whole number"),
    ('quote: "up from $100 million in 2022"', 'quote: "00 million in 2022"',
     "quote starts inside the number '100' of the source; quote the whole number"),
    ('quote: "up from $100 million in 2022"', 'quote: "up from $100 million in 202"',
     "quote ends inside the number '2022' of the source; quote the whole number"),
])
def test_a_quote_cut_inside_a_number_is_refused(workdir: Path, old: str, new: str, message: str) -> None:
    facts = workdir / "data" / "facts.yaml"
    text = facts.read_text(encoding="utf-8")
    assert old in text
    facts.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = run_cli("validate", "--archive", str(FIXTURE_ARCHIVE))
    assert result.code == 1
    [line] = result.lines
    assert line.endswith(": " + message), line


@pytest.mark.parametrize("text, quote, cut", [
    ("revenue of $120 million", "20 million", "starts inside the number '120' of the source"),
    ("revenue of 1.5 billion", "5 billion", "starts inside the number '1.5' of the source"),
    ("held 12,345 patents", "held 12,34", "ends inside the number '12,345' of the source"),
    ("held 12,345 patents", "held 12,345", None),
    ("in 2023. 5 million", "5 million", None),
    ("was 20 million, not $120 million", "20 million", None),  # one occurrence stands on its own
])
def test_number_boundaries(text: str, quote: str, cut: str | None) -> None:
    from generator.evidence import cut_number

    assert cut_number(canonical(quote), canonical(text)) == cut


def test_a_changed_archived_text_is_refused_naming_the_source(workdir: Path, tmp_path: Path) -> None:
    """One character edited in an archived file: the digest no longer matches, and its quotes are not trusted."""
    archive = tmp_path / "archive"
    shutil.copytree(FIXTURE_ARCHIVE, archive)
    text = (archive / "blog-post.txt").read_text(encoding="utf-8")
    (archive / "blog-post.txt").write_text(text.replace("really", "realty", 1), encoding="utf-8")
    result = run_cli("validate", "--archive", str(archive))
    assert result.code == 1
    expected = hashlib.sha256((archive / "blog-post.txt").read_bytes()).hexdigest()
    assert result.lines == [
        "data/sources.yaml:19:13: source 'blog': archived text changed (sha256 expected "
        f"8b0d763c8b68c1dca1ff24fa6abc9e2832c6759f5be1678feebaafb3f6b1bf67, found {expected}); restore the archived "
        "file, or review the new text and update sha256"]


def test_every_real_source_records_its_digest_and_retrieval_date() -> None:
    from generator.store import load_store

    store = load_store(ROOT / "data")
    archive = seeds_dir()
    for source in store.sources.values():
        assert len(source.sha256) == 64 and source.retrieved is not None, source.id
        if archive is not None:
            assert hashlib.sha256((archive / source.archive).read_bytes()).hexdigest() == source.sha256, source.id


def test_the_archive_from_the_settings_file(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--archive wins, then FACTSHEET_ARCHIVE, then factsheet.toml beside the data; a missing folder is said."""
    shutil.copytree(FIXTURE_ARCHIVE, workdir / "texts")
    (workdir / "factsheet.toml").write_text('[archive]\npath = "texts"\n', encoding="utf-8")
    result = run_cli("validate")
    assert result.code == 0 and f"evidence: 8 quotes verified against {workdir / 'texts'}" in result.err
    (workdir / "factsheet.toml").write_text('[archive]\npath = "gone"\n', encoding="utf-8")
    result = run_cli("validate")
    assert result.code == 0
    assert result.err.splitlines()[0] == f"warning: factsheet.toml names the archive {workdir / 'gone'}, which is not here"
    assert "evidence: SKIPPED" in result.err


def test_the_coverage_ledger_accounts_for_every_paragraph_and_every_entry() -> None:
    """The audit: each source's every paragraph maps to what it yields or why not; every entry comes from one."""
    from generator.evidence import paragraphs
    from generator.store import load_store

    store = load_store(ROOT / "data")
    ledgers = {ledger.source: ledger for ledger, _ in store.coverage}
    archive = seeds_dir()
    # A table's facts each cite their cell; a report of pages (form feeds) cites each quote with its page.
    texts = {s.id for s in store.sources.values() if s.table is None and not (
        archive is not None and "\f" in (archive / s.archive).read_text(encoding="utf-8", errors="replace"))}
    assert set(ledgers) == texts
    yielded = {i for ledger in ledgers.values() for p in ledger.paragraphs for i in p.yields}
    from_cells = {f.id for f in store.facts.values() if all(c.cell or c.source not in texts for c in f.citations)}
    everything = {*store.facts, *store.derived, *store.events, *store.statements, *store.people} - from_cells
    assert everything - yielded == set(), "entries no paragraph of the ledger accounts for"
    if archive is not None:
        for source in (store.sources[s] for s in sorted(texts)):
            text = (archive / source.archive).read_text(encoding="utf-8", errors="replace")
            assert len(ledgers[source.id].paragraphs) == len(paragraphs(text)), source.id


def test_a_paragraph_missing_from_the_ledger_is_reported(workdir: Path) -> None:
    (workdir / "data" / "coverage.yaml").write_text(
        "coverage:\n  - source: blog\n    paragraphs:\n"
        "      - at: \"Some say\"\n        yields: [acme-licensing-2023-blog]\n"
        "      - at: \"Nothing like this\"\n        none: invented\n", encoding="utf-8")
    text = (FIXTURE_ARCHIVE / "blog-post.txt").read_text(encoding="utf-8").splitlines()
    result = run_cli("validate", "--archive", str(FIXTURE_ARCHIVE))
    assert result.code == 1
    assert result.lines[0] == ("data/coverage.yaml:4:9: paragraph 1 of 'blog' ('"
                               + canonical(text[0])[:50] + "…') is not accounted for; add it before this entry, "
                               "with 'yields' or 'none'")
    assert "data/coverage.yaml:6:13: no paragraph of 'blog' starts with 'Nothing like this'" in result.out


def test_ledger_entries_need_known_ids_and_one_of_yields_or_none(workdir: Path) -> None:
    (workdir / "data" / "coverage.yaml").write_text(
        "coverage:\n  - source: blog\n    paragraphs:\n"
        "      - at: \"Some say\"\n        yields: [no-such-fact]\n"
        "      - at: \"x\"\n", encoding="utf-8")
    result = run_cli("validate")
    assert result.code == 1
    assert result.lines == [
        "data/coverage.yaml:6:9: a paragraph needs either 'yields' (ids) or 'none' (why it yields nothing), not both"]
    (workdir / "data" / "coverage.yaml").write_text(
        "coverage:\n  - source: blog\n    paragraphs:\n      - at: \"Some say\"\n        yields: [no-such-fact]\n",
        encoding="utf-8")
    assert run_cli("validate").lines == [
        "data/coverage.yaml:5:18: unknown id 'no-such-fact': no fact, derived figure, event, statement or person has it"]


def test_data_that_keeps_ledgers_keeps_one_for_every_text_source(workdir: Path) -> None:
    """A new text source without its coverage ledger is refused by validate, in pull requests too (the data-only
    review runs validate, not the test suite)."""
    (workdir / "data" / "coverage.yaml").write_text(
        "coverage:\n  - source: blog\n    paragraphs:\n"
        "      - at: \"Some say\"\n        yields: [acme-licensing-2023-blog]\n", encoding="utf-8")
    result = run_cli("validate", "--archive", str(FIXTURE_ARCHIVE))
    assert result.code == 1
    assert any(line.endswith("source 'acme-note' has no coverage ledger; add data/coverage/acme-note.yaml saying, "
                             "paragraph by paragraph, what each yields or why nothing (see data/coverage/ for "
                             "examples)") for line in result.lines), result.lines
    (workdir / "data" / "coverage.yaml").unlink()  # data without ledgers: none asked for
    assert "no coverage ledger" not in run_cli("validate", "--archive", str(FIXTURE_ARCHIVE)).out
