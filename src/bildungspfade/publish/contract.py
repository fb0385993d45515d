"""What leaves the restricted warehouse, and which columns its readers rely on.

The one list of published columns: exports, the report and the tests derive theirs from
`CONTRACT`, and tests/exports/test_contract.py holds the dbt models of `published`
(models/published/*.yml) to it.
"""

from __future__ import annotations

SCHEMA = "published"

# The contract (docs/architecture.md, "Publishing layer"): every table of schema `published`
# that exports and the report read, with its columns in the order they are shown.
CONTRACT: dict[str, tuple[str, ...]] = {
    "pub_indicator_catalogue": (
        "indicator_code",
        "family",
        "name_de",
        "definition_de",
        "numerator_de",
        "denominator_de",
        "unit",
        "source",
    ),
    "pub_indicators": (
        "indicator_code",
        "year",
        "area_level",
        "area_id",
        "area_name",
        "subgroup",
        "subgroup_value",
        "category",
        "numerator",
        "denominator",
        "value",
        "flag",
    ),
    "pub_transition_tables": (
        "cohort",
        "stage_pair",
        "from_category",
        "to_category",
        "subgroup",
        "subgroup_value",
        "area_level",
        "area_id",
        "area_name",
        "method",
        "count",
        "denominator",
        "rate",
        "flag",
    ),
    "pub_pathways": ("cohort_group", "step", "source_label", "target_label", "count", "flag"),
    "pub_datenstand": (
        "dataset",
        "reference_date",
        "school_year",
        "status",
        "since_date",
        "gap_kind",
        "reason",
        "current_file",
        "rejected_file",
        "dependent_indicators",
    ),
    "pub_plausibility_warnings": (
        "check_name",
        "check_label",
        "dataset",
        "indicator_code",
        "reference_date",
        "year",
        "subject",
        "observed_value",
        "threshold",
        "message_de",
    ),
    "pub_area_geometries": (
        "area_level",
        "area_id",
        "area_name",
        "reference_date",
        "area_km2",
        "is_complete",
        "crs",
        "geometry",
    ),
}

# What analysts may open. The restricted warehouse holds pseudonyms (raw, staging,
# intermediate, audit.quarantine); the published copy holds only tables whose grain is a
# delivery or an aggregate. Anything listed here is still refused if it carries a person column.
PUBLISHED_TABLES: tuple[tuple[str, str], ...] = (
    ("audit", "deliveries"),
    ("audit", "expectation_results"),
)
# Schemas whose every table is meant for publication (dbt writes aggregates there).
PUBLISHED_SCHEMAS: tuple[str, ...] = (SCHEMA,)
# Columns that make a table person-level: a table holding one is never published. `pid` and
# `namen_clk` as delivered, `pseudonym` as staging renames `pid`, the warehouse's own keys,
# and the delivered row kept in audit.quarantine.
PERSON_COLUMNS = frozenset({"pid", "pseudonym", "namen_clk", "record", "person_key", "person_id"})
