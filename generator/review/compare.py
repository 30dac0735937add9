"""A data change judged for its reviewer: the fact and entry changes, sanity flags for edits that look like
slips, the validation problems at HEAD and the pages whose output changes."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..changes import (EntryChange, FactChange, citation_words, entry_changes, entry_position, fact_changes, pair_citations,
                       unit_of, value_words)
from ..history import Revision
from ..render.docs import generate_text
from ..render.routes import download, site_path
from ..schema import Fact, Source
from ..store import FactStore, is_reported
from ..words import PUBLISHER_REVISED


@dataclass(frozen=True)
class Thresholds:
    ratio: float = 10.0  # a value changed by this factor or more: a million/billion slip?
    jump: float = 2.0  # a value this many times above (or below) the year before


@dataclass
class Flag:
    kind: str
    subject: str  # the fact or entry id
    message: str
    where: str  # path:line at HEAD, or "" when the entry is gone


@dataclass
class Revised:
    """A value the publisher revised: the old fact ranked down with the publisher's revision as its reason, and the
    new fact citing the new version of the table."""

    metric: str
    metric_label: str
    entity: str
    year: int
    old_id: str
    new_id: str
    before: str
    after: str
    change: str  # relative, as '-30.2%'
    version: str  # the new version's source


@dataclass
class Report:
    base: str
    head: str
    facts: list[FactChange] = field(default_factory=list)
    entries: list[EntryChange] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # validation problems at HEAD, as path:line:col text
    base_problems: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    images: dict[str, dict[str, str]] = field(default_factory=dict)  # metric → {"base": file, "head": file}
    revisions: list[Revised] = field(default_factory=list)  # values a publisher revised in a new table version

    @property
    def empty(self) -> bool:
        return not (self.facts or self.entries or self.problems or self.base_problems or self.revisions)

    @property
    def changed_metrics(self) -> list[str]:
        return sorted({c.metric for c in self.facts} | {r.metric for r in self.revisions})


def compare(base: Revision, head: Revision, thresholds: Thresholds = Thresholds(), *, pages: bool = True) -> Report:
    """What changed from ``base`` to ``head``; ``pages=False`` skips generating both sides to list the pages."""
    report = Report(base.label, head.label)
    report.problems = [p.as_text() for p in sorted(head.problems)]
    report.base_problems = [p.as_text() for p in sorted(base.problems)]
    if base.store is None or head.store is None:
        return report  # nothing to compare against; the problems say why
    old, new = base.store, head.store
    report.facts = fact_changes(old, new)
    report.revisions = publisher_revisions(old, new, report.facts)
    paired = {r.old_id for r in report.revisions} | {r.new_id for r in report.revisions}
    report.facts = [c for c in report.facts if c.id not in paired]  # listed apart from what contributors typed
    for fact_id in sorted(c.id for c in report.facts):
        report.flags.extend(_flags(old, new, old.facts.get(fact_id), new.facts.get(fact_id), thresholds))
    report.flags.extend(_preferred_replaced(old, new))
    moved = sorted(c.id for c in report.facts if c.change == "added" or (c.change == "changed" and _figure_moved(old, new, c.id)))
    report.flags.extend(_jumps(new, moved, thresholds))
    report.flags.extend(_unit_changes(old, new))
    for section in ("sources", "metrics", "entities", "people", "events", "statements", "recipes"):
        report.entries.extend(entry_changes(section, getattr(old, section), getattr(new, section)))
    report.pages = _pages_affected(old, new) if pages else []
    unique: dict[tuple[str, str], Flag] = {}  # one flag of each kind per fact, the first found
    for flag in report.flags:
        unique.setdefault((flag.kind, flag.subject), flag)
    report.flags = list(unique.values())
    return report


REVISED = PUBLISHER_REVISED


def publisher_revisions(old: FactStore, new: FactStore, changes: list[FactChange]) -> list[Revised]:
    """Pairs of a fact newly ranked down with the publisher's revision as its reason and the fact added for the
    same entity, metric and period from a table's cell."""
    added = {(new.facts[c.id].entity, new.facts[c.id].metric, new.facts[c.id].period): new.facts[c.id]
             for c in changes if c.change == "added" and any(x.cell for x in new.facts[c.id].citations)}
    found = []
    for change in changes:
        now = new.facts.get(change.id)
        was = old.facts.get(change.id)
        if change.change != "changed" or now is None or was is None or was.rank == now.rank:
            continue
        if not (now.reason or "").startswith(REVISED):
            continue
        fresh = added.get((now.entity, now.metric, now.period))
        if fresh is None:
            continue
        relative = (fresh.value - now.value) / abs(now.value) * 100 if now.value else None
        found.append(Revised(now.metric, new.metrics[now.metric].label, new.entities[now.entity].name,
                             now.period.year, now.id, fresh.id, value_words(new, now), value_words(new, fresh),
                             f"{relative:+.1f}%" if relative is not None else "from zero",
                             _version(new.sources[fresh.citations[0].source])))
    return sorted(found, key=lambda r: (r.metric_label.lower(), r.entity, r.year))


def _version(source: Source) -> str:
    return f"the version of {source.published or source.updated or source.retrieved} ({source.id})"


def _figure_moved(old: FactStore, new: FactStore, fact_id: str) -> bool:
    """The fact's value, or what it is the value of, changed (not only its evidence or notes)."""
    was, now = old.facts[fact_id], new.facts[fact_id]
    return any(getattr(was, k) != getattr(now, k) for k in ("value", "period", "entity", "metric", "rank", "qualifier"))


def _flags(old: FactStore, new: FactStore, before: Fact | None, after: Fact | None, limits: Thresholds) -> list[Flag]:
    if before is None or after is None:
        return []
    flags = []
    where = entry_position(new, after.id)
    label = f"{new.metrics[after.metric].label}, {new.entities[after.entity].name}, {after.period}"
    a, b = before.value, after.value
    if a and b and a * b > 0 and max(abs(a / b), abs(b / a)) >= limits.ratio:
        factor = abs(b / a)
        times = f"×{_factor(factor)}" if factor >= 1 else f"÷{_factor(1 / factor)}"
        flags.append(Flag("ratio", after.id, f"{label}: {value_words(old, before)} → {value_words(new, after)} ({times}). "
                                              "A million/billion or unit slip?", where))
    if a * b < 0:
        flags.append(Flag("sign", after.id, f"{label}: the sign flipped, {value_words(old, before)} → {value_words(new, after)}.", where))
    metric_unit_changed = before.metric == after.metric and old.metrics[before.metric].unit != new.metrics[after.metric].unit
    if unit_of(old, before) != unit_of(new, after) and not metric_unit_changed:  # else the metric's own flag says it
        flags.append(Flag("unit", after.id, f"{label}: unit changed from {unit_of(old, before)} to {unit_of(new, after)}; "
                                             "values in different units or currencies are not comparable.", where))
    removed, _, changed = pair_citations(before.citations, after.citations)
    for citation in removed:
        flags.append(Flag("citation-removed", after.id, f"{label}: citation of {citation_words(old, citation)} removed.", where))
    if changed and a == b:
        sources = ", ".join(dict.fromkeys(new.sources[n.source].title for _, n in changed))
        flags.append(Flag("quote-changed", after.id, f"{label}: the quote from {sources} changed but the value "
                          "did not. Is the new quote still the source's words for this value?", where))
    return flags


def _factor(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:,.3g}"


def _preferred_replaced(old: FactStore, new: FactStore) -> list[Flag]:
    """A figure's preferred value changed, and nothing at HEAD says why.

    Quiet when the old value stays as a ranked-down fact (which must give a reason) or when the
    preferred fact's note changed along with it.
    """
    flags = []
    before = {(f.entity, f.metric, f.period): f for f in old.facts.values() if f.rank == "preferred"}
    after = {(f.entity, f.metric, f.period): f for f in new.facts.values() if f.rank == "preferred"}
    for key, was in before.items():
        now = after.get(key)
        if now is None or (now.value == was.value and now.unit == was.unit):
            continue
        kept = new.facts.get(was.id)
        explained = (kept is not None and kept.rank != "preferred" and kept.reason) or (
            now.id == was.id and now.note != was.note) or (now.id != was.id and now.note)
        if not explained:
            label = f"{new.metrics[now.metric].label}, {new.entities[now.entity].name}, {now.period}"
            flags.append(Flag("preferred-replaced", now.id, f"{label}: the preferred value changed from "
                              f"{value_words(old, was)} to {value_words(new, now)} with no reason; keep the old value ranked "
                              "'deprecated' with a reason, or say why in 'note'.", entry_position(new, now.id)))
    return flags


def _jumps(store: FactStore, fact_ids: list[str], limits: Thresholds) -> list[Flag]:
    """A new or changed reported value far from the same figure the year before or after."""
    flags = []
    for fact_id in fact_ids:
        fact = store.facts[fact_id]
        if not is_reported(fact) or fact.period.precision != "year" or not fact.value:
            continue
        yearly = {f.period.year: f for f in store.reported(fact.metric, fact.entity) if f.period.precision == "year"}
        for earlier, later in ((yearly.get(fact.period.year - 1), fact), (fact, yearly.get(fact.period.year + 1))):
            if earlier is None or later is None or not earlier.value or earlier.value * later.value <= 0:
                continue
            change = later.value / earlier.value
            if max(change, 1 / change) >= limits.jump:
                label = f"{store.metrics[fact.metric].label}, {store.entities[fact.entity].name}"
                flags.append(Flag("jump", later.id, f"{label}: {value_words(store, earlier)} in {earlier.period} → "
                                  f"{value_words(store, later)} in {later.period} (×{_factor(change)}). Check the year and "
                                  "the scale.", entry_position(store, later.id)))
                break
    return flags


def _unit_changes(old: FactStore, new: FactStore) -> list[Flag]:
    flags = []
    for metric_id, metric in new.metrics.items():
        was = old.metrics.get(metric_id)
        if was is not None and was.unit != metric.unit:
            flags.append(Flag("unit", metric_id, f"{metric.label}: the metric's unit changed from {was.unit} to "
                              f"{metric.unit}; every value of it is now read in {metric.unit}.", entry_position(new, metric_id)))
    return flags


def _pages_affected(old: FactStore, new: FactStore) -> list[str]:
    """Every page of the site whose generated text differs: found by generating both, not guessed."""
    was, now = generate_text(old), generate_text(new)
    changed = {name for name in was.keys() | now.keys() if was.get(name) != now.get(name)}
    # Pages, and the downloads, at their addresses on the site (chart figures are part of their pages).
    pages = {site_path(name) for name in changed if name.endswith(".md") or name.startswith(download(""))}
    return sorted(pages, key=lambda p: (p.count("/"), p))
