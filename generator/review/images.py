"""PNG images of charts, drawn offline by the system's chromium with the site's own plotly.js.

Used by ``diff --images`` so a reviewer sees each changed metric's chart before and after. Nothing
is downloaded: Playwright drives an installed browser, the page is built in memory, and every
network request is refused.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from ..outdir import IMAGES_MARKER
from ..render.bundle import find_bundle
from ..render.charts import Chart, charts
from ..render.escape import plotly_text
from ..store import FactStore

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Headless, and nothing in the background that could reach the network; the browser tests use it too.
ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-default-apps",
        "--disable-domain-reliability", "--metrics-recording-only"]
PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>chart</title>
<style>body{margin:0;background:#fff;font-family:sans-serif}#chart{width:900px}</style></head>
<body><div id="chart"></div></body></html>"""


class SnapshotError(Exception):
    """Images could not be made (no browser, say); the report is still complete without them."""


def find_browser() -> str:
    """$FACTSHEET_CHROMIUM, else the first chromium or Chrome on the PATH."""
    explicit = os.environ.get("FACTSHEET_CHROMIUM")
    if explicit:
        if not Path(explicit).is_file():
            raise SnapshotError(f"FACTSHEET_CHROMIUM={explicit} does not exist")
        return explicit
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    raise SnapshotError("no chromium or Chrome found (apt-get install -y chromium, or set FACTSHEET_CHROMIUM)")


def chart_images(base: FactStore | None, head: FactStore | None, metrics: list[str], out_dir: Path) -> dict[str, dict[str, str]]:
    """Write ``<metric>-base.png`` and ``<metric>-head.png``; return the file names per metric.

    A metric absent at one side (added or removed) has only the other image.
    """
    sides = {"base": _charts_of(base, metrics), "head": _charts_of(head, metrics)}
    jobs = [(metric, side, sides[side][metric]) for metric in metrics for side in ("base", "head") if metric in sides[side]]
    if not jobs:
        return {}
    browser_path = find_browser()
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / IMAGES_MARKER).write_text("Chart images written by `python -m generator diff --images`.\n", encoding="utf-8")
    bundle = find_bundle()
    written: dict[str, dict[str, str]] = {}
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - playwright is in the lock file
        raise SnapshotError(f"playwright is not installed: {exc}") from None
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=browser_path, headless=True, args=ARGS)
            page = browser.new_page(viewport={"width": 900, "height": 600}, device_scale_factor=1)
            page.route("**/*", lambda route: route.abort())  # nothing leaves the machine
            page.set_content(PAGE)
            page.add_script_tag(path=str(bundle.path))
            for metric, side, found in jobs:
                figure = json.dumps(found.figure, allow_nan=False)
                title = json.dumps(plotly_text(f"{found.label} ({'before' if side == 'base' else 'after'})"))
                page.evaluate(f"""async () => {{
                    const figure = {figure};
                    figure.layout.title = {{text: {title}}};
                    figure.layout.margin = Object.assign({{}}, figure.layout.margin, {{t: 50}});
                    await Plotly.newPlot("chart", figure.data, figure.layout, {{displayModeBar: false, staticPlot: true}});
                }}""")
                name = f"{metric}-{side}.png"
                page.locator("#chart").screenshot(path=str(out_dir / name))
                written.setdefault(metric, {})[side] = name
            browser.close()
    except PlaywrightError as exc:
        raise SnapshotError(f"the browser failed: {str(exc).splitlines()[0]}") from None
    return written


def _charts_of(store: FactStore | None, metrics: list[str]) -> dict[str, Chart]:
    """The chart each metric appears on: its own, or the one it shares through chart_with."""
    if store is None:
        return {}
    found = charts(store)
    result = {}
    for metric in metrics:
        owner = metric if metric in found else next(
            (m.id for m in store.metrics.values() if metric in m.chart_with and m.id in found), None)
        if owner is not None:
            result[metric] = found[owner]
    return result
