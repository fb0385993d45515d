"""Benchmark the synthetic municipality: wall time, rows written and peak memory.

    .venv/bin/python benchmarks/bench_synth.py                     # musterstadt, 2005-2024
    .venv/bin/python benchmarks/bench_synth.py --preset land --scale 0.1

Targets (issue 2): musterstadt over 20 years within 60 s on 2 cores; land within 30 minutes
and 8 GB. A run of `land` at a fraction of its scale projects the full run linearly (the
generator works in chunks of persons, so memory stays flat and time grows with persons).
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import tempfile
import time
from pathlib import Path

from bildungspfade.synth.config import PRESETS, SynthConfig
from bildungspfade.synth.generate import Progress, generate


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--preset", default="musterstadt", choices=sorted(PRESETS))
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--years", default="2005-2024")
    ap.add_argument("--out", type=Path, default=None, help="keep the output here")
    args = ap.parse_args()
    first, last = (int(x) for x in args.years.split("-"))
    cfg = SynthConfig(preset=args.preset, scale=args.scale, first_year=first, last_year=last)
    out = args.out or Path(tempfile.mkdtemp(prefix="bench-synth-"))
    t0 = time.perf_counter()
    manifest = generate(cfg, out, Progress(quiet=True))
    wall = time.perf_counter() - t0
    # chunks run in worker processes: the peak is the parent's plus both workers' at once
    main_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    cpu = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_s = sum(r.ru_utime + r.ru_stime for r in cpu)
    peak_mb = main_mb + 2 * worker_mb
    landing_mb = sum(p.stat().st_size for p in (out / "landing").rglob("*")) / 2**20
    result = {
        "preset": args.preset,
        "scale": args.scale,
        "years": args.years,
        "persons": manifest["persons"],
        "rows_written": manifest["rows_written"],
        "files": len(manifest["files"]) + len(manifest["directory_files"]),
        "landing_mb": round(landing_mb, 1),
        "wall_s": round(wall, 1),
        "rows_per_s": round(manifest["rows_written"] / wall),
        "cpu_s": round(cpu_s, 1),
        "peak_rss_main_mb": round(main_mb),
        "peak_rss_worker_mb": round(worker_mb),
        "peak_rss_total_mb_upper_bound": round(peak_mb),
    }
    full = PRESETS[args.preset]
    if args.scale != 1.0:
        result["projected_wall_s_at_scale_1"] = round(wall / args.scale, 1)
        result["projected_cpu_s_at_scale_1"] = round(cpu_s / args.scale, 1)
    print(json.dumps(result, indent=1))
    target = 60 if args.preset == "musterstadt" else 1800
    projected = result.get("projected_wall_s_at_scale_1", wall)
    verdict = "within" if projected <= target else "OVER"
    print(f"{args.preset} (factor {full:g}): {projected:.0f} s (target {target} s): {verdict}")
    if args.out is None:
        shutil.rmtree(out)


if __name__ == "__main__":
    main()
