"""Hand-made delivery files for the ingestion tests (independent of the synthetic generator)."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from bildungspfade import spec
from bildungspfade.ingest import DeliveryFile
from bildungspfade.ingest.landing import parse_name


def pid(i: int) -> str:
    return hashlib.sha256(f"person-{i}".encode()).hexdigest()


# One valid row per dataset, as delivered strings; tests override single values.
VALID = {
    "schueler": {
        "pid": pid(1), "geburtsmonat": "2010-04", "namen_clk": "QUJD", "schuljahr": "2019",
        "schulnr": "123456", "schulform": "02", "jahrgang": "4", "geschlecht": "w",
        "einschulungsjahr": "2016", "einschulungsart": "51", "staatsangehoerigkeit": "DEU",
        "verkehrssprache_deutsch": "J", "foerderschwerpunkt": None, "versetzung": "V",
        "ganztag": "N", "uebergangsempfehlung": None, "wohn_baublock": "0101001",
    },
    "kita": {
        "pid": pid(2), "geburtsmonat": "2016-05", "einrichtung_nr": "K017",
        "betreuungsart": "1", "geschlecht": "2", "betreut_seit": "01.08.2019",
        "auslaendische_herkunft": "2", "familiensprache": "1", "betreuungszeit": "35",
        "eingliederungshilfe": "2",
    },
    "einrichtungen": {
        "einrichtung_nr": "K017", "name": "Kita Sonnenblümchen, Große Straße", "traeger": "03",
        "baublock": "0101001", "plaetze": "75", "gueltig_ab": "01.01.2015", "gueltig_bis": None,
    },
    "abgaenge": {
        "pid": pid(3), "geburtsmonat": "2006-02", "schuljahr": "2022", "schulnr": "123456",
        "schulform": "10", "jahrgang": "10", "geschlecht": "m", "abgang_datum": "2023-07-01",
        "abschluss": "MSA", "abgang_art": "1",
    },
    "bewegungen": {
        "pid": pid(4), "geburtsmonat": "2015-01", "geschlecht": "1", "ereignis": "ZUZ",
        "datum": "2019-06-30", "baublock_alt": None, "baublock_neu": "0101001",
    },
    "raumbezug": {
        "baublock": "0101001", "statistischer_bezirk": "011", "stadtbezirk": "1",
        "sozialraum": "S01", "grundschulbezirk": None, "wahlbezirk": "0101",
        "gueltig_ab": "2010-01-01", "gueltig_bis": None,
    },
    "bevoelkerung": {
        "pid": pid(5), "geburtsmonat": "2001-12", "namen_clk": None, "geschlecht": "3",
        "staatsangehoerigkeit": "TUR", "migrationshintergrund": "1", "baublock": "0101001",
        "zuzug_datum": "2015-09-01",
    },
    "seu": {
        "pid": pid(6), "geburtsmonat": "2014-03", "geschlecht": "7",
        "untersuchung_datum": "2019-11-20", "kita_besuch": "4", "sprachstand": "2",
        "deutsch_erstsprache": "2", "empfehlung": "1", "baublock": None,
    },
    "berufskolleg": {
        "pid": pid(7), "geburtsmonat": "2003-08", "schuljahr": "2019", "schulnr": "654321",
        "bildungsgang": "A-DUAL", "jahrgang": "2", "geschlecht": "d", "vorbildung": "FOR",
        "ausbildungsvertrag": "J", "wohn_baublock": "0202002",
    },
    "sgb2": {
        "pid": pid(8), "geburtsmonat": "2012-07", "jahr": "2019",
        "monate_leistungsbezug": "12", "but_lernfoerderung": "0", "but_mittagessen": "10",
        "but_ausfluege": "1", "but_schulbedarf": "2", "but_teilhabe": "12",
    },
    "schulen": {
        "schulnr": "123456", "name": "Gemeinschaftsgrundschule Am Mühlenbach", "schulform": "02",
        "traegerschaft": "O", "baublock": "0101001", "gueltig_ab": "2000-08-01",
        "gueltig_bis": "2030-07-31",
    },
    "geometrie": {
        "baublock": "0101001", "gueltig_ab": "2000-01-01", "gueltig_bis": None,
        "geometrie": json.dumps({"type": "Polygon", "coordinates": [[
            [462000, 5757000], [462100, 5757000], [462100, 5757100], [462000, 5757000],
        ]]}),
    },
}  # fmt: skip

STICHTAG = {
    "schueler": date(2019, 10, 15),
    "kita": date(2020, 3, 1),
    "einrichtungen": date(2020, 1, 1),
    "abgaenge": date(2023, 7, 31),
    "bewegungen": date(2019, 12, 31),
    "raumbezug": date(2020, 1, 1),
    "bevoelkerung": date(2019, 12, 31),
    "seu": date(2020, 7, 31),
    "berufskolleg": date(2019, 10, 15),
    "sgb2": date(2019, 12, 31),
    "schulen": date(2020, 8, 1),
    "geometrie": date(2020, 1, 1),
}


def rows(dataset: str, n: int, **overrides: str | None) -> list[dict[str, str | None]]:
    """n valid rows, each with its own pseudonym, and `overrides` applied to all."""
    out = []
    for i in range(n):
        row = dict(VALID[dataset])
        if "pid" in row:
            row["pid"] = pid(1000 + i)
        row.update(overrides)
        out.append(row)
    return out


def _field(value: str | None) -> str:
    if value is None:
        return ""
    if any(ch in value for ch in ';"\n\r'):
        return '"' + value.replace('"', '""') + '"'
    return value


def csv_bytes(
    records: list[dict[str, str | None]],
    columns: list[str] | None = None,
    encoding: str = "utf-8",
    newline: str = "\n",
) -> bytes:
    columns = columns or list(records[0])
    lines = [";".join(_field(c) for c in columns)]
    lines += [";".join(_field(r.get(c)) for c in columns) for r in records]
    return (newline.join(lines) + newline).encode(encoding)


def many_rows_csv(dataset: str, n: int, broken: dict[int, dict[str, str]] | None = None) -> bytes:
    """A large delivery, fast: one valid row as a template, each row with its own pid.
    `broken` maps a 0-based row index to overrides for that row."""
    header, template = csv_bytes([VALID[dataset]]).decode().splitlines()
    own_pid = VALID[dataset]["pid"]
    lines = [header]
    lines += [template.replace(own_pid, pid(1000 + i)) for i in range(n)]
    for i, overrides in (broken or {}).items():
        row = {**VALID[dataset], "pid": pid(1000 + i), **overrides}
        lines[i + 1] = csv_bytes([row]).decode().splitlines()[1]
    return ("\n".join(lines) + "\n").encode()


def name_of(dataset: str, lieferung: int = 1, ext: str = "csv", stichtag: date | None = None):
    return spec.file_name(dataset, stichtag or STICHTAG[dataset], lieferung, ext)


def place(landing: Path, dataset: str, file_name: str, data: bytes) -> DeliveryFile:
    """Write bytes into the landing folder and return the delivery as discover() would."""
    path = landing / dataset / file_name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    parsed = parse_name(path, dataset)
    assert isinstance(parsed, DeliveryFile), parsed
    return parsed


def write_csv(
    landing: Path,
    dataset: str,
    records: list[dict[str, str | None]],
    lieferung: int = 1,
    stichtag: date | None = None,
    file_name: str | None = None,
    **csv_options,
) -> DeliveryFile:
    name = file_name or name_of(dataset, lieferung, "csv", stichtag)
    return place(landing, dataset, name, csv_bytes(records, **csv_options))


def geojson_bytes(records: list[dict[str, str | None]]) -> bytes:
    """Rows of the geometrie dataset as the FeatureCollection the statistics office sends."""
    features = [
        {
            "type": "Feature",
            "properties": {k: v for k, v in r.items() if k != "geometrie"},
            "geometry": json.loads(r["geometrie"]) if r.get("geometrie") else None,
        }
        for r in records
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def write_geojson(
    landing: Path, dataset: str, records: list[dict[str, str | None]], lieferung: int = 1
) -> DeliveryFile:
    return place(landing, dataset, name_of(dataset, lieferung, "geojson"), geojson_bytes(records))


def write_note(delivery: DeliveryFile, **overrides) -> DeliveryFile:
    """A delivery note that agrees with the file, unless `overrides` say otherwise."""
    data = delivery.path.read_bytes()
    body = data.split(b"\n", 1)[1] if b"\n" in data else b""
    note = {
        "datensatz": delivery.dataset,
        "stichtag": delivery.stichtag.isoformat(),
        "lieferung": delivery.lieferung,
        "zeilen": sum(1 for line in body.split(b"\n") if line.strip()),
        "sha256": hashlib.sha256(data).hexdigest(),
        "erstellt": "2020-01-02T08:00:00",
        "stelle": spec.DATASETS[delivery.dataset].stelle,
    }
    note.update(overrides)
    path = delivery.path.with_name(delivery.path.name + spec.DELIVERY_NOTE_SUFFIX)
    path.write_text(json.dumps(note), encoding="utf-8")
    parsed = parse_name(delivery.path, delivery.dataset)
    assert isinstance(parsed, DeliveryFile)
    return parsed


def write_parquet(
    landing: Path, dataset: str, table: pa.Table, lieferung: int = 1, stichtag: date | None = None
) -> DeliveryFile:
    path = landing / dataset / name_of(dataset, lieferung, "parquet", stichtag)
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path)
    parsed = parse_name(path, dataset)
    assert isinstance(parsed, DeliveryFile)
    return parsed


def count(con, sql: str, params: list | None = None) -> int:
    return con.execute(sql, params or []).fetchone()[0]


def table_counts(con) -> dict[str, int]:
    """Row count of every table the ingestion writes."""
    tables = [f"raw.{d}" for d in spec.DATASETS] + [
        "audit.deliveries",
        "audit.quarantine",
        "audit.expectation_results",
    ]
    return {t: count(con, f"select count(*) from {t}") for t in tables}
