"""After general school: vocational programmes by iABE sector, university, and benefit receipt.

First steps by certificate follow the iABE sector shares (Destatis/BIBB 2023–24) and the prior
certificates of new dual apprentices (BIBB 2018); benefit receipt runs in persistent spells
with Bildung-und-Teilhabe take-up among eligible children.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import ndtr, ndtri

from .dates import age_years, day
from .geography import Geography, nearest
from .population import Persons
from .school import ABITUR, EESA, ESA, FHR_S, FOEG, FOEL, MSA, MSA_Q, OA, WALDC, SchoolCareer

STEPS = np.array(
    ["A-DUAL", "B-BFS-VQ", "A-AV", "B-BFS-GB", "C-HBFS", "C-FOS", "D-BG", "E-FS", "UNI", "NONE"]
)
DURATION = {
    "A-DUAL": (3, 2),
    "B-BFS-VQ": (3, 3),
    "A-AV": (1, 1),
    "B-BFS-GB": (1, 2),
    "C-HBFS": (2, 2),
    "C-FOS": (2, 1),
    "D-BG": (3, 3),
    "E-FS": (2, 2),
}
_S = {s: i for i, s in enumerate(STEPS)}


def _row(**kw: float) -> np.ndarray:
    v = np.zeros(len(STEPS))
    for k, x in kw.items():
        v[_S[k.replace("_", "-")]] = x
    return v / v.sum()


FIRST_STEP = {
    OA: _row(A_DUAL=0.12, A_AV=0.55, B_BFS_GB=0.10, NONE=0.23),
    FOEL: _row(A_DUAL=0.08, A_AV=0.62, B_BFS_GB=0.05, NONE=0.25),
    FOEG: _row(A_AV=0.1, NONE=0.9),
    ESA: _row(A_DUAL=0.33, B_BFS_VQ=0.05, A_AV=0.15, B_BFS_GB=0.30, NONE=0.17),
    EESA: _row(A_DUAL=0.38, B_BFS_VQ=0.10, A_AV=0.12, B_BFS_GB=0.28, NONE=0.12),
    MSA: _row(
        A_DUAL=0.42, B_BFS_VQ=0.16, B_BFS_GB=0.08, C_HBFS=0.08, C_FOS=0.10, D_BG=0.08, NONE=0.08
    ),
    MSA_Q: _row(A_DUAL=0.35, B_BFS_VQ=0.10, C_HBFS=0.05, C_FOS=0.15, D_BG=0.25, NONE=0.10),
    FHR_S: _row(A_DUAL=0.38, B_BFS_VQ=0.10, C_FOS=0.05, UNI=0.35, NONE=0.12),
    ABITUR: _row(A_DUAL=0.30, B_BFS_VQ=0.07, UNI=0.55, NONE=0.08),
    WALDC: _row(
        A_DUAL=0.30, B_BFS_VQ=0.10, B_BFS_GB=0.1, C_HBFS=0.1, C_FOS=0.1, D_BG=0.1, NONE=0.2
    ),
}
NEXT_STEP = {
    "A-AV": _row(A_DUAL=0.40, B_BFS_GB=0.25, NONE=0.35),
    "B-BFS-GB": _row(A_DUAL=0.50, B_BFS_VQ=0.10, C_FOS=0.05, NONE=0.35),
    "A-DUAL": _row(E_FS=0.06, NONE=0.94),
    "B-BFS-VQ": _row(A_DUAL=0.10, NONE=0.90),
    "C-HBFS": _row(UNI=0.45, A_DUAL=0.30, NONE=0.25),
    "C-FOS": _row(UNI=0.45, A_DUAL=0.30, NONE=0.25),
    "D-BG": _row(UNI=0.60, A_DUAL=0.25, NONE=0.15),
    "E-FS": _row(NONE=1.0),
}
MAX_PROGRAMMES = 3
COMMUTER_KEEPS_BK = 0.5


@dataclass
class AfterSchool:
    prog: np.ndarray  # (n, 3) index into STEPS, -1 none
    start: np.ndarray  # (n, 3) school year of entry
    duration: np.ndarray  # (n, 3)
    bk_school: np.ndarray  # (n, 3) school index
    first_step: np.ndarray  # index into STEPS of the first step after general school
    first_step_year: np.ndarray  # school year of the first step, -1 none
    university_year: np.ndarray  # school year of entering university, -1 never
    commuter_keeps_bk: np.ndarray


def _draw(rng, probs: np.ndarray) -> np.ndarray:
    return (
        (rng.uniform(size=len(probs))[:, None] > np.cumsum(probs, axis=1))
        .sum(axis=1)
        .clip(0, len(STEPS) - 1)
    )


def simulate_after_school(
    rng: np.random.Generator, p: Persons, c: SchoolCareer, geo: Geography
) -> AfterSchool:
    n = len(p)
    prog = np.full((n, MAX_PROGRAMMES), -1, dtype=np.int64)
    start = np.full((n, MAX_PROGRAMMES), -1, dtype=np.int64)
    dur = np.zeros((n, MAX_PROGRAMMES), dtype=np.int64)
    school = np.full((n, MAX_PROGRAMMES), -1, dtype=np.int64)
    uni = np.full(n, -1, dtype=np.int64)
    left = c.leave_year >= 0
    probs = np.zeros((n, len(STEPS)))
    probs[:, _S["NONE"]] = 1.0
    for cert, row in FIRST_STEP.items():
        probs[left & (c.leave_cert == cert)] = row
    step = np.where(left, _draw(rng, probs), _S["NONE"])
    gap = np.where(rng.uniform(size=n) < 0.88, 1, 2)
    when = c.leave_year + gap
    first_step = step.copy()
    first_year = np.where(step != _S["NONE"], when, -1)
    bks = np.flatnonzero(geo.schools.form == "30")
    for k in range(MAX_PROGRAMMES):
        is_uni = step == _S["UNI"]
        uni = np.where(is_uni & (uni < 0), when, uni)
        active = (step != _S["NONE"]) & ~is_uni
        rows = np.flatnonzero(active)
        if not len(rows):
            break
        prog[rows, k] = step[rows]
        start[rows, k] = when[rows]
        names = STEPS[step[rows]]
        short = rng.uniform(size=len(rows)) < 0.25
        d = np.array([DURATION[s][int(sh)] for s, sh in zip(names, short, strict=True)])
        dur[rows, k] = d
        blocks = p.block_at(rows, np.array([day(int(y), 8, 1) for y in when[rows]]))
        near = nearest(geo, blocks, bks, k=min(2, len(bks)))
        school[rows, k] = bks[near[np.arange(len(rows)), rng.integers(0, near.shape[1], len(rows))]]
        nxt = np.zeros((len(rows), len(STEPS)))
        for name, row in NEXT_STEP.items():
            nxt[names == name] = row
        step = np.full(n, _S["NONE"])
        step[rows] = _draw(rng, nxt)
        when = np.full(n, -1)
        extra_gap = np.where(STEPS[step[rows]] == "E-FS", 2, 0)
        when[rows] = start[rows, k] + d + extra_gap
    uni = np.where((step == _S["UNI"]) & (uni < 0), when, uni)
    return AfterSchool(
        prog=prog,
        start=start,
        duration=dur,
        bk_school=school,
        first_step=first_step,
        first_step_year=first_year,
        university_year=uni,
        commuter_keeps_bk=rng.uniform(size=n) < COMMUTER_KEEPS_BK,
    )


@dataclass
class Benefit:
    months: dict[int, np.ndarray]  # year -> months of benefit receipt (0 = none)


def simulate_benefit(rng: np.random.Generator, p: Persons, first: int, last: int) -> Benefit:
    """Persistent benefit spells: a latent AR(1) process crosses the person's threshold."""
    n = len(p)
    threshold = ndtri(np.clip(p.benefit_p, 1e-6, 1 - 1e-6))
    z = rng.normal(size=n)
    months = {}
    for year in range(first, last + 1):
        z = 0.85 * z + np.sqrt(1 - 0.85**2) * rng.normal(size=n)
        in_benefit = z < threshold
        full = ndtr(threshold - z) > 0.3
        m = np.where(full, 12, rng.integers(1, 12, n))
        months[year] = np.where(in_benefit, m, 0)
    return Benefit(months=months)


def but_months(
    rng, months: np.ndarray, age: np.ndarray, in_education: np.ndarray, full_day: np.ndarray
) -> dict[str, np.ndarray]:
    """Bildung-und-Teilhabe take-up among eligible children, as months with each benefit."""
    n = len(months)
    school_age = in_education & (age >= 6)

    def take(p_take, eligible):
        taken = eligible & (rng.uniform(size=n) < p_take)
        share = rng.uniform(0.5, 1.0, n)
        return np.where(taken, np.maximum(1, np.round(months * share)).astype(int), 0)

    return {
        "but_lernfoerderung": take(0.06, school_age),
        "but_mittagessen": take(np.where(full_day, 0.55, 0.15), in_education),
        "but_ausfluege": take(0.30, in_education),
        "but_schulbedarf": take(0.85, school_age),
        "but_teilhabe": take(0.15, age < 18),
    }


__all__ = ["simulate_after_school", "simulate_benefit", "but_months", "age_years"]
