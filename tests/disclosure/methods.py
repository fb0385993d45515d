"""The published layer of a built warehouse under another disclosure method.

Copies the warehouse and runs only the disclosure models (fct_indicator_cells and what
reads it, pub_transition_tables, pub_pathways) with `bp:disclosure:method` set: the same
persons and cases, published by suppression or rounding instead of the default Cell Key
Method. Used by the risk tests and the published-layer tests of suppression.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DBT = Path(sys.executable).parent / "dbt"
DISCLOSURE_MODELS = ("fct_indicator_cells+", "pub_transition_tables", "pub_pathways")


def rebuild(warehouse: Path, method: str, work: Path) -> Path:
    """A copy of `warehouse` whose published layer uses `method`; returns its path."""
    work.mkdir(parents=True, exist_ok=True)
    copy = work / f"warehouse_{method}.duckdb"
    shutil.copyfile(warehouse, copy)
    proc = subprocess.run(
        [
            str(DBT),
            "run",
            "--select",
            *DISCLOSURE_MODELS,
            "--vars",
            f"{{'bp:disclosure:method': '{method}'}}",
            "--project-dir",
            str(PROJECT_ROOT),
            "--profiles-dir",
            str(PROJECT_ROOT),
            "--target-path",
            str(work / f"target_{method}"),
            "--log-path",
            str(work / f"logs_{method}"),
        ],
        cwd=PROJECT_ROOT,
        env={**os.environ, "BILDUNGSPFADE_WAREHOUSE": str(copy)},
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-5000:]
    return copy
