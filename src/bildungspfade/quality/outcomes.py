"""One outcome per expectation: counts and numbers only, combinable across chunks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypedDict

from great_expectations.core.expectation_validation_result import ExpectationValidationResult

from bildungspfade.quality import row_count


class Outcome(TypedDict):
    """A row of audit.expectation_results, less the delivery's columns and checked_at."""

    suite: str
    expectation: str
    column_name: str | None
    success: bool
    element_count: int | None
    unexpected_count: int | None
    unexpected_percent: float | None
    observed_value: float | None
    mostly: float | None
    blocking: bool


@dataclass(frozen=True)
class Measure:
    """What one expectation measured on one chunk, before it becomes an Outcome."""

    identity: tuple[str, str | None]  # (expectation type, column name)
    kind: str  # "map" (row by row), "row_count", "schema"
    success: bool
    errored: bool
    element_count: int | None
    unexpected_count: int | None
    missing_count: int  # rows the check does not consider (empty values); 0 where n/a
    unexpected_percent: float | None
    observed_value: float | None
    mostly: float | None
    blocking: bool


def identity(expectation_type: str, kwargs: dict) -> tuple[str, str | None]:
    if "column_list" in kwargs:
        return expectation_type, ",".join(kwargs["column_list"])
    return expectation_type, kwargs.get("column")


def _kind(expectation_type: str) -> str:
    if expectation_type == "expect_table_row_count_to_be_between":
        return "row_count"
    if expectation_type == "expect_table_columns_to_match_set":
        return "schema"
    return "map"


def measure(result: ExpectationValidationResult) -> Measure:
    config = result.expectation_config
    kwargs = config.kwargs
    kind = _kind(config.type)
    res = result.result or {}
    errored = bool(getattr(result, "exception_info", None)) and not res
    element_count = res.get("element_count")
    unexpected_count = res.get("unexpected_count")
    unexpected_percent = res.get("unexpected_percent")
    observed = None
    if kind == "row_count" and res.get("observed_value") is not None:
        observed = float(res["observed_value"])
    elif kind == "schema":
        # GX observes the list of column names; report counts instead: required columns
        # checked (element_count) and required columns missing (unexpected_count).
        required = kwargs["column_set"]
        delivered = set(res.get("observed_value") or [])
        missing = [c for c in required if c not in delivered]
        element_count, unexpected_count = len(required), len(missing)
        unexpected_percent = 100.0 * len(missing) / len(required) if required else 0.0
        errored = not res
    return Measure(
        identity=identity(config.type, kwargs),
        kind=kind,
        success=bool(result.success) and not errored,
        errored=errored,
        element_count=element_count,
        unexpected_count=unexpected_count,
        missing_count=int(res.get("missing_count") or 0),
        unexpected_percent=None if unexpected_percent is None else float(unexpected_percent),
        observed_value=observed,
        mostly=kwargs.get("mostly"),
        blocking=bool(config.meta.get("blocking", False)),
    )


def combine(
    parts: Sequence[Measure], previous_rows: int | None, dataset: str | None = None
) -> Measure:
    """Add up one expectation's measures over chunks, as if the whole frame had been checked."""
    first = parts[0]
    if len(parts) == 1:
        return first
    if any(p.errored for p in parts):
        return _errored(first)
    if first.kind == "schema":  # every chunk has the same columns
        return first
    if first.kind == "row_count":
        rows = int(sum(p.observed_value or 0 for p in parts))
        return _replace(
            first,
            success=row_count.within(rows, previous_rows, dataset),
            observed_value=float(rows),
        )
    element = sum(p.element_count or 0 for p in parts)
    unexpected = sum(p.unexpected_count or 0 for p in parts)
    missing = sum(p.missing_count for p in parts)
    considered = element - missing
    # The same rule as GX's map expectations: share of considered rows that pass >= mostly;
    # nothing to consider is a pass.
    success = considered == 0 or (considered - unexpected) / considered >= (first.mostly or 1.0)
    percent = 100.0 * unexpected / considered if considered else None
    return _replace(
        first,
        success=success,
        element_count=element,
        unexpected_count=unexpected,
        missing_count=missing,
        unexpected_percent=percent,
    )


def _replace(m: Measure, **changes) -> Measure:
    return Measure(**{**m.__dict__, **changes})


def _errored(m: Measure) -> Measure:
    return _replace(
        m,
        success=False,
        errored=True,
        element_count=None,
        unexpected_count=None,
        unexpected_percent=None,
        observed_value=None,
    )


def to_outcome(suite: str, m: Measure) -> Outcome:
    return Outcome(
        suite=suite,
        expectation=m.identity[0],
        column_name=m.identity[1],
        success=m.success,
        element_count=m.element_count,
        unexpected_count=m.unexpected_count,
        unexpected_percent=m.unexpected_percent,
        observed_value=m.observed_value,
        mostly=m.mostly,
        blocking=m.blocking,
    )
