"""A table inside a text (tabular.read_text_table): a stored annual-report page whose five-year table is written one row per
line. The page is a text source (its sentences quoted) and, through its heading, a table source (its cells
cited), both registered where the file lies; a wrong column, a wrong year, a missing heading are clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.tabular import TableError
from generator.tabular import read_text_table

from .conftest import run_cli

PAGE = """\
Acme Holding Co., Ltd.

2023 Annual Report

We rounded off 2023 with CNY704.2 billion in revenue.

Five-Year Financial Highlights

2023 2022 2021 2020 2019
(USD Million) (CNY Million) (CNY Million)
Revenue 99,448 704,174 642,338 636,807 891,368 858,833
Operating margin 14.8% 14.8% 6.6% 19.1% 8.1% 9.1%
New business 1,200 – 310
Note: Converted into United States dollars using the closing rate of USD1.00 = CNY7.0808.

By Business Segment
"""


@pytest.fixture
def archive_files() -> dict[str, str]:
    return {"pages/acme-2023.txt": PAGE}


def test_the_header_names_the_columns_from_the_right_and_notes_are_not_rows() -> None:
    table = read_text_table(PAGE, "Five-Year Financial Highlights", "acme-2023.txt")
    assert table.header == ["", "", "2023", "2022", "2021", "2020", "2019"]
    assert table.rows[0] == ["Revenue", "99,448", "704,174", "642,338", "636,807", "891,368", "858,833"]
    assert table.rows[1][0] == "Operating margin" and table.rows[1][-1] == "9.1%"
    # A shorter row stands under the last columns, like the header; a dash keeps its column's place.
    assert table.rows[2] == ["New business", "", "", "", "1,200", "–", "310"]
    assert table.lines == [11, 12, 13]  # the note (ending in words) is not a row
    assert table.find({"A": "Revenue"}) == [0] and table.cell(0, table.column("2019")) == "858,833"
    assert table.cell(0, table.column("B")) == "99,448"  # a column the header does not reach: by its letter


@pytest.mark.parametrize("text, heading, message", [
    (PAGE, "Five-Year Highlights", "no line reads 'Five-Year Highlights'; give the line above the table"),
    (PAGE + "\nFive-Year Financial Highlights\n", "Five-Year Financial Highlights",
     "2 lines read 'Five-Year Financial Highlights' (lines 7, 18)"),
    ("Heading\n\nWords only\nand more words\n", "Heading", "no line after the header is a row"),
    ("Heading\n", "Heading", "no lines follow the heading"),
])
def test_a_table_that_is_not_under_its_heading_is_named(text: str, heading: str, message: str) -> None:
    with pytest.raises(TableError) as raised:
        read_text_table(text, heading, "page.txt")
    assert str(raised.value).startswith("page.txt") and message in str(raised.value)


def add(*args: str) -> None:
    result = run_cli("source", "add", *args)
    assert result.code == 0, result.err


FACTS = """\
metrics:
  - id: revenue
    label: Revenue
    unit: CNY
    description: Revenue.
facts:
  - id: acme-revenue-2019
    entity: acme
    metric: revenue
    period: 2019
    value: 858833000000
    qualifier: exact
    citations:
      - source: acme-2023-highlights
        cell: {row: {A: Revenue}, column: "2019", scale: million, text: "858,833"}
  - id: acme-revenue-2023-rounded
    entity: acme
    metric: revenue
    period: 2023
    value: 704200000000
    qualifier: exact
    citations:
      - source: acme-2023-page
        quote: "We rounded off 2023 with CNY704.2 billion in revenue."
"""


def test_one_stored_page_is_a_text_source_and_a_table_source(curated: Path) -> None:
    add("archive/pages/acme-2023.txt", "--id", "acme-2023-page", "--excerpt-by", "a collection of stored pages")
    add("archive/pages/acme-2023.txt", "--id", "acme-2023-highlights", "--heading", "Five-Year Financial Highlights",
        "--excerpt-by", "a collection of stored pages", "--title", "Acme 2023: Five-Year Financial Highlights")
    sources = yaml.safe_load((curated / "data" / "sources.yaml").read_text(encoding="utf-8"))["sources"]
    page, table = sources[-2:]
    assert page["archive"] == table["archive"] == "pages/acme-2023.txt" and page["sha256"] == table["sha256"]
    assert "table" not in page
    assert table["table"] == {"format": "text", "heading": "Five-Year Financial Highlights"}
    assert table["excerpt"] == {"stored_by": "a collection of stored pages"}
    # The same table, or the same text, twice is refused.
    again = run_cli("source", "add", "archive/pages/acme-2023.txt", "--id", "acme-again", "--heading",
                    "Five-Year Financial Highlights")
    assert again.code == 1 and "already archived as source 'acme-2023-highlights'" in again.err
    again = run_cli("source", "add", "archive/pages/acme-2023.txt", "--id", "acme-again")
    assert again.code == 1 and "already archived as source 'acme-2023-page'" in again.err
    missing = run_cli("source", "add", "archive/pages/acme-2023.txt", "--id", "acme-again", "--heading", "Highlights")
    assert missing.code == 1 and "no line reads 'Highlights'" in missing.err and "nothing was written" in missing.err
    remote = run_cli("source", "add", "https://example.org/report", "--id", "acme-again", "--heading", "Highlights")
    assert remote.code == 2 and "--heading reads a table inside an archived text: add the page first" in remote.err

    (curated / "data" / "facts-acme.yaml").write_text(FACTS, encoding="utf-8")
    result = run_cli("validate")
    assert result.code == 0, result.lines
    assert " and 1 table cell verified" in result.err, result.err

    path = curated / "data" / "facts-acme.yaml"
    path.write_text(FACTS.replace('column: "2019"', 'column: "2020"'), encoding="utf-8")
    result = run_cli("validate")
    assert result.code == 1 and result.lines == [
        "data/facts-acme.yaml:10:13: fact 'acme-revenue-2019': the cell is in the table's 2020 (pages/acme-2023.txt › "
        "the table under “Five-Year Financial Highlights” line 11), but the fact's period is 2019; cite the cell of "
        "its year"]
    path.write_text(FACTS.replace('858,833"}', '891,368"}'), encoding="utf-8")
    result = run_cli("validate")
    assert result.code == 1 and "the table writes '858,833' at A=Revenue, column 2019" in result.lines[0]
    assert result.lines[0].startswith("data/facts-acme.yaml:15:73: ")


def test_the_source_page_says_where_the_table_is(curated: Path) -> None:
    add("archive/pages/acme-2023.txt", "--id", "acme-2023-highlights", "--heading", "Five-Year Financial Highlights",
        "--excerpt-by", "a collection of stored pages")
    (curated / "data" / "facts-acme.yaml").write_text(FACTS.split("  - id: acme-revenue-2023-rounded")[0],
                                                      encoding="utf-8")
    result = run_cli("generate", "--out", "docs")
    assert result.code == 0, result.err
    page = (curated / "docs" / "sources" / "acme-2023-highlights.md").read_text(encoding="utf-8")
    assert "a table in the text, under the line “Five-Year Financial Highlights”" in page
    metric = (curated / "docs" / "metrics" / "revenue.md").read_text(encoding="utf-8")
    assert "858,833" in metric and "row “Revenue”, column 2019, in millions (excerpt of the page)" in metric
