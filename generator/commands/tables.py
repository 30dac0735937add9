"""`import`: facts from a table source, each citing its cell."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from ..errors import display_path, printable
from .common import DATA_OPTION, archive_option, resolve_archive


def _years(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[int | None, int | None]:  # noqa: ARG001
    if value is None:
        return None, None
    found = re.fullmatch(r"(\d{4})?-(\d{4})?|(\d{4})", value)
    if not found:
        raise click.BadParameter("write a year or a range: 2000-2021, 2000-, -2021")
    if found.group(3):
        return int(found.group(3)), int(found.group(3))
    first, last = (int(g) if g else None for g in found.groups()[:2])
    if first and last and first > last:
        raise click.BadParameter(f"{first} is after {last}")
    return first, last


@click.command("import")
@click.argument("source_id", metavar="SOURCE_ID")
@click.option("--metric", required=True, help="The metric the values are (an existing id, or a new one).")
@click.option("--entities", default="all", show_default=True,
              help="The table's codes of the entities to import, comma-separated (CHN,USA), or 'all'.")
@click.option("--years", callback=_years, help="A year or a range: 2000-2021, 2000-, -2021 (default: every year).")
@click.option("--key-column", help="The column of the entities' codes (default: the package's, or '… Code').")
@click.option("--year-column", help="The column of the years (default: the package's year field, or 'Year').")
@click.option("--value-column", help="The column of the values (default: the package's number field, or 'Value').")
@click.option("--name-column", help="The column of the entities' names, for new entities (default: '… Name').")
@click.option("--label", help="A new metric's label (default: the data package's title).")
@click.option("--unit", help="A new metric's unit (count, percent, or a currency code), when the table does not say.")
@click.option("--scale", type=click.Choice(["thousand", "million", "billion"]), help="The table's numbers are in these.")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), help="The facts file (default: data/facts/METRIC.yaml).")
@DATA_OPTION
@archive_option
def import_table(source_id: str, metric: str, entities: str, years: tuple[int | None, int | None],
                 key_column: str | None, year_column: str | None, value_column: str | None, name_column: str | None,
                 label: str | None, unit: str | None, scale: str | None, out: Path | None, data_dir: Path,
                 archive_dir: Path | None) -> None:
    """Write one fact per cell of the table source SOURCE_ID, each citing its cell.

    Empty cells are skipped and listed, never imported as 0. A newer version of a table the data already cites
    keeps each revised value's old fact, ranked down with the publisher's revision as its reason. Nothing is
    written unless the data validates and every cell verifies.
    """
    from ..sources.fetch import SourceError
    from ..sources.importer import ImportRequest, import_table as run

    archive_dir = resolve_archive(archive_dir, data_dir)
    if archive_dir is None:
        raise click.UsageError("import reads the archived table: pass --archive DIR, set FACTSHEET_ARCHIVE, or set "
                               "[archive] path in factsheet.toml")
    codes = None if entities.strip().lower() == "all" else [c.strip() for c in entities.split(",") if c.strip()]
    request = ImportRequest(source_id, metric, codes, years[0], years[1], key_column, year_column, value_column,
                            name_column, label, unit, scale, out)
    try:
        result = run(request, data_dir, archive_dir)
    except SourceError as exc:
        click.echo(f"import: {printable(str(exc))}; nothing was written", err=True)
        sys.exit(1)
    click.echo(f"wrote {display_path(result.file)}: {len(result.added)} new fact(s), {len(result.revised)} revised by "
               f"the publisher, {result.unchanged} unchanged", err=True)
    for old, new in result.revised:
        click.echo(f"  revised: {old} ranked down, {new} added")
    if result.new_metric:
        click.echo(f"  new metric '{metric}' in {display_path(data_dir / 'metrics.yaml')}: check its label and "
                   "definition", err=True)
    if result.new_entities:
        click.echo(f"  new entities: {', '.join(result.new_entities)}", err=True)
    if result.skipped:
        shown = ", ".join(result.skipped[:20]) + (f" and {len(result.skipped) - 20} more" if len(result.skipped) > 20 else "")
        click.echo(f"  skipped {len(result.skipped)} empty or non-numeric cell(s): {shown}", err=True)
