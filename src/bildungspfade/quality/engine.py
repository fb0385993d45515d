"""The Great Expectations machinery, created once per process.

Context, data source, asset and batch definition cost little, but importing GX and building
them per delivery adds up over ~250 deliveries per history; they are cached here and reused.
GX 1.x has no DuckDB engine, so deliveries are validated as pandas DataFrames.
"""

from __future__ import annotations

import threading
from functools import cache

import great_expectations as gx
import pandas as pd
from great_expectations.core.batch_definition import BatchDefinition
from great_expectations.core.expectation_validation_result import ExpectationValidationResult
from great_expectations.data_context.types.base import (
    DataContextConfig,
    InMemoryStoreBackendDefaults,
    ProgressBarsConfig,
)
from great_expectations.validator.v1_validator import Validator

from bildungspfade.quality import gx_kwargs

# Counts, never values: BASIC gives element and unexpected counts; partial_unexpected_count 0
# and exclude_unexpected_values keep delivered values (pseudonyms above all) out of the result,
# and no index lists or unexpected rows are requested.
RESULT_FORMAT = {
    "result_format": "BASIC",
    "partial_unexpected_count": 0,
    "exclude_unexpected_values": True,
    "include_unexpected_rows": False,
    "return_unexpected_index_query": False,
}

_lock = threading.Lock()  # the whole-dataframe batch definition is shared; one batch at a time


@cache
def batch_definition() -> BatchDefinition:
    gx_kwargs.install()  # every validation goes through here first
    context = gx.get_context(
        mode="ephemeral",
        project_config=DataContextConfig(
            store_backend_defaults=InMemoryStoreBackendDefaults(),
            analytics_enabled=False,  # nothing leaves the sealed statistics office
            progress_bars=ProgressBarsConfig(globally=False),
        ),
    )
    source = context.data_sources.add_pandas("deliveries")
    asset = source.add_dataframe_asset("delivery")
    return asset.add_batch_definition_whole_dataframe("whole_delivery")


def run_suite(
    suite: gx.ExpectationSuite, frame: pd.DataFrame, parameters: dict
) -> list[ExpectationValidationResult]:
    # A Validator on the batch definition loads the frame once. `get_batch(...).validate(...)`
    # loads it twice (the Batch, then a Validator on a copy of its definition), and every load
    # fingerprints the whole frame (pandas' hash of every cell): half the hashing for nothing.
    with _lock:
        validator = Validator(
            batch_definition(),
            result_format=dict(RESULT_FORMAT),
            batch_parameters={"dataframe": frame},
        )
        result = validator.validate_expectation_suite(suite, expectation_parameters=parameters)
    return list(result.results)
