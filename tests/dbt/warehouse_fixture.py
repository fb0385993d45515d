"""A small warehouse with the raw and audit tables of docs/architecture.md and hand-made rows.

The ingestion engine (`bildungspfade.ingest.ensure_schema`) owns the real DDL; where it is
importable it creates the tables, otherwise `create_schema` below does, from `spec.DATASETS`
and the type table in docs/architecture.md. The hand-made deliveries cover what the staging
layer must handle: an old certificate label, a corrected re-delivery superseding an earlier
one, a rejected and a duplicate delivery, an exact duplicate row, every sex code, and
directory snapshots.

Run as a script to build an empty warehouse (for example for sqlfluff's dbt templater):
`python tests/dbt/warehouse_fixture.py data/warehouse.duckdb [--rows]`.
"""

from __future__ import annotations

import hashlib
import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb

from bildungspfade.spec import DATASETS

SPEC_TYPES = {
    "pid": "VARCHAR",
    "pattern": "VARCHAR",
    "code": "VARCHAR",
    "text": "VARCHAR",
    "clk": "VARCHAR",
    "int": "INTEGER",
    "date": "DATE",
    "month": "DATE",
    "geometry": "VARCHAR",
}
PROVENANCE = (
    ("_delivery_id", "VARCHAR"),
    ("_stichtag", "DATE"),
    ("_lieferung", "INTEGER"),
    ("_source_file", "VARCHAR"),
    ("_row_number", "BIGINT"),
    ("_loaded_at", "TIMESTAMP"),
)
DELIVERIES_DDL = """
create table if not exists audit.deliveries (
    delivery_id varchar primary key,
    dataset varchar not null,
    stichtag date not null,
    lieferung integer not null,
    source_file varchar not null,
    sha256 varchar not null,
    file_bytes bigint,
    encoding varchar,
    status varchar not null,
    reason varchar,
    rows_in bigint not null,
    rows_loaded bigint not null,
    rows_quarantined bigint not null,
    rows_rejected bigint not null,
    duplicate_of varchar,
    superseded_by varchar,
    extra_columns varchar,
    seen_at timestamp,
    loaded_at timestamp
)
"""
QUARANTINE_DDL = """
create table if not exists audit.quarantine (
    delivery_id varchar, dataset varchar, stichtag date, source_file varchar,
    row_number bigint, rule varchar, column_name varchar, reason varchar, record json
)
"""
EXPECTATIONS_DDL = """
create table if not exists audit.expectation_results (
    delivery_id varchar, dataset varchar, suite varchar, expectation varchar,
    column_name varchar, success boolean, element_count bigint, unexpected_count bigint,
    unexpected_percent double, observed_value double, mostly double, checked_at timestamp
)
"""
CURRENT_VIEW = """
create or replace view audit.current_deliveries as
select * from audit.deliveries where status = 'loaded'
"""
LOADED_AT = datetime(2024, 1, 2, 3, 4, 5)


def _ensure_schema_from_ingest():
    try:
        from bildungspfade.ingest import ensure_schema  # type: ignore[attr-defined]
    except ImportError:
        return None
    return ensure_schema


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create raw.<dataset> and the audit tables as docs/architecture.md states them."""
    con.execute("create schema if not exists raw")
    con.execute("create schema if not exists audit")
    for name, ds in DATASETS.items():
        cols = [f"{c.name} {SPEC_TYPES[c.kind]}" for c in ds.columns]
        cols += [f"{n} {t}" for n, t in PROVENANCE]
        con.execute(f"create table if not exists raw.{name} ({', '.join(cols)})")
    con.execute(DELIVERIES_DDL)
    con.execute(QUARANTINE_DDL)
    con.execute(EXPECTATIONS_DDL)
    con.execute(CURRENT_VIEW)


def ensure_warehouse_schema(con: duckdb.DuckDBPyConnection) -> str:
    """Use the ingestion engine's DDL where it exists; return which one was used."""
    ensure_schema = _ensure_schema_from_ingest()
    if ensure_schema is not None:
        ensure_schema(con)
        return "bildungspfade.ingest.ensure_schema"
    create_schema(con)
    return "tests/dbt/warehouse_fixture.create_schema"


def pid(label: str) -> str:
    """A stand-in pseudonym: 64 lowercase hex characters."""
    return hashlib.sha256(label.encode()).hexdigest()


def delivery_id(dataset: str, stichtag: date, lieferung: int) -> str:
    return hashlib.sha256(f"{dataset}{stichtag}{lieferung}".encode()).hexdigest()[:16]


def add_delivery(
    con: duckdb.DuckDBPyConnection,
    dataset: str,
    stichtag: date,
    rows: list[dict[str, Any]],
    *,
    lieferung: int = 1,
    status: str = "loaded",
    superseded_by: str | None = None,
    rows_in: int | None = None,
    quarantined: int = 0,
) -> str:
    """Record one delivery in audit.deliveries and, unless rejected or a duplicate, its rows."""
    ds = DATASETS[dataset]
    did = delivery_id(dataset, stichtag, lieferung)
    suffix = "" if lieferung == 1 else f"_L{lieferung}"
    source_file = f"{dataset}/{dataset}_{stichtag.isoformat()}{suffix}.csv"
    carries_rows = status in ("loaded", "superseded")
    n_loaded = len(rows) if carries_rows else 0
    n_in = rows_in if rows_in is not None else n_loaded + quarantined
    n_rejected = n_in if status == "rejected" else 0
    con.execute(
        "insert into audit.deliveries (delivery_id, dataset, stichtag, lieferung, source_file,"
        " sha256, file_bytes, encoding, status, reason, rows_in, rows_loaded, rows_quarantined,"
        " rows_rejected, duplicate_of, superseded_by, extra_columns, seen_at, loaded_at)"
        " values (?, ?, ?, ?, ?, ?, 1000, 'utf-8', ?, ?, ?, ?, ?, ?, null, ?, null, ?, ?)",
        [
            did,
            dataset,
            stichtag,
            lieferung,
            source_file,
            did * 4,
            status,
            None if status == "loaded" else f"fixture: {status}",
            n_in if status != "duplicate" else 0,
            n_loaded,
            quarantined if carries_rows else 0,
            n_rejected if status != "duplicate" else 0,
            superseded_by,
            LOADED_AT,
            LOADED_AT if carries_rows else None,
        ],
    )
    if not carries_rows:
        return did
    names = list(ds.column_names) + [n for n, _ in PROVENANCE]
    placeholders = ", ".join("?" for _ in names)
    for i, row in enumerate(rows, start=1):
        unknown = set(row) - set(ds.column_names)
        assert not unknown, f"{dataset}: unknown columns {unknown}"
        values = [row.get(c) for c in ds.column_names]
        values += [did, stichtag, lieferung, source_file, i, LOADED_AT]
        con.execute(
            f"insert into raw.{dataset} ({', '.join(names)}) values ({placeholders})", values
        )
    return did


def insert_fixture_rows(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The hand-made deliveries. Returns delivery ids by a short label for the assertions."""
    ids: dict[str, str] = {}
    a, b, c, d = pid("anna"), pid("ben"), pid("cem"), pid("dana")
    m = date

    ids["bevoelkerung"] = add_delivery(
        con,
        "bevoelkerung",
        m(2022, 12, 31),
        [
            {
                "pid": a,
                "geburtsmonat": m(2011, 5, 1),
                "geschlecht": "2",
                "staatsangehoerigkeit": "DEU",
                "migrationshintergrund": "0",
                "baublock": "1010001",
            },
            {
                "pid": b,
                "geburtsmonat": m(2010, 9, 1),
                "geschlecht": "1",
                "staatsangehoerigkeit": "TUR",
                "migrationshintergrund": "1",
                "baublock": "1010002",
                "zuzug_datum": m(2015, 3, 17),
            },
            {
                "pid": None,
                "geburtsmonat": m(2019, 1, 1),
                "geschlecht": "7",
                "staatsangehoerigkeit": "DEU",
                "migrationshintergrund": "2",
                "baublock": "1010002",
            },
            {
                "pid": d,
                "geburtsmonat": m(2018, 2, 1),
                "geschlecht": "3",
                "staatsangehoerigkeit": "SYR",
                "migrationshintergrund": "1",
                "baublock": "1010001",
            },
        ],
    )
    ids["bewegungen"] = add_delivery(
        con,
        "bewegungen",
        m(2022, 12, 31),
        [
            {
                "pid": b,
                "geburtsmonat": m(2010, 9, 1),
                "geschlecht": "1",
                "ereignis": "UMZ",
                "datum": m(2022, 6, 30),
                "baublock_alt": "1010001",
                "baublock_neu": "1010002",
            },
            {
                "pid": d,
                "geburtsmonat": m(2018, 2, 1),
                "geschlecht": "3",
                "ereignis": "ZUZ",
                "datum": m(2022, 2, 1),
                "baublock_neu": "1010001",
            },
        ],
    )
    ids["kita"] = add_delivery(
        con,
        "kita",
        m(2022, 3, 1),
        [
            {
                "pid": d,
                "geburtsmonat": m(2018, 2, 1),
                "einrichtung_nr": "K001",
                "betreuungsart": "1",
                "geschlecht": "3",
                "betreut_seit": m(2021, 8, 1),
                "auslaendische_herkunft": "1",
                "familiensprache": "2",
                "betreuungszeit": "45",
                "eingliederungshilfe": "2",
            },
            {
                "pid": c,
                "geburtsmonat": m(2020, 7, 1),
                "einrichtung_nr": None,
                "betreuungsart": "2",
                "geschlecht": "7",
                "betreut_seit": m(2021, 11, 1),
                "auslaendische_herkunft": "2",
                "familiensprache": "1",
                "betreuungszeit": "25",
                "eingliederungshilfe": "2",
            },
        ],
        quarantined=1,
    )
    con.execute(
        "insert into audit.quarantine values (?, 'kita', ?, 'kita/kita_2022-03-01.csv', 3,"
        " 'code_list', 'geschlecht', 'value not in code list', '{\"geschlecht\": \"9\"}')",
        [ids["kita"], m(2022, 3, 1)],
    )
    ids["kita_rejected"] = add_delivery(
        con, "kita", m(2023, 3, 1), [], status="rejected", rows_in=5
    )
    ids["seu"] = add_delivery(
        con,
        "seu",
        m(2023, 7, 31),
        [
            {
                "pid": d,
                "geburtsmonat": m(2018, 2, 1),
                "geschlecht": "3",
                "untersuchung_datum": m(2023, 2, 14),
                "kita_besuch": "4",
                "sprachstand": "2",
                "deutsch_erstsprache": "2",
                "empfehlung": "2",
                "baublock": "1010001",
            },
        ],
    )
    ids["schueler"] = add_delivery(
        con,
        "schueler",
        m(2022, 10, 15),
        [
            {
                "pid": a,
                "geburtsmonat": m(2011, 5, 1),
                "schuljahr": 2022,
                "schulnr": "100001",
                "schulform": "20",
                "jahrgang": 5,
                "geschlecht": "w",
                "einschulungsjahr": 2017,
                "einschulungsart": "51",
                "staatsangehoerigkeit": "DEU",
                "verkehrssprache_deutsch": "J",
                "versetzung": "V",
                "ganztag": "N",
                "uebergangsempfehlung": "GY",
                "wohn_baublock": "1010001",
            },
            {
                "pid": b,
                "geburtsmonat": m(2010, 9, 1),
                "schuljahr": 2022,
                "schulnr": "100002",
                "schulform": "08",
                "jahrgang": 6,
                "geschlecht": "m",
                "einschulungsjahr": 2017,
                "einschulungsart": "53",
                "staatsangehoerigkeit": "TUR",
                "verkehrssprache_deutsch": "N",
                "foerderschwerpunkt": "LB",
                "versetzung": "V",
                "ganztag": "J",
                "wohn_baublock": "1010002",
            },
            {
                "pid": c,
                "geburtsmonat": m(2015, 3, 1),
                "schuljahr": 2022,
                "schulnr": "100003",
                "schulform": "02",
                "jahrgang": 2,
                "geschlecht": "x",
                "einschulungsjahr": 2021,
                "einschulungsart": "52",
                "verkehrssprache_deutsch": "J",
                "ganztag": "J",
                "wohn_baublock": "1010002",
            },
            {
                "pid": d,
                "geburtsmonat": m(2016, 2, 1),
                "schuljahr": 2022,
                "schulnr": "100003",
                "schulform": "02",
                "jahrgang": 1,
                "geschlecht": "d",
                "einschulungsjahr": 2022,
                "einschulungsart": "51",
                "staatsangehoerigkeit": "SYR",
                "verkehrssprache_deutsch": "N",
                "ganztag": "J",
                "wohn_baublock": "1010001",
            },
        ],
    )
    leaver = {
        "pid": b,
        "geburtsmonat": m(2004, 9, 1),
        "schuljahr": 2020,
        "schulnr": "100004",
        "schulform": "04",
        "jahrgang": 9,
        "geschlecht": "m",
        "abgang_datum": m(2021, 7, 15),
        "abschluss": "HA9",
        "abgang_art": "1",
    }
    ids["abgaenge_2021_l2"] = delivery_id("abgaenge", m(2021, 7, 31), 2)
    ids["abgaenge_2021_l1"] = add_delivery(
        con,
        "abgaenge",
        m(2021, 7, 31),
        [
            {**leaver, "abschluss": "OA", "abgang_art": "2"},
            {**leaver, "pid": a, "schulform": "10", "jahrgang": 10, "abschluss": "FOR"},
        ],
        status="superseded",
        superseded_by=ids["abgaenge_2021_l2"],
    )
    add_delivery(
        con,
        "abgaenge",
        m(2021, 7, 31),
        [
            leaver,
            {
                **leaver,
                "pid": a,
                "geschlecht": "w",
                "schulform": "10",
                "jahrgang": 10,
                "abschluss": "FOR_Q",
            },
            {
                **leaver,
                "pid": c,
                "geschlecht": "x",
                "schulform": "08",
                "abschluss": "OA",
                "abgang_art": "2",
            },
        ],
        lieferung=2,
    )
    ids["abgaenge_2023"] = add_delivery(
        con,
        "abgaenge",
        m(2023, 7, 31),
        [
            {
                **leaver,
                "pid": d,
                "schuljahr": 2022,
                "geschlecht": "w",
                "abgang_datum": m(2023, 7, 1),
                "abschluss": "ESA",
            },
            {
                **leaver,
                "pid": d,
                "schuljahr": 2022,
                "geschlecht": "w",
                "abgang_datum": m(2023, 7, 1),
                "abschluss": "ESA",
            },
            {
                **leaver,
                "pid": a,
                "schuljahr": 2022,
                "geschlecht": "w",
                "schulform": "20",
                "jahrgang": 13,
                "abgang_datum": m(2023, 6, 30),
                "abschluss": "ABITUR",
            },
        ],
    )
    ids["abgaenge_2023_duplicate"] = add_delivery(
        con, "abgaenge", m(2023, 7, 31), [], lieferung=3, status="duplicate"
    )
    ids["berufskolleg"] = add_delivery(
        con,
        "berufskolleg",
        m(2021, 10, 15),
        [
            {
                "pid": b,
                "geburtsmonat": m(2004, 9, 1),
                "schuljahr": 2021,
                "schulnr": "200001",
                "bildungsgang": "A-DUAL",
                "jahrgang": 1,
                "geschlecht": "m",
                "vorbildung": "HA9",
                "ausbildungsvertrag": "J",
                "wohn_baublock": "1010002",
            },
            {
                "pid": c,
                "geburtsmonat": m(2004, 3, 1),
                "schuljahr": 2021,
                "schulnr": "200001",
                "bildungsgang": "A-AV",
                "jahrgang": 1,
                "geschlecht": "x",
                "vorbildung": "OA",
                "ausbildungsvertrag": "N",
                "wohn_baublock": "1010002",
            },
            {
                "pid": a,
                "geburtsmonat": m(2003, 3, 1),
                "schuljahr": 2021,
                "schulnr": "200001",
                "bildungsgang": "E-FS",
                "jahrgang": 2,
                "geschlecht": "d",
                "vorbildung": None,
                "ausbildungsvertrag": "N",
                "wohn_baublock": "1010001",
            },
        ],
    )
    ids["sgb2"] = add_delivery(
        con,
        "sgb2",
        m(2022, 12, 31),
        [
            {
                "pid": b,
                "geburtsmonat": m(2010, 9, 1),
                "jahr": 2022,
                "monate_leistungsbezug": 12,
                "but_lernfoerderung": 0,
                "but_mittagessen": 10,
                "but_ausfluege": 1,
                "but_schulbedarf": 2,
                "but_teilhabe": 12,
            },
        ],
    )
    block = {
        "statistischer_bezirk": "11",
        "stadtbezirk": "01",
        "sozialraum": "S1",
        "grundschulbezirk": "G1",
        "wahlbezirk": "W101",
    }
    ids["raumbezug_2015"] = add_delivery(
        con,
        "raumbezug",
        m(2015, 1, 1),
        [
            {"baublock": "1010001", **block, "gueltig_ab": m(2015, 1, 1)},
            {"baublock": "1010002", **block, "gueltig_ab": m(2015, 1, 1)},
        ],
    )
    ids["raumbezug_2020"] = add_delivery(
        con,
        "raumbezug",
        m(2020, 1, 1),
        [
            {"baublock": "1010001", **block, "gueltig_ab": m(2015, 1, 1)},
            {
                "baublock": "1010002",
                **block,
                "gueltig_ab": m(2015, 1, 1),
                "gueltig_bis": m(2019, 12, 31),
            },
            {
                "baublock": "1010002",
                **block,
                "grundschulbezirk": None,
                "wahlbezirk": "W102",
                "gueltig_ab": m(2020, 1, 1),
            },
        ],
    )
    ids["geometrie"] = add_delivery(
        con,
        "geometrie",
        m(2020, 1, 1),
        [
            {
                "baublock": block_id,
                "gueltig_ab": m(2015, 1, 1),
                "geometrie": json.dumps(
                    {
                        "type": "Polygon",
                        "coordinates": [
                            [
                                [x, 5757000],
                                [x + 100, 5757000],
                                [x + 100, 5757100],
                                [x, 5757100],
                                [x, 5757000],
                            ]
                        ],
                    }
                ),
            }
            for block_id, x in (("1010001", 462000), ("1010002", 462100))
        ],
    )
    ids["einrichtungen"] = add_delivery(
        con,
        "einrichtungen",
        m(2019, 8, 1),
        [
            {
                "einrichtung_nr": "K001",
                "name": "Kita Sonnenschein",
                "traeger": "03",
                "baublock": "1010001",
                "plaetze": 75,
                "gueltig_ab": m(2019, 8, 1),
            },
        ],
    )
    ids["schulen"] = add_delivery(
        con,
        "schulen",
        m(2018, 8, 1),
        [
            {
                "schulnr": "100001",
                "name": "Ratsgymnasium",
                "schulform": "20",
                "traegerschaft": "O",
                "baublock": "1010001",
                "gueltig_ab": m(2000, 8, 1),
            },
            {
                "schulnr": "200001",
                "name": "Berufskolleg Mitte",
                "schulform": "30",
                "traegerschaft": "P",
                "baublock": "1010002",
                "gueltig_ab": m(2000, 8, 1),
                "gueltig_bis": m(2030, 7, 31),
            },
        ],
    )
    return ids


def build(path: Path, *, rows: bool = True) -> dict[str, str]:
    """Create the warehouse file at path with the schema and (optionally) the fixture rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    try:
        ensure_warehouse_schema(con)
        return insert_fixture_rows(con) if rows else {}
    finally:
        con.close()


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "data/warehouse.duckdb")
    build(target, rows="--rows" in sys.argv[2:])
    print(target)
