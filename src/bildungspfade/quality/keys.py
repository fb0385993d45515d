"""The natural record key each suite checks for duplicates.

Directories use the spec's `key`. Person datasets are keyed by the pseudonym and the birth month
(the pseudonym alone collides when a trust-office input was wrong), plus what makes a second
record of the same person legitimate in that dataset: the institution where a child may attend
two (Kita, school), the event and its date for movements (a person may move twice a year).
"""

from __future__ import annotations

from bildungspfade.spec import DATASETS

_PERSON = ("pid", "geburtsmonat")

# Extra key columns per person dataset; a dataset not listed is keyed by pid + geburtsmonat.
_PERSON_EXTRA: dict[str, tuple[str, ...]] = {
    "bewegungen": ("ereignis", "datum"),
    "kita": ("einrichtung_nr",),
    "schueler": ("schulnr",),
    "abgaenge": ("schulnr",),
    "berufskolleg": ("schulnr",),
}


def record_key(dataset: str) -> tuple[str, ...]:
    ds = DATASETS[dataset]
    if not ds.person_level:
        return ds.key
    key = _PERSON + _PERSON_EXTRA.get(dataset, ())
    missing = [c for c in key if c not in ds.column_names]
    if missing:  # keeps this table honest when spec.py changes
        raise KeyError(f"record key of {dataset} names unknown columns {missing}")
    return key
