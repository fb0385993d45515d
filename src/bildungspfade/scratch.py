"""In-memory DuckDB connections for work inside a Python model (Splink's pairs, the Cell Key
lookup), bounded like the warehouse's own connection.

Such a connection runs inside the dbt process, beside the warehouse connection that
profiles.yml limits to half the machine. DuckDB's own default would give it 80 % more and
spill to `.tmp` in the working directory; a scratch connection takes a quarter of the
machine and spills beside the warehouse (restricted data stays in the data folder). An
explicit BILDUNGSPFADE_DUCKDB_MEMORY wins here too, as it does in profiles.yml.
"""

from __future__ import annotations

import itertools
import os

import duckdb

from bildungspfade.settings import WAREHOUSE_ENV

MEMORY_ENV = "BILDUNGSPFADE_DUCKDB_MEMORY"
DEFAULT_MEMORY = "25%"
# one spill folder per connection: DuckDB removes its folder when the connection closes, which
# must not pull it from under another connection of the same process (two dbt threads)
_SERIAL = itertools.count()


def scratch_config() -> dict[str, str]:
    """DuckDB config of a scratch connection, read from the environment when called."""
    config = {"memory_limit": os.environ.get(MEMORY_ENV) or DEFAULT_MEMORY}
    warehouse = os.environ.get(WAREHOUSE_ENV)
    if warehouse:
        config["temp_directory"] = f"{warehouse}.scratch-{os.getpid()}-{next(_SERIAL)}.tmp"
    return config


def connect() -> duckdb.DuckDBPyConnection:
    """A new in-memory connection with scratch_config()."""
    return duckdb.connect(config=scratch_config())
