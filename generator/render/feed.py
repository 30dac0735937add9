"""An Atom feed of changes to the data: each fact added, changed, re-ranked or removed, from git history.

One entry per change of a fact in one commit, with its value before and after, so a reader can follow
the figures without watching the repository. Built from the last commits that touched the data (a
bounded number: each is loaded like `diff` loads a revision); without git history there is no feed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from ..changes import fact_changes
from ..history import Revision, RevisionError, load_revision, run_git
from ..store import FactStore
from .cite import site_name
from .routes import HOME, metric_page, page_url

MAX_COMMITS = 20


@dataclass(frozen=True)
class Change:
    commit: str
    when: str  # ISO 8601, the commit's date
    fact: str
    metric: str
    title: str
    summary: str


def data_changes(data_dir: Path, limit: int = MAX_COMMITS) -> list[Change] | None:
    """The fact changes of the last ``limit`` commits that touched ``data_dir``, newest first; None without git."""
    data_dir = data_dir.resolve()
    try:
        # --parents: each commit's parent is the previous commit that touched the data (the same data as its
        # own parent), so one commit's "before" is the next one's "after".
        log = run_git(data_dir, "log", f"-n{limit}", "--parents", "--format=%H%x09%cI%x09%P", "--", ".").decode()
    except RevisionError:  # not a git repository, or no git
        return None
    changes = []
    # Newest first: the revision loaded as one commit's "before" is the next commit's "after", so it is kept
    # (one, not all: at scale each is a whole store). Loads: one per commit, not two.
    kept: tuple[str, Revision] | None = None
    for line in log.splitlines():
        commit, when, parents = (line.split("\t") + ["", ""])[:3]
        parent = parents.split()[0] if parents.split() else None
        try:
            after = kept[1] if kept and kept[0] == commit else load_revision(data_dir, data_dir, commit)
            before = load_revision(data_dir, data_dir, parent) if parent else None
        except RevisionError:
            kept = None
            continue  # the data folder did not exist then
        kept = (parent, before) if parent else None
        if before is None or before.store is None or after.store is None:
            continue
        for fact in fact_changes(before.store, after.store):
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
            changes.append(Change(commit, when, fact.id, fact.metric, title, summary))
    return changes


def data_feed(data_dir: Path, store: FactStore) -> str:
    """The Atom feed of recent changes to the facts (empty when the data has no git history)."""
    return atom(data_changes(data_dir) or [], site_name(), store.built_on)


def atom(changes: list[Change], site: str, built: dt.date) -> str:
    """The Atom 1.0 document (RFC 4287). Addresses are absolute when SITE_URL is set, else site-relative."""
    home = page_url(HOME)
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
        link = page_url(metric_page(change.metric)) + f"#{change.fact}"
        lines += [
            "  <entry>",
            f"    <title>{escape(change.title)}</title>",
            f"    <id>{escape(_tag(home, change.commit + '/' + change.fact))}</id>",
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
