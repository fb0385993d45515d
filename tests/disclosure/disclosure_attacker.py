"""An independent differencing attacker: reads only published rows (and the public geography:
which intersections of the area levels exist) and bounds every suppressed small count by LP.

Written apart from the engine on purpose: per indicator table, variables are (intersection,
category, counted) for `alle` and (sub-area, subgroup value, category, counted) for subgroups;
every published numerator and denominator is an equation, flags `s` bound a cell to
1 .. min_cell-1.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import linprog

LEVELS = ("stadtbezirk", "statistischer_bezirk", "sozialraum", "grundschulbezirk")


def _bucket(value):
    """The city district of an intersection; persons without one form their own bucket."""
    return "\x00" if value is None or pd.isna(value) else value


def intervals(
    published: pd.DataFrame,
    geography: pd.DataFrame,
    kind: str,
    min_cell: int,
    preimage=None,
    targets=None,
):
    """min/max of every row's numerator (and quote denominator) hidden behind flag s or z.

    published: rows of one indicator and year (columns as pub_indicators).
    geography: one row per intersection, columns LEVELS (None = no area at that level).
    preimage: for perturbed tables (Cell Key Method), published count -> (lowest, highest)
    true count the perturbation table can publish as it (the attacker knows the table, not
    the keys); every published count then bounds its cell instead of fixing it.
    targets: keys (as returned) of published cells to attack too, e.g. every cell whose
    true count is small (the test knows the truth; the attacker uses only the bounds).
    Returns {(area_level, area_id, subgroup, subgroup_value, category, part): (lo, hi, flag)}.
    """
    targets = set(targets or ())
    inters = geography.reset_index(drop=True)
    cats = sorted(set(published["category"]) - {"insgesamt"})
    parts = [(c, 1) for c in cats] + ([(c, 0) for c in cats] if kind == "quote" else [])
    subs = sorted(set(published.loc[published["subgroup"] != "alle", "subgroup"]))
    sbs = sorted(inters["stadtbezirk"].fillna("\x00").unique())
    var = {}

    def v(key):
        if key not in var:
            var[key] = len(var)
        return var[key]

    for i in range(len(inters)):
        for p in parts:
            v(("x", i, p))
    values = {
        s: sorted(set(published.loc[published["subgroup"] == s, "subgroup_value"])) for s in subs
    }
    for s in subs:
        for b in sbs:
            for val in values[s]:
                for p in parts:
                    v(("y", s, b, val, p))
    eq_rows, eq_rhs = [], []
    # subgroup views add up to the area view within each city district
    for s in subs:
        for b in sbs:
            members = [i for i in range(len(inters)) if _bucket(inters.at[i, "stadtbezirk"]) == b]
            for p in parts:
                row = defaultdict(float)
                for val in values[s]:
                    row[var[("y", s, b, val, p)]] += 1
                for i in members:
                    row[var[("x", i, p)]] -= 1
                eq_rows.append(row)
                eq_rhs.append(0.0)

    def cell_vars(r, part):
        if r.category == "insgesamt":
            wanted = [p for p in parts if kind == "verteilung" or part == "den" or p[1] == 1]
        elif kind == "verteilung":
            wanted = [p for p in parts if p[0] == r.category]
        else:
            wanted = [p for p in parts if p[0] == r.category and (part == "den" or p[1] == 1)]
        if kind == "verteilung" and part == "den":
            wanted = parts
        if r.subgroup == "alle":
            if r.area_level == "stadt":
                inter_ids = range(len(inters))
            else:
                inter_ids = [
                    i for i in range(len(inters)) if inters.at[i, r.area_level] == r.area_id
                ]
            return [var[("x", i, p)] for i in inter_ids for p in wanted]
        bs = sbs if r.area_level == "stadt" else [r.area_id]
        return [var[("y", r.subgroup, b, r.subgroup_value, p)] for b in bs for p in wanted]

    hidden, ub_rows, ub_rhs = [], [], []
    for r in published.itertuples(index=False):
        for part, count in (("num", r.numerator), ("den", r.denominator)):
            cols = cell_vars(r, part)
            row = defaultdict(float)
            for c in cols:
                row[c] += 1
            key = (r.area_level, r.area_id, r.subgroup, r.subgroup_value, r.category, part)
            if count is not None and not pd.isna(count) and preimage is not None:
                low, high = preimage(int(count))
                ub_rows.append(row)
                ub_rhs.append(float(high))
                ub_rows.append({c: -x for c, x in row.items()})
                ub_rhs.append(-float(low))
                if key in targets:
                    hidden.append((key, row, r.flag))
            elif count is not None and not pd.isna(count):
                eq_rows.append(row)
                eq_rhs.append(float(count))
            elif r.flag in ("s", "z"):
                hidden.append(
                    (
                        (r.area_level, r.area_id, r.subgroup, r.subgroup_value, r.category, part),
                        row,
                        r.flag,
                    )
                )
    n = len(var)

    def dense(rows):
        r, c, x = [], [], []
        for k, row in enumerate(rows):
            for col, val in row.items():
                r.append(k)
                c.append(col)
                x.append(val)
        return sparse.csr_matrix((x, (r, c)), shape=(len(rows), n))

    a_eq = dense(eq_rows) if eq_rows else None
    b_eq = np.array(eq_rhs) if eq_rows else None
    # The flag s says that the row's numerator or its denominator holds 1 .. min_cell-1,
    # not which. In a verteilung the denominator is the row's total, whose own row
    # (insgesamt) carries the flag too: a category row's numerator is known to be small
    # only where its total is not flagged s (or on the total's row itself). Quote rows and
    # every other hidden cell stay free (>= 0).
    small_total = {key[:4] for key, _row, flag in hidden if flag == "s" and key[4] == "insgesamt"}
    for key, row, flag in hidden:
        total_small = key[:4] in small_total and key[4] != "insgesamt"
        if flag == "s" and key[-1] == "num" and kind == "verteilung" and not total_small:
            ub_rows.append(row)
            ub_rhs.append(min_cell - 1.0)
            neg = {c: -x for c, x in row.items()}
            ub_rows.append(neg)
            ub_rhs.append(-1.0)
    a_ub = dense(ub_rows) if ub_rows else None
    b_ub = np.array(ub_rhs) if ub_rows else None
    out = {}
    seen = set()
    for key, row, flag in hidden:
        frozen = tuple(sorted(row.items()))
        if frozen in seen:
            continue
        seen.add(frozen)
        c = np.zeros(n)
        for col, x in row.items():
            c[col] = x
        lo = linprog(
            c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs"
        )
        hi = linprog(
            -c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs"
        )
        assert lo.status == 0, lo.message
        out[key] = (lo.fun, -hi.fun if hi.status == 0 else np.inf, flag)
    return out
