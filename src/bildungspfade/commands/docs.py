"""`bildungspfade docs`: the dbt documentation of the built warehouse as one HTML page.

`dbt docs generate --static` writes a self-contained `static_index.html` (manifest and catalog
inlined), so analysts open it from a file share without `dbt docs serve`. It goes beside the
published copy by default, next to the report. The page holds metadata only (SQL, column
names, types and descriptions, lineage), never rows: dbt-duckdb's catalog has no table
statistics. It is a snapshot: run the command again after a run changes the models.

The catalog is read from the warehouse itself, so the marts must have been built (`bildungspfade
run`) and no build may hold the file open for writing meanwhile (DuckDB allows one writer).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
DEFAULT_NAME = "dbt_docs.html"
# The page lands in the folder everyone may read, and the compiled SQL of every model that
# derives the person key would carry the salt (macro person_key); a placeholder takes its place.
SALT_PLACEHOLDER = "<salt: see bp:identity:salt>"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--warehouse", help="DuckDB file (default: $BILDUNGSPFADE_WAREHOUSE)")
    parser.add_argument(
        "--out", help=f"HTML file (default: {DEFAULT_NAME} in the published copy's folder)"
    )


@dataclass(frozen=True)
class DocsSummary:
    path: Path
    bytes: int
    models: int
    models_in_warehouse: int  # models the catalog found as relations


class DocsError(Exception):
    pass


def generate_docs(warehouse: Path, out: Path) -> DocsSummary:
    """Generate the static docs page for `warehouse` and write it atomically to `out`."""
    from bildungspfade.settings import PROJECT_ROOT, dbt_environment, dbt_executable

    if not warehouse.is_file():
        raise DocsError(f"warehouse {warehouse} does not exist: run `bildungspfade run` first")
    with tempfile.TemporaryDirectory(prefix="bildungspfade-docs-") as tmp:
        target = Path(tmp) / "target"
        proc = subprocess.run(
            [
                dbt_executable(),
                "docs",
                "generate",
                "--static",
                "--vars",
                json.dumps({"bp:identity:salt": SALT_PLACEHOLDER}),
                "--project-dir",
                str(PROJECT_ROOT),
                "--profiles-dir",
                str(PROJECT_ROOT),
                "--target-path",
                str(target),
                "--log-path",
                str(Path(tmp) / "logs"),
            ],
            cwd=PROJECT_ROOT,
            env={**os.environ, **dbt_environment(warehouse)},
            capture_output=True,
            text=True,
        )
        page = target / "static_index.html"
        if proc.returncode != 0 or not page.is_file():
            tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
            raise DocsError(f"dbt docs generate failed (exit {proc.returncode}):\n{tail}")
        manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
        catalog = json.loads((target / "catalog.json").read_text(encoding="utf-8"))
        out.parent.mkdir(parents=True, exist_ok=True)
        # readers of the shared folder never see half a page
        partial = out.with_name(f".{out.name}.{os.getpid()}.tmp")
        partial.write_bytes(page.read_bytes())
        os.replace(partial, out)
    models = {k for k, n in manifest["nodes"].items() if n["resource_type"] == "model"}
    return DocsSummary(
        path=out.resolve(),
        bytes=out.stat().st_size,
        models=len(models),
        models_in_warehouse=len(models & set(catalog["nodes"])),
    )


def run(args: argparse.Namespace) -> int:
    from bildungspfade.settings import load_settings

    settings = load_settings(warehouse=args.warehouse)
    out = Path(args.out) if args.out else settings.published / DEFAULT_NAME
    try:
        summary = generate_docs(settings.warehouse, out)
    except DocsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE if not settings.warehouse.is_file() else EXIT_FAILED
    print(
        f"dbt docs written: {summary.path} ({summary.bytes / 1024:.0f} KiB; "
        f"{summary.models} models, {summary.models_in_warehouse} found in {settings.warehouse})"
    )
    if summary.models_in_warehouse < summary.models:
        print(
            "note: models not found in the warehouse show no column types; "
            "run `bildungspfade run` to build them",
            file=sys.stderr,
        )
    return EXIT_OK
