"""`import`: facts from a table source in one step, each citing its cell.

Chosen entities (by the codes the table uses, or all), a range of years, the key, year and value columns (read
from the data package where it says which they are), one fact per non-empty cell into the import's own file
under data/facts/. Entities it needs are created with their names (countries by ISO 3166, via pycountry), a new
metric takes its label and definition from the publisher's words. Empty cells are skipped and listed, never
imported as 0. Nothing is written unless everything validates.

Importing a newer version of a table the data already cites (the same publisher's file at a later commit)
never overwrites: a value the publisher revised keeps its old fact, ranked down with the reason, beside the
new one; new years are added.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ..cells import source_table
from ..errors import display_path
from ..schema import SCALES, Source
from ..store import FactStore, load_store
from ..tabular import Table, TableError, cell_number, read_package
from ..words import PUBLISHER_REVISED
from .archive import append_entry, valid_data, validate_data, write_text_atomically
from .fetch import SourceError


@dataclass
class ImportRequest:
    source: str
    metric: str
    entities: list[str] | None  # table codes; None for every row
    first_year: int | None = None
    last_year: int | None = None
    key_column: str | None = None
    year_column: str | None = None
    value_column: str | None = None
    name_column: str | None = None
    label: str | None = None  # a new metric's label (default: the data package's title)
    unit: str | None = None  # a new metric's unit (asked for when the package does not say)
    scale: str | None = None  # thousand, million, billion: how the table writes its numbers
    out: Path | None = None


@dataclass
class Imported:
    file: Path
    added: list[str] = field(default_factory=list)
    revised: list[tuple[str, str]] = field(default_factory=list)  # (old fact, new fact)
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)  # empty cells, as 'CHN 1995'
    new_entities: list[str] = field(default_factory=list)
    new_metric: bool = False


def import_table(request: ImportRequest, data_dir: Path, archive_dir: Path) -> Imported:
    store = valid_data(data_dir)
    source = store.sources.get(request.source)
    if source is None or source.table is None:
        raise SourceError(f"'{request.source}' is not a table source of the data; add the table with `source add` first")
    table = _read(source, archive_dir)
    key, year, value, name = _columns(request, source, table, archive_dir)
    codes = sorted({row[key] for row in table.rows if key < len(row) and row[key]})
    wanted = codes if request.entities is None else request.entities
    unknown = [code for code in wanted if code not in codes]
    if unknown:
        raise SourceError(f"no row of {table.where} has {table.header[key]} {', '.join(unknown[:5])}; "
                          f"it has {', '.join(codes[:12])}{' …' if len(codes) > 12 else ''}")
    new_text: dict[Path, str] = {}
    metric = store.metrics.get(request.metric)
    result = Imported(request.out or data_dir / "facts" / f"{request.metric}.yaml")
    if metric is None:
        new_text.update(_new_metric(request, source, table, value, data_dir, archive_dir))
        result.new_metric = True
    else:
        if request.unit and request.unit != metric.unit:
            raise SourceError(f"metric '{metric.id}' is in {metric.unit}, not {request.unit}")
    entity_of = _entities(store, wanted, table, key, name, data_dir, new_text, result)
    scale = Decimal(SCALES[request.scale]) if request.scale else Decimal(1)
    facts = []
    by_place = {(f.entity, f.metric, f.period.year): f for f in store.facts.values()
                if f.metric == request.metric and f.rank == "preferred"}
    wanted_set = set(wanted)
    for row in table.rows:
        code = row[key] if key < len(row) else ""
        if code not in wanted_set:
            continue
        when = row[year] if year < len(row) else ""
        if not re.fullmatch(r"\d{4}", when):
            continue
        period = int(when)
        if (request.first_year and period < request.first_year) or (request.last_year and period > request.last_year):
            continue
        written = row[value] if value < len(row) else ""
        stated = cell_number(written, source.table.decimal) if written else None
        if stated is None:
            result.skipped.append(f"{code} {period}" + (f" ('{written}')" if written else ""))
            continue
        figure = stated * scale
        entity = entity_of[code]
        cell = {"row": {table.header[key]: code, table.header[year]: when}, "column": table.header[value],
                "text": written} | ({"scale": request.scale} if request.scale else {})
        fact_id = f"{entity}-{request.metric}-{period}"
        before = by_place.get((entity, request.metric, period))
        if before is not None and _same(before.value, figure):
            result.unchanged += 1
            continue
        if before is not None:
            fact_id = f"{fact_id}-{str(source.published or source.updated or source.retrieved).replace('-', '')}"
            result.revised.append((before.id, fact_id))
        elif fact_id in store.origins:
            raise SourceError(f"id '{fact_id}' is already used at {store.origins[fact_id].position()}")
        else:
            result.added.append(fact_id)
        facts.append(_fact_yaml(fact_id, entity, request.metric, period, figure, source.id, cell))
    if not facts and not result.revised:
        raise SourceError(f"nothing to import: every chosen cell is empty or already in the data "
                          f"({result.unchanged} unchanged, {len(result.skipped)} empty)")
    new_text.update(_facts_files(result.file, facts, request, source))
    # From the bottom of each file up, so each insertion leaves the lines above it where the loader found them.
    for old_id in sorted((old for old, _ in result.revised), key=lambda f: _line(store, f), reverse=True):
        new_text.update(_rank_down(store, old_id, source, new_text))
    _write_all(new_text, data_dir, archive_dir, source.id)
    return result


def _read(source: Source, archive_dir: Path) -> Table:
    try:
        return source_table(source, archive_dir)
    except TableError as exc:
        raise SourceError(str(exc)) from None


def _columns(request: ImportRequest, source: Source, table: Table, archive_dir: Path) -> tuple[int, int, int, int]:
    """Key, year, value and name columns: as given, else as the data package types and names them."""
    fields: list[dict] = []
    if source.package is not None:
        try:
            package = read_package(archive_dir / source.package.path)
            fields = package.resource(source.table.resource, source.package.path)["fields"]
        except TableError as exc:
            raise SourceError(str(exc)) from None
    typed = {f["name"]: (f.get("type") or "") for f in fields}

    def pick(given: str | None, what: str, guesses: list[str]) -> int:
        name = given or next((g for g in guesses if table.column(g) is not None), None)
        found = table.column(name) if name else None
        if found is None:
            raise SourceError(f"which column holds the {what}? {table.where} has {', '.join(table.header)}; "
                              f"pass --{what.split()[0]}-column")
        return found

    year_guess = [n for n, t in typed.items() if t == "year"] + ["Year", "year", "Date"]
    value_guess = [n for n, t in typed.items() if t in ("number", "integer")] + ["Value", "value", "OBS_VALUE"]
    key_guess = [h for h in table.header if h.lower().endswith("code")] + ["Code", "ISO3"]
    name_guess = [h for h in table.header if h.lower().endswith("name")] + ["Name", "Country"]
    key = pick(request.key_column, "key column", key_guess)
    year = pick(request.year_column, "year column", year_guess)
    value = pick(request.value_column, "value column", value_guess)
    name = pick(request.name_column, "name column", name_guess) if (request.name_column or any(
        table.column(g) is not None for g in name_guess)) else key
    return key, year, value, name


def _same(old: float | int, new: Decimal) -> bool:
    return (Decimal(repr(old)) if isinstance(old, float) else Decimal(old)) == new


def _number_yaml(value: Decimal) -> str:
    if value == value.to_integral_value():
        return str(int(value))
    return repr(float(value)) if Decimal(repr(float(value))) == value else format(value, "f")


def _fact_yaml(fact_id: str, entity: str, metric: str, period: int, value: Decimal, source: str, cell: dict) -> str:
    row = ", ".join(f"{_scalar(k)}: {_scalar(v)}" for k, v in cell["row"].items())
    lines = [f"  - id: {fact_id}", f"    entity: {entity}", f"    metric: {metric}", f"    period: {period}",
             f"    value: {_number_yaml(value)}", "    qualifier: exact", "    citations:",
             f"      - source: {source}", "        cell:", f"          row: {{{row}}}",
             f"          column: {_scalar(cell['column'])}"]
    if "scale" in cell:
        lines.append(f"          scale: {cell['scale']}")
    lines.append(f"          text: {json.dumps(cell['text'], ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def _scalar(text: str) -> str:
    """A YAML scalar for a key or value: plain when it reads back as the same text, else double-quoted."""
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9 ._-]*[A-Za-z0-9.]|[A-Za-z]", text) and text.lower() not in (
            "yes", "no", "true", "false", "on", "off", "null"):
        return text
    return json.dumps(text, ensure_ascii=False)


FILE_BUDGET = 800_000  # bytes of one facts file (the loader refuses files over 1 MB): more go into the next file


def _facts_files(path: Path, facts: list[str], request: ImportRequest, source: Source) -> dict[Path, str]:
    """The facts appended to ``path`` (kept as it is above them), and into path-2.yaml, path-3.yaml … once a
    file would pass the loader's size limit."""
    command = f"python -m generator import {source.id} --metric {request.metric}"
    header = (f"# Imported by `{command}` from {source.title} ({source.publisher}): one fact per cell of the\n"
              f"# table, each citing its cell; validate checks every cell against the archived table.\nfacts:\n")
    texts: dict[Path, str] = {}
    number = 1
    current = path
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n" if path.is_file() else header
    for fact in facts:
        if len(text.encode("utf-8")) + len(fact.encode("utf-8")) > FILE_BUDGET and not text.endswith("facts:\n"):
            texts[current] = text
            while True:  # the next name no file has yet
                number += 1
                current = path.with_name(f"{path.stem}-{number}{path.suffix}")
                if not current.exists() and current not in texts:
                    break
            text = header
        text += ("" if text.endswith("facts:\n") else "\n") + fact
    texts[current] = text
    return texts


def _line(store: FactStore, fact_id: str) -> tuple[str, int]:
    origin = store.origins[fact_id]
    return origin.file.path, origin.file.where(origin.loc).line


def _rank_down(store: FactStore, fact_id: str, source: Source, pending: dict[Path, str]) -> dict[Path, str]:
    """The old fact of a revised value, ranked 'deprecated' with the publisher's revision as its reason."""
    origin = store.origins[fact_id]
    path = Path(origin.file.path)
    text = pending.get(path) or path.read_text(encoding="utf-8")
    lines = text.split("\n")
    at = origin.file.where(origin.loc + ("qualifier",)).line  # 1-based line of `qualifier:`
    indent = re.match(r"\s*", lines[at - 1]).group()
    when = source.published or source.updated or source.retrieved
    reason = f"{PUBLISHER_REVISED} in the version of {when} ({source.id}); this is the earlier value."
    lines[at:at] = [f"{indent}rank: deprecated", f"{indent}reason: {json.dumps(reason)}"]
    return {path: "\n".join(lines)}


def _entities(store: FactStore, codes: list[str], table: Table, key: int, name: int, data_dir: Path,
              pending: dict[Path, str], result: Imported) -> dict[str, str]:
    """Table code → entity id; entities the data lacks are written, named by ISO 3166 or the table."""
    import pycountry

    by_code = {e.code: e.id for e in store.entities.values() if e.code}
    names = {row[key]: row[name] for row in table.rows if key < len(row) and name < len(row)}
    path = data_dir / "entities.yaml"
    text = path.read_text(encoding="utf-8") if path.is_file() else None
    found = {}
    for code in codes:
        if code in by_code:
            found[code] = by_code[code]
            continue
        country = pycountry.countries.get(alpha_3=code) if len(code) == 3 else None
        label = (getattr(country, "common_name", None) or country.name) if country else names.get(code) or code
        entity_id = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")[:70] or code.lower()
        if entity_id in store.origins or entity_id in found.values():
            existing = store.entities.get(entity_id)
            if existing is not None and existing.code is None and existing.name == label:
                raise SourceError(f"entity '{entity_id}' ({display_path(path)}) is {label} but has no code; add "
                                  f"`code: {code}` to it so tables can name it")
            entity_id = f"{entity_id}-{code.lower()}"
        entry = {"id": entity_id, "name": label, "kind": "place", "code": code}
        text = append_entry(path, text, entry, "entities")
        found[code] = entity_id
        result.new_entities.append(entity_id)
    if result.new_entities:
        pending[path] = text
    return found


def _new_metric(request: ImportRequest, source: Source, table: Table, value: int, data_dir: Path,
                archive_dir: Path) -> dict[Path, str]:
    """A metric entry from the publisher's words: the package's title and description, the source named."""
    package = read_package(archive_dir / source.package.path) if source.package else None
    label = request.label or (package.title if package else None)
    description = package.description if package else None
    if package and not description:
        description = package.field_description(package.resource(source.table.resource, ""), table.header[value])
    unit = request.unit or _unit_from(label or "")
    missing = [flag for flag, have in (("--label", label), ("--unit", unit)) if not have]
    if missing:
        raise SourceError(f"metric '{request.metric}' is new and the table does not say its {' and '.join(missing)}; "
                          f"pass {' '.join(missing)}")
    request.unit = unit
    words = " ".join((description or label).split())
    entry = {"id": request.metric, "label": label, "unit": unit,
             "description": f"{words} (Definition as published by {source.publisher} with the table "
                            f"'{source.title}'.)"}
    path = data_dir / "metrics.yaml"
    text = path.read_text(encoding="utf-8") if path.is_file() else None
    return {path: append_entry(path, text, entry, "metrics")}


def _unit_from(label: str) -> str | None:
    if "%" in label or "percent" in label.lower():
        return "percent"
    if "US$" in label:
        return "USD"
    return None


def _write_all(texts: dict[Path, str], data_dir: Path, archive_dir: Path, source_id: str) -> None:
    """Every file at once, or none: the data must validate with all of them, and every cell they cite must hold
    its value in the archived table, else each file is put back."""
    from ..evidence import verify

    before = {path: path.read_text(encoding="utf-8") if path.is_file() else None for path in texts}
    try:
        for path, text in texts.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomically(path, text if text.endswith("\n") else text + "\n")
        validate_data(data_dir)
        written = {display_path(path) for path in texts}
        problems = [p for p in verify(load_store(data_dir), archive_dir).problems  # the import's, not older ones
                    if p.path in written or f"'{source_id}'" in p.message]
        if problems:
            raise SourceError("the imported facts do not verify: " + "; ".join(p.as_text() for p in problems[:5]))
    except BaseException:
        for path, text in before.items():
            if text is None:
                path.unlink(missing_ok=True)
            else:
                write_text_atomically(path, text)
        raise
