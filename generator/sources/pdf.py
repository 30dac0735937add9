"""A PDF's text, page by page: what pypdf extracts from each page, with a form feed between pages.

The text keeps the pages apart the way ``pdftotext`` does, so a quote's page is found from the archive
(``quotes.quote_page``). A PDF that cannot be read, one that is encrypted, and one whose pages hold no
text (a scan) are refused with a message saying what to do; a few pages without text are reported.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from typing import Callable

from .fetch import SourceError

PDF_MAGIC = b"%PDF-"


@dataclass(frozen=True)
class PdfText:
    pages: tuple[str, ...]  # each page's text, cleaned, without form feeds
    title: str | None = None  # as the file's metadata states it
    author: str | None = None

    @property
    def text(self) -> str:
        return "\f".join(self.pages)

    @property
    def blank_pages(self) -> tuple[int, ...]:
        """Pages (from 1) on which no text was found: images of text, or empty pages."""
        return tuple(number for number, page in enumerate(self.pages, start=1) if not page.strip())


def is_pdf(raw: bytes) -> bool:
    """The file says it is a PDF (its header may follow a little junk, as readers allow)."""
    return PDF_MAGIC in raw[:1024]


def read_pdf(raw: bytes, name: str, clean: Callable[[str], str]) -> PdfText:
    """Each page's text, made clean by ``clean`` (as every archived text is); a SourceError saying what to do
    when the file cannot be read or holds no text."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings about odd files go to stderr otherwise
    try:
        reader = PdfReader(io.BytesIO(raw), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise SourceError(f"{name} is an encrypted PDF; save an unencrypted copy (or its text as a .txt file with "
                              "a form feed between pages) and add that")
        pages = tuple(_page_text(page, clean) for page in reader.pages)
        metadata = reader.metadata or {}
        title, author = metadata.get("/Title"), metadata.get("/Author")
    except SourceError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError, OSError,
            NotImplementedError) as exc:
        raise SourceError(f"{name} cannot be read as a PDF ({type(exc).__name__}: {_first_line(exc)}); open it in a "
                          "PDF reader to check it, or save its text as a .txt file and add that") from None
    if not pages:
        raise SourceError(f"{name} is a PDF with no pages")
    result = PdfText(pages, _metadata(title), _metadata(author))
    if len(result.blank_pages) == len(pages):
        raise SourceError(f"{name}: none of its {len(pages)} page(s) holds text (a scanned document?); run it through "
                          "OCR (e.g. ocrmypdf) and add the PDF that has a text layer")
    return result


def _page_text(page, clean: Callable[[str], str]) -> str:
    text = (page.extract_text() or "").replace("\f", "\n")
    return clean(text) if text.strip() else ""


def _metadata(value: object) -> str | None:
    text = " ".join(str(value).split()) if isinstance(value, str) else ""
    return text or None


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0][:200] if lines else "no detail"


def describe_blank_pages(blank: tuple[int, ...]) -> str:
    """'pages 3, 7 and 12': the pages a curator should look at."""
    shown = [str(number) for number in blank[:12]]
    more = f" and {len(blank) - 12} more" if len(blank) > 12 else ""
    if len(shown) == 1:
        return f"page {shown[0]}"
    return "pages " + (", ".join(shown[:-1]) + " and " + shown[-1] if not more else ", ".join(shown) + more)
