"""The municipality's geography and institutions: blocks, small areas, schools and Kitas.

Small areas do not nest (statistical districts, Sozialräume, polling districts and primary
school catchments cut across each other), poorer districts lie together, and institutions
open and close over the years, so that directories carry validity periods.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .dates import OPEN_END, day

# Validity changes of the small-area geography (raumbezug).
GEO_START = day(2000, 1, 1)
CATCHMENTS_FROM = day(2010, 8, 1)  # NRW: catchments optional again from 2010
SOZIALRAUM_REFORM = day(2015, 1, 1)
NEW_QUARTER = day(2018, 1, 1)  # a new housing quarter adds blocks

KITA_WORDS = (
    "Sonnenblümchen",
    "Pusteblume",
    "Regenbogen",
    "Wirbelwind",
    "Löwenzahn",
    "Zwergenstübchen",
    "Kleine Strolche",
    "Märchenland",
    "Schatzkiste",
    "Glühwürmchen",
    "Kunterbunt",
    "Spatzennest",
    "Bärenhöhle",
    "Flohkiste",
    "Wichtelhaus",
    "Apfelbäumchen",
    "Mühlenzwerge",
    "Rasselbande",
)
KITA_PREFIX = ("Kita", "Ev. Kita", "Kath. Kita", "AWO-Kita", "Familienzentrum", "DRK-Kita")
PLACE_WORDS = (
    "Am Mühlenbach",
    "An der Weißen Brücke",
    "Lindenstraße",
    "Am Schloßpark",
    "Fröbelstraße",
    "Am Ölberg",
    "Kastanienallee",
    "An der Gärtnerei",
    "Rosenhöhe",
    "Hünenburg",
    "Am Südring",
    "Brückenstraße",
    "Am Stadtgarten",
    "Heideblümchen",
    "Bültmannshof",
    "Königsbrügge",
    "Am Bürgerpark",
    "Jöllenbeck",
    "Sennestadt",
    "Quelle",
    "Gadderbaum",
    "Brackwede",
)
SCHOOL_TYPE_NAME = {
    "02": "Grundschule",
    "04": "Hauptschule",
    "08": "Förderschule",
    "10": "Realschule",
    "14": "Sekundarschule",
    "15": "Gesamtschule",
    "17": "Freie Waldorfschule",
    "20": "Gymnasium",
    "30": "Berufskolleg",
}


@dataclass
class Institutions:
    """Schools or Kitas as parallel arrays; times in days since 1970-01-01."""

    number: np.ndarray  # str: schulnr or einrichtung_nr
    name: np.ndarray  # str
    form: np.ndarray  # str: ASD school form ('02', ...) or 'KITA'
    carrier: np.ndarray  # str: 'O'/'P' for schools, KJH key for Kitas
    block: np.ndarray  # int index into Geography blocks
    places: np.ndarray  # int (Kitas) or 0
    valid_from: np.ndarray  # int day
    valid_to: np.ndarray  # int day (OPEN_END when open)
    intake_from: np.ndarray  # int school year of the first intake
    intake_to: np.ndarray  # int school year of the last intake


@dataclass
class Geography:
    block_code: np.ndarray  # str, 7 digits
    x: np.ndarray
    y: np.ndarray
    district: np.ndarray  # statistical district index
    city_district: np.ndarray  # Stadtbezirk index
    sozialraum_old: np.ndarray
    sozialraum_new: np.ndarray
    polling: np.ndarray
    block_from: np.ndarray  # day the block exists from
    deprivation: np.ndarray  # per block, standardised (higher = poorer)
    district_deprivation: np.ndarray  # per statistical district
    schools: Institutions
    kitas: Institutions
    catchment: np.ndarray  # per block: index of its primary school's catchment, -1 = none

    @property
    def n_blocks(self) -> int:
        return len(self.block_code)


def _grid_groups(x: np.ndarray, y: np.ndarray, n: int, size: float, shift: float) -> np.ndarray:
    """Group points into about n cells of a grid offset by `shift` (areas that do not nest)."""
    side = max(1, int(round(np.sqrt(n))))
    gx = np.clip(((x + shift) / size * side).astype(int), 0, side - 1)
    gy = np.clip(((y + shift * 0.7) / size * side).astype(int), 0, side - 1)
    raw = gx * side + gy
    _, dense = np.unique(raw, return_inverse=True)
    return dense


def build_geography(rng: np.random.Generator, factor: float) -> Geography:
    n_districts = max(4, int(round(72 * factor)))
    n_city = max(2, int(round(10 * factor)))
    blocks_per_district = 21
    size = 15.0 * np.sqrt(factor)  # km; the city grows in area with its population

    # districts: centres on a jittered grid, grouped into city districts by position
    side = int(np.ceil(np.sqrt(n_districts)))
    idx = np.arange(n_districts)
    cx = (idx % side + 0.5 + rng.uniform(-0.3, 0.3, n_districts)) / side * size
    cy = (idx // side + 0.5 + rng.uniform(-0.3, 0.3, n_districts)) / side * size
    city_of_district = _grid_groups(cx, cy, n_city, size, 0.0)
    # poorer in the north-east, with district noise: a smooth social gradient plus pockets
    gradient = (cx + cy) / (2 * size)
    district_dep = 1.6 * gradient + rng.normal(0, 0.45, n_districts)
    district_dep = (district_dep - district_dep.mean()) / district_dep.std()

    n_blocks = n_districts * blocks_per_district
    district = np.repeat(idx, blocks_per_district)
    bx = np.clip(cx[district] + rng.normal(0, size / side * 0.3, n_blocks), 0, size)
    by = np.clip(cy[district] + rng.normal(0, size / side * 0.3, n_blocks), 0, size)
    within = np.tile(np.arange(blocks_per_district), n_districts)
    block_code = np.char.add(
        np.char.zfill((district + 1).astype(str), 4), np.char.zfill((within + 1).astype(str), 3)
    )
    block_dep = district_dep[district] + rng.normal(0, 0.35, n_blocks)
    block_from = np.full(n_blocks, GEO_START)
    # the last block of every fourth district belongs to a new housing quarter
    new_quarter = (within == blocks_per_district - 1) & (district % 4 == 0)
    block_from[new_quarter] = NEW_QUARTER

    soz_old = _grid_groups(bx, by, max(3, int(round(30 * factor))), size, size * 0.05)
    soz_new = _grid_groups(bx, by, max(3, int(round(34 * factor))), size, size * 0.11)
    polling = _grid_groups(bx, by, max(4, int(round(173 * factor))), size, size * 0.03)

    schools = _build_schools(rng, factor, bx, by, block_dep, block_from)
    kitas = _build_kitas(rng, factor, n_blocks, block_from)
    geo = Geography(
        block_code=block_code,
        x=bx,
        y=by,
        district=district,
        city_district=city_of_district[district],
        sozialraum_old=soz_old,
        sozialraum_new=soz_new,
        polling=polling,
        block_from=block_from,
        deprivation=block_dep,
        district_deprivation=district_dep,
        schools=schools,
        kitas=kitas,
        catchment=np.full(n_blocks, -1),
    )
    primaries = np.flatnonzero(schools.form == "02")
    geo.catchment = primaries[nearest(geo, np.arange(n_blocks), primaries, k=1)[:, 0]]
    return geo


# (form, count at factor 1, intake changes: list of (share of schools, intake_from, intake_to))
_SCHOOL_PLAN = (
    ("02", 45, ((0.96, 1990, 9999), (0.02, 1990, 2009), (0.02, 2018, 9999))),
    ("04", 4, ((0.25, 1990, 9999), (0.5, 1990, 2011), (0.25, 1990, 2016))),
    ("08", 8, ((0.75, 1990, 9999), (0.25, 1990, 2014))),
    ("10", 6, ((0.84, 1990, 9999), (0.16, 1990, 2014))),
    ("14", 3, ((0.67, 2012, 9999), (0.33, 2017, 9999))),
    ("15", 7, ((0.72, 1990, 9999), (0.14, 2013, 9999), (0.14, 2019, 9999))),
    ("17", 1, ((1.0, 1990, 9999),)),
    ("20", 10, ((1.0, 1990, 9999),)),
    ("30", 7, ((1.0, 1990, 9999),)),
)


def _build_schools(rng, factor, bx, by, block_dep, block_from) -> Institutions:
    rows = []
    serial = 0
    for form, count, plan in _SCHOOL_PLAN:
        n_form = max(1, int(round(count * factor)))
        shares = np.array([p[0] for p in plan])
        counts = np.floor(shares * n_form).astype(int)
        counts[0] += n_form - counts.sum()
        for (_, intake_from, intake_to), n in zip(plan, counts, strict=True):
            for _ in range(n):
                serial += 1
                rows.append((form, intake_from, intake_to, serial))
    n = len(rows)
    form = np.array([r[0] for r in rows])
    intake_from = np.array([r[1] for r in rows])
    intake_to = np.array([r[2] for r in rows])
    # Hauptschulen and Förderschulen lie more often in poorer blocks
    weights = np.ones((n, len(bx)))
    poor = np.isin(form, ("04", "08"))
    weights[poor] = np.exp(0.8 * block_dep)[None, :]
    weights[:, block_from > GEO_START] = 0.0
    late_primary = (form == "02") & (intake_from >= 2018)
    weights[late_primary] = 0.0
    weights[np.ix_(late_primary, block_from > GEO_START)] = 1.0
    cum = np.cumsum(weights, axis=1)
    pick = (cum < rng.uniform(0, 1, n)[:, None] * cum[:, -1:]).sum(axis=1)
    number = np.array([f"{100000 + 1000 * int(f) + i:06d}" for i, f in enumerate(form)])
    words = rng.choice(PLACE_WORDS, n)
    name = np.array([f"{SCHOOL_TYPE_NAME[f]} {w}" for f, w in zip(form, words, strict=True)])
    carrier = np.where(form == "17", "P", np.where(rng.uniform(size=n) < 0.06, "P", "O"))
    valid_from = np.array(
        [day(int(y), 8, 1) if y >= 2000 else day(1970, 8, 1) for y in intake_from]
    )
    # a school that stops its intake runs out once its last intake has left (up to 9 years)
    years_to_run = np.where(form == "02", 5, np.where(form == "08", 11, 8))
    valid_to = np.array(
        [
            day(int(y + r), 7, 31) if y < 9999 else OPEN_END
            for y, r in zip(intake_to, years_to_run, strict=True)
        ]
    )
    return Institutions(
        number=number,
        name=name,
        form=form,
        carrier=carrier,
        block=pick,
        places=np.zeros(n, dtype=int),
        valid_from=valid_from.astype(np.int64),
        valid_to=np.asarray(valid_to, dtype=np.int64),
        intake_from=intake_from,
        intake_to=intake_to,
    )


def _build_kitas(rng, factor, n_blocks, block_from) -> Institutions:
    # the Kita expansion after the 2013 entitlement for under-threes: 150 old, 40 new
    n_old = max(2, int(round(150 * factor)))
    n_new = max(1, int(round(40 * factor)))
    n = n_old + n_new
    opened = np.concatenate([np.full(n_old, 1990), rng.integers(2008, 2021, n_new)])
    closed = np.full(n, 9999)
    closing = rng.choice(n_old, max(1, n_old // 30), replace=False)
    closed[closing] = rng.integers(2009, 2022, len(closing))
    eligible = np.flatnonzero(block_from <= GEO_START)
    block = rng.choice(eligible, n)
    number = np.array([f"5{i + 1:05d}" for i in range(n)])
    name = np.array(
        [
            f"{p} {w}"
            for p, w in zip(rng.choice(KITA_PREFIX, n), rng.choice(KITA_WORDS, n), strict=True)
        ]
    )
    # KJH carrier keys: mostly free carriers (churches, welfare), about a quarter public (01)
    carrier = rng.choice(
        np.array(["01", "02", "03", "04", "05", "06", "07", "08", "12"]),
        n,
        p=[0.25, 0.1, 0.08, 0.07, 0.18, 0.17, 0.05, 0.05, 0.05],
    )
    places = rng.integers(3, 13, n) * 10
    valid_from = np.array([day(max(int(y), 1990), 8, 1) for y in opened], dtype=np.int64)
    valid_to = np.array(
        [OPEN_END if c == 9999 else day(int(c), 7, 31) for c in closed], dtype=np.int64
    )
    return Institutions(
        number=number,
        name=name,
        form=np.full(n, "KITA"),
        carrier=carrier,
        block=block,
        places=places,
        valid_from=valid_from,
        valid_to=valid_to,
        intake_from=opened,
        intake_to=closed - 1,
    )


def nearest_points(px, py, qx, qy, k: int = 3) -> np.ndarray:
    """Indices into q of the k nearest q-points for each p-point, in chunks so that the
    distance matrix stays small at the `land` scale."""
    k = min(k, len(qx))
    out = np.empty((len(px), k), dtype=np.int64)
    step = max(1, 4_000_000 // max(1, len(qx)))
    for start in range(0, len(px), step):
        sl = slice(start, start + step)
        d = (px[sl, None] - qx[None, :]) ** 2 + (py[sl, None] - qy[None, :]) ** 2
        part = (
            np.argpartition(d, k - 1, axis=1)[:, :k]
            if k < len(qx)
            else np.tile(np.arange(len(qx)), (d.shape[0], 1))
        )
        order = np.take_along_axis(d, part, axis=1).argsort(axis=1, kind="stable")
        out[sl] = np.take_along_axis(part, order, axis=1)
    return out


def nearest(
    geo: Geography,
    blocks: np.ndarray,
    candidates: np.ndarray,
    k: int = 3,
    institutions: Institutions | None = None,
) -> np.ndarray:
    """Indices into `candidates` of the k institutions nearest to each block."""
    inst = institutions or geo.schools
    qb = inst.block[candidates]
    return nearest_points(geo.x[blocks], geo.y[blocks], geo.x[qb], geo.y[qb], k)
