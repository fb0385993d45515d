"""The human half of every expectation: what it checks and what to do when it fails.

Each expectation carries `meta` with a German and an English description and the three notes
edu_wh puts on its data tests (what is this / when does it matter / how to resolve), so that a
failed check in Dagster or in `audit.expectation_results` explains itself without this code.
"""

from __future__ import annotations

from bildungspfade.quality.tolerances import (
    MOSTLY_PID_FORMAT,
    MOSTLY_PID_NOT_NULL,
    MOSTLY_UNIQUE,
    MOSTLY_VALUES,
    pct,
    pct_off,
)
from bildungspfade.spec import Dataset

V = pct(MOSTLY_VALUES)

# Blocking checks stop the delivery from counting (the Dagster asset check fails); the others warn.
# Blocking is reserved for failures that make the whole delivery unusable: a header that does not
# fit, pseudonyms that cannot link, a volume that points to a truncated or wrong extract.
BLOCKING_CHECKS = frozenset({"schema", "row_count", "pid_format", "pid_not_null"})


def meta(check: str, dataset: Dataset, *, de: str, en: str, what: str, when: str, how: str) -> dict:
    return {
        "check": check,
        "blocking": check in BLOCKING_CHECKS,
        "dataset": dataset.name,
        "description_de": de,
        "description_en": en,
        "what": what,
        "when_it_matters": when,
        "how_to_resolve": how,
    }


def _redeliver(dataset: Dataset) -> str:
    return (
        f"Ask the delivering office ({dataset.stelle}) for a corrected re-delivery "
        f"({dataset.name}_<stichtag>_L<n>), which supersedes this one as a whole."
    )


def schema(dataset: Dataset, required: list[str]) -> dict:
    return meta(
        "schema",
        dataset,
        de=f"Alle {len(required)} Pflichtspalten der Lieferspezifikation sind vorhanden.",
        en=f"All {len(required)} required columns of the delivery specification are present.",
        what="Compares the delivered header with the required columns in spec.py. Extra columns "
        "are tolerated here: ingestion reports them and does not load them.",
        when="A missing required column makes the file unusable; ingestion rejects it as a "
        "whole. Blocking.",
        how=_redeliver(dataset) + " If the specification itself changed, change spec.py and "
        "regenerate the suites (python -m bildungspfade.generate.suites).",
    )


def row_count(dataset: Dataset) -> dict:
    return meta(
        "row_count",
        dataset,
        de="Die Zeilenzahl liegt zwischen 70 % und 130 % der vorigen Lieferung.",
        en="The row count lies between 70 % and 130 % of the previous delivery.",
        what="Bounds are computed at run time from the previous current delivery of the same "
        "dataset (suite parameters min_rows / max_rows): floor(0.7 x previous) to "
        "ceil(1.3 x previous). The first delivery only has to be non-empty.",
        when="A drop or jump of this size is far beyond demographic change in one year: it "
        "points to a truncated transfer, a partial extract (one school type, one district) "
        "or a wrong file. Blocking.",
        how="Compare with the delivery note and the previous year; ask the office whether the "
        "extract is complete. If the change is real (a boundary reform, a new school type), "
        "record that in the delivery log and accept the delivery deliberately.",
    )


def pid_format(dataset: Dataset) -> dict:
    return meta(
        "pid_format",
        dataset,
        de=f"Mindestens {pct(MOSTLY_PID_FORMAT)} der gelieferten Pseudonyme haben das Format "
        "64 Hex-Zeichen.",
        en=f"At least {pct(MOSTLY_PID_FORMAT)} of the delivered pseudonyms are 64 lowercase "
        "hex characters.",
        what="Regex on pid (empty pids are counted by the not-null check, not here).",
        when="Malformed pseudonyms cannot be linked to any other dataset. A few are normal "
        "(row rules quarantine them); many mean the trust office's procedure or the export "
        "changed (upper case, truncation, another hash). Blocking.",
        how="Ask the trust office (Vertrauensstelle) and the delivering office how the "
        "pseudonyms were produced for this delivery; re-deliver with the agreed procedure.",
    )


def pid_not_null(dataset: Dataset) -> dict:
    return meta(
        "pid_not_null",
        dataset,
        de=f"Höchstens {pct_off(MOSTLY_PID_NOT_NULL)} der Datensätze kommen ohne Pseudonym.",
        en=f"At most {pct_off(MOSTLY_PID_NOT_NULL)} of the records come without a pseudonym.",
        what="Share of empty pid values.",
        when="An empty pid is allowed where the agency had no identifying data, but a larger "
        "share breaks the longitudinal linkage for this dataset and year. Blocking, because "
        "it is as harmful to linkage as malformed pseudonyms.",
        how="Ask the delivering office why identifying data were missing (a new system, a "
        "failed transfer to the trust office) and for a re-delivery.",
    )


def not_null(dataset: Dataset, column: str) -> dict:
    return meta(
        "not_null",
        dataset,
        de=f"Die Pflichtangabe {column} ist in mindestens {V} der Zeilen gefüllt.",
        en=f"The required field {column} is filled in at least {V} of the rows.",
        what=f"Share of empty values in {column}, which the specification does not allow empty.",
        when="Single empty values are quarantined by the row rules; a larger share means the "
        "field was not exported and every indicator using it is biased. Warning.",
        how=_redeliver(dataset),
    )


def code_list(dataset: Dataset, column: str, codes: tuple[str, ...]) -> dict:
    return meta(
        "code_list",
        dataset,
        de=f"Mindestens {V} der Werte in {column} stammen aus der Schlüsselliste "
        f"({len(codes)} Schlüssel).",
        en=f"At least {V} of the values in {column} come from the code list ({len(codes)} codes).",
        what=f"Value set check on {column} against the code list in spec.py; empty values are "
        "not counted here.",
        when="Single unknown codes are quarantined by the row rules; a larger share usually "
        "means a new code or a changed key (like HA9 -> ESA in 2022) that the warehouse does "
        "not know yet, and the rows would be lost from every breakdown. Warning.",
        how="Find out from the office whether the code is new or an export error; a new code "
        "goes into spec.py (and the crosswalk seeds), then regenerate the suites.",
    )


def int_range(dataset: Dataset, column: str, low: int, high: int) -> dict:
    return meta(
        "int_range",
        dataset,
        de=f"Mindestens {V} der Werte in {column} liegen zwischen {low} und {high}.",
        en=f"At least {V} of the values in {column} lie between {low} and {high}.",
        what=f"Range check on {column}, converted to numbers (values that are not numbers count "
        "as empty here and are caught by the not-null check where the field is required).",
        when="Out-of-range values (a grade 14, 13 months of benefit) are impossible; many of "
        "them point to a shifted column or a changed unit. Warning.",
        how=_redeliver(dataset),
    )


def pattern(dataset: Dataset, column: str, regex: str) -> dict:
    return meta(
        "pattern",
        dataset,
        de=f"Mindestens {V} der Werte in {column} haben das vereinbarte Format.",
        en=f"At least {V} of the values in {column} have the agreed format.",
        what=f"Regex {regex} on {column}; empty values are not counted here.",
        when="A wrong format (block numbers without leading zeros, 5-digit school numbers) "
        "breaks the joins to the area and school directories. Warning.",
        how=_redeliver(dataset) + " Leading zeros lost in a spreadsheet are the usual cause.",
    )


def date_format(dataset: Dataset, column: str, style: str) -> dict:
    return meta(
        "date_format",
        dataset,
        de=f"Mindestens {V} der Datumsangaben in {column} haben das Format {style}.",
        en=f"At least {V} of the dates in {column} are written as {style}.",
        what=f"Regex on {column} for the date style this office writes ({style}); empty "
        "values are not counted here.",
        when="A switched date style (a new export, a spreadsheet in between) makes every date "
        "of the delivery unparseable. Warning; ingestion quarantines the rows it cannot parse.",
        how=_redeliver(dataset),
    )


def month_format(dataset: Dataset, column: str) -> dict:
    return meta(
        "month_format",
        dataset,
        de=f"Mindestens {V} der Monatsangaben in {column} haben das Format JJJJ-MM.",
        en=f"At least {V} of the months in {column} are written as YYYY-MM.",
        what=f"Regex on {column}; empty values are counted by the not-null check.",
        when="The birth month is part of every person's record key and of every age "
        "computation. Warning.",
        how=_redeliver(dataset),
    )


def clk_format(dataset: Dataset, column: str) -> dict:
    return meta(
        "clk_format",
        dataset,
        de=f"Mindestens {V} der Bloom-Filter in {column} sind 1024 Bit, base64-kodiert.",
        en=f"At least {V} of the Bloom filters in {column} are 1024 bits, base64-encoded.",
        what=f"Regex on {column} (172 base64 characters, one '=' of padding). The column is "
        "optional; a file without it passes.",
        when="Only probabilistic linkage of records whose pid disagrees uses it; malformed "
        "filters silently lower the linkage rate. Warning.",
        how="Ask the trust office whether the filter length or encoding changed.",
    )


def duplicates(dataset: Dataset, key: tuple[str, ...]) -> dict:
    joined = " + ".join(key)
    return meta(
        "duplicates",
        dataset,
        de=f"Mindestens {pct(MOSTLY_UNIQUE)} der Datensätze sind eindeutig im Schlüssel {joined}.",
        en=f"At least {pct(MOSTLY_UNIQUE)} of the records are unique in the key {joined}.",
        what=f"Compound uniqueness of {joined}; rows with an empty key part are ignored. "
        "unexpected_count counts every row of a duplicate group (a pair counts 2), so the "
        "tolerance allows about 1 % of doubled records.",
        when="A few duplicates occur (exact double records) and are removed with a reason in "
        "staging; many mean the extract was doubled or joined wrongly, which inflates every "
        "count. Warning.",
        how="Check whether the delivery holds two extracts appended; otherwise "
        + _redeliver(dataset)[0].lower()
        + _redeliver(dataset)[1:],
    )
