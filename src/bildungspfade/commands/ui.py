"""`bildungspfade ui`: the Dagster UI (webserver and daemon) on the persistent instance that
`bildungspfade run` records into, so the UI shows the runs, materialisations, partitions and
check results of the CLI, and the sensor and schedules run (bildungspfade/defs/).

The instance is `dagster/` beside the warehouse (`data/dagster`), or DAGSTER_HOME; the code
location is called `bildungspfade`, as the project's `[tool.dg.project]` names it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

LOCATION_NAME = "bildungspfade"
WORKSPACE = f"""\
# written by `bildungspfade ui`: the one code location of the project
load_from:
  - python_module:
      module_name: bildungspfade.definitions
      location_name: {LOCATION_NAME}
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=3000, help="web port (default 3000)")
    parser.add_argument("--warehouse", help="DuckDB file (default: $BILDUNGSPFADE_WAREHOUSE)")
    parser.add_argument("--landing", help="landing folder the sensor watches")


def command(settings, port: int) -> tuple[list[str], dict[str, str]]:
    """The `dagster dev` command line and its environment for these settings."""
    from bildungspfade.instance import prepare_home

    home = prepare_home(settings.dagster_home)
    workspace = home / "workspace.yaml"
    workspace.write_text(WORKSPACE, encoding="utf-8")
    dagster = Path(sys.executable).with_name("dagster")
    env = {**os.environ, **settings.environment(), "DAGSTER_HOME": str(home)}
    return [str(dagster), "dev", "-w", str(workspace), "-p", str(port)], env


def run(args: argparse.Namespace) -> int:
    from bildungspfade.settings import load_settings

    settings = load_settings(warehouse=args.warehouse, landing=args.landing)
    argv, env = command(settings, args.port)
    print(
        f"Dagster UI: http://localhost:{args.port} (instance {env['DAGSTER_HOME']}, "
        f"warehouse {settings.warehouse}); Ctrl-C stops it",
        flush=True,
    )
    try:
        return subprocess.call(argv, env=env)
    except KeyboardInterrupt:
        return 0
