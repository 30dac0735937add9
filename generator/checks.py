"""The checks of entries against each other, once every file is read: references, dates, citations, rankings of
values for the same figure, and which values conflict."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from .errors import Problem
from .quotes import canonical
from .schema import Citation, Fact, PartialDate
from .wording import contradiction
from .words import FUTURE_QUALIFIERS, PUBLISHER_REVISED

from .model import EARLIEST_YEAR, RANK_ORDER, Conflict, FactStore, Origin, is_reported


def cross_check(store: FactStore, today: dt.date, *, check_references: bool) -> list[Problem]:
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
    reported = {(f.metric, f.entity) for f in store.facts.values() if is_reported(f)} if store.comparisons else set()
    for comparison in store.comparisons.values():
        ref(comparison.id, comparison.entity, store.entities, "entity", "entity")
        for i, metric_id in enumerate(comparison.metrics):
            ref(comparison.id, metric_id, store.metrics, "metric", "metrics", i)
            if check_references and metric_id in store.metrics and comparison.entity in store.entities \
                    and (metric_id, comparison.entity) not in reported:
                problems.append(store.origins[comparison.id].problem("metrics", i, message=(
                    f"comparison '{comparison.id}': {store.entities[comparison.entity].name} has no reported value of "
                    f"'{metric_id}' to compare; add one, or leave the metric out"), severity="warning"))
    audited: dict[str, Origin] = {}
    for ledger, origin in store.coverage:
        if check_references and ledger.source not in store.sources:
            problems.append(origin.problem("source", message=f"unknown source '{ledger.source}'"))
        if ledger.source in audited:
            problems.append(origin.problem("source", message=f"source '{ledger.source}' is audited twice (first at {audited[ledger.source].position()}); keep one ledger per source"))
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
            first = store.origins[preferred[0].id].position()
            for fact in preferred[1:]:
                problems.append(store.origins[fact.id].problem("rank", message=f"second preferred value for {what} (first: '{preferred[0].id}' at {first}); rank one 'normal' or 'deprecated' with a reason, or merge them as two citations of one fact"))
        elif not preferred and len({f.value for f in facts}) > 1:
            problems.append(store.origins[facts[0].id].problem("rank", message=f"facts {', '.join(repr(f.id) for f in facts)} give different values for {what} and none is preferred; rank one 'preferred'"))
    return problems


def find_conflicts(store: FactStore) -> list[Conflict]:
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
