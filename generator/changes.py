"""What changed between two fact stores: each fact added, removed or changed, and each other entry.

The review (`diff`) adds its flags and report to these; the feed makes one entry of each fact change.
"""

from __future__ import annotations

from dataclasses import dataclass

from .numbers import figure_words
from .schema import Citation, Fact
from .store import FactStore


@dataclass
class FactChange:
    change: str  # added, removed, changed
    id: str
    metric: str
    metric_label: str
    entity: str
    year: int
    before: str | None  # the value as a reader says it
    after: str | None
    details: list[str]
    where: str


@dataclass
class EntryChange:
    section: str  # sources, events, statements, people, entities, metrics, derived
    change: str
    id: str
    details: list[str]


def fact_changes(old: FactStore, new: FactStore) -> list[FactChange]:
    """Every fact added, removed or changed from ``old`` to ``new``, by metric, year, entity and kind of change."""
    found = [fact_change(old, new, old.facts.get(fact_id), new.facts.get(fact_id))
             for fact_id in sorted(old.facts.keys() | new.facts.keys())
             if old.facts.get(fact_id) != new.facts.get(fact_id)]
    found.sort(key=lambda c: (c.metric_label.lower(), c.year, c.entity, c.change, c.id))
    return found


def entry_position(store: FactStore, entry_id: str) -> str:
    """Where an entry stands in the data, as path:line; "" when it has no recorded position."""
    origin = store.origins.get(entry_id)
    return origin.position() if origin else ""


def value_words(store: FactStore, fact: Fact) -> str:
    return figure_words(fact, unit_of(store, fact))


def unit_of(store: FactStore, fact: Fact) -> str:
    return fact.unit or store.metrics[fact.metric].unit


def fact_change(old: FactStore, new: FactStore, before: Fact | None, after: Fact | None) -> FactChange:
    fact, store = (after, new) if after is not None else (before, old)
    assert fact is not None
    metric = store.metrics[fact.metric]
    entity = store.entities[fact.entity].name
    common = dict(id=fact.id, metric=fact.metric, metric_label=metric.label, entity=entity, year=fact.period.year)
    if before is None:
        details = [f"period {fact.period}, rank {fact.rank}"] + [f"cited: {citation_words(new, c)}" for c in fact.citations]
        return FactChange("added", before=None, after=value_words(new, fact), details=details, where=entry_position(new, fact.id), **common)
    if after is None:
        return FactChange("removed", before=value_words(old, before), after=None, details=[], where="", **common)
    details = []
    for name in ("period", "entity", "metric", "qualifier", "rank", "reason", "note", "disputes"):
        was, now = getattr(before, name), getattr(after, name)
        if was != now:
            details.append(f"{name}: {shown(was)} → {shown(now)}")
    if unit_of(old, before) != unit_of(new, after):
        details.append(f"unit: {unit_of(old, before)} → {unit_of(new, after)}")
    details.extend(citation_changes(old, new, before.citations, after.citations))
    return FactChange("changed", before=value_words(old, before), after=value_words(new, after), details=details,
                      where=entry_position(new, after.id), **common)


def shown(value: object) -> str:
    if value is None or value == []:
        return "(none)"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def citation_words(store: FactStore, citation: Citation) -> str:
    source = store.sources.get(citation.source)
    title = source.title if source else citation.source
    return f"{title}: “{citation.words}”"


def pair_citations(was: list[Citation], now: list[Citation]) -> tuple[list[Citation], list[Citation], list[tuple[Citation, Citation]]]:
    """Removed, added, and (old, new) pairs whose quote changed within the same source, in order."""
    removed = [c for c in was if c not in now]
    added = [c for c in now if c not in was]
    changed = []
    for old in list(removed):
        match = next((c for c in added if c.source == old.source), None)
        if match is not None:
            removed.remove(old)
            added.remove(match)
            changed.append((old, match))
    return removed, added, changed


def citation_changes(old: FactStore, new: FactStore, was: list[Citation], now: list[Citation]) -> list[str]:
    removed, added, changed = pair_citations(was, now)
    lines = [f"citation removed: {citation_words(old, c)}" for c in removed]
    lines += [f"{'quote' if b.quote is not None else 'cell'} changed ({new.sources[b.source].title}): “{a.words}” → “{b.words}”"
              for a, b in changed]
    lines += [f"citation added: {citation_words(new, c)}" for c in added]
    return lines


def entry_changes(section: str, old: dict, new: dict) -> list[EntryChange]:
    changes = []
    name = "derived" if section == "recipes" else section
    for entry_id in sorted(old.keys() | new.keys()):
        was, now = old.get(entry_id), new.get(entry_id)
        if was == now:
            continue
        if was is None:
            changes.append(EntryChange(name, "added", entry_id, []))
        elif now is None:
            changes.append(EntryChange(name, "removed", entry_id, []))
        else:
            fields = [k for k in type(now).model_fields if getattr(was, k) != getattr(now, k)]
            changes.append(EntryChange(name, "changed", entry_id,
                                       [f"{k}: {shown(getattr(was, k))} → {shown(getattr(now, k))}" for k in fields]))
    return changes
