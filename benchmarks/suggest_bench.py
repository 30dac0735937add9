"""How long `suggest` takes on a 20 KB article (goal: under 2 seconds), with the data's guesses on."""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.sources.suggest import suggest  # noqa: E402
from generator.store import load_store  # noqa: E402


def main() -> None:
    pieces = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "suggest").glob("*.txt"))]
    seeds = ROOT.parent / "shared" / "seeds"  # the five seed texts of the archive
    pieces += [p.read_text(encoding="utf-8", errors="replace") for p in sorted(seeds.glob("*.txt"))]
    article = ""
    while len(article.encode()) < 20_000:
        article += "\n\n".join(pieces) + "\n\n"
    article = article.encode()[:20_000].decode("utf-8", errors="ignore")
    store = load_store(ROOT / "data")
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        found = suggest(article, store=store)
        best = min(best, time.perf_counter() - start)
    print(f"suggest: {len(article.encode()):,} bytes, {len(found)} candidates, best of 3: {best:.2f} s (goal < 2 s)")
    # Hostile shapes: time must grow in step with the text, not with its square.
    sentence = "Huawei spent CNY 179.7 billion on R&D in 2024, about 20.8% of its revenue, the company said and "
    table = "Highlights {}\n\n2023 2022 2021\nRevenue 1,2 3,4 5,6\nProfit 7 8 9\n\n"
    for name, make in (("'US$1,1,1,…' in one figure", lambda n: "Revenue was US$" + ",1" * (n // 2) + " million."),
                       ("an article without a full stop", lambda n: sentence * (n // len(sentence))),
                       ("a text of many small tables", lambda n: "".join(table.format(i) for i in range(n // 60)))):
        times = []
        for size in (8_000, 80_000):
            text = make(size)
            start = time.perf_counter()
            suggest(text, store=store)
            times.append(time.perf_counter() - start)
        print(f"suggest on {name}: 8 KB {times[0]:.2f} s, 80 KB {times[1]:.2f} s "
              f"(×{times[1] / max(times[0], 1e-6):.0f} for ×10 the text; goal: in step with the text, about ×10)")


def holdout(archive: Path) -> None:
    """Recall and non-figures on the library's texts (benchmarks/holdout.yaml): those suggest was never tuned on
    (the measure), and those it was tuned on since (a check that it still holds on them), each with its first
    measure."""
    import yaml

    listed = yaml.safe_load((ROOT / "benchmarks" / "holdout.yaml").read_text(encoding="utf-8"))
    for group, title in (("texts", "held-back texts (never tuned on)"),
                         ("tuned", "texts tuned on since their first measure (a regression check, not a measure)")):
        entries = listed.get(group) or []
        if not entries:
            print(f"suggest on {title}: none listed; add new library texts to benchmarks/holdout.yaml")
            continue
        totals = [0, 0, 0]
        for entry in entries:
            found, wanted, extra = _measure(archive, entry)
            if wanted is None:
                continue
            totals = [totals[0] + found, totals[1] + wanted, totals[2] + extra]
        if totals[1]:
            print(f"suggest on {len(entries)} {title}: recall {totals[0]}/{totals[1]} "
                  f"({100 * totals[0] / totals[1]:.0f} %, goal >= 90 %), {totals[2]} non-figure(s) "
                  f"(goal: at most one per three texts)")


def _measure(archive: Path, entry: dict) -> tuple[int, int | None, int]:
    """Figures found, figures listed (None when the text is not in the archive) and non-figures proposed."""
    import math

    path = archive / entry["path"]
    if not path.is_file():
        print(f"  {entry['path']} not in {archive}; skipped")
        return 0, None, 0
    wanted = [(float(value), unit) for value, unit in entry["figures"]]
    text = path.read_text(encoding="utf-8")
    if entry.get("pages"):  # a report's pages, counted from 1 as form feeds separate them
        first, last = entry["pages"]
        text = "\f".join(text.split("\f")[first - 1:last])
    proposed = suggest(text)

    def same(candidate, figure) -> bool:  # noqa: ANN001
        return candidate.unit == figure[1] and math.isclose(abs(candidate.value), figure[0], rel_tol=0.005)  # "down 28.6%"

    found = [figure for figure in wanted if any(same(c, figure) for c in proposed)]
    extra = [c for c in proposed if not any(same(c, figure) for figure in wanted)]
    missed = ", ".join(f"{value:g} {unit}" for value, unit in wanted if (value, unit) not in found)
    pages = f" pages {entry['pages'][0]}-{entry['pages'][1]}" if entry.get("pages") else ""
    print(f"  {Path(entry['path']).name}{pages}: {len(found)}/{len(wanted)} figures, {len(extra)} non-figure(s)"
          + (f"; missed {missed}" if missed else "")
          + (f"; proposed {', '.join(repr(c.stated) for c in extra)}" if extra else "")
          + (f" [first: {entry['first_sight']}]" if entry.get("first_sight") else ""))
    return len(found), len(wanted), len(extra)


if __name__ == "__main__":
    main()
    holdout(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared")
