"""Fault rates are what was configured, and the truth agrees with the delivered files."""

from __future__ import annotations

import json
from dataclasses import replace

import duckdb
import pytest

from bildungspfade.synth.config import FaultRates
from bildungspfade.synth.generate import Progress, generate

from .conftest import SMALL


@pytest.fixture(scope="module")
def con(small):
    c = duckdb.connect()
    for name in ("records", "persons"):
        c.execute(
            f"create view {name} as select * from read_parquet('{small}/truth/{name}/*.parquet')"
        )
    yield c
    c.close()


def _rate(con, code, where="true"):
    return con.execute(
        f"select avg((list_contains(string_split(faults, ','), '{code}'))::int) from records "
        f"where {where}"
    ).fetchone()[0]


def test_pseudonym_errors_are_one_to_three_percent_per_dataset(con):
    rates = dict(
        con.execute(
            "select dataset, avg((pid_variant > 0)::int) from records group by 1"
        ).fetchall()
    )
    assert len(rates) == 8
    for dataset, rate in rates.items():
        assert 0.008 <= rate <= 0.035, (dataset, rate)


def test_record_faults_match_configured_rates(con):
    f = FaultRates()
    assert _rate(con, "pid_empty") == pytest.approx(f.pid_empty, abs=0.0015)
    assert _rate(con, "duplicate") == pytest.approx(f.duplicate, abs=0.001)
    assert _rate(con, "out_of_range") == pytest.approx(f.out_of_range, abs=0.0008)
    assert _rate(con, "double_kita", "dataset = 'kita'") == pytest.approx(f.double_kita, abs=0.003)


def test_configured_rates_are_followed(tmp_path):
    faults = FaultRates().with_overrides({"duplicate": "0.05", "pid_empty": "0"})
    cfg = replace(SMALL, first_year=2018, last_year=2019, faults=faults)
    generate(cfg, tmp_path, Progress(quiet=True))
    c = duckdb.connect()
    c.execute(
        f"create view records as select * from read_parquet('{tmp_path}/truth/records/*.parquet')"
    )
    assert _rate(c, "duplicate") == pytest.approx(0.05 / 1.05, abs=0.006)
    assert _rate(c, "pid_empty") == 0


def test_clean_deliveries_have_no_faults(tmp_path):
    cfg = replace(SMALL, first_year=2018, last_year=2019, faults=FaultRates.none())
    generate(cfg, tmp_path, Progress(quiet=True))
    c = duckdb.connect()
    n_faults = c.execute(
        f"select count(*) from read_parquet('{tmp_path}/truth/records/*.parquet')"
        " where faults <> '' or pid_variant > 0"
    ).fetchone()[0]
    manifest = json.loads((tmp_path / "truth" / "manifest.json").read_text())
    assert n_faults == 0
    assert manifest["file_faults"]["missing_dataset_years"] == []
    assert manifest["file_faults"]["corrected_redeliveries"] == []


def test_every_delivered_row_has_its_true_person(con, small):
    manifest = json.loads((small / "truth" / "manifest.json").read_text())
    per_file = dict(con.execute("select file, max(row_number) from records group by 1").fetchall())
    person_files = {k: v for k, v in manifest["files"].items()}
    assert per_file == {k: v["zeilen"] for k, v in person_files.items() if v["zeilen"]}
    gaps = con.execute(
        "select count(*) from (select file, count(*) n, max(row_number) m "
        "from records group by 1) where n <> m"
    ).fetchone()[0]
    assert gaps == 0


def test_true_pseudonym_links_and_variants_do_not(con):
    wrong = con.execute(
        "select count(*) from records r join persons p using (person_id) "
        "where r.pid_variant = 0 and r.pid_delivered <> '' and r.pid_delivered <> p.true_pid"
    ).fetchone()[0]
    assert wrong == 0
    same = con.execute(
        "select count(*) from records r join persons p using (person_id) "
        "where r.pid_variant > 0 and r.pid_delivered = p.true_pid"
    ).fetchone()[0]
    assert same == 0
    # a persistent error is the same wrong pseudonym in every record of that agency
    persistent = con.execute(
        "select count(*), count(distinct pid_delivered) from records "
        "where pid_variant = 1 and dataset = 'schueler' and pid_delivered <> ''"
    ).fetchone()
    distinct_people = con.execute(
        "select count(distinct person_id) from records where pid_variant = 1 and "
        "dataset = 'schueler' and pid_delivered <> ''"
    ).fetchone()[0]
    assert persistent[0] > persistent[1] and persistent[1] == distinct_people


def test_no_pseudonym_stands_for_two_persons(con):
    """A pseudonym is a hash of name, birth date and sex: two persons share one only if they
    share all three, and a misspelling gives a pseudonym no other person has. Names in a
    script the trust office's normalisation drops (Arabic, Cyrillic) once made all persons of
    that origin born the same day one pseudonym."""
    shared = con.execute(
        "select count(*) from (select pid_delivered from records where pid_delivered <> '' "
        "group by 1 having count(distinct person_id) > 1)"
    ).fetchone()[0]
    assert shared == 0
    assert con.execute("select count(distinct true_pid) = count(*) from persons").fetchone()[0]


def test_pupils_in_files_are_pupils_in_truth(con, small):
    """Every schueler row's person is at school that year in the true person-year states."""
    mismatch = con.execute(f"""
        select count(*) from records r
        join read_parquet('{small}/truth/person_years/*.parquet') y
          on y.person_id = r.person_id and y.school_year = year(r.stichtag::date)
        where r.dataset = 'schueler' and y.school_form = ''
    """).fetchone()[0]
    assert mismatch == 0


def test_aggregates_exist(small):
    names = {p.stem for p in (small / "truth" / "aggregates").glob("*.csv")}
    assert {
        "grade5_transition",
        "school_entry",
        "leavers_certificates",
        "kita_participation",
        "iabe_sectors",
    } <= names
