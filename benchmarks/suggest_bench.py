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


if __name__ == "__main__":
    main()
