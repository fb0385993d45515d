"""The Datenstand: which deliveries are awaited (published.pub_datenstand, built by dbt).

A gap is a missing or rejected delivery that no later delivery closed (README, "Gaps and the
Datenstand"). `bildungspfade run` prints a summary of the awaited deliveries and exits with its
own code when it published with gaps; the published asset refuses to publish under `strict`.
Both read the gaps here, from the warehouse after the dbt build.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

from bildungspfade.publish.contract import SCHEMA

TABLE = "pub_datenstand"
AWAITED = "ausstehend"


@dataclass(frozen=True)
class Gap:
    """An awaited delivery: dataset, reference date, kind (fehlt, zurückgewiesen), since when,
    reason (German) and the rejected file, if one arrived."""

    dataset: str
    reference_date: date
    gap_kind: str
    since_date: date
    reason: str | None
    rejected_file: str | None

    def label(self) -> str:
        return f"{self.dataset} {self.reference_date.isoformat()} ({self.gap_kind})"


def awaited(con: duckdb.DuckDBPyConnection) -> list[Gap]:
    """Every awaited delivery of the built Datenstand, by dataset and reference date; none
    when the table does not exist yet (nothing built)."""
    exists = con.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
        [SCHEMA, TABLE],
    ).fetchone()[0]
    if not exists:
        return []
    rows = con.execute(
        f"select dataset, reference_date, gap_kind, since_date, reason, rejected_file "
        f"from {SCHEMA}.{TABLE} where status = ? order by dataset, reference_date",
        [AWAITED],
    ).fetchall()
    return [Gap(*row) for row in rows]


def summary(gaps: list[Gap]) -> str:
    """One line, German and English: how many deliveries are awaited, and which."""
    if not gaps:
        return "Datenstand: vollständig / complete: no delivery awaited"
    listed = ", ".join(gap.label() for gap in gaps)
    return (
        f"Datenstand: {len(gaps)} Lieferung(en) ausstehend / {len(gaps)} delivery(ies) "
        f"awaited: {listed}"
    )


def lines_de(gaps: list[Gap]) -> list[tuple[str, str]]:
    """The Datenstand for readers of exports and the report, in German: (heading, text) lines,
    one for the whole and one per awaited delivery."""
    if not gaps:
        return [("Datenstand", "vollständig: alle erwarteten Lieferungen sind eingegangen")]
    lines = [
        (
            "Datenstand",
            f"{len(gaps)} Lieferung(en) ausstehend. Werte aus diesen Datensätzen und "
            "Stichtagen fehlen; Angaben, die sich mit der Nachlieferung ändern können, stehen "
            "als „…“ (Angabe fällt später an) und werden mit ihr veröffentlicht.",
        )
    ]
    for gap in gaps:
        text = f"{gap.gap_kind} seit {gap.since_date:%d.%m.%Y}"
        if gap.reason:
            text += f": {gap.reason}"
        lines.append((f"Ausstehend: {gap.dataset}, Stichtag {gap.reference_date:%d.%m.%Y}", text))
    return lines
