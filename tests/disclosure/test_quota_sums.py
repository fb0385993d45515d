"""Quota sums (Quotensummenverfahren) are published under disclosure control: the sum over age
years of age-specific rates, each from published counts (issue 17: all of them were empty)."""

from __future__ import annotations

import pandas as pd
import pytest

from bildungspfade.disclosure.ptable import frame as ptable_frame
from bildungspfade.disclosure.settings import DisclosureSettings
from tests.dbt.python_models import load


def _model():
    return load("published/pub_transition_tables.py")


def _rates(numerators, denominators, transition="general_school_leaving"):
    rows = []
    for age, (n, d) in enumerate(zip(numerators, denominators, strict=True), start=16):
        rows.append(
            {
                "school_year": 2018,
                "transition": transition,
                "method": "cross_sectional",
                "outcome": "ESA",
                "subgroup": "all",
                "area_level": "city",
                "area_id": "city",
                "age_group": str(age),
                "numerator": n,
                "denominator": d,
                "numerator_key_sum": 1000 + 7 * age,
                "denominator_key_sum": 5000 + 11 * age,
            }
        )
    # rows the quota sum must not read: the age total, another subgroup, a cohort rate
    rows.append({**rows[0], "age_group": "all"})
    rows.append({**rows[0], "subgroup": "sex"})
    rows.append({**rows[0], "method": "cohort"})
    return pd.DataFrame(rows)


def test_exact_quota_sum_under_suppression() -> None:
    quota = _model()._quota_sums(
        _rates([30, 50], [1000, 1000]), DisclosureSettings(method="suppression")
    )
    assert len(quota) == 1
    row = quota.iloc[0]
    assert row["method"] == "cross_sectional_quota_sum" and row["flag"] == ""
    assert row["rate"] == pytest.approx(8.0)  # 3 % + 5 %
    assert row["cohort"] == 2018 and row["area_level"] == "stadt" and row["area_id"] == "stadt"


def test_a_small_age_count_withholds_the_sum_under_suppression() -> None:
    quota = _model()._quota_sums(
        _rates([2, 50], [1000, 1000]), DisclosureSettings(method="suppression")
    )
    assert quota.iloc[0]["flag"] == "s" and pd.isna(quota.iloc[0]["rate"])


def test_cell_key_quota_sum_comes_from_perturbed_counts() -> None:
    model = _model()
    settings = DisclosureSettings(method="cell_key")
    quota = model._quota_sums(_rates([30, 50], [1000, 1000]), settings, ptable_frame())
    rate = quota.iloc[0]["rate"]
    assert quota.iloc[0]["flag"] == ""
    # each count moves by at most 2: the sum stays within its bounds, and the same input
    # gives the same published value
    assert 100 * (28 / 1002 + 48 / 1002) - 0.05 <= rate <= 100 * (32 / 998 + 52 / 998) + 0.05
    again = model._quota_sums(_rates([30, 50], [1000, 1000]), settings, ptable_frame())
    assert again.iloc[0]["rate"] == rate


def test_every_age_keeps_its_own_perturbed_counts() -> None:
    """The lookup is a join: without putting the rows back in order, an age's rate was taken
    from another age's counts (an incremental build differed from a full rebuild)."""
    from bildungspfade.disclosure.cellkey import perturb

    n = 400
    cells = pd.DataFrame(
        {
            "numerator_true": range(3, 3 + n),
            "denominator_true": [10_000] * n,
            "numerator": None,
            "denominator": None,
            "value": None,
            "flag": "",
            "numerator_ckey": [(7 * i) % 256 for i in range(n)],
            "denominator_ckey": [(11 * i) % 256 for i in range(n)],
        }
    )
    out = perturb(cells, ptable_frame(), DisclosureSettings(method="cell_key"))
    assert out.numerator_true.tolist() == cells.numerator_true.tolist()
    assert (out.numerator - out.numerator_true).abs().max() <= 2
