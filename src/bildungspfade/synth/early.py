"""Early childhood: day care spells, the school entry examination and the kind of school entry.

Participation by age follows BMFSFJ Kita monitoring 2023; the Kindertagespflege share and
contracted hours follow IT.NRW 2019; deferral and early entry follow the NRW figures in
calibration.md. NRW entry rule: a child who turns 6 by 30 September enrols that August.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import expit

from .dates import OPEN_END, day, days_of, month_start, ymd
from .geography import Geography, nearest
from .population import Persons

# cumulative share of children who have entered day care by age in months (all children)
CARE_MONTHS = np.array([0, 6, 12, 18, 24, 30, 36, 42, 48, 60, 72])
CARE_SHARE = np.array([0, 0.014, 0.06, 0.45, 0.56, 0.69, 0.86, 0.895, 0.92, 0.94, 0.95])
NONGERMAN_SHARE = 0.27  # share of children with a non-German family language
# participation of children with a non-German family language relative to German speakers
U3_RATIO, O3_RATIO = 0.6, 0.95
TAGESPFLEGE_SHARE_U30 = 0.35  # of entries before 30 months, share in Kindertagespflege
HOURS = np.array([25, 35, 45])
# early entries by school year (IT.NRW: 9.3 % peak 2006, 6.2 % 2009), lower since
EARLY = {2000: 0.07, 2005: 0.085, 2006: 0.093, 2009: 0.062, 2015: 0.04, 2020: 0.032, 2030: 0.03}
DEFERRAL = 0.035  # NRW 2023: about 3.5 % of an entry cohort
SPECIAL_SCHOOL_ENTRY = 0.032  # Destatis 2020: entrants into a Förderschule
# NRW 2023: 32.2 % of examined children not age-appropriate; the population-wide mean is
# set higher because recent cohorts have more years in care, which lowers their need
LANGUAGE_SUPPORT = 0.40


def _rate(table: dict[int, float], years: np.ndarray) -> np.ndarray:
    keys = sorted(table)
    return np.interp(years, keys, [table[k] for k in keys])


@dataclass
class EarlyYears:
    # day care: up to two spells (Kindertagespflege, then Kita); OPEN_END where none
    care1_start: np.ndarray
    care1_end: np.ndarray
    care1_type: np.ndarray  # 1 Kita, 2 Kindertagespflege
    care1_kita: np.ndarray  # index into geo.kitas, -1 for Tagespflege
    care1_hours: np.ndarray
    care2_start: np.ndarray
    care2_end: np.ndarray
    care2_kita: np.ndarray
    care2_hours: np.ndarray
    integration_aid: np.ndarray  # bool: Eingliederungshilfe
    # school entry
    regular_year: np.ndarray
    entry_year: np.ndarray
    entry_kind: np.ndarray  # 51 regular, 52 early, 53 after deferral
    special_school_entry: np.ndarray  # bool
    sen_at_entry: np.ndarray  # str Förderschwerpunkt or ''
    # examinations: first and (for deferred children) second exam
    exam1_date: np.ndarray
    exam1_advice: np.ndarray  # 1 enrol, 2 defer, 3 early, 4 check SEN
    exam2_date: np.ndarray
    exam2_advice: np.ndarray
    language: np.ndarray  # 1 age-appropriate, 2 support, 3 intensive support


def _care_curve(nongerman: bool) -> np.ndarray:
    ratio = np.interp(CARE_MONTHS, [36, 42], [U3_RATIO, O3_RATIO])
    german = CARE_SHARE / (1 - NONGERMAN_SHARE + NONGERMAN_SHARE * ratio)
    return np.minimum(german * ratio if nongerman else german, 0.99)


def simulate_early(rng: np.random.Generator, p: Persons, geo: Geography) -> EarlyYears:
    n = len(p)
    by, bm, _ = ymd(p.birth)
    regular = by + 6 + (bm > 9)

    # --- school entry kind -------------------------------------------------------------------
    boy = p.sex == 0
    late_born = np.isin(bm, (7, 8, 9))
    # boys are deferred 1.6 times as often as girls (StaLa BW 2018: 13.0 % vs 8.2 %)
    defer_score = 0.47 * boy + 0.45 * p.nongerman_language - 0.55 * p.ability + 0.5 * late_born
    defer_p = DEFERRAL * np.exp(defer_score) / np.exp(defer_score).mean()
    early_score = 0.9 * np.isin(bm, (10, 11, 12)) + 0.5 * (p.sex == 1) + 0.7 * p.ability
    early_p = _rate(EARLY, regular - 1) * np.exp(early_score) / np.exp(early_score).mean()
    u = rng.uniform(size=n)
    kind = np.where(u < defer_p, 53, np.where(u < defer_p + early_p, 52, 51))
    entry_year = regular + np.where(kind == 53, 1, np.where(kind == 52, -1, 0))
    # the lowest-ability 3.2 % (with noise) start in a Förderschule
    fs_score = p.ability + rng.normal(0, 0.45, n)
    special = fs_score < np.quantile(fs_score, SPECIAL_SCHOOL_ENTRY) if n else fs_score < 0
    kind = np.where(special & (kind == 52), 51, kind)
    entry_year = np.where(special & (kind == 51), regular, entry_year)
    sen = np.where(
        special,
        rng.choice(
            np.array(["LB", "GB", "SB", "KB", "EZ", "GH", "SH"]),
            n,
            p=[0.2, 0.3, 0.2, 0.1, 0.12, 0.04, 0.04],
        ),
        "",
    )

    # --- day care ----------------------------------------------------------------------------
    school_start = days_of(entry_year, 8, 1)
    u = rng.uniform(size=n)
    months = np.where(
        p.nongerman_language,
        np.interp(u, _care_curve(True), CARE_MONTHS, right=np.inf),
        np.interp(u, _care_curve(False), CARE_MONTHS, right=np.inf),
    )
    never = ~np.isfinite(months)
    months = np.where(never, 0, months)
    start = month_start(p.birth + (months * 30.44).astype(np.int64) + 31)
    arrival = np.where(p.arrive1 == p.birth, p.birth, p.arrive1)
    start = np.where(start < arrival, month_start(arrival + 62), start)
    has_care = ~never & (start < school_start) & ~p.commuter
    three = days_of(by + 3 + (bm > 7), 8, 1)  # the first 1 August after the third birthday
    tp = has_care & (months < 30) & (rng.uniform(size=n) < TAGESPFLEGE_SHARE_U30) & (start < three)
    end = school_start - 1
    care1_end = np.where(tp, np.minimum(three - 1, end), end)
    care2_start = np.where(tp & (three < school_start), three, OPEN_END)
    care2_end = np.where(care2_start < OPEN_END, end, OPEN_END)
    poor = rng.uniform(size=n) < p.benefit_p
    hp = np.where((p.nongerman_language | poor)[:, None], [0.1, 0.52, 0.38], [0.04, 0.42, 0.54])
    hours_kita = HOURS[(rng.uniform(size=n)[:, None] > np.cumsum(hp, axis=1)).sum(axis=1)]
    hours_tp = rng.choice(HOURS, n, p=[0.3, 0.45, 0.25])

    kita_at = np.where(tp, care2_start, start)
    kita_idx = _choose_kita(rng, p, geo, kita_at, has_care & (kita_at < OPEN_END))
    care1_kita = np.where(tp, -1, kita_idx)
    care2_kita = np.where(care2_start < OPEN_END, kita_idx, -1)

    # --- examinations ------------------------------------------------------------------------
    exam_year = np.where(kind == 52, regular - 1, regular)
    exam1 = days_of(exam_year - 1, 10, 1) + rng.integers(0, 240, n)
    advice1 = np.where(
        kind == 53,
        np.where(rng.uniform(size=n) < 0.85, 2, 1),
        np.where(kind == 52, np.where(rng.uniform(size=n) < 0.8, 3, 1), 1),
    )
    advice1 = np.where(special & (rng.uniform(size=n) < 0.75), 4, advice1)
    advice1 = np.where((advice1 == 1) & (rng.uniform(size=n) < 0.012), 4, advice1)
    exam2 = np.where(kind == 53, exam1 + 365, OPEN_END)
    advice2 = np.where(kind == 53, 1, 0)
    care_years = np.clip((exam1 - np.where(has_care, start, exam1)) / 365.25, 0, None)
    support = expit(-1.55 + 2.3 * p.nongerman_language - 0.3 * care_years - 0.45 * p.ses)
    support = support * LANGUAGE_SUPPORT / support.mean() if n else support
    u = rng.uniform(size=n)
    intensive = rng.uniform(size=n) < np.where(p.nongerman_language, 0.5, 0.3)
    language = np.where(u < support, np.where(intensive, 3, 2), 1)
    aid = (special & (rng.uniform(size=n) < 0.4)) | (rng.uniform(size=n) < 0.01)

    return EarlyYears(
        care1_start=np.where(has_care, start, OPEN_END),
        care1_end=np.where(has_care, care1_end, OPEN_END),
        care1_type=np.where(tp, 2, 1),
        care1_kita=care1_kita,
        care1_hours=np.where(tp, hours_tp, hours_kita),
        care2_start=np.where(has_care, care2_start, OPEN_END),
        care2_end=np.where(has_care, care2_end, OPEN_END),
        care2_kita=care2_kita,
        care2_hours=hours_kita,
        integration_aid=aid,
        regular_year=regular,
        entry_year=entry_year,
        entry_kind=kind,
        special_school_entry=special,
        sen_at_entry=sen,
        exam1_date=exam1,
        exam1_advice=advice1,
        exam2_date=exam2,
        exam2_advice=advice2,
        language=language,
    )


def _choose_kita(rng, p: Persons, geo: Geography, at: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """One of the three nearest Kitas open at the start of care, near the home block."""
    out = np.full(len(p), -1, dtype=np.int64)
    rows = np.flatnonzero(mask)
    if not len(rows):
        return out
    blocks = p.block_at(rows, at[rows])
    kitas = geo.kitas
    # Kitas open on 1 August and close on 31 July: the candidates depend on the Kita year
    kita_year = ymd(at[rows] - 212)[0]
    pick = rng.integers(0, 3, len(rows))
    for ky in np.unique(kita_year):
        sel = np.flatnonzero(kita_year == ky)
        ky = max(int(ky), 1990)  # the directory starts in 1990; earlier care uses it as is
        cands = np.flatnonzero(
            (kitas.valid_from <= day(ky, 8, 1)) & (kitas.valid_to >= day(ky + 1, 7, 31))
        )
        near = nearest(geo, blocks[sel], cands, k=3, institutions=kitas)
        out[rows[sel]] = cands[near[np.arange(len(sel)), np.minimum(pick[sel], near.shape[1] - 1)]]
    return out
