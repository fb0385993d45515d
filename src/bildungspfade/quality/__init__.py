"""Great Expectations runner for the suites in expectations/ (one per dataset).

Public API:
    validate_delivery(dataset, frame, previous_rows) -> list[Outcome]
    is_blocking_failure(outcomes) -> bool
    Outcome: the dict per expectation (a row of audit.expectation_results)

The GX context and the parsed suites are created on first use and cached for the life of the
process (about 250 deliveries per history share them).
"""

from __future__ import annotations

from bildungspfade.quality.outcomes import Outcome
from bildungspfade.quality.runner import CHUNK_SIZE, is_blocking_failure, validate_delivery

__all__ = ["CHUNK_SIZE", "Outcome", "is_blocking_failure", "validate_delivery"]
