"""`make bench` keeps working: the benchmark runs end to end on a small data set and prints its one table (a
refactor once broke it unseen). What it measures is not asserted: timings belong to benchmarks, not tests."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT


def test_the_benchmark_prints_its_table_for_a_small_data_set() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench.py"), "--sizes", "200"],
                            capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("Machine: ") and "goals: generator ≤ 1× plain MkDocs" in lines[0]
    head, rule, row = lines[-3:]
    assert head.startswith("| facts |") and "| edit to visible in serve (s) |" in head
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[0] == "200" and len(cells) == head.count("|") - 1
    assert cells[-2].endswith("/ 0")  # a no-op rebuild rewrites nothing
    assert float(cells[-1]) > 0  # the edit showed in serve
