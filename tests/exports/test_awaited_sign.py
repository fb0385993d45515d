"""A published cell that waits for an awaited delivery (flag `…`, numbers null) is exported
with the destatis sign „…“ (Angabe fällt später an) in its number fields, and the
explanations say what the sign means, in CSV and XLSX alike."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import openpyxl
import pytest

from bildungspfade.exports import Request, export
from tests.exports.published_fixture import build_published

KITA = Request(indicator="fruehe_bildung_kita_u3", cohort="2022", area_level="statistischer_bezirk")


@pytest.fixture(scope="module")
def awaited_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-made published copy with Altstadt's Kita cell of 2022 awaited."""
    path = build_published(tmp_path_factory.mktemp("awaited") / "warehouse.duckdb")
    con = duckdb.connect(str(path))
    try:
        changed = con.execute(
            "update published.pub_indicators set numerator = null, denominator = null, "
            "value = null, flag = '…' where indicator_code = 'fruehe_bildung_kita_u3' "
            "and year = 2022 and area_level = 'statistischer_bezirk' and area_name = 'Altstadt'"
        ).fetchone()[0]
    finally:
        con.close()
    assert changed == 1
    path.chmod(0o444)
    return path


def test_csv_shows_the_sign_and_explains_it(awaited_db, tmp_path):
    result = export(KITA, tmp_path, "csv", awaited_db)
    with result.files[0].open(encoding="utf-8-sig", newline="") as fh:
        records = {r["Gebiet"]: r for r in csv.DictReader(fh, delimiter=";")}
    altstadt = records["Altstadt"]
    assert (altstadt["Zähler"], altstadt["Nenner"], altstadt["Kennzeichen"]) == ("…", "…", "…")
    assert records["Nordviertel"]["Kennzeichen"] != "…"
    notes = result.files[0].with_name(result.files[0].stem + "_erlaeuterungen.txt")
    text = notes.read_text(encoding="utf-8-sig")
    assert "Angabe fällt später an" in text


def test_xlsx_shows_the_sign_and_explains_it(awaited_db, tmp_path):
    result = export(KITA, tmp_path, "xlsx", awaited_db)
    wb = openpyxl.load_workbook(result.files[0])
    rows = list(wb["Daten"].iter_rows(values_only=True))
    headers = list(rows[0])
    awaited = [r for r in rows[1:] if r[headers.index("Kennzeichen")] == "…"]
    assert len(awaited) == 1
    assert awaited[0][headers.index("Zähler")] == "…"
    assert awaited[0][headers.index("Wert (%)")] == "…"
    notes = {row[0]: row[1] for row in wb["Erläuterungen"].iter_rows(min_row=2, values_only=True)}
    assert notes["Kennzeichen …"].startswith("Angabe fällt später an")
    assert "Lieferung steht aus" in notes["Zeichen …"]
