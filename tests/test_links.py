"""check-links, against a server on localhost: tests never reach the outside world."""

from __future__ import annotations

import http.server
import threading
from pathlib import Path
from typing import Iterator

import pytest

from .conftest import run_cli


class Handler(http.server.BaseHTTPRequestHandler):
    def do_HEAD(self) -> None:  # noqa: N802 - http.server's naming
        if self.path == "/no-head":
            self.send_response(405)
        else:
            self.send_response(200 if self.path in ("/ok",) else 404)
        self.end_headers()

    def do_GET(self) -> None:  # noqa: N802
        self.send_response(200 if self.path in ("/ok", "/no-head") else 404)
        self.end_headers()

    def log_message(self, *args) -> None:  # noqa: ANN002
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_broken_source_links_are_reported_at_their_line(workdir: Path, server: str) -> None:
    sources = workdir / "data" / "sources.yaml"
    text = sources.read_text(encoding="utf-8")
    text = text.replace("url: https://example.org/acme-note", f"url: {server}/gone")
    text = text.replace("    archive: blog-post.txt", f"    url: {server}/no-head\n    archive: blog-post.txt")
    sources.write_text(text, encoding="utf-8")
    result = run_cli("check-links", "--timeout", "5")
    assert result.code == 1
    assert result.lines == [f"data/sources.yaml:8:10: warning: {server}/gone HTTP 404 Not Found; update the URL, "
                            "or add an archived copy's address"]
    assert result.err == "2 source URLs checked, 1 not answering\n"


def test_all_links_answering_exits_zero(workdir: Path, server: str) -> None:
    sources = workdir / "data" / "sources.yaml"
    sources.write_text(sources.read_text(encoding="utf-8").replace("https://example.org/acme-note", f"{server}/ok"),
                       encoding="utf-8")
    result = run_cli("check-links")
    assert (result.code, result.out, result.err) == (0, "", "1 source URL checked, 0 not answering\n")
