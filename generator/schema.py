"""The data model: what each entry in a YAML data file may hold.

Models are strict (no silent coercion) and forbid unknown fields. Dates, periods and values have
their own parsers so that the messages say what to write instead.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from functools import total_ordering
from typing import Annotated, Any, Literal, Union

from babel.numbers import list_currencies
from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, PlainValidator,
                      field_validator, model_validator)

ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,79}$"
# Ids become file names and anchors beside the site's own: an entity 'index' would replace the
# entities index, a metric 'timeline' the timeline picture's figure, a fact 'notes' a heading's anchor.
RESERVED_IDS = frozenset({
    "index", "timeline", "charts", "data", "assets", "search", "404", "sitemap", "javascripts", "stylesheets",
    "metrics", "entities", "people", "sources", "conflicts", "downloads", "methodology", "feed",
    "reported-values", "notes", "other-values-and-why-they-rank-lower", "derived-figures", "used-to-derive",
    "figures", "events", "statements", "facts", "content",
})
# The largest magnitude a value may have: beyond every real figure, and safe to format and chart.
MAX_VALUE = 1e18
MIN_VALUE = 1e-12
CURRENCIES = frozenset(list_currencies())
NON_CURRENCY_UNITS = ("count", "percent")

Qualifier = Literal["exact", "approximately", "at_least", "at_most", "projection", "target"]
Rank = Literal["preferred", "normal", "deprecated"]
SourceKind = Literal[
    "press_release", "news_report", "commentary", "interview", "official_statistics", "report", "blog_post", "unknown"
]
EntityKind = Literal["organisation", "place", "project"]
StatementForm = Literal["direct", "reported"]
Operation = Literal["previous_from_growth", "growth", "total_from_share"]


@total_ordering
@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day. A year sorts before its months and days."""

    year: int
    month: int | None = None
    day: int | None = None

    def _key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def __lt__(self, other: "PartialDate") -> bool:
        return self._key() < other._key()

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def __str__(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def earliest(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)


_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def parse_partial_date(value: Any) -> PartialDate:
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ValueError(f"expected a date such as 2024, 2024-06 or 2024-06-30, found {value!r}")
    text = str(value).strip()
    match = _DATE.fullmatch(text)
    if not match:
        raise ValueError(f"'{text}' is not a date; write 2024, 2024-06 or 2024-06-30")
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"impossible date '{text}': there is no month {month}")
    if day is not None:
        try:
            dt.date(year, month, day)  # type: ignore[arg-type]
        except ValueError:
            raise ValueError(f"impossible date '{text}': month {month} of {year} has no day {day}") from None
    return PartialDate(year, month, day)


def parse_date_or_unknown(value: Any) -> PartialDate | None:
    if value == "unknown":
        return None
    return parse_partial_date(value)


def parse_number(value: Any) -> float | int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        hint = ""
        if isinstance(value, str):
            hint = " (630000000, not '630 million' or '630,000,000'; remove any quotes)"
        raise ValueError(f"expected a plain number in the metric's unit{hint}, found {value!r}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{value} is not a usable value; write a finite number")
    if value and abs(value) < MIN_VALUE:
        raise ValueError(f"{value} is smaller than 10^-12; write the value in a unit where it is a usable number")
    if abs(value) > MAX_VALUE:
        raise ValueError("the value is larger than 10^18, beyond any real figure; write the number in the "
                         "metric's unit (630000000 for US$630 million) and check the digits")
    return value


def _check_id(value: str) -> str:
    if value in RESERVED_IDS:
        raise ValueError(f"'{value}' is reserved for the site's own pages and files; choose another id "
                         f"(reserved: {', '.join(sorted(RESERVED_IDS))})")
    return value


def _check_unit(unit: str) -> str:
    if unit not in NON_CURRENCY_UNITS and unit not in CURRENCIES:
        raise ValueError(f"unit '{unit}' must be an ISO 4217 currency code (USD, CNY, EUR …), 'count' or 'percent'")
    return unit


def _check_url(url: str) -> str:
    if not re.fullmatch(r"https?://[^\s/?#]+[^\s]*", url):
        raise ValueError(f"url '{url}' must be an absolute http:// or https:// address")
    return url


def _check_file_name(name: str) -> str:
    """A file inside the archive: folders and names of letters, digits, '.', '_', '-', '@', never '..'."""
    parts = name.split("/")
    if any(not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._@-]*", part) or ".." in part for part in parts):
        raise ValueError(f"archive '{name}' must be a path inside the archive directory (folders/name, no '..')")
    return name


def _date_serializer(value: PartialDate | None) -> str:
    return "unknown" if value is None else str(value)


Id = Annotated[str, Field(pattern=ID_PATTERN)]
NewId = Annotated[str, Field(pattern=ID_PATTERN), AfterValidator(_check_id)]  # the id an entry is known by
Text = Annotated[str, Field(min_length=1, max_length=5000)]  # descriptions, notes, quotes, statements
Name = Annotated[str, Field(min_length=1, max_length=200)]  # names and labels: shown in headings, tables and charts
Title = Annotated[str, Field(min_length=1, max_length=400)]  # titles of sources and events
MAX_CITATIONS = 50
Date = Annotated[PartialDate, PlainValidator(parse_partial_date), PlainSerializer(str)]
DateOrUnknown = Annotated[
    Union[PartialDate, None], PlainValidator(parse_date_or_unknown), PlainSerializer(_date_serializer)
]
Number = Annotated[Union[int, float], PlainValidator(parse_number)]
Unit = Annotated[str, AfterValidator(_check_unit)]
Url = Annotated[str, AfterValidator(_check_url)]
FileName = Annotated[str, AfterValidator(_check_file_name)]
Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def _key_text(value: Any) -> Any:
    """A row's key as the table writes it: YAML reads `Year: 2021` as a number, the table holds the text '2021'."""
    if isinstance(value, dict):
        return {k: str(v) if isinstance(v, int) and not isinstance(v, bool) else v for k, v in value.items()}
    return value


SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}


class Cell(Model):
    """A cell of a table source: the row named by the values of its key columns (or its label, as
    `{A: Revenue}`), the column that holds the value (its header, or its letter), the scale the table
    writes its numbers in where it is not one ('CNY million': million), and the cell as the table writes it."""

    row: Annotated[dict[Name, Name], BeforeValidator(_key_text), Field(min_length=1, max_length=8)]
    column: Name
    scale: Literal["thousand", "million", "billion"] | None = None
    text: Name
    line: Annotated[int, Field(ge=1)] | None = None  # the table's row (a sheet's row, a file's line) where labels repeat


class Citation(Model):
    """Where a figure is stated: a verbatim quote of a text, or a cell of a table."""

    source: Id
    quote: Text | None = None
    cell: Cell | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> "Citation":
        if (self.quote is None) == (self.cell is None):
            raise ValueError("a citation gives either 'quote' (the source's words) or 'cell' (a table's cell), "
                             "not both or neither")
        return self

    @property
    def words(self) -> str:
        """The citation as a reader reads it: the quote, or the cell as written with where it stands."""
        if self.cell is None:
            return self.quote or ""
        return f"{self.cell.text} ({cell_place(self.cell)})"


def cell_place(cell: Cell) -> str:
    """Where a cell stands, in words: 'Country Code CHN, Year 2021, column Value (million)'."""
    # A row named by its label in a lettered column reads as the label: 'row “Revenue”', not 'A Revenue'.
    keys = ", ".join(f"row “{v}”" if re.fullmatch(r"[A-Z]{1,3}", k) else f"{k} {v}" for k, v in cell.row.items())
    return f"{keys}, column {cell.column}" + (f", in {cell.scale}s" if cell.scale else "")


class TableRead(Model):
    """How a source's archived file is read as a table."""

    format: Literal["csv", "xlsx", "datapackage", "text"]
    member: FileName | None = None  # the file inside a zip
    sheet: Name | None = None  # a workbook's sheet (the first when not given)
    resource: Name | None = None  # a data package's resource (the only one when not given)
    decimal: Literal[".", ","] = "."
    heading: Text | None = None  # a table inside a text: the line above it, as the text writes it

    @model_validator(mode="after")
    def _heading_for_text(self) -> "TableRead":
        if (self.format == "text") != (self.heading is not None):
            raise ValueError("a table inside a text (format: text) is named by its 'heading', the line above it; "
                             "other formats have no heading")
        return self


class ArchivedFile(Model):
    path: FileName
    sha256: Sha256


class Excerpt(Model):
    """The archived text is an excerpt of the page, as someone stored it: not necessarily the whole page."""

    stored_by: Name  # who stored the page the excerpt comes from: 'a public collection of stored web pages'
    part: Name = "the top of the page"  # which part of the page the excerpt is


class SourceOrigin(Model):
    """Where an archived file came from when it was not fetched from a page: a repository at a commit."""

    repository: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")]
    commit: Annotated[str, Field(pattern=r"^[0-9a-f]{7,40}$")]
    path: Name


class Source(Model):
    id: NewId
    title: Title
    publisher: Name
    author: Name | None = None
    published: DateOrUnknown
    updated: Date | None = None  # a page stamped only "Updated: …" has this and published: unknown
    kind: SourceKind
    language: Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    url: Url | None = None  # where the archived text was fetched (or saved) from
    canonical: Url | None = None  # the address the page itself names as its own, when that is another
    archive: FileName
    sha256: Sha256  # of the archived file's bytes: what "verified" was verified against
    retrieved: Date  # the day the text was archived
    table: TableRead | None = None  # the archived file is a table: facts cite its cells
    package: ArchivedFile | None = None  # the data package descriptor the table's metadata came from
    original: ArchivedFile | None = None  # the file the archived text was extracted from (a PDF), in the archive
    origin: SourceOrigin | None = None  # a repository and commit the file came from
    excerpt: Excerpt | None = None  # the archived text is an excerpt of the page, not the whole page
    licence: Name | None = None  # as the publisher states it (CC-BY-4.0); absent when none is stated
    attribution: Text | None = None  # the credit the licence asks for, shown beside every cited cell
    note: Text | None = None


class Entity(Model):
    id: NewId
    name: Name
    name_zh: Name | None = None  # the name in Chinese, so readers can search for it
    kind: EntityKind
    # The code publishers' tables use for it: ISO 3166-1 alpha-3 for a country, the World Bank's for a region.
    code: Annotated[str, Field(pattern=r"^[A-Z0-9]{2,3}$")] | None = None
    focus: bool = False  # what the site is about: drawn first on a chart of many entities
    description: Text | None = None
    part_of: Id | None = None


class Person(Model):
    id: NewId
    name: Name
    role: Name
    affiliation: Id
    as_of: Date
    citation: Citation


class Metric(Model):
    id: NewId
    label: Name
    unit: Unit
    description: Text
    headline: bool = False
    glance: bool = False  # its chart leads the home page ("at a glance"), linking to its page
    group: Name | None = None  # the part of the subject it belongs to: the timeline counts and lists by group
    synonyms: list[Name] = []  # other words for it, shown on its page so search finds them
    chart_with: list[Id] = []  # other metrics, in the same unit, drawn on this metric's chart


class Fact(Model):
    id: NewId
    entity: Id
    metric: Id
    period: Date
    # 'earliest': the source does not state the period; it is the earliest the figure can describe, and
    # pages say "2025 or later". The note says how it was worked out.
    period_basis: Literal["stated", "earliest"] = "stated"
    value: Number
    unit: Unit | None = None
    qualifier: Qualifier
    # The figure in the source's words when they carry less precision than the number ('about
    # one-third' for 33.3, 'nearly three times' for 300): shown to readers instead of the number.
    stated: Name | None = None
    rank: Rank = "preferred"
    reason: Text | None = None
    note: Text | None = None
    disputes: list[Id] = []
    citations: Annotated[list[Citation], Field(min_length=1, max_length=MAX_CITATIONS)]


class Event(Model):
    id: NewId
    date: Date
    title: Title
    description: Text | None = None
    entities: list[Id] = []
    citations: Annotated[list[Citation], Field(min_length=1, max_length=MAX_CITATIONS)]


class Statement(Model):
    id: NewId
    speaker: Id
    date: DateOrUnknown
    form: StatementForm
    text: Text
    source: Id
    context: Text | None = None


class Comparison(Model):
    """One entity's metrics side by side over the years, on a page of their own: what a company spends on R&D
    beside its revenue, what a country pays for intellectual property beside what it receives. Metrics in the
    same unit share a chart; each unit has its own (never two units on one axis)."""

    id: NewId
    title: Name
    entity: Id
    metrics: Annotated[list[Id], Field(min_length=2, max_length=4)]
    description: Text | None = None
    glance: bool = False  # its charts lead the home page ("at a glance"), linking to its page
    # The table gives the first two metrics' difference each year (paid less received), computed and said to be.
    difference: bool = False

    @field_validator("metrics")
    @classmethod
    def _distinct(cls, metrics: list[str]) -> list[str]:
        if len(set(metrics)) != len(metrics):
            raise ValueError("a comparison names each metric once")
        return metrics


class Derived(Model):
    """A figure the generator computes from reported facts; only the recipe is stored."""

    id: NewId
    entity: Id
    metric: Id
    period: Date
    operation: Operation
    inputs: Annotated[list[Id], Field(min_length=2, max_length=2)]
    note: Text | None = None


class Paragraph(Model):
    """One paragraph of a source's archived text, and what the data took from it (or why nothing)."""

    at: Text  # the paragraph's first words, as in the archived text
    yields: list[Id] = []  # the facts, derived figures, events, statements and people it gives
    none: Text | None = None  # why it gives nothing: opinion, no figure, page furniture, spam …

    def model_post_init(self, context: Any) -> None:  # noqa: ARG002 - pydantic's hook
        if bool(self.yields) == bool(self.none):
            raise ValueError("a paragraph needs either 'yields' (ids) or 'none' (why it yields nothing), not both")


class Coverage(Model):
    """The audit of one source: every paragraph of its archived text, accounted for."""

    source: Id
    paragraphs: Annotated[list[Paragraph], Field(min_length=1)]


SECTIONS: dict[str, type[Model]] = {
    "sources": Source,
    "entities": Entity,
    "people": Person,
    "metrics": Metric,
    "facts": Fact,
    "events": Event,
    "statements": Statement,
    "derived": Derived,
}


class DataFile(Model):
    sources: list[Source] = []
    entities: list[Entity] = []
    people: list[Person] = []
    metrics: list[Metric] = []
    facts: list[Fact] = []
    events: list[Event] = []
    statements: list[Statement] = []
    derived: list[Derived] = []
    comparisons: list[Comparison] = []
    coverage: list[Coverage] = []
