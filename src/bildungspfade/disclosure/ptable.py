"""The perturbation table of the Cell Key Method (seed `ckm_ptable`), built from its design.

A row class i (the true count; the last class stands for every count >= it) maps the cell key
range [0, KEY_RANGE) onto deviations: a cell with true count n and cell key k is published as
n + deviation(min(n, last class), k). The transition probabilities of every class follow the
design of the R package `ptable` (sdcTools; create_cnt_ptable): deviations of at most D,
zero mean (unbiased), variance V where the support allows it, never a published count of
1 .. js, and otherwise as spread out as possible (maximum entropy). No registry package for
Python builds such a table (the ONS `cell-key-perturbation` package only applies one and ships
a 10/5 rounding table), so the construction is written here: a small maximum-entropy problem
per class, solved with scipy, then each probability turned into a whole number of the
KEY_RANGE cell keys (largest remainders). docs/disclosure.md, "Cell Key Method".

python -m bildungspfade.generate writes seeds/disclosure/ckm_ptable.csv from DESIGN.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# 256 keys: record keys 0..255, as the ONS package and its ptables use.
KEY_RANGE = 256


@dataclass(frozen=True)
class PtableDesign:
    max_deviation: int = 2  # D
    variance: float = 0.5  # V (see docs/disclosure.md: utility of rates against the attacker)
    js: int = 2  # no published count of 1 .. js
    key_range: int = KEY_RANGE

    @property
    def label(self) -> str:
        return f"D{self.max_deviation}V{round(self.variance * 100)}js{self.js}"

    @property
    def last_class(self) -> int:
        """From this count on every deviation -D .. D is allowed: one row serves them all."""
        return self.js + self.max_deviation + 1


DESIGN = PtableDesign()
COLUMNS = ("count_class", "ckey_from", "ckey_to", "deviation", "probability", "design")


def _support(i: int, design: PtableDesign) -> np.ndarray:
    d, js = design.max_deviation, design.js
    if i == 0:
        return np.array([0])  # an empty cell stays empty
    targets = [j for j in range(max(0, i - d), i + d + 1) if j == 0 or j > js]
    return np.array(targets)


def transition_probabilities(i: int, design: PtableDesign) -> tuple[np.ndarray, np.ndarray]:
    """(published counts, probabilities) of a true count of class i: maximum entropy subject
    to the probabilities summing to 1, zero mean deviation and the variance as close to V as
    the support allows (a count of 1 with js = 2 can only go to 0 or 3: unbiased means 1/3 on
    3, variance 2)."""
    j = _support(i, design)
    if len(j) == 1:
        return j, np.ones(1)
    dev = (j - i).astype(float)

    def objective(p):
        entropy = -np.sum(p * np.log(np.clip(p, 1e-12, None)))
        variance = np.sum(p * dev**2)
        return 1000.0 * (variance - design.variance) ** 2 - entropy

    constraints = [
        {"type": "eq", "fun": lambda p: np.sum(p) - 1.0},
        {"type": "eq", "fun": lambda p: np.sum(p * dev)},
    ]
    start = np.full(len(j), 1.0 / len(j))
    # here, not at the top: the models that only read KEY_RANGE need no scipy
    from scipy.optimize import minimize

    found = minimize(
        objective,
        start,
        method="SLSQP",
        bounds=[(0.0, 1.0)] * len(j),
        constraints=constraints,
        options={"ftol": 1e-12, "maxiter": 500},
    )
    p = np.clip(found.x, 0.0, None)
    return j, p / p.sum()


def _key_counts(p: np.ndarray, key_range: int) -> np.ndarray:
    """Whole numbers of keys per transition summing to key_range (largest remainders)."""
    exact = p * key_range
    counts = np.floor(exact).astype(int)
    order = np.argsort(-(exact - counts), kind="stable")
    counts[order[: key_range - counts.sum()]] += 1
    return counts


def build(design: PtableDesign = DESIGN) -> list[tuple]:
    """Rows (count_class, ckey_from, ckey_to, deviation, probability, design): for each class
    the key intervals in ascending order of the published count."""
    rows = []
    for i in range(design.last_class + 1):
        j, p = transition_probabilities(i, design)
        start = 0
        for target, n in zip(j, _key_counts(p, design.key_range), strict=True):
            if n == 0:
                continue
            rows.append(
                (i, start, int(start + n - 1), int(target - i), n / design.key_range, design.label)
            )
            start += int(n)
    return rows


def realised(rows: list[tuple], count_class: int) -> tuple[float, float]:
    """Mean and variance of the deviation of one class as the keys realise it."""
    dev = np.array([r[3] for r in rows if r[0] == count_class], dtype=float)
    prob = np.array([r[4] for r in rows if r[0] == count_class])
    mean = float(np.sum(prob * dev))
    return mean, float(np.sum(prob * (dev - mean) ** 2))


def csv_text(design: PtableDesign = DESIGN) -> str:
    lines = [",".join(COLUMNS)]
    for i, lo, hi, dev, p, label in build(design):
        lines.append(f"{i},{lo},{hi},{dev},{p:.8f},{label}")
    return "\n".join(lines) + "\n"


def frame(design: PtableDesign = DESIGN):
    """The table as the seed holds it (a pandas frame)."""
    import pandas as pd

    return pd.DataFrame(build(design), columns=list(COLUMNS))


def files_in(root) -> dict:
    """The generated seed, path -> text (bildungspfade.generate)."""
    return {root / "seeds" / "disclosure" / "ckm_ptable.csv": csv_text()}


def deviations(ptable, counts: np.ndarray, ckeys: np.ndarray) -> np.ndarray:
    """The deviation of every (true count, cell key) from a ptable frame (the seed's columns);
    the Python twin of the SQL lookup, for tests and the benchmark."""
    last = int(ptable["count_class"].max())
    lookup = np.zeros((last + 1, int(ptable["ckey_to"].max()) + 1), dtype=int)
    for row in ptable.itertuples(index=False):
        lookup[row.count_class, row.ckey_from : row.ckey_to + 1] = row.deviation
    return lookup[np.minimum(counts, last), ckeys]
