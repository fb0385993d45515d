"""The last step of the published Python models: awaited cells show `…`, and a period whose
delivery is awaited whole gets one row that says so."""

from __future__ import annotations

import pandas as pd

from bildungspfade.publish.awaited import AWAITED_FLAG, add_absent, mark_awaited

TOTAL = {"from_category": "insgesamt", "subgroup": "alle", "count": None}


def _awaited(*rows):
    return pd.DataFrame(
        rows, columns=["table_part", "period", "breakdown_column", "breakdown_value"]
    )


def _frame():
    return pd.DataFrame(
        {
            "stage_pair": ["grade4_to_grade5"] * 3 + ["kita_to_school"],
            "cohort": [2017, 2018, 2020, 2018],
            "from_category": ["insgesamt"] * 4,
            "subgroup": ["alle", "geschlecht", "alle", "alle"],
            "count": [10, 4, 12, 7],
            "flag": [""] * 4,
        }
    )


def test_awaited_cells_lose_their_numbers_and_carry_the_sign() -> None:
    awaited = _awaited(
        ("grade4_to_grade5", "2018", "alle", "alle"),
        ("kita_to_school", "2018", "subgroup", "geschlecht"),
    )
    out = mark_awaited(_frame(), awaited, part="stage_pair", period="cohort", numbers=["count"])
    assert list(out.flag) == ["", AWAITED_FLAG, "", ""]
    assert out["count"].isna().tolist() == [False, True, False, False]


def test_a_period_awaited_whole_gets_one_row_within_the_published_periods() -> None:
    awaited = _awaited(
        ("grade4_to_grade5", "2019", "alle", "alle"),  # no row at all: added
        ("grade4_to_grade5", "2018", "alle", "alle"),  # has rows: nothing added
        ("grade4_to_grade5", "2025", "alle", "alle"),  # after the last published cohort
        ("grade4_to_grade5", "2019", "subgroup", "leistungsbezug"),  # one breakdown only
        ("general_school_leaving", "2019", "alle", "alle"),  # a part with no rows at all
    )
    out = add_absent(_frame(), awaited, part="stage_pair", period="cohort", row=TOTAL)
    added = out.iloc[len(_frame()) :]
    assert added[["stage_pair", "cohort", "from_category", "subgroup", "flag"]].values.tolist() == [
        ["grade4_to_grade5", 2019, "insgesamt", "alle", AWAITED_FLAG]
    ]
    assert added["count"].isna().all()
    assert list(out.columns) == list(_frame().columns)
