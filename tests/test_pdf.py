"""Reports as PDFs: `source add` extracts each page's text (pypdf), archives the text with a form feed between pages
and the PDF beside it, both with their digests; each quote's page is found from the archive and shown on the pages,
in the downloads and in `export`. Unreadable, encrypted and scanned PDFs, and binary files, are refused in one line
with nothing written."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import yaml

from generator.sources.extract import clean
from generator.sources.pdf import describe_blank_pages, read_pdf

from .conftest import cite_in_a_new_fact, run_cli
from .pdfs import make_pdf

PAGES = [
    "Acme Corp\nAnnual Report 2024",
    "Chairman's letter\nWe rounded off 2024 with revenue of US$120 million.",
    None,  # a full-page picture: no text to extract
    "Research\nIn 2024, our R&D spending reached US$30 million, a record.",
]


@pytest.fixture
def archive_files() -> dict[str, bytes]:
    return {"library/acme-2024.pdf": make_pdf(PAGES, title="Acme Annual Report 2024")}


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def cite(project: Path, quote: str, value: int = 120000000) -> None:
    cite_in_a_new_fact(project, "acme-2024", quote, value)


def test_each_page_s_text_is_kept_apart_and_pages_without_text_are_named() -> None:
    pdf = read_pdf(make_pdf(PAGES, title="Acme Annual Report 2024"), "acme.pdf", clean)
    assert pdf.text.split("\f") == [
        "Acme Corp\nAnnual Report 2024\n",
        "Chairman’s letter\nWe rounded off 2024 with revenue of US$120 million.\n",  # 0x27 is ’ in a PDF font
        "",
        "Research\nIn 2024, our R&D spending reached US$30 million, a record.\n",
    ]
    assert pdf.blank_pages == (3,)
    assert pdf.title == "Acme Annual Report 2024"
    assert describe_blank_pages((3,)) == "page 3"
    assert describe_blank_pages((3, 7, 9)) == "pages 3, 7 and 9"
    assert describe_blank_pages(tuple(range(1, 21))).endswith("12 and 8 more")


def test_a_pdf_is_archived_with_its_text_and_its_quotes_show_their_page(curated: Path) -> None:
    from generator.evidence import verify
    from generator.render.docs import generate
    from generator.store import load_store

    (curated / "acme.pdf").write_bytes(make_pdf(PAGES, title="Acme Annual Report 2024"))
    result = run_cli("source", "add", "acme.pdf", "--id", "acme-2024", "--publisher", "Acme", "--kind", "report",
                     "--language", "en", "--published", "2025-03-31")
    assert result.code == 0, result.err
    assert "note: no text found on page 3 of the PDF" in result.err
    archive = curated / "archive"
    entry = yaml.safe_load((curated / "data" / "sources.yaml").read_text(encoding="utf-8"))["sources"][-1]
    assert entry["title"] == "Acme Annual Report 2024"  # from the PDF's metadata
    assert entry["archive"] == "acme-2024.txt"
    assert entry["original"]["path"] == "acme-2024.pdf"
    assert (archive / "acme-2024.pdf").read_bytes() == (curated / "acme.pdf").read_bytes()
    assert (archive / "acme-2024.txt").read_text(encoding="utf-8").count("\f") == 3

    cite(curated, "We rounded off 2024 with revenue of US$120 million.")
    assert run_cli("validate").code == 0
    store = load_store(curated / "data")
    texts = verify(store, archive).texts
    files = generate(store, archived=texts)
    assert "120 million</mark>.” (p. 2)" in files["metrics/licensing-revenue.md"]
    source_page = files["sources/acme-2024.md"]
    assert "<th scope=\"row\">Pages</th><td>4 pages, extracted from the PDF page by page" in source_page
    assert f"<th scope=\"row\">Original file</th><td>acme-2024.pdf; SHA-256 {entry['original']['sha256']}" in \
        source_page
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(files["data/facts.csv"]))}
    assert rows["acme-licensing-2024"]["pages"] == "2"
    assert rows["acme-licensing-2023"]["pages"] == ""  # not from a report with pages
    [record] = [r for r in json.loads(files["data/facts.json"]) if r["id"] == "acme-licensing-2024"]
    assert record["pages"] == [2]

    exported = run_cli("export", "--format", "csv")
    assert exported.code == 0
    assert {r["id"]: r["pages"] for r in csv.DictReader(io.StringIO(exported.out))}["acme-licensing-2024"] == "2"


def test_a_pdf_lying_in_the_archive_is_registered_with_its_text_written_beside(curated: Path) -> None:
    archive = curated / "archive"
    result = run_cli("source", "add", "archive/library/acme-2024.pdf", "--id", "acme-2024", "--publisher", "Acme",
                     "--kind", "report", "--language", "en")
    assert result.code == 0, result.err
    entry = yaml.safe_load((curated / "data" / "sources.yaml").read_text(encoding="utf-8"))["sources"][-1]
    assert entry["original"]["path"] == "library/acme-2024.pdf"
    assert entry["archive"] == "acme-2024.txt"
    assert (archive / "acme-2024.txt").is_file()
    assert not (archive / "acme-2024.pdf").exists()
    again = run_cli("source", "add", "archive/library/acme-2024.pdf", "--id", "acme-again")
    assert again.code == 1
    assert "already archived as source 'acme-2024'" in again.err


def test_a_changed_pdf_is_reported_against_its_digest(curated: Path) -> None:
    (curated / "acme.pdf").write_bytes(make_pdf(PAGES))
    assert run_cli("source", "add", "acme.pdf", "--id", "acme-2024", "--kind", "report").code == 0
    (curated / "archive" / "acme-2024.pdf").write_bytes(make_pdf(PAGES[:2]))
    result = run_cli("validate")
    assert result.code == 1
    assert "source 'acme-2024': archived original file changed" in result.out


def test_a_quote_across_two_pdf_pages_is_refused(curated: Path) -> None:
    (curated / "acme.pdf").write_bytes(make_pdf(PAGES))
    assert run_cli("source", "add", "acme.pdf", "--id", "acme-2024", "--kind", "report").code == 0
    cite(curated, "Annual Report 2024 Chairman's letter", value=2024)
    result = run_cli("validate")
    assert result.code == 1
    assert "quote runs across a page break of the archived text of 'acme-2024'" in result.out


@pytest.mark.parametrize(("content", "message"), [
    (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R", "cannot be read as a PDF"),
    (make_pdf([None, None]), "none of its 2 page(s) holds text (a scanned document?); run it through OCR"),
    (b"\x89PNG\r\n\x1a\n" + bytes(200), "is not text (it holds binary data"),
    (b"GIF89a" + bytes(range(256)), "is not text (it holds binary data"),
])
def test_what_cannot_be_read_as_text_is_refused_and_nothing_is_written(curated: Path, content: bytes,
                                                                       message: str) -> None:
    (curated / "upload.pdf").write_bytes(content)
    before = snapshot(curated / "data"), snapshot(curated / "archive")
    result = run_cli("source", "add", "upload.pdf", "--id", "upload")
    assert result.code == 1
    assert message in result.err
    assert result.err.count("\n") == 1 and result.err.endswith("; nothing was written\n")
    assert (snapshot(curated / "data"), snapshot(curated / "archive")) == before


def test_an_encrypted_pdf_is_refused(curated: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(PAGES))))
    writer.encrypt("secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    (curated / "locked.pdf").write_bytes(out.getvalue())
    result = run_cli("source", "add", "locked.pdf", "--id", "locked")
    assert result.code == 1
    assert "locked.pdf is an encrypted PDF; save an unencrypted copy" in result.err
