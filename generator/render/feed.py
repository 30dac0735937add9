"""An Atom feed of changes to the data: each fact added, changed, re-ranked or removed, from git history.

One entry per change of a fact in one commit, with its value before and after, so a reader can follow
the figures without watching the repository. Built from the last commits that touched the data (a
bounded number: each is loaded like `diff` loads a revision); without git history there is no feed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from ..changes import fact_changes
from ..history import Revision, RevisionError, load_revision, run_git
from ..store import FactStore
from .cite import site_name
from .routes import HOME, metric_page, page_url

MAX_COMMITS = 20
PER_COMMIT = 20  # a commit changing more facts (a table imported) is one entry that says how many and which


@dataclass(frozen=True)
class Change:
    commit: str
    when: str  # ISO 8601, the commit's date
    fact: str
    metric: str
    title: str
    summary: str


def data_changes(data_dir: Path, limit: int = MAX_COMMITS) -> list[Change] | None:
    """The fact changes of the last ``limit`` commits that touched ``data_dir``, newest first; None without git.

    A commit's changes never change (its data and its parent's are fixed), so they are kept in the repository's
    git folder, keyed by commit and by the generator's own code: a build loads only the commits it has not seen
    (each load is a whole store). A cache from other code, or unreadable, is not used."""
    data_dir = data_dir.resolve()
    try:
        # --parents: each commit's parent is the previous commit that touched the data (the same data as its
        # own parent), so one commit's "before" is the next one's "after".
        log = run_git(data_dir, "log", f"-n{limit}", "--parents", "--format=%H%x09%cI%x09%P", "--", ".").decode()
    except RevisionError:  # not a git repository, or no git
        return None
    cache = FeedCache.open(data_dir)
    changes = []
    # Newest first: the revision loaded as one commit's "before" is the next commit's "after", so it is kept
    # (one, not all: at scale each is a whole store). Loads: one per commit, not two.
    kept: tuple[str, Revision] | None = None
    for line in log.splitlines():
        commit, when, parents = (line.split("\t") + ["", ""])[:3]
        parent = parents.split()[0] if parents.split() else None
        known = cache.get(commit, parent)
        if known is not None:
            changes.extend(Change(commit, when, *entry) for entry in known)
            kept = None
            continue
        try:
            after = kept[1] if kept and kept[0] == commit else load_revision(data_dir, data_dir, commit)
            before = load_revision(data_dir, data_dir, parent) if parent else None
        except RevisionError:
            kept = None
            cache.put(commit, parent, [])
            continue  # the data folder did not exist then
        kept = (parent, before) if parent else None
        if before is None or before.store is None or after.store is None:  # the first commit, or data that failed
            cache.put(commit, parent, [])
            continue
        found = [Change(commit, when, *entry) for entry in _entries(before.store, after.store)]
        cache.put(commit, parent, [(c.fact, c.metric, c.title, c.summary) for c in found])
        changes.extend(found)
    cache.save()
    return changes


def _entries(before: FactStore, after: FactStore) -> list[tuple[str, str, str, str]]:
    """Each fact change between two stores as (fact, metric, title, summary)."""
    entries = []
    for fact in fact_changes(before, after):
        subject = f"{fact.metric_label}, {fact.entity}, {fact.year}"  # the entity as named
        if fact.change == "added":
            title, summary = f"{subject}: {fact.after} (new)", f"New figure: {fact.after}."
        elif fact.change == "removed":
            title, summary = f"{subject}: {fact.before} (removed)", f"Removed: {fact.before}."
        elif fact.before != fact.after:
            title, summary = f"{subject}: {fact.before} → {fact.after}", f"Was {fact.before}; now {fact.after}."
        else:
            title, summary = f"{subject}: {fact.after} (revised)", f"The value stays {fact.after}."
        if fact.details:
            summary += " Also changed: " + "; ".join(d.rstrip(".") for d in fact.details) + "."
        entries.append((fact.id, fact.metric, title, summary))
    return entries


@lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of the generator's own code: entries written by other code are not trusted."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@dataclass
class FeedCache:
    """The feed's entries by commit, in the repository's git folder (safe to delete: it is made again)."""

    path: Path | None
    key: str
    commits: dict[str, list[list[str]]]
    changed: bool = False
    used: set[str] = field(default_factory=set)  # the commits of this feed: only these are kept

    @classmethod
    def open(cls, data_dir: Path) -> FeedCache:
        try:
            top = Path(run_git(data_dir, "rev-parse", "--show-toplevel").decode().strip())
            path = Path(run_git(data_dir, "rev-parse", "--path-format=absolute", "--git-path",
                                "factsheet-feed.json").decode().strip())
        except RevisionError:
            return cls(None, "", {})
        where = data_dir.relative_to(top.resolve()).as_posix() if data_dir.is_relative_to(top.resolve()) else data_dir
        key = f"{code_version()}:{where}"
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
            commits = stored["commits"] if stored.get("key") == key and isinstance(stored.get("commits"), dict) else {}
        except (OSError, ValueError, TypeError, KeyError):
            commits = {}
        return cls(path, key, commits)

    def get(self, commit: str, parent: str | None) -> list[list[str]] | None:
        self.used.add(f"{commit}:{parent or ''}")
        entries = self.commits.get(f"{commit}:{parent or ''}")
        if not isinstance(entries, list) or not all(isinstance(e, list) and len(e) == 4 for e in entries):
            return None
        return entries

    def put(self, commit: str, parent: str | None, entries: list[tuple[str, str, str, str]]) -> None:
        self.commits[f"{commit}:{parent or ''}"] = [list(e) for e in entries]
        self.changed = True

    def save(self) -> None:
        """Written whole or not at all; a repository that cannot be written to only goes without the cache."""
        if self.path is None or not (self.changed or set(self.commits) - self.used):
            return
        self.commits = {key: entries for key, entries in self.commits.items() if key in self.used}
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        try:
            temporary.write_text(json.dumps({"key": self.key, "commits": self.commits}, ensure_ascii=False),
                                 encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError:
            temporary.unlink(missing_ok=True)


def data_feed(data_dir: Path, store: FactStore, base: str) -> str:
    """The Atom feed of recent changes to the facts (empty when the data has no git history), its addresses at the
    published address ``base``."""
    return atom(in_brief(data_changes(data_dir) or []), site_name(), store.built_on, base)


def in_brief(changes: list[Change]) -> list[Change]:
    """One entry per fact change, except where one commit changed more than PER_COMMIT facts (a table imported
    or revised): one entry for that commit, saying how many were added, changed and removed, in which figures.
    The feed's size follows the commits, not the size of the data."""
    out: list[Change] = []
    for commit in dict.fromkeys(c.commit for c in changes):
        own = [c for c in changes if c.commit == commit]
        if len(own) <= PER_COMMIT:
            out += own
            continue
        added = sum(c.title.endswith("(new)") for c in own)
        removed = sum(c.title.endswith("(removed)") for c in own)
        counts: dict[str, int] = {}
        for c in own:
            label = c.title.split(", ")[0]
            counts[label] = counts.get(label, 0) + 1
        metric = max(dict.fromkeys(c.metric for c in own), key=lambda m: sum(c.metric == m for c in own))
        figures = "; ".join(f"{label} ({n})" for label, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        parts = [f"{n:,} {word}" for n, word in ((added, "added"), (len(own) - added - removed, "changed"),
                                                (removed, "removed")) if n]
        out.append(Change(commit, own[0].when, "", metric, f"{len(own):,} figures in one update: {', '.join(parts)}",
                          f"{', '.join(parts).capitalize()}: {figures}."))
    return out


def atom(changes: list[Change], site: str, built: dt.date, base: str = "") -> str:
    """The Atom 1.0 document (RFC 4287). Addresses are absolute with a published address ``base``, else
    site-relative."""
    home = page_url(HOME, base)
    updated = changes[0].when if changes else f"{built.isoformat()}T00:00:00Z"
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"  <title>{escape(site)}: changes to the data</title>",
        f"  <id>{escape(_tag(home, 'feed'))}</id>",
        f"  <updated>{escape(updated)}</updated>",
        f'  <link rel="alternate" href="{escape(home, {chr(34): "&quot;"})}"/>',
        f"  <author><name>{escape(site)}</name></author>",
    ]
    for change in changes:
        link = page_url(metric_page(change.metric), base) + (f"#{change.fact}" if change.fact else "")
        lines += [
            "  <entry>",
            f"    <title>{escape(change.title)}</title>",
            f"    <id>{escape(_tag(home, change.commit + '/' + (change.fact or 'update')))}</id>",
            f"    <updated>{escape(change.when)}</updated>",
            f'    <link rel="alternate" href="{escape(link, {chr(34): "&quot;"})}"/>',
            f"    <summary>{escape(change.summary)}</summary>",
            "  </entry>",
        ]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def _tag(home: str, specific: str) -> str:
    """A stable id: a tag URI when the site's address is known, else a URN that names the change."""
    if home.startswith("http"):
        return home.rstrip("/") + "/feed/" + specific
    return "urn:factsheet:" + specific
