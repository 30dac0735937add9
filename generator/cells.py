"""Table cells as evidence: the cell a fact cites must be in its archived table, exactly once, and hold the
fact's value.

A row is named by the values of key columns (`Country Code: CHN, Year: 2021`) or by its label (`A: Revenue`);
the column by its header or its letter. The cell's text must be what the table writes, and its number, times
the declared scale, the fact's value: exactly, or for an approximate figure within the table's own rounding
(half a unit of its last digit), never more.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from .errors import Problem
from .schema import SCALES, Cell, Fact, Source
from .store import FactStore, Origin
from .tabular import Table, TableError, TableSpec, cell_number, read_table


def table_spec(source: Source) -> TableSpec:
    """How to read the source's archived file: a data package's resource is its CSV file (the package itself,
    archived beside it, gave the metadata)."""
    table = source.table
    assert table is not None
    fmt = "csv" if table.format == "datapackage" else table.format
    return TableSpec(fmt, table.member, table.sheet, None, table.decimal, table.heading)


def source_table(source: Source, archive_dir: Path) -> Table:
    """A table source's archived table, read as its entry says (TableError when it cannot be)."""
    return read_table(archive_dir / source.archive, table_spec(source), shown=source.archive)


class TableCache:
    """Each cited table read once per check, and its failure reported once."""

    def __init__(self, store: FactStore, archive_dir: Path):
        self.store, self.archive_dir = store, archive_dir
        self.tables: dict[str, Table | None] = {}

    def get(self, source_id: str, problems: list[Problem]) -> Table | None:
        if source_id not in self.tables:
            source = self.store.sources[source_id]
            try:
                self.tables[source_id] = source_table(source, self.archive_dir)
            except TableError as exc:
                self.tables[source_id] = None
                problems.append(self.store.origins[source_id].problem("table", message=f"source '{source_id}': {exc}"))
        return self.tables[source_id]


def where(cell: Cell) -> str:
    """'Country Code=CHN, Year=2021': the row as a message names it."""
    return ", ".join(f"{k}={v}" for k, v in cell.row.items())


def check_cell(table: Table, cell: Cell, fact: Fact, origin: CellOrigin, decimal: str = ".") -> list[Problem]:
    """The problems with one cited cell (none when it states the fact's value)."""
    unknown = [name for name in [*cell.row, cell.column] if table.column(name) is None]
    if unknown:
        columns = ", ".join(h for h in table.header if h) or "none named"
        at = ("cell", "column") if unknown[0] == cell.column and unknown[0] not in cell.row else ("cell", "row")
        return [origin.problem(*at, message=f"fact '{fact.id}': {table.where} has no column '{unknown[0]}' "
                                               f"(its columns: {columns}; or name one by its letter, A, B …)")]
    rows = table.find(cell.row)
    if cell.line is not None and rows:
        rows = [r for r in rows if table.lines[r] == cell.line]
        if not rows:
            return [origin.problem("cell", "line", message=f"fact '{fact.id}': no row with {where(cell)} is at "
                                                           f"{table.line_word} {cell.line} of {table.where}; check it")]
    if not rows:
        return [origin.problem("cell", "row", message=f"fact '{fact.id}': no row of {table.where} has "
                                                      f"{where(cell)}; check the key values against the table")]
    if len(rows) > 1:
        lines = ", ".join(str(table.lines[r]) for r in rows[:5])
        return [origin.problem("cell", "row", message=f"fact '{fact.id}': {len(rows)} rows of {table.where} have "
                                                      f"{where(cell)} ({table.line_word}s {lines}); add a key column "
                                                      f"that tells them apart, or 'line' with the {table.line_word}")]
    row = rows[0]
    column = table.column(cell.column)
    years = {v for v in [*cell.row.values(), table.header[column] if column < len(table.header) else ""]
             if re.fullmatch(r"(1[89]|20|21)\d\d", v)}
    if years and str(fact.period.year) not in years:
        return [origin.problem("period", at_fact=True, message=f"fact '{fact.id}': the cell is in the table's "
                               f"{', '.join(sorted(years))} ({table.at(row)}), but the fact's period is "
                               f"{fact.period.year}; cite the cell of its year")]
    written = table.cell(row, column)
    at = f"{where(cell)}, column {cell.column} ({table.at(row)})"
    if not written:
        return [origin.problem("cell", message=f"fact '{fact.id}': the cell at {at} is empty; an empty cell states "
                                               "no figure")]
    number = cell_number(written, decimal)
    if number is None:
        return [origin.problem("cell", message=f"fact '{fact.id}': the cell at {at} holds '{written}', not a number")]
    if written != cell.text:
        return [origin.problem("cell", "text", message=f"fact '{fact.id}': the table writes '{written}' at {at}, not "
                                                       f"'{cell.text}'; copy the cell as written")]
    scale = Decimal(SCALES[cell.scale]) if cell.scale else Decimal(1)
    if not holds(number * scale, fact.value, approximate=fact.qualifier == "approximately",
                 unit=_last_digit(written, decimal) * scale):
        shown = written if scale == 1 else f"{written} {cell.scale}"
        return [origin.problem("value", at_fact=True,
                               message=f"fact '{fact.id}': the table holds {shown} at {at}, not {_plain(fact.value)}")]
    return []


def holds(table_value: Decimal, value: float | int, *, approximate: bool, unit: Decimal) -> bool:
    """Whether the fact's value is the table's: equal, or for an approximate figure within half a unit of the
    table's last digit (the table's own rounding)."""
    stated = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if stated == table_value:
        return True
    return approximate and abs(stated - table_value) <= unit / 2


def _last_digit(written: str, decimal: str) -> Decimal:
    """The size of one unit of the written number's last digit: '862,072' → 1, '2.4945' → 0.0001."""
    mark = decimal
    digits = written.rstrip("%) ").split(mark)
    return Decimal(1).scaleb(-len(digits[1])) if len(digits) > 1 else Decimal(1)


def _plain(value: float | int) -> str:
    return format(Decimal(repr(value)) if isinstance(value, float) else Decimal(value), "f")


def check_cells(store: FactStore, archive_dir: Path, texts_ok: set[str]) -> tuple[int, list[Problem]]:
    """Every cell citation of every fact, against its archived table (sources whose digest matched only)."""
    cache = TableCache(store, archive_dir)
    problems: list[Problem] = []
    checked = 0
    for fact in store.facts.values():
        for i, citation in enumerate(fact.citations):
            if citation.cell is None or citation.source not in texts_ok:
                continue
            source = store.sources[citation.source]
            if source.table is None:
                continue  # the cross-checks say so
            table = cache.get(source.id, problems)
            if table is None:
                continue
            checked += 1
            origin = store.origins[fact.id]
            problems.extend(check_cell(table, citation.cell, fact, CellOrigin(origin, i), source.table.decimal))
    return checked, problems


class CellOrigin:
    """Positions for a cited cell's problems: in the citation, or at the fact's value."""

    def __init__(self, fact: Origin, index: int):
        self.fact, self.index = fact, index

    def problem(self, *sub: str, message: str, at_fact: bool = False) -> Problem:
        if at_fact:
            return self.fact.problem(*sub, message=message)
        return self.fact.problem("citations", self.index, *sub, message=message)
