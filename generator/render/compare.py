"""Comparison pages: one entity's metrics side by side over the years (data/comparisons.yaml). What China pays
for the use of intellectual property beside what it receives; Huawei's R&D spending beside its revenue and the
share one is of the other.

Metrics in the same unit share a chart, one line each; each unit has a chart of its own, so no axis mixes
units. The table below the charts has a row per year (latest first) and a column per metric, every value
linked to its permanent anchor with its source; where two metrics share a unit, a column gives the difference,
computed here from the two values shown and said to be.
"""

from __future__ import annotations

from ..numbers import figure_words, with_unit
from ..schema import Comparison, Fact, Metric
from ..store import FactStore
from ..words import in_sentence
from .charts import DASHES, Chart, line_trace, unit_label, years_layout


def unit_groups(store: FactStore, comparison: Comparison) -> list[list[Metric]]:
    """The compared metrics that have values, grouped by unit in the order the comparison names them."""
    groups: dict[str, list[Metric]] = {}
    for metric_id in comparison.metrics:
        metric = store.metrics[metric_id]
        if store.reported(metric_id, comparison.entity):
            groups.setdefault(metric.unit, []).append(metric)
    return list(groups.values())


def chart_key(comparison: Comparison, index: int) -> str:
    return comparison.id if index == 0 else f"{comparison.id}-{index + 1}"


def chart_keys(store: FactStore, comparison: Comparison) -> list[str]:
    """The keys of a comparison's charts, one per unit with values (none when no metric has one)."""
    return [chart_key(comparison, index) for index in range(len(unit_groups(store, comparison)))]


def comparison_charts(store: FactStore) -> dict[str, Chart]:
    """Every comparison's charts, keyed like the metrics' charts (a comparison's id, then '-2' for its second
    unit), written beside them as figures and CSV."""
    found = {}
    for comparison in store.comparisons.values():
        for index, metrics in enumerate(unit_groups(store, comparison)):
            made = _chart(store, comparison, metrics, chart_key(comparison, index))
            found[made.key] = made
    return found


def _chart(store: FactStore, comparison: Comparison, metrics: list[Metric], key: str) -> Chart:
    entity = store.entities[comparison.entity]
    series = [(metric, store.reported(metric.id, entity.id)) for metric in metrics]
    traces = [line_trace(store, metric.label, points, {"line": {"width": 2, "dash": DASHES[i % len(DASHES)]}},
                         name_metric=True) for i, (metric, points) in enumerate(series)]
    years = sorted({p.period.year for _, points in series for p in points})
    parts = [f"{metric.label}, {_span_words(points, metric)}" for metric, points in series]
    label = f"{entity.name}: " + " and ".join([metrics[0].label] + [in_sentence(m.label) for m in metrics[1:]])
    summary = f"Reported values of {entity.name}, one line per metric: " + "; ".join(parts) + "."
    drawn = tuple(p for _, points in series for p in points)
    sources = sorted({store.sources[c.source].title for p in drawn for c in p.citations})
    return Chart(key, label, unit_label(metrics[0]), {"data": traces, "layout": years_layout(metrics[0], years)},
                 summary, sources, drawn)


def _span_words(points: list[Fact], metric: Metric) -> str:
    first, last = points[0], points[-1]
    if first.period.year == last.period.year:
        return f"{figure_words(last, metric.unit)} in {last.period}"
    return f"from {figure_words(first, metric.unit)} in {first.period} to {figure_words(last, metric.unit)} in {last.period}"


def by_year(store: FactStore, comparison: Comparison) -> list[tuple[int, list[Fact | None]]]:
    """A row per year with a reported value of any compared metric, latest first: each metric's value that year
    (the latest-dated one if several), or None."""
    columns = [{f.period.year: f for f in store.reported(m, comparison.entity)} for m in comparison.metrics]
    years = sorted({year for column in columns for year in column}, reverse=True)
    return [(year, [column.get(year) for column in columns]) for year in years]


def difference(comparison: Comparison, store: FactStore) -> tuple[int, int] | None:
    """The two compared metrics whose difference the table shows (their positions), where the comparison asks
    for it: the first two in one unit, counts or money (a difference of two shares is a change in points)."""
    if not comparison.difference:
        return None
    units = [store.metrics[m].unit for m in comparison.metrics]
    for i, unit in enumerate(units):
        if unit != "percent" and unit in units[i + 1:]:
            return i, units.index(unit, i + 1)
    return None


def difference_words(a: Fact | None, b: Fact | None, unit: str) -> str:
    """'US$33.6 billion': a's value less b's, where both are stated values (not bounds or projections)."""
    if a is None or b is None or not {a.qualifier, b.qualifier} <= {"exact", "approximately"}:
        return ""
    about = "about " if "approximately" in (a.qualifier, b.qualifier) else ""
    gap = round(a.value - b.value, 6)
    return about + ("−" if gap < 0 else "") + with_unit(abs(gap), unit)
