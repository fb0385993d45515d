"""Small hand-made delivery frames, built from the code lists in spec.py.

Every value is valid and every record key unique, so a test can break exactly one thing and
assert on its count.
"""

from __future__ import annotations

import base64
import hashlib

import pandas as pd

from bildungspfade.spec import DATASETS, ISO3_PATTERN, Column


def pid(i: int) -> str:
    return hashlib.sha256(f"person-{i}".encode()).hexdigest()


def _value(col: Column, i: int, german_dates: bool) -> str:
    if col.kind == "pid":
        return pid(i)
    if col.kind == "month":
        return f"{2005 + i % 15}-{1 + i % 12:02d}"
    if col.kind == "clk":
        return base64.b64encode(hashlib.sha512(str(i).encode()).digest() * 2).decode()
    if col.kind == "code":
        return col.codes[i % len(col.codes)]
    if col.kind == "int":
        return str(col.low + i % (col.high - col.low + 1))
    if col.kind == "date":
        day, month, year = 1 + i % 28, 1 + i % 12, 2010 + i % 10
        return f"{day:02d}.{month:02d}.{year}" if german_dates else f"{year}-{month:02d}-{day:02d}"
    if col.kind == "pattern":
        if col.pattern is ISO3_PATTERN:
            return ("DEU", "TUR", "SYR", "POL")[i % 4]
        width = 7 if "block" in col.name else 6  # baublock: 7 digits, schulnr: 6
        return str(10 ** (width - 1) + i)  # unique per row: directory keys stay unique
    return f"{col.name}-{i}"  # free text


def clean_frame(dataset: str, n: int = 200) -> pd.DataFrame:
    ds = DATASETS[dataset]
    return pd.DataFrame(
        {c.name: [_value(c, i, ds.german_dates) for i in range(n)] for c in ds.columns},
        dtype="object",
    )


def by_check(outcomes: list[dict], expectation: str, column: str | None) -> dict:
    hits = [o for o in outcomes if o["expectation"] == expectation and o["column_name"] == column]
    assert len(hits) == 1, (expectation, column, hits)
    return hits[0]
