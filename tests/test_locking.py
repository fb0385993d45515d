"""Opening the warehouse waits for a writer that is letting go of the file, and only for that."""

from __future__ import annotations

import subprocess
import sys
import time

import duckdb
import pytest

from bildungspfade.locking import connect

HOLD = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
print("held", flush=True)
time.sleep(float(sys.argv[2]))
con.close()
"""


def _holder(path, seconds: float) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_a_reader_waits_for_the_writer_to_let_go(tmp_path) -> None:
    path = tmp_path / "w.duckdb"
    duckdb.connect(str(path)).close()
    holder = _holder(path, 1.5)
    try:
        started = time.monotonic()
        con = connect(path, read_only=True, wait_seconds=60)
        con.close()
        assert time.monotonic() - started >= 0.5  # it did wait
    finally:
        holder.wait()


def test_without_waiting_the_lock_conflict_is_raised(tmp_path) -> None:
    path = tmp_path / "w.duckdb"
    duckdb.connect(str(path)).close()
    holder = _holder(path, 5)
    try:
        with pytest.raises(duckdb.IOException, match="(?i)lock"):
            connect(path, read_only=True, wait_seconds=0)
    finally:
        holder.kill()
        holder.wait()


def test_other_errors_are_raised_at_once(tmp_path) -> None:
    started = time.monotonic()
    with pytest.raises(duckdb.Error):
        connect(tmp_path / "missing" / "w.duckdb", read_only=True, wait_seconds=60)
    assert time.monotonic() - started < 5


def test_a_process_is_alive_while_it_runs_and_this_one_counts_as_gone() -> None:
    import os

    from bildungspfade.locking import process_alive

    sleeper = subprocess.Popen(["sleep", "30"])  # noqa: S607
    try:
        assert process_alive(sleeper.pid)
    finally:
        sleeper.kill()
        sleeper.wait()
    assert not process_alive(sleeper.pid)
    assert not process_alive(os.getpid())
