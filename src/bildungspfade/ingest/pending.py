"""Which landed files the warehouse has not seen yet, shared by the sensor, the ingestion
assets and `bildungspfade run` so that all three agree on what "new" means.

A file is known when `audit.deliveries` holds its path with the same SHA-256: a corrected file
under an old name therefore counts as new, and ingestion decides whether its bytes are a
duplicate of another delivery.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import duckdb

from bildungspfade.ingest.landing import DeliveryFile, discover

_HASH_CHUNK = 1 << 20


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def relative_name(landing: Path, path: Path) -> str:
    """The path as audit.deliveries records it: relative to the landing folder, POSIX style."""
    return path.relative_to(landing).as_posix()


@dataclass(frozen=True)
class PendingFile:
    delivery: DeliveryFile
    source_file: str
    sha256: str

    @property
    def partition_key(self) -> str:
        return self.delivery.stichtag.isoformat()


def known_files(con: duckdb.DuckDBPyConnection, dataset: str | None = None) -> set[tuple[str, str]]:
    """(source_file, sha256) of every file recorded and not rejected; empty before the first
    load. Rejected files stay pending: ingestion looks at them again (a fixed delivery note
    makes them loadable) and records nothing new while they stay as they are."""
    exists = con.execute(
        "select count(*) from information_schema.tables "
        "where table_schema = 'audit' and table_name = 'deliveries'"
    ).fetchone()[0]
    if not exists:
        return set()
    sql = "select source_file, sha256 from audit.deliveries where status <> 'rejected'"
    params: list[str] = []
    if dataset is not None:
        sql += " and dataset = ?"
        params.append(dataset)
    return {(row[0], row[1]) for row in con.execute(sql, params).fetchall()}


def pending_files(
    landing: Path,
    known: set[tuple[str, str]],
    *,
    files: Iterable[DeliveryFile] | None = None,
    hashes: Mapping[str, str] | None = None,
) -> list[PendingFile]:
    """Landed files not in `known`, in (dataset, stichtag, lieferung) order.

    `hashes` maps a cache key (see `hash_cache_key`) to a digest computed earlier, so that a
    sensor ticking every 30 s does not re-read gigabytes of unchanged history.
    """
    landing = Path(landing)
    out = []
    for delivery in files if files is not None else discover(landing):
        rel = relative_name(landing, delivery.path)
        digest = (hashes or {}).get(hash_cache_key(landing, delivery.path))
        if digest is None:
            digest = sha256_of(delivery.path)
        if (rel, digest) not in known:
            out.append(PendingFile(delivery, rel, digest))
    return out


def hash_cache_key(landing: Path, path: Path) -> str:
    stat = path.stat()
    return f"{relative_name(landing, path)}|{stat.st_size}|{stat.st_mtime_ns}"
