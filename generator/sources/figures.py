"""The figures a sentence states: numbers with their scale, currency, percent or share, read with the one
grammar (``generator.grammar``), with what only looks like a figure left out (years, dates, times, phone
numbers, list and page numbers, numbers inside names). ``suggest`` makes candidate facts of them.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..grammar import (CURRENCY_MARK, CURRENCY_WORD, DIGITS, FRACTIONS, MULTIPLES, NUMBER_WORD, ONE_IN, PERCENT, SCALE,
                       WORD_VALUES, currency_code, digits_value, reads_as_decline, scale_of, share_of)

_NUMBER = re.compile(
    rf"(?P<sign>(?<![\w%])[-−–]\s?)?(?:(?P<cur>{CURRENCY_MARK})\s?)?(?P<num>{DIGITS})"
    rf"(?:\s?(?P<scale>{SCALE}))?"
    rf"(?:\s?(?P<pct>{PERCENT}))?"
    rf"(?:\s(?P<cur_after>{CURRENCY_WORD})\b)?"
    r"(?:\s(?P<per>per\s(?:\d{1,3}(?:,\d{3})+|\d+|capita|head|person|people|inhabitant)(?:\s[a-z]+)?))?",
    re.I)
_WORDS = re.compile(
    rf"\b(?P<word>{NUMBER_WORD})"
    r"(?:\s(?P<scale>thousand|million|billion|trillion))?"
    r"(?P<times>\s(?:times|fold))?(?P<pct>\s?(?:%|percent|per cent))?"
    rf"(?:\s(?P<cur_after>{CURRENCY_WORD}))?\b", re.I)
_MULTIPLE = re.compile(r"\b(?P<word>" + "|".join(sorted(MULTIPLES, key=len, reverse=True)) + r")\b", re.I)
_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|"
           "jun|jul|aug|sep|sept|oct|nov|dec")
_DATE = re.compile(rf"\b(?:\d{{1,2}}\s?(?:{_MONTHS})\.?,?\s\d{{4}}|(?:{_MONTHS})\.?\s\d{{1,2}}(?:st|nd|rd|th)?,?\s\d{{4}}|"
                   rf"\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}:\d{{2}}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}|"
                   rf"(?:{_MONTHS})\.?\s\d{{1,2}}(?:st|nd|rd|th)?\b|\d{{1,2}}(?:st|nd|rd|th)?\s(?:of\s)?(?:{_MONTHS})\b)", re.I)
_PHONE = re.compile(r"(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,5}\)[\s.-]?)?\d{2,5}(?:[\s.-]\d{2,5}){1,3}(?=\s|$|[,;.)])")
CONTEXT = 80  # characters either side of a number whose words decide how it reads ('page', 'about', 'tel')
_PHONE_HINT = re.compile(r"(?:tel|phone|call|contact|fax|hotline|whatsapp)\b[^.]{0,25}$|\+$", re.I)
_NOT_FIGURE_BEFORE = re.compile(
    r"(?:\b(?:page|p\.|pp\.|section|chapter|figure|fig\.|table|article|no\.|number|item|step|part|volume|vol\.|"
    r"issue|version|v\.|top|rank(?:ed)?|ranking|no|#|room|floor|route|highway|level|grade|class|phase|"
    r"tier|episode|season|round|verse|rule|model|registration number:?|licen[cs]e(?: for [a-z ]+)?|copyright)\s*$)", re.I)
_NOT_FIGURE_AFTER = re.compile(
    r"^(?:\s?(?:st|nd|rd|th)\b|\s?(?:hours?|hrs?|minutes?|mins?|seconds?|secs?|days?|weeks?|months?)\s(?:ago|read)\b|"
    r"\s(?:best|worst|biggest|largest|smallest|top|greatest|most|things|ways|reasons|tips|steps)\b|"
    r"[A-Za-z]|\s?(?:ago)\b|\s?\*\s?\d|\s(?:next|previous)\b)", re.I)
_DURATION = re.compile(r"(?:\s|-)(?:years?|decades?|months?|weeks?|days?)\b", re.I)
_SENTENCE_END = re.compile(r"(?<!\b[A-Z])(?<!\bU\.S)(?<!\bNo)(?<!\bvs)(?<!\bMr)(?<!\bDr)(?<!\bMs)(?<!\bCo)(?<!\bInc)"
                           r"(?<!\bLtd)(?<!\bRs)(?<!\bSt)(?<!\bp)(?<!\bpp)(?<!\bfig)(?<!\bvol)(?<!\be\.g)(?<!\bi\.e)(?<!\betc)"
                           r"[.!?][\"”’']?(?=\s+[\"“‘'(\[]?[A-Z0-9])|\n\s*\n|(?<=[^\s|])\s*\n(?=\s*[A-Z\"“(*#-])")


@dataclass
class Span:
    start: int
    end: int
    value: float
    unit: str
    stated: str
    high: float | None = None  # a range's upper end ('between 500 and 600 million')

def sentences(text: str) -> list[tuple[int, int]]:
    """Start and end offsets of each sentence (or table row, or heading line)."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        end = match.start() + (1 if text[match.start()] in ".!?" else 0)
        if text[start:end].strip():
            spans.append((start, end))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    trimmed = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        trimmed.append((s, e))
    return trimmed


def number_spans(sentence: str, offset: int = 0) -> list[Span]:
    """Figures in a sentence, with their value in base units and their unit; non-figures left out."""
    found: list[Span] = []
    taken: list[tuple[int, int]] = []
    blocked = [m.span() for m in _DATE.finditer(sentence)]
    for match in _PHONE.finditer(sentence):
        digits = re.sub(r"\D", "", match.group())
        if (len(digits) >= 7 and re.search(r"[\s.-]", match.group()) and not re.search(r",\d{3}", match.group())) \
                or _PHONE_HINT.search(sentence[max(0, match.start() - CONTEXT):match.start()]):
            blocked.append(match.span())

    blocked.sort()
    blocked_starts = [x for x, _ in blocked]

    def free(a: int, b: int) -> bool:
        """No date, telephone number or figure already taken overlaps a..b (spans come left to right, so only
        the last few taken and the blocked spans starting just before b can)."""
        near = blocked[max(0, bisect.bisect_left(blocked_starts, b) - 4):bisect.bisect_left(blocked_starts, b)]
        return not any(a < y and x < b for x, y in near + taken[-4:])

    for match in _NUMBER.finditer(sentence):
        a, b = match.span()
        num = match.group("num")
        if not free(match.start("num"), match.end("num")):
            continue
        # What decides a figure stands next to it: a bounded window keeps a sentence of thousands of numbers linear.
        before, after = sentence[max(0, match.start() - CONTEXT):match.start()], sentence[b:b + CONTEXT]
        year_like = re.fullmatch(r"(19|20)\d\d|2100", num) and not (match.group("cur") or match.group("scale")
                                                                     or match.group("pct") or match.group("cur_after"))
        if year_like:
            continue
        if _NOT_FIGURE_BEFORE.search(before) or _NOT_FIGURE_AFTER.match(after if not match.group("scale") else ""):
            if not (match.group("cur") or match.group("pct")):
                continue
        glued = re.search(r"[A-Za-z]$", before) or (re.match(r"[\w/@]", after[:1] or " ") and not (
            match.group("scale") or match.group("pct") or match.group("per") or match.group("cur_after")))
        if re.match(r"0\d", num) or glued:  # 'A4', '5G', '0108263': names and codes, not figures
            continue
        if re.search(r"[A-Za-z][-–]$", before):  # 'COVID-19', 'Kirin-9000', 'K–12': names
            continue
        if re.search(r"[/@#*×]$", before) or re.match(r"[/@*×]\d|\.\d|,\s(?:19|20)\d\d\b", after):
            continue  # '1024*768', '14, 2025' (a day of a date)
        bare = not (match.group("cur") or match.group("scale") or match.group("pct") or match.group("cur_after")
                    or match.group("per"))
        if bare and _DURATION.match(after):
            continue  # 'over the past 10 years', 'a 5-year plan': a span of time, not a figure
        if bare and (re.search(r"(?<=[a-z,;:] )[A-Z][A-Za-z&]*\s$", before) or (
                re.fullmatch(r"\d{1,2}", num) and re.search(r"(?:^|\s)[A-Z][\w-]*\s$", before))):
            continue  # part of a name: 'Fortune Global 500', 'Ascend Mate 2', 'Wi-Fi 6'
        if bare and (re.match(r"\s+\d+\b", after) or re.search(r"(?:^|\n)\s*$", before) and re.match(r"[.)](?:\s|$)", after)):
            continue  # pagination ('1 2 Next') or a list position at the start of a line ('1. Comunicati')
        scale = (match.group("scale") or "").lower()
        value = digits_value(num) * scale_of(scale)
        if match.group("sign"):
            value = -value
        if re.search(r"\bper\s$", before):
            continue  # the '10,000' of 'per 10,000 people' is part of a unit
        pct = (match.group("pct") or "").lower()
        currency = currency_code(match.group("cur"), match.group("cur_after"))
        per = match.group("per")
        if not per and not pct and not currency:  # '21.9 invention patents per 10,000 people'
            later = re.match(r"[^.,;:!?]{0,40}?\b(per\s(?:\d{1,3}(?:,\d{3})+|\d+)\s[a-z]+|per\s(?:capita|head|person))",
                             after, re.I)
            if later:
                per = later.group(1)
        if pct.startswith(("percentage", "pp")):
            unit = "percentage points"
        elif pct:
            unit = "percent"
        elif per:
            unit = per.strip()
            if match.group("per"):
                b = match.end("per")
        elif currency:
            unit = currency
        else:
            unit = "count"
        if unit in ("percent", "percentage points") and value > 0 and reads_as_decline(before):
            value = -value
        found.append(Span(a + offset, b + offset, value, unit, sentence[a:b].strip()))
        taken.append((a, b))
    for match in _WORDS.finditer(sentence):
        a, b = match.span()
        if not free(a, b):
            continue
        word = match.group("word").lower()
        before = sentence[:a]
        if _NOT_FIGURE_BEFORE.search(before) or re.match(r"\s?[A-Z]", sentence[b:b + 2]) and word[0].isupper():
            continue
        if word in FRACTIONS:
            found.append(Span(a + offset, b + offset, 100 * FRACTIONS[word], "percent", match.group()))
        elif match.group("times"):
            found.append(Span(a + offset, b + offset, WORD_VALUES[word], "times", match.group()))
        elif match.group("scale") or match.group("pct"):
            value = WORD_VALUES[word] * scale_of(match.group("scale"))
            unit = "percent" if match.group("pct") else currency_code(None, match.group("cur_after")) or "count"
            found.append(Span(a + offset, b + offset, value, unit, match.group()))
        else:
            continue  # a bare "three" is rarely a figure worth proposing
        taken.append((a, b))
    for match in _NUMBER.finditer(sentence):  # '3 times', '2.5-fold'
        tail = sentence[match.end():match.end() + 7]
        if re.match(r"\s?(?:times|-?fold)\b", tail, re.I):
            for span in found:
                if span.start - offset == match.start() and span.unit == "count":
                    span.unit = "times"
                    span.end += len(re.match(r"\s?(?:times|-?fold)", tail, re.I).group())
                    span.stated = sentence[span.start - offset:span.end - offset]
    for match in ONE_IN.finditer(sentence):
        a, b = match.span()
        if not free(a, b):
            continue
        share = share_of(match.group("a"), match.group("b"))
        if share is not None:
            found.append(Span(a + offset, b + offset, round(100 * share, 6), "percent", match.group()))
            taken.append((a, b))
    for match in _MULTIPLE.finditer(sentence):
        a, b = match.span()
        if free(a, b):
            found.append(Span(a + offset, b + offset, MULTIPLES[match.group("word").lower()], "times", match.group()))
    return sorted(found, key=lambda s: s.start)
