"""The public data contract: golden copies of the fixture export, and its invariants on the real data."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from .conftest import ROOT, check_golden, run_cli


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_fixture_export_matches_golden(workdir: Path, fmt: str) -> None:
    result = run_cli("export", "--format", fmt)
    assert result.code == 0
    check_golden(f"export.{fmt}", result.out)


def test_sources_export_matches_golden(workdir: Path) -> None:
    result = run_cli("export", "--what", "sources")
    check_golden("sources.json", result.out)


def test_export_to_file(workdir: Path) -> None:
    assert run_cli("export", "--format", "csv", "--out", "facts.csv").code == 0
    rows = list(csv.DictReader(io.StringIO((workdir / "facts.csv").read_text(encoding="utf-8"))))
    assert [r["id"] for r in rows if r["derived"] == "true"] == ["acme-licensing-growth-2023"]


def test_real_export_holds_every_figure_with_period_and_unit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    records = json.loads(run_cli("export").out)
    by_id = {r["id"]: r for r in records}
    expected = {
        "huawei-licensing-revenue-2024": ("2024", 630_000_000, "USD", "approximately"),
        "huawei-licensing-revenue-2022": ("2022", 560_000_000, "USD", "exact"),
        "huawei-licensing-revenue-2025-target": ("2025", 630_000_000, "USD", "target"),
        "huawei-rd-spend-2022": ("2022", 161_500_000_000, "CNY", "exact"),
        "huawei-rd-share-of-revenue-2022": ("2022", 25.1, "percent", "exact"),
        "huawei-valid-patents-2022": ("2022", 120_000, "count", "at_least"),
        "huawei-pct-applications-published-2024": ("2024", 6600, "count", "exact"),
        "huawei-patents-published-2024": ("2024", 37_000, "count", "exact"),
        "huawei-licensed-5g-devices-2024": ("2024", 2_700_000_000, "count", "at_least"),
        "china-invention-patents-granted-2024": ("2024", 1_040_000, "count", "at_least"),
        "china-trademark-registrations-2024": ("2024", 4_780_000, "count", "exact"),
        "huawei-cloud-developers-2025": ("2025", 8_500_000, "count", "at_least"),
        "china-top-100-science-clusters-2024": ("2024", 26, "count", "exact"),
    }
    for fact_id, (period, value, unit, qualifier) in expected.items():
        record = by_id[fact_id]
        assert (record["period"], record["value"], record["unit"], record["qualifier"]) == (period, value, unit, qualifier)
        assert record["derived"] is False and record["quotes"] and record["sources"]
    derived = [r for r in records if r["derived"]]
    assert derived and all(r["formula"] and not r["quotes"] for r in derived)
    assert records == sorted(records, key=lambda r: (r["metric"], r["entity"], r["period"], r["derived"], r["id"]))


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_csv_cells_that_would_run_as_formulas_are_neutralised(cell: str) -> None:
    from generator.export import to_csv

    text = to_csv([{"id": "a", "title": cell, "value": -5, "share": -0.5}], ("id", "title", "value", "share"))
    [row] = list(csv.DictReader(io.StringIO(text, newline="")))
    assert row == {"id": "a", "title": "'" + cell.replace("\r", "\n"), "value": "-5", "share": "-0.5"}  # numbers stay numbers


def test_export_out_refuses_what_it_did_not_write(workdir: Path) -> None:
    (workdir / "notes.txt").write_text("mine\n", encoding="utf-8")
    for target, message in [
        ("notes.txt", "Error: --out notes.txt exists and is not an earlier export; choose another file name, or delete it yourself"),
        ("data/facts.yaml", "Error: --out data/facts.yaml is inside data (your files); choose a folder outside it"),
        ("missing/facts.json", "Error: --out missing/facts.json: the folder missing does not exist; create it first"),
        ("", "Error: --out needs a path of its own, such as site/, not the current folder"),
    ]:
        result = run_cli("export", "--out", target)
        assert (result.code, result.err.strip()) == (2, message), target
    assert (workdir / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    assert not (workdir / "missing").exists()
    # An earlier export is replaced, in either format.
    for fmt in ("json", "csv"):
        assert run_cli("export", "--format", fmt, "--out", "facts.out").code == 0
        assert run_cli("export", "--format", fmt, "--out", "facts.out").code == 0
