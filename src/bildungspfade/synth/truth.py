"""Ground truth: who each person really is, their true state in every school year, and the
aggregate tables monitoring reports. Never read by the warehouse; used to test it.

State alphabet (school year y; schools and vocational schools at 15 October y, day care at
1 March y+1, residence at 31 December y): home_care, tagespflege, kita, primary,
hauptschule, realschule, sekundarschule, gesamtschule, gymnasium, waldorf, special_school,
upper_secondary, iabe_I, iabe_II, iabe_III, fachschule, university, not_in_education, died.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from ..spec import BILDUNGSGANG
from .after_school import STEPS
from .dates import OPEN_END, day, iso, month_iso
from .records import Lives, bk_visible, cert_keys
from .school import ASD, FS, GE, GS, GY, HS, RS, SK, WALD

FORM_STATE = {
    GS: "primary",
    HS: "hauptschule",
    RS: "realschule",
    SK: "sekundarschule",
    GE: "gesamtschule",
    GY: "gymnasium",
    WALD: "waldorf",
    FS: "special_school",
}
KIND = np.array(["stock", "birth", "arrival", "refugee", "commuter", "bk_commuter"])
SECTOR = {k: f"iabe_{v}" if v != "FS" else "fachschule" for k, v in BILDUNGSGANG.items()}
STEP_STATE = np.array([SECTOR.get(s, "") for s in STEPS], dtype=object)
STEP_EVENT = np.array([SECTOR.get(s, "").replace("iabe_", "") for s in STEPS], dtype=object)
FORM_CODE = np.array([ASD.get(i, "") for i in range(10)])


def _dates(x: np.ndarray) -> pa.Array:
    return pa.array(np.where(x < OPEN_END, iso(np.minimum(x, OPEN_END - 1)), None))


def person_truth(L: Lives, office) -> pa.Table:
    p, e, c, a = L.p, L.e, L.c, L.a
    g5 = c.grade5_year
    oct15 = np.array([day(int(y), 10, 15) if y > 0 else 0 for y in g5], dtype=np.int64)
    res4 = p.resident_rows(np.arange(len(p)), oct15 - 365) & (g5 > 0)
    res5 = p.resident_rows(np.arange(len(p)), oct15) & (g5 > 0)
    entry_oct = np.array([day(int(y), 10, 15) for y in e.entry_year], dtype=np.int64)
    lv = c.leave_year
    jul31 = np.array([day(int(y) + 1, 7, 31) if y > 0 else 0 for y in lv], dtype=np.int64)
    vis_leave = (
        (lv > 0)
        & (p.resident_rows(np.arange(len(p)), jul31) | p.commuter | c.keeps_school)
        & (p.death > jul31)
        & p.general_school_visible
    )
    certs = np.where(c.leave_cert >= 0, c.leave_cert, 0)
    return pa.table(
        {
            "person_id": p.person_id,
            "kind": KIND[p.kind],
            "true_pid": office.base_pids(),
            "birth_month": month_iso(p.birth),
            "birth_cohort": month_iso(p.birth).astype("U4"),
            "sex": p.sex.astype(np.int8),
            "migration_background": p.mig.astype(np.int8),
            "nationality": p.nationality,
            "nongerman_language": p.nongerman_language,
            "entry_year": e.entry_year,
            "entry_kind": e.entry_kind,
            "language": e.language,
            "special_school_entry": e.special_school_entry,
            "resident_at_entry": p.resident_rows(np.arange(len(p)), entry_oct) & ~p.commuter,
            "care_start": _dates(e.care1_start),
            "care_first_type": np.where(e.care1_start < OPEN_END, e.care1_type, 0).astype(np.int8),
            "grade5_year": g5,
            "grade5_form": np.where(g5 > 0, FORM_CODE[c.grade5_form], ""),
            "recommendation": c.recommendation,
            "resident_grade4": res4,
            "resident_grade5": res5,
            "repetitions": c.repetitions,
            "changes_up": c.changes_up,
            "changes_down": c.changes_down,
            "sen": c.sen,
            "sen_in_special_school": c.sen_in_special_school,
            "leave_year": lv,
            "leave_cert": np.where(lv > 0, cert_keys(certs, 2030), ""),
            "leave_form": np.where(lv > 0, FORM_CODE[c.leave_form], ""),
            "visible_at_leaving": vis_leave,
            "keeps_school_after_move": c.keeps_school,
            "first_step": np.where(a.first_step_year > 0, STEPS[a.first_step], ""),
            "first_step_year": a.first_step_year,
            "university_year": a.university_year,
            "arrive1": _dates(p.arrive1),
            "leave1": _dates(p.leave1),
            "arrive2": _dates(p.arrive2),
            "leave2": _dates(p.leave2),
            "death": _dates(p.death),
        }
    )


def person_year_truth(L: Lives, first: int, last: int) -> pa.Table:
    p, e, c, a = L.p, L.e, L.c, L.a
    n = len(p)
    parts = []
    for y in range(first, last + 1):
        oct15, dec31, mar1 = day(y, 10, 15), day(y, 12, 31), day(y + 1, 3, 1)
        age = p.age_at(dec31)
        form = c.form_by_year.get(y, np.zeros(n, dtype=np.int64))
        grade = c.grade_by_year.get(y, np.zeros(n, dtype=np.int64))
        in_bk = np.zeros(n, dtype=bool)
        for k in range(a.prog.shape[1]):
            in_bk |= (
                (a.start[:, k] >= 0) & (a.start[:, k] <= y) & (y < a.start[:, k] + a.duration[:, k])
            )
        seen_at_school = ((p.kind == 4) & (form > 0) & (grade >= 5)) | (
            p.commuter & in_bk & bk_visible(p, a, oct15)
        )
        in_view = (p.birth <= dec31) & (age < 27) & ((p.arrive1 <= dec31) | seen_at_school)
        rows = np.flatnonzero(in_view)
        state = np.full(n, "not_in_education", dtype=object)
        state[p.age_at(oct15) < 7] = "home_care"
        in_care1 = (e.care1_start <= mar1) & (e.care1_end >= mar1)
        in_care2 = (e.care2_start <= mar1) & (e.care2_end >= mar1)
        state[in_care1 & (e.care1_type == 2)] = "tagespflege"
        state[(in_care1 & (e.care1_type == 1)) | in_care2] = "kita"
        in_uni = (a.university_year >= 0) & (a.university_year <= y) & (y < a.university_year + 4)
        state[in_uni] = "university"
        entry_event = np.full(n, "", dtype=object)
        for k in range(a.prog.shape[1]):
            active = (
                (a.start[:, k] >= 0) & (a.start[:, k] <= y) & (y < a.start[:, k] + a.duration[:, k])
            )
            prog = np.clip(a.prog[:, k], 0, None)
            state[active] = STEP_STATE[prog[active]]
            starts = a.start[:, k] == y
            entry_event[starts] = STEP_EVENT[prog[starts]]
        entry_event[(a.university_year == y)] = "IV"
        for f, name in FORM_STATE.items():
            state[form == f] = name
        ef = np.where(
            (form == GY) & (grade <= 12) & (c.grade5_year >= 2005) & (c.grade5_year <= 2018), 10, 11
        )
        upper = np.isin(form, (GY, GE)) & (grade >= ef)
        state[upper] = "upper_secondary"
        upper_entry = np.zeros(n, dtype=bool)
        upper_entry[c.log.upper_entrants.get(y, np.zeros(0, dtype=np.int64))] = True
        entry_event[upper_entry] = "III_general"
        state[p.death <= oct15] = "died"
        resident = p.resident_at(dec31)
        residence = np.where(
            p.death <= dec31,
            "died",
            np.where(resident, "resident", np.where(p.commuter, "commuter", "moved_away")),
        )
        block = np.where(
            resident, L.geo.block_code[p.block_at(np.arange(n), np.full(n, dec31))], ""
        )
        parts.append(
            pa.table(
                {
                    "school_year": np.full(len(rows), y, dtype=np.int16),
                    "person_id": p.person_id[rows],
                    "state": state[rows].astype(str),
                    "school_form": FORM_CODE[form[rows]],
                    "grade": grade[rows].astype(np.int8),
                    "residence": residence[rows],
                    "sen": c.sen_by_year.get(y, np.full(n, ""))[rows],
                    "resident_oct15": p.resident_at(oct15)[rows],
                    "at_city_school": (bk_visible(p, a, oct15) | (p.kind == 4) | c.keeps_school)[
                        rows
                    ],
                    "resident_mar1": p.resident_at(day(y, 3, 1))[rows],
                    "age_dec31": age[rows].astype(np.int8),
                    "age_mar1": p.age_at(day(y, 3, 1), rows).astype(np.int8),
                    "in_care_mar1": (
                        ((e.care1_start <= day(y, 3, 1)) & (e.care1_end >= day(y, 3, 1)))
                        | ((e.care2_start <= day(y, 3, 1)) & (e.care2_end >= day(y, 3, 1)))
                    )[rows],
                    "in_school_mar1": (c.form_by_year.get(y - 1, np.zeros(n, dtype=np.int64)) > 0)[
                        rows
                    ],
                    "entry_event": entry_event[rows].astype(str),
                    "block": block[rows],
                    "benefit_months": L.b.months[y][rows].astype(np.int8),
                }
            )
        )
    return pa.concat_tables(parts)


AGGREGATES = {
    "grade5_transition": """
        select grade5_year as school_year, grade5_form as school_form,
               count(*) as pupils,
               round(count(*) / sum(count(*)) over (partition by grade5_year), 4) as share
        from persons
        where resident_grade4 and resident_grade5 and kind <> 'commuter'
          and grade5_form in ('04', '10', '14', '15', '20')
          and grade5_year between {first} + 1 and {last}
        group by 1, 2 order by 1, 2""",
    "grade5_transition_by_nationality": """
        select grade5_year as school_year,
               case when nationality = 'DEU' then 'deutsch' else 'auslaendisch' end as group_,
               grade5_form as school_form, count(*) as pupils,
               round(count(*) / sum(count(*)) over (partition by grade5_year, group_), 4)
                 as share
        from persons
        where resident_grade4 and resident_grade5 and kind <> 'commuter'
          and grade5_form in ('04', '10', '14', '15', '20')
          and grade5_year between {first} + 1 and {last}
        group by 1, 2, 3 order by 1, 2, 3""",
    "school_entry": """
        select entry_year as school_year, count(*) as entrants,
               round(avg((entry_kind = 53)::int), 4) as deferred_share,
               round(avg((entry_kind = 52)::int), 4) as early_share,
               round(avg(special_school_entry::int), 4) as special_school_share
        from persons
        where resident_at_entry and entry_year between {first} and {last}
        group by 1 order by 1""",
    "leavers_certificates": """
        select leave_year as school_year,
               case when leave_cert in ('OA', 'FOEL', 'FOEG') then 'ohne'
                    when leave_cert in ('ESA', 'ESAA') then 'ESA'
                    when leave_cert = 'EESA' then 'EESA'
                    when leave_cert in ('MSA', 'MSA_Q') then 'MSA'
                    when leave_cert in ('FHR_S', 'FGHR') then 'FHR'
                    when leave_cert = 'ABITUR' then 'ABITUR' else 'sonstige' end
                 as certificate,
               count(*) as leavers,
               round(count(*) / sum(count(*)) over (partition by leave_year), 4) as share
        from persons
        where visible_at_leaving and leave_year between {first} - 1 and {last} - 1
        group by 1, 2 order by 1, 2""",
    "kita_participation": """
        select school_year as year, age_mar1 as age, count(*) as children,
               round(avg(in_care_mar1::int), 4) as share
        from person_years
        where resident_mar1 and age_mar1 between 0 and 5 and not in_school_mar1
        group by 1, 2 order by 1, 2""",
    "iabe_sectors": """
        select school_year,
               case when entry_event = 'III_general' then 'III' else entry_event end as sector,
               count(*) as entrants,
               round(count(*) / sum(count(*)) over (partition by school_year), 4) as share
        from person_years
        where entry_event in ('I', 'II', 'III', 'III_general', 'IV')
          -- entrants count where they learn (Schulortprinzip); university entrants by residence
          and case when entry_event = 'IV' then resident_oct15
                   else resident_oct15 or at_city_school end
        group by 1, 2 order by 1, 2""",
    "person_year_states": """
        select school_year, state, count(*) as persons
        from person_years where residence = 'resident'
        group by 1, 2 order by 1, 2""",
}


def write_aggregates(truth: Path, first: int, last: int) -> None:
    out = truth / "aggregates"
    out.mkdir(exist_ok=True)
    con = duckdb.connect()
    con.execute(f"create view persons as select * from read_parquet('{truth}/persons/*.parquet')")
    con.execute(
        f"create view person_years as select * from read_parquet('{truth}/person_years/*.parquet')"
    )
    for name, sql in AGGREGATES.items():
        con.execute(
            f"copy ({sql.format(first=first, last=last)}) to '{out / name}.csv' "
            "(header, delimiter ';')"
        )
    con.close()
