"""The loaded, cross-checked collection of facts, with derived figures and conflicts.

``load_store`` is the one way in: it reads every YAML file under the data directory, types
each with the schema, checks the entries against each other and raises ``DataError`` listing
every problem found, each at its file, line and column.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Iterator

from .errors import DataError, Problem, UsageProblem, display_path, printable
from .load import LoadedFile, Loc, load_file
from .numbers import plain_number, round_significant, significant_digits
from .quotes import canonical
from .schema import (
    Citation,
    Coverage,
    DataFile,
    Derived,
    Entity,
    Event,
    Fact,
    Metric,
    PartialDate,
    Person,
    Source,
    Statement,
    validate_file,
)
from .wording import contradiction
from .words import FUTURE_QUALIFIERS, PUBLISHER_REVISED

EARLIEST_YEAR = 1900
RANK_ORDER = {"preferred": 0, "normal": 1, "deprecated": 2}


def is_reported(fact: Fact) -> bool:
    """A preferred value that reports a result: what headlines, summaries and 'latest value' use."""
    return fact.rank == "preferred" and fact.qualifier not in FUTURE_QUALIFIERS


def build_date() -> dt.date:
    """Today, or the day given by SOURCE_DATE_EPOCH for reproducible builds.

    A value that is not a whole number of seconds between 1970 and the year 9999 is refused, as the
    reproducible-builds specification asks, rather than silently replaced by today.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return dt.date.today()
    latest = dt.datetime(9999, 12, 31, tzinfo=dt.timezone.utc).timestamp()
    if not (epoch.isascii() and epoch.isdigit()) or len(epoch) > 12 or int(epoch) > latest:
        raise UsageProblem(f"SOURCE_DATE_EPOCH={printable(epoch[:40])!s} is not a date: it must be whole seconds since "
                           "1970-01-01 (UTC), before the year 10000; unset it or fix it")
    return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()


@dataclass(frozen=True)
class Origin:
    """Where an entry was written, so a later check can point at it."""

    file: LoadedFile
    loc: Loc

    def problem(self, *sub: str | int, message: str, key: bool = False, severity: str = "error") -> Problem:
        return self.file.problem(self.loc + sub, message, key=key, severity=severity)

    def describe(self) -> str:
        mark = self.file.where(self.loc)
        return f"{self.file.path}:{mark.line}"


@dataclass(frozen=True)
class DerivedFigure:
    """A figure computed from reported facts. It is never stored, and never presented as reported."""

    recipe: Derived
    value: float  # rounded to the precision of its least precise input
    unit: str
    formula: str
    inputs: tuple[Fact, ...]
    bound: str | None = None  # 'at_least' or 'at_most' when the inputs' bounds carry through
    is_derived = True

    @property
    def id(self) -> str:
        return self.recipe.id

    @property
    def entity(self) -> str:
        return self.recipe.entity

    @property
    def metric(self) -> str:
        return self.recipe.metric

    @property
    def period(self) -> PartialDate:
        return self.recipe.period

    @property
    def qualifier(self) -> str:
        return self.bound or "approximately"

    @property
    def sources(self) -> list[str]:
        return sorted({c.source for fact in self.inputs for c in fact.citations})


@dataclass(frozen=True)
class Conflict:
    """Facts that disagree about one figure, and how they are ranked."""

    entity: str
    metric: str
    facts: tuple[Fact, ...]

    @property
    def id(self) -> str:
        return f"conflict-{self.facts[0].id}"

    @property
    def preferred(self) -> Fact | None:
        return next((f for f in self.facts if f.rank == "preferred"), None)


@dataclass
class Related:
    """Who refers to whom, indexed once, so pages look entries up instead of scanning the store.

    Every list keeps the store's order (file order); pages sort as they need.
    """

    facts_by_entity: dict[str, list[Fact]]
    facts_by_source: dict[str, list[Fact]]
    derived_by_metric: dict[str, list[DerivedFigure]]
    derived_from_metric: dict[str, list[DerivedFigure]]  # derived figures with an input of this metric
    conflicts_by_metric: dict[str, list[Conflict]]
    events_by_entity: dict[str, list[Event]]  # an event's entities may name people too
    events_by_source: dict[str, list[Event]]
    statements_by_speaker: dict[str, list[Statement]]
    statements_by_source: dict[str, list[Statement]]
    people_by_affiliation: dict[str, list[Person]]
    people_by_source: dict[str, list[Person]]
    parts_of: dict[str, list[Entity]]
    charted_with: dict[str, list[str]]  # metric → the metrics whose chart also draws it


def _index(pairs) -> dict[str, list]:  # noqa: ANN001 - (key, item) pairs
    found: dict[str, list] = defaultdict(list)
    for key, item in pairs:
        if not found[key] or found[key][-1] is not item:  # an entry citing one source twice is listed once
            found[key].append(item)
    return found


@dataclass
class FactStore:
    sources: dict[str, Source] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    metrics: dict[str, Metric] = field(default_factory=dict)
    facts: dict[str, Fact] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    statements: dict[str, Statement] = field(default_factory=dict)
    recipes: dict[str, Derived] = field(default_factory=dict)
    derived: dict[str, DerivedFigure] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    origins: dict[str, Origin] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    by_metric: dict[str, list[Fact]] = field(default_factory=dict)  # built once by load_store
    built_on: dt.date = field(default_factory=build_date)  # the day the data was checked: the build date
    warnings: list[Problem] = field(default_factory=list)  # problems that do not stop a build
    coverage: list[tuple[Coverage, Origin]] = field(default_factory=list)  # the audit ledger, per source

    def citations(self) -> Iterator[tuple[Citation, Origin, Fact | None]]:
        """Every quote to verify: the citation, where it is written, and the fact whose figure it must state."""
        for fact in self.facts.values():
            for i, citation in enumerate(fact.citations):
                yield citation, self._sub(fact.id, "citations", i), fact
        for event in self.events.values():
            for i, citation in enumerate(event.citations):
                yield citation, self._sub(event.id, "citations", i), None
        for person in self.people.values():
            yield person.citation, self._sub(person.id, "citation"), None
        for statement in self.statements.values():
            # A statement's text is its own quote; point at the text, not at a 'quote' field.
            yield Citation(source=statement.source, quote=statement.text), self._sub(statement.id, "text", "quote"), None

    def _sub(self, entry_id: str, *parts: str | int) -> Origin:
        origin = self.origins[entry_id]
        return Origin(origin.file, origin.loc + parts)

    def facts_of_metric(self, metric_id: str) -> list[Fact]:
        """The metric's facts by period, entity and rank."""
        return list(self.by_metric.get(metric_id, []))

    def source_titles(self, fact: Fact) -> str:
        """The titles of the sources a fact cites, each once, in citation order: 'A; B'."""
        return "; ".join(dict.fromkeys(self.sources[c.source].title for c in fact.citations))

    def reported(self, metric_id: str, entity: str | None = None) -> list[Fact]:
        """The metric's reported results (preferred, not projections or targets), oldest first."""
        return [f for f in self.by_metric.get(metric_id, []) if is_reported(f) and entity in (None, f.entity)]

    @cached_property
    def related(self) -> Related:
        derived = list(self.derived.values())
        return Related(
            facts_by_entity=_index((f.entity, f) for f in self.facts.values()),
            facts_by_source=_index((c.source, f) for f in self.facts.values() for c in f.citations),
            derived_by_metric=_index((d.metric, d) for d in derived),
            derived_from_metric=_index((m, d) for d in derived for m in dict.fromkeys(f.metric for f in d.inputs)),
            conflicts_by_metric=_index((m, c) for c in self.conflicts for m in dict.fromkeys(f.metric for f in c.facts)),
            events_by_entity=_index((e, ev) for ev in self.events.values() for e in dict.fromkeys(ev.entities)),
            events_by_source=_index((c.source, ev) for ev in self.events.values() for c in ev.citations),
            statements_by_speaker=_index((s.speaker, s) for s in self.statements.values()),
            statements_by_source=_index((s.source, s) for s in self.statements.values()),
            people_by_affiliation=_index((p.affiliation, p) for p in self.people.values()),
            people_by_source=_index((p.citation.source, p) for p in self.people.values()),
            parts_of=_index((e.part_of, e) for e in self.entities.values() if e.part_of),
            charted_with=_index((other, m.id) for m in self.metrics.values() for other in m.chart_with),
        )

    def years(self) -> list[int]:
        dated = [f.period.year for f in self.facts.values()] + [e.date.year for e in self.events.values()]
        return sorted(set(dated))


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
    problems.extend(_cross_check(store, store.built_on, check_references=complete))
    if not any(p.severity == "error" for p in problems) and complete:
        problems.extend(_derive(store))
        store.conflicts = _conflicts(store)
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
        "statements": store.statements, "derived": store.recipes,
    }
    for section, table in tables.items():
        for index, entry in enumerate(getattr(typed, section)):
            origin = Origin(loaded, (section, index))
            if entry.id in store.origins:
                first = store.origins[entry.id]
                problems.append(origin.problem("id", message=f"duplicate id '{entry.id}' (first used at {first.describe()}); ids must be unique across all files"))
                continue
            store.origins[entry.id] = origin
            table[entry.id] = entry
    for index, ledger in enumerate(typed.coverage):
        store.coverage.append((ledger, Origin(loaded, ("coverage", index))))
    return problems


def _cross_check(store: FactStore, today: dt.date, *, check_references: bool) -> list[Problem]:
    problems: list[Problem] = []

    plural = {"entity": "entities", "person": "people"}

    def ref(entry_id: str, target: str, table: dict, what: str, *sub: str | int) -> None:
        if check_references and target not in table:
            problems.append(store.origins[entry_id].problem(*sub, message=f"unknown {what} '{target}'; add it to the {plural.get(what, what + 's')}, or fix the id"))

    def date(entry_id: str, value: PartialDate | None, name: str, *, future_ok: bool = False) -> None:
        if value is None:
            return
        if value.year < EARLIEST_YEAR:
            problems.append(store.origins[entry_id].problem(name, message=f"{name} {value} is implausibly early (before {EARLIEST_YEAR}); check the year"))
        elif not future_ok and value.earliest() > today:
            advice = "only projections and targets may describe future periods" if name == "period" else "check the date"
            problems.append(store.origins[entry_id].problem(name, message=f"{name} {value} is in the future (today is {today}); {advice}"))

    def kind(entry_id: str, citation: Citation, *at: str | int, cells: bool = True) -> None:
        """A quote cites a text, a cell cites a table; only a fact's figure can be a table's cell."""
        source = store.sources.get(citation.source)
        if source is None:
            return
        if citation.cell is not None and not cells:
            problems.append(store.origins[entry_id].problem(*at, "cell", message="only a fact cites a table's cell; "
                                                            "cite the words of a text with 'quote'"))
        elif citation.cell is not None and source.table is None:
            problems.append(store.origins[entry_id].problem(*at, "cell", message=f"source '{source.id}' is a text, "
                                                            "not a table; cite its words with 'quote'"))
        elif citation.quote is not None and source.table is not None:
            problems.append(store.origins[entry_id].problem(*at, "quote", message=f"source '{source.id}' is a table; "
                                                            "cite the cell that holds the value with 'cell'"))

    def repeated(entry_id: str, citations: list[Citation]) -> None:
        first: dict[tuple[str, str], int] = {}
        for i, citation in enumerate(citations):
            key = (citation.source, " ".join(citation.words.split()))
            if key in first:
                problems.append(store.origins[entry_id].problem("citations", i, message=f"citation {i + 1} repeats citation {first[key] + 1} (same source and quote); delete it"))
            else:
                first[key] = i

    for source in store.sources.values():
        date(source.id, source.published, "published")
        date(source.id, source.retrieved, "retrieved")
        if source.updated:
            date(source.id, source.updated, "updated")
            if source.published and source.updated < source.published:
                problems.append(store.origins[source.id].problem("updated", message=f"updated {source.updated} is before published {source.published}; check both dates"))
        if source.published and source.retrieved < source.published:
            problems.append(store.origins[source.id].problem("retrieved", message=f"retrieved {source.retrieved} is before the source was published ({source.published}); check both dates"))
    for entity in store.entities.values():
        if entity.part_of:
            ref(entity.id, entity.part_of, store.entities, "entity", "part_of")
    for person in store.people.values():
        ref(person.id, person.affiliation, store.entities, "entity", "affiliation")
        ref(person.id, person.citation.source, store.sources, "source", "citation", "source")
        kind(person.id, person.citation, "citation", cells=False)
        date(person.id, person.as_of, "as_of")
    for metric in store.metrics.values():
        for i, other in enumerate(metric.chart_with):
            ref(metric.id, other, store.metrics, "metric", "chart_with", i)
            if other in store.metrics and store.metrics[other].unit != metric.unit:
                problems.append(store.origins[metric.id].problem("chart_with", i, message=f"metric '{other}' is in '{store.metrics[other].unit}', not '{metric.unit}'; only metrics in the same unit share a chart axis"))
    for fact in store.facts.values():
        ref(fact.id, fact.entity, store.entities, "entity", "entity")
        ref(fact.id, fact.metric, store.metrics, "metric", "metric")
        for i, citation in enumerate(fact.citations):
            ref(fact.id, citation.source, store.sources, "source", "citations", i, "source")
            kind(fact.id, citation, "citations", i)
        repeated(fact.id, fact.citations)
        for i, other in enumerate(fact.disputes):
            ref(fact.id, other, store.facts, "fact", "disputes", i)
        metric = store.metrics.get(fact.metric)
        if metric and fact.unit and fact.unit != metric.unit:
            problems.append(store.origins[fact.id].problem("unit", message=f"unit '{fact.unit}' disagrees with metric '{metric.id}', which is in '{metric.unit}'; convert the value or use another metric"))
        if fact.rank != "preferred" and not fact.reason:
            problems.append(store.origins[fact.id].problem("rank", message=f"rank '{fact.rank}' needs a 'reason' saying why this value is not preferred"))
        date(fact.id, fact.period, "period", future_ok=fact.qualifier in FUTURE_QUALIFIERS)
        if fact.stated and not any(canonical(fact.stated) in canonical(c.words) for c in fact.citations):
            problems.append(store.origins[fact.id].problem("stated", message=f"stated '{fact.stated}' is not in any of the fact's quotes; copy the figure's words from a quote"))
        if metric:
            for i, citation in enumerate(fact.citations):
                if citation.quote is None:
                    continue  # a table's cell has no hedging words; its qualifier is the curator's
                why = contradiction(fact.qualifier, citation.quote, fact.value, metric.unit)
                if why:
                    problems.append(store.origins[fact.id].problem("qualifier", message=f"citation {i + 1}: {why}", severity="warning"))
    for event in store.events.values():
        for i, entity in enumerate(event.entities):
            if check_references and entity not in store.entities and entity not in store.people:
                problems.append(store.origins[event.id].problem("entities", i, message=f"unknown entity or person '{entity}'"))
        for i, citation in enumerate(event.citations):
            ref(event.id, citation.source, store.sources, "source", "citations", i, "source")
            kind(event.id, citation, "citations", i, cells=False)
        repeated(event.id, event.citations)
        date(event.id, event.date, "date")
    for statement in store.statements.values():
        ref(statement.id, statement.speaker, store.people, "person", "speaker")
        ref(statement.id, statement.source, store.sources, "source", "source")
        date(statement.id, statement.date, "date")
    for recipe in store.recipes.values():
        ref(recipe.id, recipe.entity, store.entities, "entity", "entity")
        ref(recipe.id, recipe.metric, store.metrics, "metric", "metric")
        for i, input_id in enumerate(recipe.inputs):
            ref(recipe.id, input_id, store.facts, "fact", "inputs", i)
    audited: dict[str, Origin] = {}
    for ledger, origin in store.coverage:
        if check_references and ledger.source not in store.sources:
            problems.append(origin.problem("source", message=f"unknown source '{ledger.source}'"))
        if ledger.source in audited:
            problems.append(origin.problem("source", message=f"source '{ledger.source}' is audited twice (first at {audited[ledger.source].describe()}); keep one ledger per source"))
        audited.setdefault(ledger.source, origin)
        for i, paragraph in enumerate(ledger.paragraphs):
            for j, entry_id in enumerate(paragraph.yields):
                if check_references and entry_id not in store.origins:
                    problems.append(origin.problem("paragraphs", i, "yields", j, message=f"unknown id '{entry_id}': no fact, derived figure, event, statement or person has it"))
    problems.extend(_check_rankings(store))
    return problems


def _figure_groups(store: FactStore) -> dict[tuple[str, str, PartialDate], list[Fact]]:
    """Facts about the same figure: one entity, metric and period."""
    groups: dict[tuple[str, str, PartialDate], list[Fact]] = defaultdict(list)
    for fact in store.facts.values():
        groups[(fact.entity, fact.metric, fact.period)].append(fact)
    return groups


def _check_rankings(store: FactStore) -> list[Problem]:
    """Facts about the same figure must say which one is preferred."""
    problems = []
    for (entity, metric, period), facts in _figure_groups(store).items():
        preferred = [f for f in facts if f.rank == "preferred"]
        what = f"{entity} / {metric} / {period}"
        if len(preferred) > 1:
            first = store.origins[preferred[0].id].describe()
            for fact in preferred[1:]:
                problems.append(store.origins[fact.id].problem("rank", message=f"second preferred value for {what} (first: '{preferred[0].id}' at {first}); rank one 'normal' or 'deprecated' with a reason, or merge them as two citations of one fact"))
        elif not preferred and len({f.value for f in facts}) > 1:
            problems.append(store.origins[facts[0].id].problem("rank", message=f"facts {', '.join(repr(f.id) for f in facts)} give different values for {what} and none is preferred; rank one 'preferred'"))
    return problems


def _derive(store: FactStore) -> list[Problem]:
    problems = []
    for recipe in store.recipes.values():
        origin = store.origins[recipe.id]
        metric = store.metrics[recipe.metric]
        first, second = (store.facts[i] for i in recipe.inputs)
        unit_of = lambda fact: store.metrics[fact.metric].unit  # noqa: E731
        a, b = first.value, second.value
        try:
            if recipe.operation == "previous_from_growth":
                _require(unit_of(second) == "percent", "the second input must be a growth rate in percent")
                _require(unit_of(first) == metric.unit, f"the first input must be in {metric.unit}")
                value = a / (1 + b / 100)
                formula = f"{plain_number(a)} ÷ (1 + {plain_number(b)}%)"
            elif recipe.operation == "growth":
                _require(unit_of(first) == unit_of(second), "both inputs must be in the same unit")
                _require(metric.unit == "percent", "a growth rate's metric must be in percent")
                value = (b / a - 1) * 100
                formula = f"({plain_number(b)} ÷ {plain_number(a)} − 1) × 100"
            else:  # total_from_share
                _require(unit_of(second) == "percent", "the second input must be a share in percent")
                _require(unit_of(first) == metric.unit, f"the first input must be in {metric.unit}")
                value = a / (b / 100)
                formula = f"{plain_number(a)} ÷ {plain_number(b)}%"
        except ZeroDivisionError:
            problems.append(origin.problem("inputs", message="an input is zero, so the figure cannot be computed"))
            continue
        except ValueError as exc:
            problems.append(origin.problem("inputs", message=f"{recipe.operation}: {exc}"))
            continue
        digits = min(significant_digits(a), significant_digits(b))
        rounded = round_significant(value, digits)
        formula = (f"{formula} ≈ {plain_number(value)}, rounded to "
                   f"{digits} significant digit{'s' if digits != 1 else ''} as its least precise input: {plain_number(rounded)}")
        bound = _bound(recipe.operation, first.qualifier, second.qualifier)
        store.derived[recipe.id] = DerivedFigure(recipe, rounded, metric.unit, formula, (first, second), bound)
    return problems


# How each operation's result moves with its inputs: +1 rises with it, -1 falls.
_DIRECTION = {"previous_from_growth": (1, -1), "growth": (-1, 1), "total_from_share": (1, -1)}


def _bound(operation: str, *qualifiers: str) -> str | None:
    """The bound the inputs' bounds put on the result: 'more than 1.04 million' this year and an exact
    growth rate make last year's figure at least its computed value. Conflicting bounds give none."""
    found = set()
    for direction, qualifier in zip(_DIRECTION[operation], qualifiers):
        if qualifier in ("at_least", "at_most"):
            lower = (qualifier == "at_least") == (direction > 0)
            found.add("at_least" if lower else "at_most")
    return found.pop() if len(found) == 1 else None


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise ValueError(message)


def _conflicts(store: FactStore) -> list[Conflict]:
    """Sets of facts that disagree: same figure with different values, or linked by 'disputes'."""
    parent = {fact_id: fact_id for fact_id in store.facts}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for group in _figure_groups(store).values():
        facts = [f for f in group if not (f.reason or "").startswith(PUBLISHER_REVISED)]  # a correction, not a dispute
        if len({(f.value, f.qualifier) for f in facts}) > 1:
            for fact in facts[1:]:
                parent[root(fact.id)] = root(facts[0].id)
    for fact in store.facts.values():
        for other in fact.disputes:
            parent[root(other)] = root(fact.id)
    members: dict[str, list[Fact]] = defaultdict(list)
    for fact in store.facts.values():
        members[root(fact.id)].append(fact)
    conflicts = []
    for facts in members.values():
        if len(facts) > 1:
            facts.sort(key=lambda f: (RANK_ORDER[f.rank], f.period, f.id))
            conflicts.append(Conflict(facts[0].entity, facts[0].metric, tuple(facts)))
    return sorted(conflicts, key=lambda c: (c.metric, c.entity, c.facts[0].period))
