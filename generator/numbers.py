"""How values are written for people: one place for digits, scales, units and qualifiers."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import get_currency_symbol

QUALIFIER_WORDS = {
    "exact": "",
    "approximately": "about",
    "at_least": "at least",
    "at_most": "at most",
    "projection": "projected",
    "target": "target",
}

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


def significant(value: float, digits: int = 4) -> float:
    """Round to a number of significant digits, for figures computed from rounded inputs."""
    if value == 0:
        return 0.0
    from math import floor, log10

    return round(value, digits - 1 - floor(log10(abs(value))))


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
    symbol = get_currency_symbol(unit, locale="en_GB")  # unambiguous: US$, CN¥, JP¥
    if symbol == unit:
        return f"{unit} {number}"
    return f"{symbol}{number}"


def describe_value(value: float | int, unit: str, qualifier: str) -> str:
    """A value as a reader says it: 'about US$630 million', 'at least 120,000', 'US$630 million (target)'."""
    text = with_unit(value, unit)
    word = QUALIFIER_WORDS[qualifier]
    if qualifier in ("projection", "target"):
        return f"{text} ({word})"
    return f"{word} {text}" if word else text


def count_of(n: int, noun: str, plural: str | None = None) -> str:
    """'1 dated event', '9 dated events': a number with its noun in the right form."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"
