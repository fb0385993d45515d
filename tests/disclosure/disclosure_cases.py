"""Hand-made person-level indicator cases for the disclosure tests."""

from __future__ import annotations

import numpy as np
import pandas as pd

SUBGROUPS = ("geschlecht", "familiensprache", "migrationshintergrund", "leistungsbezug")


def cases(rows, *, unit="U", year=2020, table="T", kind="verteilung") -> pd.DataFrame:
    """rows: (count, category, counted, stadtbezirk, statistischer_bezirk, sozialraum,
    grundschulbezirk[, geschlecht]) -> one case row per person."""
    out = []
    person = 0
    for row in rows:
        count, category, counted, sb, stb, sr, gsb, *rest = row
        sex = rest[0] if rest else "weiblich"
        for _ in range(count):
            person += 1
            out.append(
                {
                    "unit": unit,
                    "year": year,
                    "table": table,
                    "kind": kind,
                    "person": f"p{person}",
                    "category": category,
                    "counted": counted,
                    "stadtbezirk": sb,
                    "statistischer_bezirk": stb,
                    "sozialraum": sr,
                    "grundschulbezirk": gsb,
                    "geschlecht": sex,
                    "familiensprache": "deutsch",
                    "migrationshintergrund": "ohne",
                    "leistungsbezug": "nein",
                }
            )
    return pd.DataFrame(out)


def random_city(seed: int, persons: int = 400, table: str = "T", kind: str = "verteilung"):
    """A small city whose statistical districts and catchments cut across each other."""
    rng = np.random.default_rng(seed)
    sb = rng.integers(0, 2, persons)
    stb = sb * 3 + rng.integers(0, 3, persons)
    # catchments straddle the statistical districts (and the city districts)
    gsb = (stb + rng.integers(0, 2, persons)) % 5
    sr = rng.integers(0, 4, persons)
    cats = rng.choice(["a", "b", "c", "d"], persons, p=[0.55, 0.3, 0.12, 0.03])
    return pd.DataFrame(
        {
            "unit": "U",
            "year": 2020,
            "table": table,
            "kind": kind,
            "person": [f"p{i}" for i in range(persons)],
            "category": cats,
            "counted": rng.random(persons) < 0.7,
            "stadtbezirk": [f"B{x}" for x in sb],
            "statistischer_bezirk": [f"S{x}" for x in stb],
            "sozialraum": [f"R{x}" for x in sr],
            "grundschulbezirk": [f"G{x}" for x in gsb],
            "geschlecht": rng.choice(["maennlich", "weiblich"], persons),
            "familiensprache": rng.choice(["deutsch", "nichtdeutsch"], persons, p=[0.7, 0.3]),
            "migrationshintergrund": rng.choice(["mit", "ohne"], persons, p=[0.4, 0.6]),
            "leistungsbezug": rng.choice(["ja", "nein"], persons, p=[0.2, 0.8]),
        }
    )


def three_years(persons: int = 250) -> pd.DataFrame:
    """Three audit units (one random city per year), for the worker-process tests."""
    frames = []
    for seed, year in ((0, 2020), (1, 2021), (2, 2022)):
        frame = random_city(seed, persons=persons)
        frame["year"] = year
        frame["person"] = frame["person"] + f"-{year}"
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)
