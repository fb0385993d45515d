"""Dates as integer days since 1970-01-01, vectorised with NumPy."""

from __future__ import annotations

from datetime import date

import numpy as np

EPOCH = date(1970, 1, 1)
OPEN_END = 2_932_896  # 9999-12-31: an open validity period


def day(year: int, month: int, d: int) -> int:
    return (date(year, month, d) - EPOCH).days


def to_datetime64(days: np.ndarray) -> np.ndarray:
    return np.asarray(days, dtype="int64").astype("datetime64[D]")


def ymd(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Year, month, day arrays of day numbers."""
    dt = to_datetime64(days)
    y = dt.astype("datetime64[Y]").astype(int) + 1970
    m = dt.astype("datetime64[M]").astype(int) % 12 + 1
    d = (dt - dt.astype("datetime64[M]")).astype(int) + 1
    return y, m, d


def days_of(year, month, d) -> np.ndarray:
    """Vectorised day number of (year, month, day) arrays; day must be valid for the month."""
    year = np.asarray(year, dtype=np.int64)
    month = np.asarray(month, dtype=np.int64)
    first = ((year - 1970) * 12 + (month - 1)).astype("datetime64[M]").astype("datetime64[D]")
    return first.astype(np.int64) + np.asarray(d, dtype=np.int64) - 1


def month_start(days: np.ndarray) -> np.ndarray:
    dt = to_datetime64(days).astype("datetime64[M]").astype("datetime64[D]")
    return dt.astype(np.int64)


def age_years(birth: np.ndarray, at: np.ndarray | int) -> np.ndarray:
    """Completed years of age at a date (birthdays by calendar, as registers count)."""
    by, bm, bd = ymd(birth)
    ay, am, ad = ymd(np.broadcast_to(at, np.shape(birth)))
    before = (am < bm) | ((am == bm) & (ad < bd))
    return ay - by - before.astype(int)


def iso(days: np.ndarray) -> np.ndarray:
    return np.datetime_as_string(to_datetime64(days), unit="D")


def german(days: np.ndarray) -> np.ndarray:
    """TT.MM.JJJJ, as the youth office's system writes dates."""
    s = iso(days).astype("U10")
    dd, mm, yy = _slice(s, 8, 10), _slice(s, 5, 7), _slice(s, 0, 4)
    return np.char.add(np.char.add(np.char.add(np.char.add(dd, "."), mm), "."), yy)


def _slice(s: np.ndarray, a: int, b: int) -> np.ndarray:
    v = s.view("U1").reshape(len(s), -1)[:, a:b]
    return np.ascontiguousarray(v).view(f"U{b - a}").ravel()


def month_iso(days: np.ndarray) -> np.ndarray:
    return np.datetime_as_string(to_datetime64(days).astype("datetime64[M]"), unit="M")
