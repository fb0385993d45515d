"""XLSX with openpyxl: a data sheet with German headers and number formats, one cross table
per area level (school years across, exports/crosstab.py), and „Erläuterungen“.

Written in openpyxl's write-only mode: an indicator over all areas and subgroups can have a
few hundred thousand rows, which the normal mode holds and styles cell by cell in memory.
"""

from __future__ import annotations

from pathlib import Path

from bildungspfade.exports.columns import Column
from bildungspfade.exports.crosstab import CrossTable, cross_tables
from bildungspfade.presentation import SIGN_NOT_MEANINGFUL, school_year_de, sign_for

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
        return school_year_de(value)
    return "" if value is None else value


def _widths(columns: tuple[Column, ...], values: list[list[object]]) -> list[int]:
    widths = [len(c.header_de) for c in columns]
    for row in values:
        for i, value in enumerate(row):
            widths[i] = max(widths[i], len(str(value)))
    return [min(MAX_WIDTH, w + 2) for w in widths]


def _print_setup(ws, title: str, landscape: bool) -> None:
    """How a sheet prints: on A4, as wide as the page (as many pages down as it takes), the
    header row repeated on every page, the title above and page numbers below."""
    ws.page_setup.paperSize = "9"  # A4 (Worksheet.PAPERSIZE_A4)
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    ws.print_title_rows = "1:1"
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.oddHeader.center.text = title[:200].replace("&", "&&")
    ws.oddFooter.center.text = "Seite &P von &N"


def _data_sheet(wb, columns: tuple[Column, ...], rows: list[dict], title: str) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(DATA_SHEET)
    _print_setup(ws, title, landscape=True)
    values = [[cell_value(c, row) for c in columns] for row in rows]
    for idx, width in enumerate(_widths(columns, values), start=1):
        ws.column_dimensions[get_column_letter(idx)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    bold = Font(bold=True)
    header_alignment = Alignment(wrap_text=True, vertical="top")
    header = []
    for column in columns:
        cell = WriteOnlyCell(ws, column.header_de)
        cell.font = bold
        cell.alignment = header_alignment
        header.append(cell)
    ws.append(header)
    right = Alignment(horizontal="right")
    formats = {
        i: COUNT_FORMAT if c.kind == "count" else rate_format(c.decimals)
        for i, c in enumerate(columns)
        if c.kind in ("count", "rate")
    }
    for row_values in values:
        out: list[object] = []
        for i, value in enumerate(row_values):
            if i in formats:
                cell = WriteOnlyCell(ws, value)
                if isinstance(value, str):  # a sign: right-aligned like the numbers
                    cell.alignment = right
                else:
                    cell.number_format = formats[i]
                out.append(cell)
            else:
                out.append(value)
        ws.append(out)


def _notes_sheet(wb, lines: list[tuple[str, str]], title: str) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    ws = wb.create_sheet(NOTES_SHEET)
    _print_setup(ws, f"{title}: {NOTES_SHEET}", landscape=False)
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 100
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    header = [WriteOnlyCell(ws, "Begriff"), WriteOnlyCell(ws, "Erläuterung")]
    for cell in header:
        cell.font = bold
    ws.append(header)
    for heading, text in lines:
        cells = [WriteOnlyCell(ws, heading), WriteOnlyCell(ws, text)]
        for cell in cells:
            cell.alignment = wrap
        ws.append(cells)


def _cross_sheet(wb, table: CrossTable, title: str) -> None:
    """School years across, the table's categories down (exports/crosstab.py)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(table.sheet)
    _print_setup(ws, f"{title}: {table.sheet}", landscape=True)
    heads = len(table.headers) - len(table.years)
    for idx in range(1, len(table.headers) + 1):
        ws.column_dimensions[get_column_letter(idx)].width = 22 if idx <= heads else 10
    ws.freeze_panes = f"{get_column_letter(heads + 1)}2"
    bold = Font(bold=True)
    header = []
    for text in table.headers:
        cell = WriteOnlyCell(ws, text)
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        header.append(cell)
    ws.append(header)
    fmt = COUNT_FORMAT if table.value.kind == "count" else rate_format(table.value.decimals)
    right = Alignment(horizontal="right")
    for heading, by_year in table.rows:
        out: list[object] = ["" if v is None else v for v in heading]
        for year in table.years:
            row = by_year.get(year)
            # no published cell in that year (the row's area or category is not in its table)
            value = cell_value(table.value, row) if row is not None else SIGN_NOT_MEANINGFUL
            cell = WriteOnlyCell(ws, value)
            if isinstance(value, str):
                cell.alignment = right
            else:
                cell.number_format = fmt
            out.append(cell)
        ws.append(out)


def write_xlsx(
    path: Path,
    title: str,
    columns: tuple[Column, ...],
    rows: list[dict],
    lines: list[tuple[str, str]],
) -> Path:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    _data_sheet(wb, columns, rows, title)
    for table in cross_tables(columns, rows):
        _cross_sheet(wb, table, title)
    _notes_sheet(wb, lines, title)
    wb.properties.title = title
    wb.properties.language = "de-DE"
    wb.save(path)
    return path
