"""Small HTML helpers: escaping, accessible tables, German numbers with their signs."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from bildungspfade.presentation import FLAG_MEANING, count_de, rate_de


def esc(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def count_cell(value: object, flag: str | None) -> str:
    return esc(count_de(value, flag or None))


def rate_cell(value: object, flag: str | None, decimals: int = 1) -> str:
    return esc(rate_de(value, flag or None, decimals))


def flag_cell(flag: str | None) -> str:
    if not flag:
        return ""
    meaning = FLAG_MEANING.get(flag, "")
    return f'<abbr title="{esc(meaning)}">{esc(flag)}</abbr>'


def table(
    caption: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric: Sequence[int] = (),
    row_headers: bool = True,
) -> str:
    """An HTML table: caption, column headers with scope, the first cell a row header.

    Cells are HTML already (escape with `esc` or the *_cell helpers).
    """
    head = "".join(
        f'<th scope="col"{" class=num" if i in numeric else ""}>{esc(h)}</th>'
        for i, h in enumerate(headers)
    )
    body = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            cls = " class=num" if i in numeric else ""
            if i == 0 and row_headers:
                cells.append(f'<th scope="row"{cls}>{cell}</th>')
            else:
                cells.append(f"<td{cls}>{cell}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return (
        f'<div class="table-wrap"><table><caption>{esc(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )
