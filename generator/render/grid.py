"""A metric's values as a grid of years by entities, for pages that compare several entities over many years
(a World Bank series for five countries is some 300 values): one row per period, latest first, one column per
entity, each value with its anchor and its citation; under the grid, each entity's change from its first to its
latest reported value, computed only where the two can be compared.

A quoted value keeps its footnote with the source's words. A value read from a table names its cell where it
stands (shown when pointed at, and in the page's CSV): a footnote per cell would repeat the table's name
hundreds of times."""

from __future__ import annotations

import html
from collections import defaultdict
from typing import Protocol

from ..numbers import plain_number
from ..schema import Citation, Entity, Fact, Source, cell_place
from ..store import FactStore
from ..words import period_words
from .escape import Markdown, html_text
from .routes import entity_page, source_page


class Page(Protocol):  # tables.Page: what the grid writes links and footnotes with
    def a(self, text: str, target: str, anchor: str = "") -> str: ...
    def ref(self, label: str, note: str) -> str: ...


class Tables(Protocol):  # tables.Tables: how values and their citations are written
    store: FactStore

    def value(self, fact: Fact) -> str: ...
    def cite_quotes(self, page: Page, fact: Fact, citations: list[Citation]) -> str: ...
    def byline(self, source: Source) -> str: ...

GRID_ENTITIES = 3  # a metric page lists its values as a grid from this many entities …
GRID_VALUES = 30  # … and this many values


def wants_grid(facts: list[Fact]) -> bool:
    return len(facts) >= GRID_VALUES and len({f.entity for f in facts}) >= GRID_ENTITIES


def grid_entities(tables: Tables, facts: list[Fact]) -> list[Entity]:
    """The columns: the entities the site is about first, then by name."""
    entities = {tables.store.entities[f.entity] for f in facts}
    return sorted(entities, key=lambda e: (not e.focus, e.name.lower()))


def grid_table(tables: Tables, page: Page, facts: list[Fact]) -> Markdown:
    """The grid (HTML): periods × entities, preferred values only (the others are listed with their reasons)."""
    entities = grid_entities(tables, facts)
    cells: dict[tuple[str, str], Fact] = {}
    periods: dict[str, Fact] = {}  # each period's first fact: its order and its words
    others: dict[tuple[str, str], int] = defaultdict(int)
    by_entity: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        key = (str(fact.period), fact.entity)
        periods.setdefault(str(fact.period), fact)
        by_entity[fact.entity].append(fact)
        if fact.rank == "preferred" and key not in cells:
            cells[key] = fact
        else:
            others[key] += 1
    head = "".join(f'<th scope="col">{page.a(e.name, entity_page(e.id))}</th>' for e in entities)
    rows = []
    for period in sorted(periods, key=lambda p: periods[p].period, reverse=True):
        row = []
        for entity in entities:
            fact = cells.get((period, entity.id))
            more = others.get((period, entity.id), 0)
            text = _cell(tables, page, fact) if fact else ("" if not more else "—")
            if more:
                text += (f' <a class="fs-grid__other" href="#other-values-and-why-they-rank-lower">+{more} '
                         f'other{"s" if more > 1 else ""}</a>')
            row.append(f'<td class="fs-num">{text}</td>')
        label = period_words(periods[period])
        rows.append(f'<tr><th scope="row">{html_text(label)}</th>{"".join(row)}</tr>')
    change = "".join(f'<td class="fs-num">{html_text(change_words(tables, by_entity[e.id]))}</td>' for e in entities)
    return Markdown(
        f'<table>\n<thead>\n<tr><th scope="col">Period</th>{head}</tr>\n</thead>\n<tbody>\n'
        + "\n".join(rows)
        + f'\n</tbody>\n<tfoot>\n<tr><th scope="row">First to latest</th>{change}</tr>\n</tfoot>\n</table>')


def _cell(tables: Tables, page: Page, fact: Fact) -> str:
    """A value with its anchor: a quoted value with its footnotes, a table's value with its cell named."""
    unit = tables.store.metrics[fact.metric].unit
    if fact.qualifier == "exact" and unit in ("count", "percent"):  # a grid compares digits: all of them, aligned
        value = html_text(plain_number(fact.value, digits=17) + ("%" if unit == "percent" else ""))
    else:
        value = html_text(tables.value(fact))
    title, refs = provenance(tables, page, fact)
    return f'<span id="{html.escape(fact.id)}"{title}>{value}</span>' + refs


def provenance(tables: Tables, page: Page, fact: Fact) -> tuple[str, str]:
    """How a value in a table of many shows where it comes from: a title attribute naming its table cells (HTML,
    empty for a quoted value), and its footnote references: the quotes' own, one shared per table for cells."""
    quoted = [c for c in fact.citations if c.cell is None]
    cells = [c for c in fact.citations if c.cell is not None]
    where = "; ".join(f"{tables.store.sources[c.source].title}: {c.cell.text} at {cell_place(c.cell)}" for c in cells)
    title = f' title="{html.escape(where)}"' if where else ""
    refs = [tables.cite_quotes(page, fact, quoted)] if quoted else []
    for citation in cells:  # one footnote per table, shared by its values: how a value's cell is found
        source = tables.store.sources[citation.source]
        refs.append(page.ref(f"table-{source.id}", (
            f"{page.a(source.title, source_page(source.id))} ({html_text(tables.byline(source))}): each value is the "
            "cell of its row and column in this table, as written there; the cell of each value is named when you "
            "point at the value, and in the metric's CSV.")))
    return title, "<sup>,</sup>".join(refs)


def change_words(tables: Tables, facts: list[Fact]) -> str:
    """'+251 % (2000–2021)', from the first to the latest reported value of one entity; '' where they cannot
    be compared (one value, a projection, a bound, a zero start), and the years without a value said."""
    reported = sorted((f for f in facts if f.rank == "preferred" and f.qualifier in ("exact", "approximately")
                       and f.period_basis == "stated"), key=lambda f: f.period)
    if len(reported) < 2 or reported[0].value == 0:
        return ""
    first, last = reported[0], reported[-1]
    if tables.store.metrics[first.metric].unit == "percent":  # a share's change is in points, not in percent
        change, unit = last.value - first.value, " percentage points"
    else:
        change, unit = (last.value - first.value) / abs(first.value) * 100, " %"
    sign = "+" if change > 0 else "−" if change < 0 else "±"
    years = {f.period.year for f in reported}
    missing = (last.period.year - first.period.year + 1) - len(years)
    gap = f", {missing} year{'s' if missing != 1 else ''} missing" if missing > 0 else ""
    about = "about " if "approximately" in (first.qualifier, last.qualifier) else ""
    return (f"{about}{sign}{plain_number(abs(round(change, 1)))}{unit} ({period_words(first)}–"
            f"{period_words(last)}{gap})")
