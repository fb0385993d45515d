"""The Dagster code location: everything under `defs/`, loaded the `dg` way.

`dg dev`, `dagster dev -m bildungspfade.definitions` and `bildungspfade run` all go through
`build_definitions`, so the UI and the CLI see the same assets, checks and jobs.
"""

from __future__ import annotations

from pathlib import Path

import dagster as dg


def build_definitions() -> dg.Definitions:
    return dg.load_from_defs_folder(path_within_project=Path(__file__).parent)


@dg.definitions
def defs() -> dg.Definitions:
    return build_definitions()
