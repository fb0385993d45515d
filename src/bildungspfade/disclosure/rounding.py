"""IT.NRW rounding: every count, totals included, to the nearest multiple of the base on its own.

With base 5: 0-2 -> 0, 3-7 -> 5, 8-12 -> 10 (halves round up), so tables need not add up.
"""

from __future__ import annotations

import numpy as np


def round_to_base(values, base: int = 5):
    """Round non-negative integer counts half up to a multiple of `base` (array or scalar)."""
    arr = np.asarray(values)
    if np.any(arr < 0):
        raise ValueError("counts must not be negative")
    out = (arr + base // 2) // base * base
    return out if isinstance(values, np.ndarray) or np.ndim(values) else int(out)
