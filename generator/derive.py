"""Figures this site computes from reported ones (``derived:`` recipes): growth rates, previous values from growth,
totals from shares, each with the qualifier its inputs allow."""

from __future__ import annotations


from .errors import Problem
from .numbers import plain_number, round_significant, significant_digits

from .model import DerivedFigure, FactStore


def derive(store: FactStore) -> list[Problem]:
    problems = []
    for recipe in store.recipes.values():
        origin = store.origins[recipe.id]
        metric = store.metrics[recipe.metric]
        first, second = (store.facts[i] for i in recipe.inputs)
        unit_of = lambda fact: store.metrics[fact.metric].unit  # noqa: E731
        a, b = first.value, second.value
        try:
            if recipe.operation == "previous_from_growth":
                _require(unit_of(second) == "percent", "the second input must be a growth rate in percent")
                _require(unit_of(first) == metric.unit, f"the first input must be in {metric.unit}")
                value = a / (1 + b / 100)
                formula = f"{plain_number(a)} ÷ (1 + {plain_number(b)}%)"
            elif recipe.operation == "growth":
                _require(unit_of(first) == unit_of(second), "both inputs must be in the same unit")
                _require(metric.unit == "percent", "a growth rate's metric must be in percent")
                value = (b / a - 1) * 100
                formula = f"({plain_number(b)} ÷ {plain_number(a)} − 1) × 100"
            else:  # total_from_share
                _require(unit_of(second) == "percent", "the second input must be a share in percent")
                _require(unit_of(first) == metric.unit, f"the first input must be in {metric.unit}")
                value = a / (b / 100)
                formula = f"{plain_number(a)} ÷ {plain_number(b)}%"
        except ZeroDivisionError:
            problems.append(origin.problem("inputs", message="an input is zero, so the figure cannot be computed"))
            continue
        except ValueError as exc:
            problems.append(origin.problem("inputs", message=f"{recipe.operation}: {exc}"))
            continue
        digits = min(significant_digits(a), significant_digits(b))
        rounded = round_significant(value, digits)
        formula = (f"{formula} ≈ {plain_number(value)}, rounded to "
                   f"{digits} significant digit{'s' if digits != 1 else ''} as its least precise input: {plain_number(rounded)}")
        bound = _bound(recipe.operation, first.qualifier, second.qualifier)
        store.derived[recipe.id] = DerivedFigure(recipe, rounded, metric.unit, formula, (first, second), bound)
    return problems


# How each operation's result moves with its inputs: +1 rises with it, -1 falls.
_DIRECTION = {"previous_from_growth": (1, -1), "growth": (-1, 1), "total_from_share": (1, -1)}


def _bound(operation: str, *qualifiers: str) -> str | None:
    """The bound the inputs' bounds put on the result: 'more than 1.04 million' this year and an exact
    growth rate make last year's figure at least its computed value. Conflicting bounds give none."""
    found = set()
    for direction, qualifier in zip(_DIRECTION[operation], qualifiers):
        if qualifier in ("at_least", "at_most"):
            lower = (qualifier == "at_least") == (direction > 0)
            found.add("at_least" if lower else "at_most")
    return found.pop() if len(found) == 1 else None


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise ValueError(message)
