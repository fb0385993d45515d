"""Time the Great Expectations runner on schueler-shaped deliveries.

    .venv/bin/python benchmarks/bench_quality.py [--repeat 3]

Prints the one-time setup (importing GX, creating the ephemeral context, parsing the suite) and,
per frame size, the median time of validate_delivery after setup. The frames are synthetic:
valid codes drawn from spec.py with about 1 % of bad values and a few duplicates, as real
deliveries have.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import time

import numpy as np
import pandas as pd

SIZES = (3_000, 30_000, 100_000, 250_000)  # the last one exceeds CHUNK_SIZE: chunked path


def schueler_frame(n: int, seed: int = 7) -> pd.DataFrame:
    from bildungspfade.spec import DATASETS

    rng = np.random.default_rng(seed)
    cols: dict[str, np.ndarray] = {}
    for col in DATASETS["schueler"].columns:
        if col.kind == "pid":
            values = np.array([hashlib.sha256(str(i).encode()).hexdigest() for i in range(n)])
        elif col.kind == "month":
            values = np.array(
                [
                    f"{y}-{m:02d}"
                    for y, m in zip(
                        rng.integers(2003, 2016, n), rng.integers(1, 13, n), strict=True
                    )
                ]
            )
        elif col.kind == "clk":
            values = np.full(n, "A" * 171 + "=")
        elif col.kind == "code":
            values = rng.choice(np.array(col.codes, dtype=object), n)
        elif col.kind == "int":
            values = rng.integers(col.low, col.high + 1, n).astype(str)
        elif col.name == "schulnr":
            values = rng.choice([f"{100000 + i}" for i in range(120)], n)
        elif col.name == "staatsangehoerigkeit":
            values = rng.choice(np.array(["DEU", "TUR", "SYR", "POL", "UKR"]), n)
        else:  # wohn_baublock
            values = rng.choice([f"{1000000 + i}" for i in range(1500)], n)
        values = values.astype(object)
        if col.nullable:
            values[rng.random(n) < 0.05] = None
        cols[col.name] = values
    frame = pd.DataFrame(cols)
    bad = rng.random(n) < 0.01
    frame.loc[bad, "geschlecht"] = "?"
    return pd.concat([frame, frame.iloc[: n // 400]], ignore_index=True)  # 0.25 % doubled


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    from bildungspfade.quality import engine, validate_delivery
    from bildungspfade.quality.store import load_suite

    imported = time.perf_counter()
    engine.batch_definition()
    load_suite("schueler")
    validate_delivery("schueler", schueler_frame(100), None)  # warm GX's registries once
    ready = time.perf_counter()
    print(
        f"setup: import {imported - started:.2f} s, context + suite + first run "
        f"{ready - imported:.2f} s (once per process)"
    )

    for n in SIZES:
        frame = schueler_frame(n)
        times, cpu = [], []
        for _ in range(args.repeat):
            t, c = time.perf_counter(), time.process_time()
            outcomes = validate_delivery("schueler", frame, previous_rows=n)
            times.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
        failed = sum(not o["success"] for o in outcomes)
        # CPU time as well: on a shared machine wall time includes waiting for a core.
        print(
            f"{len(frame):>8,} rows: {statistics.median(times):6.3f} s wall, "
            f"{statistics.median(cpu):6.3f} s CPU, median of {args.repeat} "
            f"({len(outcomes)} expectations, {failed} failed)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
