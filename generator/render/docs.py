"""Every generated file of the docs folder, from a fact store: pages, downloads, chart figures, pictures for
shared links, the feed and the plotly.js the charts need. Streams, so a large site is never held whole."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Iterator

from ..errors import BuildError, DataError
from ..settings import Settings
from ..store import FactStore, load_store
from .bundle import TARGET, Bundle, MissingTraceType, check_trace_types, find_bundle
from .charts import Chart, chart_files
from .downloads import download_files, downloads_page
from .feed import data_feed
from .pages import Renderer, render_pages
from .cite import site_name
from .routes import FEED


def generate_text(store: FactStore, settings: Settings | None = None) -> dict[str, str]:
    """The generated text files: pages, downloads and chart figures (everything but plotly.js)."""
    renderer = Renderer(store, settings=settings)
    return dict(_text_files(renderer))


def _text_files(renderer: Renderer) -> Iterator[tuple[str, str]]:
    """Pages, downloads and chart files, one at a time (a large site is never held in memory whole)."""
    yield from render_pages(renderer)
    yield from downloads_page(renderer).items()
    yield from download_files(renderer.store, renderer.archived)
    yield from chart_files(renderer.charts, renderer.store, renderer.archived)


def _files(renderer: Renderer) -> Iterator[tuple[str, str | bytes]]:
    """Everything generated: the text files and the pages' shared-link pictures."""
    yield from _text_files(renderer)
    yield from renderer.cards()


def generate(store: FactStore, bundle: Bundle | None = None, archived: dict[str, str] | None = None,
             settings: Settings | None = None) -> dict[str, str | bytes]:
    """Every generated file of the docs directory: pages, downloads, chart figures and plotly.js.

    plotly.js is copied only when some page has a chart (charts.js loads it only on those pages), and
    only after checking that it registers every trace type the figures use.
    """
    return dict(_generate(store, bundle, archived, settings or Settings.from_environment())[0])


def _generate(store: FactStore, bundle: Bundle | None, archived: dict[str, str] | None, settings: Settings
              ) -> tuple[Iterator[tuple[str, str | bytes]], dict[str, Chart]]:
    """The files as a stream, after the checks that can refuse the build; and the charts."""
    renderer = Renderer(store, archived=archived, settings=settings)
    found = renderer.charts
    figures = {c.path: c.figure for c in found.values()}
    if figures:
        bundle = bundle or find_bundle()
        try:
            check_trace_types(figures, bundle)
        except MissingTraceType as exc:
            raise BuildError(str(exc)) from None

    def files() -> Iterator[tuple[str, str | bytes]]:
        yield from _files(renderer)
        if figures:
            yield TARGET, bundle.path.read_bytes()

    return files(), found


def site_files(data_dir: Path, archive_dir: Path | None, settings: Settings
               ) -> tuple[Iterator[tuple[str, str | bytes]], Bundle | None, list[str], str]:
    """Load and check the data (quotes too, with an archive), then every file of the docs folder and the feed
    (a stream); the plotly.js shipped, if any chart needs it; the charts without a static picture, and why; and
    the characters the shared-link cards draw as boxes (no installed font has them)."""
    store = load_store(data_dir, today=settings.build_date())
    archived = None
    if archive_dir is not None:
        from ..evidence import verify

        report = verify(store, archive_dir)
        if report.problems:
            raise DataError(report.problems)
        archived = report.texts  # read once: the source pages show the paragraphs around the quotes
    bundle = find_bundle()
    files, found = _generate(store, bundle, archived, settings)
    feed = data_feed(data_dir, store, settings.site_url)
    unpictured = [f"{c.key} ({c.static[1]})" for c in found.values() if not c.static[0]]
    undrawn = _undrawn(store) if settings.site_url else ""  # the shared-link cards are drawn only then
    return itertools.chain(files, [(FEED, feed)]), (bundle if found else None), unpictured, undrawn


def _undrawn(store: FactStore) -> str:
    """The characters of the names the shared-link cards show that no installed font draws."""
    from .cards import undrawable

    return undrawable([site_name(), *(m.label for m in store.metrics.values()),
                       *(f"{e.name} {e.description or ''}" for e in store.entities.values()),
                       *(s.title for s in store.sources.values())])
