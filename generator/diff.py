"""What a change to the data does, for the reviewer of a pull request.

``compare`` loads the data at two git revisions (or a revision and the working tree) and reports
the facts added, removed and changed, grouped by metric and year, the sources and other entries that
changed, the validation problems at HEAD, the pages whose output changes, and sanity flags for edits
that look like slips. ``to_markdown`` and ``to_json`` present the same report.
"""

from __future__ import annotations

import io
import json
import subprocess
import tarfile
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .errors import DataError, Problem
from .numbers import count_of, describe
from .render.escape import escape_text
from .schema import Citation, Fact
from .store import FactStore, is_reported, load_store


class RevisionError(Exception):
    """A git revision could not be read (unknown revision, not a repository, no data directory)."""


@dataclass(frozen=True)
class Thresholds:
    ratio: float = 10.0  # a value changed by this factor or more: a million/billion slip?
    jump: float = 2.0  # a value this many times above (or below) the year before


@dataclass
class Revision:
    label: str
    store: FactStore | None
    problems: list[Problem]


@dataclass
class Flag:
    kind: str
    subject: str  # the fact or entry id
    message: str
    where: str  # path:line at HEAD, or "" when the entry is gone


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

    @property
    def empty(self) -> bool:
        return not (self.facts or self.entries or self.problems or self.base_problems)

    @property
    def changed_metrics(self) -> list[str]:
        return sorted({c.metric for c in self.facts})


# ----- reading a revision -------------------------------------------------------------------------

def run_git(repo: Path, *args: str) -> bytes:
    result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True)
    if result.returncode != 0:
        raise RevisionError(result.stderr.decode("utf-8", "replace").strip() or f"git {' '.join(args)} failed")
    return result.stdout


def load_revision(repo: Path, data_dir: Path, rev: str | None) -> Revision:
    """The data at ``rev``, or in the working tree when ``rev`` is None; problems instead of an exception."""
    if rev is None:
        return _load(data_dir, "working tree", None)
    try:
        commit = run_git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}").decode().strip()
    except RevisionError:
        raise RevisionError(f"'{rev}' is not a commit in the repository of {repo}") from None
    top = Path(run_git(repo, "rev-parse", "--show-toplevel").decode().strip())
    if not data_dir.resolve().is_relative_to(top.resolve()):
        raise RevisionError(f"--data {data_dir} leads to {data_dir.resolve()}, outside the repository at {top}; "
                            "run diff from the repository that holds the data")
    relative = data_dir.resolve().relative_to(top.resolve()).as_posix()
    label = f"{rev} ({commit[:7]})" if not commit.startswith(rev) else commit[:7]
    with tempfile.TemporaryDirectory(prefix="factsheet-diff-") as tmp:
        listing = run_git(top, "ls-tree", "-r", "--name-only", commit, "--", relative).decode().split()
        if not listing:
            raise RevisionError(f"{rev} has no '{relative}' directory")
        archive = run_git(top, "archive", "--format=tar", commit, "--", relative)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        return _load(Path(tmp) / relative, label, (Path(tmp), relative))


def _load(data_dir: Path, label: str, relabel: tuple[Path, str] | None) -> Revision:
    """Load; problems point at the file names a contributor knows, not at a temporary copy."""
    try:
        store = load_store(data_dir)
        problems: list[Problem] = []
    except DataError as exc:
        store, problems = None, exc.problems
    if relabel is not None:
        tmp = relabel[0].resolve().as_posix() + "/"
        problems = [Problem(p.path.replace(tmp, ""), p.line, p.col, p.message, p.severity) for p in problems]
        if store is not None:
            store.files = [f.replace(tmp, "") for f in store.files]
            for loaded in {id(o.file): o.file for o in store.origins.values()}.values():
                loaded.hold()  # the temporary copy is removed once loaded; the report names positions
                loaded.path = loaded.path.replace(tmp, "")
    return Revision(label, store, problems)


# ----- comparing ---------------------------------------------------------------------------------

def compare(base: Revision, head: Revision, thresholds: Thresholds = Thresholds(), *, pages: bool = True) -> Report:
    """What changed from ``base`` to ``head``; ``pages=False`` skips generating both sides to list the pages."""
    report = Report(base.label, head.label)
    report.problems = [p.as_text() for p in sorted(head.problems)]
    report.base_problems = [p.as_text() for p in sorted(base.problems)]
    if base.store is None or head.store is None:
        return report  # nothing to compare against; the problems say why
    old, new = base.store, head.store
    for fact_id in sorted(old.facts.keys() | new.facts.keys()):
        before, after = old.facts.get(fact_id), new.facts.get(fact_id)
        if before == after:
            continue
        report.facts.append(_fact_change(old, new, before, after))
        report.flags.extend(_flags(old, new, before, after, thresholds))
    report.flags.extend(_preferred_replaced(old, new))
    moved = [c.id for c in report.facts if c.change == "added" or (c.change == "changed" and _figure_moved(old, new, c.id))]
    report.flags.extend(_jumps(new, moved, thresholds))
    report.flags.extend(_unit_changes(old, new))
    report.facts.sort(key=lambda c: (c.metric_label.lower(), c.year, c.entity, c.change, c.id))
    for section in ("sources", "metrics", "entities", "people", "events", "statements", "recipes"):
        report.entries.extend(_entry_changes(section, getattr(old, section), getattr(new, section)))
    report.pages = _pages_affected(old, new) if pages else []
    unique: dict[tuple[str, str], Flag] = {}  # one flag of each kind per fact, the first found
    for flag in report.flags:
        unique.setdefault((flag.kind, flag.subject), flag)
    report.flags = list(unique.values())
    return report


def _figure_moved(old: FactStore, new: FactStore, fact_id: str) -> bool:
    """The fact's value, or what it is the value of, changed (not only its evidence or notes)."""
    was, now = old.facts[fact_id], new.facts[fact_id]
    return any(getattr(was, k) != getattr(now, k) for k in ("value", "period", "entity", "metric", "rank", "qualifier"))


def _where(store: FactStore, entry_id: str) -> str:
    origin = store.origins.get(entry_id)
    return origin.describe() if origin else ""


def _value(store: FactStore, fact: Fact) -> str:
    return describe(fact, _unit(store, fact))


def _unit(store: FactStore, fact: Fact) -> str:
    return fact.unit or store.metrics[fact.metric].unit


def _fact_change(old: FactStore, new: FactStore, before: Fact | None, after: Fact | None) -> FactChange:
    fact, store = (after, new) if after is not None else (before, old)
    assert fact is not None
    metric = store.metrics[fact.metric]
    entity = store.entities[fact.entity].name
    common = dict(id=fact.id, metric=fact.metric, metric_label=metric.label, entity=entity, year=fact.period.year)
    if before is None:
        details = [f"period {fact.period}, rank {fact.rank}"] + [f"cited: {_cite(new, c)}" for c in fact.citations]
        return FactChange("added", before=None, after=_value(new, fact), details=details, where=_where(new, fact.id), **common)
    if after is None:
        return FactChange("removed", before=_value(old, before), after=None, details=[], where="", **common)
    details = []
    for name in ("period", "entity", "metric", "qualifier", "rank", "reason", "note", "disputes"):
        was, now = getattr(before, name), getattr(after, name)
        if was != now:
            details.append(f"{name}: {_shown(was)} → {_shown(now)}")
    if _unit(old, before) != _unit(new, after):
        details.append(f"unit: {_unit(old, before)} → {_unit(new, after)}")
    details.extend(_citation_changes(old, new, before.citations, after.citations))
    return FactChange("changed", before=_value(old, before), after=_value(new, after), details=details,
                      where=_where(new, after.id), **common)


def _shown(value: object) -> str:
    if value is None or value == []:
        return "(none)"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def _cite(store: FactStore, citation: Citation) -> str:
    source = store.sources.get(citation.source)
    title = source.title if source else citation.source
    return f"{title}: “{citation.quote}”"


def _pair_citations(was: list[Citation], now: list[Citation]) -> tuple[list[Citation], list[Citation], list[tuple[Citation, Citation]]]:
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


def _citation_changes(old: FactStore, new: FactStore, was: list[Citation], now: list[Citation]) -> list[str]:
    removed, added, changed = _pair_citations(was, now)
    lines = [f"citation removed: {_cite(old, c)}" for c in removed]
    lines += [f"quote changed ({new.sources[b.source].title}): “{a.quote}” → “{b.quote}”" for a, b in changed]
    lines += [f"citation added: {_cite(new, c)}" for c in added]
    return lines


def _flags(old: FactStore, new: FactStore, before: Fact | None, after: Fact | None, limits: Thresholds) -> list[Flag]:
    if before is None or after is None:
        return []
    flags = []
    where = _where(new, after.id)
    label = f"{new.metrics[after.metric].label}, {new.entities[after.entity].name}, {after.period}"
    a, b = before.value, after.value
    if a and b and a * b > 0 and max(abs(a / b), abs(b / a)) >= limits.ratio:
        factor = abs(b / a)
        times = f"×{_factor(factor)}" if factor >= 1 else f"÷{_factor(1 / factor)}"
        flags.append(Flag("ratio", after.id, f"{label}: {_value(old, before)} → {_value(new, after)} ({times}). "
                                              "A million/billion or unit slip?", where))
    if a * b < 0:
        flags.append(Flag("sign", after.id, f"{label}: the sign flipped, {_value(old, before)} → {_value(new, after)}.", where))
    metric_unit_changed = before.metric == after.metric and old.metrics[before.metric].unit != new.metrics[after.metric].unit
    if _unit(old, before) != _unit(new, after) and not metric_unit_changed:  # else the metric's own flag says it
        flags.append(Flag("unit", after.id, f"{label}: unit changed from {_unit(old, before)} to {_unit(new, after)}; "
                                             "values in different units or currencies are not comparable.", where))
    removed, _, changed = _pair_citations(before.citations, after.citations)
    for citation in removed:
        flags.append(Flag("citation-removed", after.id, f"{label}: citation of {_cite(old, citation)} removed.", where))
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
                              f"{_value(old, was)} to {_value(new, now)} with no reason; keep the old value ranked "
                              "'deprecated' with a reason, or say why in 'note'.", _where(new, now.id)))
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
                flags.append(Flag("jump", later.id, f"{label}: {_value(store, earlier)} in {earlier.period} → "
                                  f"{_value(store, later)} in {later.period} (×{_factor(change)}). Check the year and "
                                  "the scale.", _where(store, later.id)))
                break
    return flags


def _unit_changes(old: FactStore, new: FactStore) -> list[Flag]:
    flags = []
    for metric_id, metric in new.metrics.items():
        was = old.metrics.get(metric_id)
        if was is not None and was.unit != metric.unit:
            flags.append(Flag("unit", metric_id, f"{metric.label}: the metric's unit changed from {was.unit} to "
                              f"{metric.unit}; every value of it is now read in {metric.unit}.", _where(new, metric_id)))
    return flags


def _entry_changes(section: str, old: dict, new: dict) -> list[EntryChange]:
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
                                       [f"{k}: {_shown(getattr(was, k))} → {_shown(getattr(now, k))}" for k in fields]))
    return changes


def _pages_affected(old: FactStore, new: FactStore) -> list[str]:
    """Every page of the site whose generated text differs: found by generating both, not guessed."""
    from .site import generate_text

    was, now = generate_text(old), generate_text(new)
    changed = {name for name in was.keys() | now.keys() if was.get(name) != now.get(name)}
    pages = set()
    for name in changed:
        if name.endswith(".md"):  # the page's address on the site
            pages.add("/" + name.removesuffix(".md").removesuffix("index").removesuffix("/") + "/" if name != "index.md" else "/")
        elif name.startswith("data/"):  # downloads
            pages.add("/" + name)
    return sorted(pages, key=lambda p: (p.count("/"), p))


# ----- presenting --------------------------------------------------------------------------------

def to_json(report: Report) -> str:
    data = asdict(report)
    data["empty"] = report.empty
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _md(text: str) -> str:
    """Data text as inert Markdown for GitHub: no markup, links, or @mentions that notify someone."""
    return str(escape_text(text)).replace("~", "\\~").replace("@", "@\u2060").replace("#", "#\u2060")


FLAG_TITLES = {
    "ratio": "Changed 10× or more",
    "jump": "Jump from the year before",
    "sign": "Sign flipped",
    "unit": "Unit or currency changed",
    "preferred-replaced": "Preferred value replaced without a reason",
    "citation-removed": "Citation removed",
    "quote-changed": "Quote changed, value unchanged",
}


def to_markdown(report: Report, thresholds: Thresholds = Thresholds()) -> str:
    head = f"{_md(report.base)} → {_md(report.head)}"
    if report.empty:
        return f"No changes to the data between {head}.\n"
    out = [f"## Data changes: {head}", ""]
    counts = {kind: sum(c.change == kind for c in report.facts) for kind in ("changed", "added", "removed")}
    summary = ", ".join(f"{n} {kind}" for kind, n in counts.items() if n)
    parts = [f"**Facts:** {summary}." if summary else "**Facts:** none changed."]
    if report.entries:
        parts.append(f"**Other entries:** {count_of(len(report.entries), 'change')}.")
    parts.append(f"**Flags:** {len(report.flags)}." if report.flags else "**Flags:** none.")
    if report.problems:
        parts.append(f"**Validation:** {count_of(len(report.problems), 'problem')} at HEAD.")
    out += [" ".join(parts), ""]
    if report.problems:
        out += ["### Validation problems at HEAD", ""]
        out += [f"- {_md(p)}" for p in report.problems] + [""]
    if report.base_problems:
        out += ["### The base does not validate", "", "Facts cannot be compared until it does:", ""]
        out += [f"- {_md(p)}" for p in report.base_problems] + [""]
    if report.flags:
        out += ["### Flags", ""]
        for flag in report.flags:
            where = f" ({_md(flag.where)})" if flag.where else ""
            title = FLAG_TITLES[flag.kind].replace("10×", f"{thresholds.ratio:g}×")
            out.append(f"- ⚠️ **{title}**: {_md(flag.message)}{where}")
        out.append("")
    metric = None
    for change in report.facts:
        if change.metric != metric:
            metric = change.metric
            if out[-1] != "":
                out.append("")
            out += [f"### {_md(change.metric_label)}", ""]
            images = report.images.get(metric)
            if images:
                out += [f"Chart before: `{images['base']}`; after: `{images['head']}` (workflow artifact).", ""]
        where = f" ({_md(change.where)})" if change.where else ""
        lead = f"- **{change.year} · {_md(change.entity)}**, {change.change} `{change.id}`{where}: "
        if change.change == "added":
            lead += _md(change.after or "")
        elif change.change == "removed":
            lead += f"~~{_md(change.before or '')}~~"
        elif change.before != change.after:
            lead += f"{_md(change.before or '')} → **{_md(change.after or '')}**"
        else:
            lead += f"{_md(change.after or '')} (value unchanged)"
        out.append(lead)
        out += [f"  - {_md(line)}" for line in change.details]
    if report.facts:
        out.append("")
    if report.entries:
        out += ["### Other entries", ""]
        for entry in report.entries:
            out.append(f"- {entry.section}: {entry.change} `{entry.id}`")
            out += [f"  - {_md(line)}" for line in entry.details]
        out.append("")
    if report.pages:
        shown = report.pages[:40]
        more = f" and {len(report.pages) - 40} more" if len(report.pages) > 40 else ""
        out += ["### Pages affected", "", ", ".join(f"`{p}`" for p in shown) + more, ""]
    return "\n".join(out).rstrip("\n") + "\n"
