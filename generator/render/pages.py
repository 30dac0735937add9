"""Fact store → Markdown pages (path relative to the docs directory → text).

Python decides what goes on a page; the Jinja templates in ``templates/`` only lay it out.
Every value a template prints is escaped unless a helper here built it as trusted Markdown.
"""

from __future__ import annotations

import html
import json
from collections import Counter, defaultdict
from functools import cached_property
from pathlib import Path
from typing import Any, Iterable, Iterator

import jinja2

from ..freshness import DEFAULT_MAX_AGE, MaxAge, age_words, freshness
from ..numbers import count_of
from ..schema import Citation, Comparison, Entity, Event, Fact, Metric, PartialDate, Person, Source
from ..settings import Settings
from ..store import DerivedFigure, FactStore, group_of
from ..words import QUALIFIER_LABELS, RANK_WORDS, human_date, period_words
from . import routes
from .charts import charts, figure_html, glance_html, listed_elsewhere
from .compare import chart_keys, comparison_charts, difference
from .cite import citation_html, site_name
from .escape import Markdown, finalize, link
from .routes import (SITE_CARD, absolute_url, card_path, chart_csv, comparison_page, entity_page, metric_page,
                     page_url, person_page, source_page, timeline_page)
from .grid import wants_grid
from .sourcepage import excerpts, source_fields
from .tables import Page, Tables, html_paragraph_list, html_record

TEMPLATES = Path(__file__).parent / "templates"
HOME_ENTITIES = 12  # entities the home page names; the entities page has every one
SOURCE_ROWS = 100  # a source with more figures lists them as series (a table of every country's every year)


class Renderer:
    """Renders every generated page of the site from one fact store."""

    def __init__(self, store: FactStore, max_age: MaxAge = MaxAge.parse(DEFAULT_MAX_AGE), *,
                 archive_dir: Path | None = None, archived: dict[str, str] | None = None,
                 settings: Settings | None = None):
        self.store = store
        self.site_url = (settings or Settings.from_environment()).site_url  # the published address, or 
        self.charts = charts(store) | comparison_charts(store)
        # Source id → its archived text, digest checked: given by the build (which read them to verify the
        # quotes), or read here from archive_dir.
        if archived is None and archive_dir is not None:
            from ..evidence import archived_texts

            archived = archived_texts(store, archive_dir)[0]
        self.archived = archived or {}
        self.tables = Tables(store, listed_elsewhere(store), self.archived)
        self.site = site_name()
        self.max_age = max_age  # a metric whose latest figure is older is marked as possibly out of date
        self.built = human_date(PartialDate(store.built_on.year, store.built_on.month, store.built_on.day))
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES),
            undefined=jinja2.StrictUndefined,
            finalize=finalize,
            autoescape=False,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.globals.update(
            value=self.tables.value, human_date=human_date,
            rank_word=lambda rank: RANK_WORDS[rank],
            qualifier_word=lambda q: QUALIFIER_LABELS[q], external_link=link, byline=self.tables.byline,
            period=period_words, routes=routes,
        )

    # ----------------------------------------------------------------- pages
    def render(self, template: str, path: str, description: str | None = None, *, searched: bool = True,
               card: tuple[str, str] | None = None, **context: Any) -> str:
        """A page from its template; ``searched=False`` keeps it out of the search index (a page that only
        lists, again, what other pages hold)."""
        page = Page(path)
        text = self.env.get_template(template).render(
            page=page, store=self.store,
            table=lambda kind, *rows: getattr(self.tables, f"{kind}_table")(page, *rows),
            fact_link=lambda f, text=None: self.tables.fact_link(page, f, text), status=self.tables.status,
            link=page.link, **context,
        )
        # The navigation tabs list every section; the left sidebar would only repeat them. The description
        # (for search engines and shared links) is a JSON string, valid YAML whatever the data says, and
        # HTML-escaped: both engines' templates put it into an attribute as it is.
        meta = (f"description: {json.dumps(html.escape(meta_text(description)), ensure_ascii=False)}\n"
                if description else "")
        # The printed page's address line is not something to search for.
        printed = (f'<p class="fs-print-only" data-search-exclude>Fact sheet '
                   f'<span class="fs-page-url">{html.escape(page_url(path, self.site_url))}</span>, '
                   f"built on {html.escape(self.built)}; every figure with its source and the source's words.</p>")
        # A metric's page is what most searches are for: ranked above the sources that mention its words, and a
        # headline metric's (R&D spending, licensing revenue) above the other metrics that share a word with it.
        unsearched = "" if searched else "search:\n  exclude: true\n"
        if searched and template == "metric.md.j2":
            unsearched = f"search:\n  boost: {3 if context['metric'].headline else 2}\n"
        image = absolute_url(card[0], self.site_url) if card else None
        if card and image:  # the shared-link picture at its full address and its text alternative (escaped by the theme)
            meta += f"image: {json.dumps(image)}\nimage_alt: {json.dumps(meta_text(card[1], 400), ensure_ascii=False)}\n"
        return f"---\nhide:\n  - navigation\n{meta}{unsearched}---\n\n" + text.rstrip("\n") + "\n\n" + printed + "\n"

    def iter_pages(self) -> Iterator[tuple[str, str]]:
        """Every page as (path, text), rendered as it is asked for, so a large site is never held whole."""
        store = self.store
        yield routes.HOME, self.home()
        yield from self.iter_timeline()
        yield routes.CONFLICTS, self.render(
            "conflicts.md.j2", routes.CONFLICTS, conflicts=store.conflicts,
            description=f"Where sources disagree: {count_of(len(store.conflicts), 'figure')} stated differently by "
                        "different sources, each value kept and ranked with the reason.")
        # The index pages list what the item pages hold (which search finds), and grow with the data: one
        # section of 2,000 entities is more than Zensical's search index takes.
        yield routes.METRICS, self.render("metrics_index.md.j2", routes.METRICS, searched=False,
                                         groups=self.metric_rows(), comparisons=list(store.comparisons.values()),
                                         description=f"Every metric on this site ({len(store.metrics)}), with its "
                                                     "number of values and its latest reported value.")
        yield routes.ENTITIES, self.render(
            "entities_index.md.j2", routes.ENTITIES, searched=False,
            description=f"Every country, company and organisation the figures describe ({len(store.entities):,}), "
                        "with its number of figures.",
            entities=sorted(store.entities.values(), key=lambda e: e.name.lower()),
            counts=self._count(f.entity for f in store.facts.values()))
        yield routes.PEOPLE, self.render(
            "people_index.md.j2", routes.PEOPLE, searched=False,
            description=f"Every person whose statements the sources quote ({len(store.people):,}).",
            people=sorted(store.people.values(), key=lambda p: p.name.lower()),
            counts=self._count(s.speaker for s in store.statements.values()))
        yield routes.SOURCES, self.render(
            "sources_index.md.j2", routes.SOURCES, searched=False, sources=self.sources_by_date(),
            description=f"Every source behind the figures ({len(store.sources):,}), newest first: each archived with "
                        "its digest, so every quote can be checked.",
            counts=self._count(c.source for f in store.facts.values() for c in f.citations))
        for metric in store.metrics.values():
            yield metric_page(metric.id), self.metric(metric)
        for comparison in store.comparisons.values():
            yield comparison_page(comparison.id), self.comparison(comparison)
        for entity in store.entities.values():
            yield entity_page(entity.id), self.entity(entity)
        for person in store.people.values():
            yield person_page(person.id), self.person(person)
        for source in store.sources.values():
            yield source_page(source.id), self.source(source)

    @staticmethod
    def _count(items: Iterable[str]) -> dict[str, int]:
        counts: dict[str, int] = {}
        for item in items:
            counts[item] = counts.get(item, 0) + 1
        return counts

    def newest_source_date(self) -> PartialDate | None:
        """The newest date a source states (published, else updated): what the data is as of."""
        dates = [s.published or s.updated for s in self.store.sources.values() if s.published or s.updated]
        return max(dates) if dates else None

    def latest_preferred(self, metric_id: str) -> Fact | None:
        reported = self.store.reported(metric_id)
        return reported[-1] if reported else None

    def home(self) -> str:
        store = self.store
        # The entities with most figures (the entities page lists them all): the home page keeps its size.
        counts = self._count(f.entity for f in store.facts.values())
        ranked = sorted(counts, key=lambda e: (-counts[e], e))
        shown = sorted((store.entities[e] for e in ranked[:HOME_ENTITIES]), key=lambda e: e.id)
        headlines = [(m, self.latest_preferred(m.id)) for m in store.metrics.values() if m.headline]
        page = Page(routes.HOME)
        glance = [Markdown(glance_html([self.charts[key] for key in keys], page.url(target), title))
                  for keys, target, title in self.glanced() if all(self.charts[key].static[0] for key in keys)]
        return self.render(
            "home.md.j2", routes.HOME, description=self.site_summary(), glance=glance,
            headlines=[(m, f) for m, f in headlines if f is not None],
            as_of=self.newest_source_date(), years=store.years(),
            counts=counted(facts=len(store.facts), derived=len(store.derived), sources=len(store.sources),
                           events=len(store.events), statements=len(store.statements), conflicts=len(store.conflicts)),
            entities=shown, more=len(ranked) - len(shown),
        )

    def glanced(self) -> list[tuple[list[str], str, str | None]]:
        """What leads the home page: the comparisons marked 'glance' (their charts, their title), then the
        metrics."""
        store = self.store
        glanced = [(chart_keys(store, c), comparison_page(c.id), c.title) for c in store.comparisons.values() if c.glance]
        return ([entry for entry in glanced if entry[0]]
                + [([m.id], metric_page(m.id), None) for m in store.metrics.values() if m.glance and m.id in self.charts])

    def comparison(self, comparison: Comparison) -> str:
        store = self.store
        path = comparison_page(comparison.id)
        page = Page(path)
        keys = chart_keys(store, comparison)
        entity = store.entities[comparison.entity]
        return self.render(
            "comparison.md.j2", path, comparison=comparison, metrics=[store.metrics[m] for m in comparison.metrics],
            entity_link=page.link(entity.name, entity_page(entity.id)),
            charts=[Markdown(figure_html(self.charts[key], csv_href=page.url(chart_csv(key)))) for key in keys],
            difference=difference(comparison, store) is not None,
            description=comparison.description or comparison.title,
            citation=self.citation(comparison.title, path),
        )

    def timeline(self) -> dict[str, str]:
        return dict(self.iter_timeline())

    def iter_timeline(self) -> Iterator[tuple[str, str]]:
        """One page per year with entries, as each is rendered, then the timeline's index (the picture and a
        table of years).

        A page per year keeps each page to one year's entries, however many years the data covers.
        """
        store = self.store
        years = store.years()
        facts_in: dict[int, list[Fact]] = defaultdict(list)
        elsewhere_in: dict[int, int] = defaultdict(int)  # values listed on their entities' pages, by year
        in_group: dict[int, Counter] = defaultdict(Counter)  # the figures a year's page lists, by their metric's group
        for fact in sorted(store.facts.values(), key=lambda f: (store.metrics[f.metric].label.lower(), f.entity, f.period, f.rank != "preferred")):
            if fact.entity in self.tables.elsewhere.get(fact.metric, ()):
                elsewhere_in[fact.period.year] += 1
            else:
                facts_in[fact.period.year].append(fact)
                in_group[fact.period.year][group_of(store.metrics[fact.metric])] += 1
        derived_in: dict[int, list[DerivedFigure]] = defaultdict(list)
        for figure in sorted(store.derived.values(), key=lambda d: d.id):
            derived_in[figure.period.year].append(figure)
            in_group[figure.period.year][group_of(store.metrics[figure.metric])] += 1
        groups = store.metric_groups()
        groups = groups if len(groups) > 1 else []  # one group is no grouping: the year's figures as one list
        events_in: dict[int, list[Event]] = defaultdict(list)
        for event in sorted(store.events.values(), key=lambda e: (e.date, e.id)):
            events_in[event.date.year].append(event)
        busy = sorted(set(years) | set(derived_in))  # a derived figure may fall in a year nothing else does
        sections = []
        for i, year in enumerate(busy):
            if i and busy[i - 1] < year - 1:
                sections.append({"year": busy[i - 1] + 1, "until": year - 1, "empty": True})
            sections.append({"year": year, "empty": False, "figures": len(facts_in[year]) + len(derived_in[year]) + elsewhere_in[year],
                             "events": len(events_in[year]), "groups": [in_group[year][g] for g in groups]})
            yield timeline_page(year), self.render(
                # A year's figures are each on their metric page (which search finds) with the source's words.
                "timeline_year.md.j2", timeline_page(year), searched=False, year=year, facts=facts_in[year],
                grouped=[(g, [f for f in facts_in[year] if group_of(store.metrics[f.metric]) == g],
                          [d for d in derived_in[year] if group_of(store.metrics[d.metric]) == g]) for g in groups
                         if in_group[year][g]] if groups else [(None, facts_in[year], derived_in[year])],
                description=f"{year}: {count_of(len(facts_in[year]) + len(derived_in[year]) + elsewhere_in[year], 'figure')} "
                            f"and {count_of(len(events_in[year]), 'event')}, each with its source.",
                elsewhere=elsewhere_in[year],
                derived=derived_in[year], events=events_in[year],
                previous=busy[i - 1] if i else None, following=busy[i + 1] if i + 1 < len(busy) else None)
        picture = self.charts.get("timeline")
        note = ("Select a marker to open its entry, or its year where it holds several; the table below "
                "links every year's figures and events.")
        yield routes.TIMELINE, self.render(
            "timeline_index.md.j2", routes.TIMELINE, sections=sections, groups=groups,
            description=(f"Year by year from {busy[0]} to {busy[-1]}: every figure and event, with its source."
                         if busy else "Year by year: every figure and event, with its source."),
            chart=Markdown(figure_html(picture, note)) if picture else None)

    def metric_rows(self) -> list[tuple[Metric, int, Fact | None, int]]:
        """Each metric, its number of values, its latest reported value, and how many derived figures it has."""
        return [(m, len(self.store.facts_of_metric(m.id)), self.latest_preferred(m.id),
                 len(self.store.related.derived_by_metric.get(m.id, [])))
                for m in sorted(self.store.metrics.values(), key=lambda m: m.label.lower())]

    def metric(self, metric: Metric) -> str:
        store, related = self.store, self.store.related
        every = store.facts_of_metric(metric.id)
        elsewhere = self.tables.elsewhere.get(metric.id, set())
        facts = [f for f in every if f.entity not in elsewhere]
        return self.render(
            "metric.md.j2", metric_page(metric.id), description=self.metric_description(metric), metric=metric, facts=facts,
            grid=wants_grid(facts), from_tables=any(c.cell for f in facts for c in f.citations),
            others=self.others(metric.id, [f for f in every if f.entity in elsewhere]),
            listed=len({f.entity for f in facts}),
            card=(card_path(metric_page(metric.id)), ", ".join(self.metric_card(metric))),
            chart=self.chart_or_card(metric),
            lower=[f for f in facts if f.rank != "preferred"],
            derived=sorted(related.derived_by_metric.get(metric.id, []), key=lambda d: (d.period, d.id)),
            used_in=sorted(related.derived_from_metric.get(metric.id, []), key=lambda d: d.id),
            conflicts=related.conflicts_by_metric.get(metric.id, []),
            fresh=freshness(store, metric, self.max_age), max_age=str(self.max_age), age_words=age_words,
            built=self.built, citation=self.citation(metric.label, metric_page(metric.id)),
            sources=[store.sources[sid] for sid in dict.fromkeys(c.source for f in facts for c in f.citations)],
            csv=chart_csv(self.charts[metric.id].key) if metric.id in self.charts else None,
            compared=[c for c in store.comparisons.values() if metric.id in c.metrics],
        )

    def others(self, metric_id: str, facts: list[Fact]) -> list[tuple[Entity, int, Fact]]:
        """For each entity listed on its own page: how many values, and its latest reported one (or latest)."""
        by_entity: dict[str, list[Fact]] = defaultdict(list)
        for fact in facts:
            by_entity[fact.entity].append(fact)
        rows = []
        for entity_id, own in by_entity.items():
            reported = [f for f in own if f.rank == "preferred"] or own
            rows.append((self.store.entities[entity_id], len(own), reported[-1]))
        return sorted(rows, key=lambda r: r[0].name.lower())

    def entity(self, entity: Entity) -> str:
        store, related = self.store, self.store.related
        metrics = sorted({f.metric for f in related.facts_by_entity.get(entity.id, [])},
                         key=lambda m: store.metrics[m].label.lower())
        rows = []
        for metric_id in metrics:
            facts = [f for f in store.facts_of_metric(metric_id) if f.entity == entity.id]
            preferred = store.reported(metric_id, entity.id)
            # Without a reported result, the latest value is shown with what it is (disputed, a target …).
            rows.append((store.metrics[metric_id], preferred[-1] if preferred else facts[-1], facts, preferred))
        return self.render(
            "entity.md.j2", entity_page(entity.id), entity=entity, rows=rows,
            compared=[c for c in store.comparisons.values() if c.entity == entity.id],
            series=[(store.metrics[m], [f for f in store.facts_of_metric(m) if f.entity == entity.id])
                    for m in metrics if entity.id in self.tables.elsewhere.get(m, ())],
            description=f"{entity.name}: {count_of(len(rows), 'figure')} from its sources, each with the source's own "
                        f"words. {entity.description or ''}",
            card=(card_path(entity_page(entity.id)), ", ".join(self.entity_card(entity))),
            parent=store.entities.get(entity.part_of) if entity.part_of else None,
            parts=sorted(related.parts_of.get(entity.id, []), key=lambda e: e.name),
            events=sorted(related.events_by_entity.get(entity.id, []), key=lambda e: (e.date, e.id)),
            people=sorted(related.people_by_affiliation.get(entity.id, []), key=lambda p: p.name),
            citation=self.citation(entity.name, entity_page(entity.id)),
        )

    def person(self, person: Person) -> str:
        store, related = self.store, self.store.related
        statements = sorted(related.statements_by_speaker.get(person.id, []),
                            key=lambda s: (s.date is None, s.date or PartialDate(0), s.id))
        return self.render(
            "person.md.j2", person_page(person.id), person=person,
            description=f"{person.name}, {person.role}: statements quoted by the sources.",
            affiliation=store.entities[person.affiliation], source=store.sources[person.citation.source],
            statements=[(s, store.sources[s.source]) for s in statements],
            events=sorted(related.events_by_entity.get(person.id, []), key=lambda e: (e.date, e.id)),
        )

    def chart_or_card(self, metric: Metric) -> Markdown | None:
        """The metric's chart; for a single value, a big-number card: the value in the source's words, its
        period and qualifier, the quote and its source, which say more than a chart with one point."""
        here = Page(metric_page(metric.id))
        found = self.charts.get(metric.id)
        for owner in self.store.related.charted_with.get(metric.id, []):  # drawn on a shared chart
            found = found or self.charts.get(owner)
        if found is not None:
            return Markdown(figure_html(found, csv_href=here.url(chart_csv(found.key))))
        facts = self.store.facts_of_metric(metric.id)
        derived = self.store.related.derived_by_metric.get(metric.id, [])
        if len(facts) + len(derived) != 1 or metric.chart_with or metric.id in self.store.related.charted_with:
            return None
        if derived:
            figure = derived[0]
            return Markdown(
                f'<div class="fs-card">\n<p class="fs-card__value">{html.escape(self.tables.value(figure))}</p>\n'
                f'<p class="fs-card__meta">{html.escape(period_words(figure))} · '
                f"{html.escape(self.store.entities[figure.entity].name)} · derived by this site: "
                f"{html.escape(figure.formula)}</p>\n</div>")
        fact = facts[0]
        citation = fact.citations[0]
        source = self.store.sources[citation.source]
        status = self.tables.status(fact)
        return Markdown(
            f'<div class="fs-card">\n<p class="fs-card__value">{html.escape(self.tables.value(fact))}</p>\n'
            f'<p class="fs-card__meta">{html.escape(period_words(fact))} · '
            f"{html.escape(self.store.entities[fact.entity].name)} · {html.escape(QUALIFIER_LABELS[fact.qualifier])}"
            f"{' · ' + html.escape(status) if status else ''}</p>\n"
            f'<blockquote class="fs-card__quote"><p>{self.tables.evidence(citation) if citation.cell else "“" + html.escape(citation.quote or "") + "”" + self.tables.place(citation)}</p></blockquote>\n'
            f'<p class="fs-card__source">— <a href="{html.escape(here.url(source_page(source.id)))}">'
            f"{html.escape(source.title)}</a>, {html.escape(self.tables.byline(source))}</p>\n</div>")

    # ----------------------------------------------------------------- shared-link cards
    def metric_card(self, metric: Metric) -> tuple[str, str, str]:
        """Title, figure and details for the metric's card: its latest reported value in its words, or none."""
        latest = self.latest_preferred(metric.id)
        if latest is None:
            return metric.label, "No reported value", "Every value, with its source, on this site"
        return (metric.label, self.tables.value(latest),
                f"{period_words(latest)} · {self.store.entities[latest.entity].name} · {self.store.source_titles(latest)}")

    def entity_card(self, entity: Entity) -> tuple[str, str, str]:
        figures = len({f.metric for f in self.store.related.facts_by_entity.get(entity.id, [])})
        return (entity.name, count_of(figures, "figure"),
                "Each with its source and the source's own words" + (f" · {entity.description}" if entity.description else ""))

    def cards(self) -> Iterator[tuple[str, bytes]]:
        """The shared-link picture of every metric and entity page (PNG), one at a time; none without a
        published address (SITE_URL), since shared links need the picture's full address (about 8 ms a page)."""
        from .cards import card

        if not self.site_url:
            return

        store, years = self.store, self.store.years()
        # The picture of every page without its own (home, timeline, indexes, hand-written pages): the site's.
        yield SITE_CARD, card(self.site, self.site, count_of(len(store.facts), "figure"),
                              f"{count_of(len(store.sources), 'source')}"
                              + (f" · {years[0]}–{years[-1]}" if years else "") + " · each with the source's own words")
        for metric in self.store.metrics.values():
            yield card_path(metric_page(metric.id)), card(self.site, *self.metric_card(metric))
        for entity in self.store.entities.values():
            yield card_path(entity_page(entity.id)), card(self.site, *self.entity_card(entity))

    def site_summary(self) -> str:
        """The site in one sentence, from its data: the home page's description and the site card's words."""
        store, years = self.store, self.store.years()
        span = f", {years[0]}–{years[-1]}" if years else ""
        return (f"{count_of(len(store.facts), 'figure')} from {count_of(len(store.sources), 'source')}{span}: each "
                "with its year, its qualifier and the source's own words.")

    def metric_description(self, metric: Metric) -> str:
        latest = self.latest_preferred(metric.id)
        if latest is None:
            return f"{metric.label}: no reported value; every value with its source. {metric.description}"
        return (f"{metric.label}, {self.store.entities[latest.entity].name}: {self.tables.value(latest)} in {period_words(latest)} "
                f"({self.store.source_titles(latest)}). {metric.description}")

    def citation(self, title: str, path: str) -> Markdown:
        return Markdown(citation_html(title, path, self.store, self.built, self.site, self.site_url))

    @cached_property
    def quotes_by_source(self) -> dict[str, list[Citation]]:
        """Every citation (facts, events, people, statements), by source: one pass, not one per source page."""
        found: dict[str, list[Citation]] = defaultdict(list)
        for citation, _, _ in self.store.citations():
            found[citation.source].append(citation)
        return found

    def source(self, source: Source) -> str:
        store, related = self.store, self.store.related
        facts = list(related.facts_by_source.get(source.id, []))
        facts.sort(key=lambda f: (store.metrics[f.metric].label.lower(), f.period, f.id))
        return self.render(
            "source.md.j2", source_page(source.id), source=source,
            description=f"{source.title} ({self.tables.byline(source)}): the figures, events and statements this site "
                        "takes from it, with its own words.",
            facts=[(f, [c for c in f.citations if c.source == source.id]) for f in facts]
            if len(facts) <= SOURCE_ROWS else [],
            series=self.series_of(facts) if len(facts) > SOURCE_ROWS else [],
            events=sorted(related.events_by_source.get(source.id, []), key=lambda e: (e.date, e.id)),
            statements=sorted(related.statements_by_source.get(source.id, []), key=lambda s: s.id),
            people=sorted(related.people_by_source.get(source.id, []), key=lambda p: p.name),
            about=html_record(source_fields(source, self.archived.get(source.id, ""))),
            excerpts=html_paragraph_list(excerpts(self.archived.get(source.id), self.quotes_by_source.get(source.id, []))),
            archived=source.id in self.archived,
        )

    def series_of(self, facts: list[Fact]) -> list[tuple[Metric, Entity, list[Fact]]]:
        """A large source's figures as series: one row per metric and entity, in place of one row per value."""
        found: dict[tuple[str, str], list[Fact]] = defaultdict(list)
        for fact in facts:
            found[(fact.metric, fact.entity)].append(fact)
        return sorted(((self.store.metrics[m], self.store.entities[e], own) for (m, e), own in found.items()),
                      key=lambda r: (r[0].label.lower(), r[1].name.lower()))

    def sources_by_date(self) -> list[Source]:
        def dated(source: Source) -> PartialDate | None:  # an undated page stamped 'Updated' sorts by that
            return source.published or source.updated

        return sorted(self.store.sources.values(), key=lambda s: (dated(s) is None, dated(s) or PartialDate(0), s.id))


def meta_text(text: str, limit: int = 160) -> str:
    """One line of plain text for a meta description, cut at a word before ``limit`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def counted(**counts: int) -> dict[str, str]:
    """Counts as a page writes them: '1,620', never '1620'."""
    return {name: f"{count:,}" for name, count in counts.items()}


def render_pages(renderer: Renderer) -> Iterator[tuple[str, str]]:
    """Every generated Markdown page with its path in the docs directory, one at a time."""
    return renderer.iter_pages()
