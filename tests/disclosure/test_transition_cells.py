"""Transition cells under the Cell Key Method: delivered values that publish as one (every
migration origin is „mit“) are added up before the cell is perturbed, so the published cell
does not depend on which of them came first (an incremental build once differed from a full
rebuild in 331 transition rows)."""

from __future__ import annotations

import pandas as pd

from bildungspfade.disclosure.ptable import frame as ptable_frame
from bildungspfade.disclosure.settings import DisclosureSettings
from tests.dbt.python_models import load


def _model():
    return load("published/pub_transition_tables.py")


def _cohort(order):
    base = {
        "school_year": 2018,
        "transition": "kita_to_school",
        "method": "cohort",
        "outcome_dimension": "entry_kind",
        "subgroup": "migration_background",
        "area_level": "city",
        "area_id": "city",
    }
    # two origins, each with two outcomes; both publish as „mit“
    rows = [
        {
            **base,
            "subgroup_value": origin,
            "value_de": "mit",
            "outcome": outcome,
            "numerator": n,
            "denominator": d,
            "numerator_key_sum": k,
            "denominator_key_sum": dk,
        }
        for origin, outcome, n, d, k, dk in [
            ("one_parent", "early", 4, 20, 400, 2000),
            ("one_parent", "regular", 16, 20, 1600, 2000),
            ("both_parents", "early", 6, 30, 611, 3050),
            ("both_parents", "regular", 24, 30, 2439, 3050),
        ]
    ]
    return pd.DataFrame([rows[i] for i in order])


def test_values_published_as_one_are_added_before_perturbation() -> None:
    model = _model()
    settings = DisclosureSettings(method="cell_key")
    first = model._perturbed_cells(_cohort([0, 1, 2, 3]), ptable_frame(), settings)
    second = model._perturbed_cells(_cohort([2, 3, 0, 1]), ptable_frame(), settings)
    key = ["table", "year", "subgroup", "subgroup_value", "category"]
    first, second = (f.sort_values(key).reset_index(drop=True) for f in (first, second))
    pd.testing.assert_frame_equal(first, second)
    # one cell per outcome and one base, each from the sum of both origins
    assert sorted(first.category) == ["early", "insgesamt", "regular"]
    assert set(first.subgroup_value) == {"mit"}
    assert (first.numerator_true.sort_values().tolist()) == [10, 40, 50]
    assert set(first.denominator_true) == {50}
    assert abs(first.numerator - first.numerator_true).max() <= 2
