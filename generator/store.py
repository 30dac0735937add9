"""The loaded, cross-checked collection of facts, with derived figures and conflicts.

``load_store`` is the one way in: it reads every YAML file under the data directory, types
each with the schema, checks the entries against each other and raises ``DataError`` listing
every problem found, each at its file, line and column. The collection itself is in ``model``
(named here too, for the modules that read it), its checks in ``checks``, its derived figures in ``derive``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from pathlib import Path

from .checks import cross_check, find_conflicts
from .derive import derive
from .errors import DataError, Problem, display_path
from .load import LoadedFile, load_file
from .model import RANK_ORDER, DerivedFigure, FactStore, Origin, build_date, group_of, is_reported
from .schema import DataFile, Fact
from .schema_errors import validate_file

__all__ = ["DerivedFigure", "FactStore", "Origin", "build_date", "data_files", "group_of", "is_reported", "load_store"]


def data_files(data_dir: Path) -> tuple[list[Path], list[Problem]]:
    """Every .yaml/.yml file under ``data_dir``, and a problem for each one that cannot be followed.

    Folders reached through symbolic links are not entered, so a link loop cannot make this endless.
    """
    found, problems = [], []
    for folder, folders, names in os.walk(data_dir, followlinks=False):
        for name in sorted(folders):
            if (Path(folder) / name).is_symlink():
                problems.append(Problem(display_path(Path(folder) / name), 1, 1, "folder is a symbolic link and is not "
                                        "read; move its files into the data directory", "warning"))
        for name in names:
            path = Path(folder) / name
            if path.suffix not in (".yaml", ".yml"):
                continue
            try:
                path.stat()  # follows a link: a loop or a dangling link fails here
            except OSError as exc:
                problems.append(Problem(display_path(path), 1, 1, f"cannot read file: {exc.strerror}; fix or remove the link"))
                continue
            if path.is_file():
                found.append(path)
    return sorted(found), problems


def load_store(data_dir: Path, *, today: dt.date | None = None) -> FactStore:
    """Read, type and cross-check every data file; raise DataError with every problem found."""
    if not data_dir.is_dir():
        raise DataError([Problem(display_path(data_dir), 1, 1, "data directory not found; pass --data DIR")])
    paths, problems = data_files(data_dir)
    if not paths and not any(p.severity == "error" for p in problems):
        raise DataError([Problem(display_path(data_dir), 1, 1, "no .yaml files in the data directory")])
    store = FactStore(built_on=today or build_date())
    complete = not any(p.severity == "error" for p in problems)
    for path in paths:
        try:
            loaded = load_file(path)
        except DataError as exc:
            problems.extend(exc.problems)
            complete = False
            continue
        typed, schema_problems = validate_file(loaded)
        if typed is None:
            problems.extend(schema_problems)
            complete = False
            continue
        store.files.append(loaded.path)
        problems.extend(_collect(store, loaded, typed))
        loaded.release()  # the typed entries are in the store; positions are read again only for a problem
    store.by_metric = _index_by_metric(store)
    problems.extend(cross_check(store, store.built_on, check_references=complete))
    if not any(p.severity == "error" for p in problems) and complete:
        problems.extend(derive(store))
        store.conflicts = find_conflicts(store)
    if any(p.severity == "error" for p in problems):
        raise DataError(problems)
    store.warnings = sorted(problems)
    return store


def _index_by_metric(store: FactStore) -> dict[str, list[Fact]]:
    index: dict[str, list[Fact]] = defaultdict(list)
    for fact in sorted(store.facts.values(), key=lambda f: (f.period, f.entity, RANK_ORDER[f.rank], f.id)):
        index[fact.metric].append(fact)
    return dict(index)


def _collect(store: FactStore, loaded: LoadedFile, typed: DataFile) -> list[Problem]:
    problems = []
    tables = {
        "sources": store.sources, "entities": store.entities, "people": store.people,
        "metrics": store.metrics, "facts": store.facts, "events": store.events,
        "statements": store.statements, "derived": store.recipes, "comparisons": store.comparisons,
    }
    for section, table in tables.items():
        for index, entry in enumerate(getattr(typed, section)):
            origin = Origin(loaded, (section, index))
            if entry.id in store.origins:
                first = store.origins[entry.id]
                problems.append(origin.problem("id", message=f"duplicate id '{entry.id}' (first used at {first.position()}); ids must be unique across all files"))
                continue
            store.origins[entry.id] = origin
            table[entry.id] = entry
    for index, ledger in enumerate(typed.coverage):
        store.coverage.append((ledger, Origin(loaded, ("coverage", index))))
    return problems
