"""Tables as sources (tabular.py, cells.py, sources/tables.py, sources/importer.py): each format added, imported,
verified and tampered with; wrong values, missing rows and ambiguous keys named at their YAML position with the
table's row; empty cells skipped; a publisher's revision kept beside the value it replaces."""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml

from generator.tabular import TableSpec, cell_number, read_table

from .conftest import FIXTURE_ARCHIVE, SMALL, run_cli

CSV = ("Country Name,Country Code,Year,Value\n"
       "China,CHN,2020,1344817\n"
       "China,CHN,2021,1426644\n"
       "\"Korea, Rep.\",KOR,2021,186245\n"
       "Korea Rep,KOR,2022,\n"
       "World,WLD,2021,2770000\n")


@pytest.fixture
def archive_files() -> dict[str, str]:
    return {"tables/patents.csv": CSV}


@pytest.fixture
def project(curated: Path) -> Path:
    """The small data set, and an archive holding its texts and a table of patent applications."""
    return curated


def add(*args: str) -> None:
    result = run_cli("source", "add", *args)
    assert result.code == 0, result.err


def validate() -> tuple[int, list[str], str]:
    result = run_cli("validate")
    return result.code, result.lines, result.err


def facts_of(path: Path) -> dict[str, dict]:
    return {f["id"]: f for f in yaml.safe_load(path.read_text(encoding="utf-8"))["facts"]}


def test_a_csv_table_is_registered_where_it_lies_imported_and_verified(project: Path) -> None:
    before = sorted(p.name for p in (project / "archive").rglob("*"))
    add("archive/tables/patents.csv", "--id", "patents-table", "--publisher", "Patent Office", "--published",
        "2026-07-01", "--kind", "official_statistics", "--language", "en", "--licence", "CC-BY-4.0",
        "--attribution", "Patent Office, CC BY 4.0")
    assert sorted(p.name for p in (project / "archive").rglob("*")) == before  # nothing copied
    source = yaml.safe_load((project / "data" / "sources.yaml").read_text(encoding="utf-8"))["sources"][-1]
    assert source["archive"] == "tables/patents.csv" and source["table"] == {"format": "csv"}
    result = run_cli("import", "patents-table", "--metric", "patent-applications", "--entities", "CHN,KOR",
                     "--unit", "count", "--label", "Patent applications")
    assert result.code == 0, result.err
    assert "3 new fact(s)" in result.err and "skipped 1 empty or non-numeric cell(s): KOR 2022" in result.err
    facts = facts_of(project / "data" / "facts" / "patent-applications.yaml")
    assert sorted(facts) == ["china-patent-applications-2020", "china-patent-applications-2021",
                             "south-korea-patent-applications-2021"]
    assert facts["china-patent-applications-2021"]["value"] == 1426644
    assert facts["china-patent-applications-2021"]["citations"][0]["cell"] == {
        "row": {"Country Code": "CHN", "Year": "2021"}, "column": "Value", "text": "1426644"}
    entities = yaml.safe_load((project / "data" / "entities.yaml").read_text(encoding="utf-8"))["entities"]
    assert {"id": "south-korea", "name": "South Korea", "kind": "place", "code": "KOR"} in entities
    code, lines, err = validate()
    assert code == 0, lines
    assert "3 table cells verified" in err


def test_a_changed_byte_in_an_archived_table_is_named(project: Path) -> None:
    add("archive/tables/patents.csv", "--id", "patents-table")
    assert run_cli("import", "patents-table", "--metric", "patent-applications", "--entities", "CHN",
                   "--unit", "count", "--label", "Patent applications").code == 0
    table = project / "archive" / "tables" / "patents.csv"
    table.write_text(CSV.replace("1426644", "1426645"), encoding="utf-8")
    code, lines, _ = validate()
    assert code == 1
    assert len(lines) == 1 and re.fullmatch(
        r"data/sources\.yaml:\d+:\d+: source 'patents-table': archived table changed \(sha256 expected [0-9a-f]{64}, "
        r"found [0-9a-f]{64}\); restore the archived file, or review the new table and update sha256", lines[0])


@pytest.fixture
def cited(project: Path) -> Path:
    """A hand-written fact citing a cell of the table."""
    add("archive/tables/patents.csv", "--id", "patents-table")
    (project / "data" / "metrics-extra.yaml").write_text(
        "metrics:\n  - id: patent-applications\n    label: Patent applications\n    unit: count\n"
        "    description: Patent applications filed.\n", encoding="utf-8")
    (project / "data" / "facts-table.yaml").write_text(
        "facts:\n"
        "  - id: world-patents-2021\n"
        "    entity: acme\n"
        "    metric: patent-applications\n"
        "    period: 2021\n"
        "    value: 2770000\n"
        "    qualifier: exact\n"
        "    citations:\n"
        "      - source: patents-table\n"
        "        cell:\n"
        "          row: {Country Code: WLD, Year: 2021}\n"
        "          column: Value\n"
        "          text: \"2770000\"\n", encoding="utf-8")
    return project / "data" / "facts-table.yaml"


@pytest.mark.parametrize("old, new, message", [
    ("    value: 2770000\n", "    value: 2700000\n",
     "data/facts-table.yaml:6:12: fact 'world-patents-2021': the table holds 2770000 at Country Code=WLD, Year=2021, "
     "column Value (tables/patents.csv line 6), not 2700000"),
    ("row: {Country Code: WLD, Year: 2021}", "row: {Country Code: WLD, Year: 2019}",
     "data/facts-table.yaml:11:16: fact 'world-patents-2021': no row of tables/patents.csv has Country Code=WLD, "
     "Year=2019; check the key values against the table"),
    ("row: {Country Code: WLD, Year: 2021}", "row: {Year: 2021}",
     "data/facts-table.yaml:11:16: fact 'world-patents-2021': 3 rows of tables/patents.csv have Year=2021 (lines 3, 4, "
     "6); add a key column that tells them apart, or 'line' with the line"),
    ("column: Value", "column: Amount",
     "data/facts-table.yaml:12:19: fact 'world-patents-2021': tables/patents.csv has no column 'Amount' (its columns: "
     "Country Name, Country Code, Year, Value; or name one by its letter, A, B …)"),
    ('text: "2770000"', 'text: "2,770,000"',
     "data/facts-table.yaml:13:17: fact 'world-patents-2021': the table writes '2770000' at Country Code=WLD, "
     "Year=2021, column Value (tables/patents.csv line 6), not '2,770,000'; copy the cell as written"),
])
def test_a_cited_cell_that_does_not_hold_the_value_is_one_clear_error(cited: Path, old: str, new: str,
                                                                     message: str) -> None:
    assert validate()[0] == 0
    cited.write_text(cited.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    code, lines, _ = validate()
    assert (code, lines) == (1, [message])


def test_an_empty_cell_states_no_figure(cited: Path) -> None:
    cited.write_text(cited.read_text(encoding="utf-8").replace("WLD, Year: 2021", "KOR, Year: 2022").replace(
        'text: "2770000"', 'text: "0"').replace("value: 2770000", "value: 0").replace("period: 2021", "period: 2022"),
        encoding="utf-8")
    code, lines, _ = validate()
    assert code == 1 and lines[0].endswith("the cell at Country Code=KOR, Year=2022, column Value (tables/patents.csv "
                                           "line 5) is empty; an empty cell states no figure")


def test_a_quote_cannot_cite_a_table_nor_a_cell_a_text(cited: Path) -> None:
    text = cited.read_text(encoding="utf-8")
    cited.write_text(text.replace("      - source: patents-table\n", "      - source: acme-note\n"), encoding="utf-8")
    code, lines, _ = validate()
    assert code == 1 and lines == ["data/facts-table.yaml:11:11: source 'acme-note' is a text, not a table; cite its "
                                   "words with 'quote'"]


def workbook(rows: list[list[str | None]]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Highlights"
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_sheet_in_a_zip_is_cited_by_row_label_and_column_letter_with_its_scale(project: Path) -> None:
    sheet = workbook([["(CNY Million) _x000D_", "2024 _x000D_", "2023"],
                      ["Revenue _x000D_", "862,072 _x000D_", "704,174"],
                      ["Net finance expenses", "(8,255)", "(6,659)"],
                      ["R&D expenses", "179,687", None]])
    with zipfile.ZipFile(project / "archive" / "tables" / "report.zip", "w") as archive:
        archive.writestr("tables/part0.xlsx", sheet)
    add("archive/tables/report.zip", "--id", "acme-report-tables", "--member", "tables/part0.xlsx")
    source = yaml.safe_load((project / "data" / "sources.yaml").read_text(encoding="utf-8"))["sources"][-1]
    assert source["table"] == {"format": "xlsx", "member": "tables/part0.xlsx"}
    (project / "data" / "facts-report.yaml").write_text(
        "metrics:\n  - id: revenue\n    label: Revenue\n    unit: CNY\n    description: Revenue.\n"
        "facts:\n"
        "  - id: acme-revenue-2024\n    entity: acme\n    metric: revenue\n    period: 2024\n"
        "    value: 862072000000\n    qualifier: exact\n    citations:\n      - source: acme-report-tables\n"
        "        cell: {row: {A: Revenue}, column: B, scale: million, text: \"862,072\"}\n"
        "  - id: acme-revenue-2023\n    entity: acme\n    metric: revenue\n    period: 2023\n"
        "    value: 704174400000\n    qualifier: approximately\n"
        "    citations:\n      - source: acme-report-tables\n"
        "        cell: {row: {A: Revenue}, column: \"2023\", scale: million, text: \"704,174\"}\n",
        encoding="utf-8")
    code, lines, err = validate()
    assert code == 0, lines
    assert "2 table cells verified" in err
    # An approximate figure may round as the table does, never more.
    path = project / "data" / "facts-report.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("704174400000", "704175000000"), encoding="utf-8")
    code, lines, _ = validate()
    assert code == 1 and "the table holds 704,174 million at A=Revenue, column 2023 (tables/report.zip › " \
                         "tables/part0.xlsx › Highlights row 2), not 704175000000" in lines[0]
    # The cell's year (a key or its column's header) is the fact's period.
    path.write_text(path.read_text(encoding="utf-8").replace("704175000000", "704174000000").replace(
        "column: B, scale", "column: C, scale").replace('"862,072"', '"704,174"').replace("862072000000", "704174000000"),
        encoding="utf-8")
    code, lines, _ = validate()
    assert (code, lines) == (1, ["data/facts-report.yaml:10:13: fact 'acme-revenue-2024': the cell is in the table's "
                                 "2023 (tables/report.zip › tables/part0.xlsx › Highlights row 2), but the fact's period "
                                 "is 2024; cite the cell of its year"])


def test_a_data_package_gives_the_title_licence_and_definition(project: Path) -> None:
    folder = project / "archive" / "wdi"
    folder.mkdir()
    (folder / "data.csv").write_text(CSV, encoding="utf-8")
    (folder / "datapackage.json").write_text(json.dumps({
        "name": "ip.pat.resd", "title": "Patent applications, residents", "licenses": [{"name": "CC-BY-4.0"}],
        "readme": "Patent applications filed with a national office by residents.",
        "resources": [{"name": "data", "path": "data.csv", "format": "csv", "schema": {"fields": [
            {"name": "Country Name", "type": "string"}, {"name": "Country Code", "type": "string"},
            {"name": "Year", "type": "year"}, {"name": "Value", "type": "number"}]}}]}), encoding="utf-8")
    add("archive/wdi/datapackage.json", "--id", "wdi-patents", "--publisher", "World Bank")
    source = yaml.safe_load((project / "data" / "sources.yaml").read_text(encoding="utf-8"))["sources"][-1]
    assert (source["title"], source["licence"], source["archive"], source["package"]["path"]) == (
        "Patent applications, residents", "CC-BY-4.0", "wdi/data.csv", "wdi/datapackage.json")
    result = run_cli("import", "wdi-patents", "--metric", "patents-residents", "--entities", "all", "--unit", "count")
    assert result.code == 0, result.err
    metric = yaml.safe_load((project / "data" / "metrics.yaml").read_text(encoding="utf-8")) if (
        project / "data" / "metrics.yaml").is_file() else None
    metrics = metric["metrics"] if metric else yaml.safe_load(
        (project / "data" / "entities.yaml").read_text(encoding="utf-8"))["metrics"]
    new = next(m for m in metrics if m["id"] == "patents-residents")
    assert new["label"] == "Patent applications, residents"
    assert new["description"].startswith("Patent applications filed with a national office by residents.")
    assert "World Bank" in new["description"]
    assert validate()[0] == 0
    (folder / "datapackage.json").write_text((folder / "datapackage.json").read_text() + " ", encoding="utf-8")
    code, lines, _ = validate()
    assert code == 1 and "archived data package changed" in lines[0]


def test_a_table_that_cannot_be_read_is_refused_and_nothing_is_written(project: Path) -> None:
    before = (project / "data" / "sources.yaml").read_bytes()
    (project / "archive" / "tables" / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    result = run_cli("source", "add", "archive/tables/broken.xlsx", "--id", "broken")
    assert result.code == 1
    assert result.err.strip() == ("source add: archive/tables/broken.xlsx: not a readable XLSX workbook "
                                  "(BadZipFile); archive the .xlsx file as published; nothing was written")
    assert (project / "data" / "sources.yaml").read_bytes() == before


def test_a_table_from_another_publisher_goes_from_source_add_to_pages(project: Path) -> None:
    """As a new user would: a semicolon-separated, cp1252, decimal-comma table with its own column names."""
    from generator.render.docs import generate
    from generator.store import load_store

    path = project / "oecd.csv"
    path.write_bytes("LOCATION;Pays;TIME;Valeur\nFRA;France;2021;2,21\nDEU;Allemagne;2021;3,13\n"
                     "FRA;France;2022;2,23\n".encode("cp1252"))
    table = read_table(path, TableSpec("csv", decimal=","))
    assert table.header == ["LOCATION", "Pays", "TIME", "Valeur"] and table.lines == [2, 3, 4]
    add("oecd.csv", "--id", "oecd-gerd", "--decimal", ",", "--publisher", "OECD", "--licence", "CC-BY-4.0")
    assert (project / "archive" / "oecd-gerd" / "oecd.csv").read_bytes() == path.read_bytes()  # copied in
    result = run_cli("import", "oecd-gerd", "--metric", "gerd-share", "--key-column", "LOCATION", "--year-column",
                     "TIME", "--value-column", "Valeur", "--name-column", "Pays", "--unit", "percent",
                     "--label", "Gross domestic spending on R&D")
    assert result.code == 0, result.err
    facts = facts_of(project / "data" / "facts" / "gerd-share.yaml")
    assert facts["germany-gerd-share-2021"]["value"] == 3.13
    assert validate()[0] == 0
    page = generate(load_store(project / "data"))["metrics/gerd-share.md"]
    assert "<mark>3,13</mark> in the table at LOCATION DEU, TIME 2021, column Valeur" in page


def test_a_long_sheet_in_a_zip_is_imported_and_a_changed_zip_is_named(project: Path) -> None:
    sheet = workbook([["Country Code", "Year", "Value"], ["CHN", 2020, 1344817], ["CHN", 2021, 1426644]])
    with zipfile.ZipFile(project / "archive" / "tables" / "wipo.zip", "w") as archive:
        archive.writestr("ip/patents.xlsx", sheet)
    add("archive/tables/wipo.zip", "--id", "wipo-sheet", "--member", "ip/patents.xlsx", "--sheet", "Highlights")
    result = run_cli("import", "wipo-sheet", "--metric", "patents", "--entities", "CHN", "--unit", "count",
                     "--label", "Patent applications")
    assert result.code == 0, result.err
    assert facts_of(project / "data" / "facts" / "patents.yaml")["china-patents-2021"]["citations"][0]["cell"] == {
        "row": {"Country Code": "CHN", "Year": "2021"}, "column": "Value", "text": "1426644"}
    code, _, err = validate()
    assert code == 0 and "2 table cells verified" in err
    with zipfile.ZipFile(project / "archive" / "tables" / "wipo.zip", "a") as archive:
        archive.writestr("readme.txt", "added later")
    code, lines, _ = validate()
    assert code == 1 and "source 'wipo-sheet': archived table changed" in lines[0]


@pytest.mark.parametrize("text, number", [("1,426,644", "1426644"), ("(8,255)", "-8255"), ("9.2%", "9.2"),
                                          ("−3.5", "-3.5"), ("..", None), ("", None), ("n/a", None)])
def test_cells_state_numbers_as_tables_write_them(text: str, number: str | None) -> None:
    from decimal import Decimal

    assert cell_number(text) == (Decimal(number) if number else None)


WDI = "library/world-development-indicators@{}/indicators/bx.gsr.royl.cd/datapackage.json"


def test_a_publishers_revision_is_kept_beside_the_value_it_replaces(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The World Bank's receipts for IP charges as published in December 2025 (@20289a7), then in July 2026
    (@4ebec5a), which revised China's 2024 value and added 2025."""
    import subprocess

    from .conftest import PINNED_GIT, seeds_dir

    shared = seeds_dir()
    if shared is None or not (shared / WDI.format("20289a7")).is_file():
        pytest.skip("the source library is not here")
    archive = tmp_path / "archive"  # the fixture's texts, and the library where it lies
    shutil.copytree(FIXTURE_ARCHIVE, archive)
    (archive / "library").symlink_to(shared / "library")
    shutil.copytree(SMALL, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FACTSHEET_ARCHIVE", str(archive))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1798761600")
    env = {**__import__("os").environ, **PINNED_GIT}

    def commit(message: str) -> None:
        for args in (["add", "-A"], ["commit", "-q", "-m", message]):
            subprocess.run(["git", *args], check=True, capture_output=True, env=env)

    subprocess.run(["git", "init", "-q", "-b", "main"], check=True, capture_output=True, env=env)
    (tmp_path / "data" / "countries.yaml").write_text("entities:\n  - id: china\n    name: China\n    kind: place\n"
                                                      "    code: CHN\n", encoding="utf-8")
    add(str(archive / WDI.format("20289a7")), "--id", "wdi-ip-receipts-2025-12", "--publisher", "World Bank",
        "--published", "2025-12-17")
    result = run_cli("import", "wdi-ip-receipts-2025-12", "--metric", "ip-receipts", "--entities", "CHN",
                     "--years", "2020-")
    assert result.code == 0, result.err
    facts_file = tmp_path / "data" / "facts" / "ip-receipts.yaml"
    assert sorted(facts_of(facts_file)) == [f"china-ip-receipts-{y}" for y in range(2020, 2025)]
    commit("receipts, December 2025")
    add(str(archive / WDI.format("4ebec5a")), "--id", "wdi-ip-receipts-2026-07", "--publisher", "World Bank",
        "--published", "2026-07-01")
    result = run_cli("import", "wdi-ip-receipts-2026-07", "--metric", "ip-receipts", "--entities", "CHN",
                     "--years", "2020-")
    assert result.code == 0, result.err
    assert result.lines == ["  revised: china-ip-receipts-2024 ranked down, china-ip-receipts-2024-20260701 added"]
    facts = facts_of(facts_file)
    old, new = facts["china-ip-receipts-2024"], facts["china-ip-receipts-2024-20260701"]
    assert (old["value"], old["rank"]) == (10125387624.3, "deprecated")
    assert old["reason"].startswith("Revised by the publisher in the version of 2026-07-01")
    assert (new["value"], new.get("rank", "preferred")) == (7064886188.15, "preferred")
    assert facts["china-ip-receipts-2025"]["value"] == 13069938163.36  # a year the new version added
    assert validate()[0] == 0
    report = run_cli("diff", "HEAD").out.splitlines()
    at = report.index("### Revised by the publisher")
    assert report[at + 4] == ("- **2024 · China**, Charges for the use of intellectual property, receipts \\(BoP, "
                              "current US$\\): US$10.125 billion → **US$7.065 billion** (-30.2% in the version of "
                              "2026-07-01 \\(wdi-ip-receipts-2026-07\\); `china-ip-receipts-2024` → "
                              "`china-ip-receipts-2024-20260701`)")
    assert any(line.startswith("- **2025 · China**, added `china-ip-receipts-2025`") for line in report)
    # Listed once, as the publisher's revision, not again as a contributor's edit.
    assert sum("china-ip-receipts-2024-20260701" in line for line in report) == 1


def test_every_country_of_a_series_validates_and_builds_pages_of_bounded_size(tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """`import --entities all`: every country and aggregate of the World Bank's resident patent applications
    (4,000+ values, 170 entities). The metric page lists the eight entities its chart draws and one row for each
    other; each entity's page holds its own series; no page grows with the number of values."""
    import datetime as dt

    from generator.render.docs import generate
    from generator.store import load_store

    from .conftest import seeds_dir

    shared = seeds_dir()
    wdi = "library/world-development-indicators@4ebec5a/indicators/ip.pat.resd/datapackage.json"
    if shared is None or not (shared / wdi).is_file():
        pytest.skip("the source library is not here")
    archive = tmp_path / "archive"
    shutil.copytree(FIXTURE_ARCHIVE, archive)
    (archive / "library").symlink_to(shared / "library")
    shutil.copytree(SMALL, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FACTSHEET_ARCHIVE", str(archive))
    (tmp_path / "data" / "countries.yaml").write_text("entities:\n  - id: china\n    name: China\n    kind: place\n"
                                                      "    code: CHN\n    focus: true\n", encoding="utf-8")
    add(str(archive / wdi), "--id", "wdi-patents", "--publisher", "World Bank")
    result = run_cli("import", "wdi-patents", "--metric", "patents-residents", "--entities", "all", "--unit", "count")
    assert result.code == 0, result.err
    code, lines, err = validate()
    assert code == 0, lines[:3]
    cells = int(re.search(r"([\d,]+) table cells verified", err).group(1).replace(",", ""))
    assert cells > 4000
    store = load_store(tmp_path / "data", today=dt.date(2027, 1, 1))
    entities = {f.entity for f in store.facts.values() if f.metric == "patents-residents"}
    assert len(entities) > 150
    files = generate(store)
    pages = {name: text for name, text in files.items() if name.endswith(".md")}
    metric = pages["metrics/patents-residents.md"]
    assert len(re.findall(r'<(?:tr|span) id="', metric)) <= 8 * 60  # the drawn entities' values, not every country's
    assert "## Other entities" in metric
    biggest = max(len(text) for text in pages.values())
    assert biggest < 400_000, max(pages, key=lambda name: len(pages[name]))
    assert "## Values by year" not in pages["entities/china.md"]  # the site's focus is drawn: on the metric page
    assert 'id="china-patents-residents-2021"' in metric
    aruba = next(e for e in entities if store.entities[e].code == "ABW")
    assert "## Values by year" in pages[f"entities/{aruba}.md"]
    # Every value has exactly one page that lists it with its anchor.
    listed = [re.findall(r'<(?:tr|span) id="([^"]+)"', text) for text in pages.values()]  # a table's rows, a grid's cells
    anchors = [anchor for found in listed for anchor in found if anchor.endswith(tuple("0123456789"))]
    ours = [f.id for f in store.facts.values() if f.metric == "patents-residents"]
    assert sorted(a for a in anchors if a in set(ours)) == sorted(ours)
