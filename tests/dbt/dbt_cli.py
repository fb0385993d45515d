"""Run dbt on a project folder (the repository or a copy of it) into a scratch folder.

The structure tests parse or compile the project in a temporary target, with their own
warehouse file, logs and no partial parsing, so that nothing of a developer's build leaks in.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

DBT = Path(sys.executable).parent / "dbt"


def dbt_manifest(
    command: str,
    *args: str,
    project: Path,
    work: Path,
    env: dict[str, str] | None = None,
    timeout: int = 600,
) -> dict:
    """Run `dbt <command> <args>` on project, fail on any error, return the manifest."""
    target = work / "target"
    proc = subprocess.run(
        [
            str(DBT),
            command,
            *args,
            "--project-dir",
            str(project),
            "--profiles-dir",
            str(project),
            "--target-path",
            str(target),
            "--log-path",
            str(work / "logs"),
            "--no-partial-parse",
        ],
        cwd=project,
        env={
            **os.environ,
            "BILDUNGSPFADE_WAREHOUSE": str(work / "warehouse.duckdb"),
            **(env or {}),
        },
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-5000:]
    return json.loads((target / "manifest.json").read_text())
