"""CSV for Excel in German: `;`, UTF-8 with BOM, decimal comma, signs for missing numbers."""

from __future__ import annotations

import csv
from pathlib import Path

from bildungspfade.exports.columns import Column
from bildungspfade.presentation import count_de, rate_de, school_year_de

ENCODING = "utf-8-sig"  # the BOM makes Excel read umlauts and „•“ correctly


def cell_text(column: Column, row: dict) -> str:
    value = column.value(row)
    flag = row.get("flag") or None
    if column.kind == "count":
        return count_de(value, flag, grouping=False)
    if column.kind == "rate":
        return rate_de(value, flag, column.decimals)
    if value is None:
        return ""
    if column.kind == "year":
        return school_year_de(value)
    return str(value)


def write_csv(path: Path, columns: tuple[Column, ...], rows: list[dict]) -> Path:
    with path.open("w", encoding=ENCODING, newline="") as fh:
        writer = csv.writer(fh, delimiter=";", lineterminator="\r\n")
        writer.writerow([c.header_de for c in columns])
        for row in rows:
            writer.writerow([cell_text(c, row) for c in columns])
    return path


def write_notes(path: Path, lines: list[tuple[str, str]]) -> Path:
    """The explanations beside a CSV export, as plain text."""
    with path.open("w", encoding=ENCODING, newline="\r\n") as fh:
        for heading, text in lines:
            fh.write(f"{heading}: {text}\n")
    return path
