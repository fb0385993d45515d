"""Cells, suppression and the linear-programming audit for one audit unit at a time.

An audit unit is (audit group, year): the indicators of one group share a base population
(children 0-5 on 1 March, pupils on 15 October, ...), so their tables are audited together.
The attacker knows every published cell of the unit, which intersections of the area levels
and which combinations of categories occur (structural zeros: a stronger attacker than a real
one), and that a cell flagged `s` holds 1 .. min_cell-1. See docs/disclosure.md.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import linprog

from bildungspfade.disclosure.rounding import round_to_base
from bildungspfade.disclosure.settings import DisclosureSettings

PUBLISHED, PRIMARY, SECONDARY = 0, 1, 2
TOTAL = "insgesamt"
ALL = "alle"
CASE_COLUMNS = ("unit", "year", "table", "kind", "person", "category", "counted")

CELL_COLUMNS = [
    "table",
    "year",
    "area_level",
    "area_id",
    "subgroup",
    "subgroup_value",
    "category",
    "numerator_true",
    "denominator_true",
    "numerator",
    "denominator",
    "value",
    "flag",
    "numerator_status",
    "denominator_status",
    "audit_lower",
    "audit_upper",
]
STATUS_NAMES = {PUBLISHED: "published", PRIMARY: "primary", SECONDARY: "secondary"}
# One audit row per unit and year (protect_unit); under rounding only cells and sensitive.
SUMMARY_COLUMNS = [
    "cells",
    "primary",
    "secondary",
    "secondary_heuristic",
    "secondary_audit",
    "sensitive",
    "lp_solves",
    "repair_rounds",
    "min_interval_width",
    "attack_defeated",
    "variables",
    "seconds",
]


@dataclass
class Unit:
    """The cells of one audit unit as sparse rows over its variables."""

    n_vars: int
    truth: np.ndarray  # true value of every variable
    link: sparse.csr_matrix  # rows that must be 0 (subgroup views add up to the area view)
    rows: sparse.csr_matrix  # one row per cell
    value: np.ndarray  # true count per cell
    status: np.ndarray  # PUBLISHED, PRIMARY or SECONDARY
    lines: list[np.ndarray]  # cell ids that add up (last id: the total of the line)
    cell_lines: list[list[int]]  # line ids per cell
    keys: list[tuple]  # (table, level, area, subgroup, value, category, part) per cell
    sensitive: list[tuple[int, int]] = field(default_factory=list)  # (cell, minus cell or -1)
    intervals: dict[tuple[int, int], tuple[float, float]] = field(default_factory=dict)


def _area_levels(settings: DisclosureSettings) -> list[str]:
    return [lvl for lvl in settings.area_levels if lvl != "stadt"]


def _join_columns(frame: pd.DataFrame, missing: str, sep: str) -> pd.Series:
    """One text key per row from all columns (vectorised; NULL written as `missing`)."""
    key = pd.Series("", index=frame.index, dtype=object)
    for i, col in enumerate(frame.columns):
        part = frame[col].astype(object).where(frame[col].notna(), missing).astype(str)
        key = part if i == 0 else key + sep + part
    return key


def build_unit(frame: pd.DataFrame, settings: DisclosureSettings) -> Unit:
    """Variables, cells and lines of one audit unit from its person-level cases."""
    levels = _area_levels(settings)
    sub_level = settings.subgroup_levels[1] if len(settings.subgroup_levels) > 1 else None
    tables = sorted(frame["table"].unique())
    kinds = frame.groupby("table")["kind"].first().to_dict()

    # One row per person: attributes and the joint atom over the unit's tables.
    wide = frame.pivot_table(
        index="person", columns="table", values=["category", "counted"], aggfunc="first"
    )
    attrs = frame.groupby("person")[[*levels, *settings.subgroups]].first()
    atom_cols = []
    for t in tables:
        cat = wide[("category", t)].astype(object)
        cnt = wide[("counted", t)].astype(object)
        atom_cols.append(
            cat.where(cat.isna(), cat.astype(str) + "|" + cnt.map({True: "1", False: "0"}))
        )
    atoms = pd.concat(atom_cols, axis=1, keys=tables).reindex(attrs.index)
    atom_key = _join_columns(atoms, "-", "#")
    atom_codes, atom_uniques = pd.factorize(atom_key, sort=True)
    atom_table = (
        atoms.assign(_k=atom_key).drop_duplicates("_k").set_index("_k").reindex(atom_uniques)
    )
    n_atoms = len(atom_uniques)

    area = attrs[levels].astype(object).where(attrs[levels].notna(), None)
    area_key = _join_columns(area, "\x00", "\x01")
    inter_codes, inter_uniques = pd.factorize(area_key, sort=True)
    inter_area = (
        area.assign(_k=area_key).drop_duplicates("_k").set_index("_k").reindex(inter_uniques)
    )
    n_inter = len(inter_uniques)

    # Variables: the area view (intersection x atom), then per subgroup (sub-area x value x atom).
    truth_parts = [np.bincount(inter_codes * n_atoms + atom_codes, minlength=n_inter * n_atoms)]
    offset = n_inter * n_atoms
    views: dict[str, dict] = {}
    link_rows, link_cols, link_vals, n_link = [], [], [], 0
    if sub_level is not None:
        sub_of_inter_codes, sub_uniques = pd.factorize(
            inter_area[sub_level].fillna("\x00").astype(str), sort=True
        )
    else:
        sub_of_inter_codes, sub_uniques = np.zeros(n_inter, dtype=int), pd.Index(["\x00"])
    sub_of_person = sub_of_inter_codes[inter_codes]
    n_sub = len(sub_uniques)
    for s in settings.subgroups:
        v_codes, v_uniques = pd.factorize(attrs[s].fillna("unbekannt").astype(str), sort=True)
        n_v = len(v_uniques)
        size = n_sub * n_v * n_atoms
        idx = (sub_of_person * n_v + v_codes) * n_atoms + atom_codes
        truth_parts.append(np.bincount(idx, minlength=size))
        views[s] = {"offset": offset, "values": list(v_uniques), "n_v": n_v}
        # link: for each (sub, atom): sum_v y[sub, v, atom] - sum_{i in sub} x[i, atom] = 0
        b, v, a = np.meshgrid(np.arange(n_sub), np.arange(n_v), np.arange(n_atoms), indexing="ij")
        link_rows.append(n_link + (b * n_atoms + a).ravel())
        link_cols.append((offset + (b * n_v + v) * n_atoms + a).ravel())
        link_vals.append(np.ones(b.size))
        i, a = np.meshgrid(np.arange(n_inter), np.arange(n_atoms), indexing="ij")
        link_rows.append(n_link + (sub_of_inter_codes[i] * n_atoms + a).ravel())
        link_cols.append((i * n_atoms + a).ravel())
        link_vals.append(-np.ones(i.size))
        n_link += n_sub * n_atoms
        offset += size
    n_vars = offset
    truth = np.concatenate(truth_parts).astype(float)
    link = sparse.csr_matrix(
        (
            np.concatenate(link_vals) if link_vals else np.zeros(0),
            (
                np.concatenate(link_rows) if link_rows else np.zeros(0, int),
                np.concatenate(link_cols) if link_cols else np.zeros(0, int),
            ),
        ),
        shape=(n_link, n_vars),
    )

    # Atom masks per table, category and part.
    atom_masks: dict[tuple[str, str, str], np.ndarray] = {}
    categories: dict[str, list[str]] = {}
    for t in tables:
        col = atom_table[t]
        present = col.notna().to_numpy()
        cat = col.fillna("|").str.rsplit("|", n=1).str[0].to_numpy()
        cnt = col.fillna("|").str.rsplit("|", n=1).str[1].to_numpy() == "1"
        cats = sorted(set(cat[present]))
        categories[t] = cats
        for c in cats:
            if kinds[t] == "verteilung":
                atom_masks[(t, c, "num")] = present & (cat == c)
            else:
                atom_masks[(t, c, "num")] = present & (cat == c) & cnt
                atom_masks[(t, c, "den")] = present & (cat == c)
        if kinds[t] == "verteilung":
            atom_masks[(t, TOTAL, "num")] = present
        else:
            atom_masks[(t, TOTAL, "num")] = present & cnt
            atom_masks[(t, TOTAL, "den")] = present

    # Area masks: per level and area, which intersections / sub-areas.
    area_masks: list[tuple[str, str, np.ndarray, np.ndarray | None]] = [
        ("stadt", "stadt", np.ones(n_inter, bool), np.ones(n_sub, bool))
    ]
    for lvl in levels:
        col = inter_area[lvl]
        for a in sorted(col.dropna().unique()):
            sub_mask = None
            if lvl == sub_level:
                sub_mask = np.asarray(sub_uniques == a)
            area_masks.append((lvl, a, (col == a).to_numpy(), sub_mask))

    # Cells are sums over areas of per-intersection (per sub-area and value) sums over the
    # atoms of one category: those inner sums are variables of their own ("aggregates",
    # defined by link rows), so a city-level cell has one entry per intersection instead of
    # one per intersection and atom. The same LP (the aggregates are determined by the
    # counts), with a far sparser matrix for the simplex.
    atom_idx = {k: np.flatnonzero(m) for k, m in atom_masks.items()}
    agg_keys = [
        (t, c, part)
        for t in tables
        for c in [*categories[t], TOTAL]
        for part in (("num",) if kinds[t] == "verteilung" else ("num", "den"))
    ]
    d_rows, d_cols = [], []
    agg_offset: dict[tuple, int] = {}
    n_agg = 0
    for k in agg_keys:
        at = atom_idx[k]
        # one aggregate per intersection: sum of x[i, atom] over the atoms of the category
        agg_offset[(ALL, *k)] = n_agg
        d_rows.append(np.repeat(n_agg + np.arange(n_inter), len(at)))
        d_cols.append((np.arange(n_inter)[:, None] * n_atoms + at[None, :]).ravel())
        n_agg += n_inter
        for s in settings.subgroups:
            view = views[s]
            n_sv = n_sub * view["n_v"]
            agg_offset[(s, *k)] = n_agg
            d_rows.append(np.repeat(n_agg + np.arange(n_sv), len(at)))
            d_cols.append(
                (view["offset"] + np.arange(n_sv)[:, None] * n_atoms + at[None, :]).ravel()
            )
            n_agg += n_sv
    n_base = n_vars
    d_r = np.concatenate(d_rows) if d_rows else np.zeros(0, int)
    d_c = np.concatenate(d_cols) if d_cols else np.zeros(0, int)
    definition = sparse.csr_matrix((np.ones(len(d_r)), (d_r, d_c)), shape=(n_agg, n_base))
    n_vars = n_base + n_agg
    truth = np.concatenate([truth, definition @ truth])
    # link rows: aggregate - sum of its counts = 0
    define = sparse.hstack([-definition, sparse.identity(n_agg, format="csr")]).tocsr()
    link = sparse.vstack([sparse.hstack([link, sparse.csr_matrix((n_link, n_agg))]), define])
    link = link.tocsr()

    keys: list[tuple] = []
    r_rows, r_cols = [], []
    key_index: dict[tuple, int] = {}

    def add_cell(key: tuple, cols: np.ndarray) -> int:
        if key in key_index:
            return key_index[key]
        cid = len(keys)
        key_index[key] = cid
        keys.append(key)
        r_rows.append(np.full(len(cols), cid))
        r_cols.append(cols)
        return cid

    for t in tables:
        parts = ("num",) if kinds[t] == "verteilung" else ("num", "den")
        for lvl, a, inter_mask, sub_mask in area_masks:
            inters = np.flatnonzero(inter_mask)
            for c in [*categories[t], TOTAL]:
                for part in parts:
                    cols = n_base + agg_offset[(ALL, t, c, part)] + inters
                    add_cell((t, lvl, a, ALL, ALL, c, part), cols)
            if lvl not in settings.subgroup_levels or sub_mask is None:
                continue
            subs = np.flatnonzero(sub_mask)
            for s in settings.subgroups:
                view = views[s]
                for vi, v in enumerate(view["values"]):
                    for c in [*categories[t], TOTAL]:
                        for part in parts:
                            base = n_base + agg_offset[(s, t, c, part)]
                            add_cell((t, lvl, a, s, v, c, part), base + subs * view["n_v"] + vi)

    n_cells = len(keys)
    rows_i = np.concatenate(r_rows) if r_rows else np.zeros(0, int)
    cols_i = np.concatenate(r_cols) if r_cols else np.zeros(0, int)
    rows = sparse.csr_matrix((np.ones(len(rows_i)), (rows_i, cols_i)), shape=(n_cells, n_vars))
    value = np.rint(rows @ truth).astype(np.int64)

    # Lines: categories + total; areas of a level + city; subgroup values + alle.
    lines: list[np.ndarray] = []
    groups: dict[tuple, list[int]] = {}
    for cid, (t, lvl, a, s, v, c, part) in enumerate(keys):
        if c != TOTAL:
            groups.setdefault(("cat", t, lvl, a, s, v, part), []).append(cid)
        if lvl != "stadt":
            groups.setdefault(("area", t, lvl, s, v, c, part), []).append(cid)
        if s != ALL:
            groups.setdefault(("sub", t, lvl, a, s, c, part), []).append(cid)
    for gk, members in groups.items():
        kind, t = gk[0], gk[1]
        if kind == "cat":
            _, _, lvl, a, s, v, part = gk
            total = key_index[(t, lvl, a, s, v, TOTAL, part)]
        elif kind == "area":
            _, _, lvl, s, v, c, part = gk
            total = key_index.get((t, "stadt", "stadt", s, v, c, part))
        else:
            _, _, lvl, a, s, c, part = gk
            total = key_index[(t, lvl, a, ALL, ALL, c, part)]
        if total is None:
            continue
        lines.append(np.array([*members, total]))
    cell_lines: list[list[int]] = [[] for _ in range(n_cells)]
    for li, line in enumerate(lines):
        for cid in line:
            cell_lines[cid].append(li)

    unit = Unit(
        n_vars=n_vars,
        truth=truth,
        link=link,
        rows=rows,
        value=value,
        status=np.zeros(n_cells, dtype=np.int8),
        lines=lines,
        cell_lines=cell_lines,
        keys=keys,
    )
    m = settings.min_cell
    for cid, key in enumerate(keys):
        if 1 <= value[cid] <= m - 1:
            unit.sensitive.append((cid, -1))
        if key[-1] == "den":
            num = key_index[(*key[:-1], "num")]
            if 1 <= value[cid] - value[num] <= m - 1:
                unit.sensitive.append((cid, num))
    return unit


# --- suppression ---------------------------------------------------------------------------------


def primary_suppression(unit: Unit, settings: DisclosureSettings) -> None:
    """Cells with 1 .. min_cell-1 persons (zeros are published); a rate's small complement
    (base minus numerator) suppresses the numerator as secondary."""
    m = settings.min_cell
    small = (unit.value >= 1) & (unit.value <= m - 1)
    unit.status[small] = PRIMARY
    for plus, minus in unit.sensitive:
        if minus >= 0 and unit.status[plus] == PUBLISHED and unit.status[minus] == PUBLISHED:
            unit.status[minus] = SECONDARY


def _cheapest(unit: Unit, candidates) -> int | None:
    """The published cell to give up: smallest positive count, zeros only as a last resort."""
    best, best_cost = None, None
    for cid in candidates:
        if unit.status[cid] != PUBLISHED:
            continue
        v = unit.value[cid]
        cost = (v == 0, v, cid)
        if best_cost is None or cost < best_cost:
            best, best_cost = cid, cost
    return best


def secondary_suppression(unit: Unit) -> int:
    """Until no line holds exactly one suppressed cell, suppress the cheapest other cell of
    each such line. Returns the number of cells suppressed."""
    added = 0
    dirty = set(range(len(unit.lines)))
    while dirty:
        li = dirty.pop()
        line = unit.lines[li]
        if np.count_nonzero(unit.status[line] != PUBLISHED) != 1:
            continue
        cid = _cheapest(unit, line)
        if cid is None:
            continue
        unit.status[cid] = SECONDARY
        added += 1
        dirty.update(unit.cell_lines[cid])
    return added


# --- audit ---------------------------------------------------------------------------------------


@dataclass
class AuditResult:
    intervals: dict[tuple[int, int], tuple[float, float]]
    failing: list[tuple[int, int]]
    solves: int


def _expressions(unit: Unit, targets: list[tuple[int, int]]) -> sparse.csr_matrix:
    """One sparse row per target: the cell, or the cell minus another cell."""
    if not targets:
        return sparse.csr_matrix((0, unit.n_vars))
    plus = np.array([p for p, _ in targets])
    minus = np.array([m for _, m in targets])
    expr = unit.rows[plus]
    has_minus = np.flatnonzero(minus >= 0)
    if len(has_minus):
        sub = sparse.csr_matrix(
            (np.ones(len(has_minus)), (has_minus, minus[has_minus])),
            shape=(len(targets), unit.rows.shape[0]),
        )
        expr = expr - sub @ unit.rows
    expr = sparse.csr_matrix(expr)
    expr.eliminate_zeros()
    return expr


class _Solver:
    """One LP model per audit round, re-solved for each objective (warm-started simplex).

    Uses the HiGHS bindings that scipy ships; falls back to `scipy.optimize.linprog` (same
    solver, without the warm start) if those private bindings move.
    """

    def __init__(
        self,
        a: sparse.csr_matrix,
        lower: np.ndarray,
        upper: np.ndarray,
        n: int,
        fixed: np.ndarray | None = None,
    ):
        self.a, self.lower, self.upper, self.n = a, lower.copy(), upper.copy(), n
        self.fixed = np.zeros(n, dtype=bool) if fixed is None else fixed.copy()
        self.highs = None
        try:
            from scipy.optimize._highspy import _core as hc
        except ImportError:  # pragma: no cover - depends on the scipy build
            return
        self.hc = hc
        h = hc._Highs()
        h.setOptionValue("output_flag", False)
        # The first solve starts from nothing: interior point (with presolve and crossover to
        # a basis) is many times faster there than simplex phase 1 on these models. Every
        # later solve changes only the objective or relaxes bounds, so the last basis stays
        # feasible: primal simplex from it, without presolve.
        h.setOptionValue("solver", "ipm")
        h.setOptionValue("presolve", "on")
        self.first = True
        lp = hc.HighsLp()
        csc = a.tocsc()
        lp.num_col_, lp.num_row_ = n, a.shape[0]
        lp.col_cost_ = np.zeros(n)
        lp.col_lower_ = np.zeros(n)
        lp.col_upper_ = np.where(self.fixed, 0.0, hc.kHighsInf)
        lp.row_lower_ = lower.astype(float)
        lp.row_upper_ = np.where(np.isinf(upper), hc.kHighsInf, upper).astype(float)
        lp.a_matrix_.format_ = hc.MatrixFormat.kColwise
        lp.a_matrix_.start_ = csc.indptr.astype(np.int32)
        lp.a_matrix_.index_ = csc.indices.astype(np.int32)
        lp.a_matrix_.value_ = csc.data.astype(float)
        lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = n, a.shape[0]
        h.passModel(lp)
        self.highs = h
        self.cost_cols = np.zeros(0, dtype=np.int32)

    def set_fixed(self, fixed: np.ndarray) -> None:
        """Columns fixed at 0 (upper bound 0) instead of >= 0."""
        changed = np.flatnonzero(fixed != self.fixed).astype(np.int32)
        self.fixed = fixed.copy()
        if self.highs is not None and len(changed):
            upper = np.where(fixed[changed], 0.0, self.hc.kHighsInf)
            self.highs.changeColsBounds(len(changed), changed, np.zeros(len(changed)), upper)

    def set_row_bounds(self, first: int, lower: np.ndarray, upper: np.ndarray) -> None:
        changed = np.flatnonzero((self.lower[first:] != lower) | (self.upper[first:] != upper))
        self.lower[first:] = lower
        self.upper[first:] = upper
        if self.highs is not None:
            for r in changed:
                hi = self.hc.kHighsInf if np.isinf(upper[r]) else float(upper[r])
                self.highs.changeRowBounds(int(first + r), float(lower[r]), hi)

    def minimise(self, cols: np.ndarray, coef: np.ndarray) -> tuple[float, np.ndarray | None]:
        """min c.x for the sparse objective c[cols] = coef: the optimum and an optimal point
        (-inf and no point when unbounded)."""
        if self.highs is None:
            c = np.zeros(self.n)
            c[cols] = coef
            return self._linprog(c)
        h, hc = self.highs, self.hc
        # only the columns of the last and of this objective change (the model is large)
        if len(self.cost_cols):
            h.changeColsCost(len(self.cost_cols), self.cost_cols, np.zeros(len(self.cost_cols)))
        cols = np.asarray(cols, dtype=np.int32)
        h.changeColsCost(len(cols), cols, np.asarray(coef, dtype=float))
        self.cost_cols = cols
        h.run()
        if self.first:
            self.first = False
            h.setOptionValue("solver", "simplex")
            h.setOptionValue("presolve", "off")
            h.setOptionValue("simplex_strategy", 4)  # primal
        status = h.getModelStatus()
        if status == hc.HighsModelStatus.kOptimal:
            x = np.asarray(h.getSolution().col_value)
            return float(h.getInfo().objective_function_value), x
        if status == hc.HighsModelStatus.kUnbounded:
            return -np.inf, None
        # an unclear status after a warm start: solve once more from scratch
        c = np.zeros(self.n)
        c[cols] = coef
        return self._linprog(c)

    def _linprog(self, c: np.ndarray) -> tuple[float, np.ndarray | None]:
        eq = self.lower == self.upper
        up = ~eq & np.isfinite(self.upper)
        low = ~eq & (self.lower > 0)
        a_ub = sparse.vstack([self.a[up], -self.a[low]]) if up.any() or low.any() else None
        b_ub = np.concatenate([self.upper[up], -self.lower[low]]) if a_ub is not None else None
        res = linprog(
            c,
            A_ub=a_ub,
            b_ub=b_ub,
            A_eq=self.a[eq],
            b_eq=self.lower[eq],
            bounds=(0, None),
            method="highs",
        )
        if res.status == 3:
            return -np.inf, None
        if res.status != 0:
            raise RuntimeError(f"disclosure audit LP failed: {res.message}")
        return float(res.fun), np.asarray(res.x)


def required_width(settings: DisclosureSettings) -> float:
    """How wide the attacker's interval for a small count must stay: at least 1 (never exactly
    recoverable), and for min_cell > 3 the whole range 1 .. min_cell-1 that the flag `s`
    already tells."""
    return float(max(1, settings.min_cell - 2))


def _integer_width(lo, hi, tol: float):
    """Width of the attacker's interval for an integer count: the LP bounds are real, the
    count is not, so they are rounded inward (ceil of the minimum, floor of the maximum).
    An LP interval [0.5, 1.5] is 1 wide but holds one integer: the count is recovered."""
    return np.floor(hi + tol) - np.ceil(lo - tol)


def _cell_bounds(unit: Unit, settings: DisclosureSettings) -> tuple[np.ndarray, np.ndarray]:
    """Row bounds of every cell as the attacker sees them."""
    value = unit.value.astype(float)
    lower = np.where(unit.status == PUBLISHED, value, 0.0)
    upper = np.where(unit.status == PUBLISHED, value, np.inf)
    primary = unit.status == PRIMARY
    lower[primary], upper[primary] = 1.0, settings.min_cell - 1.0
    return lower, upper


def _forced_zeros(a: sparse.csr_matrix, zero: np.ndarray) -> np.ndarray:
    """Variables that are 0 at every feasible point.

    A row pinned to 0 whose remaining variables all carry the same sign forces them to 0
    (every variable is >= 0); fixing them may leave another pinned row (a link row) with
    one sign only. Repeated until nothing changes. Exact: fixing them at 0 leaves the LP's
    feasible set as it is, and the simplex never prices them (the combinations that a
    published 0 rules out are most of the variables on small areas)."""
    n = a.shape[1]
    fixed = np.zeros(n, dtype=bool)
    rows = np.flatnonzero(zero)
    sub = a[rows]
    row_of = np.repeat(np.arange(len(rows)), np.diff(sub.indptr))
    positive = sub.data > 0
    while True:
        open_ = ~fixed[sub.indices]
        n_pos = np.bincount(row_of[open_ & positive], minlength=len(rows))
        n_neg = np.bincount(row_of[open_ & ~positive], minlength=len(rows))
        one_sign = ((n_pos == 0) | (n_neg == 0)) & (n_pos + n_neg > 0)
        if not one_sign.any():
            return fixed
        fixed[sub.indices[open_ & one_sign[row_of]]] = True


# batch solves while at least BATCH_MIN targets are open and a batch settles BATCH_SHARE of them
BATCH_MIN, BATCH_SHARE = 8, 0.1


class Attacker:
    """The attacker's LP over one unit: every cell is a row, pinned to its value when
    published, 1 .. min_cell-1 when flagged `s`, free (>= 0) when flagged `z`."""

    def __init__(self, unit: Unit, settings: DisclosureSettings):
        self.unit, self.settings = unit, settings
        n_link = unit.link.shape[0]
        self.n_link = n_link
        self.a = sparse.vstack([unit.link, unit.rows]).tocsr()
        lower, upper = self._bounds()
        self.fixed = _forced_zeros(self.a, (lower == 0) & (upper == 0))
        self.solver = _Solver(self.a, lower, upper, unit.n_vars, fixed=self.fixed)
        self.solves = 0

    def _bounds(self) -> tuple[np.ndarray, np.ndarray]:
        lower, upper = _cell_bounds(self.unit, self.settings)
        zeros = np.zeros(self.n_link)
        return np.concatenate([zeros, lower]), np.concatenate([zeros, upper])

    def refresh(self) -> None:
        """Take over status changes (new suppressions) without rebuilding the model; a
        published 0 withheld now frees the variables it fixed."""
        lower, upper = self._bounds()
        self.solver.set_row_bounds(0, lower, upper)
        fixed = _forced_zeros(self.a, (lower == 0) & (upper == 0))
        self.solver.set_fixed(fixed)
        self.fixed = fixed

    def attack(self, targets: list[tuple[int, int]]) -> AuditResult:
        """The attacker's interval of every target, or enough of it to prove it wide enough.

        The true counts are a feasible point of the attacker's LP, and so is every optimum
        the solver returns; the interval of any target contains its value at both points. So
        a target passes as soon as some solution (of its own LP or of another target's) lies
        `width` away from its true value: most targets need one solve or none. Only a target
        that fails gets both LP bounds, its exact interval.
        """
        unit, tol = self.unit, self.settings.tolerance
        width = required_width(self.settings)
        k = len(targets)
        expr = _expressions(unit, targets)
        true = expr @ unit.truth
        lo, hi = true.copy(), true.copy()
        passed = np.zeros(k, dtype=bool)
        # a flagged cell is known to be >= 1, any other count >= 0: the side with room first
        flagged = np.array([m < 0 and unit.status[p] == PRIMARY for p, m in targets], dtype=bool)
        floor = np.where(flagged, 1.0, 0.0)
        # what the attacker knows without solving: a flagged cell lies in 1 .. min_cell-1
        ceiling = np.where(flagged, self.settings.min_cell - 1.0, np.inf)
        min_first = true - width >= floor - tol
        solves, failing = 0, []

        def witness(x: np.ndarray) -> None:
            at_x = expr @ x
            np.minimum(lo, at_x, out=lo)
            np.maximum(hi, at_x, out=hi)
            passed[:] |= _integer_width(lo, hi, tol) >= width

        # Batches first: one objective that pushes every open target to its side with room
        # at once; its optimum is a witness for all of them. Repeated while a batch settles a
        # good share of the open targets, then one target at a time.
        while (~passed).sum() >= BATCH_MIN:
            open_ = np.flatnonzero(~passed)
            before = len(open_)
            signs = np.where(min_first[open_], 1.0, -1.0)
            combined = sparse.csr_matrix(signs[None, :]) @ expr[open_]
            combined.sum_duplicates()
            _bound, x = self.solver.minimise(combined.indices, combined.data)
            solves += 1
            if x is None:
                break
            witness(x)
            if before - (~passed).sum() < BATCH_SHARE * before:
                break
        for i in range(k):
            if passed[i]:
                continue
            cols, coef = (
                expr.indices[expr.indptr[i] : expr.indptr[i + 1]],
                expr.data[expr.indptr[i] : expr.indptr[i + 1]],
            )
            for sign in (1.0, -1.0) if min_first[i] else (-1.0, 1.0):
                bound, x = self.solver.minimise(cols, sign * coef)
                solves += 1
                if x is not None:
                    witness(x)
                # the optimum itself (also when unbounded)
                if sign > 0:
                    lo[i] = min(lo[i], bound)
                else:
                    hi[i] = max(hi[i], -bound)
                passed[i] = _integer_width(lo[i], hi[i], tol) >= width
                if passed[i]:
                    break
                # The other end cannot lie beyond what the flag already tells (1 .. min_cell-1,
                # or >= 0): if even that is too narrow the target fails without a second
                # solve. For a flagged 1 whose maximum is 1 (or a 2 whose minimum is 2) the
                # recorded interval is still exact: the true value is the other end.
                if sign > 0 and _integer_width(lo[i], ceiling[i], tol) < width:
                    break
                if sign < 0 and _integer_width(floor[i], hi[i], tol) < width:
                    break
            if not passed[i]:
                failing.append(targets[i])
        self.solves += solves
        lo, hi = np.ceil(lo - tol), np.floor(hi + tol)
        intervals = {t: (float(lo[i]), float(hi[i])) for i, t in enumerate(targets)}
        return AuditResult(intervals=intervals, failing=failing, solves=solves)


def attack(unit: Unit, settings: DisclosureSettings, targets: list[tuple[int, int]]) -> AuditResult:
    """min and max of each target (a cell, or a cell minus another) given what is published."""
    return Attacker(unit, settings).attack(targets)


def _repair(unit: Unit, plus: int, minus: int) -> bool:
    """Suppress the cheapest published cell on a line through the failing expression."""
    cells = [plus] if minus < 0 else [plus, minus]
    candidates = set()
    for cid in cells:
        if unit.status[cid] == PUBLISHED:
            candidates.add(cid)
        for li in unit.cell_lines[cid]:
            candidates.update(int(x) for x in unit.lines[li])
    cid = _cheapest(unit, candidates)
    if cid is not None:
        unit.status[cid] = SECONDARY
        return True
    # Every cell on its lines is withheld already: what pins the count is the flag `s` itself
    # (e.g. a total of 2 over two flagged cells of 1, each known to be >= 1). Flag the small
    # cells of the expression and of its lines `z`, which tells the attacker no range.
    pinned = [c for c in candidates | set(cells) if unit.status[c] == PRIMARY]
    if not pinned:
        return False
    for c in pinned:
        unit.status[c] = SECONDARY
    return True


def protect_unit(unit: Unit, settings: DisclosureSettings) -> dict:
    """Primary, secondary suppression and the audit-repair loop; returns the audit summary."""
    started = time.perf_counter()
    primary_suppression(unit, settings)
    heuristic = secondary_suppression(unit)
    targets = list(unit.sensitive)
    intervals: dict = {}
    rounds, repairs = 0, 0
    attacker = Attacker(unit, settings) if targets else None
    while targets:
        attacker.refresh()
        result = attacker.attack(targets)
        intervals.update(result.intervals)
        if not result.failing:
            break
        rounds += 1
        if rounds > settings.max_repair_rounds:
            # safety valve: withhold the whole unit, and attack once more for the record
            unit.status[unit.status != SECONDARY] = SECONDARY
            attacker.refresh()
            intervals.update(attacker.attack(list(unit.sensitive)).intervals)
            break
        for plus, minus in result.failing:
            # one cell per failing expression and round; repairs may protect others too
            if _repair(unit, plus, minus):
                repairs += 1
        heuristic += secondary_suppression(unit)
        targets = result.failing
    unit.intervals = intervals
    widths = [hi - lo for lo, hi in intervals.values()]
    return {
        "cells": len(unit.keys),
        "primary": int(np.count_nonzero(unit.status == PRIMARY)),
        "secondary": int(np.count_nonzero(unit.status == SECONDARY)),
        "secondary_heuristic": heuristic,
        "secondary_audit": repairs,
        "sensitive": len(unit.sensitive),
        "lp_solves": attacker.solves if attacker else 0,
        "repair_rounds": rounds,
        "min_interval_width": float(min(widths)) if widths else None,
        # the intervals are rounded inward to integers already
        "attack_defeated": all(w >= required_width(settings) for w in widths),
        "variables": unit.n_vars,
        "seconds": round(time.perf_counter() - started, 3),
    }


# --- publication ---------------------------------------------------------------------------------


def _cells_frame(unit: Unit, year: int, kinds: dict[str, str], settings: DisclosureSettings):
    """Published rows: a numerator cell joined with its denominator cell."""
    index = {k: i for i, k in enumerate(unit.keys)}
    out = []
    rounding = settings.method == "rounding"
    m = settings.min_cell
    for cid, (t, lvl, a, s, v, c, part) in enumerate(unit.keys):
        if part != "num":
            continue
        den = (
            index[(t, lvl, a, s, v, c, "den")]
            if kinds[t] == "quote"
            else index[(t, lvl, a, s, v, TOTAL, "num")]
        )
        n_true, d_true = int(unit.value[cid]), int(unit.value[den])
        n_status, d_status = unit.status[cid], unit.status[den]
        if rounding:
            n_status = d_status = PUBLISHED
            n_pub = round_to_base(n_true, settings.rounding_base)
            d_pub = round_to_base(d_true, settings.rounding_base)
            small = 1 <= n_true <= m - 1 or 1 <= d_true - n_true <= m - 1
        else:
            n_pub = n_true if n_status == PUBLISHED else None
            d_pub = d_true if d_status == PUBLISHED else None
            small = False
        suppressed = n_status != PUBLISHED or d_status != PUBLISHED
        base_small = d_true < settings.min_rate_base
        value = None
        if not suppressed and not base_small and not small and d_true > 0:
            value = round(100.0 * n_true / d_true, 1)
        if PRIMARY in (n_status, d_status):
            flag = "s"
        elif SECONDARY in (n_status, d_status):
            flag = "z"
        elif value is None and d_true > 0:
            flag = "w"
        elif rounding:
            flag = "r"
        else:
            flag = ""
        # the attacker's interval for a small count on this row (numerator, denominator or
        # their difference): the narrowest one
        found = [
            unit.intervals[k] for k in ((cid, -1), (den, -1), (den, cid)) if k in unit.intervals
        ]
        narrowest = min(found, key=lambda iv: iv[1] - iv[0]) if found else (None, None)
        out.append(
            (
                t,
                year,
                lvl,
                a,
                s,
                v,
                c,
                n_true,
                d_true,
                n_pub,
                d_pub,
                value,
                flag,
                STATUS_NAMES[int(unit.status[cid])],
                STATUS_NAMES[int(unit.status[den])],
                narrowest[0],
                narrowest[1],
            )
        )
    return out


def protect(cases: pd.DataFrame, settings: DisclosureSettings) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Published cells (with the true counts beside them, for the restricted marts) and one
    audit row per audit unit. `cases` has the columns CASE_COLUMNS, the area levels below the
    city and the subgroups (one row per person, table and year)."""
    missing = {*CASE_COLUMNS, *settings.subgroups, *_area_levels(settings)} - set(cases.columns)
    if missing:
        raise ValueError(f"cases lack columns {sorted(missing)}")
    rows, audits = [], []
    kinds = cases.groupby("table")["kind"].first().to_dict()
    for (unit_name, year), frame in cases.groupby(["unit", "year"], sort=True):
        frame = frame.drop_duplicates(["table", "person"])
        unit = build_unit(frame, settings)
        if settings.method == "suppression":
            summary = protect_unit(unit, settings)
        else:
            summary = {"cells": len(unit.keys), "sensitive": len(unit.sensitive)}
        audits.append({"audit_unit": unit_name, "year": int(year), **summary})
        rows.extend((unit_name, *r) for r in _cells_frame(unit, int(year), kinds, settings))
    cells = pd.DataFrame(rows, columns=["audit_unit", *CELL_COLUMNS])
    # the same columns whatever the method and however many units (none: an empty history)
    audit = pd.DataFrame(audits).reindex(columns=["audit_unit", "year", *SUMMARY_COLUMNS])
    if not audits:  # no rows to infer types from: keys typed like the cells' so they merge
        audit = audit.astype({"audit_unit": cells["audit_unit"].dtype, "year": cells["year"].dtype})
    return cells, audit
