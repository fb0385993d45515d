"""German number formatting and the signs for missing numbers."""

from __future__ import annotations

import pytest

from bildungspfade.presentation import count_de, decimals_for, rate_de


@pytest.mark.parametrize(
    ("value", "flag", "expected"),
    [
        (1234567, "", "1.234.567"),
        (0, "", "0"),
        (None, "s", "•"),
        (None, "z", "•"),
        (None, "w", "/"),
        (None, "", "x"),
        (35, "r", "35"),
    ],
)
def test_counts(value, flag, expected):
    assert count_de(value, flag) == expected


def test_rates_use_a_decimal_comma():
    assert rate_de(42.307) == "42,3"
    assert rate_de(0.354, decimals=3) == "0,354"
    assert rate_de(None, "w") == "/"


def test_decimals_follow_the_unit_and_size():
    assert decimals_for("%", [0.3, 42.0]) == 1
    assert decimals_for("Index", [0.35, 0.41]) == 3
    assert decimals_for("Jahre", [6.2, None]) == 2
    assert decimals_for(None, [120.0]) == 1


def test_school_years_read_as_german_statistics_write_them() -> None:
    from bildungspfade.presentation import school_year_de

    assert school_year_de(2018) == "2018/19"
    assert school_year_de(1999) == "1999/00"
    assert school_year_de(2009) == "2009/10"
