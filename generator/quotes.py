"""The words of quotes: the text a quote must match, the numbers it states, and where they stand.

Matching forgives what archiving does to text (curly vs straight quotes, dashes, white space,
Markdown escapes, runs of mis-decoded characters such as ``â??``) but not changed words or digits.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .grammar import (CURRENCY_MARK, DIGITS, FRACTIONS, GLUED_CODES, MINUS, NUMBER_WORD, ONE_IN, PERCENT, SCALE,
                      WORD_VALUES, digits_value, reads_as_decline, scale_of, share_of)

# Mis-decoded UTF-8 punctuation as it appears in archived pages: â?? â?• a?? a?• and stray bullets.
_MOJIBAKE = re.compile(r"(?:â|Ã|Â)[\?€™œ\u0080-\u00bf]*•?|a\?+•?|•")
_ESCAPE = re.compile(r"\\(?=[^\w\s])")
_TRANSLATE = str.maketrans({
    "‘": " ", "’": " ", "‚": " ", "‛": " ", "′": " ", "'": " ", "`": " ",
    "“": " ", "”": " ", "„": " ", "‟": " ", "″": " ", '"': " ",
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
})
_SPACE = re.compile(r"\s+")
_CURRENCY_BEFORE = re.compile(rf"(?:{CURRENCY_MARK})\s?$")

# A number, its scale word and its percent sign: the words that state the figure (highlighted on pages).
_NUMBER = re.compile(rf"(?:{GLUED_CODES}|(?<![\w.,]))(?P<num>{DIGITS})(?:\s*(?P<scale>{SCALE}))?(?:\s*(?:{PERCENT}))?", re.I)
_WORD_NUMBER = re.compile(rf"\b({NUMBER_WORD})(?:\s(thousand|million|billion|trillion))?\b", re.I)


@lru_cache(maxsize=16)  # a report's pages are read once per check, not once per quote
def canonical_pages(text: str) -> tuple[str, ...]:
    """A text with form feeds between its pages (as pdftotext writes a PDF), each page made canonical."""
    return tuple(canonical(page) for page in text.split("\f"))


def quote_page(text: str, quote: str) -> int | None:
    """The page (from 1) of an archived text with form feeds on which the quote stands; None for a text without
    pages; 0 when the quote is in the text but on no single page (it runs across a page break)."""
    if "\f" not in text:
        return None
    wanted = canonical(quote)
    return next((number for number, page in enumerate(canonical_pages(text), start=1) if wanted in page), 0)


def canonical(text: str) -> str:
    """Text reduced to what a quote must match: words, digits and meaningful punctuation."""
    text = unicodedata.normalize("NFKC", text)
    text = _MOJIBAKE.sub(" ", text)
    text = _ESCAPE.sub("", text)
    text = text.translate(_TRANSLATE).lower()
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class StatedNumber:
    value: float
    tolerance: float  # relative; word fractions such as 'one-third' are inexact by nature
    start: int = 0  # where the number starts in the (NFKC-normalised) quote
    end: int = 0  # and where it ends, with its scale word or percent sign
    negative: bool = False  # written with a minus sign, or as a fall ('fell 4.5%')


@lru_cache(maxsize=65536)  # a quote is checked when loaded and read again on each page that shows it
def stated_numbers(quote: str) -> tuple[StatedNumber, ...]:
    """The numbers a quote states, scaled by the word that follows them (630 million → 6.3e8)."""
    quote = unicodedata.normalize("NFKC", quote)
    found = []
    for match in _NUMBER.finditer(quote):
        number, scale = digits_value(match.group("num")), match.group("scale")
        before = quote[:match.start()]
        negative = bool(MINUS.search(before)) or reads_as_decline(before)
        found.append(StatedNumber(number * scale_of(scale), 1e-9, match.start(), match.end(), negative))
        if scale and len(scale) == 1:  # '5m' is five million, but '5 m' may be five metres
            found.append(StatedNumber(number, 1e-9, match.start(), match.end("num"), negative))
    for match in _WORD_NUMBER.finditer(quote):
        word = match.group(1).lower()
        if word in FRACTIONS:
            found.append(StatedNumber(FRACTIONS[word], 0.01, match.start(), match.end()))
        else:  # 'one trillion' is 1e12, as suggest reads it
            found.append(StatedNumber(float(WORD_VALUES[word]) * scale_of(match.group(2)), 1e-9, match.start(),
                                      match.end()))
    for match in ONE_IN.finditer(quote):  # 'one in five': a share, inexact like a fraction ('one in three')
        share = share_of(match.group("a"), match.group("b"))
        if share is not None:
            found.append(StatedNumber(share, 0.01, match.start(), match.end()))
    return tuple(found)


def stated_value(quote: str, value: float, unit: str) -> StatedNumber | None:
    """The number in the quote that writes ``value`` (a percentage may be written as a ratio: 'three times');
    its positions are in the NFKC-normalised quote."""
    for stated in stated_numbers(quote):
        if value < 0 and not stated.negative:
            continue  # a negative figure needs a minus sign or a fall in the words ('fell 4.5%')
        magnitude = -stated.value if value < 0 else stated.value
        candidates = [magnitude, magnitude * 100] if unit == "percent" else [magnitude]
        if any(math.isclose(value, c, rel_tol=stated.tolerance) for c in candidates):
            return stated
    return None


def figure_span(quote: str, value: float, unit: str) -> tuple[int, int] | None:
    """Where in the (NFKC-normalised) quote the figure ``value`` is written, currency sign included."""
    stated = stated_value(quote, value, unit)
    if stated is None:
        return None
    before = unicodedata.normalize("NFKC", quote)[:stated.start]
    prefix = _CURRENCY_BEFORE.search(before)
    return (prefix.start() if prefix else stated.start), stated.end


def states_value(quote: str, value: float, unit: str) -> bool:
    """Whether the quote writes ``value``."""
    return stated_value(quote, value, unit) is not None


def _continues_number(text: str, at: int, step: int) -> bool:
    """Whether ``text[at]`` carries on a number: a digit, or a ',' or '.' with a digit beyond it."""
    if not 0 <= at < len(text):
        return False
    if text[at].isdigit():
        return True
    beyond = at + step
    return text[at] in ",." and 0 <= beyond < len(text) and text[beyond].isdigit()


def _whole_number(text: str, start: int, end: int) -> str:
    while start > 0 and _continues_number(text, start - 1, -1):
        start -= 1
    while end < len(text) and _continues_number(text, end, 1):
        end += 1
    return text[start:end]


def cut_number(quote: str, text: str) -> str | None:
    """How the quote cuts a number of the source ("more than 5" of "more than 5,000"), or None.

    A quote is accepted if any of its occurrences starts and ends at number boundaries.
    """
    first_cut = None
    at = text.find(quote)
    while at >= 0:
        end = at + len(quote)
        starts_inside = quote[:1].isdigit() and _continues_number(text, at - 1, -1)
        ends_inside = quote[-1:].isdigit() and _continues_number(text, end, 1)
        if not (starts_inside or ends_inside):
            return None
        if first_cut is None:
            where = "starts" if starts_inside else "ends"
            edge = at if starts_inside else end - 1
            first_cut = f"{where} inside the number '{_whole_number(text, edge, edge + 1)}' of the source"
        at = text.find(quote, at + 1)
    return first_cut


def _matching_prefix(quote: str, text: str) -> str:
    low, high = 0, len(quote)
    while low < high:
        middle = (low + high + 1) // 2
        if quote[:middle] in text:
            low = middle
        else:
            high = middle - 1
    return quote[:low]
