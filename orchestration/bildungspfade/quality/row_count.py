"""The row-count plausibility rule: how far a delivery may move from the previous one.

A municipality's cohorts change by a few per cent a year, so a delivery outside [0.7, 1.3] x the
previous one is far more often a truncated, partial or wrong extract than a real change; a real
change of that size is accepted deliberately after checking with the office. The first delivery
of a dataset has no previous one and only has to be non-empty.
"""

from __future__ import annotations

import math

LOWER_FACTOR = 0.7
UPPER_FACTOR = 1.3


def bounds(previous_rows: int | None) -> tuple[int, int | None]:
    """(min_rows, max_rows) for this delivery; max None means unbounded."""
    if not previous_rows:  # no previous delivery (None), or an empty one: nothing to compare
        return 1, None
    return math.floor(LOWER_FACTOR * previous_rows), math.ceil(UPPER_FACTOR * previous_rows)


def parameters(previous_rows: int | None) -> dict[str, int | None]:
    """The suite parameters the row-count expectation reads ($PARAMETER min_rows / max_rows)."""
    low, high = bounds(previous_rows)
    return {"min_rows": low, "max_rows": high}


def within(rows: int, previous_rows: int | None) -> bool:
    low, high = bounds(previous_rows)
    return rows >= low and (high is None or rows <= high)
