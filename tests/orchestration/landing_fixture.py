"""A tiny hand-written landing folder: a few valid rows per dataset and reference date.

Independent of the synthetic generator so that the orchestration tests stay fast and say
exactly what they deliver. Every value keeps to the delivery specification.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

from bildungspfade import spec

ROWS_PER_FILE = 4
YEARS = (2019, 2020)


def pid(i: int) -> str:
    return hashlib.sha256(f"orchestration-person-{i}".encode()).hexdigest()


def _person_rows(dataset: str, year: int) -> list[dict[str, str]]:
    rows = []
    for i in range(ROWS_PER_FILE):
        person = {"pid": pid(i), "geburtsmonat": f"{year - 10}-0{i + 1}"}
        rows.append({**person, **_values(dataset, year, i)})
    return rows


def _values(dataset: str, year: int, i: int) -> dict[str, str]:
    block = f"010100{i + 1}"
    if dataset == "bevoelkerung":
        return {
            "geschlecht": "12"[i % 2], "staatsangehoerigkeit": "DEU",
            "migrationshintergrund": "0", "baublock": block, "zuzug_datum": "",
        }  # fmt: skip
    if dataset == "bewegungen":
        return {
            "geschlecht": "1", "ereignis": "UMZ", "datum": f"{year}-06-1{i}",
            "baublock_alt": "0101001", "baublock_neu": "0101002",
        }  # fmt: skip
    if dataset == "kita":
        return {
            "geburtsmonat": f"{year - 4}-0{i + 1}", "einrichtung_nr": "K001",
            "betreuungsart": "1", "geschlecht": "2", "betreut_seit": f"01.08.{year - 2}",
            "auslaendische_herkunft": "2", "familiensprache": "1", "betreuungszeit": "35",
            "eingliederungshilfe": "2",
        }  # fmt: skip
    if dataset == "seu":
        return {
            "geburtsmonat": f"{year - 6}-0{i + 1}", "geschlecht": "1",
            "untersuchung_datum": f"{year}-02-1{i}", "kita_besuch": "4", "sprachstand": "1",
            "deutsch_erstsprache": "1", "empfehlung": "1", "baublock": block,
        }  # fmt: skip
    if dataset == "schueler":
        return {
            "schuljahr": str(year), "schulnr": "100001", "schulform": "02", "jahrgang": "3",
            "geschlecht": "mw"[i % 2], "einschulungsjahr": str(year - 2),
            "einschulungsart": "51", "staatsangehoerigkeit": "DEU",
            "verkehrssprache_deutsch": "J", "foerderschwerpunkt": "", "versetzung": "V",
            "ganztag": "N", "uebergangsempfehlung": "", "wohn_baublock": block,
        }  # fmt: skip
    if dataset == "abgaenge":
        return {
            "geburtsmonat": f"{year - 16}-0{i + 1}", "schuljahr": str(year - 1),
            "schulnr": "100002", "schulform": "10", "jahrgang": "10", "geschlecht": "w",
            "abgang_datum": f"{year}-07-01", "abschluss": "MSA", "abgang_art": "1",
        }  # fmt: skip
    if dataset == "berufskolleg":
        return {
            "geburtsmonat": f"{year - 17}-0{i + 1}", "schuljahr": str(year),
            "schulnr": "100003", "bildungsgang": "A-DUAL", "jahrgang": "1", "geschlecht": "m",
            "vorbildung": "MSA", "ausbildungsvertrag": "J", "wohn_baublock": block,
        }  # fmt: skip
    if dataset == "sgb2":
        return {
            "jahr": str(year), "monate_leistungsbezug": "12", "but_lernfoerderung": "0",
            "but_mittagessen": "10", "but_ausfluege": "1", "but_schulbedarf": "2",
            "but_teilhabe": "0",
        }  # fmt: skip
    raise KeyError(dataset)


def _square(i: int) -> str:
    """A 100 m block in EPSG:25832, the i-th of a row."""
    x, y = 462_000 + 100 * i, 5_757_000
    ring = [[x, y], [x + 100, y], [x + 100, y + 100], [x, y + 100], [x, y]]
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


def _directory_rows(dataset: str) -> list[dict[str, str]]:
    if dataset == "geometrie":
        return [
            {
                "baublock": f"010100{i + 1}",
                "gueltig_ab": "2010-01-01",
                "gueltig_bis": "",
                "geometrie": _square(i),
            }
            for i in range(ROWS_PER_FILE)
        ]
    if dataset == "raumbezug":
        return [
            {
                "baublock": f"010100{i + 1}",
                "statistischer_bezirk": "011",
                "stadtbezirk": "1",
                "sozialraum": "S01",
                "grundschulbezirk": "G01",
                "wahlbezirk": "0101",
                "gueltig_ab": "2010-01-01",
                "gueltig_bis": "",
            }  # fmt: skip
            for i in range(ROWS_PER_FILE)
        ]
    if dataset == "einrichtungen":
        return [
            {
                "einrichtung_nr": "K001", "name": "Kita Sonnenblume", "traeger": "03",
                "baublock": "0101001", "plaetze": "60", "gueltig_ab": "01.01.2010",
                "gueltig_bis": "",
            }
        ]  # fmt: skip
    if dataset == "schulen":
        return [
            {
                "schulnr": f"10000{i + 1}",
                "name": f"Schule {i + 1}",
                "schulform": form,
                "traegerschaft": "O",
                "baublock": "0101001",
                "gueltig_ab": "2010-01-01",
                "gueltig_bis": "",
            }  # fmt: skip
            for i, form in enumerate(("02", "10", "30"))
        ]
    raise KeyError(dataset)


def stichtag(dataset: str, year: int) -> date:
    ds = spec.DATASETS[dataset]
    return ds.reference_date(year) if ds.reference else date(year, 1, 1)


def write_delivery(
    landing: Path,
    dataset: str,
    day: date,
    rows: list[dict[str, str]],
    *,
    lieferung: int = 1,
    note_rows: int | None = None,
) -> Path:
    """Write one file (CSV in the agency's encoding; GeoJSON for the block geometry), with a
    delivery note when `note_rows` is given (a note that disagrees with the file makes
    ingestion reject it)."""
    ds = spec.DATASETS[dataset]
    folder = landing / dataset
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / spec.file_name(dataset, day, lieferung, ds.formats[0])
    if ds.formats == ("geojson",):  # the block geometry: one feature per row
        features = [
            {
                "type": "Feature",
                "properties": {k: v or None for k, v in row.items() if k != "geometrie"},
                "geometry": json.loads(row["geometrie"]) if row.get("geometrie") else None,
            }
            for row in rows
        ]
        collection = {"type": "FeatureCollection", "features": features}
        path.write_text(json.dumps(collection), encoding="utf-8")
    else:
        header = list(rows[0])
        lines = [";".join(header)] + [";".join(row[c] for c in header) for row in rows]
        path.write_bytes(("\n".join(lines) + "\n").encode(ds.encoding))
    if note_rows is not None:
        note = {
            "datensatz": dataset,
            "stichtag": day.isoformat(),
            "lieferung": lieferung,
            "zeilen": note_rows,
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            "erstellt": "2024-01-01T00:00:00",
            "stelle": ds.stelle,
        }
        path.with_name(path.name + spec.DELIVERY_NOTE_SUFFIX).write_text(
            json.dumps(note), encoding="utf-8"
        )
    return path


def rows_for(dataset: str, year: int) -> list[dict[str, str]]:
    if spec.DATASETS[dataset].person_level:
        return _person_rows(dataset, year)
    return _directory_rows(dataset)


def build_landing(landing: Path, years: tuple[int, ...] = YEARS) -> dict[str, int]:
    """Every dataset for every year (directories once); returns rows delivered per dataset."""
    delivered: dict[str, int] = {}
    for dataset, ds in spec.DATASETS.items():
        for year in years if ds.person_level else years[:1]:
            rows = rows_for(dataset, year)
            write_delivery(landing, dataset, stichtag(dataset, year), rows)
            delivered[dataset] = delivered.get(dataset, 0) + len(rows)
    return delivered
