"""The disclosure engine on hand-made cases with known answers, and attacks that must fail."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from bildungspfade.disclosure import DisclosureSettings, protect, round_to_base
from bildungspfade.disclosure.audit import _expressions, required_width
from bildungspfade.disclosure.engine import (
    CASE_COLUMNS,
    PRIMARY,
    PUBLISHED,
    SECONDARY,
    SUMMARY_COLUMNS,
    Attacker,
    Unit,
    attack,
    build_unit,
    primary_suppression,
    protect_unit,
    secondary_suppression,
)
from tests.disclosure.disclosure_attacker import LEVELS, intervals
from tests.disclosure.disclosure_cases import cases, random_city, three_years

SETTINGS = DisclosureSettings()


def test_it_nrw_rounding_table():
    # 0-2 -> 0, 3-7 -> 5, 8-12 -> 10, 13 -> 15: every count on its own
    got = round_to_base(np.arange(14), 5)
    assert got.tolist() == [0, 0, 0, 5, 5, 5, 5, 5, 10, 10, 10, 10, 10, 15]
    assert round_to_base(2, 5) == 0 and round_to_base(3, 5) == 5
    with pytest.raises(ValueError):
        round_to_base(-1)


def _row(cells, **key):
    sel = cells
    for k, v in key.items():
        sel = sel[sel[k] == v]
    assert len(sel) == 1, key
    return sel.iloc[0]


def test_distribution_values_and_flags():
    # 30 children in one district: 20 a, 8 b, 2 c -> c is primary, another cell follows
    frame = cases(
        [
            (20, "a", True, "B1", "S1", "R1", "G1"),
            (8, "b", True, "B1", "S1", "R1", "G1"),
            (2, "c", True, "B1", "S1", "R1", "G1"),
        ]
    )
    cells, audit = protect(frame, SETTINGS)
    city = cells[(cells.area_level == "stadt") & (cells.subgroup == "alle")]
    a = _row(city, category="a")
    assert (a.numerator_true, a.denominator_true) == (20, 30)
    c = _row(city, category="c")
    assert c.flag == "s" and pd.isna(c.numerator) and pd.isna(c.value)
    # the line a + b + c = 30 must not give c away: another cell is withheld
    line = city[city.category.isin(["a", "b", "insgesamt"])]
    assert (line.flag == "z").any()
    assert bool(audit.iloc[0].attack_defeated) and audit.iloc[0].min_interval_width >= 1


def test_quote_values_withheld_for_small_base_and_small_complement():
    frame = cases(
        [
            (9, "alter_1", True, "B1", "S1", "R1", "G1"),
            (0, "alter_1", False, "B1", "S1", "R1", "G1"),
            (6, "alter_2", True, "B1", "S1", "R1", "G1"),
            (14, "alter_2", False, "B1", "S1", "R1", "G1"),
            (30, "alter_3", True, "B1", "S1", "R1", "G1"),
            (1, "alter_3", False, "B1", "S1", "R1", "G1"),
        ],
        kind="quote",
    )
    cells, _ = protect(frame, SETTINGS)
    city = cells[(cells.area_level == "stadt") & (cells.subgroup == "alle")]
    # base 9 < min_rate_base 10: the rate is withheld
    one = _row(city, category="alter_1")
    assert one.value is None or pd.isna(one.value)
    two = _row(city, category="alter_2")
    assert two.numerator_true == 6 and two.denominator_true == 20
    # published rate = 6 / 20 from true counts, unless the row was withheld to protect others
    assert (two.flag == "" and two.value == pytest.approx(30.0)) or (
        two.flag == "z" and pd.isna(two.value)
    )
    # 30 of 31 in care: the one child not in care must not follow from n and d
    three = _row(city, category="alter_3")
    assert three.flag in ("z", "s") and (pd.isna(three.numerator) or pd.isna(three.denominator))


def test_primary_suppression_alone_is_attackable():
    """A table whose only protection is primary suppression gives the small cell away."""
    frame = cases(
        [
            (10, "a", True, "B1", "S1", "R1", "G1"),
            (1, "b", True, "B1", "S1", "R1", "G1"),
            (12, "a", True, "B1", "S2", "R1", "G1"),
            (7, "b", True, "B1", "S2", "R1", "G1"),
        ]
    )
    unit = build_unit(frame, SETTINGS)
    primary_suppression(unit, SETTINGS)
    result = attack(unit, SETTINGS, unit.sensitive)
    assert result.failing, "the LP must recover a cell protected by primary suppression only"
    lo, hi = next(iter(result.intervals.values()))
    assert lo == pytest.approx(hi)  # recovered exactly
    # with the line heuristic and the audit, no small cell can be narrowed
    cells, audit = protect(frame, SETTINGS)
    attacked = cells[cells.audit_lower.notna()]
    assert len(attacked) and ((attacked.audit_upper - attacked.audit_lower) >= 1 - 1e-6).all()
    assert audit.attack_defeated.all()


def _geography(frame):
    return frame[list(LEVELS)].drop_duplicates().reset_index(drop=True)


def _published(cells, table):
    return (
        cells[cells.indicator_code == table]
        if "indicator_code" in cells
        else cells[cells.table == table]
    )


@pytest.mark.parametrize("seed", range(3))
def test_independent_attacker_recovers_nothing(seed):
    """Overlapping levels (statistical districts vs catchments vs city): the independent
    attacker, reading only published rows and the geography, narrows no suppressed cell."""
    frame = random_city(seed, persons=250)
    cells, audit = protect(frame, SETTINGS)
    assert (cells.flag == "s").any()
    found = intervals(_published(cells, "T"), _geography(frame), "verteilung", SETTINGS.min_cell)
    truth = cells.set_index(["area_level", "area_id", "subgroup", "subgroup_value", "category"])
    for key, (lo, hi, _flag) in found.items():
        value = truth.loc[key[:5], "numerator_true" if key[-1] == "num" else "denominator_true"]
        assert lo <= value + 1e-6 <= hi + 2e-6
        if 1 <= value <= SETTINGS.min_cell - 1:
            assert hi - lo >= 1 - 1e-6, (key, lo, hi, value)


def test_heuristic_alone_can_fail_across_levels():
    """Line-by-line secondary suppression does not see the differences between overlapping
    levels; the LP audit does. Over a few random cities at least one heuristic-only table is
    attackable, and after the audit none is."""
    broken = 0
    for seed in range(6):
        frame = random_city(seed, persons=250)
        unit = build_unit(frame.drop_duplicates(["table", "person"]), SETTINGS)
        primary_suppression(unit, SETTINGS)
        secondary_suppression(unit)
        if attack(unit, SETTINGS, unit.sensitive).failing:
            broken += 1
    assert broken > 0


def test_rounding_method():
    frame = random_city(3, persons=300)
    settings = DisclosureSettings(method="rounding")
    cells, _ = protect(frame, settings)
    assert (cells.numerator % 5 == 0).all() and (cells.denominator % 5 == 0).all()
    assert (cells.numerator == round_to_base(cells.numerator_true.to_numpy(), 5)).all()
    assert set(cells.flag) <= {"r", "w"}
    shown = cells[cells.value.notna()]
    assert np.allclose(shown.value, (100 * shown.numerator_true / shown.denominator_true).round(1))
    # rates with a small numerator or a small base are withheld
    small = cells[(cells.numerator_true.between(1, 2)) | (cells.denominator_true < 10)]
    assert small.value.isna().all()


def test_primary_flags_only_on_small_counts():
    frame = random_city(5, persons=300)
    cells, _ = protect(frame, SETTINGS)
    published = cells[cells.numerator.notna()]
    assert not published.numerator.between(1, SETTINGS.min_cell - 1).any()
    unit = build_unit(frame, SETTINGS)
    primary_suppression(unit, SETTINGS)
    assert (unit.value[unit.status == PRIMARY] <= SETTINGS.min_cell - 1).all()


def test_fractional_lp_bounds_are_rounded_inward():
    """Three areas that overlap pairwise (x1+x2, x1+x3, x2+x3) make the LP vertices
    fractional. Truth x = (1, 0, 1); published: x1+x3 = 2; flagged s (1 .. 2): x1+x2 = 1 and
    x2+x3 = 1; withheld (z): x1 = 1. Over the reals x1 ranges over [0.5, 1.5], 1 wide, but
    the only integer in it is the true 1: the audit must round inward and call it recovered."""
    rows = sparse.csr_matrix(np.array([[1, 1, 0], [1, 0, 1], [0, 1, 1], [1, 0, 0]], float))
    unit = Unit(
        n_vars=3,
        truth=np.array([1.0, 0.0, 1.0]),
        link=sparse.csr_matrix((0, 3)),
        rows=rows,
        value=np.array([1, 2, 1, 1]),
        status=np.array([PRIMARY, PUBLISHED, PRIMARY, SECONDARY], dtype=np.int8),
        lines=[],
        cell_lines=[[] for _ in range(4)],
        keys=[("T", "x", str(i)) for i in range(4)],
    )
    attacker = Attacker(unit, SETTINGS)
    # the real LP bounds are fractional
    x1 = (np.array([0], dtype=np.int32), np.array([1.0]))
    assert attacker.solver.minimise(*x1)[0] == pytest.approx(0.5)
    assert -attacker.solver.minimise(x1[0], -x1[1])[0] == pytest.approx(1.5)
    result = attacker.attack([(3, -1)])
    assert result.failing == [(3, -1)]
    assert result.intervals[(3, -1)] == (1.0, 1.0)
    # withholding x1+x3 as well leaves x1 free in [0, 2]: protected
    unit.status[1] = SECONDARY
    attacker.refresh()
    result = attacker.attack([(3, -1)])
    assert not result.failing and result.intervals[(3, -1)][1] - result.intervals[(3, -1)][0] >= 1


def test_no_cases_give_empty_tables_with_every_column():
    """An empty history (a first delivery before any cohort reaches an indicator) builds."""
    columns = [
        *CASE_COLUMNS,
        *SETTINGS.subgroups,
        *(lvl for lvl in SETTINGS.area_levels if lvl != "stadt"),
    ]
    cells, audit = protect(pd.DataFrame(columns=columns), SETTINGS)
    assert cells.empty and audit.empty
    assert list(audit.columns) == ["audit_unit", "year", *SUMMARY_COLUMNS]
    # fct_indicator_cells joins the two on these keys
    assert cells.merge(audit, on=["audit_unit", "year"], how="left").empty


def _exact_width(unit, settings, target):
    """The full attacker's exact interval width of one target (two LP solves)."""
    attacker = Attacker(unit, settings)
    expr = _expressions(unit, [target])
    cols, coef = expr.indices, expr.data
    low = attacker.solver.minimise(cols, coef)[0]
    high = -attacker.solver.minimise(cols, -coef)[0]
    return np.floor(high + 1e-6) - np.ceil(low - 1e-6)


@pytest.mark.parametrize("seed", range(3))
def test_local_attack_passes_only_what_the_full_attack_passes(seed):
    """The local LP of a city district holds every other variable at its true value: an
    inner approximation of the attacker. A small count it passes must pass against the full
    LP (exact bounds)."""
    frame = random_city(seed, persons=250)
    unit = build_unit(frame.drop_duplicates(["table", "person"]), SETTINGS)
    primary_suppression(unit, SETTINGS)
    secondary_suppression(unit)
    regions = sorted(set(unit.region.tolist()))
    assert len([r for r in regions if r >= 0]) == 2  # two city districts: two local LPs
    checked = 0
    for region in regions:
        attacker = Attacker(unit, SETTINGS, local=unit.region == region)
        result = attacker.attack(list(unit.sensitive))
        for target in set(unit.sensitive) - set(result.failing):
            assert _exact_width(unit, SETTINGS, target) >= required_width(SETTINGS), target
            checked += 1
    assert checked > 0


@pytest.mark.parametrize("seed", range(4))
def test_full_lp_recovers_nothing_after_local_repairs(seed):
    """protect() repairs on local LPs only; the engine's full attacker (every table of the
    unit, all levels, the subgroup views) then narrows no small count, and every recorded
    interval lies within the full attacker's exact one."""
    frame = random_city(seed, persons=300)
    unit = build_unit(frame.drop_duplicates(["table", "person"]), SETTINGS)
    summary = protect_unit(unit, SETTINGS)
    assert summary["attack_defeated"]
    full = Attacker(unit, SETTINGS).attack(list(unit.sensitive))
    assert not full.failing
    for target in unit.sensitive:
        assert _exact_width(unit, SETTINGS, target) >= required_width(SETTINGS)


def test_parallel_units_give_the_same_tables(monkeypatch):
    """Audit units run in worker processes when there are many cases; the published cells
    and audit rows are the same as in one process (seconds aside)."""
    import pandas as pd

    from bildungspfade.disclosure import engine

    both = three_years()
    monkeypatch.setattr(engine, "PARALLEL_MIN_CASES", 0)
    serial = protect(both, DisclosureSettings(workers=1))
    parallel = protect(both, DisclosureSettings(workers=2))
    assert engine._workers(DisclosureSettings(workers=2), len(both), 3) == 2
    pd.testing.assert_frame_equal(serial[0], parallel[0])
    pd.testing.assert_frame_equal(
        serial[1].drop(columns="seconds"), parallel[1].drop(columns="seconds")
    )


def test_city_total_withheld_by_the_heuristic_is_published_where_the_audit_allows():
    """One city district holds 2 persons (primary); the line district total / city total
    makes the heuristic withhold the city total, which nothing needs: the persons without a
    district are no published cell. The engine publishes it again after the full attacker
    confirms, and the independent attacker still cannot narrow the 2."""
    frame = cases(
        [
            (2, "a", True, "B1", "S1", "R1", "G1"),
            (30, "a", True, None, None, None, None),
            (20, "b", True, None, None, None, None),
        ]
    )
    cells, audit = protect(frame, SETTINGS)
    city = cells[(cells.area_level == "stadt") & (cells.subgroup == "alle")]
    total = _row(city, category="insgesamt")
    assert total.numerator == 52 and total.flag == ""
    assert audit.city_totals_restored.iloc[0] == 1
    assert audit.attack_defeated.all()
    published = cells[cells.subgroup == "alle"].assign(
        numerator=lambda f: f.numerator.astype(object).where(f.numerator.notna(), None)
    )
    geography = frame[list(LEVELS)].drop_duplicates().astype(object)
    geography = geography.where(geography.notna(), None)
    found = intervals(published, geography, "verteilung", 3)
    b1 = found[("stadtbezirk", "B1", "alle", "alle", "a", "num")]
    assert b1[1] - b1[0] >= 1 - 1e-6
