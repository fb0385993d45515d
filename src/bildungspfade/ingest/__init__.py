"""Ingestion: landing folder -> raw.<dataset> with audit, quarantine and expectation results.

    files = discover(landing)
    ensure_schema(con)
    for f in files:
        result = ingest_file(con, landing, f, validator=quality.validate_delivery)

Modules: `landing` finds deliveries, `files` reads and checks a file as a whole, `notes` checks
delivery notes, `rules` builds the row rules as SQL, `schema` holds the DDL, `load` runs one
file in one transaction and writes the audit, `pending` tells which landed files the warehouse
has not seen yet (the sensor, the ingestion assets and `bildungspfade run` share it).
"""

from bildungspfade.ingest.errors import Rejected
from bildungspfade.ingest.landing import DeliveryFile, Landing, UnmatchedFile, discover, scan
from bildungspfade.ingest.load import (
    DeliveryResult,
    Validator,
    deliveries,
    ingest_all,
    ingest_file,
    record_unmatched,
)
from bildungspfade.ingest.pending import PendingFile, hash_cache_key, known_files, pending_files
from bildungspfade.ingest.schema import ensure_schema

__all__ = [
    "DeliveryFile",
    "DeliveryResult",
    "Landing",
    "PendingFile",
    "Rejected",
    "UnmatchedFile",
    "Validator",
    "deliveries",
    "discover",
    "ensure_schema",
    "hash_cache_key",
    "ingest_all",
    "ingest_file",
    "known_files",
    "pending_files",
    "record_unmatched",
    "scan",
]
