"""Turn a delivered frame (strings as delivered) into what the suite expects to see."""

from __future__ import annotations

import pandas as pd

from bildungspfade.spec import DATASETS


def prepare(dataset: str, frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with int columns numeric and absent optional columns present but empty.

    - Int columns are compared as numbers (a string "9" is not between 1 and 13 for GX);
      values that are not numbers become empty, so the not-null check counts them.
    - An optional column the file lacks is empty, as in raw.<dataset>; the schema check only
      asks for required columns, so this hides nothing.
    - A missing required column is left missing: the schema check fails, and the column's own
      expectations report an error instead of counts.
    """
    ds = DATASETS[dataset]
    out = frame.copy(deep=False)  # shallow: only replaced columns are new objects
    for col in ds.columns:
        if col.name not in out.columns:
            if not col.required:
                out[col.name] = pd.Series(None, index=out.index, dtype="object")
            continue
        if col.kind == "int":
            out[col.name] = pd.to_numeric(out[col.name], errors="coerce")
    return out
