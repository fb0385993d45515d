"""Risk tests: the differencing attacks of risk.py on the published layer under each method
(the core municipality built once, republished by suppression and rounding). Target: no true
count of 1 or 2 determined exactly; under the Cell Key Method the attacker's best estimate
stays off the truth. The measured figures are printed (pytest -s) and written in
docs/disclosure.md from benchmarks/bench_disclosure.py on the default city."""

from __future__ import annotations

import duckdb
import pytest

from bildungspfade.disclosure.ptable import frame as ptable_frame
from tests.disclosure import risk

METHODS = ("cell_key", "suppression", "rounding")
INDICATORS = ("AS01", "AS02", "AS08")


@pytest.fixture(scope="module", params=METHODS)
def published(request, method_warehouse):
    con = duckdb.connect(str(method_warehouse(request.param)), read_only=True)
    yield request.param, con
    con.close()


def _preimage(method):
    return risk.preimage_for(method, ptable_frame())


def _years(con, indicator, n=2):
    """The first years with small true counts (those the attack is about)."""
    return [
        r[0]
        for r in con.execute(
            """select year from marts.fct_indicator_cells
               where indicator_code = ? and numerator_true between 1 and 2
               group by year order by count(*) desc, year limit ?""",
            [indicator, n],
        ).fetchall()
    ]


def test_no_small_count_determined_in_indicator_tables(published):
    """Overlapping areas (statistical districts, Sozialräume, catchments, city districts,
    city) and subgroups against `alle`, in one LP per table and year."""
    method, con = published
    attacked = []
    for indicator in INDICATORS:
        for year in _years(con, indicator):
            attacked += risk.indicator_attacks(con, indicator, year, _preimage(method))
    summary = risk.summarise(attacked)
    print(method, "indicators", summary)
    assert summary["small_counts"] > 20
    determined = [a for a in attacked if a.determined]
    assert not determined, [(a.where, a.key, a.true, a.low, a.high) for a in determined[:5]]
    if method == "cell_key":
        assert summary["mean_abs_error"] >= 0.5


def test_no_small_count_determined_along_pathways(published):
    """One Sankey step against the next: the persons entering a node leave it."""
    method, con = published
    attacked = risk.pathway_attacks(con, _preimage(method))
    summary = risk.summarise(attacked)
    print(method, "pathways", summary)
    assert summary["small_counts"] > 0
    determined = [a for a in attacked if a.determined]
    assert not determined, [(a.where, a.key, a.true, a.low, a.high) for a in determined[:5]]


def test_cell_key_same_persons_same_noise_across_tables(method_warehouse):
    """AS08 (leavers by certificate) and the leaver cohort table count the same leavers of
    a year: where a city cell of both holds the same persons (same count, same cell key),
    both publish the same number, so differencing the two tables returns 0, not a person."""
    con = duckdb.connect(str(method_warehouse("cell_key")), read_only=True)
    pairs = con.execute(
        """with indicator as (
               select year, category, numerator_true, numerator_ckey, numerator
               from marts.fct_indicator_cells
               where indicator_code = 'AS08' and area_level = 'stadt' and subgroup = 'alle'
           ),
           cohort as (
               select school_year as year, lower(outcome) as category, numerator,
                   numerator_key_sum % 256 as ckey
               from marts.rpt_transition_rates
               where transition = 'general_school_leaving' and method = 'cohort'
                 and age_group = 'all' and area_level = 'city' and subgroup = 'all'
           ),
           published as (
               select cohort as year, lower(to_category) as category, "count"
               from published.pub_transition_tables
               where stage_pair = 'schulabgang_abschluss' and method = 'kohorte'
                 and from_category = 'insgesamt' and area_level = 'stadt'
                 and subgroup = 'alle'
           )
           select indicator.numerator as indicator_published, published."count" as table_published
           from indicator
           join cohort using (year, category)
           join published using (year, category)
           where indicator.numerator_true = cohort.numerator
             and indicator.numerator_ckey = cohort.ckey"""
    ).df()
    con.close()
    assert len(pairs) >= 10
    assert (pairs.indicator_published == pairs.table_published).all()
