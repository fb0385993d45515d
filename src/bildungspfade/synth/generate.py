"""Generate a municipality's delivery history and its ground truth.

Layout under --out: `landing/` (exactly what the agencies deliver, see ../shared/extracts.md)
and `truth/` (what really happened; never read by the warehouse).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from ..spec import DATASETS, PERSON_DATASETS, file_name
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
from .writer import arrow_rows, column_order, encode_rows, open_sink


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
    # Berufskolleg: the demo's rejected delivery (config.DEMO_FAULTS) leaves the calibration
    # meaningful, which judges Kita, school entry, grade 5 and leavers, none of them from it
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


@dataclass(frozen=True)
class SinkSpec:
    """One delivery file to write: what goes in it and where."""

    dataset: str
    year: int
    lieferung: int
    fmt: str
    columns: tuple[str, ...]

    @property
    def key(self) -> str:
        return f"{self.dataset}_{self.year}_L{self.lieferung}"

    @property
    def stichtag(self) -> date:
        return reference_date(self.dataset, self.year)

    def relative_path(self) -> str:
        ext = "parquet" if self.fmt == "parquet" else "csv"
        return f"{self.dataset}/{file_name(self.dataset, self.stichtag, self.lieferung, ext)}"


@dataclass
class World:
    """What every chunk shares: set once in the parent, inherited by forked workers."""

    cfg: SynthConfig
    geo: object
    entries: object
    chunks: list[np.ndarray]
    specs: list[SinkSpec]
    file_faults: FileFaults
    parts: Path
    truth: Path


_WORLD: World | None = None


def plan_sinks(cfg: SynthConfig, file_faults: FileFaults) -> list[SinkSpec]:
    specs = []
    for dataset in PERSON_DATASETS:
        for year in cfg.years:
            if (dataset, year) in file_faults.missing:
                continue
            parquet = (
                dataset in ("bevoelkerung", "bewegungen")
                and cfg.parquet_from
                and year >= cfg.parquet_from
            )
            mc = file_faults.missing_column
            drop = mc[2] if mc and (mc[0], mc[1]) == (dataset, year) else None
            cols = tuple(column_order(dataset, cfg.with_clk, drop))
            for lf in (1, 2) if (dataset, year) in file_faults.corrected else (1,):
                specs.append(SinkSpec(dataset, year, lf, "parquet" if parquet else "csv", cols))
    return specs


def generate(
    cfg: SynthConfig, out: Path, progress: Progress | None = None, workers: int | None = None
) -> dict:
    """Write the delivery history and its truth. Chunks of persons are simulated in up to
    `workers` processes (default: one per core, at most two); each writes part files that are
    joined here in chunk order, so the result does not depend on the number of workers."""
    global _WORLD
    progress = progress or Progress()
    landing, truth = out / "landing", out / "truth"
    parts = out / ".parts"
    for folder in (landing, truth, parts):
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
    geo = build_geography(np.random.default_rng([cfg.seed, 0]), cfg.factor)
    entries = build_entries(
        np.random.default_rng([cfg.seed, 1]), cfg.factor, cfg.first_year, cfg.last_year
    )
    order = np.random.default_rng([cfg.seed, 2]).permutation(len(entries))
    n_chunks = max(1, int(np.ceil(len(entries) / cfg.chunk_persons)))
    chunks = [np.sort(c) for c in np.array_split(order, n_chunks)]
    file_faults = plan_file_faults(cfg)
    specs = plan_sinks(cfg, file_faults)
    progress(
        f"{cfg.preset} ×{cfg.scale:g}: {len(entries):,} persons ever in view in {n_chunks} "
        f"chunk(s), {geo.n_blocks:,} blocks, {len(geo.schools.number)} schools, "
        f"{len(geo.kitas.number)} Kitas, years {cfg.first_year}–{cfg.last_year}"
    )
    _WORLD = World(cfg, geo, entries, chunks, specs, file_faults, parts, truth)
    sinks = {
        s.key: open_sink(landing, s.dataset, s.stichtag, s.lieferung, s.fmt, list(s.columns))
        for s in specs
    }
    workers = min(workers or min(2, os.cpu_count() or 1), n_chunks)
    rows_written = 0
    try:
        if workers > 1:
            ctx = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(workers, mp_context=ctx) as pool:
                for done in pool.map(simulate_chunk, range(n_chunks)):
                    rows_written += _merge_chunk(done, sinks, truth)
                    progress(
                        f"chunk {done['chunk'] + 1}/{n_chunks} written "
                        f"({rows_written:,} rows so far)"
                    )
        else:
            for ci in range(n_chunks):
                done = simulate_chunk(ci)
                rows_written += _merge_chunk(done, sinks, truth)
                progress(f"chunk {ci + 1}/{n_chunks} written ({rows_written:,} rows so far)")
    finally:
        _WORLD = None
        shutil.rmtree(parts, ignore_errors=True)

    notes = {}
    for s in specs:
        trunc = file_faults.truncated == (s.dataset, s.year)
        notes[s.relative_path()] = sinks[s.key].close(truncate=trunc)
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


def simulate_chunk(ci: int) -> dict:
    """Simulate one chunk of persons and write its part of every delivery and of the truth.
    Row numbers in the truth records are local to the chunk until the parent merges."""
    w = _WORLD
    cfg, geo = w.cfg, w.geo
    ids = w.chunks[ci]
    rng = np.random.default_rng([cfg.seed, 10, ci])
    p = build_persons(rng, geo, w.entries.take(ids), 0, cfg.first_year, cfg.last_year)
    p.person_id = ids.astype(np.int64) + 1  # global ids independent of chunking
    e = simulate_early(rng, p, geo)
    c = simulate_school(rng, p, e, geo, cfg.first_year, cfg.last_year)
    a = simulate_after_school(rng, p, c, geo)
    b = simulate_benefit(rng, p, cfg.first_year, cfg.last_year)
    lives = Lives(p, e, c, a, b, geo)
    office = TrustOffice(cfg.seed, p.person_id, p.birth, p.sex, p.mig, p.nationality)
    folder = w.parts / f"{ci:05d}"
    folder.mkdir(parents=True)
    rows: dict[str, int] = {}
    rec_parts = []
    for s in w.specs:
        if s.dataset == "sgb2":
            table = sgb2(lives, s.year, np.random.default_rng([cfg.seed, 20, ci, s.year]))
        else:
            table = BUILDERS[s.dataset](lives, s.year)
        if not len(table["_row"]):
            continue
        faulted = apply_faults(
            table,
            s.dataset,
            s.stichtag.toordinal(),
            office,
            cfg.faults,
            cfg.seed,
            geo.kitas.number,
            cfg.with_clk,
        )
        keep = _redelivery_filter(s.dataset, s.lieferung, s.year, faulted, w.file_faults, geo)
        t = {k: v[keep] for k, v in faulted.table.items()}
        k = int(keep.sum())
        if not k:
            continue
        rows[s.key] = k
        if s.fmt == "parquet":
            pq.write_table(arrow_rows(s.dataset, list(s.columns), t), folder / s.key)
        else:
            (folder / s.key).write_bytes(encode_rows(s.dataset, list(s.columns), t))
        rec_parts.append(
            pa.table(
                {
                    "file": pa.repeat(s.relative_path(), k),
                    "dataset": pa.repeat(s.dataset, k),
                    "stichtag": pa.repeat(s.stichtag.isoformat(), k),
                    "lieferung": pa.repeat(pa.scalar(s.lieferung, pa.int32()), k),
                    "row_number": pa.array(np.arange(1, k + 1, dtype=np.int64)),
                    "person_id": pa.array(p.person_id[faulted.person_row[keep]]),
                    "pid_variant": pa.array(faulted.variant[keep].astype(np.int32)),
                    "pid_delivered": pa.array(t["pid"]),
                    "faults": pa.array(faulted.fault[keep]),
                }
            )
        )
    for name, table in (
        ("records", pa.concat_tables(rec_parts) if rec_parts else None),
        ("persons", person_truth(lives, office)),
        ("person_years", person_year_truth(lives, cfg.first_year, cfg.last_year)),
    ):
        if table is not None:
            path = w.truth / name / f"part-{ci:04d}.parquet"
            path.parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(table, path, compression="zstd")
    return {"chunk": ci, "rows": rows, "folder": str(folder)}


def _merge_chunk(done: dict, sinks: dict, truth: Path) -> int:
    """Append a chunk's parts to the delivery files in order; make its truth row numbers
    global (offset by the rows earlier chunks wrote to the same file)."""
    folder = Path(done["folder"])
    offsets = {}
    for key, n in done["rows"].items():
        sink = sinks[key]
        offsets[str(sink.path.relative_to(sink.path.parent.parent))] = sink.rows
        part = folder / key
        if sink.fmt == "parquet":
            sink.append_arrow(pq.read_table(part))
        else:
            sink.append_encoded(part.read_bytes(), n)
    shutil.rmtree(folder)
    records = truth / "records" / f"part-{done['chunk']:04d}.parquet"
    if any(offsets.values()) and records.exists():
        table = pq.read_table(records)
        files = table.column("file").to_numpy(zero_copy_only=False)
        names = np.array(sorted(offsets))
        shift = np.array([offsets[n] for n in names], dtype=np.int64)
        add = shift[np.searchsorted(names, files)]
        numbers = table.column("row_number").to_numpy() + add
        table = table.set_column(
            table.schema.get_field_index("row_number"), "row_number", pa.array(numbers)
        )
        pq.write_table(table, records, compression="zstd")
    return sum(done["rows"].values())


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
