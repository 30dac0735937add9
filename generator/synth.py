"""A valid synthetic data set of any size, with archived source texts, for benchmarks and scale tests.

The shape is kept constant as it grows, so that per-item pages stay the same size: every metric
covers ``ENTITIES_PER_METRIC`` entities over ``YEARS`` years, every entity appears in as many metrics,
and every source states ``FACTS_PER_SOURCE`` facts. More facts mean more metrics, entities and
sources, not longer pages. The numbers are deterministic (a fixed seed), so runs compare.
"""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

import yaml

YEARS = tuple(range(2015, 2025))
ENTITIES_PER_METRIC = 5
FACTS_PER_SOURCE = 100
FACTS_PER_FILE = 1_000  # well under the loader's 1 MB cap
QUALIFIERS = ("exact", "exact", "exact", "approximately", "at_least")
HEDGE = {"exact": "", "approximately": "about ", "at_least": "more than "}  # the words that make the qualifier
UNITS = ("count", "count", "USD", "CNY", "percent")


def _dump(path: Path, data: dict) -> None:
    path.write_text("# Synthetic data written by `python -m generator synth`.\n"
                    + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=200), encoding="utf-8")


def synth(out: Path, facts: int, entities: int | None = None, seed: int = 0) -> dict[str, int]:
    """Write ``out/data/`` and ``out/archive/``; return the counts written."""
    rng = random.Random(seed)
    per_metric = ENTITIES_PER_METRIC * len(YEARS)
    n_metrics = max(1, -(-facts // per_metric))
    n_entities = entities or max(ENTITIES_PER_METRIC, n_metrics)
    data, archive = out / "data", out / "archive"
    (data / "facts").mkdir(parents=True, exist_ok=True)
    archive.mkdir(parents=True, exist_ok=True)

    entity_rows = [{"id": f"entity-{e:05d}", "name": f"Synthetic Company {e}", "kind": "organisation",
                    "description": f"Synthetic organisation number {e}."} for e in range(n_entities)]
    metric_rows = [{"id": f"metric-{m:05d}", "label": f"Synthetic measure {m}", "unit": UNITS[m % len(UNITS)],
                    "description": f"Synthetic measure number {m}, one value a year.", "headline": m < 3}
                   for m in range(n_metrics)]
    fact_rows, quotes = [], []
    for i in range(facts):
        m, rest = divmod(i, per_metric)
        k, y = divmod(rest, len(YEARS))
        metric, entity = metric_rows[m], entity_rows[(m + k) % n_entities]
        value = rng.randint(1, 100) if metric["unit"] == "percent" else rng.randint(1_000, 9_999_999)
        qualifier = QUALIFIERS[i % len(QUALIFIERS)]
        quote = (f"In {YEARS[y]}, {entity['name']} recorded {HEDGE[qualifier]}{value:,} for {metric['label'].lower()} "
                 f"(fact {i}).")
        quotes.append(quote)
        fact_rows.append({
            "id": f"fact-{i:07d}", "entity": entity["id"], "metric": metric["id"], "period": YEARS[y],
            "value": value, "qualifier": qualifier,
            "citations": [{"source": f"source-{i // FACTS_PER_SOURCE:05d}", "quote": quote}],
        })
    n_sources = max(1, -(-facts // FACTS_PER_SOURCE))
    source_rows = []
    for s in range(n_sources):
        name = f"source-{s:05d}.txt"
        text = "\n\n".join(quotes[s * FACTS_PER_SOURCE:(s + 1) * FACTS_PER_SOURCE]) or "Synthetic events."
        body = f"Synthetic report {s}\n\n{text}\n".encode()
        (archive / name).write_bytes(body)
        source_rows.append({"id": f"source-{s:05d}", "title": f"Synthetic report {s}", "publisher": "Synthetic Press",
                            "published": f"2025-{s % 12 + 1:02d}", "kind": "report", "language": "en",
                            "url": f"https://example.org/reports/{s}", "archive": name,
                            "sha256": hashlib.sha256(body).hexdigest(), "retrieved": "2025-12-31"})
    events = [{"id": f"event-{y}", "date": f"{y}-06", "title": f"Synthetic Company 0 holds its {y} conference",
               "entities": [entity_rows[0]["id"]],
               "citations": [{"source": "source-00000", "quote": "Synthetic report 0"}]} for y in YEARS]

    _dump(data / "sources.yaml", {"sources": source_rows})
    _dump(data / "entities.yaml", {"entities": entity_rows})
    _dump(data / "metrics.yaml", {"metrics": metric_rows})
    _dump(data / "events.yaml", {"events": events})
    for start in range(0, len(fact_rows), FACTS_PER_FILE):
        _dump(data / "facts" / f"facts-{start // FACTS_PER_FILE:04d}.yaml", {"facts": fact_rows[start:start + FACTS_PER_FILE]})
    return {"facts": facts, "metrics": n_metrics, "entities": n_entities, "sources": n_sources, "events": len(events)}
