"""Data downloads for the site: the same records as `export`, a Data Package descriptor, and JSON-LD."""

from __future__ import annotations

import json
from typing import Any, Iterator

from ..export import FACT_FIELDS, SOURCE_FIELDS, iter_fact_records, source_records, to_csv, to_json
from ..store import FactStore
from .escape import Markdown, json_for_html
from ..words import human_date
from .pages import Renderer, counted
from .routes import DOWNLOADS, download

TITLE = "Huawei and China: patents, R&D and licensing in figures"
DESCRIPTION = (
    "Reported figures on Huawei's and China's patents, R&D spending and patent licensing, each with its "
    "period, unit, qualifier, rank, sources and the verbatim quotes that state it; derived figures are "
    "flagged and carry their formula."
)

FIELD_DOCS: dict[str, tuple[str, str]] = {
    "id": ("string", "Stable identifier of the fact; also its anchor on the metric page."),
    "entity": ("string", "Identifier of the organisation, place or project the figure describes."),
    "metric": ("string", "Identifier of the metric."),
    "period": ("string", "The year the figure describes (YYYY), or an as-of date (YYYY-MM or YYYY-MM-DD)."),
    "period_basis": ("string", "'stated', or 'earliest' when the source gives no period and the period is the earliest the figure can describe (read it as 'or later')."),
    "value": ("number", "The value in base units of the unit field (630000000, not 630)."),
    "stated": ("string", "The figure in the source's words when they are less precise than the number ('about one-third' for 33.3); empty otherwise. Read this before the value."),
    "unit": ("string", "ISO 4217 currency code, count or percent."),
    "qualifier": ("string", "exact, approximately, at_least, at_most, projection or target."),
    "rank": ("string", "preferred, normal or deprecated; see the conflicts page for reasons."),
    "derived": ("boolean", "true when computed by this site from reported figures, not reported by a source."),
    "formula": ("string", "For derived figures, how the value was computed."),
    "sources": ("string", "Source identifiers (semicolon-separated in CSV)."),
    "quotes": ("string", "The verbatim words of each source that state the figure (one per line in CSV)."),
    "pages": ("string", "For each source, the page of a report with pages on which its quote stands (in CSV, "
                        "semicolon-separated in the order of sources, empty for a source without pages; in JSON, "
                        "null)."),
}
SOURCE_DOCS: dict[str, tuple[str, str]] = {
    "id": ("string", "Stable identifier of the source."),
    "title": ("string", "Title; in [square brackets] when the source has none."),
    "publisher": ("string", "Publisher, or 'unknown'."),
    "author": ("string", "Author; empty when the source names none."),
    "published": ("string", "Publication date (YYYY, YYYY-MM or YYYY-MM-DD) or 'unknown'."),
    "updated": ("string", "Date the source says it was updated (YYYY, YYYY-MM or YYYY-MM-DD); empty when it says none."),
    "kind": ("string", "press_release, news_report, commentary, interview, official_statistics, report, blog_post or unknown."),
    "language": ("string", "Language code."),
    "url": ("string", "Address the archived text was fetched or saved from, when known."),
    "canonical": ("string", "The address the page names as its own (canonical link), when it differs from url."),
    "archive": ("string", "File name of the archived full text the quotes are checked against."),
    "sha256": ("string", "SHA-256 digest of the archived file's bytes: the exact text the quotes were verified against."),
    "retrieved": ("string", "The day the text was archived (YYYY-MM-DD)."),
}


def _schema(fields: tuple[str, ...], docs: dict[str, tuple[str, str]]) -> dict[str, Any]:
    return {"fields": [{"name": name, "type": docs[name][0], "description": docs[name][1]} for name in fields]}


def download_files(store: FactStore, texts: dict[str, str] | None = None) -> Iterator[tuple[str, str]]:
    """The files under data/ in the site with their path in the docs directory, one at a time (the facts'
    records are made again for each format rather than all held at once); ``texts``, the archived texts, give
    each quote's page."""
    sources = source_records(store)
    package = {
        "name": "huawei-china-ip-figures",
        "title": TITLE,
        "description": DESCRIPTION,
        "resources": [
            {"name": "facts-csv", "path": "facts.csv", "format": "csv", "mediatype": "text/csv",
             "encoding": "utf-8", "schema": _schema(FACT_FIELDS, FIELD_DOCS)},
            {"name": "facts-json", "path": "facts.json", "format": "json", "mediatype": "application/json",
             "encoding": "utf-8", "schema": _schema(FACT_FIELDS, FIELD_DOCS)},
            {"name": "sources", "path": "sources.json", "format": "json", "mediatype": "application/json",
             "encoding": "utf-8", "schema": _schema(SOURCE_FIELDS, SOURCE_DOCS)},
        ],
        "sources": [{"title": s["title"], **({"path": s["url"]} if s["url"] else {})} for s in sources],
    }
    yield download("facts.json"), to_json(iter_fact_records(store, texts))
    yield download("facts.csv"), to_csv(iter_fact_records(store, texts), FACT_FIELDS)
    yield download("sources.json"), to_json(sources)
    yield download("datapackage.json"), json.dumps(package, ensure_ascii=False, indent=2) + "\n"


def downloads_page(renderer: Renderer) -> dict[str, str]:
    store = renderer.store
    years = store.years()
    as_of = renderer.newest_source_date()
    dataset = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": TITLE,
        "description": DESCRIPTION,
        "isAccessibleForFree": True,
        "temporalCoverage": f"{years[0]}/{years[-1]}" if years else None,
        "dateModified": str(as_of) if as_of else None,
        "variableMeasured": sorted(m.label for m in store.metrics.values()),
        "isBasedOn": [s.url or s.title for s in sorted(store.sources.values(), key=lambda s: s.id)],
        "distribution": [
            {"@type": "DataDownload", "encodingFormat": fmt, "contentUrl": download(name)}
            for name, fmt in (("facts.csv", "text/csv"), ("facts.json", "application/json"),
                              ("sources.json", "application/json"), ("datapackage.json", "application/json"))
        ],
    }
    dataset = {k: v for k, v in dataset.items() if v is not None}
    text = renderer.render(
        "downloads.md.j2", DOWNLOADS,
        description=f"Every figure ({len(store.facts) + len(store.derived):,}) and source as CSV and JSON, with a "
                    "Data Package descriptor: values, periods, qualifiers, sources and their words.",
        fields=[(n, *FIELD_DOCS[n]) for n in FACT_FIELDS],
        counts=counted(facts=len(store.facts), derived=len(store.derived), sources=len(store.sources)),
        as_of=human_date(as_of), json_ld=Markdown(json_for_html(dataset)),
    )
    return {DOWNLOADS: text}
