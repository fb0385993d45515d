"""The `mostly` tolerances: the share of considered values that must pass.

One place for the numbers, so that the suites and their descriptions cannot disagree. Why these
numbers: expectations/README.md.
"""

from __future__ import annotations

MOSTLY_VALUES = 0.99  # code lists, ranges, formats, required fields
MOSTLY_PID_FORMAT = 0.97  # the specification expects 1-3 % of pid errors per dataset
MOSTLY_PID_NOT_NULL = 0.98
# GX counts every row of a duplicate group (a pair counts 2): 0.98 tolerates ~1 % doubled records.
MOSTLY_UNIQUE = 0.98


def pct(mostly: float) -> str:
    """0.97 -> '97 %' for the descriptions."""
    return f"{round(mostly * 100)} %"


def pct_off(mostly: float) -> str:
    """0.98 -> '2 %': the share allowed to fail."""
    return f"{round((1 - mostly) * 100)} %"
