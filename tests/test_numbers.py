"""How values are written for people."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.numbers import as_written, describe_value, plain_number


@pytest.mark.parametrize("value, shown", [
    (0.00001234, "0.00001234"), (0.0001, "0.0001"), (-0.000005, "-0.000005"), (1e-12, "0.000000000001"),
    (25.1, "25.1"), (1040000, "1,040,000"), (916300.88, "916,300.9"), (1e18, "1,000,000,000,000,000,000"),
])
def test_plain_number_never_uses_an_exponent(value: float, shown: str) -> None:
    assert plain_number(value) == shown


@given(st.floats(min_value=1e-12, max_value=1e18) | st.floats(min_value=-1e18, max_value=-1e-12) | st.integers(-10**18, 10**18))
def test_every_value_the_schema_accepts_formats_without_an_exponent(value: float) -> None:
    for unit in ("count", "percent", "USD", "CNY"):
        assert "e" not in describe_value(value, unit, "approximately").replace("about", "")


@given(st.floats(min_value=1e-12, max_value=1e18) | st.floats(min_value=-1e18, max_value=-1e-12) | st.integers(-10**18, 10**18))
def test_a_value_as_written_is_the_same_number_without_an_exponent(value: float) -> None:
    text = as_written(value)
    assert "e" not in text and "," not in text
    assert float(text) == float(value)
    assert as_written(123456789) == as_written(123456789.0) == "123456789"
