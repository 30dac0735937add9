"""Freshness: `generator stale` and the 'data as of' line, both measured from a fixed build date."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.freshness import MaxAge, age_words, months_between, period_end
from generator.schema import PartialDate

from .conftest import SMALL, run_cli


def epoch(day: str) -> str:
    return str(calendar.timegm(dt.date.fromisoformat(day).timetuple()))


@pytest.mark.parametrize(("text", "today", "cutoff"), [
    ("9999y", "2026-06-30", "0001-01-01"),  # longer than the calendar: nothing is that old
    ("9999w", "0005-01-01", "0001-01-01"),
    ("9999d", "0005-01-01", "0001-01-01"),
    ("9999m", "9999-12-31", "9166-09-30"),
    ("18m", "2026-11-21", "2025-05-21"),
    ("1m", "2025-03-31", "2025-02-28"),  # no 31 February: the month's last day
    ("2y", "2024-02-29", "2022-02-28"),
    ("90d", "2026-01-01", "2025-10-03"),
    ("2w", "2026-01-01", "2025-12-18"),
])
def test_max_age_cutoff(text: str, today: str, cutoff: str) -> None:
    assert MaxAge.parse(text).cutoff(dt.date.fromisoformat(today)) == dt.date.fromisoformat(cutoff)


@pytest.mark.parametrize("text", ["", "18", "m", "18 months", "-1m", "1.5y", "18M"])
def test_a_malformed_age_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="is not an age"):
        MaxAge.parse(text)


def test_a_period_counts_from_its_end() -> None:
    assert period_end(PartialDate(2024)) == dt.date(2024, 12, 31)
    assert period_end(PartialDate(2024, 2)) == dt.date(2024, 2, 29)
    assert period_end(PartialDate(2024, 6, 3)) == dt.date(2024, 6, 3)


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2100, 1, 1)), st.integers(0, 600))
def test_months_between_agrees_with_the_cutoff(today: dt.date, months: int) -> None:
    """A period that ended exactly at the cutoff of N months is N months old (or more, at month ends)."""
    cutoff = MaxAge(months, "m").cutoff(today)
    assert months_between(cutoff, today) >= months
    assert months_between(cutoff, today) <= months + 1


def test_age_words() -> None:
    assert [age_words(n) for n in (0, 1, 5, 12, 13, 23, 24)] == [
        "less than a month", "1 month", "5 months", "1 year", "1 year and 1 month", "1 year and 11 months", "2 years"]


def test_stale_lists_old_metrics_as_of_the_build_date(monkeypatch: pytest.MonkeyPatch) -> None:
    # The fixture's latest reported figures are for 2023 (the 2024 licensing value is a target).
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch("2025-03-01"))
    fresh = run_cli("stale", "--data", str(SMALL), "--max-age", "18m")
    assert (fresh.code, fresh.out) == (0, "No metric's latest figure is older than 18 months (as of 2025-03-01).\n")
    old = run_cli("stale", "--data", str(SMALL), "--max-age", "12m")
    assert old.code == 0
    assert old.lines == [
        "licensing-revenue: latest 2023, 1 year and 2 months old (Licensing revenue)",
        "valid-patents: latest 2023, 1 year and 2 months old (Valid patents)",
    ]
    assert old.err == "2 metrics with no figure from the last 12 months (as of 2025-03-01)\n"
    markdown = run_cli("stale", "--data", str(SMALL), "--max-age", "12m", "--format", "markdown")
    assert markdown.lines[0] == "### Stale metrics: no figure from the last 12 months (as of 2025-03-01)"
    assert "- **Licensing revenue** (`licensing-revenue`): latest 2023, 1 year and 2 months old" in markdown.lines


def test_stale_refuses_a_bad_age() -> None:
    result = run_cli("stale", "--data", str(SMALL), "--max-age", "soon")
    assert result.code == 2 and "'soon' is not an age" in result.err


def test_each_metric_page_says_how_current_its_data_is(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.render.docs import generate_text
    from generator.store import load_store

    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch("2024-06-30"))
    page = generate_text(load_store(SMALL))["metrics/valid-patents.md"]
    assert ("**Data as of 2023**, the latest reported period: 6 months before this site was built on 30 June 2024."
            in page)
    assert "Possibly out of date" not in page
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch("2026-06-30"))
    page = generate_text(load_store(SMALL))["metrics/valid-patents.md"]
    assert "2 years and 6 months before this site was built on 30 June 2026" in page
    assert '!!! warning "Possibly out of date"' in page
