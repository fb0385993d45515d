"""The life of one delivery file in the warehouse, in one DuckDB transaction.

Either everything a file leads to is committed together (raw rows, quarantined rows,
expectation results, its audit row and the superseding of the delivery it corrects) or nothing
is: a process killed halfway leaves no partial delivery, and the next run loads the file again.

Which delivery is current: per (dataset, stichtag) the highest lieferung. Directory datasets
(raumbezug, einrichtungen, schulen) are full snapshots that each hold all validity periods, so
for them the newest snapshot, by date and then lieferung, is the one current delivery.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from bildungspfade import spec
from bildungspfade.ingest.errors import Rejected
from bildungspfade.ingest.files import Delivered, read_delivery
from bildungspfade.ingest.geojson import geometry_problem
from bildungspfade.ingest.landing import DeliveryFile, UnmatchedFile, scan
from bildungspfade.ingest.rules import (
    GEOMETRY_FUNCTION,
    first_broken_rule,
    lit,
    reason_of,
    rules_for,
    typed_value,
)
from bildungspfade.ingest.schema import (
    EXPECTATION_RESULT_KEYS,
    PROVENANCE_COLUMNS,
    ensure_schema,
    quote,
    raw_table,
)

Validator = Callable[[str, pd.DataFrame, "int | None"], list[dict[str, Any]]]

AUDIT_COLUMNS = (
    "delivery_id", "dataset", "stichtag", "lieferung", "source_file", "sha256", "file_bytes",
    "encoding", "status", "reason", "rows_in", "rows_loaded", "rows_quarantined",
    "rows_rejected", "duplicate_of", "superseded_by", "extra_columns", "seen_at", "loaded_at",
)  # fmt: skip

DELIVERED_VIEW = "_ingest_delivered"
CHECKED_VIEW = "_ingest_checked"


@dataclass
class DeliveryResult:
    delivery_id: str
    dataset: str | None
    stichtag: date | None
    lieferung: int | None
    source_file: str
    sha256: str
    status: str  # loaded, rejected, superseded, duplicate
    reason: str | None = None
    encoding: str | None = None
    file_bytes: int = 0
    rows_in: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    rows_rejected: int = 0
    extra_columns: tuple[str, ...] = ()
    duplicate_of: str | None = None  # delivery_id of the delivery with the same bytes
    superseded_by: str | None = None
    superseded: tuple[str, ...] = ()  # delivery ids this delivery made non-current
    expectations: int = 0  # rows written to audit.expectation_results
    changed: bool = True  # False: this file and these bytes were seen before; nothing written
    seconds: float = 0.0
    validation_seconds: float = 0.0
    seen_at: datetime | None = None
    loaded_at: datetime | None = field(default=None, repr=False)

    def audit_row(self) -> tuple:
        # extra_columns is stored as one comma-separated text, null when there are none.
        values = {**self.__dict__, "extra_columns": ", ".join(self.extra_columns) or None}
        return tuple(values[c] for c in AUDIT_COLUMNS)

    @classmethod
    def from_audit(cls, row: dict[str, Any], **overrides: Any) -> DeliveryResult:
        values = {c: row[c] for c in AUDIT_COLUMNS}
        extras = values["extra_columns"]
        values["extra_columns"] = tuple(extras.split(", ")) if extras else ()
        return cls(**{**values, **overrides})


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)  # stored as naive UTC (TIMESTAMP)


def _dicts(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    cur = con.execute(sql, params or [])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _insert_audit(con: duckdb.DuckDBPyConnection, result: DeliveryResult) -> None:
    placeholders = ", ".join("?" for _ in AUDIT_COLUMNS)
    con.execute(
        f"insert into audit.deliveries ({', '.join(AUDIT_COLUMNS)}) values ({placeholders})",
        list(result.audit_row()),
    )


def _fresh_delivery_id(con: duckdb.DuckDBPyConnection, sha256: str, source_file: str) -> str:
    """The id of a new audit row: the bytes' own (sha256[:16]) the first time they are seen;
    once an audit row holds them (a rejected file whose note is fixed, the same bytes
    re-delivered as `_L2` after a wrong note), one of its own, so that every audit row keeps a
    unique id (a rejected and a loaded row once shared one and failed the audit's key test)."""
    seen = con.execute(
        "select count(*) from audit.deliveries where sha256 = ?", [sha256]
    ).fetchone()[0]
    if not seen:
        return sha256[:16]
    return hashlib.sha256(f"{sha256}:{source_file}:{seen}".encode()).hexdigest()[:16]


def _seen_before(con: duckdb.DuckDBPyConnection, result: DeliveryResult) -> DeliveryResult | None:
    """The outcome for bytes that were already loaded (under this or another name), else None.

    Bytes seen only in rejected files are checked again: the delivery note beside them may have
    been fixed, or the same bytes may now arrive under a correct name.
    """
    rows = _dicts(
        con,
        "select * from audit.deliveries where sha256 = ? and status <> 'rejected' order by seen_at",
        [result.sha256],
    )
    if not rows:
        return None
    for row in rows:
        if row["source_file"] == result.source_file:
            return DeliveryResult.from_audit(row, changed=False)
    original = next(r for r in rows if r["status"] in ("loaded", "superseded"))
    # the audit row of a duplicate needs its own id: the bytes' id is the original's
    result.delivery_id = hashlib.sha256(
        f"{result.sha256}:{result.source_file}".encode()
    ).hexdigest()[:16]
    result.status = "duplicate"
    result.duplicate_of = original["delivery_id"]
    name = Path(result.source_file).name
    result.reason = f"{name}: dieselben Bytes wie {original['source_file']}"
    _insert_audit(con, result)
    return result


def _reject(
    con: duckdb.DuckDBPyConnection, result: DeliveryResult, exc: Rejected
) -> DeliveryResult:
    same = _dicts(
        con,
        "select * from audit.deliveries where sha256 = ? and source_file = ? "
        "and status = 'rejected' and reason = ?",
        [result.sha256, result.source_file, exc.reason],
    )
    if same:
        return DeliveryResult.from_audit(same[0], changed=False)
    result.status = "rejected"
    result.reason = exc.reason
    result.rows_in = result.rows_rejected = exc.rows
    _insert_audit(con, result)
    return result


def _order(ds: spec.Dataset, stichtag: date, lieferung: int) -> tuple:
    return (stichtag, lieferung) if not ds.person_level else (lieferung,)


def _current(con: duckdb.DuckDBPyConnection, ds: spec.Dataset, stichtag: date) -> dict | None:
    sql = "select * from audit.deliveries where dataset = ? and status = 'loaded'"
    params: list = [ds.name]
    if ds.person_level:
        sql += " and stichtag = ?"
        params.append(stichtag)
    rows = _dicts(con, sql, params)
    if len(rows) > 1:  # the invariant of audit.current_deliveries; a bug if broken
        raise RuntimeError(f"{ds.name} {stichtag}: {len(rows)} current deliveries")
    return rows[0] if rows else None


def _previous_rows(con: duckdb.DuckDBPyConnection, ds: spec.Dataset, stichtag: date) -> int | None:
    """Row count of the current delivery this one is compared with: the one it corrects, else
    the latest earlier reference date (directory datasets: the current snapshot)."""
    sql = "select rows_in from audit.deliveries where dataset = ? and status = 'loaded'"
    params: list = [ds.name]
    if ds.person_level:
        sql += " and stichtag <= ?"
        params.append(stichtag)
    row = con.execute(sql + " order by stichtag desc limit 1", params).fetchone()
    return None if row is None else int(row[0])


def _check_conflict(con: duckdb.DuckDBPyConnection, delivery: DeliveryFile, rows: int) -> None:
    """Other bytes under the same (dataset, stichtag, lieferung) cannot replace a delivery
    silently: a correction must come with a higher lieferung."""
    row = con.execute(
        "select source_file from audit.deliveries where dataset = ? and stichtag = ? "
        "and lieferung = ? and status in ('loaded', 'superseded') limit 1",
        [delivery.dataset, delivery.stichtag, delivery.lieferung],
    ).fetchone()
    if row is not None:
        raise Rejected(
            f"{delivery.name}: Lieferung {delivery.lieferung} für {delivery.dataset} "
            f"{delivery.stichtag} ist bereits mit anderem Inhalt geladen ({row[0]}); "
            f"eine Korrektur kommt als _L{delivery.lieferung + 1}",
            rows,
        )


def _register_geometry_check(con: duckdb.DuckDBPyConnection) -> None:
    """The geometry rule's function, once per connection (DuckDB cannot check polygons
    itself without its spatial extension, which a warehouse without network cannot install)."""
    with contextlib.suppress(duckdb.NotImplementedException):  # registered already
        con.create_function(
            GEOMETRY_FUNCTION,
            geometry_problem,
            [duckdb.sqltypes.VARCHAR],
            duckdb.sqltypes.VARCHAR,
            null_handling="special",  # None means "no problem"; null in gives None back
            side_effects=False,
        )


def _apply_rules(
    con: duckdb.DuckDBPyConnection,
    delivery: DeliveryFile,
    delivered: Delivered,
    result: DeliveryResult,
) -> None:
    """Quarantine the rows that break a rule, load the rest into raw.<dataset>."""
    ds = spec.DATASETS[delivery.dataset]
    rules = rules_for(ds, delivery.stichtag)
    if any(c.kind == "geometry" for c in ds.columns):
        _register_geometry_check(con)
    n = delivered.table.num_rows
    table = delivered.table.append_column("_row_number", pa.array(range(1, n + 1), pa.int64()))
    con.register(DELIVERED_VIEW, table)
    try:
        found = con.execute(
            f"select _row_number, {first_broken_rule(rules)} as _rule_no from {DELIVERED_VIEW}"
        ).fetchnumpy()
    finally:
        con.unregister(DELIVERED_VIEW)
    # The rule numbers go beside the delivered rows in Arrow, not into a temp table: copying
    # every delivered string into DuckDB cost as much as checking the rules.
    rule_no = np.zeros(n, dtype=np.int64)
    rule_no[np.asarray(found["_row_number"]) - 1] = np.asarray(found["_rule_no"])
    con.register(CHECKED_VIEW, table.append_column("_rule_no", pa.array(rule_no)))
    try:
        _write_rows(con, delivery, delivered, result, rules)
    finally:
        con.unregister(CHECKED_VIEW)
    quarantined = int(np.count_nonzero(rule_no))
    result.rows_loaded, result.rows_quarantined = n - quarantined, quarantined


def _write_rows(
    con: duckdb.DuckDBPyConnection,
    delivery: DeliveryFile,
    delivered: Delivered,
    result: DeliveryResult,
    rules: list,
) -> None:
    """The rows of CHECKED_VIEW that broke a rule into quarantine, the others into raw."""
    ds = spec.DATASETS[delivery.dataset]
    rule_rows = ", ".join(
        f"({i}, {lit(r.rule)}, {lit(r.column) if r.column else 'null'})"
        for i, r in enumerate(rules, 1)
    )
    record = ", ".join(f"{lit(c)}, {quote(c)}" for c in delivered.present)
    con.execute(
        f"""
        insert into audit.quarantine
        select ?, ?, ?, ?, c._row_number, r.rule, r.column_name,
            {reason_of(rules, "c._rule_no")}, json_object({record})
        from {CHECKED_VIEW} as c
        join (values {rule_rows}) as r (rule_no, rule, column_name) on r.rule_no = c._rule_no
        order by c._row_number
        """,
        [result.delivery_id, ds.name, delivery.stichtag, result.source_file],
    )
    columns = [quote(c.name) for c in ds.columns] + [quote(c) for c, _ in PROVENANCE_COLUMNS]
    values = [typed_value(c, ds) for c in ds.columns] + ["?", "?", "?", "?", "_row_number", "?"]
    con.execute(
        f"""
        insert into {raw_table(ds.name)} ({", ".join(columns)})
        select {", ".join(values)} from {CHECKED_VIEW} where _rule_no = 0 order by _row_number
        """,
        [result.delivery_id, delivery.stichtag, delivery.lieferung, result.source_file,
         result.loaded_at],
    )  # fmt: skip


def _validate(
    con: duckdb.DuckDBPyConnection,
    validator: Validator,
    delivered: Delivered,
    result: DeliveryResult,
    previous_rows: int | None,
) -> list[str]:
    """Store the validator's outcomes; return the blocking expectations that failed."""
    started = time.perf_counter()
    frame = delivered.table.to_pandas()
    outcomes = validator(result.dataset, frame, previous_rows)
    result.validation_seconds = time.perf_counter() - started
    rows = []
    for outcome in outcomes:
        rows.append(
            [result.delivery_id, result.dataset]
            + [outcome.get(k) for k in EXPECTATION_RESULT_KEYS]
            + [result.loaded_at]
        )
    if rows:
        # One statement for all of them: executemany runs one statement per row, which cost
        # more than the rest of the audit writes together (~15 ms a delivery).
        row = f"({', '.join('?' for _ in range(len(EXPECTATION_RESULT_KEYS) + 3))})"
        con.execute(
            f"insert into audit.expectation_results "
            f"(delivery_id, dataset, {', '.join(EXPECTATION_RESULT_KEYS)}, checked_at) "
            f"values {', '.join(row for _ in rows)}",
            [value for r in rows for value in r],
        )
    result.expectations = len(rows)
    return [
        f"{o['expectation']}({o['column_name']})" if o.get("column_name") else o["expectation"]
        for o in outcomes
        if o.get("blocking") and not o.get("success")
    ]


def _load(
    con: duckdb.DuckDBPyConnection,
    delivery: DeliveryFile,
    data: bytes,
    result: DeliveryResult,
    validator: Validator | None,
) -> DeliveryResult:
    seen = _seen_before(con, result)
    if seen is not None:
        return seen
    ds = spec.DATASETS[delivery.dataset]
    try:
        delivered = read_delivery(delivery, data, result.sha256)
        result.encoding = delivered.encoding
        _check_conflict(con, delivery, delivered.rows)
    except Rejected as exc:
        return _reject(con, result, exc)

    result.rows_in = delivered.rows
    result.extra_columns = delivered.extra_columns
    result.loaded_at = result.seen_at
    previous_rows = _previous_rows(con, ds, delivery.stichtag)
    current = _current(con, ds, delivery.stichtag)
    if validator is not None:
        failed = _validate(con, validator, delivered, result, previous_rows)
        if failed:
            # A delivery that fails a blocking expectation does not count: the previous
            # current delivery stays current, its results stay on record for inspection.
            result.status = "rejected"
            result.rows_rejected = result.rows_in
            result.loaded_at = None
            result.reason = f"{delivery.name}: blockierende Prüfung nicht bestanden: " + ", ".join(
                failed
            )
            _insert_audit(con, result)
            return result
    _apply_rules(con, delivery, delivered, result)

    mine = _order(ds, delivery.stichtag, delivery.lieferung)
    if current is not None and _order(ds, current["stichtag"], current["lieferung"]) > mine:
        # A lower lieferung (or older snapshot) arriving late is history from the start.
        result.status = "superseded"
        result.superseded_by = current["delivery_id"]
        result.reason = f"{delivery.name}: ersetzt durch {current['source_file']}"
    else:
        result.status = "loaded"
        if current is not None:
            replaced = f"{Path(current['source_file']).name}: ersetzt durch {result.source_file}"
            con.execute(
                "update audit.deliveries set status = 'superseded', superseded_by = ?, "
                "reason = concat_ws('; ', reason, ?) "
                "where delivery_id = ? and source_file = ? and status = 'loaded'",
                [result.delivery_id, replaced, current["delivery_id"], current["source_file"]],
            )
            result.superseded = (current["delivery_id"],)
    if result.extra_columns:
        extras = f"{delivery.name}: Zusatzspalten nicht geladen: " + ", ".join(result.extra_columns)
        result.reason = "; ".join(r for r in (extras, result.reason) if r)
    _insert_audit(con, result)
    return result


def ingest_file(
    con: duckdb.DuckDBPyConnection,
    landing: Path,
    delivery: DeliveryFile,
    validator: Validator | None = None,
) -> DeliveryResult:
    """Load one delivery file in one transaction. Bad deliveries are reported in the result
    (status `rejected`), not raised; exceptions mean a bug or an IO error, and roll back."""
    started = time.perf_counter()
    data = delivery.path.read_bytes()
    sha256 = hashlib.sha256(data).hexdigest()
    result = DeliveryResult(
        delivery_id=sha256[:16],
        dataset=delivery.dataset,
        stichtag=delivery.stichtag,
        lieferung=delivery.lieferung,
        source_file=delivery.path.relative_to(landing).as_posix(),
        sha256=sha256,
        status="",
        file_bytes=len(data),
        seen_at=_now(),
    )
    ensure_schema(con)
    con.begin()
    try:
        result.delivery_id = _fresh_delivery_id(con, sha256, result.source_file)
        result = _load(con, delivery, data, result, validator)
        con.commit()
    except BaseException:
        con.rollback()
        raise
    result.seconds = time.perf_counter() - started
    return result


def record_unmatched(
    con: duckdb.DuckDBPyConnection, landing: Path, unmatched: list[UnmatchedFile]
) -> list[DeliveryResult]:
    """Record files that are not deliveries as rejected, once per (file, bytes)."""
    ensure_schema(con)
    recorded = []
    for item in unmatched:
        data = item.path.read_bytes()
        sha256 = hashlib.sha256(data).hexdigest()
        rel = item.path.relative_to(landing)
        folder = rel.parts[0] if len(rel.parts) == 2 and rel.parts[0] in spec.DATASETS else None
        result = DeliveryResult(
            delivery_id=sha256[:16],
            dataset=folder,
            stichtag=None,
            lieferung=None,
            source_file=rel.as_posix(),
            sha256=sha256,
            status="rejected",
            reason=item.reason,
            file_bytes=len(data),
            seen_at=_now(),
        )
        con.begin()
        try:
            seen = con.execute(
                "select 1 from audit.deliveries where source_file = ? and sha256 = ?",
                [result.source_file, sha256],
            ).fetchone()
            if seen is None:
                _insert_audit(con, result)
                recorded.append(result)
            con.commit()
        except BaseException:
            con.rollback()
            raise
    return recorded


def ingest_all(
    con: duckdb.DuckDBPyConnection, landing: Path, validator: Validator | None = None
) -> list[DeliveryResult]:
    """Every delivery in the landing folder, in (dataset, stichtag, lieferung) order, after
    recording the files that are not deliveries."""
    landing = Path(landing)
    found = scan(landing)
    results = record_unmatched(con, landing, found.unmatched)
    for delivery in found.files:
        results.append(ingest_file(con, landing, delivery, validator))
    return results


def deliveries(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The audit listing for the CLI: one dict per file seen, in delivery order. Works on a
    read-only connection, and on a warehouse nothing was loaded into yet."""
    exists = con.execute(
        "select count(*) from information_schema.tables "
        "where table_schema = 'audit' and table_name = 'deliveries'"
    ).fetchone()[0]
    if not exists:
        return []
    return _dicts(
        con,
        """
        select dataset, stichtag, lieferung, source_file, status, encoding,
            rows_in, rows_loaded, rows_quarantined, rows_rejected,
            duplicate_of, superseded_by, extra_columns, reason, delivery_id, seen_at
        from audit.deliveries
        order by dataset nulls last, stichtag nulls last, lieferung, seen_at, source_file
        """,
    )
