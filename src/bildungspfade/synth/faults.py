"""Record-level faults of real deliveries: pseudonym errors, empty pseudonyms, duplicates, a
second Kita on the reference date, values outside their code lists, birth months after the
reference date. Each draw depends on (seed, dataset, date, record), not on chunking."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..spec import DATASETS
from .config import FaultRates
from .identity import AGENCIES, TrustOffice, pid_variants, unit

# the value an agency's system lets through when a field is out of range
OUT_OF_RANGE = {
    "bevoelkerung": ("geschlecht", "9"),
    "bewegungen": ("ereignis", "UMZ2"),
    "kita": ("betreuungszeit", "99"),
    "seu": ("sprachstand", "5"),
    "schueler": ("jahrgang", "14"),
    "abgaenge": ("abgang_art", "9"),
    "berufskolleg": ("bildungsgang", "Z-UNBEK"),
    "sgb2": ("monate_leistungsbezug", "13"),
}
FAULT_CODES = (
    "pid_variant",
    "pid_empty",
    "duplicate",
    "double_kita",
    "out_of_range",
    "birth_after_reference",
)


@dataclass
class FaultedRows:
    table: dict[str, np.ndarray]
    person_row: np.ndarray
    variant: np.ndarray
    fault: np.ndarray  # str: comma-joined fault codes, '' when clean


def apply_faults(
    table: dict[str, np.ndarray],
    dataset: str,
    stichtag_ord: int,
    office: TrustOffice,
    rates: FaultRates,
    seed: int,
    kitas: np.ndarray,
    with_clk: bool,
) -> FaultedRows:
    rows = table.pop("_row")
    n = len(rows)
    pid_ = office.person_id[rows]
    # a per-record salt that does not depend on chunking: person, dataset, date, occurrence
    occurrence = _occurrence(rows)
    salt = (pid_ * 131 + stichtag_ord * 17 + _ds_code(dataset)) * 7 + occurrence
    fault = np.full(n, "", dtype=object)

    def mark(mask, code):
        fault[mask] = np.where(fault[mask] == "", code, fault[mask] + "," + code)

    # second Kita on the reference date: an extra row with another Kita's number
    if dataset == "kita" and rates.double_kita > 0:
        extra = np.flatnonzero(
            (unit(salt + 11) < rates.double_kita) & (table["einrichtung_nr"] != "")
        )
        if len(extra):
            dup = {k: v[extra].copy() for k, v in table.items()}
            dup["einrichtung_nr"] = kitas[(splitmix_idx(salt[extra]) % len(kitas))]
            rows, salt, fault, table = _append(rows, salt, fault, table, extra, dup, 5)
            mark(np.arange(n, len(rows)), "double_kita")
            n = len(rows)

    agency = AGENCIES[DATASETS[dataset].stelle]
    variant = pid_variants(
        seed, office.person_id[rows], agency, salt, rates.pid_persistent, rates.pid_transient
    )
    mark(variant > 0, "pid_variant")
    table["pid"] = office.pids(rows, variant)
    if with_clk:
        table["namen_clk"] = office.clks(rows, variant).astype(str)
    empty = unit(salt + 3) < rates.pid_empty
    table["pid"] = np.where(empty, "", table["pid"])
    mark(empty, "pid_empty")

    if dataset in OUT_OF_RANGE and rates.out_of_range > 0:
        col, bad = OUT_OF_RANGE[dataset]
        hit = unit(salt + 5) < rates.out_of_range
        table[col] = np.where(hit, bad, table[col])
        mark(hit, "out_of_range")
    if rates.impossible_date > 0:
        hit = unit(salt + 7) < rates.impossible_date
        year, month = divmod(_month_index(stichtag_ord) + 1 + (salt % 6).astype(int), 12)
        later = np.char.add(
            np.char.add(year.astype(str), "-"), np.char.zfill((month + 1).astype(str), 2)
        )
        table["geburtsmonat"] = np.where(hit, later, table["geburtsmonat"])
        mark(hit, "birth_after_reference")

    # exact duplicates: the same row right after itself
    dup_idx = np.flatnonzero(unit(salt + 9) < rates.duplicate)
    if len(dup_idx):
        dup = {k: v[dup_idx] for k, v in table.items()}
        order = np.argsort(np.concatenate([np.arange(n), dup_idx]), kind="stable")
        table = {k: np.concatenate([table[k], dup[k]])[order] for k in table}
        rows = np.concatenate([rows, rows[dup_idx]])[order]
        variant = np.concatenate([variant, variant[dup_idx]])[order]
        f2 = fault[dup_idx].copy()
        f2 = np.where(f2 == "", "duplicate", f2 + ",duplicate")
        fault = np.concatenate([fault, f2])[order]
    return FaultedRows(table=table, person_row=rows, variant=variant, fault=fault.astype(str))


def _append(rows, salt, fault, table, idx, extra, salt_shift):
    table = {k: np.concatenate([v, extra[k]]) for k, v in table.items()}
    return (
        np.concatenate([rows, rows[idx]]),
        np.concatenate([salt, salt[idx] + salt_shift]),
        np.concatenate([fault, np.full(len(idx), "", dtype=object)]),
        table,
    )


def splitmix_idx(x: np.ndarray) -> np.ndarray:
    from .identity import splitmix

    return (splitmix(x) >> np.uint64(1)).astype(np.int64)


def _occurrence(rows: np.ndarray) -> np.ndarray:
    """0 for a person's first row in the table, 1 for the second, ..."""
    if not len(rows):
        return rows.astype(np.int64)
    order = np.argsort(rows, kind="stable")
    sr = rows[order]
    start = np.r_[True, sr[1:] != sr[:-1]]
    idx = np.arange(len(sr))
    first = np.maximum.accumulate(np.where(start, idx, 0))
    occ = np.empty(len(rows), dtype=np.int64)
    occ[order] = idx - first
    return occ


def _ds_code(dataset: str) -> int:
    return list(DATASETS).index(dataset) + 1


def _month_index(stichtag_ord: int) -> int:
    from datetime import date

    d = date.fromordinal(stichtag_ord)
    return d.year * 12 + d.month - 1
