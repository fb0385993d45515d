"""Published figures (../shared/calibration.md) beside what the generator produced.

Each target names its source, the published value, how the generated value is computed from
the ground truth, and a tolerance: sampling error of a city of 300,000 for official figures
(S), wider for derived (M) or old and inferred (U) ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    published: float  # percent, or as stated by unit
    tolerance: float
    source: str
    sql: str  # one value from the truth views `persons`, `person_years`, `agg_*`
    unit: str = "%"
    # why a city cannot reproduce a national figure; such a target is shown, not required
    structural: str | None = None


def _share(agg: str, where: str, year_col: str = "school_year") -> str:
    return (
        f"select 100 * sum(case when {where} then share end) from agg_{agg} where "
        f"{year_col} = (select max({year_col}) from agg_{agg} where {year_col} <= "
        "{{year}})"
    )


def _g5(year: int, form: str, group: str | None = None) -> str:
    agg = "grade5_transition" if group is None else "grade5_transition_by_nationality"
    extra = "" if group is None else f" and group_ = '{group}'"
    return (
        f"select 100 * share from agg_{agg} where school_form = '{form}'{extra} and "
        f"school_year = least({year}, (select max(school_year) from agg_{agg}))"
    )


_KITA = (
    "select 100 * sum(children * share) / sum(children) from agg_kita_participation "
    "where age {ages} and year = least(2023, (select max(year) from "
    "agg_kita_participation))"
)
_LEAVERS = (
    "select 100 * sum(share) from agg_leavers_certificates where certificate in "
    "({certs}) and school_year = least(2023, (select max(school_year) from "
    "agg_leavers_certificates))"
)
_IABE = (
    "select 100 * share from agg_iabe_sectors where sector = '{s}' and school_year = "
    "least(2023, (select max(school_year) from agg_iabe_sectors))"
)
_ENTRY = "select 100 * avg({col}) from agg_school_entry where school_year between {lo} and {hi}"

TARGETS = (
    Target(
        "kita_u1",
        "Kita-Beteiligung unter 1 Jahr (1.3.)",
        1.6,
        1.0,
        "BMFSFJ Kita-Monitoring 2023 (S)",
        _KITA.format(ages="= 0"),
    ),
    Target(
        "kita_1", "Kita-Beteiligung 1 Jahr", 38.4, 4.0, "BMFSFJ 2023 (S)", _KITA.format(ages="= 1")
    ),
    Target(
        "kita_2", "Kita-Beteiligung 2 Jahre", 66.4, 4.0, "BMFSFJ 2023 (S)", _KITA.format(ages="= 2")
    ),
    Target(
        "kita_3_6",
        "Kita-Beteiligung 3 Jahre bis Schuleintritt",
        91.3,
        3.0,
        "BMFSFJ 2023 (S)",
        _KITA.format(ages="between 3 and 5"),
    ),
    Target(
        "tagespflege_u3",
        "Anteil Kindertagespflege an U3-Betreuung",
        33.1,
        6.0,
        "IT.NRW 2019 (S)",
        "select 100 * avg((state = 'tagespflege')::int) from person_years where residence "
        "= 'resident' and state in ('kita', 'tagespflege') and age_dec31 < 3 and "
        "school_year between 2015 and 2020",
    ),
    Target(
        "nongerman_3_6",
        "Familiensprache nicht Deutsch, 3 bis unter 6 in Betreuung",
        28.5,
        6.0,
        "IT.NRW 2019 (S; Großstädte 11.5–43.6)",
        "select 100 * avg(nongerman_language::int) from person_years y join persons p "
        "using (person_id) where y.residence = 'resident' and y.state = 'kita' and "
        "y.age_dec31 between 3 and 5 and y.school_year = 2019",
    ),
    Target(
        "deferral",
        "Zurückstellungen (Anteil Einschulungsjahrgang)",
        3.5,
        1.0,
        "NRW Schulministerium 2023 (S)",
        _ENTRY.format(col="deferred_share", lo=2019, hi=2024),
    ),
    Target(
        "early_2009",
        "Vorzeitige Einschulungen 2009",
        6.2,
        1.5,
        "IT.NRW 2009 (S)",
        _ENTRY.format(col="early_share", lo=2009, hi=2009),
    ),
    Target(
        "special_entry",
        "Einschulung in eine Förderschule",
        3.2,
        1.0,
        "Destatis 2020 (S)",
        _ENTRY.format(col="special_school_share", lo=2015, hi=2024),
    ),
    Target(
        "deferral_ratio",
        "Zurückstellung Jungen : Mädchen",
        1.59,
        0.5,
        "StaLa BW 2018 (S)",
        "select avg((entry_kind = 53)::int) filter (where sex = 0) / avg((entry_kind = 53)"
        "::int) filter (where sex = 1) from persons where resident_at_entry and entry_year "
        "between 2010 and 2024",
        unit="×",
    ),
    Target(
        "language",
        "SEU: Sprachstand nicht altersgemäß",
        32.2,
        5.0,
        "NRW Schulministerium 2023 (S)",
        "select 100 * avg((language > 1)::int) from persons "
        "where resident_at_entry and entry_year between 2019 and 2024",
    ),
    *(
        Target(
            f"g5_{y}_{f}",
            f"Übergang Klasse 5 {y}/{(y + 1) % 100:02d}: {name}",
            v,
            tol,
            "IT.NRW (S)",
            _g5(y, f),
        )
        for y, rows in (
            (
                2016,
                (
                    (("20", "Gymnasium"), 40.5),
                    (("15", "Gesamtschule"), 27.5),
                    (("10", "Realschule"), 20.6),
                    (("04", "Hauptschule"), 3.9),
                    (("14", "Sekundarschule"), 6.5),
                ),
            ),
            (
                2024,
                (
                    (("20", "Gymnasium"), 42.5),
                    (("15", "Gesamtschule"), 29.3),
                    (("10", "Realschule"), 19.6),
                    (("04", "Hauptschule"), 2.9),
                    (("14", "Sekundarschule"), 5.7),
                ),
            ),
        )
        for (f, name), v in rows
        for tol in (3.0 if v > 10 else 2.0,)
    ),
    Target(
        "g5_2024_gy_de",
        "Übergang Gymnasium 2024/25, deutsche Kinder",
        46.4,
        4.0,
        "IT.NRW (S)",
        _g5(2024, "20", "deutsch"),
    ),
    Target(
        "g5_2024_gy_foreign",
        "Übergang Gymnasium 2024/25, ausländische Kinder",
        22.7,
        8.0,
        "IT.NRW (S)",
        _g5(2024, "20", "auslaendisch"),
    ),
    Target(
        "repetition",
        "Klassenwiederholungen je Schuljahr",
        2.3,
        0.6,
        "Destatis 2022/23 (S)",
        "select 100 * avg(repeated::int) from pupil_years where school_year between 2018 "
        "and 2024 and grade between 2 and 10",
    ),
    Target(
        "sen_quota",
        "Sonderpädagogischer Förderbedarf (Anteil Schüler)",
        7.7,
        2.0,
        "IT.NRW 2023/24 (S)",
        "select 100 * avg((sen <> '')::int) from pupil_years where "
        "school_year = 2023 and grade between 1 and 10",
    ),
    Target(
        "inclusion",
        "Anteil Förderbedarf an allgemeinen Schulen",
        44.8,
        8.0,
        "IT.NRW 2023/24 (S)",
        "select 100 * avg((school_form <> '08')::int) from pupil_years "
        "where school_year = 2023 and sen <> ''",
    ),
    Target(
        "type_change",
        "Schulformwechsel Sek I je Schuljahr",
        1.8,
        0.7,
        "Bertelsmann 2010/11 (S, alt)",
        "select 100 * avg(changed::int) from pupil_years "
        "where grade between 6 and 10 and school_form in ('04','10','14','15','20') and "
        "school_year between 2010 and 2024",
    ),
    Target(
        "type_change_ratio",
        "Abwärts- je Aufwärtswechsel",
        5.6,
        2.5,
        "Bertelsmann (S, alt)",
        "select count(*) filter (where changed and down) / greatest(1, count(*) filter "
        "(where changed and not down)) from pupil_years where grade between 6 and 10",
        unit="×",
    ),
    *(
        Target(
            f"leavers_{k}",
            f"Abgänge 2023/24: {label}",
            v,
            tol,
            "statistik.nrw 21111 (S)",
            _LEAVERS.format(certs=certs),
        )
        for k, label, v, tol, certs in (
            ("ohne", "ohne Abschluss", 6.4, 2.5, "'ohne'"),
            ("esa", "ESA", 5.7, 2.5, "'ESA'"),
            ("eesa", "erweiterter ESA", 9.9, 3.0, "'EESA'"),
            ("msa", "MSA", 35.4, 5.0, "'MSA'"),
            ("fhr", "Fachhochschulreife (schulischer Teil)", 4.2, 2.5, "'FHR'"),
            ("abitur", "Abitur", 38.4, 5.0, "'ABITUR'"),
        )
    ),
    *(
        Target(
            f"iabe_{s}",
            f"iABE Anfänger 2023: Sektor {s}",
            v,
            9.0,
            "Destatis/BIBB iABE 2024 (M)",
            _IABE.format(s=s),
            structural=why,
        )
        for s, v, why in (
            ("I", 37.6, None),
            ("II", 13.5, None),
            (
                "III",
                22.7,
                "national entrants to sectors I and IV include adults, second-chance "
                "learners and international students; a city's resident cohorts "
                "enter the Oberstufe at the national rate, so sector III weighs more",
            ),
            (
                "IV",
                26.3,
                "university entrants are counted where they study; the municipality "
                "sees only its own residents, about a quarter of a cohort",
            ),
        )
    ),
    Target(
        "births",
        "Geburten je 1.000 Einwohner",
        9.5,
        1.0,
        "Destatis 2023 (M; NRW-Städte 9–10)",
        "select 1000 * count(*) / 300000.0 / (select factor from meta) from persons where "
        "kind = 'birth' and birth_cohort = '2023'",
        unit="‰",
    ),
    Target(
        "out_0_5",
        "Fortzüge 0–5 Jahre je Jahr",
        6.0,
        1.5,
        "abgeleitet (U)",
        "select 100 * avg(moved::int) from residence_years where age_dec31 between 0 and 5",
    ),
)


def _prepare(con: duckdb.DuckDBPyConnection, truth: Path, factor: float) -> None:
    con.execute(f"create view persons as select * from read_parquet('{truth}/persons/*.parquet')")
    con.execute(
        f"create view person_years as select * from read_parquet('{truth}/person_years/*.parquet')"
    )
    for csv in sorted((truth / "aggregates").glob("*.csv")):
        con.execute(
            f"create view agg_{csv.stem} as select * from read_csv('{csv}', delim=';', header=true)"
        )
    con.execute(f"create table meta as select {factor}::double as factor")
    con.execute("""
        create view pupil_years as
        select y.*, prev.grade as prev_grade, prev.school_form as prev_form,
               y.grade = prev.grade as repeated,
               prev.school_form is not null and prev.school_form <> y.school_form
                 and prev.school_form <> '02' and y.grade > 5 as changed,
               case y.school_form when '20' then 5 when '15' then 3 when '10' then 4
                 when '14' then 3 when '04' then 2 else 1 end
               < case prev.school_form when '20' then 5 when '15' then 3 when '10' then 4
                 when '14' then 3 when '04' then 2 else 1 end as down
        from person_years y
        join person_years prev
          on prev.person_id = y.person_id and prev.school_year = y.school_year - 1
        where y.school_form <> '' and prev.school_form <> ''
    """)
    con.execute("""
        create view residence_years as
        select y.*, nxt.residence = 'moved_away' as moved
        from person_years y join person_years nxt
          on nxt.person_id = y.person_id and nxt.school_year = y.school_year + 1
        where y.residence = 'resident'
    """)


def evaluate(truth: Path) -> list[dict]:
    import json

    manifest = json.loads((truth / "manifest.json").read_text(encoding="utf-8"))
    from .config import PRESETS

    cfg = manifest["config"]
    factor = PRESETS[cfg["preset"]] * cfg["scale"]
    con = duckdb.connect()
    _prepare(con, truth, factor)
    out = []
    for t in TARGETS:
        sql = t.sql.replace("{{year}}", "2023")
        value = con.execute(sql).fetchone()[0]
        value = None if value is None else float(value)
        ok = value is not None and abs(value - t.published) <= t.tolerance
        out.append(
            {
                "key": t.key,
                "label": t.label,
                "published": t.published,
                "generated": value,
                "tolerance": t.tolerance,
                "unit": t.unit,
                "source": t.source,
                "ok": ok,
                "structural": t.structural,
            }
        )
    con.close()
    return out


def print_report(truth: Path) -> int:
    rows = evaluate(truth)
    width = max(len(r["label"]) for r in rows)
    print(f"{'Kennzahl'.ljust(width)}  veröffentlicht  erzeugt  Toleranz  ok  Quelle")
    for r in rows:
        gen = "—" if r["generated"] is None else f"{r['generated']:7.1f}"
        mark = "ja" if r["ok"] else ("(s)" if r["structural"] else "NEIN")
        print(
            f"{r['label'].ljust(width)}  {r['published']:12.1f}{r['unit']:1}  {gen:>7}  "
            f"±{r['tolerance']:<6.1f}  {mark:5}{r['source']}"
        )
    bad = sum(not r["ok"] and not r["structural"] for r in rows)
    structural = [r for r in rows if r["structural"] and not r["ok"]]
    print(f"\n{sum(r['ok'] for r in rows)} von {len(rows)} Kennzahlen innerhalb der Toleranz")
    for r in structural:
        print(f"(s) {r['label']}: nicht auf eine Stadt übertragbar – {r['structural']}")
    return bad
