"""The public data contract: facts and sources as JSON and CSV, the same for `export` and the site."""

from __future__ import annotations

import csv
import io
import json
from typing import Any, Iterable, Iterator

from .quotes import quote_page
from .schema import Citation, Fact
from .store import DerivedFigure, FactStore

FACT_FIELDS = (
    "id", "entity", "metric", "period", "period_basis", "value", "stated", "unit", "qualifier", "rank",
    "derived", "formula", "sources", "quotes", "pages",
)
SOURCE_FIELDS = ("id", "title", "publisher", "author", "published", "updated", "kind", "language", "url", "canonical",
                 "archive", "sha256", "retrieved")


def _number(value: float | int) -> int | float:
    return int(value) if float(value).is_integer() else value


Texts = dict[str, str]  # source id → its archived text (digest checked): where a quote's page is found


def fact_records(store: FactStore, texts: Texts | None = None) -> list[dict[str, Any]]:
    """One record per reported fact and per derived figure, in a stable order."""
    return list(iter_fact_records(store, texts))


def iter_fact_records(store: FactStore, texts: Texts | None = None) -> Iterator[dict[str, Any]]:
    """:func:`fact_records` one at a time: the order is decided on keys alone, so only one record is held."""
    keyed: list[tuple[tuple, Fact | DerivedFigure]] = [
        ((f.metric, f.entity, str(f.period), False, f.id), f) for f in store.facts.values()]
    keyed += [((d.metric, d.entity, str(d.period), True, d.id), d) for d in store.derived.values()]
    keyed.sort(key=lambda pair: pair[0])
    for _, point in keyed:
        yield point_record(store, point, texts)


def point_record(store: FactStore, point: Fact | DerivedFigure, texts: Texts | None = None) -> dict[str, Any]:
    """The record of one fact or derived figure, as the downloads write it. ``pages`` gives, for each citation, the
    page of a report with pages on which its quote stands (None otherwise, or without ``texts``)."""
    if isinstance(point, DerivedFigure):
        return _derived_record(point)
    return {
        "id": point.id,
        "entity": point.entity,
        "metric": point.metric,
        "period": str(point.period),
        "period_basis": point.period_basis,
        "value": _number(point.value),
        "stated": point.stated,
        "unit": store.metrics[point.metric].unit,
        "qualifier": point.qualifier,
        "rank": point.rank,
        "derived": False,
        "formula": None,
        "sources": [c.source for c in point.citations],
        "quotes": [c.words for c in point.citations],
        "pages": [_page(citation, texts) for citation in point.citations],
    }


def _page(citation: Citation, texts: Texts | None) -> int | None:
    if texts is None or citation.quote is None:
        return None
    return quote_page(texts.get(citation.source, ""), citation.quote) or None


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
        "pages": [],
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


def to_json(records: Iterable[dict[str, Any]]) -> str:
    """A JSON array, two spaces a level, written record by record (the same text as dumping the whole list)."""
    items = ["  " + json.dumps(r, ensure_ascii=False, indent=2, allow_nan=False).replace("\n", "\n  ") for r in records]
    return ("[\n" + ",\n".join(items) + "\n]" if items else "[]") + "\n"


# A cell starting with one of these runs as a formula in Excel and LibreOffice (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """A text cell that a spreadsheet shows as text: a leading apostrophe before a formula start."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def to_csv(records: Iterable[dict[str, Any]], fields: tuple[str, ...]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(fields)
    writer.writerows([_csv_cell(name, record.get(name)) for name in fields] for record in records)
    return out.getvalue()


def _csv_cell(name: str, value: Any) -> Any:
    """A record's value as its CSV cell: lists joined, booleans and None in words, text neutralised."""
    if isinstance(value, list):
        if name == "pages" and not any(value):  # no citation of this figure is on a numbered page
            return ""
        value = "\n".join(value) if name == "quotes" else ";".join("" if item is None else str(item) for item in value)
    elif isinstance(value, bool):
        return "true" if value else "false"
    elif value is None:
        return ""
    if isinstance(value, str):  # numbers stay numbers: -5 is written as -5
        # One line end, '\n': the writer quotes a cell holding it, but not one holding a lone '\r'.
        return neutralise(value).replace("\r\n", "\n").replace("\r", "\n")
    return value
