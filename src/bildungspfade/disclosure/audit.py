"""The differencing attack: the attacker's LP bounds every small count, and the repair
withholds more cells until no small count can be narrowed below the required width."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from bildungspfade.disclosure.lp import Solver
from bildungspfade.disclosure.settings import DisclosureSettings
from bildungspfade.disclosure.suppression import cheapest
from bildungspfade.disclosure.unit import PRIMARY, PUBLISHED, SECONDARY, Unit


@dataclass
class AuditResult:
    intervals: dict[tuple[int, int], tuple[float, float]]
    failing: list[tuple[int, int]]
    solves: int
    # per failing target: the cells that bind its interval on the side with room
    certificates: dict[tuple[int, int], np.ndarray] = field(default_factory=dict)


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
    published, 1 .. min_cell-1 when flagged `s`, free (>= 0) when flagged `z`.

    With `local` (a mask of the unit's variables), only those variables move and every other
    one stays at its true value: an inner approximation of the attacker's feasible set (any
    point of it, completed by the truth, is a point of the full LP). A count that this local
    LP shows wide enough is wide enough against the full attacker; one it shows too narrow may
    be repaired more than the full LP would need, never less. The local LP of a city district
    is a fraction of the unit's size.
    """

    def __init__(self, unit: Unit, settings: DisclosureSettings, local: np.ndarray | None = None):
        self.unit, self.settings = unit, settings
        self.local = local is not None
        self.n_link = unit.link.shape[0]
        full = sparse.vstack([unit.link, unit.rows]).tocsr()
        if local is None:
            self.cols = np.arange(unit.n_vars)
            self.row_ids = np.arange(full.shape[0])
            self.a = full
            self.offset = np.zeros(full.shape[0])
        else:
            self.cols = np.flatnonzero(local)
            inside = full[:, self.cols].tocsr()
            # rows without a local variable are constants: left out
            self.row_ids = np.flatnonzero(np.diff(inside.indptr) > 0)
            self.a = inside[self.row_ids]
            outside_part = full @ unit.truth - inside @ unit.truth[self.cols]
            self.offset = outside_part[self.row_ids]
        self.position = np.full(unit.n_vars, -1)
        self.position[self.cols] = np.arange(len(self.cols))
        lower, upper = self._bounds()
        self.fixed = _forced_zeros(self.a, (lower == 0) & (upper == 0))
        self.solver = Solver(self.a, lower, upper, len(self.cols), fixed=self.fixed)
        self.solves = 0

    def _bounds(self) -> tuple[np.ndarray, np.ndarray]:
        lower, upper = _cell_bounds(self.unit, self.settings)
        zeros = np.zeros(self.n_link)
        lower = np.concatenate([zeros, lower])[self.row_ids] - self.offset
        upper = np.concatenate([zeros, upper])[self.row_ids] - self.offset
        # round-off of the outside part: a published 0 must stay an exact 0
        lower[np.abs(lower) < 1e-9] = 0.0
        upper[np.abs(upper) < 1e-9] = 0.0
        return lower, upper

    def refresh(self) -> None:
        """Take over status changes (new suppressions) without rebuilding the model; a
        published 0 withheld now frees the variables it fixed."""
        lower, upper = self._bounds()
        self.solver.set_row_bounds(0, lower, upper)
        fixed = _forced_zeros(self.a, (lower == 0) & (upper == 0))
        self.solver.set_fixed(fixed)
        self.fixed = fixed

    def _minimise(self, cols: np.ndarray, coef: np.ndarray) -> tuple[float, np.ndarray | None]:
        """min c.x over the unit's variables; the variables outside the local set are
        constants at their true values."""
        truth = self.unit.truth
        pos = self.position[cols]
        inside = pos >= 0
        constant = float(coef[~inside] @ truth[cols[~inside]])
        if not inside.any():
            return constant, truth.copy()
        bound, x = self.solver.minimise(pos[inside], coef[inside])
        if x is None:
            return bound, None
        point = truth.copy()
        point[self.cols] = x
        return bound + constant, point

    def certificate(self) -> np.ndarray:
        """The cells whose rows bound the last optimum (non-zero row duals): withholding
        one of them is what can widen the interval."""
        duals = self.solver.row_duals()
        if duals is None:
            return np.zeros(0, dtype=int)
        rows = self.row_ids[np.abs(duals) > 1e-9]
        return rows[rows >= self.n_link] - self.n_link

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
        solves, failing, certificates = 0, [], {}

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
            _bound, x = self._minimise(combined.indices, combined.data)
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
                bound, x = self._minimise(cols, sign * coef)
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
                if targets[i] not in certificates:
                    certificates[targets[i]] = self.certificate()
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
        certificates = {t: certificates.get(t, np.zeros(0, dtype=int)) for t in failing}
        return AuditResult(intervals, failing, solves, certificates)


def attack(unit: Unit, settings: DisclosureSettings, targets: list[tuple[int, int]]) -> AuditResult:
    """min and max of each target (a cell, or a cell minus another) given what is published."""
    return Attacker(unit, settings).attack(targets)


def repair(unit: Unit, plus: int, minus: int, certificate=()) -> bool:
    """Give the attacker less for a failing expression, cheapest first.

    The LP certificate names the cells whose rows bind its interval. Where the flags of other
    small cells are among them (each known to be 1 .. min_cell-1, e.g. a city total of 2 over
    two districts flagged 1), those cells are flagged `z` instead, which withholds no further
    number. Else the certificate's published cell of the lowest area level and smallest count
    is withheld (a city or city-district number is worth more than a small area's; a cell on a
    line through the expression before any other), else the cheapest published cell on a line
    through the expression."""
    cells = [plus] if minus < 0 else [plus, minus]
    bound_flags = [c for c in certificate if unit.status[c] == PRIMARY and c not in cells]
    if bound_flags:
        for c in bound_flags:
            unit.status[c] = SECONDARY
        return True
    # a cell on a line through the expression first: the trade the attacker is denied
    near = {int(x) for c in cells for li in unit.cell_lines[c] for x in unit.lines[li]}
    # zeros are published: one is withheld only when no positive cell is left on a line
    # (below), never because a certificate names it
    positive = [c for c in certificate if unit.value[c] > 0]
    cid = cheapest(unit, [c for c in positive if c in near], by_level=True)
    if cid is None:
        cid = cheapest(unit, positive, by_level=True)
    if cid is not None:
        unit.status[cid] = SECONDARY
        return True
    candidates = set()
    for cid in cells:
        if unit.status[cid] == PUBLISHED:
            candidates.add(cid)
        for li in unit.cell_lines[cid]:
            candidates.update(int(x) for x in unit.lines[li])
    cid = cheapest(unit, candidates)
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
