"""What the words of a quote say about its figure: the one table from hedging words to qualifiers.

"about 630 million" is approximate, "more than 5,000" a lower bound, "up to 30%" an upper bound,
"expects" a projection, "aims" a target. ``validate`` warns where a fact's qualifier contradicts the
words in front of its number; ``suggest`` reads qualifiers with the same table.
"""

from __future__ import annotations

import re
import unicodedata

from .grammar import CURRENCY_MARK
from .quotes import stated_value

# The words just before a number, and what they make of it. Longest phrases are tried first.
HEDGES: dict[str, str] = {
    "about": "approximately", "approximately": "approximately", "around": "approximately",
    "roughly": "approximately", "some": "approximately", "nearly": "approximately", "almost": "approximately",
    "close to": "approximately", "circa": "approximately", "an estimated": "approximately",
    "estimated": "approximately",
    "more than": "at_least", "over": "at_least", "at least": "at_least", "exceeded": "at_least",
    "exceeds": "at_least", "exceeding": "at_least", "above": "at_least", "upwards of": "at_least",
    "in excess of": "at_least", "no fewer than": "at_least", "no less than": "at_least",
    "up to": "at_most", "at most": "at_most", "less than": "at_most", "fewer than": "at_most",
    "under": "at_most", "below": "at_most", "no more than": "at_most",
}
# Words anywhere in the quote that make its figure something not yet reported.
FUTURE_WORDS: dict[str, str] = {
    "expects": "projection", "expected": "projection", "expect": "projection", "projection": "projection",
    "projected": "projection", "projects": "projection", "forecast": "projection", "forecasts": "projection",
    "estimates for": "projection", "will reach": "projection",
    "aims": "target", "aim": "target", "aiming": "target", "target": "target", "targets": "target",
    "goal": "target", "plans to": "target",
}
_HEDGE = re.compile(r"\b(" + "|".join(sorted(map(re.escape, HEDGES), key=len, reverse=True)) + r")\s*$", re.I)
_FUTURE = re.compile(r"\b(" + "|".join(sorted(map(re.escape, FUTURE_WORDS), key=len, reverse=True)) + r")\b", re.I)
# What may stand between a hedge and its number: a currency sign or code ("more than US$ 5", "about RMB 161.5").
_BETWEEN = re.compile(rf"(?:\s|{CURRENCY_MARK})*$", re.I)


def hedge_before(quote: str, start: int) -> str | None:
    """The qualifier the words right before position ``start`` give the number there, if any."""
    before = quote[:start]
    before = before[: len(before) - len(_BETWEEN.search(before).group())]
    match = _HEDGE.search(before)
    return HEDGES[match.group(1).lower()] if match else None


def future_word(quote: str) -> str | None:
    match = _FUTURE.search(unicodedata.normalize("NFKC", quote))
    return FUTURE_WORDS[match.group(1).lower()] if match else None


def implied_qualifier(quote: str, value: float, unit: str) -> str | None:
    """What the quote's words make of the number that states ``value``: a qualifier, 'exact', or None
    when the quote does not state the value where we can find it."""
    stated = stated_value(quote, value, unit)
    if stated is None:
        return None
    quote = unicodedata.normalize("NFKC", quote)  # the positions of stated_value are in this form
    plus = "at_least" if quote[stated.end:stated.end + 1] == "+" else None  # '150,000+'
    return future_word(quote) or hedge_before(quote, stated.start) or plus or "exact"


def contradiction(qualifier: str, quote: str, value: float, unit: str) -> str | None:
    """Why ``qualifier`` contradicts the quote's words, or None when they agree (or cannot be read)."""
    implied = implied_qualifier(quote, value, unit)
    if implied is None or implied == qualifier:
        return None
    if qualifier in ("projection", "target") and implied in ("projection", "target", "exact", "approximately"):
        return None  # a future figure may be hedged, and a target may be called a projection in passing
    words = {"exact": "no hedging word", "approximately": "an approximation ('about', 'nearly' …)",
             "at_least": "a lower bound ('more than', 'over' …)", "at_most": "an upper bound ('up to', 'less than' …)",
             "projection": "a projection ('expects', 'projected' …)", "target": "a target ('aims', 'target' …)"}
    return f"qualifier '{qualifier}' but the quote's words give {words[implied]}; use '{implied}' or fix the quote"
