from __future__ import annotations

from datetime import date

from bildungspfade.ingest import discover, ingest_all, record_unmatched, scan
from tests.ingest.ingest_helpers import count, csv_bytes, rows, write_csv


def test_discover_sorts_by_dataset_stichtag_lieferung_and_pairs_notes(landing):
    data = csv_bytes(rows("schueler", 1))
    for name in (
        "schueler_2020-10-15.csv",
        "schueler_2019-10-15_L2.csv",
        "schueler_2019-10-15.csv",
        "schueler_2019-10-15_L10.csv",
    ):
        (landing / "schueler").mkdir(exist_ok=True)
        (landing / "schueler" / name).write_bytes(data)
    write_csv(landing, "kita", rows("kita", 1))
    (landing / "schueler" / "schueler_2019-10-15.csv.lieferschein.json").write_text("{}")

    files = discover(landing)

    assert [(f.dataset, f.stichtag, f.lieferung) for f in files] == [
        ("kita", date(2020, 3, 1), 1),
        ("schueler", date(2019, 10, 15), 1),
        ("schueler", date(2019, 10, 15), 2),
        ("schueler", date(2019, 10, 15), 10),
        ("schueler", date(2020, 10, 15), 1),
    ]
    assert files[1].note is not None and files[1].note.name.endswith(".lieferschein.json")
    assert files[2].note is None


def test_files_that_break_the_naming_rule_are_reported_not_ignored(landing):
    (landing / "schueler").mkdir()
    (landing / "kita").mkdir()
    (landing / "unbekannt").mkdir()
    bad = {
        "schueler/Schueler_2019-10-15.csv": "Dateiname",
        "schueler/schueler_2019-10-15.xlsx": "Dateiname",
        "schueler/schueler_2019-02-30.csv": "kein gültiges Datum",
        "schueler/schueler_2019-10-15_L1.csv": "_L1",
        "schueler/kita_2020-03-01.csv": "Ordner",
        "schueler/schueler_2019-10-15.csv.part": "Dateiname",
        "kita/kita_2020-03-01.csv.lieferschein.json": "ohne zugehörige Datei",
        "unbekannt/unbekannt_2020-01-01.csv": "unbekannter Ordner",
        "lose.csv": "nicht in einem Ordner",
    }
    for rel in bad:
        (landing / rel).write_text("x")
    write_csv(landing, "schueler", rows("schueler", 1))

    found = scan(landing)

    assert [f.name for f in found.files] == ["schueler_2019-10-15.csv"]
    reasons = {u.path.relative_to(landing).as_posix(): u.reason for u in found.unmatched}
    assert set(reasons) == set(bad)
    for rel, fragment in bad.items():
        assert fragment in reasons[rel], (rel, reasons[rel])


def test_unmatched_files_are_recorded_once_as_rejected(con, landing):
    (landing / "schueler").mkdir()
    (landing / "schueler" / "schueler_2019.csv").write_text("pid\n")
    write_csv(landing, "schueler", rows("schueler", 2))

    first = ingest_all(con, landing)
    second = ingest_all(con, landing)

    assert [r.status for r in first] == ["rejected", "loaded"]
    assert first[0].dataset == "schueler" and "schueler_2019.csv" in first[0].reason
    assert [r.changed for r in second] == [False]  # nothing new recorded, loaded file a no-op
    assert count(con, "select count(*) from audit.deliveries") == 2
    assert record_unmatched(con, landing, scan(landing).unmatched) == []
