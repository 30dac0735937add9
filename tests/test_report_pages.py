"""Reports cited by page and excerpts as sources: a text with form feeds between its pages gives each quote its
page, found from the archive; a quote across a page break is refused; an excerpt says it is one."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.quotes import quote_page

from .conftest import cite_in_a_new_fact, run_cli

REPORT = ("Acme Corp\nAnnual Report 2024\n\f"
          "Chairman's letter\nWe rounded off 2024 with revenue of US$120 million.\n\f"
          "Research\nIn 2024, our R&D spending reached US$30\nmillion, a record.\n")


@pytest.fixture
def archive_files() -> dict[str, str]:
    return {"library/acme-report-2024.txt": REPORT,
            "library/stored-page.txt": "Acme's licensing revenue was US$5 million in 2019.\n"}


@pytest.fixture
def project(curated: Path) -> Path:
    return curated


def test_a_quote_has_the_page_it_stands_on() -> None:
    assert quote_page(REPORT, "We rounded off 2024 with revenue of US$120 million.") == 2
    assert quote_page(REPORT, "our R&D spending reached US$30 million") == 3  # a line break inside a page
    assert quote_page(REPORT, "Annual Report 2024 Chairman's letter") == 0  # across the break
    assert quote_page("no pages here", "no pages") is None


def add_report(project: Path) -> None:
    result = run_cli("source", "add", "archive/library/acme-report-2024.txt", "--id", "acme-report-2024",
                     "--title", "Acme Annual Report 2024", "--publisher", "Acme", "--kind", "report",
                     "--language", "en")
    assert result.code == 0, result.err
    assert "registered where it lies in the archive" in result.err


def cite(project: Path, quote: str, value: int = 120000000) -> None:
    cite_in_a_new_fact(project, "acme-report-2024", quote, value)


def test_a_report_with_pages_is_registered_in_place_and_its_quotes_show_their_page(project: Path) -> None:
    from generator.render.docs import generate
    from generator.store import load_store
    from generator.evidence import verify

    before = sorted(p.name for p in (project / "archive").rglob("*"))
    add_report(project)
    assert sorted(p.name for p in (project / "archive").rglob("*")) == before
    entry = yaml.safe_load((project / "data" / "sources.yaml").read_text(encoding="utf-8"))["sources"][-1]
    assert entry["archive"] == "library/acme-report-2024.txt"
    cite(project, "We rounded off 2024 with revenue of US$120 million.")
    assert run_cli("validate").code == 0
    store = load_store(project / "data")
    texts = verify(store, project / "archive").texts
    files = generate(store, archived=texts)
    assert "120 million</mark>.” (p. 2)" in \
        files["metrics/licensing-revenue.md"]
    assert "<th scope=\"row\">Pages</th><td>3 pages" in files["sources/acme-report-2024.md"]


def test_a_quote_across_a_page_break_is_refused(project: Path) -> None:
    add_report(project)
    cite(project, "Annual Report 2024 Chairman's letter", value=2024)
    result = run_cli("validate")
    assert result.code == 1
    assert result.lines[-1].endswith("quote runs across a page break of the archived text of 'acme-report-2024'; "
                                     "quote the words of one page (cite the other page's words in a second citation)")


def test_an_excerpt_says_so_on_its_page_and_beside_each_quote(project: Path) -> None:
    from generator.render.docs import generate
    from generator.store import load_store
    from generator.evidence import verify

    result = run_cli("source", "add", "archive/library/stored-page.txt", "--id", "stored-page", "--publisher",
                     "Example News", "--url", "https://example.org/acme-2019", "--excerpt-by",
                     "a public collection of stored web pages")
    assert result.code == 0, result.err
    entry = yaml.safe_load((project / "data" / "sources.yaml").read_text(encoding="utf-8"))["sources"][-1]
    assert entry["excerpt"] == {"stored_by": "a public collection of stored web pages"}
    assert entry["url"] == "https://example.org/acme-2019"
    path = project / "data" / "facts.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("derived:\n", """  - id: acme-licensing-2019
    entity: acme
    metric: licensing-revenue
    period: 2019
    value: 5000000
    qualifier: exact
    citations:
      - source: stored-page
        quote: "Acme's licensing revenue was US$5 million in 2019."
derived:
"""), encoding="utf-8")
    assert run_cli("validate").code == 0
    store = load_store(project / "data")
    files = generate(store, archived=verify(store, project / "archive").texts)
    assert "in 2019.” (excerpt of the page)" in files["metrics/licensing-revenue.md"]
    assert ("The archived text is the top of the page as a public collection of stored web pages holds it, not "
            "necessarily the whole page") in files["sources/stored-page.md"]


def test_a_text_in_the_archive_that_is_not_utf8_is_refused(project: Path) -> None:
    (project / "archive" / "library" / "latin1.txt").write_bytes("Caf\xe9 revenue".encode("latin-1"))
    before = (project / "data" / "sources.yaml").read_bytes()
    result = run_cli("source", "add", "archive/library/latin1.txt", "--id", "latin")
    assert result.code == 1 and "not UTF-8 text (byte 3); archive the text as UTF-8; nothing was written" in result.err
    assert (project / "data" / "sources.yaml").read_bytes() == before


def test_a_text_in_the_archive_reached_by_another_path_is_registered_in_place(project: Path) -> None:
    """The archive named through a link (or the link named and the archive given by its real path): the file is
    still the archive's own, registered where it lies, never copied into the archive's top."""
    (project / "elsewhere").symlink_to(project / "archive")
    before = sorted(p.name for p in (project / "archive").rglob("*"))
    result = run_cli("source", "add", "elsewhere/library/acme-report-2024.txt", "--id", "acme-report-2024",
                     "--kind", "report")
    assert result.code == 0, result.err
    assert "registered where it lies in the archive" in result.err
    assert sorted(p.name for p in (project / "archive").rglob("*")) == before
    entry = yaml.safe_load((project / "data" / "sources.yaml").read_text(encoding="utf-8"))["sources"][-1]
    assert entry["archive"] == "library/acme-report-2024.txt"
