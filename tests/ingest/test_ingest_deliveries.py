"""Delivery-level behaviour: idempotence, duplicates, corrections, rejections, retries."""

from __future__ import annotations

from datetime import date

import duckdb

from bildungspfade.ingest import deliveries, ingest_file
from tests.ingest.ingest_helpers import (
    STICHTAG,
    count,
    csv_bytes,
    name_of,
    place,
    rows,
    table_counts,
    write_csv,
    write_note,
)


def _status(con, source_file: str) -> list[str]:
    return [
        r[0]
        for r in con.execute(
            "select status from audit.deliveries where source_file = ? order by seen_at",
            [source_file],
        ).fetchall()
    ]


def _reconciles(con) -> bool:
    return (
        count(
            con,
            "select count(*) from audit.deliveries "
            "where rows_in <> rows_loaded + rows_quarantined + rows_rejected",
        )
        == 0
    )


def test_a_clean_file_loads_typed_with_provenance(con, landing, tmp_path):
    delivery = write_csv(landing, "schueler", rows("schueler", 3))

    result = ingest_file(con, landing, delivery)

    assert (result.status, result.rows_in, result.rows_loaded, result.rows_quarantined) == (
        "loaded",
        3,
        3,
        0,
    )
    row = con.execute(
        "select schulform, jahrgang, geburtsmonat, foerderschwerpunkt, _delivery_id, _stichtag, "
        "_lieferung, _source_file, _row_number from raw.schueler order by _row_number limit 1"
    ).fetchone()
    assert (
        row
        == (
            "02",  # code keeps its leading zero
            4,
            date(2010, 4, 1),  # month -> first day
            None,  # empty field -> null
            result.sha256[:16],
            date(2019, 10, 15),
            1,
            "schueler/schueler_2019-10-15.csv",
            1,
        )
    )
    con.close()
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True)
    listing = deliveries(con)
    assert [(d["source_file"], d["status"], d["rows_loaded"]) for d in listing] == [
        ("schueler/schueler_2019-10-15.csv", "loaded", 3)
    ]
    con.close()


def test_same_bytes_ten_times_under_other_names_change_nothing_but_the_audit(con, landing):
    data = csv_bytes(rows("schueler", 5))
    first = ingest_file(con, landing, place(landing, "schueler", name_of("schueler"), data))
    before = table_counts(con)
    raw_before = con.execute("select * exclude (_loaded_at) from raw.schueler").fetchall()

    copies = [place(landing, "schueler", f"schueler_{2000 + i}-10-15.csv", data) for i in range(10)]
    results = [ingest_file(con, landing, c) for c in copies]

    assert {r.status for r in results} == {"duplicate"}
    assert {r.duplicate_of for r in results} == {first.delivery_id}
    assert all(r.rows_in == r.rows_loaded == 0 for r in results)
    after = table_counts(con)
    assert after == {**before, "audit.deliveries": before["audit.deliveries"] + 10}
    assert con.execute("select * exclude (_loaded_at) from raw.schueler").fetchall() == raw_before
    assert count(con, "select count(*) from audit.current_deliveries") == 1

    # Seeing them all again is the same deliveries seen again: not one row more anywhere.
    again = [ingest_file(con, landing, c) for c in [*copies, copies[0]]]
    assert not any(r.changed for r in again)
    assert table_counts(con) == after
    assert _reconciles(con)


def test_rerunning_a_loaded_file_is_a_no_op(con, landing):
    delivery = write_csv(landing, "kita", rows("kita", 4))
    ingest_file(con, landing, delivery)
    before = table_counts(con)

    again = ingest_file(con, landing, delivery)

    assert again.changed is False and again.status == "loaded" and again.rows_loaded == 4
    assert table_counts(con) == before


def test_a_corrected_redelivery_replaces_exactly_its_reference_date(con, landing):
    y2019 = ingest_file(con, landing, write_csv(landing, "schueler", rows("schueler", 3)))
    y2020 = ingest_file(
        con,
        landing,
        write_csv(landing, "schueler", rows("schueler", 4), stichtag=date(2020, 10, 15)),
    )
    fixed = ingest_file(
        con, landing, write_csv(landing, "schueler", rows("schueler", 5, jahrgang="5"), 2)
    )

    assert fixed.status == "loaded" and fixed.superseded == (y2019.delivery_id,)
    current = con.execute(
        "select stichtag, lieferung, delivery_id from audit.current_deliveries order by stichtag"
    ).fetchall()
    assert current == [
        (date(2019, 10, 15), 2, fixed.delivery_id),
        (date(2020, 10, 15), 1, y2020.delivery_id),
    ]
    old = con.execute(
        "select status, superseded_by from audit.deliveries where delivery_id = ?",
        [y2019.delivery_id],
    ).fetchone()
    assert old == ("superseded", fixed.delivery_id)
    assert (
        count(
            con,
            "select count(*) from audit.deliveries where reason = "
            "'schueler_2019-10-15.csv: ersetzt durch schueler/schueler_2019-10-15_L2.csv'",
        )
        == 1
    )
    # history stays in raw; the current rows of 2019 are exactly the correction's
    assert count(con, "select count(*) from raw.schueler") == 3 + 4 + 5
    by_date = dict(
        con.execute(
            "select r._stichtag, count(*) from raw.schueler r "
            "join audit.current_deliveries c on r._delivery_id = c.delivery_id group by 1"
        ).fetchall()
    )
    assert by_date == {date(2019, 10, 15): 5, date(2020, 10, 15): 4}


def test_a_lower_lieferung_arriving_late_is_superseded_at_once(con, landing):
    l3 = ingest_file(con, landing, write_csv(landing, "kita", rows("kita", 2), 3))
    l2 = ingest_file(con, landing, write_csv(landing, "kita", rows("kita", 3), 2))

    assert (l2.status, l2.superseded_by, l2.rows_loaded) == ("superseded", l3.delivery_id, 3)
    assert con.execute("select delivery_id from audit.current_deliveries").fetchall() == [
        (l3.delivery_id,)
    ]


def test_directory_snapshots_follow_the_same_rule_by_date(con, landing):
    def snapshot(day: date, n: int, lieferung: int = 1):
        records = rows("einrichtungen", n)
        for i, r in enumerate(records):
            r["einrichtung_nr"] = f"K{i:03d}"
        return ingest_file(
            con, landing, write_csv(landing, "einrichtungen", records, lieferung, stichtag=day)
        )

    jan = snapshot(date(2020, 1, 1), 2)
    aug = snapshot(date(2020, 8, 1), 3)
    late_march = snapshot(date(2020, 3, 1), 4)  # an older snapshot arriving late
    aug_fixed = snapshot(date(2020, 8, 1), 5, lieferung=2)

    statuses = dict(con.execute("select delivery_id, status from audit.deliveries").fetchall())
    assert statuses == {
        jan.delivery_id: "superseded",
        aug.delivery_id: "superseded",
        late_march.delivery_id: "superseded",
        aug_fixed.delivery_id: "loaded",
    }
    assert late_march.superseded_by == aug.delivery_id
    assert count(con, "select count(*) from raw.einrichtungen") == 2 + 3 + 4 + 5


def test_other_bytes_under_a_loaded_name_are_rejected_not_swapped_in(con, landing):
    ingest_file(con, landing, write_csv(landing, "schueler", rows("schueler", 3)))
    changed = write_csv(landing, "schueler", rows("schueler", 4))

    result = ingest_file(con, landing, changed)

    assert result.status == "rejected"
    assert "bereits mit anderem Inhalt geladen" in result.reason and "_L2" in result.reason
    assert (result.rows_in, result.rows_rejected) == (4, 4)
    assert count(con, "select count(*) from raw.schueler") == 3


def _assert_nothing_loaded(con, dataset: str) -> None:
    assert count(con, f"select count(*) from raw.{dataset}") == 0
    assert count(con, "select count(*) from audit.quarantine") == 0
    assert count(con, "select count(*) from audit.current_deliveries") == 0


def test_a_file_cut_off_in_transfer_is_rejected_whole(con, landing):
    data = csv_bytes(rows("schueler", 20))
    cut = data[: len(data) - 70]  # ends in the middle of the last line
    result = ingest_file(con, landing, place(landing, "schueler", name_of("schueler"), cut))

    assert result.status == "rejected"
    assert result.reason.startswith("schueler_2019-10-15.csv: Zeile 21 hat ")
    assert (result.rows_in, result.rows_rejected, result.rows_loaded) == (20, 20, 0)
    _assert_nothing_loaded(con, "schueler")
    assert _reconciles(con)


def test_a_truncated_file_with_a_delivery_note_names_both_counts(con, landing):
    full = write_note(write_csv(landing, "schueler", rows("schueler", 20)))
    data = full.path.read_bytes()
    full.path.write_bytes(data[: data.rindex(b"\n", 0, len(data) - 1) + 1])  # last row gone

    result = ingest_file(con, landing, full)

    assert result.status == "rejected"
    assert result.reason == "schueler_2019-10-15.csv: Lieferschein nennt 20 Zeilen, Datei hat 19"
    _assert_nothing_loaded(con, "schueler")


def test_a_disagreeing_delivery_note_rejects_and_a_fixed_note_is_retried(con, landing):
    delivery = write_csv(landing, "kita", rows("kita", 6))
    for overrides, fragment in (
        ({"sha256": "0" * 64}, "Prüfsumme"),
        ({"datensatz": "schueler"}, "datensatz 'schueler'"),
        ({"stichtag": "2021-03-01"}, "stichtag '2021-03-01'"),
        ({"lieferung": 2}, "lieferung 2"),
        ({"zeilen": 7}, "nennt 7 Zeilen, Datei hat 6"),
    ):
        noted = write_note(delivery, **overrides)
        result = ingest_file(con, landing, noted)
        assert result.status == "rejected" and fragment in result.reason, result.reason
        assert result.rows_rejected == 6
        _assert_nothing_loaded(con, "kita")
    rejected = count(con, "select count(*) from audit.deliveries")
    assert rejected == 5

    # the same bytes and the same broken note again: nothing new to record
    assert ingest_file(con, landing, noted).changed is False
    assert count(con, "select count(*) from audit.deliveries") == rejected

    result = ingest_file(con, landing, write_note(delivery))
    assert (result.status, result.rows_loaded) == ("loaded", 6)
    assert _status(con, "kita/kita_2020-03-01.csv") == ["rejected"] * 5 + ["loaded"]
    assert _reconciles(con)
    # every audit row has its own id, though all six hold the same bytes
    assert count(con, "select count(distinct delivery_id) from audit.deliveries") == 6


def test_the_same_bytes_as_a_rejected_file_load_as_its_re_delivery(con, landing):
    """Only the delivery note was wrong: the agency sends the same file again as `_L2` with a
    right note. It loads, with an id of its own (issue 14: it once took the rejected file's id
    and failed the audit's key test)."""
    first = write_csv(landing, "kita", rows("kita", 6))
    rejected = ingest_file(con, landing, write_note(first, zeilen=8))
    assert rejected.status == "rejected"
    again = write_csv(landing, "kita", rows("kita", 6), lieferung=2)
    assert again.path.read_bytes() == first.path.read_bytes()

    result = ingest_file(con, landing, write_note(again))

    assert (result.status, result.rows_loaded) == ("loaded", 6)
    assert result.delivery_id != rejected.delivery_id
    ids = con.execute("select delivery_id from audit.deliveries").fetchall()
    assert len(ids) == len(set(ids)) == 2
    assert _reconciles(con)


def test_a_rejected_file_fixed_under_the_same_name_is_a_new_delivery(con, landing):
    bad = place(landing, "schueler", name_of("schueler"), b"pid;geburtsmonat\n")
    first = ingest_file(con, landing, bad)
    assert first.status == "rejected" and "Pflichtspalte(n) fehlen" in first.reason
    assert ingest_file(con, landing, bad).changed is False

    fixed = write_csv(landing, "schueler", rows("schueler", 2))
    result = ingest_file(con, landing, fixed)

    assert (result.status, result.rows_loaded) == ("loaded", 2)
    assert result.delivery_id != first.delivery_id
    assert _status(con, "schueler/schueler_2019-10-15.csv") == ["rejected", "loaded"]


def test_an_empty_or_undecodable_file_is_rejected(con, landing):
    empty = ingest_file(con, landing, place(landing, "kita", name_of("kita"), b""))
    assert empty.status == "rejected" and "leer" in empty.reason
    # 0x81 is undefined in Windows-1252, and no UTF-8 either
    garbage = b"pid;x\n\x81\x81;1\n"
    name = name_of("kita", stichtag=STICHTAG["kita"].replace(year=2021))
    result = ingest_file(con, landing, place(landing, "kita", name, garbage))
    assert result.status == "rejected" and "weder UTF-8 noch Windows-1252" in result.reason
    assert _reconciles(con)
