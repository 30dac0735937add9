"""Which plotly.js bundle the site ships, and whether it can draw every figure.

The smallest bundle is npm's ``plotly.js-basic-dist-min`` (scatter, bar and pie), pinned in
package.json / package-lock.json and installed by ``npm ci`` (``make site`` does it when npm is on the
PATH). Without it the build falls back to the full bundle inside the pinned plotly wheel, so a machine
with only Python still builds a working site; the CLI says which one it shipped.

A bundle registers each trace module as ``moduleType:"trace",name:"…"``; reading those names from the
file itself means the check below cannot drift from what the browser will actually get.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import plotly

ROOT = Path(__file__).resolve().parent.parent.parent
BASIC = ROOT / "node_modules" / "plotly.js-basic-dist-min" / "plotly-basic.min.js"
FULL = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
TARGET = "assets/javascripts/plotly.min.js"

_TRACE = re.compile(rb'moduleType:\s*"trace",\s*name:\s*"([a-z0-9_]+)"')
_VERSION = re.compile(rb"plotly\.js (?:\([^)]*\) )?v(\d+\.\d+\.\d+)")


class MissingTraceType(Exception):
    """A figure uses a trace type the shipped bundle does not register."""


@dataclass(frozen=True)
class Bundle:
    path: Path
    name: str
    version: str
    trace_types: frozenset[str]

    @property
    def summary(self) -> str:
        size = self.path.stat().st_size / 1_000_000
        return f"{self.name} v{self.version} ({size:.1f} MB; traces: {', '.join(sorted(self.trace_types))})"


@cache
def read_bundle(path: Path, name: str) -> Bundle:
    data = path.read_bytes()
    version = _VERSION.search(data[:2000])
    return Bundle(path, name, version.group(1).decode() if version else "unknown",
                  frozenset(m.decode() for m in _TRACE.findall(data)))


def find_bundle() -> Bundle:
    """The basic npm bundle when installed; else the full bundle of the plotly wheel.

    ``FACTSHEET_PLOTLY_BUNDLE=full`` forces the wheel's bundle (for comparing the two).
    """
    if BASIC.is_file() and os.environ.get("FACTSHEET_PLOTLY_BUNDLE") != "full":
        return read_bundle(BASIC, "plotly.js-basic-dist-min")
    return read_bundle(FULL, "plotly.js from the plotly wheel (full bundle; run `npm ci` for the 1.2 MB basic one)")


def check_trace_types(figures: dict[str, dict], bundle: Bundle) -> None:
    """Refuse to ship a figure the bundle cannot draw: the chart would be a blank box in the browser."""
    missing = sorted({(path, trace.get("type", "scatter")) for path, figure in figures.items()
                      for trace in figure.get("data", []) if trace.get("type", "scatter") not in bundle.trace_types})
    if missing:
        listed = "; ".join(f"{path} uses '{kind}'" for path, kind in missing)
        raise MissingTraceType(
            f"{listed}, which {bundle.name} does not include (it has {', '.join(sorted(bundle.trace_types))}). "
            "Use a trace type the bundle has, or switch to a plotly.js bundle that has it in package.json.")
