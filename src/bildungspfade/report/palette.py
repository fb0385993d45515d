"""Colours: the Okabe-Ito set for categories (safe for colour vision deficiencies) and a
sequential blue scale for the tile map. Text never relies on colour alone."""

from __future__ import annotations

CATEGORICAL = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#999999",
)

SEQUENTIAL = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
# text colour that stays readable on each sequential step
SEQUENTIAL_TEXT = ("#000000", "#000000", "#000000", "#ffffff", "#ffffff")
SUPPRESSED = "#d9d9d9"


def categorical(i: int) -> str:
    return CATEGORICAL[i % len(CATEGORICAL)]
