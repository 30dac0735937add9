"""How values are written for people: one place for digits, scales and units (the qualifier's words are in words.py)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from babel.numbers import get_currency_symbol

from .words import FUTURE_QUALIFIERS, QUALIFIER_WORDS

_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def plain_number(value: float | int, digits: int = 6) -> str:
    """A number with thousands separators, no float noise and never an exponent: 25.1, 1,040,000,
    916,300.88, 0.00001234."""
    if float(value).is_integer():
        return f"{int(value):,}"
    if abs(value) < 1:  # significant digits, written out: 'g' would give 1.234e-05
        text = format(Decimal(f"{value:.{digits}g}"), "f")
    else:
        text = f"{value:,.{max(digits - len(str(int(abs(value)))), 1)}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def as_written(value: float | int) -> str:
    """A value as a data file writes it, never with an exponent: 123456789, 0.000012, 20.8."""
    if float(value).is_integer():
        return str(int(value))
    text = format(Decimal(repr(float(value))), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def significant_digits(value: float | int) -> int:
    """The digits a stated figure carries, trailing zeros not counted: 1,040,000 → 3, 13.5 → 3, 630,000,000 → 2."""
    if value == 0:
        return 1
    return len(Decimal(repr(float(value))).normalize().as_tuple().digits)


def round_significant(value: float, digits: int) -> float | int:
    """``value`` to ``digits`` significant digits, halves rounded away from zero (916,299.6 → 916,000 at 3)."""
    if value == 0:
        return 0
    exact = Decimal(repr(value))
    quantum = Decimal(1).scaleb(exact.adjusted() - digits + 1)
    rounded = exact.quantize(quantum, rounding=ROUND_HALF_UP)
    return int(rounded) if rounded == rounded.to_integral_value() else float(rounded)


def short_number(value: float | int) -> str:
    """630 million, 1.04 million, 161.5 billion; smaller numbers in full."""
    for size, word in _SCALES:
        if abs(value) >= size:
            scaled = round(value / size, 3)
            return f"{plain_number(scaled)} {word}"
    return plain_number(value)


def with_unit(value: float | int, unit: str, *, short: bool = True) -> str:
    """A value in its unit: 'US$630 million', '25.1%', '37,000'."""
    number = short_number(value) if short else plain_number(value)
    if unit == "percent":
        return f"{plain_number(value)}%"
    if unit == "count":
        return number
    symbol = _currency_symbol(unit)
    if symbol == unit:
        return f"{unit} {number}"
    return f"{symbol}{number}"


@lru_cache(maxsize=None)  # one per currency; babel looks it up in its locale data each time
def _currency_symbol(unit: str) -> str:
    return get_currency_symbol(unit, locale="en_GB")  # unambiguous: US$, CN¥, JP¥


def describe_value(value: float | int, unit: str, qualifier: str) -> str:
    """A value as a reader says it: 'about US$630 million', 'at least 120,000', 'US$630 million (target)'."""
    text = with_unit(value, unit)
    word = QUALIFIER_WORDS[qualifier]
    if qualifier in FUTURE_QUALIFIERS:
        return f"{text} ({word})"
    return f"{word} {text}" if word else text


def figure_words(point, unit: str) -> str:  # noqa: ANN001 - a Fact or a DerivedFigure
    """A figure as a reader should read it, never more precise or less hedged than its source.

    A fact that gives its figure in words ('about one-third', 'nearly three times') is shown in those
    words; a derived figure, rounded to its inputs' precision, says so ('at least about 916,000').
    """
    stated = getattr(point, "stated", None)
    if stated:
        future = point.qualifier in FUTURE_QUALIFIERS
        return f"{stated} ({QUALIFIER_WORDS[point.qualifier]})" if future else stated
    if getattr(point, "is_derived", False) and point.qualifier in ("at_least", "at_most"):
        return f"{QUALIFIER_WORDS[point.qualifier]} about {with_unit(point.value, unit)}"
    return describe_value(point.value, unit, point.qualifier)


def count_of(n: int, noun: str, plural: str | None = None) -> str:
    """'1 dated event', '9 dated events': a number with its noun in the right form."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"
