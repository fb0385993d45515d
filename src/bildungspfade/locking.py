"""Opening the warehouse file when its previous writer has let go, and telling whether the
writer of a leftover (a temporary copy, a run record) still runs.

DuckDB allows one writing process per file, and the CLI and Dagster run writers one after
another. But a writer that has finished its work may still be closing the file (dbt's process
checkpoints the WAL on exit) when the next step opens it; on a loaded machine that takes
seconds. `connect` waits for such a lock to be released, for a bounded time, instead of
failing the run; any other error is raised at once.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

import duckdb

DEFAULT_WAIT_SECONDS = 60.0


def is_lock_conflict(exc: BaseException) -> bool:
    return isinstance(exc, duckdb.IOException) and "lock" in str(exc).lower()


def connect(
    path: str | Path,
    read_only: bool = False,
    wait_seconds: float = DEFAULT_WAIT_SECONDS,
    **kwargs,
) -> duckdb.DuckDBPyConnection:
    """duckdb.connect, retried while another process holds the file's lock (at most
    `wait_seconds`; 0 fails at once)."""
    deadline = time.monotonic() + wait_seconds
    delay = 0.1
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only, **kwargs)
        except duckdb.IOException as exc:
            if not is_lock_conflict(exc) or time.monotonic() + delay > deadline:
                raise
            logging.getLogger(__name__).info(
                "waiting for the lock on %s (%s)", path, str(exc).splitlines()[0][:200]
            )
            time.sleep(delay)
            delay = min(delay * 2, 2.0)


def process_alive(pid: int) -> bool:
    """Whether process `pid` still runs (a leftover's writer, a run's CLI process); this
    process's own pid counts as gone, since it has not written what it finds at its start."""
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True
