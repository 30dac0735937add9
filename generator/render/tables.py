"""The pages' tables and citation marks, as raw HTML built in Python: a table of a thousand rows costs
Python-Markdown's inline patterns far more as Markdown. Each value links to its fact's anchor, each citation is
a footnote whose note shows the source and its words, as Python-Markdown's footnotes write them."""

from __future__ import annotations

import html
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

from ..numbers import count_of, figure_words
from ..quotes import figure_span, quote_page
from ..schema import Citation, Comparison, Entity, Fact, Metric, Person, Source, cell_place
from ..store import DerivedFigure, FactStore
from ..words import KIND_WORDS, QUALIFIER_LABELS, RANK_WORDS, human_date, in_sentence, period_words, status_words
from . import routes, svg
from .compare import by_year, difference, difference_words
from .escape import Markdown, html_text, link, marked_html
from .grid import provenance
from .routes import entity_page, heading_anchor, metric_page, person_page, source_page, timeline_page


@dataclass
class Page:
    """One page being rendered: knows its own path, so links can be made relative to it."""

    path: str
    notes: dict[str, str] = field(default_factory=dict)  # footnote label → its HTML, in order of first use
    refs: dict[str, tuple[int, int]] = field(default_factory=dict)  # footnote label → its number, references so far

    def href(self, target: str, anchor: str = "") -> str:
        """``target`` (a docs-relative file path) relative to this page, for Markdown links."""
        return routes.relative_href(self.path, target, anchor)

    def link(self, text: str, target: str, anchor: str = "") -> Markdown:
        return link(text, self.href(target, anchor))

    def url(self, target: str) -> str:
        """``target`` (docs-relative) relative to this page's address, for raw HTML."""
        return routes.relative_url(self.path, target)

    def a(self, text: str, target: str, anchor: str = "") -> str:
        """A link for raw HTML (the tables): ``target`` docs-relative, served at its directory URL."""
        return f'<a href="{html.escape(self.url(target))}{"#" + anchor if anchor else ""}">{html_text(text)}</a>'

    def ref(self, label: str, note: str) -> str:
        """A footnote reference (HTML, as Python-Markdown's footnotes write it, so the theme's tooltips show the
        note); ``note`` is the footnote's HTML, kept the first time the label is used."""
        if label not in self.notes:
            self.notes[label] = note
            self.refs[label] = (len(self.notes), 0)
        number, uses = self.refs[label]
        self.refs[label] = (number, uses + 1)
        anchor = "fnref" if uses == 0 else f"fnref{uses + 1}"  # one id per reference, as Python-Markdown does
        return f'<sup id="{anchor}:{label}"><a class="footnote-ref" href="#fn:{label}">{number}</a></sup>'

    def footnotes(self) -> Markdown:
        """The page's footnotes, numbered in order of first use, each with a link back to its reference."""
        if not self.notes:
            return Markdown("")
        items = "\n".join(
            f'<li id="fn:{label}">\n<p>{text}&#160;<a class="footnote-backref" href="#fnref:{label}" '
            f'title="Jump back to footnote {n} in the text">&#8617;</a></p>\n</li>'
            for n, (label, text) in enumerate(self.notes.items(), start=1))
        return Markdown(f'<div class="footnote">\n<hr>\n<ol>\n{items}\n</ol>\n</div>')

def html_table(head: Iterable[str], rows: Iterable[tuple[str | None, Iterable[str]]]) -> Markdown:
    """A table as one raw HTML block: a header row of plain text, then rows of HTML cells, each row with its
    anchor id (or None). Big tables cost Python-Markdown's inline patterns far more as Markdown, for the
    same table in the page."""
    lines = ["<table>", "<thead>", "<tr>" + "".join(f"<th>{html_text(h)}</th>" for h in head) + "</tr>", "</thead>",
             "<tbody>"]
    for row_id, cells in rows:
        opening = f'<tr id="{html.escape(row_id)}">' if row_id else "<tr>"
        lines.append(opening + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
    lines += ["</tbody>", "</table>"]
    return Markdown("\n".join(lines))


@lru_cache(maxsize=65536)  # a fact's quote shows on its metric, source and entity pages
def quote_html(quote: str, value: float, unit: str) -> str:
    """A quote as written (HTML), with the words that state ``value`` highlighted."""
    if unicodedata.normalize("NFKC", quote) == quote:
        span = figure_span(quote, value, unit)
        if span:
            return marked_html(quote, span)
    return html_text(quote)


def html_record(rows: Iterable[tuple[str, str]]) -> Markdown:
    """One record as a raw HTML table: each row a header cell naming the field, then the value's HTML cell."""
    lines = ["<table>", "<tbody>"]
    lines += [f'<tr><th scope="row">{html_text(name)}</th><td>{value}</td></tr>' for name, value in rows]
    lines += ["</tbody>", "</table>"]
    return Markdown("\n".join(lines))


def html_paragraph_list(paragraphs: Iterable[str]) -> Markdown:
    """Paragraphs of HTML as a numbered list, one raw HTML block (as Python-Markdown writes a loose list)."""
    items = "".join(f"<li>\n<p>{paragraph}</p>\n</li>\n" for paragraph in paragraphs)
    return Markdown(f"<ol>\n{items}</ol>" if items else "")

class Tables:
    """The tables of every page kind, and the marks a table cell or a template puts beside a value."""

    def __init__(self, store: FactStore, elsewhere: dict[str, set[str]] | None = None,
                 archived: dict[str, str] | None = None):
        self.store = store
        self.archived = archived or {}  # source id → archived text: where a report's quotes stand, by page
        # Metric → the entities whose values are listed on their own page, not the metric's: a metric of more
        # entities than its chart draws keeps its page to the drawn ones (a table of every country's every
        # year would grow without bound).
        self.elsewhere = elsewhere or {}

    def home(self, fact: Fact | DerivedFigure) -> str:
        """The page that lists the value with its anchor: its metric's, or its entity's for a metric that
        lists only the entities its chart draws."""
        if fact.entity in self.elsewhere.get(fact.metric, ()) and not getattr(fact, "is_derived", False):
            return entity_page(fact.entity)
        return metric_page(fact.metric)

    def value(self, fact: Fact | DerivedFigure) -> str:
        return figure_words(fact, self.store.metrics[fact.metric].unit)

    def words(self, quote: str, fact: Fact | None = None) -> str:
        """A quote shown as written (HTML), with the words that state the fact's figure highlighted."""
        if fact is None:
            return html_text(quote)
        return quote_html(quote, fact.value, self.store.metrics[fact.metric].unit)

    def evidence(self, citation: Citation, fact: Fact | None = None) -> str:
        """What a citation shows (HTML): the quote in quotation marks, its figure highlighted; or the table's
        cell as written, where it stands and the credit the source's licence asks for."""
        if citation.cell is None:
            return f"“{self.words(citation.quote or '', fact)}”{self.place(citation)}"
        source = self.store.sources[citation.source]
        credit = f"; {html_text(source.attribution)}" if source.attribution else ""
        # Out of the search index: a table's raw numbers ('630123456') would bury the figures readers search for.
        return (f"<span data-search-exclude><mark>{html_text(citation.cell.text)}</mark> in the table at "
                f"{html_text(cell_place(citation.cell))}{credit}{self.place(citation)}</span>")

    def place(self, citation: Citation) -> str:
        """Where in its source a quote stands, for a reader to find it (HTML): ' (p. 72)' in a report with pages,
        ' (excerpt of the page)' for a source archived as an excerpt (a quote, or a cell of a table in it); ''
        otherwise."""
        source = self.store.sources[citation.source]
        marks = []
        page = quote_page(self.archived.get(citation.source, ""), citation.quote or "")
        if page:
            marks.append(f"p. {page}")
        if source.excerpt is not None:
            marks.append("excerpt of the page")
        return f" ({html_text(', '.join(marks))})" if marks else ""

    def cell_words(self, citation: Citation) -> str:
        """A cited cell in plain words (HTML-escaped), for a footnote: the theme shows footnotes in a muted colour
        that a highlight would leave unreadable."""
        source = self.store.sources[citation.source]
        credit = f"; {source.attribution}" if source.attribution else ""
        return html_text(f"{citation.cell.text} in the table at {cell_place(citation.cell)}{credit}") + self.place(citation)

    def cite(self, page: Page, fact: Fact) -> str:
        """Footnote references (HTML) to a fact's sources; each footnote shows the source and the quote."""
        return self.cite_quotes(page, fact, fact.citations)

    def cite_quotes(self, page: Page, fact: Fact, citations: list[Citation]) -> str:
        """:meth:`cite` for some of a fact's citations (the grid cites its table cells in place)."""
        refs = []
        for i, citation in ((fact.citations.index(c) + 1, c) for c in citations):
            source = self.store.sources[citation.source]
            words = (f"“{html_text(citation.quote)}”{self.place(citation)}" if citation.cell is None
                     else self.cell_words(citation))
            note = f"{page.a(source.title, source_page(source.id))} ({html_text(self.byline(source))}): {words}"
            refs.append(page.ref(f"{fact.id}-{i}", note))
        return "<sup>,</sup>".join(refs)

    @staticmethod
    def byline(source: Source) -> str:
        """Publisher and date as far as they are known: 'China Daily, 23 April 2025', 'undated'."""
        parts = [source.publisher] if source.publisher != "unknown" else []
        if source.published:
            parts.append(human_date(source.published))
        else:
            parts.append(f"updated {human_date(source.updated)}" if source.updated else "undated")
        return ", ".join(parts)

    def fact_link(self, page: Page, fact: Fact | DerivedFigure, text: str | None = None) -> Markdown:
        """A link to the fact's permanent anchor on its metric page."""
        return page.link(text if text is not None else self.value(fact), self.home(fact), fact.id)

    def fact_a(self, page: Page, fact: Fact | DerivedFigure, text: str | None = None) -> str:
        """:meth:`fact_link` for raw HTML (the tables)."""
        return page.a(text if text is not None else self.value(fact), self.home(fact), fact.id)

    def source_links(self, page: Page, fact: Fact) -> str:
        titles = {c.source: self.store.sources[c.source].title for c in fact.citations}
        return "; ".join(page.a(title, source_page(sid)) for sid, title in titles.items())

    @staticmethod
    def status(fact: Fact) -> str:
        """What a reader must know before using the value, in words."""
        return status_words(fact.qualifier, fact.rank)

    def facts_table(self, page: Page, facts: list[Fact]) -> Markdown:
        store = self.store
        return html_table(("Period", "Who", "Value", "Qualifier", "Rank", "Source and its words"), (
            (fact.id, (html_text(period_words(fact)), page.a(store.entities[fact.entity].name, entity_page(fact.entity)),
                       html_text(self.value(fact)) + self.cite(page, fact), QUALIFIER_LABELS[fact.qualifier],
                       RANK_WORDS[fact.rank],
                       "<br>".join(f"{self.evidence(c, fact)} — "
                                   f"{page.a(store.sources[c.source].title, source_page(c.source))}"
                                   for c in fact.citations)))
            for fact in facts))

    def grid_table(self, page: Page, facts: list[Fact]) -> Markdown:
        from .grid import grid_table

        return grid_table(self, page, facts)

    def headlines_table(self, page: Page, headlines: list[tuple[Metric, Fact]]) -> Markdown:
        return html_table(("Figure", "Value", "Period", "Who", "Source"), (
            (None, (page.a(m.label, metric_page(m.id)), self.fact_a(page, f) + self.cite(page, f),
                    html_text(period_words(f)), html_text(self.store.entities[f.entity].name),
                    self.source_links(page, f)))
            for m, f in headlines))

    def others_table(self, page: Page, rows: list[tuple[Entity, int, Fact]]) -> Markdown:
        """The entities a metric's page does not list value by value: each with its count and latest value, which
        links to the entity's page, where its every value is."""
        return html_table(("Who", "Values", "Latest reported value", "Period"), (
            (None, (page.a(entity.name, entity_page(entity.id)), str(count), self.fact_a(page, latest),
                    html_text(period_words(latest))))
            for entity, count, latest in rows))

    def series_table(self, page: Page, rows: list[tuple[Metric, Entity, list[Fact]]]) -> Markdown:
        """A source's figures by series: metric, entity, years and how many values, the first and the latest."""
        return html_table(("Figure", "Who", "Years", "Values", "First", "Latest"), (
            (None, (page.a(metric.label, metric_page(metric.id)), page.a(entity.name, entity_page(entity.id)),
                    html_text(f"{own[0].period.year}–{own[-1].period.year}" if len(own) > 1 else str(own[0].period)),
                    str(len(own)), self.fact_a(page, own[0]), self.fact_a(page, own[-1])))
            for metric, entity, own in rows))

    def derived_table(self, page: Page, derived: list[DerivedFigure]) -> Markdown:
        store = self.store
        return html_table(("Period", "Who", "Value", "Formula", "From"), (
            (figure.id, (html_text(period_words(figure)), html_text(store.entities[figure.entity].name),
                         html_text(self.value(figure)), html_text(figure.formula),
                         ", ".join(self.fact_a(page, i, f"{store.metrics[i.metric].label} {i.period}")
                                   for i in figure.inputs)))
            for figure in derived))

    def figures_table(self, page: Page, rows: list[tuple[Metric, Fact, list[Fact], list[Fact]]]) -> Markdown:
        """An entity's figures: each metric's latest preferred reported value (or its latest value with what it
        is), its reported values over the years as a small line, and whose series they are."""
        def latest(fact: Fact, current: bool) -> str:
            shown = self.fact_a(page, fact) + self.cite(page, fact)
            return shown if current else f"none reported; latest value {shown} ({html_text(self.status(fact))})"

        def years(facts: list[Fact], reported: list[Fact]) -> str:
            spark = svg.sparkline([(f.period.year, f.value) for f in reported])
            span = sorted({f.period.year for f in reported})
            words = count_of(len(facts), "value") + (f", reported {span[0]}–{span[-1]}" if len(span) > 1 else "")
            return f"{spark} {html_text(words)}" if spark else html_text(words)

        def publishers(facts: list[Fact]) -> str:
            named = Counter(self.store.sources[c.source].publisher for f in facts for c in f.citations)
            return html_text("; ".join(p for p, _ in named.most_common() if p != "unknown") or "unknown")

        return html_table(("Figure", "Latest reported value", "Period", "Over the years", "Series from"), (
            (None, (page.a(metric.label, metric_page(metric.id)), latest(fact, bool(reported)),
                    html_text(period_words(fact)), years(facts, reported), publishers(facts)))
            for metric, fact, facts, reported in rows))

    def comparison_table(self, page: Page, comparison: Comparison) -> Markdown:
        """A comparison's values: a row per year, latest first; a column per metric, each value linked to its
        anchor with its sources; and the difference of two metrics in one unit, computed here."""
        def cell(fact: Fact | None) -> str:
            if fact is None:
                return ""
            title, refs = provenance(self, page, fact)
            return page.a(self.value(fact), metric_page(fact.metric), fact.id).replace("<a ", f"<a{title} ", 1) + refs

        store = self.store
        metrics = [store.metrics[m] for m in comparison.metrics]
        pair = difference(comparison, store)
        head = ["Year", *(m.label for m in metrics)]
        if pair:
            head.append(f"{metrics[pair[0]].label} less {in_sentence(metrics[pair[1]].label)} (computed here)")
        rows = []
        for year, facts in by_year(store, comparison):
            cells = [html_text(str(year))]
            cells += [cell(f) for f in facts]
            if pair:
                cells.append(html_text(difference_words(facts[pair[0]], facts[pair[1]], metrics[pair[0]].unit)))
            rows.append((None, cells))
        return html_table(head, rows)

    def source_facts_table(self, page: Page, facts: list[tuple[Fact, list]]) -> Markdown:
        store = self.store
        words = "Quote" if all(c.cell is None for _, cs in facts for c in cs) else "Cell"
        return html_table(("Figure", "Who", "Period", "Value", words), (
            (None, (page.a(store.metrics[fact.metric].label, metric_page(fact.metric)),
                    html_text(store.entities[fact.entity].name), html_text(period_words(fact)),
                    self.fact_a(page, fact) + (f" ({html_text(status)})" if (status := self.status(fact)) else ""),
                    "<br>".join(self.evidence(c, fact) for c in citations)))
            for fact, citations in facts))

    def year_table(self, page: Page, facts: list[Fact], derived: list[DerivedFigure]) -> Markdown:
        store = self.store
        rows = [(None, (page.a(store.metrics[f.metric].label, metric_page(f.metric)),
                        html_text(store.entities[f.entity].name), self.fact_a(page, f) + self.cite(page, f),
                        html_text(period_words(f)), html_text(self.status(f)))) for f in facts]
        rows += [(None, (page.a(store.metrics[d.metric].label, metric_page(d.metric)),
                         html_text(store.entities[d.entity].name), self.fact_a(page, d), html_text(period_words(d)),
                         f"derived: {html_text(d.formula)}")) for d in derived]
        return html_table(("Figure", "Who", "Value", "Period", "Note"), rows)

    def conflict_table(self, page: Page, facts: list[Fact]) -> Markdown:
        return html_table(("Period", "Value", "Rank", "Source", "Why"), (
            (None, (html_text(period_words(f)), self.fact_a(page, f) + self.cite(page, f), RANK_WORDS[f.rank],
                    self.source_links(page, f), html_text(f.reason) if f.reason else "preferred"))
            for f in facts))

    def metrics_table(self, page: Page, groups: list[tuple[Metric, int, Fact | None, int]]) -> Markdown:
        def latest(count: int, fact: Fact | None, derived: int) -> str:
            if fact:
                return self.fact_a(page, fact)
            if count:
                return f"none reported; see the {count} other value(s) and why they rank lower"
            return "none reported; derived only" if derived else "none reported"

        return html_table(("Metric", "Unit", "Latest value", "Period", "Values"), (
            (None, (page.a(m.label, metric_page(m.id)), html_text(m.unit), latest(count, fact, derived),
                    html_text(period_words(fact)) if fact else "", str(count)))
            for m, count, fact, derived in groups))

    def entities_table(self, page: Page, entities: list[Entity], counts: dict[str, int]) -> Markdown:
        return html_table(("Name", "Kind", "Figures"), (
            (None, (page.a(e.name, entity_page(e.id)), html_text(e.kind), str(counts.get(e.id, 0)))) for e in entities))

    def people_table(self, page: Page, people: list[Person], counts: dict[str, int]) -> Markdown:
        return html_table(("Name", "Role", "Statements"), (
            (None, (page.a(p.name, person_page(p.id)), html_text(p.role), str(counts.get(p.id, 0)))) for p in people))

    def sources_table(self, page: Page, sources: list[Source], counts: dict[str, int]) -> Markdown:
        def published(source: Source) -> str:
            if source.published or not source.updated:
                return human_date(source.published)
            return f"updated {human_date(source.updated)}"

        return html_table(("Source", "Publisher", "Published", "Kind", "Figures"), (
            (None, (page.a(s.title, source_page(s.id)), html_text(s.publisher), html_text(published(s)),
                    KIND_WORDS[s.kind], str(counts.get(s.id, 0))))
            for s in reversed(sources)))

    def years_table(self, page: Page, sections: list[dict], groups: list[str]) -> Markdown:
        """The timeline's years: each year's figures, in all and by group (each count a link to that group's
        section of the year's page), and its events."""
        def row(section: dict) -> list[str]:
            year = section["year"]
            if section["empty"]:
                span = str(year) + (f"–{section['until']}" if section["until"] != year else "")
                return [span, "nothing recorded", *[""] * len(groups), ""]
            by_group = [page.a(str(n), timeline_page(year), heading_anchor(g)) if n else ""
                        for g, n in zip(groups, section["groups"])]
            return [page.a(str(year), timeline_page(year)), str(section["figures"]), *by_group, str(section["events"])]

        return html_table(("Year", "Figures", *groups, "Events"), ((None, row(s)) for s in sections))
