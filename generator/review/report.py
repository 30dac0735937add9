"""The review report as Markdown for a pull request comment, and as JSON."""

from __future__ import annotations

import json
from dataclasses import asdict

from ..numbers import count_of
from ..render.escape import escape_text
from .compare import REVISED, Report, Thresholds


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
    if report.revisions:
        parts.append(f"**{REVISED}:** {count_of(len(report.revisions), 'value')}.")
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
    if report.revisions:
        out += [f"### {REVISED}", "", "New versions of cited tables changed these values; each earlier value stays, "
                "ranked down with the publisher's revision as its reason.", ""]
        out += [f"- **{r.year} · {_md(r.entity)}**, {_md(r.metric_label)}: {_md(r.before)} → **{_md(r.after)}** "
                f"({r.change} in {_md(r.version)}; `{r.old_id}` → `{r.new_id}`)" for r in report.revisions] + [""]
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
