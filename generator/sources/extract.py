"""From fetched bytes to clean UTF-8 text and the metadata the page itself states.

HTML goes through trafilatura (main text without navigation, banners, ads or related links) and
htmldate (dates from the page's metadata only, never guessed from its text or address). Every text
is repaired with ftfy (mojibake such as ``â€™``, line ends, control characters) and kept otherwise as
the source wrote it: curly quotes and full-width punctuation stay.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import ftfy

from .fetch import Fetched, SourceError
from .pdf import is_pdf, read_pdf

_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_BLANK_LINES = re.compile(r"\n{3,}")


@dataclass(frozen=True)
class Extracted:
    text: str
    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    published: str | None = None  # YYYY-MM-DD, from the page's metadata
    updated: str | None = None  # a later modification date, when the page states one
    language: str | None = None
    url: str | None = None  # where it was fetched from, after redirects (None for a local file)
    canonical: str | None = None  # the address the page states as its own (canonical link or og:url)
    original: bytes | None = None  # the file the text was extracted from, archived beside it (a PDF)
    blank_pages: tuple[int, ...] = ()  # a PDF's pages without text


def looks_like_html(fetched: Fetched) -> bool:
    if fetched.content_type in ("text/html", "application/xhtml+xml"):
        return True
    if fetched.content_type:
        return False
    start = fetched.raw[:1024].lstrip().lower()
    return start.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<?xml")) or b"<html" in start


_BINARY_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"PK\x03\x04", b"\x1f\x8b", b"RIFF", b"II*\x00",
                 b"MM\x00*", b"\x7fELF", b"\xd0\xcf\x11\xe0", b"7z\xbc\xaf", b"Rar!", b"%!PS", b"\x00\x00\x01\x00")


def looks_binary(raw: bytes) -> bool:
    """Not text in any encoding: a known binary signature, or NUL bytes (never in UTF-8 or legacy text; UTF-16 is
    recognised by its byte order mark)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    head = raw[:8192]
    return head.startswith(_BINARY_MAGIC) or b"\x00" in head


_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
# Labels as browsers read them (the WHATWG Encoding Standard): each legacy label names its superset.
_LABELS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030", "big5": "big5hkscs",
           "shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932", "windows-31j": "cp932",
           "euc-kr": "cp949", "ks_c_5601-1987": "cp949", "iso-8859-1": "cp1252", "latin1": "cp1252",
           "latin-1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252", "utf8": "utf-8"}
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def meta_charset(raw: bytes) -> str | None:
    """The encoding an HTML page declares in a <meta> tag near its top, as browsers look for it."""
    match = _META_CHARSET.search(raw[:4096])
    return match.group(1).decode("ascii").lower() if match else None


def decode(raw: bytes, charset: str | None = None, *, html: bool = False, name: str = "the text") -> str:
    """Bytes to text, as a browser reads them: a byte order mark, the charset the server declared, a page's own
    <meta> declaration, UTF-8, then detection. Text that still reads as mis-decoded (a Chinese page read as
    Windows-1252) is refused rather than archived as mojibake."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return _checked(raw[len(bom):], encoding, name, errors="replace")
    declared = [charset, meta_charset(raw) if html else None]
    for label in [*declared, "utf-8"]:
        if not label:
            continue
        encoding = _LABELS.get(label.lower(), label)
        try:
            return _checked(raw, encoding, name)
        except (UnicodeDecodeError, LookupError):
            continue
    import charset_normalizer

    best = charset_normalizer.from_bytes(raw).best()
    if best is None or best.encoding is None:
        raise SourceError(f"{name}: cannot tell which encoding its text is in (not UTF-8, and no declared encoding "
                          "fits); save it as UTF-8 and add that")
    return _checked(raw, best.encoding, name, errors="replace")


def _checked(raw: bytes, encoding: str, name: str, errors: str = "strict") -> str:
    import ftfy.badness

    text = raw.decode(encoding, errors=errors)
    if ftfy.badness.is_bad(ftfy.fix_text(text[:20000])):
        raise SourceError(f"{name}: its text still reads as mis-decoded when read as {encoding} (the encoding it "
                          "declares is probably wrong); save it as UTF-8 and add that")
    return text


def clean(text: str) -> str:
    """Mojibake repaired, '\\n' line ends, no control characters, no trailing spaces, one final newline."""
    text = ftfy.fix_text(text, uncurl_quotes=False, fix_character_width=False, fix_latin_ligatures=False,
                         unescape_html=False, normalization="NFC")
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip("\n") + "\n"


def extract(fetched: Fetched) -> Extracted:
    if is_pdf(fetched.raw) or (fetched.content_type == "application/pdf" and not looks_binary(fetched.raw)):
        pdf = read_pdf(fetched.raw, fetched.name, clean)
        return Extracted(pdf.text, title=pdf.title, author=pdf.author, url=fetched.url, original=fetched.raw,
                         blank_pages=pdf.blank_pages)
    if looks_binary(fetched.raw):
        raise SourceError(f"{fetched.name} is not text (it holds binary data: an image, an archive or a document "
                          "format); add a page, a plain text or a PDF")
    if not looks_like_html(fetched):
        if fetched.content_type not in ("", "text/plain", "text/markdown"):
            raise SourceError(f"{fetched.name} is {fetched.content_type}; only HTML pages, plain text and PDFs can "
                              "be archived")
        text = clean(decode(fetched.raw, fetched.charset, name=fetched.name))
        if not text.strip():
            raise SourceError(f"{fetched.name} holds no text")
        return Extracted(text, url=fetched.url)
    return _extract_html(decode(fetched.raw, fetched.charset, html=True, name=fetched.name), fetched)


def _extract_html(html: str, fetched: Fetched) -> Extracted:
    import htmldate
    import lxml.html
    import trafilatura

    document = trafilatura.bare_extraction(
        html, url=fetched.url, with_metadata=True, include_comments=False, include_tables=True,
        favor_precision=True, date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if document is None or not (document.text or "").strip():
        raise SourceError(f"no article text found in {fetched.name}; save the article's text as a .txt file and "
                          "add that instead")
    published = htmldate.find_date(html, original_date=True, extensive_search=False, outputformat="%Y-%m-%d")
    updated = htmldate.find_date(html, original_date=False, extensive_search=False, outputformat="%Y-%m-%d")
    try:
        language = (lxml.html.document_fromstring(html).get("lang") or "").strip() or None
    except (ValueError, lxml.etree.ParserError):
        language = None
    return Extracted(
        text=clean(document.text),
        title=_field(document.title),
        author=_field(document.author),
        publisher=_field(document.sitename),
        published=published or None,
        updated=updated if updated and updated != published else None,
        language=_language(language),
        url=fetched.url,
        canonical=_field(document.url),
    )


def _language(code: str | None) -> str | None:
    """'en-GB' from 'EN-GB' or 'en_GB'; None when it is not a language tag."""
    if not code:
        return None
    primary, _, rest = code.replace("_", "-").partition("-")
    tag = primary.lower() + ("-" + rest if rest else "")
    return tag if _LANGUAGE.match(tag) else None


def _field(value: str | None) -> str | None:
    value = " ".join((value or "").split())
    return value or None
