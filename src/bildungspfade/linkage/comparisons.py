"""What splink compares between two pseudonyms, and which pairs it looks at at all.

Each comparison is a list of levels, most telling first; splink learns an m and a u
probability per level. The columns are those of `unit_table` in scoring (one row per
pseudonym or per agency part of it): lists of what the deliveries carried, compared with
DuckDB's list functions, so one pseudonym seen in many years is compared as a whole.
"""

from __future__ import annotations

from splink import block_on
from splink.comparison_library import CustomComparison

# A misspelt name changes a few of about 10 bigrams (each sets up to 20 of 1024 bits).
DICE_LEVELS = (0.9, 0.8, 0.6)
# Bloom-filter bands for blocking. A filter has about a fifth of its bits set; one misspelt
# letter swaps about two bigrams, some 80 bits. In 64-bit bands that is five changes per
# band and nine in ten misspellings changed every band; in 32-bit bands some survive for
# about 98 % of the pairs (measured), while two different names born the same month
# still almost never agree in 32 bits.
CLK_BAND_BITS = 32

# Each year more at the same block is more evidence: levels for at least 5, 3, 2 and 1 years.
RESIDENCE_YEARS = (5, 3, 2, 1)
# A fragment seen in one or two years can agree only that often: what counts for it is that
# the blocks agree in every year both pseudonyms were seen at a block.
RESIDENCE_AGREE_YEARS = (3, 1)
AGREES = (
    "len(list_intersect(year_blocks_l, year_blocks_r)) >= "
    "len(list_intersect(residence_years_l, residence_years_r))"
)

DICE_SQL = "2.0 * bit_count(clk_l & clk_r) / (bit_count(clk_l) + bit_count(clk_r))"


def _null(column: str) -> dict:
    return {"sql_condition": f"{column}_l is null or {column}_r is null", "is_null_level": True}


def _exact(column: str, label: str) -> CustomComparison:
    return CustomComparison(
        output_column_name=column,
        comparison_levels=[
            _null(column),
            {"sql_condition": f"{column}_l = {column}_r", "label_for_charts": label},
            {"sql_condition": "else", "label_for_charts": "different"},
        ],
    )


def _shares(left: str, right: str | None = None) -> str:
    right = right or left
    return f"list_has_any({left}_l, {right}_r)"


def _common(column: str) -> str:
    return f"len(list_intersect({column}_l, {column}_r))"


def comparisons(with_clk: bool) -> list[CustomComparison]:
    out = [
        _exact("birth_month", "same birth month"),
        _exact("sex", "same sex"),
        CustomComparison(
            output_column_name="residence",
            comparison_levels=[
                _null("blocks"),
                *[
                    {
                        "sql_condition": f"{_common('year_blocks')} >= {years} and {AGREES}",
                        "label_for_charts": f"same block in {years}+ years, every shared year",
                    }
                    for years in RESIDENCE_AGREE_YEARS
                ],
                *[
                    {
                        "sql_condition": f"{_common('year_blocks')} >= {years}",
                        "label_for_charts": f"same block in {years}+ years",
                    }
                    for years in RESIDENCE_YEARS
                ],
                {"sql_condition": _shares("blocks"), "label_for_charts": "same block, other year"},
                {
                    "sql_condition": _shares("residence_years"),
                    "label_for_charts": "other blocks in the same year",
                },
                {"sql_condition": "else", "label_for_charts": "other blocks, other years"},
            ],
        ),
        CustomComparison(
            output_column_name="schooling",
            comparison_levels=[
                _null("schools"),
                {
                    "sql_condition": f"{_shares('school_next_steps', 'school_steps')} or "
                    "list_has_any(school_next_steps_r, school_steps_l)",
                    "label_for_charts": "continues at the same school a year on",
                },
                {"sql_condition": _shares("schools"), "label_for_charts": "same school"},
                {"sql_condition": "else", "label_for_charts": "other schools"},
            ],
        ),
        CustomComparison(
            output_column_name="series",
            comparison_levels=[
                {
                    "sql_condition": "list_has_any(dataset_years_l, dataset_gaps_r) or "
                    "list_has_any(dataset_years_r, dataset_gaps_l)",
                    "label_for_charts": "fills a gap in the other's yearly series",
                },
                {"sql_condition": "else", "label_for_charts": "fills no gap"},
            ],
        ),
        CustomComparison(
            output_column_name="move_in",
            comparison_levels=[
                _null("move_in_dates"),
                {"sql_condition": _shares("move_in_dates"), "label_for_charts": "same move-in day"},
                {"sql_condition": "else", "label_for_charts": "other move-in days"},
            ],
        ),
        CustomComparison(
            output_column_name="kita",
            comparison_levels=[
                _null("kitas"),
                {"sql_condition": _shares("kitas"), "label_for_charts": "same Kita"},
                {"sql_condition": "else", "label_for_charts": "other Kitas"},
            ],
        ),
        _exact("nationality", "same nationality"),
        _exact("has_migration_background", "same migration background"),
        _exact("has_nongerman_family_language", "same family language"),
    ]
    if with_clk:
        levels: list[dict] = [_null("clk")]
        levels += [
            {"sql_condition": f"{DICE_SQL} >= {cut}", "label_for_charts": f"Dice >= {cut}"}
            for cut in DICE_LEVELS
        ]
        levels.append({"sql_condition": "else", "label_for_charts": f"Dice < {DICE_LEVELS[-1]}"})
        out.append(CustomComparison(output_column_name="namen_clk", comparison_levels=levels))
    return out


# The rule a candidate pair was found by is recorded with it (splink's match_key is its index).
BLOCKING_RULE_NAMES = (
    "birth month and a residence block",
    "birth month and a school",
    "birth month and a Kita",
    "birth month and a Bloom-filter band",
)


def blocking_rules(with_clk: bool) -> list:
    """Each rule joins on the birth month and one shared place (or Bloom-filter band), so a
    pseudonym meets only those born the same month who lived, learnt or were cared for where
    it did: the pairs grow with the records, not with their square."""
    rules = [
        block_on("birth_month", "blocks", arrays_to_explode=["blocks"]),
        block_on("birth_month", "schools", arrays_to_explode=["schools"]),
        block_on("birth_month", "kitas", arrays_to_explode=["kitas"]),
    ]
    if with_clk:
        rules.append(block_on("birth_month", "clk_bands", arrays_to_explode=["clk_bands"]))
    return rules
