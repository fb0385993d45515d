"""Publication: what leaves the restricted warehouse and how.

`contract` lists the published tables and columns and the person columns that are never
published; `copy` writes the read-only copy (DuckDB file and Parquet) beside the warehouse;
`read` opens it for readers (exports, the report), checked against the contract, and raises
`PublishError` with a German message when it cannot. Dagster (defs/) and the benchmarks call
`publish_copy`; nothing here imports Dagster.
"""

from bildungspfade.publish.contract import (
    CONTRACT,
    PERSON_COLUMNS,
    PUBLISHED_SCHEMAS,
    PUBLISHED_TABLES,
    SCHEMA,
)
from bildungspfade.publish.copy import (
    publish_copy,
    publishable_tables,
    published_file,
    remove_interrupted_leftovers,
    resume_message,
)
from bildungspfade.publish.errors import PublishError

__all__ = [
    "CONTRACT",
    "PERSON_COLUMNS",
    "PUBLISHED_SCHEMAS",
    "PUBLISHED_TABLES",
    "PublishError",
    "SCHEMA",
    "publish_copy",
    "publishable_tables",
    "published_file",
    "remove_interrupted_leftovers",
    "resume_message",
]
