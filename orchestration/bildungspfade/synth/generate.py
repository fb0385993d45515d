"""Generate a municipality's delivery history and its ground truth.

Layout under --out: `landing/` (exactly what the agencies deliver, see ../shared/extracts.md)
and `truth/` (what really happened; never read by the warehouse).
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from ..spec import DATASETS, PERSON_DATASETS
from .after_school import simulate_after_school, simulate_benefit
from .config import SynthConfig
from .dates import day
from .directories import write_directories
from .early import simulate_early
from .faults import apply_faults
from .geography import build_geography
from .identity import TrustOffice
from .population import build_entries, build_persons
from .records import BUILDERS, Lives, sgb2
from .school import simulate_school
from .truth import person_truth, person_year_truth, write_aggregates
from .writer import Sink, column_order, open_sink


@dataclass
class FileFaults:
    missing: list[tuple[str, int]]
    corrected: list[tuple[str, int]]
    truncated: tuple[str, int] | None
    missing_column: tuple[str, int, str] | None


def plan_file_faults(cfg: SynthConfig) -> FileFaults:
    rng = np.random.default_rng([cfg.seed, 99])
    years = list(cfg.years)
    middle = years[1:-1] or years
    f = cfg.faults
    corrected = [
        (str(rng.choice(["schueler", "kita", "sgb2"])), int(rng.choice(middle)))
        for _ in range(f.corrected_redeliveries)
    ]
    missing = []
    for _ in range(f.missing_dataset_years):
        while True:
            pick = (str(rng.choice(["seu", "sgb2", "kita"])), int(rng.choice(middle)))
            if pick not in corrected and pick not in missing:
                missing.append(pick)
                break
    truncated = ("berufskolleg", int(rng.choice(middle))) if f.truncated_file else None
    missing_column = ("sgb2", int(rng.choice(middle)), "but_teilhabe") if f.missing_column else None
    return FileFaults(missing, corrected, truncated, missing_column)


class Progress:
    def __init__(self, quiet: bool = False):
        self.quiet = quiet
        self.t0 = time.perf_counter()

    def __call__(self, msg: str) -> None:
        if not self.quiet:
            print(
                f"[synth {time.perf_counter() - self.t0:7.1f}s] {msg}", file=sys.stderr, flush=True
            )


def reference_date(dataset: str, year: int) -> date:
    return DATASETS[dataset].reference_date(year)


def generate(cfg: SynthConfig, out: Path, progress: Progress | None = None) -> dict:
    progress = progress or Progress()
    landing, truth = out / "landing", out / "truth"
    for folder in (landing, truth):
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
    geo = build_geography(np.random.default_rng([cfg.seed, 0]), cfg.factor)
    entries = build_entries(
        np.random.default_rng([cfg.seed, 1]), cfg.factor, cfg.first_year, cfg.last_year
    )
    order = np.random.default_rng([cfg.seed, 2]).permutation(len(entries))
    file_faults = plan_file_faults(cfg)
    progress(
        f"{cfg.preset} ×{cfg.scale:g}: {len(entries):,} persons ever in view, "
        f"{geo.n_blocks:,} blocks, {len(geo.schools.number)} schools, "
        f"{len(geo.kitas.number)} Kitas, years {cfg.first_year}–{cfg.last_year}"
    )

    sinks: dict[tuple[str, int, int], Sink] = {}
    for dataset in PERSON_DATASETS:
        for year in cfg.years:
            if (dataset, year) in file_faults.missing:
                continue
            fmt = (
                "parquet"
                if (
                    dataset in ("bevoelkerung", "bewegungen")
                    and cfg.parquet_from
                    and year >= cfg.parquet_from
                )
                else "csv"
            )
            drop = None
            mc = file_faults.missing_column
            if mc and (mc[0], mc[1]) == (dataset, year):
                drop = mc[2]
            cols = column_order(dataset, cfg.with_clk, drop)
            stichtag = reference_date(dataset, year)
            lieferungen = (1, 2) if (dataset, year) in file_faults.corrected else (1,)
            for lf in lieferungen:
                sinks[(dataset, year, lf)] = open_sink(landing, dataset, stichtag, lf, fmt, cols)

    n_chunks = max(1, int(np.ceil(len(entries) / cfg.chunk_persons)))
    rows_written = 0
    for ci in range(n_chunks):
        sl = order[ci * cfg.chunk_persons : (ci + 1) * cfg.chunk_persons]
        sl = np.sort(sl)
        rng = np.random.default_rng([cfg.seed, 10, ci])
        chunk_entries = entries.take(sl)
        p = build_persons(
            rng, geo, chunk_entries, int(sl[0]) if len(sl) else 0, cfg.first_year, cfg.last_year
        )
        p.person_id = sl.astype(np.int64) + 1  # global ids independent of chunk size
        e = simulate_early(rng, p, geo)
        c = simulate_school(rng, p, e, geo, cfg.first_year, cfg.last_year)
        a = simulate_after_school(rng, p, c, geo)
        b = simulate_benefit(rng, p, cfg.first_year, cfg.last_year)
        lives = Lives(p, e, c, a, b, geo)
        office = TrustOffice(cfg.seed, p.person_id, p.birth, p.sex, p.mig, p.nationality)
        progress(f"chunk {ci + 1}/{n_chunks}: {len(p):,} lives simulated")
        rec_parts = []
        for (dataset, year, lf), sink in sinks.items():
            if dataset == "sgb2":
                table = sgb2(lives, year, np.random.default_rng([cfg.seed, 20, ci, year]))
            else:
                table = BUILDERS[dataset](lives, year)
            if not len(table["_row"]):
                continue
            faulted = apply_faults(
                table,
                dataset,
                sink.stichtag.toordinal(),
                office,
                cfg.faults,
                cfg.seed,
                geo.kitas.number,
                cfg.with_clk,
            )
            keep = _redelivery_filter(dataset, lf, year, faulted, file_faults, geo)
            t = {k: v[keep] for k, v in faulted.table.items()}
            start = sink.rows
            sink.append(t)
            k = int(keep.sum())
            rows_written += k
            rec_parts.append(
                pa.table(
                    {
                        "file": pa.array(np.full(k, str(sink.path.relative_to(landing)))),
                        "dataset": pa.array(np.full(k, dataset)),
                        "stichtag": pa.array(np.full(k, sink.stichtag.isoformat())),
                        "lieferung": pa.array(np.full(k, lf, dtype=np.int32)),
                        "row_number": pa.array(np.arange(start + 1, start + k + 1, dtype=np.int64)),
                        "person_id": pa.array(p.person_id[faulted.person_row[keep]]),
                        "pid_variant": pa.array(faulted.variant[keep].astype(np.int32)),
                        "pid_delivered": pa.array(t["pid"]),
                        "faults": pa.array(faulted.fault[keep]),
                    }
                )
            )
        if rec_parts:
            path = truth / "records" / f"part-{ci:04d}.parquet"
            path.parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(pa.concat_tables(rec_parts), path, compression="zstd")
        for name, table in (
            ("persons", person_truth(lives, office)),
            ("person_years", person_year_truth(lives, cfg.first_year, cfg.last_year)),
        ):
            path = truth / name / f"part-{ci:04d}.parquet"
            path.parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(table, path, compression="zstd")
        progress(
            f"chunk {ci + 1}/{n_chunks}: deliveries and truth written "
            f"({rows_written:,} rows so far)"
        )

    notes = {}
    for (dataset, year, _), sink in sinks.items():
        trunc = file_faults.truncated == (dataset, year)
        notes[str(sink.path.relative_to(landing))] = sink.close(truncate=trunc)
    dir_files = write_directories(landing, geo, cfg.first_year, cfg.last_year)
    progress(f"{len(sinks)} person-level files and {len(dir_files)} directory files written")
    write_aggregates(truth, cfg.first_year, cfg.last_year)
    manifest = {
        "config": {**asdict(cfg), "faults": asdict(cfg.faults)},
        "file_faults": {
            "missing_dataset_years": file_faults.missing,
            "corrected_redeliveries": file_faults.corrected,
            "truncated_file": file_faults.truncated,
            "missing_column": file_faults.missing_column,
        },
        "files": {k: {"zeilen": v["zeilen"], "sha256": v["sha256"]} for k, v in notes.items()},
        "directory_files": dir_files,
        "rows_written": rows_written,
        "persons": int(len(entries)),
    }
    (truth / "manifest.json").write_text(
        json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    progress(f"done: {rows_written:,} person-level rows, truth in {truth}")
    return manifest


def _redelivery_filter(dataset, lf, year, faulted, file_faults, geo) -> np.ndarray:
    """The first delivery of a corrected dataset-year lacks one institution's rows (a school
    or Kita that did not report in time); the _L2 is complete."""
    n = len(faulted.person_row)
    if lf != 1 or (dataset, year) not in file_faults.corrected:
        return np.ones(n, dtype=bool)
    t = faulted.table
    if "schulnr" in t and n:
        return t["schulnr"] != np.sort(np.unique(t["schulnr"]))[len(np.unique(t["schulnr"])) // 2]
    if "einrichtung_nr" in t and n:
        vals = np.unique(t["einrichtung_nr"][t["einrichtung_nr"] != ""])
        return t["einrichtung_nr"] != (vals[len(vals) // 2] if len(vals) else "-")
    return (np.arange(n) % 20) != 7


__all__ = ["generate", "day"]
