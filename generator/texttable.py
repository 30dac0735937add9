"""Tables inside texts, found for ``suggest``: the five-year highlights of an annual report's web page, as a
stored copy of the page writes them, one row per line (``tabular.read_text_table`` reads them for the cell
check). ``suggest`` proposes none of their figures: a row's figures are cited as cells, by row label and year,
of a table source that names the table by its heading, and the command says so.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .tabular import TableError, table_below, tidy, trailing_figures


@dataclass(frozen=True)
class Spot:
    """Where a text holds a table of this kind: its heading and its lines (1-based, the header to the last)."""

    heading: str
    first: int
    last: int


def find_text_tables(text: str) -> list[Spot]:
    """The tables of this kind a text holds: two or more rows (a label, then at least three figures) under a
    header, below a heading that ``read_text_table`` reads them by. ``suggest`` leaves their figures to cell
    citations and says how to cite them."""
    lines = text.split("\n")
    spots, number = [], 0
    headings: Counter | None = None
    while number < len(lines):
        if not _is_row(lines[number]):
            number += 1
            continue
        end = number
        while end + 1 < len(lines) and lines[end + 1].strip():
            end += 1
        first = number
        while first > 0 and lines[first - 1].strip():
            first -= 1
        above = first - 1
        while above >= 0 and not lines[above].strip():
            above -= 1
        rows = sum(_is_row(line) for line in lines[number:end + 1])
        # Lines of figures alone ('2017 1381594 1687593') are rows labelled by a year: another layout, not read.
        unlabelled = any(_figures_only(line) for line in lines[number:end + 1])
        if rows >= 2 and not unlabelled and above >= 0 and first < number:
            heading = tidy(lines[above].replace("\f", " "))
            if headings is None:  # counted once, so a text of many tables is read in one pass
                headings = Counter(tidy(line.replace("\f", " ")) for line in lines)
            try:  # the heading must name one line, as `source add --heading` will look it up
                table = table_below(lines, above, "") if headings[heading] == 1 else None
            except TableError:
                table = None
            if table is not None and table.lines[0] - 1 >= first and table.lines[-1] - 1 <= end:
                spots.append(Spot(heading, first + 1, end + 1))
        number = end + 1
    return spots


def _is_row(line: str) -> bool:
    words = line.split()
    figures = trailing_figures(words)
    return len(figures) >= 3 and len(figures) < len(words)


def _figures_only(line: str) -> bool:
    words = line.split()
    return len(words) >= 3 and len(trailing_figures(words)) == len(words)
