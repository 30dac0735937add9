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
    for name, make in (("'US$1,1,1,…' in one figure", lambda n: "Revenue was US$" + ",1" * (n // 2) + " million."),
                       ("an article without a full stop", lambda n: sentence * (n // len(sentence)))):
        times = []
        for size in (8_000, 80_000):
            text = make(size)
            start = time.perf_counter()
            suggest(text, store=store)
            times.append(time.perf_counter() - start)
        print(f"suggest on {name}: 8 KB {times[0]:.2f} s, 80 KB {times[1]:.2f} s "
              f"(×{times[1] / max(times[0], 1e-6):.0f} for ×10 the text; goal: in step with the text, about ×10)")


if __name__ == "__main__":
    main()
