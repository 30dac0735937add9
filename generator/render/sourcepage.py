"""What a source's page says of it: its fields (publisher, dates, digest, how it was archived and is read) and
the paragraphs of its archived text that hold the quotes cited from it."""

from __future__ import annotations

from collections import defaultdict

from ..quotes import canonical
from ..schema import Citation, Source
from ..words import KIND_WORDS, human_date
from .escape import html_link, html_text, marked_html


def excerpts(text: str | None, citations: list[Citation]) -> list[str]:
    """The paragraphs of a source's archived text that hold its quotes (``citations``), in order, quotes
    highlighted (HTML)."""
    if text is None:
        return []
    paragraphs = [(" ".join(line.split()), canonical(line)) for line in text.split("\n") if line.strip()]
    quoted: dict[int, list[str]] = defaultdict(list)  # paragraph number → its quotes, in text order
    for citation in citations:
        if citation.quote is None:
            continue  # a table's cell: the source page lists it with its fact
        wanted = canonical(citation.quote)
        number = next((n for n, (_, plain) in enumerate(paragraphs) if wanted in plain), None)
        if number is not None and citation.quote not in quoted[number]:
            quoted[number].append(citation.quote)
    excerpts = []
    for number in sorted(quoted):
        paragraph = paragraphs[number][0]
        spans = [(at, at + len(q)) for q in quoted[number] if (at := paragraph.find(" ".join(q.split()))) >= 0]
        excerpts.append(marked_html(paragraph, *spans))
    return excerpts


def source_fields(source: Source, text: str) -> list[tuple[str, str]]:
    """What the source page says of the source, field by field (values in HTML); ``text`` is its archived text
    ('' for a table), whose form feeds give a report's pages."""
    rows = [("Publisher", html_text(source.publisher)), ("Author", html_text(source.author or "unknown")),
            ("Published", html_text(human_date(source.published)))]
    if source.updated:
        rows.append(("Updated", html_text(human_date(source.updated))))
    rows += [
        ("Archived", html_text(f"{human_date(source.retrieved)}; SHA-256 of the archived "
                               f"{'text' if source.table is None else 'table'} {source.sha256}")),
        ("Kind", html_text(KIND_WORDS[source.kind])),
        ("Language", html_text(source.language)),
        ("Address", html_link(source.url, source.url) if source.url else "none given"),
        *([("Address the page gives", html_link(source.canonical, source.canonical))] if source.canonical else []),
        ("Archived text" if source.table is None else "Archived table", html_text(source.archive)),
    ]
    if source.excerpt is not None:
        rows.append(("Excerpt", html_text(f"The archived text is {source.excerpt.part} as {source.excerpt.stored_by} "
                                          f"holds it, not necessarily the whole page (retrieved "
                                          f"{human_date(source.retrieved)}).")))
    pages = text.count("\f")
    if pages:
        how = ("extracted from the PDF page by page" if source.original is not None
               else "separated as pdftotext separates them")
        rows.append(("Pages", html_text(f"{pages + 1} pages, {how}; each quote is shown with its page")))
    if source.original is not None:
        rows.append(("Original file", html_text(f"{source.original.path}; SHA-256 {source.original.sha256}")))
    if source.table is not None:
        read = source.table
        parts = [{"datapackage": "data package", "text": "a table in the text"}.get(read.format, read.format.upper())]
        parts += [f"under the line “{read.heading}”; its header names the columns from the right"] \
            if read.heading else []
        parts += [f"file {read.member}"] if read.member else []
        parts += [f"sheet {read.sheet}"] if read.sheet else []
        parts += [f"resource {read.resource}"] if read.resource else []
        rows.append(("Table", html_text(", ".join(parts))))
    if source.package is not None:
        rows.append(("Data package", html_text(f"{source.package.path}; SHA-256 {source.package.sha256}")))
    if source.origin is not None:
        rows.append(("From", html_text(f"repository {source.origin.repository} at commit {source.origin.commit}, "
                                       f"{source.origin.path}")))
    if source.licence or source.table is not None:
        rows.append(("Licence", html_text(source.licence or "none stated")))
    if source.attribution:
        rows.append(("Credit", html_text(source.attribution)))
    return rows
