"""Every delivered file follows ../shared/extracts.md: names, header, dialect, encoding,
codes, date formats and delivery notes. Checked with the spec, independently of ingestion."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re

import pyarrow.parquet as pq
import pytest

from bildungspfade.spec import (
    DATASETS,
    DELIVERY_NOTE_KEYS,
    DELIVERY_NOTE_SUFFIX,
    FILE_NAME,
    PERSON_DATASETS,
)

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DE_DATE = re.compile(r"^\d{2}\.\d{2}\.\d{4}$")
MONTH = re.compile(r"^\d{4}-\d{2}$")


def read_rows(path):
    if path.suffix == ".parquet":
        table = pq.read_table(path)
        return (
            table.column_names,
            [
                {k: ("" if v is None else str(v)) for k, v in row.items()}
                for row in table.to_pylist()
            ],
            "parquet",
        )
    if path.suffix == ".geojson":
        # RFC 7946: UTF-8 without BOM; one feature per row, its geometry as the column
        collection = json.loads(path.read_bytes().decode("utf-8"))
        assert collection["type"] == "FeatureCollection"
        rows = [
            {
                **{k: "" if v is None else v for k, v in f["properties"].items()},
                "geometrie": json.dumps(f["geometry"]),
            }
            for f in collection["features"]
        ]
        return list(rows[0]), rows, "geojson"
    raw = path.read_bytes()
    spec = DATASETS[path.parent.name]
    if spec.encoding == "cp1252":
        text, enc = raw.decode("cp1252"), "cp1252"
        assert b"\r\n" in raw, f"{path.name}: Windows systems write CRLF"
    else:
        text = raw.decode("utf-8-sig")
        enc = "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", quotechar='"')
    header = next(reader)
    rows = [dict(zip(header, r, strict=True)) for r in reader]
    return header, rows, enc


def delivered_files(landing):
    return sorted(
        p for p in landing.rglob("*") if p.is_file() and not p.name.endswith(DELIVERY_NOTE_SUFFIX)
    )


def truth_faults(out):
    import duckdb

    con = duckdb.connect()
    rows = con.execute(
        f"select file, row_number, faults from read_parquet('{out}/truth/records/*.parquet') "
        "where faults <> ''"
    ).fetchall()
    return {(f, r): faults for f, r, faults in rows}


def test_every_dataset_is_delivered(small):
    landing = small / "landing"
    assert {p.name for p in landing.iterdir()} == set(DATASETS)


def test_files_follow_the_specification(small):
    landing = small / "landing"
    manifest = json.loads((small / "truth" / "manifest.json").read_text())
    truncated = manifest["file_faults"]["truncated_file"]
    missing_col = manifest["file_faults"]["missing_column"]
    faults = truth_faults(small)
    checked = 0
    for path in delivered_files(landing):
        m = FILE_NAME.match(path.name)
        assert m, path.name
        dataset = m["dataset"]
        assert dataset == path.parent.name
        spec = DATASETS[dataset]
        rel = str(path.relative_to(landing))
        is_truncated = (
            truncated and dataset == truncated[0] and m["stichtag"].startswith(str(truncated[1]))
        )
        if is_truncated:
            with pytest.raises((ValueError, UnicodeDecodeError)):
                _, rows, _ = read_rows(path)
            continue
        header, rows, enc = read_rows(path)
        expected = [c for c in spec.column_names if c != "namen_clk"]
        if (
            missing_col
            and dataset == missing_col[0]
            and m["stichtag"].startswith(str(missing_col[1]))
        ):
            expected.remove(missing_col[2])
        assert sorted(header) == sorted(expected), rel
        if enc not in ("parquet", "geojson"):
            assert enc.startswith("utf-8") == (spec.encoding == "utf-8"), rel
            assert (enc == "utf-8-sig") == (spec.stelle == "Statistikstelle"), rel
        for i, row in enumerate(rows, start=1):
            known = faults.get((rel, i), "")
            for col in header:
                value = row[col]
                c = spec.column(col)
                if value == "":
                    assert c.nullable or col == "pid", f"{rel}:{i} {col} empty"
                    continue
                if c.kind == "code" and "out_of_range" not in known:
                    assert value in c.codes, f"{rel}:{i} {col}={value!r}"
                if c.kind == "int" and "out_of_range" not in known:
                    assert c.low <= int(value) <= c.high, f"{rel}:{i} {col}={value!r}"
                if c.kind == "pattern" or c.kind == "pid":
                    assert c.pattern.match(value), f"{rel}:{i} {col}={value!r}"
                if c.kind == "date":
                    pattern = DE_DATE if spec.german_dates and enc != "parquet" else ISO_DATE
                    assert pattern.match(value), f"{rel}:{i} {col}={value!r}"
                if c.kind == "month":
                    assert MONTH.match(value), f"{rel}:{i} {col}={value!r}"
        checked += len(rows)
    assert checked > 10_000


def test_delivery_notes_match_their_files(small):
    landing = small / "landing"
    manifest = json.loads((small / "truth" / "manifest.json").read_text())
    truncated = manifest["file_faults"]["truncated_file"]
    notes = sorted(landing.rglob("*" + DELIVERY_NOTE_SUFFIX))
    assert len(notes) > 20
    disagreeing = []
    for note_path in notes:
        note = json.loads(note_path.read_text(encoding="utf-8"))
        assert set(note) == set(DELIVERY_NOTE_KEYS)
        data_path = note_path.with_name(note_path.name[: -len(DELIVERY_NOTE_SUFFIX)])
        m = FILE_NAME.match(data_path.name)
        assert note["datensatz"] == m["dataset"] and note["stichtag"] == m["stichtag"]
        assert note["lieferung"] == int(m["lieferung"] or 1)
        assert note["stelle"] == DATASETS[m["dataset"]].stelle
        sha_ok = hashlib.sha256(data_path.read_bytes()).hexdigest() == note["sha256"]
        if not sha_ok:
            disagreeing.append(data_path.name)
            continue
        if data_path.suffix == ".csv":
            _, rows, _ = read_rows(data_path)
            assert len(rows) == note["zeilen"], data_path.name
    assert disagreeing == [f"berufskolleg_{truncated[1]}-10-15.csv"]


def test_reference_dates_and_history(small):
    landing = small / "landing"
    manifest = json.loads((small / "truth" / "manifest.json").read_text())
    missing = [tuple(x) for x in manifest["file_faults"]["missing_dataset_years"]]
    corrected = [tuple(x) for x in manifest["file_faults"]["corrected_redeliveries"]]
    for dataset in PERSON_DATASETS:
        spec = DATASETS[dataset]
        for year in range(2014, 2020):
            stem = f"{dataset}_{spec.reference_date(year).isoformat()}"
            found = sorted(
                p.name
                for p in (landing / dataset).glob(stem + "*")
                if not p.name.endswith(DELIVERY_NOTE_SUFFIX)
            )
            if (dataset, year) in missing:
                assert found == []
            elif (dataset, year) in corrected:
                assert len(found) == 2 and "_L2." in found[1]
            else:
                assert len(found) == 1, (dataset, year, found)
    # the residents register delivers Parquet from 2020 on, CSV before
    assert not list(landing.glob("bevoelkerung/*.parquet"))


def test_corrected_redelivery_adds_what_the_first_lacked(small):
    manifest = json.loads((small / "truth" / "manifest.json").read_text())
    ((dataset, year),) = [tuple(x) for x in manifest["file_faults"]["corrected_redeliveries"]]
    files = manifest["files"]
    first = [
        k for k in files if k.startswith(f"{dataset}/") and f"_{year}-" in k and "_L2" not in k
    ][0]
    second = first.replace(".csv", "_L2.csv")
    assert files[second]["zeilen"] > files[first]["zeilen"] > 0


def test_umlauts_in_windows_1252_directories(small):
    path = sorted((small / "landing" / "einrichtungen").glob("*.csv"))[0]
    raw = path.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text = raw.decode("cp1252")
    assert any(ch in text for ch in "äöüß")
    assert DE_DATE.search(text.split("\n")[1].split(";")[-2])
