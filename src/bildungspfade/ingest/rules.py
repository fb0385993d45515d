"""Row rules as SQL: one CASE expression per dataset that names the first rule a row breaks.

The rules run in DuckDB over the whole delivery at once (no Python per row): deliveries have up
to 100,000 rows and there are hundreds of them. Rules are checked column by column in spec
order, then the rules that compare columns or the reference date; the first broken rule wins,
so a row appears in quarantine once. Rule ids are stable; reasons are German and never show a
pseudonym (only the length of a malformed one).

Rule ids: not_null, pid_format, format (block, school number, nationality), code_list,
int_format, range, date_format, date_invalid (no such calendar day or month),
birth_after_reference, date_before_birth, date_out_of_period (more than a year outside the
period the delivery covers), period_order (gueltig_bis before gueltig_ab), geometry (no usable
block polygon in EPSG:25832; checked by the DuckDB function GEOMETRY_FUNCTION, which
load._apply_rules registers from geojson.geometry_problem).

Plausibility that is not impossibility (an old certificate label after the 2022 reform, a
volume drop, a school year that does not fit the reference date) is left to the expectation
suites, which warn rather than quarantine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from bildungspfade import spec
from bildungspfade.ingest.schema import quote

# How far outside the period a delivery covers an event date may lie before it is impossible
# rather than late: registers record late (Nachmeldungen), but not years late.
PERIOD_TOLERANCE_DAYS = 366


def _year_start(d: date) -> date:
    return date(d.year, 1, 1)


def _school_year_start(d: date) -> date:
    return date(d.year - 1, 8, 1)


# (dataset, column) -> period the column's dates fall in, from the reference date.
# None as start: open (a move-in date can lie any time before the reference date).
EVENT_PERIODS: dict[tuple[str, str], Callable[[date], tuple[date | None, date]]] = {
    ("bevoelkerung", "zuzug_datum"): lambda s: (None, s),
    ("bewegungen", "datum"): lambda s: (_year_start(s), s),  # the calendar year
    ("kita", "betreut_seit"): lambda s: (None, s),
    ("seu", "untersuchung_datum"): lambda s: (_school_year_start(s), s),  # exams Aug..Jul
    ("abgaenge", "abgang_datum"): lambda s: (_school_year_start(s), s),  # the school year
}

PATTERN_PROBLEMS = {
    spec.BAUBLOCK_PATTERN: "keine 7-stellige Baublocknummer",
    spec.SCHULNR_PATTERN: "keine 6-stellige Schulnummer",
    spec.ISO3_PATTERN: "kein Staatsangehörigkeitscode nach ISO 3166-1 alpha-3 (z. B. DEU)",
}

GEOMETRY_FUNCTION = "bp_geometry_problem"

ISO_DATE = "[0-9]{4}-[0-9]{2}-[0-9]{2}"
GERMAN_DATE = "[0-9]{2}\\.[0-9]{2}\\.[0-9]{4}"
MONTH = "[0-9]{4}-[0-9]{2}"


@dataclass(frozen=True)
class Rule:
    rule: str  # stable id, e.g. code_list
    column: str | None
    condition: str  # SQL, true when the row breaks the rule; null counts as not broken
    reason: str  # SQL expression for the human reason


def lit(value: object) -> str:
    """A SQL literal for a string, date or int built here (never for delivered data)."""
    if isinstance(value, date):
        return f"date '{value.isoformat()}'"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def shown(v: str) -> str:
    """SQL for a delivered value as it appears in a reason: quoted and cut short."""
    return f"'''' || left({v}, 40) || ''''"


def date_value(column: spec.Column, ds: spec.Dataset) -> str:
    """SQL for the DATE a (well-formed) date or month column holds; null if it is none."""
    v = quote(column.name)
    if column.kind == "month":
        return f"try_cast({v} || '-01' as date)"
    if ds.german_dates:
        # TT.MM.JJJJ -> JJJJ-MM-TT; the cast then rejects 31.02. like any other bad date
        return f"try_cast(substr({v}, 7, 4) || '-' || substr({v}, 4, 2) || '-' || substr({v}, 1, 2) as date)"  # noqa: E501
    return f"try_cast({v} as date)"


def typed_value(column: spec.Column, ds: spec.Dataset) -> str:
    """SQL for the value as it is stored in raw.<dataset> (see schema.KIND_TYPES)."""
    if column.kind in ("date", "month"):
        return date_value(column, ds)
    if column.kind == "int":
        return f"try_cast({quote(column.name)} as integer)"
    return quote(column.name)


def column_rules(column: spec.Column, ds: spec.Dataset) -> list[Rule]:
    v = quote(column.name)
    name = column.name
    rules: list[Rule] = []
    if not column.nullable:
        rules.append(Rule("not_null", name, f"{v} is null", lit(f"{name}: Pflichtfeld ist leer")))
    if column.kind == "pid":
        rules.append(
            Rule(
                "pid_format",
                name,
                f"not regexp_full_match({v}, '[0-9a-f]{{64}}')",
                f"'{name}: Pseudonym ist nicht 64 Zeichen Hex in Kleinbuchstaben (Länge ' "
                f"|| length({v}) || ')'",
            )
        )
    elif column.kind == "pattern":
        assert column.pattern is not None
        rules.append(
            Rule(
                "format",
                name,
                f"not regexp_full_match({v}, {lit(column.pattern.pattern)})",
                f"'{name}: ' || {shown(v)} || {lit(' ist ' + PATTERN_PROBLEMS[column.pattern])}",
            )
        )
    elif column.kind == "code":
        assert column.codes is not None
        codes = ", ".join(lit(c) for c in column.codes)
        listed = ", ".join(column.codes[:15]) + (", …" if len(column.codes) > 15 else "")
        rules.append(
            Rule(
                "code_list",
                name,
                f"{v} not in ({codes})",
                f"'{name}: ' || {shown(v)} || {lit(f' ist nicht in der Codeliste ({listed})')}",
            )
        )
    elif column.kind == "int":
        rules.append(
            Rule(
                "int_format",
                name,
                f"not regexp_full_match({v}, '-?[0-9]+')",
                f"'{name}: ' || {shown(v)} || ' ist keine ganze Zahl'",
            )
        )
        rules.append(
            Rule(
                "range",
                name,
                # try_cast: a number too large for bigint is out of range, not an error
                f"{v} is not null and not coalesce(try_cast({v} as bigint) "
                f"between {column.low} and {column.high}, false)",
                f"'{name}: ' || {shown(v)} || "
                f"{lit(f' liegt außerhalb des Wertebereichs {column.low} bis {column.high}')}",
            )
        )
    elif column.kind == "geometry":
        problem = f"{GEOMETRY_FUNCTION}({v})"
        rules.append(Rule("geometry", name, f"{problem} is not null", f"'{name}: ' || {problem}"))
    elif column.kind in ("date", "month"):
        if column.kind == "month":
            pattern, form = MONTH, "JJJJ-MM"
        elif ds.german_dates:
            pattern, form = GERMAN_DATE, "TT.MM.JJJJ"
        else:
            pattern, form = ISO_DATE, "JJJJ-MM-TT"
        rules.append(
            Rule(
                "date_format",
                name,
                f"not regexp_full_match({v}, {lit(pattern)})",
                f"'{name}: ' || {shown(v)} || {lit(' hat nicht das Format ' + form)}",
            )
        )
        rules.append(
            Rule(
                "date_invalid",
                name,
                # null in, null out: only a delivered value can be an invalid date
                f"{v} is not null and {date_value(column, ds)} is null",
                f"'{name}: ' || {shown(v)} || ' ist kein gültiges Kalenderdatum'",
            )
        )
    return rules


def cross_rules(ds: spec.Dataset, stichtag: date) -> list[Rule]:
    """Rules that compare a value with another column or with the reference date."""
    rules: list[Rule] = []
    names = ds.column_names
    dates = [c for c in ds.columns if c.kind == "date"]
    if "geburtsmonat" in names:
        birth = date_value(ds.column("geburtsmonat"), ds)
        rules.append(
            Rule(
                "birth_after_reference",
                "geburtsmonat",
                f"{birth} > {lit(stichtag)}",
                f"'geburtsmonat: ' || {shown(quote('geburtsmonat'))} || "
                f"{lit(' liegt nach dem Stichtag ' + stichtag.isoformat())}",
            )
        )
        for column in dates:
            rules.append(
                Rule(
                    "date_before_birth",
                    column.name,
                    f"{date_value(column, ds)} < {birth}",
                    f"'{column.name}: ' || {shown(quote(column.name))} || "
                    f"' liegt vor dem Geburtsmonat ' || {quote('geburtsmonat')}",
                )
            )
    for column in dates:
        period = EVENT_PERIODS.get((ds.name, column.name))
        if period is None:
            continue
        start, end = period(stichtag)
        tolerance = timedelta(days=PERIOD_TOLERANCE_DAYS)
        value = date_value(column, ds)
        outside = [f"{value} > {lit(end + tolerance)}"]
        if start is not None:
            outside.append(f"{value} < {lit(start - tolerance)}")
        covered = f"{start.isoformat()} bis {end.isoformat()}" if start else f"bis {end}"
        rules.append(
            Rule(
                "date_out_of_period",
                column.name,
                " or ".join(outside),
                f"'{column.name}: ' || {shown(quote(column.name))} || "
                f"{lit(f' liegt mehr als ein Jahr außerhalb des Lieferzeitraums ({covered})')}",
            )
        )
    if {"gueltig_ab", "gueltig_bis"} <= set(names):
        ab = date_value(ds.column("gueltig_ab"), ds)
        bis = date_value(ds.column("gueltig_bis"), ds)
        rules.append(
            Rule(
                "period_order",
                "gueltig_bis",
                f"{bis} < {ab}",
                f"'gueltig_bis: ' || {shown(quote('gueltig_bis'))} || "
                f"' liegt vor gueltig_ab ' || {shown(quote('gueltig_ab'))}",
            )
        )
    return rules


def rules_for(ds: spec.Dataset, stichtag: date) -> list[Rule]:
    """Every row rule of a dataset, in the order they are checked."""
    rules = [r for column in ds.columns for r in column_rules(column, ds)]
    return rules + cross_rules(ds, stichtag)


def first_broken_rule(rules: list[Rule]) -> str:
    """SQL: the 1-based number of the first rule a row breaks, 0 if it breaks none."""
    whens = " ".join(f"when {r.condition} then {i}" for i, r in enumerate(rules, 1))
    return f"case {whens} else 0 end"


def reason_of(rules: list[Rule], rule_no: str) -> str:
    # coalesce: a reason must never be null, even if a reason expression meets a null value
    whens = " ".join(
        f"when {i} then coalesce({r.reason}, {lit(f'{r.column}: {r.rule}')})"
        for i, r in enumerate(rules, 1)
    )
    return f"case {rule_no} {whens} end"
