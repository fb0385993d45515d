"""The Cell Key Method: the perturbation table's design, the engine's cell keys and published
counts, and the same published counts from the ONS `cell-key-perturbation` package."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from cell_key_perturbation.create_perturbed_table import create_perturbed_table

from bildungspfade.disclosure import DisclosureSettings, protect
from bildungspfade.disclosure.ptable import DESIGN, KEY_RANGE, build, deviations, realised
from bildungspfade.disclosure.ptable import frame as ptable_frame
from bildungspfade.disclosure.record_keys import record_keys
from tests.disclosure.disclosure_cases import random_city

CKM = DisclosureSettings(method="cell_key")


def _with_keys(frame: pd.DataFrame, secret: bytes = b"test") -> pd.DataFrame:
    return frame.assign(record_key=record_keys(frame.person.tolist(), secret))


def test_ptable_design_holds():
    rows = build()
    table = ptable_frame()
    for i in range(DESIGN.last_class + 1):
        part = table[table.count_class == i].sort_values("ckey_from")
        # every key 0 .. 255 maps to exactly one deviation
        assert part.ckey_from.iloc[0] == 0 and part.ckey_to.iloc[-1] == KEY_RANGE - 1
        assert (part.ckey_from.iloc[1:].to_numpy() == part.ckey_to.iloc[:-1].to_numpy() + 1).all()
        published = i + part.deviation
        assert (part.deviation.abs() <= DESIGN.max_deviation).all()
        assert not published.between(1, DESIGN.js).any(), i  # no published 1s and 2s
        assert (published >= 0).all()
        mean, variance = realised(rows, i)
        assert abs(mean) < 1 / KEY_RANGE + 1e-9, (i, mean)  # unbiased up to one key
        if i >= DESIGN.last_class:
            assert variance == pytest.approx(DESIGN.variance, abs=0.02)


def test_record_keys_are_stable_uniform_and_keyed():
    persons = [f"{i:016x}" for i in range(20000)]
    first, again = record_keys(persons, b"s1"), record_keys(persons, b"s1")
    other = record_keys(persons, b"s2")
    assert (first == again).all()
    assert first.min() >= 0 and first.max() <= KEY_RANGE - 1
    counts = np.bincount(first, minlength=KEY_RANGE)
    assert counts.min() > 40 and counts.max() < 120  # about 78 each
    assert (first != other).mean() > 0.99


def test_record_keys_in_sql_and_python_agree():
    """dim_ckm_record_keys derives the keys in DuckDB; tests and benchmarks in Python."""
    import duckdb

    from bildungspfade.disclosure.record_keys import RECORD_KEY_SQL

    persons = [f"{i:016x}" for i in range(500)]
    con = duckdb.connect()
    con.register("ckm_persons", pd.DataFrame({"person_key": persons}))
    sql = con.execute(
        f"select {RECORD_KEY_SQL} as k from ckm_persons order by person_key", {"secret": "s3"}
    ).df()
    assert sql.k.tolist() == record_keys(sorted(persons), b"s3").tolist()


def test_cell_key_cells_are_perturbed_by_the_table():
    frame = _with_keys(random_city(3, persons=600))
    cells, audit = protect(frame, CKM)
    assert len(cells) and (cells.numerator_status == "published").all()
    # cell key = sum of the persons' record keys mod 256, for a city cell recomputed here
    city_a = cells[
        (cells.area_level == "stadt") & (cells.subgroup == "alle") & (cells.category == "a")
    ].iloc[0]
    assert city_a.numerator_ckey == frame[frame.category == "a"].record_key.sum() % KEY_RANGE
    expected = cells.numerator_true + deviations(
        ptable_frame(), cells.numerator_true.to_numpy(), cells.numerator_ckey.to_numpy()
    )
    assert (cells.numerator.astype(int) == expected).all()
    assert not cells.numerator.between(1, 2).any()
    assert not cells.denominator.between(1, 2).any()
    assert (cells.numerator != cells.numerator_true).any()  # noise is there
    assert ((cells.numerator - cells.numerator_true).abs() <= DESIGN.max_deviation).all()
    # rates from the published counts; small published bases withheld (w)
    shown = cells[cells.value.notna()]
    assert (
        shown.value
        == (100 * shown.numerator.clip(upper=shown.denominator) / shown.denominator).round(1)
    ).all()
    assert (cells.loc[cells.denominator.between(1, 9), "flag"] == "w").all()
    assert set(cells.flag) <= {"", "w"}


def test_same_persons_same_noise_in_every_table():
    """The same persons counted in two tables (and a total equal to its only category) get
    the same published count."""
    one = _with_keys(random_city(5, persons=300, table="T1"))
    two = one.assign(table="T2", category=np.where(one.category == "a", "x", "y"))
    cells, _ = protect(pd.concat([one, two], ignore_index=True), CKM)
    key = ["area_level", "area_id", "subgroup", "subgroup_value"]
    a = cells[(cells.table == "T1") & (cells.category == "a")].set_index(key)
    x = cells[(cells.table == "T2") & (cells.category == "x")].set_index(key)
    assert (a.numerator_true == x.numerator_true.reindex(a.index)).all()
    assert (a.numerator == x.numerator.reindex(a.index)).all()


def _ons_ptable(ptable: pd.DataFrame) -> pd.DataFrame:
    """Our table in the ONS layout: one row per pcv 1 .. 750 and ckey 0 .. 255 (the package
    maps counts above 750 onto pcv 501 .. 750; our last class serves every large count)."""
    last = int(ptable.count_class.max())
    pcv = np.repeat(np.arange(1, 751), KEY_RANGE)
    ckey = np.tile(np.arange(KEY_RANGE), 750)
    return pd.DataFrame(
        {"pcv": pcv, "ckey": ckey, "pvalue": deviations(ptable, np.minimum(pcv, last), ckey)}
    )


def test_the_ons_package_publishes_the_same_counts(capsys):
    """Same record keys, same ptable: the ONS cell-key-perturbation package (threshold 0,
    no suppression) gives every positive cell the count our engine publishes."""
    frame = _with_keys(random_city(11, persons=2500))
    # counts above 750 take the ONS's wrap-around rows
    big = _with_keys(random_city(12, persons=1800).assign(person=lambda f: "q" + f.person))
    big["category"] = "a"
    frame = pd.concat([frame, big], ignore_index=True)
    ptable = ptable_frame()
    cells, _ = protect(frame, CKM, ptable=ptable)
    ours = cells[(cells.subgroup == "alle") & (cells.category != "insgesamt")]
    ons_table = _ons_ptable(ptable)
    for level in ("stadtbezirk", "statistischer_bezirk", "grundschulbezirk"):
        theirs = create_perturbed_table(
            data=frame,
            ptable=ons_table,
            geog=[level],
            tab_vars=["category"],
            record_key="record_key",
            use_existing_ons_id=False,
            threshold=0,
        )
        mine = ours[ours.area_level == level].set_index(["area_id", "category"])
        theirs = theirs.rename(columns={level: "area_id"}).set_index(["area_id", "category"])
        both = mine.join(theirs, how="inner")
        assert len(both) == len(theirs) > 0
        assert (both.numerator_true == both.pre_sdc_count).all()
        assert (both.numerator_ckey == both.ckey).all()
        assert (both.numerator.astype(int) == both["count"].astype(int)).all(), level
    assert (ours.numerator_true > 750).any()
    capsys.readouterr()  # the package prints its validation notes


def test_exports_and_report_say_tables_are_not_additive():
    from bildungspfade.exports.notes import note_lines
    from bildungspfade.exports.select import Selection
    from bildungspfade.report.sections import reading_guide

    sel = Selection("t", "indicator", "Titel", "Beschreibung", "31.12.", ("Quelle",), rows=[])
    lines = dict(note_lines(sel, "2026-01-01", "t.csv"))
    assert "nicht additiv" in lines["Nicht additiv"]
    assert "Cell-Key-Methode" in lines["Geheimhaltung"]
    guide = reading_guide()
    assert "Tabellen sind nicht additiv" in guide and "Cell-Key-Methode" in guide
