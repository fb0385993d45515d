"""General school careers, one school year at a time, vectorised over persons.

Each person's latent career runs whether or not the person lives in the city; the deliveries
see it only while the person is resident, commutes in, or keeps a city school after moving.
Figures: grade-5 transition shares (IT.NRW 2016/17, 2024/25), repetition 2.3 % a year
(Destatis), changes of school type 1.8 % a year with 5.6 downward per upward (Bertelsmann),
special needs 7.7 % with 44.8 % taught in general schools (IT.NRW), leavers' certificates
(statistik.nrw 21111).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.special import softmax

from .dates import day, days_of
from .early import EarlyYears
from .geography import Geography, nearest
from .population import Persons

# internal school form codes and their ASD keys
GS, HS, FS, RS, SK, GE, WALD, GY = 1, 2, 3, 4, 5, 6, 7, 8
ASD = {GS: "02", HS: "04", FS: "08", RS: "10", SK: "14", GE: "15", WALD: "17", GY: "20"}
SECONDARY = (HS, RS, SK, GE, GY)  # the forms of the grade-5 choice, in this order

# certificates, ordered by level
OA, FOEL, FOEG, ESA, EESA, MSA, MSA_Q, FHR_S, ABITUR, WALDC = range(10)
CERT_KEY = {
    OA: "OA",
    FOEL: "FOEL",
    FOEG: "FOEG",
    ESA: "ESA",
    EESA: "EESA",
    MSA: "MSA",
    MSA_Q: "MSA_Q",
    FHR_S: "FHR_S",
    ABITUR: "ABITUR",
    WALDC: "WALD",
}
WITHOUT_CERTIFICATE = (OA, FOEL, FOEG)

# grade-5 shares by school year of grade 5 (HS, RS, SK, GE, GY); IT.NRW 2016 and 2024,
# earlier years from the trend before the Sekundarschule (opened 2011/12)
GRADE5_SHARES = {
    2000: (0.19, 0.29, 0.0, 0.15, 0.37),
    2005: (0.16, 0.28, 0.0, 0.17, 0.39),
    2011: (0.11, 0.26, 0.0, 0.22, 0.41),
    2016: (0.039, 0.206, 0.065, 0.275, 0.405),
    2024: (0.029, 0.196, 0.057, 0.293, 0.425),
}
RECOMMENDATIONS = np.array(["H", "H/R", "R", "R/GY", "GY", "OHNE"])
REC_CUTS = np.cumsum([0.14, 0.07, 0.24, 0.09])  # H, H/R, R, R/GY; the rest GY
# utility of each form (HS, RS, SK, GE, GY) by recommendation
REC_UTILITY = np.array(
    [
        [1.5, 0.0, 0.8, 1.0, -3.0],
        [0.5, 1.0, 0.8, 1.0, -1.5],
        [-1.0, 1.5, 0.5, 0.8, -0.5],
        [-3.0, 0.6, -0.3, 0.6, 1.3],
        [-4.0, -1.0, -1.8, -0.3, 2.5],
        [0.5, 0.3, 0.5, 1.2, -1.0],
    ]
)
# leaving certificates by the form at the end of lower secondary, from low to high
CERT_PLAN = {
    HS: ((OA, ESA, EESA, MSA), (0.14, 0.30, 0.33, 0.23)),
    RS: ((OA, ESA, EESA, MSA, MSA_Q, FHR_S, ABITUR), (0.02, 0.05, 0.10, 0.45, 0.30, 0.02, 0.06)),
    SK: ((OA, ESA, EESA, MSA, MSA_Q, FHR_S, ABITUR), (0.05, 0.10, 0.22, 0.35, 0.15, 0.03, 0.10)),
    GE: ((OA, ESA, EESA, MSA, MSA_Q, FHR_S, ABITUR), (0.06, 0.07, 0.14, 0.25, 0.10, 0.08, 0.30)),
    GY: ((ESA, EESA, MSA, MSA_Q, FHR_S, ABITUR), (0.01, 0.01, 0.12, 0.03, 0.05, 0.78)),
    WALD: ((MSA, WALDC, ABITUR), (0.25, 0.30, 0.45)),
}
FS_PLAN = {
    "LB": ((FOEL, OA, ESA), (0.5, 0.2, 0.3)),
    "GB": ((FOEG,), (1.0,)),
    "": ((OA, ESA, EESA, MSA), (0.25, 0.35, 0.2, 0.2)),
}
REPEAT = {"primary": 0.012, "lower": 0.023, "upper": 0.03}
# 1.8 % of lower-secondary pupils a year, 5.6 down per up; the rates apply where a change is
# possible (grades 6-9, not downward from a Hauptschule, not upward from a Gymnasium)
TYPE_CHANGE_DOWN, TYPE_CHANGE_UP = 0.036, 0.0085
SEN_PRIMARY_YEARLY = 0.017
SEN_TO_SPECIAL_SCHOOL = 0.12
KEEPS_SCHOOL_AFTER_MOVE = 0.3


def grade5_targets(year: int) -> np.ndarray:
    keys = sorted(GRADE5_SHARES)
    shares = np.array(
        [np.interp(year, keys, [GRADE5_SHARES[k][i] for k in keys]) for i in range(5)]
    )
    return shares / shares.sum()


@dataclass
class SchoolLog:
    """What the loop emits: pupil records per school year, leavers, and person summaries."""

    pupils: dict[int, dict[str, np.ndarray]] = field(default_factory=dict)
    leavers: dict[int, dict[str, np.ndarray]] = field(default_factory=dict)
    upper_entrants: dict[int, np.ndarray] = field(default_factory=dict)  # rows entering Sek II


@dataclass
class SchoolCareer:
    grade5_year: np.ndarray
    grade5_form: np.ndarray
    recommendation: np.ndarray  # index into RECOMMENDATIONS, -1 none
    repetitions: np.ndarray
    changes_up: np.ndarray
    changes_down: np.ndarray
    sen: np.ndarray  # Förderschwerpunkt or ''
    sen_in_special_school: np.ndarray
    leave_year: np.ndarray  # school year at whose end the person left general school; -1
    leave_cert: np.ndarray
    leave_form: np.ndarray
    leave_grade: np.ndarray
    leave_school: np.ndarray
    keeps_school: np.ndarray
    full_day: np.ndarray
    form_by_year: dict[int, np.ndarray]  # school year -> form code (0 none) for truth states
    grade_by_year: dict[int, np.ndarray]
    sen_by_year: dict[int, np.ndarray]
    log: SchoolLog


class SchoolChooser:
    def __init__(self, geo: Geography):
        self.geo = geo
        self.s = geo.schools

    def choose(
        self, rng, form: int, blocks: np.ndarray, year: int, probs=(0.6, 0.3, 0.1)
    ) -> np.ndarray:
        s = self.s
        year = max(year, 1990)  # the directory starts in 1990; earlier careers use it as is
        cands = np.flatnonzero(
            (s.form == ASD[form]) & (s.intake_from <= year) & (s.intake_to >= year)
        )
        if not len(cands):  # no intake that year: the nearest school of that form still open
            cands = np.flatnonzero((s.form == ASD[form]) & (s.valid_to >= day(year, 8, 1)))
        if not len(cands) or not len(blocks):
            return np.full(len(blocks), -1)
        near = nearest(self.geo, blocks, cands, k=len(probs))
        p = np.array(probs[: near.shape[1]])
        pick = rng.choice(near.shape[1], len(blocks), p=p / p.sum())
        return cands[near[np.arange(len(blocks)), pick]]


def _ranked_uniform(rng, score: np.ndarray) -> np.ndarray:
    if not len(score):
        return score
    order = np.argsort(score + rng.normal(0, 0.6, len(score)), kind="stable")
    u = np.empty(len(score))
    u[order] = (np.arange(len(score)) + rng.uniform(size=len(score))) / len(score)
    return u


def _draw_cert(rng, forms: np.ndarray, ability: np.ndarray, sen: np.ndarray) -> np.ndarray:
    """Leaving certificate by form, higher ability reaching higher levels."""
    out = np.full(len(forms), MSA, dtype=np.int64)
    for f, (certs, probs) in CERT_PLAN.items():
        idx = np.flatnonzero(forms == f)
        u = _ranked_uniform(rng, ability[idx])
        out[idx] = np.array(certs)[
            np.searchsorted(np.cumsum(probs), u, side="right").clip(0, len(certs) - 1)
        ]
    for key, (certs, probs) in FS_PLAN.items():
        mask = (forms == FS) & ((sen == key) if key else ~np.isin(sen, ("LB", "GB")))
        idx = np.flatnonzero(mask)
        u = _ranked_uniform(rng, ability[idx])
        out[idx] = np.array(certs)[
            np.searchsorted(np.cumsum(probs), u, side="right").clip(0, len(certs) - 1)
        ]
    return out


def _leave_grade(rng, forms, certs, g8) -> np.ndarray:
    n = len(forms)
    early = rng.uniform(size=n) < 0.5
    g = np.full(n, 10)
    g = np.where(np.isin(certs, (OA, ESA)) & early & (forms != FS), 9, g)
    g = np.where(certs == FHR_S, np.where(g8, 11, 12), g)
    g = np.where(certs == ABITUR, np.where(g8, 12, 13), g)
    g = np.where(certs == WALDC, 12, g)
    return g


def simulate_school(
    rng: np.random.Generator, p: Persons, e: EarlyYears, geo: Geography, first: int, last: int
) -> SchoolCareer:
    n = len(p)
    chooser = SchoolChooser(geo)
    log = SchoolLog()
    boy = p.sex == 0
    form = np.zeros(n, dtype=np.int64)
    grade = np.zeros(n, dtype=np.int64)
    school = np.full(n, -1, dtype=np.int64)
    in_school = np.zeros(n, dtype=bool)
    target = np.full(n, -1, dtype=np.int64)
    leave_at = np.full(n, 99, dtype=np.int64)
    g8 = np.zeros(n, dtype=bool)
    sen = e.sen_at_entry.copy()
    sen_new = np.zeros(n, dtype=bool)
    vers = np.full(n, "", dtype="U2")
    rec = np.full(n, -1, dtype=np.int64)
    grade5_year = np.full(n, -1, dtype=np.int64)
    grade5_form = np.zeros(n, dtype=np.int64)
    reps = np.zeros(n, dtype=np.int64)
    ups = np.zeros(n, dtype=np.int64)
    downs = np.zeros(n, dtype=np.int64)
    leave_year = np.full(n, -1, dtype=np.int64)
    leave_cert = np.full(n, -1, dtype=np.int64)
    leave_form = np.zeros(n, dtype=np.int64)
    leave_grade = np.zeros(n, dtype=np.int64)
    leave_school = np.full(n, -1, dtype=np.int64)
    keeps = rng.uniform(size=n) < KEEPS_SCHOOL_AFTER_MOVE
    full_day_u = rng.uniform(size=n)
    form_by_year, grade_by_year, sen_by_year = {}, {}, {}
    rel_rep = np.exp(-0.55 * p.ability + 0.22 * boy)
    rel_rep = rel_rep / rel_rep.mean() if n else rel_rep
    waldorf = rng.uniform(size=n) < 0.006

    def to_grade5(rows: np.ndarray, year: int) -> None:
        # reads the loop's current arrays when called, so rebinding them stays visible
        _transition(
            rng,
            p,
            geo,
            chooser,
            rows,
            year,
            form,
            school,
            rec,
            sen,
            target,
            leave_at,
            g8,
            grade5_year,
            grade5_form,
        )

    start_year = max(int(e.entry_year.min()) if n else first, first - 22)
    for t in range(start_year, last + 1):
        aug1 = day(t, 8, 1)
        # --- the end of school year t-1: leaving, promotion, repetition ---------------------
        cont = in_school.copy()
        leaving = cont & (grade >= leave_at) & (form != GS)
        rows = np.flatnonzero(leaving)
        leave_year[rows] = t - 1
        leave_cert[rows] = target[rows]
        leave_form[rows] = form[rows]
        leave_grade[rows] = grade[rows]
        leave_school[rows] = school[rows]
        if t - 1 >= first - 1:
            log.leavers[t - 1] = {
                "row": rows,
                "form": form[rows],
                "grade": grade[rows],
                "school": school[rows],
                "cert": target[rows],
            }
        in_school &= ~leaving
        cont &= ~leaving

        stage_rep = np.where(
            form == GS, REPEAT["primary"], np.where(grade >= 10, REPEAT["upper"], REPEAT["lower"])
        )
        repeat = (
            cont
            & (rng.uniform(size=n) < stage_rep * rel_rep)
            & ~((form == GS) & (grade == 1) & (rng.uniform(size=n) < 0.5))
        )
        reps += repeat
        promoted = cont & ~repeat
        vers = np.where(
            repeat, np.where(rng.uniform(size=n) < 0.7, "N", "FR"), np.where(promoted, "V", vers)
        )
        grade = np.where(promoted, grade + 1, grade)

        # --- grade 4 -> 5: recommendation and choice of school form --------------------------
        to5 = promoted & (form == GS) & (grade == 5)
        rows = np.flatnonzero(to5)
        if len(rows):
            to_grade5(rows, t)
        # Sek II: pupils heading for Abitur at a school without upper secondary move to a
        # Gesamtschule's upper level after grade 10
        upper = promoted & np.isin(form, (HS, RS, SK)) & (grade == 11)
        rows = np.flatnonzero(upper)
        if len(rows):
            form[rows] = GE
            school[rows] = chooser.choose(rng, GE, p.block_at(rows, aug1), t)
        ef_grade = np.where((form == GY) & g8, 10, 11)
        entering_upper = promoted & np.isin(form, (GY, GE)) & (grade == ef_grade)
        log.upper_entrants[t] = np.flatnonzero(entering_upper)

        # --- special educational needs found in primary school -------------------------------
        found = (
            in_school
            & (form == GS)
            & (grade >= 2)
            & (sen == "")
            & (rng.uniform(size=n) < SEN_PRIMARY_YEARLY * np.exp(-0.9 * p.ability) / 1.5)
        )
        rows = np.flatnonzero(found)
        sen[rows] = rng.choice(
            np.array(["LB", "EZ", "SB", "KB"]), len(rows), p=[0.45, 0.35, 0.15, 0.05]
        )
        sen_new[rows] = True
        moving = rows[rng.uniform(size=len(rows)) < SEN_TO_SPECIAL_SCHOOL]
        form[moving] = FS
        school[moving] = chooser.choose(rng, FS, p.block_at(moving, aug1), t, (0.8, 0.2))
        target[moving] = _draw_cert(rng, form[moving], p.ability[moving], sen[moving])
        leave_at[moving] = 10

        # --- changes of school type in lower secondary ---------------------------------------
        lower = promoted & np.isin(form, (HS, RS, SK, GE, GY)) & (grade >= 6) & (grade <= 9)
        rel = np.exp(-0.8 * p.ability)
        p_down = TYPE_CHANGE_DOWN * rel / 1.377 * np.where(form == GE, 0.3, 1.0)
        p_up = TYPE_CHANGE_UP / rel / 1.377 * np.where(form == GY, 0.0, 1.0)
        u = rng.uniform(size=n)
        down = lower & (u < p_down) & (form != HS)
        up = lower & ~down & (u > 1 - p_up)
        new_form = form.copy()
        alt = rng.uniform(size=n) < 0.5
        hs_open = bool(((geo.schools.form == "04") & (geo.schools.intake_to >= t)).any())
        sk_open = bool(((geo.schools.form == "14") & (geo.schools.intake_from <= t)).any())
        down_from_rs = np.where(alt & hs_open, HS, np.where(sk_open, SK, GE))
        new_form = np.where(down & (form == GY), np.where(alt, RS, GE), new_form)
        new_form = np.where(down & (form == RS), down_from_rs, new_form)
        new_form = np.where(down & (form == SK), np.where(hs_open, HS, GE), new_form)
        new_form = np.where(down & (form == GE), FS, new_form)
        new_form = np.where(up & (form == HS), RS, new_form)
        new_form = np.where(up & np.isin(form, (RS, SK, GE)), GY, new_form)
        changed = np.flatnonzero(new_form != form)
        ups += up & (new_form != form)
        downs += down & (new_form != form)
        for f in np.unique(new_form[changed]):
            rows = changed[new_form[changed] == f]
            school[rows] = chooser.choose(rng, int(f), p.block_at(rows, aug1), t)
        form[changed] = new_form[changed]
        sen[changed[(form[changed] == FS) & (sen[changed] == "")]] = "LB"
        target[changed] = _draw_cert(rng, form[changed], p.ability[changed], sen[changed])
        g8[changed] = (
            (form[changed] == GY) & (grade5_year[changed] >= 2005) & (grade5_year[changed] <= 2018)
        )
        leave_at[changed] = _leave_grade(rng, form[changed], target[changed], g8[changed])

        # --- school entry ----------------------------------------------------------------------
        entering = (e.entry_year == t) & ~p.commuter
        rows = np.flatnonzero(entering)
        if len(rows):
            fs_rows = rows[e.special_school_entry[rows]]
            wd_rows = rows[waldorf[rows] & ~e.special_school_entry[rows]]
            gs_rows = np.setdiff1d(rows, np.concatenate([fs_rows, wd_rows]))
            blocks = p.block_at(rows, aug1)
            pos = {r: i for i, r in enumerate(rows)} if len(rows) < 0 else None
            del pos
            order = np.argsort(rows)
            for f, sel in ((GS, gs_rows), (FS, fs_rows), (WALD, wd_rows)):
                b = blocks[order[np.searchsorted(rows[order], sel)]]
                school[sel] = chooser.choose(rng, f, b, t, (0.7, 0.22, 0.08))
                form[sel] = f
            grade[rows] = 1
            in_school[rows] = True
            vers[rows] = "BE"
            leave_at[rows] = 99
            target[fs_rows] = _draw_cert(rng, form[fs_rows], p.ability[fs_rows], sen[fs_rows])
            leave_at[fs_rows] = 10
            target[wd_rows] = _draw_cert(rng, form[wd_rows], p.ability[wd_rows], sen[wd_rows])
            leave_at[wd_rows] = _leave_grade(
                rng, form[wd_rows], target[wd_rows], np.zeros(len(wd_rows), dtype=bool)
            )
        # commuters join the city's secondary schools at grade 5
        joining = p.commuter & (e.entry_year + 4 == t)
        rows = np.flatnonzero(joining)
        if len(rows):
            form[rows] = GS
            grade[rows] = 5
            in_school[rows] = True
            to_grade5(rows, t)
            vers[rows] = "V"

        if first <= t <= last:
            form_by_year[t] = np.where(in_school, form, 0)
            grade_by_year[t] = np.where(in_school, grade, 0)
            sen_by_year[t] = np.where(in_school, sen, "")
        if first - 1 <= t <= last:
            # the year before the history too: the first leavers' file lists the pupils who
            # moved away during that school year
            log.pupils[t] = _pupil_records(
                p, e, t, in_school, form, grade, school, vers, sen, rec, keeps, full_day_u
            )
    # pupils still at school at the end have not left
    return SchoolCareer(
        grade5_year=grade5_year,
        grade5_form=grade5_form,
        recommendation=rec,
        repetitions=reps,
        changes_up=ups,
        changes_down=downs,
        sen=sen,
        sen_in_special_school=(sen != "") & ((form == FS) | (leave_form == FS)),
        leave_year=leave_year,
        leave_cert=leave_cert,
        leave_form=leave_form,
        leave_grade=leave_grade,
        leave_school=leave_school,
        keeps_school=keeps,
        full_day=full_day_u,
        form_by_year=form_by_year,
        grade_by_year=grade_by_year,
        sen_by_year=sen_by_year,
        log=log,
    )


def _transition(
    rng,
    p,
    geo,
    chooser,
    rows,
    t,
    form,
    school,
    rec,
    sen,
    target,
    leave_at,
    g8,
    grade5_year,
    grade5_form,
):
    """Grade 4 to grade 5: recommendation, school form, school, certificate target."""
    k = len(rows)
    score = p.ability[rows] + 0.25 * p.ses[rows] + rng.normal(0, 0.5, k)
    u = _ranked_uniform(rng, score)
    r = np.searchsorted(REC_CUTS, u, side="right")
    r = np.where(rng.uniform(size=k) < 0.015, 5, r)
    rec[rows] = r
    util = REC_UTILITY[r].copy()
    foreign = p.mig[rows] == 1
    poor = rng.uniform(size=k) < p.benefit_p[rows]
    dep = geo.deprivation[p.block_at(rows, day(t, 8, 1))]
    util[:, 4] += -0.3 * foreign - 0.3 * poor - 0.15 * dep
    util[:, 3] += 0.5 * foreign + 0.3 * poor
    util[:, 0] += 0.4 * foreign
    targets = grade5_targets(t)
    s = geo.schools
    ty = max(t, 1990)
    for i, f in enumerate(SECONDARY):
        if not ((s.form == ASD[f]) & (s.intake_from <= ty) & (s.intake_to >= ty)).any():
            targets[i] = 0.0
    targets = targets / targets.sum()
    alpha = np.where(targets > 0, 0.0, -np.inf)
    for _ in range(25):  # fit form constants so the cohort's shares meet the year's targets
        prob = softmax(util + alpha, axis=1)
        share = prob.mean(axis=0)
        alpha = np.where(
            targets > 0,
            alpha + np.log(np.maximum(targets, 1e-12) / np.maximum(share, 1e-12)),
            -np.inf,
        )
    prob = softmax(util + alpha, axis=1)
    choice = (rng.uniform(size=k)[:, None] > np.cumsum(prob, axis=1)).sum(axis=1).clip(0, 4)
    new_form = np.array(SECONDARY)[choice]
    # children with special needs in primary school: some continue at a Förderschule
    sen_rows = sen[rows] != ""
    to_fs = sen_rows & (rng.uniform(size=k) < 0.15)
    new_form = np.where(to_fs, FS, np.where(sen_rows & (new_form == GY), GE, new_form))
    form[rows] = new_form
    for f in np.unique(new_form):
        sel = rows[new_form == f]
        school[sel] = chooser.choose(rng, int(f), p.block_at(sel, day(t, 8, 1)), t)
    grade5_year[rows] = t
    grade5_form[rows] = new_form
    g8[rows] = (new_form == GY) & (t >= 2005) & (t <= 2018)
    target[rows] = _draw_cert(rng, new_form, p.ability[rows], sen[rows])
    leave_at[rows] = np.where(
        new_form == FS, 10, _leave_grade(rng, new_form, target[rows], g8[rows])
    )


def _pupil_records(p, e, t, in_school, form, grade, school, vers, sen, rec, keeps, full_day_u):
    d = day(t, 10, 15)
    resident = p.resident_at(d)
    moved = ~resident & (p.arrive1 <= d) & keeps & (grade >= 5)
    commuting = p.commuter & (grade >= 5) & p.general_school_visible
    visible = in_school & (resident | moved | commuting) & (p.death > d)
    rows = np.flatnonzero(visible)
    f = form[rows]
    full_day = np.where(np.isin(f, (GE, SK)), True, full_day_u[rows] < np.where(f == GS, 0.45, 0.2))
    blocks = np.where(resident[rows], p.block_at(rows, np.full(len(rows), d)), -1)
    first_year_in_5 = (grade[rows] == 5) & (vers[rows] != "N") & (vers[rows] != "FR")
    return {
        "row": rows,
        "form": f,
        "grade": grade[rows],
        "school": school[rows],
        "vers": vers[rows],
        "sen": sen[rows],
        "rec": np.where(first_year_in_5, rec[rows], -1),
        "full_day": full_day,
        "block": blocks,
    }


__all__ = ["simulate_school", "SchoolCareer", "days_of"]
