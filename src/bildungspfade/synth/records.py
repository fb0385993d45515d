"""Turn simulated lives into the rows each agency delivers for a reference date.

Each builder returns a dict of equal-length arrays: `_row` (the person's row in the chunk) and
the dataset's columns, formatted as the agency writes them (strings; '' is an empty field).
Pseudonyms and delivery faults are added later, when the files are written.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..spec import ABSCHLUSS_REFORM_YEAR, DATASETS, OLD_TO_NEW_ABSCHLUSS
from .after_school import STEPS, AfterSchool, Benefit, but_months
from .dates import OPEN_END, day, german, iso, month_iso
from .early import EarlyYears
from .geography import Geography
from .identity import unit
from .population import MAX_AGE, Persons
from .school import ASD, CERT_KEY, GE, GY, SchoolCareer

# Share of leavers who moved away (abgang_art 4) whose school still writes abschluss OA; the
# others leave it empty, as the specification describes.
MOVER_ABSCHLUSS_WRITTEN = 0.15

NEW_TO_OLD = {v: k for k, v in OLD_TO_NEW_ABSCHLUSS.items()}
SEX_REGISTER = np.array(["1", "2", "3", "7"])
SEX_SCHOOL = np.array(["m", "w", "d", "x"])


@dataclass
class Lives:
    p: Persons
    e: EarlyYears
    c: SchoolCareer
    a: AfterSchool
    b: Benefit
    geo: Geography


def fmt_date(days: np.ndarray, dataset: str) -> np.ndarray:
    return german(days) if DATASETS[dataset].german_dates else iso(days)


def _str(x) -> np.ndarray:
    return np.asarray(x).astype(str)


def _blocks(geo: Geography, idx: np.ndarray) -> np.ndarray:
    codes = geo.block_code[np.clip(idx, 0, None)]
    return np.where(np.asarray(idx) >= 0, codes, "")


def _school_sex(sex: np.ndarray, year: int) -> np.ndarray:
    # the school statistics recorded only m/w/x before the third option came in 2019
    codes = SEX_SCHOOL[sex]
    return np.where((codes == "d") & (year < 2019), "x", codes)


def cert_keys(certs: np.ndarray, reference_year: int) -> np.ndarray:
    keys = (
        np.array([CERT_KEY[int(c)] for c in certs], dtype=object)
        if len(certs)
        else np.zeros(0, dtype=object)
    )
    if reference_year < ABSCHLUSS_REFORM_YEAR:
        keys = np.array([NEW_TO_OLD.get(k, k) for k in keys], dtype=object)
    return keys.astype(str) if len(keys) else np.zeros(0, dtype="U6")


def bevoelkerung(L: Lives, year: int) -> dict:
    p, d = L.p, day(year, 12, 31)
    ok = p.resident_at(d) & (p.death > d) & (p.age_at(d) < MAX_AGE) & (p.birth <= d)
    rows = np.flatnonzero(ok)
    second = p.arrive2[rows] <= d
    arrived = np.where(
        second,
        p.arrive2[rows],
        np.where(np.isin(p.kind[rows], (2, 3)), p.arrive1[rows], p.prior_arrival[rows]),
    )
    return {
        "_row": rows,
        "geburtsmonat": month_iso(p.birth[rows]),
        "geschlecht": SEX_REGISTER[p.sex[rows]],
        "staatsangehoerigkeit": p.nationality[rows],
        "migrationshintergrund": _str(p.mig[rows]),
        "baublock": _blocks(L.geo, p.block_at(rows, np.full(len(rows), d))),
        "zuzug_datum": np.where(arrived < OPEN_END, iso(np.minimum(arrived, d)), ""),
    }


def bewegungen(L: Lives, year: int) -> dict:
    p, geo = L.p, L.geo
    y0, y1 = day(year, 1, 1), day(year + 1, 1, 1)
    parts = []

    def add(rows, kind, dates, old, new):
        young = p.age_at(dates, rows) < MAX_AGE
        rows, dates, old, new = rows[young], dates[young], old[young], new[young]
        parts.append((rows, np.full(len(rows), kind), dates, old, new))

    def within(x):
        return (x >= y0) & (x < y1)

    r = np.flatnonzero((p.kind == 1) & within(p.birth))
    add(r, "GEB", p.birth[r], np.full(len(r), -1), p.block1[r])
    r = np.flatnonzero(np.isin(p.kind, (2, 3)) & within(p.arrive1))
    add(r, "ZUZ", p.arrive1[r], np.full(len(r), -1), p.block1[r])
    r = np.flatnonzero(within(p.arrive2))
    add(r, "ZUZ", p.arrive2[r], np.full(len(r), -1), p.block2[r])
    for leave in (p.leave1, p.leave2):
        r = np.flatnonzero(within(leave))
        died = p.death[r] == leave[r]
        before = p.block_at(r, leave[r] - 1)
        add(r[~died], "FORT", leave[r][~died], before[~died], np.full((~died).sum(), -1))
        add(r[died], "TOD", leave[r][died], before[died], np.full(died.sum(), -1))
    m = within(p.move_date)
    add(p.move_row[m], "UMZ", p.move_date[m], p.move_from[m], p.move_to[m])
    rows = np.concatenate([x[0] for x in parts])
    dates = np.concatenate([x[2] for x in parts])
    order = np.lexsort((rows, dates))
    return {
        "_row": rows[order],
        "geburtsmonat": month_iso(p.birth[rows[order]]),
        "geschlecht": SEX_REGISTER[p.sex[rows[order]]],
        "ereignis": np.concatenate([x[1] for x in parts])[order],
        "datum": iso(dates[order]),
        "baublock_alt": _blocks(geo, np.concatenate([x[3] for x in parts])[order]),
        "baublock_neu": _blocks(geo, np.concatenate([x[4] for x in parts])[order]),
    }


def kita(L: Lives, year: int) -> dict:
    p, e, geo = L.p, L.e, L.geo
    d = day(year, 3, 1)
    resident = p.resident_at(d)
    parts = []
    for start, end, kita_idx, kind, hours in (
        (e.care1_start, e.care1_end, e.care1_kita, e.care1_type, e.care1_hours),
        (e.care2_start, e.care2_end, e.care2_kita, np.ones_like(e.care1_type), e.care2_hours),
    ):
        rows = np.flatnonzero(resident & (start <= d) & (end >= d))
        parts.append((rows, start[rows], kita_idx[rows], kind[rows], hours[rows]))
    rows = np.concatenate([x[0] for x in parts])
    kita_idx = np.concatenate([x[2] for x in parts])
    return {
        "_row": rows,
        "einrichtung_nr": np.where(kita_idx >= 0, geo.kitas.number[np.clip(kita_idx, 0, None)], ""),
        "geburtsmonat": month_iso(p.birth[rows]),
        "betreuungsart": _str(np.concatenate([x[3] for x in parts])),
        "geschlecht": SEX_REGISTER[p.sex[rows]],
        "betreut_seit": fmt_date(np.concatenate([x[1] for x in parts]), "kita"),
        "auslaendische_herkunft": np.where(p.mig[rows] > 0, "1", "2"),
        "familiensprache": np.where(p.nongerman_language[rows], "2", "1"),
        "betreuungszeit": _str(np.concatenate([x[4] for x in parts])),
        "eingliederungshilfe": np.where(e.integration_aid[rows], "1", "2"),
    }


def seu(L: Lives, year: int) -> dict:
    p, e = L.p, L.e
    lo, hi = day(year - 1, 8, 1), day(year, 7, 31)
    parts = []
    for date_, advice in ((e.exam1_date, e.exam1_advice), (e.exam2_date, e.exam2_advice)):
        rows = np.flatnonzero((date_ >= lo) & (date_ <= hi))
        rows = rows[p.resident_rows(rows, date_[rows])]
        parts.append((rows, date_[rows], advice[rows]))
    rows = np.concatenate([x[0] for x in parts])
    dates = np.concatenate([x[1] for x in parts])
    care_start = np.minimum(e.care1_start[rows], e.care2_start[rows])
    months_in_care = np.where(care_start <= dates, (dates - care_start) / 30.44, -1)
    key = np.where(
        months_in_care < 0, 0, np.searchsorted([12, 24, 36], months_in_care, side="right") + 1
    )
    return {
        "_row": rows,
        "geburtsmonat": month_iso(p.birth[rows]),
        "geschlecht": SEX_REGISTER[p.sex[rows]],
        "untersuchung_datum": iso(dates),
        "kita_besuch": _str(key),
        "sprachstand": _str(e.language[rows]),
        "deutsch_erstsprache": np.where(p.nongerman_language[rows], "2", "1"),
        "empfehlung": _str(np.concatenate([x[2] for x in parts])),
        "baublock": _blocks(L.geo, p.block_at(rows, dates)),
    }


def schueler(L: Lives, year: int) -> dict:
    p, e, geo = L.p, L.e, L.geo
    rec = L.c.log.pupils.get(year)
    if rec is None:
        return {"_row": np.zeros(0, dtype=np.int64)}
    rows = rec["row"]
    from .school import RECOMMENDATIONS

    return {
        "_row": rows,
        "geburtsmonat": month_iso(p.birth[rows]),
        "schuljahr": np.full(len(rows), str(year)),
        "schulnr": geo.schools.number[rec["school"]],
        "schulform": np.array([ASD[int(f)] for f in rec["form"]], dtype="U2"),
        "jahrgang": _str(rec["grade"]),
        "geschlecht": _school_sex(p.sex[rows], year),
        "einschulungsjahr": _str(e.entry_year[rows]),
        "einschulungsart": _str(e.entry_kind[rows]),
        "staatsangehoerigkeit": p.nationality[rows],
        "verkehrssprache_deutsch": np.where(p.nongerman_language[rows], "N", "J"),
        "foerderschwerpunkt": rec["sen"],
        "versetzung": rec["vers"],
        "ganztag": np.where(rec["full_day"], "J", "N"),
        "uebergangsempfehlung": np.where(
            rec["rec"] >= 0, RECOMMENDATIONS[np.clip(rec["rec"], 0, None)], ""
        ),
        "wohn_baublock": _blocks(geo, rec["block"]),
    }


def abgaenge(L: Lives, year: int) -> dict:
    """Leavers of school year year-1/year (reference 31 July `year`), and pupils who moved away
    during that school year (abgang_art 4)."""
    p, c, geo = L.p, L.c, L.geo
    d = day(year, 7, 31)
    lv = c.log.leavers.get(year - 1)
    parts = []
    if lv is not None and len(lv["row"]):
        rows = lv["row"]
        vis = (
            (p.resident_at(d)[rows] | p.commuter[rows] | c.keeps_school[rows])
            & (p.death[rows] > d)
            & p.general_school_visible[rows]
        )
        rows = rows[vis]
        cert = lv["cert"][vis]
        nxt = L.a.first_step_year[rows] == year
        bk = nxt & ~np.isin(STEPS[L.a.first_step[rows]], ("UNI", "NONE"))
        art = np.where(np.isin(cert, (0, 1, 2)), "2", np.where(bk, "3", "1"))
        dates = d - 7 - (rows * 7 + year) % 30
        parts.append(
            (
                rows,
                lv["form"][vis],
                lv["grade"][vis],
                lv["school"][vis],
                cert_keys(cert, year),
                art,
                dates,
            )
        )
    prev = c.log.pupils.get(year - 1)
    if prev is not None and len(prev["row"]):
        rows = prev["row"]
        start = day(year - 1, 10, 15)
        leave = np.where(
            (p.leave1[rows] > start) & (p.leave1[rows] <= d),
            p.leave1[rows],
            np.where((p.leave2[rows] > start) & (p.leave2[rows] <= d), p.leave2[rows], OPEN_END),
        )
        gone = (
            (leave < OPEN_END)
            & ~c.keeps_school[rows]
            & (p.death[rows] > d)
            & ~(p.resident_at(d)[rows])
        )
        k = np.flatnonzero(gone)
        # Most pupils who move away leave without a certificate and the school leaves
        # abschluss empty (extracts.md); some school systems write OA all the same.
        written = unit(rows[k] * 1009 + year * 31 + 5) < MOVER_ABSCHLUSS_WRITTEN
        parts.append(
            (
                rows[k],
                prev["form"][k],
                prev["grade"][k],
                prev["school"][k],
                np.where(written, "OA", ""),
                np.full(len(k), "4"),
                leave[k],
            )
        )
    if not parts:
        return {"_row": np.zeros(0, dtype=np.int64)}
    rows = np.concatenate([x[0] for x in parts])
    return {
        "_row": rows,
        "geburtsmonat": month_iso(p.birth[rows]),
        "schuljahr": np.full(len(rows), str(year - 1)),
        "schulnr": geo.schools.number[np.concatenate([x[3] for x in parts])],
        "schulform": np.array(
            [ASD[int(f)] for f in np.concatenate([x[1] for x in parts])], dtype="U2"
        ),
        "jahrgang": _str(np.concatenate([x[2] for x in parts])),
        "geschlecht": _school_sex(p.sex[rows], year),
        "abgang_datum": iso(np.concatenate([x[6] for x in parts])),
        "abschluss": np.concatenate([x[4] for x in parts]).astype(str),
        "abgang_art": np.concatenate([x[5] for x in parts]),
    }


def berufskolleg(L: Lives, year: int) -> dict:
    p, a, c, geo = L.p, L.a, L.c, L.geo
    d = day(year, 10, 15)
    visible = bk_visible(p, a, d)
    parts = []
    for k in range(a.prog.shape[1]):
        active = (
            visible
            & (a.start[:, k] >= 0)
            & (a.start[:, k] <= year)
            & (year < a.start[:, k] + a.duration[:, k])
        )
        rows = np.flatnonzero(active)
        parts.append((rows, a.prog[rows, k], year - a.start[rows, k] + 1, a.bk_school[rows, k]))
    rows = np.concatenate([x[0] for x in parts])
    prog = STEPS[np.concatenate([x[1] for x in parts])]
    school = np.concatenate([x[3] for x in parts])
    programme_year = np.concatenate([x[2] for x in parts])
    upper = upper_secondary_numbering(geo)
    counts_upper = (np.isin(prog, ("C-FOS", "D-BG")) & upper[school, 0]) | (
        (prog == "C-HBFS") & upper[school, 1]
    )
    resident = p.resident_at(d)[rows]
    cert = c.leave_cert[rows]
    return {
        "_row": rows,
        "geburtsmonat": month_iso(p.birth[rows]),
        "schuljahr": np.full(len(rows), str(year)),
        "schulnr": geo.schools.number[school],
        "bildungsgang": prog,
        "jahrgang": _str(np.where(counts_upper, programme_year + 10, programme_year)),
        "geschlecht": _school_sex(p.sex[rows], year),
        "vorbildung": np.where(cert >= 0, cert_keys(np.clip(cert, 0, None), year), ""),
        "ausbildungsvertrag": np.where(prog == "A-DUAL", "J", "N"),
        "wohn_baublock": np.where(
            resident, _blocks(geo, p.block_at(rows, np.full(len(rows), d))), ""
        ),
    }


def upper_secondary_numbering(geo: Geography) -> np.ndarray:
    """Per school (n_schools, 2): whether a Berufskolleg counts the years of C-FOS and D-BG
    (column 0) and of C-HBFS (column 1) as the upper-secondary years 11, 12, 13 rather than
    1, 2, 3 (extracts.md allows both). Stable over the years: every other Berufskolleg, in
    the order of the directory, the first one included; C-HBFS in every fourth."""
    out = np.zeros((len(geo.schools.form), 2), dtype=bool)
    bks = np.flatnonzero(geo.schools.form == "30")
    rank = np.arange(len(bks))
    out[bks, 0] = rank % 2 == 0
    out[bks, 1] = rank % 4 == 0
    return out


def bk_visible(p: Persons, a: AfterSchool, d: int) -> np.ndarray:
    """Who the city's Berufskollegs see: residents and in-commuters from the region."""
    return (p.resident_at(d) | (p.kind == 5) | ((p.kind == 4) & a.commuter_keeps_bk)) & (
        p.death > d
    )


def sgb2(L: Lives, year: int, rng: np.random.Generator) -> dict:
    p = L.p
    d = day(year, 12, 31)
    months = L.b.months[year]
    age = p.age_at(d)
    in_city = p.resident_at(d) | p.resident_at(day(year, 7, 1))
    rows = np.flatnonzero(in_city & (months > 0) & (age < 25) & (p.birth <= d))
    form = L.c.form_by_year.get(year, np.zeros(len(p), dtype=np.int64))
    in_bk = np.zeros(len(p), dtype=bool)
    for k in range(L.a.prog.shape[1]):
        in_bk |= (
            (L.a.start[:, k] >= 0)
            & (L.a.start[:, k] <= year)
            & (year < L.a.start[:, k] + L.a.duration[:, k])
        )
    e = L.e
    in_care = ((e.care1_start <= d) & (e.care1_end >= d)) | (
        (e.care2_start <= d) & (e.care2_end >= d)
    )
    educ = (form[rows] > 0) | in_bk[rows] | in_care[rows]
    full_day = L.c.full_day[rows] < 0.45
    but = but_months(rng, months[rows], age[rows], educ, full_day)
    out = {
        "_row": rows,
        "geburtsmonat": month_iso(p.birth[rows]),
        "jahr": np.full(len(rows), str(year)),
        "monate_leistungsbezug": _str(months[rows]),
    }
    out.update({k: _str(v) for k, v in but.items()})
    return out


BUILDERS = {
    "bevoelkerung": bevoelkerung,
    "bewegungen": bewegungen,
    "kita": kita,
    "seu": seu,
    "schueler": schueler,
    "abgaenge": abgaenge,
    "berufskolleg": berufskolleg,
}


def upper_secondary_grade(form: np.ndarray, g8: np.ndarray) -> np.ndarray:
    return np.where((form == GY) & g8, 10, np.where(np.isin(form, (GY, GE)), 11, 99))
