"""XLSX with openpyxl: a data sheet with German headers and number formats, and „Erläuterungen“."""

from __future__ import annotations

from pathlib import Path

from bildungspfade.exports.columns import Column
from bildungspfade.exports.labels import sign_for

DATA_SHEET = "Daten"
NOTES_SHEET = "Erläuterungen"
COUNT_FORMAT = "#,##0"  # Excel shows the reader's separators: 1.234 in German
MAX_WIDTH = 60


def rate_format(decimals: int) -> str:
    return "0." + "0" * decimals if decimals else "0"


def cell_value(column: Column, row: dict) -> object:
    value = column.value(row)
    if column.kind in ("count", "rate"):
        if value is None:
            return sign_for(row.get("flag") or None)
        return int(value) if column.kind == "count" else float(value)
    if column.kind == "year" and value is not None:
        return int(value)
    return "" if value is None else value


def _data_sheet(ws, title: str, columns: tuple[Column, ...], rows: list[dict]) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws.title = DATA_SHEET
    ws.append([c.header_de for c in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    right = Alignment(horizontal="right")
    for row in rows:
        ws.append([cell_value(c, row) for c in columns])
    for idx, column in enumerate(columns, start=1):
        letter = get_column_letter(idx)
        if column.kind in ("count", "rate"):
            fmt = COUNT_FORMAT if column.kind == "count" else rate_format(column.decimals)
            for (cell,) in ws.iter_rows(min_row=2, min_col=idx, max_col=idx):
                cell.number_format = fmt
                cell.alignment = right
        longest = max(
            [len(str(column.header_de))]
            + [len(str(c.value)) for (c,) in ws.iter_rows(min_row=2, min_col=idx, max_col=idx)]
        )
        ws.column_dimensions[letter].width = min(MAX_WIDTH, longest + 2)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    ws.oddHeader.center.text = title


def _notes_sheet(ws, lines: list[tuple[str, str]]) -> None:
    from openpyxl.styles import Alignment, Font

    ws.append(["Begriff", "Erläuterung"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for heading, text in lines:
        ws.append([heading, text])
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 100


def write_xlsx(
    path: Path,
    title: str,
    columns: tuple[Column, ...],
    rows: list[dict],
    lines: list[tuple[str, str]],
) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    _data_sheet(wb.active, title, columns, rows)
    _notes_sheet(wb.create_sheet(NOTES_SHEET), lines)
    wb.properties.title = title
    wb.properties.language = "de-DE"
    wb.save(path)
    return path
