"""Time publishing: every export that `bildungspfade export --list` names, and the report.

    .venv/bin/python benchmarks/bench_publish.py [--published FILE] [--out DIR]

Reads the given published DuckDB (default: the read-only copy beside the warehouse, i.e.
musterstadt after `make demo`). Prints, per export, rows, wall time and the size of the files
(CSV and XLSX), then the report's time and size, then the total. Writes into a temporary folder
unless --out names one.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path


def _items(published: Path):
    from bildungspfade.exports import Request, list_available

    for item in list_available(published):
        flag, name = item.option.split(" ", 1)
        yield item.option, Request(table=name) if flag == "--table" else Request(indicator=name)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--published", help="published DuckDB (default: the read-only copy)")
    parser.add_argument("--out", help="folder for the files (default: a temporary folder)")
    args = parser.parse_args()

    from bildungspfade.exports import PublishError, export
    from bildungspfade.exports.published import resolve
    from bildungspfade.report import write_report

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
