"""The row rules quarantine exactly the rows the generator deliberately corrupted.

The synthetic municipality is generated under the delivery specification; its truth files
name the faults injected into each delivered row (synth/faults.py). Of these, only a value
outside its code list or range (out_of_range) and a birth month after the reference date
(birth_after_reference) make a row unusable; a pseudonym variant, an empty pseudonym, an
exact duplicate and a second Kita are valid rows the warehouse must load. So a quarantined
row that the generator did not break is a rule stricter than the specification (as the
Berufskolleg jahrgang 11-13 and the empty abschluss of leavers who moved away were).
"""

from __future__ import annotations

from types import SimpleNamespace

import duckdb
import numpy as np
import pytest

from bildungspfade.ingest import ensure_schema, ingest_all
from bildungspfade.synth.records import upper_secondary_numbering

UNUSABLE = ("out_of_range", "birth_after_reference")


@pytest.fixture(scope="module")
def loaded(small, tmp_path_factory):
    con = duckdb.connect(str(tmp_path_factory.mktemp("quarantine") / "warehouse.duckdb"))
    ensure_schema(con)
    ingest_all(con, small / "landing")
    con.execute(
        "create temp table truth as select file, row_number, faults "
        f"from read_parquet('{small}/truth/records/*.parquet')"
    )
    yield con
    con.close()


def _is_unusable(faults_column: str) -> str:
    return " or ".join(
        f"list_contains(string_split({faults_column}, ','), '{code}')" for code in UNUSABLE
    )


def test_no_valid_row_of_the_specification_is_quarantined(loaded):
    wrongly = loaded.execute(
        f"""
        select quarantine.source_file, quarantine.row_number, quarantine.rule,
            quarantine.reason, coalesce(truth.faults, '') as faults
        from audit.quarantine as quarantine
        left join truth
            on quarantine.source_file = truth.file
            and quarantine.row_number = truth.row_number
        where not coalesce({_is_unusable("truth.faults")}, false)
        order by 1, 2
        """
    ).fetchall()
    assert wrongly == [], f"{len(wrongly)} valid rows quarantined, e.g. {wrongly[:5]}"


def test_every_corrupted_row_of_a_loaded_file_is_quarantined(loaded):
    quarantined = loaded.execute("select count(*) from audit.quarantine").fetchone()[0]
    missed = loaded.execute(
        f"""
        select truth.file, truth.row_number, truth.faults
        from truth
        inner join audit.deliveries as deliveries
            on truth.file = deliveries.source_file and deliveries.status = 'loaded'
        anti join audit.quarantine as quarantine
            on truth.file = quarantine.source_file
            and truth.row_number = quarantine.row_number
        where {_is_unusable("truth.faults")}
        order by 1, 2
        """
    ).fetchall()
    assert quarantined > 0  # the faults are on at their default rates
    assert missed == [], f"{len(missed)} corrupted rows loaded, e.g. {missed[:5]}"


def test_the_municipality_has_upper_secondary_years_and_empty_certificates(loaded):
    # the rows the tests above protect are really there (the small municipality has one
    # Berufskolleg, which counts C-FOS and D-BG as 11, 12, 13; see the test below for more)
    numberings = loaded.execute(
        "select bildungsgang, min(jahrgang), max(jahrgang) from raw.berufskolleg "
        "where bildungsgang in ('C-FOS', 'D-BG') group by 1"
    ).fetchall()
    assert numberings and all(low >= 11 for _, low, _ in numberings), numberings
    movers = loaded.execute(
        "select count(*) filter (where abschluss is null), count(*) from raw.abgaenge "
        "where abgang_art = '4'"
    ).fetchone()
    assert movers[1] > 0 and movers[0] > movers[1] / 2, movers


def test_berufskollegs_differ_in_their_numbering_and_keep_it():
    forms = np.array(["02", "30", "20", "30", "30", "30", "04", "30", "30", "30"])
    geo = SimpleNamespace(schools=SimpleNamespace(form=forms))
    upper = upper_secondary_numbering(geo)
    bks = forms == "30"
    assert not upper[~bks].any()  # general schools: no programme years at all
    # C-FOS and D-BG: some Berufskollegs count 11-13, others 1-3; C-HBFS in fewer
    assert 0 < upper[bks, 0].sum() < bks.sum()
    assert 0 < upper[bks, 1].sum() < upper[bks, 0].sum()
    # a property of the school, not of the year or the draw
    assert (upper_secondary_numbering(geo) == upper).all()
