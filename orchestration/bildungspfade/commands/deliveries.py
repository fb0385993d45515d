"""`bildungspfade deliveries`: every delivery the warehouse has seen, with its outcome.

Reads the warehouse read-only, so it works while nothing writes and fails with a clear
message while a run holds the file.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from datetime import date, datetime
from typing import Any

# (key in the audit row, German column header)
COLUMNS = (
    ("dataset", "Datensatz"),
    ("stichtag", "Stichtag"),
    ("source_file", "Datei"),
    ("status", "Status"),
    ("rows_in", "Zeilen geliefert"),
    ("rows_loaded", "Zeilen geladen"),
    ("rows_quarantined", "Zeilen Quarantäne"),
    ("reason", "Grund"),
)

STATUS_DE = {
    "loaded": "geladen",
    "rejected": "abgewiesen",
    "superseded": "ersetzt",
    "duplicate": "Duplikat",
}

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
    parser.add_argument("--warehouse", help="DuckDB file (default: $BILDUNGSPFADE_WAREHOUSE)")


def fetch(warehouse: str) -> list[dict[str, Any]]:
    import duckdb

    con = duckdb.connect(warehouse, read_only=True)
    try:
        exists = con.execute(
            "select count(*) from information_schema.tables "
            "where table_schema = 'audit' and table_name = 'deliveries'"
        ).fetchone()[0]
        if not exists:
            return []
        cur = con.execute(_SQL)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
    finally:
        con.close()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def render_table(rows: list[dict[str, Any]]) -> str:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAVY, title=f"Lieferungen ({len(rows)})")
    for key, header in COLUMNS:
        numeric = key.startswith("rows_")
        table.add_column(header, justify="right" if numeric else "left", overflow="fold")
    for row in rows:
        shown = {**row, "status": STATUS_DE.get(row["status"], row["status"])}
        table.add_row(*(_text(shown[key]) for key, _ in COLUMNS))
    out = io.StringIO()
    Console(file=out, width=200, color_system=None).print(table)
    return out.getvalue()


def run(args: argparse.Namespace) -> int:
    from bildungspfade.settings import load_settings

    settings = load_settings(warehouse=args.warehouse)
    if not settings.warehouse.is_file():
        print(f"no warehouse at {settings.warehouse}: nothing delivered yet", file=sys.stderr)
        rows: list[dict[str, Any]] = []
    else:
        import duckdb

        try:
            rows = fetch(str(settings.warehouse))
        except duckdb.Error as exc:
            print(
                f"cannot open {settings.warehouse} read-only (a run may be writing): {exc}",
                file=sys.stderr,
            )
            return 1
    if args.format == "json":
        records = [
            {k: _text(v) if isinstance(v, date | datetime) else v for k, v in r.items()}
            for r in rows
        ]
        json.dump(records, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print(render_table(rows), end="")
    return 0
