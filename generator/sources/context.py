"""How a figure reads from the words around it, for ``suggest``: a change rather than a level ('up 22 percent
from the year before'), an amount per unit rather than a total ('US$2.5 per device'), a period counted back from
the year the sentence states ('about 100,000 the year before'), a figure compared with the one before it ('up
from about 100,000'), a year stated relatively in an earlier sentence ('… last year.' then 'For the year, …'),
and page furniture that is not the article (comment counts, 'Page 1 of 2', related and sponsored links)."""

from __future__ import annotations

import datetime as dt
import re

_CHANGE_WORDS = r"up|down|rose|rising|risen|fell|falling|fallen|grew|growing|grown|increased|decreased|jumped|" \
                r"dropped|climbed|declined|gained|slipped|surged|soared|plunged|an? (?:increase|decrease|rise|drop|fall)" \
                r"|(?:increase|decrease|rise|drop|fall|growth|decline) of"
_CHANGE_BEFORE = re.compile(rf"\b(?:{_CHANGE_WORDS})(?:\s+by)?\s*(?:about|around|nearly|almost|some|over|more than)?\s*$",
                            re.I)
_CHANGE_AFTER = re.compile(r"^\s*(?:year[- ]on[- ]year|yoy|y/y|from (?:the|a) (?:year|quarter|month)|"
                           r"on (?:the|a) (?:year|quarter)|over (?:the|a) (?:year|previous)|compared with)\b", re.I)
_PER_UNIT = re.compile(r"^\s*(?:per|for each|each|a)\s+(?!cent\b|year\b|annum\b|month\b|quarter\b|day\b)"
                       r"([a-z][a-z-]*)\b", re.I)
_YEAR_BEFORE = re.compile(r"^[^.;,]{0,20}?\b(?:the year before|the previous year|a year earlier|the prior year|"
                          r"a year ago|the year-?earlier period)\b", re.I)
_COMPARED_FROM = re.compile(r"\b(?:up|down|rising|falling|increas\w*|decreas\w*|rose|fell|grew|compared)\s+"
                            r"(?:from|with)\s+(?:about|around|nearly|almost|some|roughly|over|more than|less than)?\s*"
                            r"(?:[A-Z]{3}\s?|US\$|\$|€|£|¥)?$", re.I)
_RELATIVE = (("last year", -1), ("previous year", -1), ("this year", 0), ("next year", 1), ("a year earlier", -1),
             ("past year", -1))
_FURNITURE = re.compile(
    r"^\s*(?:\d[\d,.]*k?\s+(?:comments?|replies|shares|likes|views|reactions)\b|page\s+\d+\s+of\s+\d+\b|"
    r"(?:related(?: stories| articles| posts)?|sponsored|advertisement|promoted|recommended(?: for you)?|"
    r"read (?:more|next|also)|see also|more from|you may also like|trending)\b|.{0,200}\b\d+\s+min(?:ute)?s?\s+read\b)",
    re.I)


def is_change(before: str, after: str) -> bool:
    """A percentage that states a change: 'up 22 percent', 'rose 13.2 percent to …', '… 5% year on year'."""
    return bool(_CHANGE_BEFORE.search(before[-60:]) or _CHANGE_AFTER.match(after[:60]))


def per_unit(after: str) -> str | None:
    """The unit an amount is per ('device' in 'US$2.5 per device'), or None for a total."""
    match = _PER_UNIT.match(after[:40])
    return match.group(1).lower() if match else None


def counted_back(after: str) -> bool:
    """The figure is of the year before the one its sentence states ('about 100,000 the year before')."""
    return bool(_YEAR_BEFORE.match(after[:80]))


def compared_with_previous(before: str) -> bool:
    """The figure is what the one before it is compared with ('…, up from about 100,000'): the same measure."""
    return bool(_COMPARED_FROM.search(before[-60:]))


def relative_year(lowered: str, published: dt.date | None) -> tuple[str, str] | None:
    """A year a sentence states relatively ('last year'), against the publication date: (year, how)."""
    if published is None:
        return None
    for phrase, delta in _RELATIVE:
        if phrase in lowered:
            return str(published.year + delta), f"'{phrase}' against the publication date {published}"
    return None


def is_furniture(line: str) -> bool:
    """A line of the page around the article: a comment count, a pager, a related or sponsored link."""
    return bool(_FURNITURE.match(line)) and len(line) < 300
