"""Archive one source: write its text into the archive and append its entry to the data.

Nothing is half done: the entry is checked against the schema before anything is written, the data
is validated after, and on any error the archive file and ``sources.yaml`` are put back as they were.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from typing import Callable
from pathlib import Path

from ..errors import UNSAFE_CHARACTERS, DataError, display_path
from ..load import load_file
from ..schema import Source
from ..schema_errors import error_message
from ..store import FactStore, build_date, load_store
from .extract import Extracted, extract
from .fetch import TIMEOUT, Fetched, SourceError, fetch
from .pdf import is_pdf

ORDER = ("id", "title", "publisher", "author", "published", "updated", "kind", "language", "url", "canonical", "archive",
         "sha256", "original", "retrieved")


@dataclass
class Given:
    """What the curator said on the command line; each field given wins over the page's metadata."""

    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    published: str | None = None
    kind: str | None = None
    language: str | None = None
    url: str | None = None  # for a local file: the address it was saved from (never guessed)
    excerpt_by: str | None = None  # the text is an excerpt of the page, as this collection stored it
    retrieved: dt.date | None = None  # the day of archiving, as the command line's settings give it (else today)


@dataclass
class Added:
    entry: dict[str, str]
    archive_file: Path
    sources_file: Path
    missing: list[str] = field(default_factory=list)  # metadata the page did not state
    copied: bool = True  # False: the file already lay in the archive and was registered where it is
    blank_pages: tuple[int, ...] = ()  # a PDF's pages on which no text was found


def valid_data(data_dir: Path, new_id: str | None = None) -> FactStore:
    """The data, which must validate before anything is added to it; ``new_id`` must be free."""
    try:
        store = load_store(data_dir)
    except DataError as exc:
        raise SourceError(f"the data in {display_path(data_dir)} does not validate ({len(exc.problems)} problem(s)); "
                          "run `python -m generator validate` and fix it first") from None
    if new_id is not None and new_id in store.origins:
        raise SourceError(f"id '{new_id}' is already used at {store.origins[new_id].position()}; choose another")
    return store


def add_source(location: str, source_id: str, data_dir: Path, archive_dir: Path, given: Given, *,
               timeout: float = TIMEOUT) -> Added:
    store = valid_data(data_dir, source_id)
    in_place = _in_archive(location, archive_dir)
    if in_place is not None:  # already archived (the library): registered where it lies, taken as it is
        return _register_text(location, in_place, source_id, data_dir, archive_dir, store, given)
    extracted = extract(fetch(location, timeout=timeout))
    body = extracted.text.encode("utf-8")
    digest = hashlib.sha256(body).hexdigest()
    original_digest = hashlib.sha256(extracted.original).hexdigest() if extracted.original is not None else None
    refuse_archived_twice(store, digest, original_digest)
    entry, missing = _entry(source_id, extracted, given, digest)
    written = {archive_dir / entry["archive"]: body}
    if extracted.original is not None:  # a PDF: archived beside its text, with its own digest
        entry["original"] = {"path": f"{source_id}.pdf", "sha256": original_digest}
        written[archive_dir / entry["original"]["path"]] = extracted.original
        entry = {name: entry[name] for name in ORDER if name in entry}
    check_entry(entry)
    sources_file = record(data_dir, entry, [(path, lambda target, content=content: target.write_bytes(content))
                                            for path, content in written.items()])
    archive_file = archive_dir / entry["archive"]
    return Added(entry, archive_file, sources_file, missing, blank_pages=extracted.blank_pages)


def record(data_dir: Path, entry: dict, files: list[tuple[Path, Callable[[Path], None]]]) -> Path:
    """Write each archive file (``files``: where, and how to write it), append ``entry`` to the sources file and
    validate the data: all of it, or none of it (the files and any folder made for them removed, the sources file
    put back as it was). Returns the sources file."""
    for target, _ in files:
        if target.exists():
            raise SourceError(f"{display_path(target)} already exists; choose another id, or remove the file if it "
                              "belongs to no source")
    sources_file = sources_file_of(data_dir)
    before = sources_file.read_text(encoding="utf-8") if sources_file.exists() else None
    after = append_entry(sources_file, before, entry)
    written: list[Path] = []
    made: list[Path] = []
    try:
        for target, write in files:
            missing = [folder for folder in reversed(target.parents) if not folder.exists()]
            target.parent.mkdir(parents=True, exist_ok=True)
            made += missing
            write(target)
            written.append(target)
        write_text_atomically(sources_file, after)
        validate_data(data_dir)
    except BaseException:
        for target in written:
            target.unlink(missing_ok=True)
        for folder in reversed(made):
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
        if before is None:
            sources_file.unlink(missing_ok=True)
        else:
            write_text_atomically(sources_file, before)
        raise
    return sources_file


def refuse_archived_twice(store: FactStore, *digests: str | None) -> None:
    """A text (or the PDF it came from) already archived is cited through its source, never archived again (a
    table read from it is another source)."""
    for source in store.sources.values():
        if source.table is not None and source.table.format == "text":
            continue
        if {source.sha256, source.original.sha256 if source.original else None} & set(filter(None, digests)):
            raise SourceError(f"this text is already archived as source '{source.id}' ({source.archive}); cite that "
                              "source instead")


def _in_archive(location: str, archive_dir: Path) -> str | None:
    """A local file's path inside the archive, or None: as written (links kept, so a linked folder of the archive
    keeps its name), else as the file system resolves both (the archive reached by another path)."""
    if location.startswith(("http://", "https://")) or not Path(location).is_file():
        return None
    return inside(Path(location), archive_dir)


def inside(path: Path, folder: Path) -> str | None:
    """``path``'s place in ``folder`` (a POSIX path), as written or once links are resolved; None if outside."""
    for resolve in (os.path.abspath, os.path.realpath):
        try:
            return Path(resolve(path)).relative_to(Path(resolve(folder))).as_posix()
        except ValueError:
            continue
    return None


def _register_text(location: str, archived: str, source_id: str, data_dir: Path, archive_dir: Path,
                   store: FactStore, given: Given) -> Added:
    """A text that already lies in the archive, registered by path and digest: never rewritten, since its digest
    is what its provenance records. A PDF lying there is registered as the original of its text, which is
    extracted and written beside the archive's other texts."""
    body = Path(location).read_bytes()
    original, blank = None, ()
    if is_pdf(body):
        pdf = extract(Fetched(body, "application/pdf", None, None, location))
        original, blank = {"path": archived, "sha256": hashlib.sha256(body).hexdigest()}, pdf.blank_pages
        body, archived = pdf.text.encode("utf-8"), f"{source_id}.txt"
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(f"{location}: not UTF-8 text (byte {exc.start}); archive the text as UTF-8") from None
    digest = hashlib.sha256(body).hexdigest()
    refuse_archived_twice(store, digest, original["sha256"] if original else None)
    entry, missing = _entry(source_id, Extracted(text="", url=given.url), given, digest)
    entry["archive"] = archived
    if original:
        entry["original"] = original
        entry = {name: entry[name] for name in ORDER if name in entry}
    if given.excerpt_by:
        entry["excerpt"] = {"stored_by": given.excerpt_by}
    check_entry(entry)
    text_file = archive_dir / archived if original else None  # a PDF's text, written beside the archive's texts
    files = [(text_file, lambda target: target.write_bytes(body))] if text_file is not None else []
    sources_file = record(data_dir, entry, files)
    return Added(entry, text_file or Path(location), sources_file, missing, copied=text_file is not None,
                 blank_pages=blank)


def _entry(source_id: str, page: Extracted, given: Given, digest: str) -> tuple[dict[str, str], list[str]]:
    found = {
        "title": given.title or page.title,
        "publisher": given.publisher or page.publisher,
        "author": given.author or page.author,
        "published": given.published or page.published,
        "updated": page.updated if not given.published else None,
        "kind": given.kind,
        "language": given.language or page.language,
        "url": page.url or given.url,
        "canonical": None,
    }
    if page.canonical and page.canonical != found["url"]:  # the page names another address as its own
        found["canonical"] = page.canonical
    missing = [name for name in ("title", "publisher", "author", "published", "kind", "language", "url")
               if not found[name]]
    entry = {
        "id": source_id,
        "title": found["title"] or "[Untitled]",
        "publisher": found["publisher"] or "unknown",
        "published": found["published"] or "unknown",
        "kind": found["kind"] or "unknown",
        "language": found["language"] or "und",  # ISO 639-2 'undetermined'
        "archive": f"{source_id}.txt",
        "sha256": digest,
        "retrieved": (given.retrieved or build_date()).isoformat(),
    }
    for name in ("author", "updated", "url", "canonical"):
        if found[name]:
            entry[name] = found[name]
    cleaned = {name: UNSAFE_CHARACTERS.sub("", " ".join(value.split())) for name, value in entry.items()}
    return {name: cleaned[name] for name in ORDER if name in cleaned}, missing


def check_entry(entry: dict[str, str]) -> None:
    from pydantic import ValidationError

    try:
        Source.model_validate(entry)
    except ValidationError as exc:
        messages = [error_message(error)[0] for error in exc.errors()]
        raise SourceError("the source entry would not validate: " + "; ".join(messages)) from None


def sources_file_of(data_dir: Path) -> Path:
    """The file that holds the sources: sources.yaml, or the first file with a 'sources:' section."""
    preferred = data_dir / "sources.yaml"
    if preferred.is_file():
        return preferred
    for path in sorted(data_dir.rglob("*.yaml")):
        if re.search(r"^sources:", path.read_text(encoding="utf-8"), flags=re.M):
            return path
    return preferred


def append_entry(path: Path, text: str | None, entry: dict, section: str = "sources") -> str:
    """``text`` with the entry at the end of its ``section`` list ('sources:', 'metrics:' …); comments, order and
    the rest unchanged. A field whose value is a mapping (a table's reading) is written as a block beneath it."""
    def block(indent: str) -> str:
        lines = [indent + "- " + _yaml_line("id", entry["id"])]
        for name, value in entry.items():
            if name == "id":
                continue
            if isinstance(value, dict):
                lines.append(f"{indent}  {name}:")
                lines += [f"{indent}    " + _yaml_line(key, str(inner)) for key, inner in value.items()]
            else:
                lines.append(f"{indent}  " + _yaml_line(name, value))
        return "\n".join(lines) + "\n"

    if text is None or not text.strip():
        return f"{section}:\n" + block("  ")
    loaded = load_file(path)
    if section not in loaded.data:
        return text.rstrip("\n") + f"\n\n{section}:\n" + block("  ")
    key_line = loaded.keys[(section,)].line
    if loaded.where((section,)).line == key_line and loaded.data[section]:
        raise SourceError(f"{display_path(path)}: the '{section}:' list is written on one line; write it as a block "
                          "list ('- id: …' lines) first")
    rows = text.split("\n")
    end = len(rows)
    for number in range(key_line, len(rows)):  # the next top-level key ends the section
        if re.match(r"[A-Za-z_\"']", rows[number]):
            end = number
            break
    # The list's own indentation ('- id' at column 0 is valid YAML too), taken from its first item.
    indent = next((found.group(1) for row in rows[key_line:end] if (found := re.match(r"( *)- ", row))), "  ")
    while end > key_line and not rows[end - 1].strip():
        end -= 1
    empty = loaded.data[section] in (None, [])
    if empty:
        rows[key_line - 1] = f"{section}:"
    separator = [] if empty else [""]
    new = rows[:end] + separator + block(indent).rstrip("\n").split("\n") + rows[end:]
    result = "\n".join(new)
    return result if result.endswith("\n") else result + "\n"


def _yaml_line(name: str, value: str) -> str:
    if name in ("published", "updated", "retrieved", "sha256", "kind", "language", "archive", "id", "format", "path",
                "commit", "member") and re.fullmatch(r"[A-Za-z0-9._/@-]+", value) and not re.fullmatch(r"[\d.]+", value):
        return f"{name}: {value}"
    return f"{name}: {json.dumps(value, ensure_ascii=False)}"  # a JSON string is a YAML double-quoted scalar


def write_text_atomically(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(text)
        os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def validate_data(data_dir: Path) -> None:
    """The data with the new entry validates (its archive file was written from the digest just recorded)."""
    try:
        load_store(data_dir)
    except DataError as exc:
        raise SourceError("the new entry does not validate: " + "; ".join(p.as_text() for p in exc.problems)) from None
