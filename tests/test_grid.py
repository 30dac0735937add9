"""A metric's values as a grid of years by entities (render/grid.py): one row per period, latest first, one column
per entity with the site's focus first, every value with its anchor and its provenance, and each entity's change
from its first to its latest reported value where the two can be compared."""

from __future__ import annotations

import re
from generator.render.grid import change_words, wants_grid
from generator.render.pages import Renderer
from generator.schema import Fact
from generator.store import load_store

from .conftest import ROOT

RESIDENTS = "patent-applications-residents"


def _fact(entity: str, year: int, value: float, **extra: object) -> Fact:
    return Fact.model_validate({"id": f"{entity}-{year}-{value:g}".replace(".", "-"), "entity": entity,
                                "metric": RESIDENTS, "period": year, "value": value, "qualifier": "exact",
                                "citations": [{"source": "x", "quote": "q"}], **extra})


def test_a_world_bank_series_reads_as_a_grid_of_years_by_countries() -> None:
    store = load_store(ROOT / "data")
    facts = store.facts_of_metric(RESIDENTS)
    assert wants_grid(facts)
    page = Renderer(store).metric(store.metrics[RESIDENTS])
    grid = page[page.index("<table>"):page.index("</table>")]
    heads = re.findall(r'<th scope="col">(?:<a [^>]*>)?([^<]*)', grid)
    assert heads[0] == "Period" and heads[1] == "China"  # the site's focus first, then by name
    assert heads[2:] == sorted(heads[2:])
    years = [int(y) for y in re.findall(r'<tr><th scope="row">(\d{4})</th>', grid)]
    assert years == sorted(years, reverse=True) and len(years) == len(set(years))
    for fact in facts:  # every value keeps its permalink on the page
        assert f'id="{fact.id}"' in page
    china = store.facts["china-patent-applications-residents-2017"]
    assert re.search(rf'<span id="{china.id}" title="[^"]*: 1245709 at Country Code CHN, Year 2017, column Value">'
                     r"1,245,709</span>", grid)
    assert grid.count('href="#fn:table-wdi-patent-applications-residents"') >= 200  # one footnote, shared
    # CNIPA's 2021 count is ranked below the World Bank's: marked in the grid, listed with its quote and reason.
    assert '<a class="fs-grid__other" href="#other-values-and-why-they-rank-lower">+1 other</a>' in grid
    lower = page[page.index("## Other values and why they rank lower"):]
    assert '<tr id="china-patent-applications-residents-2021-cnipa">' in lower
    first_to_latest = re.search(r"<tfoot>.*</tfoot>", grid, re.S).group()
    assert change_words(Renderer(store).tables, [f for f in facts if f.entity == "germany"]) in first_to_latest


def test_a_short_series_keeps_its_table_of_values_with_their_words() -> None:
    store = load_store(ROOT / "data")
    assert not wants_grid(store.facts_of_metric("rd-spend"))  # one entity
    page = Renderer(store).metric(store.metrics["rd-spend"])
    assert "First to latest" not in page and "<th>Source and its words</th>" in page


def test_the_change_is_computed_only_between_comparable_values() -> None:
    store = load_store(ROOT / "data")
    tables = Renderer(store).tables
    assert change_words(tables, [_fact("china", 2000, 100), _fact("china", 2003, 351)]) == \
        "+251 % (2000–2003, 2 years missing)"
    assert change_words(tables, [_fact("china", 2000, 200), _fact("china", 2001, 150)]) == "−25 % (2000–2001)"
    assert change_words(tables, [_fact("china", 2000, 100, qualifier="approximately"),
                                 _fact("china", 2001, 110)]) == "about +10 % (2000–2001)"
    # Ranked lower, a projection, a bound or a zero start: not compared.
    assert change_words(tables, [_fact("china", 2000, 100), _fact("china", 2001, 300, rank="normal", reason="r")]) == ""
    assert change_words(tables, [_fact("china", 2000, 100), _fact("china", 2030, 300, qualifier="projection")]) == ""
    assert change_words(tables, [_fact("china", 2000, 0), _fact("china", 2001, 5)]) == ""
    assert change_words(tables, [_fact("china", 2000, 100)]) == ""
    share = [f.model_copy(update={"metric": "rd-expenditure-share-of-gdp"})
             for f in (_fact("china", 2000, 0.9), _fact("china", 2021, 2.43))]
    assert change_words(tables, share) == "+1.5 percentage points (2000–2021, 20 years missing)"  # in points


def test_the_grid_holds_each_value_once_not_a_row_of_words() -> None:
    """Some 200 values of five countries: a cell each (its value, its cell named, its footnote mark), not a row of
    period, entity, qualifier, rank and the table's words per value (the page was 93,000 px tall on a phone)."""
    store = load_store(ROOT / "data")
    page = Renderer(store).metric(store.metrics[RESIDENTS])
    grid = page[page.index("<table>"):page.index("</table>")]
    assert len(grid.encode()) < 400 * len(store.facts_of_metric(RESIDENTS))


def test_an_entity_page_draws_each_figure_over_the_years_and_names_whose_series_it_is() -> None:
    """China's page: a small line per figure with two or more reported years (joined only across consecutive
    years), the number of values and their years in words, and the publishers of the series."""
    store = load_store(ROOT / "data")
    page = Renderer(store).entity(store.entities["china"])
    table = page[page.index("<table>"):page.index("</table>")]
    assert "<th>Over the years</th><th>Series from</th>" in table
    row = re.search(r"<tr><td><a [^>]*>Patent applications by residents</a>.*?</tr>", table).group()
    assert row.count('<svg class="fs-spark"') == 1 and 'aria-hidden="true"' in row
    years = sorted(f.period.year for f in store.reported(RESIDENTS, "china"))
    count = len([f for f in store.facts_of_metric(RESIDENTS) if f.entity == "china"])
    assert f"{count} values, reported {years[0]}–{years[-1]}</td>" in row
    assert row.endswith("<td>World Bank; China National Intellectual Property Administration (CNIPA)</td></tr>")
    single = re.search(r"<tr><td><a [^>]*>Invention patents granted</a>.*?</tr>", table).group()
    assert "fs-spark" not in single and "<td>1 value</td>" in single


def test_a_small_line_never_crosses_a_gap_in_the_years() -> None:
    from generator.render.svg import sparkline

    assert sparkline([(2020, 5.0)]) == ""
    drawn = sparkline([(2000, 1.0), (2001, 2.0), (2003, 4.0), (2005, 3.0), (2006, 1.0)])
    path = re.search(r'<path d="([^"]*)"', drawn).group(1)
    assert re.findall(r"[ML]", path) == ["M", "L", "M", "M", "L"]  # 2000-2001, 2003 alone, 2005-2006
    assert drawn.count("<circle") == 1  # the lone year is a dot
    assert path.startswith("M2,22") and "L94,22" in path  # the lowest value at the bottom, the last year at the right
