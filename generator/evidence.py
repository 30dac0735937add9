"""Quote verification: every citation's words must occur in the archived text of its source.

Matching forgives what archiving does to text (curly vs straight quotes, dashes, white space,
Markdown escapes, runs of mis-decoded characters such as ``â??``) but not changed words or
digits. A fact's quote must also state the fact's number as the source writes it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Problem
from .quotes import _matching_prefix, canonical, cut_number, quote_page, stated_numbers, states_value  # noqa: F401
from .cells import check_cells
from .numbers import as_written
from .schema import Coverage
from .store import FactStore, Origin


@dataclass
class EvidenceReport:
    checked: int = 0  # quotes
    cells: int = 0  # table cells
    problems: list[Problem] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # source id → its archived text, digest matched


def verified_files(store: FactStore, archive_dir: Path) -> tuple[set[str], list[Problem]]:
    """The sources whose archived files (and data package descriptor) are there with the recorded digests; a
    problem for each missing or changed one."""
    ok: set[str] = set()
    problems = []
    for source in store.sources.values():
        files = [("archive", source.archive, source.sha256)]
        if source.package is not None:
            files.append(("package", source.package.path, source.package.sha256))
        if source.original is not None:
            files.append(("original", source.original.path, source.original.sha256))
        good = True
        for part, name, digest in files:
            what = {"package": "data package", "original": "original file"}.get(part, "text" if source.table is None
                                                                               else "table")
            path = archive_dir / name
            at = (part,) if part == "archive" else (part, "sha256")
            if not path.is_file():
                problems.append(store.origins[source.id].problem(*at, message=f"archive file '{name}' not found in {archive_dir}; add the source's {'full text' if what == 'text' else what} there"))
                good = False
                continue
            found = file_digest(path)
            if found != digest:  # its quotes or cells would be verified against a file nobody reviewed
                sub = ("sha256",) if part == "archive" else (part, "sha256")
                problems.append(store.origins[source.id].problem(*sub, message=f"source '{source.id}': archived {what} changed (sha256 expected {digest}, found {found}); restore the archived file, or review the new {what} and update sha256"))
                good = False
        if good:
            ok.add(source.id)
    return ok, problems


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes, read in blocks (an archived table may be large)."""
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def archived_texts(store: FactStore, archive_dir: Path) -> tuple[dict[str, str], list[Problem]]:
    """Each text source's archived text whose digest matches, by id; a problem for each missing or changed file
    (tables' too: their cells are checked by ``cells``)."""
    ok, problems = verified_files(store, archive_dir)
    return _texts(store, archive_dir, ok), problems


def _texts(store: FactStore, archive_dir: Path, ok: set[str]) -> dict[str, str]:
    """Source id → its archived text; '' for a table (its cells are checked, it has no paragraphs to show)."""
    return {sid: "" if store.sources[sid].table is not None else
            (archive_dir / store.sources[sid].archive).read_bytes().decode("utf-8", errors="replace")
            for sid in store.sources if sid in ok}


def unaudited(store: FactStore, raws: dict[str, str]) -> list[Problem]:
    """Data that keeps coverage ledgers keeps one for every text source: each paragraph accounted for, so a reader
    knows what a source was read for and what was left out. A report with pages (form feeds) cites each quote
    with its page instead; a table, each cell."""
    if not store.coverage:
        return []
    audited = {ledger.source for ledger, _ in store.coverage}
    return [store.origins[sid].problem("id", message=f"source '{sid}' has no coverage ledger; add "
                                       f"data/coverage/{sid}.yaml saying, paragraph by paragraph, what each yields "
                                       "or why nothing (see data/coverage/ for examples)")
            for sid, raw in sorted(raws.items()) if raw and "\f" not in raw and sid not in audited]


def verify(store: FactStore, archive_dir: Path) -> EvidenceReport:
    """Check every citation against the archived texts in ``archive_dir``."""
    ok, problems = verified_files(store, archive_dir)
    raws = _texts(store, archive_dir, ok)
    report = EvidenceReport(problems=problems, texts=raws)
    report.cells, cell_problems = check_cells(store, archive_dir, ok)
    report.problems.extend(cell_problems)
    texts = {source_id: canonical(raw) for source_id, raw in raws.items()}
    for ledger, origin in store.coverage:
        if raws.get(ledger.source):
            report.problems.extend(check_coverage(ledger, origin, raws[ledger.source]))
    report.problems.extend(unaudited(store, raws))
    for citation, origin, fact in store.citations():
        text = texts.get(citation.source)
        if text is None or citation.quote is None:
            continue
        report.checked += 1
        quote = canonical(citation.quote)
        if quote not in text:
            hint = _matching_prefix(quote, text)
            detail = f"; it matches up to '…{hint[-40:]}' and differs after that" if len(hint) >= 10 else ""
            report.problems.append(origin.problem("quote", message=f"quote not found in the archived text of '{citation.source}'{detail}; copy the words exactly from the source"))
            continue
        if quote_page(raws[citation.source], citation.quote) == 0:
            report.problems.append(origin.problem("quote", message=f"quote runs across a page break of the archived "
                                                  f"text of '{citation.source}'; quote the words of one page (cite "
                                                  "the other page's words in a second citation)"))
            continue
        cut = cut_number(quote, text)
        if cut is not None:
            report.problems.append(origin.problem("quote", message=f"quote {cut}; quote the whole number"))
            continue
        if fact is not None:
            unit = store.metrics[fact.metric].unit
            if not states_value(citation.quote, fact.value, unit):
                report.problems.append(origin.problem("quote", message=f"quote does not state the value {as_written(fact.value)} ({unit}); quote the words that give the figure"))
    return report




def paragraphs(text: str) -> list[str]:
    """A text's paragraphs as the coverage ledger counts them: each non-empty line."""
    return [line.strip() for line in text.split("\n") if line.strip()]


def check_coverage(ledger: Coverage, origin: Origin, text: str) -> list[Problem]:
    """Every paragraph of the archived text has exactly one ledger entry, in order; every entry one paragraph.

    Entries are matched to paragraphs by their first words, compared as quotes are (canonical text)."""
    problems = []
    wanted = [canonical(paragraph.at) for paragraph in ledger.paragraphs]
    lines = [canonical(line) for line in paragraphs(text)]
    at = 0
    for i, start in enumerate(wanted):
        found = next((n for n in range(at, len(lines)) if lines[n].startswith(start)), None)
        if found is None:
            problems.append(origin.problem("paragraphs", i, "at", message=f"no paragraph of '{ledger.source}' starts with '{ledger.paragraphs[i].at}' after the one before it; copy the paragraph's first words"))
            continue
        for missed in range(at, found):
            problems.append(origin.problem("paragraphs", i, message=f"paragraph {missed + 1} of '{ledger.source}' ('{lines[missed][:50]}…') is not accounted for; add it before this entry, with 'yields' or 'none'"))
        at = found + 1
    for missed in range(at, len(lines)):
        problems.append(origin.problem("paragraphs", message=f"paragraph {missed + 1} of '{ledger.source}' ('{lines[missed][:50]}…') is not accounted for; add it at the end, with 'yields' or 'none'"))
    return problems
