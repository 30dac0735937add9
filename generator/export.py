"""The public data contract: facts and sources as JSON and CSV, the same for `export` and the site."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from .store import DerivedFigure, FactStore

FACT_FIELDS = (
    "id", "entity", "metric", "period", "period_basis", "value", "stated", "unit", "qualifier", "rank",
    "derived", "formula", "sources", "quotes",
)
SOURCE_FIELDS = ("id", "title", "publisher", "author", "published", "updated", "kind", "language", "url", "archive", "sha256",
                 "retrieved")


def _number(value: float | int) -> int | float:
    return int(value) if float(value).is_integer() else value


def fact_records(store: FactStore) -> list[dict[str, Any]]:
    """One record per reported fact and per derived figure, in a stable order."""
    records = []
    for fact in store.facts.values():
        records.append({
            "id": fact.id,
            "entity": fact.entity,
            "metric": fact.metric,
            "period": str(fact.period),
            "period_basis": fact.period_basis,
            "value": _number(fact.value),
            "stated": fact.stated,
            "unit": store.metrics[fact.metric].unit,
            "qualifier": fact.qualifier,
            "rank": fact.rank,
            "derived": False,
            "formula": None,
            "sources": [c.source for c in fact.citations],
            "quotes": [c.quote for c in fact.citations],
        })
    for figure in store.derived.values():
        records.append(_derived_record(figure))
    return sorted(records, key=lambda r: (r["metric"], r["entity"], r["period"], r["derived"], r["id"]))


def _derived_record(figure: DerivedFigure) -> dict[str, Any]:
    return {
        "id": figure.id,
        "entity": figure.entity,
        "metric": figure.metric,
        "period": str(figure.period),
        "period_basis": "stated",
        "value": _number(figure.value),
        "stated": None,
        "unit": figure.unit,
        "qualifier": figure.qualifier,
        "rank": "normal",
        "derived": True,
        "formula": figure.formula,
        "sources": figure.sources,
        "quotes": [],
    }


def source_records(store: FactStore) -> list[dict[str, Any]]:
    records = []
    for source in sorted(store.sources.values(), key=lambda s: s.id):
        record = source.model_dump(mode="json", include=set(SOURCE_FIELDS))
        records.append({name: record.get(name) for name in SOURCE_FIELDS})
    return records


def is_export(text: str) -> bool:
    """Whether ``text`` is what ``export`` writes (so ``export --out`` may overwrite it)."""
    first = text.split("\n", 1)[0]
    if first in (",".join(FACT_FIELDS), ",".join(SOURCE_FIELDS)):
        return True
    try:
        records = json.loads(text)
    except ValueError:
        return False
    return isinstance(records, list) and all(
        isinstance(r, dict) and tuple(r) in (FACT_FIELDS, SOURCE_FIELDS) for r in records)


def to_json(records: list[dict[str, Any]]) -> str:
    return json.dumps(records, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


# A cell starting with one of these runs as a formula in Excel and LibreOffice (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """A text cell that a spreadsheet shows as text: a leading apostrophe before a formula start."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def to_csv(records: list[dict[str, Any]], fields: tuple[str, ...]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for record in records:
        row = dict(record)
        for name, value in row.items():
            if isinstance(value, list):
                row[name] = "\n".join(value) if name == "quotes" else ";".join(value)
            elif isinstance(value, bool):
                row[name] = "true" if value else "false"
            elif value is None:
                row[name] = ""
            if isinstance(row[name], str):  # numbers stay numbers: -5 is written as -5
                # One line end, '\n': the writer quotes a cell holding it, but not one holding a lone '\r'.
                row[name] = neutralise(row[name]).replace("\r\n", "\n").replace("\r", "\n")
        writer.writerow(row)
    return out.getvalue()
