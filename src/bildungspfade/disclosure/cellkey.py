"""The Cell Key Method's lookup: published count = true count + deviation(count, cell key).

One SQL pass (DuckDB) over all cells of a model: every numerator and denominator is looked up
in the perturbation table (seed ckm_ptable) by its count class and its cell key (the sum of
its persons' record keys modulo 256, carried by the engine beside the count). Rates and shares
come from the published counts, so a reader can recompute them. docs/disclosure.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bildungspfade import scratch
from bildungspfade.disclosure.settings import DisclosureSettings

if TYPE_CHECKING:
    import pandas as pd

# Flags are set from published values only: a flag that depended on a true count (e.g. "rate
# withheld" because the true base is positive while the published base is 0) would tell it.
PERTURB_SQL = """
with

last_class as (
    select max(count_class) as count_class from {ptable}
),

looked_up as (
    select
        cells.*,
        cells.numerator_true + coalesce(by_numerator.deviation, 0) as numerator_perturbed,
        cells.denominator_true + coalesce(by_denominator.deviation, 0) as denominator_perturbed
    from {cells} as cells
    cross join last_class
    left join {ptable} as by_numerator
        on
            by_numerator.count_class = least(cells.numerator_true, last_class.count_class)
            and cells.numerator_ckey between by_numerator.ckey_from and by_numerator.ckey_to
    left join {ptable} as by_denominator
        on
            by_denominator.count_class = least(cells.denominator_true, last_class.count_class)
            and cells.denominator_ckey between by_denominator.ckey_from and by_denominator.ckey_to
)

select
    * exclude (numerator, denominator, value, flag, numerator_perturbed, denominator_perturbed),
    numerator_perturbed as numerator,
    denominator_perturbed as denominator,
    -- a numerator never exceeds its base in truth; perturbed, it can by up to 2 D: capped
    case
        when denominator_perturbed >= greatest({min_rate_base}, 1)
            then round(
                100.0 * least(numerator_perturbed, denominator_perturbed) / denominator_perturbed,
                1
            )
    end as value,
    case
        when denominator_perturbed between 1 and {min_rate_base} - 1 then 'w' else ''
    end as flag
from looked_up
"""


ORDER_COLUMN = "_cell_order"


def perturb_sql(cells: str, ptable: str, min_rate_base: int) -> str:
    """The lookup as one SELECT over the relations named `cells` (true counts and cell keys
    beside placeholder columns numerator, denominator, value, flag) and `ptable`."""
    return PERTURB_SQL.format(cells=cells, ptable=ptable, min_rate_base=int(min_rate_base))


def perturb(cells: pd.DataFrame, ptable: pd.DataFrame, settings: DisclosureSettings):
    """The cells with numerator, denominator, value and flag published by the ptable, in the
    order of `cells` (the lookup is a join, which keeps no order; callers may rely on it)."""
    columns = list(cells.columns)
    con = scratch.connect()
    try:
        con.register("cells", cells.assign(**{ORDER_COLUMN: range(len(cells))}))
        con.register("ptable", ptable[["count_class", "ckey_from", "ckey_to", "deviation"]])
        out = con.execute(perturb_sql("cells", "ptable", settings.min_rate_base)).df()
    finally:
        con.close()
    out = out.sort_values(ORDER_COLUMN, kind="stable").reset_index(drop=True)[columns]
    for col in ("numerator", "denominator"):
        out[col] = out[col].astype("Int64")
    return out
