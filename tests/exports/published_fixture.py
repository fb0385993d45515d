"""A small hand-made published database with exactly the contract's tables and columns.

docs/architecture.md, "Publishing layer": schema `published` with pub_indicator_catalogue,
pub_indicators, pub_transition_tables and pub_pathways. The numbers are invented but obey the
flags: suppressed counts are null with `s` or `z`, withheld rates null with `w`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from bildungspfade.publish import CONTRACT, SCHEMA

# Types of the contract's columns (bildungspfade.publish.CONTRACT lists them, in order).
TYPES = {
    "year": "integer",
    "cohort": "integer",
    "step": "integer",
    "numerator": "bigint",
    "denominator": "bigint",
    "count": "bigint",
    "value": "double",
    "rate": "double",
    "reference_date": "date",
    "since_date": "date",
    "school_year": "integer",
    "observed_value": "double",
    "threshold": "double",
    "area_km2": "double",
    "is_complete": "boolean",
}
DDL = f"create schema {SCHEMA};\n" + "".join(
    f"create table {SCHEMA}.{table} ("
    + ", ".join(f"{column} {TYPES.get(column, 'varchar')}" for column in columns)
    + ");\n"
    for table, columns in CONTRACT.items()
)

CATALOGUE = [
    (
        "fruehe_bildung_kita_u3",
        "fruehe_bildung",
        "Betreuungsquote unter 3 Jahren",
        "Anteil der Kinder unter 3 Jahren in Kita oder Kindertagespflege am 1. März.",
        "Kinder unter 3 Jahren in Kindertagesbetreuung",
        "Kinder unter 3 Jahren der Wohnbevölkerung",
        "%",
        "Kita-Daten des Jugendamts; Einwohnermelderegister",
    ),
    (
        "schule_klasse4_klasse5_gymnasium",
        "allgemeinbildende_schulen",
        "Übergangsquote auf das Gymnasium",
        "Anteil der Kinder aus Klasse 4, die in Klasse 5 ein Gymnasium besuchen.",
        "Kinder in Klasse 5 am Gymnasium",
        "Kinder in Klasse 4 im Vorjahr, weiterhin wohnhaft",
        "%",
        "Schulstatistik (Individualdaten)",
    ),
]

YEARS = (2019, 2020, 2021, 2022)
DISTRICTS = (("01", "Altstadt"), ("02", "Nordviertel"), ("03", "Südhafen"), ("04", "Weststadt"))


def indicator_rows() -> list[tuple]:
    rows = []
    for i, year in enumerate(YEARS):
        # city level, total and by sex
        rows.append(
            (
                "fruehe_bildung_kita_u3",
                year,
                "stadt",
                "stadt",
                "Musterstadt",
                "alle",
                "alle",
                "insgesamt",
                2400 + 50 * i,
                7000,
                (2400 + 50 * i) / 70.0,
                "",
            )
        )
        for sex, share in (("maennlich", 0.51), ("weiblich", 0.49)):
            n = round((2400 + 50 * i) * share)
            rows.append(
                (
                    "fruehe_bildung_kita_u3",
                    year,
                    "stadt",
                    "stadt",
                    "Musterstadt",
                    "geschlecht",
                    sex,
                    "insgesamt",
                    n,
                    round(7000 * share),
                    n / (70.0 * share),
                    "",
                )
            )
        for j, (area_id, name) in enumerate(DISTRICTS):
            if area_id == "04" and year == 2022:
                rows.append(
                    (
                        "fruehe_bildung_kita_u3",
                        year,
                        "statistischer_bezirk",
                        area_id,
                        name,
                        "alle",
                        "alle",
                        "insgesamt",
                        None,
                        None,
                        None,
                        "s",
                    )
                )
                continue
            num = 300 + 40 * j + 10 * i
            den = 900 + 30 * j
            rows.append(
                (
                    "fruehe_bildung_kita_u3",
                    year,
                    "statistischer_bezirk",
                    area_id,
                    name,
                    "alle",
                    "alle",
                    "insgesamt",
                    num,
                    den,
                    100.0 * num / den,
                    "",
                )
            )
        gym = 1100 + 20 * i
        rows.append(
            (
                "schule_klasse4_klasse5_gymnasium",
                year,
                "stadt",
                "stadt",
                "Musterstadt",
                "alle",
                "alle",
                "insgesamt",
                gym,
                2600,
                100.0 * gym / 2600,
                "",
            )
        )
        rows.append(
            (
                "schule_klasse4_klasse5_gymnasium",
                year,
                "statistischer_bezirk",
                "03",
                "Südhafen",
                "alle",
                "alle",
                "insgesamt",
                5,
                10,
                None,
                "w",
            )
        )
    return rows


# grade-5 school forms of a cohort at city level: (to_category, count)
GRADE5 = {
    2019: [
        ("gymnasium", 1100),
        ("realschule", 600),
        ("gesamtschule", 700),
        ("hauptschule", 12),
        ("sekundarschule", 190),
        ("special_school", 8),
    ],
    2020: [
        ("gymnasium", 1120),
        ("realschule", 590),
        ("gesamtschule", 720),
        ("hauptschule", None),
        ("sekundarschule", None),
        ("special_school", 9),
    ],
    2021: [
        ("gymnasium", 1140),
        ("realschule", 580),
        ("gesamtschule", 730),
        ("hauptschule", 4),
        ("sekundarschule", 185),
        ("special_school", 7),
    ],
}


# The German codes pub_transition_tables publishes (seed xwalk_published_code) for the marts'
# codes the rows below are written in, and the names of the areas.
GERMAN_CODES = {
    "grade4_to_grade5": "klasse4_klasse5",
    "kita_to_school": "kita_einschulung",
    "cohort": "kohorte",
    "cross_sectional": "querschnitt",
    "special_school": "foerderschule",
    "regular": "fristgerecht",
}


def _published_transition(row: tuple) -> tuple:
    """A row in the marts' codes as published: German codes, the area's name after its key."""
    german = tuple(
        GERMAN_CODES.get(value, value) if isinstance(value, str) else value for value in row
    )
    area_name = "Musterstadt" if row[6] == "stadt" else f"Stadtbezirk {row[7]}"
    return german[:8] + (area_name,) + german[8:]


def transition_rows() -> list[tuple]:
    return [_published_transition(row) for row in _transition_rows()]


def _transition_rows() -> list[tuple]:
    rows = []
    for cohort, cells in GRADE5.items():
        denominator = 2600
        for to, count in cells:
            if count is None:
                flag = "s" if to == "hauptschule" else "z"
                rate = None
            else:
                flag = ""
                rate = 100.0 * count / denominator
            rows.append(
                (
                    cohort,
                    "grade4_to_grade5",
                    "insgesamt",
                    to,
                    "alle",
                    "alle",
                    "stadt",
                    "stadt",
                    "cohort",
                    count,
                    denominator,
                    rate,
                    flag,
                )
            )
            # the cross-sectional rate, rounded to five like IT.NRW, for the same cells
            rounded = None if count is None else 5 * round(count / 5)
            rows.append(
                (
                    cohort,
                    "grade4_to_grade5",
                    "insgesamt",
                    to,
                    "alle",
                    "alle",
                    "stadt",
                    "stadt",
                    "cross_sectional",
                    rounded,
                    2605,
                    None if count is None else 100.0 * count / 2610,
                    "r" if count is not None else flag,
                )
            )
        # the total row, as pub_transition_tables publishes it (insgesamt to insgesamt)
        rows.append(
            (cohort, "grade4_to_grade5", "insgesamt", "insgesamt", "alle", "alle", "stadt")
            + ("stadt", "cohort", denominator, denominator, 100.0, "")
        )
        rows.append(
            (
                cohort,
                "grade4_to_grade5",
                "insgesamt",
                "gymnasium",
                "alle",
                "alle",
                "stadtbezirk",
                "01",
                "cohort",
                120,
                300,
                40.0,
                "",
            )
        )
    rows.append(
        (
            2020,
            "kita_to_school",
            "kita",
            "regular",
            "alle",
            "alle",
            "stadt",
            "stadt",
            "cohort",
            2500,
            2700,
            100.0 * 2500 / 2700,
            "",
        )
    )
    return rows


PATHWAYS = [
    ("Kohorten 2010–2012", 1, "Kindertageseinrichtung", "fristgerecht eingeschult", 7200, ""),
    ("Kohorten 2010–2012", 1, "Kindertagespflege", "fristgerecht eingeschult", 400, ""),
    ("Kohorten 2010–2012", 1, "Kindertageseinrichtung", "zurückgestellt", 600, ""),
    ("Kohorten 2010–2012", 1, "Betreuung in der Familie", "fristgerecht eingeschult", 300, ""),
    ("Kohorten 2010–2012", 1, "Betreuung in der Familie", "zurückgestellt", None, "s"),
    ("Kohorten 2010–2012", 2, "fristgerecht eingeschult", "Gymnasium", 3200, ""),
    ("Kohorten 2010–2012", 2, "fristgerecht eingeschult", "Gesamtschule", 2300, ""),
    ("Kohorten 2010–2012", 2, "fristgerecht eingeschult", "Realschule", 2100, ""),
    ("Kohorten 2010–2012", 2, "zurückgestellt", "Gesamtschule", 350, ""),
    ("Kohorten 2010–2012", 2, "zurückgestellt", "Realschule", 250, ""),
    ("Kohorten 2010–2012", 3, "Gymnasium", "Allgemeine Hochschulreife", 2700, ""),
    ("Kohorten 2010–2012", 3, "Gymnasium", "Mittlerer Schulabschluss", 500, ""),
    ("Kohorten 2010–2012", 3, "Gesamtschule", "Mittlerer Schulabschluss", 1600, ""),
    ("Kohorten 2010–2012", 3, "Gesamtschule", "Erster Schulabschluss", 1050, ""),
    ("Kohorten 2010–2012", 3, "Realschule", "Mittlerer Schulabschluss", 2350, ""),
    ("Kohorten 2010–2012", 4, "Allgemeine Hochschulreife", "Studium (erschlossen)", 2000, ""),
    ("Kohorten 2010–2012", 4, "Allgemeine Hochschulreife", "iABE Sektor I", 700, ""),
    ("Kohorten 2010–2012", 4, "Mittlerer Schulabschluss", "iABE Sektor I", 2500, ""),
    ("Kohorten 2010–2012", 4, "Mittlerer Schulabschluss", "gymnasiale Oberstufe", 1950, ""),
    ("Kohorten 2010–2012", 4, "Erster Schulabschluss", "iABE Sektor II", 1000, ""),
    ("Kohorten 2013–2015", 1, "Kindertageseinrichtung", "fristgerecht eingeschult", 7600, ""),
    ("Kohorten 2013–2015", 2, "fristgerecht eingeschult", "Gymnasium", 3400, ""),
    ("Kohorten 2013–2015", 2, "fristgerecht eingeschult", "Gesamtschule", 4200, ""),
]


# One delivery in, one awaited: a job-centre file rejected for a missing required column.
DATENSTAND = [
    (
        "kita",
        date(2020, 3, 1),
        2019,
        "geliefert",
        date(2020, 3, 1),
        None,
        None,
        "kita/kita_2020-03-01.csv",
        None,
        "FB01, FB02, FB03",
    ),
    (
        "sgb2",
        date(2019, 12, 31),
        2019,
        "ausstehend",
        date(2020, 2, 3),
        "zurückgewiesen",
        "Pflichtspalte monate_leistungsbezug fehlt",
        None,
        "sgb2/sgb2_2019-12-31.csv",
        "RB01, RB04, RB05",
    ),
]

# published.pub_plausibility_warnings: shares and thresholds only (models/marts/quality)
PLAUSIBILITY = [
    (
        "quarantine_code",
        "Kategorie vollständig ausgesondert",
        "berufskolleg",
        None,
        date(2020, 10, 15),
        2020,
        "bildungsgang = C-FOS",
        100.0,
        5.0,
        "Alle Zeilen mit bildungsgang = C-FOS in berufskolleg, Stichtag 15.10.2020, "
        "ausgesondert (Regel range:jahrgang): die Kategorie fehlt in allen Auswertungen "
        "dieses Jahres.",
    ),
    (
        "share_jump",
        "Anteil springt",
        None,
        "AS02",
        None,
        2021,
        "gymnasium",
        12.5,
        10.0,
        "AS02 gymnasium: 40,0 % im Schuljahr 2020/21, 52,5 % im Schuljahr 2021/22 "
        "(+12,5 Prozentpunkte, Schwelle 10): echte Veränderung oder ein Fehler in Lieferung "
        "oder Regel?",
    ),
]


def build_published(path: Path) -> Path:
    con = duckdb.connect(str(path))
    try:
        con.execute(DDL)
        con.executemany(
            "insert into published.pub_indicator_catalogue values (?, ?, ?, ?, ?, ?, ?, ?)",
            CATALOGUE,
        )
        con.executemany(
            "insert into published.pub_indicators values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            indicator_rows(),
        )
        con.executemany(
            "insert into published.pub_transition_tables "
            "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            transition_rows(),
        )
        con.executemany("insert into published.pub_pathways values (?, ?, ?, ?, ?, ?)", PATHWAYS)
        con.executemany(
            "insert into published.pub_datenstand values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            DATENSTAND,
        )
        con.executemany(
            "insert into published.pub_plausibility_warnings values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            PLAUSIBILITY,
        )
    finally:
        con.close()
    return path
