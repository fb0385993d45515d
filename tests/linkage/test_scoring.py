"""Scoring leaves nothing behind: its scratch connection is closed on every path, so DuckDB
removes the spill folder beside the warehouse."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from bildungspfade import scratch
from bildungspfade.linkage import score_pairs
from bildungspfade.settings import WAREHOUSE_ENV


def _fragments(persons: int) -> pd.DataFrame:
    """Pseudonyms of int_person_pseudonyms_profiled's shape, each cut into a register and a
    school part: the known matches splink learns m from."""
    rng = random.Random(7)
    rows = []
    for i in range(persons):
        month = pd.Timestamp(2010 + i % 4, 1 + i % 12, 1)
        block = f"{rng.randrange(40):07d}"
        school = f"1{rng.randrange(8):05d}"
        for part, datasets, extra in (
            ("statistikstelle", ["bevoelkerung"], {"blocks": [block]}),
            ("schulamt:odd", ["schueler"], {"schools": [school]}),
        ):
            rows.append(
                {
                    "pseudonym_key": f"p{i:04d}",
                    "part": part,
                    "birth_month": month,
                    "sex": rng.choice(["female", "male"]),
                    "delivery_ids": [f"{datasets[0]}2019"],
                    "datasets": datasets,
                    "dataset_years": [f"{datasets[0]}:2019"],
                    "first_year": 2019,
                    "last_year": 2019,
                    "record_count": 1,
                    "blocks": extra.get("blocks"),
                    "year_blocks": [f"2019:{b}" for b in extra.get("blocks", [])] or None,
                    "residence_years": [2019] if "blocks" in extra else None,
                    "schools": extra.get("schools"),
                    "school_steps": [f"2019:{school}:3"] if "schools" in extra else None,
                    "school_next_steps": [f"2020:{school}:4"] if "schools" in extra else None,
                    "kitas": None,
                    "move_in_dates": [f"2015-0{1 + i % 9}-01"] if "blocks" in extra else None,
                    "nationality": "DEU",
                    "has_migration_background": False,
                    "has_nongerman_family_language": None,
                }
            )
    return pd.DataFrame(rows)


@pytest.mark.parametrize("persons", [1, 120], ids=["one pseudonym", "scored"])
def test_scoring_closes_its_scratch_connection(persons, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv(WAREHOUSE_ENV, str(tmp_path / "wh.duckdb"))
    opened = []
    real_connect = scratch.connect

    def connect():
        con = real_connect()
        opened.append(con)
        return con

    monkeypatch.setattr(scratch, "connect", connect)
    pairs, _model = score_pairs(_fragments(persons))
    assert list(pairs.columns[:2]) == ["pseudonym_key_l", "pseudonym_key_r"]
    assert len(opened) == 1
    with pytest.raises(Exception, match="closed"):
        opened[0].execute("select 1")
    assert not list(tmp_path.glob("wh.duckdb.scratch-*"))
