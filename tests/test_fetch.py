"""`source add URL` against servers that misbehave: cut-short bodies, malformed answers, trickling bytes, redirects
to other schemes, credentials in addresses, pages in legacy Chinese and Japanese encodings, binary bodies. Each
refusal is one line naming the address and what to do, and writes nothing."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path
from typing import Callable, Iterator

import pytest
import yaml

from generator.sources.extract import decode
from generator.sources.fetch import SourceError, fetch

from .conftest import run_cli

Handler = Callable[[socket.socket], None]
ZH = "华为2024年研发投入1797亿元，占全年收入的20.8%。华为在全球拥有有效授权专利超过15万件，许可收入约6.3亿美元。"


def page(body: bytes, *, head: str = "Content-Type: text/html") -> Handler:
    def send(conn: socket.socket) -> None:
        conn.sendall(f"HTTP/1.1 200 OK\r\n{head}\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
                     + body)
    return send


def raw(answer: bytes) -> Handler:
    return lambda conn: conn.sendall(answer)


def trickle(conn: socket.socket) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n")
    for _ in range(40):  # a byte every 0.1 s: no single read ever waits long
        conn.sendall(b"x")
        time.sleep(0.1)


def html(body: str, charset_meta: str) -> bytes:
    return (f'<!DOCTYPE html><html lang="zh"><head><meta charset="{charset_meta}"><title>{body[:6]}</title></head><body>'
            f"<article><p>{body}</p><p>{body}</p></article></body></html>")


ROUTES: dict[str, Handler] = {
    "/short": raw(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5000\r\nConnection: close\r\n\r\n"
                  + b"only part of it" * 10),
    "/chunked-short": raw(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                          b"10\r\n0123456789abcdef\r\n400\r\nthe rest never comes"),
    "/bad-status": raw(b"HTTP/1.1 OK-ish\r\n\r\nhello"),
    "/long-line": raw(b"HTTP/1.1 200 OK\r\nX-Junk: " + b"a" * 70000 + b"\r\n\r\nhello"),
    "/trickle": trickle,
    "/to-ftp": raw(b"HTTP/1.1 302 Found\r\nLocation: ftp://files.example.org/report.txt\r\nContent-Length: 0\r\n\r\n"),
    "/to-credentials": raw(b"HTTP/1.1 302 Found\r\nLocation: http://user:hunter2@127.0.0.1:9/x\r\n"
                           b"Content-Length: 0\r\n\r\n"),
    "/gbk": page(html(ZH, "gbk").encode("gbk")),
    "/big5": page(html("華為研發投入，專利授權，許可收入。" * 4, "big5").encode("big5")),
    "/shift-jis": page(html("ファーウェイの研究開発費は前年比で増加した。特許の件数も増えた。" * 3, "Shift_JIS").encode("shift_jis")),
    "/gbk-said-latin1": page(html(ZH, "gbk").replace('<meta charset="gbk">', "").encode("gbk"),
                             head="Content-Type: text/html; charset=iso-8859-1"),
    "/png": page(b"\x89PNG\r\n\x1a\n" + bytes(300), head="Content-Type: text/html"),
    "/pdf-as-text": page(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\nbroken", head="Content-Type: text/plain"),
}


@pytest.fixture
def server() -> Iterator[str]:
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            with conn:
                request = conn.recv(65536).decode("latin-1")
                path = request.split(" ")[1] if " " in request else "/"
                try:
                    ROUTES.get(path, raw(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"))(conn)
                except OSError:
                    pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    thread.join()
    listener.close()


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(("path", "message"), [
    ("/short", "incomplete download of SERVER/short: 150 of the 5,000 bytes announced arrived; try again"),
    ("/chunked-short", "incomplete download of SERVER/chunked-short: the connection ended after"),
    ("/bad-status", "cannot fetch SERVER/bad-status: the server's answer is not valid HTTP (BadStatusLine)"),
    ("/long-line", "cannot fetch SERVER/long-line: the server's answer is not valid HTTP (LineTooLong)"),
    ("/to-ftp", "SERVER/to-ftp redirected to 'ftp://files.example.org/report.txt': a ftp address; only http:// and "
                "https:// addresses are fetched"),
    ("/to-credentials", "SERVER/to-credentials redirected to http://127.0.0.1:9/x: the address holds a user name or "
                        "password, which is never sent or stored"),
    ("/png", "SERVER/png is not text (it holds binary data"),
    ("/pdf-as-text", "SERVER/pdf-as-text cannot be read as a PDF"),
    ("/gbk-said-latin1", "SERVER/gbk-said-latin1: its text still reads as mis-decoded when read as cp1252"),
])
def test_a_bad_download_is_one_line_and_writes_nothing(curated: Path, server: str, path: str, message: str) -> None:
    before = snapshot(curated / "data"), snapshot(curated / "archive")
    result = run_cli("source", "add", server + path, "--id", "fetched", "--timeout", "5")
    assert result.code == 1
    assert result.err.count("\n") == 1, result.err
    assert result.err.startswith("source add: " + message.replace("SERVER", server)), result.err
    assert result.err.endswith("; nothing was written\n")
    assert "hunter2" not in result.err
    assert (snapshot(curated / "data"), snapshot(curated / "archive")) == before


def test_the_timeout_is_a_deadline_for_the_whole_download(server: str) -> None:
    started = time.monotonic()
    with pytest.raises(SourceError, match=r"/trickle did not arrive within 1 s \(\d+ bytes so far\)"):
        fetch(server + "/trickle", timeout=1)
    assert time.monotonic() - started < 2.5  # the server would go on for 4 s


def test_credentials_in_an_address_are_refused_before_any_lookup(curated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_lookup(*args: object, **kwargs: object) -> None:
        raise AssertionError("a name lookup was made")

    monkeypatch.setattr(socket, "getaddrinfo", no_lookup)
    result = run_cli("source", "add", "http://curator:s3cret@intranet.example.org/report.html", "--id", "x")
    assert result.code == 1
    assert result.err == ("source add: http://intranet.example.org/report.html: the address holds a user name or "
                          "password, which is never sent or stored; save the page while signed in and add the file; "
                          "nothing was written\n")


@pytest.mark.parametrize(("path", "expected"), [
    ("/gbk", "华为2024年研发投入1797亿元"), ("/big5", "華為研發投入"), ("/shift-jis", "ファーウェイの研究開発費"),
])
def test_a_page_declaring_its_encoding_only_in_meta_is_read_in_it(curated: Path, server: str, path: str,
                                                                  expected: str) -> None:
    result = run_cli("source", "add", server + path, "--id", "legacy-page")
    assert result.code == 0, result.err
    assert expected in (curated / "archive" / "legacy-page.txt").read_text(encoding="utf-8")


def test_undeclared_legacy_text_is_detected_and_a_bom_wins() -> None:
    assert decode((ZH * 3).encode("gb18030")) == ZH * 3
    assert decode("\ufeffPatents: 4 204".encode("utf-16-le")) == "Patents: 4 204"
    assert decode("Royalties “rose”".encode("utf-8"), "iso-8859-1").startswith("Royalties")


def test_an_entry_is_appended_in_the_list_s_own_indentation(curated: Path) -> None:
    sources = curated / "data" / "sources.yaml"
    flush = "\n".join(line[2:] if line.startswith("  ") else line
                      for line in sources.read_text(encoding="utf-8").split("\n"))
    sources.write_text(flush, encoding="utf-8")
    assert run_cli("validate").code == 0  # '- id:' at column 0 is valid YAML
    (curated / "note.txt").write_text("Acme's licensing revenue was US$5 million in 2019.\n", encoding="utf-8")
    result = run_cli("source", "add", "note.txt", "--id", "acme-note-2", "--url", "https://acme.example/note")
    assert result.code == 0, result.err
    text = sources.read_text(encoding="utf-8")
    assert text.startswith(flush)
    assert "\n- id: acme-note-2\n  title: \"[Untitled]\"\n" in text
    assert yaml.safe_load(text)["sources"][-1]["url"] == "https://acme.example/note"
    assert run_cli("validate").code == 0
