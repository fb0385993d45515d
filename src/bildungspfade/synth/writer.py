"""Write deliveries as the agencies do: file names, CSV dialect, encodings, Parquet, delivery
notes. A sink takes rows chunk by chunk, so files of the `land` preset never sit in memory."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from ..spec import DATASETS, DELIVERY_NOTE_SUFFIX, file_name

# agencies' systems: how their CSV files look
BOM = {"Statistikstelle": True}
CRLF_ENCODINGS = {"cp1252"}  # the Windows systems of schools and the youth office
# the schools' and youth office's exports put their own identifiers first
LEADING = {
    "schueler": ("schuljahr", "schulnr"),
    "abgaenge": ("schuljahr", "schulnr"),
    "berufskolleg": ("schuljahr", "schulnr"),
    "kita": ("einrichtung_nr",),
}
NOTES_FROM = {"kita": 2010, "einrichtungen": 2010}  # the youth office sends notes since 2010


def column_order(dataset: str, with_clk: bool, drop: str | None = None) -> list[str]:
    names = [c for c in DATASETS[dataset].column_names if with_clk or c != "namen_clk"]
    lead = [c for c in LEADING.get(dataset, ()) if c in names]
    cols = lead + [c for c in names if c not in lead]
    return [c for c in cols if c != drop]


@dataclass
class Sink:
    """One delivery file being written."""

    path: Path
    dataset: str
    stichtag: date
    lieferung: int
    fmt: str  # csv or parquet
    columns: list[str]
    note: bool
    rows: int = 0
    _sha: object = field(default_factory=hashlib.sha256)
    _fh: object = None
    _pq: object = None

    def open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.fmt == "csv":
            self._fh = open(self.path, "wb")  # noqa: SIM115 - stays open across chunks
            spec = DATASETS[self.dataset]
            head = ";".join(self.columns) + "\n"
            self._write_text(("\ufeff" if BOM.get(spec.stelle) else "") + head)
        else:
            self._pq = pq.ParquetWriter(
                self.path, parquet_schema(self.dataset, self.columns), compression="zstd"
            )

    def _write_text(self, text: str) -> None:
        self.append_encoded(encode_text(self.dataset, text), 0)

    def append_encoded(self, data: bytes, rows: int) -> None:
        """CSV rows already encoded as the agency writes them (see `encode_rows`)."""
        self.rows += rows
        self._sha.update(data)
        self._fh.write(data)

    def append_arrow(self, table: pa.Table) -> None:
        self.rows += table.num_rows
        self._pq.write_table(table)

    def append(self, table: dict[str, np.ndarray]) -> None:
        n = len(next(iter(table.values()))) if table else 0
        if not n:
            return
        if self.fmt == "parquet":
            self.append_arrow(arrow_rows(self.dataset, self.columns, table))
        else:
            self.append_encoded(encode_rows(self.dataset, self.columns, table), n)

    def close(self, truncate: bool = False) -> dict:
        if self.fmt == "csv":
            self._fh.close()
        else:
            self._pq.close()
            self._sha = hashlib.sha256(self.path.read_bytes())
        note = {
            "datensatz": self.dataset,
            "stichtag": self.stichtag.isoformat(),
            "lieferung": self.lieferung,
            "zeilen": self.rows,
            "sha256": self._sha.hexdigest(),
            "erstellt": created_at(self.stichtag, self.lieferung),
            "stelle": DATASETS[self.dataset].stelle,
        }
        if truncate:  # a transfer cut off mid-line: the note still describes the full file
            data = self.path.read_bytes()
            self.path.write_bytes(data[: int(len(data) * 0.62)])
        if self.note:
            note_path = self.path.with_name(self.path.name + DELIVERY_NOTE_SUFFIX)
            note_path.write_text(
                json.dumps(note, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
            )
        return note


def encode_text(dataset: str, text: str) -> bytes:
    spec = DATASETS[dataset]
    if spec.encoding in CRLF_ENCODINGS:
        text = text.replace("\n", "\r\n")
    return text.encode(spec.encoding)


def encode_rows(dataset: str, columns: list[str], table: dict[str, np.ndarray]) -> bytes:
    """Data rows as the agency's system writes them: `;`, quotes only where needed, its
    encoding and line endings. Plain joins beat Arrow's CSV writer here."""
    spec = DATASETS[dataset]
    values_by_column = []
    for c in columns:
        values = _as_str(table[c]).tolist()
        if spec.column(c).kind == "text":
            values = [_quote(v) for v in values]
        values_by_column.append(values)
    text = "\n".join(";".join(r) for r in zip(*values_by_column, strict=True)) + "\n"
    return encode_text(dataset, text)


def arrow_rows(dataset: str, columns: list[str], table: dict[str, np.ndarray]) -> pa.Table:
    """Rows for a Parquet delivery, in natural types."""
    arrays = []
    for c in columns:
        col = _as_str(table[c])
        arrays.append(pa.array(col, mask=(col == ""), type=pa.string()))
    at = pa.Table.from_arrays(arrays, names=columns)
    return at.cast(parquet_schema(dataset, columns), safe=False)


def _as_str(values) -> np.ndarray:
    arr = np.asarray(values)
    return arr if arr.dtype.kind == "U" else arr.astype(str)


def _quote(value: str) -> str:
    if ";" in value or '"' in value or "\n" in value:
        return '"' + value.replace('"', '""') + '"'
    return value


def created_at(stichtag: date, lieferung: int) -> str:
    """Deliveries are exported some weeks after the reference date; corrections later."""
    when = datetime(stichtag.year, stichtag.month, stichtag.day, 9, 30) + timedelta(
        days=38 + 61 * (lieferung - 1) + (stichtag.toordinal() % 9)
    )
    return when.isoformat(timespec="seconds")


def open_sink(
    landing: Path, dataset: str, stichtag: date, lieferung: int, fmt: str, columns: list[str]
) -> Sink:
    ext = "parquet" if fmt == "parquet" else "csv"
    path = landing / dataset / file_name(dataset, stichtag, lieferung, ext)
    note = stichtag.year >= NOTES_FROM.get(dataset, 0)
    sink = Sink(
        path=path,
        dataset=dataset,
        stichtag=stichtag,
        lieferung=lieferung,
        fmt=fmt,
        columns=columns,
        note=note,
    )
    sink.open()
    return sink


def parquet_schema(dataset: str, columns: list[str]) -> pa.Schema:
    """Natural types in Parquet: integers as int32, dates as date32, the rest as strings."""
    spec = DATASETS[dataset]
    kinds = {"int": pa.int32(), "date": pa.date32()}
    return pa.schema([(c, kinds.get(spec.column(c).kind, pa.string())) for c in columns])
