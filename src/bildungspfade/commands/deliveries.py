"""`bildungspfade deliveries`: every delivery the warehouse has seen, with its outcome.

Three parts, in German for the people who answer to the agencies: an overview per dataset
(files by status, rows delivered, loaded and quarantined, deliveries awaited), the awaited
deliveries (missing or rejected dataset-years, from the Datenstand the last build wrote), and
the files themselves. `--status` and `--dataset` narrow all three; `--summary` leaves out the
files. Lines fit 100 columns.

Reads the warehouse read-only, so it works while nothing writes and fails with a clear
message while a run holds the file.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import textwrap
from collections import Counter
from dataclasses import asdict
from datetime import date, datetime
from pathlib import PurePath
from typing import Any

WIDTH = 100

STATUS_DE = {
    "loaded": "geladen",
    "rejected": "abgewiesen",
    "superseded": "ersetzt",
    "duplicate": "Duplikat",
}
# `--status missing` (or `ausstehend`) lists the awaited deliveries only
AWAITED_STATUS = "missing"
STATUS_CHOICES = {**{s: s for s in STATUS_DE}, **{de: s for s, de in STATUS_DE.items()}}
STATUS_CHOICES.update({AWAITED_STATUS: AWAITED_STATUS, "ausstehend": AWAITED_STATUS})

# The documented columns of audit.deliveries (docs/architecture.md) that the listing shows.
_SQL = """
select dataset, stichtag, lieferung, source_file, status, rows_in, rows_loaded,
    rows_quarantined, rows_rejected, reason, delivery_id, seen_at
from audit.deliveries
order by dataset nulls last, stichtag nulls last, lieferung, seen_at, source_file
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", choices=("table", "json"), default="table", help="output format"
    )
    parser.add_argument(
        "--status",
        action="append",
        choices=sorted(STATUS_CHOICES),
        help="only files of this status (repeatable); `missing`/`ausstehend`: only the "
        "awaited deliveries",
    )
    parser.add_argument(
        "--dataset", action="append", help="only this dataset (repeatable), e.g. schueler"
    )
    parser.add_argument(
        "--summary",
        action="store_true",
        help="table format: only the overview per dataset and the awaited deliveries",
    )
    parser.add_argument("--warehouse", help="DuckDB file (default: $BILDUNGSPFADE_WAREHOUSE)")


def fetch_all(warehouse: str) -> tuple[list[dict[str, Any]], list]:
    """(audit rows of every delivery file, awaited deliveries of the last build's Datenstand)."""
    import duckdb

    from bildungspfade.publish.datenstand import awaited

    con = duckdb.connect(warehouse, read_only=True)
    try:
        exists = con.execute(
            "select count(*) from information_schema.tables "
            "where table_schema = 'audit' and table_name = 'deliveries'"
        ).fetchone()[0]
        if not exists:
            return [], []
        cur = con.execute(_SQL)
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
        return rows, awaited(con)
    finally:
        con.close()


def select(
    rows: list[dict[str, Any]],
    gaps: list,
    statuses: list[str] | None,
    datasets: list[str] | None,
) -> tuple[list[dict[str, Any]], list]:
    """The files and awaited deliveries that pass the filters."""
    wanted = {STATUS_CHOICES[s] for s in statuses or ()}
    if datasets:
        rows = [r for r in rows if r["dataset"] in datasets]
        gaps = [g for g in gaps if g.dataset in datasets]
    if wanted:
        rows = [r for r in rows if r["status"] in wanted]
        if AWAITED_STATUS not in wanted:
            gaps = []
    return rows, gaps


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def _count(value: Any) -> str:
    return "" if value is None else f"{int(value):,}".replace(",", ".")


def _print(table) -> str:
    from rich.console import Console

    out = io.StringIO()
    Console(file=out, width=WIDTH, color_system=None).print(table)
    return out.getvalue()


def render_summary(rows: list[dict[str, Any]], gaps: list) -> str:
    """One line per dataset: files by status, rows, and how many deliveries are awaited."""
    from rich import box
    from rich.table import Table

    datasets = sorted({r["dataset"] or "?" for r in rows} | {g.dataset for g in gaps})
    table = Table(box=box.SIMPLE_HEAVY, title="Übersicht nach Datensatz")
    table.add_column("Datensatz", no_wrap=True)
    for header in ("Dateien", "geladen", "abgew.", "ersetzt", "Dupl."):
        table.add_column(header, justify="right")
    for header in ("Zeilen geladen", "Quarant.", "ausst."):
        table.add_column(header, justify="right")
    awaited = Counter(g.dataset for g in gaps)
    for dataset in datasets:
        mine = [r for r in rows if (r["dataset"] or "?") == dataset]
        status = Counter(r["status"] for r in mine)
        table.add_row(
            dataset,
            _count(len(mine)),
            *(_count(status[s]) for s in ("loaded", "rejected", "superseded", "duplicate")),
            _count(sum(r["rows_loaded"] or 0 for r in mine)),
            _count(sum(r["rows_quarantined"] or 0 for r in mine)),
            _count(awaited[dataset]),
        )
    return _print(table)


def render_awaited(gaps: list) -> str:
    """The awaited deliveries: missing or rejected dataset-years no later delivery closed."""
    if not gaps:
        return "Ausstehende Lieferungen: keine\n"
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAVY, title=f"Ausstehende Lieferungen ({len(gaps)})")
    for header in ("Datensatz", "Stichtag", "Art", "seit", "Grund"):
        table.add_column(header, overflow="fold")
    for gap in gaps:
        table.add_row(
            gap.dataset,
            gap.reference_date.isoformat(),
            gap.gap_kind,
            gap.since_date.isoformat(),
            gap.reason or "",
        )
    return _print(table)


def render_table(rows: list[dict[str, Any]]) -> str:
    """Every file on a line of at most 100 columns: dataset, reference date, status, rows and
    file name; the reason, where there is one, on the lines below it."""
    widths = (14, 10, 10, 10, 10, 9)
    headers = ("Datensatz", "Stichtag", "Status", "geliefert", "geladen", "Quarant.")
    numeric = (False, False, False, True, True, True)

    def line(cells: tuple[str, ...], name: str) -> str:
        parts = [
            c.rjust(w) if right else c.ljust(w)
            for c, w, right in zip(cells, widths, numeric, strict=True)
        ]
        return " ".join(parts) + "  " + name

    out = [f"Lieferungen ({len(rows)})", line(headers, "Datei"), "-" * WIDTH]
    for row in rows:
        name = PurePath(row["source_file"] or "").name
        cells = (
            row["dataset"] or "",
            _text(row["stichtag"]),
            STATUS_DE.get(row["status"], row["status"] or ""),
            _count(row["rows_in"]),
            _count(row["rows_loaded"]),
            _count(row["rows_quarantined"]),
        )
        out.append(line(cells, name))
        reason = row["reason"] or ""
        # the audit's reason begins with the file's name, which the line already shows
        reason = reason.removeprefix(f"{name}: ")
        if reason:
            out.extend(
                textwrap.wrap(reason, WIDTH, initial_indent="    -> ", subsequent_indent="       ")
            )
    return "\n".join(out) + "\n"


def run(args: argparse.Namespace) -> int:
    from bildungspfade.settings import load_settings

    settings = load_settings(warehouse=args.warehouse)
    if not settings.warehouse.is_file():
        print(f"no warehouse at {settings.warehouse}: nothing delivered yet", file=sys.stderr)
        rows: list[dict[str, Any]] = []
        gaps: list = []
    else:
        import duckdb

        try:
            rows, gaps = fetch_all(str(settings.warehouse))
        except duckdb.Error as exc:
            print(
                f"cannot open {settings.warehouse} read-only (a run may be writing): {exc}",
                file=sys.stderr,
            )
            return 1
    rows, gaps = select(rows, gaps, args.status, args.dataset)
    if args.format == "json":
        # the files; with `--status missing` the awaited deliveries, which are no files
        if args.status and {STATUS_CHOICES[s] for s in args.status} == {AWAITED_STATUS}:
            records = [{k: _text(v) for k, v in asdict(g).items()} for g in gaps]
        else:
            records = [
                {k: _text(v) if isinstance(v, date | datetime) else v for k, v in r.items()}
                for r in rows
            ]
        json.dump(records, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    print(f"Lieferungen im Warehouse {settings.warehouse}")
    print(render_summary(rows, gaps), end="")
    print(render_awaited(gaps), end="")
    if not args.summary:
        print(render_table(rows), end="")
    return 0
