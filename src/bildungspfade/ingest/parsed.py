"""What a delivery file's reader returns, whatever the format (CSV, Parquet, GeoJSON): the
header, every column as strings, the data rows counted and the first malformed line.

Its own module so that the readers (files.py for CSV and Parquet, geojson.py) share it
without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class BadLine:
    line: int | None  # physical line in the file, header = 1
    expected: int
    actual: int


@dataclass(frozen=True)
class Parsed:
    header: tuple[str, ...]
    table: pa.Table  # every header column, as strings
    rows: int  # data rows, header excluded, including malformed ones
    encoding: str
    bad_line: BadLine | None
