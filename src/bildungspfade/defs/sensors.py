"""new_delivery_sensor: watch the landing folder, add Stichtage, request ingestion runs.

What is new is decided against `audit.deliveries` (path and SHA-256), read from a read-only
connection. DuckDB refuses that connection while a writer holds the file; the sensor then skips
the tick and says why, rather than guessing from an incomplete picture. The cursor only caches
file digests (keyed by path, size and mtime) so that unchanged history is not re-read each tick;
run keys derived from the digests keep a (dataset, Stichtag) from being requested twice.
"""

# No `from __future__ import annotations`: Dagster inspects the context annotations.

import hashlib
import json
from collections import defaultdict

import dagster as dg
import duckdb

from bildungspfade.defs.jobs import ingest_job_name, ingest_jobs
from bildungspfade.defs.partitions import STICHTAG_PARTITIONS, partitions_name
from bildungspfade.defs.resources import LandingResource, WarehouseResource
from bildungspfade.ingest import PendingFile, discover, hash_cache_key, known_files, pending_files


def _run_key(dataset: str, stichtag: str, files: list[PendingFile]) -> str:
    # The bytes, plus the state of any delivery note: a rejected file whose note was fixed
    # is worth another run, the same rejected file with the same note is not.
    parts = []
    for f in files:
        note = f.delivery.note
        stat = note.stat() if note is not None and note.exists() else None
        parts.append(f"{f.sha256}:{stat.st_size}:{stat.st_mtime_ns}" if stat else f.sha256)
    digest = hashlib.sha256("|".join(sorted(parts)).encode()).hexdigest()
    return f"{dataset}/{stichtag}/{digest[:16]}"


@dg.sensor(
    name="new_delivery_sensor",
    jobs=ingest_jobs,
    minimum_interval_seconds=60,
    description="Adds a partition per new Stichtag and requests a run per (dataset, Stichtag) "
    "with new or corrected files.",
    # on from the start: loading a delivery the day it lands is what a deployment wants
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def new_delivery_sensor(
    context: dg.SensorEvaluationContext, landing: LandingResource, warehouse: WarehouseResource
) -> dg.SensorResult | dg.SkipReason:
    cached: dict[str, str] = json.loads(context.cursor) if context.cursor else {}
    files = discover(landing.root)
    if not files:
        return dg.SkipReason(f"no deliveries in {landing.root}")

    known: set[tuple[str, str]] = set()
    if warehouse.exists():
        try:
            with warehouse.connect(read_only=True, wait_seconds=0) as con:
                known = known_files(con)
        except duckdb.Error as exc:
            return dg.SkipReason(
                f"warehouse {warehouse.path} cannot be opened read-only, most likely because a "
                f"run is writing to it; will look again next tick ({exc})"
            )

    pending = pending_files(landing.root, known, files=files, hashes=cached)
    cursor = {hash_cache_key(landing.root, p.delivery.path): p.sha256 for p in pending}
    for f in files:  # keep digests of known files too, dropping files that disappeared
        key = hash_cache_key(landing.root, f.path)
        if key in cached:
            cursor.setdefault(key, cached[key])

    by_partition: dict[tuple[str, str], list[PendingFile]] = defaultdict(list)
    for p in pending:
        by_partition[(p.delivery.dataset, p.partition_key)].append(p)

    new_keys: dict[str, set[str]] = defaultdict(set)
    for dataset, stichtag in by_partition:
        new_keys[dataset].add(stichtag)
    partition_requests = []
    for dataset, keys in sorted(new_keys.items()):
        existing = set(context.instance.get_dynamic_partitions(partitions_name(dataset)))
        missing = sorted(keys - existing)
        if missing:
            partition_requests.append(STICHTAG_PARTITIONS[dataset].build_add_request(missing))

    run_requests = [
        dg.RunRequest(
            job_name=ingest_job_name(dataset),
            partition_key=stichtag,
            run_key=_run_key(dataset, stichtag, group),
            tags={"bildungspfade/files": ",".join(p.delivery.name for p in group)[:4000]},
        )
        for (dataset, stichtag), group in sorted(by_partition.items())
    ]
    if not run_requests:
        return dg.SensorResult(skip_reason="no new or corrected files", cursor=json.dumps(cursor))
    context.log.info(
        f"{len(pending)} new file(s) in {len(run_requests)} (dataset, Stichtag) partition(s)"
    )
    return dg.SensorResult(
        run_requests=run_requests,
        dynamic_partitions_requests=partition_requests,
        cursor=json.dumps(cursor, sort_keys=True),
    )
