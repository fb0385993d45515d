"""The record key of the Cell Key Method: one fixed number 0 .. 255 per person.

Derived, not drawn: record key = first byte of SHA-256(secret || person key), computed in
DuckDB (RECORD_KEY_SQL, the secret a bound parameter) and, for tests and benchmarks, in
Python (`record_keys`, the same bytes). A keyed hash behaves like a uniform random draw to
anyone without the secret, and it is the same in every run, every new delivery year and after
a full refresh or a rebuilt warehouse, with nothing to persist: a key table drawn once would
be lost with the warehouse file, and a redrawn key gives the same persons new noise, which an
attacker who kept the old tables could average away. The secret comes from the environment
(RECORD_KEY_SECRET_ENV), never from a dbt var: a var would be written into the compiled SQL,
the manifest and the dbt documentation page. Without it the public demo secret is used, which
a real municipality must replace (docs/disclosure.md). A person keeps its key as long as the
linkage keeps its person key.
"""

from __future__ import annotations

import hashlib
import os

import numpy as np

RECORD_KEY_SECRET_ENV = "BILDUNGSPFADE_RECORD_KEY_SECRET"
DEMO_SECRET = "bildungspfade-demo-record-keys"


def record_key_secret() -> bytes:
    return (os.environ.get(RECORD_KEY_SECRET_ENV) or DEMO_SECRET).encode("utf-8")


# The record key of column person_key of a relation; $secret is bound, never written into SQL.
RECORD_KEY_SQL = "cast(('0x' || left(sha256($secret || person_key), 2)) as integer)"


def record_keys(person_keys, secret: bytes) -> np.ndarray:
    """Record keys 0 .. 255 of the given person keys (text), as RECORD_KEY_SQL gives them."""
    return np.fromiter(
        (hashlib.sha256(secret + str(k).encode("utf-8")).digest()[0] for k in person_keys),
        dtype=np.int64,
        count=len(person_keys),
    )
