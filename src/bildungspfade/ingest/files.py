"""Reading one delivery file: bytes -> encoding -> rows of strings, and the file-level checks.

Both formats end as one Arrow table of strings (null = missing), so CSV and Parquet share one
rule engine and load identically. Nothing here touches the warehouse.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from bildungspfade import spec
from bildungspfade.ingest.errors import Rejected
from bildungspfade.ingest.geojson import parse_geojson
from bildungspfade.ingest.landing import DeliveryFile
from bildungspfade.ingest.notes import check_note
from bildungspfade.ingest.parsed import UTF8_BOM, BadLine, Parsed


@dataclass(frozen=True)
class Delivered:
    """A file that passed the file-level checks: its spec columns, ready for the row rules."""

    table: pa.Table  # spec columns in spec order, strings; an absent optional column is null
    present: tuple[str, ...]  # the spec columns the file actually has
    rows: int
    encoding: str
    extra_columns: tuple[str, ...]


def decode(data: bytes, name: str) -> tuple[bytes, str]:
    """UTF-8 bytes of the file and the encoding it was delivered in.

    UTF-8 is tried first because valid UTF-8 with umlauts is almost never valid-looking
    Windows-1252 by accident, while the reverse fails loudly on the first umlaut.
    """
    if data.startswith(UTF8_BOM):
        body = data[len(UTF8_BOM) :]
        try:
            body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise Rejected(
                f"{name}: UTF-8-BOM, aber kein gültiges UTF-8 ab Byte {exc.start}",
                _count_lines(data),
            ) from None
        return body, "utf-8-sig"
    try:
        data.decode("utf-8")
        return data, "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252").encode("utf-8"), "cp1252"
    except UnicodeDecodeError as exc:
        raise Rejected(
            f"{name}: weder UTF-8 noch Windows-1252 (Byte {exc.start} nicht dekodierbar)",
            _count_lines(data),
        ) from None


def _count_lines(data: bytes) -> int:
    """Best-effort data row count of an unreadable file, for the audit's reconciliation."""
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    return max(lines - 1, 0)


def _read_header(body: bytes, name: str) -> tuple[str, ...]:
    first = body.split(b"\n", 1)[0].rstrip(b"\r").decode("utf-8")
    if not first.strip():
        raise Rejected(f"{name}: Datei ist leer oder die Kopfzeile fehlt")
    header = tuple(next(csv.reader([first], delimiter=";", quotechar='"')))
    dupes = sorted({c for c in header if header.count(c) > 1})
    if dupes:
        raise Rejected(f"{name}: Spalte(n) {', '.join(dupes)} mehrfach in der Kopfzeile")
    return header


def _parse_body(body: bytes, header: tuple[str, ...], threads: bool):
    bad: list[pacsv.InvalidRow] = []

    def on_invalid(row: pacsv.InvalidRow) -> str:
        bad.append(row)
        return "skip"  # collect them all: the count matters for the delivery note check

    table = pacsv.read_csv(
        io.BytesIO(body),
        read_options=pacsv.ReadOptions(column_names=list(header), skip_rows=1, use_threads=threads),
        parse_options=pacsv.ParseOptions(
            delimiter=";",
            quote_char='"',
            double_quote=True,
            newlines_in_values=True,
            ignore_empty_lines=True,
            invalid_row_handler=on_invalid,
        ),
        convert_options=pacsv.ConvertOptions(
            # Every column as text: codes keep leading zeros; typing is the rules' job.
            column_types={c: pa.string() for c in header},
            null_values=[""],
            strings_can_be_null=True,
            quoted_strings_can_be_null=True,
        ),
    )
    return table, bad


def parse_csv(data: bytes, name: str) -> Parsed:
    body, encoding = decode(data, name)
    header = _read_header(body, name)
    table, bad = _parse_body(body, header, threads=True)
    bad_line = None
    if bad:
        # Line numbers are only known to the single-threaded parser; a malformed file is rare
        # enough to parse twice.
        _, bad = _parse_body(body, header, threads=False)
        first = bad[0]
        bad_line = BadLine(first.number, first.expected_columns, first.actual_columns)
    return Parsed(header, table, table.num_rows + len(bad), encoding, bad_line)


def _as_text(col: pa.ChunkedArray, column: spec.Column | None, ds: spec.Dataset) -> pa.ChunkedArray:
    """One Parquet column in the string form a CSV delivery of the same data would have."""
    t = col.type
    if pa.types.is_dictionary(t):
        col = col.cast(t.value_type)
        t = col.type
    if pa.types.is_date(t) or pa.types.is_timestamp(t):
        if column is not None and column.kind == "month":
            fmt = "%Y-%m"
        elif ds.german_dates:
            fmt = "%d.%m.%Y"
        else:
            fmt = "%Y-%m-%d"
        return pc.strftime(col.cast(pa.timestamp("s")), format=fmt)
    if pa.types.is_floating(t):
        # pandas writes integer columns with gaps as float; 3.0 is delivered as 3.
        valid = pc.drop_null(col)
        if len(valid) == 0 or pc.all(pc.equal(pc.floor(valid), valid)).as_py():
            return col.cast(pa.int64()).cast(pa.string())
    col = col.cast(pa.string())
    # An empty string is a missing value, as an empty CSV field is.
    return pc.if_else(pc.equal(col, ""), pa.scalar(None, pa.string()), col)


def parse_parquet(data: bytes, name: str, ds: spec.Dataset) -> Parsed:
    try:
        raw = pq.read_table(io.BytesIO(data))
    except (pa.ArrowException, OSError) as exc:
        raise Rejected(f"{name}: Parquet-Datei nicht lesbar ({exc})") from None
    header = tuple(raw.column_names)
    dupes = sorted({c for c in header if header.count(c) > 1})
    if dupes:
        raise Rejected(f"{name}: Spalte(n) {', '.join(dupes)} mehrfach", raw.num_rows)
    known = set(ds.column_names)
    columns = []
    for col_name in header:
        column = ds.column(col_name) if col_name in known else None
        try:
            columns.append(_as_text(raw.column(col_name), column, ds))
        except pa.ArrowException as exc:
            raise Rejected(
                f"{name}: Spalte {col_name} vom Typ {raw.schema.field(col_name).type} "
                f"nicht als Text lesbar ({exc})",
                raw.num_rows,
            ) from None
    table = pa.table(dict(zip(header, columns, strict=True)))
    return Parsed(header, table, raw.num_rows, "utf-8", None)


def _normalise(name: str) -> str:
    name = name.strip().lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        name = name.replace(a, b)
    return re.sub(r"[^a-z0-9]", "", name)


def looks_renamed(delivered: str, expected: str) -> bool:
    """Whether a delivered column name is probably `expected` under another spelling."""
    a, b = _normalise(delivered), _normalise(expected)
    if not a:
        return False
    if a == b or (min(len(a), len(b)) >= 4 and (a in b or b in a)):
        return True
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.8


def check_header(name: str, ds: spec.Dataset, header: tuple[str, ...]) -> tuple[str, ...]:
    """The extra columns of a header; raise Rejected for missing or renamed columns.

    A renamed optional column (namen_clk) also rejects: loading it as empty would lose the
    delivered values without anyone noticing.
    """
    extras = [c for c in header if c not in ds.column_names]
    absent = [c for c in ds.columns if c.name not in header]
    renamed = [
        (extra, column.name)
        for column in absent
        for extra in extras
        if looks_renamed(extra, column.name)
    ]
    missing = [c.name for c in absent if c.required and c.name not in {r[1] for r in renamed}]
    problems = [f"Spalte {e!r} sieht aus wie die umbenannte Spalte {c!r}" for e, c in renamed]
    if missing:
        problems.append(f"Pflichtspalte(n) fehlen: {', '.join(missing)}")
    if problems:
        raise Rejected(f"{name}: " + "; ".join(problems))
    return tuple(extras)


def spec_table(parsed: Parsed, ds: spec.Dataset) -> pa.Table:
    """The spec columns of a parsed file in spec order; an absent optional column is null."""
    n = parsed.table.num_rows
    columns = {
        c.name: (
            parsed.table.column(c.name) if c.name in parsed.header else pa.nulls(n, pa.string())
        )
        for c in ds.columns
    }
    return pa.table(columns)


def read_delivery(delivery: DeliveryFile, data: bytes, sha256: str) -> Delivered:
    """Decode, parse and check one file as a whole; raise Rejected if it cannot be loaded.

    The order matters for the message: a file cut off in transfer usually also ends in a
    malformed line, and "the note says 32000 rows, the file has 31512" is the clearer account.
    """
    name = delivery.name
    ds = spec.DATASETS[delivery.dataset]
    if not data:
        raise Rejected(f"{name}: Datei ist leer")
    if delivery.ext == "geojson":
        parsed = parse_geojson(data, name, ds)
    elif delivery.ext == "csv":
        parsed = parse_csv(data, name)
    else:
        parsed = parse_parquet(data, name, ds)
    try:
        check_note(delivery, parsed.rows, sha256)
        if parsed.bad_line is not None:
            bad = parsed.bad_line
            where = f"Zeile {bad.line}" if bad.line is not None else "eine Zeile"
            raise Rejected(
                f"{name}: {where} hat {bad.actual} statt {bad.expected} Felder "
                "(Datei abgeschnitten oder fehlerhaft)"
            )
        extras = check_header(name, ds, parsed.header)
    except Rejected as exc:
        raise Rejected(exc.reason, parsed.rows) from None
    present = tuple(c for c in ds.column_names if c in parsed.header)
    return Delivered(spec_table(parsed, ds), present, parsed.rows, parsed.encoding, extras)
