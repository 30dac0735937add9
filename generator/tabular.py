"""Archived tables: a CSV file (any common dialect, with a header), a sheet of an XLSX workbook (also inside a
zip), a resource of a Frictionless data package, or a table inside a text (`texttable`); their rows found by the values of key columns, their cells
as the table writes them, and the number a cell states.

The Frictionless reference library detects a CSV file's encoding and dialect and reads data packages; openpyxl
reads workbooks. Every error names the file (and the row) and says what to do.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

MAX_TABLE_BYTES = 200_000_000  # a table larger than this is not a source we read whole


class TableError(Exception):
    """An archived table cannot be read as declared; the message names the file and what to do."""


@dataclass(frozen=True)
class TableSpec:
    """How to read a source's archived file as a table (the source's ``table`` entry)."""

    format: str  # csv, xlsx or datapackage
    member: str | None = None  # the workbook's (or CSV's) path inside a zip
    sheet: str | None = None  # the workbook's sheet; the first when not given
    resource: str | None = None  # the data package's resource; the only one when not given
    decimal: str = "."  # the decimal mark of the table's numbers ("1.234,5" needs ",")
    heading: str | None = None  # a table inside a text: the line above it


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]  # the cells as the table writes them (white space and Excel's _x000D_ tidied)
    lines: list[int]  # where each row is: the CSV file's line, or the sheet's row number
    where: str  # the file (and member, sheet) for messages: 'data.csv', 'Huawei.zip › tables/x.xlsx › Sheet1'
    line_word: str = "line"  # 'line' for CSV files, 'row' for sheets
    _index: dict[tuple[int, ...], dict[tuple[str, ...], list[int]]] = field(default_factory=dict, repr=False)

    def column(self, name: str) -> int | None:
        """A column by its header, or by its letter (A, B, … AA) as a spreadsheet names it."""
        wanted = tidy(name)
        if wanted in self.header:
            return self.header.index(wanted)
        if re.fullmatch(r"[A-Z]{1,3}", name):
            number = 0
            for letter in name:
                number = number * 26 + ord(letter) - 64
            return number - 1 if number <= len(self.header) else None
        return None

    def find(self, keys: dict[str, str]) -> list[int]:
        """The rows whose key columns hold the given values (compared as tidied text), in table order."""
        columns = tuple(self.column(name) for name in keys)
        if any(c is None for c in columns):
            return []
        index = self._index.get(columns)  # built once per set of key columns: a table of 10,000 rows is cited often
        if index is None:
            index = {}
            for number, row in enumerate(self.rows):
                index.setdefault(tuple(row[c] if c < len(row) else "" for c in columns), []).append(number)
            self._index[columns] = index
        return index.get(tuple(tidy(str(v)) for v in keys.values()), [])

    def cell(self, row: int, column: int) -> str:
        cells = self.rows[row]
        return cells[column] if column < len(cells) else ""

    def at(self, row: int) -> str:
        """Where a row is, for a reader: 'data.csv line 812'."""
        return f"{self.where} {self.line_word} {self.lines[row]}"

    def letter(self, column: int) -> str:
        letters = ""
        column += 1
        while column:
            column, rest = divmod(column - 1, 26)
            letters = chr(65 + rest) + letters
        return letters


def tidy(text: str) -> str:
    """A cell's text as a reader sees it: Excel's escaped carriage returns gone, white space folded."""
    return " ".join(text.replace("_x000D_", " ").split())


def cell_number(text: str, decimal: str = ".") -> Decimal | None:
    """The number a cell writes: '1,426,644' → 1426644, '(8,255)' → -8255, '9.2%' → 9.2, '−3.5' → -3.5;
    None for an empty cell or one that is not a number ('..', 'n/a')."""
    text = tidy(text).replace("\u2212", "-").rstrip("%").strip()
    negative = text.startswith("(") and text.endswith(")")
    text = text.strip("()").strip()
    if decimal == ",":
        text = text.replace(".", "").replace(" ", "").replace(",", ".")
    else:
        text = text.replace(",", "").replace(" ", "")
    if not re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?", text):
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return -number if negative else number


def read_table(path: Path, spec: TableSpec, shown: str | None = None) -> Table:
    """The table in ``path`` (an archived file) as ``spec`` says to read it."""
    shown = shown or path.name
    if not path.is_file():
        raise TableError(f"{shown}: no such file in the archive")
    if path.stat().st_size > MAX_TABLE_BYTES:
        raise TableError(f"{shown}: larger than {MAX_TABLE_BYTES // 1_000_000} MB; archive a smaller extract")
    if spec.format == "datapackage":
        package = read_package(path)
        resource = package.resource(spec.resource, shown)
        return read_csv(path.parent / resource["path"], f"{shown} › {resource['path']}")
    if spec.member is not None:
        return _read_member(path, spec, shown)
    if spec.format == "xlsx":
        return read_sheet(path.read_bytes(), spec.sheet, shown)
    if spec.format == "csv":
        return read_csv(path, shown)
    if spec.format == "text":
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            raise TableError(f"{shown}: not UTF-8 text; archive the text as UTF-8") from None
        return read_text_table(text, spec.heading or "", shown)
    raise TableError(f"{shown}: unknown table format '{spec.format}'; use csv, xlsx, datapackage or text")


def _read_member(path: Path, spec: TableSpec, shown: str) -> Table:
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo(spec.member)
            if info.file_size > MAX_TABLE_BYTES:
                raise TableError(f"{shown} › {spec.member}: larger than {MAX_TABLE_BYTES // 1_000_000} MB unpacked")
            data = archive.read(info)
    except KeyError:
        raise TableError(f"{shown}: no member '{spec.member}' in the zip; name one of its files") from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise TableError(f"{shown}: not a readable zip file ({exc})") from None
    if spec.format == "xlsx":
        return read_sheet(data, spec.sheet, f"{shown} › {spec.member}")
    return _read_csv_text(data, f"{shown} › {spec.member}")


def read_sheet(data: bytes, sheet: str | None, shown: str) -> Table:
    """A sheet of a workbook: the first row is the header; cells as written (numbers as the sheet holds them)."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a file that is not a workbook
        raise TableError(f"{shown}: not a readable XLSX workbook ({type(exc).__name__}); archive the .xlsx file "
                         "as published") from None
    try:
        if sheet is None:
            worksheet = workbook.worksheets[0]
        elif sheet in workbook.sheetnames:
            worksheet = workbook[sheet]
        else:
            raise TableError(f"{shown}: no sheet '{sheet}'; the workbook has {', '.join(workbook.sheetnames)}")
        found = [[_sheet_text(value) for value in row] for row in worksheet.iter_rows(values_only=True)]
        where = f"{shown} › {worksheet.title}"
    finally:
        workbook.close()
    if not found:
        raise TableError(f"{where}: the sheet is empty")
    return Table(found[0], found[1:], list(range(2, len(found) + 1)), where, "row")


def _sheet_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return tidy(str(value))


def read_csv(path: Path, shown: str) -> Table:
    if not path.is_file():
        raise TableError(f"{shown}: no such file in the archive")
    return _read_csv_text(path.read_bytes(), shown)


def _read_csv_text(data: bytes, shown: str) -> Table:
    """CSV with a header row; encoding and dialect as Frictionless detects them; line numbers as in the file."""
    from frictionless import Resource

    if b"\x00" in data[:65536]:
        raise TableError(f"{shown}: a binary file, not CSV text; archive the table as CSV or XLSX")
    try:
        detected = Resource(data=data, format="csv")
        detected.infer()
        encoding = detected.encoding or "utf-8"
        control = detected.dialect.get_control("csv") if detected.dialect.has_control("csv") else None
        delimiter = getattr(control, "delimiter", ",") or ","
        quote = getattr(control, "quote_char", '"') or '"'
    except Exception as exc:  # noqa: BLE001 - the detector's own errors for text it cannot read
        raise TableError(f"{shown}: not readable as CSV ({type(exc).__name__}); archive it as UTF-8 CSV with a "
                         "header row") from None
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise TableError(f"{shown}: not readable as {encoding} text; archive it as UTF-8") from None
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=delimiter, quotechar=quote)
    rows, lines = [], []
    header: list[str] | None = None
    try:
        for cells in reader:
            if header is None:
                header = [tidy(c) for c in cells]
                continue
            if not any(c.strip() for c in cells):
                continue
            rows.append([tidy(c) for c in cells])
            lines.append(reader.line_num)
    except csv.Error as exc:
        raise TableError(f"{shown} line {reader.line_num}: {exc}; fix the file's quoting") from None
    if not header or not any(header):
        raise TableError(f"{shown}: no header row; a table source needs one (the columns' names)")
    return Table(header, rows, lines, shown, "line")


# A cell that writes no figure but holds a column's place: a dash, or 'n/a'.
PLACEHOLDERS = {"-", "–", "—", "n/a", "N/A", "na", "NA", "..", "…"}


def read_text_table(text: str, heading: str, shown: str) -> Table:
    """The table under the line ``heading`` of ``text``; TableError naming the file and what to do.

    A table inside a text: the five-year highlights of an annual report's web page, as a stored copy of the page
    writes them, one row per line with the cells split by spaces:

        Five-Year Financial Highlights

        2023 2022 2021 2020 2019
        (USD Million) (CNY Million) (CNY Million)
        Revenue 99,448 704,174 642,338 636,807 891,368 858,833
        Operating margin 14.8% 14.8% 6.6% 19.1% 8.1% 9.1%

    The source names the table by the line above it (its heading). The table is the block of lines after the
    heading, up to the first blank line. Its first line is the header. A row is a line that ends in figures: its
    label (column A) is the words before them. The header names the columns from the right, as such tables are
    laid out (the label on the left; a page may put an extra column, here the latest year in US dollars, before
    the years): the row's last figure is under the header's last word. Columns the header does not reach are
    named by their letters only. Lines that end in words (units, notes) are not rows.
    """
    lines = text.split("\n")
    wanted = tidy(heading)
    found = [number for number, line in enumerate(lines) if tidy(line.replace("\f", " ")) == wanted]
    if not found:
        raise TableError(f"{shown}: no line reads '{heading}'; give the line above the table, as the text writes it")
    if len(found) > 1:
        at = ", ".join(str(number + 1) for number in found[:5])
        raise TableError(f"{shown}: {len(found)} lines read '{heading}' (lines {at}); a table's heading must be "
                         "one line of the text")
    return table_below(lines, found[0], f"{shown} › the table under “{wanted}”")


def table_below(lines: list[str], heading: int, where: str) -> Table:
    """The table under line ``heading`` (0-based) of a text's lines, read as ``read_text_table`` says."""
    start = heading + 1
    while start < len(lines) and not lines[start].strip():
        start += 1
    block = []
    for number in range(start, len(lines)):
        if not lines[number].strip():
            break
        block.append((number + 1, lines[number].replace("\f", " ").split()))
    if not block:
        raise TableError(f"{where}: no lines follow the heading; name the line just above the table")
    header = block[0][1]
    rows, numbers = [], []
    for number, words in block[1:]:
        figures = trailing_figures(words)
        if figures and len(figures) < len(words):  # a label, then figures
            rows.append([" ".join(words[:len(words) - len(figures)]), *figures])
            numbers.append(number)
    if not rows:
        raise TableError(f"{where}: no line after the header is a row (a label, then figures); check the heading")
    width = max(len(row) for row in rows)
    named = [""] * width
    for offset, word in enumerate(reversed(header[-(width - 1):])):
        named[width - 1 - offset] = word
    # A row with fewer figures is right-aligned like the header: its last figure is under the last column.
    cells = [[row[0], *[""] * (width - len(row)), *row[1:]] for row in rows]
    return Table(named, cells, numbers, where, "line")


def trailing_figures(words: list[str]) -> list[str]:
    """The figures that end a line: numbers ('704,174', '14.8%', '(1,234)') and placeholders ('–')."""
    count = 0
    for word in reversed(words):
        if cell_number(word) is None and word not in PLACEHOLDERS:
            break
        count += 1
    figures = words[len(words) - count:]
    # A line of placeholders alone is furniture, not a row.
    return figures if any(re.search(r"\d", word) for word in figures) else []


@dataclass
class PackageInfo:
    """What a data package says of itself: the words its publisher chose, kept as they are."""

    title: str | None
    description: str | None
    licences: list[str]
    resources: list[dict]  # name, path, and fields: [{name, description}]

    def resource(self, name: str | None, shown: str) -> dict:
        if name is None:
            if len(self.resources) != 1:
                names = ", ".join(r["name"] for r in self.resources)
                raise TableError(f"{shown}: the package has {len(self.resources)} resources ({names}); name one")
            return self.resources[0]
        for resource in self.resources:
            if resource["name"] == name:
                return resource
        raise TableError(f"{shown}: no resource '{name}' in the package")

    def field_description(self, resource: dict, column: str) -> str | None:
        for described in resource["fields"]:
            if described["name"] == column:
                return described.get("description")
        return None


def read_package(path: Path) -> PackageInfo:
    """A Frictionless data package's descriptor (datapackage.json), read and checked by the frictionless library."""
    from frictionless import FrictionlessException, Package

    try:
        package = Package(str(path))
    except FrictionlessException as exc:
        raise TableError(f"{path.name}: not a valid data package ({exc.error.message}); archive the package's "
                         "datapackage.json as published") from None
    resources = []
    for resource in package.resources:
        if not isinstance(resource.path, str) or resource.path.startswith("/") or ".." in resource.path.split("/"):
            raise TableError(f"{path.name}: resource '{resource.name}' has no local path beside the package")
        fields = [{"name": f.name, "description": f.description} for f in resource.schema.fields] \
            if resource.schema else []
        resources.append({"name": resource.name, "path": resource.path, "fields": fields})
    descriptor = package.to_descriptor()
    licences = [str(lic.get("name") or lic.get("title") or lic.get("path")) for lic in package.licenses or []]
    description = package.description or descriptor.get("readme")
    return PackageInfo(package.title, description, licences, resources)
