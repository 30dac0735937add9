"""The shipped plotly.js bundle: the smallest one, pinned, and able to draw every figure."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from generator.render.bundle import BASIC, FULL, Bundle, MissingTraceType, check_trace_types, find_bundle, read_bundle
from generator.render.charts import charts
from generator.errors import BuildError
from generator.render.docs import generate
from generator.store import load_store

from .conftest import ROOT, SMALL

CI = os.environ.get("CI") == "true"


def test_the_pinned_basic_bundle_matches_the_plotly_wheel() -> None:
    """package.json pins the exact version the wheel's Python API writes figures for."""
    pinned = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]["plotly.js-basic-dist-min"]
    locked = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    entry = locked["node_modules/plotly.js-basic-dist-min"]
    assert entry["version"] == pinned and entry["integrity"].startswith("sha512-")
    assert read_bundle(FULL, "full").version == pinned


def test_ci_ships_the_basic_bundle() -> None:
    """`make` installs it with `npm ci`; the full-bundle fallback is for machines without npm."""
    if not BASIC.is_file():
        assert not CI, "node_modules/plotly.js-basic-dist-min is missing: `npm ci` did not run"
        pytest.skip("npm ci has not been run; the build falls back to the full bundle")
    bundle = find_bundle()
    assert bundle.path == BASIC
    assert bundle.trace_types == {"scatter", "bar", "pie"}
    assert bundle.path.stat().st_size < FULL.stat().st_size / 3


def test_trace_types_are_read_from_the_bundle_file() -> None:
    full = read_bundle(FULL, "full")
    assert {"scatter", "bar", "heatmap", "choropleth", "sankey"} <= full.trace_types
    assert len(full.trace_types) > 40


def test_every_figure_can_be_drawn_by_the_shipped_bundle() -> None:
    store = load_store(ROOT / "data")
    figures = {c.path: c.figure for c in charts(store).values()}
    check_trace_types(figures, find_bundle())  # raises if not


def test_a_trace_type_the_bundle_lacks_fails_the_build(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    basic = Bundle(FULL, "plotly.js-basic-dist-min", "4.1.1", frozenset({"scatter", "bar", "pie"}))
    heatmap = {"data": [{"type": "scatter"}, {"type": "heatmap"}], "layout": {}}
    with pytest.raises(MissingTraceType) as caught:
        check_trace_types({"charts/x.json": heatmap}, basic)
    assert str(caught.value).startswith(
        "charts/x.json uses 'heatmap', which plotly.js-basic-dist-min does not include (it has bar, pie, scatter).")

    # Through generate(): the build stops with a BuildError, not a blank chart in the browser.
    only_bars = Bundle(FULL, "a bar-only bundle", "4.1.1", frozenset({"bar"}))
    with pytest.raises(BuildError, match="uses 'scatter', which a bar-only bundle does not include"):
        generate(load_store(SMALL), only_bars)


def test_the_site_ships_the_bundle_that_was_checked() -> None:
    bundle = find_bundle()
    files = generate(load_store(SMALL), bundle)
    assert files["assets/javascripts/plotly.min.js"] == bundle.path.read_bytes()
