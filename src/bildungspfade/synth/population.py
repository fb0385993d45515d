"""Persons and where they live: the stock at the start, births, arrivals, departures, returns,
deaths and moves within the city. All vectorised over persons; the only loop is over years."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .dates import OPEN_END, age_years, day, ymd
from .geography import Geography

# Births per year in a city of 300,000 (about 9.5 per 1,000), by calendar year; in between linear.
BIRTHS = {2000: 2700, 2005: 2700, 2012: 2850, 2016: 3050, 2021: 3050, 2024: 2800, 2030: 2800}
# Stock at the start, per year of age, at factor 1 (about 80,000 under 27).
STOCK_CHILD = 2750
STOCK_ADULT = 3600
# Yearly hazard of moving away, and yearly arrivals per stock, by age band (calibration.md).
OUT_RATE = [(0, 0.06), (6, 0.035), (18, 0.08), (25, 0.10)]
IN_RATE = [(0, 0.047), (6, 0.030), (18, 0.06), (19, 0.12), (25, 0.09)]
WITHIN_RATE = [(0, 0.12), (6, 0.07), (18, 0.15)]
RETURN_SHARE = 0.10
# Extra refugee arrivals (share of the stock, all ages under 27) and their main nationalities.
REFUGEES = {
    2015: (0.025, ("SYR", "AFG", "IRQ", "ERI")),
    2016: (0.015, ("SYR", "AFG", "IRQ")),
    2022: (0.015, ("UKR",)),
}
NATIONALITIES = np.array(
    [
        "TUR",
        "POL",
        "ROU",
        "ITA",
        "GRC",
        "BGR",
        "SYR",
        "IRQ",
        "SRB",
        "RUS",
        "HRV",
        "KOS",
        "MAR",
        "ESP",
        "PRT",
        "UKR",
        "AFG",
        "NLD",
    ]
)
NATIONALITY_P = np.array([28, 11, 8, 6, 5, 5, 5, 4, 4, 4, 3, 3, 3, 2, 2, 2, 3, 2], dtype=float)
MAX_AGE = 27  # the extracts cover residents under 27
BK_COMMUTERS = 0.30  # Berufskollegs serve the region: in-commuters per resident cohort


def _band(rates, ages):
    out = np.zeros(np.shape(ages))
    for start, rate in rates:
        out = np.where(ages >= start, rate, out)
    return out


def births_in(year: int) -> float:
    keys = sorted(BIRTHS)
    return float(np.interp(year, keys, [BIRTHS[k] for k in keys]))


@dataclass
class Entries:
    """How each person first comes into view: born here, already here, arriving, commuting."""

    kind: np.ndarray  # 0 stock, 1 birth, 2 arrival, 3 refugee, 4 commuter, 5 Berufskolleg only
    birth: np.ndarray  # day
    entry: np.ndarray  # day the person enters the city (or starts commuting)
    prior_arrival: np.ndarray  # day of an arrival before the history (stock), else OPEN_END
    refugee_nat: np.ndarray  # str nationality for refugees, '' otherwise

    def __len__(self) -> int:
        return len(self.kind)

    def take(self, sl: slice) -> Entries:
        return Entries(
            *(
                getattr(self, f)[sl]
                for f in ("kind", "birth", "entry", "prior_arrival", "refugee_nat")
            )
        )


def _uniform_days(rng, start, end, n):
    return rng.integers(start, end, n) if n else np.zeros(0, dtype=np.int64)


def build_entries(rng: np.random.Generator, factor: float, first: int, last: int) -> Entries:
    kinds, births, entries, prior, nat = [], [], [], [], []
    start = day(first, 1, 1)

    def add(kind, b, e, p=None, n_=None):
        kinds.append(np.full(len(b), kind, dtype=np.int8))
        births.append(b)
        entries.append(e)
        prior.append(p if p is not None else np.full(len(b), OPEN_END, dtype=np.int64))
        nat.append(n_ if n_ is not None else np.full(len(b), "", dtype="U3"))

    # stock on 1 Jan of the first year, ages 0..26
    for age in range(MAX_AGE):
        size = (
            STOCK_CHILD
            if age < 18
            else STOCK_CHILD + (STOCK_ADULT - STOCK_CHILD) * min(1.0, (age - 17) / 4)
        )
        n = rng.poisson(size * factor)
        b = _uniform_days(rng, day(first - 1 - age, 1, 1), day(first - age, 1, 1), n)
        native = rng.uniform(size=n) < 0.9 - 0.015 * age
        arrived = b + (rng.uniform(size=n) * (start - b)).astype(np.int64)
        add(0, b, np.full(n, start, dtype=np.int64), np.where(native, OPEN_END, arrived))

    for year in range(first, last + 1):
        y0, y1 = day(year, 1, 1), day(year + 1, 1, 1)
        n = rng.poisson(births_in(year) * factor)
        b = _uniform_days(rng, y0, y1, n)
        add(1, b, b)
        for age in range(MAX_AGE):
            base = STOCK_CHILD if age < 18 else STOCK_ADULT
            n = rng.poisson(float(_band(IN_RATE, age)) * base * factor)
            e = _uniform_days(rng, y0, y1, n)
            add(2, e - rng.integers(age * 365 + 1, (age + 1) * 365, n), e)
            if year in REFUGEES:
                share, nats = REFUGEES[year]
                n = rng.poisson(share * base * factor)
                e = _uniform_days(rng, y0, y1, n)
                add(
                    3,
                    e - rng.integers(age * 365 + 1, (age + 1) * 365, n),
                    e,
                    None,
                    rng.choice(np.array(nats), n),
                )
    # pupils living outside the city who attend its secondary schools (kind 4), and young
    # people from the region who come only to its Berufskollegs (kind 5): a share of each cohort
    for kind, share in ((4, 0.06), (5, BK_COMMUTERS)):
        for year in range(first - 22, last - 9):
            n = rng.poisson(share * STOCK_CHILD * factor)
            b = _uniform_days(rng, day(year, 1, 1), day(year + 1, 1, 1), n)
            add(kind, b, b)
    return Entries(
        np.concatenate(kinds),
        np.concatenate(births),
        np.concatenate(entries),
        np.concatenate(prior),
        np.concatenate(nat),
    )


@dataclass
class Persons:
    """One chunk of persons with fixed attributes and their residence history."""

    person_id: np.ndarray  # global id, int64
    kind: np.ndarray
    birth: np.ndarray
    sex: np.ndarray  # 0 male, 1 female, 2 diverse, 3 not stated (register codes 1/2/3/7)
    mig: np.ndarray  # MigraPro: 0 German without, 1 foreign national, 2 German with
    nationality: np.ndarray  # ISO3
    nongerman_language: np.ndarray  # bool: family language not German
    ses: np.ndarray  # latent social position (higher = better off)
    ability: np.ndarray  # latent school ability
    benefit_p: np.ndarray  # yearly probability of benefit receipt
    commuter: np.ndarray  # bool: never resident, attends city schools (kinds 4 and 5)

    @property
    def general_school_visible(self) -> np.ndarray:
        """Commuters of kind 5 go to general school elsewhere: their records are not ours."""
        return self.kind != 5

    # residence: up to two spells [arrive, leave); OPEN_END when not applicable
    arrive1: np.ndarray
    leave1: np.ndarray
    arrive2: np.ndarray
    leave2: np.ndarray
    death: np.ndarray  # day or OPEN_END
    prior_arrival: np.ndarray  # arrival before the history for stock persons
    block1: np.ndarray  # block at arrive1
    block2: np.ndarray  # block at arrive2
    # moves within the city: parallel arrays sorted by (person row, date)
    move_row: np.ndarray
    move_date: np.ndarray
    move_from: np.ndarray
    move_to: np.ndarray
    _birth_parts: tuple[np.ndarray, np.ndarray] | None = None

    def __len__(self) -> int:
        return len(self.person_id)

    def resident_at(self, at) -> np.ndarray:
        at = np.asarray(at)
        return ((self.arrive1 <= at) & (at < self.leave1)) | (
            (self.arrive2 <= at) & (at < self.leave2)
        )

    def age_at(self, at, rows: np.ndarray | None = None) -> np.ndarray:
        """Completed years of age at a date (a day number, or one per row), for all persons or
        the given rows. Birth dates are split once per chunk: ages are asked for hundreds of
        times."""
        if self._birth_parts is None:
            by, bm, bd = ymd(self.birth)
            self._birth_parts = (by, bm * 100 + bd)
        by, bmd = self._birth_parts
        if rows is not None:
            by, bmd = by[rows], bmd[rows]
        if np.ndim(at) == 0:
            ay, am, ad = ymd(np.array([at]))
            ay, amd = int(ay[0]), int(am[0] * 100 + ad[0])
        else:
            ay, am, ad = ymd(np.asarray(at))
            amd = am * 100 + ad
        return ay - by - (amd < bmd).astype(int)

    def resident_rows(self, rows: np.ndarray, at: np.ndarray) -> np.ndarray:
        """Whether each given person row is resident at its own date."""
        return ((self.arrive1[rows] <= at) & (at < self.leave1[rows])) | (
            (self.arrive2[rows] <= at) & (at < self.leave2[rows])
        )

    def block_at(self, rows: np.ndarray, at: np.ndarray) -> np.ndarray:
        """Block of each person row at a date (valid only where resident)."""
        rows = np.asarray(rows)
        at = np.broadcast_to(np.asarray(at), rows.shape)
        base = np.where(at >= self.arrive2[rows], self.block2[rows], self.block1[rows])
        spell_start = np.where(at >= self.arrive2[rows], self.arrive2[rows], self.arrive1[rows])
        if len(self.move_row) == 0:
            return base
        key = self.move_row.astype(np.int64) * 4_000_000 + self.move_date
        q = rows.astype(np.int64) * 4_000_000 + at
        pos = np.searchsorted(key, q, side="right") - 1
        ok = pos >= 0
        posc = np.clip(pos, 0, None)
        hit = ok & (self.move_row[posc] == rows) & (self.move_date[posc] >= spell_start)
        return np.where(hit, self.move_to[posc], base)


class BlockPicker:
    """Chooses blocks by social similarity: blocks sorted by deprivation, a target rank near
    the current one, so that poorer families mostly stay in poorer areas."""

    def __init__(self, geo: Geography):
        self.geo = geo
        self.order = np.argsort(geo.deprivation, kind="stable")
        self.rank = np.empty_like(self.order)
        self.rank[self.order] = np.arange(len(self.order))

    def near_rank(self, rng, rank_share: np.ndarray, spread: float, at: np.ndarray) -> np.ndarray:
        n = len(self.order)
        target = np.clip(rank_share + rng.normal(0, spread, len(rank_share)), 0, 0.9999)
        blocks = self.order[(target * n).astype(np.int64)]
        return self.available(blocks, at)

    def weighted(self, rng, weights: np.ndarray, size: int, at: np.ndarray) -> np.ndarray:
        p = weights / weights.sum()
        return self.available(rng.choice(len(p), size, p=p), at)

    def available(self, blocks: np.ndarray, at) -> np.ndarray:
        # a block of the new quarter is not there before it is built: take its district's
        # previous block instead (the new block is always the last one of its district)
        early = self.geo.block_from[blocks] > np.broadcast_to(at, blocks.shape)
        return np.where(early, blocks - 1, blocks)


def _logistic(x):
    return 1.0 / (1.0 + np.exp(-x))


def build_persons(
    rng: np.random.Generator, geo: Geography, entries: Entries, first_id: int, first: int, last: int
) -> Persons:
    n = len(entries)
    picker = BlockPicker(geo)
    kind, birth, entry = entries.kind, entries.birth, entries.entry
    commuter = kind >= 4
    hist_end = day(last + 1, 1, 1)

    # where each person first lives: births and the stock where children are born (poorer
    # blocks have more births), refugees in poorer blocks, other arrivals anywhere
    dep = geo.deprivation
    block1 = np.empty(n, dtype=np.int64)
    groups = ((kind <= 1) | commuter, kind == 2, kind == 3)
    weights = (np.exp(0.35 * dep), np.ones_like(dep), np.exp(0.9 * dep))
    for mask, w in zip(groups, weights, strict=True):
        idx = np.flatnonzero(mask)
        block1[idx] = picker.weighted(rng, w, len(idx), entry[idx])

    # migration background from the neighbourhood; refugees are foreign nationals
    bdep = dep[block1]
    a = np.exp(-2.1 + 0.7 * bdep)
    b = np.exp(-0.95 + 0.45 * bdep)
    u = rng.uniform(size=n)
    mig = np.where(u < a / (1 + a + b), 1, np.where(u < (a + b) / (1 + a + b), 2, 0))
    mig = np.where(kind == 3, np.where(rng.uniform(size=n) < 0.95, 1, 2), mig)
    mig = np.where((kind == 2) & (rng.uniform(size=n) < 0.25), 1, mig)
    nationality = np.where(
        mig == 1, rng.choice(NATIONALITIES, n, p=NATIONALITY_P / NATIONALITY_P.sum()), "DEU"
    )
    nationality = np.where(kind == 3, entries.refugee_nat, nationality)
    p_lang = np.choose(mig, [0.02, 0.85, 0.62])
    nongerman = rng.uniform(size=n) < p_lang

    su = rng.uniform(size=n)
    sex = np.where(su < 0.513, 0, np.where(su < 0.9996, 1, np.where(su < 0.9998, 2, 3)))
    ses = (
        -0.6 * bdep
        - 0.45 * (mig == 1)
        - 0.2 * (mig == 2)
        - 0.6 * (kind == 3)
        + rng.normal(0, 0.8, n)
    )
    ability = 0.45 * ses + rng.normal(0, 0.9, n)
    ability = (ability - ability.mean()) / ability.std()
    benefit_p = _logistic(-2.35 - 1.9 * ses + 1.2 * (kind == 3))

    # residence: yearly hazards of moving away and dying, one possible return
    # the stock lived here before the history starts: since birth, or since an earlier move-in
    arrive1 = np.where(
        commuter,
        OPEN_END,
        np.where(
            kind == 0,
            np.where(entries.prior_arrival < OPEN_END, entries.prior_arrival, birth),
            entry,
        ),
    )
    leave1 = np.full(n, OPEN_END, dtype=np.int64)
    arrive2 = np.full(n, OPEN_END, dtype=np.int64)
    leave2 = np.full(n, OPEN_END, dtype=np.int64)
    death = np.full(n, OPEN_END, dtype=np.int64)
    block2 = block1.copy()
    mv_row, mv_date, mv_from, mv_to = [], [], [], []
    current = block1.copy()
    for year in range(first, last + 1):
        y0, y1 = day(year, 1, 1), day(year + 1, 1, 1)
        age = age_years(birth, day(year, 7, 1))
        in_first = (arrive1 < y1) & (leave1 == OPEN_END)
        in_second = (arrive2 < y1) & (leave2 == OPEN_END)
        resident = (in_first | in_second) & (death == OPEN_END) & (age < MAX_AGE + 1)
        from_day = np.maximum(np.where(in_second, arrive2, arrive1), y0)
        span = np.maximum(y1 - from_day, 1)
        exposure = span / (y1 - y0)
        # deaths (infants 3 per 1,000, later 0.2 per 1,000)
        q = np.where(age < 1, 0.003, 0.0002) * exposure
        dies = resident & (rng.uniform(size=n) < q)
        death = np.where(dies, from_day + (rng.uniform(size=n) * span).astype(np.int64), death)
        leaves = resident & ~dies & (rng.uniform(size=n) < _band(OUT_RATE, age) * exposure)
        when = from_day + (rng.uniform(size=n) * span).astype(np.int64)
        first_leave = leaves & in_first & ~in_second
        leave1 = np.where(first_leave, when, leave1)
        leave2 = np.where(leaves & in_second, when, leave2)
        comes_back = first_leave & (rng.uniform(size=n) < RETURN_SHARE)
        back = when + rng.integers(365, 5 * 365, n)
        back_ok = comes_back & (back < hist_end) & (age < MAX_AGE - 2)
        arrive2 = np.where(back_ok, back, arrive2)
        staying = resident & ~dies & ~leaves
        # moves within the city: mostly to socially similar blocks
        moves = staying & (rng.uniform(size=n) < _band(WITHIN_RATE, age) * exposure)
        rows = np.flatnonzero(moves)
        if len(rows):
            mdate = from_day[rows] + (rng.uniform(size=len(rows)) * span[rows]).astype(np.int64)
            src = current[rows]
            dst = picker.near_rank(rng, picker.rank[src] / len(picker.rank), 0.12, mdate)
            same = dst != src
            mv_row.append(rows[same])
            mv_date.append(mdate[same])
            mv_from.append(src[same])
            mv_to.append(dst[same])
            current[rows[same]] = dst[same]
        ret_rows = np.flatnonzero(back_ok)
        if len(ret_rows):
            block2[ret_rows] = picker.weighted(
                rng, np.ones_like(dep), len(ret_rows), back[ret_rows]
            )
            current[ret_rows] = block2[ret_rows]
    # a death ends whichever spell is open
    leave1 = np.where((death < leave1) & (death >= arrive1), death, leave1)
    leave2 = np.where((death < leave2) & (death >= arrive2), death, leave2)
    arrive2 = np.where(death < arrive2, OPEN_END, arrive2)

    if mv_row:
        r, d = np.concatenate(mv_row), np.concatenate(mv_date)
        f_, t_ = np.concatenate(mv_from), np.concatenate(mv_to)
        order = np.lexsort((d, r))
        r, d, f_, t_ = r[order], d[order], f_[order], t_[order]
        # a move belongs to a residence spell: drop those after leaving or before arriving
        inside = ((d >= arrive1[r]) & (d < leave1[r])) | ((d >= arrive2[r]) & (d < leave2[r]))
        r, d, f_, t_ = r[inside], d[inside], f_[inside], t_[inside]
    else:
        r = d = f_ = t_ = np.zeros(0, dtype=np.int64)
    return Persons(
        person_id=np.arange(first_id, first_id + n, dtype=np.int64),
        kind=kind,
        birth=birth,
        sex=sex,
        mig=mig,
        nationality=nationality,
        nongerman_language=nongerman,
        ses=ses,
        ability=ability,
        benefit_p=benefit_p,
        commuter=commuter,
        arrive1=arrive1,
        leave1=leave1,
        arrive2=arrive2,
        leave2=leave2,
        death=death,
        prior_arrival=entries.prior_arrival,
        block1=block1,
        block2=block2,
        move_row=r,
        move_date=d,
        move_from=f_,
        move_to=t_,
    )
