"""One export end to end: open the published copy, select, write the chosen formats."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from bildungspfade.exports.catalogue import ExportItem, list_exports
from bildungspfade.exports.columns import columns_for
from bildungspfade.exports.csv_writer import write_csv, write_notes
from bildungspfade.exports.notes import note_lines
from bildungspfade.exports.request import Request
from bildungspfade.exports.select import Selection, select
from bildungspfade.exports.xlsx_writer import write_xlsx
from bildungspfade.publish import datenstand
from bildungspfade.publish import read as published

FORMATS = ("csv", "xlsx", "both")


@dataclass
class ExportResult:
    selection: Selection
    files: list[Path] = field(default_factory=list)


def list_available(published_path: str | Path | None = None) -> list[ExportItem]:
    with published.connect(published_path) as con:
        return list_exports(con)


def file_stem(request: Request, name: str) -> str:
    parts = [name]
    for value in (request.cohort, request.subgroup, request.area_level, request.stage_pair):
        if value:
            parts.append(re.sub(r"[^0-9A-Za-z]+", "-", value).strip("-"))
    return "_".join(parts)


def export(
    request: Request,
    out_dir: str | Path,
    fmt: str = "both",
    published_path: str | Path | None = None,
) -> ExportResult:
    source = published.resolve(published_path)
    with published.connect(source) as con:
        sel = select(con, request)
        gaps = datenstand.awaited(con)
    columns = columns_for(sel.kind, sel.definitions, sel.rows)
    lines = note_lines(sel, published.published_at(source), source.name, datenstand.lines_de(gaps))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    stem = file_stem(request, sel.name)
    result = ExportResult(selection=sel)
    if fmt in ("csv", "both"):
        result.files.append(write_csv(out / f"{stem}.csv", columns, sel.rows))
        result.files.append(write_notes(out / f"{stem}_erlaeuterungen.txt", lines))
    if fmt in ("xlsx", "both"):
        result.files.append(
            write_xlsx(out / f"{stem}.xlsx", sel.title_de, columns, sel.rows, lines)
        )
    return result
