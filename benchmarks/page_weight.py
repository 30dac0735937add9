"""Chart page weight and first paint on a slow phone connection, measured in Debian's chromium.

    python benchmarks/page_weight.py [--site DIR] [PAGE ...]

Serves the built site gzip-compressed (as GitHub Pages does), throttles the network to 150 ms latency,
1.6 Mbit/s down and 750 kbit/s up and slows the CPU 4× (Chrome DevTools' "slow 4G" phone), then opens
each chart page without touching it and reports the bytes transferred and when its first chart was
visible. The goals (issue "Fast to build, light to read"): at most 150 KB gzip before interaction, and
the first chart visible within 1.5 s of navigation. Then it hovers the chart and reports what the
interactive chart costs on top.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.review.images import ARGS  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
THROTTLE = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}
CPU_SLOWDOWN = 4
# Records, from the first frame on, when a chart (picture or interactive) first has a size on screen.
WATCH_CHARTS = """
(() => {
  const look = () => {
    const chart = document.querySelector('.fs-static, .fs-chart__plot .main-svg');
    const box = chart && chart.getBoundingClientRect();
    if (box && box.width > 0 && box.height > 0) { window.__chartVisible = performance.now(); return; }
    requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
})();
"""


class Gzipped(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed when the browser accepts it (text types only, as a CDN would)."""

    def log_message(self, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def send_head(self):  # noqa: ANN201 - as the base class
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        compressible = path.suffix in (".html", ".js", ".css", ".json", ".svg", ".csv", ".xml")
        if not (path.is_file() and compressible and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def measure(site: Path, pages: list[str]) -> list[dict]:
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Gzipped, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    rows = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            for path in pages:
                context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
                page = context.new_page()
                page.add_init_script(WATCH_CHARTS)
                cdp = context.new_cdp_session(page)
                cdp.send("Network.enable")
                cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
                cdp.send("Network.emulateNetworkConditions", THROTTLE)
                cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
                received: dict[str, float] = {}
                cdp.on("Network.loadingFinished",
                       lambda event: received.__setitem__(event["requestId"], event["encodedDataLength"]))
                page.goto(base + path, wait_until="load")
                page.wait_for_function("window.__chartVisible !== undefined", timeout=60_000)
                page.wait_for_timeout(3000)  # anything the page still fetches on its own (search index, ...)
                before = sum(received.values())
                visible = page.evaluate("window.__chartVisible")
                paint = page.evaluate("(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime")
                page.locator(".fs-chart__plot").first.hover()
                page.wait_for_selector(".fs-chart__plot .main-svg", timeout=120_000)
                page.wait_for_timeout(500)
                rows.append({"page": path, "before_kb": before / 1000, "after_kb": sum(received.values()) / 1000,
                             "chart_visible_s": visible / 1000, "first_paint_s": (paint or 0) / 1000})
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return rows


def table(rows: list[dict]) -> str:
    lines = ["| chart page | transferred before interaction (KB, gzip) | first chart visible (s) | first paint (s) "
             "| transferred once interactive (KB) |", "| --- | --- | --- | --- | --- |"]
    for r in rows:
        lines.append(f"| {r['page']} | {r['before_kb']:.0f} | {r['chart_visible_s']:.2f} | {r['first_paint_s']:.2f} "
                     f"| {r['after_kb']:.0f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    # The last two: five countries over forty years (the picker's page) and a comparison of two units.
    parser.add_argument("pages", nargs="*", default=["metrics/licensing-revenue/", "timeline/",
                                                     "metrics/licensing-revenue-share-asia-pacific/",
                                                     "metrics/patent-applications-residents/",
                                                     "comparisons/huawei-rd-spending-and-revenue/"])
    args = parser.parse_args()
    if not (args.site / "index.html").is_file():
        sys.exit(f"no site in {args.site}: run `make site` first")
    print(table(measure(args.site, args.pages)))


if __name__ == "__main__":
    main()
