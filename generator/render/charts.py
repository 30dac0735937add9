"""Charts: one Plotly figure per metric with values over time, written as JSON beside the pages.

Honest about sparse data: markers for every value, lines only between consecutive years, projections
and targets hollow and dashed, 'approximately' / 'at least' / 'at most' marked by the symbol and
explained in the hover text. The page shows a caption, a generated one-sentence summary and the
values table, so nothing is only in the picture.
"""

from __future__ import annotations

import html
import json
import re
import textwrap
from collections import Counter
from dataclasses import dataclass
from typing import Iterator
from functools import cached_property, lru_cache

from ..numbers import count_of, figure_words, with_unit
from ..schema import Fact, Metric
from ..store import DerivedFigure, FactStore, is_reported
from ..words import FUTURE_QUALIFIERS, QUALIFIER_HOVER, RANK_HOVER, RANK_LEGEND, RANK_WORDS, in_sentence, period_words
from . import svg
from .escape import plotly_text
from .routes import anchored, chart_csv, chart_figure, metric_page, site_route, timeline_page

SYMBOLS = {"exact": "circle", "approximately": "diamond", "at_least": "triangle-up", "at_most": "triangle-down",
           "projection": "circle-open", "target": "circle-open"}
DISPUTED_COLOR = "#9e9e9e"


@dataclass(frozen=True)
class Chart:
    key: str
    label: str
    unit: str  # as shown in the caption
    figure: dict
    summary: str
    sources: list[str]
    points: tuple = ()  # the facts and derived figures it draws, for its own data download
    choices: tuple[tuple[str, str], ...] = ()  # (id, name) of the entities drawn one line each: the reader picks
    log_scale: bool = False  # its values span more than two orders of magnitude: a logarithmic axis is offered

    @property
    def path(self) -> str:
        return chart_figure(self.key)

    @cached_property
    def static(self) -> tuple[str, str]:
        """The picture drawn at build time (render/svg.py) and, when it cannot be drawn, why not."""
        try:
            return svg.picture(self.figure), ""
        except svg.Unsupported as exc:
            return "", str(exc)


MAX_LINES = 8  # entities drawn on one chart by default: more lines than this are a tangle, not a picture
# Lines told apart without colour: six line styles, as plotly.js and the static picture both draw them.
DASHES = ("solid", "dash", "dot", "longdash", "dashdot", "longdashdot")


def drawn_entities(store: FactStore, metric: Metric) -> list[str]:
    """The entities a metric's chart draws a line for, at most MAX_LINES, by name: the site's focus first, then those
    with most reported values."""
    counts = Counter(f.entity for f in store.facts_of_metric(metric.id) if is_reported(f))
    chosen = sorted(counts, key=lambda e: (not store.entities[e].focus, -counts[e], store.entities[e].name.lower()))
    chosen = chosen[:MAX_LINES]
    return sorted(chosen, key=lambda e: store.entities[e].name.lower())


def listed_elsewhere(store: FactStore) -> dict[str, set[str]]:
    """Metric → the entities its page does not list value by value (those beyond the ones its chart draws);
    their values are on their entities' pages. Empty for a metric of at most MAX_LINES entities."""
    found = {}
    for metric in store.metrics.values():
        entities = {f.entity for f in store.facts_of_metric(metric.id)}
        if len(entities) > MAX_LINES:
            found[metric.id] = entities - set(drawn_entities(store, metric))
    return found


def _series(store: FactStore, metric: Metric, prefix: str = "") -> list[tuple[str, list[Fact | DerivedFigure], dict]]:
    facts = store.facts_of_metric(metric.id)
    reported = [f for f in facts if is_reported(f)]
    planned = [f for f in facts if f.rank == "preferred" and f.qualifier in FUTURE_QUALIFIERS]
    other = [f for f in facts if f.rank == "normal"]
    disputed = [f for f in facts if f.rank == "deprecated"]
    derived = sorted(store.related.derived_by_metric.get(metric.id, []), key=lambda d: d.period)
    entities = drawn_entities(store, metric)
    if len(entities) > 1:  # one line per entity, named, never one line zigzagging between them
        lines = [(f"{prefix}{store.entities[e].name}", [f for f in reported if f.entity == e],
                  {"line": {"width": 2, "dash": DASHES[i % len(DASHES)]}, "meta": e}) for i, e in enumerate(entities)]
        shown = set(entities)
        return lines + [
            (f"{prefix}Projection or target", planned, {"line": {"dash": "dash", "width": 2}}),
            (f"{prefix}{RANK_LEGEND['normal']}", other, {"line": {"width": 0}}),
            (f"{prefix}{RANK_LEGEND['deprecated']}", [f for f in disputed if f.entity in shown],
             {"line": {"width": 0}, "marker": {"color": DISPUTED_COLOR}}),
            (f"{prefix}Derived", derived, {"line": {"dash": "dot", "width": 1}}),
        ]
    return [
        (f"{prefix}Reported", reported, {"line": {"width": 2}}),
        (f"{prefix}Projection or target", planned, {"line": {"dash": "dash", "width": 2}}),
        (f"{prefix}{RANK_LEGEND['normal']}", other, {"line": {"width": 0}}),
        (f"{prefix}{RANK_LEGEND['deprecated']}", disputed, {"line": {"width": 0}, "marker": {"color": DISPUTED_COLOR}}),
        (f"{prefix}Derived", derived, {"line": {"dash": "dot", "width": 1}}),
    ]


def _gapped(points: list[Fact | DerivedFigure]) -> tuple[list, list, list, list]:
    """x, y, symbols and hover texts, with None between non-consecutive years so no line crosses a gap."""
    xs: list = []
    ys: list = []
    symbols: list = []
    hovers: list = []
    previous = None
    for point in points:
        year = point.period.year
        if previous is not None and year - previous > 1:
            xs.append(None)
            ys.append(None)
            symbols.append("circle")
            hovers.append("")
        xs.append(year)
        ys.append(point.value)
        symbols.append(SYMBOLS[point.qualifier])
        hovers.append(point)
        previous = year
    return xs, ys, symbols, hovers


HOVER_WIDTH = 44  # characters a tooltip line may hold: it fits a 390-pixel phone screen
# Tooltips in dark text on white, whatever the point's colour (white text on an orange marker fails 4.5:1).
HOVER_LABEL = {"align": "left", "bgcolor": "#ffffff", "bordercolor": "#5a5a5a", "font": {"color": "#1a1a1a"}}
BAR_LABEL_WIDTH = 16  # characters a line of a bar's name may hold: three bars side by side fit a phone


def _lines(*texts: str) -> str:
    """Tooltip lines, each wrapped to HOVER_WIDTH and escaped for plotly (which reads tags and entities)."""
    return "<br>".join(line for text in texts if text for line in hover_lines(text))


_TEXTWRAP_SPACE = re.compile(r"[\t\n\x0b\x0c\r]|  ")  # what textwrap would replace or could break at twice


@lru_cache(maxsize=4096)  # qualifiers, ranks and source names recur on every point
def hover_lines(text: str) -> tuple[str, ...]:
    """``text`` as tooltip lines: wrapped as textwrap wraps it (a short plain line as it is), escaped."""
    if text and len(text) <= HOVER_WIDTH and text.strip() == text and not _TEXTWRAP_SPACE.search(text):
        lines = [text]
    else:
        lines = textwrap.wrap(text, HOVER_WIDTH, break_long_words=True)
    return tuple(plotly_text(line) for line in lines)


def _hover(store: FactStore, point: Fact | DerivedFigure, *, name_metric: bool) -> str:
    """Hover text, in lines narrow enough for a phone."""
    metric = store.metrics[point.metric]
    value = figure_words(point, metric.unit)
    if name_metric:  # several metrics share this chart
        value = f"{metric.label}, {value}"
    if isinstance(point, DerivedFigure):
        return _lines(f"{period_words(point)}: {value}", f"derived: {point.formula}")
    sources = store.source_titles(point)
    return _lines(f"{period_words(point)}: {value}", QUALIFIER_HOVER[point.qualifier], RANK_HOVER.get(point.rank, ""),
                  f"Source: {sources}")


def _trace(kind: str, **properties: object) -> dict:
    """A Plotly trace as the JSON plotly.js reads: built directly, without plotly.py's validators (which cost
    about 10 ms a chart). The bundle check (render/bundle.py) and the browser tests keep it honest."""
    return {"type": kind, **properties}


def summary(store: FactStore, metric: Metric) -> str:
    """What the picture shows, in words a screen reader user can rely on instead of it."""
    facts = store.facts_of_metric(metric.id)
    lower = sum(1 for f in facts if f.rank != "preferred")
    ranked = (f" {count_of(lower, 'value')} ranked lower or disputed {'is' if lower == 1 else 'are'} drawn apart "
              "and not counted as reported." if lower else "")
    return _reported_summary(store, metric) + ranked


def _reported_summary(store: FactStore, metric: Metric) -> str:
    reported = store.reported(metric.id)
    unit = metric.unit
    entities = drawn_entities(store, metric)
    if len(entities) > 1:
        others = len({f.entity for f in reported}) - len(entities)
        parts = []
        for entity in entities:
            own = [f for f in reported if f.entity == entity]
            first, last = own[0], own[-1]
            name = store.entities[entity].name
            parts.append(f"{name}, {figure_words(last, unit)} in {period_words(last)}" if first is last else
                         f"{name}, from {figure_words(first, unit)} in {first.period} to {figure_words(last, unit)} in "
                         f"{period_words(last)}")
        more = f" The {count_of(others, 'other entity', 'other entities')} are in the table." if others > 0 else ""
        return (f"Reported {in_sentence(metric.label)}, one line per entity: " + "; ".join(parts)
                + f" ({len(reported)} reported values).{more}")
    if not reported:
        derived = store.related.derived_by_metric.get(metric.id, [])
        if derived and not store.facts_of_metric(metric.id):
            values = "; ".join(f"{figure_words(d, unit)} for {d.period}" for d in sorted(derived, key=lambda d: d.period))
            return (f"No source reports {in_sentence(metric.label)}; this site derives it from "
                    f"other figures: {values}.")
        return f"No reported values of {in_sentence(metric.label)}; only projections, targets or disputed values."
    first, last = reported[0], reported[-1]
    if first is last or first.period.year == last.period.year:
        return f"One reported value: {figure_words(last, unit)} for {period_words(last)}."
    verb = "rose" if last.value > first.value else "fell" if last.value < first.value else "stayed at"
    return (f"Reported {in_sentence(metric.label)} {verb} from "
            f"{figure_words(first, unit)} in {first.period} to "
            f"{figure_words(last, unit)} in {last.period}"
            f" ({len(reported)} reported values).")


def chart(store: FactStore, metric: Metric) -> Chart | None:
    companions = [store.metrics[m] for m in metric.chart_with]
    if companions:
        series = _series(store, metric, f"{metric.label}: ")
        for other in companions:
            series += _series(store, other, f"{other.label}: ")
    else:
        series = _series(store, metric)
    # Hovers name the metric when it shares a chart, here or on another metric's page.
    shared = bool(companions) or metric.id in store.related.charted_with
    if not any(points for _, points, _ in series):
        return None
    label = " and ".join([metric.label] + [in_sentence(m.label) for m in companions])
    drawn = tuple(p for _, points, _ in series for p in points)
    if companions and len({p.period for p in drawn}) == 1:
        return _parts_of_a_whole(store, metric, companions, drawn, label)
    traces = [line_trace(store, name, points, style, name_metric=shared) for name, points, style in series if points]
    years = sorted({p.period.year for _, points, _ in series for p in points})
    data = {"data": traces, "layout": years_layout(metric, years)}
    sources = sorted({store.sources[c.source].title for _, points, _ in series for p in points
                      if isinstance(p, Fact) for c in p.citations})
    text = " ".join(summary(store, m) for m in [metric, *companions])
    choices = tuple(dict.fromkeys((t["meta"], store.entities[t["meta"]].name) for t in traces if "meta" in t))
    if choices:  # each line keeps its colour when the reader hides others (plotly.js gives hidden lines none)
        for index, trace in enumerate(traces):
            color = svg.COLORWAY[index % len(svg.COLORWAY)]
            trace["line"] = {**trace.get("line", {}), "color": color}
            trace["marker"].setdefault("color", color)
    values = [abs(p.value) for p in drawn if p.value]
    return Chart(metric.id, label, unit_label(metric), data, text, sources, drawn, choices,
                 bool(values) and min(values) > 0 and max(values) / min(values) > LOG_SPAN and metric.unit != "percent")


LOG_SPAN = 100  # values further apart than this (two orders of magnitude) are offered a logarithmic axis


def years_layout(metric: Metric, years: list[int]) -> dict:
    """The layout of a chart of values over the years in the metric's unit: a year axis whose labels never
    overlap, the unit on the value axis from zero, the legend below."""
    step = 1 if years[-1] - years[0] <= 12 else 5 if years[-1] - years[0] <= 60 else 10
    ticks = [y for y in range(years[0], years[-1] + 1) if y % step == 0] or [years[0]]
    return {
        "xaxis": {"title": {"text": "Year"}, "tickmode": "array", "tickvals": ticks,
                  "range": [years[0] - 0.5, years[-1] + 0.5]},
        "yaxis": {"title": {"text": axis_title(metric)}, "rangemode": "tozero",
                  "ticksuffix": "%" if metric.unit == "percent" else "",
                  "tickprefix": unit_label(metric) if metric.unit not in ("count", "percent") else ""},
        "margin": {"l": 70, "r": 20, "t": 20, "b": 50}, "height": 360,
        "legend": {"orientation": "h", "y": -0.25}, "showlegend": True,
        "hoverlabel": HOVER_LABEL,
    }


def line_trace(store: FactStore, name: str, points: list, style: dict, *, name_metric: bool) -> dict:
    """One line of values over the years: a marker per value (its symbol the qualifier), no line across a gap."""
    xs, ys, symbols, hovers = _gapped(points)
    extra = {k: v for k, v in style.items() if k != "marker"}
    return _trace(
        "scatter", x=xs, y=ys, name=plotly_text(name), mode="lines+markers", connectgaps=False,
        marker={"symbol": symbols, "size": 11 if len(points) <= 15 else 6, **style.get("marker", {})},
        hovertext=[_hover(store, p, name_metric=name_metric) if p else "" for p in hovers],
        hoverinfo="text", **extra,
    )


def _parts_of_a_whole(store: FactStore, metric: Metric, companions: list[Metric], drawn: tuple, label: str) -> Chart:
    """Metrics charted together with one value each for one period (regions' shares of a total): bars side
    by side, each named, instead of markers stacked on one point."""
    names = [store.metrics[p.metric].label for p in drawn]
    # Names wrapped in short lines, so they sit side by side under their bars even on a phone.
    labels = ["<br>".join(plotly_text(line) for line in textwrap.wrap(n, BAR_LABEL_WIDTH)) for n in names]
    lines = max(label.count("<br>") + 1 for label in labels)
    data = {"data": [_trace(
        "bar", x=labels, y=[p.value for p in drawn],
        hovertext=[_hover(store, p, name_metric=True) for p in drawn], hoverinfo="text",
        marker={"color": [DISPUTED_COLOR if getattr(p, "rank", "preferred") != "preferred" else "#3f51b5" for p in drawn]},
    )], "layout": {
        "yaxis": {"title": {"text": axis_title(metric)},
                  "rangemode": "tozero", "ticksuffix": "%" if metric.unit == "percent" else ""},
        "xaxis": {"title": {"text": str(drawn[0].period)}, "tickangle": 0},
        "margin": {"l": 70, "r": 20, "t": 20, "b": 50 + 15 * lines}, "height": 320 + 15 * lines, "showlegend": False,
        "hoverlabel": HOVER_LABEL,
    }}
    sources = sorted({store.sources[c.source].title for p in drawn if isinstance(p, Fact) for c in p.citations})
    words = "; ".join(f"{name}: {figure_words(p, store.metrics[p.metric].unit)}" for name, p in zip(names, drawn))
    text = f"For {drawn[0].period}, one value each. {words}."
    return Chart(metric.id, label, unit_label(metric), data, text, sources, drawn)


def charts(store: FactStore) -> dict[str, Chart]:
    """Every chart of the site, keyed by its id: one per metric with two or more values, and the timeline.

    A metric with a single value gets a big-number card on its page instead of a one-point chart.
    """
    found = {}
    timeline = timeline_chart(store)
    if timeline is not None:
        found[timeline.key] = timeline
    for metric in store.metrics.values():
        made = chart(store, metric)
        if made is not None and len(made.points) > 1:
            found[metric.id] = made
    return found


def chart_files(found: dict[str, Chart], store: FactStore,
                texts: dict[str, str] | None = None) -> Iterator[tuple[str, str]]:
    """Each chart's figure (JSON) and, for a metric's chart, the values it draws (CSV, like facts.csv)."""
    from ..export import FACT_FIELDS, point_record, to_csv

    for c in found.values():
        yield c.path, json.dumps(c.figure, sort_keys=True, separators=(",", ":"), allow_nan=False) + "\n"
        if c.points:
            yield chart_csv(c.key), to_csv((point_record(store, p, texts) for p in c.points), FACT_FIELDS)


def axis_title(metric: Metric) -> str:
    return {"count": "Count", "percent": "Percent"}.get(metric.unit, metric.unit)


def unit_label(metric: Metric) -> str:
    return with_unit(0, metric.unit).replace("0", "").strip() or metric.unit


LEGEND_NOTE = ("Hollow markers are projections or targets; triangles are lower or upper bounds; diamonds are "
               "approximate; grey markers are values this site ranks lower or disputes. The table below lists "
               "every value and why.")


def span_words(found: Chart) -> str:
    """The years a chart covers: '1980–2022', or one year."""
    years = sorted({str(p.period.year) for p in found.points} if found.points else
                   {str(x)[:4] for trace in found.figure["data"] for x in trace["x"] if x is not None})
    return f"{years[0]}–{years[-1]}" if years[0] != years[-1] else years[0]


def glance_html(found: list[Chart], href: str, title: str | None = None) -> str:
    """Charts' pictures drawn at build time (a metric's, or a comparison's one per unit), as a link to their
    page, with their summaries (the home page's 'at a glance'): no plotly.js, so the home page stays light."""
    label = f"{title or found[0].label}, {span_words(found[0])}"
    summary = " ".join(c.summary for c in found)
    pictures = "".join(f'<div class="fs-chart__plot fs-chart__plot--static" style="min-height:'
                       f'{c.figure["layout"]["height"]}px">{c.static[0]}</div>' for c in found)
    units = "; ".join(dict.fromkeys(c.unit for c in found))
    return (
        f'<figure class="fs-chart fs-glance">\n<a class="fs-glance__link" href="{html.escape(href)}" '
        f'aria-label="{html.escape(label)}: {html.escape(summary)} Open the page.">{pictures}</a>\n'
        f'<figcaption><a href="{html.escape(href)}"><strong>{html.escape(label)}</strong>'
        f"</a> ({html.escape(units)}). {html.escape(summary)}</figcaption>\n</figure>"
    )


def figure_html(found: Chart, note: str = LEGEND_NOTE, csv_href: str | None = None) -> str:
    """The chart's figure: caption, summary and sources in HTML; the plot is drawn by charts.js.

    Below it, the chart's own data (CSV) and, once the chart is drawn, PNG and SVG images of it.
    """
    span = span_words(found)
    caption_id = f"chart-{found.key}"
    sources = "; ".join(html.escape(s) for s in found.sources)
    picture = found.static[0]
    # With a picture, plotly.js waits for the reader (charts.js); without one it draws the chart at once.
    plot_class = "fs-chart__plot fs-chart__plot--static" if picture else "fs-chart__plot"
    return (
        f'<figure class="fs-chart" aria-labelledby="{caption_id}">\n{_picker(found)}'
        f'<div class="{plot_class}" data-chart="{found.path}" style="min-height:{found.figure["layout"]["height"]}px" role="img" '
        f'aria-label="{html.escape(found.label)}: {html.escape(found.summary)}">{picture}</div>\n'
        f'<figcaption id="{caption_id}"><strong>{html.escape(found.label)}, {span}</strong> '
        f"({html.escape(found.unit)}). {html.escape(found.summary)} {html.escape(note)}"
        f"{' Sources: ' + sources + '.' if sources else ''}"
        f"</figcaption>\n{_downloads(found, csv_href)}</figure>"
    )


def _picker(found: Chart) -> str:
    """The reader's choice of lines (one checkbox per entity, all drawn by default) and of a logarithmic axis,
    kept in the page's address by charts.js (`?entities=china,japan&scale=log`). Hidden until charts.js runs:
    without it the boxes would do nothing."""
    if not found.choices:
        return ""
    boxes = "".join(f'<label class="fs-picker__choice"><input type="checkbox" name="entity" value="{html.escape(key)}" '
                    f'checked> {html.escape(name)}</label>' for key, name in found.choices)
    scale = ('<label class="fs-picker__scale"><input type="checkbox" name="scale" value="log"> Logarithmic scale'
             '</label>' if found.log_scale else "")
    years = sorted({p.period.year for p in found.points})
    span = ""
    if len(years) > 2:  # the years shown, which the CSV of the lines shown keeps too
        def choose(name: str, chosen: int) -> str:
            options = "".join(f'<option{" selected" if y == chosen else ""}>{y}</option>'
                              for y in range(years[0], years[-1] + 1))
            return f'<select name="{name}" aria-label="{"First" if name == "from" else "Last"} year shown">{options}</select>'
        span = f'<span class="fs-picker__years">Years {choose("from", years[0])} to {choose("to", years[-1])}</span>'
    return (f'<div class="fs-picker" hidden><fieldset class="fs-picker__entities"><legend>Lines shown</legend>{boxes}'
            f'</fieldset>{span}{scale}</div>\n')


def _downloads(found: Chart, csv_href: str | None) -> str:
    """The chart's data (CSV), its images (PNG and SVG, drawn by Plotly) and, while the picture is static,
    a button that makes it interactive (for keyboards; a pointer over the picture does it too)."""
    data = f'<a href="{html.escape(csv_href)}" download>Download this chart\'s data (CSV)</a>' if csv_href else ""
    if csv_href and found.choices:  # what charts.js draws from the chart's CSV: the lines the reader chose
        data += (' <button type="button" class="fs-chart__button fs-chart__selection" hidden>CSV of the lines '
                 'shown</button>')
    toggle = (' <button type="button" class="fs-chart__button fs-chart__interactive">Interactive chart</button>'
              if found.static[0] else "")
    images = "".join(f' <button type="button" class="fs-chart__button fs-chart__export" data-format="{f}" '
                     f'aria-label="Download this chart as {f.upper()}">{f.upper()}</button>' for f in ("png", "svg"))
    return f'<p class="fs-chart__downloads">{data}{toggle}{images}</p>\n'


HOVER_LINES = 10  # a marker's hover lists this many entries, then says how many more there are
TIMELINE_ROWS = 8  # entities with a row of their own on the timeline picture


def timeline_chart(store: FactStore) -> Chart | None:
    """Dated events and reported figures on one time axis.

    Entries that fall on the same point (a row's figures of one year, events of one date) share one
    marker, labelled with their number and listing them in the hover, so none hides behind another.
    A single entry's marker opens that entry; a shared marker opens its year's timeline page.
    """
    rows: dict[str, dict[str, list[tuple[str, str]]]] = {}
    for event in sorted(store.events.values(), key=lambda e: (e.date, e.id)):
        rows.setdefault("Events", {}).setdefault(str(event.date), []).append(
            (f"{event.date}: {event.title}", anchored(timeline_page(event.date.year), event.id)))
    # One row per entity, for the entities with most figures; the rest share a row, so the picture
    # keeps its height however many entities there are.
    counts = Counter(f.entity for f in [*store.facts.values(), *store.derived.values()])
    ranked = sorted(counts, key=lambda e: (-counts[e], store.entities[e].name.lower()))
    own_row = set(ranked[:TIMELINE_ROWS]) if len(ranked) > TIMELINE_ROWS + 1 else set(ranked)
    others = f"Other figures ({len(ranked) - len(own_row)} entities)"
    for entity_id in [e for e in ranked if e in own_row]:
        rows[f"{store.entities[entity_id].name} figures"] = {}
    if len(own_row) < len(ranked):
        rows[others] = {}
    # Reported and derived figures alike, as the timeline's tables list them; derived ones say so.
    points: list[Fact | DerivedFigure] = [*store.facts.values(), *store.derived.values()]
    for fact in sorted(points, key=lambda f: (f.period, f.id)):
        metric = store.metrics[fact.metric]
        entity = store.entities[fact.entity].name
        text = f"{period_words(fact)}: {metric.label}, {figure_words(fact, metric.unit)}"
        if isinstance(fact, DerivedFigure):
            text += " (derived by this site)"
        elif fact.rank != "preferred":
            text += f" ({RANK_WORDS[fact.rank]})"
        row = f"{entity} figures" if fact.entity in own_row else others
        if row == others:
            text = f"{entity}: {text}"
        rows.setdefault(row, {}).setdefault(str(fact.period.year), []).append(
            (text, anchored(metric_page(fact.metric), fact.id)))
    if not rows:
        return None
    traces = []
    for name, points in rows.items():
        groups = list(points.items())
        traces.append(_trace(
            "scatter", x=[x for x, _ in groups], y=[plotly_text(name)] * len(groups), name=plotly_text(name),
            mode="markers+text", marker={"size": [12 + 3 * min(len(g), 9) for _, g in groups],
                                         "symbol": "diamond" if name == "Events" else "circle", "opacity": 0.8},
            text=[str(len(g)) if len(g) > 1 else "" for _, g in groups], textposition="middle right",
            hovertext=[_hover_list(g) for _, g in groups], hoverinfo="text",
            customdata=[g[0][1] if len(g) == 1 else site_route(timeline_page(int(x[:4]))) for x, g in groups],
        ))
    data = {"data": traces, "layout": {
        "xaxis": {"type": "date", "title": {"text": "Date"}}, "yaxis": {"type": "category", "automargin": True},
        "margin": {"l": 20, "r": 20, "t": 20, "b": 50}, "height": 120 + 45 * len(rows), "showlegend": False,
        "hoverlabel": HOVER_LABEL,
    }}
    events = sum(len(g) for g in rows.get("Events", {}).values())
    figures = sum(len(g) for name, points in rows.items() if name != "Events" for g in points.values())
    derived = len(store.derived)
    years = store.years() + [d.period.year for d in store.derived.values()]
    summary_text = (f"{count_of(events, 'dated event')} and {count_of(figures, 'figure')} "
                    f"({figures - derived} reported, {derived} derived by this site) from {min(years)} to {max(years)}.")
    return Chart("timeline", "Events and figures over time", "a marker per date; a number counts the entries it holds",
                 data, summary_text, [])


def _hover_list(entries: list[tuple[str, str]]) -> str:
    lines = [_lines(text) for text, _ in entries[:HOVER_LINES]]
    if len(entries) > HOVER_LINES:
        lines.append(f"… and {len(entries) - HOVER_LINES} more: select to open the year")
    elif len(entries) > 1:
        lines.append("Select to open the year")
    return "<br>".join(lines)
