"""How old each metric's latest figure is, measured from the build date (``SOURCE_DATE_EPOCH``).

A period counts from its end: a figure "for 2024" is as of 31 December 2024, one "for June 2024"
as of 30 June 2024. Only reported results count; a projection says nothing about how current the
data is.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from .schema import Metric, PartialDate
from .store import FactStore

DEFAULT_MAX_AGE = "18m"
_AGE = re.compile(r"^\s*(\d{1,4})\s*([dwmy])\s*$")
_UNIT_WORDS = {"d": "day", "w": "week", "m": "month", "y": "year"}


@dataclass(frozen=True)
class MaxAge:
    amount: int
    unit: str  # d, w, m or y

    @classmethod
    def parse(cls, text: str) -> "MaxAge":
        match = _AGE.match(text)
        if not match:
            raise ValueError(f"'{text}' is not an age; write a number and d, w, m or y, e.g. 18m or 2y")
        return cls(int(match.group(1)), match.group(2))

    def cutoff(self, today: dt.date) -> dt.date:
        """The earliest end of period that is not stale on ``today``."""
        if self.unit in ("d", "w"):
            days = self.amount * (7 if self.unit == "w" else 1)
            return today - dt.timedelta(days=days) if days < (today - dt.date.min).days else dt.date.min
        months = self.amount * (12 if self.unit == "y" else 1)
        year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
        if year < dt.MINYEAR:  # an age longer than the calendar: nothing is that old
            return dt.date.min
        return dt.date(year, month + 1, min(today.day, calendar.monthrange(year, month + 1)[1]))

    def __str__(self) -> str:
        word = _UNIT_WORDS[self.unit]
        return f"{self.amount} {word}{'s' if self.amount != 1 else ''}"


def period_end(period: PartialDate) -> dt.date:
    if period.day:
        return dt.date(period.year, period.month, period.day)
    if period.month:
        return dt.date(period.year, period.month, calendar.monthrange(period.year, period.month)[1])
    return dt.date(period.year, 12, 31)


@dataclass(frozen=True)
class Freshness:
    metric: Metric
    latest: PartialDate  # the latest reported period
    months: int  # whole months from the period's end to the build date
    stale: bool


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole calendar months; the last day of a shorter month completes a month (31 Dec → 30 Jun is 6)."""
    month_end = end.day == calendar.monthrange(end.year, end.month)[1]
    months = (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day and not month_end)
    return max(months, 0)


def freshness(store: FactStore, metric: Metric, max_age: MaxAge) -> Freshness | None:
    """None when the metric has no reported value at all."""
    reported = store.reported(metric.id)
    if not reported:
        return None
    latest = max(f.period for f in reported)
    end = period_end(latest)
    return Freshness(metric, latest, months_between(end, store.built_on), end < max_age.cutoff(store.built_on))


def stale_metrics(store: FactStore, max_age: MaxAge) -> list[Freshness]:
    found = (freshness(store, m, max_age) for m in store.metrics.values())
    return sorted((f for f in found if f is not None and f.stale), key=lambda f: (f.latest, f.metric.label.lower()))


def age_words(months: int) -> str:
    """'less than a month', '5 months', '1 year and 11 months'."""
    if months < 1:
        return "less than a month"
    years, rest = divmod(months, 12)
    parts = ([f"{years} year{'s' if years != 1 else ''}"] if years else []) + (
        [f"{rest} month{'s' if rest != 1 else ''}"] if rest else [])
    return " and ".join(parts)
