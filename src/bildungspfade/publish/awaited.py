"""The last step of the published Python models: cells an awaited delivery may change show `…`.

`marts.rpt_awaited_cells` lists per published table, part (stage pair, pathway step), period
(cohort, cohort group) and breakdown which cells wait for a delivery (README, "Gaps and the
Datenstand"). `mark_awaited` empties their numbers and sets the flag `…` (Angabe fällt später
an). It runs after disclosure control: publishing fewer numbers never reveals more.
"""

from __future__ import annotations

AWAITED_FLAG = "…"
EVERY_CELL = "alle"


def mark_awaited(frame, awaited, *, part: str, period: str, numbers: list[str]):
    """`frame` with every awaited cell's `numbers` set to null and its flag to `…`.

    `awaited`: rows of rpt_awaited_cells for this table; `part` and `period` name the columns
    of `frame` that hold the table part and the period; a `subgroup` or `area_level` column of
    `frame` is matched against rows that await only that breakdown."""
    if frame.empty or awaited.empty:
        return frame
    keys = set(
        zip(
            awaited.table_part.astype(str),
            awaited.period.astype(str),
            awaited.breakdown_column,
            awaited.breakdown_value,
            strict=True,
        )
    )
    parts = frame[part].astype(str)
    periods = frame[period].astype(str)
    # the breakdown values as lists: a frame lookup per row and column was most of
    # pub_transition_tables' time on the full city
    breakdowns = {c: frame[c].tolist() for c in ("subgroup", "area_level") if c in frame.columns}
    hit = [
        (p, t, EVERY_CELL, EVERY_CELL) in keys
        or any((p, t, column, values[i]) in keys for column, values in breakdowns.items())
        for i, (p, t) in enumerate(zip(parts, periods, strict=True))
    ]
    if not any(hit):
        return frame
    frame = frame.copy()
    for column in numbers:
        if str(frame[column].dtype) in ("int64", "Int64"):
            frame[column] = frame[column].astype("Int64")
        elif frame[column].dtype.kind != "f":
            frame[column] = frame[column].astype(object)
        frame.loc[hit, column] = None
    frame.loc[hit, "flag"] = AWAITED_FLAG
    return frame


def add_absent(frame, awaited, *, part: str, period: str, row: dict):
    """`frame` with one row `…` for each awaited part and period that has no row at all (a
    dataset-year missing or rejected whole leaves nothing to mark), within the periods the
    part publishes; `row` gives the other columns (e.g. the city total)."""
    import pandas as pd

    if awaited.empty or frame.empty:
        return frame
    every = awaited[(awaited.breakdown_column == EVERY_CELL)]
    present = set(zip(frame[part].astype(str), frame[period].astype(str), strict=True))
    spans = frame.groupby(frame[part].astype(str))[period].agg(["min", "max"])
    added = []
    pairs = zip(every.table_part.astype(str), every.period.astype(str), strict=True)
    for p, t in sorted(set(pairs)):
        if (p, t) in present or p not in spans.index:
            continue
        first, last = spans.loc[p, "min"], spans.loc[p, "max"]
        value = type(first)(t) if not isinstance(first, str) else t
        if not first <= value <= last:
            continue
        added.append({**row, part: p, period: value, "flag": AWAITED_FLAG})
    if not added:
        return frame
    return pd.concat([frame, pd.DataFrame(added)], ignore_index=True)[list(frame.columns)]
