"""Benchmark ingestion: throughput (rows per second) and the share of time in validation.

    .venv/bin/python benchmarks/bench_ingest.py                    # musterstadt, 2005-2024
    .venv/bin/python benchmarks/bench_ingest.py --scale 3 --years 2020-2024

Generates the synthetic deliveries (or reuses --landing), loads every file with the real
engine and the real expectation suites into a fresh DuckDB file, and prints the totals. The
aim (issue 3): validation under a quarter of ingest time.
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import duckdb

from bildungspfade.ingest import ingest_all
from bildungspfade.quality import validate_delivery
from bildungspfade.synth.config import SynthConfig
from bildungspfade.synth.generate import Progress, generate


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--landing", type=Path, help="an existing landing folder")
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--years", default="2005-2024")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    landing = args.landing
    if landing is None:
        first, last = (int(x) for x in args.years.split("-"))
        generate(
            SynthConfig(scale=args.scale, first_year=first, last_year=last),
            work / "synth",
            Progress(quiet=True),
        )
        landing = work / "synth" / "landing"
    validate_delivery("seu", __import__("pandas").DataFrame({"pid": []}), None)  # warm GX up
    con = duckdb.connect(str(work / "warehouse.duckdb"))
    t0 = time.perf_counter()
    results = ingest_all(con, landing, validator=validate_delivery)
    wall = time.perf_counter() - t0
    con.close()
    per_dataset: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for r in results:
        d = per_dataset[r.dataset or "?"]
        d["files"] += 1
        d["rows_in"] += r.rows_in or 0
        d["seconds"] += r.seconds or 0
        d["validation_seconds"] += r.validation_seconds or 0
    rows = sum(d["rows_in"] for d in per_dataset.values())
    validation = sum(d["validation_seconds"] for d in per_dataset.values())
    report = {
        "landing": str(landing),
        "files": len(results),
        "rows_in": int(rows),
        "wall_s": round(wall, 1),
        "rows_per_s": round(rows / wall),
        "validation_s": round(validation, 1),
        "validation_share": round(validation / wall, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "per_dataset": {
            k: {kk: round(vv, 2) for kk, vv in v.items()} for k, v in sorted(per_dataset.items())
        },
    }
    print(json.dumps(report, indent=1))
    verdict = "within" if report["validation_share"] <= 0.25 else "OVER"
    print(
        f"ingest {report['rows_per_s']:,} rows/s; validation {report['validation_share']:.0%} "
        f"of ingest time (aim: under 25 %): {verdict}"
    )


if __name__ == "__main__":
    main()
