"""Split a large delivery into chunks that can be validated one by one.

Value checks count row by row, so any split adds up. The duplicate check does not: two copies
of a record in different chunks would go unseen. Rows are therefore assigned to chunks by a
hash of the record key, which puts every duplicate group into one chunk.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence

import pandas as pd


def split(frame: pd.DataFrame, key: Sequence[str], chunk_size: int) -> Iterator[pd.DataFrame]:
    n_chunks = max(1, math.ceil(len(frame) / chunk_size))
    if n_chunks == 1:
        yield frame
        return
    present = [c for c in key if c in frame.columns]
    if present:
        hashes = pd.util.hash_pandas_object(frame[present], index=False).to_numpy()
        bucket = hashes % n_chunks
    else:  # no key column at all (schema already fails): any split will do
        bucket = pd.RangeIndex(len(frame)).to_numpy() % n_chunks
    for i in range(n_chunks):
        yield frame[bucket == i]
