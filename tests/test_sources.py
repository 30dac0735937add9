"""`source add`: archiving a page or a file with its text, metadata and digest (generator/sources/)."""

from __future__ import annotations

import functools
import hashlib
import http.server
import shutil
import threading
from pathlib import Path
from typing import Iterator

import pytest

from generator.sources.extract import clean

from .conftest import FIXTURE_ARCHIVE, SMALL, run_cli

ARTICLE = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>Huawei's R&amp;D spend | Example News</title>
<meta name="author" content="Jane Writer"><meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
<meta property="article:modified_time" content="2024-03-07T08:00:00Z">
<link rel="canonical" href="https://news.example.org/huawei-rd"></head>
<body><nav><a href="/">Home</a> <a href="/world">World news</a> <a href="/tech">Technology</a></nav>
<div class="cookie-banner" id="cookie-consent">We use cookies to improve your experience. Accept all cookies.</div>
<div class="ad">ADVERTISEMENT: Buy the new phone today</div>
<article><h1>Huawei’s R&amp;D spend</h1>
<p>Huawei spent CNY 179.7 billion on R&amp;D in 2024, about 20.8% of its revenue, the company said on Monday in Shenzhen.</p>
<p>The company held more than 150,000 active patents at the end of 2024, according to its annual report, and its
licensing revenue was about US$630 million.</p></article>
<aside class="related"><h3>Related stories</h3><ul><li><a href="/a">Ten best phones of the year</a></li></ul></aside>
<footer>Copyright 2024 Example News. Contact us: +1 555 0100</footer></body></html>
"""
UNDATED = """<html><head><title>Notes</title></head><body><article><p>Patent filings rose to 1.2 million
last year, the office said in a statement on its website, which gives no date for it.</p>
<p>Another paragraph, long enough for an extractor to treat this as the article's main text.</p></article></body></html>"""


@pytest.fixture
def curator(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(SMALL, tmp_path / "data")
    shutil.copytree(FIXTURE_ARCHIVE, tmp_path / "archive")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    return tmp_path


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    site = tmp_path / "served"
    site.mkdir()
    (site / "article.html").write_text(ARTICLE, encoding="utf-8")
    (site / "big.txt").write_bytes(b"x" * 2_000)
    handler = functools.partial(Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_local_html_page_is_archived_with_its_text_metadata_and_digest(curator: Path) -> None:
    (curator / "article.html").write_text(ARTICLE, encoding="utf-8")
    sources = (curator / "data" / "sources.yaml").read_text(encoding="utf-8")
    result = run_cli("source", "add", "article.html", "--id", "example-rd", "--archive", "archive")
    assert result.code == 0, result.err
    text = (curator / "archive" / "example-rd.txt").read_text(encoding="utf-8")
    assert text == (
        "Huawei’s R&D spend\n"
        "Huawei spent CNY 179.7 billion on R&D in 2024, about 20.8% of its revenue, the company said on Monday in "
        "Shenzhen.\n"
        "The company held more than 150,000 active patents at the end of 2024, according to its annual report, and "
        "its licensing revenue was about US$630 million.\n")
    for furniture in ("cookies", "ADVERTISEMENT", "Related stories", "Copyright", "World news"):
        assert furniture not in text
    digest = hashlib.sha256(text.encode()).hexdigest()
    after = (curator / "data" / "sources.yaml").read_text(encoding="utf-8")
    assert after == sources + (
        "\n"
        "  - id: example-rd\n"
        '    title: "Huawei’s R&D spend"\n'
        '    publisher: "Example News"\n'
        '    author: "Jane Writer"\n'
        "    published: 2024-03-05\n"
        "    updated: 2024-03-07\n"
        "    kind: unknown\n"
        "    language: en-GB\n"
        '    canonical: "https://news.example.org/huawei-rd"\n'  # stated by the page; where it was saved from: unknown
        "    archive: example-rd.txt\n"
        f"    sha256: {digest}\n"
        "    retrieved: 2026-01-01\n")
    assert run_cli("validate", "--archive", "archive").code == 0


def test_a_served_page_is_fetched_and_flags_win_over_metadata(curator: Path, server: str) -> None:
    result = run_cli("source", "add", server + "article.html", "--id", "example-rd", "--archive", "archive",
                     "--title", "Huawei's R&D, 2024", "--kind", "news_report", "--published", "2024-03-04",
                     "--author", "J. Writer")
    assert result.code == 0, result.err
    after = (curator / "data" / "sources.yaml").read_text(encoding="utf-8")
    assert '    title: "Huawei\'s R&D, 2024"\n' in after and "    kind: news_report\n" in after
    assert "    published: 2024-03-04\n" in after and "updated:" not in after  # the page's dates give way
    assert '    author: "J. Writer"\n' in after
    assert f'    url: "{server}article.html"\n' in after  # where it was fetched
    assert '    canonical: "https://news.example.org/huawei-rd"\n' in after  # the address the page names
    assert run_cli("validate", "--archive", "archive").code == 0
    from generator.render.docs import generate
    from generator.store import load_store

    page = generate(load_store(curator / "data"))["sources/example-rd.md"]
    assert ("<th scope=\"row\">Address the page gives</th><td><a href=\"https://news.example.org/huawei-rd\">"
            in page)


def test_what_the_page_does_not_state_is_unknown_or_left_out(curator: Path) -> None:
    (curator / "notes.html").write_text(UNDATED, encoding="utf-8")
    result = run_cli("source", "add", "notes.html", "--id", "office-notes", "--archive", "archive")
    assert result.code == 0, result.err
    entry = (curator / "data" / "sources.yaml").read_text(encoding="utf-8").split("- id: office-notes\n")[1]
    assert "    published: unknown\n" in entry and "    publisher: \"unknown\"\n" in entry
    assert "author:" not in entry and "url:" not in entry and "updated:" not in entry
    assert "    language: und\n" in entry
    assert result.err.splitlines()[-1].startswith("not stated by the source (left out or 'unknown'; pass them if you "
                                                 "know them): publisher, author, published, kind, language, url")


def test_plain_text_with_mojibake_is_repaired_and_normalised(curator: Path) -> None:
    (curator / "press.txt").write_bytes("Huaweiâ€™s revenue rose â€” by 5%.\r\nSecond line.  \r\n\r\n\r\n\r\nEnd".encode())
    assert run_cli("source", "add", "press.txt", "--id", "press", "--archive", "archive",
                   "--title", "Press note", "--published", "2025-01-02").code == 0
    assert (curator / "archive" / "press.txt").read_text(encoding="utf-8") == (
        "Huawei’s revenue rose — by 5%.\nSecond line.\n\nEnd\n")


@pytest.mark.parametrize("args, message", [
    (["missing.html"], "source add: cannot read 'missing.html': No such file or directory; nothing was written"),
    (["ftp://example.org/x"], "source add: 'ftp://example.org/x': only http:// and https:// addresses or local files "
                              "can be added; nothing was written"),
    (["SERVER/none.html"], "source add: SERVER/none.html answered HTTP 404 File not found; check the address, or save "
                           "the page and add the file; nothing was written"),
    (["http://127.0.0.1:9/x"], "source add: cannot fetch http://127.0.0.1:9/x: [Errno 111] Connection refused;"),
    (["archive/acme-report.txt"], "source add: this text is already archived as source 'acme-note' "
                                  "(acme-report.txt); cite that source instead; nothing was written"),
    (["page.html", "--id", "acme-note"], "source add: id 'acme-note' is already used at data/sources.yaml:2; choose "
                                         "another; nothing was written"),
    (["page.html", "--title", "T" * 500], "source add: the source entry would not validate: 'title' is too long: "
                                          "500 characters, at most 400"),
])
def test_failures_leave_the_data_and_the_archive_untouched(curator: Path, server: str, args: list[str], message: str) -> None:
    (curator / "page.html").write_text(ARTICLE, encoding="utf-8")
    if "archive/acme-report.txt" in args:  # the same text as an archived one (repaired the same way)
        (curator / "copy.txt").write_text(clean((curator / "archive" / "acme-report.txt").read_text(encoding="utf-8")),
                                          encoding="utf-8")
        args = ["copy.txt"]
        ids = ["--id", "again"]
    else:
        ids = [] if "--id" in args else ["--id", "new-source"]
    before = snapshot(curator / "data"), snapshot(curator / "archive")
    args = [a.replace("SERVER/", server) for a in args]
    result = run_cli("source", "add", *args, *ids, "--archive", "archive")
    assert result.code in (1, 2)
    assert result.err.strip().splitlines()[-1].startswith(message.replace("SERVER/", server)), result.err
    assert (snapshot(curator / "data"), snapshot(curator / "archive")) == before


def test_a_page_over_the_size_cap_is_refused(curator: Path, server: str) -> None:
    from generator.sources.fetch import SourceError, fetch

    with pytest.raises(SourceError, match="larger than the 1,000-byte limit"):
        fetch(server + "big.txt", max_bytes=1_000)
    assert fetch(server + "big.txt", max_bytes=5_000).raw == b"x" * 2_000


def test_source_add_needs_an_archive(curator: Path) -> None:
    result = run_cli("source", "add", "x.html", "--id", "x")
    assert result.code == 2 and "no archive to write into" in result.err
