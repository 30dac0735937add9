"""Read a source from a local file or an http(s) address: with a timeout, a size cap and clear errors."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

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


def fetch(location: str, *, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES) -> Fetched:
    """The bytes of a local file or of an http(s) address."""
    if is_url(location):
        return _download(location, timeout, max_bytes)
    if "://" in location:
        raise SourceError(f"'{location}': only http:// and https:// addresses or local files can be added")
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


def _download(url: str, timeout: float, max_bytes: int) -> Fetched:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html, text/plain;q=0.9, application/pdf;q=0.8"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - the scheme is checked
            final = response.geturl()
            if not is_url(final):
                raise SourceError(f"{url} redirected to '{final}', which is not an http(s) address")
            raw = response.read(max_bytes + 1)
            headers = response.headers
    except urllib.error.HTTPError as exc:
        raise SourceError(f"{url} answered HTTP {exc.code} {exc.reason}; check the address, or save the page and "
                          "add the file") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise SourceError(f"cannot fetch {url}: {reason}; check the address and the network, or save the page and "
                          "add the file") from None
    if len(raw) > max_bytes:
        raise SourceError(f"{url} is larger than the {max_bytes:,}-byte limit for a source; save the part you cite "
                          "and add the file")
    return Fetched(raw, headers.get_content_type().lower(), headers.get_content_charset(), final, url)
