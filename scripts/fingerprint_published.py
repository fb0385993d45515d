"""Fingerprint every table of a published DuckDB file, for refactors that must not change it.

Prints one line per table: name, rows and an order-independent hash of its rows, leaving out
the columns that record when or how long a run took. Two builds of the same deliveries by
code that computes the same thing print the same lines:

    .venv/bin/python scripts/fingerprint_published.py data/published/warehouse.duckdb > after.txt
    diff before.txt after.txt
"""

from __future__ import annotations

import argparse
import sys

import duckdb

# Columns that describe a run, not the data: when a file was seen, loaded or checked, and how
# long the disclosure audit took.
RUN_COLUMNS = {"seen_at", "loaded_at", "checked_at", "published_at", "audit_seconds", "seconds"}


def fingerprints(path: str) -> list[tuple[str, int, str]]:
    con = duckdb.connect(path, read_only=True)
    tables = con.execute(
        "select table_schema, table_name from information_schema.tables "
        "where table_catalog = current_database() order by 1, 2"
    ).fetchall()
    out = []
    for schema, table in tables:
        columns = [
            name
            for (name,) in con.execute(
                "select column_name from information_schema.columns "
                "where table_schema = ? and table_name = ? order by ordinal_position",
                [schema, table],
            ).fetchall()
            if name not in RUN_COLUMNS and not name.endswith("_seconds")
        ]
        select = ", ".join(f'"{c}"' for c in columns)
        rows, digest = con.execute(
            # Sum of per-row hashes: independent of row order, sensitive to every value.
            f'select count(*), coalesce(sum(hash(row({select}))::hugeint), 0)::varchar '
            f'from "{schema}"."{table}"'
        ).fetchone()
        out.append((f"{schema}.{table}", rows, f"{digest} cols={','.join(columns)}"))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", help="a published DuckDB file")
    args = parser.parse_args(argv)
    for name, rows, digest in fingerprints(args.database):
        print(f"{name}\t{rows}\t{digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
