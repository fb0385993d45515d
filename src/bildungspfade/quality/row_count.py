"""The row-count plausibility rule: how far a delivery may move from the previous one.

A municipality's cohorts change by a few per cent a year, so a delivery outside [0.7, 1.3] x the
previous one is far more often a truncated, partial or wrong extract than a real change; a real
change of that size is accepted deliberately after checking with the office. The first delivery
of a dataset has no previous one and only has to be non-empty.
"""

from __future__ import annotations

import math

from ..spec import DATASETS

LOWER_FACTOR = 0.7
UPPER_FACTOR = 1.3
# Small deliveries move by chance more than 30 %: allow three standard deviations of a count.
SAMPLING_SIGMAS = 3
# A directory snapshot holds every validity period known on its date, so it never shrinks; a
# jump beyond three times the previous one is a different extract, not a change.
DIRECTORY_UPPER_FACTOR = 3.0


def bounds(previous_rows: int | None, dataset: str | None = None) -> tuple[int, int | None]:
    """(min_rows, max_rows) for this delivery; max None means unbounded."""
    if not previous_rows:  # no previous delivery (None), or an empty one: nothing to compare
        return 1, None
    if dataset is not None and not DATASETS[dataset].person_level:
        return previous_rows, math.ceil(DIRECTORY_UPPER_FACTOR * previous_rows)
    slack = SAMPLING_SIGMAS * math.sqrt(previous_rows)
    return (
        max(1, math.floor(LOWER_FACTOR * previous_rows - slack)),
        math.ceil(UPPER_FACTOR * previous_rows + slack),
    )


def parameters(previous_rows: int | None, dataset: str | None = None) -> dict[str, int | None]:
    """The suite parameters the row-count expectation reads ($PARAMETER min_rows / max_rows)."""
    low, high = bounds(previous_rows, dataset)
    return {"min_rows": low, "max_rows": high}


def within(rows: int, previous_rows: int | None, dataset: str | None = None) -> bool:
    low, high = bounds(previous_rows, dataset)
    return rows >= low and (high is None or rows <= high)
