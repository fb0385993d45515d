"""Build one Great Expectations suite per dataset from spec.py.

The suite judges a delivery as a whole; single bad rows are the row rules' business (ingestion
quarantines them). Hence every value-level expectation carries a `mostly` tolerance, and only
failures that make the whole delivery unusable are blocking (see notes.BLOCKING_CHECKS).
"""

from __future__ import annotations

import great_expectations as gx
from great_expectations.expectations import Expectation

from bildungspfade.quality import formats, notes
from bildungspfade.quality.keys import record_key
from bildungspfade.quality.tolerances import (
    MOSTLY_PID_FORMAT,
    MOSTLY_PID_NOT_NULL,
    MOSTLY_UNIQUE,
    MOSTLY_VALUES,
)
from bildungspfade.spec import DATASETS, Column, Dataset

# Suite parameters the runner fills from the previous delivery (see row_count.py).
ROW_COUNT_PARAMETERS = ("min_rows", "max_rows")


def suite_name(dataset: str) -> str:
    return f"bildungspfade_{dataset}"


def _severity(meta: dict) -> str:
    # GX's own severity field mirrors our `blocking` flag, so GX tooling shows the same thing.
    return "critical" if meta["blocking"] else "warning"


def _with_meta(expectation_cls: type[Expectation], meta: dict, **kwargs) -> Expectation:
    return expectation_cls(
        **kwargs,
        meta=meta,
        severity=_severity(meta),
        description=meta["description_en"],
    )


def _table_expectations(ds: Dataset) -> list[Expectation]:
    required = list(ds.required_columns)
    return [
        _with_meta(
            gx.expectations.ExpectTableColumnsToMatchSet,
            notes.schema(ds, required),
            column_set=required,
            exact_match=False,  # extra columns are reported by ingestion, not a failure here
        ),
        _with_meta(
            gx.expectations.ExpectTableRowCountToBeBetween,
            notes.row_count(ds),
            min_value={"$PARAMETER": ROW_COUNT_PARAMETERS[0]},
            max_value={"$PARAMETER": ROW_COUNT_PARAMETERS[1]},
        ),
    ]


def _column_expectations(ds: Dataset, col: Column) -> list[Expectation]:
    out: list[Expectation] = []
    e = gx.expectations
    if col.kind == "pid":
        out.append(
            _with_meta(
                e.ExpectColumnValuesToNotBeNull,
                notes.pid_not_null(ds),
                column=col.name,
                mostly=MOSTLY_PID_NOT_NULL,
            )
        )
        out.append(
            _with_meta(
                e.ExpectColumnValuesToMatchRegex,
                notes.pid_format(ds),
                column=col.name,
                regex=col.pattern.pattern,
                mostly=MOSTLY_PID_FORMAT,
            )
        )
        return out
    if not col.nullable:
        out.append(
            _with_meta(
                e.ExpectColumnValuesToNotBeNull,
                notes.not_null(ds, col.name),
                column=col.name,
                mostly=MOSTLY_VALUES,
            )
        )
    if col.kind == "code":
        out.append(
            _with_meta(
                e.ExpectColumnValuesToBeInSet,
                notes.code_list(ds, col.name, col.codes),
                column=col.name,
                value_set=list(col.codes),
                mostly=MOSTLY_VALUES,
            )
        )
    elif col.kind == "int":
        out.append(
            _with_meta(
                e.ExpectColumnValuesToBeBetween,
                notes.int_range(ds, col.name, col.low, col.high),
                column=col.name,
                min_value=col.low,
                max_value=col.high,
                mostly=MOSTLY_VALUES,
            )
        )
    elif col.kind == "pattern":
        out.append(
            _with_meta(
                e.ExpectColumnValuesToMatchRegex,
                notes.pattern(ds, col.name, col.pattern.pattern),
                column=col.name,
                regex=col.pattern.pattern,
                mostly=MOSTLY_VALUES,
            )
        )
    elif col.kind == "date":
        regex, style = formats.date_regex(ds.german_dates)
        out.append(
            _with_meta(
                e.ExpectColumnValuesToMatchRegex,
                notes.date_format(ds, col.name, style),
                column=col.name,
                regex=regex,
                mostly=MOSTLY_VALUES,
            )
        )
    elif col.kind == "month":
        out.append(
            _with_meta(
                e.ExpectColumnValuesToMatchRegex,
                notes.month_format(ds, col.name),
                column=col.name,
                regex=formats.ISO_MONTH,
                mostly=MOSTLY_VALUES,
            )
        )
    elif col.kind == "clk":
        out.append(
            _with_meta(
                e.ExpectColumnValuesToMatchRegex,
                notes.clk_format(ds, col.name),
                column=col.name,
                regex=formats.CLK_BASE64,
                mostly=MOSTLY_VALUES,
            )
        )
    # kind "text": free text (names, district labels); only the not-null check applies.
    return out


def _duplicate_expectation(ds: Dataset) -> Expectation:
    key = record_key(ds.name)
    return _with_meta(
        gx.expectations.ExpectCompoundColumnsToBeUnique,
        notes.duplicates(ds, key),
        column_list=list(key),
        # A record without pid (or another key part) cannot be a known duplicate.
        ignore_row_if="any_value_is_missing",
        mostly=MOSTLY_UNIQUE,
    )


def build_suite(dataset: str) -> gx.ExpectationSuite:
    ds = DATASETS[dataset]
    expectations = _table_expectations(ds)
    for col in ds.columns:
        expectations.extend(_column_expectations(ds, col))
    expectations.append(_duplicate_expectation(ds))
    return gx.ExpectationSuite(
        name=suite_name(dataset),
        expectations=expectations,
        meta={
            "dataset": dataset,
            "label_de": ds.label_de,
            "agency": ds.agency,
            "generated_by": "python -m bildungspfade.generate.suites",
        },
        notes="Generated from src/bildungspfade/spec.py; do not edit by hand.",
    )
