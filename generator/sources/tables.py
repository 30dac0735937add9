"""Add a table as a source: a CSV file, a sheet of an XLSX workbook (also inside a zip), or a Frictionless data
package. The table is read before anything is written (a table we cannot read is refused with the file and
row), archived with its digest, its licence and where it came from, and appended to the sources.

A file that already lies in the archive is registered where it is, by path and digest, never copied.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import display_path
from ..evidence import file_digest
from ..store import build_date
from ..tabular import TableError, TableSpec, read_package, read_table
from .archive import Added, check_entry, inside, record, valid_data
from .fetch import SourceError

TABLE_SUFFIXES = (".csv", ".tsv", ".xlsx", ".zip")


@dataclass
class TableGiven:
    """What the curator says of a table: how to read it, and what the file itself does not say."""

    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    updated: str | None = None  # a table stamped only with its last update (a data mirror's commit date)
    kind: str | None = None
    language: str | None = None
    url: str | None = None
    member: str | None = None
    sheet: str | None = None
    resource: str | None = None
    decimal: str = "."
    repository: str | None = None
    commit: str | None = None
    repository_path: str | None = None
    licence: str | None = None
    attribution: str | None = None
    heading: str | None = None  # a table inside a text: the line above it
    excerpt_by: str | None = None  # the text is an excerpt of the page, as this collection stored it
    missing: list[str] = field(default_factory=list)
    retrieved: dt.date | None = None  # the day of archiving, as the command line's settings give it (else today)


def is_table(location: str) -> bool:
    """A local file that is read as a table rather than a text."""
    name = location.lower()
    return not name.startswith(("http://", "https://")) and (name.endswith(TABLE_SUFFIXES)
                                                             or name.endswith("datapackage.json"))


def table_format(path: Path, member: str | None, heading: str | None = None) -> str:
    name = (member or path.name).lower()
    if heading is not None:
        return "text"
    if path.name.lower().endswith("datapackage.json"):
        return "datapackage"
    if path.suffix.lower() == ".zip" and member is None:
        raise SourceError(f"{display_path(path)} is a zip file; name the table inside it with --member")
    return "xlsx" if name.endswith(".xlsx") else "csv"


def add_table_source(location: str, source_id: str, data_dir: Path, archive_dir: Path, given: TableGiven) -> Added:
    path = Path(location)
    if not path.is_file():
        raise SourceError(f"{location}: no such file")
    store = valid_data(data_dir, source_id)
    fmt = table_format(path, given.member, given.heading)
    spec = TableSpec(fmt, given.member, given.sheet, given.resource, given.decimal, given.heading)
    try:
        table = read_table(path, spec, shown=display_path(path))
        package = read_package(path) if fmt == "datapackage" else None
    except TableError as exc:
        raise SourceError(str(exc)) from None
    if not table.rows:
        raise SourceError(f"{table.where}: the table has a header and no rows")
    resource = package.resource(given.resource, path.name) if package else None
    data_file = path.parent / resource["path"] if resource else path  # the file the values come from
    digest = file_digest(data_file)
    for source in store.sources.values():
        # One file may hold several tables (a zip's workbooks, a text's tables) and be a text source besides.
        read = source.table
        same_part = read is not None and (read.member, read.sheet, read.heading) == (spec.member, spec.sheet, spec.heading)
        if source.sha256 == digest and (same_part or (read is None and fmt != "text")):
            raise SourceError(f"this table is already archived as source '{source.id}' ({source.archive}); cite "
                              "that source instead")
    place = inside(data_file, archive_dir)
    copies: list[tuple[Path, Path]] = []
    if place is None:  # not in the archive yet: copied in, under the source's id
        folder = archive_dir / source_id
        copies = [(data_file, folder / data_file.name)] + ([(path, folder / path.name)] if package else [])
        archived = f"{source_id}/{data_file.name}"
        descriptor = f"{source_id}/{path.name}" if package else None
    else:
        archived = place
        descriptor = inside(path, archive_dir) if package else None
    entry = _entry(source_id, given, package, archived, digest, spec, descriptor, path)
    check_entry(entry)
    sources_file = record(data_dir, entry, [(target, lambda to, origin=origin: shutil.copyfile(origin, to))
                                            for origin, target in copies])
    return Added(entry, archive_dir / archived, sources_file, given.missing, copied=bool(copies))


def _entry(source_id: str, given: TableGiven, package, archived: str, digest: str, spec: TableSpec,  # noqa: ANN001
           descriptor: str | None, path: Path) -> dict:
    """The source entry: what the curator gave wins; then what the data package says; nothing guessed."""
    licence = given.licence or (", ".join(package.licences) if package and package.licences else None)
    title = given.title or (package.title if package else None)
    entry: dict = {
        "id": source_id,
        "title": title or f"[Untitled] table {path.name}",
        "publisher": given.publisher or "unknown",
        "published": given.published or "unknown",
    }
    if given.updated and not given.published:
        entry["updated"] = given.updated
    entry |= {
        "kind": given.kind or "unknown",
        "language": given.language or "und",
    }
    if given.url:
        entry["url"] = given.url
    entry.update({"archive": archived, "sha256": digest, "retrieved": (given.retrieved or build_date()).isoformat()})
    reading = {"format": spec.format}
    for name in ("member", "sheet", "resource", "heading"):
        if getattr(spec, name):
            reading[name] = getattr(spec, name)
    if spec.decimal != ".":
        reading["decimal"] = spec.decimal
    entry["table"] = reading
    if given.excerpt_by:
        entry["excerpt"] = {"stored_by": given.excerpt_by}
    if descriptor:
        entry["package"] = {"path": descriptor, "sha256": file_digest(path)}
    if given.repository or given.commit or given.repository_path:
        if not (given.repository and given.commit and given.repository_path):
            raise SourceError("where the file came from needs all three: --repository, --commit and --repository-path")
        entry["origin"] = {"repository": given.repository, "commit": given.commit, "path": given.repository_path}
    if licence:
        entry["licence"] = licence
    if given.attribution:
        entry["attribution"] = given.attribution
    given.missing = [name for name, value in (("title", title), ("publisher", given.publisher),
                                               ("published", given.published or given.updated), ("kind", given.kind),
                                               ("licence", licence)) if not value]
    return entry
