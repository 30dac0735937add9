"""The collection of facts as the rest of the generator reads it: the store and its entries' origins (file, line
and column), derived figures, conflicts and the indexes pages are built from. ``store.load_store`` fills it."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterator

from .errors import Problem
from .load import LoadedFile, Loc
from .schema import Citation, Comparison, Coverage, Derived, Entity, Event, Fact, Metric, PartialDate, Person, Source, Statement
from .settings import Settings
from .words import FUTURE_QUALIFIERS

EARLIEST_YEAR = 1900
RANK_ORDER = {"preferred": 0, "normal": 1, "deprecated": 2}


OTHER_GROUP = "Other figures"  # the group of a metric that names none


def group_of(metric: Metric) -> str:
    """The part of the subject a metric belongs to, as the timeline counts and lists figures."""
    return metric.group or OTHER_GROUP


def is_reported(fact: Fact) -> bool:
    """A preferred value that reports a result: what headlines, summaries and 'latest value' use."""
    return fact.rank == "preferred" and fact.qualifier not in FUTURE_QUALIFIERS


def build_date() -> dt.date:
    """The build's date as the environment gives it (today, or SOURCE_DATE_EPOCH's day): for callers outside the
    command line, which passes its settings down."""
    return Settings.from_environment().build_date()


@dataclass(frozen=True)
class Origin:
    """Where an entry was written, so a later check can point at it."""

    file: LoadedFile
    loc: Loc

    def problem(self, *sub: str | int, message: str, key: bool = False, severity: str = "error") -> Problem:
        return self.file.problem(self.loc + sub, message, key=key, severity=severity)

    def position(self) -> str:
        """'data/facts.yaml:12': where the entry starts, for messages."""
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
    comparisons: dict[str, Comparison] = field(default_factory=dict)
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

    def metric_groups(self) -> list[str]:
        """The groups of the metrics, in the order the metrics come; metrics without one last."""
        found = list(dict.fromkeys(group_of(m) for m in self.metrics.values()))
        return sorted(found, key=lambda g: g == OTHER_GROUP)

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
