"""Directory deliveries: full snapshots of the small-area geography, the Kita directory and the
school directory, each dated by the day a change takes effect and holding every validity
period known on that day."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import numpy as np

from .block_geometry import feature_collection
from .dates import OPEN_END, day, iso
from .geography import CATCHMENTS_FROM, GEO_START, SOZIALRAUM_REFORM, Geography, Institutions
from .records import fmt_date
from .writer import column_order, open_sink


def _snapshot_days(changes, first: int, last: int) -> list[int]:
    lo, hi = day(first, 1, 1), day(last, 12, 31)
    inner = sorted({int(c) for c in changes if lo < c <= hi})
    return [lo] + inner


def _write(landing: Path, dataset: str, snap: int, table: dict) -> str:
    d = date.fromordinal(date(1970, 1, 1).toordinal() + int(snap))
    sink = open_sink(landing, dataset, d, 1, "csv", column_order(dataset, False))
    sink.append(table)
    sink.close()
    return str(sink.path.relative_to(landing))


def _periods_table(valid_from, valid_to, snap, dataset):
    """Which periods a snapshot knows, and their end as known on that day."""
    known = valid_from <= snap
    ends = np.where((valid_to < snap) & (valid_to < OPEN_END), valid_to, -1)
    ab = fmt_date(valid_from[known], dataset)
    bis_days = ends[known]
    bis = np.where(bis_days >= 0, fmt_date(np.clip(bis_days, 0, None), dataset), "")
    return known, ab, bis


def write_directories(landing: Path, geo: Geography, first: int, last: int) -> list[str]:
    files = []
    # --- raumbezug: periods of every block, split where catchments or Sozialräume changed ----
    changes = np.array([CATCHMENTS_FROM, SOZIALRAUM_REFORM])
    rows_block, rows_from, rows_to = [], [], []
    for b in range(geo.n_blocks):
        start = max(int(geo.block_from[b]), GEO_START)
        cuts = [c for c in changes if c > start]
        bounds = [start] + cuts
        for i, s in enumerate(bounds):
            rows_block.append(b)
            rows_from.append(s)
            rows_to.append(bounds[i + 1] - 1 if i + 1 < len(bounds) else OPEN_END)
    blk = np.array(rows_block)
    vf, vt = np.array(rows_from, dtype=np.int64), np.array(rows_to, dtype=np.int64)
    catch = geo.schools.number[geo.catchment[blk]]
    snapshots = _snapshot_days(np.r_[changes, geo.block_from], first, last)
    for snap in snapshots:
        known, ab, bis = _periods_table(vf, vt, snap, "raumbezug")
        b = blk[known]
        soz = np.where(
            vf[known] >= SOZIALRAUM_REFORM,
            np.char.add("SR", np.char.zfill((geo.sozialraum_new[b] + 101).astype(str), 3)),
            np.char.add("SR", np.char.zfill((geo.sozialraum_old[b] + 1).astype(str), 3)),
        )
        files.append(
            _write(
                landing,
                "raumbezug",
                snap,
                {
                    "baublock": geo.block_code[b],
                    "statistischer_bezirk": np.char.zfill((geo.district[b] + 1).astype(str), 3),
                    "stadtbezirk": np.char.zfill((geo.city_district[b] + 1).astype(str), 2),
                    "sozialraum": soz,
                    "grundschulbezirk": np.where(
                        vf[known] >= CATCHMENTS_FROM, np.char.add("GSB-", catch[known]), ""
                    ),
                    "wahlbezirk": np.char.add(
                        "W", np.char.zfill((geo.polling[b] + 1).astype(str), 3)
                    ),
                    "gueltig_ab": ab,
                    "gueltig_bis": bis,
                },
            )
        )
    files.append(_write_geometry(landing, geo, snapshots[-1]))
    # --- schools and Kitas ---------------------------------------------------------------------
    for dataset, inst in (("schulen", geo.schools), ("einrichtungen", geo.kitas)):
        files.extend(_institutions(landing, dataset, inst, geo, first, last))
    return files


def _write_geometry(landing: Path, geo: Geography, snap: int) -> str:
    """The optional geometrie delivery: the blocks of the newest raumbezug snapshot, dated
    like it (the statistics office sends its geometry with the geography it belongs to)."""
    d = date.fromordinal(date(1970, 1, 1).toordinal() + int(snap))
    valid_from = [str(v) for v in iso(np.maximum(geo.block_from, GEO_START))]
    collection = feature_collection(geo, valid_from, snap)
    path = landing / "geometrie" / f"geometrie_{d.isoformat()}.geojson"
    path.parent.mkdir(parents=True, exist_ok=True)
    # one feature per line: readable, and diff-friendly for the office that keeps it
    features = ",\n".join(json.dumps(f, ensure_ascii=False) for f in collection["features"])
    head = {k: v for k, v in collection.items() if k != "features"}
    text = json.dumps(head, ensure_ascii=False)[:-1] + ', "features": [\n' + features + "\n]}\n"
    path.write_text(text, encoding="utf-8")
    return str(path.relative_to(landing))


def _institutions(
    landing: Path, dataset: str, inst: Institutions, geo: Geography, first: int, last: int
) -> list[str]:
    files = []
    changes = np.r_[inst.valid_from, inst.valid_to[inst.valid_to < OPEN_END] + 1]
    for snap in _snapshot_days(changes, first, last):
        known, ab, bis = _periods_table(inst.valid_from, inst.valid_to, snap, dataset)
        common = {
            "name": inst.name[known],
            "baublock": geo.block_code[inst.block[known]],
            "gueltig_ab": ab,
            "gueltig_bis": bis,
        }
        if dataset == "schulen":
            table = {
                "schulnr": inst.number[known],
                "schulform": inst.form[known],
                "traegerschaft": inst.carrier[known],
                **common,
            }
        else:
            table = {
                "einrichtung_nr": inst.number[known],
                "traeger": inst.carrier[known],
                "plaetze": inst.places[known].astype(str),
                **common,
            }
        files.append(_write(landing, dataset, snap, table))
    return files


__all__ = ["write_directories", "iso"]
