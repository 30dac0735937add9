"""Read a source from a local file or an http(s) address: with a timeout, a size cap and clear errors."""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

MAX_BYTES = 10_000_000  # a news page is well under 1 MB; a report extract under 10 MB
TIMEOUT = 30.0
USER_AGENT = "factsheet-generator source add (archiving a cited source)"


class SourceError(Exception):
    """The source could not be read or used; the message says why and what to do."""


@dataclass(frozen=True)
class Fetched:
    raw: bytes
    content_type: str  # the media type, lower case, without parameters ('' when unknown)
    charset: str | None
    url: str | None  # the address it came from, after redirects; None for a local file
    name: str  # the file name or the address, for messages


def is_url(location: str) -> bool:
    return urlsplit(location).scheme.lower() in ("http", "https")


def shown(url: str) -> str:
    """An address as messages may print it: without a user name or password."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def refuse_unfetchable(url: str, *, redirected_from: str | None = None) -> None:
    """Addresses refused before any connection or name lookup: a scheme other than http(s), and credentials (a
    password in an address would be sent, logged and stored)."""
    parts = urlsplit(url)
    how = f"{shown(redirected_from)} redirected to " if redirected_from else ""
    if parts.scheme.lower() not in ("http", "https"):
        raise SourceError(f"{how}'{shown(url)}': a {parts.scheme or 'scheme-less'} address; only http:// and "
                          "https:// addresses are fetched (save the page and add the file)")
    if "@" in parts.netloc:
        raise SourceError(f"{how}{shown(url)}: the address holds a user name or password, which is never sent or "
                          "stored; save the page while signed in and add the file")


def fetch(location: str, *, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES) -> Fetched:
    """The bytes of a local file or of an http(s) address; ``timeout`` is the deadline for the whole download."""
    if is_url(location):
        refuse_unfetchable(location)
        return _download(location, timeout, max_bytes)
    if "://" in location:
        raise SourceError(f"'{shown(location)}': only http:// and https:// addresses or local files can be added")
    path = Path(location)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise SourceError(f"'{location}' is not a file")
        if size > max_bytes:
            raise SourceError(f"'{location}' is {size:,} bytes, over the {max_bytes:,}-byte limit for a source")
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read '{location}': {exc.strerror}") from None
    suffix = path.suffix.lower()
    kind = {".html": "text/html", ".htm": "text/html", ".xhtml": "text/html", ".txt": "text/plain", ".md": "text/plain",
            ".pdf": "application/pdf"}.get(suffix, "")
    return Fetched(raw, kind, None, None, location)


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to an address that would be fetched if given: checked before connecting."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001, ANN201 - urllib's signature
        refuse_unfetchable(urljoin(req.full_url, newurl), redirected_from=req.full_url)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _download(url: str, timeout: float, max_bytes: int) -> Fetched:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT,
                                                   "Accept": "text/html, text/plain;q=0.9, application/pdf;q=0.8"})
    opener = urllib.request.build_opener(_CheckedRedirects)
    deadline = time.monotonic() + timeout
    advice = "check the address and the network, or save the page and add the file"
    try:
        with opener.open(request, timeout=timeout) as response:
            final = response.geturl()
            raw = _read_all(response, deadline, max_bytes, url, timeout)
            headers = response.headers
    except urllib.error.HTTPError as exc:
        raise SourceError(f"{shown(url)} answered HTTP {exc.code} {exc.reason}; check the address, or save the page "
                          "and add the file") from None
    except http.client.IncompleteRead as exc:
        raise SourceError(f"incomplete download of {shown(url)}: the connection ended after {len(exc.partial):,} "
                          f"bytes; try again, or save the page and add the file") from None
    except http.client.HTTPException as exc:  # BadStatusLine, LineTooLong, InvalidURL …
        raise SourceError(f"cannot fetch {shown(url)}: the server's answer is not valid HTTP ({type(exc).__name__}); "
                          f"{advice}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise SourceError(f"cannot fetch {shown(url)}: {reason}; {advice}") from None
    except ValueError as exc:  # an address urllib cannot parse ('http://[::1')
        raise SourceError(f"cannot fetch '{shown(url)}': {exc}; check the address") from None
    return Fetched(raw, headers.get_content_type().lower(), headers.get_content_charset(), final, url)


def _read_all(response: http.client.HTTPResponse, deadline: float, max_bytes: int, url: str, timeout: float) -> bytes:
    """The whole body, read as it arrives: refused when it is over the cap, ends before the length the server
    announced, or is not all there by the deadline (a server trickling bytes cannot hold the command)."""
    expected = response.headers.get("Content-Length")
    sock = getattr(getattr(response.fp, "raw", None), "_sock", None)
    chunks, size = [], 0

    def late() -> SourceError:
        return SourceError(f"{shown(url)} did not arrive within {timeout:g} s ({size:,} bytes so far); try again "
                           "with a longer --timeout, or save the page and add the file")

    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise late()
        if sock is not None:
            sock.settimeout(left)  # no single read may wait past the deadline
        try:
            chunk = response.read1(65536)
        except TimeoutError:
            raise late() from None
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            raise SourceError(f"{shown(url)} is larger than the {max_bytes:,}-byte limit for a source; save the part "
                              "you cite and add the file")
    if expected is not None and expected.strip().isdigit() and size < int(expected):
        raise SourceError(f"incomplete download of {shown(url)}: {size:,} of the {int(expected):,} bytes announced "
                          "arrived; try again, or save the page and add the file")
    return b"".join(chunks)
