"""Exported files read back by independent readers (openpyxl, the csv module) against the
published table itself."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import openpyxl
import pytest

from bildungspfade.exports import Request, export
from bildungspfade.presentation import school_year_de

GRADE5 = "uebergang_klasse5_schulform"
TRANSITION_HEADERS = [
    "Schuljahr des Übergangs",
    "Übergang",
    "von",
    "nach",
    "Merkmal",
    "Ausprägung",
    "Raumebene",
    "Gebiet (Schlüssel)",
    "Gebiet",
    "Berechnungsart",
    "Anzahl",
    "Basis (Nenner)",
    "Quote in %",
    "Kennzeichen",
]
FORM_DE = {
    "gymnasium": "Gymnasium",
    "realschule": "Realschule",
    "gesamtschule": "Gesamtschule",
    "hauptschule": "Hauptschule",
    "sekundarschule": "Sekundarschule",
    "foerderschule": "Förderschule",
    "insgesamt": "insgesamt",
}
METHOD_DE = {
    "kohorte": "Kohortenquote (Personen verfolgt)",
    "querschnitt": "Querschnittsquote",
}


def published_grade5(path: Path) -> dict[tuple, tuple]:
    """(cohort, method, to) -> (count, denominator, rate, flag), straight from DuckDB."""
    con = duckdb.connect(str(path), read_only=True)
    rows = con.execute(
        "select cohort, method, to_category, count, denominator, rate, flag "
        "from published.pub_transition_tables "
        "where stage_pair = 'klasse4_klasse5' and area_level = 'stadt'"
    ).fetchall()
    con.close()
    return {(c, METHOD_DE[m], FORM_DE[t]): (n, d, r, f) for c, m, t, n, d, r, f in rows}


@pytest.fixture(scope="module")
def grade5_files(published_db, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("export")
    result = export(Request(table=GRADE5), out, "both", published_db)
    return {p.suffix: p for p in result.files if p.suffix in (".csv", ".xlsx")}


def test_xlsx_has_german_headers_and_the_published_numbers(published_db, grade5_files):
    wb = openpyxl.load_workbook(grade5_files[".xlsx"])
    assert wb.sheetnames == ["Daten", "Zeitreihe Stadt", "Erläuterungen"]
    ws = wb["Daten"]
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == TRANSITION_HEADERS
    expected = published_grade5(published_db)
    seen = {}
    for row in rows[1:]:
        record = dict(zip(TRANSITION_HEADERS, row, strict=True))
        school_year = record["Schuljahr des Übergangs"]
        assert school_year == school_year_de(int(school_year[:4]))  # 2018/19, as text
        key = (int(school_year[:4]), record["Berechnungsart"], record["nach"])
        seen[key] = (
            record["Anzahl"],
            record["Basis (Nenner)"],
            record["Quote in %"],
            record["Kennzeichen"] or "",
        )
    assert seen.keys() == expected.keys()  # city level only (the table's default)
    for key, (count, denominator, rate, flag) in expected.items():
        got_count, got_den, got_rate, got_flag = seen[key]
        assert got_flag == flag
        assert got_den == denominator
        if flag in ("s", "z"):
            assert got_count == "•", key  # destatis: geheim zu halten
            assert got_rate == "•", key
        else:
            assert got_count == count, key
            assert got_rate == pytest.approx(rate), key


def test_xlsx_number_formats_are_german_ready(grade5_files):
    ws = openpyxl.load_workbook(grade5_files[".xlsx"])["Daten"]
    headers = [c.value for c in ws[1]]
    count_col = headers.index("Anzahl") + 1
    rate_col = headers.index("Quote in %") + 1
    assert ws.cell(row=2, column=count_col).number_format == "#,##0"
    assert ws.cell(row=2, column=rate_col).number_format == "0.0"
    assert ws.freeze_panes == "A2"


def test_xlsx_explanations_define_flags_signs_sources_and_dates(grade5_files):
    ws = openpyxl.load_workbook(grade5_files[".xlsx"])["Erläuterungen"]
    notes = {row[0]: row[1] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert notes["Kennzeichen s"] == "Wert unterdrückt (Fallzahl kleiner als Mindestbesetzung)"
    assert notes["Kennzeichen z"] == "Wert unterdrückt, weil sonst rückrechenbar"
    assert notes["Kennzeichen r"] == "auf ein Vielfaches von 5 gerundet"
    assert notes["Kennzeichen w"] == "Quote nicht ausgewiesen (Basis zu klein)"
    assert "geheim" in notes["Zeichen •"]
    assert "Schulstatistik" in notes["Datenquellen"]
    assert "15. Oktober" in notes["Stichtage"]
    # the definition comes from published.pub_indicator_catalogue
    definition = notes["Definition: Übergangsquote auf das Gymnasium"]
    assert definition.startswith("Anteil der Kinder aus Klasse 4")


def test_csv_reads_back_with_bom_semicolon_and_decimal_comma(published_db, grade5_files):
    raw = grade5_files[".csv"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with grade5_files[".csv"].open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    assert rows[0] == TRANSITION_HEADERS
    expected = published_grade5(published_db)
    assert len(rows) - 1 == len(expected)
    for row in rows[1:]:
        record = dict(zip(TRANSITION_HEADERS, row, strict=True))
        key = (int(record["Schuljahr des Übergangs"][:4]), record["Berechnungsart"], record["nach"])
        count, denominator, rate, flag = expected[key]
        assert record["Kennzeichen"] == flag
        assert record["Basis (Nenner)"] == str(denominator)
        if flag in ("s", "z"):
            assert record["Anzahl"] == record["Quote in %"] == "•"
        else:
            assert record["Anzahl"] == str(count)
            assert record["Quote in %"] == f"{rate:.1f}".replace(".", ",")


def test_indicator_export_marks_withheld_rates_and_suppressed_cells(published_db, tmp_path):
    result = export(
        Request(indicator="schule_klasse4_klasse5_gymnasium"), tmp_path, "xlsx", published_db
    )
    ws = openpyxl.load_workbook(result.files[0])["Daten"]
    rows = list(ws.iter_rows(values_only=True))
    headers = list(rows[0])
    assert headers[headers.index("Kennzeichen") - 1] == "Wert (%)"
    withheld = [r for r in rows[1:] if r[headers.index("Kennzeichen")] == "w"]
    assert withheld and all(r[headers.index("Wert (%)")] == "/" for r in withheld)
    assert all(r[headers.index("Zähler")] == 5 for r in withheld)

    kita = export(
        Request(
            indicator="fruehe_bildung_kita_u3", cohort="2022", area_level="statistischer_bezirk"
        ),
        tmp_path,
        "csv",
        published_db,
    )
    with kita.files[0].open(encoding="utf-8-sig", newline="") as fh:
        records = list(csv.DictReader(fh, delimiter=";"))
    assert [r["Gebiet"] for r in records] == ["Altstadt", "Nordviertel", "Südhafen", "Weststadt"]
    suppressed = records[-1]
    assert (suppressed["Zähler"], suppressed["Nenner"], suppressed["Kennzeichen"]) == (
        "•",
        "•",
        "s",
    )


def test_explanations_state_the_datenstand(grade5_files):
    """Every export says which deliveries are awaited, since when and why (pub_datenstand)."""
    ws = openpyxl.load_workbook(grade5_files[".xlsx"])["Erläuterungen"]
    notes = {row[0]: row[1] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert notes["Datenstand"].startswith("1 Lieferung(en) ausstehend")
    awaited = notes["Ausstehend: sgb2, Stichtag 31.12.2019"]
    assert awaited == "zurückgewiesen seit 03.02.2020: Pflichtspalte monate_leistungsbezug fehlt"
    assert not any(key.startswith("Ausstehend: kita") for key in notes)  # delivered
    text = (
        grade5_files[".csv"]
        .with_name(grade5_files[".csv"].stem + "_erlaeuterungen.txt")
        .read_text(encoding="utf-8-sig")
    )
    assert "Ausstehend: sgb2, Stichtag 31.12.2019" in text


def test_xlsx_sheets_print_as_wide_as_the_page_with_the_header_repeated(grade5_files):
    wb = openpyxl.load_workbook(grade5_files[".xlsx"])
    data, notes = wb["Daten"], wb["Erläuterungen"]
    for ws, orientation in ((data, "landscape"), (notes, "portrait")):
        assert ws.page_setup.orientation == orientation
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4  # "9"
        assert ws.print_title_rows == "$1:$1"
        assert ws.oddFooter.center.text == "Seite &P von &N"
    assert data.oddHeader.center.text  # the table title


def test_xlsx_cross_table_has_school_years_across_and_the_published_rates(
    published_db, grade5_files
):
    ws = openpyxl.load_workbook(grade5_files[".xlsx"])["Zeitreihe Stadt"]
    rows = list(ws.iter_rows(values_only=True))
    header = list(rows[0])
    years = [h for h in header if h and h[:4].isdigit()]
    assert years and all(y == school_year_de(int(y[:4])) for y in years)
    assert years == sorted(years)
    expected = published_grade5(published_db)
    heads = header.index(years[0])
    for row in rows[1:]:
        heading = dict(zip(header[:heads], row[:heads], strict=True))
        for year, shown in zip(years, row[heads:], strict=True):
            key = (int(year[:4]), heading["Berechnungsart"], heading["nach"])
            if key not in expected:
                assert shown == "x"
                continue
            _, _, rate, flag = expected[key]
            if flag in ("s", "z"):
                assert shown == "•", key
            else:
                assert shown == pytest.approx(rate), key
