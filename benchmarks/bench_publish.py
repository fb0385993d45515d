"""Time publishing: the disclosure-controlled marts, the published copy, every export that
`bildungspfade export --list` names, and the report.

    .venv/bin/python benchmarks/bench_publish.py [--warehouse FILE] [--published FILE] [--out DIR]

With --warehouse (a built warehouse, e.g. musterstadt after `make demo`; it is rebuilt in
place, so do not point it at a warehouse an analyst relies on while it runs) it first rebuilds
the indicator marts and the published schema (`dbt run` of models/marts/indicators and
models/published: cases, disclosure control and its LP audit, published tables), then writes
the read-only copy (DuckDB and Parquet) and times each. Then it reads the published DuckDB
(default: the read-only copy beside the warehouse) and prints, per export, rows, wall time and
the size of the files (CSV and XLSX), then the report's time and size, then the total. Writes
exports into a temporary folder unless --out names one.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _items(published: Path):
    from bildungspfade.exports import Request, list_available

    for item in list_available(published):
        flag, name = item.option.split(" ", 1)
        yield item.option, Request(table=name) if flag == "--table" else Request(indicator=name)


def _publishing_layer(warehouse: Path) -> None:
    """Rebuild the disclosure-controlled marts and write the read-only copy, timing each."""
    from bildungspfade.publish import publish_copy, published_file
    from bildungspfade.settings import load_settings

    settings = load_settings(warehouse=str(warehouse))
    env = {**os.environ, "BILDUNGSPFADE_WAREHOUSE": str(settings.warehouse)}
    dbt = Path(sys.executable).parent / "dbt"
    start = time.perf_counter()
    subprocess.run(
        [str(dbt), "run", "--select", "path:models/marts/indicators", "path:models/published"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    label = "indicator marts and published schema (dbt run)"
    print(f"{label:<58} {time.perf_counter() - start:>17.1f} s")
    start = time.perf_counter()
    copied = publish_copy(
        settings.warehouse, published_file(settings.warehouse, settings.published)
    )
    print(
        f"{'published copy (DuckDB + Parquet), ' + str(len(copied)) + ' tables':<58} "
        f"{time.perf_counter() - start:>17.1f} s"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", help="rebuild the publishing marts of this warehouse first")
    parser.add_argument("--published", help="published DuckDB (default: the read-only copy)")
    parser.add_argument("--out", help="folder for the files (default: a temporary folder)")
    args = parser.parse_args()

    from bildungspfade.exports import PublishError, export
    from bildungspfade.publish.read import resolve
    from bildungspfade.report import write_report

    if args.warehouse:
        _publishing_layer(Path(args.warehouse))
    published = resolve(args.published)
    print(f"published: {published} ({published.stat().st_size / 2**20:.1f} MiB)")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(args.out or tmp)
        total = 0.0
        print(f"{'export':<58} {'rows':>8} {'seconds':>8} {'KiB':>8}")
        for option, request in _items(published):
            start = time.perf_counter()
            try:
                result = export(request, out, "both", published)
            except PublishError as exc:  # e.g. an indicator without published rows
                print(f"{option:<58} skipped: {exc.message}")
                continue
            seconds = time.perf_counter() - start
            total += seconds
            size = sum(p.stat().st_size for p in result.files) / 1024
            print(f"{option:<58} {len(result.selection.rows):>8} {seconds:>8.2f} {size:>8.0f}")
        start = time.perf_counter()
        summary = write_report(published, out / "bildungsbericht.html")
        seconds = time.perf_counter() - start
        total += seconds
        print(
            f"{'report (bildungsbericht.html)':<58} {'':>8} {seconds:>8.2f} "
            f"{summary.bytes / 1024:>8.0f}"
        )
        print(f"{'total':<58} {'':>8} {total:>8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
