"""Static chart pictures (render/svg.py): drawn from the same figure plotly.js draws, so the two agree."""

from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.render import svg
from generator.render.charts import charts, figure_html
from generator.store import load_store

from .conftest import ROOT

SMALL = ROOT / "tests" / "fixtures" / "small"
SVG = "{http://www.w3.org/2000/svg}"


def _parse(picture: str) -> ET.Element:
    """The picture as XML (it is HTML's inline SVG, which is also well-formed XML once namespaced)."""
    text = picture.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1).replace(" data-search-exclude>", ">")
    return ET.fromstring(text)


def _points(root: ET.Element) -> list[ET.Element]:
    """Markers (each group's children, in drawing order) and bars."""
    marks = [m for g in root.iter(f"{SVG}g") if g.get("class") == "fs-static__marks" for m in g]
    return marks + list(root.iter(f"{SVG}rect"))


def _place(mark: ET.Element) -> tuple[str, str]:
    return (mark.get("cx"), mark.get("cy")) if mark.tag == f"{SVG}circle" else (mark.get("x"), mark.get("y"))


def _paint(root: ET.Element, mark: ET.Element) -> ET.Element:
    return next(g for g in root.iter(f"{SVG}g") if mark in list(g))


@pytest.mark.parametrize("data", [ROOT / "data", SMALL], ids=["real", "small"])
def test_every_chart_has_a_picture_with_every_point_and_legend_entry(data) -> None:  # noqa: ANN001
    found = charts(load_store(data))
    assert found
    for key, chart in found.items():
        picture, reason = chart.static
        assert reason == "" and picture, key
        root = _parse(picture)
        drawn = sum(1 for trace in chart.figure["data"] for x, y in zip(trace["x"], trace["y"])
                    if x is not None and y is not None)
        assert len(_points(root)) == drawn, key
        legend = ["".join(li.itertext()) for li in root.iter("li")]
        if chart.figure["layout"].get("showlegend"):
            assert legend == [svg.plain(t["name"])[0] for t in chart.figure["data"]], key
        else:
            assert legend == [], key
        assert root.get("aria-hidden") == "true"  # the chart's container carries the text alternative


def test_the_licensing_chart_is_placed_as_plotly_places_it() -> None:
    chart = charts(load_store(ROOT / "data"))["licensing-revenue"]
    root = _parse(chart.static[0])
    # x: the figure's own range (2021.5 to 2025.5) and tick values, as percentages of the plot's width.
    ticks = {t.text: t.get("x") for t in root.iter(f"{SVG}text") if t.get("text-anchor") == "middle" and t.text
             and t.text.isdigit()}
    assert ticks == {"2022": "12.50%", "2023": "37.50%", "2024": "62.50%", "2025": "87.50%"}
    points = _points(root)
    assert [_place(p)[0] for p in points] == ["12.50%", "62.50%", "87.50%", "87.50%"]
    y560, y630 = float(_place(points[0])[1]), float(_place(points[1])[1])
    assert 0 < y630 < y560  # higher value, higher on the screen
    # y: from zero (rangemode tozero), ticks a round step apart with plotly's prefix and SI suffix.
    labels = [t.text for t in root.iter(f"{SVG}text") if t.get("text-anchor") == "end"]
    assert labels == ["US$0", "US$100M", "US$200M", "US$300M", "US$400M", "US$500M", "US$600M"]
    # The approximate 2024 value is a diamond, the disputed 2025 values hollow circles in grey.
    assert points[1][0].get("d").startswith("M7.15,0L0,7.15")
    assert (_paint(root, points[2]).get("fill"), _paint(root, points[2]).get("stroke")) == ("none", "#9e9e9e")
    # No line crosses the gap between 2022 and 2024 (x: 2022, None, 2024).
    assert [g for g in root.iter(f"{SVG}g") if g.get("stroke") == svg.COLORWAY[0] and g.get("class") is None] == []


def test_a_line_joins_consecutive_years_only() -> None:
    figure = {"data": [{"type": "scatter", "mode": "lines+markers", "x": [2020, 2021, None, 2023, 2024],
                        "y": [1, 2, None, 3, 4], "line": {"dash": "dash", "width": 2}}],
              "layout": {"xaxis": {"range": [2019.5, 2024.5], "tickmode": "array", "tickvals": [2020, 2024]},
                         "yaxis": {"rangemode": "tozero"}, "height": 300}}
    root = _parse(svg.picture(figure))
    [group] = [g for g in root.iter(f"{SVG}g") if g.get("stroke") == svg.COLORWAY[0]]
    assert [(e.get("x1"), e.get("x2")) for e in group] == [("10.00%", "30.00%"), ("70.00%", "90.00%")]
    assert group.get("stroke-dasharray") == "9,9"


@pytest.mark.parametrize("style, width, pattern", [
    ("solid", 2, None), ("dot", 2, "3,3"), ("dash", 2, "9,9"), ("longdash", 2, "15,15"),
    ("dashdot", 2, "9,3,3,3"), ("longdashdot", 4, "20,8,4,8"),  # as plotly.js draws them: units of max(width, 3)
])
def test_each_line_style_is_drawn_as_plotly_draws_it(style: str, width: int, pattern: str | None) -> None:
    figure = {"data": [{"type": "scatter", "mode": "lines", "x": [2020, 2021], "y": [1, 2],
                        "line": {"dash": style, "width": width}}],
              "layout": {"xaxis": {"range": [2019.5, 2021.5]}, "yaxis": {"rangemode": "tozero"}, "height": 300}}
    [group] = [g for g in _parse(svg.picture(figure)).iter(f"{SVG}g") if g.get("stroke") == svg.COLORWAY[0]]
    assert group.get("stroke-dasharray") == pattern


def test_five_countries_are_told_apart_without_colour() -> None:
    from generator.render.charts import chart

    store = load_store(ROOT / "data")
    lines = [t for t in chart(store, store.metrics["patent-applications-residents"]).figure["data"] if t.get("meta")]
    assert len(lines) == 5 and len({t["line"]["dash"] for t in lines}) == 5


def test_labels_are_text_never_markup() -> None:
    hostile = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; <b>x</b>"  # as plotly_text leaves it, plus a tag
    figure = {"data": [{"type": "scatter", "mode": "markers+text", "x": ["2024"], "y": [hostile], "name": hostile,
                        "text": ["<i>2</i>"]}],
              "layout": {"xaxis": {"type": "date"}, "yaxis": {"type": "category", "automargin": True},
                         "showlegend": True}}
    picture = svg.picture(figure)
    assert "<script" not in picture and "<b>" not in picture and "<i>" not in picture
    root = _parse(picture)
    assert "<script>alert(1)</script> & <b>x</b>" in [t.text for t in root.iter(f"{SVG}text")]


@pytest.mark.parametrize("change", [
    lambda f: f["data"].append({"type": "pie", "values": [1, 2]}),
    lambda f: f["layout"].update(annotations=[{"text": "note"}]),
    lambda f: f["layout"]["yaxis"].update(type="log"),
    lambda f: f["data"][0]["marker"].update(symbol=["star"] * len(f["data"][0]["x"])),
    lambda f: f["data"][0].update(fill="tozeroy"),
])
def test_what_the_picture_cannot_draw_is_left_to_plotly(change) -> None:  # noqa: ANN001
    chart = charts(load_store(ROOT / "data"))["licensing-revenue"]
    figure = copy.deepcopy(chart.figure)
    change(figure)
    with pytest.raises(svg.Unsupported):
        svg.picture(figure)
    unpictured = type(chart)(chart.key, chart.label, chart.unit, figure, chart.summary, chart.sources, chart.points)
    html = figure_html(unpictured)
    assert "fs-static" not in html and "Interactive chart" not in html  # plotly.js draws it when the page opens
    assert 'data-chart="charts/licensing-revenue.json"' in html and "PNG" in html


@settings(max_examples=60, deadline=None)
@given(values=st.lists(st.one_of(st.none(), st.floats(min_value=-1e15, max_value=1e15, allow_nan=False)),
                       min_size=1, max_size=30),
       suffix=st.sampled_from(["", "%"]))
def test_any_values_give_a_well_formed_picture_with_ticks_in_range(values, suffix) -> None:  # noqa: ANN001
    xs = [None if v is None else 2000 + i for i, v in enumerate(values)]
    figure = {"data": [{"type": "scatter", "mode": "lines+markers", "x": xs, "y": values}],
              "layout": {"xaxis": {}, "yaxis": {"rangemode": "tozero", "ticksuffix": suffix}, "height": 360,
                         "margin": {"l": 70, "r": 20, "t": 20, "b": 50}}}
    if all(v is None for v in values):
        return
    root = _parse(svg.picture(figure))
    for point in _points(root):
        x, y = _place(point)
        assert 0 <= float(x.rstrip("%")) <= 100 and 0 <= float(y) <= 290
    labels = [t.text for t in root.iter(f"{SVG}text") if t.get("text-anchor") == "end"]
    assert 2 <= len(labels) <= 12, labels
    assert all(re.fullmatch(r"-?\d+(\.\d+)?[kMBT]?" + re.escape(suffix), label) for label in labels), labels


def test_the_build_says_which_charts_have_no_picture(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    from click.testing import CliRunner

    from generator.cli import main

    def cannot(figure: dict) -> str:
        raise svg.Unsupported("trace type 'sankey'")

    monkeypatch.setattr(svg, "picture", cannot)
    result = CliRunner().invoke(main, ["generate", "--data", str(SMALL), "--out", str(tmp_path / "docs")])
    assert result.exit_code == 0, result.output
    assert "chart(s) without a static picture, drawn by plotly.js as their page opens: " in result.output
    assert "(trace type 'sankey')" in result.output
    page = (tmp_path / "docs" / "timeline" / "index.md").read_text(encoding="utf-8")
    assert 'data-chart="' in page and "fs-static" not in page
