"""The site's words for what a figure is: its qualifier, its rank, its source's kind, its period and dates.

Pages, tables, charts (legends, hovers, text alternatives), cards and the feed all say these things in the
words kept here, so a reader meets one vocabulary, and changing a word changes it everywhere.
"""

from __future__ import annotations

from typing import Protocol

# In a value, as a reader says it: 'about US$630 million', 'at least 5,000', 'US$1 billion (target)'.
QUALIFIER_WORDS = {
    "exact": "",
    "approximately": "about",
    "at_least": "at least",
    "at_most": "at most",
    "projection": "projected",
    "target": "target",
}
# In a table's qualifier column and on a figure's card.
QUALIFIER_LABELS = {
    "exact": "as stated", "approximately": "approximately", "at_least": "at least", "at_most": "at most",
    "projection": "projection", "target": "target",
}
# In a chart's hover: what the marker's shape says.
QUALIFIER_HOVER = {
    "exact": "as stated by the source",
    "approximately": "approximate: the source says about or almost",
    "at_least": "a lower bound: the source says more than or over",
    "at_most": "an upper bound: the source says nearly or at most",
    "projection": "a projection, not a result",
    "target": "a target, not a result",
}
FUTURE_QUALIFIERS = ("projection", "target")

RANK_WORDS = {"preferred": "preferred", "normal": "other value", "deprecated": "disputed"}
RANK_LEGEND = {"normal": "Other values (ranked lower)", "deprecated": "Disputed values (ranked down)"}
RANK_HOVER = {"normal": "other value: ranked lower; the reason is in the table",
              "deprecated": "disputed: ranked down by this site; the reason is in the table"}

# The reason `import` gives an earlier value a publisher revised in a newer version of its table. Such a value is
# the same source correcting itself, not sources disagreeing: kept, ranked down, and left off the conflicts page.
PUBLISHER_REVISED = "Revised by the publisher"

KIND_WORDS = {
    "press_release": "press release", "news_report": "news report", "commentary": "commentary",
    "interview": "interview", "official_statistics": "official statistics", "report": "report",
    "blog_post": "blog post", "unknown": "kind not known",
}

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


class Dated(Protocol):
    year: int
    month: int | None
    day: int | None


def human_date(date: Dated | None) -> str:
    """14 November 2025, June 2024, 2019 or 'unknown'."""
    if date is None:
        return "unknown"
    if date.day:
        return f"{date.day} {MONTHS[date.month - 1]} {date.year}"
    if date.month:
        return f"{MONTHS[date.month - 1]} {date.year}"
    return str(date.year)


def period_words(point) -> str:  # noqa: ANN001 - a Fact or a DerivedFigure
    """A figure's period as a reader should read it: '2024', or '2025 or later' when only a bound is known."""
    if getattr(point, "period_basis", "stated") == "earliest":
        return f"{point.period} or later"
    return str(point.period)


def in_sentence(label: str) -> str:
    """A label as it reads inside a sentence: 'Patent licensing revenue' → 'patent licensing revenue', but an
    acronym keeps its capitals ('R&D spending', 'PCT applications')."""
    first = label.split(" ", 1)[0]
    if len(first) > 1 and not first[1:].islower():
        return label
    return label[:1].lower() + label[1:]


def status_words(qualifier: str, rank: str) -> str:
    """What a reader must know before using a value, in words: '' for a preferred reported result."""
    parts = []
    if qualifier in FUTURE_QUALIFIERS:
        parts.append(f"{qualifier}, not a reported result")
    if rank != "preferred":
        parts.append(RANK_WORDS[rank])
    return "; ".join(parts)
