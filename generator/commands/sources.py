"""Sources in: `source add` (a page, a text or a table, archived with its digest) and `suggest` (candidate facts
from a text)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import DataError, display_path, printable
from ..numbers import count_of
from ..settings import Settings
from ..store import load_store
from .common import DATA_OPTION, archive_option, resolve_archive

@click.group()
def source() -> None:
    """Bring sources in: archive a page or a file with its metadata and digest."""


def _published(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:  # noqa: ARG001
    from ..schema import parse_partial_date

    if value is None:
        return None
    try:
        return str(parse_partial_date(value))
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@source.command("add")
@click.argument("location", metavar="PATH_OR_URL")
@click.option("--id", "source_id", required=True, help="The new source's id (lower-case letters, digits, hyphens).")
@DATA_OPTION
@archive_option
@click.option("--title", help="Title (wins over the page's own).")
@click.option("--publisher", help="Publisher (wins over the page's site name).")
@click.option("--author", help="Author (wins over the page's metadata).")
@click.option("--published", callback=_published, help="Publication date, YYYY-MM-DD (wins over the page's).")
@click.option("--kind", type=click.Choice(["press_release", "news_report", "commentary", "interview",
                                           "official_statistics", "report", "blog_post"]), help="What kind of source.")
@click.option("--language", help="Language code such as en or zh-Hans (wins over the page's).")
@click.option("--timeout", type=click.FloatRange(min=1, max=300), default=30.0, show_default=True,
              help="Seconds to wait for an http(s) address.")
@click.option("--updated", callback=_published, help="A table stamped only with its last update: that date.")
@click.option("--url", help="A local file's address: where it was saved or downloaded from (never guessed).")
@click.option("--member", help="A table inside a zip: the file's path in it (tables/part0.xlsx).")
@click.option("--sheet", help="A workbook's sheet (default: the first).")
@click.option("--resource", help="A data package's resource (default: its only one).")
@click.option("--decimal", type=click.Choice([".", ","]), default=".", show_default=True,
              help="The decimal mark of a table's numbers.")
@click.option("--heading", help="A table inside a text: the line above it, as the text writes it.")
@click.option("--repository", help="Where a table came from: the repository (owner/name) …")
@click.option("--commit", help="… its commit …")
@click.option("--repository-path", help="… and the file's path in it.")
@click.option("--licence", help="The licence the publisher states (wins over a data package's).")
@click.option("--attribution", help="The credit the licence asks for, shown beside every cited cell.")
@click.option("--excerpt-by", help="The text is an excerpt of the page, as this collection stored it (say who).")
def source_add(location: str, source_id: str, data_dir: Path, archive_dir: Path | None, title: str | None,
               publisher: str | None, author: str | None, published: str | None, kind: str | None,
               language: str | None, timeout: float, updated: str | None, url: str | None, member: str | None, sheet: str | None,
               resource: str | None, decimal: str, repository: str | None, commit: str | None,
               repository_path: str | None, licence: str | None, attribution: str | None,
               excerpt_by: str | None, heading: str | None) -> None:
    """Archive PATH_OR_URL (an HTML page, plain text, a PDF, or a table) and add it to the sources.

    The page's main text is archived without navigation or banners, mis-decoded characters repaired;
    title, author, publisher and dates come from the page's metadata unless given here. Nothing is
    guessed: what the page does not state is 'unknown' or left out. A PDF's text is extracted page by page
    (a form feed between pages, so each quote's page is known) and archived with the PDF beside it.

    A table (.csv, .tsv, .xlsx, a .zip with --member, a data package's datapackage.json, or a table inside a
    text with --heading) is read first and refused if it cannot be. A file already in the archive (a table, or a text such as a report with form feeds
    between its pages, or a stored page's excerpt) is registered where it lies, by path and digest.
    """
    import re

    from ..schema import ID_PATTERN, RESERVED_IDS
    from ..sources.archive import Given, add_source
    from ..sources.fetch import SourceError
    from ..sources.tables import TableGiven, add_table_source, is_table

    if not re.match(ID_PATTERN, source_id) or source_id in RESERVED_IDS:
        raise click.BadParameter(f"'{source_id}' is not a usable id; use lower-case letters, digits and hyphens, "
                                 "and none of the reserved names", param_hint="--id")
    archive_dir = resolve_archive(archive_dir, data_dir)
    if archive_dir is None:
        raise click.UsageError("no archive to write into: pass --archive DIR, set FACTSHEET_ARCHIVE, or set "
                               "[archive] path in factsheet.toml")
    if heading is not None and location.startswith(("http://", "https://")):
        raise click.UsageError("--heading reads a table inside an archived text: add the page first "
                               "(source add URL --id …), then its table from the archived file")
    today = Settings.from_environment().build_date()  # the day of archiving: SOURCE_DATE_EPOCH, read here
    try:
        if is_table(location) or heading is not None:
            added = add_table_source(location, source_id, data_dir, archive_dir, TableGiven(
                title, publisher, published, updated, kind, language, url, member, sheet, resource, decimal,
                repository, commit, repository_path, licence, attribution, heading=heading, excerpt_by=excerpt_by,
                retrieved=today))
        else:
            given = Given(title, publisher, author, published, kind, language, url, excerpt_by, retrieved=today)
            added = add_source(location, source_id, data_dir, archive_dir, given, timeout=timeout)
    except SourceError as exc:
        click.echo(f"source add: {printable(str(exc))}; nothing was written", err=True)
        sys.exit(1)
    done = "archived" if added.copied else "registered where it lies in the archive:"
    click.echo(f"{done} {display_path(added.archive_file)} (sha256 {added.entry['sha256']})", err=True)
    click.echo(f"added source '{source_id}' to {display_path(added.sources_file)}:", err=True)
    for name, value in added.entry.items():
        if isinstance(value, dict):
            click.echo(f"  {name}: " + ", ".join(f"{k} {printable(str(v))}" for k, v in value.items()))
        else:
            click.echo(f"  {name}: {printable(value)}")
    if added.blank_pages:
        from ..sources.pdf import describe_blank_pages

        click.echo(f"note: no text found on {describe_blank_pages(added.blank_pages)} of the PDF (images of text, or "
                   "empty); quotes from there cannot be checked: read them in the PDF, or add an OCR'd copy", err=True)
    if added.missing:
        click.echo(f"not stated by the source (left out or 'unknown'; pass them if you know them): "
                   f"{', '.join(added.missing)}", err=True)


@click.command()
@click.argument("target", metavar="FILE|SOURCE_ID")
@DATA_OPTION
@archive_option
@click.option("--published", callback=_published, help="Publication date, for 'last year' (default: the source's).")
@click.option("--source", "source_id", default=None, help="The source id to write in the citations.")
@click.option("--format", "fmt", type=click.Choice(["yaml", "json"]), default="yaml", show_default=True)
def suggest(target: str, data_dir: Path, archive_dir: Path | None, published: str | None, source_id: str | None,
            fmt: str) -> None:
    """Propose candidate facts from a source text: every figure with its verbatim quote and open questions.

    FILE is a text file; SOURCE_ID an archived source of the data. Offline and deterministic; a curator decides.
    """
    import datetime as dt

    from ..schema import parse_partial_date
    from ..sources.suggest import MAX_TEXT_BYTES, suggest as propose, to_json, to_yaml

    try:
        store = load_store(data_dir, today=Settings.from_environment().build_date())
    except DataError:
        store = None
        click.echo(f"warning: the data in {data_dir} does not validate; no entity, metric or known-fact guesses",
                   err=True)
    date = None
    path = Path(target)
    if not path.is_file():
        if store is None or target not in store.sources:
            raise click.BadParameter(f"'{target}' is neither a file nor a source id of the data",
                                     param_hint="FILE|SOURCE_ID")
        archive_dir = resolve_archive(archive_dir, data_dir)
        if archive_dir is None:
            raise click.UsageError("no archive to read the source from: pass --archive DIR or set FACTSHEET_ARCHIVE")
        source = store.sources[target]
        path, source_id = archive_dir / source.archive, source_id or target
        date = source.published or source.updated
        if date and not source.published:
            click.echo(f"note: '{target}' is undated; 'last year' is read against its update date {date}", err=True)
    if published:
        date = parse_partial_date(published)
    # 'last year' needs only the year; a month or day left out takes the year's end.
    when = dt.date(date.year, date.month or 12, date.day or 28) if date is not None else None
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            raise click.BadParameter(f"'{path}' is {size:,} bytes; suggest reads texts up to {MAX_TEXT_BYTES:,} bytes "
                                     "(a long report: run it on the part you cite, or on each chapter)",
                                     param_hint="FILE|SOURCE_ID")
        text = path.read_bytes().decode("utf-8", errors="replace")
    except OSError as exc:
        raise click.BadParameter(f"cannot read '{path}': {exc.strerror}", param_hint="FILE|SOURCE_ID") from None
    candidates = propose(text, published=when, store=store, source=source_id)
    from ..texttable import find_text_tables

    for spot in find_text_tables(text):
        click.echo(f"lines {spot.first}-{spot.last} are a table under “{spot.heading}”: its figures are cited by their "
                   f"cells, not proposed here; add it as a table source with `source add {display_path(path)} --id ID "
                   f"--heading \"{spot.heading}\"`, then cite cells ({{row: {{A: LABEL}}, column: YEAR}})", err=True)
    sys.stdout.write(to_json(candidates) if fmt == "json" else to_yaml(candidates, source_id, display_path(path)))
    click.echo(f"{count_of(len(candidates), 'candidate')}; {sum(1 for c in candidates if c.known_fact)} already in the data",
               err=True)
