"""Static pictures of the charts: each Plotly figure drawn as inline SVG at build time.

A chart page paints its picture at once, without plotly.js (395 KB gzip); charts.js loads plotly.js only
when the reader reaches for the chart (pointer, tap, the "Interactive chart" button, an image export) and
swaps the interactive chart in, at the same size. The picture is drawn from the figure dictionary that
plotly.js draws, so the two show the same points, symbols, colours, axes and legend.

The picture is responsive the way Plotly's chart is: horizontal positions are percentages of the plot
area's width and text keeps its size, so a phone gets a narrower chart, not smaller letters. Colours of
text and grid are the theme's (CSS variables), so light and dark mode both work without script.

Only what the generator's figures use is drawn: scatter (lines, markers, text beside markers) on a
numeric, date or category axis, and bars on a category axis. Anything else raises ``Unsupported`` and the
chart is drawn by plotly.js at once instead, as before pictures existed.
"""

from __future__ import annotations

import html
import math
import re
from datetime import date


# plotly.js's default trace colours, in order (its layout.colorway when no template is set).
COLORWAY = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
            "#17becf")
LEGEND_HEIGHT = 50  # a horizontal legend under the x-axis title takes this much of the chart's height
CHAR_WIDTH = 6.6  # average width of a 12 px sans-serif character, for the space category labels take
SI = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k"))  # plotly.js's tick suffixes (exponentformat "B")
SYMBOLS = {"circle", "circle-open", "diamond", "triangle-up", "triangle-down"}
TRACE_KEYS = {
    "scatter": {"type", "x", "y", "name", "mode", "connectgaps", "marker", "hovertext", "hoverinfo", "line", "text",
                "textposition", "customdata", "meta"},  # meta: the entity a line is of (the picker's key), not drawn
    "bar": {"type", "x", "y", "name", "marker", "hovertext", "hoverinfo"},
}
LAYOUT_KEYS = {"xaxis", "yaxis", "margin", "height", "legend", "showlegend", "hoverlabel"}
AXIS_KEYS = {"title", "tickmode", "tickvals", "range", "rangemode", "ticksuffix", "tickprefix", "type", "automargin",
             "tickangle"}


class Unsupported(Exception):
    """The figure uses something the static picture cannot draw; plotly.js draws it instead."""


def plain(label: object) -> list[str]:
    """A Plotly label as lines of plain text: '<br>' breaks lines, entities are decoded."""
    return [html.unescape(part) for part in re.split(r"<br\s*/?>", str(label))]


def picture(figure: dict) -> str:
    """The figure as an HTML block: an absolutely sized SVG plot area and an HTML legend, hidden from
    assistive technology and search (the chart's container carries the text alternative)."""
    layout = figure.get("layout", {})
    traces = figure.get("data", [])
    for trace in traces:
        kind = trace.get("type", "scatter")
        if kind not in TRACE_KEYS or set(trace) - TRACE_KEYS[kind]:
            raise Unsupported(f"trace type '{kind}' with {sorted(set(trace) - TRACE_KEYS.get(kind, set()))}")
    if not traces:
        raise Unsupported("no traces")
    unknown = set(layout) - LAYOUT_KEYS
    unknown |= {f"{axis}.{key}" for axis in ("xaxis", "yaxis") for key in set(layout.get(axis, {})) - AXIS_KEYS}
    if unknown:
        raise Unsupported(f"layout {', '.join(sorted(unknown))}")
    return _Plot(layout, traces).draw()


class _Axis:
    """One axis: maps values to a fraction of the plot area and lists its ticks and labels."""

    def __init__(self, spec: dict, values: list, *, vertical: bool, length: float, bars: bool = False):
        self.spec = spec
        if spec.get("type", "linear") not in ("linear", "date", "category"):
            raise Unsupported(f"axis type '{spec['type']}'")
        self.kind = spec.get("type") or ("category" if values and all(isinstance(v, str) for v in values) else "linear")
        if bars and self.kind != "linear":
            self.kind = "category"
        self.vertical = vertical
        if self.kind == "category":
            self.categories = list(dict.fromkeys(values))
            self.low, self.high = -0.5, len(self.categories) - 0.5
            self.ticks = [(c, plain(c)) for c in self.categories]
            return
        numbers = [self.number(v) for v in values]
        self.low, self.high = self._range(numbers, length)
        self.ticks = self._ticks(length)

    def number(self, value: object) -> float:
        if self.kind == "category":
            return float(self.categories.index(value))
        if self.kind == "date":
            return _year_fraction(str(value))
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise Unsupported(f"value {value!r} on a numeric axis")
        return float(value)

    def _range(self, numbers: list[float], length: float) -> tuple[float, float]:
        if "range" in self.spec:
            low, high = (self.number(v) for v in self.spec["range"])
            return low, high
        low, high = min(numbers), max(numbers)
        if self.spec.get("rangemode") == "tozero":
            low, high = min(low, 0.0), max(high, 0.0)
        if high - low <= 1e-12 * max(1.0, abs(low), abs(high)):  # one value (or all zero): a unit around it
            low, high = (low - 1, high + 1) if low else (0.0, 1.0)
        span = high - low
        pad = span * 12 / length  # room for a marker at either end, as Plotly's autorange leaves
        if self.kind == "date":
            pad = max(span * 0.05, 0.25)
            return low - pad, high + pad
        return (low if low == 0 else low - pad), (high if high == 0 else high + pad)

    def _ticks(self, length: float) -> list[tuple[float, list[str]]]:
        if self.spec.get("tickmode") == "array":
            return [(float(v), [self._label(v, 1)]) for v in self.spec["tickvals"]]
        # As plotly.js picks them: about one tick per 40 px up the side or 80 px along the bottom (a wide
        # chart's width when the axis runs along it), rounded up to 2, 5 or 10 times a power of ten.
        wanted = min(max(length / (40 if self.vertical else 80), 4), 9) + 1
        rough = (self.high - self.low) / wanted
        if self.kind == "date":
            step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500) if s >= rough)
            first = math.ceil(self.low / step) * step
            return [(str(y), [str(y)]) for y in range(int(first), int(self.high) + 1, step)]
        base = 10 ** math.floor(math.log10(rough))
        step = base * next(n for n in (2, 5, 10) if n >= rough / base)
        first = math.ceil(self.low / step - 1e-9)
        ticks = []
        for i in range(first, int(math.floor(self.high / step + 1e-9)) + 1):
            value = round(i * step, 12)
            ticks.append((value, [self._label(value, step)]))
        return ticks

    def _label(self, value: float, step: float) -> str:
        prefix, suffix = self.spec.get("tickprefix", ""), self.spec.get("ticksuffix", "")
        if self.kind == "linear" and self.spec.get("tickmode") != "array":
            text = _si(value, step)
        else:
            text = _plain(value)
        return f"{prefix}{text}{suffix}"

    def position(self, value: object) -> float:
        """The value's place along the axis, 0 to 1 from the start (left or bottom)."""
        return (self.number(value) - self.low) / (self.high - self.low)


def _si(value: float, step: float) -> str:
    """A tick label as Plotly writes it: 600M, 1.2M, 50k, 0.5."""
    for size, letter in SI:
        if abs(value) >= size:
            return f"{_plain(round(value / size, _decimals(step / size)))}{letter}"
    return _plain(round(value, _decimals(step)))


def _plain(value: float) -> str:
    """A number without separators, exponent or float noise: 2024, 0.5, 12.25."""
    text = f"{value:.10f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _decimals(step: float) -> int:
    return max(0, -math.floor(math.log10(step) + 1e-9)) if step < 1 else 0


def _year_fraction(text: str) -> float:
    """'2024', '2024-06' or '2024-06-15' as a year with its fraction, as a date axis places it."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", text)
    if not match:
        raise Unsupported(f"date {text!r}")
    year, month, day = int(match[1]), int(match[2] or 1), int(match[3] or 1)
    start = date(year, 1, 1).toordinal()
    length = date(year + 1, 1, 1).toordinal() - start
    return year + (date(year, month, day).toordinal() - start) / length


def _marker_path(symbol: str, size: float) -> str:
    """Plotly's marker shapes, centred on 0,0; size is the marker's diameter in pixels."""
    r = size / 2
    if symbol.startswith("circle"):
        return f"M{r:g},0A{r:g},{r:g} 0 1,1 0,-{r:g}A{r:g},{r:g} 0 0,1 {r:g},0Z"
    if symbol == "diamond":
        d = round(r * 1.3, 2)
        return f"M{d:g},0L0,{d:g}L-{d:g},0L0,-{d:g}Z"
    if symbol in ("triangle-up", "triangle-down"):
        half, low, top = round(r * 2 / math.sqrt(3), 2), round(r / 2, 2), round(r, 2)
        sign = 1 if symbol == "triangle-up" else -1
        return f"M-{half:g},{low * sign:g}H{half:g}L0,{-top * sign:g}Z"
    raise Unsupported(f"marker symbol '{symbol}'")


def _each(value: object, count: int) -> list:
    return list(value) if isinstance(value, list) else [value] * count


def _dash(style: str | None, width: float) -> str:
    """A line style's dash pattern as plotly.js draws it (in units of the line's width, at least 3 px)."""
    unit = max(width, 3)
    pattern = {"dash": (3, 3), "dot": (1, 1), "longdash": (5, 5), "dashdot": (3, 1, 1, 1),
               "longdashdot": (5, 2, 1, 2)}.get(style or "solid", ())
    return ",".join(f"{n * unit:g}" for n in pattern)


def _stroke(color: str, line: dict) -> str:
    """A trace's line as SVG attributes (plot and legend alike); '' when the trace draws no line."""
    width = float(line.get("width", 2))
    if width <= 0:
        return ""
    dash = _dash(line.get("dash"), width)
    return f' stroke="{color}" stroke-width="{width:g}"' + (f' stroke-dasharray="{dash}"' if dash else "")


def _paint(fill: str, hollow: bool, outline: str = "") -> str:
    """A marker's paint: filled, or (an open symbol) only its outline."""
    return f'fill="none" stroke="{fill}"{outline}' if hollow else f'fill="{fill}"'


class _Plot:
    def __init__(self, layout: dict, traces: list[dict]):
        self.layout, self.traces = layout, traces
        margin = layout.get("margin", {})
        self.height = float(layout.get("height", 450))
        self.legend = layout.get("showlegend", False) and any(t.get("name") for t in traces)
        self.top = float(margin.get("t", 80))
        self.right = float(margin.get("r", 80))
        self.bottom = float(margin.get("b", 80)) + (LEGEND_HEIGHT if self.legend else 0)
        self.left = float(margin.get("l", 80))
        self.plot_height = self.height - self.top - self.bottom
        bars = any(t.get("type") == "bar" for t in traces)
        xs = [x for t in traces for x in t["x"] if x is not None]
        ys = [y for t in traces for y in t["y"] if y is not None]
        self.x = _Axis(layout.get("xaxis", {}), xs, vertical=False, length=600, bars=bars)
        self.y = _Axis(layout.get("yaxis", {}), ys, vertical=True, length=self.plot_height)
        if self.y.kind == "category" and layout.get("yaxis", {}).get("automargin"):
            widest = max((len(line) for _, lines in self.y.ticks for line in lines), default=0)
            self.left = max(self.left, widest * CHAR_WIDTH + 12)

    def px(self, value: object) -> str:
        return f"{100 * self.x.position(value):.2f}%"

    def py(self, value: object) -> str:
        return f"{self.plot_height * (1 - self.y.position(value)):.1f}"

    def draw(self) -> str:
        body = [*self._grid(), *self._marks()]
        style = (f"--fs-l:{self.left:g}px;--fs-r:{self.right:g}px;--fs-t:{self.top:g}px;"
                 f"--fs-h:{self.plot_height:g}px;height:{self.height:g}px")
        legend = self._legend() if self.legend else ""
        return (f'<div class="fs-static" style="{style}" aria-hidden="true" data-search-exclude>'
                f'<svg class="fs-static__plot" overflow="visible">{"".join(body)}</svg>'
                f"{legend}</div>")

    def _grid(self) -> list[str]:
        out = []
        h = self.plot_height
        crowded = len(self.x.ticks) > 6  # on a phone every other label gives way (CSS)
        for i, (value, lines) in enumerate(self.x.ticks):
            x = self.px(value)
            if self.x.kind != "category":
                out.append(f'<line class="fs-static__grid" x1="{x}" x2="{x}" y1="0" y2="{h:g}"/>')
            out.append(self._text(lines, "fs-static__tick" + (" fs-static__odd" if crowded and i % 2 else ""),
                                  x, f'y="{h + 18:g}" text-anchor="middle"'))
        for value, lines in self.y.ticks:
            y = self.py(value)
            out.append(f'<line class="fs-static__grid" x1="0" x2="100%" y1="{y}" y2="{y}"/>')
            out.append(self._text(lines, "fs-static__tick", "-6", f'y="{y}" dy="0.35em" text-anchor="end"'))
        x_title = self.layout.get("xaxis", {}).get("title", {}).get("text")
        if x_title:
            below = 18 + 14 * max((len(lines) for _, lines in self.x.ticks), default=1) + 14
            out.append(self._text(plain(x_title), "fs-static__title", "50%", f'y="{h + below:g}" text-anchor="middle"'))
        y_title = self.layout.get("yaxis", {}).get("title", {}).get("text")
        if y_title:
            out.append(self._text(plain(y_title), "fs-static__title", f"{-h / 2:g}",
                                  f'y="{-self.left + 12:g}" text-anchor="middle"', before='transform="rotate(-90)" '))
        return out

    @staticmethod
    def _text(lines: list[str], cls: str, x: str, attrs: str, before: str = "") -> str:
        """Text at ``x``; a label of several lines is one line below another, each starting at ``x``."""
        opening = f'<text class="{cls}" {before}x="{x}" {attrs}>'
        if len(lines) == 1:
            return f"{opening}{html.escape(lines[0], quote=False)}</text>"
        spans = "".join(f'<tspan x="{x}" dy="{0 if i == 0 else 1.2}em">{html.escape(line, quote=False)}</tspan>'
                        for i, line in enumerate(lines))
        return f"{opening}{spans}</text>"

    def _marks(self) -> list[str]:
        out = []
        for index, trace in enumerate(self.traces):
            color = COLORWAY[index % len(COLORWAY)]
            if trace.get("type") == "bar":
                out += self._bars(trace, color)
            else:
                out += self._scatter(trace, color)
        return out

    def _bars(self, trace: dict, color: str) -> list[str]:
        out = []
        count = len(trace["x"])
        colors = _each(trace.get("marker", {}).get("color", color), count)
        band = 100 / len(self.x.categories)
        zero = self.py(max(self.y.low, 0))
        for x, y, fill in zip(trace["x"], trace["y"], colors):
            if y is None:
                continue
            left = band * self.x.categories.index(x) + band * 0.1
            top, bottom = sorted((float(self.py(y)), float(zero)))
            out.append(f'<rect x="{left:.2f}%" width="{band * 0.8:.2f}%" y="{top:g}" height="{bottom - top:g}" '
                       f'fill="{html.escape(str(fill))}"/>')
        return out

    def _scatter(self, trace: dict, color: str) -> list[str]:
        out = []
        mode = trace.get("mode", "lines+markers")
        count = len(trace["x"])
        marker = trace.get("marker", {})
        fill = marker.get("color", color)
        if isinstance(fill, list):
            raise Unsupported("a colour per marker on a scatter trace")
        points = [(x, y) for x, y in zip(trace["x"], trace["y"])]
        stroke = _stroke(color, trace.get("line", {}))
        if "lines" in mode and stroke:
            segments = [f'<line x1="{self.px(x1)}" y1="{self.py(y1)}" x2="{self.px(x2)}" y2="{self.py(y2)}"/>'
                        for (x1, y1), (x2, y2) in zip(points, points[1:]) if None not in (x1, y1, x2, y2)]
            if segments:
                out.append(f'<g{stroke}>{"".join(segments)}</g>')
        if "markers" in mode:
            symbols = _each(marker.get("symbol", "circle"), count)
            sizes = _each(marker.get("size", 6), count)
            opacity = marker.get("opacity")
            faded = f' opacity="{opacity:g}"' if opacity is not None else ""
            # Filled and open markers of the trace, each group painted once (fewer attributes to parse).
            groups: dict[bool, list[str]] = {False: [], True: []}
            for (x, y), symbol, size in zip(points, symbols, sizes):
                if x is None or y is None:
                    continue
                if symbol not in SYMBOLS:
                    raise Unsupported(f"marker symbol '{symbol}'")
                groups[symbol.endswith("-open")].append(self._marker(x, y, symbol, float(size)))
            for hollow, marks in groups.items():
                if marks:
                    paint = _paint(fill, hollow, ' stroke-width="1.5"')
                    out.append(f'<g class="fs-static__marks" {paint}{faded}>{"".join(marks)}</g>')
        if "text" in mode:
            texts = _each(trace.get("text", ""), count)
            sizes = _each(marker.get("size", 6), count)
            for (x, y), text, size in zip(points, texts, sizes):
                if text and x is not None and y is not None:
                    out.append(f'<text class="fs-static__count" x="{self.px(x)}" dx="{float(size) / 2 + 4:g}" '
                               f'y="{self.py(y)}" dy="0.35em">{html.escape(str(text), quote=False)}</text>')
        return out

    def _marker(self, x: object, y: object, symbol: str, size: float) -> str:
        """One marker: a circle where it can be, else a shape centred on the origin of a nested viewport
        (<svg> takes a percentage position where a transform cannot; <use href> trips the theme's link
        rewriting)."""
        if symbol.startswith("circle"):
            return f'<circle cx="{self.px(x)}" cy="{self.py(y)}" r="{size / 2:g}"/>'
        return (f'<svg x="{self.px(x)}" y="{self.py(y)}" overflow="visible">'
                f'<path d="{_marker_path(symbol, size)}"/></svg>')

    def _legend(self) -> str:
        items = []
        for index, trace in enumerate(self.traces):
            if not trace.get("name"):
                continue
            color = COLORWAY[index % len(COLORWAY)]
            marker = trace.get("marker", {})
            mode = trace.get("mode", "lines+markers")
            sample = ""
            stroke = _stroke(color, trace.get("line", {}))
            if "lines" in mode and stroke:
                sample += f'<line x1="0" x2="30" y1="8" y2="8"{stroke}/>'
            if "markers" in mode:
                symbol = _each(marker.get("symbol", "circle"), 1)[0]
                paint = _paint(marker.get("color", color), symbol.endswith("-open"))
                sample += f'<path transform="translate(15,8)" d="{_marker_path(symbol, 8)}" {paint}/>'
            name = " ".join(plain(trace["name"]))
            items.append(f'<li><svg width="30" height="16">{sample}</svg>{html.escape(name, quote=False)}</li>')
        return f'<ul class="fs-static__legend">{"".join(items)}</ul>'


SPARK_WIDTH, SPARK_HEIGHT = 96, 24  # a figure's years in a table cell: small enough for a phone's column


def sparkline(points: list[tuple[int, float]]) -> str:
    """A series over the years as a small line (inline SVG, hidden from screen readers: the cell's words say
    the years and the number of values). Lines join consecutive years only, never across a gap; a lone year is
    a dot. Empty for fewer than two years."""
    years = sorted({year for year, _ in points})
    if len(years) < 2:
        return ""
    low, high = min(v for _, v in points), max(v for _, v in points)
    span_x, span_y = years[-1] - years[0], (high - low) or 1

    def at(year: int, value: float) -> tuple[float, float]:
        return (round(2 + (SPARK_WIDTH - 4) * (year - years[0]) / span_x, 1),
                round(SPARK_HEIGHT - 2 - (SPARK_HEIGHT - 4) * (value - low) / span_y, 1))

    path, dots, previous = [], [], None
    by_year = dict(sorted(points))
    for year, value in by_year.items():
        x, y = at(year, value)
        joined = previous is not None and year - previous == 1
        path.append(f"{'L' if joined else 'M'}{_plain(x)},{_plain(y)}")
        if not joined and (year + 1) not in by_year:
            dots.append(f'<circle cx="{_plain(x)}" cy="{_plain(y)}" r="1.5"/>')
        previous = year
    return (f'<svg class="fs-spark" width="{SPARK_WIDTH}" height="{SPARK_HEIGHT}" viewBox="0 0 {SPARK_WIDTH} '
            f'{SPARK_HEIGHT}" aria-hidden="true" focusable="false"><path d="{"".join(path)}"/>{"".join(dots)}</svg>')
