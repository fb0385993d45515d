"""File contents: encodings, headers, row rules and quarantine, Parquet, the validator hook."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pyarrow as pa
import pytest

from bildungspfade import spec
from bildungspfade.ingest import ingest_file
from tests.ingest.ingest_helpers import (
    VALID,
    count,
    csv_bytes,
    name_of,
    pid,
    place,
    rows,
    write_csv,
    write_geojson,
)


def _quarantine(con):
    return con.execute(
        "select row_number, rule, column_name, reason, record from audit.quarantine "
        "order by row_number"
    ).fetchall()


@pytest.mark.parametrize("dataset", sorted(spec.DATASETS))
def test_valid_rows_of_every_dataset_load_clean(con, landing, dataset):
    assert set(VALID[dataset]) <= set(spec.DATASETS[dataset].column_names)
    write = write_geojson if spec.DATASETS[dataset].formats == ("geojson",) else write_csv
    result = ingest_file(con, landing, write(landing, dataset, rows(dataset, 3)))
    assert (result.status, result.rows_loaded, result.rows_quarantined) == ("loaded", 3, 0)
    assert result.extra_columns == ()


# (dataset, overrides, rule, column, fragment of the reason)
BROKEN = [
    ("schueler", {"geburtsmonat": None}, "not_null", "geburtsmonat", "Pflichtfeld ist leer"),
    ("schueler", {"pid": pid(9).upper()}, "pid_format", "pid", "(Länge 64)"),
    ("schueler", {"pid": pid(9)[:63]}, "pid_format", "pid", "(Länge 63)"),
    ("schueler", {"schulform": "2"}, "code_list", "schulform", "'2' ist nicht in der Codeliste"),
    ("schueler", {"geschlecht": "1"}, "code_list", "geschlecht", "(m, w, d, x)"),
    ("schueler", {"jahrgang": "14"}, "range", "jahrgang", "außerhalb des Wertebereichs 1 bis 13"),
    ("schueler", {"jahrgang": "4a"}, "int_format", "jahrgang", "keine ganze Zahl"),
    ("schueler", {"schulnr": "12345"}, "format", "schulnr", "keine 6-stellige Schulnummer"),
    ("schueler", {"wohn_baublock": "101001"}, "format", "wohn_baublock", "7-stellige Baublock"),
    ("schueler", {"staatsangehoerigkeit": "DE"}, "format", "staatsangehoerigkeit", "ISO 3166"),
    ("schueler", {"geburtsmonat": "2010-13"}, "date_invalid", "geburtsmonat", "Kalenderdatum"),
    ("schueler", {"geburtsmonat": "04/2010"}, "date_format", "geburtsmonat", "Format JJJJ-MM"),
    (
        "schueler",
        {"geburtsmonat": "2019-11"},
        "birth_after_reference",
        "geburtsmonat",
        "liegt nach dem Stichtag 2019-10-15",
    ),
    ("kita", {"betreut_seit": "2019-08-01"}, "date_format", "betreut_seit", "TT.MM.JJJJ"),
    ("kita", {"betreut_seit": "31.02.2019"}, "date_invalid", "betreut_seit", "Kalenderdatum"),
    ("kita", {"betreut_seit": "01.01.2016"}, "date_before_birth", "betreut_seit", "2016-05"),
    ("kita", {"betreut_seit": "01.08.2022"}, "date_out_of_period", "betreut_seit", "bis 2020"),
    ("kita", {"betreuungszeit": "40"}, "code_list", "betreuungszeit", "(25, 35, 45)"),
    ("bewegungen", {"datum": "2016-06-30"}, "date_out_of_period", "datum", "2019-01-01 bis"),
    ("bewegungen", {"ereignis": "WEG"}, "code_list", "ereignis", "'WEG'"),
    ("abgaenge", {"abschluss": "HSA"}, "code_list", "abschluss", "'HSA'"),
    ("einrichtungen", {"name": None}, "not_null", "name", "Pflichtfeld"),
    ("einrichtungen", {"plaetze": "0"}, "range", "plaetze", "1 bis 500"),
    (
        "einrichtungen",
        {"gueltig_bis": "31.12.2014"},
        "period_order",
        "gueltig_bis",
        "liegt vor gueltig_ab '01.01.2015'",
    ),
    ("raumbezug", {"gueltig_ab": "01.01.2010"}, "date_format", "gueltig_ab", "JJJJ-MM-TT"),
    (
        "seu",
        {"untersuchung_datum": "2017-06-01"},
        "date_out_of_period",
        "untersuchung_datum",
        "2019-08-01 bis 2020-07-31",
    ),
    ("sgb2", {"but_mittagessen": "13"}, "range", "but_mittagessen", "0 bis 12"),
    ("berufskolleg", {"bildungsgang": "A-BFS"}, "code_list", "bildungsgang", "'A-BFS'"),
    ("bevoelkerung", {"zuzug_datum": "2000-01-01"}, "date_before_birth", "zuzug_datum", "2001-12"),
    ("schulen", {"traegerschaft": "K"}, "code_list", "traegerschaft", "(O, P)"),
]


@pytest.mark.parametrize(("dataset", "overrides", "rule", "column", "fragment"), BROKEN)
def test_a_broken_row_goes_to_quarantine_with_its_rule(
    con, landing, dataset, overrides, rule, column, fragment
):
    records = rows(dataset, 3)
    records[1].update(overrides)

    result = ingest_file(con, landing, write_csv(landing, dataset, records))

    assert (result.status, result.rows_in, result.rows_loaded, result.rows_quarantined) == (
        "loaded",
        3,
        2,
        1,
    )
    [(row_number, got_rule, got_column, reason, record)] = _quarantine(con)
    assert (row_number, got_rule, got_column) == (2, rule, column)
    assert fragment in reason, reason
    assert reason.startswith(f"{column}: ")
    if "pid" in records[1]:
        assert records[1]["pid"] not in reason  # never the pseudonym
    assert json.loads(record) == records[1]  # the delivered strings, for correction
    assert count(con, f"select count(*) from raw.{dataset} where _row_number = 2") == 0


def test_first_broken_rule_wins_and_counts_reconcile(con, landing):
    records = rows("schueler", 10)
    records[2].update(schulform="99", jahrgang="0")  # two problems: the first column's wins
    records[5].update(geburtsmonat="2030-01", pid="kaputt")
    records[7].update(ganztag=None)
    result = ingest_file(con, landing, write_csv(landing, "schueler", records))

    assert [(r[0], r[1]) for r in _quarantine(con)] == [
        (3, "code_list"),
        (6, "pid_format"),
        (8, "not_null"),
    ]
    assert result.rows_in == result.rows_loaded + result.rows_quarantined == 10
    assert count(con, "select count(*) from raw.schueler") == 7
    assert sorted(r[0] for r in con.execute("select _row_number from raw.schueler").fetchall()) == [
        1, 2, 4, 5, 7, 9, 10,
    ]  # fmt: skip


def test_exact_duplicate_rows_are_kept_for_the_warehouse_to_count(con, landing):
    records = rows("kita", 2)
    records.append(dict(records[0]))
    result = ingest_file(con, landing, write_csv(landing, "kita", records))
    assert (result.rows_loaded, result.rows_quarantined) == (3, 0)
    assert count(con, "select count(distinct pid) from raw.kita") == 2


def test_an_old_certificate_label_after_the_reform_is_loaded(con, landing):
    records = rows("abgaenge", 2)
    records[0]["abschluss"] = "HA9"  # valid key; a warning is the expectation suite's business
    result = ingest_file(con, landing, write_csv(landing, "abgaenge", records))
    assert (result.rows_loaded, result.rows_quarantined) == (2, 0)


@pytest.mark.parametrize(
    ("bildungsgang", "years"),
    [
        ("C-FOS", ("11", "12", "13")),  # upper-secondary numbering (extracts.md)
        ("D-BG", ("11", "12", "13")),
        ("C-HBFS", ("11", "12", "13")),
        ("C-FOS", ("1", "2", "3")),  # programme-year numbering
        ("D-BG", ("1", "2", "3")),
        ("A-DUAL", ("1", "2", "3", "4")),
    ],
)
def test_berufskolleg_programme_years_load_in_either_numbering(con, landing, bildungsgang, years):
    records = [
        dict(row, jahrgang=year, ausbildungsvertrag="N")
        for row, year in zip(
            rows("berufskolleg", len(years), bildungsgang=bildungsgang), years, strict=True
        )
    ]
    result = ingest_file(con, landing, write_csv(landing, "berufskolleg", records))
    assert (result.rows_loaded, result.rows_quarantined) == (len(years), 0), _quarantine(con)
    assert sorted(
        r[0] for r in con.execute("select jahrgang from raw.berufskolleg").fetchall()
    ) == sorted(int(y) for y in years)


@pytest.mark.parametrize("jahrgang", ["0", "14"])
def test_a_berufskolleg_year_outside_both_numberings_is_quarantined(con, landing, jahrgang):
    records = rows("berufskolleg", 2)
    records[1]["jahrgang"] = jahrgang
    result = ingest_file(con, landing, write_csv(landing, "berufskolleg", records))
    assert (result.rows_loaded, result.rows_quarantined) == (1, 1)
    [(row_number, rule, column, reason, _)] = _quarantine(con)
    assert (row_number, rule, column) == (2, "range", "jahrgang")
    assert "1 bis 13" in reason


@pytest.mark.parametrize("abgang_art", ["4", "5", "2"])
def test_leavers_without_a_certificate_load_with_an_empty_abschluss(con, landing, abgang_art):
    # moved away (4), other (5), left after compulsory schooling without one (2): extracts.md
    # allows abschluss empty "where the pupil left without a certificate"
    records = rows("abgaenge", 3, abschluss=None, abgang_art=abgang_art, jahrgang="8")
    result = ingest_file(con, landing, write_csv(landing, "abgaenge", records))
    assert (result.rows_loaded, result.rows_quarantined) == (3, 0), _quarantine(con)
    assert count(con, "select count(*) from raw.abgaenge where abschluss is null") == 3


def test_empty_pid_and_optional_empty_values_are_allowed(con, landing):
    records = rows("schueler", 2, pid=None, einschulungsjahr=None, staatsangehoerigkeit=None)
    result = ingest_file(con, landing, write_csv(landing, "schueler", records))
    assert (result.rows_loaded, result.rows_quarantined) == (2, 0)
    assert count(con, "select count(*) from raw.schueler where pid is null") == 2


def test_german_dates_parse_to_dates(con, landing):
    records = rows("kita", 1, betreut_seit="01.08.2019")
    ingest_file(con, landing, write_csv(landing, "kita", records))
    records = rows("einrichtungen", 1, gueltig_ab="15.03.2018", gueltig_bis="31.12.2024")
    ingest_file(con, landing, write_csv(landing, "einrichtungen", records))

    assert con.execute("select betreut_seit from raw.kita").fetchall() == [(date(2019, 8, 1),)]
    assert con.execute("select gueltig_ab, gueltig_bis from raw.einrichtungen").fetchall() == [
        (date(2018, 3, 15), date(2024, 12, 31))
    ]


@pytest.mark.parametrize(
    ("encoding", "newline", "expected"),
    [
        ("cp1252", "\r\n", "cp1252"),
        ("utf-8", "\n", "utf-8"),
        ("utf-8-sig", "\r\n", "utf-8-sig"),
    ],
)
def test_umlauts_round_trip_to_utf8_from_every_accepted_encoding(
    con, landing, encoding, newline, expected
):
    records = rows("einrichtungen", 2)
    # „ and “ are where Windows-1252 differs from Latin-1: a Latin-1 reader would garble them
    records[0]["name"] = "Kita „Sonnenblümchen“"
    records[1]["name"] = 'Kita "Große Straße"; Außenstelle'  # quotes and separator, quoted
    data = csv_bytes(records, encoding=encoding, newline=newline)
    if encoding == "cp1252":
        assert "ü".encode("cp1252") in data and "ü".encode() not in data

    result = ingest_file(
        con, landing, place(landing, "einrichtungen", name_of("einrichtungen"), data)
    )

    assert (result.status, result.encoding, result.rows_loaded) == ("loaded", expected, 2)
    assert con.execute("select name from raw.einrichtungen order by _row_number").fetchall() == [
        ("Kita „Sonnenblümchen“",),
        ('Kita "Große Straße"; Außenstelle',),
    ]


def test_a_missing_required_column_rejects_the_file(con, landing):
    columns = [c for c in VALID["schueler"] if c not in ("jahrgang", "ganztag")]
    data = csv_bytes(rows("schueler", 3), columns=columns)
    result = ingest_file(con, landing, place(landing, "schueler", name_of("schueler"), data))

    assert result.status == "rejected"
    assert result.reason == ("schueler_2019-10-15.csv: Pflichtspalte(n) fehlen: jahrgang, ganztag")
    assert result.rows_rejected == 3
    assert count(con, "select count(*) from raw.schueler") == 0


@pytest.mark.parametrize("renamed", ["Jahrgang", "jahrgangsstufe", "jahr_gang", "jahrang"])
def test_a_renamed_column_rejects_the_file_and_names_it(con, landing, renamed):
    records = [
        {(renamed if k == "jahrgang" else k): v for k, v in r.items()} for r in rows("schueler", 3)
    ]
    data = csv_bytes(records)
    result = ingest_file(con, landing, place(landing, "schueler", name_of("schueler"), data))

    assert result.status == "rejected"
    assert result.reason == (
        f"schueler_2019-10-15.csv: Spalte '{renamed}' sieht aus wie die umbenannte Spalte "
        "'jahrgang'"
    )
    assert count(con, "select count(*) from raw.schueler") == 0


def test_a_renamed_optional_column_is_not_silently_loaded_as_empty(con, landing):
    records = [
        {("namen_CLK" if k == "namen_clk" else k): v for k, v in r.items()}
        for r in rows("schueler", 1)
    ]
    result = ingest_file(con, landing, write_csv(landing, "schueler", records))
    assert result.status == "rejected" and "'namen_CLK'" in result.reason


def test_extra_columns_are_reported_not_loaded_and_an_optional_column_may_be_absent(con, landing):
    records = rows("schueler", 3)
    for r in records:
        del r["namen_clk"]
        r["klasse"] = "4b"
        r["bemerkung"] = "frei"
    result = ingest_file(con, landing, write_csv(landing, "schueler", records))

    assert (result.status, result.rows_loaded) == ("loaded", 3)
    assert result.extra_columns == ("klasse", "bemerkung")
    assert "klasse, bemerkung" in result.reason
    assert con.execute("select extra_columns from audit.deliveries").fetchone() == (
        "klasse, bemerkung",
    )
    assert count(con, "select count(*) from raw.schueler where namen_clk is null") == 3
    columns = {r[0] for r in con.execute("describe raw.schueler").fetchall()}
    assert "klasse" not in columns


def test_columns_in_any_order_load_the_same(con, landing):
    records = rows("kita", 2)
    columns = list(reversed(list(records[0])))
    write_csv(landing, "kita", records, columns=columns)
    result = ingest_file(con, landing, write_csv(landing, "kita", records, columns=columns))
    assert result.rows_loaded == 2
    assert (
        con.execute("select betreuungszeit, geburtsmonat from raw.kita").fetchall()
        == [("35", date(2016, 5, 1))] * 2
    )


def _natural_parquet_table(records):
    """The same rows as Parquet with natural types: ints, dates, strings."""
    return pa.table(
        {
            "pid": [r["pid"] for r in records],
            "geburtsmonat": [r["geburtsmonat"] for r in records],
            "einrichtung_nr": [r["einrichtung_nr"] for r in records],
            "betreuungsart": [r["betreuungsart"] for r in records],
            "geschlecht": [r["geschlecht"] for r in records],
            "betreut_seit": pa.array(
                [
                    date(int(v[6:]), int(v[3:5]), int(v[:2]))
                    for v in (r["betreut_seit"] for r in records)
                ],
                pa.date32(),
            ),
            "auslaendische_herkunft": [r["auslaendische_herkunft"] for r in records],
            "familiensprache": [r["familiensprache"] for r in records],
            # pandas-style: an integer code column with a gap becomes float
            "betreuungszeit": pa.array(
                [
                    None if r["betreuungszeit"] is None else float(r["betreuungszeit"])
                    for r in records
                ]
            ),
            "eingliederungshilfe": [r["eingliederungshilfe"] for r in records],
        }
    )


def test_parquet_and_csv_of_the_same_data_load_identically(tmp_path, landing):
    import duckdb

    from bildungspfade.ingest import ensure_schema
    from tests.ingest.ingest_helpers import write_parquet

    records = rows("kita", 6)
    records[1]["betreuungszeit"] = "40"  # quarantined in both
    records[2]["betreut_seit"] = "01.01.2010"  # before birth, in both
    records[3]["betreuungszeit"] = None  # not_null, in both
    records[4]["einrichtung_nr"] = None

    outcomes = {}
    for ext in ("csv", "parquet"):
        con = duckdb.connect(str(tmp_path / f"{ext}.duckdb"))
        ensure_schema(con)
        if ext == "csv":
            delivery = write_csv(landing, "kita", records)
        else:
            delivery = write_parquet(landing, "kita", _natural_parquet_table(records))
        result = ingest_file(con, landing, delivery)
        raw = con.execute(
            "select * exclude (_delivery_id, _source_file, _loaded_at) from raw.kita "
            "order by _row_number"
        ).fetchall()
        quarantine = con.execute(
            "select row_number, rule, column_name, reason, record from audit.quarantine "
            "order by row_number"
        ).fetchall()
        outcomes[ext] = (
            result.rows_in,
            result.rows_loaded,
            result.rows_quarantined,
            raw,
            quarantine,
        )
        con.close()

    assert outcomes["csv"][:3] == (6, 3, 3)
    assert outcomes["parquet"] == outcomes["csv"]


def test_the_validator_sees_all_delivered_rows_and_its_results_are_stored(con, landing):
    calls = []

    def validator(dataset, frame: pd.DataFrame, previous_rows):
        calls.append((dataset, len(frame), list(frame.columns), previous_rows, frame))
        return [
            {
                "suite": "kita", "expectation": "expect_table_row_count_to_be_between",
                "column_name": None, "success": True, "element_count": len(frame),
                "unexpected_count": 0, "unexpected_percent": 0.0,
                "observed_value": float(len(frame)), "mostly": None, "blocking": False,
            }
        ]  # fmt: skip

    records = rows("kita", 4)
    records[0]["betreuungszeit"] = "99"  # broken rows are validated too
    first = ingest_file(con, landing, write_csv(landing, "kita", records), validator=validator)
    second = ingest_file(
        con, landing, write_csv(landing, "kita", rows("kita", 2), 2), validator=validator
    )

    assert [(c[0], c[1], c[3]) for c in calls] == [("kita", 4, None), ("kita", 2, 4)]
    frame = calls[0][4]
    assert calls[0][2][:3] == ["pid", "geburtsmonat", "namen_clk"]
    assert frame["betreuungszeit"].iloc[0] == "99" and pd.isna(frame["namen_clk"].iloc[0])
    assert first.expectations == 1 and first.validation_seconds > 0
    stored = con.execute(
        "select delivery_id, dataset, observed_value from audit.expectation_results "
        "order by observed_value desc"
    ).fetchall()
    assert stored == [(first.delivery_id, "kita", 4.0), (second.delivery_id, "kita", 2.0)]


def test_a_failing_validator_rolls_the_whole_delivery_back(con, landing):
    def broken(dataset, frame, previous_rows):
        raise RuntimeError("bug in the suite")

    with pytest.raises(RuntimeError, match="bug in the suite"):
        ingest_file(con, landing, write_csv(landing, "kita", rows("kita", 3)), validator=broken)

    assert count(con, "select count(*) from raw.kita") == 0
    assert count(con, "select count(*) from audit.deliveries") == 0
    result = ingest_file(con, landing, write_csv(landing, "kita", rows("kita", 3)))
    assert result.rows_loaded == 3
