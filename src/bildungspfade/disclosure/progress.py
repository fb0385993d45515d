"""Progress of the disclosure models with what is left, so that a long step is not silent.

A dbt Python model reports through dbt's own event log (`dbt_note`): the line is in the dbt
log, and `bildungspfade run` (defs/assets.py) passes every line starting with PREFIX on to
its own output. Lines carry counts of audit units, cells and seconds only, never persons.
"""

from __future__ import annotations

import time
from collections.abc import Callable

# defs/assets.py forwards dbt log lines that start with it
PREFIX = "disclosure:"
# at most one line per this many seconds while units are protected (and the last one)
EVERY_SECONDS = 10.0

Reporter = Callable[[str], None]


def dbt_note(model: str) -> Reporter:
    """A reporter for a dbt Python model: each line an info event of dbt's log."""
    from dbt_common.events.functions import fire_event
    from dbt_common.events.types import Note

    def report(message: str) -> None:
        fire_event(Note(msg=f"{PREFIX} {model}: {message}"))

    return report


class Step:
    """One pass of a disclosure model, reported when it starts and, with its seconds, when it
    ends: the Cell Key Method's SQL pass has no units to count down, but is not silent."""

    def __init__(self, report: Reporter, starting: str) -> None:
        self.report, self.started = report, time.perf_counter()
        report(starting)

    def done(self, what: str) -> None:
        self.report(f"{what} in {time.perf_counter() - self.started:.1f} s")


class UnitProgress:
    """Audit units done of the total, elapsed seconds and an estimate of those left (by
    case rows done, as units differ in size), at most every EVERY_SECONDS."""

    def __init__(self, report: Reporter | None, units: int, rows: int, what: str) -> None:
        self.report, self.units, self.rows = report, units, max(rows, 1)
        self.done = self.rows_done = 0
        self.started = self.last = time.perf_counter()
        if report is not None:
            report(f"{what}: {units} audit unit(s), {rows:,} case rows")

    def unit_done(self, rows: int) -> None:
        self.done += 1
        self.rows_done += rows
        now = time.perf_counter()
        if self.report is None or (now - self.last < EVERY_SECONDS and self.done < self.units):
            return
        self.last = now
        elapsed = now - self.started
        left = elapsed * (self.rows - self.rows_done) / max(self.rows_done, 1)
        self.report(
            f"{self.done}/{self.units} audit units done, {elapsed:.0f} s elapsed"
            + ("" if self.done == self.units else f", about {left:.0f} s left")
        )
