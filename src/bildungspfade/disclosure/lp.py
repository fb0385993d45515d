"""One HiGHS model re-solved for many objectives (the attacker's linear programme)."""

from __future__ import annotations

import numpy as np
from scipy import sparse
from scipy.optimize import linprog

# Below this many columns simplex from scratch beats interior point on the first solve.
IPM_MIN_COLUMNS = 10_000


class Solver:
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
        h.setOptionValue("solver", "ipm" if n > IPM_MIN_COLUMNS else "simplex")
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
        self.last_optimal = False

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
        self.last_optimal = status == hc.HighsModelStatus.kOptimal
        if status == hc.HighsModelStatus.kOptimal:
            x = np.asarray(h.getSolution().col_value)
            return float(h.getInfo().objective_function_value), x
        if status == hc.HighsModelStatus.kUnbounded:
            return -np.inf, None
        # an unclear status after a warm start: solve once more from scratch
        c = np.zeros(self.n)
        c[cols] = coef
        return self._linprog(c)

    def row_duals(self) -> np.ndarray | None:
        """Row duals of the last optimal solve (its certificate: the rows that bound the
        optimum), or None when the last solve went through the linprog fallback."""
        if self.highs is None or not self.last_optimal:
            return None
        solution = self.highs.getSolution()
        return np.asarray(solution.row_dual) if solution.dual_valid else None

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
