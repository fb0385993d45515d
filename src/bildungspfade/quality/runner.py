"""validate_delivery: run a dataset's suite on one delivery and return counts per expectation."""

from __future__ import annotations

import pandas as pd

from bildungspfade.quality import engine, row_count
from bildungspfade.quality.chunks import split
from bildungspfade.quality.keys import record_key
from bildungspfade.quality.outcomes import Measure, Outcome, combine, identity, measure, to_outcome
from bildungspfade.quality.prepare import prepare
from bildungspfade.quality.store import runtime_suite

# Above this many rows a delivery is validated in chunks, to bound GX's memory for its
# intermediate boolean masks. No delivery in the specification comes near it (the largest,
# bevoelkerung, has ~80,000 rows); it is a guard for big cities and back-deliveries.
CHUNK_SIZE = 200_000


def validate_delivery(
    dataset: str,
    frame: pd.DataFrame,
    previous_rows: int | None,
    *,
    chunk_size: int = CHUNK_SIZE,
) -> list[Outcome]:
    """Run the suite of `dataset` on the delivered rows.

    `frame` holds the delivered rows as strings (None/NaN for empty), columns as delivered.
    `previous_rows` is the row count of the previous current delivery of the same dataset, or
    None for the first one. Returns one Outcome per expectation, in suite order: counts and
    numbers only, never a delivered value.
    """
    suite = runtime_suite(dataset)
    parameters = row_count.parameters(previous_rows, dataset)
    prepared = prepare(dataset, frame)

    per_expectation: dict[tuple[str, str | None], list[Measure]] = {}
    for chunk in split(prepared, record_key(dataset), chunk_size):
        for result in engine.run_suite(suite, chunk, parameters):
            m = measure(result)
            per_expectation.setdefault(m.identity, []).append(m)

    outcomes = []
    for expectation in suite.expectations:  # GX returns results in its own order
        config = expectation.configuration
        key = identity(config.type, config.kwargs)
        outcomes.append(
            to_outcome(suite.name, combine(per_expectation[key], previous_rows, dataset))
        )
    return outcomes


def is_blocking_failure(outcomes: list[Outcome]) -> bool:
    """True when a blocking expectation failed: the delivery must not count."""
    return any(o["blocking"] and not o["success"] for o in outcomes)
