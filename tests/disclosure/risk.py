"""Disclosure risk of a published layer under any method, measured by differencing attacks.

The attacker reads only published rows, the public geography (which intersections of the area
levels exist) and the method's public rules: under suppression the flags, under rounding the
base, under the Cell Key Method the perturbation table (not the record keys). Two attacks:

- indicators (disclosure_attacker.intervals): every published cell of one indicator and year,
  all area levels that overlap (statistical districts, Sozialräume, catchments, city
  districts, city) and every subgroup against `alle`, in one linear programme;
- pathways: the Sankey links of one cohort group, one step against the next (the persons
  arriving at a node are the persons leaving it), e.g. "vorzeitig eingeschult -> Realschule"
  = grade-5 Realschule total minus the flows from the other entry nodes.

For every true count of 1 .. min_cell-1 (the truth from the restricted marts, used only to
score) the attacker's interval is computed; a count is *determined* when the interval,
rounded inward to integers, holds one value. The attacker's best estimate of a count is the
middle of the interval. Used by tests/disclosure/test_risk.py and benchmarks/bench_disclosure.py.
"""

from __future__ import annotations

import importlib.util
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import linprog

from tests.disclosure.disclosure_attacker import LEVELS, intervals

MIN_CELL = 3
TOL = 1e-6
PATHWAYS_MODEL = Path(__file__).resolve().parents[2] / "models" / "published" / "pub_pathways.py"


@dataclass
class Attacked:
    where: str  # indicator and year, or pathway cohort group
    key: tuple
    true: int
    low: float
    high: float

    @property
    def determined(self) -> bool:
        if math.isinf(self.high):
            return False
        return math.ceil(self.low - TOL) >= math.floor(self.high + TOL)

    @property
    def estimate(self) -> float:
        return (self.low + self.high) / 2


def preimage_for(method: str, ptable: pd.DataFrame | None = None, base: int = 5):
    """Published count -> (lowest, highest) true count it can stand for; None: exact."""
    if method == "suppression":
        return None
    if method == "rounding":
        return lambda p: (max(0, p - base // 2), p + base // 2)
    last = int(ptable.count_class.max())
    deviations = {i: set(ptable.loc[ptable.count_class == i, "deviation"]) for i in range(last + 1)}
    reach = int(ptable.deviation.abs().max())

    def preimage(p: int) -> tuple[int, int]:
        found = [
            i for i in range(max(0, p - reach), p + reach + 1) if p - i in deviations[min(i, last)]
        ]
        if not found:
            raise ValueError(f"the perturbation table never publishes {p}")
        return min(found), max(found)

    return preimage


def geography(con, indicator: str, year: int) -> pd.DataFrame:
    """The public geography of a table: the intersections of the area levels that occur."""
    return con.execute(
        """select distinct city_district as stadtbezirk,
                  statistical_district as statistischer_bezirk, sozialraum,
                  catchment_area as grundschulbezirk
           from marts.fct_indicator_cases where indicator_code = ? and year = ?""",
        [indicator, year],
    ).df()[list(LEVELS)]


def indicator_attacks(con, indicator: str, year: int, preimage) -> list[Attacked]:
    """Every true small count (numerator of a row, 1 .. MIN_CELL-1) of one indicator table."""
    published = con.execute(
        "select * from published.pub_indicators where indicator_code = ? and year = ?",
        [indicator, year],
    ).df()
    area_cuts = geography(con, indicator, year)
    truth = con.execute(
        """select area_level, area_id, subgroup, subgroup_value, category, numerator_true
           from marts.fct_indicator_cells where indicator_code = ? and year = ?""",
        [indicator, year],
    ).df()
    small = truth[truth.numerator_true.between(1, MIN_CELL - 1)]
    keys = {(*k, "num") for k in small.drop(columns="numerator_true").itertuples(index=False)}
    true = {(*k[:5], "num"): int(k[5]) for k in small.itertuples(index=False)}
    found = intervals(published, area_cuts, "verteilung", MIN_CELL, preimage, keys)
    return [
        Attacked(f"{indicator} {year}", key, true[key], lo, hi)
        for key, (lo, hi, _flag) in found.items()
        if key in true
    ]


def _pathway_model():
    spec = importlib.util.spec_from_file_location("pub_pathways_model", PATHWAYS_MODEL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pathway_truth(con) -> pd.DataFrame:
    """True link counts (cohort_group, step, source_label, target_label, true), built from the
    restricted panel with the published model's own labels."""
    model = _pathway_model()
    paths = con.execute(
        """select birth_cohort, care_entry_type, school_entry_kind, grade5_state,
                  first_certificate_key, first_step_state
           from marts.pnl_person_trajectories
           where school_entry_year is not null and birth_cohort is not null"""
    ).df()
    groups = con.execute(
        "select certificate_code, label_de from reference.xwalk_certificate_report_group"
    ).df()
    certificate = dict(zip(groups.certificate_code, groups.label_de, strict=False))
    nodes = {
        "care": [
            model._label("care", v)
            for v in paths.care_entry_type.where(paths.care_entry_type.notna(), None)
        ],
        "entry": [model._label("entry", v) for v in paths.school_entry_kind],
        "grade5": [model._label("grade5", v) for v in paths.grade5_state],
        "certificate": [
            model._label("certificate", certificate.get(v)) for v in paths.first_certificate_key
        ],
        "first_step": [model._label("first_step", v) for v in paths.first_step_state],
    }
    start = (paths.birth_cohort // 5) * 5
    group = (start.astype(str) + "-" + (start + 4).astype(str)).to_numpy()
    frames = []
    for step, (a, b) in enumerate(model.STEPS, start=1):
        frames.append(
            pd.DataFrame(
                {
                    "cohort_group": group,
                    "step": step,
                    "source_label": nodes[a],
                    "target_label": nodes[b],
                }
            )
        )
    links = pd.concat(frames, ignore_index=True)
    return links.groupby(list(links.columns)).size().rename("true").reset_index()


def pathway_attacks(con, preimage, truth: pd.DataFrame | None = None) -> list[Attacked]:
    """Per cohort group: one variable per possible link of each step; the links of a step
    into a node add up to the links of the next step out of it. A published link fixes its
    variable (suppression) or bounds it (preimage); a withheld one is >= 0, flagged s within
    1 .. MIN_CELL-1; a link not drawn is 0 under suppression and rounding (their true zeros
    only are dropped), and 0 .. the largest true count that publishes as 0 under the Cell
    Key Method (a link perturbed to 0 is not drawn either)."""
    published = con.execute("select * from published.pub_pathways").df()
    truth = pathway_truth(con) if truth is None else truth
    out = []
    for group, links in published.groupby("cohort_group"):
        true_links = truth[truth.cohort_group == group]
        layers: dict[int, set] = {}
        for step in range(1, 6):
            labels = set(links.loc[links.step == step, "source_label"])
            labels |= set(links.loc[links.step == step - 1, "target_label"])
            layers[step] = labels
        var: dict[tuple, int] = {}
        bounds: list[tuple[float, float | None]] = []
        fixed: list[tuple[int, float]] = []
        known = {(r.step, r.source_label, r.target_label): r for r in links.itertuples(index=False)}
        for step in range(1, 5):
            for a in sorted(layers[step]):
                for b in sorted(layers[step + 1]):
                    row = known.get((step, a, b))
                    if row is None:
                        if preimage is None:
                            continue  # not drawn: a true 0
                        low, high = preimage(0)
                    elif pd.isna(row.count):
                        low, high = (1, MIN_CELL - 1) if row.flag == "s" else (0, None)
                    elif preimage is None:
                        low = high = float(row.count)
                    else:
                        low, high = preimage(int(row.count))
                    var[(step, a, b)] = len(var)
                    bounds.append((low, high))
        rows, cols, vals = [], [], []
        n_eq = 0
        for step in range(1, 4):
            for b in layers[step + 1]:
                ins = [i for (s, _a, t), i in var.items() if s == step and t == b]
                outs = [i for (s, a, _t), i in var.items() if s == step + 1 and a == b]
                for i in ins:
                    rows.append(n_eq), cols.append(i), vals.append(1.0)
                for i in outs:
                    rows.append(n_eq), cols.append(i), vals.append(-1.0)
                n_eq += 1
        a_eq = sparse.csr_matrix((vals, (rows, cols)), shape=(n_eq, len(var)))
        b_eq = np.zeros(n_eq)
        del fixed
        for r in true_links[true_links.true.between(1, MIN_CELL - 1)].itertuples(index=False):
            key = (int(r.step), r.source_label, r.target_label)
            if key not in var:
                continue  # a node the attacker cannot see at all
            c = np.zeros(len(var))
            c[var[key]] = 1.0
            lo = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
            hi = linprog(-c, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
            assert lo.status == 0, (group, key, lo.message)
            high = -hi.fun if hi.status == 0 else np.inf
            out.append(Attacked(f"Pfade {group}", key, int(r.true), lo.fun, high))
    return out


def summarise(attacked: list[Attacked]) -> dict:
    """Share of true small counts determined, and how far the best estimates stay off."""
    if not attacked:
        return {"small_counts": 0, "determined": 0, "share_determined": 0.0, "mean_abs_error": None}
    bounded = [a for a in attacked if not math.isinf(a.high)]
    errors = np.array([abs(a.estimate - a.true) for a in bounded] or [np.inf])
    widths = np.array([a.high - a.low for a in attacked])
    determined = sum(a.determined for a in attacked)
    return {
        "small_counts": len(attacked),
        "determined": determined,
        "share_determined": determined / len(attacked),
        "mean_abs_error": float(errors.mean()),
        "min_width": float(widths.min()),
    }
