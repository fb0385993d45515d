"""The Cell Key Method's cells in one SQL pass (disclosure.cellkey_cells) against the engine's
path (protect() with build_unit): the same cells, counts, key sums, published values, flags
and audit rows, cell for cell."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from bildungspfade.disclosure import DisclosureSettings, protect
from bildungspfade.disclosure.cellkey_cells import cell_key_cells
from bildungspfade.disclosure.ptable import frame as ptable_frame
from bildungspfade.disclosure.record_keys import record_keys
from tests.disclosure.disclosure_cases import random_city

CELL_KEY = ["audit_unit", "table", "year", "area_level", "area_id", "subgroup", "subgroup_value"]


def _cases() -> pd.DataFrame:
    """Two audit units over two years: a unit of two tables (a distribution and a rate)
    sharing their persons, one of one table; persons without a small area or a subgroup
    value, and a category that only one year has."""
    frames = []
    for seed, year in ((11, 2019), (12, 2020)):
        one = random_city(seed, persons=500, table="A1", kind="verteilung")
        two = one.assign(table="A2", kind="quote", category=np.where(one.category == "a", "x", "y"))
        other = random_city(seed + 10, persons=300, table="B1", kind="quote").assign(unit="B")
        other["person"] = other.person + "-b"
        unit = pd.concat([one, two], ignore_index=True).assign(unit="A")
        frame = pd.concat([unit, other], ignore_index=True).assign(year=year)
        frame["person"] = frame.person + f"-{year}"
        rng = np.random.default_rng(seed)
        persons = frame.person.drop_duplicates()
        for column, share in (("sozialraum", 0.1), ("stadtbezirk", 0.03), ("geschlecht", 0.05)):
            blank = set(persons[rng.random(len(persons)) < share])
            frame.loc[frame.person.isin(blank), column] = None
        if year == 2020:
            frame.loc[frame.index[:7], "category"] = "e"
            frame.loc[frame.index[:7], "table"] = "A1"
        frames.append(frame)
    cases = pd.concat(frames, ignore_index=True)
    return cases.assign(record_key=record_keys(cases.person.tolist(), b"sql"))


def _sql(cases: pd.DataFrame, settings: DisclosureSettings):
    con = duckdb.connect()
    cells, audit = cell_key_cells(con, con.from_df(cases), con.from_df(ptable_frame()), settings)
    return cells.df(), audit.df()


def _compare(cases: pd.DataFrame, settings: DisclosureSettings) -> pd.DataFrame:
    expected, expected_audit = protect(cases, settings, ptable=ptable_frame())
    got, got_audit = _sql(cases, settings)
    assert list(got.columns) == list(expected.columns)
    key = [*CELL_KEY, "category"]
    assert not got.duplicated(key).any()
    assert len(got) == len(expected)
    joined = expected.merge(got, on=key, how="outer", suffixes=("", "_sql"), indicator=True)
    assert (joined._merge == "both").all(), joined[joined._merge != "both"].head()
    for column in expected.columns:
        if column in key:
            continue
        left, right = joined[column], joined[f"{column}_sql"]
        same = (left == right) | (left.isna() & right.isna())
        assert same.all(), (column, joined.loc[~same, [*key, column, f"{column}_sql"]].head())
    audit = expected_audit.merge(got_audit, on=["audit_unit", "year"], suffixes=("", "_sql"))
    assert len(audit) == len(expected_audit) == len(got_audit)
    for column in ("cells", "sensitive"):
        assert (audit[column] == audit[f"{column}_sql"]).all(), column
    return got


def test_sql_cells_equal_the_engine_cells():
    cases = _cases()
    got = _compare(cases, DisclosureSettings(method="cell_key"))
    # the cases cover what the SQL must get right: zeros, persons without an area (in the
    # city only), a category of one year, every level and subgroup
    assert (got.numerator_true == 0).any() and (got.denominator_true == 0).any()
    assert set(got.area_level) == {
        "stadt",
        "stadtbezirk",
        "statistischer_bezirk",
        "sozialraum",
        "grundschulbezirk",
    }
    assert "unbekannt" in set(got.subgroup_value)
    assert set(got[got.year == 2020].category) - set(got[got.year == 2019].category) == {"e"}
    city = got[(got.area_level == "stadt") & (got.subgroup == "alle")]
    districts = got[(got.area_level == "stadtbezirk") & (got.subgroup == "alle")]
    by_city = city.groupby(["table", "year", "category"]).numerator_true.sum()
    by_districts = districts.groupby(["table", "year", "category"]).numerator_true.sum()
    assert (by_city > by_districts).any()  # persons without a city district count in the city


@pytest.mark.parametrize(
    "levels",
    [
        {"subgroup_levels": ("stadt",)},
        {"subgroup_levels": ("stadt", "sozialraum")},
        {"subgroups": (), "subgroup_levels": ("stadt",)},
        {"area_levels": ("stadt", "stadtbezirk"), "subgroups": ("geschlecht",)},
    ],
)
def test_sql_cells_follow_the_settings(levels):
    _compare(_cases(), DisclosureSettings(method="cell_key", min_cell=4, **levels))


def test_sql_cells_equal_the_engine_on_pathway_links():
    """pub_pathways' cases: per cohort group (the audit unit) four link tables over the same
    persons, a link a pair of nodes, no area below the city and no subgroup; the cases come
    from a pandas frame, as the model builds them."""
    rng = np.random.default_rng(5)
    persons = 900
    nodes = [rng.choice(list(letters), persons) for letters in ("kt", "rvz", "hrg", "ab", "xyz")]
    group = np.where(rng.random(persons) < 0.6, "2010-2014", "2015-2019")
    frames = [
        pd.DataFrame(
            {
                "unit": group,
                "year": 0,
                "table": str(step),
                "kind": "verteilung",
                "person": [f"p{i}" for i in range(persons)],
                "category": np.char.add(np.char.add(nodes[step - 1], "\x1f"), nodes[step]),
                "counted": True,
            }
        )
        for step in range(1, 5)
    ]
    cases = pd.concat(frames, ignore_index=True)
    for level in ("stadtbezirk", "statistischer_bezirk", "sozialraum", "grundschulbezirk"):
        cases[level] = None
    cases = cases.assign(record_key=record_keys(cases.person.tolist(), b"paths"))
    got = _compare(
        cases, DisclosureSettings(method="cell_key", subgroups=(), subgroup_levels=("stadt",))
    )
    assert set(got.area_level) == {"stadt"} and set(got.audit_unit) == {"2010-2014", "2015-2019"}


def test_the_build_leaves_no_helper_views(core_warehouse):
    """cell_key_cells registers its inputs on the model's connection: no view of theirs stays
    in the warehouse file after the build."""
    con = duckdb.connect(str(core_warehouse.warehouse), read_only=True)
    views = con.execute(
        "select schema_name || '.' || view_name from duckdb_views() "
        "where not internal and view_name like '\\_ckm\\_%' escape '\\'"
    ).fetchall()
    con.close()
    assert views == []


def test_a_category_named_like_the_total_is_refused():
    cases = _cases()
    cases.loc[cases.index[:3], "category"] = "insgesamt"
    with pytest.raises(duckdb.Error, match="insgesamt"):
        _sql(cases, DisclosureSettings(method="cell_key"))


def test_built_cells_equal_the_engine_on_the_municipality(core_warehouse):
    """fct_indicator_cells of the core build (the SQL path) against protect() on the same
    cases and record keys: every row and the audit columns."""
    con = duckdb.connect(str(core_warehouse.warehouse), read_only=True)
    cases = con.sql(
        """select audit_unit as unit, year, indicator_code as "table", kind,
               cases.person_key as person, category, is_counted as counted,
               city_district as stadtbezirk, statistical_district as statistischer_bezirk,
               sozialraum, catchment_area as grundschulbezirk, geschlecht, familiensprache,
               migrationshintergrund, leistungsbezug, keys.ckm_record_key as record_key
           from marts.fct_indicator_cases as cases
           left join marts.dim_ckm_record_keys as keys using (person_key)
           where kind in ('verteilung', 'quote')"""
    ).df()
    ptable = con.sql("select * from reference.ckm_ptable").df()
    built = con.sql("select * from marts.fct_indicator_cells").df()
    con.close()
    expected, audit = protect(cases, DisclosureSettings(method="cell_key"), ptable=ptable)
    expected = expected.rename(columns={"table": "indicator_code"})
    key = ["audit_unit", "indicator_code", *CELL_KEY[2:], "category"]
    assert len(built) == len(expected)
    joined = expected.merge(built, on=key, how="inner", suffixes=("", "_built"))
    assert len(joined) == len(expected)
    for column in ("numerator_true", "denominator_true", "numerator", "denominator", "value"):
        left, right = joined[column], joined[f"{column}_built"]
        assert ((left == right) | (left.isna() & right.isna())).all(), column
    for column in ("flag", "numerator_ckey", "denominator_ckey"):
        assert (joined[column] == joined[f"{column}_built"]).all(), column
    units = built.drop_duplicates(["audit_unit", "year"]).merge(audit, on=["audit_unit", "year"])
    assert len(units) == len(audit)
    assert (units.unit_cells == units.cells).all()
    assert (units.unit_sensitive == units.sensitive).all()
