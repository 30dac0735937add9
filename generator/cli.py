"""The command line: one function per verb. The only place that turns problems into exit codes.

Exit codes: 0 clean, 1 data errors, 2 usage errors.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .commands.common import (DATA_OPTION, EVIDENCE_SKIPPED, Commands, archive_option, exit_on_problems, interruptible,
                              load_or_exit, print_problems, resolvable, resolve_archive)
from .commands.sources import source, suggest
from .commands.tables import import_table
from .errors import DataError, Problem, display_path, printable
from .freshness import DEFAULT_MAX_AGE
from .numbers import count_of
from .render.escape import escape_text
from .settings import Settings

if TYPE_CHECKING:
    from .site import Generated


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Validate the fact data, export it, and build the fact-sheet site."""


main.add_command(source)
main.add_command(suggest)
main.add_command(import_table)


@main.command()
@DATA_OPTION
@archive_option
@click.option("--format", "fmt", type=click.Choice(["text", "github"]), default="text", show_default=True,
              help="'github' prints workflow annotations for pull requests.")
def validate(data_dir: Path, archive_dir: Path | None, fmt: str) -> None:
    """Check every data file; report every problem as path:line:col: message."""
    from .evidence import verify

    archive_dir = resolve_archive(archive_dir, data_dir)
    store = load_or_exit(data_dir, fmt, warnings_to_stdout=True)
    summary = (f"{len(store.facts)} facts, {len(store.derived)} derived figures, {len(store.sources)} sources, "
               f"{len(store.events)} events, {len(store.statements)} statements")
    if archive_dir is None:
        click.echo(f"ok: {summary}", err=True)
        click.echo(EVIDENCE_SKIPPED, err=True)
        return
    report = verify(store, archive_dir)
    if report.problems:
        print_problems(report.problems, fmt)
        click.echo(f"{len(report.problems)} evidence problem(s) in {data_dir}", err=True)
        sys.exit(1)
    click.echo(f"ok: {summary}", err=True)
    cells = f" and {count_of(report.cells, 'table cell')}" if report.cells else ""
    click.echo(f"evidence: {report.checked} quotes{cells} verified against {archive_dir}", err=True)


@main.command()
@DATA_OPTION
@archive_option
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True)
@click.option("--out", "out", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write to this file instead of standard output.")
@click.option("--what", type=click.Choice(["facts", "sources"]), default="facts", show_default=True)
def export(data_dir: Path, archive_dir: Path | None, fmt: str, out: Path | None, what: str) -> None:
    """Export facts (or sources) in the public data format. With the archive, each quote's page in a report
    with pages is filled in (as in the site's downloads)."""
    from .evidence import archived_texts
    from .export import FACT_FIELDS, SOURCE_FIELDS, fact_records, is_export, source_records, to_csv, to_json
    from .outdir import project_folders, write_file_atomically

    store = load_or_exit(data_dir)
    archive_dir = resolve_archive(archive_dir, data_dir)
    texts = archived_texts(store, archive_dir)[0] if archive_dir is not None else None
    records = fact_records(store, texts) if what == "facts" else source_records(store)
    fields = FACT_FIELDS if what == "facts" else SOURCE_FIELDS
    text = to_json(records) if fmt == "json" else to_csv(records, fields)
    if out is None:
        sys.stdout.write(text)
    else:
        write_file_atomically(out, text, "--out", project_folders(data_dir), is_export)


@main.command()
@DATA_OPTION
@archive_option
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("site"),
              show_default=True, help="Where the built site goes; replaced only when the build succeeds.")
@click.option("--work", "work_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("build"),
              callback=resolvable, show_default=True, help="Working directory for the generated Markdown.")
@click.option("--engine", type=click.Choice(["mkdocs", "zensical"]), default="mkdocs", show_default=True,
              help="The site engine: MkDocs with Material, or Zensical, its successor.")
def build(data_dir: Path, archive_dir: Path | None, out_dir: Path, work_dir: Path, engine: str) -> None:
    """Validate, generate the pages and build the site with MkDocs or Zensical (strict)."""
    from .errors import BuildError
    from .site import build as build_site

    archive_dir = resolve_archive(archive_dir, data_dir)
    try:
        with interruptible("build"):
            generated = build_site(data_dir, out_dir, work_dir, archive_dir=archive_dir, engine=engine,
                                   settings=Settings.from_environment())
    except DataError as exc:
        exit_on_problems(exc, data_dir, f"the site in {out_dir} was left as it was")
    except BuildError as exc:
        click.echo(printable(str(exc)), err=True)
        click.echo(f"build failed; the site in {out_dir} was left as it was", err=True)
        sys.exit(1)
    except OSError as exc:  # an unwritable or full disk: say where, not a traceback
        where = f" ({display_path(exc.filename)})" if exc.filename else ""
        click.echo(f"cannot write the site: {exc.strerror or exc}{where}; free space or fix the permissions, "
                   "or pass --out/--work elsewhere", err=True)
        click.echo(f"build failed; the site in {out_dir} was left as it was", err=True)
        sys.exit(1)
    if archive_dir is None:
        click.echo(EVIDENCE_SKIPPED, err=True)
    click.echo(f"{len(generated.written)} generated file(s) written, {generated.unchanged} unchanged, "
               f"{len(generated.removed)} removed", err=True)
    if generated.bundle is not None:
        click.echo(f"plotly.js: {generated.bundle.summary}", err=True)
    _say_unpictured(generated)
    click.echo(f"site built: {out_dir.resolve() / 'index.html'}")


@main.command()
@DATA_OPTION
@archive_option
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), required=True,
              help="The docs folder to write: missing, empty, or one this command wrote.")
def generate(data_dir: Path, archive_dir: Path | None, out_dir: Path) -> None:
    """Validate and write the Markdown pages and assets, without building a site: any engine can build them."""
    from .errors import BuildError
    from .site import generate_docs

    archive_dir = resolve_archive(archive_dir, data_dir)
    try:
        generated = generate_docs(data_dir, out_dir, archive_dir=archive_dir, settings=Settings.from_environment())
    except DataError as exc:
        exit_on_problems(exc, data_dir, "nothing was written")
    except BuildError as exc:
        click.echo(printable(str(exc)), err=True)
        sys.exit(1)
    if archive_dir is None:
        click.echo(EVIDENCE_SKIPPED, err=True)
    click.echo(f"{len(generated.written)} file(s) written, {generated.unchanged} unchanged, "
               f"{len(generated.removed)} removed in {out_dir}", err=True)
    _say_unpictured(generated)


def _say_unpictured(generated: Generated) -> None:
    """Charts without a static picture still work (plotly.js draws them when the page opens); say which."""
    if generated.unpictured:
        click.echo(f"{len(generated.unpictured)} chart(s) without a static picture, drawn by plotly.js as their "
                   f"page opens: {'; '.join(generated.unpictured)}", err=True)
    if generated.undrawn:
        click.echo(f"warning: the shared-link cards draw {len(generated.undrawn)} character(s) as boxes, no installed "
                   f"font has them ({printable(generated.undrawn[:20])}); install Debian's fonts-noto-cjk (Chinese, "
                   "Japanese, Korean) or fonts-noto-core (other scripts)", err=True)


@main.command()
@click.argument("base")
@click.argument("head", required=False)
@DATA_OPTION
@archive_option
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown", show_default=True)
@click.option("--ratio", type=click.FloatRange(min=1, min_open=True), default=10.0, show_default=True,
              help="Flag a value that changed by this factor or more (a million/billion slip).")
@click.option("--jump", type=click.FloatRange(min=1, min_open=True), default=2.0, show_default=True,
              help="Flag a value this many times above or below the same figure the year before.")
@click.option("--images", "images_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Write PNG images of each changed metric's chart at BASE and HEAD into this directory.")
def diff(base: str, head: str | None, data_dir: Path, archive_dir: Path | None, fmt: str, ratio: float, jump: float,
         images_dir: Path | None) -> None:
    """What changes in the data between git revisions BASE and HEAD (default: the working tree).

    With an archive, HEAD's quotes are verified too and their problems listed with the others.
    """
    from .history import RevisionError, load_revision
    from .review.compare import Thresholds, compare
    from .review.report import to_json, to_markdown
    from .evidence import verify

    if not data_dir.is_dir():
        raise click.BadParameter(f"'{data_dir}' is not a directory", param_hint="--data")
    archive_dir = resolve_archive(archive_dir, data_dir)
    thresholds = Thresholds(ratio=ratio, jump=jump)
    try:
        old = load_revision(data_dir, data_dir, base)
        new = load_revision(data_dir, data_dir, head)
    except RevisionError as exc:
        raise click.UsageError(str(exc)) from None
    if archive_dir is not None and new.store is not None:
        new.problems.extend(verify(new.store, archive_dir).problems)
    elif archive_dir is None:
        click.echo(EVIDENCE_SKIPPED, err=True)
    report = compare(old, new, thresholds)
    if images_dir is not None:
        from .outdir import IMAGES_MARKER, project_folders, replaceable_dir

        images_dir = replaceable_dir(images_dir, "--images", project_folders(data_dir, archive_dir), IMAGES_MARKER)
    if images_dir is not None and report.changed_metrics:
        from .review.images import SnapshotError, chart_images

        try:
            report.images = chart_images(old.store, new.store, report.changed_metrics, images_dir)
        except SnapshotError as exc:
            click.echo(f"chart images skipped: {exc}", err=True)
    sys.stdout.write(to_json(report) if fmt == "json" else to_markdown(report, thresholds))


@main.command("archive-setting")
@DATA_OPTION
def archive_setting_command(data_dir: Path) -> None:
    """For CI: where the archive is, as KEY=VALUE lines (repository, ref, subdirectory); none if not configured.

    ARCHIVE_REPOSITORY, ARCHIVE_REF and ARCHIVE_SUBDIRECTORY (the workflow's repository variables) win over
    factsheet.toml's [archive] table.
    """
    from .settings import archive_setting, ci_archive

    found = ci_archive(archive_setting(data_dir), os.environ.get("ARCHIVE_REPOSITORY"), os.environ.get("ARCHIVE_REF"),
                       os.environ.get("ARCHIVE_SUBDIRECTORY"))
    for key, value in found.items():
        click.echo(f"{key}={value}")
    click.echo(f"configured={'true' if found else 'false'}")


@main.command("check-links")
@DATA_OPTION
@click.option("--timeout", type=click.FloatRange(min=1), default=20.0, show_default=True, help="Seconds per request.")
@click.option("--format", "fmt", type=click.Choice(["text", "github"]), default="text", show_default=True)
def check_links(data_dir: Path, timeout: float, fmt: str) -> None:
    """Check that every source's URL answers (network access; the scheduled workflow runs it). Exit 1 if any fails."""
    from .sources.links import broken_links

    store = load_or_exit(data_dir)
    problems = broken_links(store, timeout)
    print_problems(problems, fmt)
    checked = sum(1 for s in store.sources.values() if s.url)
    click.echo(f"{count_of(checked, 'source URL')} checked, {len(problems)} not answering", err=True)
    if problems:
        sys.exit(1)


@main.command()
@click.option("--facts", type=click.IntRange(min=1, max=10_000_000), required=True, help="How many facts.")
@click.option("--entities", type=click.IntRange(min=1), default=None,
              help="How many entities (default: one per metric, so entity pages keep their size).")
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), required=True,
              help="Writes OUT/data/ and OUT/archive/ (the source texts, for --archive).")
@click.option("--seed", type=int, default=0, show_default=True)
def synth(facts: int, entities: int | None, out_dir: Path, seed: int) -> None:
    """Write a valid synthetic data set of any size, for benchmarks and scale tests."""
    from .synth import synth as write

    if (out_dir / "data").exists() and any((out_dir / "data").iterdir()):
        raise click.BadParameter(f"'{out_dir / 'data'}' is not empty; choose another --out", param_hint="--out")
    counts = write(out_dir, facts, entities, seed)
    click.echo(", ".join(f"{n:,} {kind}" for kind, n in counts.items()) + f" written to {out_dir}", err=True)


def _max_age(ctx: click.Context, param: click.Parameter, value: str):  # noqa: ARG001 - click's callback signature
    from .freshness import MaxAge

    try:
        return MaxAge.parse(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@main.command()
@DATA_OPTION
@click.option("--max-age", default=DEFAULT_MAX_AGE, show_default=True, callback=_max_age,
              help="How old the latest figure may be: a number and d, w, m or y (18m, 2y).")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", show_default=True)
def stale(data_dir: Path, max_age, fmt: str) -> None:  # noqa: ANN001 - a MaxAge from the callback
    """List metrics whose latest reported figure is older than --max-age, counted from the build date.

    The build date is today, or SOURCE_DATE_EPOCH when set. Exit 0 either way: stale data is news, not an error.
    """
    from .freshness import age_words, stale_metrics

    store = load_or_exit(data_dir)
    found = stale_metrics(store, max_age)
    if fmt == "markdown":
        click.echo(f"### Stale metrics: no figure from the last {max_age} (as of {store.built_on})\n")
    if not found:
        click.echo(f"No metric's latest figure is older than {max_age} (as of {store.built_on}).")
        return
    for item in found:
        if fmt == "markdown":
            click.echo(f"- **{escape_text(item.metric.label)}** (`{item.metric.id}`): latest {item.latest}, "
                       f"{age_words(item.months)} old")
        else:
            click.echo(f"{item.metric.id}: latest {item.latest}, {age_words(item.months)} old ({item.metric.label})")
    click.echo(f"{count_of(len(found), 'metric')} with no figure from the last {max_age} (as of {store.built_on})", err=True)


@main.command()
@DATA_OPTION
@click.option("--work", "work_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("build"),
              callback=resolvable, show_default=True, help="Working directory for the generated Markdown.")
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
def serve(data_dir: Path, work_dir: Path, dev_addr: str) -> None:
    """Live preview: rebuild and reload the browser when data/, content/ or theme/ change."""
    from .errors import BuildError
    from .serve import serve as serve_site

    def report(problems: list[Problem]) -> None:
        if problems:
            print_problems(problems, "text")
            click.echo(f"{len(problems)} problem(s); still serving the last good pages", err=True)

    try:
        serve_site(data_dir, work_dir, dev_addr, report)
    except BuildError as exc:
        click.echo(printable(str(exc)), err=True)
        sys.exit(1)
    except OSError as exc:  # the address is taken, or not this machine's
        click.echo(f"cannot serve on {dev_addr}: {exc.strerror or exc}; pass --dev-addr 127.0.0.1:PORT with a free "
                   "port", err=True)
        sys.exit(1)
