"""A rejected delivery is a gap, not a stop (issue 14): `bildungspfade run` over a landing
folder with one truncated file (its delivery note promises more rows) and one file missing a
required column loads everything else, builds every model, publishes with the gaps listed in
published.pub_datenstand and exits 3, with the published cells that depend on an awaited
delivery marked `…` (Angabe fällt später an) and the others published as usual; `--strict`
exits 4 and publishes nothing new; a corrected re-delivery `_L2` closes its gap, its cells
fill, and the exit code reflects the gap that remains; once both are re-delivered the run
exits 0 and no `…` is left.

One warehouse for the module, run three times in order (the runs build on each other).
"""

from __future__ import annotations

import os

import duckdb
import pytest

from bildungspfade import cli
from bildungspfade.commands.run import EXIT_GAPS, EXIT_OK, EXIT_STRICT
from bildungspfade.publish.awaited import AWAITED_FLAG
from tests.orchestration.landing_fixture import build_landing, rows_for, stichtag, write_delivery

TRUNCATED = ("bewegungen", 2020)
MISSING_COLUMN = ("sgb2", 2019, "monate_leistungsbezug")


def _run(landing, warehouse, *extra: str) -> int:
    saved = dict(os.environ)
    try:
        return cli.main(["run", "--landing", str(landing), "--warehouse", str(warehouse), *extra])
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _published(warehouse):
    return warehouse.parent / "published" / warehouse.name


def _datenstand(path) -> dict[tuple[str, str], dict]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        cur = con.execute("select * from published.pub_datenstand")
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
    finally:
        con.close()
    return {(r["dataset"], r["reference_date"].isoformat()): r for r in rows}


def _cells(path) -> list[dict]:
    """Every published indicator cell, and the flags of the other published tables."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        cur = con.execute("select * from published.pub_indicators")
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
        for table in ("pub_transition_tables", "pub_pathways"):
            flags = con.execute(f"select flag from published.{table}").fetchall()
            rows += [{"indicator_code": table, "flag": flag} for (flag,) in flags]
    finally:
        con.close()
    return rows


def _awaited_without_sign(warehouse) -> list[tuple]:
    """Indicator years that wait for a delivery (marts.rpt_awaited_cells, every cell) within
    the published years but show no `…` in the published copy: none may exist, also where
    the awaited delivery held every case of the year (then a city total says `…`)."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return (
            con.execute(
                "select distinct a.table_part, a.period from marts.rpt_awaited_cells as a "
                "where a.published_table = 'pub_indicators' and a.breakdown_column = 'alle' "
                "and cast(a.period as integer) between "
                "(select min(year) from published.pub_indicators) "
                "and (select max(year) from published.pub_indicators) "
                "and not exists (select 1 from published.pub_indicators as p "
                "where p.indicator_code = a.table_part and cast(p.year as varchar) = a.period "
                "and p.flag = ?)",
                [AWAITED_FLAG],
            ).fetchall()
            + con.execute(
                # the transition cohorts too, within each stage pair's published cohorts
                "select distinct a.table_part, a.period from marts.rpt_awaited_cells as a "
                "join (select stage_pair, min(cohort) as first_cohort, max(cohort) as last_cohort "
                "from published.pub_transition_tables group by all) as s "
                "on s.stage_pair = a.table_part "
                "where a.published_table = 'pub_transition_tables' and a.breakdown_column = 'alle' "
                "and cast(a.period as integer) between s.first_cohort and s.last_cohort "
                "and not exists (select 1 from published.pub_transition_tables as p "
                "where p.stage_pair = a.table_part and cast(p.cohort as varchar) = a.period "
                "and p.flag = ?)",
                [AWAITED_FLAG],
            ).fetchall()
        )
    finally:
        con.close()


def _marked(cells, **match) -> list[bool]:
    """Whether each cell matching `match` shows `…`; a marked cell carries no number."""
    found = [c for c in cells if all(c.get(k) == v for k, v in match.items())]
    assert found, f"no published cell {match}"
    for c in found:
        if c["flag"] == AWAITED_FLAG:
            assert c["numerator"] is None and c["denominator"] is None and c["value"] is None
    return [c["flag"] == AWAITED_FLAG for c in found]


@pytest.fixture(scope="module")
def gaps(tmp_path_factory):
    root = tmp_path_factory.mktemp("gaps")
    landing, warehouse = root / "landing", root / "warehouse.duckdb"
    build_landing(landing)
    dataset, year = TRUNCATED
    rows = rows_for(dataset, year)
    # cut off in transfer: two rows short of what its delivery note promises (the corrected
    # re-delivery brings every row, so its bytes differ from the rejected file's)
    write_delivery(landing, dataset, stichtag(dataset, year), rows[:-2], note_rows=len(rows))
    dataset, year, column = MISSING_COLUMN
    rows = [{k: v for k, v in row.items() if k != column} for row in rows_for(dataset, year)]
    write_delivery(landing, dataset, stichtag(dataset, year), rows)
    return {"root": root, "landing": landing, "warehouse": warehouse}


@pytest.fixture(scope="module")
def first_run(gaps):
    code = _run(gaps["landing"], gaps["warehouse"])
    published = _published(gaps["warehouse"])
    return {
        **gaps,
        "code": code,
        "datenstand": _datenstand(published),
        "cells": _cells(published),
        "awaited_without_sign": _awaited_without_sign(gaps["warehouse"]),
    }


def test_run_publishes_with_gaps_and_exits_with_the_gap_code(first_run):
    assert first_run["code"] == EXIT_GAPS
    assert _published(first_run["warehouse"]).is_file()


def test_a_rejected_file_stops_only_itself(first_run):
    con = duckdb.connect(str(first_run["warehouse"]), read_only=True)
    try:
        rejected = con.execute(
            "select dataset, cast(stichtag as varchar) from audit.deliveries "
            "where status = 'rejected' order by dataset"
        ).fetchall()
        # the other year of each dataset loaded, and every model was built over it
        bewegungen = con.execute("select distinct _stichtag::varchar from raw.bewegungen")
        bewegungen_years = bewegungen.fetchall()
        sgb2_years = con.execute("select distinct _stichtag::varchar from raw.sgb2").fetchall()
        marts = con.execute("select count(*) from marts.fct_person_years").fetchone()[0]
        indicators = con.execute("select count(*) from published.pub_indicators").fetchone()[0]
    finally:
        con.close()
    assert rejected == [("bewegungen", "2020-12-31"), ("sgb2", "2019-12-31")]
    assert bewegungen_years == [("2019-12-31",)]
    assert sgb2_years == [("2020-12-31",)]
    assert marts > 0 and indicators > 0


def test_datenstand_lists_both_files_as_awaited_with_their_reasons(first_run):
    datenstand = first_run["datenstand"]
    awaited = {key: row for key, row in datenstand.items() if row["status"] == "ausstehend"}
    assert set(awaited) == {("bewegungen", "2020-12-31"), ("sgb2", "2019-12-31")}
    for (dataset, _), row in awaited.items():
        assert row["gap_kind"] == "zurückgewiesen"
        assert row["reason"].startswith("Lieferung zurückgewiesen: ")
        assert row["rejected_file"].startswith(f"{dataset}/")
        assert row["current_file"] is None
        assert row["since_date"] is not None
    assert "Lieferschein" in awaited[("bewegungen", "2020-12-31")]["reason"]
    assert "monate_leistungsbezug" in awaited[("sgb2", "2019-12-31")]["reason"]
    # the indicators that read the dataset, from the catalogue's sources
    assert "RB01" in awaited[("sgb2", "2019-12-31")]["dependent_indicators"].split(", ")
    assert "FB01" in awaited[("bewegungen", "2020-12-31")]["dependent_indicators"].split(", ")
    delivered = [row for row in datenstand.values() if row["status"] == "geliefert"]
    assert delivered and all(row["gap_kind"] is None for row in delivered)
    assert ("kita", "2020-03-01") in datenstand


def test_cells_that_depend_on_an_awaited_delivery_show_the_sign(first_run):
    """sgb2 2019 (SGB-II statistics) and bewegungen 2020 (residents register) are awaited:
    RB01 (SGB-II, register) of 2019 and every indicator reading the register in 2020 show `…`;
    the leistungsbezug cells of 2019 read sgb2 of 2019, the other cells of AS08 and BB02
    (leavers, Berufskolleg) of 2019 depend on no awaited delivery and keep their numbers."""
    cells = first_run["cells"]
    assert first_run["awaited_without_sign"] == []
    assert all(_marked(cells, indicator_code="RB01", year=2019))
    assert all(_marked(cells, indicator_code="FB01", year=2020))
    assert all(_marked(cells, indicator_code="AS05", year=2020))
    for code in ("AS08", "BB02"):
        assert all(_marked(cells, indicator_code=code, year=2019, subgroup="leistungsbezug"))
        assert not any(_marked(cells, indicator_code=code, year=2019, subgroup="alle"))
        assert not any(_marked(cells, indicator_code=code, year=2019, subgroup="geschlecht"))
    # FB04 reads the school entry examination only: its 2019 city cells are as usual, except
    # those by benefit receipt
    kwargs = {"indicator_code": "FB04", "year": 2019, "area_level": "stadt"}
    assert not any(_marked(cells, **kwargs, subgroup="alle"))
    assert all(_marked(cells, **kwargs, subgroup="leistungsbezug"))


def test_strict_refuses_to_publish_with_gaps(first_run, capsys):
    published = _published(first_run["warehouse"])
    before = published.stat().st_mtime_ns
    capsys.readouterr()
    code = _run(first_run["landing"], first_run["warehouse"], "--strict")
    out = capsys.readouterr().out
    assert code == EXIT_STRICT
    assert published.stat().st_mtime_ns == before
    assert "2 Lieferung(en) ausstehend" in out and "sgb2 2019-12-31" in out


def test_dagster_publish_config_strict_refuses_with_gaps(first_run):
    """The same setting in Dagster: the published asset's config `strict`."""
    import dagster as dg

    from bildungspfade.definitions import (
        PUBLISHED_OP,
        PUBLISHED_WAREHOUSE_KEY,
        REFUSED_FOR_GAPS,
        build_definitions,
        transform_job,
    )
    from bildungspfade.settings import environment, load_settings

    published = _published(first_run["warehouse"])
    before = published.stat().st_mtime_ns
    settings = load_settings(warehouse=first_run["warehouse"], landing=first_run["landing"])
    with environment(settings.environment()):
        job = transform_job(build_definitions())
        result = job.execute_in_process(
            instance=dg.DagsterInstance.ephemeral(),
            asset_selection=[PUBLISHED_WAREHOUSE_KEY],
            raise_on_error=False,
            run_config={"ops": {PUBLISHED_OP: {"config": {"strict": True}}}},
        )
    assert not result.success
    (failure,) = [e for e in result.all_events if e.is_step_failure]
    metadata = failure.step_failure_data.user_failure_data.metadata
    assert metadata[REFUSED_FOR_GAPS].value == 2
    assert published.stat().st_mtime_ns == before


def _redeliver(first_run, capsys, dataset: str, year: int) -> tuple[int, str]:
    """The complete file as delivery 2 with a matching note; run again: (exit code, stdout)."""
    rows = rows_for(dataset, year)
    day = stichtag(dataset, year)
    write_delivery(first_run["landing"], dataset, day, rows, lieferung=2, note_rows=len(rows))
    capsys.readouterr()
    code = _run(first_run["landing"], first_run["warehouse"])
    return code, capsys.readouterr().out


def test_corrected_redelivery_closes_its_gap(first_run, capsys):
    code, out = _redeliver(first_run, capsys, *MISSING_COLUMN[:2])
    assert code == EXIT_GAPS  # the truncated file is still awaited
    assert "1 Lieferung(en) ausstehend" in out and "bewegungen 2020-12-31" in out
    datenstand = _datenstand(_published(first_run["warehouse"]))
    assert datenstand[("sgb2", "2019-12-31")]["status"] == "geliefert"
    assert datenstand[("sgb2", "2019-12-31")]["current_file"] == "sgb2/sgb2_2019-12-31_L2.csv"
    assert datenstand[("bewegungen", "2020-12-31")]["status"] == "ausstehend"
    con = duckdb.connect(str(first_run["warehouse"]), read_only=True)
    try:
        closed = con.execute(
            "select gap_kind, is_closed from intermediate.int_delivery_gaps_listed "
            "where dataset = 'sgb2'"
        ).fetchall()
    finally:
        con.close()
    assert closed == [("rejected", True)]
    # the cells that waited only for sgb2 2019 are filled; the register's gap still shows
    cells = _cells(_published(first_run["warehouse"]))
    assert not any(_marked(cells, indicator_code="RB01", year=2019))
    assert not any(_marked(cells, indicator_code="AS08", year=2019))
    assert all(_marked(cells, indicator_code="FB01", year=2020))
    assert _awaited_without_sign(first_run["warehouse"]) == []


def test_redelivery_of_both_fills_every_cell_and_exits_0(first_run, capsys):
    code, out = _redeliver(first_run, capsys, *TRUNCATED)
    assert code == EXIT_OK
    assert "Datenstand: vollständig" in out
    datenstand = _datenstand(_published(first_run["warehouse"]))
    assert {row["status"] for row in datenstand.values()} == {"geliefert"}
    cells = _cells(_published(first_run["warehouse"]))
    assert cells and not any(c["flag"] == AWAITED_FLAG for c in cells)
    # AS05 of 2020 waited for the register's movements: now published as usual
    assert not any(_marked(cells, indicator_code="AS05", year=2020))
