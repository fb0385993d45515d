"""Opening the published, read-only copy: the only data that exports and the report read.

Everything is read from schema `published` (docs/architecture.md, "Publishing layer"). The copy
is swapped in atomically after each run, so reading it never waits for a running pipeline.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from bildungspfade.publish.contract import CONTRACT, SCHEMA
from bildungspfade.publish.errors import EXIT_UNAVAILABLE, PublishError


def default_published_path() -> Path:
    """Where `bildungspfade run` and Dagster put the copy: <published dir>/<warehouse name>."""
    from bildungspfade.publish import published_file
    from bildungspfade.settings import load_settings

    settings = load_settings()
    return published_file(settings.warehouse, settings.published)


def resolve(path: str | Path | None) -> Path:
    """The published file: the given one, the warehouse's name inside a given folder, or the
    default."""
    if not path:
        return default_published_path()
    target = Path(path).resolve()
    if target.is_dir():
        return target / default_published_path().name
    return target


@contextlib.contextmanager
def connect(path: str | Path | None = None) -> Iterator[object]:
    """A read-only DuckDB connection to the published copy, checked against the contract."""
    import duckdb

    target = resolve(path)
    if not target.is_file():
        raise PublishError(
            f"Keine veröffentlichte Datenbank unter {target}. Bitte zuerst "
            "`bildungspfade run` ausführen oder mit --published eine Datei angeben.",
            EXIT_UNAVAILABLE,
        )
    try:
        con = duckdb.connect(str(target), read_only=True)
    except duckdb.Error as exc:
        raise PublishError(
            f"Die veröffentlichte Datenbank {target} lässt sich nicht lesen: {exc}",
            EXIT_UNAVAILABLE,
        ) from exc
    try:
        check_contract(con, target)
        yield con
    finally:
        con.close()


def check_contract(con, target: Path) -> None:
    rows = con.execute(
        "select table_name, list(column_name) from information_schema.columns "
        "where table_schema = ? group by table_name",
        [SCHEMA],
    ).fetchall()
    found = {name: set(columns) for name, columns in rows}
    problems = []
    for table, columns in CONTRACT.items():
        if table not in found:
            problems.append(f"Tabelle {SCHEMA}.{table} fehlt")
            continue
        missing = [c for c in columns if c not in found[table]]
        if missing:
            problems.append(f"{SCHEMA}.{table}: Spalten fehlen ({', '.join(missing)})")
    if problems:
        raise PublishError(
            f"Die veröffentlichte Datenbank {target} entspricht nicht dem Veröffentlichungs"
            f"vertrag: {'; '.join(problems)}. Ist der letzte Lauf vollständig durchgelaufen?",
            EXIT_UNAVAILABLE,
        )


def fetch_dicts(con, sql: str, params: list | None = None) -> list[dict]:
    cur = con.execute(sql, params or [])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def published_at(path: str | Path | None = None) -> str:
    """The copy's modification time as a German date and time (`TT.MM.JJJJ HH:MM`)."""
    from datetime import datetime

    from bildungspfade.presentation import datetime_de

    return datetime_de(datetime.fromtimestamp(resolve(path).stat().st_mtime))
