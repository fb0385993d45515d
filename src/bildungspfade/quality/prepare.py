"""Turn a delivered frame (strings as delivered) into what the suite expects to see."""

from __future__ import annotations

import numpy as np
import pandas as pd

from bildungspfade.spec import DATASETS


def prepare(dataset: str, frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with the spec's columns only, int columns numeric, text columns categorical.

    - Int columns are compared as numbers (a string "9" is not between 1 and 13 for GX);
      values that are not numbers become empty, so the not-null check counts them.
    - Every other column becomes a pandas Categorical. The values and the empty cells stay the
      same, so every check counts the same, but GX is much faster on it: for each value check
      GX drops the rows where the checked column is empty from the *whole* frame
      (`df[df[col].notnull()]`), and fingerprints the whole frame when it loads the batch.
      Taking rows of a Categorical copies small integer codes; taking rows of (Arrow-backed)
      strings copies every string, which made these copies most of the data-dependent time.
    - Columns the spec does not know are left out: no expectation reads them, and the schema
      check only asks whether the required columns are present. Every copy GX makes of the
      frame is narrower for it.
    - An optional column the file lacks is empty, as in raw.<dataset>; the schema check only
      asks for required columns, so this hides nothing.
    - A missing required column is left missing: the schema check fails, and the column's own
      expectations report an error instead of counts.
    """
    ds = DATASETS[dataset]
    columns: dict[str, pd.Series] = {}
    for col in ds.columns:
        if col.name not in frame.columns:
            if not col.required:
                columns[col.name] = pd.Series(None, index=frame.index, dtype="category")
            continue
        values = frame[col.name]
        if not isinstance(values.dtype, pd.CategoricalDtype):
            values = values.astype("category")
        columns[col.name] = _numeric(values) if col.kind == "int" else values
    return pd.DataFrame(columns, index=frame.index)


def _numeric(values: pd.Series) -> pd.Series:
    """`pd.to_numeric(values, errors="coerce")` as float, parsing each distinct value once.

    An int column holds a few dozen distinct values (years, grades); parsing those instead of
    every cell saves most of the time. Empty cells and non-numbers become NaN.
    """
    parsed = pd.to_numeric(pd.Series(values.cat.categories), errors="coerce")
    numbers = np.append(parsed.to_numpy(dtype="float64", na_value=np.nan), np.nan)
    codes = values.cat.codes.to_numpy()  # -1 for an empty cell: the NaN appended last
    return pd.Series(numbers[codes], index=values.index, name=values.name)
